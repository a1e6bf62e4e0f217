"""``reportbot doctor`` as an operator runs it, as a real process: offline, one line per check,
exit 1 when anything must be fixed before ``reportbot run``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT
from tests.discord_server.core import discord_shaped_token

APP_ID = 123456789012345678
TOKEN = discord_shaped_token(APP_ID)


def doctor(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTBOT_", "DISCORD_"))}
    environ["REPORTBOT_CACHE_DIR"] = "off"
    return subprocess.run(
        [sys.executable, "-m", "bot", "doctor"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT), **env},
        timeout=60,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_good_setup_passes_and_gets_its_invite_url(tmp_path: Path) -> None:
    port = free_port()
    result = doctor(
        tmp_path,
        DISCORD_TOKEN=TOKEN,
        REPORTBOT_KNOWLEDGE=str(EXAMPLE),
        REPORTBOT_HEALTH_PORT=str(port),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"ok    token: shaped like a bot token, for application {APP_ID}" in out
    assert (
        f"https://discord.com/oauth2/authorize?client_id={APP_ID}"
        "&scope=bot+applications.commands&permissions=274877991936" in out
    )
    assert "no privileged intent needed" in out
    assert f"ok    pack: {EXAMPLE} (environment): 'example'" in out
    assert f"sqlite {tmp_path / 'reportbot-queries.sqlite3'} (default): will be created" in out
    assert f"ok    health: 127.0.0.1:{port} is free" in out
    assert TOKEN not in out + result.stderr
    assert not (tmp_path / "reportbot-queries.sqlite3").exists(), "a check never creates it"


def test_everything_that_would_stop_run_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: [oops\n", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = doctor(
            tmp_path,
            DISCORD_TOKEN="Bot " + TOKEN,
            REPORTBOT_KNOWLEDGE=str(broken),
            REPORTBOT_QUERY_LOG=str(tmp_path / "missing-dir" / "q.sqlite3"),
            REPORTBOT_HEALTH_PORT=str(port),
            REPORTBOT_ANSWER_CHANNEL_IDS="123456789012345678",
        )
    assert result.returncode == 1
    out = result.stdout
    assert "FAIL  token: DISCORD_TOKEN starts with 'Bot': put the token alone" in out
    assert "invite" not in out  # no id to build it from
    assert "warn  intents:" in out and "privileged Message Content intent" in out
    assert f"FAIL  pack: {broken} (environment): 1 problem in the fact pack" in out
    assert "FAIL  query log:" in out and "is not a writable directory" in out
    assert f"FAIL  health: 127.0.0.1:{port} cannot be listened on" in out
    assert "4 problem(s) to fix before `reportbot run`." in out
    assert TOKEN not in out + result.stderr


def test_without_a_token_it_says_what_to_set(tmp_path: Path) -> None:
    result = doctor(tmp_path, REPORTBOT_KNOWLEDGE=str(EXAMPLE))
    assert result.returncode == 1
    assert "FAIL  token: DISCORD_TOKEN is not set" in result.stdout


def test_an_existing_query_log_is_read_not_written(tmp_path: Path) -> None:
    import asyncio

    from bot.querylog.sqlite import SQLiteQueryLog
    from tests.querylog_contract import entry

    db = tmp_path / "q.sqlite3"

    async def fill() -> None:
        log = SQLiteQueryLog(db)
        await log.record(entry("who is rod"))
        await log.close()

    asyncio.run(fill())
    before = db.stat().st_mtime_ns
    result = doctor(
        tmp_path, DISCORD_TOKEN=TOKEN, REPORTBOT_KNOWLEDGE=str(EXAMPLE), REPORTBOT_QUERY_LOG=str(db)
    )
    assert result.returncode == 0, result.stdout
    assert f"ok    query log: sqlite {db} (environment): 1 entry" in result.stdout
    assert db.stat().st_mtime_ns == before
