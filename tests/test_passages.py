"""Parts of an article a reader points at ("the 2nd paragraph of the first article", "the
bullet points in BI", "how does it end"): shown word for word from the archived text."""

from __future__ import annotations

import pytest

from bot.answers.compose import answer_question
from bot.matching.passages import bullet_points, paragraphs, passage_question
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
