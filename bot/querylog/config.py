"""Choosing the query log from the environment.

``REPORTBOT_QUERY_LOG``:

* unset or empty — SQLite file ``reportbot-queries.sqlite3`` in the working directory;
* ``off`` (or ``none``, ``false``, ``0``, ``no``) — no query log at all;
* ``postgresql://…`` or ``postgres://…`` — that PostgreSQL database (libpq URL syntax);
* anything else — the path of an SQLite file.

``REPORTBOT_LOG_USER_IDS=1`` (or ``true``, ``yes``, ``on``) stores Discord user ids; otherwise
they are never written (nor a direct message's channel id, which is one per user), so nothing
stored links a question to the person who asked.

``REPORTBOT_QUERY_LOG_RETENTION_DAYS`` (default 90): the bot deletes older entries when it
starts and every six hours; ``off`` keeps them until erased.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.querylog.model import NullQueryLog, QueryLog
from bot.querylog.safe import FaultHook, FaultTolerantQueryLog

ENV_QUERY_LOG = "REPORTBOT_QUERY_LOG"
ENV_LOG_USER_IDS = "REPORTBOT_LOG_USER_IDS"
ENV_RETENTION_DAYS = "REPORTBOT_QUERY_LOG_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_FILE = "reportbot-queries.sqlite3"

_OFF = frozenset({"off", "none", "false", "0", "no", "disabled"})
_TRUE = frozenset({"1", "true", "yes", "on"})
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


def user_ids_enabled(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get(ENV_LOG_USER_IDS, "").strip().lower() in _TRUE


def retention_days(env: Mapping[str, str] | None = None) -> int | None:
    """Days entries are kept (``REPORTBOT_QUERY_LOG_RETENTION_DAYS``); None: until erased."""
    env = os.environ if env is None else env
    raw = env.get(ENV_RETENTION_DAYS, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if raw.lower() in _OFF - {"0"}:  # "0 days" would read as "delete at once": refused below
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 36_500:
        raise ValueError(
            f"{ENV_RETENTION_DAYS} must be a whole number of days from 1 (or off, to keep "
            f"entries until erased), not {raw[:40]!r}"
        )
    return int(raw)


def setting_from_env(env: Mapping[str, str] | None = None) -> QueryLogSetting:
    env = os.environ if env is None else env
    return QueryLogSetting.parse(env.get(ENV_QUERY_LOG))


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
    env: Mapping[str, str] | None = None, *, on_fault: FaultHook | None = None
) -> FaultTolerantQueryLog | NullQueryLog:
    """The query log the bot uses, from the environment; faults are counted, never raised.

    Raises ``ValueError`` only for a malformed setting, so that fails at start-up.
    """
    setting = setting_from_env(env)
    if setting.kind == "off":
        return NullQueryLog()
    backend = open_backend(setting, store_user_ids=user_ids_enabled(env))
    return FaultTolerantQueryLog(backend, on_fault=on_fault, retention_days=retention_days(env))
