"""A cache of built match-index tables, beside the parse cache, keyed by what they are built from.

Building the index of a large pack (tokenising, stemming and folding every phrasing, encoding
each with the embedding model) costs far more than reading its files. The result depends only
on the targets' texts, the pack's aliases and synonyms, the model and this code, so it is
stored under a hash of exactly those: the key is computed from the very texts the build would
read, so an entry for other facts, another model or other code is never found, let alone used.

An entry is one file: a magic line, a checksum of the rest, a small marshal header (the term
and vocabulary strings, and each array's dtype, shape and offset) and the arrays' raw bytes. A
load reads the file into one buffer and the arrays are views of it, so a warm load costs one
read and one checksum and needs no second copy. Entries are written to a temporary file and
renamed into place. The cache fails open: a missing, truncated, corrupt or unreadable entry, or
an unusable directory, only means building again (and rewriting the entry), never an error.

It lives in ``index-v5`` under the parse cache's directory (``$REPORTBOT_CACHE_DIR``, ...; the
same ``off`` switches both off) and keeps the few most recently used entries.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.knowledge.parse_cache import (
    ENV_CACHE_DIR,
    cache_directory,
    private_folder,
    write_atomically,
)
from bot.matching import meaning
from bot.matching.meaning import Encoder
from bot.matching.tables import ARRAYS, IndexTables, TargetText, build_tables

if TYPE_CHECKING:
    from bot.matching.index import Analyzer

log = logging.getLogger("reportbot.matching")

CACHE_FORMAT = 5  # bump when the layout of an entry changes (5: uint16 terms, int32 starts)
_SUBDIRECTORY = f"index-v{CACHE_FORMAT}"
_SUFFIX = ".index"
_MAGIC = b"RBINDEX\n"
_CHECKSUM_BYTES = 32
_ALIGN = 64
_KEEP = 4  # entries kept: the current pack and a few editions or packs besides
_DTYPES = frozenset({"|i1", "<u2", "<i4", "<i8", "|b1", "<f2", "<f4"})
_CODE = ("index.py", "index_cache.py", "language.py", "meaning.py", "tables.py")


@functools.cache
def _fingerprint() -> bytes:
    """Everything besides the pack that decides what a build gives: code, model, libraries."""
    digest = hashlib.blake2b(digest_size=32)
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    for path in sorted(meaning.MODEL_DIR.iterdir()):
        if path.is_file():
            # The model is package data: a new one comes with a new install, so its size and
            # time stand for its bytes (hashing 15 MB would cost a small pack's whole build).
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    versions = f"{CACHE_FORMAT}/{np.__version__}/{sys.version_info[:2]}/{sys.byteorder}"
    return digest.digest() + versions.encode()


def cache_key(texts: list[TargetText], analyzer: Analyzer, encoder: Encoder) -> str | None:
    """The key of the tables these inputs build (None: they cannot be keyed, so not cached)."""
    if encoder.model_dir != meaning.MODEL_DIR:
        return None  # another model than the shipped one: its files are not fingerprinted
    try:
        # Version 2 writes no back-references, so the bytes depend on the values alone (later
        # versions share repeated objects, which varies with who else holds them).
        inputs = marshal.dumps((texts, analyzer.folding()), 2)
    except ValueError:  # something marshal cannot write (a str subclass, say): build it
        return None
    digest = hashlib.blake2b(_fingerprint(), digest_size=20)
    digest.update(inputs)
    return digest.hexdigest()


class IndexCache:
    """Entries under one directory; every failure reads as a miss or a skipped write."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / _SUBDIRECTORY
        self.usable = (
            private_folder(directory, _SUBDIRECTORY, kind="index", instead="building the index")
            is not None
        )

    @classmethod
    def from_environment(cls) -> IndexCache | None:
        directory = cache_directory()
        return None if directory is None else cls(directory)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{_SUFFIX}"

    def load(self, key: str) -> IndexTables | None:
        if not self.usable:
            return None
        path = self.path(key)
        try:
            with open(path, "rb") as file:
                size = os.fstat(file.fileno()).st_size
                buffer = bytearray(size)
                if file.readinto(buffer) != size:
                    raise OSError("short read")
        except OSError:
            return None
        try:
            tables = _decode(buffer, key)
        except Exception as error:  # a damaged entry of any shape: build again
            log.info("index cache entry %s is unusable (%s); building again", path.name, error)
            return None
        with suppress(OSError):
            os.utime(path)  # recently used: kept longest when the cache is pruned
        return tables

    def store(self, key: str, tables: IndexTables) -> bool:
        if not self.usable:
            return False
        try:
            write_atomically(self.path(key), _encode(tables, key))
        except OSError as error:
            log.warning("cannot write to index cache %s (%s)", self.directory, error)
            return False
        self.prune()
        return True

    def prune(self, keep: int = _KEEP) -> None:
        """Remove all but the ``keep`` most recently used entries (each can be hundreds of MB)."""
        with suppress(OSError):
            entries = sorted(
                (item.stat().st_mtime, item.path)
                for item in os.scandir(self.directory)
                if item.name.endswith(_SUFFIX)
            )
            for _, path in entries[:-keep] if keep else entries:
                os.unlink(path)


