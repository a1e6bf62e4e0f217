"""One settings module for every command: the environment, then ``.env``, the same way for
``validate``, ``ask``, ``console``, ``report`` and ``erase-user`` as for ``run``; one word list
for on and off; every value checked by name; every variable documented."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.querylog.sqlite import SQLiteQueryLog
from bot.settings import VARIABLES, ConfigError, load_settings
from tests.conftest import EXAMPLE, ROOT
from tests.querylog_contract import entry


def reportbot(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("REPORTBOT_", "DISCORD_"))}
    environ["REPORTBOT_CACHE_DIR"] = os.environ.get("REPORTBOT_CACHE_DIR", "off")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )


@pytest.fixture
def deployment(tmp_path: Path) -> Path:
    """A working directory whose .env points at its own pack and query log, as a bot's does."""
    db = tmp_path / "queries.sqlite3"

    async def fill() -> None:
        log = SQLiteQueryLog(db)
        await log.record(entry("who is rod?"))
        await log.close()

    asyncio.run(fill())
    (tmp_path / ".env").write_text(
        f"REPORTBOT_KNOWLEDGE={EXAMPLE}\nREPORTBOT_QUERY_LOG={db}\n", encoding="utf-8"
    )
    return tmp_path


def test_every_command_reads_the_env_file_the_way_run_does(deployment: Path) -> None:
    validate = reportbot("validate", cwd=deployment)
    assert validate.returncode == 0, validate.stderr
    assert f"validating {EXAMPLE} (.env {deployment / '.env'})" in validate.stderr
    assert "pack 'example'" in validate.stdout  # not the bundled pack
    ask = reportbot("ask", "what happens to the library budget", cwd=deployment)
    assert "library budget would be cut" in ask.stdout, ask.stderr
    console = reportbot("console", cwd=deployment, stdin="what happens to the library budget\n")
    assert "library budget would be cut" in console.stdout, console.stderr
    report = reportbot("report", cwd=deployment)
    assert report.returncode == 0, report.stderr
    assert "who is rod?" in report.stdout  # the bot's log, not an empty one
    assert f"query log sqlite {deployment / 'queries.sqlite3'} (.env" in report.stderr
    erase = reportbot("erase-user", "42", cwd=deployment)
    assert erase.returncode == 0 and "queries.sqlite3" in erase.stdout, erase.stderr


def test_the_environment_wins_over_the_env_file(deployment: Path) -> None:
    bundled = reportbot(
        "validate", cwd=deployment, env={"REPORTBOT_KNOWLEDGE": str(ROOT / "knowledge")}
    )
    assert bundled.returncode == 0, bundled.stderr
    assert "(environment)" in bundled.stderr and "pack 'example'" not in bundled.stdout


def test_a_bad_value_stops_any_command_naming_the_variable(deployment: Path) -> None:
    with (deployment / ".env").open("a", encoding="utf-8") as env_file:
        env_file.write("REPORTBOT_LOG_USER_IDS=sometimes\n")
    for command in (["validate"], ["ask", "hi"], ["report"], ["erase-user", "1"]):
        result = reportbot(*command, cwd=deployment)
        assert result.returncode == 2, (command, result.stderr)
        assert "REPORTBOT_LOG_USER_IDS must be on or off" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_misspelt_variable_is_pointed_out(deployment: Path) -> None:
    result = reportbot("validate", cwd=deployment, env={"REPORTBOT_LOG_USERIDS": "on"})
    assert result.returncode == 0
    assert (
        "warning: REPORTBOT_LOG_USERIDS is not a reportbot setting; did you mean "
        "REPORTBOT_LOG_USER_IDS?" in result.stderr
    )


def test_a_named_env_file_must_exist(tmp_path: Path) -> None:
    result = reportbot("validate", "--env-file", str(tmp_path / "nope.env"), cwd=tmp_path)
    assert result.returncode == 2 and "which is no file" in result.stderr


FLAGS = [name for name, v in VARIABLES.items() if v.parse.__name__ == "_flag"]


@pytest.mark.parametrize("name", FLAGS)
def test_one_vocabulary_for_on_and_off(name: str) -> None:
    field = {
        "REPORTBOT_ADMIN_MANAGE_SERVER": "admin_manage_server",
        "REPORTBOT_LOG_USER_IDS": "log_user_ids",
        "REPORTBOT_LOG_ANSWER_CHANNELS": "log_answer_channels",
    }[name]
    extra = {"REPORTBOT_GUILD_IDS": "42"}  # admin settings need an admin server
    words = {"on": True, "1": True, "TRUE": True, "yes": True}
    words |= {"off": False, "0": False, "false": False, "No": False}
    for word, meaning in words.items():
        assert getattr(load_settings({name: word, **extra}), field) is meaning, word
    with pytest.raises(ConfigError, match=f"{name} must be on or off"):
        load_settings({name: "enabled", **extra})


def test_reportbot_log_level_is_defined_once_and_read_everywhere_alike() -> None:
    from bot.observability import logging as reportbot_logging

    assert reportbot_logging.ENV_LEVEL in VARIABLES
    with pytest.raises(ConfigError, match="REPORTBOT_LOG_LEVEL must be one of"):
        reportbot_logging.configure_logging(env={"REPORTBOT_LOG_LEVEL": "chatty"})


def test_every_setting_is_documented_and_every_documented_setting_exists() -> None:
    docs = "\n".join(
        (ROOT / path).read_text(encoding="utf-8")
        for path in ("docs/discord.md", "docs/privacy.md", "deploy/README.md")
    )
    documented = set(re.findall(r"\| `((?:REPORTBOT|DISCORD)_[A-Z_]+)`", docs))
    if "`REPORTBOT_HEALTH_PORT` / `_HOST`" in docs:
        documented |= {"REPORTBOT_HEALTH_PORT", "REPORTBOT_HEALTH_HOST"}
    internal = {"REPORTBOT_COOLDOWN_SECONDS", "REPORTBOT_ENV_FILE"}  # replaced; shown in prose
    assert documented - set(VARIABLES) == set()
    assert set(VARIABLES) - documented - internal == set()
