"""Parts of an article a reader points at ("the 2nd paragraph of the first article", "the
bullet points in BI", "how does it end"): shown word for word from the archived text."""

from __future__ import annotations

import pytest

from bot.answers.compose import answer_question
from bot.conversation import Conversation
from bot.matching.passages import (
    PassageQuestion,
    another_place,
    bullet_points,
    paragraphs,
    passage_question,
)
from bot.store import Snapshot
from tests.conftest import BUNDLED


def test_a_paragraph_by_place_is_that_paragraph_word_for_word(council: Snapshot) -> None:
    answer = answer_question("what's the second paragraph of the elm gazette article?", council)
    assert answer.answered
    assert answer.lead == (
        "The Elm Gazette's article, its second paragraph: “Mayor Jane Roe said the closure "
        'would save $2 million a year. "Books are not a luxury, but buildings are," Roe told '
        "reporters.”"
    )


def test_the_end_of_an_article_is_its_last_lines(council: Snapshot) -> None:
    answer = answer_question("how does the elm gazette article end?", council)
    assert answer.lead is not None and answer.lead.startswith("The Elm Gazette's article ends: “")
    assert answer.lead.endswith(
        '“Councilman Bob Diaz, who voted against, said: "This is a sad day for Elm Street."”'
    )


@pytest.mark.parametrize(
    ("question", "note"),
    [
        (
            "what's the 9th paragraph of the elm gazette article",
            "The Elm Gazette's article has 3 paragraphs.",
        ),
        (
            "what do the bullet points in the elm gazette say",
            "The Elm Gazette's article has no bullet points in its archived text.",
        ),
    ],
)
def test_a_part_the_article_lacks_is_declined_saying_what_it_has(
    council: Snapshot, question: str, note: str
) -> None:
    answer = answer_question(question, council)
    assert not answer.answered and answer.note == note


def test_with_two_articles_and_neither_named_it_is_no_question_of_a_part(council: Snapshot) -> None:
    answer = answer_question("what's the second paragraph?", council)
    assert not (answer.lead or "").startswith(("The Elm Gazette's", "The article whose"))


def test_the_bullet_points_are_the_bulleted_lines_not_the_headline_or_the_caption() -> None:
    text = BUNDLED.joinpath("sources").glob("*.txt")
    bi = next(p for p in text if "Bombshell" in p.read_text(encoding="utf-8"))
    raw = bi.read_text(encoding="utf-8")
    points = bullet_points(raw)
    assert len(points) == 3 and '"a driving force"' in points[0]
    body = paragraphs(raw, raw.splitlines()[0])
    assert body[0].startswith("Former Attorney General Jeff Session and other top")
    assert not any(p.startswith(("Jeff Sessions. Associated Press", "jeff sessions")) for p in body)


def test_what_a_part_question_asks_for() -> None:
    assert passage_question("what's the 2nd paragraph of the first article about")
    assert passage_question("and the second bullet?").bullets  # type: ignore[union-attr]
    assert passage_question("what's at the very end of the BI article").end  # type: ignore[union-attr]
    assert passage_question("what did sessions say at the end of the call") is None


def _asked_in_turn(snapshot: Snapshot, *questions: str) -> list[str | None]:
    conversation = Conversation()
    return [conversation.ask(q, snapshot).lead for q in questions]


def test_a_follow_up_by_place_asks_for_another_part_of_the_same_article(council: Snapshot) -> None:
    leads = _asked_in_turn(
        council,
        "what's the first paragraph of the elm gazette article?",
        "and the second one?",
        "next",
    )
    assert leads[1] == (
        "The Elm Gazette's article, its second paragraph: “Mayor Jane Roe said the closure "
        'would save $2 million a year. "Books are not a luxury, but buildings are," Roe told '
        "reporters.”"
    )
    assert leads[2] == (
        "The Elm Gazette's article, its third paragraph: “Councilman Bob Diaz, who voted "
        'against, said: "This is a sad day for Elm Street."”'
    )


def test_a_follow_up_naming_a_part_keeps_the_article_asked_about(council: Snapshot) -> None:
    leads = _asked_in_turn(
        council, "how does the elm gazette article end?", "what about the first paragraph?"
    )
    assert (leads[1] or "").startswith("The Elm Gazette's article, its first paragraph: “The city")


def test_the_other_article_asks_for_the_same_part_of_it(council: Snapshot) -> None:
    leads = _asked_in_turn(
        council, "what's the second paragraph of the elm gazette article?", "and the other one?"
    )
    assert leads[1] == (
        "The article whose outlet is not named, its second paragraph: “Roe, the mayor, said the "
        "city would save money. Diaz declined to comment.”"
    )


def test_next_after_the_last_part_is_declined_saying_how_many_there_are(council: Snapshot) -> None:
    conversation = Conversation()
    conversation.ask("what's the 3rd paragraph of the elm gazette article?", council)
    answer = conversation.ask("next one?", council)
    assert not answer.answered and answer.note == "The Elm Gazette's article has 3 paragraphs."


def test_a_question_of_its_own_after_a_part_is_not_taken_for_another_part(
    council: Snapshot,
) -> None:
    conversation = Conversation()
    conversation.ask("what's the first paragraph of the elm gazette article?", council)
    answer = conversation.ask("what did the mayor say?", council)
    assert answer.answered and not (answer.lead or "").startswith("The Elm Gazette's article,")
    assert answer.understood_as is None


def test_a_place_alone_is_another_part_only_after_a_part() -> None:
    first = PassageQuestion(place=0)
    assert another_place("and the 2nd?", first) == PassageQuestion(place=1)
    assert another_place("next", PassageQuestion(place=1, bullets=True)) == PassageQuestion(
        place=2, bullets=True
    )
    assert another_place("previous", first) is None
    assert another_place("next", PassageQuestion(end=True)) is None
    assert another_place("and the second bullet of the report?", first) is None
