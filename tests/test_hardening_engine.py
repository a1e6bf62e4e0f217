"""Hardening the answer engine: whatever text arrives as a question, the core answers well-formed.

Questions are fuzzed with hypothesis against the council pack: arbitrary Unicode, control
characters and NUL, right-to-left text and bidi overrides, combining marks and zalgo, emoji,
Discord mentions and markdown, and lengths from nothing to 10,000 characters. For every one the
engine must not raise, must stay within a safety bound in time, and must give an answer that is
well-formed, serialisable and never echoes the question into the reply.

The time bound (1 s of this thread's CPU time per question, with rendering and JSON) is a
*safety* bound that catches a runaway (a quadratic loop, a catastrophic regex), not a performance
target: a question takes well under a millisecond here, and performance is measured by
``bench/engine.py``. It counts CPU time, not wall-clock time, so that other work on a busy
machine (which can pause this thread for any length of time) cannot trip it.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bot.answers.compose import MAX_QUESTION_CHARS, answer_question
from bot.answers.model import Answer
from bot.answers.serialize import answer_to_json
from bot.answers.text import render_text
from bot.matching.intent import is_gesture
from bot.matching.language import tokens
from bot.store import KnowledgeStore, Snapshot
from bot.thresholds import MAX_SUGGESTIONS

COUNCIL = Path(__file__).resolve().parent / "packs" / "council"
SNAPSHOT = Snapshot.load(COUNCIL)
SAFETY_BOUND_CPU_SECONDS = 1.0  # a runaway guard: normal is 0.1-4 ms
OUTCOMES = {
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
}

# What a hostile or careless Discord user can type: mentions, markdown, links, code, bidi and
# invisible characters, control characters, emoji sequences, scripts other than Latin, and
# characters whose compatibility normalisation (NFKC) expands them many times over.
HOSTILE = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "<:emoji:42>",
    "[link](http://x)",
    "[how did the vote go](https://evil.example/phish)",
    "`code`",
    "```py\nprint('hi')\n```",
    "**bold** __under__ ~~strike~~ ||spoiler||",
    "> quoted\n",
    "# heading\n",
    "\\",
    "\u202e",  # right-to-left override
    "\u202d",  # left-to-right override
    "\u2066\u2067\u2068\u2069",  # bidi isolates
    "\u200f\u200e",  # right-to-left and left-to-right marks
    "\u200b\u200c\u200d\u2060",  # zero-width space, non-joiner, joiner, word joiner
    "\ufeff",  # byte order mark
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\x7f\x85\x9b",
    "\u2028\u2029",
    "e\u0301",
    "👍🏽",
    "👨\u200d👩\u200d👧\u200d👦",
    "🇺🇸",
    "كيف جرى التصويت",
    "איך הלכה ההצבעה",
    "投票はどうでしたか",
    "\ufdfa",  # one character that NFKC expands to eighteen
    "ﷺ",
    "İstanbul ß ǅ",
    "%s %d {0} {question}",
    "<script>alert(1)</script>",
    "' OR 1=1; --",
]
MENTIONS = ("@everyone", "@here", "<@")

# Words the council pack knows, so that many fuzzed questions reach the matching and answering
# path instead of stopping at "no match".
PACK_WORDS = (
    "how did the vote go council library close closure branch money save Diaz Roe mayor react "
    "when March reopen count what was who voted 5-2 4-3 Elm Street comment sad ?"
).split()


@st.composite
def zalgo(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(PACK_WORDS))
    marks = st.text(st.characters(min_codepoint=0x300, max_codepoint=0x36F), max_size=12)
    return "".join(ch + draw(marks) for ch in word)


FRAGMENT = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(PACK_WORDS),
    zalgo(),
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Me"]), max_size=8),
)

QUESTIONS = st.one_of(
    st.lists(FRAGMENT, max_size=40).flatmap(
        lambda parts: st.sampled_from([" ", "", "\n"]).map(lambda sep: sep.join(parts))
    ),
    st.text(max_size=600),
    # long questions: a fragment repeated up to 10,000 characters
    st.builds(
        lambda part, times: (part * times)[:10_000],
        st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30)),
        st.integers(min_value=1, max_value=10_000),
    ),
)

TIMINGS: list[float] = []
OUTCOME_COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def fuzz_report() -> Iterator[None]:
    """Print what the fuzzing covered (shown with ``pytest -s``); docs/hardening.md cites it."""
    yield
    if TIMINGS:
        print(
            f"\nengine fuzz: {len(TIMINGS)} questions; per question median "
            f"{statistics.median(TIMINGS) * 1000:.2f} ms, max {max(TIMINGS) * 1000:.2f} ms; "
            f"outcomes {dict(sorted(OUTCOME_COUNTS.items()))}"
        )


def timed_answer(question: str) -> tuple[Answer, str, dict, float]:
    """Answer, render and serialise one question the way the front ends do; return the CPU
    time it took this thread (the wall-clock time goes to the fuzz report only)."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    answer = answer_question(question, SNAPSHOT)
    text = render_text(answer)
    payload = answer_to_json(answer)
    json.dumps(payload)
    cpu = time.thread_time() - cpu_started
    TIMINGS.append(time.perf_counter() - started)
    OUTCOME_COUNTS[answer.outcome] += 1
    return answer, text, payload, cpu


