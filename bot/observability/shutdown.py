"""Graceful shutdown on SIGTERM: stop taking work, let replies in flight finish, close cleanly.

A deploy or a container restart sends SIGTERM; a reply half-composed when the process dies is a
question left unanswered and, with SQLite, a log that was never checkpointed. The order is:

1. stop taking new work — ``job()`` raises :class:`ShuttingDown`, ``/healthz`` turns 503;
2. wait for the jobs in flight, up to ``timeout`` seconds, then cancel the rest;
3. run the closers in the order they were registered (Discord client, query log, health
   server …), each bounded by ``close_timeout``; a failing closer is logged and the next one
   still runs.

A second SIGTERM or SIGINT during step 2 stops waiting and cancels what is left; a request
after that (e.g. the Discord client's task ending because step 3 closed it) changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.observability.health import HealthState
    from bot.observability.metrics import Metrics

log = logging.getLogger("reportbot.shutdown")

Closer = Callable[[], Awaitable[Any]]


class ShuttingDown(Exception):
    """Raised by ``job()`` once shutdown has begun: do not start this piece of work."""


@dataclass(frozen=True, slots=True)
class ShutdownReport:
    reason: str
    finished: int  # jobs in flight at the signal that completed within the timeout
    abandoned: int  # jobs cancelled when the timeout ran out
    seconds: float
    close_errors: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return self.abandoned == 0 and not self.close_errors


class GracefulShutdown:
    """Tracks work in flight and runs the shutdown sequence once, on a signal or on request."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        close_timeout: float = 10.0,
        health: HealthState | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.timeout = timeout
        self.close_timeout = close_timeout
        self.health = health
        self.metrics = metrics
        self._closers: list[tuple[str, Closer]] = []
        self._tasks: Counter[asyncio.Task[Any]] = Counter()
        self._idle = asyncio.Event()
        self._idle.set()
        self._requested = asyncio.Event()
        self._hurry = asyncio.Event()
        self._done = asyncio.Event()
        self._report: ShutdownReport | None = None
        self._runner: asyncio.Task[ShutdownReport] | None = None
        self._signals: list[int] = []
        self._reloads: set[asyncio.Task[Any]] = set()
        self._reason = ""
        self._waiting = False  # in step 2, where a second request means "stop waiting"

    # -- work ---------------------------------------------------------------------------------

    @property
    def accepting(self) -> bool:
        return not self._requested.is_set()

    @property
    def in_flight(self) -> int:
        return sum(self._tasks.values())

    @contextlib.asynccontextmanager
    async def job(self) -> AsyncIterator[None]:
        """Wrap each reply: ``async with shutdown.job(): ...``; raises ``ShuttingDown`` if late."""
        if not self.accepting:
            raise ShuttingDown(self._reason)
        task = asyncio.current_task()
        assert task is not None, "job() must run inside a task"
        self._tasks[task] += 1
        self._idle.clear()
        if self.metrics is not None:
            self.metrics.in_flight.inc()
        try:
            yield
        finally:
            self._tasks[task] -= 1
            if self._tasks[task] <= 0:
                del self._tasks[task]
            if not self._tasks:
                self._idle.set()
            if self.metrics is not None:
                self.metrics.in_flight.dec()

    def on_close(self, name: str, closer: Closer) -> None:
        """Run ``closer()`` after the jobs in flight, in registration order."""
        self._closers.append((name, closer))

    # -- signals -------------------------------------------------------------------------------

    def install_signal_handlers(
        self,
        loop: asyncio.AbstractEventLoop | None = None,
        *,
        signals: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGINT),
        reload: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        """SIGTERM/SIGINT start the shutdown; SIGHUP runs ``reload()`` if given (Unix only)."""
        loop = loop or asyncio.get_running_loop()
        for sig in signals:
            loop.add_signal_handler(sig, self.request, sig.name)
            self._signals.append(sig)
        if reload is not None:

            def on_hup() -> None:
                log.info("SIGHUP: reloading")
                # Held until done: the event loop keeps only a weak reference to a task.
                task = loop.create_task(reload(), name="reportbot-sighup-reload")
                self._reloads.add(task)
                task.add_done_callback(self._reloads.discard)

            loop.add_signal_handler(signal.SIGHUP, on_hup)
            self._signals.append(signal.SIGHUP)

    def remove_signal_handlers(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        loop = loop or asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)
        self._signals.clear()

    # -- the sequence ----------------------------------------------------------------------------

    def request(self, reason: str = "requested") -> None:
        """Begin shutting down (idempotent); a second request stops waiting for jobs."""
        if self._requested.is_set():
            if self._waiting and not self._hurry.is_set():
                log.warning("%s again: cancelling %d job(s) in flight now", reason, self.in_flight)
                self._hurry.set()
            return
        self._reason = reason
        self._requested.set()
        if self.health is not None:
            self.health.shutting_down = True
        self._runner = asyncio.get_running_loop().create_task(
            self._shutdown(), name="reportbot-shutdown"
        )

    async def wait_requested(self) -> str:
        """Until shutdown begins; returns the reason (e.g. ``"SIGTERM"``)."""
        await self._requested.wait()
        return self._reason

    async def wait(self) -> ShutdownReport:
        """Until the whole sequence has run: what ``main()`` awaits."""
        await self._done.wait()
        assert self._report is not None
        return self._report

    async def shutdown(self, reason: str = "requested") -> ShutdownReport:
        """Run the sequence now (or join the one running) and return its report."""
        self.request(reason)
        return await self.wait()

    async def _shutdown(self) -> ShutdownReport:
        started = time.monotonic()
        at_signal = self.in_flight
        log.info("shutting down (%s): %d job(s) in flight", self._reason, at_signal)
        abandoned = 0
        idle, hurry = (
            asyncio.ensure_future(self._idle.wait()),
            asyncio.ensure_future(self._hurry.wait()),
        )
        self._waiting = True
        try:
            await asyncio.wait({idle, hurry}, timeout=self.timeout, return_when="FIRST_COMPLETED")
        finally:
            self._waiting = False
            idle.cancel()
            hurry.cancel()
        if self._tasks:
            stragglers = list(self._tasks)
            abandoned = self.in_flight
            log.warning("cancelling %d job(s) still running", abandoned)
            for task in stragglers:
                task.cancel()
            await asyncio.wait(stragglers, timeout=self.close_timeout)
        errors = []
        for name, closer in self._closers:
            try:
                await asyncio.wait_for(closer(), self.close_timeout)
            except Exception as error:
                errors.append(f"{name}: {type(error).__name__}: {error}")
                log.error("closing %s failed: %s: %s", name, type(error).__name__, error)
        report = ShutdownReport(
            reason=self._reason,
            finished=at_signal - abandoned,
            abandoned=abandoned,
            seconds=round(time.monotonic() - started, 3),
            close_errors=tuple(errors),
        )
        log.info(
            "shut down in %.2fs: %d job(s) finished, %d abandoned%s",
            report.seconds,
            report.finished,
            report.abandoned,
            f", {len(errors)} close error(s)" if errors else "",
        )
        self._report = report
        self._done.set()
        return report
