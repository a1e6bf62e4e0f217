"""Reader question sets written from the articles alone, scored by what an answer says.

Fifty-three sets, each written by someone who never saw the pack's phrasings or the engine's
answers:

* ``tests/devset/``, ``tests/dev2/``, ``tests/dev3/``, ``tests/dev4/`` (the casual register of a
  chat: slang, filler, hearsay, typos), ``tests/dev5/`` (paraphrase: descriptions for names,
  everyday words for the articles' own, with close traps), ``tests/dev6/`` (whose words,
  counting, time, documents, follow-ups, premises), ``tests/dev7/`` (a reader chatting over
  several messages), ``tests/dev8/`` (a realistic mix of a server's first week),
  ``tests/dev9/`` (people who only half-remember the story), ``tests/dev10/`` (a realistic
  week of a community server), ``tests/dev11/`` (readers who check what they heard, right
  or wrong), ``tests/dev12/`` (readers who want specifics), ``tests/dev13/`` and
  ``tests/dev14/`` (readers who compare and ask about the reporting itself, by two writers),
  ``tests/dev15/`` and ``tests/dev16/`` (readers who ask why and how, and what came before and
  after), ``tests/dev17/`` and ``tests/dev18/`` (readers whose English is not a textbook's:
  non-native wording, voice dictation, heavy typos), ``tests/dev19/`` and ``tests/dev20/``
  (readers who press for specifics, and details the articles mention but never give),
  ``tests/dev21/`` and ``tests/dev22/`` (a newsroom's own server: lines of copy to check,
  credit, spellings, summaries of a given length), ``tests/dev23/`` (readers who describe
  someone instead of naming them: "the congresswoman", "the prosecutor who took notes"),
  ``tests/dev24/`` (readers who push back and ask where things come from: "source?", "are you
  sure?", "that can't be right, it was X"), ``tests/dev25/`` (messages that ask two things at
  once, bury the question after a preamble, or correct themselves mid-message),
  ``tests/dev26/`` (a reader's own everyday words, and details next to reported ones that the
  articles do not give), ``tests/dev27/`` (who and which: people, groups and documents, names
  the articles do not give, and the talk around a question), ``tests/dev28/`` (how, where, by
  what means, and what else: the details around what is reported), ``tests/dev29/``
  (reactions and responses: who answered whom, statements, refusals to comment, and the
  reactions the articles do not report), the development sets: tune on them freely;
* ``tests/heldout/``, ``tests/heldout2/``, ``tests/heldout3/`` (first contact and talk about
  the bot, readers' own words), ``tests/heldout4/`` (readers' own words), ``tests/heldout5/``
  (whose words, counting, time, documents, follow-ups, premises), ``tests/heldout6/`` (a
  reader chatting over several messages), ``tests/heldout7/`` (a realistic mix of a server's
  first week), ``tests/heldout8/`` (tricky shapes: what articles give of themselves, two
  questions in one, which of two things someone is, who did what to whom, "when" against "what
  day", shorthand, pronouns beside a name), ``tests/heldout9/`` (people who only
  half-remember the story), ``tests/heldout10/`` (a realistic week of a community server),
  ``tests/heldout11/`` (readers who check what they heard, right or wrong),
  ``tests/heldout12/`` (readers who want specifics), ``tests/heldout13/`` (readers who
  compare and ask about the reporting itself), ``tests/heldout14/`` (why and how, before and
  after), ``tests/heldout15/`` (English that is not a textbook's), ``tests/heldout16/``
  (readers who press for specifics), ``tests/heldout17/`` (a newsroom's own server),
  ``tests/heldout18/`` (readers who describe someone instead of naming them),
  ``tests/heldout19/`` (readers who push back and ask where things come from),
  ``tests/heldout20/`` (two things at once, or a question buried in a longer message),
  ``tests/heldout21/`` (a reader's own everyday words, and details the articles do not give),
  ``tests/heldout22/`` (who and which: people, groups and documents, and the talk around a
  question), ``tests/heldout23/`` (how, where, by what means, and what else) and
  ``tests/heldout24/`` (reactions and responses), the held-out sets: never tune on them. They
  are measured, reported and guarded against regressions, nothing more (``--figures``: the
  figures without the questions). When a new failure class shows up, write fresh held-out
  questions for it instead of moving these.

Scoring is independent of the pack's ids: an answer counts when it is given, its text contains
every ``must`` group (any one alternative of each, ignoring case and typography) and it names the
outlet that carries the fact. A follow-up (``after``) is asked after its earlier message, by the
same person in the same conversation; when that message is a follow-up too, the whole
conversation is replayed, oldest message first.

.venv/bin/python -m tests.reader_questions dev          # figures and every miss (also dev2)
.venv/bin/python -m tests.reader_questions heldout --figures   # held out: figures only
.venv/bin/python -m tests.reader_questions dev --all    # every question with its outcome
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from bot.answers.model import Answer
from bot.answers.text import render_text
from bot.conversation import Conversation
from bot.store import Snapshot

HELDOUT = Path(__file__).resolve().parent / "heldout" / "questions.yaml"
HELDOUT2 = Path(__file__).resolve().parent / "heldout2" / "questions.yaml"
DEVSET = Path(__file__).resolve().parent / "devset" / "questions.yaml"
DEVSET2 = Path(__file__).resolve().parent / "dev2" / "questions.yaml"
DEVSET3 = Path(__file__).resolve().parent / "dev3" / "questions.yaml"
DEVSET4 = Path(__file__).resolve().parent / "dev4" / "questions.yaml"
DEVSET5 = Path(__file__).resolve().parent / "dev5" / "questions.yaml"
DEVSET6 = Path(__file__).resolve().parent / "dev6" / "questions.yaml"
HELDOUT3 = Path(__file__).resolve().parent / "heldout3" / "questions.yaml"
HELDOUT4 = Path(__file__).resolve().parent / "heldout4" / "questions.yaml"
HELDOUT5 = Path(__file__).resolve().parent / "heldout5" / "questions.yaml"
HELDOUT6 = Path(__file__).resolve().parent / "heldout6" / "questions.yaml"
DEVSET7 = Path(__file__).resolve().parent / "dev7" / "questions.yaml"
DEVSET8 = Path(__file__).resolve().parent / "dev8" / "questions.yaml"
HELDOUT7 = Path(__file__).resolve().parent / "heldout7" / "questions.yaml"
HELDOUT8 = Path(__file__).resolve().parent / "heldout8" / "questions.yaml"
HELDOUT9 = Path(__file__).resolve().parent / "heldout9" / "questions.yaml"
HELDOUT10 = Path(__file__).resolve().parent / "heldout10" / "questions.yaml"
DEVSET9 = Path(__file__).resolve().parent / "dev9" / "questions.yaml"
DEVSET10 = Path(__file__).resolve().parent / "dev10" / "questions.yaml"
DEVSET11 = Path(__file__).resolve().parent / "dev11" / "questions.yaml"
HELDOUT11 = Path(__file__).resolve().parent / "heldout11" / "questions.yaml"
DEVSET12 = Path(__file__).resolve().parent / "dev12" / "questions.yaml"
HELDOUT12 = Path(__file__).resolve().parent / "heldout12" / "questions.yaml"
DEVSET13 = Path(__file__).resolve().parent / "dev13" / "questions.yaml"
HELDOUT13 = Path(__file__).resolve().parent / "heldout13" / "questions.yaml"
DEVSET14 = Path(__file__).resolve().parent / "dev14" / "questions.yaml"
DEVSET15 = Path(__file__).resolve().parent / "dev15" / "questions.yaml"
DEVSET16 = Path(__file__).resolve().parent / "dev16" / "questions.yaml"
HELDOUT14 = Path(__file__).resolve().parent / "heldout14" / "questions.yaml"
DEVSET17 = Path(__file__).resolve().parent / "dev17" / "questions.yaml"
DEVSET18 = Path(__file__).resolve().parent / "dev18" / "questions.yaml"
HELDOUT15 = Path(__file__).resolve().parent / "heldout15" / "questions.yaml"
HELDOUT16 = Path(__file__).resolve().parent / "heldout16" / "questions.yaml"
DEVSET19 = Path(__file__).resolve().parent / "dev19" / "questions.yaml"
DEVSET20 = Path(__file__).resolve().parent / "dev20" / "questions.yaml"
HELDOUT17 = Path(__file__).resolve().parent / "heldout17" / "questions.yaml"
DEVSET21 = Path(__file__).resolve().parent / "dev21" / "questions.yaml"
DEVSET22 = Path(__file__).resolve().parent / "dev22" / "questions.yaml"
DEVSET23 = Path(__file__).resolve().parent / "dev23" / "questions.yaml"
HELDOUT18 = Path(__file__).resolve().parent / "heldout18" / "questions.yaml"
DEVSET24 = Path(__file__).resolve().parent / "dev24" / "questions.yaml"
DEVSET25 = Path(__file__).resolve().parent / "dev25" / "questions.yaml"
HELDOUT19 = Path(__file__).resolve().parent / "heldout19" / "questions.yaml"
HELDOUT20 = Path(__file__).resolve().parent / "heldout20" / "questions.yaml"
DEVSET26 = Path(__file__).resolve().parent / "dev26" / "questions.yaml"
DEVSET27 = Path(__file__).resolve().parent / "dev27" / "questions.yaml"
DEVSET28 = Path(__file__).resolve().parent / "dev28" / "questions.yaml"
HELDOUT21 = Path(__file__).resolve().parent / "heldout21" / "questions.yaml"
HELDOUT22 = Path(__file__).resolve().parent / "heldout22" / "questions.yaml"
HELDOUT23 = Path(__file__).resolve().parent / "heldout23" / "questions.yaml"
DEVSET29 = Path(__file__).resolve().parent / "dev29" / "questions.yaml"
HELDOUT24 = Path(__file__).resolve().parent / "heldout24" / "questions.yaml"
SETS = {
    "dev": DEVSET,
    "dev2": DEVSET2,
    "dev3": DEVSET3,
    "dev4": DEVSET4,
    "dev5": DEVSET5,
    "dev6": DEVSET6,
    "dev7": DEVSET7,
    "heldout": HELDOUT,
    "heldout2": HELDOUT2,
    "heldout3": HELDOUT3,
    "heldout4": HELDOUT4,
    "heldout5": HELDOUT5,
    "heldout6": HELDOUT6,
    "heldout7": HELDOUT7,
    "heldout8": HELDOUT8,
    "dev8": DEVSET8,
    "heldout9": HELDOUT9,
    "heldout10": HELDOUT10,
    "dev9": DEVSET9,
    "dev10": DEVSET10,
    "dev11": DEVSET11,
    "heldout11": HELDOUT11,
    "dev12": DEVSET12,
    "heldout12": HELDOUT12,
    "dev13": DEVSET13,
    "heldout13": HELDOUT13,
    "dev14": DEVSET14,
    "dev15": DEVSET15,
    "dev16": DEVSET16,
    "heldout14": HELDOUT14,
    "dev17": DEVSET17,
    "dev18": DEVSET18,
    "heldout15": HELDOUT15,
    "heldout16": HELDOUT16,
    "dev19": DEVSET19,
    "dev20": DEVSET20,
    "heldout17": HELDOUT17,
    "dev21": DEVSET21,
    "dev22": DEVSET22,
    "dev23": DEVSET23,
    "heldout18": HELDOUT18,
    "dev24": DEVSET24,
    "dev25": DEVSET25,
    "heldout19": HELDOUT19,
    "heldout20": HELDOUT20,
    "dev26": DEVSET26,
    "dev27": DEVSET27,
    "dev28": DEVSET28,
    "heldout21": HELDOUT21,
    "heldout22": HELDOUT22,
    "heldout23": HELDOUT23,
    "dev29": DEVSET29,
    "heldout24": HELDOUT24,
}
BUNDLED = Path(__file__).resolve().parent.parent / "knowledge"

Kind = Literal["answer", "decline", "help"]
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_UNNAMED = ("unnamed outlet", "outlet is not named", "outlet not named")


def _normal(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).casefold().split())


@dataclass(frozen=True)
class Case:
    question: str
    kind: Kind
    must: tuple[tuple[str, ...], ...] = ()
    outlet: str = "any"
    after: str | None = None


@dataclass(frozen=True)
class Outcome:
    case: Case
    answer: Answer

    @property
    def text(self) -> str:
        return _normal(render_text(self.answer))

    @property
    def correct(self) -> bool:
        kind, answer = self.case.kind, self.answer
        if kind == "help":
            return answer.outcome == "help"
        if kind == "decline":
            return not answer.answered
        if not answer.answered:
            return False
        text = self.text
        for group in self.case.must:
            if not any(_normal(option) in text for option in group):
                return False
        outlet = self.case.outlet
        if outlet == "unnamed":
            return any(marker in text for marker in _UNNAMED)
        if outlet != "any":
            return _normal(outlet) in text
        return True

    @property
    def wrong(self) -> bool:
        """A confident wrong answer: something was answered, and it was not what was asked."""
        return self.answer.answered and not self.correct

    def describe(self) -> str:
        answer = self.answer
        got = (
            f"answered {[c.id for c in answer.claims]}"
            if answer.answered
            else f"declined ({answer.outcome})"
        )
        if self.case.kind == "answer":
            want = f"must {[list(g) for g in self.case.must]} outlet {self.case.outlet}"
        else:
            want = self.case.kind
        after = f" after {self.case.after[:40]!r}" if self.case.after else ""
        flag = "ok  " if self.correct else ("WRONG" if self.wrong else "MISS")
        return (
            f"{flag} {self.case.question[:70]!r}{after}: {got} at {answer.confidence:.2f}; "
            f"want {want}"
        )


def load_cases(path: Path) -> list[Case]:
    cases = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        expect = entry.get("expect")
        kind: Kind = expect if expect in ("decline", "help") else "answer"
        must = tuple(tuple(str(option) for option in group) for group in entry.get("must", ()))
        cases.append(
            Case(
                str(entry["q"]),
                kind,
                must,
                str(entry.get("outlet", "any")),
                str(entry["after"]) if entry.get("after") else None,
            )
        )
    return cases


def evaluate(snapshot: Snapshot, cases: list[Case]) -> list[Outcome]:
    by_question = {case.question: case for case in cases}
    outcomes = []
    for case in cases:
        conversation = Conversation()
        for earlier in earlier_messages(case, by_question):
            conversation.ask(earlier, snapshot)
        outcomes.append(Outcome(case, conversation.ask(case.question, snapshot)))
    return outcomes


MAX_EARLIER = 6  # messages of a conversation replayed before a follow-up, at most


def earlier_messages(case: Case, by_question: dict[str, Case]) -> list[str]:
    """The conversation before a follow-up, oldest first: its earlier message, and that one's
    own earlier message if it is a follow-up too ("where" after "what did she say?" after "who
    is the DOJ spokeswoman")."""
    chain: list[str] = []
    after = case.after
    while after is not None and after not in chain and len(chain) < MAX_EARLIER:
        chain.append(after)
        earlier = by_question.get(after)
        after = earlier.after if earlier is not None else None
    return chain[::-1]


@dataclass(frozen=True)
class Figures:
    answered: float  # answerable questions answered correctly
    declined: float  # traps declined
    helped: float  # greetings and help requests given the help reply
    wrong: float  # of every answer given, the share that was wrong
    answerable: int
    traps: int
    help: int

    def line(self) -> str:
        return (
            f"answered correctly {self.answered:.1%} of {self.answerable}; "
            f"traps declined {self.declined:.1%} of {self.traps}; "
            f"help {self.helped:.1%} of {self.help}; wrong answers {self.wrong:.1%}"
        )


def figures(outcomes: list[Outcome]) -> Figures:
    def rate(kind: Kind) -> tuple[float, int]:
        chosen = [o for o in outcomes if o.case.kind == kind]
        return (sum(o.correct for o in chosen) / len(chosen) if chosen else 1.0), len(chosen)

    answered, n_answer = rate("answer")
    declined, n_decline = rate("decline")
    helped, n_help = rate("help")
    given = [o for o in outcomes if o.answer.answered]
    wrong = sum(o.wrong for o in given) / len(given) if given else 0.0
    return Figures(answered, declined, helped, wrong, n_answer, n_decline, n_help)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("set", choices=sorted(SETS))
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--figures", action="store_true", help="the figures only, no question")
    args = parser.parse_args()
    outcomes = evaluate(Snapshot.load(BUNDLED), load_cases(SETS[args.set]))
    for outcome in outcomes:
        if not args.figures and (args.all or not outcome.correct):
            print(outcome.describe())
    print(figures(outcomes).line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
