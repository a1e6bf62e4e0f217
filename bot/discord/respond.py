"""Delivering a :class:`~bot.discord.service.Reply` to an interaction, whatever state it is in.

An interaction gets exactly one initial response; anything after that is a follow-up or an
edit. These helpers pick the right call, check the message against Discord's limits one last
time, and turn failures into a short private apology — never a traceback in the channel.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.discord.limits import CONTENT, embed_problems, truncate
from bot.discord.service import Reply

log = logging.getLogger("reportbot.discord")

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again later."
TOO_BIG = "Sorry, that reply came out too big to show. Try /claim for one fact at a time."


def checked(reply: Reply) -> Reply:
    """The reply, or a short notice if a builder bug let it break a limit (logged)."""
    problems = embed_problems(reply.embeds)
    if reply.content is not None and len(reply.content) > CONTENT:
        reply.content = truncate(reply.content, CONTENT)
    if problems:
        log.error("refusing to send a reply that breaks Discord's limits: %s", problems)
        return Reply(content=TOO_BIG, ephemeral=True)
    return reply


def _message_kwargs(reply: Reply) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"content": reply.content, "embeds": reply.embeds}
    if reply.view is not None:
        kwargs["view"] = reply.view
    return kwargs


DEFERRED_PLACEHOLDER = "reportbot:placeholder"


async def defer_public(interaction: discord.Interaction) -> None:
    """Acknowledge now with a public "thinking…" placeholder the reply will replace."""
    await interaction.response.defer(thinking=True)
    interaction.extras[DEFERRED_PLACEHOLDER] = True


async def send_reply(interaction: discord.Interaction, reply: Reply, *, edit: bool = False) -> None:
    """Answer ``interaction`` with ``reply``: respond, edit the clicked message, fill in a
    deferred placeholder, or follow up."""
    reply = checked(reply)
    kwargs = _message_kwargs(reply)
    if interaction.extras.get(DEFERRED_PLACEHOLDER):
        if reply.ephemeral:  # a private reply cannot take over a public placeholder
            await interaction.delete_original_response()
            interaction.extras.pop(DEFERRED_PLACEHOLDER, None)
            await interaction.followup.send(ephemeral=True, **kwargs)
        else:
            await interaction.edit_original_response(**kwargs)
            interaction.extras.pop(DEFERRED_PLACEHOLDER, None)
    elif interaction.response.is_done():
        await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)
    elif edit and not reply.ephemeral:
        kwargs.setdefault("view", None)  # a reply without buttons removes the old ones
        await interaction.response.edit_message(**kwargs)
    else:
        await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)


async def send_error(interaction: discord.Interaction, text: str = APOLOGY) -> None:
    """Tell the user, privately, that their request failed; swallow a second failure."""
    try:
        if interaction.extras.pop(DEFERRED_PLACEHOLDER, False):
            await interaction.edit_original_response(content=text, embeds=[], view=None)
        elif interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:  # expired or already answered: only the log is left
        log.warning("could not report an error to user %s: %s", interaction.user.id, exc)
