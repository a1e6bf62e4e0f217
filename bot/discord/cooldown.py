"""Per-user rate limits: a few questions per window, counted fairly.

A sliding window rather than a fixed bucket: "3 questions per 10 s" means no 10-second span ever
holds a fourth, whatever the clock says. One instance limits questions; a second, smaller one
limits how often we *tell* someone to slow down, so the notice cannot become the spam.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    """``rate`` events per ``per`` seconds for each key (a user id)."""

    def __init__(
        self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("a cooldown needs rate >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._calls = 0

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


def retry_text(seconds: float) -> str:
    """ "in 4 seconds" — rounded up, so waiting that long always works."""
    whole = max(1, int(seconds) + (seconds % 1 > 0))
    return f"in {whole} second{'s' if whole != 1 else ''}"