def assert_well_formed(question: str, answer: Answer, text: str, payload: dict) -> None:
    assert answer.question == question
    assert answer.outcome in OUTCOMES
    assert answer.answered == (answer.outcome == "answered")
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.suggestions) <= MAX_SUGGESTIONS
    assert all(s.strip() for s in answer.suggestions)
    assert answer.pack_version == "1"
    if answer.answered:
        # Facts, a person or quotes carry claims; the story, its people and the sources carry
        # articles.
        if answer.kind in ("story", "people", "sources"):
            assert answer.sources or answer.claims, "a story or sources answer names articles"
            assert all(s.article in SNAPSHOT.knowledge.articles for s in answer.sources)
        elif answer.kind == "differences":
            assert answer.discrepancies, "where the outlets differ shows how they differ"
            assert all(len(d.versions) >= 2 for d in answer.discrepancies)
        else:
            assert answer.claims, "an answer carries at least one claim"
        assert all(claim.attributions for claim in answer.claims)
        assert {claim.id for claim in answer.claims} <= set(SNAPSHOT.knowledge.claims)
    else:
        assert answer.claims == ()
        assert answer.discrepancies == ()
    if is_gesture(question.strip()):
        assert answer.outcome == "help"  # a wave or a thank-you without a word
    elif not any(ch.isalnum() for ch in question):
        assert answer.outcome == "empty"
    elif len(question.strip()) > MAX_QUESTION_CHARS:
        assert answer.outcome == "too_long"

    assert text.strip(), "the reply text is never empty"
    assert payload["answer"] == text
    assert payload["question"] == question
    assert payload["answered"] is answer.answered
    assert payload["outcome"] == answer.outcome
    assert payload["confidence"] == answer.confidence
    assert [c["id"] for c in payload["claims"]] == [c.id for c in answer.claims]
    assert payload["suggestions"] == list(answer.suggestions)
    # The JSON is text a script can read back, whatever the question held.
    assert json.loads(json.dumps(payload)) == payload

    # The reply never echoes the question: rendering the same answer for a different question
    # of the same length gives the same text. So no mention, link or markup from the question
    # can reach the reply.
    stand_in = "x" * len(question)
    assert render_text(dataclasses.replace(answer, question=stand_in)) == text
    for mention in MENTIONS:
        assert mention not in text
        assert all(mention not in s for s in answer.suggestions)
    assert "](" not in text


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(question=QUESTIONS)
@example(question="")
@example(question="x" * 10_000)
@example(question="how did the vote go? " * 500)
@example(question="\x00")
@example(question="\x00how did the vote go?\x00")
@example(question="@everyone how did the vote go?")
@example(question="<@123> <@&456> how did the vote go?")
@example(question="\u202ehow did the vote go?\u202c")
@example(question="\u0301" * 499 + "a")
@example(question="a" * MAX_QUESTION_CHARS)
@example(question="a" * (MAX_QUESTION_CHARS + 1))
@example(question="\ufdfa" * MAX_QUESTION_CHARS)
def test_any_question_gets_a_well_formed_answer_within_the_safety_bound(question: str) -> None:
    answer, text, payload, cpu = timed_answer(question)

    assert_well_formed(question, answer, text, payload)
    assert cpu < SAFETY_BOUND_CPU_SECONDS, f"{cpu * 1000:.1f} ms of CPU for {question[:80]!r}"


