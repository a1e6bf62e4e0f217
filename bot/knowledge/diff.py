"""What a reload changed, in the terms an editor thinks in: claims and quotes, then the rest.

Everything is compared by content, the pack's version included, so a reload that changed only
people or an article's text still says so, and the versions shown are the ones each edition
holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase

# Sections besides claims, quotes and discrepancies, compared whole.
OTHER_SECTIONS = (
    "outlets",
    "organizations",
    "people",
    "documents",
    "articles",
    "gaps",
    "synonyms",
)


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
    others: tuple[str, ...] = ()  # other sections whose content changed ("pack" for its fields)

    @property
    def empty(self) -> bool:
        """No claim, quote or discrepancy changed (other sections may have)."""
        return not (self.claims or self.quotes or self.discrepancies)

    @property
    def unchanged(self) -> bool:
        """Nothing in the pack changed at all."""
        return self.empty and not self.others

    def _version(self) -> str:
        if self.old_version == self.new_version:
            return f"version {self.new_version}"
        return f"version {self.old_version} -> {self.new_version}"

    def summary(self) -> str:
        also = f"; also changed: {', '.join(self.others)}" if self.others else ""
        if self.empty:
            return f"No change to claims, quotes or discrepancies{also} ({self._version()})."
        parts = [
            self.claims.summary("claims"),
            self.quotes.summary("quotes"),
            self.discrepancies.summary("discrepancies"),
        ]
        return "; ".join(parts) + f"{also} ({self._version()})."


def _compare(old: Mapping[str, object], new: Mapping[str, object]) -> Changes:
    return Changes(
        added=tuple(k for k in new if k not in old),
        removed=tuple(k for k in old if k not in new),
        changed=tuple(k for k in new if k in old and new[k] != old[k]),
    )


def diff_packs(old: KnowledgeBase, new: KnowledgeBase) -> PackDiff:
    others = ["pack"] if old.info != new.info else []
    others += [name for name in OTHER_SECTIONS if _section(old, name) != _section(new, name)]
    return PackDiff(
        old_version=old.info.version,
        new_version=new.info.version,
        claims=_compare(old.claims, new.claims),
        quotes=_compare(old.quotes, new.quotes),
        discrepancies=_compare(old.discrepancies, new.discrepancies),
        others=tuple(others),
    )


def _section(knowledge: KnowledgeBase, name: str) -> object:
    value = getattr(knowledge, name)
    return dict(value) if isinstance(value, Mapping) else value
