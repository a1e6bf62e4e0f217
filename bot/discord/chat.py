"""Questions asked in chat: a mention of the bot, a direct message, or any message in a
channel an admin set aside for questions (``REPORTBOT_ANSWER_CHANNEL_IDS``).

The reply references the question (a Discord reply) without pinging its author. In a channel
where the bot may not embed, the answer comes as plain text; where it may not send at all, it
stays silent rather than collecting 403s. Someone asking faster than the cooldown gets one short
"slow down" per window; further messages in that window are ignored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.discord.answered import Answered
from bot.discord.cooldown import retry_text
from bot.discord.limits import CONTENT, embed_problems, truncate
from bot.discord.service import Reply
from bot.observability.shutdown import ShuttingDown

if TYPE_CHECKING:
    from bot.discord.app import ReportBot
    from bot.discord.service import ReportService

log = logging.getLogger("reportbot.discord")

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."

ANSWERABLE_TYPES = (discord.MessageType.default, discord.MessageType.reply)


@dataclass(frozen=True, slots=True)
class Addressed:
    """How a message reached the bot, and the question it holds (mentions removed)."""

    question: str
    direct: bool  # a mention or a DM: reply even to an empty question (with help)


def strip_mentions(content: str, bot_id: int, role_ids: frozenset[int] = frozenset()) -> str:
    """The question without the mentions that addressed it (``<@bot>``, its managed role)."""
    text = re.sub(rf"<@!?{bot_id}>", " ", content)
    for role_id in role_ids:
        text = text.replace(f"<@&{role_id}>", " ")
    text = " ".join(text.split())
    return text.lstrip(",:;- ").strip()


def addressed_question(
    content: str,
    *,
    bot_id: int,
    is_dm: bool,
    mentioned: bool,
    in_answer_channel: bool,
    bot_role_ids: frozenset[int] = frozenset(),
) -> Addressed | None:
    """The question a message puts to the bot, or None when it is not for the bot.

    In an answer channel a message without any letter or digit (an image, an emoji) is not a
    question; a mention or DM without one gets the short "how to ask" reply.
    """
    if not (is_dm or mentioned or in_answer_channel):
        return None
    question = strip_mentions(content, bot_id, bot_role_ids)
    direct = is_dm or mentioned
    if not direct and not any(ch.isalnum() for ch in question):
        return None
    return Addressed(question=question, direct=direct)


def _bot_role_ids(message: discord.Message) -> frozenset[int]:
    guild = message.guild
    if guild is None or guild.self_role is None:
        return frozenset()
    return frozenset({guild.self_role.id})


def _is_answer_channel(channel: object, ids: frozenset[int]) -> bool:
    if not ids:
        return False
    channel_id = getattr(channel, "id", None)
    parent_id = getattr(channel, "parent_id", None)  # a thread inside an answer channel
    return channel_id in ids or parent_id in ids


async def handle_message(bot: ReportBot, message: discord.Message) -> None:
    """Answer ``message`` if it asks the bot something."""
    me = bot.user
    if me is None or message.author.bot or message.webhook_id is not None:
        return
    if message.type not in ANSWERABLE_TYPES:
        return
    service = bot.service
    bot_roles = _bot_role_ids(message)
    mentioned = any(user.id == me.id for user in message.mentions) or any(
        role.id in bot_roles for role in message.role_mentions
    )
    addressed = addressed_question(
        message.content,
        bot_id=me.id,
        is_dm=message.guild is None,
        mentioned=mentioned,
        in_answer_channel=_is_answer_channel(message.channel, service.settings.answer_channel_ids),
        bot_role_ids=bot_roles,
    )
    if addressed is None:
        return
    guild_id = message.guild.id if message.guild is not None else None
    if not service.settings.guild_allowed(guild_id):
        # Outside REPORTBOT_ALLOWED_GUILD_IDS: no reply at all (not even a refusal, which
        # would be a message in a server the operator does not serve), logged and counted.
        log.warning("message %s in guild %s ignored: not an allowed guild", message.id, guild_id)
        service.ops.refused("guild")
        return
    try:
        async with service.ops.job():
            await _answer(message, addressed, service)
    except ShuttingDown:  # on entry only: the question is left for after the restart
        service.ops.refused("shutting_down")
        log.info("message %s not answered: shutting down", message.id)


async def _answer(message: discord.Message, addressed: Addressed, service: ReportService) -> None:
    permissions = _my_permissions(message)
    if permissions is not None and not _can_send(message, permissions):
        log.info("cannot send in channel %s; question ignored", message.channel.id)
        return
    wait = service.cooldowns.questions.hit(message.author.id)
    if wait:
        if not service.cooldowns.slow_down_notices.hit(message.author.id):
            note = f"You're asking quickly — I'll take the next question {retry_text(wait)}."
            await _send(message, Reply(content=note), permissions)
        return
    try:
        reply = service.ask(
            addressed.question,
            asker=message.author.id,
            guild_id=message.guild.id if message.guild is not None else None,
            channel_id=message.channel.id,
            # Mentions and DMs were addressed to the bot; a message in an answer channel may
            # be anything a person says there, so it is logged only if the operator opted in.
            record=addressed.direct or service.settings.log_answer_channels,
        )
    except Exception:  # a bug: the details go to the log, the asker gets one line
        log.exception("answering message %s from user %s failed", message.id, message.author.id)
        service.ops.error("reply")
        reply = Reply(content=APOLOGY)
    sent = await _send(message, reply, permissions)
    if sent is None:
        service.ops.error("discord_http")
        return
    answered = Answered(message.channel.id, sent.id, reply.logged)
    if not service.answered.remember(message.id, answered):
        # deleted by its author while the reply was on its way
        await _take_back(message.channel, message.id, answered, service)


async def handle_deleted_message(bot: ReportBot, payload: discord.RawMessageDeleteEvent) -> None:
    """A question its author deleted: delete the answer that echoes it, and its log entry."""
    service = bot.service
    answered = service.answered.pop(payload.message_id)
    if answered is None:
        return
    channel = bot.get_partial_messageable(answered.channel_id)
    await _take_back(channel, payload.message_id, answered, service)


async def _take_back(
    channel: discord.abc.Messageable | discord.PartialMessageable,
    question_id: int,
    answered: Answered,
    service: ReportService,
) -> None:
    if answered.entry is not None:
        await service.forget_message(answered.entry)
    try:
        await channel.get_partial_message(answered.reply_id).delete()  # type: ignore[union-attr]
    except discord.NotFound:
        pass  # already gone
    except discord.HTTPException as exc:
        log.warning("could not delete the reply to deleted message %s: %s", question_id, exc)
        return
    log.info(
        "message %s deleted by its author: its answer %s and its log entry removed",
        question_id,
        answered.reply_id,
    )


def _my_permissions(message: discord.Message) -> discord.Permissions | None:
    """The bot's permissions in the message's channel; None in a DM (everything allowed)."""
    guild = message.guild
    if guild is None or guild.me is None:
        return None
    return message.channel.permissions_for(guild.me)  # type: ignore[arg-type]


def _can_send(message: discord.Message, permissions: discord.Permissions) -> bool:
    if isinstance(message.channel, discord.Thread):
        return permissions.send_messages_in_threads
    return permissions.send_messages


async def _send(
    message: discord.Message, reply: Reply, permissions: discord.Permissions | None
) -> discord.Message | None:
    """Reply to ``message`` (no ping), as embeds where allowed, else as text; None if
    Discord refused it (logged)."""
    can_embed = permissions is None or permissions.embed_links
    can_reply = permissions is None or permissions.read_message_history
    content, embeds = reply.content, reply.embeds
    if embeds and (not can_embed or embed_problems(embeds)):
        content, embeds = reply.fallback_text or "…", []
    if content is not None:
        content = truncate(content, CONTENT)
    reference = message.to_reference(fail_if_not_exists=False) if can_reply else None
    try:
        return await message.channel.send(
            content=content,
            embeds=embeds,
            view=reply.view,  # type: ignore[arg-type]
            reference=reference,  # type: ignore[arg-type]
            mention_author=False,
        )
    except discord.HTTPException as exc:
        log.warning("could not reply in channel %s: %s", message.channel.id, exc)
        return None
