"""The in-memory Discord world: users, guilds, roles, channels, members, messages, commands.

Plain dataclasses with no I/O so tests can build and inspect a world directly. How these
look on the wire lives in ``payloads.py``; who may do what lives in ``rules.py``.
"""

from __future__ import annotations

import datetime
import enum
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

DISCORD_EPOCH_MS = 1_420_070_400_000


class Permission(enum.IntFlag):
    """The permission bits the server reasons about (Discord's values)."""

    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS = (1 << 51) - 1
EVERYONE_DEFAULT = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.ADD_REACTIONS
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.SEND_MESSAGES_IN_THREADS
)


class ChannelType(enum.IntEnum):
    GUILD_TEXT = 0
    DM = 1


class MessageFlag(enum.IntFlag):
    SUPPRESS_EMBEDS = 1 << 2
    EPHEMERAL = 1 << 6
    LOADING = 1 << 7
    SUPPRESS_NOTIFICATIONS = 1 << 12
    IS_COMPONENTS_V2 = 1 << 15


class HasId(Protocol):
    @property
    def id(self) -> int: ...


def snowflake_of(value: int | HasId) -> int:
    """Accept either an object with an ``id`` or a raw id, as the control API does."""
    return value if isinstance(value, int) else value.id


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class SnowflakeFactory:
    """Real-looking, strictly increasing snowflakes.

    discord.py derives message age from the id (e.g. to pick a delete rate-limit bucket),
    so ids must encode the current time like Discord's do.
    """

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last

    def on_shard(self, shard_id: int, shard_count: int) -> int:
        """The next snowflake whose guild shard, ``(id >> 22) % shard_count``, is ``shard_id``
        (moving at most ``shard_count`` milliseconds ahead of the clock)."""
        value = self()
        while (value >> 22) % shard_count != shard_id:
            value = ((value >> 22) + 1) << 22
        self._last = value
        return value


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    mentionable: bool = False
    managed: bool = False
    hoist: bool = False
    color: int = 0
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class Overwrite:
    """A channel permission overwrite; ``type`` 0 targets a role, 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    id: int
    type: ChannelType
    guild_id: int | None = None
    name: str | None = None
    position: int = 0
    topic: str | None = None
    recipient_ids: list[int] = field(default_factory=list)
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass
class Member:
    guild_id: int
    user_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: datetime.datetime = field(default_factory=utcnow)


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channel_ids: list[int] = field(default_factory=list)
    role_ids: list[int] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    locale: str = "en-US"
    created_at: datetime.datetime = field(default_factory=utcnow)

    @property
    def everyone_role_id(self) -> int:
        return self.id


@dataclass
class Attachment:
    id: int
    filename: str
    size: int
    content_type: str | None
    data: bytes = field(repr=False, default=b"")
    url: str = ""
    description: str | None = None


@dataclass(frozen=True)
class Pings:
    """Who a message actually notifies once Discord applies ``allowed_mentions``."""

    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()
    everyone: bool = False
    replied_user: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.users or self.roles or self.everyone or self.replied_user)


@dataclass
class Message:
    """A message as the server stores it (the REST/gateway shape is built from this)."""

    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    tts: bool = False
    type: int = 0
    allowed_mentions: dict[str, Any] | None = None
    pings: Pings = field(default_factory=Pings)
    reference: dict[str, Any] | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    nonce: str | int | None = None
    created_at: datetime.datetime = field(default_factory=utcnow)
    edited_at: datetime.datetime | None = None
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MessageFlag.EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & MessageFlag.LOADING)

    def custom_ids(self) -> list[str]:
        """Every ``custom_id`` in the message's components, in order."""
        found: list[str] = []

        def walk(items: list[dict[str, Any]]) -> None:
            for item in items:
                if "custom_id" in item:
                    found.append(item["custom_id"])
                walk(item.get("components", []))
                accessory = item.get("accessory")
                if isinstance(accessory, dict):
                    walk([accessory])

        walk(self.components)
        return found

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        def walk(items: list[dict[str, Any]]) -> dict[str, Any] | None:
            for item in items:
                if item.get("custom_id") == custom_id:
                    return item
                nested = walk(item.get("components", []))
                if nested is not None:
                    return nested
                accessory = item.get("accessory")
                if isinstance(accessory, dict) and accessory.get("custom_id") == custom_id:
                    return accessory
            return None

        return walk(self.components)


