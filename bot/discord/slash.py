"""The slash commands: ``/ask``, ``/quote``, ``/quotes``, ``/sources``, ``/claim``,
``/discrepancies``, ``/help`` and the admin-only ``/reload`` and ``/unanswered``.

Each command is a few lines: check the cooldown, ask :class:`ReportService` for a reply, send
it. Answering takes about a millisecond, well inside Discord's three seconds, so commands reply
directly; only ``/reload`` (file I/O and validation) and ``/unanswered`` (a database read)
defer first. Every command runs as one job of the graceful shutdown: once the process is
stopping, a new command gets a short "restarting" note, and the ones in flight finish.
Autocomplete answers from the snapshot in memory and never raises: a failure offers no choices
rather than an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import discord
from discord import app_commands

from bot.answers.compose import MAX_QUESTION_CHARS
from bot.discord import embeds as render
from bot.discord.guards import as_job, limited, operators_only, over_rate
from bot.discord.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, label
from bot.discord.permissions import REFUSAL, UNANSWERED_REFUSAL
from bot.discord.reload import for_server
from bot.discord.respond import defer_public, send_error, send_reply
from bot.discord.service import UNANSWERED_DEFAULT, UNANSWERED_MAX, ReportService
from bot.matching.lookup import Choice, claim_choices, resolve_speaker, speaker_choices
from bot.matching.lookup import topic_choices as core_topic_choices

log = logging.getLogger("reportbot.discord")


def to_app_choices(choices: Iterable[Choice]) -> list[app_commands.Choice[str]]:
    """At most 25 choices, each name and value 1-100 characters; values that cannot be
    shortened without changing their meaning (ids) are left out rather than cut."""
    out: list[app_commands.Choice[str]] = []
    seen: set[str] = set()
    for choice in choices:
        value = choice.value
        if not value or len(value) > CHOICE_VALUE or value in seen:
            continue
        seen.add(value)
        out.append(app_commands.Choice(name=label(choice.label, CHOICE_NAME), value=value))
        if len(out) == CHOICES:
            break
    return out


def speaker_options(service: ReportService, current: str) -> list[app_commands.Choice[str]]:
    return to_app_choices(speaker_choices(service.knowledge, current[:200], limit=CHOICES))


def topic_options(
    service: ReportService, current: str, speaker_text: str | None
) -> list[app_commands.Choice[str]]:
    knowledge = service.knowledge
    speaker = resolve_speaker(knowledge, speaker_text.strip()) if speaker_text else None
    found = core_topic_choices(knowledge, current[:200], speaker=speaker, limit=CHOICES)
    # A topic is matched fuzzily, so a long one may be shortened and still find its quotes.
    shortened = [Choice(c.label, c.value[:CHOICE_VALUE], c.score) for c in found]
    return to_app_choices(shortened)


def claim_options(service: ReportService, current: str) -> list[app_commands.Choice[str]]:
    return to_app_choices(claim_choices(service.knowledge, current[:200], limit=CHOICES))


def _service(interaction: discord.Interaction) -> ReportService:
    return interaction.client.service  # type: ignore[attr-defined]


ADMIN_COMMANDS = ("reload", "unanswered")  # the operator's (bot.discord.permissions)
UNKNOWN_INTERACTION = 10062  # Discord's error code for an expired or unknown interaction


class ReportTree(app_commands.CommandTree):
    """A command tree whose errors are logged in full and reported to the user in a line."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction.command.name if interaction.command else "?"
        if isinstance(error, app_commands.NoPrivateMessage):
            await send_error(interaction, "That command only works in a server.")
            return
        if isinstance(error, app_commands.CheckFailure):
            await send_error(interaction, "Sorry, you can't use that command here.")
            return
        if isinstance(error, app_commands.TransformerError):
            await send_error(interaction, "Sorry, I couldn't read one of the options you gave.")
            return
        original = getattr(error, "original", error)
        if isinstance(original, discord.NotFound) and original.code == UNKNOWN_INTERACTION:
            # Past Discord's 3 seconds (a gateway outage, a stalled loop) the interaction is
            # gone: an apology would be refused the same way, so the log is all that is left.
            log.warning(
                "/%s from user %s expired before it could be answered (Discord error %s: %s)",
                command,
                interaction.user.id,
                original.code,
                original.text,
            )
            _service(interaction).ops.error("expired")
            return
        log.error("/%s failed for user %s", command, interaction.user.id, exc_info=original)
        _service(interaction).ops.error("command")
        await send_error(interaction)


