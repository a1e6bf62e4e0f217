"""A per-file cache of parsed fact files, and parallel parsing of the files it misses.

Parsing YAML is most of the cost of loading a large pack, and most reloads change one file or
none. So the parsed, located form of each file (:class:`~bot.knowledge.located_yaml.ParsedYaml`)
is kept in a cache directory, keyed by a hash of the file's bytes together with the versions of
this cache format, of the parser and of PyYAML. A file whose bytes changed gets a new key, so a
stale entry can never be served; editing one file of a pack re-parses that file only.

Entries are marshal data (plain tuples, dicts, lists, strings, numbers and one bytes string of
positions), which loads many times faster than YAML or pickled objects. Each entry carries a
checksum of its payload and is written to a temporary file then renamed into place, so a reader
sees a whole entry or none. The cache fails open: a missing, unreadable, corrupt or unwritable
entry or directory only means parsing again (and rewriting the entry), never an error.

The directory is ``$REPORTBOT_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportbot``, else
``~/.cache/reportbot``; ``REPORTBOT_CACHE_DIR=off`` disables the cache. It must be private to
the bot's user: a directory owned by someone else, or writable by group or others, is not used.

When several large files miss the cache, they are parsed in worker processes alongside this one.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import marshal
import os
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

from bot.knowledge.located_yaml import LIBYAML, PARSER_VERSION, ParsedYaml, YamlProblem, parse

log = logging.getLogger("reportbot.knowledge")

ENV_CACHE_DIR = "REPORTBOT_CACHE_DIR"
DISABLED = frozenset({"off", "none", "no", "false", "0"})
CACHE_FORMAT = 1  # bump when the layout of an entry changes
_SUBDIRECTORY = f"parse-v{CACHE_FORMAT}"
_SUFFIX = ".parsed"
_MAGIC = b"RBPARSE\n"
_CHECKSUM_BYTES = 16
MAX_CACHE_BYTES = 512 * 1024 * 1024  # past this, the least recently used entries are removed
_STALE_TEMPORARY_SECONDS = 3600

# Worker processes pay off only for files that take a while to parse (~0.3 s per MB here).
LARGE_FILE_BYTES = 256 * 1024


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write a cache entry beside where it goes, then rename it into place: a reader never
    sees half an entry, and a failed write leaves no temporary file behind (raises OSError)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True, slots=True)
class NotUtf8:
    """A file whose bytes are not UTF-8: where decoding failed."""

    start: int  # byte offset
    line: int


Outcome = ParsedYaml | YamlProblem | NotUtf8


@dataclass(slots=True)
class ParseStats:
    """What one :func:`parse_files` call did, for logs, tests and the benchmark."""

    files: int = 0
    from_cache: int = 0
    parsed: int = 0
    in_workers: int = 0
    written: int = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while building large trees of small objects.

    Loading makes millions of containers and no reference cycles; with the collector running,
    each of its full passes walks everything built so far, which costs more than the building.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- keys and entries ------------------------------------------------------------------------


@functools.cache
def _fingerprint() -> bytes:
    """Everything besides a file's bytes that decides what parsing it gives."""
    sources = hashlib.blake2b(digest_size=16)
    for module in ("located_yaml.py", "parse_cache.py"):
        with suppress(OSError):  # e.g. running from a zip: the versions still apply
            sources.update(Path(__file__).with_name(module).read_bytes())
    return (
        f"reportbot-parse/{CACHE_FORMAT}/{PARSER_VERSION}/{yaml.__version__}/{LIBYAML}/"
        f"{sys.version_info[0]}.{sys.version_info[1]}/{sys.byteorder}/{sources.hexdigest()}\n"
    ).encode()


def source_key(raw: bytes) -> str:
    """The cache key of a file with these bytes."""
    digest = hashlib.blake2b(_fingerprint(), digest_size=20)
    digest.update(raw)
    return digest.hexdigest()


def _payload(outcome: ParsedYaml | YamlProblem) -> bytes:
    if isinstance(outcome, ParsedYaml):
        record: tuple = (
            "ok",
            outcome.document,
            outcome.positions.tobytes(),
            outcome.duplicates,
            outcome.unlocated,
        )
    else:
        record = ("yaml", outcome.message, outcome.position[0], outcome.position[1])
    return marshal.dumps(record)


