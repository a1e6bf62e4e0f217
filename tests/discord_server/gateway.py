"""The gateway websocket: HELLO, IDENTIFY/READY, GUILD_CREATE, heartbeats, RESUME, chunks.

discord.py 2.7 connects with ``?v=10&encoding=json&compress=zlib-stream``: every frame the
server sends is JSON, pushed through one ``zlib.compressobj`` per connection and flushed
with ``Z_SYNC_FLUSH`` (the client only decodes a frame ending in ``00 00 ff ff``). Sessions
outlive their sockets, buffer what happens while disconnected and replay it on RESUME, as
Discord does; the control API can drop the socket, ask for a reconnect or invalidate the
session to exercise those paths.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import payloads
from .events import EventKind

if TYPE_CHECKING:
    from .core import Core


class Intent(enum.IntFlag):
    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15
    PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


class Op(enum.IntEnum):
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class CloseCode(enum.IntEnum):
    UNKNOWN_ERROR = 4000
    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    NOT_AUTHENTICATED = 4003
    AUTHENTICATION_FAILED = 4004
    ALREADY_AUTHENTICATED = 4005
    INVALID_API_VERSION = 4012
    DISALLOWED_INTENTS = 4014


MEMBER_CHUNK_SIZE = 1000
# Client closes with these end the session for good (discord.py closes with 1000 on logout).
FINAL_CLIENT_CLOSE_CODES = frozenset({1000, 1001})


@dataclass
class ConnectionInfo:
    """What a test may want to know about one websocket connection."""

    path: str
    version: str | None
    encoding: str | None
    compress: str | None
    opened_at: float
    session_id: str | None = None
    resumed: bool = False
    frames_sent: int = 0
    frames_received: int = 0
    close_code: int | None = None
    closed_by_server: bool = False


class Connection:
    """One websocket plus its compressor; sends are serialized to keep zlib state sane."""

    def __init__(self, ws: web.WebSocketResponse, info: ConnectionInfo) -> None:
        self.ws = ws
        self.info = info
        self.compressor = zlib.compressobj() if info.compress == "zlib-stream" else None
        self.lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        async with self.lock:
            if self.ws.closed:
                raise ConnectionResetError("websocket closed")
            if self.compressor is not None:
                frame = self.compressor.compress(text.encode()) + self.compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await self.ws.send_bytes(frame)
            else:
                await self.ws.send_str(text)
            self.info.frames_sent += 1

    async def close(self, code: int, reason: str = "") -> None:
        self.info.closed_by_server = True
        await self.ws.close(code=code, message=reason.encode())

    def abort(self) -> None:
        """Reset the TCP connection without a close frame, as a network failure does."""
        self.info.closed_by_server = True
        request = self.ws._req  # aiohttp keeps the request; its transport is the socket
        if request is not None and request.transport is not None:
            request.transport.abort()


@dataclass
class Session:
    """A gateway session: identity, sequence, and the history RESUME replays from."""

    id: str
    intents: int
    shard: list[int]
    seq: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    resumable: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord routes a guild's events to; DMs and guild-less events go to shard 0."""
    if guild_id is None or shard_count <= 1:
        return 0
    return (int(guild_id) >> 22) % shard_count


def strip_message_content(data: dict[str, Any]) -> dict[str, Any]:
    """What a bot without the MESSAGE_CONTENT intent receives for someone else's message."""
    return {**data, "content": "", "embeds": [], "attachments": [], "components": []}


