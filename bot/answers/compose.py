"""Turning a question into an :class:`Answer`, or into an honest decline.

The decision rests on the final candidate's own score and on its lead over the runner-up (never
on an earlier, coarser score): a weak best match is declined, and so is a best match that is
too close to a different one to call. A question that lands on a recorded gap is declined with
what the reporting does say instead.
"""

from __future__ import annotations

from bot.answers.model import (
    Answer,
    Attribution,
    ClaimView,
    DiscrepancyView,
    QuoteCarrier,
    QuoteView,
    VersionView,
)
from bot.knowledge.model import Claim, KnowledgeBase, Quote
from bot.matching.index import Candidate, Ranking
from bot.store import Snapshot

MAX_QUESTION_CHARS = 500
ANSWER_THRESHOLD = 0.62  # the best candidate's final score must reach this
MIN_MARGIN = 0.04  # ...and lead a different candidate by this much
SUGGESTION_FLOOR = 0.25  # candidates below this are not worth suggesting
MAX_SUGGESTIONS = 3


def answer_question(question: str, snapshot: Snapshot) -> Answer:
    knowledge = snapshot.knowledge
    version = knowledge.info.version
    text = question.strip()
    if not any(ch.isalnum() for ch in text):
        return Answer(question, False, "empty", 0.0, pack_version=version)
    if len(text) > MAX_QUESTION_CHARS:
        return Answer(question, False, "too_long", 0.0, pack_version=version)

    ranking = snapshot.index.rank(text)
    best = ranking.best
    if best is None or best.score < ANSWER_THRESHOLD:
        return _decline(question, "no_match", ranking, knowledge, version)
    if best.target.kind == "gap":
        gap = knowledge.gaps[best.target.id]
        suggestions = tuple(_as_question(knowledge.claims[c]) for c in gap.suggest)
        return Answer(
            question,
            False,
            "gap",
            round(best.score, 3),
            suggestions=suggestions[:MAX_SUGGESTIONS],
            note=gap.note,
            pack_version=version,
        )
    rival = _rival(best, ranking)
    if rival is not None and best.score - rival.score < MIN_MARGIN:
        return _decline(question, "ambiguous", ranking, knowledge, version)

    # A discrepancy leads with the claim the pack lists first; a quote or a speaker, which
    # bear on several claims alike, lead with the one that fits the question best.
    claim_ids = best.target.claims
    if best.target.kind in ("quote", "speaker"):
        claim_ids = ranking.lead_first(claim_ids)
    claims = tuple(claim_view(knowledge, knowledge.claims[c]) for c in claim_ids)
    disc_ids: dict[str, None] = {}
    if best.target.kind == "discrepancy":
        disc_ids[best.target.id] = None
    for claim_id in best.target.claims:
        disc_ids.update(dict.fromkeys(knowledge.discrepancies_by_claim.get(claim_id, ())))
    discrepancies = tuple(discrepancy_view(knowledge, d) for d in disc_ids)
    return Answer(
        question,
        True,
        "answered",
        round(min(best.score, 1.0), 3),
        claims=claims,
        discrepancies=discrepancies,
        pack_version=version,
    )


def _rival(best: Candidate, ranking: Ranking) -> Candidate | None:
    """The best candidate that would give a *different* answer (not the same claims)."""
    mine = set(best.target.claims)
    for candidate in ranking.candidates[1:]:
        if candidate.target.kind == "gap" or not mine.intersection(candidate.target.claims):
            return candidate
    return None


def _decline(
    question: str, outcome: str, ranking: Ranking, knowledge: KnowledgeBase, version: str
) -> Answer:
    suggestions: dict[str, None] = {}
    for candidate in ranking.candidates:
        if candidate.score < SUGGESTION_FLOOR or candidate.target.kind == "gap":
            continue
        for claim_id in candidate.target.claims[:1]:
            suggestions.setdefault(_as_question(knowledge.claims[claim_id]), None)
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
    if not suggestions:
        # Nothing is close: offer the pack's opening claims, so a stranger learns its scope.
        for claim in list(knowledge.claims.values())[:MAX_SUGGESTIONS]:
            suggestions.setdefault(_as_question(claim), None)
    best = ranking.best
    return Answer(
        question,
        False,
        outcome,  # type: ignore[arg-type]
        round(min(best.score, 1.0), 3) if best else 0.0,
        suggestions=tuple(suggestions)[:MAX_SUGGESTIONS],
        pack_version=version,
    )


def _as_question(claim: Claim) -> str:
    """A suggestion is offered as something to ask, in the pack's own reader phrasing."""
    if claim.asks:
        ask = claim.asks[0]
        return ask if ask.endswith("?") else f"{ask}?"
    return claim.statement


def claim_view(knowledge: KnowledgeBase, claim: Claim) -> ClaimView:
    attributions = tuple(
        Attribution(
            article=report.article,
            outlet=knowledge.outlet_of(report.article).display,
            outlet_known=knowledge.outlet_of(report.article).known,
            via=tuple(knowledge.name_of(step) for step in report.via),
            excerpt=report.excerpt,
        )
        for report in claim.reports
    )
    quotes = tuple(
        quote_view(knowledge, knowledge.quotes[q])
        for q in knowledge.quotes_by_claim.get(claim.id, ())
    )
    return ClaimView(claim.id, claim.statement, attributions, quotes)


def quote_view(knowledge: KnowledgeBase, quote: Quote) -> QuoteView:
    carriers = tuple(
        QuoteCarrier(
            article=report.article,
            outlet=knowledge.outlet_of(report.article).display,
            text=report.text or quote.text,
            speaker=knowledge.name_of(report.speaker or quote.speaker),
            via=tuple(knowledge.name_of(step) for step in report.via),
        )
        for report in quote.reports
    )
    return QuoteView(
        quote.id,
        knowledge.name_of(quote.speaker),
        quote.text,
        quote.to,
        quote.setting,
        quote.when,
        carriers,
    )


def discrepancy_view(knowledge: KnowledgeBase, discrepancy_id: str) -> DiscrepancyView:
    discrepancy = knowledge.discrepancies[discrepancy_id]
    versions = tuple(
        VersionView(v.article, knowledge.outlet_of(v.article).display, v.statement, v.excerpt)
        for v in discrepancy.versions
    )
    return DiscrepancyView(discrepancy.id, discrepancy.topic, versions)
