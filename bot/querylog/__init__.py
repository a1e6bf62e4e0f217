"""The query log: which questions were asked and which the facts could not answer.

The bot writes through :func:`open_query_log` (a fault-tolerant wrapper that never delays an
answer); ``reportbot report`` and ``reportbot erase-user`` read and erase through the same
interface. Backends: SQLite (:mod:`bot.querylog.sqlite`) and PostgreSQL
(:mod:`bot.querylog.postgres`).
"""

from bot.querylog.config import (
    ENV_LOG_USER_IDS,
    ENV_QUERY_LOG,
    QueryLogSetting,
    open_backend,
    open_query_log,
)
from bot.querylog.model import (
    NullQueryLog,
    QueryEntry,
    QueryLog,
    QueryLogError,
    UnansweredQuestion,
    normalise_question,
)


def __getattr__(name: str) -> object:
    # The fault-tolerant writer needs asyncio: imported when asked for, not with the package.
    if name == "FaultTolerantQueryLog":
        from bot.querylog.safe import FaultTolerantQueryLog

        return FaultTolerantQueryLog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENV_LOG_USER_IDS",
    "ENV_QUERY_LOG",
    "FaultTolerantQueryLog",
    "NullQueryLog",
    "QueryEntry",
    "QueryLog",
    "QueryLogError",
    "QueryLogSetting",
    "UnansweredQuestion",
    "normalise_question",
    "open_backend",
    "open_query_log",
]
