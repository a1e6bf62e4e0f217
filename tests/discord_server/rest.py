"""HTTP routes under ``/api/v10``: what reportbot calls, answered as Discord answers.

Every call is recorded (method, path, query, JSON body, file names, time, status) before
it is routed; unknown routes get Discord's 404 body and a recorded violation so a test
sees what the bot tried. JSON answers carry ``Content-Type: application/json`` exactly —
discord.py only parses a body as JSON when the header is that string, so aiohttp's
``json_response`` (which appends ``; charset=utf-8``) must not be used here.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from . import payloads
from .core import Core, RecordedRequest
from .events import EventKind
from .interactions import (
    create_followup,
    handle_callback,
    resolve_webhook_message,
)
from .rules import FormError, Rejection, check_command_list, check_files, check_message_body
from .state import Channel, Message, MessageFlag, Permission

API_PREFIX = "/api/v10"
_log = logging.getLogger(__name__)
UploadedFile = tuple[str, str | None, bytes]


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(), status=status, content_type="application/json"
    )


def no_content() -> web.Response:
    return web.Response(status=204)


@dataclass
class Call:
    """One routed REST call: the raw request, path parameters and the parsed body."""

    request: web.Request
    params: dict[str, str]
    body: Any
    files: list[UploadedFile]

    def query_flag(self, name: str) -> bool:
        return self.request.query.get(name, "").lower() in ("1", "true")


Handler = Callable[[Call], Awaitable[web.Response]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool = True


def _compile(template: str) -> re.Pattern[str]:
    """``/channels/{channel_id}`` -> a regex with one named group per placeholder."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


