"""The replies every answer flow ends in: facts (with every point told differently that bears
on them), an answer from the pack's own fields, a recorded gap, a choice between different
points, a decline with suggestions. Built here once, so that no flow assembles one its own
way."""

from __future__ import annotations

from bot import thresholds
from bot.answers.model import (
    Answer,
)
from bot.answers.pack_views import as_question, claim_view, discrepancy_view
from bot.knowledge.model import KnowledgeBase
from bot.matching.index import Candidate, Ranking

MAX_SUGGESTIONS = thresholds.MAX_SUGGESTIONS


def facts(
    question: str,
    knowledge: KnowledgeBase,
    claim_ids: list[str],
    confidence: float,
    *,
    discrepancies: dict[str, None] | None = None,
    **fields: object,
) -> Answer:
    """Facts with every discrepancy that bears on them: no version is ever left out."""
    disc_ids = dict(discrepancies or {})
    for claim_id in claim_ids:
        disc_ids.update(dict.fromkeys(knowledge.discrepancies_by_claim.get(claim_id, ())))
    return Answer(
        question,
        True,
        "answered",
        confidence,
        claims=tuple(claim_view(knowledge, knowledge.claims[c]) for c in claim_ids),
        discrepancies=tuple(discrepancy_view(knowledge, d) for d in disc_ids),
        pack_version=knowledge.info.version,
        **fields,  # type: ignore[arg-type]
    )


def answer_with_claims(
    question: str, knowledge: KnowledgeBase, claim_ids: tuple[str, ...]
) -> Answer | None:
    """An answer that is exactly these claims (a pressed suggestion, an answer's "More", "says
    who?" after an answer), with every discrepancy that bears on them; None when one of them
    has left the facts."""
    if not claim_ids or any(c not in knowledge.claims for c in claim_ids):
        return None
    return facts(question, knowledge, list(claim_ids), 1.0)


def from_fields(question: str, knowledge: KnowledgeBase, **fields: object) -> Answer:
    """An answer built from the pack's own fields (the story, the people, the sources): certain,
    so its confidence is 1."""
    return Answer(
        question,
        True,
        "answered",
        1.0,
        pack_version=knowledge.info.version,
        **fields,  # type: ignore[arg-type]
    )


def gap(question: str, knowledge: KnowledgeBase, candidate: Candidate) -> Answer:
    gap = knowledge.gaps[candidate.target.id]
    suggestions = tuple(as_question(knowledge.claims[c]) for c in gap.suggest)
    return Answer(
        question,
        False,
        "gap",
        round(min(candidate.score, 1.0), 3),
        suggestions=suggestions[:MAX_SUGGESTIONS],
        note=gap.note,
        pack_version=knowledge.info.version,
    )


def lacking(question: str, knowledge: KnowledgeBase, note: str, **fields: object) -> Answer:
    """A decline that says what the reporting does not give (a part an article lacks, a
    person it does not name, an order it does not set), certain of it: the pack says so."""
    return Answer(
        question,
        False,
        "gap",
        1.0,
        note=note,
        pack_version=knowledge.info.version,
        **fields,  # type: ignore[arg-type]
    )


def choice(
    question: str, knowledge: KnowledgeBase, best: Candidate, rivals: list[Candidate]
) -> Answer:
    """Several different points fit equally well: ask which one, rather than guess."""
    options: dict[str, None] = {}
    for candidate in [best, *rivals]:
        for claim_id in candidate.target.claims[:1]:
            options.setdefault(as_question(knowledge.claims[claim_id]), None)
    return Answer(
        question,
        False,
        "choice",
        round(min(best.score, 1.0), 3),
        suggestions=tuple(options)[: thresholds.MAX_CHOICES],
        pack_version=knowledge.info.version,
    )


def decline(
    question: str, outcome: str, ranking: Ranking, knowledge: KnowledgeBase, version: str
) -> Answer:
    suggestions: dict[str, None] = {}
    for candidate in ranking.candidates:
        if candidate.score < thresholds.SUGGESTION_FLOOR or candidate.target.kind == "gap":
            continue
        for claim_id in candidate.target.claims[:1]:
            suggestions.setdefault(as_question(knowledge.claims[claim_id]), None)
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
    if not suggestions:
        # Nothing is close: offer the pack's opening claims, so a stranger learns its scope.
        for claim in list(knowledge.claims.values())[:MAX_SUGGESTIONS]:
            suggestions.setdefault(as_question(claim), None)
    best = ranking.best
    return Answer(
        question,
        False,
        outcome,  # type: ignore[arg-type]
        round(min(best.score, 1.0), 3) if best else 0.0,
        suggestions=tuple(suggestions)[:MAX_SUGGESTIONS],
        pack_version=version,
    )
