"""The operations layer inside the running bot, over the loopback Discord: every question asked
in chat, by ``/ask`` or by a suggestion button lands in a real SQLite query log and in the
metrics scraped over loopback HTTP; ``/unanswered`` lists the declined ones to admins only;
a guild outside ``REPORTBOT_ALLOWED_GUILD_IDS`` is refused; a broken query log stops nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from bot.discord.permissions import GUILD_REFUSAL
from bot.observability.metrics import Metrics
from bot.observability.runtime import Operations
from bot.store import KnowledgeStore
from tests.discord_fixtures import (
    ANSWERED,
    DECLINED_WITH_SUGGESTIONS,
    Newsroom,
    all_text,
    assert_discord_manners,
    button_labels,
    make_newsroom,
)
from tests.discord_server import Channel, DiscordServer, Guild, Message, User

STATEMENT = "The mayor said the library budget would be cut."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def http_get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``/metrics`` over HTTP, parsed: (sample name, sorted labels) → value."""
    status, text = await http_get(base + "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def rows(db: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT question, answered, outcome, claim_id, guild_id, channel_id, user_id"
            " FROM reportbot_queries ORDER BY id"
        ).fetchall()


@dataclass
class Outside:
    """A second guild with a channel and a member of its own."""

    guild: Guild
    channel: Channel
    member: User


@dataclass
class Ops:
    room: Newsroom
    ops: Operations
    db: Path
    base: str  # the health endpoint, http://127.0.0.1:PORT
    outside: Outside

    async def flushed(self) -> list[tuple[Any, ...]]:
        assert await self.ops.query_log.flush(5)
        return rows(self.db)


async def _running(
    server: DiscordServer, tmp_path: Path, query_log: str, *, restrict: bool = False
) -> AsyncIterator[Ops]:
    port = free_port()
    env = {"REPORTBOT_QUERY_LOG": query_log, "REPORTBOT_HEALTH_PORT": str(port)}

    def build(store: KnowledgeStore) -> Operations:
        return Operations.from_env(store, env, metrics=Metrics(process=False))

    room, running = await make_newsroom(server, tmp_path, ops=build)
    ops = room.bot.ops
    assert ops is not None
    if restrict:  # the guild id exists only now; set before the client starts
        settings = replace(room.settings, allowed_guild_ids=frozenset({room.scene.guild.id}))
        room.settings = room.bot.settings = room.bot.service.settings = settings
    await ops.start(signals=False)
    guild = await server.create_guild("Elsewhere")
    outside = Outside(
        guild=guild,
        channel=await server.create_text_channel(guild, "general"),
        member=await server.create_member(guild, "visitor"),
    )
    try:
        async with running:
            await room.bot.sync_commands([room.scene.guild.id, guild.id])
            yield Ops(room, ops, Path(query_log), f"http://127.0.0.1:{port}", outside)
    finally:
        report = await ops.shutdown.shutdown("test over")
        assert report.clean, report
    assert_discord_manners(server)


@pytest_asyncio.fixture
async def live(discord_server: DiscordServer, tmp_path: Path) -> AsyncIterator[Ops]:
    """The newsroom bot with a real SQLite query log and the health endpoint on loopback."""
    async for running in _running(discord_server, tmp_path, str(tmp_path / "queries.sqlite3")):
        yield running


def replies_to(question: Message) -> Callable[[Message], bool]:
    return lambda m: m.reference is not None and int(m.reference["message_id"]) == question.id


# --------------------------------------------------------------------------- query log, metrics


