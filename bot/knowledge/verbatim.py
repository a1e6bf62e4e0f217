"""Typography-tolerant, wording-strict comparison of a quotation with its article.

Articles disagree on typography (curly and straight quotes, "A.G.'s" and "AG's", "DOJ." and
"DOJ", dashes, line breaks), never on words. So both sides are reduced to their sequence of
words, with letter case, apostrophes, periods and every other mark dropped, and a quote is verbatim
when its words occur as one contiguous run of the article's words.
"""

from __future__ import annotations

import re
import unicodedata

# Marks that sit *inside* a word ("won't", "A.G.", "U.S.") and are removed without a break.
_JOINERS = re.compile(r"['’‘‛`´ʼ.]")
_SEPARATORS = re.compile(r"[^\w]+|_+")


def words(text: str) -> str:
    """The text's words, lower-cased and separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _JOINERS.sub("", text)
    return " ".join(_SEPARATORS.sub(" ", text).split())


class ArticleText:
    """An article's words, prepared once so that many excerpts can be checked cheaply."""

    __slots__ = ("_padded",)

    def __init__(self, text: str) -> None:
        self._padded = f" {words(text)} "

    def contains(self, passage: str) -> bool:
        needle = words(passage)
        return bool(needle) and f" {needle} " in self._padded
