"""Logs never show the Discord token: not in messages, arguments, extras, stacks or tracebacks,
whether the token was configured or merely looks like one; JSON logs are one object per line."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator

import pytest

from bot.observability.logging import (
    REDACTED,
    Redactor,
    configure_logging,
    secrets_from_env,
)
from tests.conftest import ROOT

# Built at run time: a token-shaped literal in the source would itself look like a leak.
FAKE_TOKEN = "MTA" + "4xYz" * 6 + "." + "GhIjKl" + "." + "q9" * 19
UNSHAPED_SECRET = "correct-horse-battery-staple"


class LoginFailure(Exception):
    pass


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """A fresh root handler writing to a buffer; the previous root configuration restored."""
    root = logging.getLogger()
    saved = (root.level, threading.excepthook, sys.excepthook)
    stream = io.StringIO()
    configure_logging(level="DEBUG", fmt="text", secrets=[UNSHAPED_SECRET], stream=stream, env={})
    yield stream
    for handler in [h for h in root.handlers if getattr(h, "_reportbot", False)]:
        root.removeHandler(handler)
    root.setLevel(saved[0])
    threading.excepthook, sys.excepthook = saved[1], saved[2]
    logging.captureWarnings(False)


def test_a_configured_secret_is_redacted_from_message_and_arguments(output: io.StringIO) -> None:
    log = logging.getLogger("reportbot.test")
    log.info("connecting with %s", UNSHAPED_SECRET)
    log.warning(f"inline {UNSHAPED_SECRET} too")
    text = output.getvalue()
    assert UNSHAPED_SECRET not in text
    assert text.count(REDACTED) == 2
    assert "connecting with [REDACTED]" in text


def test_anything_token_shaped_is_redacted_even_if_never_configured(output: io.StringIO) -> None:
    logging.getLogger("discord.http").debug("headers: %r", {"Authorization": "Bot abc.def"})
    logging.getLogger("discord.client").info("token was %s", FAKE_TOKEN)
    logging.getLogger("x").info("db at postgresql://bot:hunter2pw@db:5432/reportbot")
    text = output.getvalue()
    assert FAKE_TOKEN not in text and "abc.def" not in text and "hunter2pw" not in text
    assert "token was [REDACTED]" in text
    assert "'Authorization': 'Bot [REDACTED]'" in text
    assert "postgresql://bot:[REDACTED]@db:5432/reportbot" in text


def test_a_logged_exception_carrying_the_token_never_prints_it(output: io.StringIO) -> None:
    log = logging.getLogger("reportbot.discord")
    try:
        try:
            raise ValueError(f"bad header: Bot {FAKE_TOKEN}")
        except ValueError as cause:
            raise LoginFailure(f"Improper token has been passed: {FAKE_TOKEN}") from cause
    except LoginFailure:
        log.exception("login failed")

    text = output.getvalue()
    assert FAKE_TOKEN not in text
    assert "login failed" in text
    assert "Traceback (most recent call last)" in text
    assert f"LoginFailure: Improper token has been passed: {REDACTED}" in text
    assert "ValueError: bad header: Bot [REDACTED]" in text  # the cause, too


def test_extras_and_stack_traces_are_redacted(output: io.StringIO) -> None:
    logging.getLogger("x").info(
        "request", extra={"header": f"Bot {FAKE_TOKEN}", "shard": 3}, stack_info=True
    )
    text = output.getvalue()
    assert FAKE_TOKEN not in text
    assert "header='Bot [REDACTED]'" in text and "shard=3" in text
    assert "Stack (most recent call last)" in text


def test_broken_format_arguments_still_log(
    output: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.getLogger("x").info("two %s %s", UNSHAPED_SECRET)
    logging.getLogger("x").info("three %s %s %s", "only one")
    text = output.getvalue()
    assert "two %s %s ('[REDACTED]',)" in text and UNSHAPED_SECRET not in text
    assert "three %s %s %s ('only one',)" in text
    assert "Logging error" not in capsys.readouterr().err


def test_json_logs_are_one_redacted_object_per_line() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.level
    configure_logging(
        fmt="json",
        stream=stream,
        env={"DISCORD_TOKEN": UNSHAPED_SECRET},
        hook_exceptions=False,
    )
    try:
        log = logging.getLogger("reportbot.querylog")
        log.info("answered", extra={"guild_id": 1, "outcome": "no_match"})
        try:
            raise LoginFailure(UNSHAPED_SECRET)
        except LoginFailure:
            log.error("failed %s", "once", exc_info=True)
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_reportbot", False)]:
            root.removeHandler(handler)
        root.setLevel(saved)
        logging.captureWarnings(False)

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "reportbot.querylog"
    assert first["message"] == "answered"
    assert (first["guild_id"], first["outcome"]) == (1, "no_match")
    assert first["time"].endswith("+00:00")
    assert second["message"] == "failed once"
    assert second["exception_type"] == "LoginFailure"
    assert second["exception"].endswith(f"LoginFailure: {REDACTED}")
    assert UNSHAPED_SECRET not in stream.getvalue()


def test_secrets_come_from_the_environment() -> None:
    env = {
        "DISCORD_TOKEN": " tok-en-value ",
        "REPORTBOT_QUERY_LOG": "postgresql://bot:p%40ss@db/reportbot",
    }
    assert secrets_from_env(env) == ["tok-en-value", "p%40ss"]
    assert secrets_from_env({"DISCORD_TOKEN": "", "REPORTBOT_QUERY_LOG": "/var/q.db"}) == []
    redact = Redactor(["abc", None, ""])  # too short to be a secret: it would blank ordinary words
    assert redact("abc and abcd") == "abc and abcd"


def test_a_crash_of_a_real_process_never_prints_the_token() -> None:
    """Uncaught exceptions, in the main thread and in others, go through the filter too."""
    script = textwrap.dedent(
        """
        import logging, os, threading
        from bot.observability.logging import configure_logging
        configure_logging()
        token = os.environ["DISCORD_TOKEN"]
        logging.getLogger("discord.client").info("logging in using static token %s", token)
        worker = threading.Thread(target=lambda: 1 / 0 if token else None, name="worker")
        worker.start()
        worker.join()
        raise RuntimeError("401 Unauthorized for Bot " + token)
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": UNSHAPED_SECRET,
        "REPORTBOT_LOG_FORMAT": "json",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert UNSHAPED_SECRET not in result.stdout + result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert [r["level"] for r in records] == ["INFO", "CRITICAL", "CRITICAL"]
    assert records[1]["exception_type"] == "ZeroDivisionError"
    assert records[1]["message"] == "uncaught exception in thread worker"
    assert records[2]["exception"].endswith("RuntimeError: 401 Unauthorized for Bot [REDACTED]")