async def test_every_question_is_logged_and_counted_whichever_way_it_was_asked(
    live: Ops,
) -> None:
    room, server = live.room, live.room.server
    guild, channel, member = room.scene.guild.id, room.channel.id, room.scene.member

    _, answered = await room.command("ask", {"question": ANSWERED})
    assert STATEMENT in all_text(answered)
    question = await server.send_message(
        member, room.channel, f"{server.bot_user.mention} who won the world cup?"
    )
    reply = await server.wait_for_message(room.channel, predicate=replies_to(question))
    assert "who won the world cup?" in all_text(reply) and STATEMENT not in all_text(reply)
    handle, declined = await room.command("ask", {"question": DECLINED_WITH_SUGGESTIONS})
    button = next(cid for cid, text in button_labels(declined).items() if "library" in text)
    assert handle.original is not None
    pressed = await (await server.press_button(member, handle.original, button)).wait_response()
    assert pressed.accepted and STATEMENT in all_text(await server.wait_for_edit(handle.original))

    logged = await live.flushed()
    assert [(q, a, o, c) for q, a, o, c, *_ in logged] == [
        (ANSWERED, 1, "answered", "budget-cut"),
        ("who won the world cup?", 0, "no_match", None),
        (DECLINED_WITH_SUGGESTIONS, 0, "gap", None),
        ("what happens to the library budget?", 1, "answered", "budget-cut"),  # the button
    ]
    assert {(g, c) for *_, g, c, _ in logged} == {(guild, channel)}
    assert {u for *_, u in logged} == {None}  # user ids only if the operator opts in

    metrics = await scrape(live.base)
    questions = "reportbot_questions_total"
    assert metrics[(questions, (("outcome", "answered"), ("reason", "answered")))] == 2
    assert metrics[(questions, (("outcome", "declined"), ("reason", "no_match")))] == 1
    assert metrics[(questions, (("outcome", "declined"), ("reason", "gap")))] == 1
    assert metrics[("reportbot_answer_latency_seconds_count", ())] == 4
    assert metrics[("reportbot_pack_info", (("pack", "newsroom"), ("version", "1")))] == 1
    assert metrics[("reportbot_gateway_events_total", (("event", "ready"),))] == 1

    status, body = await http_get(live.base + "/healthz")
    health = json.loads(body)
    assert status == 200 and health["gateway_connected"] and health["pack_version"] == "1"
    assert health["query_log"] == {"backend": "sqlite", "ok": True, "pending": 0, "faults": 0}


async def test_reloads_and_their_outcomes_are_counted(live: Ops) -> None:
    room = live.room
    handle, _ = await room.command("reload", user=room.operator)
    assert "Facts reloaded" in all_text(await handle.wait_final_original())
    (room.pack / "pack.yaml").write_text("pack: [broken\n", encoding="utf-8")
    handle, _ = await room.command("reload", user=room.operator)
    assert "Reload refused" in all_text(await handle.wait_final_original())
    metrics = await scrape(live.base)
    assert metrics[("reportbot_reloads_total", (("outcome", "ok"),))] == 1
    assert metrics[("reportbot_reloads_total", (("outcome", "refused"),))] == 1