def _from_payload(payload: bytes) -> ParsedYaml | YamlProblem:
    """Rebuild an outcome; raise ValueError (or whatever marshal raises) on anything amiss."""
    record = marshal.loads(payload)
    if type(record) is not tuple or not record:
        raise ValueError("not a cache record")
    if record[0] == "ok" and len(record) == 5:
        _, document, raw_positions, duplicates, unlocated = record
        if type(raw_positions) is not bytes or type(duplicates) is not dict:
            raise ValueError("malformed cache record")
        if type(unlocated) is not tuple:
            raise ValueError("malformed cache record")
        positions = array("i")
        positions.frombytes(raw_positions)
        return ParsedYaml(document, positions, duplicates, unlocated)
    if record[0] == "yaml" and len(record) == 4:
        _, message, line, column = record
        if type(message) is not str or type(line) is not int or type(column) is not int:
            raise ValueError("malformed cache record")
        return YamlProblem(message, (line, column))
    raise ValueError("not a cache record")


def sealed(payload: bytes, magic: bytes = _MAGIC) -> bytes:
    """A cache entry: what kind it is (``magic``), a checksum of the payload, the payload."""
    checksum = hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    return magic + checksum + payload


def unsealed(entry: bytes, magic: bytes = _MAGIC) -> memoryview | None:
    """The payload of an entry :func:`sealed` wrote, or None if it is of another kind, cut
    short or damaged."""
    head = len(magic) + _CHECKSUM_BYTES
    payload = memoryview(entry)[head:]
    if (
        len(entry) < head
        or not entry.startswith(magic)
        or entry[len(magic) : head]
        != hashlib.blake2b(payload, digest_size=_CHECKSUM_BYTES).digest()
    ):
        return None
    return payload


