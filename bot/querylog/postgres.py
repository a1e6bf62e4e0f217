"""The shared backend: a PostgreSQL table, for several bot processes (shards) writing at once.

Driver: psycopg 3 rather than asyncpg. Both speak asyncio; psycopg goes through libpq, so
``REPORTBOT_QUERY_LOG`` accepts exactly what ``psql`` accepts (``sslmode``, Unix-socket hosts,
service files, ``~/.pgpass``, multi-host failover with ``target_session_attrs``), it is the
adapter the PostgreSQL community maintains, with binary wheels that bundle libpq, and this log
writes a few rows a second, so asyncpg's extra speed would buy nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import datetime
from typing import Any

import psycopg

from bot.querylog.model import (
    QueryEntry,
    QueryLogError,
    UnansweredQuestion,
    normalise_question,
    utc,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS reportbot_queries (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asked_at    TIMESTAMPTZ NOT NULL,
    guild_id    BIGINT,
    channel_id  BIGINT,
    user_id     BIGINT,             -- NULL unless REPORTBOT_LOG_USER_IDS=1
    question    TEXT NOT NULL,
    normalised  TEXT NOT NULL,
    claim_id    TEXT,
    confidence  DOUBLE PRECISION NOT NULL,
    answered    BOOLEAN NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reportbot_queries_declined
    ON reportbot_queries (answered, normalised);
CREATE INDEX IF NOT EXISTS reportbot_queries_asked_at ON reportbot_queries (asked_at);
CREATE INDEX IF NOT EXISTS reportbot_queries_user
    ON reportbot_queries (user_id) WHERE user_id IS NOT NULL;
"""

INSERT = """
INSERT INTO reportbot_queries (asked_at, guild_id, channel_id, user_id, question, normalised,
                               claim_id, confidence, answered, outcome)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""

# As in the SQLite backend: a DM channel id identifies its user; kept only beside a user id.
FORGET_DM_CHANNELS = """
UPDATE reportbot_queries SET channel_id = NULL
WHERE guild_id IS NULL AND user_id IS NULL AND channel_id IS NOT NULL
"""

_PASSWORD_IN_URL = re.compile(r"(?<=://)([^:/@\s]*):[^@\s]*@")


def redact_url(url: str) -> str:
    """``postgresql://bot:secret@db/x`` → ``postgresql://bot:***@db/x`` for messages and repr."""
    return _PASSWORD_IN_URL.sub(r"\1:***@", url)


class PostgresQueryLog:
    """The query log in ``reportbot_queries`` of the database at ``url``.

    One connection, opened on first use and reopened after a failure; calls are serialised on
    it. The table is created if missing, under an advisory lock so that shards starting together
    do not race.
    """

    name = "postgresql"

    def __init__(self, url: str, *, store_user_ids: bool = False, connect_timeout: int = 5) -> None:
        self.url = url
        self.store_user_ids = store_user_ids
        self.connect_timeout = connect_timeout
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._lock = asyncio.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"PostgresQueryLog({redact_url(self.url)!r})"

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._closed:
            raise QueryLogError("the query log is closed")
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        await self._drop()
        conn = await psycopg.AsyncConnection.connect(
            self.url,
            autocommit=True,
            connect_timeout=self.connect_timeout,
            application_name="reportbot",
            prepare_threshold=None,  # safe behind a transaction-pooling PgBouncer
        )
        try:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext('reportbot_queries'))")
                await conn.execute(SCHEMA)
                await conn.execute(FORGET_DM_CHANNELS)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        return conn

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            with contextlib.suppress(psycopg.Error):
                await conn.close()

    async def _execute(self, query: str, params: Any, *, fetch: bool = False) -> Any:
        """Run one statement; the rows if ``fetch``, else the number of rows affected."""
        async with self._lock:
            try:
                conn = await self._connection()
                cursor = await conn.execute(query, params)
                return await cursor.fetchall() if fetch else cursor.rowcount
            except psycopg.Error as error:
                if isinstance(error, psycopg.OperationalError):
                    await self._drop()  # reconnect on the next call
                raise QueryLogError(f"postgresql: {redact_url(str(error))}") from error
            except asyncio.CancelledError:
                self._discard()  # a statement cut off mid-way: never reuse that connection
                raise

    def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            conn.pgconn.finish()

    async def open(self) -> None:
        """Connect and create the table now, so a bad URL fails at start-up, not later."""
        async with self._lock:
            try:
                await self._connection()
            except psycopg.Error as error:
                await self._drop()
                raise QueryLogError(f"postgresql: {redact_url(str(error))}") from error

    async def record(self, entry: QueryEntry) -> None:
        e = entry.for_storage(keep_user_id=self.store_user_ids)
        await self._execute(
            INSERT,
            (
                e.time,
                e.guild_id,
                e.channel_id,
                e.user_id,
                e.question,
                normalise_question(e.question),
                e.claim_id,
                e.confidence,
                e.answered,
                e.outcome,
            ),
        )

    async def top_unanswered(
        self, limit: int = 20, since: datetime | None = None, guild_id: int | None = None
    ) -> list[UnansweredQuestion]:
        where = ["NOT answered", "normalised <> ''"]
        params: dict[str, Any] = {"limit": max(0, int(limit))}
        if since is not None:
            where.append("asked_at >= %(since)s")
            params["since"] = utc(since)
        if guild_id is not None:
            where.append("guild_id = %(guild)s")
            params["guild"] = guild_id
        rows = await self._execute(
            "SELECT normalised, (array_agg(question ORDER BY asked_at DESC, id DESC))[1],"
            " count(*) AS n, max(asked_at) AS last_seen FROM reportbot_queries"
            f" WHERE {' AND '.join(where)}"
            " GROUP BY normalised ORDER BY n DESC, last_seen DESC, normalised"
            " LIMIT %(limit)s",
            params,
            fetch=True,
        )
        return [
            UnansweredQuestion(normalised, example, int(count), utc(last))
            for normalised, example, count, last in rows
        ]

    async def erase_user(self, user_id: int) -> int:
        return int(
            await self._execute("DELETE FROM reportbot_queries WHERE user_id = %s", (int(user_id),))
        )

    async def erase_entry(self, entry: QueryEntry) -> int:
        stored = entry.for_storage(keep_user_id=self.store_user_ids)
        return int(
            await self._execute(
                "DELETE FROM reportbot_queries WHERE asked_at = %s AND question = %s",
                (stored.time, stored.question),
            )
        )

    async def prune(self, before: datetime) -> int:
        return int(
            await self._execute("DELETE FROM reportbot_queries WHERE asked_at < %s", (utc(before),))
        )

    async def close(self) -> None:
        async with self._lock:
            self._closed = True
            await self._drop()
