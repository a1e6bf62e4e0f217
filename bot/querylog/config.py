"""Choosing the query log: what ``REPORTBOT_QUERY_LOG`` means (read by :mod:`bot.settings`).

``REPORTBOT_QUERY_LOG``:

* unset or empty — SQLite file ``reportbot-queries.sqlite3`` in the working directory;
* ``off`` (or ``false``, ``0``, ``no``) — no query log at all;
* ``postgresql://…`` or ``postgres://…`` — that PostgreSQL database (libpq URL syntax);
* anything else — the path of an SQLite file.

``REPORTBOT_LOG_USER_IDS=1`` (or ``true``, ``yes``, ``on``) stores Discord user ids; otherwise
they are never written (nor a direct message's channel id, which is one per user), so nothing
stored links a question to the person who asked.

``REPORTBOT_QUERY_LOG_RETENTION_DAYS`` (default 90): the bot deletes older entries when it
starts and every six hours; ``off`` keeps them until erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bot.querylog.model import NullQueryLog, QueryLog

if TYPE_CHECKING:
    from bot.querylog.safe import FaultHook, FaultTolerantQueryLog
    from bot.settings import Settings

ENV_QUERY_LOG = "REPORTBOT_QUERY_LOG"
ENV_LOG_USER_IDS = "REPORTBOT_LOG_USER_IDS"
ENV_RETENTION_DAYS = "REPORTBOT_QUERY_LOG_RETENTION_DAYS"
DEFAULT_FILE = "reportbot-queries.sqlite3"

_OFF = frozenset({"off", "false", "0", "no"})  # the one vocabulary of bot.settings
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True, slots=True)
class QueryLogSetting:
    kind: Literal["off", "sqlite", "postgresql"]
    target: str  # the file path or the URL; empty when off

    @classmethod
    def parse(cls, value: str | None, *, cwd: Path | None = None) -> QueryLogSetting:
        text = (value or "").strip()
        if not text:
            return cls("sqlite", str((cwd or Path.cwd()) / DEFAULT_FILE))
        if text.lower() in _OFF:
            return cls("off", "")
        if text.lower().startswith(_POSTGRES_SCHEMES):
            return cls("postgresql", text)
        if "://" in text:
            raise ValueError(
                f"{ENV_QUERY_LOG}: unsupported URL scheme in {text.split('://', 1)[0]!r}; "
                "use postgresql://…, a file path, or off"
            )
        return cls("sqlite", str(Path(text).expanduser()))

    def describe(self) -> str:
        """Printable without secrets."""
        if self.kind == "postgresql":
            from bot.querylog.postgres import redact_url

            return f"postgresql {redact_url(self.target)}"
        return f"sqlite {self.target}" if self.kind == "sqlite" else "off"


def open_backend(setting: QueryLogSetting, *, store_user_ids: bool = False) -> QueryLog:
    """The bare backend (faults raise): for the CLI and tests."""
    if setting.kind == "off":
        return NullQueryLog()
    if setting.kind == "postgresql":
        from bot.querylog.postgres import PostgresQueryLog  # psycopg only when used

        return PostgresQueryLog(setting.target, store_user_ids=store_user_ids)
    from bot.querylog.sqlite import SQLiteQueryLog

    return SQLiteQueryLog(setting.target, store_user_ids=store_user_ids)


def open_query_log(
    settings: Settings, *, on_fault: FaultHook | None = None
) -> FaultTolerantQueryLog | NullQueryLog:
    """The query log the bot uses (``settings.query_log``); faults are counted, never raised."""
    setting = settings.query_log
    if setting.kind == "off":
        return NullQueryLog()
    backend = open_backend(setting, store_user_ids=settings.log_user_ids)
    # asyncio (and ssl with it) is imported only by what writes the log: a one-off `ask` never
    # opens it, and its cold start is the import time.
    from bot.querylog.safe import FaultTolerantQueryLog

    return FaultTolerantQueryLog(backend, on_fault=on_fault, retention_days=settings.retention_days)