def _parse(raw: bytes) -> tuple[Outcome, bytes | None]:
    """Decode and parse one file: its outcome, and the payload to cache (None: don't cache)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return NotUtf8(error.start, raw[: error.start].count(b"\n") + 1), None
    try:
        outcome: ParsedYaml | YamlProblem = parse(text)
    except YamlProblem as problem:
        outcome = problem
    try:
        return outcome, _payload(outcome)
    except (ValueError, TypeError):  # not marshal-able (e.g. a recursive alias): don't cache
        return outcome, None


def parse_source(raw: bytes) -> tuple[str, Any]:
    """Parse one file in a worker process; the outcome comes back as a cache payload."""
    with gc_paused():
        outcome, payload = _parse(raw)
    if payload is not None:
        return ("payload", payload)
    return ("outcome", outcome)  # pickled instead; only for the odd file marshal refuses


# --- the cache directory ---------------------------------------------------------------------


def cache_directory(environ: os._Environ[str] | dict[str, str] | None = None) -> Path | None:
    """Where the cache lives according to the environment; None when it is switched off."""
    environ = os.environ if environ is None else environ
    configured = environ.get(ENV_CACHE_DIR, "").strip()
    if configured:
        return None if configured.lower() in DISABLED else Path(configured).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "reportbot"
    try:
        return Path.home() / ".cache" / "reportbot"
    except (RuntimeError, KeyError):  # no home directory to speak of
        return None


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


def is_private(directory: Path) -> bool:
    """Owned by this user and writable by no one else: safe to read back what it holds."""
    status = directory.stat()
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return False
    return not status.st_mode & 0o022


def private_folder(directory: Path, name: str, *, kind: str, instead: str) -> Path | None:
    """``directory / name``, made if need be, when both are private to this user (None
    otherwise: the parse cache warns about a directory that is not, once; a directory that
    cannot be made is logged, with what is done ``instead``)."""
    folder = directory / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder if is_private(directory) and is_private(folder) else None
    except OSError as error:
        log.info("%s cache %s is unusable (%s); %s", kind, directory, error, instead)
        return None


class ParseCache:
    """Entries under one directory; every failure reads as a miss or a skipped write."""

    def __init__(self, directory: Path, *, setting: str = "") -> None:
        """``setting`` names where ``directory`` came from, for the warnings."""
        self.directory = directory / _SUBDIRECTORY
        self.usable = False
        named = f"{setting}={directory}" if setting else str(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if is_private(directory) and is_private(self.directory):
                self.usable = True
            else:
                _warn_once(
                    f"parse cache {named} is not private to this user (owned by someone "
                    "else, or writable by group or others); not using it"
                )
        except OSError as error:
            _warn_once(f"parse cache {named} is unusable ({error}); parsing every file")

    @classmethod
    def from_environment(cls) -> ParseCache | None:
        directory = cache_directory()
        if directory is None:
            return None
        setting = ENV_CACHE_DIR if os.environ.get(ENV_CACHE_DIR, "").strip() else ""
        return cls(directory, setting=setting)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{_SUFFIX}"

    def load(self, key: str) -> ParsedYaml | YamlProblem | None:
        if not self.usable:
            return None
        path = self.path(key)
        try:
            entry = path.read_bytes()
        except OSError:
            return None
        payload = unsealed(entry)
        if payload is None:
            log.info("parse cache entry %s is damaged; parsing again", path.name)
            return None
        try:
            outcome = _from_payload(payload)
        except Exception:  # marshal raises EOFError, ValueError, TypeError, ...
            log.info("parse cache entry %s is unreadable; parsing again", path.name)
            return None
        with suppress(OSError):
            os.utime(path)  # recently used: kept longest when the cache is pruned
        return outcome

    def store(self, key: str, payload: bytes) -> bool:
        if not self.usable:
            return False
        try:
            write_atomically(self.path(key), [sealed(payload)])
            return True
        except OSError as error:
            _warn_once(f"cannot write to parse cache {self.directory} ({error})")
            return False

    def prune(self, max_bytes: int = MAX_CACHE_BYTES) -> None:
        """Remove the least recently used entries past ``max_bytes``, and abandoned temp files."""
        if not self.usable:
            return
        try:
            entries = []
            total = 0
            now = time.time()
            with os.scandir(self.directory) as scan:
                for item in scan:
                    status = item.stat(follow_symlinks=False)
                    if item.name.endswith(".tmp"):
                        if now - status.st_mtime > _STALE_TEMPORARY_SECONDS:
                            os.unlink(item.path)
                    elif item.name.endswith(_SUFFIX):
                        entries.append((status.st_mtime, status.st_size, item.path))
                        total += status.st_size
            if total <= max_bytes:
                return
            for _, size, path in sorted(entries):
                os.unlink(path)
                total -= size
                if total <= max_bytes * 0.8:
                    break
        except OSError:
            pass


# --- parsing many files ----------------------------------------------------------------------


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _context() -> BaseContext:
    # fork starts a worker in milliseconds with everything already imported, but is unsafe in a
    # process with other threads (the running bot); spawn is safe everywhere.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _worker_count(raws: Sequence[bytes]) -> int:
    """Worker processes to start besides this one (0: parse here)."""
    large = sum(1 for raw in raws if len(raw) >= LARGE_FILE_BYTES)
    if large < 2:
        return 0
    return min(_usable_cpus(), large) - 1


def _from_worker(result: tuple[str, Any]) -> tuple[Outcome, bytes | None]:
    kind, value = result
    if kind == "payload":
        return _from_payload(value), value
    return value, None


def _parse_many(raws: list[bytes], stats: ParseStats) -> list[tuple[Outcome, bytes | None]]:
    """Parse files here, and in worker processes when several are large and cores are free."""
    workers = _worker_count(raws)
    results: list[tuple[Outcome, bytes | None] | None] = [None] * len(raws)
    if workers > 0:
        # (imported here: only a load of several large files parses in workers, and a start
        # from the caches parses nothing)
        import concurrent.futures
        import concurrent.futures.process

        # Largest first to the workers; this process takes jobs from the other end meanwhile,
        # so nothing waits on a worker's start-up and the cores stay busy to the end.
        order = sorted(range(len(raws)), key=lambda i: -len(raws[i]))
        try:
            with concurrent.futures.ProcessPoolExecutor(workers, mp_context=_context()) as pool:
                futures = {i: pool.submit(parse_source, raws[i]) for i in order}
                for i in reversed(order):
                    if futures[i].cancel():
                        results[i] = _parse(raws[i])
                for i in order:
                    if results[i] is None:
                        results[i] = _from_worker(futures[i].result())
                        stats.in_workers += 1
        except (OSError, concurrent.futures.process.BrokenProcessPool) as error:
            log.info("parsing in worker processes failed (%s); parsing here", error)
    for i, raw in enumerate(raws):
        if results[i] is None:
            results[i] = _parse(raw)
    return results  # type: ignore[return-value]


def parse_files(
    raws: Sequence[bytes], cache: ParseCache | None = None
) -> tuple[list[Outcome], ParseStats]:
    """Parse each file's bytes, from the cache where it holds them; in the order given."""
    stats = ParseStats(files=len(raws))
    outcomes: list[Outcome | None] = [None] * len(raws)
    keys = [source_key(raw) for raw in raws] if cache is not None and cache.usable else []
    missing: list[int] = []
    for i in range(len(raws)):
        found = cache.load(keys[i]) if keys else None
        if found is None:
            missing.append(i)
        else:
            outcomes[i] = found
            stats.from_cache += 1
    if missing:
        parsed = _parse_many([raws[i] for i in missing], stats)
        stats.parsed = len(missing)
        for i, (outcome, payload) in zip(missing, parsed, strict=True):
            outcomes[i] = outcome
            if keys and payload is not None and cache is not None and cache.store(keys[i], payload):
                stats.written += 1
        if stats.written and cache is not None:
            cache.prune()
    log.debug(
        "parsed %d of %d fact files (%d in worker processes), %d from the cache",
        stats.parsed,
        stats.files,
        stats.in_workers,
        stats.from_cache,
    )
    return outcomes, stats  # type: ignore[return-value]
