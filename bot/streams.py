"""Standard streams that never crash on a character: for scripts that pipe text in and out.

Input may hold bytes that are not valid in its encoding (a log file cut mid-character, Latin-1
pasted into a UTF-8 pipe); Python then raises, or smuggles the bytes in as lone surrogates
that explode on output. Every undecodable byte becomes U+FFFD instead, so the line is still
answered and the lines after it too. Output as JSON is one object per line whatever the text
holds: ``json.dumps`` escapes control characters, and the three further characters that some
readers take as line breaks (U+0085, U+2028, U+2029; Python's ``str.splitlines`` among them)
are escaped as well. JSON is written as UTF-8, as RFC 8259 requires, whatever the locale.
"""

from __future__ import annotations

import io
import json
import re
import sys
from typing import Any, TextIO

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_BREAK_OR_SURROGATE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` with every lone surrogate (an undecodable byte, from argv or a lenient
    stream) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def json_line(data: Any) -> str:
    """``data`` as one line of JSON: no raw line break of any kind, no lone surrogate."""
    text = json.dumps(data, ensure_ascii=False)
    return _BREAK_OR_SURROGATE.sub(
        lambda m: _LINE_BREAKS.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", text
    )


def write_json_line(data: Any, out: TextIO) -> None:
    """One JSON object and a newline, as UTF-8 bytes where the stream has them."""
    line = json_line(data) + "\n"
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        binary.write(line.encode("utf-8"))
        binary.flush()
    else:
        out.write(line)
        out.flush()


def forgiving_standard_streams() -> None:
    """Undecodable input becomes U+FFFD; unencodable text output becomes ``?`` (JSON is
    written as UTF-8 bytes and never needs it). Called once by the command line."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, io.UnsupportedOperation):  # closed or detached
                continue
