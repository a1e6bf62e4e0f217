"""The query log on a real SQLite file: the shared contract, the file itself, the fault-tolerant
wrapper the bot writes through, the environment settings, and the CLI as a real process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answers.compose import answer_question
from bot.querylog import (
    FaultTolerantQueryLog,
    NullQueryLog,
    QueryEntry,
    QueryLogError,
    QueryLogSetting,
    normalise_question,
    open_query_log,
)
from bot.querylog.sqlite import SQLiteQueryLog
from bot.settings import ConfigError, load_settings
from bot.store import Snapshot
from tests import querylog_contract as contract
from tests.conftest import EXAMPLE, ROOT
from tests.querylog_contract import entry


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "queries.sqlite3"


@pytest.fixture
def open_log(db: Path) -> contract.OpenLog:
    async def open_log(store_user_ids: bool = False) -> SQLiteQueryLog:
        return SQLiteQueryLog(db, store_user_ids=store_user_ids)

    return open_log


@pytest.fixture
def user_ids(db: Path) -> contract.UserIds:
    async def user_ids() -> list[int | None]:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return [row[0] for row in conn.execute("SELECT user_id FROM reportbot_queries")]

    return user_ids


@pytest.fixture
def rows(db: Path) -> contract.Rows:
    async def rows() -> list[tuple[int | None, int | None, int | None, str]]:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            query = "SELECT guild_id, channel_id, user_id, question FROM reportbot_queries"
            return [tuple(row) for row in conn.execute(query)]

    return rows


@pytest.mark.parametrize("spec", contract.CONTRACT, ids=lambda f: f.__name__)
async def test_contract(spec, open_log) -> None:
    await spec(open_log)


@pytest.mark.parametrize("spec", contract.CONTRACT_WITH_USER_IDS, ids=lambda f: f.__name__)
async def test_contract_with_user_ids(spec, open_log, user_ids) -> None:
    await spec(open_log, user_ids)


@pytest.mark.parametrize("spec", contract.CONTRACT_WITH_ROWS, ids=lambda f: f.__name__)
async def test_contract_on_rows(spec, open_log, rows) -> None:
    await spec(open_log, rows)


@pytest.mark.parametrize(
    ("asked", "grouped_as"),
    [
        ("Who is Rod?", "who is rod"),
        ("  who   is\tROD ?!  ", "who is rod"),
        ("What’s the “draft”?", "what's the \"draft"),
        ("ＷＨＯ is rod", "who is rod"),  # full-width letters
        ("¿Quién es Rod?", "quién es rod"),
        ("is it 50%?", "is it 50"),
        ("...", ""),
    ],
)
def test_questions_are_grouped_ignoring_case_spacing_and_trailing_punctuation(
    asked: str, grouped_as: str
) -> None:
    assert normalise_question(asked) == grouped_as


def test_an_entry_records_what_the_answer_decided() -> None:
    snapshot = Snapshot.load(EXAMPLE)
    answered = answer_question("what happens to the library budget", snapshot)
    declined = answer_question("who won the world cup?", snapshot)

    yes = QueryEntry.from_answer(answered, guild_id=1, channel_id=2, user_id=3)
    no = QueryEntry.from_answer(declined, guild_id=None, channel_id=2)

    assert (yes.answered, yes.outcome, yes.claim_id) == (True, "answered", "budget-cut")
    assert yes.confidence == answered.confidence and yes.time.utcoffset().total_seconds() == 0
    assert (no.answered, no.outcome, no.claim_id, no.user_id) == (False, "no_match", None, None)


async def test_the_file_is_private_in_wal_mode_and_closed_cleanly(db: Path) -> None:
    log = SQLiteQueryLog(db)
    await log.record(entry("anything"))

    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(db)) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert other.execute("PRAGMA user_version").fetchone()[0] == 1
    assert Path(f"{db}-wal").exists()

    await log.close()

    assert not Path(f"{db}-wal").exists()  # checkpointed and removed: nothing half-written
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM reportbot_queries").fetchone()[0] == 1
    with pytest.raises(QueryLogError, match="closed"):
        await log.record(entry("after close"))


async def test_the_report_reads_while_the_bot_writes(db: Path) -> None:
    writer = SQLiteQueryLog(db)
    reader = SQLiteQueryLog(db)
    await writer.record(entry("first"))
    assert [q.normalised for q in await reader.top_unanswered(5)] == ["first"]
    await writer.record(entry("second", minutes=1))
    assert [q.normalised for q in await reader.top_unanswered(5)] == ["second", "first"]
    await asyncio.gather(writer.close(), reader.close())


# -- the wrapper the bot writes through ----------------------------------------------------


async def until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.001)


async def test_recording_never_waits_for_a_locked_database(db: Path) -> None:
    """Another process holding the write lock delays the entry, never the answer."""
    log = FaultTolerantQueryLog(SQLiteQueryLog(db))
    await log.open()
    locker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        for i in range(50):  # each returns while the lock is held: queued, not written
            await log.record(entry(f"question {i}"))
        assert log.pending == 50
        # The writer takes the first entry and waits on the lock, off the event loop (which
        # runs this test meanwhile); nothing reaches the database.
        await asyncio.wait_for(until(lambda: log.pending < 50), 30)
        assert log.pending == 49
        assert locker.execute("SELECT count(*) FROM reportbot_queries").fetchone() == (0,)
    finally:
        locker.execute("COMMIT")
        locker.close()
    assert await log.flush(timeout=30)
    assert log.faults == 0
    assert len(await log.top_unanswered(100)) == 50
    await log.close()


async def test_a_database_fault_is_counted_and_logged_without_the_question(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing_dir = tmp_path / "not-yet"
    faults: list[str] = []
    log = FaultTolerantQueryLog(SQLiteQueryLog(missing_dir / "q.sqlite3"), on_fault=faults.append)
    caplog.set_level(logging.DEBUG, logger="reportbot.querylog")

    assert await log.open() is False
    await log.record(entry("a private question about Rod"))
    await log.record(entry("another private question"))
    await log.flush()

    assert faults == ["open", "record", "record"]
    assert log.faults == 3 and not log.healthy
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, "one ERROR per outage, not one per question"
    assert "private question" not in caplog.text
    assert log.status() == {"backend": "sqlite", "ok": False, "pending": 0, "faults": 3}

    missing_dir.mkdir()  # the operator fixes it; the next write goes through
    await log.record(entry("after the fix"))
    await log.flush()
    assert log.healthy and faults == ["open", "record", "record"]
    assert "recovered after 3 fault(s)" in caplog.text
    assert [q.normalised for q in await log.top_unanswered(5)] == ["after the fix"]
    await log.close()


async def test_a_full_queue_drops_entries_and_counts_them(db: Path) -> None:
    faults: list[str] = []
    log = FaultTolerantQueryLog(SQLiteQueryLog(db), on_fault=faults.append, max_pending=3)
    for i in range(5):
        log.record_nowait(entry(f"burst {i}"))  # no await in between: the writer cannot run
    assert faults == ["dropped", "dropped"]
    await log.close()
    assert len(await SQLiteQueryLog(db).top_unanswered(10)) == 3


async def test_closing_writes_what_is_queued_then_refuses_more(db: Path) -> None:
    faults: list[str] = []
    log = FaultTolerantQueryLog(SQLiteQueryLog(db), on_fault=faults.append)
    for i in range(20):
        log.record_nowait(entry(f"queued {i}"))
    await log.close()
    await log.record(entry("too late"))

    assert faults == ["dropped"]
    reader = SQLiteQueryLog(db)
    assert len(await reader.top_unanswered(100)) == 20
    await reader.close()


async def test_report_and_erase_failures_are_raised_not_swallowed(tmp_path: Path) -> None:
    faults: list[str] = []
    log = FaultTolerantQueryLog(SQLiteQueryLog(tmp_path / "no" / "q.db"), on_fault=faults.append)
    with pytest.raises(QueryLogError):
        await log.top_unanswered(5)
    with pytest.raises(QueryLogError):
        await log.erase_user(42)
    assert faults == ["report", "erase"]
    await log.close()


async def test_erasure_includes_entries_still_queued(db: Path) -> None:
    log = FaultTolerantQueryLog(SQLiteQueryLog(db, store_user_ids=True))
    log.record_nowait(entry("just asked", user=42))
    assert await log.erase_user(42) == 1
    await log.close()


async def test_rows_written_before_now_lose_the_dm_channel_that_named_their_asker(
    db: Path,
) -> None:
    log = SQLiteQueryLog(db, store_user_ids=True)
    await log.record(entry("an opted-in dm", guild=None, channel=contract.DM_CHANNEL, user=42))
    await log.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:  # as an older reportbot wrote it
        conn.execute(
            "INSERT INTO reportbot_queries (asked_at, guild_id, channel_id, user_id, question,"
            " normalised, confidence, answered, outcome) VALUES"
            " ('2026-01-01T00:00:00.000000+00:00', NULL, 999, NULL, 'old dm', 'old dm', 0, 0, 'x')"
        )
        conn.commit()
    log = SQLiteQueryLog(db)
    await log.open()
    await log.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        found = conn.execute(
            "SELECT question, channel_id, user_id FROM reportbot_queries ORDER BY question"
        ).fetchall()
    assert found == [("an opted-in dm", contract.DM_CHANNEL, 42), ("old dm", None, None)]


async def test_the_bot_keeps_entries_for_the_retention_period_only(db: Path) -> None:
    now = datetime.now(UTC)
    backend = SQLiteQueryLog(db)
    for days in (200, 91, 89, 0):
        await backend.record(replace(entry(f"{days} days ago"), time=now - timedelta(days=days)))
    await backend.close()
    log = FaultTolerantQueryLog(SQLiteQueryLog(db), retention_days=90)
    assert await log.open()  # opening prunes at once (then every six hours)
    questions = [q.example for q in await log.top_unanswered(10)]
    assert sorted(questions) == ["0 days ago", "89 days ago"]
    assert await log.prune_expired(now + timedelta(days=60)) == 1  # as time passes
    await log.close()
    keep = FaultTolerantQueryLog(SQLiteQueryLog(db), retention_days=None)
    assert await keep.prune_expired(now + timedelta(days=10_000)) == 0
    await keep.close()


def test_retention_is_90_days_unless_set() -> None:
    def retention_days(value: str | None = None) -> int | None:
        env = {} if value is None else {"REPORTBOT_QUERY_LOG_RETENTION_DAYS": value}
        return load_settings(env).retention_days

    assert retention_days() == 90
    assert retention_days("30") == 30
    assert retention_days("off") is None
    for bad in ("0", "-3", "a month", "1e3"):
        with pytest.raises(ConfigError, match="REPORTBOT_QUERY_LOG_RETENTION_DAYS"):
            retention_days(bad)


# -- settings --------------------------------------------------------------------------------


def test_settings_choose_the_backend(tmp_path: Path) -> None:
    parse = QueryLogSetting.parse
    assert parse(None, cwd=tmp_path) == QueryLogSetting(
        "sqlite", str(tmp_path / "reportbot-queries.sqlite3")
    )
    assert parse("", cwd=tmp_path).kind == "sqlite"
    assert parse("OFF") == QueryLogSetting("off", "")
    assert parse("/var/lib/reportbot/q.sqlite3").target == "/var/lib/reportbot/q.sqlite3"
    pg = parse("postgresql://bot:s3cret@db.internal/reportbot")
    assert pg.kind == "postgresql" and "s3cret" not in pg.describe()
    assert parse("postgres://db/x").kind == "postgresql"
    with pytest.raises(ValueError, match="unsupported URL scheme"):
        parse("mysql://db/x")


def test_user_ids_are_off_unless_explicitly_enabled() -> None:
    def user_ids_enabled(env: dict[str, str]) -> bool:
        return load_settings(env).log_user_ids

    assert not user_ids_enabled({})
    assert not user_ids_enabled({"REPORTBOT_LOG_USER_IDS": "0"})
    assert user_ids_enabled({"REPORTBOT_LOG_USER_IDS": "1"})
    assert user_ids_enabled({"REPORTBOT_LOG_USER_IDS": " Yes "})
    with pytest.raises(ConfigError, match="REPORTBOT_LOG_USER_IDS must be on or off"):
        user_ids_enabled({"REPORTBOT_LOG_USER_IDS": "sometimes"})


async def test_the_bot_gets_a_wrapped_log_from_the_environment(db: Path) -> None:
    faults: list[str] = []
    env = {"REPORTBOT_QUERY_LOG": str(db), "REPORTBOT_LOG_USER_IDS": "1"}
    log = open_query_log(load_settings(env), on_fault=faults.append)
    assert isinstance(log, FaultTolerantQueryLog) and log.name == "sqlite"
    await log.record(entry("kept with its user", user=5))
    await log.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT user_id FROM reportbot_queries").fetchall() == [(5,)]
    off = load_settings({"REPORTBOT_QUERY_LOG": "off"})
    assert isinstance(open_query_log(off), NullQueryLog)


# -- the CLI, as a real process ----------------------------------------------------------------


def reportbot(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )


def fill(db: Path) -> None:
    async def write() -> None:
        log = SQLiteQueryLog(db, store_user_ids=True)
        for e in [
            entry("Who is Rod?", minutes=1, user=42),
            entry("who is rod", minutes=2, user=43),
            entry("what did the mayor eat?", minutes=90, user=42),
            entry("is the budget cut", answered=True, claim="budget-cut", user=42),
        ]:
            await log.record(e)
        await log.close()

    asyncio.run(write())


def test_cli_report_lists_the_most_frequent_declined_questions(db: Path) -> None:
    fill(db)

    text = reportbot("report", "--query-log", str(db))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Most frequent declined questions (sqlite ")
    assert lines[2].split() == ["2", "2026-11-01", "12:02", "who", "is", "rod"]
    assert lines[3].split()[0] == "1" and lines[3].endswith("what did the mayor eat?")
    assert len(lines) == 4

    as_json = reportbot(
        "report",
        "--json",
        "--since",
        "2026-11-01T13:00",
        "--limit",
        "5",
        env={"REPORTBOT_QUERY_LOG": str(db)},
    )
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["schema"] == 1 and document["since"] == "2026-11-01T13:00:00+00:00"
    assert document["questions"] == [
        {
            "question": "what did the mayor eat?",
            "normalised": "what did the mayor eat",
            "count": 1,
            "last_seen": "2026-11-01T13:30:00+00:00",
        }
    ]


def test_cli_erase_user_removes_their_entries(db: Path) -> None:
    fill(db)

    result = reportbot("erase-user", "42", env={"REPORTBOT_QUERY_LOG": str(db)})
    assert result.returncode == 0, result.stderr
    assert "Erased 3 entries of user 42" in result.stdout
    assert "REPORTBOT_LOG_USER_IDS=1" in result.stdout  # a reminder: not enabled here
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT user_id FROM reportbot_queries").fetchall() == [(43,)]


def test_cli_without_a_log_says_so(tmp_path: Path) -> None:
    missing = reportbot("report", cwd=tmp_path)  # default: ./reportbot-queries.sqlite3
    assert missing.returncode == 1
    assert "no query log at" in missing.stderr
    assert not (tmp_path / "reportbot-queries.sqlite3").exists(), "reading never creates it"

    off = reportbot("report", env={"REPORTBOT_QUERY_LOG": "off"})
    assert off.returncode == 2 and "off" in off.stderr

    bad = reportbot("report", "--since", "last tuesday", "--query-log", str(tmp_path / "x"))
    assert bad.returncode == 2 and "not an ISO 8601" in bad.stderr
