"""The query log on a real PostgreSQL server: the same contract as SQLite, plus what only a
shared server brings — several processes (shards) writing at once, and connections that drop.

``.ci/run`` starts a throwaway server and exports ``REPORTBOT_TEST_POSTGRES_URL``. Locally,
without it, these tests are skipped; in CI (``CI=true``) a missing server fails them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import psycopg
import pytest

from bot.querylog import FaultTolerantQueryLog, QueryLogError, open_query_log
from bot.querylog.postgres import PostgresQueryLog, redact_url
from bot.settings import load_settings
from tests import querylog_contract as contract
from tests.conftest import ROOT
from tests.querylog_contract import entry

ENV_URL = "REPORTBOT_TEST_POSTGRES_URL"


@pytest.fixture
async def url() -> AsyncIterator[str]:
    """The test database, emptied of reportbot's table before each test."""
    value = os.environ.get(ENV_URL, "")
    if not value:
        if os.environ.get("CI", "").lower() in {"true", "1"}:
            pytest.fail(f"{ENV_URL} is unset in CI: .ci/run should have started PostgreSQL")
        pytest.skip(f"{ENV_URL} is unset: no PostgreSQL server for this local run")
    try:
        async with await psycopg.AsyncConnection.connect(
            value, autocommit=True, connect_timeout=5
        ) as conn:
            await conn.execute("DROP TABLE IF EXISTS reportbot_queries")
    except psycopg.OperationalError as error:  # set but unreachable: always a failure
        pytest.fail(f"{ENV_URL} is set but the server is unreachable: {redact_url(str(error))}")
    yield value


@pytest.fixture
def open_log(url: str) -> contract.OpenLog:
    async def open_log(store_user_ids: bool = False) -> PostgresQueryLog:
        return PostgresQueryLog(url, store_user_ids=store_user_ids)

    return open_log


@pytest.fixture
def user_ids(url: str) -> contract.UserIds:
    async def user_ids() -> list[int | None]:
        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute("SELECT user_id FROM reportbot_queries")
            return [row[0] for row in await cursor.fetchall()]

    return user_ids


@pytest.fixture
def rows(url: str) -> contract.Rows:
    async def rows() -> list[tuple[int | None, int | None, int | None, str]]:
        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute(
                "SELECT guild_id, channel_id, user_id, question FROM reportbot_queries"
            )
            return [tuple(row) for row in await cursor.fetchall()]

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


async def test_the_schema_matches_sqlite_column_for_column(url: str, tmp_path) -> None:
    import sqlite3

    from bot.querylog.sqlite import SQLiteQueryLog

    pg, lite = PostgresQueryLog(url), SQLiteQueryLog(tmp_path / "q.sqlite3")
    await asyncio.gather(pg.open(), lite.open())
    await asyncio.gather(pg.close(), lite.close())
    async with await psycopg.AsyncConnection.connect(url) as conn:
        cursor = await conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'reportbot_queries' ORDER BY ordinal_position"
        )
        pg_columns = [row[0] for row in await cursor.fetchall()]
    conn2 = sqlite3.connect(tmp_path / "q.sqlite3")
    lite_columns = [row[1] for row in conn2.execute("PRAGMA table_info(reportbot_queries)")]
    conn2.close()
    assert pg_columns == lite_columns


async def test_shards_starting_together_share_one_table(url: str) -> None:
    shards = [PostgresQueryLog(url) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in shards))  # concurrent CREATE IF NOT EXISTS
    await asyncio.gather(
        *(s.record(entry("who is rod", minutes=i)) for i, s in enumerate(shards) for _ in range(5))
    )
    (top,) = await shards[0].top_unanswered(10)
    assert top.count == 20
    await asyncio.gather(*(s.close() for s in shards))


async def test_a_dropped_connection_costs_at_most_one_entry_then_reconnects(url: str) -> None:
    faults: list[str] = []
    log = FaultTolerantQueryLog(PostgresQueryLog(url), on_fault=faults.append)
    assert await log.open()
    await log.record(entry("before"))
    await log.flush()

    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'reportbot' AND pid <> pg_backend_pid()"
        )
    for name in ("during", "after"):
        await log.record(entry(name))
        await log.flush()

    assert faults in ([], ["record"])
    assert log.healthy
    stored = {q.normalised for q in await log.top_unanswered(10)}
    assert {"before", "after"} <= stored
    await log.close()


async def test_a_wrong_password_never_stops_answering_nor_leaks(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = url.replace("://reportbot:", "://reportbot:not-the-password-xyz", 1)
    if wrong == url:
        pytest.skip("the test URL carries no password to get wrong")
    faults: list[str] = []
    log = FaultTolerantQueryLog(PostgresQueryLog(wrong), on_fault=faults.append)

    assert await log.open() is False
    await log.record(entry("still answered"))
    await log.flush()

    assert faults == ["open", "record"]
    assert "not-the-password-xyz" not in caplog.text
    assert "not-the-password-xyz" not in repr(log.backend)
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    with pytest.raises(QueryLogError) as raised:
        await log.top_unanswered(5)
    assert "not-the-password-xyz" not in str(raised.value)
    await log.close()


async def test_the_bot_picks_postgres_from_a_url(url: str) -> None:
    log = open_query_log(load_settings({"REPORTBOT_QUERY_LOG": url}))
    assert isinstance(log, FaultTolerantQueryLog) and log.name == "postgresql"
    await log.record(entry("via the environment", user=9))
    await log.close()
    reader = PostgresQueryLog(url)
    assert [q.example for q in await reader.top_unanswered(5)] == ["via the environment"]
    assert await reader.erase_user(9) == 0  # user ids were not enabled, so none were stored
    await reader.close()


def test_cli_report_and_erase_against_postgres(url: str) -> None:
    async def fill() -> None:
        log = PostgresQueryLog(url, store_user_ids=True)
        for e in [entry("Who is Rod?", user=1), entry("who is rod", minutes=1, user=2)]:
            await log.record(e)
        await log.close()

    asyncio.run(fill())
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_QUERY")}
    env |= {"REPORTBOT_QUERY_LOG": url, "PYTHONPATH": str(ROOT)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )

    report = run("report", "--json")
    assert report.returncode == 0, report.stderr
    (row,) = json.loads(report.stdout)["questions"]
    assert (row["question"], row["count"]) == ("who is rod", 2)
    assert json.loads(report.stdout)["query_log"] == "postgresql"

    erase = run("erase-user", "1")
    assert erase.returncode == 0, erase.stderr
    assert "Erased 1 entry of user 1 (postgresql " in erase.stdout
    password = url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
    assert not password or password not in erase.stdout
