"""The shared heart of the server: world, event log, request/violation records, messages.

REST routes, the gateway and the control API all go through ``Core`` so that a message
created by the bot over REST, by a test user through the control API or by an interaction
response is stored, recorded and dispatched in exactly one way.
"""

from __future__ import annotations

import base64
import copy
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import payloads
from .events import EventKind, EventLog
from .faults import Faults
from .gateway import Gateway, Intent
from .mentions import resolve_pings
from .rules import EMPTY_MESSAGE, Rejection, is_empty_message
from .state import Attachment, Channel, Message, MessageFlag, Permission, User, World, utcnow

if TYPE_CHECKING:
    from .interactions import InteractionHandle


@dataclass
class ServerConfig:
    """Knobs a test may turn; defaults are Discord's real values."""

    token: str = ""  # empty: a fake token shaped like Discord's, made for the bot's id
    interaction_deadline: float = 3.0
    interaction_token_lifetime: float = 15 * 60.0
    heartbeat_interval_ms: int = 41_250
    allowed_privileged_intents: int = int(Intent.PRIVILEGED)
    attachment_size_limit: int = payloads.ATTACHMENT_SIZE_LIMIT
    bot_name: str = "reportbot"
    clock: Callable[[], float] = time.monotonic
    shard_count: int = 1  # what GET /gateway/bot recommends


def discord_shaped_token(bot_id: int) -> str:
    """A fake token with a real token's shape: the bot's id in base64, a timestamp, a MAC."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    stamp = b64(int(time.time()).to_bytes(4, "big") + secrets.token_bytes(1))[:6]
    return f"{b64(str(bot_id).encode())}.{stamp}.{secrets.token_urlsafe(28)}"


@dataclass
class RecordedRequest:
    """One REST call as the bot made it (the token itself is never stored)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[str]
    at: float
    authorized: bool
    status: int | None = None
    response: Any = None


@dataclass(frozen=True)
class Violation:
    """A Discord rule the bot broke; Discord would have refused the call."""

    rule: str
    detail: str
    request: RecordedRequest | None
    at: float

    def __str__(self) -> str:
        where = f"{self.request.method} {self.request.path}" if self.request else "gateway"
        return f"[{self.rule}] {self.detail} ({where})"


MESSAGE_FLAGS_SETTABLE = (
    MessageFlag.SUPPRESS_EMBEDS
    | MessageFlag.EPHEMERAL
    | MessageFlag.SUPPRESS_NOTIFICATIONS
    | MessageFlag.IS_COMPONENTS_V2
)


