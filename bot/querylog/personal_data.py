"""Obvious personal data taken out of a question before it is stored.

The query log is there to show which questions the facts do not answer, not who asked or how
to reach them. People paste e-mail addresses, phone numbers, Discord mentions and ids, and
links with tokens into a question box; none of that helps an editor and all of it is personal,
so it is replaced by a placeholder before the question is written (the answer was already
given from the full text). This is a net for the obvious, not a guarantee: names and free-text
details stay, which is why answer-channel logging is off unless the operator turns it on.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bhttps?://\S+"), "[link]"),
    (re.compile(r"(?i)\b[\w.+%-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b"), "[email]"),
    (re.compile(r"<(?:@[!&]?|#)\d+>"), "[mention]"),
)
# Phone, account and card numbers, Discord ids: a run of digits with the usual separators.
_NUMBER = re.compile(r"(?<![\w.])\+?\(?\d[\d ()./-]*\d(?![\w])")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}")
MIN_DIGITS = 7  # fewer is a count, a year, a date or a percentage, which editors need to see


def _number(match: re.Match[str]) -> str:
    text = match.group(0)
    if sum(ch.isdigit() for ch in text) < MIN_DIGITS or _DATE.fullmatch(text.strip()):
        return text
    return "[number]"


def redact_personal_data(text: str) -> str:
    """``"mail me at a@b.org or +44 20 7946 0958"`` → ``"mail me at [email] or [number]"``."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return _NUMBER.sub(_number, text)
