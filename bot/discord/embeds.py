"""Answers and lookups as Discord embeds that read top to bottom on a phone.

Pure functions: core views in, ``discord.Embed`` lists out, no network. Every builder goes
through :func:`bot.discord.limits.pack_blocks`, so whatever the facts hold (a 10,000-character
statement, fifty quotes, a name made of emoji) the result fits one Discord message; parts that
do not fit are trimmed or left out *with a note saying so*. All text from the pack or from a user
is made inert (:mod:`bot.discord.escaping`) before it is wrapped in our own markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import discord

from bot.answers.catalog import SourceView
from bot.answers.model import Answer, ClaimView, DiscrepancyView, QuoteView
from bot.answers.text import decline_text, person_line, render_text, source_line
from bot.discord.escaping import inert, quote_block
from bot.discord.limits import CONTENT, label, pack_blocks, truncate
from bot.knowledge.errors import PackError
from bot.querylog.model import UnansweredQuestion
from bot.store import ReloadResult

COLOUR_ANSWER = 0x2B6CB0
COLOUR_DECLINE = 0x718096
COLOUR_INFO = 0x4A5568
COLOUR_OK = 0x2F855A
COLOUR_REFUSED = 0xC53030

# Caps per part, so one huge part cannot crowd out the rest of an answer.
STATEMENT_CAP = 1500
QUOTE_CAP = 600
NAME_CAP = 120
CREDIT_CAP = 700
EXCERPT_CAP = 500
QUOTES_PER_CLAIM = 3  # in an answer; /claim and /quotes show them all


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _speaker_line(quote: QuoteView) -> str:
    said = f"— **{inert(label(quote.speaker, NAME_CAP))}**"
    if quote.circumstances:
        said += ", " + inert(truncate(quote.circumstances, 200))
    return said


def quote_markdown(quote: QuoteView, *, credit: bool = False) -> str:
    """The quote as a block quote with its speaker; each carrier's differing wording after."""
    lines = [
        quote_block(f"“{inert(truncate(quote.text, QUOTE_CAP))}”"),
        "> " + _speaker_line(quote),
    ]
    for carrier in quote.carriers:
        if carrier.text != quote.text or carrier.speaker != quote.speaker:
            lines.append(
                f"> *{inert(label(carrier.outlet, NAME_CAP))} has it as:* "
                f"“{inert(truncate(carrier.text, QUOTE_CAP // 2))}” — "
                f"{inert(label(carrier.speaker, NAME_CAP))}"
            )
    if credit and quote.carriers:
        credits = "; ".join(dict.fromkeys(c.credit for c in quote.carriers))
        lines.append(f"**Reported by** {inert(truncate(credits, CREDIT_CAP))}.")
    return "\n".join(lines)


def reported_by_markdown(claim: ClaimView) -> str:
    """ "**Reported by** Business Insider, citing The New York Times; also by …" """
    credits = [a.credit for a in claim.attributions]
    if not credits:
        return ""
    line = credits[0]
    if len(credits) > 1:
        line += "; also by " + "; and by ".join(credits[1:])
    return f"**Reported by** {inert(truncate(line, CREDIT_CAP))}."


def claim_markdown(claim: ClaimView, *, quotes: int = QUOTES_PER_CLAIM) -> str:
    """A claim as an answer: the statement, its quotes, then who reported it."""
    parts = [inert(truncate(claim.statement, STATEMENT_CAP))]
    # A blank line between quotes, or Discord runs consecutive block quotes together.
    shown = "\n\n".join(quote_markdown(quote) for quote in claim.quotes[:quotes])
    if shown:
        parts.append(shown)
    hidden = len(claim.quotes) - quotes
    if hidden > 0:
        parts.append(
            f"*… and {hidden} more quote{'s' if hidden != 1 else ''}: "
            f"`/claim` {inert(label(claim.id, 80))}*"
        )
    reported = reported_by_markdown(claim)
    if reported:
        parts.append(reported)
    return "\n".join(parts)


def discrepancy_markdown(discrepancy: DiscrepancyView, *, excerpts: bool = False) -> str:
    """Each version side by side with its outlet; reportbot never picks a winner."""
    lines = [f"**The articles put it differently** — {inert(label(discrepancy.topic, 200))}"]
    for version in discrepancy.versions:
        lines.append(
            f"• **{inert(_capital(label(version.outlet, NAME_CAP)))}:** "
            f"{inert(truncate(version.statement, STATEMENT_CAP // 3))}"
        )
        if excerpts and version.excerpt:
            lines.append(quote_block(f"“{inert(truncate(version.excerpt, EXCERPT_CAP))}”"))
    return "\n".join(lines)


def _question_title(answer: Answer) -> str | None:
    if answer.outcome in ("empty", "too_long"):
        return None
    return inert(label(answer.question, 200)) or None


