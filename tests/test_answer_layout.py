"""What a reader sees: the point first, each quote once, who reported it in one line.

Runs on the shipped pack (the questions the issue names) and on small hand-built views for the
rules themselves.
"""

from __future__ import annotations

import re

import pytest

from bot import usecases
from bot.answers.layout import answer_layout, credit_text, quote_lines, variant_text
from bot.answers.model import Answer, Attribution, QuoteCarrier, QuoteView
from bot.answers.text import render_text
from bot.discord import embeds as render
from bot.discord.service import article_labels
from bot.store import Snapshot
from tests.conftest import BUNDLED
from tests.reader_questions import DEVSET, HELDOUT, evaluate, load_cases


@pytest.fixture(scope="module")
def bundled() -> Snapshot:
    return Snapshot.load(BUNDLED)


def told(**fields: str | None) -> dict[str, str | None]:
    return {"to": None, "setting": None, "when": None, **fields}


def a_quote(text: str, *carriers: QuoteCarrier, **circumstances: str | None) -> QuoteView:
    c = told(**circumstances)
    return QuoteView("q", "Jane Roe", text, c["to"], c["setting"], c["when"], carriers)


def carrier(
    outlet: str, text: str, speaker: str = "Jane Roe", **fields: str | None
) -> QuoteCarrier:
    return QuoteCarrier("a", outlet, text, speaker, (), True, **told(**fields))


# --- quotes: once, with a short attribution ---------------------------------------------------


def test_wordings_that_differ_only_in_typography_are_one_quote(bundled: Snapshot) -> None:
    # The unnamed outlet has "While DOJ. is responsible"; Business Insider "While DOJ is".
    text = render_text(usecases.ask(bundled, "what did the DOJ say"))
    assert text.count("While DOJ is responsible for the prosecutions of defendants") == 1
    assert "DOJ. is" not in text


def test_a_different_wording_is_shown_beside_the_quote() -> None:
    quote = a_quote(
        "Books are not a luxury.",
        carrier("The Gazette", "Books are not a luxury."),
        carrier("The Daily", "Books are no luxury."),
    )
    assert variant_text(quote, quote.carriers[0]) is None
    assert variant_text(quote, quote.carriers[1]) == "“Books are no luxury.”"


def test_an_outlet_quoting_part_of_the_words_adds_none(bundled: Snapshot) -> None:
    # The unnamed outlet quotes "need to take away children" of "We need to take away children".
    text = render_text(usecases.ask(bundled, "what did sessions tell the prosecutors?"))
    assert text.count("“We need to take away children”") == 1
    assert "“need to take away children”" not in text


def test_where_outlets_differ_on_whom_and_when_one_short_clause_says_so(
    bundled: Snapshot,
) -> None:
    text = render_text(usecases.ask(bundled, "what did sessions tell the prosecutors?"))
    assert (
        "  “We need to take away children”\n"
        "  — Jeff Sessions, to the prosecutors, on a call, May 2018\n"
        "    An unnamed outlet: to several U.S. attorneys along the U.S.-Mexico border, 2018.\n"
    ) in text
    doj = render_text(usecases.ask(bundled, "what did the DOJ say"))
    assert "— Justice Department, to The New York Times\n" in doj
    assert "An unnamed outlet: said by Alexa Vance, to no one named." in doj


def test_a_setting_an_outlet_leaves_out_is_not_a_difference() -> None:
    quote = a_quote(
        "We will fight this.",
        carrier("The Gazette", "We will fight this.", to="reporters", setting="on the steps"),
        carrier("The Daily", "We will fight this.", to="reporters"),
        to="reporters",
        setting="on the steps",
    )
    lines = [line.plain for line in quote_lines(quote)]
    assert lines == ["“We will fight this.”", "— Jane Roe, to reporters, on the steps"]


def test_every_shipped_quote_has_a_short_attribution(bundled: Snapshot) -> None:
    """One short attribution and at most one short clause per outlet that differs: no list
    of parentheticals."""
    for claim_id in bundled.knowledge.claims:
        answer = usecases.claim_answer(bundled, claim_id, "?")
        assert answer is not None
        for claim in answer.claims:
            for quote in claim.quotes:
                said, *variants = [line for line in quote_lines(quote)[1:]]
                assert len(said.plain) <= 110, said.plain
                assert "(" not in said.plain, said.plain
                assert len(variants) < len(quote.carriers), [v.plain for v in variants]
                assert all(len(v.plain) <= 110 for v in variants), [v.plain for v in variants]


