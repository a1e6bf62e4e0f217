"""The chat questions answered lately, so a question its author deletes takes its answer along.

A reply to a chat question echoes the question (the decline's title, the suggestion buttons)
and the query log may hold it. When the author deletes their message, they meant it gone: the
bot deletes its reply and the log entry too. Discord says only which message id was deleted,
so the bot remembers, for its most recent answers, which reply and which entry belong to which
question. Bounded, in memory: after a restart, or for questions older than the last
``size`` answered, only the log entry's retention period removes them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from bot.querylog import QueryEntry


@dataclass(frozen=True, slots=True)
class Answered:
    channel_id: int
    reply_id: int
    entry: QueryEntry | None  # None when the question was not logged


class AnsweredMessages:
    """question message id → :class:`Answered`, the least recent forgotten first.

    A question can be deleted while its reply is on its way: Discord tells of the deletion
    before the bot has noted which reply it sent. Deletions of messages it holds no answer for
    are kept too (the most recent ``size``), so that the reply sent a moment later is taken
    back as well, whichever of the two the bot hears of first."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._by_question: OrderedDict[int, Answered] = OrderedDict()
        self._deleted: OrderedDict[int, None] = OrderedDict()

    def remember(self, question_id: int, answered: Answered) -> bool:
        """Note the reply to a question; False when the question is already deleted, and the
        reply must be taken back at once."""
        if question_id in self._deleted:
            del self._deleted[question_id]
            return False
        self._by_question[question_id] = answered
        self._by_question.move_to_end(question_id)
        while len(self._by_question) > self._size:
            self._by_question.popitem(last=False)
        return True

    def pop(self, question_id: int) -> Answered | None:
        """The reply to a deleted question, if the bot sent one (else the deletion is kept for
        a reply still on its way)."""
        answered = self._by_question.pop(question_id, None)
        if answered is None:
            self._deleted[question_id] = None
            while len(self._deleted) > self._size:
                self._deleted.popitem(last=False)
        return answered

    def __len__(self) -> int:
        return len(self._by_question)
