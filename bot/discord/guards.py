"""What runs before a command or a button does its work: the shutdown gate, the cooldown
buckets, the operator check.

As decorators (discord.py's ``app_commands.checks`` style) rather than lines pasted into each
command, so a command's bucket is visible where it is declared and none can forget one. Each
guard answers the interaction itself, privately, when it stops it.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.discord.cooldown import slow_down
from bot.discord.permissions import SHUTTING_DOWN, interaction_may_administer
from bot.discord.respond import send_reply
from bot.observability.shutdown import ShuttingDown

if TYPE_CHECKING:
    from bot.discord.service import ReportService

log = logging.getLogger("reportbot.discord")

Callback = TypeVar("Callback", bound=Callable[..., Awaitable[None]])


def _wraps(callback: Callback) -> Callable[[Callable[..., Any]], Any]:
    """``functools.wraps`` that also carries the callback's evaluated signature: discord.py
    reads a command's options from it, resolving names in the *wrapper's* module otherwise."""

    def apply(wrapper: Callable[..., Any]) -> Any:
        wrapped = functools.wraps(callback)(wrapper)
        wrapped.__signature__ = inspect.signature(callback, eval_str=True)
        return wrapped

    return apply


def _service(interaction: discord.Interaction) -> ReportService:
    return interaction.client.service  # type: ignore[attr-defined,no-any-return]


def _notice(text: str) -> Any:
    from bot.discord.service import notice

    return notice(text)


async def over_rate(interaction: discord.Interaction, bucket: str) -> bool:
    """True (after a private "try again in N seconds") when the user is over ``bucket``."""
    wait = _service(interaction).cooldowns.bucket(bucket).hit(interaction.user.id)
    if not wait:
        return False
    log.info("user %s held back by the %s cooldown", interaction.user.id, bucket)
    await send_reply(interaction, _notice(slow_down(bucket, wait)))
    return True


def limited(bucket: str) -> Callable[[Callback], Callback]:
    """Count the command against ``bucket`` (``questions``, ``lookups``, ``admin``)."""

    def decorate(callback: Callback) -> Callback:
        @_wraps(callback)
        async def run(interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
            if await over_rate(interaction, bucket):
                return
            await callback(interaction, *args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate


def as_job(callback: Callback) -> Callback:
    """Run a command as one job of the graceful shutdown (see :meth:`Operations.job`).

    Once shutting down, the command is not run; the user gets a short private note instead
    (an interaction must be answered, or Discord shows "did not respond").
    """

    @_wraps(callback)
    async def run(interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
        ops = _service(interaction).ops
        try:
            async with ops.job():
                await callback(interaction, *args, **kwargs)
        except ShuttingDown:  # raised on entry only: the command did not run
            ops.refused("shutting_down")
            await send_reply(interaction, _notice(SHUTTING_DOWN))

    return run  # type: ignore[return-value]


def operators_only(refusal: str) -> Callable[[Callback], Callback]:
    """Run the command only for the bot's operator (:mod:`bot.discord.permissions`), then
    only within the admin cooldown.

    ``default_permissions`` only hides a command; a server owner can show it to anyone, and a
    raw API call ignores it, so every admin command checks again here. A refusal is private,
    logged and counted, and costs the refused member nothing from any bucket.
    """

    def decorate(callback: Callback) -> Callback:
        @_wraps(callback)
        async def run(interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
            service = _service(interaction)
            command = interaction.command.name if interaction.command else "?"
            if not interaction_may_administer(interaction, service.operators):
                log.warning(
                    "/%s refused: user %s in guild %s is not an operator (the application's "
                    "owner or team, or an admin role in an admin server)",
                    command,
                    interaction.user.id,
                    interaction.guild_id,
                )
                service.ops.refused("admin")
                await send_reply(interaction, _notice(refusal))
                return
            if await over_rate(interaction, "admin"):
                return
            await callback(interaction, *args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate
