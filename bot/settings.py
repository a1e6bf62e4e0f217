"""Every setting of every ``reportbot`` command, read one way: the environment, then ``.env``.

One table (:data:`VARIABLES`) names each variable, its default and what it means, and parses
it; :func:`load_settings` reads them all into one frozen :class:`Settings` and checks them
together, so ``validate`` and ``report`` see the pack and query log that ``run`` serves, and a
bad value anywhere stops any command with a message naming the variable (never a traceback,
never half a start). :func:`read_environment` fills what the environment leaves unset from a
``.env`` file (``--env-file``, ``$REPORTBOT_ENV_FILE``, or ``./.env``); a variable that is set,
even to an empty string, is never overridden. Booleans have one vocabulary everywhere:
``on``/``off``, ``1``/``0``, ``true``/``false``, ``yes``/``no``.

Why not pydantic-settings (which python-discord uses): it would read the same environment and
``.env`` (through the python-dotenv we already use), but importing it costs about 0.2 s, and
every ``reportbot ask`` pays its start-up time; the checks that matter here (snowflake ids,
shard ranges, admin servers for admin roles) are ours either way. This module stays free of
Discord and of the engine, so reading settings never loads either.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.querylog.config import QueryLogSetting

MAX_SNOWFLAKE = 2**64 - 1  # Discord ids are 64-bit; real ones have 17-20 digits
MAX_SHARDS = 65536  # far beyond any real bot; catches a pasted id in the wrong variable
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
BOOLEAN_WORDS = "on or off (1/0, true/false, yes/no)"
REPOSITORY_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
PACKAGED_KNOWLEDGE = Path(__file__).resolve().parent / "bundled_knowledge"

ENV_FILE = "REPORTBOT_ENV_FILE"
ENV_TOKEN = "DISCORD_TOKEN"
ENV_KNOWLEDGE = "REPORTBOT_KNOWLEDGE"


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


def bundled_knowledge() -> Path:
    """The pack that ships with reportbot: in the source tree, or installed as package data."""
    for candidate in (REPOSITORY_KNOWLEDGE, PACKAGED_KNOWLEDGE):
        if candidate.is_dir():
            return candidate
    return PACKAGED_KNOWLEDGE  # missing: the loader says "no such file", doctor says what to set


# --------------------------------------------------------------------------- value parsers


def _flag(name: str, raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be {BOOLEAN_WORDS}, not {raw[:40]!r}")


def _ids(name: str, raw: str) -> tuple[int, ...]:
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


def _id_set(name: str, raw: str) -> frozenset[int]:
    return frozenset(_ids(name, raw))


def _choice(choices: tuple[str, ...], *, upper: bool) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        value = raw.upper() if upper else raw.lower()
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {raw[:40]!r}")
        return value

    return parse


def _seconds(*, low: float, high: float, off: bool) -> Callable[[str, str], float | None]:
    def parse(name: str, raw: str) -> float | None:
        if off and raw.lower() in FALSE_WORDS:
            return None
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:  # also NaN
            hint = " (or off)" if off else ""
            raise ConfigError(
                f"{name} must be a number of seconds from {low:g} to {high:g}{hint}, "
                f"not {raw[:40]!r}"
            )
        return value

    return parse


def _rate(default: Rate) -> Callable[[str, str], Rate]:
    def parse(name: str, raw: str) -> Rate:
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

    return parse


def _whole(*, low: int, high: int, off: bool) -> Callable[[str, str], int | None]:
    def parse(name: str, raw: str) -> int | None:
        if off and raw.lower() in FALSE_WORDS - {"0"}:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            hint = " (or off)" if off else ""
            raise ConfigError(
                f"{name} must be a whole number from {low} to {high}{hint}, not {raw[:40]!r}"
            )
        return int(raw)

    return parse


_SIZE = re.compile(r"([0-9][0-9_]*)\s*(?:([kmg])i?b?)?", re.IGNORECASE)
_SIZE_UNITS = {None: 1, "k": 2**10, "m": 2**20, "g": 2**30}


def parse_size(raw: str) -> int | None:
    """Bytes as people write them: "16777216", "16M", "512k", "1 GiB"; None when unreadable."""
    found = _SIZE.fullmatch(raw.strip())
    if found is None:
        return None
    unit = found.group(2).lower() if found.group(2) else None
    return int(found.group(1).replace("_", "")) * _SIZE_UNITS[unit]


def size_message(name: str, raw: str, default: int) -> str:
    return (
        f"{name}: must be a size in bytes above 0, such as 16777216 or 16M (the default is "
        f"{default:,}), not {raw[:40]!r}"
    )


def _size(default: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        value = parse_size(raw)
        if not value:
            raise ConfigError(size_message(name, raw, default))
        return value

    return parse


def _port(name: str, raw: str) -> int | None:
    if raw.lower() in FALSE_WORDS:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"{name} must be a port number (1-65535) or off, not {raw[:40]!r}")
    return int(raw)


def _text(name: str, raw: str) -> str:
    return raw


def _path(name: str, raw: str) -> Path:
    return Path(raw).expanduser()


def _query_log(name: str, raw: str) -> QueryLogSetting:
    try:
        return QueryLogSetting.parse(raw)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _api_base(name: str, raw: str) -> str:
    if not re.fullmatch(r"https?://[^/\s]+/api/v10/?", raw):
        raise ConfigError(f"{name} must look like http://HOST:PORT/api/v10, not {raw[:60]!r}")
    return raw.rstrip("/")


def _replaced(replacement: str) -> Callable[[str, str], None]:
    def parse(name: str, raw: str) -> None:
        raise ConfigError(f"{name} is gone: {replacement}")

    return parse


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class Variable:
    """One setting: its environment variable, the default as written, and its parser."""

    name: str
    default: str
    meaning: str
    parse: Callable[[str, str], Any]
    secret: bool = False


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable(ENV_TOKEN, "", "the bot token (Developer Portal → Bot)", _text, secret=True),
        Variable(ENV_KNOWLEDGE, "the bundled pack", "the fact pack, a file or directory", _path),
        Variable(ENV_FILE, "./.env", "the .env file to read unset variables from", _path),
        Variable("REPORTBOT_ADMIN_ROLE_IDS", "", "role ids that may administer", _id_set),
        Variable(
            "REPORTBOT_ADMIN_GUILD_IDS",
            "REPORTBOT_GUILD_IDS",
            "the operator's servers, where admin roles count",
            _id_set,
        ),
        Variable(
            "REPORTBOT_ADMIN_MANAGE_SERVER",
            "off",
            "Manage Server counts as admin in the admin servers",
            _flag,
        ),
        Variable(
            "REPORTBOT_ANSWER_CHANNEL_IDS",
            "",
            "channels where every message is a question",
            _id_set,
        ),
        Variable("REPORTBOT_GUILD_IDS", "", "servers to sync the commands to", _ids),
        Variable("REPORTBOT_ALLOWED_GUILD_IDS", "every server", "the servers served", _id_set),
        Variable("REPORTBOT_LOG_LEVEL", "INFO", "log level", _choice(LOG_LEVELS, upper=True)),
        Variable("REPORTBOT_LOG_FORMAT", "text", "text or json", _choice(LOG_FORMATS, upper=False)),
        Variable(
            "REPORTBOT_COOLDOWN_QUESTIONS",
            str(QUESTIONS_RATE),
            "questions per person",
            _rate(QUESTIONS_RATE),
        ),
        Variable(
            "REPORTBOT_COOLDOWN_LOOKUPS",
            str(LOOKUPS_RATE),
            "lookups per person",
            _rate(LOOKUPS_RATE),
        ),
        Variable(
            "REPORTBOT_COOLDOWN_ADMIN",
            str(ADMIN_RATE),
            "admin actions per person",
            _rate(ADMIN_RATE),
        ),
        Variable(
            "REPORTBOT_COOLDOWN_SECONDS",
            "",
            "(replaced)",
            _replaced(
                "give each bucket its own window, e.g. REPORTBOT_COOLDOWN_QUESTIONS=5/10 (and "
                "REPORTBOT_COOLDOWN_LOOKUPS, REPORTBOT_COOLDOWN_ADMIN)"
            ),
        ),
        Variable(
            "REPORTBOT_WATCH_SECONDS",
            "off",
            "poll the pack's files this often",
            _seconds(low=0.1, high=86_400, off=True),
        ),
        Variable("REPORTBOT_SHARD_COUNT", "unsharded", "auto or the total shard count", _text),
        Variable("REPORTBOT_SHARD_IDS", "all", "this process's shards", _text),
        Variable(
            "REPORTBOT_QUERY_LOG",
            "./reportbot-queries.sqlite3",
            "where questions are logged",
            _query_log,
        ),
        Variable("REPORTBOT_LOG_USER_IDS", "off", "store who asked", _flag),
        Variable("REPORTBOT_LOG_ANSWER_CHANNELS", "off", "log answer-channel messages", _flag),
        Variable(
            "REPORTBOT_QUERY_LOG_RETENTION_DAYS",
            "90",
            "days the query log keeps a question",
            _whole(low=1, high=36_500, off=True),
        ),
        Variable("REPORTBOT_HEALTH_PORT", "off", "/healthz and /metrics port", _port),
        Variable("REPORTBOT_HEALTH_HOST", "127.0.0.1", "the health endpoint's address", _text),
        Variable(
            "REPORTBOT_SHUTDOWN_SECONDS",
            "20",
            "how long SIGTERM waits for replies",
            _seconds(low=0.1, high=3599, off=False),
        ),
        Variable(
            "REPORTBOT_MAX_FILE_BYTES",
            str(16 * 1024 * 1024),
            "the largest pack file read (bytes, or with K, M, G)",
            _size(16 * 1024 * 1024),
        ),
        Variable(
            "REPORTBOT_CACHE_DIR", "~/.cache/reportbot", "the pack and index caches, or off", _text
        ),
        Variable("REPORTBOT_DISCORD_API_BASE", "", "tests only: a loopback Discord", _api_base),
    )
}
#: Read by tests, never by reportbot; not reported as unknown.
IGNORED_PREFIXES = ("REPORTBOT_TEST_",)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a command may need; built by :func:`load_settings`, or directly in tests."""

    token: str | None = field(default=None, repr=False)
    knowledge: Path = field(default_factory=bundled_knowledge)
    admin_role_ids: frozenset[int] = frozenset()
    admin_guild_ids: frozenset[int] = frozenset()  # empty: the servers of guild_ids
    admin_manage_server: bool = False  # Manage Server counts as admin, in admin servers only
    answer_channel_ids: frozenset[int] = frozenset()
    guild_ids: tuple[int, ...] = ()
    allowed_guild_ids: frozenset[int] = frozenset()  # empty: every guild is served
    log_level: str = "INFO"
    log_format: str = "text"
    cooldown_questions: Rate = QUESTIONS_RATE
    cooldown_lookups: Rate = LOOKUPS_RATE
    cooldown_admin: Rate = ADMIN_RATE
    watch_seconds: float | None = None  # None: the file watcher is off
    sharded: bool = False  # AutoShardedClient; False: one plain gateway connection
    shard_count: int | None = None  # sharded and None: as many as Discord recommends
    shard_ids: tuple[int, ...] | None = None  # the shards this process runs; None: all
    query_log: QueryLogSetting = field(default_factory=lambda: QueryLogSetting.parse(None))
    log_user_ids: bool = False
    log_answer_channels: bool = False  # put answer-channel messages in the query log
    retention_days: int | None = 90  # None: keep query-log entries until erased
    health_port: int | None = None
    health_host: str = "127.0.0.1"
    shutdown_seconds: float = 20.0
    discord_api_base: str = ""  # tests only
    # Where each variable came from: "environment", ".env FILE", "--knowledge"; unset: default.
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    unknown: tuple[str, ...] = ()  # REPORTBOT_* variables that are not settings (typos?)

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

    def origin(self, name: str) -> str:
        """``"environment"``, ``".env /path"``, ``"--knowledge"`` or ``"default"``."""
        return self.origins.get(name, "default")

    def secrets(self) -> list[str]:
        """Values the logs must never show: the token, a database password."""
        found = [self.token] if self.token else []
        password = re.search(r"(?<=://)[^:/@\s]*:([^@\s/]+)@", self.query_log.target)
        if self.query_log.kind == "postgresql" and password:
            found.append(password.group(1))
        return found


