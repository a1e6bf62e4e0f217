"""Questions about which articles report something, and whether they tell it alike: the reply
answers with the fact and says, before it, which articles carry it. Shown on the small council
pack (the closing date is in the unnamed article only; both report the vote, differently), and
on the bundled story."""

from __future__ import annotations

import pytest

from bot.answers.compose import answer_question
from bot.answers.text import render_text
from bot.conversation import Conversation
from bot.matching.coverage import MENTION_CHARS, coverage_question, mention_in
from bot.store import Snapshot


@pytest.mark.parametrize(
    "question",
    [
        "which article mentions when the branch will close?",
        "what piece reports the closing date, the gazette or the other one?",
        "which of the two articles says when the library closes specifically",
    ],
)
def test_which_article_reports_a_fact_names_the_one_that_does_and_the_one_that_does_not(
    council: Snapshot, question: str
) -> None:
    answer = answer_question(question, council)
    assert answer.answered
    assert answer.claims[0].id == "closing-date"
    assert answer.lead == (
        "Only the article whose outlet is not named reports this; The Elm Gazette does not."
    )


def test_asked_whether_an_outlet_reports_a_fact_it_does_not_the_reply_says_no_and_who_does(
    council: Snapshot,
) -> None:
    question = "does the elm gazette mention when the branch will close at all?"
    answer = answer_question(question, council)
    assert answer.claims[0].id == "closing-date"
    assert answer.lead == (
        "No: The Elm Gazette does not report this; the article whose outlet is not named does."
    )
    yes = answer_question("does the elm gazette cover the savings?", council)
    assert yes.claims[0].id == "savings" and yes.lead == "Yes: The Elm Gazette reports this."


def test_an_article_pointed_at_by_place_is_asked_of_by_its_outlet(council: Snapshot) -> None:
    # the gazette's article is the pack's first
    answer = answer_question("does the first article mention when the branch will close", council)
    assert answer.lead is not None and answer.lead.startswith("No: The Elm Gazette does not")


def test_asked_how_the_articles_tell_a_fact_the_reply_shows_their_versions(
    council: Snapshot,
) -> None:
    answer = answer_question("how do the two articles describe the vote differently?", council)
    assert answer.claims[0].id == "vote-to-close"
    assert answer.lead == "Both articles report this, and they tell it differently:"
    assert "d-vote-count" in {d.id for d in answer.discrepancies}
    text = render_text(answer)
    assert "5-2" in text and "4-3" in text


def test_a_follow_up_asks_it_of_the_answer_before(council: Snapshot) -> None:
    chat = Conversation()
    chat.ask("when will the library close?", council)
    answer = chat.ask("is that in the elm gazette too?", council)
    assert [c.id for c in answer.claims] == ["closing-date"]
    assert answer.lead is not None and answer.lead.startswith("No: The Elm Gazette")


def test_with_nothing_before_a_follow_up_of_coverage_is_no_coverage_answer(
    council: Snapshot,
) -> None:
    answer = answer_question("is that in the elm gazette too?", council)
    assert not (answer.lead or "").startswith(("Yes:", "No:", "Only", "Both"))


@pytest.mark.parametrize(
    "question",
    ["is roe in trouble", "does the mayor mention the budget", "what did roe say"],
)
def test_words_that_name_no_article_are_not_a_question_of_coverage(
    council: Snapshot, question: str
) -> None:
    answer = answer_question(question, council)
    assert not (answer.lead or "").startswith(("Yes:", "No:", "Only", "Both"))


def test_an_outlet_no_article_is_from_is_not_answered_as_one_that_reports_nothing(
    bundled: Snapshot,
) -> None:
    # The Times is credited by both articles, but the pack holds no article of its own
    answer = answer_question("does the nyt mention the infants", bundled)
    assert not (answer.lead or "").startswith(("Yes:", "No:", "Only", "Both"))


def test_on_the_bundled_story_which_article_covers_the_response(bundled: Snapshot) -> None:
    answer = answer_question("does bi mention the 64 page response at all", bundled)
    assert answer.claims[0].id == "rosenstein-office-response"
    assert answer.lead is not None and answer.lead.startswith("No: Business Insider does not")


def test_the_frame_is_taken_out_and_what_is_asked_about_left() -> None:
    asked = coverage_question("which piece mentions the 64-page response, BI or the other one?")
    assert asked is not None and asked.topic == "the 64-page response" and not asked.compare
    compared = coverage_question("how is the amnesty quote presented differently in both pieces?")
    assert compared is not None and compared.topic == "the amnesty quote" and compared.compare
    assert coverage_question("what did sessions say about amnesty") is None


