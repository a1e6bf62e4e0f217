"""Privacy by default, as a user and an operator see it: over the loopback Discord with a real
SQLite query log, and ``reportbot erase-user`` as a real process.

Nothing stored names who asked unless the operator opts in (direct messages included); what
people say in answer channels is not logged unless the operator opts in; a question its author
deletes takes its answer and its log entry with it; ``/forget`` deletes a user's own questions;
the bot's logs never show an interaction token, at any level.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.discord.answered import Answered, AnsweredMessages
from bot.observability.logging import configure_logging
from bot.observability.metrics import Metrics
from bot.observability.runtime import Operations
from bot.store import KnowledgeStore
from tests.conftest import ROOT
from tests.discord_fixtures import (
    ANSWERED,
    Newsroom,
    all_text,
    assert_discord_manners,
    child_env,
    make_newsroom,
)
from tests.discord_server import DiscordServer, Message


def replies_to(question: Message) -> Callable[[Message], bool]:
    return lambda m: m.reference is not None and int(m.reference["message_id"]) == question.id


def stored(db: Path) -> list[tuple[Any, ...]]:
    """(question, guild_id, channel_id, user_id) of every row, oldest first."""
    if not db.exists():
        return []
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT question, guild_id, channel_id, user_id FROM reportbot_queries ORDER BY id"
        ).fetchall()


@dataclass
class Logged:
    room: Newsroom
    ops: Operations
    db: Path

    async def rows(self) -> list[tuple[Any, ...]]:
        assert await self.ops.query_log.flush(5)
        return stored(self.db)


@contextlib.asynccontextmanager
async def logged_bot(
    server: DiscordServer, tmp_path: Path, env: dict[str, str] | None = None, **settings: Any
) -> AsyncIterator[Logged]:
    """The newsroom bot writing a real SQLite query log, with ``env`` for the query log."""
    db = tmp_path / "queries.sqlite3"
    environment = {"REPORTBOT_QUERY_LOG": str(db), **(env or {})}

    def build(store: KnowledgeStore) -> Operations:
        return Operations.from_env(store, environment, metrics=Metrics(process=False))

    room, running = await make_newsroom(server, tmp_path, ops=build, **settings)
    ops = room.bot.ops
    assert ops is not None
    await ops.start(signals=False)
    try:
        async with running:
            await room.bot.sync_commands()
            yield Logged(room, ops, db)
    finally:
        await ops.shutdown.shutdown("test over")
    assert_discord_manners(server)


# --------------------------------------------------------------------------- who asked


async def test_a_direct_message_is_logged_without_anything_that_names_its_author(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    async with logged_bot(discord_server, tmp_path) as bot:
        member = bot.room.scene.member
        question = await discord_server.send_dm(member, "did the DA comment?")
        dm = await discord_server.dm_channel(member)
        await discord_server.wait_for_message(dm, predicate=replies_to(question))
        # Not the user id, and not the DM channel's id either: there is one per user.
        assert await bot.rows() == [("did the DA comment?", None, None, None)]


async def test_with_user_ids_on_erase_user_finds_their_direct_messages(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    env = {"REPORTBOT_LOG_USER_IDS": "on"}
    async with logged_bot(discord_server, tmp_path, env) as bot:
        member, other = bot.room.scene.member, bot.room.editor
        for user in (member, other):
            question = await discord_server.send_dm(user, "did the DA comment?")
            dm = await discord_server.dm_channel(user)
            await discord_server.wait_for_message(dm, predicate=replies_to(question))
        rows = await bot.rows()
        assert [(q, g, u) for q, g, _, u in rows] == [
            ("did the DA comment?", None, member.id),
            ("did the DA comment?", None, other.id),
        ]
    erased = subprocess.run(
        [sys.executable, "-m", "bot", "erase-user", str(member.id)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(
            PYTHONPATH=str(ROOT),
            REPORTBOT_QUERY_LOG=str(bot.db),
            REPORTBOT_LOG_USER_IDS="1",
        ),
        timeout=60,
    )
    assert erased.returncode == 0, erased.stderr
    assert f"Erased 1 entry of user {member.id}" in erased.stdout
    assert [u for *_, u in stored(bot.db)] == [other.id]


async def test_answer_channel_chatter_is_not_logged_unless_the_operator_opts_in(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    async with logged_bot(discord_server, tmp_path) as bot:
        room, member = bot.room, bot.room.scene.member
        said = await discord_server.send_message(
            member, room.answer_channel, "my number is 07700 900123, what did poe say?"
        )
        await discord_server.wait_for_message(room.answer_channel, predicate=replies_to(said))
        mention = await discord_server.send_message(
            member, room.channel, f"{discord_server.bot_user.mention} did the DA comment?"
        )
        await discord_server.wait_for_message(room.channel, predicate=replies_to(mention))
        assert [q for q, *_ in await bot.rows()] == ["did the DA comment?"]  # the mention only

    opted = tmp_path / "opted-in"
    opted.mkdir()
    async with logged_bot(discord_server, opted, log_answer_channels=True) as bot:
        room, member = bot.room, bot.room.scene.member
        said = await discord_server.send_message(
            member, room.answer_channel, "my number is 07700 900123, what did poe say?"
        )
        await discord_server.wait_for_message(room.answer_channel, predicate=replies_to(said))
        # Logged now, but the obvious personal data is left out.
        assert [q for q, *_ in await bot.rows()] == ["my number is [number], what did poe say?"]


# --------------------------------------------------------------------------- deleting


async def test_a_deleted_question_takes_its_answer_and_its_log_entry_with_it(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    async with logged_bot(discord_server, tmp_path) as bot:
        room, member = bot.room, bot.room.scene.member
        mention = discord_server.bot_user.mention
        keep = await discord_server.send_message(member, room.channel, f"{mention} did poe react?")
        await discord_server.wait_for_message(room.channel, predicate=replies_to(keep))
        regret = await discord_server.send_message(
            member, room.channel, f"{mention} my landlord Bob Smith, is he in the audit?"
        )
        reply = await discord_server.wait_for_message(room.channel, predicate=replies_to(regret))
        assert "Bob Smith" in all_text(reply)  # the decline echoes the question
        assert len(await bot.rows()) == 2

        await discord_server.delete_message(member, regret)
        gone = await discord_server.wait_for_delete(reply)
        assert gone.id == reply.id
        assert [q for q, *_ in await bot.rows()] == ["did poe react?"]
        shown = [m.id for m in discord_server.messages_in(room.channel)]
        assert reply.id not in shown and keep.id in shown


@pytest.mark.parametrize("deleted_first", [False, True])
def test_a_reply_is_taken_back_whichever_the_bot_hears_of_first(deleted_first: bool) -> None:
    # Discord may tell of the deletion before the bot has noted the reply it just sent.
    answered = AnsweredMessages()
    reply = Answered(channel_id=1, reply_id=20, entry=None)
    if deleted_first:
        assert answered.pop(10) is None
        assert answered.remember(10, reply) is False  # take it back at once
    else:
        assert answered.remember(10, reply) is True
        assert answered.pop(10) == reply
    assert answered.pop(10) is None and len(answered) == 0
    assert answered.remember(11, reply) is True  # another question is not affected


async def test_forget_deletes_the_users_own_questions_when_user_ids_are_kept(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    env = {"REPORTBOT_LOG_USER_IDS": "1"}
    async with logged_bot(discord_server, tmp_path, env) as bot:
        room = bot.room
        for user in (room.scene.member, room.scene.member, room.editor):
            await room.command("ask", {"question": ANSWERED}, user=user)
        handle, deferred = await room.command("forget", user=room.scene.member)
        assert deferred.ephemeral
        done = await handle.wait_final_original()
        assert "2 logged questions of yours deleted" in all_text(done)
        assert [u for *_, u in await bot.rows()] == [room.editor.id]


async def test_forget_says_plainly_that_nothing_names_the_user_when_ids_are_off(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    async with logged_bot(discord_server, tmp_path) as bot:
        room = bot.room
        await room.command("ask", {"question": ANSWERED})
        handle, _ = await room.command("forget")
        text = all_text(await handle.wait_final_original())
        assert "does not record who asks" in text and "nothing of yours to delete" in text
        assert len(await bot.rows()) == 1  # nothing deleted that was not theirs


# --------------------------------------------------------------------------- the bot's logs


async def test_debug_logs_never_show_an_interaction_or_webhook_token(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    import io

    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging(level="DEBUG", stream=stream, env={}, hook_exceptions=False)
    try:
        room, running = await make_newsroom(discord_server, tmp_path)
        async with running:
            await room.bot.sync_commands()
            handle, _ = await room.command("ask", {"question": ANSWERED})
            deferred = await discord_server.invoke_command(
                room.operator, room.channel, "reload"
            )  # a deferred reply is edited through the webhook URL
            await deferred.wait_final_original()
    finally:
        for added in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(added)
        root.setLevel(level)
    text = stream.getvalue()
    assert "/interactions/" in text and "/webhooks/" in text  # DEBUG did log those calls
    for token in (handle.token, deferred.token, discord_server.token):
        assert token not in text
    assert "[REDACTED]" in text
    assert_discord_manners(discord_server)


@pytest.mark.parametrize(
    "line",
    [
        "POST https://discord.com/api/v10/interactions/1/{t}/callback has returned 204",
        "Webhook ID 1 with PATCH https://discord.com/api/v10/webhooks/1/{t}/messages/@original",
        "{{'t': 'INTERACTION_CREATE', 'd': {{'token': '{t}', 'id': '5'}}}}",
        'INTERACTION_CREATE {{"token": "{t}"}}',
        "left in a message: {t}",
    ],
)
def test_the_redactor_knows_interaction_and_webhook_tokens(line: str) -> None:
    from bot.observability.logging import Redactor

    token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldC1zZWNyZXQtc2VjcmV0"
    assert token not in Redactor()(line.format(t=token))
