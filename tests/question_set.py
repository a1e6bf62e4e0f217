"""The development question set: what reportbot must answer, and what it must decline.

.venv/bin/python -m tests.question_set            # figures and every miss
.venv/bin/python -m tests.question_set --all      # every question with its outcome
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.answers.compose import answer_question
from bot.answers.model import Answer
from bot.store import Snapshot

QUESTIONS = Path(__file__).resolve().parent / "questions.yaml"
BUNDLED = Path(__file__).resolve().parent.parent / "knowledge"


@dataclass(frozen=True)
class Case:
    question: str
    expect: tuple[str, ...] | None  # None: must be declined


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer

    @property
    def correct(self) -> bool:
        if self.case.expect is None:
            return not self.answer.answered
        return self.answer.answered and self.answer.claims[0].id in self.case.expect

    def describe(self) -> str:
        got = (
            f"answered {[c.id for c in self.answer.claims]}"
            if self.answer.answered
            else f"declined ({self.answer.outcome})"
        )
        want = "decline" if self.case.expect is None else f"one of {list(self.case.expect)}"
        return (
            f"{'ok ' if self.correct else 'MISS'} {self.case.question[:70]!r}: {got} "
            f"at {self.answer.confidence:.2f}; want {want}"
        )


def load_cases(path: Path = QUESTIONS) -> list[Case]:
    cases = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        expect = entry["expect"]
        cases.append(Case(str(entry["q"]), None if expect == "decline" else tuple(expect)))
    return cases


def evaluate(snapshot: Snapshot, cases: list[Case]) -> list[Outcome]:
    return [Outcome(case, answer_question(case.question, snapshot)) for case in cases]


def figures(outcomes: list[Outcome]) -> tuple[float, float, int, int]:
    answerable = [o for o in outcomes if o.case.expect is not None]
    declinable = [o for o in outcomes if o.case.expect is None]
    answered_rate = sum(o.correct for o in answerable) / len(answerable)
    declined_rate = sum(o.correct for o in declinable) / len(declinable)
    return answered_rate, declined_rate, len(answerable), len(declinable)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    outcomes = evaluate(Snapshot.load(BUNDLED), load_cases())
    for outcome in outcomes:
        if args.all or not outcome.correct:
            print(outcome.describe())
    answered, declined, n_answer, n_decline = figures(outcomes)
    print(
        f"answered correctly: {answered:.1%} of {n_answer}; "
        f"declined correctly: {declined:.1%} of {n_decline}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
