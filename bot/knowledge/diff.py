"""What a reload changed, in the terms an editor thinks in: claims and quotes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Changes:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self, noun: str) -> str:
        return (
            f"{noun}: {len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed"
        )


@dataclass(frozen=True, slots=True)
class PackDiff:
    old_version: str
    new_version: str
    claims: Changes
    quotes: Changes
    discrepancies: Changes

    @property
    def empty(self) -> bool:
        return not (self.claims or self.quotes or self.discrepancies)

    def summary(self) -> str:
        if self.empty:
            return f"No change to claims, quotes or discrepancies (version {self.new_version})."
        return (
            "; ".join(
                [
                    self.claims.summary("claims"),
                    self.quotes.summary("quotes"),
                    self.discrepancies.summary("discrepancies"),
                ]
            )
            + f" (version {self.old_version} -> {self.new_version})."
        )


def _compare(old: Mapping[str, object], new: Mapping[str, object]) -> Changes:
    return Changes(
        added=tuple(k for k in new if k not in old),
        removed=tuple(k for k in old if k not in new),
        changed=tuple(k for k in new if k in old and new[k] != old[k]),
    )


def diff_packs(old: KnowledgeBase, new: KnowledgeBase) -> PackDiff:
    return PackDiff(
        old_version=old.info.version,
        new_version=new.info.version,
        claims=_compare(old.claims, new.claims),
        quotes=_compare(old.quotes, new.quotes),
        discrepancies=_compare(old.discrepancies, new.discrepancies),
    )
