"""A validated pack, remembered whole: reloading unchanged files skips checking them again.

A warm load of a large pack is mostly checking it: at 100,000 claims, about 4 s of the
loader's own validation (references, fields, verbatim placement) on files the parse cache has
already parsed. None of it can turn out differently for the same bytes and the same code. So
when a load succeeds, the :class:`~bot.knowledge.model.KnowledgeBase` it built is kept in the
cache directory, filed under a hash of every fact file's bytes (with their names, in load
order), of the size limit, and of the loader's code; with it, a digest of each archived text
the pack read. A later load reads the same files, and uses the entry only when every fact
file and every archived text is byte for byte what it was; otherwise it builds and checks the
pack as always. A pack that fails is never remembered, so every problem is still reported.

Entries are marshal data (nested tuples, lists, dicts and strings), never pickles: decoding
one makes only the model's own dataclasses. Like the other caches, an entry carries a checksum,
is renamed into place whole, lives in a directory private to the bot's user, and fails open:
anything missing, damaged or unwritable only means building again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import marshal
import os
import sys
import types
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from bot.knowledge import model
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.parse_cache import (
    cache_directory,
    private_folder,
    sealed,
    unsealed,
    write_atomically,
)

log = logging.getLogger("reportbot.knowledge")

CACHE_FORMAT = 2  # bump when the layout of an entry changes (2: runs of columns)
_SUBDIRECTORY = f"pack-v{CACHE_FORMAT}"
_SUFFIX = ".pack"
_MAGIC = b"RBPACK\n"
_KEEP = 4  # entries kept (a large pack's is tens of MB); the least recently used go first
_DIGEST_BYTES = 20

# The model's dataclasses by name: an entry can make these and nothing else.
_CLASSES: dict[str, type] = {
    name: cls
    for name, cls in vars(model).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _CLASSES.items()}


@functools.cache
def _fingerprint() -> bytes:
    """The code that decides what a load builds: every module of this package."""
    digest = hashlib.blake2b(digest_size=_DIGEST_BYTES)
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("*.py")):
        with suppress(OSError):  # e.g. running from a zip: the versions still apply
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    versions = f"reportbot-pack/{CACHE_FORMAT}/{sys.version_info[0]}.{sys.version_info[1]}/"
    return versions.encode() + digest.digest()


def digest_of(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=_DIGEST_BYTES).digest()


def pack_key(files: Iterable[tuple[str, bytes]], max_bytes: int) -> str:
    """The key of what these fact files (shown name, bytes; in load order) build."""
    key = hashlib.blake2b(_fingerprint(), digest_size=_DIGEST_BYTES)
    key.update(f"{max_bytes}\0".encode())
    for shown, raw in files:
        key.update(shown.encode("utf-8", "surrogatepass") + b"\0" + digest_of(raw))
    return key.hexdigest()


def fingerprint(key: str, texts: Iterable[tuple[str, bytes]]) -> str:
    """What a pack was built from, fact files (``key``) and archived texts alike, as a hash."""
    digest = hashlib.blake2b(key.encode(), digest_size=_DIGEST_BYTES)
    for relative, text_digest in sorted(texts):
        digest.update(relative.encode("utf-8", "surrogatepass") + b"\0" + text_digest)
    return digest.hexdigest()


_PLAIN = frozenset({str, int, float, bool, type(None)})
_TUPLE = ""  # the class name of a tuple that holds more than plain values
_COLUMNS = "#columns"  # a run of one dataclass: its class and count, then a run per field
_RAGGED = "#ragged"  # a run of tuples: their lengths, then all their items as one run


def _encode(value: Any) -> Any:
    """Plain data marshal can write: a dataclass as a list, its class name then its fields; a
    mapping as a dict, its keys and values as runs when the values are dataclasses; a tuple of
    plain values as itself, any other as a list named ``""``, or as a run."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return [name, *(_encode(getattr(value, f)) for f in _FIELDS[name])]
    if type(value) is tuple:
        if all(type(item) in _PLAIN for item in value):
            return value
        if _one_class(value):
            return [_TUPLE, _run(list(value))]
        return [_TUPLE, *(_encode(item) for item in value)]
    if isinstance(value, dict | types.MappingProxyType):
        if _one_class(value.values()):
            return [tuple(value), _run(list(value.values()))]
        return {key: _encode(item) for key, item in value.items()}
    if type(value) not in _PLAIN:
        raise ValueError(f"a pack entry cannot hold {type(value).__name__}")
    return value


def _one_class(values: Iterable[Any]) -> bool:
    """Several dataclasses of one class: written as one run of columns."""
    kinds = {type(v) for v in values}
    return len(kinds) == 1 and next(iter(kinds)).__name__ in _CLASSES and len(list(values)) > 1


def _run(values: list[Any]) -> Any:
    """A sequence of values as one column. Objects of one class become a column per field and
    tuples of them one column of all their items, so that decoding makes each object from
    its columns and leaves no per-object scaffolding behind: a pack of 100,000 claims then
    decodes into its own objects alone, not beside the holes of a list per object."""
    if values and all(type(v) is type(values[0]) for v in values):
        kind = type(values[0])
        if kind.__name__ in _CLASSES and kind is _CLASSES[kind.__name__]:
            fields = _FIELDS[kind.__name__]
            columns = [_run([getattr(v, f) for v in values]) for f in fields]
            return [_COLUMNS, kind.__name__, len(values), *columns]
        if kind is tuple and not all(type(i) in _PLAIN for v in values for i in v):
            flat = [item for v in values for item in v]
            return [_RAGGED, tuple(len(v) for v in values), _run(flat)]
    if all(type(v) in _PLAIN for v in values):
        return tuple(values)
    return [_TUPLE, *(_encode(v) for v in values)]


