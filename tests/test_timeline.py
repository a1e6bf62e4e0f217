"""The order of events: "what happened after Sessions' call", "and after that?", "put it in
order", "which came first". Answered from the pack's timeline, only along the order the reporting
gives, each step with when it happened and the facts (and outlets) that report it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import thresholds
from bot.answers.compose import answer_question
from bot.answers.text import render_text
from bot.conversation import Conversation
from bot.knowledge import load_pack
from bot.matching.sequence import SequenceQuestion, sequence_question
from bot.store import Snapshot
from tests.conftest import CLAIM, HEADER, PackWriter
from tests.test_knowledge_loader import errors_of

SECOND_CLAIM = """\
  - id: hearing
    statement: Roe spoke to the city council at a budget hearing.
    topics: [hearing]
    people: [mayor]
    reports:
      - article: a1
        excerpt: "she told the city council at a budget hearing"
        via: []
"""


def _timeline(events: str) -> str:
    return HEADER + CLAIM + SECOND_CLAIM + "timeline:\n" + events


def test_what_happened_after_an_event_is_the_next_step_with_when_and_its_facts(
    bundled: Snapshot,
) -> None:
    answer = answer_question("what happened after sessions' call with the prosecutors?", bundled)
    assert answer.answered
    assert (answer.lead or "").startswith(
        "After that, as the reporting tells it: Soon after Sessions' call, Rosenstein doubled "
        "down on Sessions' message to the prosecutors. In November 2018, Sessions left the "
        "Justice Department."
    )
    shown = [c.id for c in answer.claims]
    assert shown == ["rosenstein-similar-message", "sessions-left-doj"]
    assert all(c.attributions for c in answer.claims)  # each fact still says who reported it


def test_and_after_that_goes_on_from_what_was_just_shown(bundled: Snapshot) -> None:
    conversation = Conversation()
    conversation.ask("what happened after sessions' call with the prosecutors?", bundled)
    answer = conversation.ask("and after that?", bundled)
    assert (answer.lead or "").startswith(
        "After that, as the reporting tells it: After Rosenstein's call, John Bash passed the "
        "message on to his staff in western Texas"
    )
    assert "bash-relayed-message" in [c.id for c in answer.claims]


def test_what_happened_to_someone_after_an_event_is_only_the_steps_about_them(
    bundled: Snapshot,
) -> None:
    answer = answer_question(
        "what happened to sessions after the call with the prosecutors", bundled
    )
    assert answer.lead == (
        "After that, as the reporting tells it: In November 2018, Sessions left the Justice "
        "Department."
    )
    nothing = answer_question("what happened to bash after he emailed his staff", bundled)
    assert not nothing.answered
    assert (nothing.note or "").startswith(
        "The reporting gives nothing after this about John Bash in its account"
    )


def test_what_led_up_to_an_event_is_the_step_before_it(bundled: Snapshot) -> None:
    answer = answer_question("what led up to the sharp criticism?", bundled)
    assert (answer.lead or "").startswith(
        "Before that, as the reporting tells it: On Tuesday, The New York Times reported"
    )


def test_the_whole_order_numbers_each_step_with_the_outlets_that_report_it(
    bundled: Snapshot,
) -> None:
    answer = answer_question("can you put the events in order for me", bundled)
    assert answer.answered and answer.lead == "In the order the reporting gives:"
    steps = answer.steps
    assert steps[0] == (
        'In May 2018, Sessions announced the "zero tolerance" policy in a speech (Business '
        "Insider)."
    )
    assert steps[2] == (
        "Soon after Sessions' call, Rosenstein doubled down on Sessions' message to the "
        "prosecutors (both articles)."
    )
    # steps the reporting does not order against each other keep the pack's order
    assert [s.split(",")[0] for s in steps[3:5]] == ["After Rosenstein's call", "In November 2018"]
    text = render_text(answer)
    assert "\n1. In May 2018" in text and "\n9. Sometime after the election" in text


def test_when_the_whole_story_happened_is_its_years_then_each_step_in_order(
    bundled: Snapshot,
) -> None:
    answer = answer_question("what year was all this", bundled)
    assert answer.answered and answer.lead.startswith("The reporting places these events in 2018,")
    assert answer.steps[0].startswith("In May 2018")
    # asked after another question, it is still the whole story, not a follow-up of that one
    conversation = Conversation()
    conversation.ask("what happened after sessions' call with the prosecutors?", bundled)
    after = conversation.ask("what year was all this", bundled)
    assert after.understood_as is None and after.steps == answer.steps


def test_which_came_first_gives_the_order_the_reporting_gives(bundled: Snapshot) -> None:
    answer = answer_question("which came first, the times report or the nbc confirmation", bundled)
    assert (answer.lead or "").startswith(
        "On Tuesday, The New York Times reported on the draft report. "
        "Then: Late Tuesday, NBC News said"
    )


def test_was_x_before_y_is_answered_yes_or_no(bundled: Snapshot) -> None:
    answer = answer_question("did the nbc confirmation come before the times report?", bundled)
    assert (answer.lead or "").startswith("No. On Tuesday, The New York Times reported")


def test_how_long_after_of_the_two_steps_just_shown_gives_when_each_happened(
    bundled: Snapshot,
) -> None:
    conversation = Conversation()
    conversation.ask("was rosenstein's message before or after sessions' call?", bundled)
    answer = conversation.ask("how long after?", bundled)
    assert "Soon after Sessions' call, Rosenstein doubled down" in (answer.lead or "")


def test_two_events_the_reporting_does_not_order_are_not_ordered(bundled: Snapshot) -> None:
    answer = answer_question(
        "which happened first, the nbc confirmation or the sharp criticism", bundled
    )
    assert not answer.answered
    assert (answer.note or "").startswith("The reporting does not say which of these came first")


def test_after_the_last_step_the_reply_says_the_reporting_gives_nothing_after_it(
    bundled: Snapshot,
) -> None:
    conversation = Conversation()
    conversation.ask("what happened after the times reported it?", bundled)
    answer = conversation.ask("what happened next?", bundled)
    assert not answer.answered
    assert (answer.note or "").startswith("The reporting gives nothing after this in its account")


def test_a_pack_without_a_timeline_answers_such_questions_as_any_other(council: Snapshot) -> None:
    answer = answer_question("what happened after the vote?", council)
    assert not (answer.lead or "").startswith(("After that", "In the order"))
    # when all this happened, without a timeline, is the story
    story = answer_question("what year did all this happen", council)
    assert story.kind == "story" and not story.steps


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("so what happened right after the speech", SequenceQuestion("after", "the speech")),
        ("and after that?", SequenceQuestion("after")),
        ("then what", SequenceQuestion("after")),
        ("what came of their complaints", SequenceQuestion("after", "their complaints")),
        ("what led up to the tweet", SequenceQuestion("before", "the tweet")),
        (
            "what happened to him after the report",
            SequenceQuestion("after", "the report", about="him"),
        ),
        ("what happened first?", SequenceQuestion("first")),
        ("give me a timeline", SequenceQuestion("order")),
        ("how long after?", SequenceQuestion("compare")),
        (
            "was the email before or after the call",
            SequenceQuestion("compare", "the email", "the call"),
        ),
        (
            "was the email before the call",
            SequenceQuestion("compare", "the email", "the call", "before"),
        ),
        ("what year was all this", SequenceQuestion("order", asked="when")),
        ("in which year all this happened", SequenceQuestion("order", asked="when")),
        ("when did it all take place?", SequenceQuestion("order", asked="when")),
        ("what year is this story from", None),  # when it was published: not the events
        ("when did it happen", None),  # the answer before's fact, not the story
        ("why was he on board", None),
        ("did he do it in order to deter crossings", None),
    ],
)
def test_what_an_order_question_asks(question: str, read: SequenceQuestion | None) -> None:
    assert sequence_question(question) == read


def test_a_timeline_loads_with_each_events_followers(write_pack: PackWriter) -> None:
    root = write_pack(
        _timeline(
            """\
  - {id: e-hearing, event: Roe spoke at a hearing, when: May 2018, claims: [hearing]}
  - {id: e-cut, event: the budget cut was announced, after: [e-hearing], claims: [budget-cut]}
