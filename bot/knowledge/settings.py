"""The loader's settings, read from the environment at every load and checked by name.

A bad value is one located problem naming the variable, never a traceback on every command.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.settings import parse_size, size_message

ENV_MAX_FILE_BYTES = "REPORTBOT_MAX_FILE_BYTES"
DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024


class SettingInvalid(ValueError):
    """A setting that cannot be used: ``name`` is the variable, the message what it needs."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def max_file_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The largest fact file or archived text read, in bytes: a whole number, or with K, M, G."""
    env = os.environ if environ is None else environ
    raw = env.get(ENV_MAX_FILE_BYTES, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_BYTES
    value = parse_size(raw)
    if not value:
        message = size_message(ENV_MAX_FILE_BYTES, raw, DEFAULT_MAX_FILE_BYTES)
        raise SettingInvalid(ENV_MAX_FILE_BYTES, message.split(": ", 1)[1])
    return value
