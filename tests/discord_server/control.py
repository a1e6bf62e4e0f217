"""The test-facing API: build a world, act as Discord users, await what the bot does.

Everything here is plain async Python in the test's own event loop. Acting methods
(``send_message``, ``invoke_command``, ``press_button`` …) produce exactly the gateway
events Discord would; waiting methods return as soon as the bot's reaction has been
recorded (even if it happened before the wait began) and fail with the recent event log
after ``timeout`` seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

from . import payloads
from .core import Core, RecordedRequest, ServerConfig, Violation
from .events import DEFAULT_TIMEOUT, Event, EventKind, EventLog
from .faults import Faults
from .gateway import ConnectionInfo, Intent
from .interactions import InteractionHandle, InteractionType, new_token
from .state import (
    Channel,
    ChannelType,
    Guild,
    Member,
    Message,
    Overwrite,
    Permission,
    Role,
    User,
    World,
    snowflake_of,
)

OPTION_STRING, OPTION_INTEGER, OPTION_BOOLEAN = 3, 4, 5
OPTION_USER, OPTION_CHANNEL, OPTION_ROLE, OPTION_MENTIONABLE = 6, 7, 8, 9
OPTION_NUMBER, OPTION_ATTACHMENT = 10, 11
SUBCOMMAND_TYPES = (1, 2)


@dataclass
class Scene:
    """A ready-made newsroom: one guild, one text channel, an admin and a plain member."""

    guild: Guild
    channel: Channel
    admin: User
    member: User
    admin_role: Role


class Control:
    """Test-facing API over a ``Core``; ``DiscordServer`` adds the sockets."""

    def __init__(self, config: ServerConfig) -> None:
        self.core = Core(config)
        self._reported_unanswered: set[int] = set()

    # ------------------------------------------------------------------ identity

    @property
    def token(self) -> str:
        """The (fake) bot token the server accepts."""
        return self.core.config.token

    @property
    def bot_user(self) -> User:
        return self.core.bot

    @property
    def application_id(self) -> int:
        return self.core.application_id

    @property
    def application_owner(self) -> User:
        """The user who owns the application (when no team does); not in any guild yet."""
        return self.core.owner

    def give_application_to_team(
        self, owner: User, members: Sequence[tuple[User, str, int]] = ()
    ) -> None:
        """Make a developer team own the application: ``owner`` and (user, role, state)
        members, role ``admin``/``developer``/``read_only``, state 1 invited or 2 accepted.
        Read by the bot at its next login."""
        self.core.team = (owner, list(members))

    @property
    def world(self) -> World:
        return self.core.world

    @property
    def events(self) -> EventLog:
        return self.core.events

    @property
    def violations(self) -> list[Violation]:
        return self.core.violations

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.core.requests

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        """Calls the server has no route for (answered 404 like Discord)."""
        rules = {"unknown_route", "method_not_allowed"}
        return [
            v.request for v in self.core.violations if v.rule in rules and v.request is not None
        ]

    @property
    def faults(self) -> Faults:
        """Fault injection and its records (``faults.py``)."""
        return self.core.faults

    @property
    def interactions(self) -> list[InteractionHandle]:
        return list(self.core.interactions.values())

    @property
    def gateway_connections(self) -> list[ConnectionInfo]:
        return self.core.gateway.connections

    @property
    def interaction_deadline(self) -> float:
        return self.core.config.interaction_deadline

    @interaction_deadline.setter
    def interaction_deadline(self, seconds: float) -> None:
        self.core.config.interaction_deadline = seconds

    def record_unanswered_interactions(self) -> list[InteractionHandle]:
        """Record a violation for each interaction now past its deadline unanswered.

        Discord then tells the user "The application did not respond"; there is no timer
        for this (the server owns no background tasks), so it is checked when asked.
        """
        found = []
        for handle in self.core.interactions.values():
            if (
                handle.overdue()
                and handle.id not in self._reported_unanswered
                and not self.core.faults.was_lost(handle.id)  # never delivered: see faults
            ):
                self._reported_unanswered.add(handle.id)
                latency = self.core.clock() - handle.dispatched_at
                self.core.record_violation(
                    "interaction_not_acknowledged",
                    f"{handle.name!r} unanswered {latency:.3f}s after dispatch "
                    f"(deadline {self.core.config.interaction_deadline}s)",
                )
                found.append(handle)
        return found

    def assert_no_violations(self) -> None:
        """Fail with every violation listed (unanswered interactions included)."""
        self.record_unanswered_interactions()
        if self.core.violations:
            listing = "\n".join(f"  {v}" for v in self.core.violations)
            raise AssertionError(f"the bot broke Discord's rules:\n{listing}")

    # ------------------------------------------------------------------ world building

    def create_user(
        self, username: str, *, global_name: str | None = None, bot: bool = False
    ) -> User:
        return self.core.world.add_user(username, global_name=global_name, bot=bot)

    async def create_guild(
        self,
        name: str = "Newsroom",
        *,
        owner: User | None = None,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild the bot has joined (with its managed role); GUILD_CREATE if connected.

        ``shard=(shard_id, shard_count)`` picks an id that lands on that shard.
        """
        world, bot = self.core.world, self.core.bot
        owner = owner or self.create_user(f"{name.lower().replace(' ', '-')}-owner")
        guild = world.add_guild(name, owner.id, shard=shard)
        world.add_member(guild.id, owner.id)
        bot_role = world.add_role(
            guild.id,
            bot.username,
            managed=True,
            bot_id=bot.id,
            permissions=int(
                Permission.VIEW_CHANNEL
                | Permission.SEND_MESSAGES
                | Permission.EMBED_LINKS
                | Permission.ATTACH_FILES
                | Permission.READ_MESSAGE_HISTORY
                | Permission.USE_APPLICATION_COMMANDS
            ),
        )
        world.add_member(guild.id, bot.id, role_ids=[bot_role.id])
        await self.core.gateway.dispatch_guild_create(guild.id)
        return guild

    async def create_text_channel(
        self,
        guild: Guild | int,
        name: str = "general",
        *,
        topic: str | None = None,
        bot_can_send: bool = True,
    ) -> Channel:
        """A text channel; ``bot_can_send=False`` denies the bot Send Messages there."""
        world = self.core.world
        channel = world.add_text_channel(snowflake_of(guild), name, topic=topic)
        if not bot_can_send:
            channel.overwrites.append(
                Overwrite(id=self.core.bot.id, type=1, deny=int(Permission.SEND_MESSAGES))
            )
        data = payloads.channel(world, channel)
        await self.core.gateway.dispatch("CHANNEL_CREATE", data, intents=Intent.GUILDS)
        return channel

    async def create_role(
        self, guild: Guild | int, name: str, *, permissions: int = 0, mentionable: bool = False
    ) -> Role:
        world = self.core.world
        role = world.add_role(
            snowflake_of(guild), name, permissions=permissions, mentionable=mentionable
        )
        await self.core.gateway.dispatch(
            "GUILD_ROLE_CREATE",
            {"guild_id": str(role.guild_id), "role": payloads.role(role)},
            intents=Intent.GUILDS,
        )
        return role

    async def add_member(
        self,
        guild: Guild | int,
        user: User | int,
        *,
        roles: Sequence[Role | int] = (),
        nick: str | None = None,
    ) -> Member:
        world = self.core.world
        guild_id, user_id = snowflake_of(guild), snowflake_of(user)
        member = world.add_member(
            guild_id, user_id, role_ids=[snowflake_of(r) for r in roles], nick=nick
        )
        data = {**payloads.member(world, guild_id, user_id), "guild_id": str(guild_id)}
        await self.core.gateway.dispatch("GUILD_MEMBER_ADD", data, intents=Intent.GUILD_MEMBERS)
        return member

    async def create_admin(
        self, guild: Guild | int, username: str = "editor", *, role_name: str = "Editors"
    ) -> User:
        """A member whose role grants Manage Server (what admin-only commands check)."""
        role = await self.create_role(
            guild, role_name, permissions=int(Permission.MANAGE_GUILD | Permission.MANAGE_MESSAGES)
        )
        user = self.create_user(username)
        await self.add_member(guild, user, roles=[role])
        return user

    async def create_member(self, guild: Guild | int, username: str = "reader") -> User:
        """A plain member with only @everyone's permissions."""
        user = self.create_user(username)
        await self.add_member(guild, user)
        return user

    async def create_scene(
        self, *, guild_name: str = "Newsroom", channel_name: str = "newsdesk"
    ) -> Scene:
        guild = await self.create_guild(guild_name)
        channel = await self.create_text_channel(guild, channel_name)
        admin = await self.create_admin(guild)
        member = await self.create_member(guild)
        admin_role = next(
            self.core.world.roles[r] for r in self.core.world.members[(guild.id, admin.id)].role_ids
        )
        return Scene(
            guild=guild, channel=channel, admin=admin, member=member, admin_role=admin_role
        )

    async def dm_channel(self, user: User | int) -> Channel:
        channel, _ = self.core.world.dm_channel(self.core.bot.id, snowflake_of(user))
        return channel

    # ------------------------------------------------------------------ acting as users

    async def send_message(
        self,
        author: User | int,
        channel: Channel | int,
        content: str = "",
        *,
        embeds: list[dict[str, Any]] | None = None,
        reply_to: Message | int | None = None,
        files: Sequence[tuple[str, bytes]] = (),
    ) -> Message:
        """A user posts in a channel; mentions (``<@id>``, ``<@&id>``) come from ``content``."""
        core = self.core
        ch = self._channel(channel)
        user_id = snowflake_of(author)
        if ch.guild_id is not None and (ch.guild_id, user_id) not in core.world.members:
            raise ValueError(f"user {user_id} is not a member of the channel's guild")
        if ch.type is ChannelType.DM and ch.recipient_ids != [user_id]:
            raise ValueError("a DM channel only accepts messages from its recipient here")
        reference = None
        if reply_to is not None:
            reference = {
                "type": 0,
                "message_id": str(snowflake_of(reply_to)),
                "channel_id": str(ch.id),
            }
            if ch.guild_id is not None:
                reference["guild_id"] = str(ch.guild_id)
        attachments = core.make_attachments(ch.id, [(name, None, data) for name, data in files])
        return await core.create_message(
            ch,
            user_id,
            content=content,
            embeds=embeds,
            attachments=attachments,
            reference=reference,
            type_=19 if reference else 0,
        )

    async def delete_message(self, author: User | int, message: Message | int) -> None:
        """A user deletes their own message (MESSAGE_DELETE goes to the bot)."""
        msg = self.core.world.messages.get(snowflake_of(message))
        if msg is None or msg.deleted:
            raise ValueError(f"no message {snowflake_of(message)} to delete")
        if msg.author_id != snowflake_of(author):
            raise ValueError("a user can only delete their own messages here")
        await self.core.delete_message(msg)

    async def send_dm(self, author: User | int, content: str, **kwargs: Any) -> Message:
        """A user DMs the bot (the DM channel is created on first use, as on Discord)."""
        channel = await self.dm_channel(author)
        return await self.send_message(author, channel, content, **kwargs)

    async def invoke_command(
        self,
        user: User | int,
        channel: Channel | int,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """A user runs a slash command, e.g. ``invoke_command(u, ch, "source add", {...})``.

        ``command`` is the command name followed by any subcommand group/subcommand. When
        the bot synced the command, ids, option types and choices come from its definition
        (unknown options, missing required ones and values outside ``choices`` raise
        ``ValueError`` — the Discord client would not let a user send them); otherwise
        ids are generated and types inferred from the Python values. Likewise a synced
        command whose ``default_member_permissions`` the user lacks (or with
        ``dm_permission`` false, in a DM) raises ``PermissionError``: Discord hides it.
        """
        ch = self._channel(channel)
        self._check_command_visible(snowflake_of(user), ch, command.split()[0])
        data = self._command_data(ch, command, options or {}, focused=None)
        return await self._dispatch_interaction(
            InteractionType.APPLICATION_COMMAND, command, user, ch, data, locale=locale
        )

    async def request_autocomplete(
        self,
        user: User | int,
        channel: Channel | int,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """The user is typing into option ``focused``; its value is sent as a string."""
        ch = self._channel(channel)
        data = self._command_data(ch, command, options or {}, focused=focused)
        return await self._dispatch_interaction(
            InteractionType.AUTOCOMPLETE, command, user, ch, data, locale=locale
        )

    async def press_button(
        self, user: User | int, message: Message | int, custom_id: str
    ) -> InteractionHandle:
        """A user clicks a button on a message (normally one the bot sent)."""
        msg, component = self._component(message, custom_id, expected_type=2)
        data = {"custom_id": custom_id, "component_type": 2}
        if "id" in component:
            data["id"] = component["id"]
        return await self._dispatch_interaction(
            InteractionType.MESSAGE_COMPONENT,
            custom_id,
            user,
            self._channel(msg.channel_id),
            data,
            message=msg,
        )

    async def choose_select(
        self, user: User | int, message: Message | int, custom_id: str, values: Sequence[str]
    ) -> InteractionHandle:
        """A user picks ``values`` in a string select menu."""
        msg, component = self._component(message, custom_id, expected_type=3)
        allowed = {option.get("value") for option in component.get("options") or []}
        if not set(values) <= allowed:
            raise ValueError(
                f"values {sorted(set(values) - allowed)} are not options of {custom_id!r}"
            )
        data = {"custom_id": custom_id, "component_type": 3, "values": list(values)}
        return await self._dispatch_interaction(
            InteractionType.MESSAGE_COMPONENT,
            custom_id,
            user,
            self._channel(msg.channel_id),
            data,
            message=msg,
        )

    # ------------------------------------------------------------------ waiting

    def mark(self) -> int:
        """The current end of the event log, for waits that must ignore the past."""
        return len(self.core.events.events)

    async def wait_for_event(
        self,
        kind: EventKind,
        predicate: Callable[[Any], bool] | None = None,
        *,
        after: int = 0,
        claim: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Event:
        """The first event of ``kind`` (from index ``after`` on) whose data matches."""
        return await self.core.events.wait_for(
            lambda e: (
                e.kind is kind and e.index >= after and (predicate is None or predicate(e.data))
            ),
            timeout=timeout,
            claim=claim,
            description=f"a {kind.value} event",
        )

    async def wait_until_ready(
        self, *, after: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> dict[str, Any]:
        """A session identified and got READY plus every GUILD_CREATE."""
        return (
            await self.wait_for_event(EventKind.GATEWAY_READY, after=after, timeout=timeout)
        ).data

    async def wait_for_resume(
        self, *, after: int = 0, timeout: float = DEFAULT_TIMEOUT
    ) -> dict[str, Any]:
        return (
            await self.wait_for_event(EventKind.GATEWAY_RESUMED, after=after, timeout=timeout)
        ).data

    async def wait_for_message(
        self,
        channel: Channel | int | None = None,
        *,
        author: User | int | None = None,
        predicate: Callable[[Message], bool] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Message:
        """The next message (by the bot unless ``author`` says otherwise) not returned yet.

        Interaction responses and follow-ups count: they are messages authored by the bot.
        """
        author_id = self.core.bot.id if author is None else snowflake_of(author)
        channel_id = None if channel is None else snowflake_of(channel)

        def matches(msg: Message) -> bool:
            return (
                msg.author_id == author_id
                and (channel_id is None or msg.channel_id == channel_id)
                and (predicate is None or predicate(msg))
            )

        return (
            await self.wait_for_event(
                EventKind.MESSAGE_CREATE, matches, claim="message", timeout=timeout
            )
        ).data

    async def wait_for_edit(
        self,
        message: Message | int | None = None,
        *,
        channel: Channel | int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Message:
        """The next edit (of ``message``, or in ``channel``) not returned yet."""
        return (
            await self.wait_for_event(
                EventKind.MESSAGE_UPDATE,
                self._message_filter(message, channel),
                claim="edit",
                timeout=timeout,
            )
        ).data

    async def wait_for_delete(
        self,
        message: Message | int | None = None,
        *,
        channel: Channel | int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Message:
        return (
            await self.wait_for_event(
                EventKind.MESSAGE_DELETE,
                self._message_filter(message, channel),
                claim="delete",
                timeout=timeout,
            )
        ).data

    async def wait_for_typing(
        self, channel: Channel | int | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> dict[str, Any]:
        channel_id = None if channel is None else snowflake_of(channel)
        return (
            await self.wait_for_event(
                EventKind.TYPING,
                lambda d: channel_id is None or d["channel_id"] == channel_id,
                claim="typing",
                timeout=timeout,
            )
        ).data

    async def wait_for_command_sync(
        self, guild: Guild | int | EllipsisType | None = ..., *, timeout: float = DEFAULT_TIMEOUT
    ) -> list[dict[str, Any]]:
        """The commands of the next accepted sync: ``...`` any scope, ``None`` global only."""
        scope = guild if guild is ... or guild is None else snowflake_of(guild)
        event = await self.wait_for_event(
            EventKind.COMMANDS_SYNCED,
            lambda d: scope is ... or d["guild_id"] == scope,
            claim="sync",
            timeout=timeout,
        )
        return event.data["commands"]

    async def wait_for_violation(
        self, rule: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
    ) -> Violation:
        return (
            await self.wait_for_event(
                EventKind.VIOLATION,
                lambda v: rule is None or v.rule == rule,
                claim="violation",
                timeout=timeout,
            )
        ).data

    async def wait_for_request(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> RecordedRequest:
        """The next answered REST call; ``path`` is a regex searched in the request path."""
        return (
            await self.wait_for_event(
                EventKind.REQUEST,
                lambda r: (
                    (method is None or r.method == method)
                    and (path is None or re.search(path, r.path) is not None)
                ),
                claim="request",
                timeout=timeout,
            )
        ).data

    # ------------------------------------------------------------------ inspection

    def messages_in(
        self, channel: Channel | int, *, include_deleted: bool = False
    ) -> list[Message]:
        return self.core.world.channel_messages(
            snowflake_of(channel), include_deleted=include_deleted
        )

    def bot_messages(self) -> list[Message]:
        return [m for m in self.core.world.messages.values() if m.author_id == self.core.bot.id]

    def pinging_messages(self) -> list[Message]:
        """Bot messages that would notify someone (users, roles, @everyone, reply author)."""
        return [m for m in self.bot_messages() if m.pings.any]

    def commands(self, guild: Guild | int | None = None) -> list[dict[str, Any]]:
        """The commands the bot last synced globally (``None``) or for ``guild``."""
        scope = None if guild is None else snowflake_of(guild)
        return list(self.core.world.commands.get(scope, []))

    # ------------------------------------------------------------------ gateway control

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the bot's websocket as a network failure would; it should RESUME."""
        await self.core.gateway.drop(code)

    async def send_reconnect(self) -> None:
        await self.core.gateway.send_reconnect()

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        await self.core.gateway.invalidate_session(resumable=resumable)

    async def request_heartbeat(self) -> None:
        await self.core.gateway.request_heartbeat()

    # ------------------------------------------------------------------ internals

    def _channel(self, channel: Channel | int) -> Channel:
        found = self.core.world.channels.get(snowflake_of(channel))
        if found is None:
            raise ValueError(f"unknown channel {snowflake_of(channel)}")
        return found

    @staticmethod
    def _message_filter(
        message: Message | int | None, channel: Channel | int | None
    ) -> Callable[[Message], bool]:
        message_id = None if message is None else snowflake_of(message)
        channel_id = None if channel is None else snowflake_of(channel)
        return lambda m: (
            (message_id is None or m.id == message_id)
            and (channel_id is None or m.channel_id == channel_id)
        )

    def _component(
        self, message: Message | int, custom_id: str, *, expected_type: int
    ) -> tuple[Message, dict[str, Any]]:
        msg = self.core.world.messages.get(snowflake_of(message))
        if msg is None or msg.deleted:
            raise ValueError(f"unknown or deleted message {snowflake_of(message)}")
        component = msg.find_component(custom_id)
        if component is None:
            raise ValueError(
                f"message {msg.id} has no component {custom_id!r}; it has {msg.custom_ids()}"
            )
        if component.get("type") != expected_type:
            raise ValueError(
                f"component {custom_id!r} has type {component.get('type')}, not {expected_type}"
            )
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled; users cannot use it")
        return msg, component

    async def _dispatch_interaction(
        self,
        type_: InteractionType,
        name: str,
        user: User | int,
        channel: Channel,
        data: dict[str, Any],
        *,
        message: Message | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        core = self.core
        current = core.gateway.current
        if current is None or (not current.resumable and not core.faults.in_session_gap):
            raise RuntimeError("no bot session: start the bot and await wait_until_ready()")
        user_id = snowflake_of(user)
        if channel.guild_id is not None and (channel.guild_id, user_id) not in core.world.members:
            raise ValueError(f"user {user_id} is not a member of the channel's guild")
        if channel.type is ChannelType.DM and channel.recipient_ids != [user_id]:
            raise ValueError("only the DM's recipient can interact in it")
        handle = InteractionHandle(
            core=core,
            id=core.world.snowflake(),
            token=new_token(),
            type=type_,
            name=name,
            user_id=user_id,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            payload={},
            message_id=message.id if message else None,
        )
        message_payload = (
            payloads.message(core.world, message, gateway=False) if message is not None else None
        )
        if message_payload is not None and message is not None and message.guild_id:
            message_payload["guild_id"] = str(message.guild_id)
        handle.payload = payloads.interaction(
            core.world,
            interaction_id=handle.id,
            token=handle.token,
            type_=int(type_),
            application_id=core.application_id,
            bot_id=core.bot.id,
            user_id=user_id,
            ch=channel,
            data=data,
            message_payload=message_payload,
            locale=locale,
            attachment_size_limit=core.config.attachment_size_limit,
        )
        core.interactions[handle.id] = handle
        handle.dispatched_at = core.clock()
        await core.gateway.dispatch("INTERACTION_CREATE", handle.payload)
        core.events.append(EventKind.INTERACTION_DISPATCHED, handle)
        return handle

    def _check_command_visible(self, user_id: int, channel: Channel, name: str) -> None:
        definition = self.core.world.find_command(name, channel.guild_id)
        if definition is None:
            return
        if channel.guild_id is None:
            if definition.get("dm_permission") is False:
                raise PermissionError(f"/{name} is not available in DMs (dm_permission false)")
            return
        required = definition.get("default_member_permissions")
        if required is None:
            return
        held = self.core.world.channel_permissions(channel.id, user_id)
        if int(required) & ~held:
            raise PermissionError(
                f"/{name} needs permissions {int(required)} the user lacks; Discord hides it"
            )

    def _command_data(
        self, channel: Channel, command: str, options: Mapping[str, Any], *, focused: str | None
    ) -> dict[str, Any]:
        """Discord's ``data`` for a chat-input command, with subcommands nested."""
        world = self.core.world
        root, *path = command.split()
        definition = world.find_command(root, channel.guild_id)
        defs: list[dict[str, Any]] | None = definition.get("options", []) if definition else None
        nesting: list[tuple[str, int]] = []
        for depth, part in enumerate(path):
            if defs is None:
                nesting.append((part, 1 if depth == len(path) - 1 else 2))
                continue
            found = next(
                (d for d in defs if d["name"] == part and d["type"] in SUBCOMMAND_TYPES), None
            )
            if found is None:
                raise ValueError(f"/{command}: {root!r} has no subcommand {part!r}")
            nesting.append((part, found["type"]))
            defs = found.get("options") or []
        if defs is not None and any(d["type"] in SUBCOMMAND_TYPES for d in defs):
            raise ValueError(f"/{command} needs a subcommand; Discord cannot invoke a group")
        resolved: dict[str, dict[str, Any]] = {}
        leaf = [
            self._option(name, value, defs, resolved, channel, focused == name)
            for name, value in options.items()
        ]
        if defs is not None and focused is None:
            missing = [d["name"] for d in defs if d.get("required") and d["name"] not in options]
            if missing:
                raise ValueError(f"/{command}: missing required options {missing}")
        if focused is not None and focused not in options:
            raise ValueError(f"focused option {focused!r} must be among the options")
        nested: list[dict[str, Any]] = leaf
        for name, kind in reversed(nesting):
            nested = [{"name": name, "type": kind, "options": nested}]
        command_id = (
            int(definition["id"]) if definition else world.command_id(channel.guild_id, 1, root)
        )
        data: dict[str, Any] = {"id": str(command_id), "name": root, "type": 1, "options": nested}
        if definition is not None and definition.get("guild_id"):
            data["guild_id"] = definition["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _option(
        self,
        name: str,
        value: Any,
        defs: list[dict[str, Any]] | None,
        resolved: dict[str, dict[str, Any]],
        channel: Channel,
        focused: bool,
    ) -> dict[str, Any]:
        definition = None
        if defs is not None:
            definition = next((d for d in defs if d["name"] == name), None)
            if definition is None:
                raise ValueError(
                    f"unknown option {name!r}; the command has {[d['name'] for d in defs]}"
                )
        kind = definition["type"] if definition else _infer_type(value)
        if focused:
            return {"name": name, "type": kind, "value": str(value), "focused": True}
        if definition and definition.get("choices"):
            allowed = [choice["value"] for choice in definition["choices"]]
            if value not in allowed:
                raise ValueError(f"{value!r} is not a choice of {name!r}: {allowed}")
        return {"name": name, "type": kind, "value": self._convert(kind, value, resolved, channel)}

    def _convert(
        self, kind: int, value: Any, resolved: dict[str, dict[str, Any]], channel: Channel
    ) -> Any:
        world = self.core.world
        if kind == OPTION_STRING:
            return str(value)
        if kind == OPTION_INTEGER:
            return int(value)
        if kind == OPTION_NUMBER:
            return float(value)
        if kind == OPTION_BOOLEAN:
            return bool(value)
        if kind == OPTION_MENTIONABLE:
            kind = OPTION_ROLE if snowflake_of(value) in world.roles else OPTION_USER
        if kind == OPTION_USER:
            user_id = snowflake_of(value)
            resolved.setdefault("users", {})[str(user_id)] = payloads.user(world.users[user_id])
            if channel.guild_id is not None and (channel.guild_id, user_id) in world.members:
                resolved.setdefault("members", {})[str(user_id)] = payloads.member(
                    world,
                    channel.guild_id,
                    user_id,
                    with_user=False,
                    with_permissions=True,
                    channel_id=channel.id,
                )
            return str(user_id)
        if kind == OPTION_CHANNEL:
            target = world.channels[snowflake_of(value)]
            entry = payloads.channel(world, target)
            entry["permissions"] = str(world.channel_permissions(target.id, self.core.bot.id))
            resolved.setdefault("channels", {})[str(target.id)] = entry
            return str(target.id)
        if kind == OPTION_ROLE:
            role = world.roles[snowflake_of(value)]
            resolved.setdefault("roles", {})[str(role.id)] = payloads.role(role)
            return str(role.id)
        raise NotImplementedError(f"option type {kind} is not emulated (README, Known gaps)")


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return OPTION_BOOLEAN
    if isinstance(value, int):
        return OPTION_INTEGER
    if isinstance(value, float):
        return OPTION_NUMBER
    if isinstance(value, User):
        return OPTION_USER
    if isinstance(value, Channel):
        return OPTION_CHANNEL
    if isinstance(value, Role):
        return OPTION_ROLE
    if isinstance(value, str):
        return OPTION_STRING
    raise TypeError(f"cannot infer a Discord option type for {value!r}")


__all__ = ["DEFAULT_TIMEOUT", "Control", "Scene"]