def article_footer(
    articles: Sequence[str], labels: Mapping[str, str], version: str, *, prefix: str = ""
) -> str:
    """ "From: Business Insider: “Headline” · an unnamed outlet (a000) · facts version 3" """
    names = [label(labels.get(a, a), 90) for a in articles]
    parts = [prefix] if prefix else []
    if names:
        parts.append("From: " + "; ".join(names))
    if version:
        parts.append(f"facts version {version}")
    return " · ".join(parts)


def answer_labels(answer: Answer) -> dict[str, str]:
    """Fallback article labels from the answer alone: the outlet and the article id."""
    labels: dict[str, str] = {}
    for claim in answer.claims:
        for attribution in claim.attributions:
            labels.setdefault(attribution.article, f"{attribution.outlet} ({attribution.article})")
    for discrepancy in answer.discrepancies:
        for version in discrepancy.versions:
            labels.setdefault(version.article, f"{version.outlet} ({version.article})")
    return labels


def answer_embeds(
    answer: Answer, *, labels: Mapping[str, str] | None = None, title: str | None = None
) -> list[discord.Embed]:
    """An answer (claims, quotes, credits, differing versions) or an honest decline."""
    heading = title if title is not None else _question_title(answer)
    if not answer.answered:
        text = inert(decline_text(answer))
        if answer.suggestions:
            text += "\n*Tap one below to ask it.*"
        return pack_blocks(
            [text],
            title=heading,
            colour=COLOUR_DECLINE,
            footer=f"facts version {answer.pack_version}" if answer.pack_version else None,
        )
    blocks = _lead_blocks(answer)
    blocks += [claim_markdown(claim) for claim in answer.claims]
    blocks += [discrepancy_markdown(d) for d in answer.discrepancies]
    if answer.more:
        blocks.append(f"*{answer.more} more on this in the reporting; ask about one of them.*")
    footer = article_footer(
        answer.articles, {**answer_labels(answer), **(labels or {})}, answer.pack_version
    )
    return pack_blocks(blocks, title=heading, footer=footer, colour=COLOUR_ANSWER)


def _lead_blocks(answer: Answer) -> list[str]:
    """What answers before the facts: who someone is, the story's summary, the articles."""
    blocks: list[str] = []
    if answer.kind == "person" and (line := person_line(answer)):
        blocks.append(inert(truncate(line, STATEMENT_CAP)))
    if answer.kind == "quotes" and answer.person is not None:
        name = inert(label(answer.person.name, NAME_CAP))
        blocks.append(f"**What {name} said**, as the reporting quotes it:")
    if answer.lead:
        blocks.append(inert(truncate(answer.lead, STATEMENT_CAP)))
    if answer.sources:
        heading = "**Reported by**" if answer.kind == "sources" else "**From these articles**"
        lines = [heading]
        lines += [inert(truncate(source_line(s), STATEMENT_CAP // 2)) for s in answer.sources]
        blocks.append("\n".join(lines))
    if answer.understood_as:
        blocks.append(f"-# Taken as: {inert(label(answer.understood_as, 200))}")
    return blocks


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
    blocks = [quote_markdown(q, credit=True) for q in quotes[start : start + per_page]]
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
    head = f"**{inert(_capital(label(source.outlet, NAME_CAP)))}**"
    head += f" — {inert(label(source.headline, 200))}" if source.headline else " — (no headline)"
    details = [f"{source.claims} claims", f"{source.quotes} quotes"]
    details.append(f"published {inert(label(source.published or 'date not given', 60))}")
    if source.credits:
        details.append("credits " + inert(truncate(", ".join(source.credits), 300)))
    lines = [head, " · ".join(details)]
    if source.url:
        lines.append(f"<{label(source.url, 300)}>")
    lines.append(f"-# article id `{label(source.article, 80).replace('`', '')}`")
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
        discrepancy_markdown(d, excerpts=True) for d in discrepancies[start : start + per_page]
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
    """One claim's full provenance: each article's words and chain of credit, quotes, versions."""
    labels = labels or {}
    blocks = [inert(truncate(claim.statement, STATEMENT_CAP))]
    for attribution in claim.attributions:
        where = inert(label(labels.get(attribution.article, attribution.article), 120))
        lines = [
            f"**{inert(_capital(label(attribution.outlet, NAME_CAP)))}** · {where}",
            f"Credit: {inert(truncate(attribution.credit, CREDIT_CAP))}",
        ]
        if attribution.excerpt:
            lines.append(quote_block(f"“{inert(truncate(attribution.excerpt, EXCERPT_CAP))}”"))
        blocks.append("\n".join(lines))
    if claim.quotes:
        blocks.append(f"**Quotes** ({len(claim.quotes)})")
        blocks += [quote_markdown(q, credit=True) for q in claim.quotes]
    blocks += [discrepancy_markdown(d, excerpts=True) for d in discrepancies]
    articles = tuple(dict.fromkeys(a.article for a in claim.attributions))
    footer = article_footer(articles, labels, version, prefix=f"claim {label(claim.id, 80)}")
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
