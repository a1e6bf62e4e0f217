"""Located problems in a fact pack, reported all at once, the ones that cause others first."""

from __future__ import annotations

import os
from dataclasses import dataclass

# What kind of problem an error is, which decides where it is listed: a setting that stops the
# load, then a file that could not be read or parsed (what it holds is unknown, so problems that
# may follow from it are not reported), then everything else, per file in order.
SETTING = "setting"
UNREADABLE = "unreadable"
PROBLEM = "problem"
_RANK = {SETTING: 0, UNREADABLE: 1, PROBLEM: 2}


@dataclass(frozen=True, slots=True)
class PackError:
    """One problem, pointing at the place an editor must fix it (1-based line and column).

    A setting's problem has no place in a file: ``file`` is the variable's name.
    """

    file: str
    line: int
    column: int
    message: str
    kind: str = PROBLEM

    def __str__(self) -> str:
        if self.kind == SETTING:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PackInvalid(Exception):
    """A pack that cannot be served; carries every problem found, not just the first."""

    def __init__(self, errors: list[PackError]) -> None:
        self.errors = sorted(
            errors, key=lambda e: (_RANK.get(e.kind, 2), e.file, e.line, e.column, e.message)
        )
        count = len(self.errors)
        kinds = [error.kind for error in self.errors]
        if kinds and all(kind == SETTING for kind in kinds):
            summary = f"{count} problem{'s' if count != 1 else ''} in the settings for the pack"
        else:
            summary = f"{count} problem{'s' if count != 1 else ''} in the fact pack"
        unreadable = kinds.count(UNREADABLE)
        if unreadable == count:
            summary += " (could not be read or parsed)"
        elif unreadable:
            first = "the first" if unreadable == 1 else f"the first {unreadable}"
            summary += (
                f"; {first} could not be read or parsed: fix "
                f"{'it' if unreadable == 1 else 'those'} first"
            )
        super().__init__(summary)

    def report(self) -> str:
        return "\n".join([str(self), *(f"  {error}" for error in self.errors)])


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the curator would type it where the command runs, so an editor can jump to it.

    A relative path stays relative to the working directory; an absolute one is shown relative
    to it when it lies inside it.
    """
    text = os.path.normpath(os.fspath(path))
    if not os.path.isabs(text):
        return text
    try:
        relative = os.path.relpath(text)
    except (OSError, ValueError):  # no working directory any more, or another drive
        return text
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return text
    return relative
