"""The lifecycle of one interaction, enforced like Discord enforces it.

An interaction is dispatched over the gateway; the bot then has ``interaction_deadline``
seconds (3.0 on Discord) for exactly one initial callback, after which it may send
follow-ups and edit or delete its responses through the interaction webhook for 15
minutes. ``InteractionHandle`` is both the server's record and what a test awaits.
"""

from __future__ import annotations

import base64
import enum
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import payloads
from .events import DEFAULT_TIMEOUT, EventKind
from .rules import (
    FormError,
    Rejection,
    check_autocomplete_result,
    check_callback_type,
    check_message_body,
)
from .state import Attachment, Message, MessageFlag

if TYPE_CHECKING:
    from .core import Core


class InteractionType(enum.IntEnum):
    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CallbackType(enum.IntEnum):
    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")
ALREADY_ACKNOWLEDGED = (400, 40060, "Interaction has already been acknowledged.")
UNKNOWN_WEBHOOK = (404, 10015, "Unknown Webhook")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")


@dataclass
class CallbackAttempt:
    """One ``POST /interactions/{id}/{token}/callback``, accepted or not."""

    interaction_id: int
    type: int
    data: dict[str, Any] | None
    at: float
    latency: float
    status: int
    rule: str | None = None
    message_id: int | None = None

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (type 8 callbacks)."""
        return list((self.data or {}).get("choices") or [])

    @property
    def content(self) -> str | None:
        return (self.data or {}).get("content")

    @property
    def ephemeral(self) -> bool:
        return bool(int((self.data or {}).get("flags") or 0) & MessageFlag.EPHEMERAL)


@dataclass(eq=False)
class InteractionHandle:
    """A dispatched interaction: what the bot answered, when, and what it posted after."""

    core: Core = field(repr=False)
    id: int
    token: str
    type: InteractionType
    name: str
    user_id: int
    channel_id: int
    guild_id: int | None
    payload: dict[str, Any] = field(repr=False)
    message_id: int | None = None
    dispatched_at: float = 0.0
    attempts: list[CallbackAttempt] = field(default_factory=list)
    response: CallbackAttempt | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    # ------------------------------------------------------------------ test API

    @property
    def response_latency(self) -> float | None:
        """Seconds from dispatch to the first callback the bot sent (accepted or not)."""
        return self.attempts[0].latency if self.attempts else None

    @property
    def acknowledged(self) -> bool:
        return self.response is not None

    def overdue(self) -> bool:
        """Past the deadline with no accepted response: the user saw "did not respond"."""
        deadline = self.core.config.interaction_deadline
        return self.response is None and self.core.clock() - self.dispatched_at > deadline

    @property
    def original(self) -> Message | None:
        if self.original_message_id is None:
            return None
        return self.core.world.messages.get(self.original_message_id)

    @property
    def followups(self) -> list[Message]:
        return [self.core.world.messages[mid] for mid in self.followup_ids]

    async def wait_response(self, timeout: float = DEFAULT_TIMEOUT) -> CallbackAttempt:
        """The first initial-response callback the bot sent (check ``.accepted``)."""
        event = await self.core.events.wait_for(
            lambda e: e.kind is EventKind.INTERACTION_CALLBACK and e.data.interaction_id == self.id,
            timeout=timeout,
            description=f"a response to interaction {self.name!r}",
        )
        return event.data

    async def wait_followup(self, timeout: float = DEFAULT_TIMEOUT) -> Message:
        """The next follow-up not yet returned by this method.

        The first follow-up after a "thinking" defer is the original message, edited.
        """
        event = await self.core.events.wait_for(
            lambda e: (
                e.kind is EventKind.INTERACTION_FOLLOWUP and e.data["interaction_id"] == self.id
            ),
            timeout=timeout,
            claim=f"followup:{self.id}",
            description=f"a follow-up to interaction {self.name!r}",
        )
        return event.data["message"]

    async def wait_original_edit(self, timeout: float = DEFAULT_TIMEOUT) -> Message:
        """The next edit of the original response (e.g. the answer after a defer)."""
        event = await self.core.events.wait_for(
            lambda e: e.kind is EventKind.MESSAGE_UPDATE and e.data.id == self.original_message_id,
            timeout=timeout,
            claim=f"original-edit:{self.id}",
            description=f"an edit of the original response to {self.name!r}",
        )
        return event.data

    async def wait_final_original(self, timeout: float = DEFAULT_TIMEOUT) -> Message:
        """The original response once it is no longer a 'thinking…' placeholder."""
        event = await self.core.events.wait_for(
            lambda e: (
                e.kind in (EventKind.MESSAGE_CREATE, EventKind.MESSAGE_UPDATE)
                and e.data.id == self.original_message_id
                and not e.data.loading
            ),
            timeout=timeout,
            description=f"the final response to {self.name!r}",
        )
        return event.data

    # ------------------------------------------------------------------ server side

    def message_metadata(self, *, followup_of: int | None = None) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "id": str(self.id),
            "type": int(self.type),
            "user": payloads.user(self.core.world.users[self.user_id]),
            "authorizing_integration_owners": self.payload["authorizing_integration_owners"],
        }
        if self.type is InteractionType.APPLICATION_COMMAND:
            meta["name"] = self.name
        if self.message_id is not None:
            meta["interacted_message_id"] = str(self.message_id)
        if followup_of is not None:
            meta["original_response_message_id"] = str(followup_of)
        return meta


def new_token() -> str:
    """Shaped like Discord's: base64 of ``interaction:<id>:<secret>``, no dots."""
    raw = f"interaction:{secrets.randbelow(2**62)}:{secrets.token_urlsafe(64)}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _rejection(triple: tuple[int, int, str], rule: str, detail: str | None = None) -> Rejection:
    status, code, message = triple
    return Rejection(status, code, message, rule=rule, detail=detail)


