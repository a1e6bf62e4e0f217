"""Fixtures for reportbot's Discord tests: a newsroom pack, a loopback Discord, a live bot.

Every test that talks to the loopback server ends with the same two checks (in the fixtures'
teardown): the bot broke none of Discord's rules, and no message it sent pings anyone.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest_asyncio

from bot.discord.app import ReportBot
from bot.observability.runtime import Operations
from bot.settings import Rate, Settings
from bot.store import KnowledgeStore
from tests.discord_server import (
    CallbackAttempt,
    Channel,
    DiscordServer,
    InteractionHandle,
    Message,
    Role,
    Scene,
    User,
)
from tests.discord_server.harness import running_client
from tests.discord_server.interactions import InteractionType

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_A1 = (
    "According to The Example Times, which obtained a draft city audit, Roe said the library "
    "budget would be cut by half. “Books are not a luxury,” she told the city council at a "
    "budget hearing. The audit featured interviews with 45 city staff. Council member Sam Poe "
    "said: “We will fight this.” The D.A.’s office declined to comment.\n"
)
ARTICLE_A2 = (
    "The mayor, Jane Roe, plans to cut the library budget by 40 percent, The Example Times "
    "reported, citing a draft audit. The audit drew on more than 45 interviews with staff, "
    "emails and other documents. “Books are not a luxury,” Roe said. Poe called the plan "
    "“a disgrace” on Twitter.\n"
)

PACK = """\
pack: {id: newsroom, title: The Exampleton library cuts, version: "1"}
outlets:
  - {id: times, name: The Example Times}
  - {id: daily, name: The Daily Example}
  - {id: unnamed, name: null}
