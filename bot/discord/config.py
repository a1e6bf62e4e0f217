"""Settings for the Discord side, from the environment and an optional ``.env`` file.

Everything is read once at start-up and checked then: a non-numeric id or a negative cooldown
stops the bot with a message naming the variable, rather than failing on the first question.
A ``.env`` file only fills in what the real environment leaves unset, so a deployment's own
environment always wins. The token is never part of a repr or a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import ENV_KNOWLEDGE, default_knowledge_path

ENV_TOKEN = "DISCORD_TOKEN"
ENV_ADMIN_ROLES = "REPORTBOT_ADMIN_ROLE_IDS"
ENV_ADMIN_GUILDS = "REPORTBOT_ADMIN_GUILD_IDS"
ENV_ADMIN_MANAGE_SERVER = "REPORTBOT_ADMIN_MANAGE_SERVER"
ENV_ANSWER_CHANNELS = "REPORTBOT_ANSWER_CHANNEL_IDS"
ENV_GUILDS = "REPORTBOT_GUILD_IDS"
ENV_LOG_LEVEL = "REPORTBOT_LOG_LEVEL"
ENV_COOLDOWN_QUESTIONS = "REPORTBOT_COOLDOWN_QUESTIONS"
ENV_COOLDOWN_LOOKUPS = "REPORTBOT_COOLDOWN_LOOKUPS"
ENV_COOLDOWN_ADMIN = "REPORTBOT_COOLDOWN_ADMIN"
ENV_COOLDOWN_SECONDS = "REPORTBOT_COOLDOWN_SECONDS"  # replaced by COUNT/SECONDS values
ENV_WATCH_SECONDS = "REPORTBOT_WATCH_SECONDS"
ENV_FILE = "REPORTBOT_ENV_FILE"
ENV_ALLOWED_GUILDS = "REPORTBOT_ALLOWED_GUILD_IDS"
ENV_LOG_ANSWER_CHANNELS = "REPORTBOT_LOG_ANSWER_CHANNELS"
ENV_SHARD_COUNT = "REPORTBOT_SHARD_COUNT"
ENV_SHARD_IDS = "REPORTBOT_SHARD_IDS"
MAX_SHARDS = 65536  # far beyond any real bot; catches a pasted id in the wrong variable

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Discord snowflakes are 64-bit; real ones have 17-20 digits.
MAX_SNOWFLAKE = 2**64 - 1


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the variable and what is expected."""


@dataclass(frozen=True, slots=True)
class Rate:
    """``count`` actions per ``seconds`` per person (a cooldown bucket), written ``5/10``."""

    count: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}"


QUESTIONS_RATE = Rate(5, 10.0)  # /ask, chat questions, suggestion buttons
LOOKUPS_RATE = Rate(15, 10.0)  # /quote, /sources, /claim, … and their buttons
ADMIN_RATE = Rate(3, 60.0)  # /reload, /unanswered


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    knowledge: Path = field(default_factory=default_knowledge_path)
    admin_role_ids: frozenset[int] = frozenset()
    admin_guild_ids: frozenset[int] = frozenset()  # empty: the servers of guild_ids
    admin_manage_server: bool = False  # Manage Server counts as admin, in admin servers only
    answer_channel_ids: frozenset[int] = frozenset()
    guild_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    cooldown_questions: Rate = QUESTIONS_RATE
    cooldown_lookups: Rate = LOOKUPS_RATE
    cooldown_admin: Rate = ADMIN_RATE
    watch_seconds: float | None = None  # None: the file watcher is off
    allowed_guild_ids: frozenset[int] = frozenset()  # empty: every guild is served
    log_answer_channels: bool = False  # put answer-channel messages in the query log
    sharded: bool = False  # AutoShardedClient; False: one plain gateway connection
    shard_count: int | None = None  # sharded and None: as many as Discord recommends
    shard_ids: tuple[int, ...] | None = None  # the shards this process runs; None: all

    @property
    def admin_guilds(self) -> frozenset[int]:
        """The servers where admin roles (and Manage Server, if allowed) count."""
        return self.admin_guild_ids or frozenset(self.guild_ids)

    def guild_allowed(self, guild_id: int | None) -> bool:
        """Whether the bot serves this guild (direct messages, ``None``, always)."""
        return guild_id is None or not self.allowed_guild_ids or guild_id in self.allowed_guild_ids

    @property
    def wants_message_content(self) -> bool:
        """Answering every message in a channel needs the privileged message-content intent.

        Mentions and direct messages carry their content without it, so a bot that only
        answers those never asks for it (and needs no approval for it in the portal).
        """
        return bool(self.answer_channel_ids)


