"""What reportbot says back, as plain data that every front end renders its own way.

An :class:`Answer` carries names already resolved for display, so the console, the JSON command
line and Discord never reach back into the pack (which a reload may have replaced meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.answers.catalog import SourceView

# answered: facts, the story, a person, quotes or the sources. Not answered: nothing close
# (no_match), a recorded gap, several different points (choice: "did you mean"), greetings and
# help (help), a request for a judgement (opinion), a name the reporting never mentions
# (unknown_name), an empty or over-long message. "ambiguous" is no longer produced; it stays a
# valid value of schema 1.
Outcome = Literal[
    "answered",
    "no_match",
    "gap",
    "choice",
    "ambiguous",
    "help",
    "opinion",
    "unknown_name",
    "empty",
    "too_long",
]
AnswerKind = Literal["facts", "story", "people", "sources", "differences", "person", "quotes"]


def credit_line(outlet: str, via: tuple[str, ...]) -> str:
    """ "Business Insider, citing The New York Times, citing the draft report" """
    return ", ".join([outlet, *(f"citing {step}" for step in via)])


@dataclass(frozen=True, slots=True)
class Attribution:
    """One article's report of a claim: its outlet, whom it credits, and its own words."""

    article: str
    outlet: str
    outlet_known: bool
    via: tuple[str, ...]
    excerpt: str

    @property
    def credit(self) -> str:
        return credit_line(self.outlet, self.via)


@dataclass(frozen=True, slots=True)
class QuoteCarrier:
    """One article carrying a quote: its own wording, speaker, chain, and its own account of
    whom the words were said to, where and when (``None``: the article does not say)."""

    article: str
    outlet: str
    text: str
    speaker: str
    via: tuple[str, ...]
    outlet_known: bool = True
    to: str | None = None
    setting: str | None = None
    when: str | None = None

    @property
    def credit(self) -> str:
        return credit_line(self.outlet, self.via)


@dataclass(frozen=True, slots=True)
class QuoteView:
    id: str
    speaker: str
    text: str
    to: str | None
    setting: str | None
    when: str | None
    carriers: tuple[QuoteCarrier, ...]

    @property
    def circumstances(self) -> str:
        """ "to the prosecutors, on a call, May 2018" or an empty string when none reported."""
        parts = []
        if self.to:
            parts.append(f"to {self.to}")
        if self.setting:
            parts.append(self.setting)
        if self.when:
            parts.append(self.when)
        return ", ".join(parts)

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(carrier.outlet for carrier in self.carriers))


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: str
    statement: str
    attributions: tuple[Attribution, ...]
    quotes: tuple[QuoteView, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.outlet for a in self.attributions))

    @property
    def via(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(step for a in self.attributions for step in a.via))


@dataclass(frozen=True, slots=True)
class VersionView:
    article: str
    outlet: str
    statement: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class DiscrepancyView:
    id: str
    topic: str
    versions: tuple[VersionView, ...]
    claims: tuple[str, ...] = ()  # the facts it bears on


@dataclass(frozen=True, slots=True)
class PersonView:
    """Who someone (or some body) is in this story, as the pack's curator describes them."""

    id: str
    name: str
    role: str | None
    description: str | None
    phrase: str = ""  # the name as a sentence uses it ("the Justice Department"); name if empty

    @property
    def in_sentence(self) -> str:
        return self.phrase or self.name


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer, or an honest decline (``answered`` false) with what to ask instead."""

    question: str
    answered: bool
    outcome: Outcome
    confidence: float
    claims: tuple[ClaimView, ...] = ()
    discrepancies: tuple[DiscrepancyView, ...] = ()
    suggestions: tuple[str, ...] = ()
    note: str | None = None
    pack_version: str = ""
    kind: AnswerKind = "facts"
    lead: str | None = None  # a sentence that answers before the facts (a summary, a role)
    steps: tuple[str, ...] = ()  # numbered steps under the lead (the story's events in order)
    person: PersonView | None = None
    sources: tuple[SourceView, ...] = ()
    more: int = 0  # further facts on the same subject, not shown
    understood_as: str | None = None  # a follow-up (or a self-corrected message), as read
    yes_no: bool = False  # asked as a yes/no question: the answer opens with what is reported

    @property
    def articles(self) -> tuple[str, ...]:
        """Ids of the articles behind this answer, for a "Sources" view."""
        seen: dict[str, None] = {}
        for claim in self.claims:
            for attribution in claim.attributions:
                seen.setdefault(attribution.article, None)
        for discrepancy in self.discrepancies:
            for version in discrepancy.versions:
                seen.setdefault(version.article, None)
        for source in self.sources:
            seen.setdefault(source.article, None)
        return tuple(seen)