# --- who reported it ---------------------------------------------------------------------------


def test_articles_with_the_same_chain_are_credited_together() -> None:
    times = ("The New York Times",)
    assert (
        credit_text(
            [
                Attribution("a", "an unnamed outlet", False, times, ""),
                Attribution("b", "Business Insider", True, times, ""),
            ]
        )
        == "Business Insider and an article whose outlet is not named, both citing The New York "
        "Times"
    )
    assert (
        credit_text(
            [
                Attribution("a", "an unnamed outlet", False, (*times, "the draft"), ""),
                Attribution("b", "Business Insider", True, times, ""),
            ]
        )
        == "Business Insider, citing The New York Times; also by an article whose outlet is not "
        "named, citing The New York Times, citing the draft"
    )


def test_a_second_hand_source_keeps_its_whole_chain(bundled: Snapshot) -> None:
    text = render_text(
        usecases.ask(
            bundled, "what did the inspector general's draft say about the department's focus?"
        )
    )
    assert (
        "Reported by Business Insider and an article whose outlet is not named, both citing The "
        'New York Times, citing the draft report on the "zero tolerance" policy.'
    ) in text


# --- the point first ---------------------------------------------------------------------------


def test_a_yes_no_question_opens_with_what_the_reporting_says(bundled: Snapshot) -> None:
    answer = usecases.ask(bundled, "did sessions cooperate with the investigation?")
    assert answer.yes_no
    text = render_text(answer)
    assert text.startswith("The reporting says Sessions did not take part")
    assert not re.match(r"(?i)(yes|no)\b", text)
    assert not usecases.ask(bundled, "what did the DOJ say").yes_no


def test_a_multi_fact_answer_is_a_list_each_fact_with_its_outlet(bundled: Snapshot) -> None:
    answer = usecases.ask(bundled, "what did rosenstein tell the times")
    assert answer.kind == "facts" and len(answer.claims) >= 2
    blocks = answer_layout(answer)
    facts = [block for block in blocks if block[0].role == "fact"]
    assert len(facts) == len(answer.claims)
    for block, claim in zip(facts, answer.claims, strict=True):
        assert block[0].plain == f"• {claim.statement}"
        assert block[-1].role == "credit" and block[-1].plain.startswith("Reported by ")


def test_facts_from_the_same_reports_share_one_reported_by_line(bundled: Snapshot) -> None:
    answer = usecases.ask(bundled, "what did the DOJ say")
    assert len(answer.claims) >= 2
    credits = [line for block in answer_layout(answer) for line in block if line.role == "credit"]
    assert len(credits) == 1 and credits[0].depth == 0


def test_more_opens_every_quote_and_each_articles_own_words(bundled: Snapshot) -> None:
    answer = usecases.ask(bundled, "what did sessions tell the prosecutors?")
    short, full = render_text(answer), render_text(answer, full=True)
    for claim in answer.claims:
        for attribution in claim.attributions:
            assert attribution.excerpt not in short
            assert attribution.excerpt in full


# --- no internal identifiers -------------------------------------------------------------------


def _ids(bundled: Snapshot) -> re.Pattern[str]:
    knowledge = bundled.knowledge
    ids = [*knowledge.claims, *knowledge.articles, *knowledge.quotes, *knowledge.discrepancies]
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")


def _visible(answer: Answer, bundled: Snapshot) -> str:
    labels = article_labels(bundled.knowledge, answer.articles)
    embeds = [*render.answer_embeds(answer, labels=labels)]
    if answer.answered:
        embeds += render.details_embeds(answer, labels=labels)
    parts = [render_text(answer), render_text(answer, full=True)]
    for embed in embeds:
        data = embed.to_dict()
        parts += [data.get("title") or "", data.get("description") or ""]
        parts.append((data.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def test_no_reply_shows_an_article_claim_or_quote_id(bundled: Snapshot) -> None:
    ids = _ids(bundled)
    for claim_id in bundled.knowledge.claims:
        answer = usecases.claim_answer(bundled, claim_id, "?")
        assert answer is not None
        found = ids.findall(_visible(answer, bundled))
        assert not found, (claim_id, found)
    for path in (DEVSET, HELDOUT):
        for outcome in evaluate(bundled, load_cases(path)):
            found = ids.findall(_visible(outcome.answer, bundled))
            assert not found, (outcome.case.question, found)
