"""What a reader can ask of reportbot, whatever the front end: one flow per use case.

The command line, the console and Discord each turn a person's input into one of these calls and
render what comes back; none of them assembles an answer of its own. Each call takes the one
:class:`Snapshot` it works on, so a reload that lands meanwhile never mixes two editions.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import thresholds
from bot.answers.catalog import SourceView, source_views
from bot.answers.model import Answer, ClaimView, DiscrepancyView, QuoteView
from bot.answers.pack_views import claim_view, discrepancy_view, quote_view
from bot.answers.replies import answer_with_claims
from bot.conversation import Conversation
from bot.matching.lookup import claim_choices, quotes_by, resolve_speaker, speaker_choices
from bot.store import Snapshot

SPEAKER_OPTIONS = 5  # speakers offered when a typed name matches none or several
CLAIM_OPTIONS = 5


def ask(snapshot: Snapshot, question: str, conversation: Conversation | None = None) -> Answer:
    """A question's answer, or an honest decline; a follow-up leans on ``conversation`` (a
    message read alone is still read as a conversation would: it may ask two things, the
    second leaning on the first)."""
    return (conversation or Conversation()).ask(question, snapshot)


@dataclass(frozen=True, slots=True)
class QuoteLookup:
    """A speaker's quotes, or (``speaker_id`` None) the speakers the typed name might mean."""

    query: str
    speaker_id: str | None
    speaker: str  # the speaker's display name; the query itself when none matched
    topic: str | None
    quotes: tuple[QuoteView, ...] = ()
    did_you_mean: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.speaker_id is not None


def quotes_of(snapshot: Snapshot, speaker_text: str, topic: str | None = None) -> QuoteLookup:
    """Quotes by a speaker as a person half-remembers them ("the AG", "Rod"), on a topic."""
    knowledge = snapshot.knowledge
    text = speaker_text.strip()
    topic = (topic or "").strip() or None
    speaker = resolve_speaker(knowledge, text)
    if speaker is None:
        options = [c.label for c in speaker_choices(knowledge, text, limit=SPEAKER_OPTIONS)]
        if not options:  # nothing near: show who can be quoted at all
            options = [c.label for c in speaker_choices(knowledge, "", limit=2 * SPEAKER_OPTIONS)]
        return QuoteLookup(text, None, text, topic, did_you_mean=tuple(options))
    return quotes_of_id(snapshot, speaker, topic)


def quotes_of_id(snapshot: Snapshot, speaker_id: str, topic: str | None = None) -> QuoteLookup:
    """Quotes by a speaker already resolved (a pager button carries the id)."""
    knowledge = snapshot.knowledge
    quotes = tuple(quote_view(knowledge, q) for q in quotes_by(knowledge, speaker_id, topic))
    name = knowledge.name_of(speaker_id)
    return QuoteLookup(speaker_id, speaker_id, name, topic, quotes)


def sources(snapshot: Snapshot, articles: tuple[str, ...] | None = None) -> list[SourceView]:
    """The outlets and articles behind the facts (or behind one answer's ``articles``)."""
    return source_views(snapshot.knowledge, articles)


def discrepancies(snapshot: Snapshot) -> list[DiscrepancyView]:
    """Every point the articles tell differently, each version with its outlet."""
    knowledge = snapshot.knowledge
    return [discrepancy_view(knowledge, d) for d in knowledge.discrepancies]


@dataclass(frozen=True, slots=True)
class ClaimLookup:
    """One claim with its differing versions, or the closest claims when none is clear."""

    claim: ClaimView | None
    discrepancies: tuple[DiscrepancyView, ...] = ()
    closest: tuple[str, ...] = ()  # statements to pick from


def find_claim(snapshot: Snapshot, text: str) -> ClaimLookup:
    """A claim by its id, or by its text when one match is clearly best."""
    knowledge = snapshot.knowledge
    claim_id = text.strip()
    if claim_id not in knowledge.claims:
        found = claim_choices(knowledge, text, limit=CLAIM_OPTIONS)
        clear = (
            found
            and found[0].score >= 100 * thresholds.CLAIM_LOOKUP_CUTOFF
            and (
                len(found) == 1
                or found[0].score - found[1].score >= 100 * thresholds.CLAIM_LOOKUP_MARGIN
            )
        )
        if not clear:
            return ClaimLookup(None, closest=tuple(c.label for c in found))
        claim_id = found[0].value
    versions = tuple(
        discrepancy_view(knowledge, d) for d in knowledge.discrepancies_by_claim.get(claim_id, ())
    )
    return ClaimLookup(claim_view(knowledge, knowledge.claims[claim_id]), versions)


def claim_answer(snapshot: Snapshot, claim_id: str, question: str) -> Answer | None:
    """An answer that is exactly one claim (a pressed suggestion), with its discrepancies;
    None when that claim has left the facts."""
    return claims_answer(snapshot, (claim_id,), question)


def claims_answer(snapshot: Snapshot, claim_ids: tuple[str, ...], question: str) -> Answer | None:
    """An answer that is exactly these claims (a pressed suggestion, an answer's "More"), with
    every discrepancy that bears on them; None when one of them has left the facts."""
    return answer_with_claims(question, snapshot.knowledge, claim_ids)