ANSWERABLE = [
    "how did the vote go",
    "how much money will closing the library save",
    "how did Diaz react",
    "when will the library close",
    "will the library reopen",
    "what was the vote count",
]
# Characters a chat client may wrap around or between words without changing them: bidi
# controls, invisible joiners, emoji, markdown emphasis, punctuation.
NOISE = st.lists(
    st.one_of(
        st.sampled_from(list("\u202e\u202d\u2066\u2067\u2068\u2069\u200f\u200e\u200b\u2060\ufeff")),
        st.sampled_from(["👍🏽", "🇺🇸", "**", "__", "~~", "||", "!", "?", ",", ";", "(", ")", "…"]),
        st.characters(categories=["Zs", "Cf", "So", "Ps", "Pe", "Pd"]),
    ),
    max_size=4,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    question=st.sampled_from(ANSWERABLE),
    noise=st.lists(NOISE, min_size=12, max_size=12),
)
def test_bidi_controls_invisible_characters_emoji_and_markup_between_words_change_nothing(
    question: str, noise: list[str]
) -> None:
    # Noise that carries no word of its own (checked, since NFKC turns e.g. "™" into "TM").
    assume(all(tokens(part) == [] for part in noise))
    words = question.split()
    noisy = noise[0] + " " + " ".join(f"{w} {n}" for w, n in zip(words, noise[1:], strict=False))
    assume(len(noisy) <= MAX_QUESTION_CHARS)

    plain_answer = answer_question(question, SNAPSHOT)
    noisy_answer, text, payload, _ = timed_answer(noisy)

    assert_well_formed(noisy, noisy_answer, text, payload)
    assert dataclasses.replace(noisy_answer, question=question) == plain_answer
    assert text == render_text(plain_answer)


@pytest.mark.parametrize(
    "question",
    [
        "@everyone how did the vote go?",
        "how did the vote go? @here",
        "<@123> how did the vote go?",
        "how did the vote go <@&456>",
        "[how did the vote go](http://x)",
        "`how did the vote go`",
    ],
)
def test_mentions_and_markdown_around_a_real_question_never_steer_it_elsewhere(
    question: str,
) -> None:
    # A mention's name ("everyone", "123") is a word the pack does not know, so the engine may
    # decline rather than guess; but it answers or offers the vote, never anything else.
    answer, text, payload, _ = timed_answer(question)

    assert_well_formed(question, answer, text, payload)
    if answer.answered:
        assert [c.id for c in answer.claims] == ["vote-to-close"]
        assert "The council voted 5-2." in text
        assert "The council voted 4-3." in text
    else:
        assert answer.outcome == "no_match"
        assert answer.suggestions[0] == "did the council vote to close the library?"


