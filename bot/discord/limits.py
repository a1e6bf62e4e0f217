"""Discord's size limits, and text that always fits them.

Discord refuses a whole message when one embed field is a character too long, so nothing we
send may depend on the facts being short. Everything that becomes an embed goes through
:func:`pack_blocks` (or :func:`truncate`), which trims gracefully and says so, instead of
failing. Lengths are counted in UTF-16 code units, which is never less than what Discord counts
(code points), so an emoji-heavy name cannot slip past a limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import discord

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000  # summed over every embed of one message
CUSTOM_ID = 100
BUTTON_LABEL = 80
BUTTONS_PER_ROW = 5
ACTION_ROWS = 5
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

ELLIPSIS = "…"
# How much footer a message may spend: enough to name a few articles, never most of the budget.
FOOTER_BUDGET = 400


def size(text: str | None) -> int:
    """Length as Discord may count it at most: UTF-16 code units."""
    if not text:
        return 0
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int, *, marker: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``limit`` units, preferably at a word boundary, marked with "…".

    A trailing lone backslash is dropped so it cannot escape the marker or our own markup.
    """
    if size(text) <= limit:
        return text
    room = limit - size(marker)
    if room <= 0:
        return marker[: max(limit, 0)]
    cut = min(len(text), room)
    while cut > 0 and size(text[:cut]) > room:
        cut -= max(1, (size(text[:cut]) - room) // 2)
    head = text[:cut]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= room * 0.8:
        head = head[:space]
    head = head.rstrip()
    trailing = len(head) - len(head.rstrip("\\"))
    if trailing % 2:
        head = head[:-1]
    return head + marker


def one_line(text: str) -> str:
    """Collapse whitespace: labels, titles and footers are single lines."""
    return " ".join(text.split())


def label(text: str, limit: int) -> str:
    """A single-line label of at most ``limit`` units, never empty (Discord requires ≥ 1)."""
    return truncate(one_line(text), limit) or "?"


def pack_blocks(
    blocks: Iterable[str],
    *,
    title: str | None = None,
    footer: str | None = None,
    colour: int | discord.Colour | None = None,
    url: str | None = None,
    budget: int = EMBED_TOTAL,
    max_embeds: int = EMBEDS_PER_MESSAGE,
) -> list[discord.Embed]:
    """Lay paragraphs of markdown out as embeds that together fit one message.

    Blocks flow into the first embed's description, overflowing into further embeds; a block
    that does not fit the space left is trimmed (if enough room remains to be useful) and the
    rest are replaced by a note saying how many parts were left out. The title goes on the
    first embed, the footer on the last.
    """
    title = label(title, EMBED_TITLE) if title else None
    footer = label(footer, min(FOOTER, FOOTER_BUDGET)) if footer else None
    notice_room = 60
    left = budget - size(title) - size(footer) - notice_room
    pending = [b.strip() for b in blocks if b and b.strip()]
    descriptions: list[list[str]] = [[]]
    used = [0]  # description size per embed
    dropped = 0
    for index, block in enumerate(pending):
        block = truncate(block, EMBED_DESCRIPTION)
        sep = 2 if descriptions[-1] else 0
        need = size(block) + sep
        if need > left:
            if left - sep >= 200:  # worth showing a trimmed part
                block = truncate(block, left - sep)
                need = size(block) + sep
            else:
                dropped = len(pending) - index
                break
        if used[-1] + need > EMBED_DESCRIPTION:
            if len(descriptions) >= max_embeds:
                dropped = len(pending) - index
                break
            descriptions.append([])
            used.append(0)
            need = size(block)
        descriptions[-1].append(block)
        used[-1] += need
        left -= need
    if dropped:
        note = f"*… {dropped} more part{'s' if dropped != 1 else ''} not shown here.*"
        if used[-1] + size(note) + 2 > EMBED_DESCRIPTION:
            descriptions[-1][-1] = truncate(descriptions[-1][-1], EMBED_DESCRIPTION - 80)
        descriptions[-1].append(note)
    embeds = []
    for number, parts in enumerate(descriptions):
        embed = discord.Embed(
            title=title if number == 0 else None,
            description="\n\n".join(parts) or None,
            colour=colour,
            url=url if number == 0 and title else None,
        )
        embeds.append(embed)
    if not embeds[0].title and not embeds[0].description:
        embeds[0].description = ELLIPSIS
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


def visible_size(embeds: Sequence[discord.Embed | Mapping[str, Any]]) -> int:
    """The text a reader sees in a message's embeds: titles, descriptions, fields, footers
    (what a phone has to fit)."""
    total = 0
    for embed in embeds:
        data = embed.to_dict() if isinstance(embed, discord.Embed) else dict(embed)
        total += size(data.get("title")) + size(data.get("description"))
        total += size((data.get("footer") or {}).get("text"))
        total += size((data.get("author") or {}).get("name"))
        for item in data.get("fields") or []:
            total += size(item.get("name")) + size(item.get("value"))
    return total


def embed_problems(embeds: Sequence[discord.Embed | Mapping[str, Any]]) -> list[str]:
    """Every Discord embed limit the given message would break (empty when it fits).

    Used by the tests and as a last guard before sending, so a bug in a builder degrades to a
    short notice rather than a refused message.
    """
    problems: list[str] = []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds > {EMBEDS_PER_MESSAGE}")
    total = 0
    for index, embed in enumerate(embeds):
        data = embed.to_dict() if isinstance(embed, discord.Embed) else dict(embed)
        checks: list[tuple[str, str | None, int]] = [
            ("title", data.get("title"), EMBED_TITLE),
            ("description", data.get("description"), EMBED_DESCRIPTION),
            ("footer", (data.get("footer") or {}).get("text"), FOOTER),
            ("author", (data.get("author") or {}).get("name"), AUTHOR_NAME),
        ]
        fields = data.get("fields") or []
        if len(fields) > EMBED_FIELDS:
            problems.append(f"embed {index}: {len(fields)} fields > {EMBED_FIELDS}")
        for number, item in enumerate(fields):
            name, value = item.get("name"), item.get("value")
            if not name or not str(name).strip() or not value or not str(value).strip():
                problems.append(f"embed {index} field {number}: empty name or value")
            checks.append((f"field {number} name", name, FIELD_NAME))
            checks.append((f"field {number} value", value, FIELD_VALUE))
        for what, text, limit in checks:
            if size(text) > limit:
                problems.append(f"embed {index} {what}: {size(text)} > {limit}")
            total += size(text)
        if not any(data.get(k) for k in ("title", "description", "fields", "footer", "author")):
            problems.append(f"embed {index}: empty")
    if total > EMBED_TOTAL:
        problems.append(f"embeds total {total} > {EMBED_TOTAL}")
    return problems