def _shards(count_raw: str, ids_raw: str) -> tuple[bool, int | None, tuple[int, ...] | None]:
    """(sharded, shard count, shard ids) from ``REPORTBOT_SHARD_COUNT``/``_IDS``.

    Count unset: one unsharded connection. ``auto``: every shard Discord recommends, in this
    process. A number: that many shards in all; ``REPORTBOT_SHARD_IDS`` (``0,1`` or ``0-3``)
    picks this process's share of them, so several processes can split one bot.
    """
    count_name, ids_name = "REPORTBOT_SHARD_COUNT", "REPORTBOT_SHARD_IDS"
    if not count_raw:
        if ids_raw:
            raise ConfigError(
                f"{ids_name} is set but {count_name} is not; set {count_name} "
                "to the total number of shards across all processes"
            )
        return False, None, None
    if count_raw.lower() == "auto":
        if ids_raw:
            raise ConfigError(
                f"{ids_name} needs a fixed {count_name} (the total across all processes), "
                "not 'auto'"
            )
        return True, None, None
    if not count_raw.isdigit() or not 1 <= int(count_raw) <= MAX_SHARDS:
        raise ConfigError(
            f"{count_name} must be 'auto' or a whole number of shards from 1 to "
            f"{MAX_SHARDS}, not {count_raw[:40]!r}"
        )
    count = int(count_raw)
    if not ids_raw:
        return True, count, None
    ids: list[int] = []
    for part in ids_raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, dash, high = part.partition("-")
        low, high = low.strip(), high.strip()
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ConfigError(
                f"{ids_name} must be shard numbers or ranges like 0,1 or 0-3, not {part[:40]!r}"
            )
        first, last = int(low), int(high) if dash else int(low)
        if first > last or last >= count:
            raise ConfigError(
                f"{ids_name}: {part[:40]!r} is outside shards 0 to {count - 1} "
                f"({count_name}={count})"
            )
        ids.extend(range(first, last + 1))
    if not ids:
        raise ConfigError(f"{ids_name} names no shard; leave it unset to run them all")
    return True, count, tuple(sorted(set(ids)))