def test_asked_of_the_answer_before_whether_an_outlet_carries_it(bundled: Snapshot) -> None:
    chat = Conversation()
    chat.ask("when did sessions leave the DOJ", bundled)
    answer = chat.ask("is that in the BI piece too?", bundled)
    assert answer.lead is not None and answer.lead.startswith("No: Business Insider does not")
    assert "November 2018" in render_text(answer)


def test_an_article_that_uses_the_words_in_a_sentence_no_fact_cites_is_not_said_not_to(
    bundled: Snapshot,
) -> None:
    # The first article names Trump once, in a sentence about the draft's findings; the facts
    # about Trump are Business Insider's. "No" would be wrong: the sentence is quoted instead.
    answer = answer_question("does the first article mention trump at all", bundled)
    lead = answer.lead or ""
    assert lead.startswith("Yes, it says: “") and "The fact below is Business Insider's." in lead
    quoted = lead.split("“", 1)[1].rsplit("” The fact below", 1)[0]
    assert "Trump administration" in quoted
    assert quoted in " ".join(bundled.knowledge.articles["a000"].text.split())


def test_a_mention_is_a_sentence_holding_every_word_of_a_thing_named_not_of_a_question() -> None:
    text = "The council met. The branch will close in March, the website says.\nDiaz left."
    assert mention_in(text, "the website") == "The branch will close in March, the website says."
    assert mention_in(text, "when the branch will close") is None  # words do not say when
    assert mention_in(text, "the library budget") is None
    long = "Roe said " + "that the plan, as drafted, " * 20 + "would save money."
    cut = mention_in(long, "money")
    assert cut is not None and cut.startswith("…") and cut.endswith("money.")
    assert len(cut) <= MENTION_CHARS + 2


@pytest.mark.parametrize(
    "question",
    [
        "what does the elm gazette leave out",
        "what's in the unnamed article that the elm gazette doesn't have",
        "what does the other article have that the elm gazette doesn't",
    ],
)
def test_what_one_article_has_that_another_does_not_is_the_facts_only_it_reports(
    council: Snapshot, question: str
) -> None:
    answer = answer_question(question, council)
    assert answer.answered and [c.id for c in answer.claims] == ["closing-date"]
    assert answer.lead == (
        "The article whose outlet is not named reports 1 fact that The Elm Gazette does not:"
    )


def test_an_article_with_nothing_of_its_own_is_said_to_have_nothing_the_other_lacks(
    council: Snapshot,
) -> None:
    answer = answer_question(
        "what does the elm gazette have that the unnamed article doesn't", council
    )
    assert answer.claims == ()
    assert answer.lead == (
        "Every fact The Elm Gazette reports, the article whose outlet is not named reports too."
    )


def test_what_only_one_article_reports_puts_its_own_voices_first_and_its_self_description_last(
    bundled: Snapshot,
) -> None:
    answer = answer_question("what does the BI version have that the other one doesn't", bundled)
    assert answer.lead is not None and answer.lead.startswith("Business Insider reports ")
    assert answer.more > 0
    shown = [c.id for c in answer.claims]
    assert "bi-photo-credit" not in shown and "bi-links-nyt-report" not in shown
    quotes = [q.id for c in answer.claims for q in c.quotes]
    assert len(quotes) == len(set(quotes))  # each quote once
    assert all(c.attributions[0].outlet == "Business Insider" for c in answer.claims)


def test_a_question_asked_of_one_article_answered_from_another_says_so_first(
    bundled: Snapshot,
) -> None:
    # the photo credit is Business Insider's; the first article has no photo
    answer = answer_question("who took the photo in the first article", bundled)
    assert answer.lead == (
        "The article whose outlet is not named does not report this; Business Insider does."
    )
    # asked of the article that does report it, nothing is said first
    plain = answer_question("who took the photo in the BI article", bundled)
    assert plain.answered and plain.lead is None


def test_what_is_asked_about_may_come_before_the_frame(council: Snapshot) -> None:
    answer = answer_question("the closing date - which article has that?", council)
    assert answer.claims[0].id == "closing-date"
    assert answer.lead is not None and answer.lead.startswith("Only the article whose outlet")


def test_asked_whether_the_answer_before_is_worded_the_same_in_both(council: Snapshot) -> None:
    chat = Conversation()
    chat.ask("how did the vote go?", council)
    answer = chat.ask("is it worded the same in both articles?", council)
    assert answer.claims[0].id == "vote-to-close"
    assert answer.lead == "Both articles report this, and they tell it differently:"


