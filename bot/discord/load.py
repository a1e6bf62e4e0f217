"""Acknowledge first, answer second — but only when the bot is busy.

An answer takes about a millisecond to build, so normally the reply *is* the acknowledgement:
one call, nothing to edit later. Under a burst, interactions queue behind each other and the
last ones in line would wait for all the answers before theirs; past a few dozen in flight (or
once an interaction is already old) the bot defers first — a tiny "thinking…" response sent
at once, well inside Discord's 3 seconds — and edits the answer in when it is ready.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

import discord


class LoadGuard:
    """Counts interactions being handled and says when to defer before answering."""

    def __init__(
        self,
        *,
        max_direct: int = 24,
        max_age: float = 1.0,
        now: Callable[[], datetime.datetime] = discord.utils.utcnow,
    ) -> None:
        self.max_direct = max_direct
        self.max_age = max_age
        self._now = now
        self.in_flight = 0
        self.deferred = 0  # how often load made us defer (for logs and tests)

    @contextlib.contextmanager
    def track(self) -> Iterator[None]:
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    def should_defer(self, created_at: datetime.datetime) -> bool:
        """True when many interactions are ahead of this one, or it has already waited long.

        The age comes from the interaction's snowflake, i.e. Discord's clock; a host clock a
        second off only makes deferring more or less eager, never breaks a reply.
        """
        busy = self.in_flight > self.max_direct
        old = (self._now() - created_at).total_seconds() > self.max_age
        if busy or old:
            self.deferred += 1
            return True
        return False
