"""The live facts: one immutable snapshot, replaced whole on reload.

A question reads ``store.snapshot`` once and works on that object to the end, so it sees either
the old facts or the new ones, never a mixture. A reload builds the new snapshot aside, and only
a pack without a single problem replaces the old one; otherwise the old one keeps serving.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.diff import PackDiff, diff_packs
from bot.knowledge.errors import PackError, PackInvalid
from bot.knowledge.loader import load_pack
from bot.knowledge.model import KnowledgeBase
from bot.matching.index import MatchIndex
from bot.settings import ENV_KNOWLEDGE, bundled_knowledge

__all__ = ["ENV_KNOWLEDGE", "KnowledgeStore", "ReloadResult", "Snapshot", "default_knowledge_path"]


def default_knowledge_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--knowledge`` first, then ``REPORTBOT_KNOWLEDGE``, then the bundled pack (for library
    callers; the commands take ``Settings.knowledge``, which is decided the same way)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_KNOWLEDGE, "").strip()
    return Path(from_env).expanduser() if from_env else bundled_knowledge()


@dataclass(frozen=True, slots=True)
class Snapshot:
    knowledge: KnowledgeBase
    index: MatchIndex
    source: Path
    loaded_at: float

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Snapshot:
        knowledge = load_pack(path)
        return cls(knowledge, MatchIndex(knowledge), Path(path), time.time())


@dataclass(frozen=True, slots=True)
class ReloadResult:
    ok: bool
    diff: PackDiff | None = None
    errors: tuple[PackError, ...] = ()
    version: str = ""
    seconds: float = 0.0


class KnowledgeStore:
    """Holds the current snapshot; reloads are serialised so two never race to swap."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._reload_lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> KnowledgeStore:
        return cls(Snapshot.load(path))

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def reload(self, path: str | os.PathLike[str] | None = None) -> ReloadResult:
        """Load ``path`` (default: where the current facts came from); swap only if it is valid.

        Blocking: call it off the event loop. Concurrent callers queue on a lock.
        """
        with self._reload_lock:
            started = time.perf_counter()
            old = self._snapshot
            try:
                new = Snapshot.load(path if path is not None else old.source)
            except PackInvalid as invalid:
                return ReloadResult(
                    ok=False,
                    errors=tuple(invalid.errors),
                    version=old.knowledge.info.version,
                    seconds=time.perf_counter() - started,
                )
            self._snapshot = new  # the one step a question can observe
            return ReloadResult(
                ok=True,
                diff=diff_packs(old.knowledge, new.knowledge),
                version=new.knowledge.info.version,
                seconds=time.perf_counter() - started,
            )
