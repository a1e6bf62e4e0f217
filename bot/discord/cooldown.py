"""Per-person rate limits in separate buckets, so reading never trips them and flooding does.

Three buckets, each a sliding window per user (RoboDanny allows 10 commands per 12 s):

* **questions** — ``/ask``, a chat question, a pressed suggestion: each runs the matcher and may
  post in a channel (5 per 10 s by default);
* **lookups** — ``/quote``, ``/quotes``, ``/sources``, ``/claim``, ``/discrepancies``, ``/help``,
  ``/forget``, the Sources and page buttons: cheap reads from memory (15 per 10 s);
* **admin** — ``/reload`` and ``/unanswered`` (3 per 60 s).

A reader who asks and then looks at the quote, the sources and the claim uses one question and
three lookups; a script sending dozens a second is stopped within its first window. A sliding
window rather than a fixed bucket: "5 per 10 s" means no 10-second span ever holds a sixth,
whatever the clock says. A fourth, tiny bucket limits how often chat is *told* to slow down, so
the notice cannot become the spam.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.settings import Rate, Settings

Clock = Callable[[], float]


class Cooldown:
    """``rate`` events per ``per`` seconds for each key (a user id)."""

    def __init__(self, rate: int, per: float, *, clock: Clock = time.monotonic) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("a cooldown needs rate >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._calls = 0

    @classmethod
    def of(cls, rate: Rate, *, clock: Clock = time.monotonic) -> Cooldown:
        return cls(rate.count, rate.seconds, clock=clock)

    def hit(self, key: int) -> float:
        """Record an event for ``key``; 0.0 if allowed, else seconds until it would be."""
        now = self._clock()
        self._calls += 1
        if self._calls % 1024 == 0:
            self._forget(now)
        hits = self._hits.setdefault(key, deque(maxlen=self.rate))
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return max(self.per - (now - hits[0]), 0.001)
        hits.append(now)
        return 0.0

    def _forget(self, now: float) -> None:
        """Drop users idle for a whole window, so memory follows active users only."""
        idle = [key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self.per]
        for key in idle:
            del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)


class Cooldowns:
    """The buckets one bot keeps (see the module docstring), built from the settings."""

    BUCKETS = ("questions", "lookups", "admin")

    def __init__(
        self, questions: Rate, lookups: Rate, admin: Rate, *, clock: Clock = time.monotonic
    ) -> None:
        self.questions = Cooldown.of(questions, clock=clock)
        self.lookups = Cooldown.of(lookups, clock=clock)
        self.admin = Cooldown.of(admin, clock=clock)
        # How often someone is *told* to slow down in chat: once per question window.
        self.slow_down_notices = Cooldown(1, questions.seconds, clock=clock)

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = time.monotonic) -> Cooldowns:
        return cls(
            settings.cooldown_questions,
            settings.cooldown_lookups,
            settings.cooldown_admin,
            clock=clock,
        )

    def bucket(self, name: str) -> Cooldown:
        if name not in self.BUCKETS:
            raise ValueError(f"no cooldown bucket {name!r}; there are {', '.join(self.BUCKETS)}")
        return getattr(self, name)  # type: ignore[no-any-return]


SLOW_DOWN = {
    "questions": "You're asking quickly — please try again {retry}.",
    "lookups": "That's a lot of lookups at once — please try again {retry}.",
    "admin": "That was just done; please try again {retry}.",
}


def retry_text(seconds: float) -> str:
    """ "in 4 seconds" — rounded up, so waiting that long always works."""
    whole = max(1, int(seconds) + (seconds % 1 > 0))
    return f"in {whole} second{'s' if whole != 1 else ''}"


def slow_down(bucket: str, seconds: float) -> str:
    """The private note for someone over ``bucket``'s rate."""
    return SLOW_DOWN[bucket].format(retry=retry_text(seconds))