"""
        )
    )
    knowledge = load_pack(root)
    assert knowledge.events_after["e-hearing"] == ("e-cut",)
    assert knowledge.event_of_claim["budget-cut"] == "e-cut"
    assert knowledge.timeline["e-cut"].when is None


@pytest.mark.parametrize(
    ("events", "problem"),
    [
        (
            "  - {id: e1, event: a, claims: [budget-cutt]}\n",
            "timeline event: 'claims' refers to unknown id 'budget-cutt' (did you mean "
            "'budget-cut'?)",
        ),
        (
            "  - {id: e1, event: a, claims: [budget-cut]}\n"
            "  - {id: e2, event: b, claims: [budget-cut]}\n",
            "claim 'budget-cut' is already in timeline event 'e1'",
        ),
        (
            "  - {id: e1, event: a, after: [e2], claims: [budget-cut]}\n"
            "  - {id: e2, event: b, after: [e1], claims: [hearing]}\n",
            "'e1' comes, through 'after', after itself",
        ),
        ("  - {id: e1, event: a, claims: [hearing], date: May}\n", "unknown field 'date'"),
        ("  - {id: e1, claims: [hearing]}\n", "missing required field 'event'"),
    ],
)
def test_a_broken_timeline_is_refused_saying_where_and_why(
    write_pack: PackWriter, events: str, problem: str
) -> None:
    errors = errors_of(write_pack(_timeline(events)))
    assert any(problem in e and e.startswith("pack/pack.yaml:") for e in errors), errors


def test_the_bundled_timeline_cites_only_claims_of_the_pack(bundled: Snapshot) -> None:
    knowledge = bundled.knowledge
    assert knowledge.timeline
    assert all(c in knowledge.claims for e in knowledge.timeline.values() for c in e.claims)


def test_a_remembered_pack_keeps_its_timeline(cache_dir: Path, write_pack: PackWriter) -> None:
    root = write_pack(
        _timeline(
            "  - {id: e1, event: a hearing, claims: [hearing]}\n"
            "  - {id: e2, event: a cut, after: [e1], claims: [budget-cut]}\n"
        )
    )
    cold = load_pack(root)
    assert list(cache_dir.rglob("*.pack"))
    warm = load_pack(root)
    assert warm.timeline == cold.timeline and warm.events_after == {"e1": ("e2",)}


def test_a_long_timeline_shows_its_first_steps_and_says_how_many_there_are(
    write_pack: PackWriter,
) -> None:
    count = thresholds.MAX_STEPS + 3
    claims = "".join(
        f"""\
  - id: c{n}
    statement: Step {n} of the budget story.
    topics: [budget]
    people: [mayor]
    reports:
      - article: a1
        excerpt: "Roe said the library budget would be cut by half"
        via: []