class Core:
    """State and bookkeeping shared by the REST API, the gateway and the control API."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.clock = config.clock
        self.world = World()
        self.events = EventLog(clock=config.clock)
        self.violations: list[Violation] = []
        self.requests: list[RecordedRequest] = []
        self.interactions: dict[int, InteractionHandle] = {}
        self.bot: User = self.world.add_user(config.bot_name, bot=True)
        self.owner: User = self.world.add_user(f"{config.bot_name}-owner")
        # Modern applications share their id with their bot user.
        self.application_id: int = self.bot.id
        # None: the application belongs to ``owner``; else (team owner, [(member, role, state)])
        self.team: tuple[User, list[tuple[User, str, int]]] | None = None
        if not config.token:
            config.token = discord_shaped_token(self.bot.id)
        self.base_url: str = ""
        self.gateway = Gateway(self)
        self.faults = Faults(self)

    # ------------------------------------------------------------------ records

    def record_violation(
        self, rule: str, detail: str, request: RecordedRequest | None = None
    ) -> Violation:
        violation = Violation(rule=rule, detail=detail, request=request, at=self.clock())
        self.violations.append(violation)
        self.events.append(EventKind.VIOLATION, violation)
        return violation

    def record_rejection(self, rejection: Rejection, request: RecordedRequest | None) -> None:
        for rule, detail in rejection.broken_rules():
            self.record_violation(rule, detail, request)

    def interaction_by_token(self, token: str) -> InteractionHandle | None:
        for handle in self.interactions.values():
            if handle.token == token:
                return handle
        return None

    # ------------------------------------------------------------------ messages

    def attachment_url(self, channel_id: int, attachment_id: int, filename: str) -> str:
        return f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{filename}"

    def make_attachments(
        self,
        channel_id: int,
        files: list[tuple[str, str | None, bytes]],
        descriptions: dict[int, str | None] | None = None,
    ) -> list[Attachment]:
        result = []
        for index, (filename, content_type, data) in enumerate(files):
            attachment_id = self.world.snowflake()
            result.append(
                Attachment(
                    id=attachment_id,
                    filename=filename,
                    size=len(data),
                    content_type=content_type,
                    data=data,
                    url=self.attachment_url(channel_id, attachment_id, filename),
                    description=(descriptions or {}).get(index),
                )
            )
        return result

    def _pings(self, msg: Message) -> None:
        replied_author = None
        if msg.reference is not None:
            referenced = self.world.messages.get(int(msg.reference.get("message_id", 0)))
            replied_author = referenced.author_id if referenced else None
        author_perms = (
            self.world.channel_permissions(msg.channel_id, msg.author_id)
            if msg.guild_id is not None
            else 0
        )

        def role_is_pingable(role_id: int) -> bool:
            role = self.world.roles.get(role_id)
            if role is None or role.guild_id != msg.guild_id:
                return False
            return role.mentionable or bool(author_perms & Permission.MENTION_EVERYONE)

        msg.pings = resolve_pings(
            msg.content,
            msg.allowed_mentions,
            replied_author_id=replied_author,
            author_id=msg.author_id,
            user_exists=lambda uid: uid in self.world.users,
            role_is_pingable=role_is_pingable,
        )

    async def create_message(
        self,
        channel: Channel,
        author_id: int,
        *,
        content: str = "",
        embeds: list[dict[str, Any]] | None = None,
        components: list[dict[str, Any]] | None = None,
        attachments: list[Attachment] | None = None,
        flags: int = 0,
        tts: bool = False,
        type_: int = 0,
        allowed_mentions: dict[str, Any] | None = None,
        reference: dict[str, Any] | None = None,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        nonce: str | int | None = None,
        message_id: int | None = None,
    ) -> Message:
        """Store a message, log it and dispatch MESSAGE_CREATE (never for ephemeral ones)."""
        msg = Message(
            id=message_id or self.world.snowflake(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author_id=author_id,
            content=content or "",
            embeds=list(embeds or []),
            components=list(components or []),
            attachments=list(attachments or []),
            flags=flags,
            tts=tts,
            type=type_,
            allowed_mentions=allowed_mentions,
            reference=reference,
            webhook_id=webhook_id,
            application_id=self.application_id if webhook_id else None,
            interaction_metadata=interaction_metadata,
            nonce=nonce,
        )
        self._pings(msg)
        self.world.messages[msg.id] = msg
        if not msg.ephemeral:
            channel.last_message_id = msg.id
        self.events.append(EventKind.MESSAGE_CREATE, msg)
        if not msg.ephemeral:
            await self._dispatch_message("MESSAGE_CREATE", msg)
        return msg

    def check_not_empty(
        self,
        content: str | None,
        embeds: list[Any],
        components: list[Any],
        attachment_count: int,
        has_poll: bool = False,
    ) -> None:
        if is_empty_message(content, embeds, components, attachment_count, has_poll):
            status, code, message = EMPTY_MESSAGE
            raise Rejection(status, code, message, rule="empty_message")

    async def edit_message(
        self, msg: Message, body: dict[str, Any], new_attachments: list[Attachment]
    ) -> Message:
        """Apply an edit body (fields present replace), refusing edits that empty it."""
        content = body.get("content", msg.content)
        embeds = body.get("embeds", msg.embeds)
        components = body.get("components", msg.components)
        attachments = msg.attachments
        if "attachments" in body and body["attachments"] is not None:
            keep = {
                int(a["id"])
                for a in body["attachments"]
                if isinstance(a, dict) and str(a.get("id", "")).isdigit()
            }
            attachments = [a for a in msg.attachments if a.id in keep]
        attachments = attachments + new_attachments
        self.check_not_empty(content, embeds or [], components or [], len(attachments))
        msg.history.append(payloads.message(self.world, msg, gateway=False))
        msg.content = content or ""
        msg.embeds = list(embeds or [])
        msg.components = list(components or [])
        msg.attachments = attachments
        if "flags" in body and body["flags"] is not None:
            keep_bits = msg.flags & (MessageFlag.EPHEMERAL | MessageFlag.IS_COMPONENTS_V2)
            settable = int(body["flags"]) & (
                MessageFlag.SUPPRESS_EMBEDS | MessageFlag.IS_COMPONENTS_V2
            )
            msg.flags = keep_bits | settable
        if "allowed_mentions" in body:
            msg.allowed_mentions = copy.deepcopy(body["allowed_mentions"])
        msg.flags &= ~MessageFlag.LOADING
        msg.edited_at = utcnow()
        self._pings(msg)
        self.events.append(EventKind.MESSAGE_UPDATE, msg)
        if not msg.ephemeral:
            await self._dispatch_message("MESSAGE_UPDATE", msg)
        return msg

    async def delete_message(self, msg: Message) -> None:
        msg.deleted = True
        self.events.append(EventKind.MESSAGE_DELETE, msg)
        if msg.ephemeral:
            return
        data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
        if msg.guild_id is not None:
            data["guild_id"] = str(msg.guild_id)
        await self.gateway.dispatch("MESSAGE_DELETE", data, intents=self._message_intent(msg))

    def _message_intent(self, msg: Message) -> Intent:
        return Intent.GUILD_MESSAGES if msg.guild_id is not None else Intent.DIRECT_MESSAGES

    async def _dispatch_message(self, event: str, msg: Message) -> None:
        data = payloads.message(self.world, msg, gateway=True)
        # Without MESSAGE_CONTENT a bot still sees DMs, its own messages and mentions of it.
        privileged = (
            msg.guild_id is not None
            and msg.author_id != self.bot.id
            and self.bot.id not in msg.pings.users
        )
        await self.gateway.dispatch(
            event, data, intents=self._message_intent(msg), content_privileged=privileged
        )
