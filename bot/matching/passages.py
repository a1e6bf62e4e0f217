"""Where in an article: "what's the 2nd paragraph of the first article", "what do the bullet
points at the top of the BI article say", "how does the BI piece end".

Readers who have the article open point at its parts. The archived text is the pack's own (every
quote is checked against it), so its parts can be shown word for word: body paragraphs (not the
headline, a picture's alt text or caption, nor the bullet points, which are asked for as such),
the bullet points, and the last lines. After one part, "and the second one?" or "next" asks
for another part of the same kind (:func:`another_place`). Nothing here knows a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORDINALS = {
    "first": 0, "1st": 0, "opening": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "last": -1, "final": -1,
    "closing": -1,
}  # fmt: skip
_PLACE = "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th)"
_PARAGRAPH = re.compile(rf"(?i)\b(?:the )?({_PLACE}) (?:paragraph|para|graf)s?\b")
_BULLET = re.compile(
    rf"(?i)\b(?:(?:the )?({_PLACE}) )?(?:bullet(?: point)?s?|bulleted (?:points|summary)|key "
    r"points at the top|summary (?:points|bullets))\b"
)
# "how does the BI piece end", "what's at the very end of the article", "the last lines"
_PIECE = r"(?:it|(?:the |this |that )?(?:[\w'-]+ ){0,3}(?:article|piece|story|post|write-?up))\b"
_END = re.compile(
    rf"(?i)\bhow does {_PIECE} end\b|\b(?:at|in) the (?:very )?(?:end|bottom) of {_PIECE}|\bthe "
    rf"(?:very )?(?:end|ending|bottom|last lines?) of {_PIECE}"
)
# "how does the unnamed article start", "the beginning of the BI piece": its first paragraph
_START = re.compile(
    rf"(?i)\bhow does {_PIECE}(?: [\w'-]+){{0,4}} (?:start|begin|open)\b|\b(?:at|in) the (?:very )?"
    rf"(?:start|beginning) of {_PIECE}|\bthe (?:very )?(?:start|beginning|opening|first "
    rf"lines?) of {_PIECE}"
)
_BULLET_MARK = re.compile(r"^\s*[•▪‣◦*·-]\s+")
BODY_WORDS = 8  # a line shorter than this is a caption, alt text or a link, not a paragraph
END_CHARS = 240  # the end of an article: its last lines, up to about this much
PASSAGE_CHARS = 600  # a passage longer than this is cut at a word


@dataclass(frozen=True, slots=True)
class PassageQuestion:
    """What part of an article is asked for: a body paragraph by place (``place``, 0-based,
    -1 the last), the bullet points (``bullets``; one of them by place, or all), or its end."""

    place: int | None = None
    bullets: bool = False
    end: bool = False


def _place(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    return _ORDINALS[word] if word in _ORDINALS else int(word[:-2]) - 1


def passage_question(text: str) -> PassageQuestion | None:
    said = " ".join(text.split())
    found = _BULLET.search(said)
    if found is not None:
        return PassageQuestion(place=_place(found.group(1)), bullets=True)
    found = _PARAGRAPH.search(said)
    if found is not None:
        return PassageQuestion(place=_place(found.group(1)))
    if _END.search(said):
        return PassageQuestion(end=True)
    if _START.search(said):
        return PassageQuestion(place=0)
    return None


# "and the second one?", "the next", "3rd?": after a part of an article, the same kind of part
_ANOTHER_PLACE = re.compile(
    rf"(?i)^(?:(?:and|also|so|ok|okay|then|now|what about|how about|and what about)\s+)?"
    rf"(?:the\s+)?({_PLACE}|next|following|previous)(?:\s+(?:one|1|please|pls))*\s*[?.!]*$"
)


def another_place(question: str, before: PassageQuestion) -> PassageQuestion | None:
    """The part a follow-up of ``before`` asks for by place alone (None: it is not one, or
    "next" has no place to follow: after the end, or after every bullet point)."""
    found = _ANOTHER_PLACE.match(" ".join(question.split()))
    if found is None or before.end:
        return None
    word = found.group(1).lower()
    if word in ("next", "following", "previous"):
        if before.place is None or before.place < 0:
            return None
        place = before.place + (-1 if word == "previous" else 1)
        if place < 0:
            return None
    else:
        place = _place(word)
    return PassageQuestion(place=place, bullets=before.bullets)


def _ordinal(place: int) -> str:
    if place < 0:
        return "last"
    number = place + 1
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def asked_as(part: PassageQuestion, article: str) -> str:
    """The words that ask for this part of the article ``article`` names, as
    :func:`passage_question` reads them back."""
    if part.end:
        return f"how does {article} end"
    kind = "bullet point" if part.bullets else "paragraph"
    if part.place is None:
        return f"the {kind}s of {article}"
    return f"the {_ordinal(part.place)} {kind} of {article}"


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def bullet_points(text: str) -> list[str]:
    return [_BULLET_MARK.sub("", line) for line in _lines(text) if _BULLET_MARK.match(line)]


def paragraphs(text: str, headline: str | None) -> list[str]:
    """The body paragraphs, in order: not the headline, a caption, alt text or link line, nor
    a bullet point."""
    heading = " ".join(headline.split()) if headline else None
    return [
        line
        for line in _lines(text)
        if line != heading and not _BULLET_MARK.match(line) and len(line.split()) >= BODY_WORDS
    ]


def ending(text: str) -> list[str]:
    """The article's last lines, as many as fit about :data:`END_CHARS` (at least one)."""
    lines = _lines(text)
    kept: list[str] = []
    for line in reversed(lines):
        if kept and sum(len(k) for k in kept) + len(line) > END_CHARS:
            break
        kept.insert(0, line)
    return kept


def cut(passage: str) -> str:
    if len(passage) <= PASSAGE_CHARS:
        return passage
    return passage[:PASSAGE_CHARS].rsplit(" ", 1)[0] + "…"
