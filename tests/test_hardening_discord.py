"""reportbot under gateway and HTTP faults, and against permission bypasses, measured.

The real ``ReportBot`` runs in-process against the loopback Discord, which injects each fault
the way Discord produces it (``tests/discord_server/faults.py``) and records how discord.py
reacted. Every test asserts three things: the bot recovered (resumed, or identified anew),
the question asked around the fault got its answer — or, where Discord itself cannot deliver
it, that the loss is exactly the one expected and visible to the asker — and the next question
is answered. Tests on the ``newsroom`` fixture also end by checking that no Discord rule was
broken and nothing pinged anyone; the tests that measure a loss assert the exact violations.

Timeouts are generous (a busy machine; discord.py waits 5 s before identifying again and backs
off up to a few seconds after a refused connection); nothing sleeps, every wait is on an event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.discord.api_base import reset_api_base
from bot.discord.load import LoadGuard
from tests.discord_fixtures import (
    ANSWERED,
    PACK,
    Newsroom,
    all_text,
    assert_discord_manners,
    make_newsroom,
    newsroom_fixture,  # noqa: F401 - the `newsroom` fixture
)
from tests.discord_server import DiscordServer, EventKind, Message
from tests.discord_server.faults import (
    CREATE_MESSAGE,
    EDIT_ORIGINAL,
    INTERACTION_CALLBACK,
)
from tests.discord_server.harness import FakeClock
from tests.discord_server.interactions import InteractionType

STATEMENT = "The mayor said the library budget would be cut."
NEW_STATEMENT = "The mayor said the library budget would be cut by a large amount."
RECOVERY = 30.0  # seconds to recover from a gateway fault (milliseconds when all is well)
ANSWER = 15.0  # seconds for an answer that goes through a retry


class LogLine(logging.Handler):
    """Awaitable: set once a log record containing ``text`` is emitted."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.seen.set()

    async def wait(self, *, timeout: float) -> None:
        try:
            await asyncio.wait_for(self.seen.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"no log line containing {self.text!r} in {timeout}s") from None


def replies_to(question: Message):  # a predicate over messages
    return lambda m: m.reference is not None and int(m.reference["message_id"]) == question.id


async def ask_in_chat(room: Newsroom, text: str = ANSWERED) -> Message:
    """A member mentions the bot with a question in the newsroom channel."""
    server = room.server
    return await server.send_message(
        room.scene.member, room.channel, f"{server.bot_user.mention} {text}"
    )


async def chat_answer(room: Newsroom, question: Message, *, timeout: float = ANSWER) -> Message:
    reply = await room.server.wait_for_message(
        room.channel, predicate=replies_to(question), timeout=timeout
    )
    assert STATEMENT in all_text(reply)
    return reply


def replies_to_count(room: Newsroom, question: Message) -> int:
    return sum(1 for m in room.server.bot_messages() if replies_to(question)(m))


async def next_question_is_answered(room: Newsroom) -> None:
    """After the fault: a fresh /ask is answered within Discord's deadline."""
    handle = await room.server.invoke_command(
        room.scene.member, room.channel, "ask", {"question": ANSWERED}
    )
    response = await handle.wait_response(timeout=ANSWER)
    assert response.accepted and handle.response_latency is not None
    assert handle.response_latency < 3.0
    final = response if response.type == 4 else await handle.wait_final_original(timeout=ANSWER)
    assert STATEMENT in all_text(final)


# --------------------------------------------------------------------------- the gateway


@pytest.mark.parametrize("mode", ["hang", "refuse"])
async def test_questions_asked_while_the_socket_is_down_are_answered_after_resume(
    newsroom: Newsroom, mode: str
) -> None:
    """The socket drops and reconnections hang (or are refused with 503) for a while: what
    was asked meanwhile is replayed on RESUME and answered, once."""
    server = newsroom.server
    async with server.faults.gateway_outage(refuse=mode == "refuse") as fault:
        # The bot is trying to come back: its connection is held, or refused with 503.
        attempt = (
            EventKind.GATEWAY_CONNECTION_REFUSED
            if mode == "refuse"
            else EventKind.GATEWAY_CONNECTED
        )
        await server.wait_for_event(attempt, after=fault.event_index, timeout=RECOVERY)
        question = await ask_in_chat(newsroom)
        handle = None
        if mode == "hang":  # short enough for the 3 s deadline: reconnection is immediate
            handle = await server.invoke_command(
                newsroom.scene.member, newsroom.channel, "ask", {"question": ANSWERED}
            )
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.same_session
    assert recovery.replayed >= (2 if handle else 1)
    await chat_answer(newsroom, question)
    if handle is not None:
        response = await handle.wait_response(timeout=ANSWER)
        assert response.accepted and STATEMENT in all_text(response)
    await next_question_is_answered(newsroom)
    assert replies_to_count(newsroom, question) == 1
    assert server.faults.lost == []


