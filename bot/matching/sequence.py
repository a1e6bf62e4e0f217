"""Questions about the order of events: "what happened after Sessions' call", "and after that?",
"what led up to the criticism", "what happened first", "put it all in order", "was Bash's email
before or after Rosenstein's call".

A reader following a story asks what came next. Ranking the words of "what happened after the
call" finds the call itself, a confident wrong answer; the answer is the event the reporting
puts after it. So the question is read here for its direction and for what it is anchored on (an
event named in its words, or "that": the answer before); the pack's timeline gives the order
(``knowledge/README.md``). Only general English is read here: the events come from the pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.matching.language import tokens

Direction = Literal["after", "before", "first", "order", "compare"]

_OPENING = r"^(?:(?:so|and|ok|okay|then|but|alright|right|wait|hmm|um)\s+)*"
_HAPPENED = r"(?:happened|happens|came|comes|followed|follows|occurred|was|went down|took place)"
# "what happened after the call", "what came next", "what happened right after that"
_AFTER = re.compile(
    rf"{_OPENING}what\s+(?:{_HAPPENED}|did (?:it|that|this) lead to)"
    r"(?:\s+(?:right|immediately|soon|just|shortly|directly))?"
    r"\s+(?:after(?:wards?)?|next|then|later|following)\b(.*)$"
)
# "and after that?", "then what?", "what next?", "and then?", "after that what happened"
_AFTER_THAT = re.compile(
    rf"{_OPENING}(?:(?:and\s+)?(?:right\s+)?after\s+(?:that|this|it)(?:\s+what(?:\s+{_HAPPENED})?)?"
    r"|then\s+what(?:\s+happened)?|what\s+next|and\s+then(?:\s+what)?|what\s+(?:came|happened)"
    r"\s+after\s+(?:that|this|it)|what\s+was\s+next)\s*$"
)
# "what happened to Sessions after the report came out": the steps after it that are about him
_HAPPENED_TO = re.compile(
    rf"{_OPENING}what\s+(?:happened|happens|became)\s+(?:to|of)\s+(.+?)\s+"
    r"(after|before|since)\s+(.+)$"
)
# "what came of the attorneys' concerns": what the reporting puts after them
_CAME_OF = re.compile(rf"{_OPENING}what\s+(?:came|has come|ever came)\s+of\b(.*)$")
# "what happened before the call", "what led up to the criticism", "what came before that"
_BEFORE = re.compile(
    rf"{_OPENING}what\s+(?:{_HAPPENED}\s+(?:right\s+|just\s+)?before|led\s+up\s+to|"
    r"came\s+first\s+before)\b(.*)$"
)
_FIRST = re.compile(
    rf"{_OPENING}(?:what\s+(?:happened|came|was)\s+first|how\s+did\s+(?:it|this|this\s+all|it\s+"
    r"all|the\s+story|everything)\s+(?:start|begin)|where\s+does\s+(?:it|the\s+story)\s+start|"
    r"what\s+started\s+(?:it|this|it\s+all|all\s+this))\b\s*$"
)
_ORDER = re.compile(
    r"\b(?:timeline|chronology|chronological(?:ly)?|sequence of events|order of events|in what "
    r"order|what order|in order(?! to)|step by step)\b"
)
# "when did all this happen", "what year was all this": when the story's events took place, as
# its steps in order say (each with when the reporting places it); "this story" or "the
# article" asks when it was published, not this
_WHEN_ALL = re.compile(
    rf"{_OPENING}(?:when|(?:in )?(?:what|which) (?:year|years|month|months|time)) (?:did |was |"
    r"were |is |does |do )?(?:all (?:of )?(?:this|that|these)|(?:this|that|it) all|everything|"
    r"the whole (?:thing|story)|these events|all these events)(?: (?:happen|happened|take place|"
    r"took place|go down|went down|happening|was|were|about|start|began|begin))?$"
)
# "was X before or after Y", "did X come before Y", "which came first, X or Y"
# ("did Sessions say it after the call" asks what he said, not which came first: a "did" asks
# the order only of something that happened, came or took place)
_COMPARE = re.compile(
    r"^(?:(?:was|were|is)\s+(.+?)|(?:did|does|do)\s+(.+?)\s+(?:happen|come|take\s+place|occur))"
    r"\s+(before|after)\s+(or\s+(?:before|after)\s+)?(.+)$"
)
# "how long after the speech did Sessions leave", "how soon after the call did Rosenstein...":
# the two events, each with when the reporting places it
_HOW_LONG = re.compile(
    r"^(?:roughly |about |so )?how (?:long|much later|many months|many days) (after|before) "
    r"(.+?) (?:did|was|were|had|has|does|do) (.+)$"
)
# "how long did Sessions stay at DOJ after announcing the policy"
_HOW_LONG_UNTIL = re.compile(r"^how long (?:did|was|were|had) (.+?) (after|before) (.+)$")
# "how long after?", "how soon after that?", "how much later": of the two steps just shown
_HOW_LONG_BETWEEN = re.compile(
    rf"{_OPENING}how (?:long|soon|much later|many months|many days)(?: after| before| later| "
    r"between)?(?: (?:that|this|it|them))?$"
)
_WHICH_FIRST = re.compile(r"^(?:which|what)\s+(?:came|happened|was)\s+first\s+(.+?)\s+or\s+(.+)$")
_THAT = frozenset("that this it those these then".split())


@dataclass(frozen=True, slots=True)
class SequenceQuestion:
    """Which way a question looks along the timeline, from what (``anchor``: the words naming
    an event; empty for "that", the answer before) and, to compare, what else (``other``)."""

    direction: Direction
    anchor: str = ""
    other: str = ""
    asked: str = ""  # "was X before Y": "before", the order the reader asks to confirm ("when":
    # when the whole story took place)
    about: str = ""  # "what happened to Sessions after the report": whom the steps must be about


def _anchor(rest: str) -> str:
    words = rest.split()
    return "" if not words or all(w in _THAT for w in words) else " ".join(words)


def sequence_question(text: str) -> SequenceQuestion | None:
    said = " ".join(tokens(text))
    if not said:
        return None
    if _AFTER_THAT.match(said):
        return SequenceQuestion("after")
    found = _HAPPENED_TO.match(said)
    if found is not None and _anchor(found.group(3)):
        direction: Direction = "before" if found.group(2) == "before" else "after"
        return SequenceQuestion(direction, found.group(3), about=found.group(1))
    found = _AFTER.match(said) or _CAME_OF.match(said)
    if found is not None:
        return SequenceQuestion("after", _anchor(found.group(1)))
    found = _BEFORE.match(said)
    if found is not None:
        return SequenceQuestion("before", _anchor(found.group(1)))
    if _FIRST.match(said):
        return SequenceQuestion("first")
    if _HOW_LONG_BETWEEN.match(said):
        return SequenceQuestion("compare")
    found = _HOW_LONG.match(said)
    if found is not None:
        return SequenceQuestion("compare", found.group(3), found.group(2))
    found = _HOW_LONG_UNTIL.match(said)
    if found is not None:
        return SequenceQuestion("compare", found.group(1), found.group(3))
    found = _WHICH_FIRST.match(said)
    if found is not None:
        return SequenceQuestion("compare", found.group(1), found.group(2))
    found = _COMPARE.match(said)
    if found is not None and _anchor(found.group(5)):
        # "was X before Y" asks whether X came before Y ("before or after Y": which)
        asked = "" if found.group(4) else found.group(3)
        return SequenceQuestion("compare", found.group(1) or found.group(2), found.group(5), asked)
    if _WHEN_ALL.match(said):
        return SequenceQuestion("order", asked="when")
    if _ORDER.search(said):
        return SequenceQuestion("order")
    return None
