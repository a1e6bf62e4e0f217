"""Prometheus metrics, in a registry of reportbot's own (served at ``/metrics``).

A dedicated registry rather than prometheus-client's global one: tests get fresh counters, and
nothing another library registers globally leaks into reportbot's endpoint. Label values are a
small fixed set each, so series stay few.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

if TYPE_CHECKING:
    from bot.answers.model import Answer
    from bot.store import ReloadResult, Snapshot

#: ``Answer.outcome`` values; anything but "answered" is a decline.
REASONS = ("answered", "no_match", "gap", "ambiguous", "empty", "too_long")
RELOAD_OUTCOMES = ("ok", "refused", "failed")  # refused: the pack has problems; failed: crashed
ERROR_KINDS = (
    "reply",
    "discord_http",
    "gateway",
    "reload",
    "command",
    "expired",  # an interaction that reached us, or was answered, after Discord's 3 s
    "unexpected",
)
QUERY_LOG_OPERATIONS = ("open", "record", "dropped", "report", "erase", "prune", "close")
#: Why a request was turned away: a guild outside REPORTBOT_ALLOWED_GUILD_IDS, a member without
#: admin rights at an admin command, or a request that arrived while shutting down.
REFUSAL_REASONS = ("guild", "admin", "shutting_down")

#: Answering is in-process matching: most answers take milliseconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """reportbot's counters, histogram and gauges, with one method per thing the bot observes."""

    def __init__(self, registry: CollectorRegistry | None = None, *, process: bool = True) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.questions = Counter(
            "reportbot_questions",
            "Questions handled, by outcome (answered or declined) and the reason for it.",
            ["outcome", "reason"],
            registry=r,
        )
        self.answer_latency = Histogram(
            "reportbot_answer_latency_seconds",
            "Time from question to composed answer (matching and composing, not Discord I/O).",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.reloads = Counter(
            "reportbot_reloads", "Fact pack reloads, by outcome.", ["outcome"], registry=r
        )
        self.errors = Counter("reportbot_errors", "Errors, by kind.", ["kind"], registry=r)
        self.refusals = Counter(
            "reportbot_refusals",
            "Requests turned away: outside the allowed guilds, not an admin, shutting down.",
            ["reason"],
            registry=r,
        )
        self.gateway_events = Counter(
            "reportbot_gateway_events",
            "Gateway connections made, resumed and lost.",
            ["event"],
            registry=r,
        )
        self.query_log_faults = Counter(
            "reportbot_query_log_faults",
            "Query log operations that failed or entries dropped; answering went on.",
            ["operation"],
            registry=r,
        )
        self.pack_info = Gauge(
            "reportbot_pack_info",
            "The fact pack being served (value 1; id and version as labels).",
            ["pack", "version"],
            registry=r,
        )
        self.pack_loaded = Gauge(
            "reportbot_pack_loaded_timestamp_seconds",
            "When the fact pack being served was loaded (Unix time).",
            registry=r,
        )
        self.in_flight = Gauge(
            "reportbot_replies_in_flight", "Replies being composed or sent.", registry=r
        )
        # Every known series from the start, so a rate() has a zero to begin from.
        for reason in REASONS:
            self.questions.labels(_outcome(reason), reason)
        for outcome in RELOAD_OUTCOMES:
            self.reloads.labels(outcome)
        for kind in ERROR_KINDS:
            self.errors.labels(kind)
        for reason in REFUSAL_REASONS:
            self.refusals.labels(reason)
        for event in ("ready", "resumed", "disconnected"):
            self.gateway_events.labels(event)
        for operation in QUERY_LOG_OPERATIONS:
            self.query_log_faults.labels(operation)
        if process:
            ProcessCollector(registry=r)
            GCCollector(registry=r)
            PlatformCollector(registry=r)

    def observe_answer(self, answer: Answer, seconds: float) -> None:
        """Count one question by outcome and record how long answering it took."""
        self.questions.labels(_outcome(answer.outcome), answer.outcome).inc()
        self.answer_latency.observe(seconds)

    def observe_reload(self, result: ReloadResult | None) -> None:
        """A reload's result (``None`` when the reload itself raised)."""
        self.reloads.labels("failed" if result is None else "ok" if result.ok else "refused").inc()

    def count_error(self, kind: str) -> None:
        """``kind`` should be one of ``ERROR_KINDS``: a free-form label would grow without end."""
        self.errors.labels(kind if kind in ERROR_KINDS else "unexpected").inc()

    def count_refusal(self, reason: str) -> None:
        """``reason`` is one of ``REFUSAL_REASONS``."""
        if reason in REFUSAL_REASONS:
            self.refusals.labels(reason).inc()

    def query_log_fault(self, operation: str) -> None:
        """The query log's fault hook: ``on_fault=metrics.query_log_fault``."""
        self.query_log_faults.labels(operation).inc()

    def set_pack(self, snapshot: Snapshot) -> None:
        """The pack now served: call at start-up and after every successful reload."""
        info = snapshot.knowledge.info
        self.pack_info.clear()
        self.pack_info.labels(info.id, info.version).set(1)
        self.pack_loaded.set(snapshot.loaded_at)


def _outcome(reason: str) -> str:
    return "answered" if reason == "answered" else "declined"


@functools.cache
def default_metrics() -> Metrics:
    """The process's one ``Metrics``: what the bot, the query log and ``/metrics`` share."""
    return Metrics()
