"""An answer written out for a person reading a terminal (and the JSON ``answer`` field)."""

from __future__ import annotations

from bot.answers.catalog import SourceView
from bot.answers.compose import MAX_QUESTION_CHARS
from bot.answers.model import Answer, ClaimView, DiscrepancyView, QuoteView


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def reported_by(claim: ClaimView) -> str:
    credits = [a.credit for a in claim.attributions]
    line = f"Reported by {credits[0]}"
    if len(credits) > 1:
        line += "; also by " + "; and by ".join(credits[1:])
    return line + "."


def quote_lines(quote: QuoteView) -> list[str]:
    said = f"“{quote.text}” — {quote.speaker}"
    if quote.circumstances:
        said += f", {quote.circumstances}"
    lines = [said]
    for carrier in quote.carriers:
        if carrier.text != quote.text or carrier.speaker != quote.speaker:
            lines.append(f"  ({carrier.outlet} has it as: “{carrier.text}” — {carrier.speaker})")
    return lines


def discrepancy_lines(discrepancy: DiscrepancyView) -> list[str]:
    lines = [f"The articles put it differently ({discrepancy.topic}):"]
    lines += [f"  • {_capital(v.outlet)}: {v.statement}" for v in discrepancy.versions]
    return lines


def suggestion_lines(answer: Answer) -> list[str]:
    if not answer.suggestions:
        return []
    return ["You could ask:", *(f"  • {s}" for s in answer.suggestions)]


def decline_text(answer: Answer) -> str:
    if answer.outcome == "empty":
        return "Ask me a question about the reporting, for example: what did Sessions say?"
    if answer.outcome == "too_long":
        return (
            f"That question is too long ({len(answer.question):,} characters; the limit is "
            f"{MAX_QUESTION_CHARS}). Ask about one thing at a time."
        )
    if answer.outcome == "gap":
        head = f"The articles don't report that. {answer.note}"
    elif answer.outcome == "ambiguous":
        head = "That could match more than one point in the reporting, so I won't guess."
    else:
        head = "I can't find that in the reporting, so I won't guess."
        if answer.suggestions:
            return "\n".join(
                [
                    head,
                    "The reporting does cover, for example:",
                    *(f"  • {s}" for s in answer.suggestions),
                ]
            )
    return "\n".join([head, *suggestion_lines(answer)])


def render_text(answer: Answer) -> str:
    if not answer.answered:
        return decline_text(answer)
    blocks: list[str] = []
    for claim in answer.claims:
        lines = [claim.statement]
        for quote in claim.quotes:
            lines += ["  " + line for line in quote_lines(quote)]
        lines.append(reported_by(claim))
        blocks.append("\n".join(lines))
    for discrepancy in answer.discrepancies:
        blocks.append("\n".join(discrepancy_lines(discrepancy)))
    return "\n\n".join(blocks)


def render_quotes(speaker: str, topic: str | None, quotes: list[QuoteView]) -> str:
    about = f" on “{topic}”" if topic else ""
    if not quotes:
        return f"No quotes from {speaker}{about} in the reporting."
    lines = [f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''} from {speaker}{about}:"]
    for quote in quotes:
        lines.append("")
        lines += quote_lines(quote)
        credits = "; ".join(dict.fromkeys(c.credit for c in quote.carriers))
        lines.append(f"  Reported by {credits}.")
    return "\n".join(lines)


def render_sources(title: str, sources: list[SourceView]) -> str:
    lines = [f"{title}: {len(sources)} article{'s' if len(sources) != 1 else ''}"]
    for source in sources:
        lines.append("")
        lines.append(f"• {_capital(source.outlet)} — {source.headline or '(no headline)'}")
        details = [f"{source.claims} claims", f"{source.quotes} quotes"]
        details.append(f"published {source.published or 'date not given'}")
        if source.credits:
            details.append("credits " + ", ".join(source.credits))
        lines.append("  " + "; ".join(details))
        if source.url:
            lines.append(f"  {source.url}")
    return "\n".join(lines)
