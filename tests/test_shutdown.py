"""Graceful shutdown, with real signals: a real process gets SIGTERM while a reply is in flight,
refuses new work, finishes the reply, closes a real SQLite query log, and says so."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.observability.health import HealthState
from bot.observability.metrics import Metrics
from bot.observability.shutdown import GracefulShutdown, ShuttingDown
from tests.conftest import ROOT

# The bot in miniature: one reply in flight, a query log, the helper wired as the bot will be.
SCRIPT = """
import asyncio, sys
from bot.observability.shutdown import GracefulShutdown, ShuttingDown
from bot.querylog import FaultTolerantQueryLog, QueryEntry
from bot.querylog.sqlite import SQLiteQueryLog
from datetime import UTC, datetime

# job: how long the reply in flight takes, in seconds, or "held": until the message that arrives
# after the signal has been refused, so the reply is in flight at the signal however slow the
# machine is.
db, job, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])

def say(text):
    print(text, flush=True)

async def main():
    log = FaultTolerantQueryLog(SQLiteQueryLog(db))
    await log.open()
    lifecycle = GracefulShutdown(timeout=timeout)
    lifecycle.on_close("query log", log.close)

    async def reload():
        say("reloaded")

    lifecycle.install_signal_handlers(reload=reload)

    released = asyncio.Event()

    async def reply(n, seconds):
        try:
            async with lifecycle.job():
                say(f"job {n} started")
                if seconds is None:
                    await released.wait()
                else:
                    await asyncio.sleep(seconds)
                await log.record(QueryEntry(datetime.now(UTC), 1, 2, None, f"job {n}",
                                            None, 0.1, False, "no_match"))
                say(f"job {n} finished")
        except ShuttingDown:
            say(f"job {n} refused")
        except asyncio.CancelledError:
            say(f"job {n} cancelled")
            raise

    first = asyncio.create_task(reply(1, None if job == "held" else float(job)))
    await asyncio.sleep(0)
    say("READY")
    reason = await lifecycle.wait_requested()
    say(f"got {reason}")
    await reply(2, 0)  # a message arriving after the signal
    released.set()
    report = await lifecycle.wait()
    await asyncio.gather(first, return_exceptions=True)
    say(f"report finished={report.finished} abandoned={report.abandoned} clean={report.clean}")
    return 0 if report.clean else 1

sys.exit(asyncio.run(main()))
"""


def start(tmp_path: Path, job: float | str, timeout: float) -> tuple[subprocess.Popen, Path]:
    script = tmp_path / "minibot.py"
    script.write_text(SCRIPT, encoding="utf-8")
    db = tmp_path / "queries.sqlite3"
    process = subprocess.Popen(
        [sys.executable, str(script), str(db), str(job), str(timeout)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return process, db


def read_until(process: subprocess.Popen, wanted: str) -> list[str]:
    assert process.stdout is not None
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, f"exited before {wanted!r}: {lines} {process.stderr.read()}"  # type: ignore[union-attr]
        lines.append(line.rstrip("\n"))
        if lines[-1] == wanted:
            return lines


def rows(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute("SELECT question FROM reportbot_queries")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_lets_the_reply_in_flight_finish_and_closes_the_log(
    tmp_path: Path, sig: signal.Signals
) -> None:
    process, db = start(tmp_path, job="held", timeout=60)
    assert read_until(process, "READY") == ["job 1 started", "READY"]

    process.send_signal(signal.SIGHUP)  # a reload on the way does not disturb anything
    assert read_until(process, "reloaded") == ["reloaded"]
    signalled = time.monotonic()
    process.send_signal(sig)
    out, err = process.communicate(timeout=30)

    assert process.returncode == 0, err
    assert out.splitlines() == [
        f"got {sig.name}",
        "job 2 refused",
        "job 1 finished",
        "report finished=1 abandoned=0 clean=True",
    ]
    # Only the timeout's 60 s would take this long; the job ends in milliseconds.
    assert time.monotonic() - signalled < 30, "it waited for the timeout, not for the job"
    assert rows(db) == ["job 1"]
    assert not Path(f"{db}-wal").exists(), "the query log was closed and checkpointed"


def test_a_reply_that_outlasts_the_timeout_is_cancelled_and_the_log_still_closes(
    tmp_path: Path,
) -> None:
    process, db = start(tmp_path, job=60, timeout=0.5)
    read_until(process, "READY")
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)

    assert process.returncode == 1, err
    assert out.splitlines() == [
        "got SIGTERM",
        "job 2 refused",
        "job 1 cancelled",
        "report finished=0 abandoned=1 clean=False",
    ]
    assert rows(db) == []
    assert not Path(f"{db}-wal").exists()


def test_a_second_signal_stops_waiting(tmp_path: Path) -> None:
    process, _ = start(tmp_path, job=60, timeout=60)
    read_until(process, "READY")
    process.send_signal(signal.SIGTERM)
    read_until(process, "job 2 refused")
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert out.splitlines() == ["job 1 cancelled", "report finished=0 abandoned=1 clean=False"]


async def test_closers_run_in_order_and_one_failing_does_not_stop_the_rest() -> None:
    metrics = Metrics(process=False)
    health = HealthState()
    lifecycle = GracefulShutdown(timeout=30, close_timeout=1, health=health, metrics=metrics)
    closed: list[str] = []

    async def close(name: str) -> None:
        closed.append(name)

    async def broken() -> None:
        raise ConnectionError("gateway already gone")

    async def hangs() -> None:
        await asyncio.sleep(60)

    lifecycle.on_close("discord", broken)
    lifecycle.on_close("slow", hangs)
    lifecycle.on_close("query log", lambda: close("query log"))
    lifecycle.on_close("health server", lambda: close("health server"))
    lifecycle.install_signal_handlers()
    entered = asyncio.Event()
    released = asyncio.Event()

    async def reply() -> None:
        async with lifecycle.job():
            entered.set()
            assert metrics.registry.get_sample_value("reportbot_replies_in_flight") == 1
            await released.wait()  # in flight until the signal has been taken

    job = asyncio.create_task(reply())
    await entered.wait()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # a real signal, to this very process
        assert await asyncio.wait_for(lifecycle.wait_requested(), 30) == "SIGTERM"
        released.set()
        report = await asyncio.wait_for(lifecycle.wait(), 30)
    finally:
        lifecycle.remove_signal_handlers()
    await job

    assert report.reason == "SIGTERM" and report.finished == 1 and report.abandoned == 0
    assert closed == ["query log", "health server"]
    assert report.close_errors == (
        "discord: ConnectionError: gateway already gone",
        "slow: TimeoutError: ",
    )
    assert health.shutting_down
    assert metrics.registry.get_sample_value("reportbot_replies_in_flight") == 0
    with pytest.raises(ShuttingDown):
        async with lifecycle.job():
            pass
    assert await lifecycle.shutdown() is report  # once only
    lifecycle.request("the client task ended")  # after the fact: changes nothing
    assert await lifecycle.wait() is report
