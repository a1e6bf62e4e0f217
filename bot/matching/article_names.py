"""How readers point at one of the articles without naming its outlet, read as the outlet.

"What does the first article say about Bash", "what site is the second article from", "the
headline of the other article, the one that isn't BI", "which outlet published the one with
no headline": readers number the articles in the order they were given (the pack's order), say
"the other" of two when they have named one, and describe an article by what it lacks. Each
such reference is rewritten as the article's outlet ("the Business Insider article", or "the
unnamed article" for the one outlet a pack cannot name), which the rest of the engine reads as
any outlet named in a question. Nothing here knows a story: the articles come from the pack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip
_NUMBERS = {"one": 0, "1": 0, "two": 1, "2": 1, "three": 2, "3": 2, "four": 3, "4": 3}
_NOUNS = "article|story|piece|post|link"
_NOUN = rf"(?:{_NOUNS})"
_BY_PLACE = re.compile(
    rf"(?i)\b(?:the )?({'|'.join(_ORDINALS)}) {_NOUN}\b|\b(?:the )?(?:article|story|piece) "
    rf"(?:number |no\.? |#)?({'|'.join(_NUMBERS)})\b"
)
# "the other article", "other one": of two, the one not named ("BI vs the other article")
_OTHER = re.compile(rf"(?i)\b(?:the )?other (?:{_NOUNS}|one)\b")
_HEADLINELESS = re.compile(
    r"(?i)\b(?:the )?(?:no[- ]headline (?:article|story|piece|one)|(?:article|story|piece|one) "
    r"(?:with no|without an?|w/o an?|that has no) (?:headline|title))\b"
)

# "the article with no outlet name", "the one that doesn't say where it's from"
_NAMELESS = re.compile(
    r"(?i)\b(?:the )?(?:article|story|piece|one) (?:with no|without an?|w/o an?|that has no|"
    r"with an? unnamed|that (?:doesn'?t|does not) (?:name|give|say) (?:its|an?|the)) "
    r"(?:outlet|publisher|source|site|publication)(?: names?| named)?\b"
)


@dataclass(frozen=True, slots=True)
class ArticleName:
    """One article as readers may be told of it: its outlet (id, and name, None when the pack
    cannot name it) and whether it has a headline."""

    outlet: str
    name: str | None
    headline: bool


# "…the other article, the one that isn't BI": said of the other, once it is named
_NOT_THAT_ONE = re.compile(
    r"(?i),?\s*(?:the |that )?(?:one|article|story|piece)?\s*(?:that|which)?\s*(?:isn'?t|is not|"
    r"wasn'?t|was not|not) (?:from |by |in )?[^,?.!]*"
)


# "the article that isn't from BI", "the piece not by Business Insider", "the non-BI one": of
# two outlets' articles, the one whose outlet the words after the negation do not name
_NEGATED = re.compile(
    rf"(?i)\b(?:the |that )?(?:{_NOUNS}|one)\s*(?:that |which )?(?:isn'?t|is not|wasn'?t|was not|"
    r"not) (?:from |by |in |published by |written by )?(?:the )?([^,?.!]*?)(?= (?:say|says|said|"
    r"report|reports|reported|give|gives|call|calls|put|puts|quote|quotes|describe|describes|"
    r"have|has)\b|[,?.!]|$)"
    rf"|\b(?:the )?non-? ?(\w+(?: \w+)?) (?:{_NOUNS}|one)\b"
)


def called(article: ArticleName) -> str:
    """How a question names the article: by its outlet, as the rest of the engine reads it."""
    if article.name is None:
        return "the unnamed article"
    name = article.name
    return f"{name} article" if name.lower().startswith("the ") else f"the {name} article"


def name_articles(
    text: str, articles: tuple[ArticleName, ...], outlets_named: Callable[[str], set[str]]
) -> str | None:
    """The text with each article it points at by place, by lack or as "the other" (of two
    outlets' articles, when it names one) named by its outlet; None when it points at none (or
    at one the pack does not hold).
    ``outlets_named`` gives the ids of the outlets a text names."""
    if len(articles) < 2:
        return None  # one article: "the article" is already it

    def by_place(found: re.Match[str]) -> str:
        word = (found.group(1) or found.group(2)).lower()
        place = _ORDINALS.get(word, _NUMBERS.get(word))
        if place is None or place >= len(articles):
            return found.group(0)
        return called(articles[place])

    named = _BY_PLACE.sub(by_place, text)
    headlineless = [a for a in articles if not a.headline]
    if len(headlineless) == 1:
        named = _HEADLINELESS.sub(called(headlineless[0]), named)
    other = _OTHER.search(named) if len({a.outlet for a in articles}) == 2 else None
    if other is not None:
        mentioned = outlets_named(named[: other.start()] + " " + named[other.end() :])
        others = [a for a in articles if a.outlet not in mentioned]
        if len(others) == 1:
            after = _NOT_THAT_ONE.sub("", named[other.end() :], count=1)
            named = named[: other.start()] + called(others[0]) + after
    nameless = [a for a in articles if a.name is None]
    if len(nameless) == 1:
        # (after "the other": "the other article, the one with no outlet name" is that one)
        named = _NAMELESS.sub(called(nameless[0]), named)
    if len({a.outlet for a in articles}) == 2:
        named = _NEGATED.sub(lambda found: _not_named(found, articles, outlets_named), named)
    return named if named != text else None


def _not_named(
    found: re.Match[str],
    articles: tuple[ArticleName, ...],
    outlets_named: Callable[[str], set[str]],
) -> str:
    mentioned = outlets_named(found.group(1) or found.group(2))
    others = [a for a in articles if a.outlet not in mentioned]
    if len(mentioned) != 1 or len(others) != 1:
        return found.group(0)
    return called(others[0])
