"""Append-only event log that tests wait on.

Everything observable the server does (a message created by the bot, an interaction
callback, a gateway handshake step, a rule violation) is appended here. Tests never sleep:
they await a predicate over this log, and an event that already happened satisfies a wait
just like one that happens later, so a fast bot cannot race a slow test.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class EventKind(enum.StrEnum):
    """What an event records; the ``data`` of each kind is documented next to it."""

    REQUEST = "request"  # RecordedRequest
    VIOLATION = "violation"  # Violation
    MESSAGE_CREATE = "message_create"  # Message
    MESSAGE_UPDATE = "message_update"  # Message (after the edit)
    MESSAGE_DELETE = "message_delete"  # Message
    TYPING = "typing"  # {"channel_id": int, "user_id": int}
    COMMANDS_SYNCED = "commands_synced"  # {"guild_id": int | None, "commands": list[dict]}
    INTERACTION_DISPATCHED = "interaction_dispatched"  # InteractionHandle
    INTERACTION_CALLBACK = "interaction_callback"  # CallbackAttempt
    # {"interaction_id": int, "message": Message}
    INTERACTION_FOLLOWUP = "interaction_followup"
    GATEWAY_CONNECTED = "gateway_connected"  # ConnectionInfo
    # READY and every GUILD_CREATE sent: {"session_id": str, "intents": int}
    GATEWAY_READY = "gateway_ready"
    GATEWAY_RESUMED = "gateway_resumed"  # {"session_id": str, "replayed": int}
    # {"session_id": str | None, "close_code": int | None}
    GATEWAY_DISCONNECTED = "gateway_disconnected"
    HEARTBEAT = "heartbeat"  # {"seq": int | None}
    MEMBERS_REQUESTED = "members_requested"  # the REQUEST_GUILD_MEMBERS payload
    PRESENCE_UPDATE = "presence_update"  # the PRESENCE_UPDATE payload
    # A RESUME answered with INVALID_SESSION: {"session_id": str | None, "seq": int | None}
    GATEWAY_RESUME_REFUSED = "gateway_resume_refused"
    # A websocket upgrade answered 503 during an outage: {"path": str}
    GATEWAY_CONNECTION_REFUSED = "gateway_connection_refused"
    FAULT_INJECTED = "fault_injected"  # faults.RestFault | faults.GatewayFault
    UNDELIVERED = "undelivered"  # faults.Lost: an event no session could take


# Seconds every wait allows unless told otherwise: a hang guard only. On an idle machine each
# wait ends in milliseconds; a busy one (CI, other jobs beside the tests) may pause the process
# for far longer, and a test must not fail for that.
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Event:
    """One entry of the log; ``at`` is the server clock when it was appended."""

    index: int
    kind: EventKind
    at: float
    data: Any


class WaitTimeout(AssertionError):
    """Raised when a wait expires; an AssertionError so pytest shows it as a test failure."""


@dataclass
class _Waiter:
    predicate: Callable[[Event], bool]
    claim: str | None
    future: asyncio.Future[Event]


@dataclass
class EventLog:
    """The log plus the waiters blocked on it.

    ``claim`` namespaces give "next one" semantics: an event returned to a waiter with
    claim ``"x"`` is never returned again to another waiter with claim ``"x"``, so two
    successive ``wait_for_message()`` calls return two different messages.
    """

    clock: Callable[[], float]
    events: list[Event] = field(default_factory=list)
    _waiters: list[_Waiter] = field(default_factory=list)
    _claimed: dict[str, set[int]] = field(default_factory=dict)

    def append(self, kind: EventKind, data: Any) -> Event:
        """Record an event and wake every waiter it satisfies (synchronous on purpose)."""
        event = Event(index=len(self.events), kind=kind, at=self.clock(), data=data)
        self.events.append(event)
        for waiter in list(self._waiters):
            if waiter.future.done() or not self._is_free(event, waiter.claim):
                continue
            if waiter.predicate(event):
                self._take(event, waiter.claim)
                waiter.future.set_result(event)
                self._waiters.remove(waiter)
        return event

    def of_kind(self, kind: EventKind) -> list[Event]:
        return [event for event in self.events if event.kind is kind]

    async def wait_for(
        self,
        predicate: Callable[[Event], bool],
        *,
        timeout: float,
        claim: str | None = None,
        description: str = "event",
    ) -> Event:
        """Return the first (unclaimed) matching event, past or future, within ``timeout``."""
        for event in self.events:
            if self._is_free(event, claim) and predicate(event):
                self._take(event, claim)
                return event
        future: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(predicate=predicate, claim=claim, future=future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise WaitTimeout(
                f"timed out after {timeout}s waiting for {description}; recent events:\n"
                + self.describe_recent()
            ) from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def describe_recent(self, count: int = 15) -> str:
        """A readable tail of the log, for timeout messages."""
        lines = []
        for event in self.events[-count:]:
            summary = repr(event.data)
            if len(summary) > 160:
                summary = summary[:157] + "..."
            lines.append(f"  #{event.index} {event.kind.value} @{event.at:.3f}: {summary}")
        return "\n".join(lines) or "  (none)"

    def cancel_waiters(self) -> None:
        """Fail pending waits when the server stops, instead of leaving them hanging."""
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.cancel()
        self._waiters.clear()

    def _is_free(self, event: Event, claim: str | None) -> bool:
        return claim is None or event.index not in self._claimed.get(claim, set())

    def _take(self, event: Event, claim: str | None) -> None:
        if claim is not None:
            self._claimed.setdefault(claim, set()).add(event.index)
