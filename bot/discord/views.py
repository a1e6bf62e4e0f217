"""Buttons: suggestions that answer, "More", "Sources", and page turners.

Every button is a :class:`discord.ui.DynamicItem`: its state lives in its ``custom_id`` (at
most 100 characters) and the bot recognises it by pattern, so buttons keep working after a
restart and the bot keeps no per-message view objects in memory. A ``custom_id`` carries ids
(a claim, articles, a speaker), never text; an id that is too long or has unusual characters is
swapped for a short key remembered in memory (:class:`KeyCache`) — only such buttons stop
working after a restart, and then they say so.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.discord.limits import BUTTON_LABEL, CUSTOM_ID, label

if TYPE_CHECKING:
    from bot.discord.service import ReportService

log = logging.getLogger("reportbot.discord")

_PLAIN_ID = re.compile(r"^[A-Za-z0-9._\-]+$")
MAX_SUGGESTION_BUTTONS = 5


class KeyCache:
    """Short stand-ins for values too long (or too odd) for a ``custom_id``; bounded LRU."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._values: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def put(self, values: Sequence[str]) -> str:
        values = tuple(values)
        digest = hashlib.blake2b("\x1f".join(values).encode(), digest_size=8).hexdigest()
        key = "#" + digest
        self._values[key] = values
        self._values.move_to_end(key)
        while len(self._values) > self._size:
            self._values.popitem(last=False)
        return key

    def get(self, key: str) -> tuple[str, ...] | None:
        return self._values.get(key)


def encode_ids(values: Sequence[str], room: int, keys: KeyCache) -> str:
    """``a1,a2`` when the ids are plain and fit in ``room`` characters, else a cache key."""
    joined = ",".join(values)
    if values and all(_PLAIN_ID.match(v) for v in values) and len(joined) <= room:
        return joined
    return keys.put(values)


def decode_ids(encoded: str, keys: KeyCache) -> tuple[str, ...] | None:
    """The ids behind :func:`encode_ids`' result; None when a cache key was forgotten."""
    if encoded.startswith("#"):
        return keys.get(encoded)
    return tuple(v for v in encoded.split(",") if v)


def more_custom_id(claims: Sequence[str], keys: KeyCache) -> str:
    prefix = "rb:more:"
    return prefix + encode_ids(claims, CUSTOM_ID - len(prefix), keys)


def sources_custom_id(articles: Sequence[str], keys: KeyCache) -> str:
    prefix = "rb:src:"
    return prefix + encode_ids(articles, CUSTOM_ID - len(prefix), keys)


def suggestion_custom_id(asker: int, claim_id: str, keys: KeyCache) -> str:
    prefix = f"rb:ask:{asker}:"
    return prefix + encode_ids([claim_id], CUSTOM_ID - len(prefix), keys)


def page_custom_id(kind: str, owner: int, page: int, arg: str, keys: KeyCache) -> str:
    prefix = f"rb:pg:{kind}:{owner}:{page}:"
    return prefix + (encode_ids([arg], CUSTOM_ID - len(prefix), keys) if arg else "")


def _service(interaction: discord.Interaction) -> ReportService:
    return interaction.client.service  # type: ignore[attr-defined]


async def _safely(
    interaction: discord.Interaction, what: str, action: Callable[[], Awaitable[Any]]
) -> None:
    """Run a button's work as one job of the graceful shutdown; on a bug, log it and tell the
    presser briefly (never a traceback)."""
    from bot.discord.permissions import SHUTTING_DOWN
    from bot.discord.respond import send_error
    from bot.observability.shutdown import ShuttingDown

    ops = _service(interaction).ops
    try:
        async with ops.job():
            await action()
    except ShuttingDown:  # on entry only: the press was not handled
        ops.refused("shutting_down")
        await send_error(interaction, SHUTTING_DOWN)
    except Exception:
        log.exception("button %s failed for user %s", what, interaction.user.id)
        ops.error("reply")
        await send_error(interaction)


class SourcesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:src:(?P<key>\S+)"):
    """Shows, privately, the articles behind an answer."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Sources", style=discord.ButtonStyle.secondary, custom_id=custom_id
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SourcesButton:
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        async def act() -> None:
            from bot.discord.guards import over_rate
            from bot.discord.respond import send_reply
            from bot.discord.service import notice

            service = _service(interaction)
            if await over_rate(interaction, "lookups"):
                return
            key = self.custom_id.removeprefix("rb:src:")
            articles = decode_ids(key, service.keys)
            if articles is None:
                reply = notice("This button is from before a restart; use /sources instead.")
            else:
                reply = service.article_sources(articles)
            await send_reply(interaction, reply)

        await _safely(interaction, "sources", act)


class MoreButton(discord.ui.DynamicItem[discord.ui.Button], template=r"rb:more:(?P<key>\S+)"):
    """Shows, privately, the full account behind an answer: every quote, each article's own
    words and chain of credit, every version where the articles differ."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="More", style=discord.ButtonStyle.secondary, custom_id=custom_id
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MoreButton:
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        async def act() -> None:
            from bot.discord.respond import send_reply
            from bot.discord.service import notice

            service = _service(interaction)
            claims = decode_ids(self.custom_id.removeprefix("rb:more:"), service.keys)
            reply = service.details(claims) if claims is not None else None
            if reply is None:
                reply = notice(
                    "This button is from before a restart, or its facts have changed; "
                    "ask again or use /claim."
                )
            await send_reply(interaction, reply)

        await _safely(interaction, "more", act)


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"rb:ask:(?P<asker>\d+):(?P<key>\S+)"
):
    """Asks a suggested question. The asker's own decline turns into the answer in place;
    anyone else gets the answer privately, so a button cannot be used to flood a channel."""

    def __init__(self, custom_id: str, text: str = "Ask this") -> None:
        super().__init__(
            discord.ui.Button(
                label=label(text, BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=custom_id,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(match.string, getattr(item, "label", None) or "Ask this")

    async def callback(self, interaction: discord.Interaction) -> None:
        async def act() -> None:
            from bot.discord.guards import over_rate
            from bot.discord.respond import send_reply
            from bot.discord.service import notice

            service = _service(interaction)
            match = self.template.fullmatch(self.custom_id)
            assert match is not None
            asker, key = int(match["asker"]), match["key"]
            presser = interaction.user.id
            if await over_rate(interaction, "questions"):
                return
            ids = decode_ids(key, service.keys)
            reply = (
                service.suggestion(
                    ids[0],
                    asker=presser,
                    guild_id=interaction.guild_id,
                    channel_id=interaction.channel_id,
                )
                if ids
                else None
            )
            if reply is None:
                await send_reply(
                    interaction,
                    notice("That suggestion is no longer in the facts; ask your question again."),
                )
                return
            if presser == asker:
                await send_reply(interaction, reply, edit=True)
            else:
                reply.ephemeral = True
                await send_reply(interaction, reply)

        await _safely(interaction, "suggestion", act)


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"rb:pg:(?P<kind>[qsd]):(?P<owner>\d+):(?P<page>\d+):(?P<key>\S*)",
):
    """Turns the page of a listing; only the person who asked for the listing may."""

    def __init__(self, custom_id: str, text: str = "Page", disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=text,
                style=discord.ButtonStyle.secondary,
                custom_id=custom_id,
                disabled=disabled,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        return cls(match.string, getattr(item, "label", None) or "Page")

    async def callback(self, interaction: discord.Interaction) -> None:
        async def act() -> None:
            from bot.discord.guards import over_rate
            from bot.discord.respond import send_reply
            from bot.discord.service import notice

            service = _service(interaction)
            if await over_rate(interaction, "lookups"):
                return
            match = self.template.fullmatch(self.custom_id)
            assert match is not None
            owner, page, key = int(match["owner"]), int(match["page"]), match["key"]
            if interaction.user.id != owner:
                await send_reply(
                    interaction,
                    notice(
                        "Only the person who asked for this list can turn its pages; "
                        "run the command yourself to browse."
                    ),
                )
                return
            arg = ""
            if key:
                ids = decode_ids(key, service.keys)
                if ids is None:
                    await send_reply(
                        interaction, notice("This list is from before a restart; run it again.")
                    )
                    return
                arg = ids[0]
            reply = service.page(match["kind"], arg, page, owner=owner)
            await send_reply(interaction, reply, edit=not reply.ephemeral)

        await _safely(interaction, "page", act)


DYNAMIC_ITEMS = (MoreButton, SourcesButton, SuggestionButton, PageButton)


def answer_view(
    *,
    articles: Sequence[str],
    suggestions: Sequence[tuple[str, str | None]],
    asker: int,
    keys: KeyCache,
    claims: Sequence[str] = (),
) -> discord.ui.View | None:
    """Suggestion buttons for a decline; "More" (the full account of ``claims``) and "Sources"
    for an answer (or nothing)."""
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for text, claim_id in suggestions[:MAX_SUGGESTION_BUTTONS]:
        if claim_id is None:
            continue
        custom_id = suggestion_custom_id(asker, claim_id, keys)
        if custom_id in seen:
            continue
        seen.add(custom_id)
        view.add_item(SuggestionButton(custom_id, text))
    if claims:
        view.add_item(MoreButton(more_custom_id(claims, keys)))
    if articles:
        view.add_item(SourcesButton(sources_custom_id(articles, keys)))
    return view if view.children else None


def pager_view(
    kind: str, owner: int, page: int, count: int, arg: str, *, keys: KeyCache
) -> discord.ui.View | None:
    """Previous/next buttons (none for a single page)."""
    if count <= 1:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(
        PageButton(
            page_custom_id(kind, owner, max(page - 1, 0), arg, keys),
            "◀ Previous",
            disabled=page == 0,
        )
    )
    view.add_item(
        PageButton(
            page_custom_id(kind, owner, page + 1, arg, keys),
            "Next ▶",
            disabled=page >= count - 1,
        )
    )
    return view