def _ids(environ: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = environ.get(name, "").strip()
    if not raw:
        return ()
    ids = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 0 < int(part) <= MAX_SNOWFLAKE:
            raise ConfigError(
                f"{name} must be comma-separated numeric Discord ids (e.g. 123456789012345678), "
                f"not {part[:40]!r}; use ids, not names (Developer Mode → Copy ID)"
            )
        ids.append(int(part))
    return tuple(dict.fromkeys(ids))


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be on or off (1/0, true/false, yes/no), not {raw[:40]!r}")


def _number(
    environ: Mapping[str, str], name: str, default: float, *, integer: bool, minimum: float
) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise ConfigError(f"{name} must be {kind}, not {raw[:40]!r}") from None
    if value != value or value < minimum or value == float("inf"):  # NaN, too small, inf
        raise ConfigError(f"{name} must be at least {minimum:g}, not {raw[:40]!r}")
    return value


def _rate(environ: Mapping[str, str], name: str, default: Rate) -> Rate:
    """``COUNT/SECONDS`` (``5/10``), or a bare ``COUNT`` in the default window."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    count_text, slash, seconds_text = raw.partition("/")
    try:
        count = int(count_text.strip())
        seconds = float(seconds_text.strip().removesuffix("s")) if slash else default.seconds
    except ValueError:
        count, seconds = 0, 0.0
    if not 1 <= count <= 10_000 or not 0.1 <= seconds <= 86_400:
        raise ConfigError(
            f"{name} must be COUNT/SECONDS, e.g. {default} ({default.count} per "
            f"{default.seconds:g} s; a count from 1, a window from 0.1 s), not {raw[:40]!r}"
        )
    return Rate(count, seconds)


def _shards(environ: Mapping[str, str]) -> tuple[bool, int | None, tuple[int, ...] | None]:
    """(sharded, shard count, shard ids) from ``REPORTBOT_SHARD_COUNT``/``_IDS``.

    Count unset: one unsharded connection. ``auto``: every shard Discord recommends, in this
    process. A number: that many shards in all; ``REPORTBOT_SHARD_IDS`` (``0,1`` or ``0-3``)
    picks this process's share of them, so several processes can split one bot.
    """
    raw_count = environ.get(ENV_SHARD_COUNT, "").strip()
    raw_ids = environ.get(ENV_SHARD_IDS, "").strip()
    if not raw_count:
        if raw_ids:
            raise ConfigError(
                f"{ENV_SHARD_IDS} is set but {ENV_SHARD_COUNT} is not; set {ENV_SHARD_COUNT} "
                "to the total number of shards across all processes"
            )
        return False, None, None
    if raw_count.lower() == "auto":
        if raw_ids:
            raise ConfigError(
                f"{ENV_SHARD_IDS} needs a fixed {ENV_SHARD_COUNT} (the total across all "
                "processes), not 'auto'"
            )
        return True, None, None
    if not raw_count.isdigit() or not 1 <= int(raw_count) <= MAX_SHARDS:
        raise ConfigError(
            f"{ENV_SHARD_COUNT} must be 'auto' or a whole number of shards from 1 to "
            f"{MAX_SHARDS}, not {raw_count[:40]!r}"
        )
    count = int(raw_count)
    if not raw_ids:
        return True, count, None
    ids: list[int] = []
    for part in raw_ids.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, dash, high = part.partition("-")
        low, high = low.strip(), high.strip()
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ConfigError(
                f"{ENV_SHARD_IDS} must be shard numbers or ranges like 0,1 or 0-3, "
                f"not {part[:40]!r}"
            )
        first, last = int(low), int(high) if dash else int(low)
        if first > last or last >= count:
            raise ConfigError(
                f"{ENV_SHARD_IDS}: {part[:40]!r} is outside shards 0 to {count - 1} "
                f"({ENV_SHARD_COUNT}={count})"
            )
        ids.extend(range(first, last + 1))
    if not ids:
        raise ConfigError(f"{ENV_SHARD_IDS} names no shard; leave it unset to run them all")
    return True, count, tuple(sorted(set(ids)))


def load_settings(
    environ: Mapping[str, str] | None = None, *, knowledge: str | os.PathLike[str] | None = None
) -> Settings:
    """Settings from ``environ`` (default: the process environment); ``knowledge`` overrides."""
    env = os.environ if environ is None else environ
    level = env.get(ENV_LOG_LEVEL, "").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"{ENV_LOG_LEVEL} must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
    watch = _number(env, ENV_WATCH_SECONDS, 0.0, integer=False, minimum=0.0)
    token = env.get(ENV_TOKEN, "").strip() or None
    sharded, shard_count, shard_ids = _shards(env)
    if knowledge:
        pack = Path(knowledge)
    elif env.get(ENV_KNOWLEDGE, "").strip():
        pack = Path(env[ENV_KNOWLEDGE].strip())
    else:
        pack = default_knowledge_path(None)
    if env.get(ENV_COOLDOWN_SECONDS, "").strip():
        raise ConfigError(
            f"{ENV_COOLDOWN_SECONDS} is gone: give each bucket its own window, e.g. "
            f"{ENV_COOLDOWN_QUESTIONS}=5/10 (and {ENV_COOLDOWN_LOOKUPS}, {ENV_COOLDOWN_ADMIN})"
        )
    admin_roles = frozenset(_ids(env, ENV_ADMIN_ROLES))
    admin_guilds = frozenset(_ids(env, ENV_ADMIN_GUILDS))
    guild_ids = _ids(env, ENV_GUILDS)
    manage_server = _flag(env, ENV_ADMIN_MANAGE_SERVER)
    if (admin_roles or manage_server) and not (admin_guilds or guild_ids):
        what = ENV_ADMIN_ROLES if admin_roles else ENV_ADMIN_MANAGE_SERVER
        raise ConfigError(
            f"{what} needs the servers where it counts: set {ENV_ADMIN_GUILDS} (or "
            f"{ENV_GUILDS}) to your own server ids, so that managers of other servers the bot "
            "is in cannot administer it"
        )
    return Settings(
        token=token,
        knowledge=pack,
        admin_role_ids=admin_roles,
        admin_guild_ids=admin_guilds,
        admin_manage_server=manage_server,
        answer_channel_ids=frozenset(_ids(env, ENV_ANSWER_CHANNELS)),
        guild_ids=guild_ids,
        log_level=level,
        cooldown_questions=_rate(env, ENV_COOLDOWN_QUESTIONS, QUESTIONS_RATE),
        cooldown_lookups=_rate(env, ENV_COOLDOWN_LOOKUPS, LOOKUPS_RATE),
        cooldown_admin=_rate(env, ENV_COOLDOWN_ADMIN, ADMIN_RATE),
        watch_seconds=watch if watch > 0 else None,
        allowed_guild_ids=frozenset(_ids(env, ENV_ALLOWED_GUILDS)),
        log_answer_channels=_flag(env, ENV_LOG_ANSWER_CHANNELS),
        sharded=sharded,
        shard_count=shard_count,
        shard_ids=shard_ids,
    )


def read_env_file(
    path: str | os.PathLike[str] | None = None,
    environ: MutableMapping[str, str] | None = None,
) -> Path | None:
    """Fill unset variables from a ``.env`` file (default ``$REPORTBOT_ENV_FILE`` or ``./.env``).

    Returns the file read, or None when there is none. Variables already set, even to an empty
    string, are left alone.
    """
    env = os.environ if environ is None else environ
    chosen = Path(path or env.get(ENV_FILE) or ".env")
    if not chosen.is_file():
        if path or env.get(ENV_FILE):
            raise ConfigError(f"{ENV_FILE} or --env-file names {str(chosen)!r}, which is no file")
        return None
    try:
        from dotenv import dotenv_values
    except ImportError:  # pragma: no cover - python-dotenv is a dependency
        raise ConfigError(
            f"{chosen} exists but python-dotenv is not installed to read it"
        ) from None
    for key, value in dotenv_values(chosen).items():
        if value is not None and key not in env:
            env[key] = value
    return chosen
