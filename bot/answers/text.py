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
    """Numbered, so that a console user can answer with the number."""
    if not answer.suggestions:
        return []
    return ["You could ask:", *(f"  {n}. {s}" for n, s in enumerate(answer.suggestions, 1))]


def decline_text(answer: Answer) -> str:
    if answer.outcome == "help":
        return "\n".join([answer.note or "", *suggestion_lines(answer)])
    if answer.outcome in ("opinion", "unknown_name"):
        return "\n".join([answer.note or "", *suggestion_lines(answer)])
    if answer.outcome == "choice":
        numbered = [f"  {n}. {s}" for n, s in enumerate(answer.suggestions, 1)]
        return "\n".join(
            ["That could mean more than one point in the reporting. Did you mean:", *numbered]
        )
    if answer.outcome == "empty":
        return "Ask me a question about the reporting, for example: what did Sessions say?"
    if answer.outcome == "too_long":
        return (
            f"That question is too long ({len(answer.question):,} characters; the limit is "
            f"{MAX_QUESTION_CHARS}). Ask about one thing at a time."
        )
    if answer.outcome == "gap":
        head = f"The articles don't report that. {answer.note}"
        if answer.note and answer.note.startswith("The reporting does not"):
            head = answer.note
    elif answer.outcome == "ambiguous":
        head = "That could match more than one point in the reporting, so I won't guess."
    else:
        head = "I can't find that in the reporting, so I won't guess."
        if answer.suggestions:
            return "\n".join(
                [
                    head,
                    "The reporting does cover, for example:",
                    *(f"  {n}. {s}" for n, s in enumerate(answer.suggestions, 1)),
                ]
            )
    return "\n".join([head, *suggestion_lines(answer)])


def person_line(answer: Answer) -> str | None:
    person = answer.person
    if person is None:
        return None
    line = person.name
    if person.role:
        line += f" — {person.role}"
    line += "."
    if person.description:
        line += f" {person.description}"
    return line


def source_line(source: SourceView) -> str:
    headline = f"“{source.headline}”" if source.headline else "no headline given"
    line = f"• {_capital(source.outlet)}: {headline}"
    if source.credits:
        line += f", citing {source.credits[0]}"
    if source.summary:
        line += f". {source.summary}"
    return line


def render_text(answer: Answer) -> str:
    if not answer.answered:
        return decline_text(answer)
    blocks: list[str] = []
    if answer.kind == "person" and (line := person_line(answer)):
        blocks.append(line)
    if answer.kind == "quotes" and answer.person is not None:
        blocks.append(f"What {answer.person.name} said, as the reporting quotes it:")
    if answer.lead:
        blocks.append(answer.lead)
    if answer.understood_as:
        blocks.append(f"(Taken as: {answer.understood_as})")
    if answer.sources:
        heading = "Reported by:" if answer.kind == "sources" else "From these articles:"
        blocks.append("\n".join([heading, *(source_line(s) for s in answer.sources)]))
    for claim in answer.claims:
        lines = [claim.statement]
        for quote in claim.quotes:
            lines += ["  " + line for line in quote_lines(quote)]
        lines.append(reported_by(claim))
        blocks.append("\n".join(lines))
    for discrepancy in answer.discrepancies:
        blocks.append("\n".join(discrepancy_lines(discrepancy)))
    if answer.more:
        blocks.append(f"({answer.more} more on this in the reporting; ask about one of them.)")
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
