"""Answers and lookups as Discord embeds that read top to bottom on a phone.

Pure functions: core views in, ``discord.Embed`` lists out, no network. Every builder goes
through :func:`bot.discord.limits.pack_blocks`, so whatever the facts hold (a 10,000-character
statement, fifty quotes, a name made of emoji) the result fits one Discord message; parts that
do not fit are trimmed or left out *with a note saying so*. All text from the pack or from a user
is made inert (:mod:`bot.discord.escaping`) before it is wrapped in our own markup.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import discord

from bot.answers.catalog import SourceView
from bot.answers.layout import (
    BREVITY_STEPS,
    UNNAMED_ARTICLE,
    Block,
    Line,
    answer_layout,
    capital,
    decline_layout,
    discrepancy_block,
    fact_block,
    quote_entry,
)
from bot.answers.model import Answer, ClaimView, DiscrepancyView, QuoteView
from bot.answers.text import render_text
from bot.discord.escaping import inert, quote_block
from bot.discord.limits import CONTENT, label, pack_blocks, truncate, visible_size
from bot.knowledge.errors import PackError
from bot.querylog.model import UnansweredQuestion
from bot.store import ReloadResult

COLOUR_ANSWER = 0x2B6CB0
COLOUR_DECLINE = 0x718096
COLOUR_INFO = 0x4A5568
COLOUR_OK = 0x2F855A
COLOUR_REFUSED = 0xC53030

# Caps per line, so one huge part cannot crowd out the rest of an answer.
CAPS: dict[str, int] = {
    "heading": 250,
    "lead": 1500,
    "fact": 900,
    "quote": 600,
    "said": 250,
    "variant": 300,
    "credit": 700,
    "excerpt": 500,
    "differ": 250,
    "version": 500,
    "source": 600,
    "option": 200,
    "note": 250,
}
NAME_CAP = 120
SUMMARY_CAP = 400
# What a reader sees of an answer (title, text and footer): a lone fact fits a phone screen;
# anything longer leaves the rest to "More" (every quote, each article's own words).
SINGLE_FACT_CHARS = 600
ANSWER_CHARS = 1000
FOOTER_HEADLINE = 40  # a headline in the footer, enough to recognise the article


def line_markdown(line: Line) -> str:
    """One layout line as Discord markdown; the facts' own text is made inert first."""
    role = line.role
    text = inert(truncate(line.text, CAPS[role]))
    name = inert(label(line.label, NAME_CAP)) if line.label else ""
    if role in ("quote", "excerpt"):
        return quote_block(text)
    if role == "said":
        return f"> — **{name}**{text}"
    if role == "variant":
        return f"> *{name}*{text}"
    if role in ("credit", "differ", "version", "source"):
        mark = f"{line.mark} " if line.mark else ""
        return f"{mark}**{name}**{'' if text[:1] in ',.;:' else ' '}{text}"
    if role == "heading":
        return f"**{text}**"
    if role == "fact":
        return f"{line.mark or '•'} {text}"  # "1." for a step in order
    if role == "option":
        return f"{line.mark} {text}"
    if role == "note":
        return f"-# {text}"
    if name:  # a lead that names someone: a person's card
        return f"**{name}** {text}"
    return text


def block_markdown(block: Block) -> str:
    """A block's lines; a blank line around each quote, or Discord runs consecutive block
    quotes together into one."""
    out: list[str] = []
    quoting = False
    for line in block:
        in_quote = line.role in ("quote", "said", "variant", "excerpt")
        if out and (line.role == "quote" or (quoting and not in_quote)):
            out.append("")  # and after a quote, so the credit does not read as part of it
        out.append(line_markdown(line))
        quoting = in_quote
    return "\n".join(out)


def layout_markdown(blocks: Sequence[Block]) -> list[str]:
    return [block_markdown(block) for block in blocks]


def layout_parts(blocks: Sequence[Block]) -> list[str]:
    """Blocks cut into parts at each quote and each heading, so that a long account flows
    over several embeds and what does not fit is counted, not cut off mid-quote."""
    parts: list[str] = []
    for block in blocks:
        current: list[Line] = []
        for line in block:
            if current and line.role in ("quote", "heading"):
                parts.append(block_markdown(tuple(current)))
                current = []
            current.append(line)
        if current:
            parts.append(block_markdown(tuple(current)))
    return parts


def _question_title(answer: Answer) -> str | None:
    if answer.outcome in ("empty", "too_long"):
        return None
    return inert(label(answer.question, 200)) or None


