"""Answers on a terminal: wrapped to its width, coloured only where colour is welcome.

The words come from :mod:`bot.answers.layout`; this wraps each line with its indentation kept
(a wrapped list item or quote stays indented under its first line) and, on a terminal that
supports it, colours lines by what they are. Colour is off when the output is not a terminal,
when ``NO_COLOR`` is set to anything (https://no-color.org) or ``TERM`` is ``dumb``; piped
output is plain text wrapped to 80 columns (or ``COLUMNS``), so it reads well in a pager or a
file and carries no escape codes.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from bot.answers.layout import Block, Line
from bot.answers.text import INDENT

MAX_WIDTH = 100  # wider lines are hard to follow, however wide the window
PIPED_WIDTH = 80
MIN_WIDTH = 30

# SGR codes per role: (the line, its label). Few colours, each with a meaning: quotes stand
# out, attributions recede, differences are flagged.
_BOLD, _DIM, _ITALIC, _CYAN, _YELLOW = "1", "2", "3", "36", "33"
STYLES: Mapping[str, tuple[str, str]] = {
    "heading": (_BOLD, _BOLD),
    "lead": ("", _BOLD),
    "fact": ("", ""),
    "quote": (_CYAN, ""),
    "said": (_DIM, _BOLD),
    "variant": (_DIM, _DIM),
    "credit": ("", _BOLD),
    "excerpt": (_DIM + ";" + _ITALIC, ""),
    "differ": ("", _BOLD + ";" + _YELLOW),
    "version": ("", _BOLD),
    "source": ("", _BOLD),
    "option": ("", ""),
    "note": (_DIM, _DIM),
}


def _paint(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if code and text else text


@dataclass(frozen=True, slots=True)
class Terminal:
    """Where text goes: ``width`` to wrap at (0: never wrap), whether to colour it."""

    width: int = 0
    colour: bool = False

    @classmethod
    def of(cls, stream: TextIO, environ: Mapping[str, str] | None = None) -> Terminal:
        """The terminal ``stream`` writes to, as the environment describes it."""
        env = os.environ if environ is None else environ
        tty = _isatty(stream)
        colour = tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
        width = PIPED_WIDTH
        if env.get("COLUMNS", "").isdigit():
            width = int(env["COLUMNS"])
        elif tty:
            try:
                width = os.get_terminal_size(stream.fileno()).columns
            except (OSError, ValueError):
                width = PIPED_WIDTH
        return cls(max(MIN_WIDTH, min(width, MAX_WIDTH)), colour)

    def line(self, line: Line) -> list[str]:
        """One layout line, wrapped under its own indentation, coloured by its role."""
        indent = INDENT * line.depth
        mark = f"{line.mark} " if line.mark else ""
        first = indent + mark
        if self.width:
            rows = textwrap.wrap(
                line.body,
                width=self.width,
                initial_indent=first,
                subsequent_indent=indent + " " * len(mark),
                break_on_hyphens=False,
                break_long_words=False,
            ) or [first.rstrip()]
        else:
            rows = [first + line.body]
        if not self.colour:
            return rows
        style, label_style = STYLES.get(line.role, ("", ""))
        painted = []
        for number, row in enumerate(rows):
            body = row.lstrip(" ")
            lead = row[: len(row) - len(body)]
            if number == 0 and mark:
                body = body[len(mark) :]
                lead += _paint(mark, _BOLD)
            if number == 0 and line.label and body.startswith(line.label):
                cut = len(line.label)
                painted.append(
                    lead + _paint(body[:cut], label_style or style) + _paint(body[cut:], style)
                )
            else:
                painted.append(lead + _paint(body, style))
        return painted

    def block(self, block: Block) -> str:
        return "\n".join(row for line in block for row in self.line(line))

    def render(self, blocks: Sequence[Block]) -> str:
        return "\n\n".join(self.block(block) for block in blocks)

    def text(self, text: str) -> str:
        """Our own messages (help, reload reports): wrapped, never coloured."""
        if not self.width:
            return text
        out = []
        for row in text.splitlines():
            body = row.lstrip(" ")
            indent = " " * (len(row) - len(body))
            wrapped = textwrap.wrap(
                body,
                width=self.width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            out += wrapped or [""]
        return "\n".join(out)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


PLAIN = Terminal()  # no wrapping, no colour: the text exactly as the layout joins it