def _form_check(errors: list[FormError]) -> None:
    if errors:
        raise Rejection.form(errors)


async def handle_callback(
    core: Core, handle: InteractionHandle | None, body: Any, attachments: list[Attachment]
) -> dict[str, Any]:
    """Validate and apply an initial response; returns the with_response body.

    Order of checks mirrors Discord: unknown interaction, already acknowledged, past the
    deadline, invalid callback type, then the response data itself.
    """
    if handle is None:
        raise _rejection(UNKNOWN_INTERACTION, "unknown_interaction")
    now = core.clock()
    latency = now - handle.dispatched_at
    body = body if isinstance(body, dict) else {}
    callback_type = body.get("type")
    data = body.get("data") if isinstance(body.get("data"), dict) else None
    attempt = CallbackAttempt(
        interaction_id=handle.id, type=callback_type, data=data, at=now, latency=latency, status=0
    )
    try:
        if handle.response is not None:
            raise _rejection(
                ALREADY_ACKNOWLEDGED,
                "interaction_already_acknowledged",
                f"second initial response (type {callback_type}) to {handle.name!r}",
            )
        if latency > core.config.interaction_deadline:
            raise _rejection(
                UNKNOWN_INTERACTION,
                "interaction_deadline_missed",
                f"first response after {latency:.3f}s "
                f"(deadline {core.config.interaction_deadline}s)",
            )
        _form_check(check_callback_type(int(handle.type), callback_type))
        # Claim the acknowledgement before any await, so a concurrent second callback
        # (another process with the same token) is refused rather than also accepted.
        handle.response = attempt
        try:
            resource = await _apply_callback(
                core, handle, int(callback_type), data or {}, attachments
            )
        except BaseException:
            handle.response = None
            raise
    except Rejection as rejection:
        attempt.status = rejection.status
        attempt.rule = rejection.rule
        handle.attempts.append(attempt)
        core.events.append(EventKind.INTERACTION_CALLBACK, attempt)
        raise
    attempt.status = 200
    attempt.message_id = handle.original_message_id
    handle.attempts.append(attempt)
    core.events.append(EventKind.INTERACTION_CALLBACK, attempt)
    original = handle.original
    result: dict[str, Any] = {
        "interaction": {
            "id": str(handle.id),
            "type": int(handle.type),
            "response_message_loading": callback_type == CallbackType.DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(original and original.ephemeral),
        }
    }
    if original is not None and callback_type in (4, 5, 7):
        result["interaction"]["response_message_id"] = str(original.id)
    if resource is not None:
        result["resource"] = {
            "type": int(callback_type),
            "message": payloads.message(core.world, resource, gateway=False),
        }
    return result


