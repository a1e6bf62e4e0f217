"""Which one is meant: "which border are we talking about", "what policy is this all about".

A reader who asks which of a kind of thing the story is about wants the name the reporting
gives it: the "U.S.-Mexico border", the "zero tolerance" policy. The reporting names a thing so
by a proper name or a quoted one just before the word for its kind; the most common such name
in the facts that use the word is the answer, with the fact that names it. The pack's own
words decide, so nothing here knows a story.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.answers import replies
from bot.answers.model import Answer
from bot.matching.language import STOPWORDS
from bot.store import Snapshot

_FACTS_READ = 40  # facts that use the word most, read for the name they give it

# A proper name ("U.S.-Mexico", "Elm Street") or a quoted one (“zero tolerance”) before the
# word for the kind of thing ("border"), a word at most between ("library" branch): group 1 or
# group 2 is the name, group 3 the word between.
_NAMING = r"(?:((?:[A-Z][\w.]*(?:[-–][A-Z][\w.]*)*\s)+)|[\"“]([^\"”]{2,40})[\"”][ -])([a-z]+ )?"


def thing_meant_answer(question: str, kind: str, snapshot: Snapshot) -> Answer | None:
    """The name the reporting gives the ``kind`` of thing asked about most often, with the
    fact that names it soonest (None: the facts never name it so)."""
    knowledge = snapshot.knowledge
    ranking = snapshot.index.rank(kind, limit=_FACTS_READ)
    naming = re.compile(rf"{_NAMING}{re.escape(kind)}s?\b")
    names: Counter[str] = Counter()
    holding: dict[str, dict[str, int]] = {}  # each name's facts, by where in them it stands
    shown: dict[str, str] = {}  # each name as first written
    for candidate in ranking.candidates:
        if candidate.target.kind != "claim":
            continue
        claim = knowledge.claims[candidate.target.id]
        for text in (claim.statement, *(r.excerpt for r in claim.reports)):
            for found in naming.finditer(text):
                name = _proper(found.group(1)) or (found.group(2) and f"“{found.group(2)}”")
                if not name:
                    continue  # "The border": a sentence's first word names nothing
                between = found.group(3) or ""  # "Elm Street library branch"
                key = " ".join(re.split(r"[\s\-–]+", name.casefold()))  # zero-tolerance
                shown.setdefault(key, f"{name} {between}".strip())
                names[key] += 1
                at = holding.setdefault(key, {})
                at[claim.id] = min(at.get(claim.id, found.start()), found.start())
    if not names:
        return None
    key, _ = names.most_common(1)[0]
    name = shown[key]
    # the fact that names it soonest is the one most about it ("the 'zero-tolerance' policy
    # led to...", not "...an investigation into the 'zero tolerance' policy")
    first = min(holding[key], key=lambda c: holding[key][c])
    return replies.facts(
        question,
        knowledge,
        [first],
        1.0,
        lead=f"The {name} {kind}, as the reporting names it.",
    )


def _proper(words: str | None) -> str | None:
    """The name in capitalised words, without a sentence's opening word ("The", "In")."""
    if not words:
        return None
    kept = words.split()
    while kept and kept[0].casefold() in STOPWORDS:
        kept.pop(0)
    return " ".join(kept) or None