def article_label(outlet: str, known: bool, headline: str | None) -> str:
    """ "Business Insider: “'We need to take away children': Bombshell…”", or "an article
    whose outlet is not named": never an id."""
    if not known:
        return UNNAMED_ARTICLE
    if headline:
        return f"{outlet}: “{label(headline, FOOTER_HEADLINE)}”"
    return outlet


def article_footer(
    articles: Sequence[str], labels: Mapping[str, str], version: str, *, prefix: str = ""
) -> str:
    """ "From Business Insider: “Headline…” and an article whose outlet is not named · facts
    version 3" """
    # An article is named by its headline; one without is named in the text already.
    names = list(dict.fromkeys(label(labels[a], 90) for a in articles if "“" in labels.get(a, "")))
    parts = [prefix] if prefix else []
    parts += [capital(name) for name in names]
    if version:
        parts.append(f"facts version {version}")
    return " · ".join(parts)


def answer_labels(answer: Answer) -> dict[str, str]:
    """Article labels from the answer alone (its outlets), for when the pack is not at hand."""
    labels: dict[str, str] = {}
    for claim in answer.claims:
        for attribution in claim.attributions:
            labels.setdefault(
                attribution.article,
                article_label(attribution.outlet, attribution.outlet_known, None),
            )
    for source in answer.sources:
        labels.setdefault(
            source.article, article_label(source.outlet, source.outlet_known, source.headline)
        )
    return labels


def answer_embeds(
    answer: Answer,
    *,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    tappable: Collection[str] = (),
) -> list[discord.Embed]:
    """An answer in its short form (the point, its quotes, who reported it, where the outlets
    differ) or an honest decline. "More" opens the full form (:func:`details_embeds`). A
    suggestion in ``tappable`` is a button under the message, so the text does not list it
    again."""
    heading = title if title is not None else _question_title(answer)
    if not answer.answered:
        shown = [
            tuple(line for line in block if not (line.role == "option" and line.text in tappable))
            for block in decline_layout(answer)
        ]
        blocks = layout_markdown(shown)
        if any(s in tappable for s in answer.suggestions):
            blocks.append("-# Tap one below to ask it.")
        return pack_blocks(
            blocks,
            title=heading,
            colour=COLOUR_DECLINE,
            footer=f"facts version {answer.pack_version}" if answer.pack_version else None,
        )
    # The articles' headlines are in "More" and "Sources"; the answer keeps its room for
    # the answer (the Reported-by lines name every outlet).
    footer = f"facts version {answer.pack_version}" if answer.pack_version else None
    aim, limit = answer_room(answer)
    trimmed: list[discord.Embed] | None = None
    for brevity in BREVITY_STEPS:
        blocks = layout_markdown(answer_layout(answer, brevity=brevity))
        embeds = pack_blocks(blocks, title=heading, footer=footer, colour=COLOUR_ANSWER)
        size = visible_size(embeds)
        if size <= aim:
            return embeds  # the fullest short form that fits the aim
        if not brevity.drops:
            trimmed = embeds if size <= limit else trimmed
        elif trimmed is not None:
            return trimmed  # rather a little longer than a quote or a chain left out
        elif size <= limit:
            return embeds
    return embeds


def answer_room(answer: Answer) -> tuple[int, int]:
    """How much text an answer aims at, and how much it may show rather than leave a quote or
    a step of a chain of credit to "More"."""
    if answer.kind == "facts" and len(answer.claims) == 1:
        return SINGLE_FACT_CHARS, ANSWER_CHARS
    return ANSWER_CHARS, ANSWER_CHARS


def details_embeds(
    answer: Answer, *, labels: Mapping[str, str] | None = None, title: str | None = None
) -> list[discord.Embed]:
    """What "More" opens: every quote of every fact, each article's own words and chain."""
    blocks = layout_parts(answer_layout(answer, full=True))
    footer = article_footer(
        answer.articles, {**answer_labels(answer), **(labels or {})}, answer.pack_version
    )
    return pack_blocks(
        blocks, title=title or "The full account", footer=footer, colour=COLOUR_ANSWER
    )


