"""Fault injection: gateway drops, INVALID_SESSION, RECONNECT, outages, 429s and 5xx answers.

``server.faults`` injects a fault the way Discord produces it, records it, and records how the
client reacted, so a test can assert "the bot resumed and replayed 2 events", "it waited the
``retry_after`` and sent the request again", or "this question was lost, and here is why":

* **Gateway**: :meth:`Faults.drop_gateway` (a close code, or a TCP reset without a close
  frame), :meth:`Faults.invalid_session` (op 9, resumable or not),
  :meth:`Faults.request_reconnect` (op 7), :meth:`Faults.gateway_outage` (new connections hang
  or are refused until the block ends, while events keep happening). Each returns a
  :class:`GatewayFault`; :meth:`Faults.wait_recovered` returns its :class:`Recovery`
  (``resumed`` with the number of replayed dispatches, or ``identified`` as a new session).
* **REST**: :meth:`Faults.rate_limit` (429 with Discord's body and ``X-RateLimit-*``/
  ``Retry-After``/``Via`` headers) and :meth:`Faults.fail` (500, 502, 503, 504), for the next
  ``times`` calls matching a route such as ``"POST /channels/{channel_id}/messages"``. A
  faulted call is answered *before* routing, so it has no effect, as when Discord refuses it
  at the edge. Each returns a :class:`RestFault`; :meth:`RestFault.retries` pairs each refused
  call with the identical call the client sent next and how long it waited.
* **Losses**: events Discord could not deliver because the bot had no session able to take
  them (between a non-resumable INVALID_SESSION and the next READY) are appended to
  :attr:`Faults.lost` — a chat message the bot never sees, or an interaction the user sees
  fail with "The application did not respond".
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from .events import Event, EventKind

if TYPE_CHECKING:
    from .core import Core, RecordedRequest
    from .gateway import ConnectionInfo

API_PREFIX = "/api/v10"

# Routes reportbot's replies go through (templates as in rest.py, relative to /api/v10).
CREATE_MESSAGE = "POST /channels/{channel_id}/messages"
INTERACTION_CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
EDIT_ORIGINAL = "PATCH /webhooks/{app_id}/{token}/messages/@original"
FOLLOWUP = "POST /webhooks/{app_id}/{token}"

# Close codes after which Discord will not let the session be resumed.
SESSION_ENDING_CLOSE_CODES = frozenset({4007, 4009})
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})
_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def compile_route(spec: str) -> tuple[str, re.Pattern[str]]:
    """``"POST /channels/{channel_id}/messages"`` -> ("POST", regex on the path below
    /api/v10). ``{name}`` matches one path segment; ``*`` as the method matches any."""
    method, _, template = spec.strip().partition(" ")
    template = template.strip()
    if not method or not template.startswith("/"):
        raise ValueError(f"route {spec!r}: expected 'METHOD /path/{{param}}'")
    if template.startswith(API_PREFIX + "/"):
        template = template[len(API_PREFIX) :]
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else "[^/]+" for index, part in enumerate(parts)
    )
    return method.upper(), re.compile(f"^{regex}$")


def sample_path(spec: str) -> tuple[str, str]:
    """The route with every placeholder filled with "1", for checking it exists."""
    method, _, template = spec.strip().partition(" ")
    return method.upper(), re.sub(r"\{\w+\}", "1", template.strip())


# --------------------------------------------------------------------------- REST faults


@dataclass
class Retry:
    """A refused call and the identical call the client sent next (None: it never did)."""

    refused: RecordedRequest
    retry: RecordedRequest | None

    @property
    def waited(self) -> float | None:
        return None if self.retry is None else self.retry.at - self.refused.at


@dataclass(eq=False)
class RestFault:
    """The next ``times`` calls matching ``route`` get ``status`` (429 or a 5xx)."""

    id: int
    kind: Literal["rate_limit", "server_error"]
    route: str
    method: str
    pattern: re.Pattern[str] = field(repr=False)
    status: int
    times: int
    retry_after: float = 0.0
    global_: bool = False
    scope: str = "user"
    injected_at: float = 0.0
    hits: list[RecordedRequest] = field(default_factory=list)
    _requests: list[RecordedRequest] = field(default_factory=list, repr=False)

    @property
    def remaining(self) -> int:
        return self.times - len(self.hits)

    @property
    def exhausted(self) -> bool:
        return self.remaining <= 0

    def matches(self, method: str, sub_path: str) -> bool:
        if self.exhausted:
            return False
        return (self.method in ("*", method)) and self.pattern.match(sub_path) is not None

    def retries(self) -> list[Retry]:
        """Each refused call with the next identical one (method, path, query, body)."""
        position = {id(r): index for index, r in enumerate(self._requests)}
        out = []
        for hit in self.hits:
            key = (hit.method, hit.path, hit.query, hit.json)
            later = self._requests[position[id(hit)] + 1 :]
            retry = next((r for r in later if (r.method, r.path, r.query, r.json) == key), None)
            out.append(Retry(refused=hit, retry=retry))
        return out

    @property
    def recovered(self) -> bool:
        """Every refused call was sent again, and the last attempt succeeded."""
        retries = self.retries()
        if not retries:
            return False
        last = retries[-1].retry
        return all(r.retry is not None for r in retries) and (
            last is not None and last.status is not None and 200 <= last.status < 300
        )

    def response(self, now_epoch: float) -> web.Response:
        if self.kind == "rate_limit":
            body = {
                "message": "You are being rate limited.",
                "retry_after": self.retry_after,
                "global": self.global_,
            }
            headers = {
                "Retry-After": str(max(1, math.ceil(self.retry_after))),
                "X-RateLimit-Scope": self.scope,
                # discord.py treats a 429 without Via as Cloudflare's ban, not Discord's limit.
                "Via": "1.1 google",
            }
            if self.global_:
                headers["X-RateLimit-Global"] = "true"
            else:
                bucket = hashlib.sha1(self.route.encode()).hexdigest()[:16]
                headers.update(
                    {
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": f"{now_epoch + self.retry_after:.3f}",
                        "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
                        "X-RateLimit-Bucket": bucket,
                    }
                )
            return web.Response(
                body=json.dumps(body).encode(),
                status=429,
                content_type="application/json",
                headers=headers,
            )
        reason = _REASONS.get(self.status, "Server Error")
        if self.status == 500:
            body = {"message": f"500: {reason}", "code": 0}
            return web.Response(
                body=json.dumps(body).encode(), status=500, content_type="application/json"
            )
        # Discord's edge (Cloudflare) answers these with a small HTML page.
        return web.Response(
            text=f"<html><body><h1>{self.status} {reason}</h1></body></html>",
            status=self.status,
            content_type="text/html",
        )


# --------------------------------------------------------------------------- gateway faults


@dataclass
class Recovery:
    """How the client came back after a gateway fault."""

    how: Literal["resumed", "identified"]
    after: float  # seconds from the fault to RESUMED / READY
    session_id: str
    same_session: bool
    replayed: int  # dispatches replayed on RESUME (0 for a new session)
    resume_refused: int  # RESUME attempts answered with INVALID_SESSION first
    connection: ConnectionInfo | None
    client_close_code: int | None  # how the client closed the faulted socket, if it did


@dataclass(eq=False)
class GatewayFault:
    id: int
    kind: Literal["drop", "invalid_session", "reconnect", "outage"]
    detail: dict[str, Any]
    at: float
    event_index: int
    session_id: str | None
    _faults: Faults = field(repr=False)

    @property
    def ends_session(self) -> bool:
        """Discord ends the session: the client must IDENTIFY anew, and what happens until
        its READY is not delivered."""
        if self.kind == "invalid_session":
            return not self.detail["resumable"]
        return self.kind == "drop" and self.detail["code"] in SESSION_ENDING_CLOSE_CODES

    def recovery(self) -> Recovery | None:
        """The recovery, once the client resumed or identified after the fault."""
        return self._faults.recovery_of(self)


@dataclass
class Lost:
    """An event Discord could not deliver: no session could take it (see the module doc)."""

    event: str
    at: float
    summary: str
    data: Any = field(repr=False)
    interaction: Any = field(default=None, repr=False)  # InteractionHandle, for interactions


# --------------------------------------------------------------------------- the API


class Faults:
    """``server.faults``: inject faults, then read what happened (see the module doc)."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.log: list[RestFault | GatewayFault] = []
        self.lost: list[Lost] = []
        self._rest: list[RestFault] = []
        self._gateway_open = asyncio.Event()
        self._gateway_open.set()
        self._refuse_connections = False
        self.route_exists: Callable[[str, str], bool] = lambda method, path: True

    # ------------------------------------------------------------------ REST

    def rate_limit(
        self,
        route: str,
        *,
        retry_after: float = 0.5,
        times: int = 1,
        global_: bool = False,
        scope: Literal["user", "global", "shared"] | None = None,
    ) -> RestFault:
        """Answer the next ``times`` calls on ``route`` with 429 and ``retry_after`` seconds.

        ``global_=True`` is Discord's global limit (``X-RateLimit-Global``, scope "global",
        no bucket headers): discord.py then holds *every* request for ``retry_after``.
        """
        if retry_after < 0 or times < 1:
            raise ValueError("retry_after must be >= 0 and times >= 1")
        return self._add_rest(
            route,
            kind="rate_limit",
            status=429,
            times=times,
            retry_after=float(retry_after),
            global_=global_,
            scope=scope or ("global" if global_ else "user"),
        )

    def fail(self, route: str, *, status: int = 500, times: int = 1) -> RestFault:
        """Answer the next ``times`` calls on ``route`` with ``status`` (500, 502, 503, 504)."""
        if status not in RETRYABLE_STATUSES:
            raise ValueError(f"status must be one of {sorted(RETRYABLE_STATUSES)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        return self._add_rest(route, kind="server_error", status=status, times=times)

    def clear(self) -> None:
        """Withdraw every REST fault not used up yet (the records stay in ``log``)."""
        self._rest.clear()

    def _add_rest(self, route: str, **options: Any) -> RestFault:
        method, pattern = compile_route(route)
        sample_method, sample = sample_path(route)
        if sample.startswith(API_PREFIX + "/"):
            sample = sample[len(API_PREFIX) :]
        if not self.route_exists(sample_method, sample):
            raise ValueError(f"route {route!r} matches no route the server serves")
        fault = RestFault(
            id=len(self.log) + 1,
            route=route,
            method=method,
            pattern=pattern,
            injected_at=self.core.clock(),
            _requests=self.core.requests,
            **options,
        )
        self._rest.append(fault)
        self.log.append(fault)
        self.core.events.append(EventKind.FAULT_INJECTED, fault)
        return fault

    def intercept(self, method: str, path: str, record: RecordedRequest) -> web.Response | None:
        """Called by the REST entry point for every call: the fault's answer, or None."""
        if not path.startswith(API_PREFIX + "/"):
            return None
        sub = path[len(API_PREFIX) :]
        for fault in self._rest:
            if fault.matches(method, sub):
                fault.hits.append(record)
                if fault.exhausted:
                    self._rest.remove(fault)
                response = fault.response(time.time())
                if response.content_type == "application/json":
                    record.response = json.loads(response.body)  # type: ignore[arg-type]
                else:
                    record.response = response.text
                return response
        return None

    async def wait_retried(self, fault: RestFault, *, timeout: float = 10.0) -> list[Retry]:
        """Wait until every refused call of ``fault`` was sent again; return the pairs."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            retries = fault.retries()
            if fault.exhausted and retries and all(r.retry is not None for r in retries):
                last = retries[-1].retry
                if last is not None and last.status is not None:
                    return retries
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(
                    f"fault {fault.route} ({fault.status}): {len(fault.hits)}/{fault.times} "
                    f"hit, retries {[(r.retry is not None) for r in retries]} after "
                    f"{timeout}s; recent events:\n" + self.core.events.describe_recent()
                )
            mark = len(self.core.events.events)
            with contextlib.suppress(AssertionError):
                await self.core.events.wait_for(
                    lambda e, mark=mark: e.index >= mark and e.kind is EventKind.REQUEST,
                    timeout=left,
                )

    async def wait_exhausted(self, fault: RestFault, *, timeout: float = 10.0) -> None:
        """Wait until ``fault`` has answered all of its ``times`` calls."""
        if fault.exhausted:
            return
        await self.core.events.wait_for(
            lambda e: e.kind is EventKind.REQUEST and fault.exhausted,
            timeout=timeout,
            description=f"{fault.times} calls on {fault.route}",
        )

    # ------------------------------------------------------------------ gateway

    async def drop_gateway(self, code: int | None = 4000) -> GatewayFault:
        """Close the bot's websocket with ``code``, or (``None``) reset the TCP connection
        without a close frame, as a network failure does.

        The session stays resumable, except after 4007 (invalid seq) and 4009 (session
        timed out): Discord ends those sessions, so a RESUME is answered INVALID_SESSION.
        """
        gateway = self.core.gateway
        session = gateway.current
        fault = self._gateway_fault("drop", {"code": code})
        if session is not None and code in SESSION_ENDING_CLOSE_CODES:
            session.resumable = False
        await gateway.drop(code)
        return fault

    async def invalid_session(self, *, resumable: bool) -> GatewayFault:
        """Op 9 INVALID_SESSION: ``d=true`` the client may RESUME; ``d=false`` the session is
        gone and everything until the client's next READY is lost (see ``lost``)."""
        fault = self._gateway_fault("invalid_session", {"resumable": resumable})
        await self.core.gateway.invalidate_session(resumable=resumable)
        return fault

    async def request_reconnect(self) -> GatewayFault:
        """Op 7 RECONNECT: the client should close and RESUME at ``resume_gateway_url``."""
        fault = self._gateway_fault("reconnect", {})
        await self.core.gateway.send_reconnect()
        return fault

    @contextlib.asynccontextmanager
    async def gateway_outage(
        self, *, refuse: bool = False, drop: bool = True
    ) -> AsyncIterator[GatewayFault]:
        """While the block runs, the gateway accepts no new session: connections hang before
        HELLO (``refuse=True``: the websocket upgrade is answered 503). ``drop`` first drops
        the current socket (close 4000). Events that happen meanwhile are kept for RESUME."""
        fault = self._gateway_fault("outage", {"refuse": refuse})
        self._refuse_connections = refuse
        self._gateway_open.clear()
        try:
            if drop and self.core.gateway.connected:
                await self.core.gateway.drop(4000)
            yield fault
        finally:
            self._refuse_connections = False
            self._gateway_open.set()

    @property
    def gateway_down(self) -> bool:
        return not self._gateway_open.is_set()

    def refuse_connection(self, path: str) -> bool:
        """Called for each websocket upgrade: True (recorded) to answer it 503."""
        if self.gateway_down and self._refuse_connections:
            self.core.events.append(EventKind.GATEWAY_CONNECTION_REFUSED, {"path": path})
            return True
        return False

    async def wait_gateway_open(self) -> None:
        await self._gateway_open.wait()

    def end_outages(self) -> None:
        """Server shutdown: let held connections go on (to be closed)."""
        self._refuse_connections = False
        self._gateway_open.set()

    def _gateway_fault(self, kind: Any, detail: dict[str, Any]) -> GatewayFault:
        session = self.core.gateway.current
        fault = GatewayFault(
            id=len(self.log) + 1,
            kind=kind,
            detail=detail,
            at=self.core.clock(),
            event_index=len(self.core.events.events),
            session_id=session.id if session else None,
            _faults=self,
        )
        self.log.append(fault)
        self.core.events.append(EventKind.FAULT_INJECTED, fault)
        return fault

    def recovery_of(self, fault: GatewayFault) -> Recovery | None:
        events = self.core.events.events[fault.event_index :]
        refused = 0
        close_code = None
        for event in events:
            if event.kind is EventKind.GATEWAY_RESUME_REFUSED:
                refused += 1
            elif (
                event.kind is EventKind.GATEWAY_DISCONNECTED
                and close_code is None
                and event.data.get("session_id") == fault.session_id
            ):
                close_code = event.data.get("close_code")
            elif event.kind is EventKind.GATEWAY_RESUMED:
                return self._recovery("resumed", fault, event, refused, close_code)
            elif event.kind is EventKind.GATEWAY_READY:
                return self._recovery("identified", fault, event, refused, close_code)
        return None

    def _recovery(
        self,
        how: Literal["resumed", "identified"],
        fault: GatewayFault,
        event: Event,
        refused: int,
        close_code: int | None,
    ) -> Recovery:
        session_id = event.data["session_id"]
        connection = next(
            (
                c
                for c in reversed(self.core.gateway.connections)
                if c.session_id == session_id and c.opened_at <= event.at
            ),
            None,
        )
        return Recovery(
            how=how,
            after=event.at - fault.at,
            session_id=session_id,
            same_session=session_id == fault.session_id,
            replayed=int(event.data.get("replayed", 0)),
            resume_refused=refused,
            connection=connection,
            client_close_code=close_code,
        )

    async def wait_recovered(self, fault: GatewayFault, *, timeout: float = 20.0) -> Recovery:
        """The client's recovery from ``fault``: RESUMED or a new READY after it.

        The default timeout is generous: after a non-resumable INVALID_SESSION discord.py
        waits 5 s before it identifies again, and after a refused connection it backs off
        for a random 0-2 s, then 0-4 s, ...
        """
        await self.core.events.wait_for(
            lambda e: (
                e.index >= fault.event_index
                and e.kind in (EventKind.GATEWAY_RESUMED, EventKind.GATEWAY_READY)
            ),
            timeout=timeout,
            description=f"a RESUMED or READY after the {fault.kind} fault",
        )
        recovery = self.recovery_of(fault)
        assert recovery is not None
        return recovery

    # ------------------------------------------------------------------ losses

    @property
    def in_session_gap(self) -> bool:
        """A fault ended the bot's session and no new READY has come since."""
        events = self.core.events.events
        for fault in self.log:
            if not isinstance(fault, GatewayFault) or not fault.ends_session:
                continue
            if not any(e.kind is EventKind.GATEWAY_READY for e in events[fault.event_index :]):
                return True
        return False

    def undeliverable(self, event: str, data: Any) -> None:
        """The gateway had no session for ``event``: a loss if a fault caused it (before the
        bot's first READY, or after it logged out, nothing is lost)."""
        if self.in_session_gap:
            self.record_lost(event, data)

    def was_lost(self, interaction_id: int) -> bool:
        return any(
            lost.interaction is not None and lost.interaction.id == interaction_id
            for lost in self.lost
        )

    def record_lost(self, event: str, data: Any) -> Lost:
        interaction = None
        if event == "INTERACTION_CREATE" and isinstance(data, dict):
            interaction = self.core.interactions.get(int(data.get("id", 0)))
        summary = event
        if isinstance(data, dict):
            if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
                summary = f"{event} {data.get('id')}: {str(data.get('content', ''))[:60]!r}"
            elif event == "INTERACTION_CREATE":
                summary = f"{event} {data.get('id')}: {(data.get('data') or {}).get('name')!r}"
        lost = Lost(
            event=event, at=self.core.clock(), summary=summary, data=data, interaction=interaction
        )
        self.lost.append(lost)
        self.core.events.append(EventKind.UNDELIVERED, lost)
        return lost

    def describe(self) -> str:
        """One line per fault and per lost event, for failure messages and notes."""
        lines = []
        for fault in self.log:
            if isinstance(fault, RestFault):
                waits = [None if r.waited is None else round(r.waited, 2) for r in fault.retries()]
                lines.append(
                    f"#{fault.id} {fault.kind} {fault.route} -> {fault.status} "
                    f"x{len(fault.hits)}/{fault.times}; retried after {waits}"
                )
            else:
                recovery = fault.recovery()
                how = (
                    "not recovered"
                    if recovery is None
                    else (
                        f"{recovery.how} after {recovery.after:.2f}s, replayed "
                        f"{recovery.replayed}, resume refused {recovery.resume_refused}x"
                    )
                )
                lines.append(f"#{fault.id} {fault.kind} {fault.detail}: {how}")
        lines += [f"lost: {lost.summary}" for lost in self.lost]
        return "\n".join(lines) or "(no faults)"


__all__ = [
    "CREATE_MESSAGE",
    "EDIT_ORIGINAL",
    "FOLLOWUP",
    "INTERACTION_CALLBACK",
    "Faults",
    "GatewayFault",
    "Lost",
    "Recovery",
    "RestFault",
    "Retry",
]
