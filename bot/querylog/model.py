"""What the query log stores and the interface every backend offers.

The log exists to show an operator which questions the facts do not answer yet, so that the pack
can grow where people actually ask. It is not an audit trail: user ids are kept only when the
operator opts in, and can be erased per user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.querylog.personal_data import redact_personal_data

if TYPE_CHECKING:
    from bot.answers.model import Answer

#: Longer questions are cut before storing: the log shows what people ask, not everything pasted.
MAX_STORED_QUESTION_CHARS = 2000

_SPACE = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[\s\W_]+$")
_LEADING_SPACE_PUNCT = re.compile(r"^[\s¿¡]+")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})


def normalise_question(question: str) -> str:
    """The form declined questions are grouped by: ``"Who is Rod?? "`` → ``"who is rod"``.

    Case, Unicode compatibility forms, curly quotes, runs of whitespace and trailing punctuation
    are what people vary without meaning anything different; the words themselves stay.
    """
    text = unicodedata.normalize("NFKC", question).translate(_TYPOGRAPHY).casefold()
    text = _SPACE.sub(" ", text).strip()
    text = _TRAILING_PUNCT.sub("", text)
    return _LEADING_SPACE_PUNCT.sub("", text)


def utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class QueryEntry:
    """One question and what reportbot did with it."""

    time: datetime
    guild_id: int | None
    channel_id: int | None
    user_id: int | None
    question: str
    claim_id: str | None
    confidence: float
    answered: bool
    outcome: str

    @classmethod
    def from_answer(
        cls,
        answer: Answer,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None = None,
        time: datetime | None = None,
    ) -> QueryEntry:
        """The entry for an answer as composed; ``user_id`` is dropped later unless opted in."""
        return cls(
            time=utc(time) if time is not None else datetime.now(UTC),
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=user_id,
            question=answer.question,
            claim_id=answer.claims[0].id if answer.answered and answer.claims else None,
            confidence=float(answer.confidence),
            answered=bool(answer.answered),
            outcome=str(answer.outcome),
        )

    def for_storage(self, *, keep_user_id: bool) -> QueryEntry:
        """The entry as a backend writes it: UTC time, a bounded question without obvious
        personal data, and nothing that identifies the asker unless the operator opted in —
        not the user id, and not a direct message's channel id (one per user)."""
        in_dm = self.guild_id is None
        return replace(
            self,
            time=utc(self.time),
            user_id=self.user_id if keep_user_id else None,
            channel_id=None if in_dm and not keep_user_id else self.channel_id,
            question=redact_personal_data(self.question)[:MAX_STORED_QUESTION_CHARS],
        )


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """A group of declined questions that normalise alike, most recent wording as the example."""

    normalised: str
    example: str
    count: int
    last_seen: datetime


@runtime_checkable
class QueryLog(Protocol):
    """The interface the bot and the CLI use; every backend and wrapper offers it."""

    async def record(self, entry: QueryEntry) -> None: ...

    async def top_unanswered(
        self, limit: int = 20, since: datetime | None = None, guild_id: int | None = None
    ) -> list[UnansweredQuestion]: ...

    async def erase_user(self, user_id: int) -> int: ...

    async def erase_entry(self, entry: QueryEntry) -> int:
        """Delete one recorded question (its author deleted the message)."""
        ...

    async def prune(self, before: datetime) -> int:
        """Delete every entry asked before ``before`` (the retention period)."""
        ...

    async def close(self) -> None: ...


class QueryLogError(RuntimeError):
    """The query log could not do what was asked (the database is down, misconfigured, …)."""


class NullQueryLog:
    """``REPORTBOT_QUERY_LOG=off``: remembers nothing, reports nothing, erases nothing."""

    name = "off"

    async def record(self, entry: QueryEntry) -> None:
        return None

    def record_nowait(self, entry: QueryEntry) -> None:
        return None

    def status(self) -> dict[str, object]:
        return {"backend": "off", "ok": True, "pending": 0, "faults": 0}

    async def open(self) -> bool:
        return True

    async def top_unanswered(
        self, limit: int = 20, since: datetime | None = None, guild_id: int | None = None
    ) -> list[UnansweredQuestion]:
        return []

    async def erase_user(self, user_id: int) -> int:
        return 0

    async def erase_entry(self, entry: QueryEntry) -> int:
        return 0

    async def prune(self, before: datetime) -> int:
        return 0

    @property
    def stores_user_ids(self) -> bool:
        return False

    async def flush(self, timeout: float | None = None) -> bool:
        return True

    async def close(self) -> None:
        return None