def answer_plain_text(answer: Answer) -> str:
    """The answer as message content, for channels where the bot may not embed."""
    return truncate(inert(render_text(answer)), CONTENT)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a paginated listing: its embeds, and where it sits."""

    embeds: list[discord.Embed]
    number: int
    count: int


def page_bounds(total: int, page: int, per_page: int) -> tuple[int, int, int]:
    """(page clamped into range, number of pages, index of its first item)."""
    count = max(1, -(-total // per_page))
    page = min(max(page, 0), count - 1)
    return page, count, page * per_page


def quotes_page(
    speaker: str,
    topic: str | None,
    quotes: Sequence[QuoteView],
    *,
    page: int = 0,
    per_page: int = 5,
    version: str = "",
) -> Page:
    page, count, start = page_bounds(len(quotes), page, per_page)
    about = f" on “{inert(label(topic, 80))}”" if topic else ""
    heading = f"Quotes from {inert(label(speaker, NAME_CAP))}{about}"
    blocks = [block_markdown(quote_entry(q)) for q in quotes[start : start + per_page]]
    if not quotes:
        blocks = [f"No quotes from {inert(label(speaker, NAME_CAP))}{about} in the reporting."]
    footer = f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''}"
    if count > 1:
        footer = f"Page {page + 1} of {count} · " + footer
    if version:
        footer += f" · facts version {version}"
    return Page(
        pack_blocks(blocks, title=heading, footer=footer, colour=COLOUR_ANSWER), page, count
    )


def source_markdown(source: SourceView) -> str:
    name = source.outlet if source.outlet_known else "an unnamed outlet"
    head = f"**{inert(capital(label(name, NAME_CAP)))}**"
    head += f" — {inert(label(source.headline, 200))}" if source.headline else " — no headline"
    details = [f"{source.claims} claims", f"{source.quotes} quotes"]
    if source.byline:
        details.insert(0, f"by {inert(label(source.byline, 120))}")
    details.append(f"published {inert(label(source.published or 'date not given', 60))}")
    if source.credits:
        details.append("credits " + inert(truncate(", ".join(source.credits), 300)))
    lines = [head, " · ".join(details)]
    if source.summary:
        lines.append(inert(truncate(source.summary, SUMMARY_CAP)))
    if source.url:
        lines.append(f"<{label(source.url, 300)}>")
    return "\n".join(lines)


def sources_page(
    title: str,
    sources: Sequence[SourceView],
    *,
    page: int = 0,
    per_page: int = 8,
    version: str = "",
) -> Page:
    page, count, start = page_bounds(len(sources), page, per_page)
    blocks = [source_markdown(s) for s in sources[start : start + per_page]]
    if not sources:
        blocks = ["These articles are no longer in the facts."]
    footer = f"{len(sources)} article{'s' if len(sources) != 1 else ''}"
    if count > 1:
        footer = f"Page {page + 1} of {count} · " + footer
    if version:
        footer += f" · facts version {version}"
    heading = f"Sources: {inert(label(title, 200))}"
    return Page(pack_blocks(blocks, title=heading, footer=footer, colour=COLOUR_INFO), page, count)


def discrepancies_page(
    discrepancies: Sequence[DiscrepancyView], *, page: int = 0, per_page: int = 4, version: str = ""
) -> Page:
    page, count, start = page_bounds(len(discrepancies), page, per_page)
    blocks = [
        block_markdown(discrepancy_block(d, excerpts=True))
        for d in discrepancies[start : start + per_page]
    ]
    if not discrepancies:
        blocks = ["The articles in the facts agree: no differing versions are recorded."]
    footer = f"{len(discrepancies)} point{'s' if len(discrepancies) != 1 else ''} told differently"
    if count > 1:
        footer = f"Page {page + 1} of {count} · " + footer
    if version:
        footer += f" · facts version {version}"
    return Page(
        pack_blocks(blocks, title="Where the outlets differ", footer=footer, colour=COLOUR_INFO),
        page,
        count,
    )


def claim_embeds(
    claim: ClaimView,
    discrepancies: Sequence[DiscrepancyView] = (),
    *,
    labels: Mapping[str, str] | None = None,
    version: str = "",
) -> list[discord.Embed]:
    """One fact's full account (``/claim``): every quote, each article's own words and chain of
    credit, every version where the articles differ."""
    blocks = layout_parts(
        [fact_block(claim, listed=False, full=True)]
        + [discrepancy_block(d, excerpts=True) for d in discrepancies]
    )
    articles = tuple(dict.fromkeys(a.article for a in claim.attributions))
    fallback = {
        a.article: article_label(a.outlet, a.outlet_known, None) for a in claim.attributions
    }
    footer = article_footer(articles, {**fallback, **(labels or {})}, version)
    return pack_blocks(blocks, title="What the reporting says", footer=footer, colour=COLOUR_ANSWER)


HELP_COMMANDS = (
    ("/ask question:", "ask about the reporting; the answer names who reported it"),
    ("/quote speaker: topic:", "what someone said, optionally on a topic"),
    ("/quotes speaker:", "every quote by someone, a page at a time"),
    ("/claim claim:", "one fact's full provenance: each article's words and credits"),
    ("/discrepancies", "the points the articles tell differently"),
    ("/sources", "the outlets and articles behind the facts"),
    ("/forget", "delete the questions you asked from the bot's log"),
    ("/reload", "re-read the fact files (the bot's operators only)"),
)


def help_embeds(pack_title: str, version: str, *, answers_channels: bool) -> list[discord.Embed]:
    ways = "Mention me with a question, or send me a direct message"
    ways += ", or just ask in the channels set up for it." if answers_channels else "."
    commands = "\n".join(f"`{name}` — {what}" for name, what in HELP_COMMANDS)
    blocks = [
        f"I answer questions about **{inert(label(pack_title, 200))}** from a curated set of "
        "facts, never from guesswork. Every answer says who said it, which outlet reported it "
        "and whom that outlet credits; where outlets disagree you see each version.",
        ways,
        commands,
        "When the facts don't answer something I say so and suggest what I can answer.",
    ]
    return pack_blocks(
        blocks, title="reportbot", footer=f"facts version {version}", colour=COLOUR_INFO
    )


MAX_ERROR_LINES = 40


def _error_lines(errors: Sequence[PackError]) -> str:
    shown = [truncate(str(e).replace("```", "ʼʼʼ"), 300) for e in errors[:MAX_ERROR_LINES]]
    body = "\n".join(shown)
    body = truncate(body, 3300)
    hidden = len(errors) - body.count("\n") - 1
    text = f"```\n{body}\n```"
    if hidden > 0:
        text += f"\n… and {hidden} more; `reportbot validate` lists them all."
    return text


def _ids(ids: Sequence[str]) -> str:
    if not ids:
        return ""
    shown = ", ".join(f"`{label(i, 60).replace('`', '')}`" for i in ids[:10])
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return f": {shown}{more}"


def reload_embeds(result: ReloadResult) -> list[discord.Embed]:
    """What a reload changed, or every problem that kept the old facts serving."""
    if not result.ok:
        count = len(result.errors)
        blocks = [
            f"The old facts (version {inert(label(result.version, 60))}) are still serving. "
            f"{count} problem{'s' if count != 1 else ''} to fix:",
            _error_lines(result.errors),
        ]
        return pack_blocks(blocks, title="Reload refused", colour=COLOUR_REFUSED)
    diff = result.diff
    blocks = []
    if diff is None or diff.empty:
        blocks.append("No change to claims, quotes or discrepancies.")
    else:
        for noun, changes in (
            ("Claims", diff.claims),
            ("Quotes", diff.quotes),
            ("Discrepancies", diff.discrepancies),
        ):
            lines = [f"**{noun}**"]
            for verb, ids in (
                ("added", changes.added),
                ("removed", changes.removed),
                ("changed", changes.changed),
            ):
                lines.append(f"{len(ids)} {verb}{_ids(ids)}")
            blocks.append("\n".join(lines))
    if diff is not None and diff.others:
        blocks.append(f"Also changed: {', '.join(diff.others)}.")
    old = diff.old_version if diff else result.version
    title = f"Facts reloaded: version {label(result.version, 60)}"
    footer = f"was version {old} · took {result.seconds:.2f} s"
    return pack_blocks(blocks, title=title, footer=footer, colour=COLOUR_OK)


UNANSWERED_QUESTION_CAP = 300


def unanswered_embeds(
    rows: Sequence[UnansweredQuestion], *, days: int | None = None
) -> list[discord.Embed]:
    """``/unanswered``: declined questions, most frequent first, each shown literally."""
    scope = f" in the last {days} day{'s' if days != 1 else ''}" if days else ""
    if not rows:
        return pack_blocks(
            [f"No declined questions{scope} in this server. Nothing to add for now."],
            title="Unanswered questions",
            colour=COLOUR_INFO,
        )
    lines = [
        f"**{row.count}×** {inert(label(row.example, UNANSWERED_QUESTION_CAP))} "
        f"· last asked {row.last_seen:%Y-%m-%d %H:%M} UTC"
        for row in rows
    ]
    blocks = [
        f"The questions the facts could not answer{scope}, most frequent first "
        "(alike wordings counted together). Add facts that answer them, then /reload.",
        *lines,
    ]
    return pack_blocks(
        blocks,
        title="Unanswered questions",
        footer="reportbot report gives the same list on the server",
        colour=COLOUR_INFO,
    )