def register_commands(tree: app_commands.CommandTree) -> None:
    """Add reportbot's slash commands to ``tree`` (fresh objects per tree)."""

    @tree.command(
        name="ask", description="Ask about the reporting; the answer says who reported it"
    )
    @app_commands.describe(question="e.g. what did the mayor say about the library budget?")
    @as_job
    async def ask(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
    ) -> None:
        service = _service(interaction)
        with service.load.track():
            if await over_rate(interaction, "questions"):
                return
            if service.load.should_defer(interaction.created_at):
                await defer_public(interaction)
            reply = service.ask(
                question,
                asker=interaction.user.id,
                guild_id=interaction.guild_id,
                channel_id=interaction.channel_id,
            )
            await send_reply(interaction, reply)

    @tree.command(name="quote", description="What someone said, optionally on a topic")
    @app_commands.describe(speaker="who said it", topic="optional: what about")
    @as_job
    @limited("lookups")
    async def quote(
        interaction: discord.Interaction,
        speaker: app_commands.Range[str, 1, 200],
        topic: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        reply = _service(interaction).quote(speaker, topic, asker=interaction.user.id)
        await send_reply(interaction, reply)

    @tree.command(name="quotes", description="Every quote by someone, a page at a time")
    @app_commands.describe(speaker="who said it")
    @as_job
    @limited("lookups")
    async def quotes(
        interaction: discord.Interaction, speaker: app_commands.Range[str, 1, 200]
    ) -> None:
        await send_reply(
            interaction, _service(interaction).quotes(speaker, asker=interaction.user.id)
        )

    @tree.command(name="sources", description="The outlets and articles behind the facts")
    @as_job
    @limited("lookups")
    async def sources(interaction: discord.Interaction) -> None:
        await send_reply(interaction, _service(interaction).sources(owner=interaction.user.id))

    @tree.command(
        name="claim", description="One fact's full provenance: each article's words and credits"
    )
    @app_commands.describe(claim="start typing to pick a claim")
    @as_job
    @limited("lookups")
    async def claim(
        interaction: discord.Interaction, claim: app_commands.Range[str, 1, 200]
    ) -> None:
        await send_reply(interaction, _service(interaction).claim(claim))

    @tree.command(name="discrepancies", description="The points the articles tell differently")
    @as_job
    @limited("lookups")
    async def discrepancies(interaction: discord.Interaction) -> None:
        await send_reply(
            interaction, _service(interaction).discrepancies(owner=interaction.user.id)
        )

    @tree.command(name="help", description="How to ask reportbot, and what it answers from")
    @as_job
    @limited("lookups")
    async def help_(interaction: discord.Interaction) -> None:
        await send_reply(interaction, _service(interaction).help())

    @tree.command(name="forget", description="Delete the questions you asked from the bot's log")
    @as_job
    @limited("lookups")
    async def forget(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        reply = await _service(interaction).forget(interaction.user.id)
        await send_reply(interaction, reply)

    @tree.command(name="reload", description="Re-read the fact files (the bot's operators only)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @as_job
    @operators_only(REFUSAL)
    async def reload(interaction: discord.Interaction) -> None:
        service = _service(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await service.reloader.reload(f"user {interaction.user.id}")
        shown = for_server(result, service.store.snapshot.source)
        await interaction.edit_original_response(embeds=render.reload_embeds(shown))

    @tree.command(
        name="unanswered",
        description="The questions asked most often that the facts could not answer (admins)",
    )
    @app_commands.describe(
        limit=f"how many to list (default {UNANSWERED_DEFAULT})",
        days="only questions asked in the last this many days",
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @as_job
    @operators_only(UNANSWERED_REFUSAL)
    async def unanswered(
        interaction: discord.Interaction,
        limit: app_commands.Range[int, 1, UNANSWERED_MAX] = UNANSWERED_DEFAULT,
        days: app_commands.Range[int, 1, 3650] | None = None,
    ) -> None:
        service = _service(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        reply = await service.unanswered(guild_id=interaction.guild_id, limit=limit, days=days)
        await send_reply(interaction, reply)

    @quote.autocomplete("speaker")
    @quotes.autocomplete("speaker")
    async def speaker_autocomplete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return speaker_options(_service(interaction), current)
        except Exception:
            log.exception("speaker autocomplete failed")
            return []

    @quote.autocomplete("topic")
    async def topic_autocomplete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            speaker = getattr(interaction.namespace, "speaker", None)
            return topic_options(_service(interaction), current, speaker)
        except Exception:
            log.exception("topic autocomplete failed")
            return []

    @claim.autocomplete("claim")
    async def claim_autocomplete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            return claim_options(_service(interaction), current)
        except Exception:
            log.exception("claim autocomplete failed")
            return []