async def test_a_broken_query_log_never_stops_answering(
    discord_server: DiscordServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    unwritable = tmp_path / "no-such-directory" / "queries.sqlite3"
    with caplog.at_level(logging.ERROR, logger="reportbot.querylog"):
        async for live in _running(discord_server, tmp_path, str(unwritable)):
            for _ in range(3):
                _, answer = await live.room.command("ask", {"question": ANSWERED})
                assert STATEMENT in all_text(answer)
            await live.ops.query_log.flush(5)
            metrics = await scrape(live.base)
            faults = "reportbot_query_log_faults_total"
            assert metrics[(faults, (("operation", "open"),))] == 1
            assert metrics[(faults, (("operation", "record"),))] == 3
            answered = metrics[
                ("reportbot_questions_total", (("outcome", "answered"), ("reason", "answered")))
            ]
            assert answered == 3
            status, body = await http_get(live.base + "/healthz")
            assert status == 200  # a query log fault never makes the bot unhealthy
            assert json.loads(body)["query_log"]["ok"] is False
    assert not unwritable.exists()
    assert "query log open failed" in caplog.text


# --------------------------------------------------------------------------- /unanswered


async def test_unanswered_lists_this_servers_declined_questions_to_admins(live: Ops) -> None:
    room, server, outside = live.room, live.room.server, live.outside
    for question in ["who won the world cup?", "Who won the World Cup", "is it raining"]:
        await room.command("ask", {"question": question})
    await room.command("ask", {"question": ANSWERED})
    handle = await server.invoke_command(
        outside.member, outside.channel, "ask", {"question": "what about the zoo?"}
    )
    assert (await handle.wait_response()).accepted

    handle, deferred = await room.command("unanswered", user=room.operator)
    assert deferred.type == 5 and deferred.ephemeral  # private: questions are people's words
    text = all_text(await handle.wait_final_original())
    assert "Unanswered questions" in text
    assert "**2×** Who won the World Cup" in text  # alike wordings together, latest shown
    assert "**1×** is it raining" in text
    assert text.index("World Cup") < text.index("raining")  # most frequent first
    assert "zoo" not in text  # another server's questions stay there
    assert "library budget" not in text  # answered questions are not listed

    handle, _ = await room.command("unanswered", {"limit": 1}, user=room.operator)
    text = all_text(await handle.wait_final_original())
    assert "World Cup" in text and "raining" not in text

    # A configured admin role (no Manage Server) may list them too.
    handle = await room.invoke_hidden("unanswered", user=room.editor)
    assert "World Cup" in all_text(await handle.wait_final_original())


async def test_unanswered_is_refused_to_a_member_even_when_invoked_directly(
    live: Ops, caplog: pytest.LogCaptureFixture
) -> None:
    room = live.room
    await room.command("ask", {"question": "who won the world cup?"})
    member = room.scene.member
    with pytest.raises(PermissionError):  # hidden from members by default_member_permissions
        await room.server.invoke_command(member, room.channel, "unanswered")
    with caplog.at_level(logging.WARNING, logger="reportbot.discord"):
        handle = await room.invoke_hidden("unanswered", user=member)
        refused = await handle.wait_response()
    assert refused.accepted and refused.ephemeral and refused.type == 4
    assert "only the people who run this bot" in (refused.content or "")
    assert "World Cup" not in all_text(refused) and "world cup" not in all_text(refused)
    assert handle.followups == []  # nothing else was sent to them
    assert f"/unanswered refused: user {member.id}" in caplog.text
    metrics = await scrape(live.base)
    assert metrics[("reportbot_refusals_total", (("reason", "admin"),))] == 1


# --------------------------------------------------------------------------- allowed guilds


@pytest_asyncio.fixture
async def restricted(discord_server: DiscordServer, tmp_path: Path) -> AsyncIterator[Ops]:
    """The bot serving only the newsroom's guild (REPORTBOT_ALLOWED_GUILD_IDS)."""
    db = str(tmp_path / "queries.sqlite3")
    async for running in _running(discord_server, tmp_path, db, restrict=True):
        yield running


async def test_an_outside_guild_is_refused_logged_and_counted(
    restricted: Ops, caplog: pytest.LogCaptureFixture
) -> None:
    room, server, outside = restricted.room, restricted.room.server, restricted.outside
    assert room.bot.settings.allowed_guild_ids == {room.scene.guild.id}
    with caplog.at_level(logging.WARNING, logger="reportbot.discord"):
        # /ask: a short private refusal, no answer.
        handle = await server.invoke_command(
            outside.member, outside.channel, "ask", {"question": ANSWERED}
        )
        refused = await handle.wait_response()
        assert refused.accepted and refused.ephemeral and refused.content == GUILD_REFUSAL
        assert STATEMENT not in all_text(refused)
        # Autocomplete: no choices (a message would be the wrong callback type).
        handle = await server.request_autocomplete(
            outside.member, outside.channel, "quote", {"speaker": "Roe"}, focused="speaker"
        )
        completed = await handle.wait_response()
        assert completed.accepted and completed.choices == []
        # A mention there: ignored, not even a refusal in a server the bot does not serve.
        await server.send_message(
            outside.member, outside.channel, f"{server.bot_user.mention} {ANSWERED}"
        )
        # The same mention in the allowed guild is answered; the gateway delivers in order,
        # so by then the outside one has been handled.
        question = await server.send_message(
            room.scene.member, room.channel, f"{server.bot_user.mention} {ANSWERED}"
        )
        reply = await server.wait_for_message(room.channel, predicate=replies_to(question))
        assert STATEMENT in all_text(reply)
    bot_posts = [
        m
        for m in server.messages_in(outside.channel)
        if m.author_id == server.bot_user.id and not m.ephemeral
    ]
    assert bot_posts == []  # only the private refusal: nothing anyone else sees
    assert caplog.text.count("not an allowed guild") == 3
    metrics = await scrape(restricted.base)
    assert metrics[("reportbot_refusals_total", (("reason", "guild"),))] == 3
    logged = await restricted.flushed()
    assert [g for *_, g, _c, _u in logged] == [room.scene.guild.id]  # only the allowed one
    # The allowed guild's /ask still answers.
    _, answer = await room.command("ask", {"question": ANSWERED})
    assert STATEMENT in all_text(answer)


def test_the_unanswered_list_fits_discord_with_25_long_hostile_questions() -> None:
    from datetime import UTC, datetime

    from bot.discord.embeds import unanswered_embeds
    from bot.discord.limits import embed_problems
    from bot.querylog import UnansweredQuestion

    hostile = "@everyone **bold** <@123456789012345678> " + "why " * 500
    rows = [
        UnansweredQuestion(f"q{i}", f"{i} {hostile}", 50 - i, datetime(2026, 11, 1, tzinfo=UTC))
        for i in range(25)
    ]
    embeds = unanswered_embeds(rows, days=7)
    assert embed_problems(embeds) == []
    text = "\n".join(e.description or "" for e in embeds)
    assert "@everyone" not in text and "<@1234" not in text and "**bold**" not in text
    assert "**50×** 0 " in text and "in the last 7 days" in text
