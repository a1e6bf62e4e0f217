"""Typography-tolerant, wording-strict placing of a quotation or excerpt in its article.

Articles and curators disagree on typography (curly and straight quotes, "A.G.'s" and "AG's",
"DOJ." and "DOJ", dashes, line breaks, letter case, fullwidth letters), never on words. So both
sides are reduced to their words after NFKC and case folding, and a passage is verbatim when its
words occur as one contiguous run of the article's words. What changes a statement stays in the
words: digits with their decimal points and thousands commas, a currency sign before a number,
a percent sign after it, a plus or minus in front ("$1.5" is not "$15", "€2" is not "$2", "50%"
is not "50").

A passage found is also *placed*: whether it is a whole sentence, a whole quotation or a fragment
that cuts its sentence, and which words stand just outside it. That is what refuses a fragment
too short to mean anything or one that leaves out the "not" beside it, and what puts an ellipsis
where a fragment cuts its sentence.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

MIN_FRAGMENT_WORDS = 3  # a fragment of a sentence must have this many, unless a whole quotation
NEGATIONS = frozenset({"not", "never", "no", "cannot", "nor"})  # and every "...n't"
ELLIPSIS = "…"

_APOSTROPHES = "'’‘‛ʼ`´"
_CURRENCY = "$¢£¤¥֏؋৲৳฿៛₠-⃏﷼"
# A word: letters and digits, joined across apostrophes ("won't"), periods ("A.G.", "1.5") and
# commas between digits ("1,000"); with a currency sign before a number, a sign in front of it
# and a percent sign after it, since those change what the number says.
_TOKEN = re.compile(
    rf"(?:[{_CURRENCY}]\s?(?=[-+\u2212]?\d))?"
    r"(?:(?<![^\s(\[{])[-+\u2212](?=\d))?"
    r"[^\W_]+"
    rf"(?:(?:\.[{_APOSTROPHES}]*|[{_APOSTROPHES}]+|(?<=\d),(?=\d))[^\W_]+)*"
    r"(?:(?<=\d)\s?[%‰‱])?"
)
_DROPPED = str.maketrans("", "", _APOSTROPHES + " \t\n\r\f\v")
_STRAY_PERIOD = re.compile(r"(?<!\d)\.|\.(?!\d)")  # a period kept only as a decimal point
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A sentence ends at its punctuation (when a capital or a digit follows), at a blank line or
# paragraph separator, and before a bulleted line; a single line break is not an end, since
# archived texts are often wrapped mid-sentence ("we should NOT\nbe categorically declining").
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*(?:[A-Z0-9]|[^\x00-\x7f]))"  # a capital next (checked)
    r"|(?:\r?\n|\r|\x85)[ \t\f\v]*(?:\r?\n|\r|\x85)|\u2029"
    r"|(?:\r?\n|\r|\x85)(?=[ \t]*[•·‣◦*] )"
)
_BREAK_STARTS = "\n\r\x85\u2029"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rep sen gov gen lt col sgt capt st jr sr rev hon pres atty dept vs inc "
    "co corp ltd jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_OPENING_QUOTES = "“„«‹"
_CLOSING_QUOTES = "”»›"
_DOUBLE_QUOTES = '"“”„«»'
# What an ellipsis replaces at a cut: spaces, commas, dashes, quotation marks, another ellipsis.
_LEADING_EDGE = re.compile(r"^(?:\s|[,;:…—–\-\"'“”‘’]|\.{2,})+")
_TRAILING_EDGE = re.compile(r"(?:\s|[,;:…—–\-\"'“”‘’]|\.{2,})+$")


def _key(raw: str) -> str:
    """One word as it is compared: case-folded, apostrophes and non-decimal periods dropped."""
    if raw.isascii():
        if raw.isalnum():
            return raw.lower()
        key = raw.lower()
    else:
        key = unicodedata.normalize("NFKC", raw.casefold())
    key = key.translate(_DROPPED)
    if "." in key:
        key = _STRAY_PERIOD.sub("", key)
    return key.replace("\u2212", "-")


def _keys(norm: str, raws: list[str] | None = None) -> list[str]:
    """The compared form of each word of a normalized text (its words, if already found)."""
    if raws is None:
        raws = _TOKEN.findall(norm)
    if norm.isascii():  # the common case: a plain word folds by lower-casing alone
        return [raw.lower() if raw.isalnum() else _key(raw) for raw in raws]
    return [_key(raw) for raw in raws]


def _normalize(text: str) -> tuple[str, array | None]:
    """NFKC, and where each normalized character came from (None: nowhere else).

    Only runs of non-ASCII characters can change; each character is normalized together with
    the combining marks that follow it (and the character before a run, which a mark at its start
    composes with), so positions map back to the original.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    parts: list[str] = []
    origin = array("i")
    done = 0
    for run in _NON_ASCII.finditer(text):
        start = max(done, run.start() - 1)
        parts.append(text[done:start])
        origin.extend(range(done, start))
        index = start
        while index < run.end():
            cluster_end = index + 1
            while cluster_end < run.end() and unicodedata.combining(text[cluster_end]):
                cluster_end += 1
            piece = unicodedata.normalize("NFKC", text[index:cluster_end])
            parts.append(piece)
            origin.extend([index] * len(piece))
            index = cluster_end
        done = run.end()
    parts.append(text[done:])
    origin.extend(range(done, len(text)))
    origin.append(len(text))
    return "".join(parts), origin


