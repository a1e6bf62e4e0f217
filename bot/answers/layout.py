"""An answer laid out as a person reads it: the point first, each quote once, who reported it.

One layout serves every front end, so that they all say the same thing: :mod:`bot.answers.text`
joins its lines as plain text (the terminal and the JSON ``answer``), :mod:`bot.terminal` wraps
and colours them, :mod:`bot.discord.embeds` turns them into markdown. A line says what it is (its
role), never how it looks.

The short form is what an answer shows: one or two sentences that answer, the supporting quotes
with a short attribution, one "Reported by" line per fact, and every point the outlets tell
differently. The full form (``full=True``) is what "More" opens: every quote of every fact, and
each article's own words with its own chain of credit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot import thresholds
from bot.answers.catalog import SourceView
from bot.answers.model import (
    Answer,
    Attribution,
    ClaimView,
    DiscrepancyView,
    PersonView,
    QuoteCarrier,
    QuoteView,
)
from bot.knowledge.verbatim import words

Role = Literal[
    "heading",  # what follows: "What Jeff Sessions said, as the reporting tells it:"
    "lead",  # the sentence(s) that answer
    "fact",  # one fact of several, as a list item
    "quote",  # the quoted words
    "said",  # who said them, to whom, where, when
    "variant",  # how another outlet tells the same quote
    "credit",  # "Reported by …"
    "excerpt",  # an article's own words (full form)
    "differ",  # "The articles differ on …:"
    "version",  # one outlet's version
    "source",  # one article: outlet, headline, whom it credits
    "option",  # a numbered suggestion
    "note",  # an aside: more facts, how a follow-up was taken
]

# An article whose outlet the pack does not know, as a credit names it.
UNNAMED_ARTICLE = "an article whose outlet is not named"
QUOTES_SHOWN = 2  # quotes under a lone fact in the short form; "More" shows every one
LISTED_QUOTES = 1  # quotes under each fact of a list in the short form
_YES_NO_LEAD = "The reporting says"
# First words a sentence can lose its capital after "The reporting says …"; names keep theirs.
_COMMON_OPENERS = frozenset(
    "a an the some one both in on at after before soon while when it its there this that per "
    "according former top several five three".split()
)
_WH_WORDS = frozenset("who whom whose what when where which whether how why".split())


@dataclass(frozen=True, slots=True)
class Brevity:
    """How much a short form leaves to "More", for a front end with little room (Discord).

    The default leaves out only what the short form always does; :data:`BREVITY_STEPS` go
    further, one step at a time, and the front end takes the first that fits its room.
    """

    quote_chars: int | None = None  # a longer quote is cut at a sentence or word, with "…"
    lone_quotes: int = QUOTES_SHOWN  # quotes under a fact answered alone
    listed_quotes: int = LISTED_QUOTES  # quotes under each fact of a list
    version_chars: int | None = None  # a longer version is cut, with "…"
    chain: int | None = None  # steps of a chain of credit named ("citing The New York Times")
    headline_chars: int | None = None  # a longer headline is cut, with "…"
    facts: int | None = None  # facts shown; the rest are counted
    versions: bool = True  # each outlet's version, or only what they differ on (see below)
    speaker_quotes: bool = True  # a speaker's answer keeps a quote under each fact
    first_versions: bool = True  # a lone fact keeps the versions of its first difference

    @property
    def drops(self) -> bool:
        """Whether whole parts go (a lone fact's quote, a fact, versions, a step of a chain),
        not only words trimmed from long ones."""
        return (
            self.lone_quotes == 0
            or self.chain is not None
            or self.facts is not None
            or not self.versions
            or not self.speaker_quotes
            or not self.first_versions
        )


def _steps() -> tuple[Brevity, ...]:
    changes: list[dict[str, object]] = [
        {},
        {"quote_chars": 160},
        {"lone_quotes": 1, "listed_quotes": 0},
        {"version_chars": 100, "headline_chars": 80},
        {"quote_chars": 100},
        {"facts": 2},
        {"versions": False},
        {"speaker_quotes": False},
        {"facts": 1},
        {"facts": 0},  # a person's card or a lead alone: who they are answers "who is"
        {"first_versions": False},  # the heading still says the articles differ, and on what
        {"lone_quotes": 0},  # the statement says what the quote supports; More has it
        {"chain": 1},  # last: whom each outlet credits is what a reader most needs
    ]
    steps, fields = [], {}
    for change in changes:  # each step keeps what the ones before it left out
        fields.update(change)
        steps.append(Brevity(**fields))  # type: ignore[arg-type]
    return tuple(steps)


BREVITY_STEPS = _steps()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of an answer. ``label`` is the part to stress (a name, "Reported by")."""

    role: Role
    text: str
    label: str = ""
    mark: str = ""  # what the line starts with: "•", "1.", "—"
    depth: int = 0  # how far it is indented: 1 under a fact, 2 under a quote

    @property
    def body(self) -> str:
        """Label and text, without mark or indentation."""
        if not self.label:
            return self.text
        if not self.text or self.text[0] in ",.;:":
            return self.label + self.text
        return f"{self.label} {self.text}"

    @property
    def plain(self) -> str:
        return f"{self.mark} {self.body}" if self.mark else self.body


Block = tuple[Line, ...]  # lines read together; blocks are set apart by a blank line


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C" """
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _article_name(outlet: str, known: bool) -> str:
    return outlet if known else UNNAMED_ARTICLE


def credit_text(attributions: Sequence[Attribution], *, chain: int | None = None) -> str:
    """Who reported a fact and whom they credit, articles with the same chain together:
    "Business Insider and an article whose outlet is not named, both citing The New York
    Times". ``chain`` names only that many steps of each chain (the rest is in "More")."""
    groups: dict[tuple[str, ...], list[str]] = {}
    # Outlets a reader knows first; an article whose outlet is not named after them.
    for attribution in sorted(attributions, key=lambda a: not a.outlet_known):
        via = attribution.via[:chain] if chain is not None else attribution.via
        names = groups.setdefault(via, [])
        name = _article_name(attribution.outlet, attribution.outlet_known)
        if name not in names:
            names.append(name)
    parts = []
    for via, names in groups.items():
        part = _join(names)
        if via:
            together = "both " if len(names) == 2 else "all " if len(names) > 2 else ""
            part += f", {together}citing " + ", citing ".join(via)
        parts.append(part)
    return "; also by ".join(parts)


def credit_line(
    attributions: Sequence[Attribution], *, depth: int = 0, chain: int | None = None
) -> Line:
    text = credit_text(attributions, chain=chain) + "."
    return Line("credit", text, label="Reported by", depth=depth)


# --- quotes --------------------------------------------------------------------------------


def _contains(outer: str, inner: str) -> bool:
    """Whether ``inner``'s words run, in order, inside ``outer``'s (typography ignored)."""
    needle = words(inner)
    return bool(needle) and f" {needle} " in f" {words(outer)} "


def circumstances(to: str | None, setting: str | None, when: str | None) -> str:
    """ "to the prosecutors, on a call, May 2018" (empty when the reporting gives none)."""
    parts = [f"to {to}"] if to else []
    parts += [part for part in (setting, when) if part]
    return ", ".join(parts)


def variant_text(quote: QuoteView, carrier: QuoteCarrier) -> str | None:
    """How one article tells the quote differently, in one short clause; None when it does not.

    Words are compared through the verbatim check's typography-blind normaliser, so "DOJ." and
    "DOJ" are the same wording; an article that quotes only part of the words adds none. A
    recipient an article leaves out is said (the Justice Department told the Times, one article
    says; the other names no one); a setting or a date it leaves out is not.
    """
    parts = []
    if not _contains(quote.text, carrier.text):
        parts.append(f"“{carrier.text}”")
    if carrier.speaker != quote.speaker:
        parts.append(f"said by {carrier.speaker}")
    if words(carrier.to or "") != words(quote.to or ""):
        parts.append(f"to {carrier.to}" if carrier.to else "to no one named")
    for own, shown in ((carrier.setting, quote.setting), (carrier.when, quote.when)):
        if own and words(own) != words(shown or ""):
            parts.append(own)
    return ", ".join(parts) if parts else None


def shortened(text: str, limit: int | None) -> str:
    """Text cut where a sentence ends (else between words) and marked "…": what is left is
    still the words as written, in order."""
    if limit is None or len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    if end >= limit // 3:
        return head[: end + 1] + " …"
    return head[: head.rfind(" ")].rstrip(",;:") + " …" if " " in head else head + "…"


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def quoted_part(text: str, limit: int | None, about: str = "") -> str:
    """A long quote cut to the sentence that bears most on ``about`` (the fact it supports),
    marked "…" where words were left out before or after."""
    if limit is None or len(text) <= limit:
        return text
    sentences = _SENTENCE_END.split(text)
    wanted = {w for w in words(about).split() if len(w) > 3}
    best = max(
        range(len(sentences)),
        key=lambda i: (len(wanted & set(words(sentences[i]).split())), -i),
    )
    part = shortened(sentences[best], limit)
    if best > 0:
        part = "… " + part
    if best < len(sentences) - 1 and not part.endswith("…"):
        part += " …"
    return part


def quote_lines(
    quote: QuoteView, *, depth: int = 1, limit: int | None = None, about: str = ""
) -> list[Line]:
    """The words once, who said them (to whom, where, when), then one line per article that
    tells them differently. A ``limit`` keeps the part that bears most on ``about``."""
    said = circumstances(quote.to, quote.setting, quote.when)
    lines = [
        Line("quote", f"“{quoted_part(quote.text, limit, about)}”", depth=depth),
        Line("said", f", {said}" if said else "", label=quote.speaker, mark="—", depth=depth),
    ]
    seen: set[tuple[str, str]] = set()
    for carrier in quote.carriers:
        clause = variant_text(quote, carrier)
        if clause and (carrier.outlet, clause) not in seen:
            seen.add((carrier.outlet, clause))
            lines.append(
                Line("variant", f": {clause}.", label=capital(carrier.outlet), depth=depth + 1)
            )
    return lines


def _quotes_worth_showing(claim: ClaimView) -> list[QuoteView]:
    """A quote whose words the statement already carries, told alike everywhere, adds nothing."""
    return [
        q
        for q in claim.quotes
        if not (
            _contains(claim.statement, q.text) and not any(variant_text(q, c) for c in q.carriers)
        )
    ]


# --- facts ---------------------------------------------------------------------------------


def yes_no_lead(statement: str) -> str:
    """ "The reporting says Sessions did not take part: …" rather than a "yes" or "no" the
    facts may not bear out."""
    first = statement.split(" ", 1)[0]
    if first.casefold() in _COMMON_OPENERS:
        statement = statement[:1].lower() + statement[1:]
    return f"{_YES_NO_LEAD} {statement}"


def _differ_heading(topic: str, *, versions: bool = True) -> Line:
    end = ":" if versions else " (each version under More)."
    first = topic.split(" ", 1)[0].casefold()
    if first in _WH_WORDS:
        return Line(
            "differ", f"on {topic[:1].lower() + topic[1:]}{end}", label="The articles differ"
        )
    return Line("differ", f"({topic}){end}", label="The articles put it differently")


def discrepancy_block(
    discrepancy: DiscrepancyView, *, excerpts: bool = False, brevity: Brevity = Brevity()
) -> Block:
    """Each version with its outlet; reportbot never picks one. A brief form may shorten the
    versions, or name only what the articles differ on (the versions one "More" away)."""
    if not brevity.versions:
        return (_differ_heading(discrepancy.topic, versions=False),)
    lines = [_differ_heading(discrepancy.topic)]
    for version in discrepancy.versions:
        statement = shortened(version.statement, brevity.version_chars)
        name = capital(version.outlet) + ":"
        lines.append(Line("version", statement, label=name, mark="•", depth=1))
        if excerpts and version.excerpt:
            lines.append(Line("excerpt", _quoted(version.excerpt), depth=2))
    return tuple(lines)


def _quoted(excerpt: str) -> str:
    """An article's words in quotation marks, unless they open with their own."""
    return excerpt if excerpt[:1] in "\"“'‘" else f"“{excerpt}”"


def _provenance(claim: ClaimView, depth: int) -> list[Line]:
    """Full form: each article's own words and its own chain of credit."""
    lines = []
    for attribution in sorted(claim.attributions, key=lambda a: not a.outlet_known):
        name = capital(_article_name(attribution.outlet, attribution.outlet_known))
        credit = ", citing " + ", citing ".join(attribution.via) if attribution.via else ""
        lines.append(Line("credit", f"{credit}:", label=name, mark="•", depth=depth))
        if attribution.excerpt:
            lines.append(Line("excerpt", _quoted(attribution.excerpt), depth=depth + 1))
    return lines


def fact_block(
    claim: ClaimView,
    *,
    listed: bool,
    full: bool = False,
    lead: str | None = None,
    brevity: Brevity = Brevity(),
    credit: bool = True,
) -> Block:
    """A fact: its statement, its quotes, who reported it (unless ``credit`` is false: a list
    whose facts share one credit says it once). ``listed`` makes it a list item."""
    depth = 1 if listed else 0
    statement = lead or claim.statement
    lines = [
        Line("fact", statement, mark="•") if listed else Line("lead", statement),
    ]
    quotes = claim.quotes if full else _quotes_worth_showing(claim)
    limit = len(quotes) if full else (brevity.listed_quotes if listed else brevity.lone_quotes)
    for quote in quotes[:limit]:
        lines += quote_lines(
            quote,
            depth=depth + 1 if listed else 1,
            limit=brevity.quote_chars,
            about=claim.statement,
        )
    if full:
        lines.append(Line("heading", "Reported by:", depth=depth))
        lines += _provenance(claim, depth + 1)
    elif credit:
        lines.append(credit_line(claim.attributions, depth=depth, chain=brevity.chain))
    return tuple(lines)


def source_line(
    source: SourceView, *, summary: bool = False, headline_chars: int | None = None
) -> Line:
    name = capital(_article_name(source.outlet, source.outlet_known))
    headline = shortened(source.headline, headline_chars) if source.headline else None
    text = f"“{headline}”" if headline else "no headline given"
    if source.byline:
        text += f", by {source.byline}"
    if source.credits:
        text += f", citing {source.credits[0]}"
    text += "."
    if summary and source.summary:
        text += f" {source.summary}"
    return Line("source", text, label=f"{name}:", mark="•")


def person_lead(person: PersonView) -> tuple[str, str]:
    """ "Alexa Vance", "— Justice Department spokeswoman. The spokeswoman who …" """
    about = f"— {person.role}." if person.role else ""
    if person.description:
        about = f"{about} {person.description}".strip()
    return person.name, about


def _bearing_on(
    discrepancies: Sequence[DiscrepancyView], shown: Sequence[ClaimView]
) -> list[DiscrepancyView]:
    """The points told differently that bear on the facts shown (all, when all are shown)."""
    ids = {claim.id for claim in shown}
    return [d for d in discrepancies if not d.claims or ids.intersection(d.claims)]


def _all_or_bearing(answer: Answer, shown: Sequence[ClaimView]) -> Sequence[DiscrepancyView]:
    if len(shown) == len(answer.claims):
        return answer.discrepancies
    return _bearing_on(answer.discrepancies, shown)


def answer_layout(
    answer: Answer, *, full: bool = False, brevity: Brevity = Brevity()
) -> list[Block]:
    """What an answer says, in reading order; a decline when ``answer`` is one."""
    if not answer.answered:
        return decline_layout(answer)
    if full:
        brevity = Brevity()
    blocks: list[Block] = []
    if answer.kind == "person" and answer.person is not None:
        name, about = person_lead(answer.person)
        blocks.append((Line("lead", about, label=name),))
    if answer.kind == "quotes" and answer.person is not None:
        heading = f"What {answer.person.in_sentence} said, as the reporting tells it:"
        blocks.append((Line("heading", heading),))
    if answer.lead:
        blocks.append((Line("lead", answer.lead),))
    if answer.steps:
        blocks.append(tuple(Line("fact", s, mark=f"{n}.") for n, s in enumerate(answer.steps, 1)))
    if answer.understood_as:
        blocks.append((Line("note", f"(Taken as: {answer.understood_as})"),))
    if answer.sources:
        heading = "Reported by:" if answer.kind == "sources" else "From these articles:"
        one = len(answer.sources) == 1  # "summarize the X article": its summary is the point
        sources = [
            source_line(s, summary=full or one, headline_chars=brevity.headline_chars)
            for s in answer.sources
        ]
        blocks.append((Line("heading", heading), *sources))
    claims = answer.claims
    shown = claims
    lone = len(claims) == 1 and answer.kind == "facts"
    if lone:
        lead = yes_no_lead(claims[0].statement) if answer.yes_no else None
        blocks.append(fact_block(claims[0], listed=False, full=full, lead=lead, brevity=brevity))
    else:
        if claims and answer.yes_no and answer.kind == "facts":
            blocks.append((Line("heading", f"{_YES_NO_LEAD}:"),))
        room = brevity.facts
        if room == 0 and answer.kind != "person" and not answer.lead:
            room = 1  # only a person's card, or a lead (what a document holds), answers alone
        shown = claims[:room] if room is not None else claims
        if answer.kind == "quotes" and brevity.speaker_quotes:  # their words are the answer
            brevity = replace(brevity, listed_quotes=brevity.lone_quotes)
        credits = {credit_text(c.attributions, chain=brevity.chain) for c in shown}
        shared = not full and len(shown) > 1 and len(credits) == 1
        blocks += [
            fact_block(c, listed=True, full=full, brevity=brevity, credit=not shared) for c in shown
        ]
        if shared:  # one "Reported by" for facts that all come from the same reports
            blocks.append((credit_line(shown[0].attributions, chain=brevity.chain),))
        if len(shown) < len(claims):
            hidden = len(claims) - len(shown)
            blocks.append(
                (Line("note", f"({hidden} more fact{'s' if hidden != 1 else ''} under More.)"),)
            )
    for number, discrepancy in enumerate(_all_or_bearing(answer, shown)):
        # A lone fact always shows how each outlet tells its first point of difference: that
        # is often the answer itself.
        first = lone and number == 0 and brevity.first_versions
        # Where the outlets differ, asked as such: the versions are the answer.
        asked = answer.kind == "differences"
        told = replace(brevity, versions=True) if first or asked else brevity
        blocks.append(discrepancy_block(discrepancy, excerpts=full, brevity=told))
    if answer.more:
        more = f"({answer.more} more on this in the reporting; ask about one of them.)"
        if answer.kind == "differences":
            points = f"{answer.more} more point{'s' if answer.more != 1 else ''}"
            more = f"({points} told differently; ask about one of them.)"
        blocks.append((Line("note", more),))
    return blocks


def quotes_layout(speaker: str, topic: str | None, quotes: Sequence[QuoteView]) -> list[Block]:
    """A speaker's quotes (``reportbot quote``, ``/quote``), each with who reported it."""
    about = f" on “{topic}”" if topic else ""
    if not quotes:
        return [(Line("lead", f"No quotes from {speaker}{about} in the reporting."),)]
    count = f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''}"
    return [(Line("heading", f"{count} from {speaker}{about}:"),), *map(quote_entry, quotes)]