organizations:
  - {id: da, name: the district attorney's office, aliases: [DA, D.A.]}
people:
  - {id: mayor, name: Jane Roe, role: mayor of Exampleton, aliases: [Roe, the mayor]}
  - {id: poe, name: Sam Poe, role: council member, aliases: [Poe]}
documents:
  - {id: audit, title: the draft city audit, author: mayor}
articles:
  - {id: a1, outlet: unnamed, headline: null, published: null, byline: null, url: null,
     text: sources/a1.txt}
  - id: a2
    outlet: daily
    headline: Mayor plans deep library cuts
    published: "2024-05-02"
    byline: A. Writer
    url: https://daily.example/library-cuts
    text: sources/a2.txt
claims:
  - id: budget-cut
    statement: The mayor said the library budget would be cut.
    topics: [library budget]
    asks: ["what happens to the library budget", "is the library losing money"]
    people: [mayor]
    reports:
      - {article: a1, excerpt: "Roe said the library budget would be cut by half",
         via: [times, audit]}
      - {article: a2, excerpt: "plans to cut the library budget by 40 percent",
         via: [times, audit]}
  - id: audit-interviews
    statement: The draft audit drew on interviews with city staff.
    topics: [audit interviews]
    asks: ["how many interviews were in the audit"]
    reports:
      - {article: a1, excerpt: "The audit featured interviews with 45 city staff", via: [times]}
      - {article: a2, excerpt: "more than 45 interviews with staff, emails and other documents",
         via: [times]}
  - id: poe-reaction
    statement: Council member Sam Poe objected to the plan.
    topics: [council reaction]
    asks: ["did the council react", "what did poe say"]
    people: [poe]
    reports:
      - {article: a1, excerpt: "Council member Sam Poe said"}
      - {article: a2, excerpt: "Poe called the plan “a disgrace” on Twitter"}
  - id: da-declined
    statement: The district attorney's office declined to comment.
    topics: [district attorney]
    asks: ["did the DA comment"]
    reports:
      - {article: a1, excerpt: "The D.A.’s office declined to comment"}
quotes:
  - id: q-books
    speaker: mayor
    text: "Books are not a luxury."
    to: the city council
    setting: at a budget hearing
    when: null
    claims: [budget-cut]
    reports:
      - {article: a1, via: [times]}
      - {article: a2}
  - id: q-fight
    speaker: poe
    text: "We will fight this."
    to: null
    setting: null
    when: null
    claims: [poe-reaction]
    reports:
      - {article: a1}
  - id: q-disgrace
    speaker: poe
    text: "a disgrace"
    to: null
    setting: on Twitter
    when: null
    claims: [poe-reaction]
    reports:
      - {article: a2}
discrepancies:
  - id: d-cut-size
    topic: How deep the library cut is
    claims: [budget-cut]
    versions:
      - {article: a1, statement: The budget would be cut by half., excerpt: "cut by half"}
      - {article: a2, statement: The budget would be cut by 40 percent., excerpt: "by 40 percent"}
gaps:
  - id: g-final
    topic: the final audit
    asks: ["what did the final audit conclude", "when is the final audit due"]
    note: The articles cover a draft audit only.
    suggest: [audit-interviews, budget-cut]
synonyms:
  - [library, libraries]
"""

ANSWERED = "what happens to the library budget"
DECLINED_WITH_SUGGESTIONS = "what did the final audit conclude"


def write_newsroom_pack(root: Path, pack: str = PACK) -> Path:
    """Write the newsroom pack (two articles, four claims, quotes, a discrepancy, a gap)."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "a1.txt").write_text(ARTICLE_A1, encoding="utf-8")
    (root / "sources" / "a2.txt").write_text(ARTICLE_A2, encoding="utf-8")
    (root / "pack.yaml").write_text(textwrap.dedent(pack), encoding="utf-8")
    return root


def assert_discord_manners(server: DiscordServer) -> None:
    """The end-of-test check: no rule broken, nobody pinged."""
    server.assert_no_violations()
    pinging = server.pinging_messages()
    assert not pinging, f"messages that ping someone: {[(m.id, m.pings) for m in pinging]}"


def all_text(message: Message | CallbackAttempt | dict[str, Any]) -> str:
    """Every visible string of a message: content, embed titles, descriptions, footers."""
    if isinstance(message, Message):
        content, embeds = message.content, message.embeds
    elif isinstance(message, CallbackAttempt):
        content, embeds = message.content or "", (message.data or {}).get("embeds") or []
    else:
        content, embeds = message.get("content") or "", message.get("embeds") or []
    parts = [content or ""]
    for embed in embeds:
        parts.append(embed.get("title") or "")
        parts.append(embed.get("description") or "")
        for item in embed.get("fields") or []:
            parts += [item.get("name") or "", item.get("value") or ""]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


def custom_ids(data: Message | CallbackAttempt) -> list[str]:
    components = (
        data.components if isinstance(data, Message) else (data.data or {}).get("components")
    )
    found = []
    for row in components or []:
        for item in row.get("components") or []:
            if "custom_id" in item:
                found.append(item["custom_id"])
    return found


def button_labels(data: Message | CallbackAttempt) -> dict[str, str]:
    components = (
        data.components if isinstance(data, Message) else (data.data or {}).get("components")
    )
    return {
        item["custom_id"]: item.get("label", "")
        for row in components or []
        for item in row.get("components") or []
        if "custom_id" in item
    }


@dataclass
class Newsroom:
    """A guild with the bot in it, ready to be asked."""

    server: DiscordServer
    scene: Scene
    bot: ReportBot
    store: KnowledgeStore
    pack: Path
    answer_channel: Channel
    editor_role: Role
    editor: User  # holds the admin role the operator configured, without Manage Server
    operator: User  # owns the application; manages the guild, like scene.admin
    settings: Settings
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def channel(self) -> Channel:
        return self.scene.channel

    async def command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | None = None,
        channel: Channel | None = None,
    ) -> tuple[InteractionHandle, CallbackAttempt]:
        handle = await self.server.invoke_command(
            user or self.scene.member, channel or self.channel, name, options or {}
        )
        response = await handle.wait_response(timeout=3)
        assert response.accepted, response
        assert handle.response_latency is not None and handle.response_latency < 3.0
        return handle, response

    async def invoke_hidden(
        self, name: str, *, user: User, options: dict[str, Any] | None = None
    ) -> InteractionHandle:
        """Run a command a user cannot see, as a raw API call (or an owner's override) would.

        The loopback server's ``invoke_command`` refuses commands hidden by
        ``default_member_permissions`` (as the Discord client does); the bot must still
        refuse at run time, so this sends the interaction without that check.
        """
        server = self.server
        channel = server._channel(self.channel)  # private: the server has no public bypass
        data = server._command_data(channel, name, options or {}, focused=None)
        return await server._dispatch_interaction(
            InteractionType.APPLICATION_COMMAND, name, user, channel, data
        )


