"""Everything issue 5 adds to a running bot, behind one object the Discord adapter holds.

The adapter keeps its own client and store; :class:`Operations` owns the metrics, the query
log, the health state and server, and the shutdown sequence, and offers one call per event the
adapter sees (an answer, a reload, a gateway connect or disconnect, a reply to run). Built from
the environment by :meth:`Operations.from_env`, so the adapter's code needs no settings of its
own for any of it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

from bot.answers.model import Answer
from bot.observability.health import HealthServer, HealthState
from bot.observability.metrics import Metrics, default_metrics
from bot.observability.shutdown import GracefulShutdown, ShutdownReport
from bot.querylog import FaultTolerantQueryLog, NullQueryLog, QueryEntry, open_query_log
from bot.settings import Settings, load_settings
from bot.store import KnowledgeStore, ReloadResult

log = logging.getLogger("reportbot.operations")


class Operations:
    """Metrics, query log, ``/healthz`` + ``/metrics`` and graceful shutdown for one process."""

    def __init__(
        self,
        store: KnowledgeStore,
        *,
        metrics: Metrics,
        query_log: FaultTolerantQueryLog | NullQueryLog,
        health_server: HealthServer | None,
        health: HealthState,
        shutdown: GracefulShutdown,
    ) -> None:
        self.store = store
        self.metrics = metrics
        self.query_log = query_log
        self.health = health
        self.health_server = health_server
        self.shutdown = shutdown

    @classmethod
    def from_env(
        cls,
        store: KnowledgeStore,
        env: Mapping[str, str] | None = None,
        *,
        metrics: Metrics | None = None,
    ) -> Operations:
        """:meth:`from_settings` with settings read from ``env`` (default: the environment).

        Raises ``ConfigError`` (a ``ValueError``) for a malformed setting.
        """
        return cls.from_settings(store, load_settings(env), metrics=metrics)

    @classmethod
    def from_settings(
        cls, store: KnowledgeStore, settings: Settings, *, metrics: Metrics | None = None
    ) -> Operations:
        """The query log, health server and shutdown that ``settings`` ask for."""
        metrics = metrics or default_metrics()
        query_log = open_query_log(settings, on_fault=metrics.query_log_fault)
        health = HealthState(snapshot=lambda: store.snapshot)
        health.extra["query_log"] = query_log.status
        server = HealthServer.from_settings(health, metrics, settings)
        shutdown = GracefulShutdown(
            timeout=settings.shutdown_seconds, health=health, metrics=metrics
        )
        return cls(
            store,
            metrics=metrics,
            query_log=query_log,
            health_server=server,
            health=health,
            shutdown=shutdown,
        )

    @classmethod
    def quiet(cls, store: KnowledgeStore) -> Operations:
        """No query log, no HTTP endpoint, metrics of its own: for a client built without
        operations (tests, tools); everything the adapter reports is still accepted."""
        return cls.from_env(store, {"REPORTBOT_QUERY_LOG": "off"}, metrics=Metrics(process=False))

    async def start(
        self,
        *,
        close_client: Callable[[], Awaitable[Any]] | None = None,
        reload: Callable[[], Awaitable[Any]] | None = None,
        signals: bool = True,
    ) -> None:
        """Open the query log, start the health server, arm SIGTERM/SIGINT (and SIGHUP).

        On shutdown, after the replies in flight: ``close_client()`` (the Discord client), then
        the query log, then the health server. Raises ``OSError`` if the health port is taken.
        """
        self.metrics.set_pack(self.store.snapshot)
        await self.query_log.open()  # a failure is counted and logged, never raised
        if self.health_server is not None:
            await self.health_server.start()
            log.info("health and metrics on %s", self.health_server.url)
        if close_client is not None:
            self.shutdown.on_close("discord client", close_client)
        self.shutdown.on_close("query log", self.query_log.close)
        if self.health_server is not None:
            self.shutdown.on_close("health server", self.health_server.stop)
        if signals:
            self.shutdown.install_signal_handlers(reload=reload)

    # -- what the adapter reports --------------------------------------------------------------

    def job(self) -> AbstractAsyncContextManager[None]:
        """``async with ops.job():`` around each reply; raises ``ShuttingDown`` once stopping."""
        return self.shutdown.job()

    def observe_answer(
        self,
        answer: Answer,
        seconds: float,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None,
        record: bool = True,
    ) -> QueryEntry | None:
        """Count it, time it, and unless ``record`` is false put it in the query log (which
        keeps ``user_id`` only if opted in); the entry queued, to erase it again if need be."""
        self.metrics.observe_answer(answer, seconds)
        if not record:
            return None
        entry = QueryEntry.from_answer(
            answer, guild_id=guild_id, channel_id=channel_id, user_id=user_id
        )
        self.query_log.record_nowait(entry)
        return entry

    def observe_reload(self, result: ReloadResult | None) -> None:
        """A reload's result, or ``None`` if it crashed; a good one updates the pack metrics."""
        self.metrics.observe_reload(result)
        if result is not None and result.ok:
            self.metrics.set_pack(self.store.snapshot)

    def gateway(
        self, connected: bool, shard_id: int | None = None, *, event: str | None = None
    ) -> None:
        """From ``on_ready``/``on_resumed`` (True) and ``on_disconnect`` (False), or the
        ``on_shard_*`` events with their shard id; ``event`` ("ready", "resumed",
        "disconnected") is counted."""
        self.health.set_gateway(connected, shard_id)
        if event is not None:
            self.metrics.gateway_events.labels(event).inc()

    def expect_shards(self, shard_ids: Iterable[int]) -> None:
        """The shards this process runs, so ``/healthz`` shows one that never connected."""
        self.health.expect_shards(shard_ids)

    def error(self, kind: str) -> None:
        self.metrics.count_error(kind)

    def refused(self, reason: str) -> None:
        """A request turned away (see ``metrics.REFUSAL_REASONS``)."""
        self.metrics.count_refusal(reason)

    async def wait(self) -> ShutdownReport:
        """Until the shutdown sequence has run (what ``run_bot`` awaits)."""
        return await self.shutdown.wait()