def parse_variable(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """One variable's parsed value from ``environ`` (default: the process environment);
    ``None`` when it is unset or empty."""
    env = os.environ if environ is None else environ
    raw = env.get(name, "").strip()
    return VARIABLES[name].parse(name, raw) if raw else None


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    knowledge: str | os.PathLike[str] | None = None,
    from_file: Iterable[str] = (),
    env_file: Path | None = None,
) -> Settings:
    """Every setting from ``environ`` (default: the process environment), checked.

    ``knowledge`` (``--knowledge``) overrides the pack; ``from_file`` names the variables
    :func:`read_environment` took from ``env_file``, for :meth:`Settings.origin`.
    """
    env = os.environ if environ is None else environ
    values = {name: parse_variable(name, env) for name in VARIABLES}
    file_names = set(from_file)
    origins = {
        name: (f".env {env_file}" if name in file_names else "environment")
        for name in VARIABLES
        if env.get(name, "").strip()
    }
    if knowledge:
        origins[ENV_KNOWLEDGE] = "--knowledge"
    sharded, shard_count, shard_ids = _shards(
        env.get("REPORTBOT_SHARD_COUNT", "").strip(), env.get("REPORTBOT_SHARD_IDS", "").strip()
    )
    admin_roles = values["REPORTBOT_ADMIN_ROLE_IDS"] or frozenset()
    admin_guilds = values["REPORTBOT_ADMIN_GUILD_IDS"] or frozenset()
    guild_ids = values["REPORTBOT_GUILD_IDS"] or ()
    manage_server = bool(values["REPORTBOT_ADMIN_MANAGE_SERVER"])
    if (admin_roles or manage_server) and not (admin_guilds or guild_ids):
        what = "REPORTBOT_ADMIN_ROLE_IDS" if admin_roles else "REPORTBOT_ADMIN_MANAGE_SERVER"
        raise ConfigError(
            f"{what} needs the servers where it counts: set REPORTBOT_ADMIN_GUILD_IDS (or "
            "REPORTBOT_GUILD_IDS) to your own server ids, so that managers of other servers "
            "the bot is in cannot administer it"
        )
    retention_raw = env.get("REPORTBOT_QUERY_LOG_RETENTION_DAYS", "").strip()

    def given(name: str, default: Any) -> Any:
        value = values[name]
        return default if value is None else value

    unknown = tuple(
        sorted(
            name
            for name in env
            if name.startswith("REPORTBOT_")
            and name not in VARIABLES
            and not name.startswith(IGNORED_PREFIXES)
        )
    )
    return Settings(
        token=values[ENV_TOKEN] or None,
        knowledge=Path(knowledge) if knowledge else given(ENV_KNOWLEDGE, bundled_knowledge()),
        admin_role_ids=admin_roles,
        admin_guild_ids=admin_guilds,
        admin_manage_server=manage_server,
        answer_channel_ids=given("REPORTBOT_ANSWER_CHANNEL_IDS", frozenset()),
        guild_ids=guild_ids,
        allowed_guild_ids=given("REPORTBOT_ALLOWED_GUILD_IDS", frozenset()),
        log_level=given("REPORTBOT_LOG_LEVEL", "INFO"),
        log_format=given("REPORTBOT_LOG_FORMAT", "text"),
        cooldown_questions=given("REPORTBOT_COOLDOWN_QUESTIONS", QUESTIONS_RATE),
        cooldown_lookups=given("REPORTBOT_COOLDOWN_LOOKUPS", LOOKUPS_RATE),
        cooldown_admin=given("REPORTBOT_COOLDOWN_ADMIN", ADMIN_RATE),
        watch_seconds=values["REPORTBOT_WATCH_SECONDS"],
        sharded=sharded,
        shard_count=shard_count,
        shard_ids=shard_ids,
        query_log=given("REPORTBOT_QUERY_LOG", QueryLogSetting.parse(None)),
        log_user_ids=bool(values["REPORTBOT_LOG_USER_IDS"]),
        log_answer_channels=bool(values["REPORTBOT_LOG_ANSWER_CHANNELS"]),
        retention_days=values["REPORTBOT_QUERY_LOG_RETENTION_DAYS"] if retention_raw else 90,
        health_port=values["REPORTBOT_HEALTH_PORT"],
        health_host=given("REPORTBOT_HEALTH_HOST", "127.0.0.1"),
        shutdown_seconds=given("REPORTBOT_SHUTDOWN_SECONDS", 20.0),
        discord_api_base=given("REPORTBOT_DISCORD_API_BASE", ""),
        origins=origins,
        unknown=unknown,
    )