class Gateway:
    """Accepts websocket connections and dispatches events to the current session."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.connections: list[ConnectionInfo] = []
        self._open: set[Connection] = set()

    # ------------------------------------------------------------------ URLs

    @property
    def url(self) -> str:
        return self.core.base_url.replace("http://", "ws://", 1) + "/gateway"

    @property
    def resume_url(self) -> str:
        return self.url + "/resume"

    # ------------------------------------------------------------------ socket

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for ``/gateway`` and ``/gateway/resume``."""
        if self.core.faults.refuse_connection(request.path):  # an outage the test injected
            return web.Response(status=503, text="503 Service Unavailable")
        ws = web.WebSocketResponse(compress=False, timeout=2.0, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        query = request.query
        info = ConnectionInfo(
            path=request.path,
            version=query.get("v"),
            encoding=query.get("encoding"),
            compress=query.get("compress"),
            opened_at=self.core.clock(),
        )
        self.connections.append(info)
        conn = Connection(ws, info)
        self._open.add(conn)
        self.core.events.append(EventKind.GATEWAY_CONNECTED, info)
        session: Session | None = None
        try:
            if info.compress not in (None, "zlib-stream"):
                await conn.close(CloseCode.DECODE_ERROR, f"{info.compress} is not supported here")
                return ws
            if (info.encoding or "json") != "json":
                await conn.close(CloseCode.DECODE_ERROR, "only encoding=json is supported")
                return ws
            if info.version != "10":
                await conn.close(CloseCode.INVALID_API_VERSION, "Invalid API version")
                return ws
            await self.core.faults.wait_gateway_open()  # an outage holds HELLO back
            await conn.send(
                {
                    "op": Op.HELLO,
                    "s": None,
                    "t": None,
                    "d": {
                        "heartbeat_interval": self.core.config.heartbeat_interval_ms,
                        "_trace": ["loopback-gateway"],
                    },
                }
            )
            async for frame in ws:
                info.frames_received += 1
                if frame.type is not WSMsgType.TEXT:
                    await conn.close(CloseCode.DECODE_ERROR, "expected a JSON text frame")
                    break
                try:
                    payload = json.loads(frame.data)
                    op = payload["op"]
                except (ValueError, KeyError, TypeError):
                    await conn.close(CloseCode.DECODE_ERROR, "Error while decoding payload")
                    break
                session = await self._on_payload(conn, session, op, payload.get("d"))
        except ConnectionResetError:
            pass
        finally:
            self._open.discard(conn)
            info.close_code = ws.close_code
            if session is not None and session.connection is conn:
                session.connection = None
                if not info.closed_by_server and ws.close_code in FINAL_CLIENT_CLOSE_CODES:
                    session.resumable = False
            self.core.events.append(
                EventKind.GATEWAY_DISCONNECTED,
                {"session_id": session.id if session else None, "close_code": ws.close_code},
            )
        return ws

    async def _on_payload(
        self, conn: Connection, session: Session | None, op: int, data: Any
    ) -> Session | None:
        if op == Op.HEARTBEAT:
            self.core.events.append(EventKind.HEARTBEAT, {"seq": data})
            await conn.send({"op": Op.HEARTBEAT_ACK, "s": None, "t": None, "d": None})
            return session
        if op == Op.IDENTIFY:
            if session is not None:
                await conn.close(CloseCode.ALREADY_AUTHENTICATED, "Already authenticated")
                return session
            return await self._identify(conn, data or {})
        if op == Op.RESUME:
            if session is not None:
                await conn.close(CloseCode.ALREADY_AUTHENTICATED, "Already authenticated")
                return session
            return await self._resume(conn, data or {})
        if op not in (Op.PRESENCE_UPDATE, Op.VOICE_STATE_UPDATE, Op.REQUEST_GUILD_MEMBERS):
            await conn.close(CloseCode.UNKNOWN_OPCODE, "Unknown opcode")
            return session
        if session is None:
            await conn.close(CloseCode.NOT_AUTHENTICATED, "Not authenticated")
            return session
        if op == Op.PRESENCE_UPDATE:
            self.core.events.append(EventKind.PRESENCE_UPDATE, data)
        elif op == Op.REQUEST_GUILD_MEMBERS:
            self.core.events.append(EventKind.MEMBERS_REQUESTED, data)
            await self._send_member_chunks(session, data or {})
        return session

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        if data.get("token") != self.core.config.token:
            await conn.close(CloseCode.AUTHENTICATION_FAILED, "Authentication failed")
            return None
        intents = int(data.get("intents", 0))
        disallowed = intents & Intent.PRIVILEGED & ~self.core.config.allowed_privileged_intents
        if disallowed:
            await conn.close(CloseCode.DISALLOWED_INTENTS, "Disallowed intent(s)")
            return None
        shard = list(data.get("shard") or [0, 1])
        session = Session(id=secrets.token_hex(16), intents=intents, shard=shard, connection=conn)
        # A new session replaces the live one of the same shard (all of them, when the shard
        # count changed); the other shards' sessions stay, as on Discord.
        for old in self.sessions.values():
            if old.shard[0] == shard[0] or old.shard[1] != shard[1]:
                old.resumable = False
        self.sessions[session.id] = session
        self.current = session
        conn.info.session_id = session.id
        world, bot = self.core.world, self.core.bot
        guild_ids = [
            gid
            for gid in world.guilds
            if (gid, bot.id) in world.members and shard_of(gid, shard[1]) == shard[0]
        ]
        await self._send_dispatch(
            session,
            "READY",
            {
                "v": 10,
                "user": {
                    **payloads.user(bot),
                    "verified": True,
                    "mfa_enabled": False,
                    "email": None,
                },
                "guilds": [{"id": str(gid), "unavailable": True} for gid in guild_ids],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_url,
                "shard": shard,
                "application": {"id": str(self.core.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "auth": {},
                "geo_ordered_rtc_regions": [],
                "_trace": ["loopback-gateway"],
            },
        )
        for guild_id in guild_ids:
            await self._send_dispatch(
                session, "GUILD_CREATE", self._guild_payload(session, guild_id)
            )
        self.core.events.append(
            EventKind.GATEWAY_READY,
            {"session_id": session.id, "intents": intents, "shard": shard, "guilds": guild_ids},
        )
        return session

    def _guild_payload(self, session: Session, guild_id: int) -> dict[str, Any]:
        return payloads.guild_create(
            self.core.world,
            guild_id,
            bot_id=self.core.bot.id,
            include_all_members=bool(session.intents & Intent.GUILD_PRESENCES),
        )

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not session.resumable or data.get("token") != self.core.config.token:
            self.core.events.append(
                EventKind.GATEWAY_RESUME_REFUSED,
                {"session_id": data.get("session_id"), "seq": data.get("seq")},
            )
            await conn.send({"op": Op.INVALID_SESSION, "s": None, "t": None, "d": False})
            return None
        if session.connection is not None and session.connection is not conn:
            old = session.connection
            session.connection = None
            await old.close(CloseCode.UNKNOWN_ERROR, "Session resumed elsewhere")
        seq = int(data.get("seq") or 0)
        conn.info.session_id = session.id
        conn.info.resumed = True
        async with session.lock:
            missed = [frame for frame in session.history if frame["s"] > seq]
            for frame in missed:
                await conn.send(frame)
            session.connection = conn
        await self._send_dispatch(session, "RESUMED", {"_trace": ["loopback-gateway"]})
        self.core.events.append(
            EventKind.GATEWAY_RESUMED, {"session_id": session.id, "replayed": len(missed)}
        )
        return session

    async def _send_member_chunks(self, session: Session, data: dict[str, Any]) -> None:
        world = self.core.world
        guild = world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        user_ids = [int(uid) for uid in data.get("user_ids") or []]
        query = (data.get("query") or "").casefold()
        limit = int(data.get("limit") or 0)
        not_found: list[int] = []
        if user_ids:
            chosen = [uid for uid in user_ids if uid in guild.member_ids]
            not_found = [uid for uid in user_ids if uid not in guild.member_ids]
        else:
            chosen = []
            for uid in guild.member_ids:
                member, user = world.members[(guild.id, uid)], world.users[uid]
                names = [user.username, user.global_name or "", member.nick or ""]
                if not query or any(n.casefold().startswith(query) for n in names):
                    chosen.append(uid)
        if limit:
            chosen = chosen[:limit]
        chunks = [
            chosen[i : i + MEMBER_CHUNK_SIZE] for i in range(0, len(chosen), MEMBER_CHUNK_SIZE)
        ] or [[]]
        for index, chunk in enumerate(chunks):
            payload: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [payloads.member(world, guild.id, uid) for uid in chunk],
                "chunk_index": index,
                "chunk_count": len(chunks),
            }
            if index == 0 and not_found:
                payload["not_found"] = [str(uid) for uid in not_found]
            if data.get("nonce") is not None:
                payload["nonce"] = data["nonce"]
            await self._send_dispatch(session, "GUILD_MEMBERS_CHUNK", payload)

    # ------------------------------------------------------------------ dispatch

    async def _send_dispatch(self, session: Session, event: str, data: Any) -> None:
        async with session.lock:
            session.seq += 1
            frame = {"op": Op.DISPATCH, "t": event, "s": session.seq, "d": data}
            session.history.append(frame)
            conn = session.connection
            if conn is None:
                return
            try:
                await conn.send(frame)
            except (ConnectionError, RuntimeError):
                # The socket died mid-send; the frame stays in history for RESUME.
                session.connection = None

    async def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        *,
        intents: int = 0,
        content_privileged: bool = False,
    ) -> bool:
        """Send an event to the current session if its intents ask for it.

        Returns False when nobody would receive it (no session, or filtered by intents).
        Events for a disconnected but resumable session are kept for its RESUME. With several
        shards connected, an event goes to the session of its guild's shard (DMs: shard 0).
        """
        guild_id = data.get("guild_id")
        session = self.session_for(int(guild_id) if guild_id else None)
        if session is None or not session.resumable:
            self.core.faults.undeliverable(event, data)  # recorded if a fault caused it
            return False
        if intents and not session.intents & intents:
            return False
        if content_privileged and not session.intents & Intent.MESSAGE_CONTENT:
            data = strip_message_content(data)
        await self._send_dispatch(session, event, data)
        return True

    async def dispatch_guild_create(self, guild_id: int) -> bool:
        session = self.session_for(guild_id)
        if session is None or not session.resumable or not session.intents & Intent.GUILDS:
            return False
        await self._send_dispatch(session, "GUILD_CREATE", self._guild_payload(session, guild_id))
        return True

    def session_for(self, guild_id: int | None) -> Session | None:
        """The live session that receives ``guild_id``'s events (the current one if unsharded)."""
        current = self.current
        if current is None or current.shard[1] <= 1:
            return current
        for session in self.sessions.values():
            if (
                session.resumable
                and session.shard[1] == current.shard[1]
                and session.shard[0] == shard_of(guild_id, session.shard[1])
            ):
                return session
        return None

    # ------------------------------------------------------------------ control

    @property
    def connected(self) -> bool:
        session = self.current
        return session is not None and session.connection is not None

    async def drop(self, code: int | None = CloseCode.UNKNOWN_ERROR) -> None:
        """Close the current socket (``None``: reset it without a close frame); the session
        stays resumable unless the caller ends it."""
        session = self.current
        if session is None or session.connection is None:
            raise RuntimeError("no connected gateway session to drop")
        conn, session.connection = session.connection, None
        if code is None:
            conn.abort()
            return
        await conn.close(code, "dropped by the test")

    async def send_reconnect(self) -> None:
        """Op 7 RECONNECT: the client closes and resumes on ``resume_gateway_url``."""
        conn = self._current_connection()
        await conn.send({"op": Op.RECONNECT, "s": None, "t": None, "d": None})

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Op 9 INVALID_SESSION; with ``resumable=False`` the client must IDENTIFY again."""
        conn = self._current_connection()
        if not resumable and self.current is not None:
            self.current.resumable = False
        await conn.send({"op": Op.INVALID_SESSION, "s": None, "t": None, "d": resumable})

    async def request_heartbeat(self) -> None:
        """Op 1 from the server: the client must heartbeat immediately."""
        conn = self._current_connection()
        await conn.send({"op": Op.HEARTBEAT, "s": None, "t": None, "d": None})

    def _current_connection(self) -> Connection:
        session = self.current
        if session is None or session.connection is None:
            raise RuntimeError("no connected gateway session")
        return session.connection

    async def close_all(self) -> None:
        """Close every socket (server shutdown); clients see 1001 Going Away."""
        for conn in list(self._open):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await conn.close(1001, "server shutting down")
        self._open.clear()
