"""Where each verified passage stands in its article, remembered between loads of a pack.

After parsing, placing passages is most of what loading a large pack costs: at 100,000 claims,
about 3 s preparing the words and sentences of 5,000 articles and 3 s placing 120,000 excerpts
and quotes in them. A placement depends only on the article's text, the passage and the rules
of :mod:`bot.knowledge.verbatim`, so it is remembered under exactly those: each article's
placements are filed under a hash of its text, and the whole entry under a fingerprint of the
rules' code and the Unicode tables. An edited article has another hash, so nothing placed in
its old text is ever found for it; a passage not remembered is placed anew (the article's
text is prepared only then). Refusals are not remembered: a pack that has one does not load,
and the check that refused it runs again.

One entry per pack directory, rewritten when a load placed something new, and holding only
what that load used (so it never grows past the pack). Entries live beside the parse cache,
are checked by a checksum and renamed into place whole, and fail open: a missing, damaged or
unwritable entry only means placing again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import sys
import unicodedata
from contextlib import suppress
from pathlib import Path

from bot.knowledge.parse_cache import (
    cache_directory,
    private_folder,
    sealed,
    unsealed,
    write_atomically,
)
from bot.knowledge.verbatim import ArticleText, Placement, Refusal

log = logging.getLogger("reportbot.knowledge")

CACHE_FORMAT = 1  # bump when the layout of an entry changes
_SUBDIRECTORY = f"place-v{CACHE_FORMAT}"
_SUFFIX = ".placed"
_MAGIC = b"RBPLACE\n"
_KEEP = 16  # entries kept, one a pack directory; the least recently used go first
_FIELDS = 8  # a Placement as a tuple: start, end, two sentences, three flags, body

Record = tuple[int, int, int, int, bool, bool, bool, str]


@functools.cache
def _fingerprint() -> bytes:
    """Everything besides an article's text and a passage that decides where it is placed."""
    code = Path(__file__).with_name("verbatim.py")
    digest = hashlib.blake2b(digest_size=16)
    with suppress(OSError):  # e.g. running from a zip: the versions still apply
        digest.update(code.read_bytes())
    return (
        f"reportbot-place/{CACHE_FORMAT}/{unicodedata.unidata_version}/"
        f"{sys.version_info[0]}.{sys.version_info[1]}/{digest.hexdigest()}\n"
    ).encode()


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _record(placement: Placement) -> Record:
    return (
        placement.start,
        placement.end,
        placement.first_sentence,
        placement.last_sentence,
        placement.cut_before,
        placement.cut_after,
        placement.whole_quotation,
        placement.body,
    )


def _placement(record: object) -> Placement:
    """Rebuild a placement; raise ValueError on anything but a well-formed record."""
    # the checksum has vouched for the bytes: only the shape is checked, cheaply
    if type(record) is not tuple or len(record) != _FIELDS or type(record[-1]) is not str:
        raise ValueError("malformed placement")
    return Placement(*record)


class ArticlePlacements:
    """One article's passages: placed before (from the cache) or placed now and remembered."""

    __slots__ = ("_prepared", "fresh", "known", "text")

    def __init__(self, text: str, known: dict[str, Placement]) -> None:
        self.text = text
        self.known = known
        self.fresh = False  # placed something the cache did not hold
        self._prepared: ArticleText | None = None

    def place(self, passage: str, label: str = "the article") -> Placement | Refusal:
        """As :meth:`ArticleText.place`; ``label`` names the article in a refusal."""
        found = self.known.get(passage)
        if found is not None:
            return found
        if self._prepared is None:
            self._prepared = ArticleText(self.text)
        outcome = self._prepared.place(passage, label)
        if isinstance(outcome, Placement):
            self.known[passage] = outcome
            self.fresh = True
        return outcome


class PlacementCache:
    """The placements remembered for one pack directory, and what this load adds to them."""

    def __init__(self, directory: Path | None, pack_root: Path) -> None:
        """``directory`` is the cache directory (None: remember nothing)."""
        self.path: Path | None = None
        self._remembered: dict[bytes, dict[str, Record]] = {}
        self._articles: dict[bytes, ArticlePlacements] = {}
        if directory is None:
            return
        folder = private_folder(directory, _SUBDIRECTORY, kind="placement", instead="placing")
        if folder is None:
            return
        name = hashlib.blake2b(_fingerprint(), digest_size=20)
        name.update(os.fsencode(os.path.abspath(pack_root)))
        self.path = folder / f"{name.hexdigest()}{_SUFFIX}"
        self._remembered = self._read(self.path)

    @classmethod
    def from_environment(cls, pack_root: Path) -> PlacementCache:
        return cls(cache_directory(), pack_root)

    @staticmethod
    def _read(path: Path) -> dict[bytes, dict[str, Record]]:
        try:
            entry = path.read_bytes()
        except OSError:
            return {}
        payload = unsealed(entry, _MAGIC)
        if payload is None:
            log.info("placement cache entry %s is damaged; placing again", path.name)
            return {}
        try:
            remembered = marshal.loads(payload)
            if type(remembered) is not dict or any(
                type(key) is not bytes or type(value) is not dict
                for key, value in remembered.items()
            ):
                raise ValueError("not a placement entry")
        except Exception:  # marshal raises EOFError, ValueError, TypeError, ...
            log.info("placement cache entry %s is unreadable; placing again", path.name)
            return {}
        with suppress(OSError):
            os.utime(path)  # recently used: kept longest when the cache is pruned
        return remembered

    def article(self, text: str) -> ArticlePlacements:
        """The placements of an article with this text (several articles may share one)."""
        key = _text_key(text)
        placements = self._articles.get(key)
        if placements is None:
            known: dict[str, Placement] = {}
            try:
                for passage, record in self._remembered.pop(key, {}).items():
                    if type(passage) is not str:
                        raise ValueError("malformed placement")
                    known[passage] = _placement(record)
            except ValueError:
                log.info("placement cache entry %s is malformed; placing again", self.path)
                known = {}
            placements = ArticlePlacements(text, known)
            self._articles[key] = placements
        return placements

    def save(self) -> bool:
        """Write what this load placed, if it placed anything new (False: nothing written)."""
        if self.path is None or not any(a.fresh for a in self._articles.values()):
            return False
        payload = marshal.dumps(
            {
                key: {passage: _record(p) for passage, p in article.known.items()}
                for key, article in self._articles.items()
            }
        )
        try:
            write_atomically(self.path, [sealed(payload, _MAGIC)])
        except OSError as error:
            log.info("cannot write to placement cache %s (%s)", self.path.parent, error)
            return False
        self._prune(self.path.parent)
        return True

    @staticmethod
    def _prune(folder: Path, keep: int = _KEEP) -> None:
        """Keep the ``keep`` most recently used entries (each is one pack's placements)."""
        with suppress(OSError):
            entries = sorted(
                (item.stat().st_mtime, item.path)
                for item in os.scandir(folder)
                if item.name.endswith(_SUFFIX)
            )
            for _, path in entries[:-keep]:
                os.unlink(path)
