"""The bundled fact pack: valid, complete, and answering the development question set."""

from __future__ import annotations

import pytest

from bot.knowledge import load_pack
from bot.store import Snapshot
from tests.conftest import BUNDLED
from tests.question_set import evaluate, figures, load_cases

FLOOR = 0.94  # measured 97.1% answered, 100% declined


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return Snapshot.load(BUNDLED)


def test_the_shipped_pack_validates_with_the_runtime_validator() -> None:
    knowledge = load_pack(BUNDLED)
    assert len(knowledge.claims) >= 40
    assert len(knowledge.quotes) >= 15
    assert len(knowledge.discrepancies) >= 3


def test_the_outlet_of_article_000_is_recorded_as_unknown() -> None:
    knowledge = load_pack(BUNDLED)
    article = next(
        a for a in knowledge.articles.values() if a.text_path.endswith("000_4a5921a067004db6.txt")
    )
    assert knowledge.outlets[article.outlet].name is None


def test_every_quote_and_claim_is_carried_by_an_archived_article() -> None:
    knowledge = load_pack(BUNDLED)
    for claim in knowledge.claims.values():
        assert all(r.article in knowledge.articles for r in claim.reports)
    for quote in knowledge.quotes.values():
        assert quote.reports


def test_the_question_set_is_big_enough_to_mean_something() -> None:
    cases = load_cases()
    assert len(cases) >= 130
    assert sum(case.expect is None for case in cases) >= 40
    knowledge = load_pack(BUNDLED)
    for case in cases:
        for claim_id in case.expect or ():
            assert claim_id in knowledge.claims, f"{case.question!r} expects unknown {claim_id}"
    expected = {claim_id for case in cases for claim_id in case.expect or ()}
    for quote in knowledge.quotes.values():
        assert expected.intersection(quote.claims), f"no question is answered by {quote.id}"


def test_the_question_set_is_answered_and_declined_above_the_floor(snapshot: Snapshot) -> None:
    outcomes = evaluate(snapshot, load_cases())
    answered, declined, _, _ = figures(outcomes)
    misses = "\n".join(o.describe() for o in outcomes if not o.correct)
    assert answered >= FLOOR, f"answered correctly {answered:.1%} < {FLOOR:.0%}\n{misses}"
    assert declined >= FLOOR, f"declined correctly {declined:.1%} < {FLOOR:.0%}\n{misses}"