def test_asked_whether_the_articles_quote_a_document_the_reply_is_its_words(
    bundled: Snapshot,
) -> None:
    answer = answer_question("does either article quote the draft report directly?", bundled)
    assert answer.answered and answer.lead is not None
    # what the draft says in its own words, not what the draft is
    assert "driving force" in render_text(answer) or "single-minded" in render_text(answer)
    assert "draft-report-horowitz" not in {c.id for c in answer.claims}


def test_a_line_named_by_its_words_is_found_and_its_coverage_is_where_the_words_are(
    council: Snapshot,
) -> None:
    # the savings fact is both articles'; the line quoting it is the gazette's alone
    answer = answer_question("is the books are not a luxury line in both articles", council)
    assert answer.claims[0].id == "savings"
    assert answer.lead == (
        "Only The Elm Gazette reports this; the article whose outlet is not named does not."
    )


def test_a_line_is_the_same_line_whatever_its_stops_and_apostrophes(bundled: Snapshot) -> None:
    # one article writes "A.G.'s", the other "AG's"
    answer = answer_question("is the A.G.'s policy line in both articles", bundled)
    assert answer.claims[0].id == "bash-ag-policy"
    assert answer.lead == "Both articles report this."


def test_asked_how_they_differ_where_no_difference_is_recorded_each_articles_words_are_shown(
    council: Snapshot,
) -> None:
    answer = answer_question("how do the two articles describe the savings differently?", council)
    assert answer.claims[0].id == "savings"
    assert answer.lead == (
        "Both articles report this. In their own words: The Elm Gazette, “Mayor Jane Roe said the "
        "closure would save $2 million a year”; the article whose outlet is not named, “Roe, the "
        "mayor, said the city would save money”"
    )


def test_how_the_other_article_handles_the_answer_before_is_a_question_of_coverage(
    bundled: Snapshot,
) -> None:
    asked = coverage_question("and how does the other article handle it?")
    assert asked is not None and asked.ref == "the other article"
    assert asked.about_the_last_answer
    chat = Conversation()
    chat.ask("the amnesty bit: is that sessions' own words or the note's?", bundled)
    after = chat.ask("and how does the other article handle it?", bundled)
    assert after.answered and "amnesty" in render_text(after)
    assert {c.id for c in after.claims} <= {"sessions-no-amnesty", "sessions-dont-bring-children"}
    # how someone tells it is no question of which article carries it
    alone = answer_question("how does sessions describe it", bundled)
    assert "Both articles report this" not in render_text(alone)


def test_the_bit_about_something_asks_which_article_covers_that_thing(bundled: Snapshot) -> None:
    answer = answer_question("which of the two articles has the bit about infants", bundled)
    assert answer.answered
    assert render_text(answer).startswith(
        "Only the article whose outlet is not named reports this; Business Insider does"
    )


def test_bullet_points_of_no_article_named_are_those_of_the_one_that_has_them(
    bundled: Snapshot,
) -> None:
    # only the Business Insider article has bullet points
    conversation = Conversation()
    second = conversation.ask("whats the second bullet", bundled)
    assert render_text(second).startswith("Business Insider's article, its second bullet point")
    third = conversation.ask("third?", bundled)
    assert render_text(third).startswith("Business Insider's article, its third bullet point")
    # asked of both articles, it is no one article's part
    both = answer_question(
        "bullet points: what did sessions say, according to both articles", bundled
    )
    assert "bullet point" not in render_text(both).split("\n")[0]


def test_how_an_article_starts_is_its_first_paragraph(bundled: Snapshot) -> None:
    answer = answer_question("how does the BI piece begin", bundled)
    assert render_text(answer).startswith("Business Insider's article, its first paragraph")
    # the photo at the top is no paragraph
    photo = answer_question("who's credited for the photo at the top of the BI story", bundled)
    assert "first paragraph" not in render_text(photo)


@pytest.mark.parametrize(
    "question",
    [
        "how does the article with no outlet name start",
        "sum up the other article, the one with no outlet name",
    ],
)
def test_the_article_with_no_outlet_named_is_the_unnamed_one(
    question: str, bundled: Snapshot
) -> None:
    answer = answer_question(question, bundled)
    assert answer.answered
    # said first: it is that article's part, or that article's summary
    assert "article whose outlet is not named" in " ".join(render_text(answer).split()[:12])