def _decode(value: Any) -> Any:
    """The model again; raise (KeyError, TypeError...) on anything an entry cannot hold."""
    kind = type(value)
    if kind is list:
        name = value[0]
        if type(name) is tuple:  # a mapping of dataclasses: its keys, then its values' run
            keys, values = name, _decode_run(value[1])
            if len(keys) != len(values):
                raise ValueError("keys do not fit their values")
            return types.MappingProxyType(dict(zip(keys, values, strict=True)))
        if (
            name == _TUPLE
            and len(value) == 2
            and type(value[1]) is list
            and value[1][:1]
            in (
                [_COLUMNS],
                [_RAGGED],
            )
        ):
            return tuple(_decode_run(value[1]))
        items = [item if type(item) in _PLAIN else _decode(item) for item in value[1:]]
        return tuple(items) if name == _TUPLE else _CLASSES[name](*items)
    if kind is tuple:
        return value  # of plain values only, as written
    if kind is dict:
        return types.MappingProxyType(
            {key: item if type(item) in _PLAIN else _decode(item) for key, item in value.items()}
        )
    if kind in _PLAIN:
        return value
    raise TypeError(f"a pack entry cannot hold {kind.__name__}")


def _decode_run(value: Any) -> list[Any]:
    """The values of a run :func:`_run` wrote."""
    if type(value) is tuple:
        return list(value)  # plain values, as written
    if type(value) is not list or not value:
        raise TypeError("not a run")
    tag = value[0]
    if tag == _COLUMNS:
        _, name, count, *columns = value
        cls = _CLASSES[name]
        decoded = [_decode_run(column) for column in columns]
        if len(decoded) != len(_FIELDS[name]) or any(len(c) != count for c in decoded):
            raise ValueError(f"columns do not fit {count} of {name}")
        return [cls(*fields) for fields in zip(*decoded, strict=True)]
    if tag == _RAGGED:
        _, lengths, flat = value
        items = _decode_run(flat)
        if sum(lengths) != len(items):
            raise ValueError("lengths do not fit their items")
        out, start = [], 0
        for length in lengths:
            out.append(tuple(items[start : start + length]))
            start += length
        return out
    if tag == _TUPLE:
        return [item if type(item) in _PLAIN else _decode(item) for item in value[1:]]
    raise TypeError("not a run")


class PackCache:
    """Validated packs under one directory; every failure reads as a miss or a skipped write."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / _SUBDIRECTORY
        self.usable = (
            private_folder(directory, _SUBDIRECTORY, kind="pack", instead="checking the pack")
            is not None
        )

    @classmethod
    def from_environment(cls) -> PackCache | None:
        directory = cache_directory()
        return None if directory is None else cls(directory)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{_SUFFIX}"

    def load(self, key: str, read: Callable[[str], bytes | None]) -> KnowledgeBase | None:
        """The pack filed under ``key``, if every archived text it read is unchanged:
        ``read`` gives a text's bytes by its path under the pack's root (None: unreadable)."""
        if not self.usable:
            return None
        try:
            entry = self.path(key).read_bytes()
        except OSError:
            return None
        payload = unsealed(entry, _MAGIC)
        if payload is None:
            log.info("pack cache entry %s is damaged; checking the pack", key)
            return None
        try:
            texts, encoded = marshal.loads(payload)
            for relative, digest in texts:
                raw = read(relative)
                if raw is None or digest_of(raw) != digest:
                    return None  # an archived text changed: check everything again
            knowledge = _decode(encoded)
            if type(knowledge) is not KnowledgeBase:
                raise TypeError("not a pack")
        except Exception:  # marshal raises EOFError, ValueError, TypeError, ...
            log.info("pack cache entry %s is unreadable; checking the pack", key)
            return None
        with suppress(OSError):
            os.utime(self.path(key))  # recently used: kept longest when the cache is pruned
        return knowledge

    def store(self, key: str, knowledge: KnowledgeBase, texts: Iterable[tuple[str, bytes]]) -> bool:
        """Remember a pack that loaded, with the digest of each archived text (by its path
        under the pack's root) it was built from (False: nothing written)."""
        if not self.usable:
            return False
        try:
            payload = marshal.dumps((tuple(texts), _encode(knowledge)))
            write_atomically(self.path(key), [sealed(payload, _MAGIC)])
        except (OSError, ValueError) as error:
            log.info("cannot write to pack cache %s (%s)", self.directory, error)
            return False
        self._prune()
        return True

    def _prune(self) -> None:
        entries = []
        for path in self.directory.glob(f"*{_SUFFIX}"):
            with suppress(OSError):
                entries.append((path.stat().st_mtime, path))
        for _, path in sorted(entries, reverse=True)[_KEEP:]:
            with suppress(OSError):
                path.unlink()
