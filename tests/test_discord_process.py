"""``reportbot run`` and ``reportbot sync`` as real processes against the loopback Discord.

The child reaches the server only through ``REPORTBOT_DISCORD_API_BASE``; its stderr is read
line by line and every wait is for a line or an event, never a sleep.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli import main
from bot.discord.api_base import reset_api_base
from bot.discord.app import sync_only
from bot.discord.config import Settings
from tests.discord_fixtures import (
    ANSWERED,
    PACK,
    all_text,
    assert_discord_manners,
    child_env,
    start_reportbot,
    write_newsroom_pack,
)
from tests.discord_server import API_BASE_ENV, DiscordServer

TOKEN = "test-token"
STATEMENT = "The mayor said the library budget would be cut."
NEW_STATEMENT = "The mayor said the library budget would be cut by a large amount."


@pytest_asyncio.fixture
async def server() -> AsyncIterator[DiscordServer]:
    """A loopback Discord that accepts the fake token ``test-token``."""
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
            DISCORD_TOKEN="not-the-token",
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
    assert "Traceback" not in wrong.log.text and "not-the-token" not in wrong.log.text
    server.core.violations.clear()  # the 401 for the wrong token is the point of this test


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
        f"synced guild {scene.guild.id}: ask, claim, discrepancies, help, quote, quotes, "
        "reload, sources, unanswered"
    )
    assert len(server.commands(scene.guild)) == 9
    assert server.commands(None) == []  # nothing global: guild sync is the instant kind


async def test_sync_without_guilds_is_global(
    server: DiscordServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(API_BASE_ENV, server.api_base)
    lines = await sync_only(Settings(token=TOKEN, guild_ids=()))
    assert lines == [
        "global: ask, claim, discrepancies, help, quote, quotes, reload, sources, unanswered"
    ]
    assert {c["name"] for c in server.commands(None)} >= {"ask", "reload"}


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("REPORTBOT_ADMIN_ROLE_IDS", "Editors", "REPORTBOT_ADMIN_ROLE_IDS must be comma-separated"),
        ("REPORTBOT_ANSWER_CHANNEL_IDS", "12,#news", "REPORTBOT_ANSWER_CHANNEL_IDS must be"),
        ("REPORTBOT_COOLDOWN_SECONDS", "soon", "REPORTBOT_COOLDOWN_SECONDS must be a number"),
        ("REPORTBOT_LOG_LEVEL", "loud", "REPORTBOT_LOG_LEVEL must be one of"),
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
