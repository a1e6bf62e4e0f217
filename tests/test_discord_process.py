"""``reportbot run`` and ``reportbot sync`` as real processes against the loopback Discord.

The child reaches the server only through ``REPORTBOT_DISCORD_API_BASE``; its stderr is read
line by line and every wait is for a line or an event, never a sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.cli import main
from bot.discord.api_base import reset_api_base
from bot.discord.app import sync_only
from bot.discord.permissions import SHUTTING_DOWN
from bot.settings import Settings
from tests.discord_fixtures import (
    ANSWERED,
    PACK,
    all_text,
    assert_discord_manners,
    child_env,
    start_reportbot,
    write_newsroom_pack,
)
from tests.discord_server import DiscordServer
from tests.discord_server.core import discord_shaped_token

TOKEN = discord_shaped_token(123456789012345678)  # a fake, shaped like a real bot token
STATEMENT = "The mayor said the library budget would be cut."
NEW_STATEMENT = "The mayor said the library budget would be cut by a large amount."


@pytest_asyncio.fixture
async def server() -> AsyncIterator[DiscordServer]:
    """A loopback Discord that accepts the fake token ``TOKEN``."""
    async with DiscordServer(token=TOKEN) as running:
        try:
            yield running
        finally:
            reset_api_base()
    assert_discord_manners(running)


async def test_run_answers_reloads_on_sighup_and_stops_cleanly(
    server: DiscordServer, tmp_path: Path
) -> None:
    scene = await server.create_scene()
    pack = write_newsroom_pack(tmp_path / "pack")
    workdir = tmp_path / "work"
    workdir.mkdir()
    # .env supplies what the environment leaves unset, and never overrides it.
    (workdir / ".env").write_text(
        f"DISCORD_TOKEN={TOKEN}\n"
        f"REPORTBOT_DISCORD_API_BASE={server.api_base}\n"
        "REPORTBOT_KNOWLEDGE=/nonexistent/pack\n",
        encoding="utf-8",
    )
    env = child_env(
        REPORTBOT_KNOWLEDGE=str(pack),
        REPORTBOT_GUILD_IDS=str(scene.guild.id),
        REPORTBOT_COOLDOWN_QUESTIONS="20",
    )
    mark = server.mark()
    bot = await start_reportbot("run", "--sync", env=env, cwd=workdir)
    try:
        commands = await server.wait_for_command_sync(scene.guild, timeout=20)
        assert "reload" in {c["name"] for c in commands}
        await server.wait_until_ready(after=mark, timeout=20)

        handle = await server.invoke_command(
            scene.member, scene.channel, "ask", {"question": ANSWERED}
        )
        answer = await handle.wait_response(timeout=3)
        assert answer.accepted and STATEMENT in all_text(answer)

        question = await server.send_message(
            scene.member, scene.channel, f"{server.bot_user.mention} did the DA comment?"
        )
        reply = await server.wait_for_message(
            scene.channel,
            predicate=lambda m: (
                m.reference is not None and int(m.reference["message_id"]) == question.id
            ),
        )
        assert "declined to comment" in all_text(reply)

        # A good pack and SIGHUP: new facts answer.
        (pack / "pack.yaml").write_text(
            PACK.replace('version: "1"', 'version: "2"').replace(STATEMENT, NEW_STATEMENT),
            encoding="utf-8",
        )
        seen = len(bot.log.lines)
        bot.process.send_signal(signal.SIGHUP)
        line = await bot.log.wait_for(r"reload by SIGHUP at \S+: ok", start=seen)
        assert "version 2" in line and "claims: 0 added, 0 removed, 1 changed" in line
        handle = await server.invoke_command(
            scene.member, scene.channel, "ask", {"question": ANSWERED}
        )
        assert NEW_STATEMENT in all_text(await handle.wait_response(timeout=3))

        # A broken pack and SIGHUP: refused, logged, the last good facts keep answering.
        (pack / "pack.yaml").write_text(PACK + "quotes: [oops\n", encoding="utf-8")
        seen = len(bot.log.lines)
        bot.process.send_signal(signal.SIGHUP)
        await bot.log.wait_for(r"reload by SIGHUP at \S+: refused", start=seen)
        await bot.log.wait_for(r"pack\.yaml:\d+:\d+: ", start=seen)
        handle = await server.invoke_command(
            scene.member, scene.channel, "ask", {"question": ANSWERED}
        )
        assert NEW_STATEMENT in all_text(await handle.wait_response(timeout=3))
    finally:
        code = await bot.stop()
    assert code == 0, bot.log.text
    assert "shutting down" in bot.log.text
    assert TOKEN not in bot.log.text  # the shared logging set-up redacts it
    assert "Traceback" not in bot.log.text


async def test_run_refuses_clearly_without_a_token_or_with_a_wrong_one(
    server: DiscordServer, tmp_path: Path
) -> None:
    pack = write_newsroom_pack(tmp_path / "pack")
    missing = await start_reportbot(
        "run", env=child_env(REPORTBOT_KNOWLEDGE=str(pack)), cwd=tmp_path
    )
    wrong = await start_reportbot(
        "run",
        env=child_env(
            DISCORD_TOKEN=discord_shaped_token(987654321098765432),  # shaped, but not this bot's
            REPORTBOT_DISCORD_API_BASE=server.api_base,
            REPORTBOT_KNOWLEDGE=str(pack),
        ),
        cwd=tmp_path,
    )
    missing_code, wrong_code = await asyncio.gather(
        asyncio.wait_for(missing.process.wait(), 20), asyncio.wait_for(wrong.process.wait(), 20)
    )
    await missing.log.closed()
    await wrong.log.closed()
    assert missing_code == 3
    assert "DISCORD_TOKEN is not set" in missing.log.text
    assert "Traceback" not in missing.log.text
    assert wrong_code == 3
    assert "Discord refused the token in DISCORD_TOKEN" in wrong.log.text
    assert "Traceback" not in wrong.log.text
    server.core.violations.clear()  # the 401 for the wrong token is the point of this test


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Bot " + TOKEN, "DISCORD_TOKEN starts with 'Bot': put the token alone"),
        ("not-the-token", "DISCORD_TOKEN does not look like a bot token"),
        (f'"{TOKEN}"', "DISCORD_TOKEN is wrapped in quotes"),
        (TOKEN[:-20], "DISCORD_TOKEN looks cut short"),
        ("a" * 32, "That looks like the OAuth2 client secret"),
    ],
)
async def test_a_malformed_token_is_refused_before_anything_goes_online(
    server: DiscordServer, tmp_path: Path, token: str, expected: str
) -> None:
    pack = write_newsroom_pack(tmp_path / "pack")
    for command in ("run", "sync"):
        child = await start_reportbot(
            command,
            env=child_env(
                DISCORD_TOKEN=token,
                REPORTBOT_DISCORD_API_BASE=server.api_base,
                REPORTBOT_KNOWLEDGE=str(pack),
            ),
            cwd=tmp_path,
        )
        code = await asyncio.wait_for(child.process.wait(), 20)
        await child.log.closed()
        assert code == 3, child.log.text
        assert expected in child.log.text
        assert "could not reach Discord" not in child.log.text and "Traceback" not in child.log.text
        assert token not in child.log.text
    # Not one request reached "Discord", not even the gateway lookup.
    assert server.requests == [] and server.gateway_connections == []


async def test_sync_registers_the_commands_per_guild_as_a_process(
    server: DiscordServer, tmp_path: Path
) -> None:
    scene = await server.create_scene()
    env = child_env(
        DISCORD_TOKEN=TOKEN,
        REPORTBOT_DISCORD_API_BASE=server.api_base,
        REPORTBOT_GUILD_IDS=str(scene.guild.id),
    )
    sync = await start_reportbot("sync", env=env, cwd=tmp_path)
    assert sync.process.stdout is not None
    out, _ = await asyncio.gather(sync.process.stdout.read(), sync.process.wait())
    await sync.log.closed()
    assert sync.process.returncode == 0, sync.log.text
    assert out.decode().strip() == (
        f"synced guild {scene.guild.id}: ask, claim, discrepancies, forget, help, quote, "
        "quotes, reload, sources, unanswered"
    )
    assert len(server.commands(scene.guild)) == 10
    assert server.commands(None) == []  # nothing global: guild sync is the instant kind


async def test_sync_without_guilds_is_global(server: DiscordServer) -> None:
    settings = Settings(token=TOKEN, guild_ids=(), discord_api_base=server.api_base)
    lines = await sync_only(settings)
    assert lines == [
        "global: ask, claim, discrepancies, forget, help, quote, quotes, reload, sources, "
        "unanswered"
    ]
    assert {c["name"] for c in server.commands(None)} >= {"ask", "reload"}


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("REPORTBOT_ADMIN_ROLE_IDS", "Editors", "REPORTBOT_ADMIN_ROLE_IDS must be comma-separated"),
        ("REPORTBOT_ANSWER_CHANNEL_IDS", "12,#news", "REPORTBOT_ANSWER_CHANNEL_IDS must be"),
        ("REPORTBOT_COOLDOWN_QUESTIONS", "soon", "REPORTBOT_COOLDOWN_QUESTIONS must be COUNT/"),
        ("REPORTBOT_LOG_LEVEL", "loud", "REPORTBOT_LOG_LEVEL must be one of"),
        ("REPORTBOT_SHARD_COUNT", "many", "REPORTBOT_SHARD_COUNT must be 'auto' or a whole"),
        ("REPORTBOT_SHARD_IDS", "0,1", "REPORTBOT_SHARD_IDS is set but REPORTBOT_SHARD_COUNT"),
        ("REPORTBOT_ALLOWED_GUILD_IDS", "Newsroom", "REPORTBOT_ALLOWED_GUILD_IDS must be"),
    ],
)
def test_bad_settings_are_refused_naming_the_variable(
    variable: str,
    value: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv(variable, value)
    assert main(["run"]) == 3
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and TOKEN not in err


# --------------------------------------------------------------------------- graceful shutdown


class HoldingProxy:
    """A REST proxy in front of the loopback Discord that holds the first request matching
    ``hold`` until the test releases it: a reply the bot has in flight, for as long as needed."""

    def __init__(self, upstream: str, hold: Callable[[web.Request], bool]) -> None:
        self.upstream = upstream
        self.hold = hold
        self.held = asyncio.Event()
        self.release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def __aenter__(self) -> HoldingProxy:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._session = aiohttp.ClientSession()
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release.set()
        assert self._runner is not None and self._session is not None
        await self._runner.cleanup()
        await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        if not self.held.is_set() and self.hold(request):
            self.held.set()
            await self.release.wait()
        assert self._session is not None
        skip = {"host", "content-length", "transfer-encoding"}
        headers = {k: v for k, v in request.headers.items() if k.lower() not in skip}
        async with self._session.request(
            request.method,
            self.upstream + request.path_qs,
            data=await request.read(),
            headers=headers,
        ) as answer:
            body = await answer.read()
            out = {"Content-Type": answer.headers.get("Content-Type", "application/json")}
            return web.Response(status=answer.status, body=body or None, headers=out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _healthz(port: int) -> tuple[int, dict[str, object]]:
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, json.loads(await response.text())


async def test_sigterm_lets_the_reply_in_flight_finish_then_closes_the_query_log(
    server: DiscordServer, tmp_path: Path
) -> None:
    scene = await server.create_scene()
    pack = write_newsroom_pack(tmp_path / "pack")
    db, port = tmp_path / "queries.sqlite3", _free_port()
    posts_reply = re.compile(rf"/api/v10/channels/{scene.channel.id}/messages$")

    def is_reply(request: web.Request) -> bool:
        return request.method == "POST" and bool(posts_reply.search(request.path))

    async with HoldingProxy(server.base_url, is_reply) as proxy:
        env = child_env(
            DISCORD_TOKEN=TOKEN,
            REPORTBOT_DISCORD_API_BASE=proxy.api_base,
            REPORTBOT_KNOWLEDGE=str(pack),
            REPORTBOT_GUILD_IDS=str(scene.guild.id),
            REPORTBOT_QUERY_LOG=str(db),
            REPORTBOT_HEALTH_PORT=str(port),
        )
        mark = server.mark()
        bot = await start_reportbot("run", "--sync", env=env, cwd=tmp_path)
        try:
            await server.wait_for_command_sync(scene.guild, timeout=20)
            await server.wait_until_ready(after=mark, timeout=20)
            await bot.log.wait_for(r"health and metrics on http://127\.0\.0\.1:")

            question = await server.send_message(
                scene.member, scene.channel, f"{server.bot_user.mention} {ANSWERED}"
            )
            await asyncio.wait_for(proxy.held.wait(), 10)  # the reply is on its way, held
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"http://127.0.0.1:{port}/metrics") as scraped,
            ):
                metrics = await scraped.text()
            assert 'reportbot_questions_total{outcome="answered",reason="answered"} 1.0' in metrics
            assert "reportbot_replies_in_flight 1.0" in metrics
            seen = len(bot.log.lines)
            bot.process.send_signal(signal.SIGTERM)
            await bot.log.wait_for(r"shutting down \(SIGTERM\): 1 job\(s\) in flight", start=seen)

            # Stopping: unhealthy, and new work is turned away politely, not dropped.
            status, health = await _healthz(port)
            assert status == 503 and health["shutting_down"] is True
            handle = await server.invoke_command(
                scene.member, scene.channel, "ask", {"question": ANSWERED}
            )
            late = await handle.wait_response(timeout=3)
            assert late.accepted and late.ephemeral and late.content == SHUTTING_DOWN
            assert bot.process.returncode is None  # still waiting for the reply in flight

            proxy.release.set()
            reply = await server.wait_for_message(
                scene.channel,
                predicate=lambda m: (
                    m.reference is not None and int(m.reference["message_id"]) == question.id
                ),
                timeout=10,
            )
            assert STATEMENT in all_text(reply)
            code = await asyncio.wait_for(bot.process.wait(), 20)
        finally:
            code = await bot.stop()
    assert code == 0, bot.log.text
    assert re.search(r"shut down in [\d.]+s: 1 job\(s\) finished, 0 abandoned", bot.log.text)
    assert "Traceback" not in bot.log.text and TOKEN not in bot.log.text
    # The query log was closed cleanly (checkpointed: no -wal file) and holds the question.
    assert not Path(f"{db}-wal").exists()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        logged = conn.execute(
            "SELECT question, answered, guild_id, channel_id FROM reportbot_queries"
        ).fetchall()
    assert logged == [(ANSWERED, 1, scene.guild.id, scene.channel.id)]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("REPORTBOT_HEALTH_PORT", "99999", "REPORTBOT_HEALTH_PORT must be a port number"),
        ("REPORTBOT_QUERY_LOG", "mysql://db/x", "REPORTBOT_QUERY_LOG: unsupported URL scheme"),
        ("REPORTBOT_SHUTDOWN_SECONDS", "soon", "REPORTBOT_SHUTDOWN_SECONDS must be a number"),
    ],
)
def test_bad_operations_settings_are_refused_naming_the_variable(
    variable: str,
    value: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("REPORTBOT_KNOWLEDGE", str(write_newsroom_pack(tmp_path / "pack")))
    monkeypatch.delenv("REPORTBOT_DISCORD_API_BASE", raising=False)
    monkeypatch.setenv(variable, value)
    assert main(["run"]) == 3
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and TOKEN not in err
    assert not (tmp_path / "reportbot-queries.sqlite3").exists()  # refused before opening it


async def test_discord_out_of_reach_exits_4_which_a_supervisor_may_retry(tmp_path: Path) -> None:
    pack = write_newsroom_pack(tmp_path / "pack")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    child = await start_reportbot(
        "run",
        env=child_env(
            DISCORD_TOKEN=TOKEN,
            REPORTBOT_DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10",
            REPORTBOT_KNOWLEDGE=str(pack),
            REPORTBOT_QUERY_LOG="off",
        ),
        cwd=tmp_path,
    )
    code = await asyncio.wait_for(child.process.wait(), 30)
    await child.log.closed()
    assert code == 4, child.log.text
    assert "could not get the gateway URL" in child.log.text and "Traceback" not in child.log.text