@pytest.mark.parametrize("code", [4000, 1006, None], ids=["close-4000", "close-1006", "tcp-reset"])
async def test_a_question_sent_just_before_the_socket_dies_is_answered_once(
    newsroom: Newsroom, code: int | None
) -> None:
    server = newsroom.server
    question = await ask_in_chat(newsroom)
    fault = await server.faults.drop_gateway(code)
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed", server.faults.describe()
    await chat_answer(newsroom, question)
    await next_question_is_answered(newsroom)
    assert replies_to_count(newsroom, question) == 1  # replay never doubles an answer


async def test_invalid_session_resumable_and_reconnect_resume_with_the_question_in_between(
    newsroom: Newsroom,
) -> None:
    server = newsroom.server
    for inject in (
        lambda: server.faults.invalid_session(resumable=True),
        server.faults.request_reconnect,
    ):
        # Hold the reconnection so that the question lands between the fault and RESUME.
        async with server.faults.gateway_outage(drop=False):
            fault = await inject()
            question = await ask_in_chat(newsroom)
        recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
        assert recovery.how == "resumed" and recovery.same_session, fault.kind
        assert recovery.client_close_code == 4000
        await chat_answer(newsroom, question)
    await next_question_is_answered(newsroom)
    assert server.faults.lost == []


async def test_a_session_discord_ends_is_identified_anew_and_the_bot_answers(
    newsroom: Newsroom,
) -> None:
    """Close 4009 (session timed out): discord.py's RESUME is refused, it identifies again."""
    server = newsroom.server
    fault = await server.faults.drop_gateway(4009)
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.resume_refused == 1 and recovery.how == "identified"
    assert not recovery.same_session
    await next_question_is_answered(newsroom)
    question = await ask_in_chat(newsroom)
    await chat_answer(newsroom, question)


async def test_what_is_asked_between_a_non_resumable_invalid_session_and_ready_is_lost(
    newsroom: Newsroom,
) -> None:
    """Measured, not hidden: Discord drops a session's events once it invalidates it, so a
    chat question asked before the new READY never reaches the bot, and a slash command fails
    for its user with "The application did not respond". The server records both as lost."""
    server = newsroom.server
    async with server.faults.gateway_outage(drop=False):  # hold the gap open
        fault = await server.faults.invalid_session(resumable=False)
        question = await ask_in_chat(newsroom)
        handle = await server.invoke_command(
            newsroom.scene.member, newsroom.channel, "ask", {"question": ANSWERED}
        )
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "identified" and not recovery.same_session
    assert recovery.client_close_code == 1000
    assert [(lost.event, lost.data["id"]) for lost in server.faults.lost] == [
        ("MESSAGE_CREATE", str(question.id)),
        ("INTERACTION_CREATE", str(handle.id)),
    ]
    await next_question_is_answered(newsroom)
    assert replies_to_count(newsroom, question) == 0
    assert handle.attempts == []  # never delivered, so never answered


async def test_after_a_non_resumable_invalid_session_the_bot_identifies_and_answers(
    newsroom: Newsroom,
) -> None:
    """Without holding the gap: discord.py pauses (``before_identify_hook``) and identifies."""
    server = newsroom.server
    fault = await server.faults.invalid_session(resumable=False)
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "identified" and not recovery.same_session
    await next_question_is_answered(newsroom)
    question = await ask_in_chat(newsroom)
    await chat_answer(newsroom, question)


@pytest_asyncio.fixture
async def clocked_server() -> AsyncIterator[tuple[DiscordServer, FakeClock]]:
    """A server whose clock the test advances: an outage "lasts" as long as the test says."""
    clock = FakeClock()
    async with DiscordServer(clock=clock) as server:
        try:
            yield server, clock
        finally:
            reset_api_base()