async def _apply_callback(
    core: Core,
    handle: InteractionHandle,
    callback_type: int,
    data: dict[str, Any],
    attachments: list[Attachment],
) -> Message | None:
    channel = core.world.channels[handle.channel_id]
    flags = int(data.get("flags") or 0)
    if callback_type == CallbackType.AUTOCOMPLETE_RESULT:
        _form_check(check_autocomplete_result(data))
        return None
    if callback_type == CallbackType.MODAL:
        missing = [key for key in ("custom_id", "title", "components") if not data.get(key)]
        _form_check(
            [
                FormError(
                    ("data", key),
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                    "modal_field_required",
                )
                for key in missing
            ]
        )
        return None
    if callback_type == CallbackType.DEFERRED_UPDATE_MESSAGE:
        handle.original_message_id = handle.message_id
        return None
    _form_check(check_message_body(data, ("data",)))
    if callback_type == CallbackType.UPDATE_MESSAGE:
        target = core.world.messages.get(handle.message_id or 0)
        if target is None or target.deleted:
            raise _rejection(UNKNOWN_MESSAGE, "unknown_message")
        edited = await core.edit_message(target, data, attachments)
        handle.original_message_id = target.id
        return edited
    if callback_type == CallbackType.CHANNEL_MESSAGE:
        core.check_not_empty(
            data.get("content"),
            data.get("embeds") or [],
            data.get("components") or [],
            len(attachments),
            bool(data.get("poll")),
        )
        message_flags = flags & (
            MessageFlag.EPHEMERAL
            | MessageFlag.SUPPRESS_EMBEDS
            | MessageFlag.SUPPRESS_NOTIFICATIONS
            | MessageFlag.IS_COMPONENTS_V2
        )
    else:  # DEFERRED_CHANNEL_MESSAGE: a "thinking…" placeholder edited later.
        message_flags = MessageFlag.LOADING | (flags & MessageFlag.EPHEMERAL)
        data = {}
    handle.original_message_id = core.world.snowflake()
    return await core.create_message(
        channel,
        core.bot.id,
        content=data.get("content") or "",
        embeds=data.get("embeds"),
        components=data.get("components"),
        attachments=attachments,
        flags=int(message_flags),
        tts=bool(data.get("tts")),
        allowed_mentions=data.get("allowed_mentions"),
        type_=20 if handle.type is InteractionType.APPLICATION_COMMAND else 0,
        webhook_id=core.application_id,
        message_id=handle.original_message_id,
        interaction_metadata=handle.message_metadata(),
    )


def _check_webhook_access(
    core: Core, handle: InteractionHandle | None, app_id: int
) -> InteractionHandle:
    if handle is None or app_id != core.application_id:
        raise _rejection(UNKNOWN_WEBHOOK, "unknown_webhook")
    if core.clock() - handle.dispatched_at > core.config.interaction_token_lifetime:
        raise _rejection(UNKNOWN_WEBHOOK, "interaction_token_expired")
    return handle


async def create_followup(
    core: Core,
    handle: InteractionHandle | None,
    app_id: int,
    body: dict[str, Any],
    attachments: list[Attachment],
) -> Message:
    """``POST /webhooks/{app}/{token}``: only after the initial response, never for
    autocomplete."""
    handle = _check_webhook_access(core, handle, app_id)
    if handle.response is None or handle.type is InteractionType.AUTOCOMPLETE:
        raise _rejection(
            UNKNOWN_WEBHOOK,
            "followup_before_response",
            f"follow-up to {handle.name!r} before any initial response",
        )
    _form_check(check_message_body(body))
    core.check_not_empty(
        body.get("content"),
        body.get("embeds") or [],
        body.get("components") or [],
        len(attachments),
        bool(body.get("poll")),
    )
    flags = int(body.get("flags") or 0) & (
        MessageFlag.EPHEMERAL
        | MessageFlag.SUPPRESS_EMBEDS
        | MessageFlag.SUPPRESS_NOTIFICATIONS
        | MessageFlag.IS_COMPONENTS_V2
    )
    original = handle.original
    if original is not None and original.loading:
        # The first follow-up after a "thinking" defer replaces the placeholder (that is
        # how a deferred command gets its answer); it keeps the defer's visibility.
        message = await core.edit_message(original, body, attachments)
    else:
        message = await core.create_message(
            core.world.channels[handle.channel_id],
            core.bot.id,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=attachments,
            flags=flags,
            tts=bool(body.get("tts")),
            allowed_mentions=body.get("allowed_mentions"),
            webhook_id=core.application_id,
            interaction_metadata=handle.message_metadata(followup_of=handle.original_message_id),
        )
    handle.followup_ids.append(message.id)
    core.events.append(
        EventKind.INTERACTION_FOLLOWUP, {"interaction_id": handle.id, "message": message}
    )
    return message


def resolve_webhook_message(
    core: Core, handle: InteractionHandle | None, app_id: int, message_ref: str
) -> Message:
    """``@original`` or a follow-up id, as addressed under the interaction webhook."""
    handle = _check_webhook_access(core, handle, app_id)
    if message_ref == "@original":
        if handle.original_message_id is None:
            raise _rejection(UNKNOWN_MESSAGE, "unknown_message", "no original response yet")
        message_id = handle.original_message_id
    else:
        message_id = int(message_ref) if message_ref.isdigit() else 0
        if message_id not in handle.followup_ids and message_id != handle.original_message_id:
            raise _rejection(UNKNOWN_MESSAGE, "unknown_message")
    msg = core.world.messages.get(message_id or 0)
    if msg is None or msg.deleted:
        raise _rejection(UNKNOWN_MESSAGE, "unknown_message")
    return msg
