"""How the world looks on the wire: Discord's JSON shapes for each object.

Shapes carry every key discord.py 2.7 reads unconditionally (``data[...]`` rather than
``data.get(...)``) — e.g. ``discriminator``/``avatar`` on users, ``position`` on channels,
``flags``/``roles`` on members, ``attachment_size_limit`` on interactions — checked against
discord/state.py, guild.py, member.py, message.py and interactions.py.
"""

from __future__ import annotations

from typing import Any

from .state import Attachment, Channel, ChannelType, Message, Role, User, World, iso

# Discord's current default upload limit for bots without boosts.
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


def user(u: User) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(u.id),
        "username": u.username,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
        "collectibles": None,
    }
    if u.bot:
        payload["bot"] = True
    return payload


def role(r: Role) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(r.id),
        "name": r.name,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": r.hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.managed,
        "mentionable": r.mentionable,
        "flags": 0,
    }
    if r.bot_id is not None:
        payload["tags"] = {"bot_id": str(r.bot_id)}
    return payload


def channel(world: World, ch: Channel, *, with_guild_id: bool = True) -> dict[str, Any]:
    if ch.type is ChannelType.DM:
        return {
            "id": str(ch.id),
            "type": int(ch.type),
            "last_message_id": _opt_id(ch.last_message_id),
            "recipients": [user(world.users[uid]) for uid in ch.recipient_ids],
            "flags": 0,
        }
    payload: dict[str, Any] = {
        "id": str(ch.id),
        "type": int(ch.type),
        "name": ch.name,
        "position": ch.position,
        "parent_id": None,
        "topic": ch.topic,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": _opt_id(ch.last_message_id),
        "permission_overwrites": [
            {"id": str(ow.id), "type": ow.type, "allow": str(ow.allow), "deny": str(ow.deny)}
            for ow in ch.overwrites
        ],
        "flags": 0,
    }
    if with_guild_id and ch.guild_id is not None:
        payload["guild_id"] = str(ch.guild_id)
    return payload