def quote_entry(quote: QuoteView) -> Block:
    """A quote standing alone in a list of quotes: the words, who said them, who reported it."""
    reported = [Attribution(c.article, c.outlet, c.outlet_known, c.via, "") for c in quote.carriers]
    return (*quote_lines(quote, depth=0), credit_line(reported))


# --- declines ------------------------------------------------------------------------------


def _options(suggestions: Sequence[str]) -> list[Line]:
    return [Line("option", s, mark=f"{n}.", depth=1) for n, s in enumerate(suggestions, 1)]


def decline_layout(answer: Answer) -> list[Block]:
    """An honest decline: why, in a sentence, then questions the facts do answer."""
    outcome = answer.outcome
    if outcome == "choice":
        head = "That could mean more than one point in the reporting. Did you mean:"
        return [(Line("lead", head), *_options(answer.suggestions))]
    if outcome == "empty":
        head = "Ask me a question about the reporting, for example: what did Sessions say?"
        return [(Line("lead", head),)]
    if outcome == "too_long":
        head = (
            f"That question is too long ({len(answer.question):,} characters; the limit is "
            f"{thresholds.MAX_QUESTION_CHARS}). Ask about one thing at a time."
        )
        return [(Line("lead", head),)]
    if outcome in ("help", "opinion", "unknown_name"):
        head, offer = answer.note or "", "You could ask:"
    elif outcome == "gap":
        head = f"The articles don't report that. {answer.note}"
        if answer.note and answer.note.startswith("The reporting does not"):
            head = answer.note
        offer = "You could ask:"
    elif outcome == "no_match" and answer.note:
        # the nearest fact is on the subject but lacks what was asked ("does not say when")
        head, offer = answer.note, "You could ask:"
    elif outcome == "ambiguous":
        head = "That could match more than one point in the reporting, so I won't guess."
        offer = "You could ask:"
    else:
        head, offer = (
            "I can't find that in the reporting, so I won't guess.",
            ("The reporting does cover, for example:"),
        )
    lines = [Line("lead", head)]
    if answer.suggestions:
        lines += [Line("heading", offer), *_options(answer.suggestions)]
    return [tuple(lines)]
