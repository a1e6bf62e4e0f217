"""An answer as plain text: what ``reportbot ask`` prints when piped, and the JSON ``answer``.

The words and their order come from :mod:`bot.answers.layout`; this only joins its lines, two
spaces of indentation per level. Nothing here wraps or colours: :mod:`bot.terminal` does that
for a terminal, and a script reading the JSON wraps as it likes.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.catalog import SourceView
from bot.answers.layout import Block, Line, answer_layout, capital, quotes_layout
from bot.answers.model import Answer, QuoteView

INDENT = "  "


def line_text(line: Line) -> str:
    return INDENT * line.depth + line.plain


def join_blocks(blocks: Sequence[Block]) -> str:
    return "\n\n".join("\n".join(line_text(line) for line in block) for block in blocks)


def render_text(answer: Answer, *, full: bool = False) -> str:
    """The answer (or decline) as a person reads it; ``full`` is what "More" opens."""
    return join_blocks(answer_layout(answer, full=full))


def render_quotes(speaker: str, topic: str | None, quotes: Sequence[QuoteView]) -> str:
    return join_blocks(quotes_layout(speaker, topic, quotes))


def sources_layout(title: str, sources: Sequence[SourceView]) -> list[Block]:
    """The articles behind the facts (``reportbot sources``, ``:sources``)."""
    blocks: list[Block] = [
        (Line("heading", f"{title}: {len(sources)} article{'s' if len(sources) != 1 else ''}"),)
    ]
    for source in sources:
        head = f"“{source.headline}”" if source.headline else "no headline given"
        name = capital(source.outlet) if source.outlet_known else "An unnamed outlet"
        details = [f"{source.claims} claims", f"{source.quotes} quotes"]
        if source.byline:
            details.insert(0, f"by {source.byline}")
        details.append(f"published {source.published or 'date not given'}")
        if source.credits:
            details.append("credits " + ", ".join(source.credits))
        lines = [
            Line("source", head, label=f"{name}:", mark="•"),
            Line("note", "; ".join(details), depth=1),
        ]
        if source.url:
            lines.append(Line("note", source.url, depth=1))
        blocks.append(tuple(lines))
    return blocks


def render_sources(title: str, sources: Sequence[SourceView]) -> str:
    return join_blocks(sources_layout(title, sources))
