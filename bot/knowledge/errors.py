"""Located problems in a fact pack, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PackError:
    """One problem, pointing at the place an editor must fix it (1-based line and column)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PackInvalid(Exception):
    """A pack that cannot be served; carries every problem found, not just the first."""

    def __init__(self, errors: list[PackError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column, e.message))
        count = len(self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the fact pack")

    def report(self) -> str:
        return "\n".join([str(self), *(f"  {error}" for error in self.errors)])


def display_path(path: Path, root: Path) -> str:
    """Paths relative to the pack root read better in an error list than absolute ones."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