async def make_newsroom(
    server: DiscordServer,
    tmp_path: Path,
    *,
    pack: Path | None = None,
    ops: Callable[[KnowledgeStore], Operations] | None = None,
    **settings_overrides: Any,
) -> tuple[Newsroom, Any]:
    """The newsroom (on the newsroom pack unless ``pack`` is given) and its not-yet-running
    client, as an async context manager that runs it. ``ops`` builds the bot's operations
    layer from its store (default: a quiet one, no query log, no HTTP endpoint)."""
    scene = await server.create_scene()
    answer_channel = await server.create_text_channel(scene.guild, "ask-reportbot")
    editor_role = await server.create_role(scene.guild, "Fact editors")
    editor = server.create_user("factchecker")
    await server.add_member(scene.guild, editor, roles=[editor_role])
    operator = server.application_owner
    await server.add_member(scene.guild, operator, roles=[scene.admin_role])
    pack = pack or write_newsroom_pack(tmp_path / "pack")
    options: dict[str, Any] = {
        "token": server.token,
        "knowledge": pack,
        "admin_role_ids": frozenset({editor_role.id}),
        "answer_channel_ids": frozenset({answer_channel.id}),
        "guild_ids": (scene.guild.id,),
        # Generous: tests ask many questions in a row; the buckets are tested on their own.
        "cooldown_questions": Rate(100, 10.0),
        "cooldown_lookups": Rate(100, 10.0),
        "cooldown_admin": Rate(100, 60.0),
        **settings_overrides,
    }
    settings = Settings(**options)
    store = KnowledgeStore.open(pack)
    bot = ReportBot(
        settings, store, guild_ready_timeout=0.05, ops=ops(store) if ops is not None else None
    )
    room = Newsroom(
        server=server,
        scene=scene,
        bot=bot,
        store=store,
        pack=pack,
        answer_channel=answer_channel,
        editor_role=editor_role,
        editor=editor,
        operator=operator,
        settings=settings,
    )
    return room, running_client(server, bot)


@pytest_asyncio.fixture(name="newsroom")
async def newsroom_fixture(
    discord_server: DiscordServer, tmp_path: Path
) -> AsyncIterator[Newsroom]:
    """The newsroom with a running in-process bot whose commands are synced to the guild."""
    room, running = await make_newsroom(discord_server, tmp_path)
    async with running:
        await room.bot.sync_commands()
        yield room
    assert_discord_manners(discord_server)


# --------------------------------------------------------------------------- subprocesses


class ProcessLog:
    """Collects a child's stderr line by line; tests await a line instead of sleeping."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._read(stream))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.lines.append(line.decode(errors="replace").rstrip("\n"))
            self._changed.set()
        self._changed.set()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    async def wait_for(self, pattern: str, *, timeout: float = 30.0, start: int = 0) -> str:
        """The first line (from index ``start``) matching the regex ``pattern``."""
        regex = re.compile(pattern)

        async def scan() -> str:
            seen = start
            while True:
                for line in self.lines[seen:]:
                    if regex.search(line):
                        return line
                seen = max(seen, len(self.lines))
                if self._task.done():
                    raise AssertionError(f"process ended before {pattern!r}:\n{self.text}")
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(scan(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"no line matching {pattern!r} in {timeout}s:\n{self.text}"
            ) from None

    async def closed(self) -> None:
        await self._task


def child_env(**values: str) -> dict[str, str]:
    """The test's environment minus anything that could reach a real Discord or leak a token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REPORTBOT_"))}
    env.update(values)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: ProcessLog

    async def stop(self, timeout: float = 30.0) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            code = await self.process.wait()
        await self.log.closed()
        return code


async def start_reportbot(*args: str, env: dict[str, str], cwd: Path) -> BotProcess:
    """``python -m bot ARGS`` as a real child process, stderr captured line by line."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    return BotProcess(process, ProcessLog(process.stderr))