async def test_a_slash_question_during_a_long_outage_is_lost_visibly_and_chat_is_not(
    clocked_server: tuple[DiscordServer, FakeClock], tmp_path: Path
) -> None:
    """An outage longer than Discord's 3 s: the replayed interaction is too old to answer
    (the asker saw "did not respond"); the chat question asked meanwhile is answered."""
    server, clock = clocked_server
    room, running = await make_newsroom(server, tmp_path)
    async with running:
        await room.bot.sync_commands()
        async with server.faults.gateway_outage() as fault:
            question = await ask_in_chat(room)
            handle = await server.invoke_command(
                room.scene.member, room.channel, "ask", {"question": ANSWERED}
            )
            clock.advance(10.0)  # the outage lasts ten seconds
        recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
        assert recovery.how == "resumed" and recovery.replayed >= 2
        await chat_answer(room, question)
        late = await handle.wait_response(timeout=ANSWER)
        assert not late.accepted and late.rule == "interaction_deadline_missed"
        await next_question_is_answered(room)
    # One refused attempt: the bot does not follow an expired interaction with an apology
    # that Discord would refuse the same way.
    assert len(handle.attempts) == 1 and not handle.attempts[0].accepted
    assert {v.rule for v in server.violations} == {"interaction_deadline_missed"}
    assert not server.pinging_messages()


# --------------------------------------------------------------------------- REST


async def test_a_chat_reply_that_hits_a_429_is_sent_after_retry_after(newsroom: Newsroom) -> None:
    server = newsroom.server
    fault = server.faults.rate_limit(CREATE_MESSAGE, retry_after=0.75)
    question = await ask_in_chat(newsroom)
    await chat_answer(newsroom, question)
    [retry] = await server.faults.wait_retried(fault)
    assert retry.refused.status == 429 and retry.retry is not None
    assert retry.waited is not None and retry.waited >= 0.75
    assert replies_to_count(newsroom, question) == 1


@pytest.mark.parametrize("global_", [False, True], ids=["route", "global"])
async def test_an_answer_whose_interaction_response_hits_a_429_still_arrives_in_time(
    newsroom: Newsroom, global_: bool
) -> None:
    server = newsroom.server
    fault = server.faults.rate_limit(INTERACTION_CALLBACK, retry_after=0.5, global_=global_)
    handle = await server.invoke_command(
        newsroom.scene.member, newsroom.channel, "ask", {"question": ANSWERED}
    )
    response = await handle.wait_response(timeout=ANSWER)
    assert response.accepted and STATEMENT in all_text(response)
    assert handle.response_latency is not None and 0.5 <= handle.response_latency < 3.0
    [retry] = await server.faults.wait_retried(fault)
    assert retry.waited is not None and retry.waited >= 0.5
    await next_question_is_answered(newsroom)


async def test_a_single_500_on_a_chat_reply_or_an_interaction_response_is_retried(
    newsroom: Newsroom,
) -> None:
    server = newsroom.server
    chat_fault = server.faults.fail(CREATE_MESSAGE, status=500)
    question = await ask_in_chat(newsroom)
    await chat_answer(newsroom, question)
    assert chat_fault.recovered and replies_to_count(newsroom, question) == 1

    slash_fault = server.faults.fail(INTERACTION_CALLBACK, status=500)
    handle = await server.invoke_command(
        newsroom.scene.member, newsroom.channel, "ask", {"question": ANSWERED}
    )
    response = await handle.wait_response(timeout=ANSWER)
    assert response.accepted and STATEMENT in all_text(response)
    # discord.py sleeps 1 s before the retry: still inside Discord's 3 s.
    assert handle.response_latency is not None and 1.0 <= handle.response_latency < 3.0
    assert slash_fault.recovered


async def test_a_502_on_the_edit_that_fills_in_a_deferred_answer_is_retried(
    newsroom: Newsroom,
) -> None:
    server = newsroom.server
    newsroom.bot.service.load = LoadGuard(max_direct=0)  # /ask defers, then edits
    fault = server.faults.fail(EDIT_ORIGINAL, status=502)
    handle = await server.invoke_command(
        newsroom.scene.member, newsroom.channel, "ask", {"question": ANSWERED}
    )
    first = await handle.wait_response(timeout=ANSWER)
    assert first.type == 5
    final = await handle.wait_final_original(timeout=ANSWER)
    assert STATEMENT in all_text(final)
    assert fault.recovered


