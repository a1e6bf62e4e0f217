"""The loader's settings, read from the environment at every load and checked by name.

A bad value is one located problem naming the variable, never a traceback on every command.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

ENV_MAX_FILE_BYTES = "REPORTBOT_MAX_FILE_BYTES"
DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024
_SIZE = re.compile(r"([0-9][0-9_]*)\s*(?:([kmg])i?b?)?", re.IGNORECASE)
_UNITS = {None: 1, "k": 2**10, "m": 2**20, "g": 2**30}


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
    found = _SIZE.fullmatch(raw)
    value = 0
    if found is not None:
        unit = found.group(2).lower() if found.group(2) else None
        value = int(found.group(1).replace("_", "")) * _UNITS[unit]
    if value < 1:
        raise SettingInvalid(
            ENV_MAX_FILE_BYTES,
            f"must be a size in bytes above 0, such as 16777216 or 16M (the default is "
            f"{DEFAULT_MAX_FILE_BYTES:,}), not {raw[:40]!r}",
        )
    return value