@dataclass(frozen=True, slots=True)
class Environment:
    """What :func:`read_environment` did: the file it read and the variables it filled."""

    file: Path | None
    filled: frozenset[str]


def read_environment(
    path: str | os.PathLike[str] | None = None,
    environ: MutableMapping[str, str] | None = None,
) -> Environment:
    """Fill unset variables from a ``.env`` file (``path``, else ``$REPORTBOT_ENV_FILE``, else
    ``./.env``), into ``environ`` (default: the process environment, so that everything
    started from here, the pack loader included, sees the same values).

    Variables already set, even to an empty string, are left alone. A named file that does not
    exist is an error; a missing ``./.env`` is not.
    """
    env = os.environ if environ is None else environ
    named = path or env.get(ENV_FILE)
    chosen = Path(named or ".env")
    if not chosen.is_file():
        if named:
            raise ConfigError(f"{ENV_FILE} or --env-file names {str(chosen)!r}, which is no file")
        return Environment(None, frozenset())
    from dotenv import dotenv_values

    try:
        values = dotenv_values(chosen)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {chosen}: {error}") from None
    filled = set()
    for key, value in values.items():
        if value is not None and key not in env:
            env[key] = value
            filled.add(key)
    return Environment(chosen.absolute(), frozenset(filled))


def environment_settings(
    env_file: str | os.PathLike[str] | None = None,
    *,
    knowledge: str | os.PathLike[str] | None = None,
) -> Settings:
    """:func:`read_environment` then :func:`load_settings`: what every command starts with."""
    read = read_environment(env_file)
    return load_settings(knowledge=knowledge, from_file=read.filled, env_file=read.file)