def _encode(tables: IndexTables, key: str) -> list[bytes | memoryview]:
    """The entry's bytes: magic, checksum, header length, header, aligned array data."""
    layout: list[tuple[str, str, tuple[int, ...], int, int]] = []
    offset = 0
    arrays = [np.ascontiguousarray(getattr(tables, name)) for name in ARRAYS]
    for name, values in zip(ARRAYS, arrays, strict=True):
        layout.append((name, values.dtype.str, values.shape, offset, values.nbytes))
        offset += -(-values.nbytes // _ALIGN) * _ALIGN
    header = marshal.dumps((key, tables.vocabulary, tables.names, tuple(layout)))
    head = len(header).to_bytes(8, "little") + header
    head += b"\0" * (-(len(_MAGIC) + _CHECKSUM_BYTES + len(head)) % _ALIGN)
    body: list[bytes | memoryview] = [head]
    for values in arrays:
        data = memoryview(values.reshape(-1).view(np.uint8))
        body += [data, b"\0" * (-len(data) % _ALIGN)]
    digest = hashlib.blake2b(digest_size=_CHECKSUM_BYTES)
    for part in body:
        digest.update(part)
    return [_MAGIC, digest.digest(), *body]


def _decode(buffer: bytearray, key: str) -> IndexTables:
    """Tables whose arrays are read-only views of ``buffer``; raise on anything amiss."""
    view = memoryview(buffer)
    start = len(_MAGIC) + _CHECKSUM_BYTES
    if len(buffer) < start + 8 or bytes(view[: len(_MAGIC)]) != _MAGIC:
        raise ValueError("not an index cache entry")
    if (
        bytes(view[len(_MAGIC) : start])
        != hashlib.blake2b(view[start:], digest_size=_CHECKSUM_BYTES).digest()
    ):
        raise ValueError("checksum mismatch")
    size = int.from_bytes(view[start : start + 8], "little")
    header_end = start + 8 + size
    stored_key, vocabulary, names, layout = marshal.loads(view[start + 8 : header_end])
    if stored_key != key or type(vocabulary) is not tuple or type(names) is not tuple:
        raise ValueError("another entry's header")
    data = header_end + (-header_end % _ALIGN)
    arrays: dict[str, np.ndarray] = {}
    for name, dtype, shape, offset, nbytes in layout:
        if name not in ARRAYS or dtype not in _DTYPES or data + offset + nbytes > len(buffer):
            raise ValueError(f"malformed array {name!r}")
        values = np.frombuffer(buffer, dtype=dtype, count=int(np.prod(shape)), offset=data + offset)
        values = values.reshape(shape)
        values.flags.writeable = False
        arrays[name] = values
    tables = IndexTables(vocabulary, names, **arrays)
    _check(tables)
    return tables


def _check(tables: IndexTables) -> None:
    """The shape an intact entry has: rows that fit, ids that name terms."""
    count = tables.count
    rows = (
        (tables.core, tables.core_starts, count),
        (tables.extra, tables.extra_starts, count),
        (tables.phrase_terms, tables.phrase_starts, len(tables.has_written)),
        (tables.written_terms, tables.written_starts, len(tables.has_written)),
        (tables.vectors, tables.vector_starts, count),
    )
    for values, starts, expected in rows:
        if len(starts) != expected + 1 or starts[0] != 0 or starts[-1] != len(values):
            raise ValueError("rows do not fit their table")
        if len(starts) > 1 and np.any(np.diff(starts) < 0):
            raise ValueError("rows out of order")
    if len(tables.target_phrases) != count + 1 or tables.target_phrases[-1] != len(
        tables.has_written
    ):
        raise ValueError("phrasings do not fit their targets")
    for ids in (tables.core, tables.extra, tables.phrase_terms, tables.written_terms):
        if len(ids) and (ids.min() < 0 or ids.max() >= len(tables.names)):
            raise ValueError("a term id names no term")
    if tables.vector_scales.shape != (len(tables.vectors),):
        raise ValueError("scales do not fit the vectors")
    if tables.centroids.shape != (count, tables.vectors.shape[1]):
        raise ValueError("centroids do not fit the targets")
    if tables.centroid_scales.shape != (count,):
        raise ValueError("scales do not fit the centroids")
    if tables.mean_centroid.shape != tables.vectors.shape[1:]:
        raise ValueError("the mean centroid does not fit the vectors")
    postings, starts = tables.postings, tables.posting_starts
    if len(starts) != len(tables.names) + 1 or starts[0] != 0 or starts[-1] != len(postings):
        raise ValueError("postings do not fit the terms")
    if len(starts) > 1 and np.any(np.diff(starts) < 0):
        raise ValueError("postings out of order")
    if len(postings) and (postings.min() < 0 or postings.max() >= count):
        raise ValueError("a posting names no target")


def pack_cache_key(fingerprint: str | None, encoder: Encoder) -> str | None:
    """The key of the tables of a pack loaded from files that ``fingerprint`` hashes (None:
    it has none, or another model than the shipped one is used)."""
    if fingerprint is None or encoder.model_dir != meaning.MODEL_DIR:
        return None
    digest = hashlib.blake2b(_fingerprint(), digest_size=20)
    digest.update(b"pack\0" + fingerprint.encode())
    return digest.hexdigest()


def cached_tables(fingerprint: str | None, encoder: Encoder) -> IndexTables | None:
    """The tables of the pack ``fingerprint`` names, if the cache holds them: found without
    listing the pack's texts, which is most of what keying them by their texts costs."""
    key = pack_cache_key(fingerprint, encoder)
    cache = IndexCache.from_environment() if key is not None else None
    return cache.load(key) if cache is not None and key is not None else None


def tables_for(
    texts: list[TargetText], analyzer: Analyzer, encoder: Encoder, fingerprint: str | None = None
) -> IndexTables:
    """The tables for these texts: from the cache when it holds them, else built (and kept,
    under the pack's ``fingerprint`` when it has one, else under the texts themselves)."""
    cache = IndexCache.from_environment()
    usable = cache is not None and cache.usable
    key = pack_cache_key(fingerprint, encoder) if usable else None
    if usable and key is None:
        key = cache_key(texts, analyzer, encoder)
    if cache is not None and key is not None:
        found = cache.load(key)
        if found is not None:
            return found
    tables = build_tables(texts, analyzer, encoder)
    if cache is not None and key is not None:
        cache.store(key, tables)
    return tables


__all__ = ["ENV_CACHE_DIR", "IndexCache", "cache_key", "cached_tables", "tables_for"]