"""
        for n in range(count)
    )
    events = "".join(
        f"  - {{id: e{n}, event: step {n}, claims: [c{n}]"
        + (f", after: [e{n - 1}]}}\n" if n else "}\n")
        for n in range(count)
    )
    snapshot = Snapshot.load(write_pack(HEADER + "claims:\n" + claims + "timeline:\n" + events))
    answer = answer_question("put the events in order", snapshot)
    assert answer.lead == f"In the order the reporting gives (the first 12 of {count} steps):"
    assert len(answer.steps) == thresholds.MAX_STEPS
    assert answer.steps[0].startswith("Step 0 (")


def test_validate_counts_the_timeline_events(bundled: Snapshot) -> None:
    from tests.test_cli import reportbot

    result = reportbot("validate", "knowledge")
    assert result.returncode == 0
    events = len(bundled.knowledge.timeline)
    assert events and result.stdout.rstrip().endswith(f"gaps, {events} timeline events")


def test_when_for_a_fact_with_no_time_gives_its_place_in_the_order(bundled: Snapshot) -> None:
    answer = answer_question("when did the sharp criticism start?", bundled)
    assert answer.answered
    assert answer.lead == (
        "The reporting gives no time for it, only that it came after this: On Tuesday, The New "
        "York Times reported on the draft report."
    )
    assert [c.id for c in answer.claims] == ["sharp-criticism"]
    # a day or a date still wants one
    assert not answer_question("what date did the sharp criticism start?", bundled).answered