def member(
    world: World,
    guild_id: int,
    user_id: int,
    *,
    with_user: bool = True,
    with_permissions: bool = False,
    channel_id: int | None = None,
) -> dict[str, Any]:
    m = world.members[(guild_id, user_id)]
    payload: dict[str, Any] = {
        "roles": [str(rid) for rid in m.role_ids],
        "nick": m.nick,
        "avatar": None,
        "banner": None,
        "joined_at": iso(m.joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        payload["user"] = user(world.users[user_id])
    if with_permissions:
        perms = (
            world.channel_permissions(channel_id, user_id)
            if channel_id is not None
            else world.base_permissions(guild_id, user_id)
        )
        payload["permissions"] = str(perms)
    return payload


def guild_create(
    world: World, guild_id: int, *, bot_id: int, include_all_members: bool
) -> dict[str, Any]:
    """GUILD_CREATE: the full guild as sent after READY (or when the bot joins).

    Discord only includes other members when the presences intent is on (small guilds);
    otherwise just the bot itself, and a client wanting everyone must request chunks.
    """
    g = world.guilds[guild_id]
    member_ids = (
        g.member_ids if include_all_members else [uid for uid in g.member_ids if uid == bot_id]
    )
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(g.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": g.locale,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "widget_enabled": False,
        "features": [],
        "application_id": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "roles": [role(world.roles[rid]) for rid in g.role_ids],
        "emojis": [],
        "stickers": [],
        "joined_at": iso(world.members[(g.id, bot_id)].joined_at)
        if (g.id, bot_id) in world.members
        else iso(g.created_at),
        "large": len(g.member_ids) >= 250,
        "unavailable": False,
        "member_count": len(g.member_ids),
        "members": [member(world, g.id, uid) for uid in member_ids],
        "channels": [
            channel(world, world.channels[cid], with_guild_id=False) for cid in g.channel_ids
        ],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def attachment(a: Attachment) -> dict[str, Any]:
    return {
        "id": str(a.id),
        "filename": a.filename,
        "size": a.size,
        "url": a.url,
        "proxy_url": a.url,
        "content_type": a.content_type,
        "description": a.description,
        "flags": 0,
    }


def message(world: World, msg: Message, *, gateway: bool) -> dict[str, Any]:
    """A message; the gateway form adds ``guild_id`` and ``member`` like Discord's does."""
    mentions = []
    for uid in sorted(msg.pings.users):
        mentioned = user(world.users[uid])
        if gateway and msg.guild_id is not None and (msg.guild_id, uid) in world.members:
            mentioned["member"] = member(world, msg.guild_id, uid, with_user=False)
        mentions.append(mentioned)
    payload: dict[str, Any] = {
        "id": str(msg.id),
        "channel_id": str(msg.channel_id),
        "type": msg.type,
        "author": user(world.users[msg.author_id]),
        "content": msg.content,
        "timestamp": iso(msg.created_at),
        "edited_timestamp": iso(msg.edited_at),
        "tts": msg.tts,
        "mention_everyone": msg.pings.everyone,
        "mentions": mentions,
        "mention_roles": [str(rid) for rid in sorted(msg.pings.roles)],
        "attachments": [attachment(a) for a in msg.attachments],
        "embeds": msg.embeds,
        "components": msg.components,
        "pinned": False,
        "flags": msg.flags,
    }
    if msg.webhook_id is not None:
        payload["webhook_id"] = str(msg.webhook_id)
    if msg.application_id is not None:
        payload["application_id"] = str(msg.application_id)
    if msg.interaction_metadata is not None:
        payload["interaction_metadata"] = msg.interaction_metadata
    if msg.nonce is not None:
        payload["nonce"] = msg.nonce
    if msg.reference is not None:
        payload["message_reference"] = msg.reference
        referenced = world.messages.get(int(msg.reference["message_id"]))
        if referenced is not None and msg.type == 19:
            payload["referenced_message"] = (
                None if referenced.deleted else message(world, referenced, gateway=False)
            )
    if gateway and msg.guild_id is not None:
        payload["guild_id"] = str(msg.guild_id)
        if (msg.guild_id, msg.author_id) in world.members:
            payload["member"] = member(world, msg.guild_id, msg.author_id, with_user=False)
    return payload


def team(app_id: int, owner: User, members: list[tuple[User, str, int]]) -> dict[str, Any]:
    """A developer team: its owner and (member, role, membership state) entries."""
    team_id = str(app_id + 1)
    return {
        "id": team_id,
        "name": "Loopback team",
        "icon": None,
        "owner_user_id": str(owner.id),
        "members": [
            {
                "membership_state": state,
                "permissions": ["*"],
                "team_id": team_id,
                "role": role,
                "user": user(member),
            }
            for member, role, state in members
        ],
    }


def application(
    app_id: int,
    bot: User,
    owner: User,
    flags: int,
    team_info: tuple[User, list[tuple[User, str, int]]] | None = None,
) -> dict[str, Any]:
    """GET /oauth2/applications/@me (every key discord.py's AppInfo reads)."""
    return {
        "id": str(app_id),
        "name": bot.username,
        "icon": None,
        "description": "Loopback test application",
        "rpc_origins": [],
        "bot_public": False,
        "bot_require_code_grant": False,
        "bot": user(bot),
        "owner": user(owner),
        "team": team(app_id, *team_info) if team_info else None,
        "verify_key": "0" * 64,
        "flags": flags,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "approximate_guild_count": 0,
        "integration_types_config": {"0": {}},
    }


def _opt_id(value: int | None) -> str | None:
    return None if value is None else str(value)


def interaction(
    world: World,
    *,
    interaction_id: int,
    token: str,
    type_: int,
    application_id: int,
    bot_id: int,
    user_id: int,
    ch: Channel,
    data: dict[str, Any],
    message_payload: dict[str, Any] | None = None,
    locale: str = "en-US",
    attachment_size_limit: int = ATTACHMENT_SIZE_LIMIT,
) -> dict[str, Any]:
    """INTERACTION_CREATE with every field discord.py's ``Interaction`` reads."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": type_,
        "data": data,
        "token": token,
        "version": 1,
        "channel_id": str(ch.id),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": attachment_size_limit,
        "app_permissions": str(world.channel_permissions(ch.id, bot_id)),
    }
    channel_payload = channel(world, ch)
    if ch.guild_id is not None:
        guild = world.guilds[ch.guild_id]
        channel_payload["permissions"] = str(world.channel_permissions(ch.id, user_id))
        payload.update(
            {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
                "guild_locale": guild.locale,
                "member": member(world, guild.id, user_id, with_permissions=True, channel_id=ch.id),
                "authorizing_integration_owners": {"0": str(guild.id)},
                "context": 0,
            }
        )
    else:
        payload.update(
            {
                "user": user(world.users[user_id]),
                "authorizing_integration_owners": {"0": "0"},
                "context": 1,
            }
        )
    payload["channel"] = channel_payload
    if message_payload is not None:
        payload["message"] = message_payload
    return payload