def words(text: str) -> str:
    """The text's words as the verbatim check compares them, separated by single spaces: two
    wordings with the same ``words`` differ only in typography ("DOJ." and "DOJ")."""
    norm, _ = _normalize(text)
    return " ".join(_keys(norm))


def with_ellipses(body: str, *, before: bool, after: bool) -> str:
    """The passage as a reader sees it: an ellipsis on each side where it cuts its sentence."""
    if before:
        body = ELLIPSIS + _LEADING_EDGE.sub("", body)
    if after:
        body = _TRAILING_EDGE.sub("", body) + ELLIPSIS
    return body


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a passage stands in its article, and how it is shown to a reader."""

    start: int  # character offsets in the article's text
    end: int
    first_sentence: int  # indices into ArticleText.sentences()
    last_sentence: int
    cut_before: bool  # it starts inside a sentence, not at its start or at a quotation mark
    cut_after: bool
    whole_quotation: bool
    body: str  # the curator's text, or the article's own characters for compatibility forms

    @property
    def shown(self) -> str:
        return with_ellipses(self.body, before=self.cut_before, after=self.cut_after)


MISSING, TOO_SHORT, DROPS_NEGATION, NO_WORDS = "missing", "too short", "drops negation", "empty"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a passage cannot stand as the article's words; ``reason`` completes a sentence."""

    kind: str  # MISSING, TOO_SHORT, DROPS_NEGATION or NO_WORDS
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int  # character offsets in the article's text
    end: int
    line: int  # 1-based, in the article's text file
    column: int
    text: str  # whitespace collapsed


