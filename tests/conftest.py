"""Shared fixtures: real fact packs written to real files."""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from bot.store import Snapshot

# Property tests (hypothesis) draw the same examples on every run, so that CI never fails at
# random; REPORTBOT_HYPOTHESIS=explore draws new ones, to look for what has not been found yet
# (a failure found that way becomes a fixed test case).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("REPORTBOT_HYPOTHESIS", "repeatable"))

pytest_plugins = ["tests.discord_server.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "knowledge"
EXAMPLE = Path(__file__).resolve().parent / "packs" / "example"
COUNCIL = Path(__file__).resolve().parent / "packs" / "council"

ARTICLE = (
    "According to The Example Times, which obtained a draft city audit, Roe said the library "
    "budget would be cut by half. “Books are not a luxury,” she told the city council at a "
    "budget hearing. The D.A.’s office said: “We’ll review it — carefully.”\n"
)

HEADER = """\
pack: {id: test, title: Test story, version: "1"}
outlets:
  - {id: times, name: The Example Times}
  - {id: unnamed, name: null}
people:
  - {id: mayor, name: Jane Roe, role: mayor, aliases: [Roe, the mayor]}
  - {id: da, name: the district attorney's office, aliases: [DA]}
documents:
  - {id: audit, title: the draft city audit, author: mayor}
articles:
  - {id: a1, outlet: unnamed, headline: null, text: sources/a1.txt}
"""

CLAIM = """\
claims:
  - id: budget-cut
    statement: The mayor said the library budget would be cut by half.
    topics: [library budget]
    asks: ["what happens to the library budget"]
    people: [mayor]
    reports:
      - article: a1
        excerpt: "Roe said the library budget would be cut by half"
        via: [times, audit]
"""

PackWriter = Callable[..., Path]

# The parse cache defaults to ~/.cache/reportbot: keep the suite (and the bots it starts as
# child processes, which inherit the environment) out of the user's own cache.
os.environ.setdefault("REPORTBOT_CACHE_DIR", tempfile.mkdtemp(prefix="reportbot-test-cache-"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache directory of the test's own, which the bot is pointed at."""
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def write_pack(tmp_path: Path) -> PackWriter:
    """Write a pack directory: YAML files by name, plus the archived article a1."""

    def write(files: dict[str, str] | str, article: str = ARTICLE) -> Path:
        root = tmp_path / "pack"
        (root / "sources").mkdir(parents=True, exist_ok=True)
        (root / "sources" / "a1.txt").write_text(article, encoding="utf-8")
        if isinstance(files, str):
            files = {"pack.yaml": files}
        for name, text in files.items():
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture(scope="session")
def council() -> Snapshot:
    """The small two-article council pack, loaded once: story-agnostic behaviour is shown on
    it (the closing date is in one article only; both report the vote, differently). Older
    modules still load their own, module-scoped."""
    return Snapshot.load(COUNCIL)


@pytest.fixture(scope="session")
def bundled() -> Snapshot:
    """The bundled pack, loaded once: the behaviour on the real story."""
    return Snapshot.load(BUNDLED)