def _snowflake(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _reject(
    status: int, code: int, message: str, rule: str, detail: str | None = None
) -> Rejection:
    return Rejection(status, code, message, rule=rule, detail=detail)


class RestApi:
    """Routes REST calls to handlers; see the module docstring for the contract."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.routes: list[Route] = []
        add = self._add
        add("GET", "/users/@me", self.get_me)
        add("POST", "/users/@me/channels", self.create_dm)
        add("GET", "/users/{user_id}", self.get_user)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/gateway", self.get_gateway, auth=False)
        add("GET", "/gateway/bot", self.get_gateway_bot)
        add("GET", "/channels/{channel_id}", self.get_channel)
        add("POST", "/channels/{channel_id}/messages", self.create_message)
        add("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        add("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        add("POST", "/channels/{channel_id}/typing", self.typing)
        add("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        add("POST", "/interactions/{interaction_id}/{token}/callback", self.callback, auth=False)
        add("POST", "/webhooks/{app_id}/{token}", self.followup, auth=False)
        for method in ("GET", "PATCH", "DELETE"):
            add(
                method,
                "/webhooks/{app_id}/{token}/messages/{message_ref}",
                self.webhook_message,
                auth=False,
            )
        for method in ("GET", "PUT"):
            add(method, "/applications/{app_id}/commands", self.commands)
            add(method, "/applications/{app_id}/guilds/{guild_id}/commands", self.commands)

    def _add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self.routes.append(Route(method, _compile(template), handler, auth))

    def route_exists(self, method: str, sub_path: str) -> bool:
        """Whether a call (path below /api/v10) has a route; ``*`` matches any method."""
        return any(
            (method == "*" or route.method == method) and route.pattern.match(sub_path)
            for route in self.routes
        )

    # ------------------------------------------------------------------ entry point

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Catch-all aiohttp handler: parse, record, authorize, route, answer."""
        core = self.core
        expected = f"Bot {core.config.token}"
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            json=None,
            files=[],
            at=core.clock(),
            authorized=request.headers.get("Authorization") == expected,
        )
        core.requests.append(record)
        try:
            body, files = await self._read_body(request)
            record.json, record.files = body, [name for name, _, _ in files]
            # A fault the test injected answers first, so the call has no effect.
            injected = core.faults.intercept(request.method, request.path, record)
            response = injected or await self._route(request, record, body, files)
        except Rejection as rejection:
            core.record_rejection(rejection, record)
            record.response = rejection.body()
            response = json_response(rejection.body(), rejection.status)
        except Exception as exc:
            # A bug in this server, not in the bot. Answer 400, not 500: discord.py retries
            # 5xx with growing sleeps, which would turn a crash into a slow, vague timeout.
            _log.exception("loopback server failed on %s %s", request.method, request.path)
            detail = f"{type(exc).__name__}: {exc}"
            core.record_violation("loopback_server_error", detail, record)
            record.response = {"message": f"loopback server error: {detail}", "code": 0}
            response = json_response(record.response, 400)
        record.status = response.status
        core.events.append(EventKind.REQUEST, record)
        return response

    async def _route(
        self, request: web.Request, record: RecordedRequest, body: Any, files: list[UploadedFile]
    ) -> web.Response:
        path = request.path
        if not path.startswith(API_PREFIX + "/"):
            raise _reject(
                404,
                0,
                "404: Not Found",
                "unknown_route",
                f"{request.method} {path} (not under {API_PREFIX})",
            )
        sub = path[len(API_PREFIX) :]
        path_matched = False
        for route in self.routes:
            match = route.pattern.match(sub)
            if match is None:
                continue
            path_matched = True
            if route.method != request.method:
                continue
            if route.auth and not record.authorized:
                raise _reject(
                    401,
                    0,
                    "401: Unauthorized",
                    "unauthorized",
                    f"{request.method} {path} without the bot token",
                )
            response = await route.handler(Call(request, match.groupdict(), body, files))
            if response.body is not None and response.content_type == "application/json":
                record.response = json.loads(response.body)  # type: ignore[arg-type]
            return response
        if path_matched:
            raise _reject(
                405, 0, "405: Method Not Allowed", "method_not_allowed", f"{request.method} {path}"
            )
        raise _reject(404, 0, "404: Not Found", "unknown_route", f"{request.method} {path}")

    async def _read_body(self, request: web.Request) -> tuple[Any, list[UploadedFile]]:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            body: Any = None
            files: list[UploadedFile] = []
            for name, value in form.items():
                if name == "payload_json":
                    body = self._parse_json(str(value))
                elif isinstance(value, web.FileField):
                    files.append((value.filename, value.content_type, value.file.read()))
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        return self._parse_json(raw.decode()), []

    @staticmethod
    def _parse_json(text: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            raise _reject(
                400, 50109, "The request body contains invalid JSON.", "invalid_json"
            ) from None

    # ------------------------------------------------------------------ helpers

    def _channel(self, channel_id: str, need: int = 0) -> Channel:
        """The channel if the bot can see it and holds ``need`` there (Discord's checks)."""
        core = self.core
        channel = core.world.channels.get(_snowflake(channel_id))
        if channel is None:
            raise _reject(404, 10003, "Unknown Channel", "unknown_channel", channel_id)
        if channel.guild_id is None:
            return channel
        if (channel.guild_id, core.bot.id) not in core.world.members:
            raise _reject(403, 50001, "Missing Access", "missing_access", channel_id)
        perms = core.world.channel_permissions(channel.id, core.bot.id)
        if not perms & Permission.VIEW_CHANNEL:
            raise _reject(403, 50001, "Missing Access", "missing_access", channel_id)
        if need and perms & need != need:
            missing = Permission(need & ~perms)
            raise _reject(
                403,
                50013,
                "Missing Permissions",
                "missing_permissions",
                f"bot lacks {missing!r} in #{channel.name}",
            )
        return channel

    def _message(self, channel: Channel, message_id: str) -> Message:
        msg = self.core.world.messages.get(_snowflake(message_id))
        if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
            raise _reject(404, 10008, "Unknown Message", "unknown_message", message_id)
        return msg

    def _check_body(self, call: Call) -> dict[str, Any]:
        body = call.body if call.body is not None else {}
        if not isinstance(body, dict):
            raise Rejection.form(
                [
                    FormError(
                        (),
                        "DICT_TYPE_CONVERT",
                        "Only dictionaries may be used in a DictType",
                        "body_shape",
                    )
                ]
            )
        rejection = check_files(
            [len(data) for _, _, data in call.files], self.core.config.attachment_size_limit
        )
        if rejection is not None:
            raise rejection
        errors = check_message_body(body)
        if errors:
            raise Rejection.form(errors)
        return body

    def _attachments(self, channel_id: int, call: Call, body: dict[str, Any]) -> list[Any]:
        descriptions: dict[int, str | None] = {}
        for item in body.get("attachments") or []:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                descriptions[item["id"]] = item.get("description")
        return self.core.make_attachments(channel_id, call.files, descriptions)

    def _app(self, app_id: str) -> None:
        if _snowflake(app_id) != self.core.application_id:
            raise _reject(
                403,
                50001,
                "Missing Access",
                "missing_access",
                f"application {app_id} is not this bot's",
            )

    # ------------------------------------------------------------------ users/app/gateway

    async def get_me(self, call: Call) -> web.Response:
        me = {
            **payloads.user(self.core.bot),
            "verified": True,
            "mfa_enabled": False,
            "email": None,
            "locale": "en-US",
        }
        return json_response(me)

    async def get_user(self, call: Call) -> web.Response:
        user = self.core.world.users.get(_snowflake(call.params["user_id"]))
        if user is None:
            raise _reject(404, 10013, "Unknown User", "unknown_user", call.params["user_id"])
        return json_response(payloads.user(user))

    async def get_application(self, call: Call) -> web.Response:
        core = self.core
        return json_response(
            payloads.application(core.application_id, core.bot, core.owner, 0, core.team)
        )

    async def get_gateway(self, call: Call) -> web.Response:
        return json_response({"url": self.core.gateway.url})

    async def get_gateway_bot(self, call: Call) -> web.Response:
        return json_response(
            {
                "url": self.core.gateway.url,
                "shards": self.core.config.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    async def create_dm(self, call: Call) -> web.Response:
        core = self.core
        body = call.body if isinstance(call.body, dict) else {}
        user = core.world.users.get(_snowflake(str(body.get("recipient_id", ""))))
        if user is None:
            raise _reject(404, 10013, "Unknown User", "unknown_user", str(body.get("recipient_id")))
        channel, _ = core.world.dm_channel(core.bot.id, user.id)
        return json_response(payloads.channel(core.world, channel))

    async def get_member(self, call: Call) -> web.Response:
        world = self.core.world
        guild_id, user_id = _snowflake(call.params["guild_id"]), _snowflake(call.params["user_id"])
        if guild_id not in world.guilds or (guild_id, self.core.bot.id) not in world.members:
            raise _reject(404, 10004, "Unknown Guild", "unknown_guild", call.params["guild_id"])
        if (guild_id, user_id) not in world.members:
            raise _reject(404, 10007, "Unknown Member", "unknown_member", call.params["user_id"])
        return json_response(payloads.member(world, guild_id, user_id))

    # ------------------------------------------------------------------ channels

    async def get_channel(self, call: Call) -> web.Response:
        channel = self._channel(call.params["channel_id"])
        return json_response(payloads.channel(self.core.world, channel))

    async def get_message(self, call: Call) -> web.Response:
        channel = self._channel(call.params["channel_id"], Permission.READ_MESSAGE_HISTORY)
        msg = self._message(channel, call.params["message_id"])
        return json_response(payloads.message(self.core.world, msg, gateway=False))

    async def create_message(self, call: Call) -> web.Response:
        core = self.core
        self._channel(call.params["channel_id"])  # existence and access come first
        body = self._check_body(call)
        need = Permission.SEND_MESSAGES | (Permission.ATTACH_FILES if call.files else 0)
        channel = self._channel(call.params["channel_id"], need)
        reference = body.get("message_reference")
        stored_reference = None
        if isinstance(reference, dict) and reference.get("message_id"):
            referenced = core.world.messages.get(_snowflake(str(reference["message_id"])))
            if referenced is None or referenced.deleted or referenced.channel_id != channel.id:
                if reference.get("fail_if_not_exists", True):
                    raise Rejection.form(
                        [
                            FormError(
                                ("message_reference",),
                                "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                                "Unknown message",
                                "reply_unknown_message",
                            )
                        ]
                    )
            else:
                stored_reference = {
                    "type": 0,
                    "message_id": str(referenced.id),
                    "channel_id": str(channel.id),
                }
                if channel.guild_id is not None:
                    stored_reference["guild_id"] = str(channel.guild_id)
        core.check_not_empty(
            body.get("content"),
            body.get("embeds") or [],
            body.get("components") or [],
            len(call.files),
            bool(body.get("poll") or body.get("sticker_ids")),
        )
        flags = int(body.get("flags") or 0) & (
            MessageFlag.SUPPRESS_EMBEDS
            | MessageFlag.SUPPRESS_NOTIFICATIONS
            | MessageFlag.IS_COMPONENTS_V2
        )
        msg = await core.create_message(
            channel,
            core.bot.id,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=self._attachments(channel.id, call, body),
            flags=flags,
            tts=bool(body.get("tts")),
            allowed_mentions=body.get("allowed_mentions"),
            reference=stored_reference,
            type_=19 if stored_reference else 0,
            nonce=body.get("nonce"),
        )
        return json_response(payloads.message(core.world, msg, gateway=False))

    async def edit_message(self, call: Call) -> web.Response:
        core = self.core
        channel = self._channel(call.params["channel_id"])
        msg = self._message(channel, call.params["message_id"])
        if msg.author_id != core.bot.id:
            raise _reject(
                403,
                50005,
                "Cannot edit a message authored by another user",
                "edit_foreign_message",
                call.params["message_id"],
            )
        body = self._check_body(call)
        edited = await core.edit_message(msg, body, self._attachments(channel.id, call, body))
        return json_response(payloads.message(core.world, edited, gateway=False))

    async def delete_message(self, call: Call) -> web.Response:
        core = self.core
        channel = self._channel(call.params["channel_id"])
        msg = self._message(channel, call.params["message_id"])
        if msg.author_id != core.bot.id:
            if channel.guild_id is None:
                raise _reject(
                    403, 50003, "Cannot execute action on a DM channel", "delete_foreign_dm_message"
                )
            self._channel(call.params["channel_id"], Permission.MANAGE_MESSAGES)
        await core.delete_message(msg)
        return no_content()

    async def typing(self, call: Call) -> web.Response:
        channel = self._channel(call.params["channel_id"], Permission.SEND_MESSAGES)
        self.core.events.append(
            EventKind.TYPING, {"channel_id": channel.id, "user_id": self.core.bot.id}
        )
        return no_content()

    # ------------------------------------------------------------------ interactions

    async def callback(self, call: Call) -> web.Response:
        core = self.core
        handle = core.interactions.get(_snowflake(call.params["interaction_id"]))
        if handle is not None and handle.token != call.params["token"]:
            handle = None
        body = call.body if isinstance(call.body, dict) else {}
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        rejection = check_files(
            [len(d) for _, _, d in call.files], core.config.attachment_size_limit
        )
        if rejection is not None:
            raise rejection
        attachments = self._attachments(handle.channel_id, call, data) if handle is not None else []
        result = await handle_callback(core, handle, body, attachments)
        if call.query_flag("with_response"):
            return json_response(result)
        return no_content()

    async def followup(self, call: Call) -> web.Response:
        core = self.core
        handle = core.interaction_by_token(call.params["token"])
        body = self._check_body(call)
        attachments = self._attachments(handle.channel_id, call, body) if handle is not None else []
        msg = await create_followup(
            core, handle, _snowflake(call.params["app_id"]), body, attachments
        )
        if call.query_flag("wait"):
            return json_response(payloads.message(core.world, msg, gateway=False))
        return no_content()

    async def webhook_message(self, call: Call) -> web.Response:
        core = self.core
        handle = core.interaction_by_token(call.params["token"])
        msg = resolve_webhook_message(
            core, handle, _snowflake(call.params["app_id"]), call.params["message_ref"]
        )
        method = call.request.method
        if method == "GET":
            return json_response(payloads.message(core.world, msg, gateway=False))
        if method == "DELETE":
            await core.delete_message(msg)
            return no_content()
        body = self._check_body(call)
        edited = await core.edit_message(msg, body, self._attachments(msg.channel_id, call, body))
        return json_response(payloads.message(core.world, edited, gateway=False))

    # ------------------------------------------------------------------ commands

    async def commands(self, call: Call) -> web.Response:
        core = self.core
        self._app(call.params["app_id"])
        scope: int | None = None
        if "guild_id" in call.params:
            scope = _snowflake(call.params["guild_id"])
            if scope not in core.world.guilds or (scope, core.bot.id) not in core.world.members:
                raise _reject(
                    403,
                    50001,
                    "Missing Access",
                    "missing_access",
                    f"bot is not in guild {call.params['guild_id']}",
                )
        if call.request.method == "GET":
            return json_response(core.world.commands.get(scope, []))
        errors = check_command_list(call.body)
        if errors:
            raise Rejection.form(errors)
        stored = [self._store_command(scope, command) for command in call.body]
        core.world.commands[scope] = stored
        core.events.append(EventKind.COMMANDS_SYNCED, {"guild_id": scope, "commands": stored})
        return json_response(stored)

    def _store_command(self, scope: int | None, command: dict[str, Any]) -> dict[str, Any]:
        core = self.core
        kind = command.get("type", 1)
        stored = {
            "type": kind,
            "name": command["name"],
            "description": command.get("description", ""),
            "options": command.get("options") or [],
            # Discord answers permission bitfields as strings, whatever the request used.
            "default_member_permissions": None
            if command.get("default_member_permissions") is None
            else str(int(command["default_member_permissions"])),
            "dm_permission": command.get("dm_permission", True),
            "nsfw": command.get("nsfw", False),
            "contexts": command.get("contexts"),
            "integration_types": command.get("integration_types") or [0],
            "name_localizations": command.get("name_localizations"),
            "description_localizations": command.get("description_localizations"),
            "id": str(core.world.command_id(scope, kind, command["name"])),
            "application_id": str(core.application_id),
            "version": str(core.world.snowflake()),
        }
        if scope is not None:
            stored["guild_id"] = str(scope)
        return stored

    # ------------------------------------------------------------------ CDN stand-in

    async def serve_attachment(self, request: web.Request) -> web.StreamResponse:
        """Attachment URLs in message payloads point here instead of Discord's CDN."""
        msg_attachments = (a for m in self.core.world.messages.values() for a in m.attachments)
        wanted = _snowflake(request.match_info["attachment_id"])
        for attachment in msg_attachments:
            if attachment.id == wanted:
                return web.Response(
                    body=attachment.data,
                    content_type=attachment.content_type or "application/octet-stream",
                )
        return json_response({"message": "404: Not Found", "code": 0}, 404)
