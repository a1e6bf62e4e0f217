"""The embedded backend: one SQLite file in WAL mode, written from one thread.

Every call runs on a single dedicated worker thread that owns the only connection, so SQLite's
own locking never makes the event loop wait and writes are naturally serialised. WAL lets
``reportbot report`` read the file while the bot writes to it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bot.querylog.model import (
    QueryEntry,
    QueryLogError,
    UnansweredQuestion,
    normalise_question,
    utc,
)

T = TypeVar("T")

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS reportbot_queries (
    id          INTEGER PRIMARY KEY,
    asked_at    TEXT    NOT NULL,  -- UTC, fixed-width ISO 8601, so text order is time order
    guild_id    INTEGER,
    channel_id  INTEGER,
    user_id     INTEGER,           -- NULL unless REPORTBOT_LOG_USER_IDS=1
    question    TEXT    NOT NULL,
    normalised  TEXT    NOT NULL,
    claim_id    TEXT,
    confidence  REAL    NOT NULL,
    answered    BOOLEAN NOT NULL,
    outcome     TEXT    NOT NULL
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
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

# SQLite returns the bare column ``question`` from the row that holds MAX(asked_at): the most
# recent wording of each group (a documented SQLite behaviour for min/max aggregates).
TOP_UNANSWERED = """
SELECT normalised, question, COUNT(*) AS n, MAX(asked_at) AS last_seen
FROM reportbot_queries
WHERE answered = 0 AND normalised <> ''
  AND (:since IS NULL OR asked_at >= :since)
  AND (:guild IS NULL OR guild_id = :guild)
GROUP BY normalised
ORDER BY n DESC, last_seen DESC, normalised
LIMIT :limit
"""


# Rows from before DM channel ids were dropped: a DM channel is one per user, so without the
# operator's opt-in (no user id on the row) its id is an identifier the log must not keep.
FORGET_DM_CHANNELS = """
UPDATE reportbot_queries SET channel_id = NULL
WHERE guild_id IS NULL AND user_id IS NULL AND channel_id IS NOT NULL
"""


def _stamp(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class SQLiteQueryLog:
    """The query log in one SQLite file (created on first write, mode 0600)."""

    name = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, store_user_ids: bool = False) -> None:
        self.path = Path(path)
        self.store_user_ids = store_user_ids
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="reportbot-querylog"
        )
        self._conn: sqlite3.Connection | None = None  # touched only on the worker thread

    def __repr__(self) -> str:
        return f"SQLiteQueryLog({str(self.path)!r})"

    # -- the worker thread ---------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.path.exists():
                # Questions (and maybe user ids) are personal data: owner-only from the start.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA busy_timeout=5000")
                conn.executescript(SCHEMA)
                conn.execute(FORGET_DM_CHANNELS)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _insert(self, entry: QueryEntry) -> None:
        e = entry.for_storage(keep_user_id=self.store_user_ids)
        self._connection().execute(
            INSERT,
            (
                _stamp(e.time),
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

    def _top(
        self, limit: int, since: datetime | None, guild_id: int | None
    ) -> list[UnansweredQuestion]:
        rows = self._connection().execute(
            TOP_UNANSWERED,
            {
                "since": _stamp(since) if since is not None else None,
                "guild": guild_id,
                "limit": max(0, int(limit)),
            },
        )
        return [
            UnansweredQuestion(normalised, example, count, datetime.fromisoformat(last))
            for normalised, example, count, last in rows
        ]

    def _erase(self, user_id: int) -> int:
        cursor = self._connection().execute(
            "DELETE FROM reportbot_queries WHERE user_id = ?", (user_id,)
        )
        return cursor.rowcount

    def _erase_entry(self, entry: QueryEntry) -> int:
        stored = entry.for_storage(keep_user_id=self.store_user_ids)
        cursor = self._connection().execute(
            "DELETE FROM reportbot_queries WHERE asked_at = ? AND question = ?",
            (_stamp(stored.time), stored.question),
        )
        return cursor.rowcount

    def _prune(self, before: datetime) -> int:
        cursor = self._connection().execute(
            "DELETE FROM reportbot_queries WHERE asked_at < ?", (_stamp(before),)
        )
        return cursor.rowcount

    def _close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()  # the last connection to close checkpoints and removes the -wal file

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        if self._executor is None:
            raise QueryLogError("the query log is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, fn, *args)
        except sqlite3.Error as error:
            raise QueryLogError(f"sqlite {self.path}: {error}") from error
        except OSError as error:
            raise QueryLogError(f"sqlite {self.path}: {error}") from error

    # -- the interface -----------------------------------------------------------------

    async def open(self) -> None:
        """Create the file and schema now, so a bad path fails at start-up, not later."""
        await self._run(self._connection)

    async def record(self, entry: QueryEntry) -> None:
        await self._run(self._insert, entry)

    async def top_unanswered(
        self, limit: int = 20, since: datetime | None = None, guild_id: int | None = None
    ) -> list[UnansweredQuestion]:
        return await self._run(self._top, limit, since, guild_id)

    async def erase_user(self, user_id: int) -> int:
        return await self._run(self._erase, int(user_id))

    async def erase_entry(self, entry: QueryEntry) -> int:
        return await self._run(self._erase_entry, entry)

    async def prune(self, before: datetime) -> int:
        return await self._run(self._prune, before)

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(executor, self._close)
        finally:
            executor.shutdown(wait=False)