async def test_an_interaction_response_failing_twice_misses_the_deadline(
    discord_server: DiscordServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Measured loss: discord.py sleeps 1 s, then 3 s, between retries of a 5xx; two 500s in
    a row put the third try past Discord's 3 s, so the asker sees "did not respond"."""
    server = discord_server
    room, running = await make_newsroom(server, tmp_path)
    async with running:
        await room.bot.sync_commands()
        fault = server.faults.fail(INTERACTION_CALLBACK, status=500, times=2)
        with caplog.at_level(logging.WARNING):
            handle = await server.invoke_command(
                room.scene.member, room.channel, "ask", {"question": ANSWERED}
            )
            late = await handle.wait_response(timeout=ANSWER)
            assert not late.accepted and late.rule == "interaction_deadline_missed"
            await next_question_is_answered(room)
        assert [hit.status for hit in fault.hits] == [500, 500]
    assert handle.response is None
    assert {v.rule for v in server.violations} == {"interaction_deadline_missed"}
    assert "10062" in caplog.text  # logged, not silent
    assert not server.pinging_messages()


async def test_a_chat_reply_failing_five_times_is_lost_and_logged(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    """Measured loss: discord.py tries a request five times (sleeping 1, 3, 5, 7 s on 5xx),
    then raises; reportbot logs the failure. Nothing else can reach the asker."""
    server = discord_server
    room, running = await make_newsroom(server, tmp_path)
    async with running:
        fault = server.faults.fail(CREATE_MESSAGE, status=500, times=5)
        gave_up = LogLine(f"could not reply in channel {room.channel.id}")
        logging.getLogger("reportbot.discord").addHandler(gave_up)
        try:
            question = await ask_in_chat(room)
            await server.faults.wait_exhausted(fault, timeout=40.0)
            # Meanwhile a question in another channel (another rate-limit bucket) is answered.
            dm_question = await server.send_dm(room.scene.member, ANSWERED)
            dm_reply = await server.wait_for_message(
                dm_question.channel_id, predicate=replies_to(dm_question), timeout=ANSWER
            )
            assert STATEMENT in all_text(dm_reply)
            await gave_up.wait(timeout=40.0)  # discord.py sleeps 9 s after the 5th failure too
        finally:
            logging.getLogger("reportbot.discord").removeHandler(gave_up)
        assert [r.retry is not None for r in fault.retries()] == [True] * 4 + [False]
        assert replies_to_count(room, question) == 0
    assert_discord_manners(server)


# --------------------------------------------------------------------------- permissions


def _admin_commands(room: Newsroom) -> list[dict[str, Any]]:
    return [
        command
        for command in room.server.commands(room.scene.guild)
        if command.get("default_member_permissions") not in (None, "0")
    ]


def _required_options(command: dict[str, Any]) -> dict[str, Any]:
    values = {3: "x", 4: 1, 5: True, 10: 1.0}
    return {
        option["name"]: values[option["type"]]
        for option in command.get("options") or []
        if option.get("required")
    }


async def test_members_calling_admin_commands_directly_are_refused_and_nothing_changes(
    newsroom: Newsroom, caplog: pytest.LogCaptureFixture
) -> None:
    server, member = newsroom.server, newsroom.scene.member
    admin_commands = _admin_commands(newsroom)
    assert "reload" in {c["name"] for c in admin_commands}
    # The facts on disk change; only a permitted /reload may make the bot serve them.
    (newsroom.pack / "pack.yaml").write_text(
        PACK.replace('version: "1"', 'version: "2"').replace(STATEMENT, NEW_STATEMENT),
        encoding="utf-8",
    )
    version = newsroom.store.snapshot.knowledge.info.version
    with caplog.at_level(logging.WARNING, logger="reportbot.discord"):
        for command in admin_commands:
            with pytest.raises(PermissionError):  # the Discord client would hide it
                await server.invoke_command(member, newsroom.channel, command["name"])
            handle = await newsroom.invoke_hidden(
                command["name"], user=member, options=_required_options(command)
            )
            refused = await handle.wait_response(timeout=ANSWER)
            assert refused.accepted and refused.ephemeral, command["name"]
            assert "only the people who run this bot" in (refused.content or ""), refused
            assert f"refused: user {member.id}" in caplog.text
    assert newsroom.bot.service.reloader.count == 0
    assert newsroom.store.snapshot.knowledge.info.version == version == "1"
    _, answer = await newsroom.command("ask", {"question": ANSWERED})
    assert STATEMENT in all_text(answer) and NEW_STATEMENT not in all_text(answer)


async def test_reload_sent_from_a_dm_is_refused(newsroom: Newsroom) -> None:
    server, member = newsroom.server, newsroom.scene.member
    # Synced to the guild, /reload does not exist in DMs (synced globally, dm_permission is
    # false); the interaction is sent anyway, as Newsroom.invoke_hidden does, in the DM.
    dm = await server.dm_channel(member)
    channel = server._channel(dm)
    data = server._command_data(channel, "reload", {}, focused=None)
    handle = await server._dispatch_interaction(
        InteractionType.APPLICATION_COMMAND, "reload", member, channel, data
    )
    refused = await handle.wait_response(timeout=ANSWER)
    assert refused.accepted and refused.ephemeral
    text = refused.content or ""
    assert "only works in a server" in text or "only the people who run this bot" in text, text
    assert newsroom.bot.service.reloader.count == 0