WORST_CASES = {
    # 500 characters of distinct unknown words: every typo correction is tried
    "unknown words": " ".join(
        "".join("bcdfghjklmnpqrstvwxz"[(i * 7 + j) % 20] for j in range(6)) for i in range(71)
    ),
    # every word is in the pack: every posting list is visited
    "pack words": ((" ".join(PACK_WORDS) + " ") * 20)[:MAX_QUESTION_CHARS],
    # aliases and synonyms folded over and over
    "aliases": ("the mayor Bob Diaz the city council shut closing branch " * 10)[
        :MAX_QUESTION_CHARS
    ],
    # each character expands eighteen-fold under NFKC
    "expanding": "\ufdfa " * (MAX_QUESTION_CHARS // 2),
    "zalgo": ("v\u0301\u0302\u0303o\u0304\u0305t\u0306e\u0307 " * 50)[:MAX_QUESTION_CHARS],
    "one long word": "a" * MAX_QUESTION_CHARS,
    "10,000 characters": "how did the vote go " * 500,
}


@pytest.mark.parametrize("question", list(WORST_CASES.values()), ids=list(WORST_CASES))
def test_questions_crafted_to_be_slow_stay_within_the_safety_bound(question: str) -> None:
    worst = 0.0
    for _ in range(5):
        answer, text, payload, cpu = timed_answer(question)
        assert_well_formed(question, answer, text, payload)
        worst = max(worst, cpu)
    assert worst < SAFETY_BOUND_CPU_SECONDS, f"{worst * 1000:.1f} ms of CPU"


# --- answers while the facts are reloaded -----------------------------------------------------

# The council pack's second edition: every field an answer shows differs somewhere.
EDITION_2 = {
    "pack.yaml": [
        ('version: "1"', 'version: "2"'),
        ("name: The Elm Gazette", "name: The Elm Herald"),
        ("title: the council minutes", "title: the meeting minutes"),
        (
            "statement: The city council voted to close the Elm Street library branch.",
            "statement: The city council voted to shut the Elm Street library branch for good.",
        ),
        (
            '"The council voted 5-2.", excerpt: "voted 5-2 on Monday"',
            '"The council voted 6-1.", excerpt: "voted 6-1 on Tuesday"',
        ),
        ("voted 5-2 on Monday", "voted 6-1 on Tuesday"),
        ("via: [minutes]}", "via: [minutes, council]}"),
        ("save $2 million a year", "save $3 million a year"),
        ("but buildings are.", "but roofs are."),
        ("not any plan to reopen.", "not any plan to reopen it, or to sell it."),
        ("The branch will close in March.", "The branch will close in April."),
        ('"The branch will close in March"', '"The branch will close in April"'),
    ],
    "sources/gazette.txt": [
        ("voted 5-2 on Monday", "voted 6-1 on Tuesday"),
        ("$2 million", "$3 million"),
        ("but buildings are", "but roofs are"),
    ],
    "sources/anon.txt": [("close in March", "close in April")],
}
RELOAD_QUESTIONS = [
    "how did the vote go?",
    "what was the vote count?",
    "how much money will closing the library save?",
    "how did diaz react?",
    "will the library reopen?",
    "when will the library close?",
]


def second_edition(tmp_path: Path) -> Path:
    root = tmp_path / "council-2"
    shutil.copytree(COUNCIL, root)
    for name, edits in EDITION_2.items():
        text = (root / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (root / name).write_text(text, encoding="utf-8")
    return root


def differing_fields(one: Answer, other: Answer) -> set[str]:
    ours = answer_to_json(one)
    theirs = answer_to_json(other)
    return {key for key in ours if ours[key] != theirs[key]}


ASKERS = 8
CYCLES = 5  # full cycles 1 -> 2 -> 1
SERVED_WITHIN = 30.0  # seconds for some question to be answered from a new edition (a hang guard)


def test_answers_during_continuous_reloads_are_wholly_old_or_wholly_new(tmp_path: Path) -> None:
    editions = {"1": COUNCIL, "2": second_edition(tmp_path)}
    expected = {
        version: {q: answer_question(q, Snapshot.load(root)) for q in RELOAD_QUESTIONS}
        for version, root in editions.items()
    }
    # The two editions answer every question differently, in several fields at once, so a
    # mixture of the two could not pass for either.
    for question in RELOAD_QUESTIONS:
        one, two = expected["1"][question], expected["2"][question]
        assert one.outcome == two.outcome, question
        assert {"pack_version", "answer"} < differing_fields(one, two), question
    assert differing_fields(
        expected["1"][RELOAD_QUESTIONS[0]], expected["2"][RELOAD_QUESTIONS[0]]
    ) >= {"pack_version", "answer", "claims", "discrepancies"}

    store = KnowledgeStore.open(editions["1"])

    # A question holds the snapshot it started with while a reload swaps the store's under it:
    # it still gets the old edition's whole answer, and the next question gets the new one's.
    held = store.snapshot
    swapped = store.reload(editions["2"])
    assert swapped.ok and swapped.version == "2", swapped.errors
    assert store.snapshot is not held
    for question in RELOAD_QUESTIONS:
        assert answer_question(question, held) == expected["1"][question]
        assert answer_question(question, store.snapshot) == expected["2"][question]
    assert store.reload(editions["1"]).ok

    # Askers on several threads ask without pause while the test swaps the editions in
    # lock-step: after each swap it waits until some question has been answered from the
    # snapshot just swapped in, so both editions are served however the threads are scheduled.
    answered = threading.Condition()
    answers: list[tuple[str, Answer, Snapshot, int]] = []  # keeps every snapshot used alive
    served_snapshots: set[int] = set()  # ids of the snapshots some answer came from
    errors: list[BaseException] = []
    reloading_done = threading.Event()

    def ask(first: int) -> None:
        turn = first
        try:
            while True:  # at least one question per asker, then on until the reloads are done
                question = RELOAD_QUESTIONS[turn % len(RELOAD_QUESTIONS)]
                turn += 1
                snapshot = store.snapshot  # a question reads the store once, at its start
                answer = answer_question(question, snapshot)
                with answered:
                    answers.append((question, answer, snapshot, threading.get_ident()))
                    served_snapshots.add(id(snapshot))
                    answered.notify_all()
                if reloading_done.is_set():
                    return
        except BaseException as error:  # reported below, not lost in a thread
            errors.append(error)

    askers = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(ASKERS)]
    reloads: list[str] = []
    try:
        for asker in askers:
            asker.start()
        for cycle in range(CYCLES):
            for version in ("2", "1"):
                result = store.reload(editions[version])
                assert result.ok, result.errors
                assert result.version == version
                reloads.append(version)
                current = id(store.snapshot)  # this test is the only reloader
                with answered:
                    served = answered.wait_for(
                        lambda now=current: now in served_snapshots, SERVED_WITHIN
                    )
                assert served, (
                    f"no question was answered from edition {version} (cycle {cycle + 1}) "
                    f"within {SERVED_WITHIN:.0f} s of swapping it in; errors: {errors}"
                )
    finally:
        reloading_done.set()
        for asker in askers:
            asker.join(timeout=SERVED_WITHIN)
    assert not errors, errors
    assert not any(asker.is_alive() for asker in askers), "an asker did not finish"

    assert reloads == ["2", "1"] * CYCLES
    assert len({thread for *_, thread in answers}) == ASKERS  # every asker answered
    seen: Counter[str] = Counter()
    for question, answer, _, _ in answers:
        assert answer.pack_version in expected, answer
        whole = expected[answer.pack_version][question]
        mixed = differing_fields(answer, whole)
        assert not mixed, f"{question!r} from edition {answer.pack_version} differs in {mixed}"
        assert answer == whole
        seen[answer.pack_version] += 1
    assert set(seen) == {"1", "2"}, f"only edition(s) {set(seen)} answered; reloads: {reloads}"