def _clip(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ArticleText:
    """An article's words and sentences, prepared once so that many passages are placed cheaply."""

    __slots__ = (
        "_ends",
        "_norm",
        "_offsets",
        "_origin",
        "_padded",
        "_sentences",
        "_starts",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        norm, self._origin = _normalize(text)
        self._norm = norm
        found = list(_TOKEN.finditer(norm))
        self._starts = array("i", map(re.Match.start, found))
        self._ends = array("i", map(re.Match.end, found))
        keys = _keys(norm, list(map(re.Match.group, found)))
        # where each word starts in the padded string " key key ... "
        self._offsets = array("i", accumulate(map(len, keys), lambda at, n: at + n + 1, initial=1))
        self._padded = f" {' '.join(keys)} "
        self._sentences = self._sentence_starts()

    # --- sentences ---------------------------------------------------------------------------

    def _sentence_starts(self) -> array:
        """Where each sentence starts (in the normalized text); each holds at least one word."""
        norm, starts = self._norm, self._starts
        cuts = [0]
        for end in _SENTENCE_END.finditer(norm):
            mark = end.group()
            if mark[0] in _BREAK_STARTS:
                cuts.append(end.end())
                continue
            after = end.end()
            while norm[after].isspace() or norm[after] in "\"'“‘«([":
                after += 1  # the lookahead saw a letter or digit further on
            if not norm[after].isascii() and not (norm[after].isupper() or norm[after].isdigit()):
                continue
            if mark[0] == "." and self._abbreviation_before(end.start()):
                continue
            cuts.append(end.end())
        kept = array("i")
        for index, cut in enumerate(cuts):
            following = cuts[index + 1] if index + 1 < len(cuts) else len(norm) + 1
            first = bisect.bisect_left(starts, cut)
            if first < len(starts) and starts[first] < following:
                kept.append(cut)
        return kept

    def _abbreviation_before(self, period: int) -> bool:
        index = bisect.bisect_left(self._ends, period)
        if index >= len(self._ends) or self._ends[index] != period:
            return False
        raw = self._norm[self._starts[index] : period]
        initials = _INITIALS.fullmatch(raw) is not None  # "U.S", "A.G", "J"
        return initials or raw.lower() in _ABBREVIATIONS

    def _sentence_of(self, token: int) -> int:
        return bisect.bisect_right(self._sentences, self._starts[token]) - 1

    def sentences(self) -> tuple[Sentence, ...]:
        """The article's sentences, in order, each located in its text file."""
        out = []
        bounds = [*self._sentences, len(self._norm)]
        line, line_start, scanned = 1, 0, 0
        for index in range(len(self._sentences)):
            start, end = self._original(bounds[index]), self._original(bounds[index + 1])
            chunk = self.text[start:end]
            skip = len(chunk) - len(chunk.lstrip(" \t\n\r\f\v\x85\u2028\u2029•·*‣◦-–—"))
            start += skip
            end = start + len(self.text[start:end].rstrip())
            for position in range(scanned, start):
                if self.text[position] == "\n":
                    line, line_start = line + 1, position + 1
            scanned = start
            text = " ".join(self.text[start:end].split())
            out.append(Sentence(index, start, end, line, start - line_start + 1, text))
        return tuple(out)

    # --- positions ---------------------------------------------------------------------------

    def _original(self, position: int) -> int:
        """The article-text offset of a normalized-text offset (a start, or an end)."""
        origin = self._origin
        if origin is None:
            return position
        if position >= len(origin) - 1:
            return origin[-1]
        if position > 0 and origin[position] == origin[position - 1]:  # inside one character
            following = position
            while following < len(origin) - 1 and origin[following] == origin[position - 1]:
                following += 1
            return origin[following]
        return origin[position]

    def _occurrences(self, keys: list[str]) -> Iterator[int]:
        needle = f" {' '.join(keys)} "
        at = self._padded.find(needle)
        while at >= 0:
            yield bisect.bisect_left(self._offsets, at + 1)
            at = self._padded.find(needle, at + 1)

    def _opens_quotation(self, position: int) -> bool:
        norm, index = self._norm, position - 1
        while index >= 0 and norm[index] in " \t":
            index -= 1
        if index < 0:
            return False
        mark = norm[index]
        if mark in _OPENING_QUOTES:
            return True
        if mark in "\"'‘":  # a straight mark opens only after a space: `said, "We` not `we," He`
            return index == 0 or norm[index - 1].isspace() or norm[index - 1] in "([{—–-:"
        return False

    def _closes_quotation(self, position: int) -> bool:
        norm, index = self._norm, position
        while index < len(norm) and norm[index] in ",.;:!?":
            index += 1
        if index >= len(norm):
            return False
        mark = norm[index]
        following = norm[index + 1] if index + 1 < len(norm) else "\n"
        if mark in _CLOSING_QUOTES:
            return True
        if mark == '"':
            return not following.isalnum()
        if mark in "'’":  # an apostrophe ends "kids' parents" too: only with punctuation by it
            return index > position or not (following.isalnum() or following in " \t")
        return False

    def _negation(self, token: int) -> str | None:
        """The word at ``token`` if it is a negation ("not", "never", "don't"), else None."""
        key = self._padded[self._offsets[token] : self._offsets[token + 1] - 1]
        if key not in NEGATIONS and not key.endswith("nt"):
            return None
        raw = self._norm[self._starts[token] : self._ends[token]]
        folded = raw.casefold()
        for mark in _APOSTROPHES[1:]:
            folded = folded.replace(mark, "'")
        return raw if folded in NEGATIONS or folded.endswith("n't") else None

    def _words(self, first: int, last: int) -> int:
        """Words from token ``first`` to ``last``, counted up to the minimum a fragment needs.

        Tokens joined without a space ("86-page", "5-2") are one word."""
        norm, starts, ends = self._norm, self._starts, self._ends
        words = 1
        for token in range(first + 1, last + 1):
            if words >= MIN_FRAGMENT_WORDS:
                break
            if any(c.isspace() for c in norm[ends[token - 1] : starts[token]]):
                words += 1
        return words

    def _span(self, first: int, last: int) -> str:
        start = self._original(self._starts[first])
        return self.text[start : self._original(self._ends[last])]

    # --- placing a passage -------------------------------------------------------------------

    def contains(self, passage: str) -> bool:
        """Whether the passage's words occur in the article as one run (fragment rules aside)."""
        keys = _keys(_normalize(passage)[0])
        return bool(keys) and next(self._occurrences(keys), None) is not None

    def place(self, passage: str, label: str = "the article") -> Placement | Refusal:
        """Place the passage at its first occurrence that stands as the article's words.

        ``label`` names the article in a refusal ("article 'bi'").
        """
        keys = _keys(_normalize(passage)[0])
        if not keys:
            return Refusal(NO_WORDS, f"has no words to find in {label}")
        refused: Refusal | None = None
        for first in self._occurrences(keys):
            outcome = self._placement(passage, first, first + len(keys) - 1, label)
            if isinstance(outcome, Placement):
                return outcome
            refused = refused or outcome
        return refused or Refusal(MISSING, self._not_found(keys, label))

    def _placement(self, passage: str, first: int, last: int, label: str) -> Placement | Refusal:
        starts, ends, count = self._starts, self._ends, len(self._starts)
        first_sentence, last_sentence = self._sentence_of(first), self._sentence_of(last)
        at_start = first == 0 or self._sentence_of(first - 1) != first_sentence
        at_end = last == count - 1 or self._sentence_of(last + 1) != last_sentence
        opened = self._opens_quotation(starts[first])
        closed = self._closes_quotation(ends[last])
        inside = self._norm[starts[first] : ends[last]]
        whole_quotation = opened and closed and not any(q in inside for q in _DOUBLE_QUOTES)
        cut_before, cut_after = not (at_start or opened), not (at_end or closed)
        if not at_start:
            negation = self._negation(first - 1)
            if negation:
                return Refusal(
                    DROPS_NEGATION,
                    f"leaves out {negation!r} just before it in {label}, which turns its meaning "
                    f"around; include it: {_clip(self._span(first - 1, last))!r}",
                )
        if not at_end:
            negation = self._negation(last + 1)
            if negation:
                return Refusal(
                    DROPS_NEGATION,
                    f"leaves out {negation!r} just after it in {label}, which turns its meaning "
                    f"around; include it: {_clip(self._span(first, last + 1))!r}",
                )
        words = MIN_FRAGMENT_WORDS
        if (cut_before or cut_after) and not whole_quotation:
            words = self._words(first, last)
        if words < MIN_FRAGMENT_WORDS:
            bounds = [*self._sentences, len(self._norm)]
            sentence = self.text[
                self._original(bounds[first_sentence]) : self._original(bounds[first_sentence + 1])
            ]
            return Refusal(
                TOO_SHORT,
                f"is {words} word{'s' if words != 1 else ''} cut from a sentence of {label}; "
                f"give at least {MIN_FRAGMENT_WORDS} words, or the whole sentence or quotation "
                f"({_clip(sentence)!r})",
            )
        start, end = self._original(starts[first]), self._original(ends[last])
        original = self.text[start:end]
        if original != self._norm[starts[first] : ends[last]] or not unicodedata.is_normalized(
            "NFKC", passage
        ):
            body = original  # compatibility forms: the article's own characters
        else:
            body = passage.strip()
        return Placement(
            start,
            end,
            first_sentence,
            last_sentence,
            cut_before,
            cut_after,
            whole_quotation,
            body,
        )

    def _not_found(self, keys: list[str], label: str) -> str:
        message = f"does not occur in {label}"
        article = self._padded.split()
        matcher = difflib.SequenceMatcher(None, article, keys, autojunk=False)
        at, into, size = matcher.find_longest_match(0, len(article), 0, len(keys))
        if size < min(2, len(keys)) or not article:
            return message
        first = max(0, at - into)
        last = min(len(article) - 1, first + len(keys) - 1)
        return f"{message}; the closest passage there reads {_clip(self._span(first, last))!r}"