@dataclass
class World:
    """All state, keyed by id; methods keep cross-references consistent."""

    snowflake: SnowflakeFactory = field(default_factory=SnowflakeFactory)
    users: dict[int, User] = field(default_factory=dict)
    guilds: dict[int, Guild] = field(default_factory=dict)
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[tuple[int, int], Member] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    # Synced application commands per scope: None is global, an int is a guild id.
    commands: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    _command_ids: dict[tuple[int | None, int, str], int] = field(default_factory=dict)

    def add_user(self, username: str, *, global_name: str | None = None, bot: bool = False) -> User:
        user = User(id=self.snowflake(), username=username, global_name=global_name, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner_id: int, *, shard: tuple[int, int] | None = None) -> Guild:
        guild_id = self.snowflake.on_shard(*shard) if shard else self.snowflake()
        guild = Guild(id=guild_id, name=name, owner_id=owner_id)
        self.guilds[guild.id] = guild
        everyone = Role(
            id=guild.id, guild_id=guild.id, name="@everyone", permissions=int(EVERYONE_DEFAULT)
        )
        self.roles[everyone.id] = everyone
        guild.role_ids.append(everyone.id)
        return guild

    def add_role(
        self,
        guild_id: int,
        name: str,
        *,
        permissions: int = 0,
        mentionable: bool = False,
        managed: bool = False,
        bot_id: int | None = None,
    ) -> Role:
        guild = self.guilds[guild_id]
        role = Role(
            id=self.snowflake(),
            guild_id=guild_id,
            name=name,
            permissions=permissions,
            position=len(guild.role_ids),
            mentionable=mentionable,
            managed=managed,
            bot_id=bot_id,
        )
        self.roles[role.id] = role
        guild.role_ids.append(role.id)
        return role

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        *,
        role_ids: list[int] | None = None,
        nick: str | None = None,
    ) -> Member:
        guild = self.guilds[guild_id]
        member = Member(
            guild_id=guild_id, user_id=user_id, role_ids=list(role_ids or []), nick=nick
        )
        self.members[(guild_id, user_id)] = member
        if user_id not in guild.member_ids:
            guild.member_ids.append(user_id)
        return member

    def add_text_channel(self, guild_id: int, name: str, *, topic: str | None = None) -> Channel:
        guild = self.guilds[guild_id]
        channel = Channel(
            id=self.snowflake(),
            type=ChannelType.GUILD_TEXT,
            guild_id=guild_id,
            name=name,
            position=len(guild.channel_ids),
            topic=topic,
        )
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    def dm_channel(self, bot_id: int, user_id: int) -> tuple[Channel, bool]:
        """The DM channel between the bot and a user, created on first use."""
        for channel in self.channels.values():
            if channel.type is ChannelType.DM and channel.recipient_ids == [user_id]:
                return channel, False
        channel = Channel(id=self.snowflake(), type=ChannelType.DM, recipient_ids=[user_id])
        self.channels[channel.id] = channel
        return channel, True

    def member(self, guild_id: int, user_id: int) -> Member | None:
        return self.members.get((guild_id, user_id))

    def base_permissions(self, guild_id: int, user_id: int) -> int:
        """Guild-level permissions: owner and administrators get everything."""
        guild = self.guilds[guild_id]
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        member = self.member(guild_id, user_id)
        perms = self.roles[guild.everyone_role_id].permissions
        for role_id in member.role_ids if member else []:
            perms |= self.roles[role_id].permissions
        if perms & Permission.ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def channel_permissions(self, channel_id: int, user_id: int) -> int:
        """Discord's overwrite algorithm: @everyone, then roles, then the member."""
        channel = self.channels[channel_id]
        if channel.guild_id is None:
            return int(EVERYONE_DEFAULT)
        perms = self.base_permissions(channel.guild_id, user_id)
        if perms == ALL_PERMISSIONS:
            return perms
        by_id = {(ow.type, ow.id): ow for ow in channel.overwrites}
        everyone = by_id.get((0, channel.guild_id))
        if everyone:
            perms = (perms & ~everyone.deny) | everyone.allow
        member = self.member(channel.guild_id, user_id)
        role_ids = member.role_ids if member else []
        allow = deny = 0
        for role_id in role_ids:
            overwrite = by_id.get((0, role_id))
            if overwrite:
                allow |= overwrite.allow
                deny |= overwrite.deny
        perms = (perms & ~deny) | allow
        own = by_id.get((1, user_id))
        if own:
            perms = (perms & ~own.deny) | own.allow
        return perms

    def channel_messages(self, channel_id: int, *, include_deleted: bool = False) -> list[Message]:
        return [
            m
            for m in self.messages.values()
            if m.channel_id == channel_id and (include_deleted or not m.deleted)
        ]

    def command_id(self, scope: int | None, type_: int, name: str) -> int:
        """Stable ids across re-syncs, as Discord keeps ids for commands it already knows."""
        key = (scope, type_, name)
        if key not in self._command_ids:
            self._command_ids[key] = self.snowflake()
        return self._command_ids[key]

    def find_command(
        self, name: str, guild_id: int | None, type_: int = 1
    ) -> dict[str, Any] | None:
        """Guild commands shadow global ones, as in the Discord client."""
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == type_:
                    return command
        return None
