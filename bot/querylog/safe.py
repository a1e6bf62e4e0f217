"""The wrapper the bot talks to: a database fault never delays or stops an answer.

``record`` only puts the entry on a bounded in-memory queue and returns; one background task
writes the queue to the backend. A failed write, a full queue or a hung database is logged
(without the question text) and counted through ``on_fault`` — the metrics module's
``reportbot_query_log_faults_total`` — and the bot answers on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.querylog.model import QueryEntry, QueryLog, QueryLogError, UnansweredQuestion

log = logging.getLogger("reportbot.querylog")

FaultHook = Callable[[str], None]


class FaultTolerantQueryLog:
    """Wraps a backend (SQLite, PostgreSQL) with a write queue, timeouts and fault counting."""

    def __init__(
        self,
        backend: QueryLog,
        *,
        on_fault: FaultHook | None = None,
        max_pending: int = 1000,
        write_timeout: float = 10.0,
        retention_days: int | None = None,
        prune_every: float = 6 * 3600.0,
    ) -> None:
        self.backend = backend
        self.retention_days = retention_days  # None: keep entries until erased
        self.prune_every = prune_every
        self._pruner: asyncio.Task[None] | None = None
        self.on_fault = on_fault
        self.write_timeout = write_timeout
        self.faults = 0
        self._queue: asyncio.Queue[QueryEntry] = asyncio.Queue(maxsize=max_pending)
        self._worker: asyncio.Task[None] | None = None
        self._closed = False
        self._failing_since: int | None = None  # fault count when the current failure began

    @property
    def name(self) -> str:
        return str(getattr(self.backend, "name", type(self.backend).__name__))

    @property
    def stores_user_ids(self) -> bool:
        return bool(getattr(self.backend, "store_user_ids", False))

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    @property
    def healthy(self) -> bool:
        """False from a fault until the next successful write."""
        return self._failing_since is None

    def status(self) -> dict[str, object]:
        """For ``/healthz``: the query log's state, which never makes the bot unhealthy."""
        return {
            "backend": self.name,
            "ok": self.healthy,
            "pending": self.pending,
            "faults": self.faults,
        }

    # -- faults ---------------------------------------------------------------------------

    def _fault(self, operation: str, error: BaseException | None) -> None:
        self.faults += 1
        if self.on_fault is not None:
            try:
                self.on_fault(operation)
            except Exception:  # a broken metrics hook must not break answering either
                log.debug("query log fault hook failed", exc_info=True)
        detail = f"{type(error).__name__}: {error}" if error is not None else "queue full"
        if self._failing_since is None:
            self._failing_since = self.faults - 1
            # The error text comes from the driver (no question text, no parameters); the
            # logging filter masks passwords in URLs and tokens all the same.
            log.error(
                "query log %s failed (%s); answering goes on, further faults are counted",
                operation,
                detail,
                extra={"querylog_backend": self.name, "querylog_operation": operation},
            )
        else:
            log.debug("query log %s failed again (%s)", operation, detail)

    def _succeeded(self) -> None:
        if self._failing_since is not None:
            lost = self.faults - self._failing_since
            self._failing_since = None
            log.warning("query log recovered after %d fault(s)", lost)

    # -- writing --------------------------------------------------------------------------

    async def open(self) -> bool:
        """Open the backend now if it supports that, drop what is past the retention period,
        and keep dropping it every ``prune_every`` seconds; a failure is a fault, not a crash."""
        opener = getattr(self.backend, "open", None)
        try:
            if opener is not None:
                await asyncio.wait_for(opener(), self.write_timeout)
        except Exception as error:
            self._fault("open", error)
            return False
        if self.retention_days is not None and self._pruner is None:
            await self.prune_expired()
            self._pruner = asyncio.get_running_loop().create_task(
                self._prune_periodically(), name="reportbot-querylog-retention"
            )
        return True

    async def prune_expired(self, now: datetime | None = None) -> int:
        """Delete entries older than the retention period (none when there is no period)."""
        if self.retention_days is None:
            return 0
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        try:
            pruned = await asyncio.wait_for(self.backend.prune(cutoff), self.write_timeout)
        except Exception as error:
            self._fault("prune", error)
            return 0
        if pruned:
            log.info(
                "query log: %d entries older than %d days deleted", pruned, self.retention_days
            )
        return int(pruned)

    async def _prune_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.prune_every)
            await self.prune_expired()

    async def record(self, entry: QueryEntry) -> None:
        """Queue ``entry`` and return at once; see ``record_nowait``."""
        self.record_nowait(entry)

    def record_nowait(self, entry: QueryEntry) -> None:
        """Queue ``entry`` for the writer task; never waits, never raises."""
        if self._closed:
            self._fault("dropped", QueryLogError("the query log is closed"))
            return
        try:
            self._queue.put_nowait(entry)
        except asyncio.QueueFull:
            self._fault("dropped", None)
            return
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(
                self._drain(), name="reportbot-querylog-writer"
            )

    async def _drain(self) -> None:
        while True:
            entry = await self._queue.get()
            try:
                await asyncio.wait_for(self.backend.record(entry), self.write_timeout)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._fault("record", error)
            else:
                self._succeeded()
            finally:
                self._queue.task_done()

    # -- reading and erasing (operator actions: they report failure) ------------------------

    async def top_unanswered(
        self, limit: int = 20, since: datetime | None = None, guild_id: int | None = None
    ) -> list[UnansweredQuestion]:
        try:
            return await self.backend.top_unanswered(limit, since, guild_id)
        except Exception as error:
            self._fault("report", error)
            raise QueryLogError(f"the query log could not be read: {error}") from error

    async def erase_user(self, user_id: int) -> int:
        """Erase a user's entries; raises ``QueryLogError`` so a failed erasure is never silent."""
        await self.flush(self.write_timeout)  # entries still queued for this user go too
        try:
            return await self.backend.erase_user(user_id)
        except Exception as error:
            self._fault("erase", error)
            raise QueryLogError(f"the query log could not be erased: {error}") from error

    async def erase_entry(self, entry: QueryEntry) -> int:
        """Delete one question (its author deleted it), even one still queued for writing."""
        await self.flush(self.write_timeout)
        try:
            return await self.backend.erase_entry(entry)
        except Exception as error:
            self._fault("erase", error)
            raise QueryLogError(f"the query log could not be erased: {error}") from error

    async def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued entry has been written (or failed); False on timeout."""
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 5.0) -> None:
        """Take no more entries, write what is queued (up to ``timeout``), close the backend."""
        if self._closed:
            return
        self._closed = True
        if self._pruner is not None:
            self._pruner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pruner
        await self.flush(timeout)
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        left = self._queue.qsize()
        if left:
            for _ in range(left):
                self._fault("dropped", QueryLogError(f"{left} entries unwritten at shutdown"))
        try:
            await asyncio.wait_for(self.backend.close(), timeout)
        except Exception as error:
            self._fault("close", error)
