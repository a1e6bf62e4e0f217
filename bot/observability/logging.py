"""Logs for operators: plain text or one JSON object per line, never a secret.

``configure_logging()`` installs one handler on the root logger, so discord.py's, aiohttp's and
reportbot's records all pass through the same :class:`RedactingFilter`, at every level. It
removes the configured secrets (the Discord token, the query log's database password) and
anything shaped like a Discord token, an interaction or webhook token (in a
``/interactions/ID/TOKEN`` or ``/webhooks/ID/TOKEN`` URL, a ``"token": …`` field, or bare) or an
``Authorization`` header value, from the message, its arguments, the exception text, the stack
and any extra fields. The formatters redact their output once more, and
uncaught exceptions are routed through logging too, so a traceback cannot print the token raw.

Environment: ``REPORTBOT_LOG_FORMAT`` (``text``, the default, or ``json``), ``REPORTBOT_LOG_LEVEL``
(default ``INFO``). Start discord.py with ``client.start(token)`` or
``client.run(token, log_handler=None)`` so it does not add a handler of its own.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

ENV_FORMAT = "REPORTBOT_LOG_FORMAT"
ENV_LEVEL = "REPORTBOT_LOG_LEVEL"
#: Environment variables whose whole value is a secret.
SECRET_VARIABLES = ("DISCORD_TOKEN", "REPORTBOT_DISCORD_TOKEN")
#: Environment variables that may hold a URL with a password in it.
URL_VARIABLES = ("REPORTBOT_QUERY_LOG",)
REDACTED = "[REDACTED]"

# A Discord token: base64 of the bot's id, a timestamp, an HMAC; dot-separated, URL-safe base64.
# Deliberately loose (JWTs match too, which is just as well).
_B64 = r"[A-Za-z0-9_\-]"
TOKEN_SHAPED = re.compile(rf"(?<!{_B64}){_B64}{{20,}}\.{_B64}{{5,}}\.{_B64}{{20,}}(?!{_B64})")
_AUTH_HEADER = re.compile(
    r"(?i)\b(authorization['\"]?\s*[:=]\s*['\"]?(?:bot|bearer)?\s*)[^\s'\",}]+"
)
_URL_PASSWORD = re.compile(r"(?<=://)([^:/@\s]*):[^@\s/]+@")
# An interaction's token (valid 15 minutes: anyone holding it can answer as the bot) and a
# webhook's (valid until deleted): in the URLs discord.py logs at DEBUG, in payloads, bare.
_TOKEN_IN_PATH = re.compile(r"(?i)(/(?:interactions|webhooks)/\d+/)[^/?#\s'\"]+")
_TOKEN_FIELD = re.compile(r"(?i)(['\"]token['\"]\s*:\s*['\"])[^'\"]+")
_INTERACTION_TOKEN = re.compile(r"(?<![A-Za-z0-9_\-])aW50ZXJhY3Rpb246[A-Za-z0-9_\-]+")
_MIN_SECRET = 4  # shorter "secrets" would blank out ordinary words

# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def secrets_from_env(env: Mapping[str, str] | None = None) -> list[str]:
    """The secrets this process was configured with: the token, database passwords."""
    env = os.environ if env is None else env
    found = [env[name].strip() for name in SECRET_VARIABLES if env.get(name, "").strip()]
    for name in URL_VARIABLES:
        match = _URL_PASSWORD.search(env.get(name, ""))
        if match:
            found.append(match.group(0)[len(match.group(1)) + 1 : -1])
    return found


class Redactor:
    """Replaces secrets in text; ``add`` more at any time (thread-safe enough: one assignment)."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: tuple[str, ...] = ()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Redact ``secret`` from now on; ``None`` or an empty value (an unset token) is ignored."""
        secret = (secret or "").strip()
        if len(secret) >= _MIN_SECRET and secret not in self._secrets:
            self._secrets = tuple(sorted({*self._secrets, secret}, key=len, reverse=True))

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        text = TOKEN_SHAPED.sub(REDACTED, text)
        text = _TOKEN_IN_PATH.sub(lambda m: m.group(1) + REDACTED, text)
        text = _TOKEN_FIELD.sub(lambda m: m.group(1) + REDACTED, text)
        text = _INTERACTION_TOKEN.sub(REDACTED, text)
        text = _AUTH_HEADER.sub(lambda m: m.group(1) + REDACTED, text)
        return _URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{REDACTED}@", text)


class RedactingFilter(logging.Filter):
    """Redacts a record in place before any formatter sees it; never drops a record."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        broken = False
        try:
            message = record.getMessage()
        except Exception:  # bad %-arguments: keep the record, show what there is
            message, broken = f"{record.msg} {record.args!r}", True
        clean = self.redact(message)
        if broken or clean != message:  # an untouched record keeps its template and args
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


class TextFormatter(logging.Formatter):
    """``2026-11-23 08:30:00,123 INFO reportbot.querylog: message key=value``, redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extras = _extras(record)
        if extras:
            head, sep, tail = text.partition("\n")
            pairs = " ".join(
                f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in extras.items()
            )
            text = f"{head} {pairs}{sep}{tail}"
        return self.redact(text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extras, exception, redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in _extras(record).items():
            document.setdefault(key, value)
        if record.exc_info and record.exc_info[0] is not None:
            document["exception_type"] = record.exc_info[0].__name__
            if not record.exc_text:
                record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            document["exception"] = record.exc_text
        if record.stack_info:
            document["stack"] = self.formatStack(record.stack_info)
        return self.redact(json.dumps(document, ensure_ascii=False, default=str))


def configure_logging(
    *,
    level: str | int | None = None,
    fmt: str | None = None,
    secrets: Iterable[str | None] = (),
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    hook_exceptions: bool = True,
) -> Redactor:
    """Install reportbot's handler on the root logger (replacing one installed before).

    Returns the ``Redactor`` so more secrets can be added later (``redactor.add(...)``).
    """
    from bot.settings import parse_variable

    env = os.environ if env is None else env
    # Read as bot.settings reads them (one definition, one error message), unless given.
    fmt = (fmt or parse_variable(ENV_FORMAT, env) or "text").strip().lower()
    if fmt not in ("text", "json"):
        raise ValueError(f"{ENV_FORMAT} must be text or json, not {fmt!r}")
    level = level if level is not None else (parse_variable(ENV_LEVEL, env) or "INFO")

    redactor = Redactor([*secrets, *secrets_from_env(env)])
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter(redactor) if fmt == "json" else TextFormatter(redactor))
    handler.addFilter(RedactingFilter(redactor))
    handler._reportbot = True  # type: ignore[attr-defined]

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_reportbot", False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    if hook_exceptions:
        _route_uncaught_exceptions()
    return redactor


def _route_uncaught_exceptions() -> None:
    """Uncaught exceptions are logged (so redacted) instead of printed raw by Python."""
    crash = logging.getLogger("reportbot.crash")

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        crash.critical("uncaught exception", exc_info=(kind, value, tb))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        crash.critical(
            "uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
