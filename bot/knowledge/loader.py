"""Read a fact pack from disk and validate it whole.

Loading never stops at the first problem: an editor fixing a pack wants the full list, each with
file, line, column and what to do, the ones that cause others first. Only a pack with no problem
at all becomes a :class:`~bot.knowledge.model.KnowledgeBase`, and only one read whole from one
edition: a pack whose files change while it is read is read again.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.knowledge.errors import (
    PROBLEM,
    SETTING,
    UNREADABLE,
    PackError,
    PackInvalid,
    display_path,
)
from bot.knowledge.located_yaml import Locator, ParsedYaml, YamlProblem
from bot.knowledge.model import (
    Article,
    Claim,
    Discrepancy,
    Document,
    Event,
    Gap,
    KnowledgeBase,
    Organization,
    Outlet,
    PackInfo,
    Person,
    Quote,
    QuoteReport,
    Report,
    Version,
)
from bot.knowledge.pack_cache import PackCache, digest_of, fingerprint, pack_key
from bot.knowledge.parse_cache import (
    NotUtf8,
    ParseCache,
    ParseStats,
    gc_paused,
    parse_files,
)
from bot.knowledge.placement_cache import ArticlePlacements, PlacementCache
from bot.knowledge.settings import SettingInvalid, max_file_bytes
from bot.knowledge.verbatim import MISSING, Placement, Refusal, with_ellipses

YAML_SUFFIXES = (".yaml", ".yml")
LIST_SECTIONS = (
    "outlets",
    "organizations",
    "people",
    "documents",
    "articles",
    "claims",
    "quotes",
    "discrepancies",
    "gaps",
    "synonyms",
    "timeline",
)
SECTIONS = ("pack", *LIST_SECTIONS)
LOAD_ATTEMPTS = 3  # reads of a pack whose files keep changing before the load is refused
_YAML_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_PLAIN_SCALAR_END = re.compile(r"\s+#|[,\]}]|\s*$")


class _Entry:
    """A raw mapping from one section, with the file it came from and how to locate its parts."""

    __slots__ = ("at", "data", "file")

    def __init__(self, file: str, data: dict, at: Locator) -> None:
        self.file, self.data, self.at = file, data, at


Signature = tuple[int, int, int, int, int]  # device, inode, size, modified, changed


@dataclass
class _Context:
    root: Path
    max_bytes: int = 0
    errors: list[PackError] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # shown name -> real path
    unreadable: int = 0  # files that could not be parsed; what they held is unknown
    # What unparsed fact files say, to tell a reference into them from a dangling one; None
    # once a fact file could not be read at all (then nothing can be told).
    unparsed: list[str] | None = field(default_factory=list)
    real_root: str = ""  # the root with symlinks resolved, worked out once
    stats: ParseStats | None = None
    read: dict[Path, Signature] = field(default_factory=dict)  # every file read, as it was
    listing: tuple[str, ...] | None = None  # the directory's fact files, for a directory pack
    texts: dict[Path, bytes] = field(default_factory=dict)  # archived texts read: their digests
    on_read: Callable[[Path], object] | None = None
    _sources: dict[str, list[str]] = field(default_factory=dict)
    # Lists of text already made, so that the many entries naming the same people, topics or
    # chain of credit share one tuple: at 100,000 claims that is some 9 MB less held.
    _lists: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def shared(self, values: tuple[str, ...]) -> tuple[str, ...]:
        return self._lists.setdefault(values, values)

    def error(self, file: str, where: tuple[int, int], message: str, kind: str = PROBLEM) -> None:
        self.errors.append(PackError(file, where[0], where[1], message, kind))

    def written(self, file: str, where: tuple[int, int]) -> str | None:
        """The plain scalar as it is written at ``where`` in a fact file, for messages."""
        lines = self._sources.get(file)
        if lines is None:
            try:
                raw = self.paths[file].read_bytes()
            except (KeyError, OSError):
                return None
            lines = _YAML_LINE_BREAKS.split(raw.decode("utf-8-sig", errors="replace"))
            self._sources[file] = lines
        line, column = where
        if not 1 <= line <= len(lines):
            return None
        rest = lines[line - 1][column - 1 :]
        end = _PLAIN_SCALAR_END.search(rest)
        text = rest[: end.start() if end else len(rest)].strip()
        return text or None


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Allowed:
    """The fields one kind of entry may have: in order for messages, as a set for checks."""

    __slots__ = ("names", "set")

    def __init__(self, *names: str) -> None:
        self.names, self.set = names, frozenset(names)


class _Fields:
    """Typed access to one mapping's fields that records, rather than raises, every problem.

    Positions are looked up only when a problem is reported: a valid pack never needs them.
    """

    __slots__ = ("at", "ctx", "data", "file", "what")

    def __init__(self, ctx: _Context, entry: _Entry, what: str, allowed: _Allowed) -> None:
        self.ctx, self.file, self.data, self.at, self.what = (
            ctx,
            entry.file,
            entry.data,
            entry.at,
            what,
        )
        data = entry.data
        if entry.at.has_duplicates:
            for key, where in entry.at.duplicates(data):
                ctx.error(self.file, where, f"{what}: field {key!r} appears twice")
        if not data.keys() <= allowed.set:
            for key in data:
                if key not in allowed.set:
                    ctx.error(
                        self.file,
                        entry.at.key_position(data, key),
                        f"{what}: unknown field {key!r}{_suggest(key, allowed.names)}; "
                        f"allowed fields are {', '.join(allowed.names)}",
                    )

    def where(self, key: str) -> tuple[int, int]:
        return self.at.where(self.data, key)

    def _fail(self, key: str, message: str) -> None:
        self.ctx.error(self.file, self.at.where(self.data, key), f"{self.what}: {message}")

    def _missing(self, key: str) -> None:
        self.ctx.error(
            self.file,
            self.at.position(self.data),
            f"{self.what}: missing required field {key!r}",
        )

    def _not_text(self, subject: str, value: Any, where: tuple[int, int]) -> None:
        """A number or true/false where text belongs: say how YAML read it, and to quote it."""
        written = self.ctx.written(self.file, where) or str(value)
        self.ctx.error(
            self.file,
            where,
            f"{self.what}: {subject} must be text, but {written} reads as {_reading(value)}; put "
            f'it in quotes: "{written}"',
        )

    def _as_written(self, value: Any, where: tuple[int, int]) -> str | None:
        """A number YAML read exactly as it is written ("2018"), as that text; else None."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        text = str(value)
        return text if self.ctx.written(self.file, where) in (text, None) else None

    def text(
        self, key: str, *, required: bool = True, nullable: bool = False, number: bool = False
    ) -> str | None:
        """A text field; ``number`` also takes a number written plainly, as written.

        Identifiers and versions never take one: ``version: 1.10`` would be "1.1".
        """
        value = self.data.get(key, _ABSENT)
        if type(value) is str:  # the common case, first
            stripped = value.strip()
            if stripped:
                return stripped
            self._fail(key, f"{key!r} must not be empty")
            return None
        if value is _ABSENT:
            if required:
                self._missing(key)
            return None
        if value is None:
            if nullable or not required:
                return None
            self._fail(key, f"{key!r} must not be empty")
            return None
        if isinstance(value, int | float):  # true/false too: bool is an int
            where = self.where(key)
            plain = self._as_written(value, where) if number else None
            if plain is None:
                self._not_text(repr(key), value, where)
            return plain
        self._fail(key, f"{key!r} must be text, not {_kind(value)}")
        return None

    def texts(self, key: str, *, required: bool = False, ids: bool = False) -> tuple[str, ...]:
        """A list of text; numbers written plainly are taken as written, except for ``ids``."""
        value = self.data.get(key)
        if value is None:
            if required:
                self._missing(key)
            return ()
        if not isinstance(value, list):
            self._fail(key, f"{key!r} must be a list of text, not {_kind(value)}")
            return ()
        out: list[str] = []
        for index, item in enumerate(value):
            if type(item) is str:
                stripped = item.strip()
                if stripped:
                    out.append(stripped)
                    continue
            where = (
                self.at.item(value, index)
                if self.at.is_located(value)
                else self.at.where(self.data, key)
            )
            if isinstance(item, int | float):  # true/false too
                plain = None if ids else self._as_written(item, where)
                if plain is not None:
                    out.append(plain)
                else:
                    self._not_text(f"item {index + 1} of {key!r}", item, where)
                continue
            self.ctx.error(
                self.file, where, f"{self.what}: item {index + 1} of {key!r} must be text"
            )
        if required and not out:
            self._fail(key, f"{key!r} must list at least one item")
        return self.ctx.shared(tuple(out))

    def mappings(self, key: str, *, what: str, minimum: int = 1) -> list[_Entry]:
        if key not in self.data:
            self._missing(key)
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self._fail(key, f"{key!r} must be a list, not {_kind(value)}")
            return []
        out: list[_Entry] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.ctx.error(
                    self.file,
                    self.at.item(value, index)
                    if self.at.is_located(value)
                    else self.at.where(self.data, key),
                    f"{self.what}: item {index + 1} of {key!r} must be a mapping of {what} "
                    f"fields, not {_kind(item)}",
                )
                continue
            out.append(_Entry(self.file, item, self.at))
        if len(value) < minimum:
            self._fail(key, f"{key!r} must list at least {minimum} {what}")
        return out


_ABSENT = object()


def _reading(value: Any) -> str:
    """How YAML read a plain scalar: ``1.10`` as the number 1.1, ``no`` as false."""
    if isinstance(value, bool):
        return str(value).lower()
    return f"the number {value}"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


# --- reading files ---------------------------------------------------------------------------


def _path_problem(path: Path, error: OSError) -> str:
    """What is wrong with a path that cannot be opened, in the words a curator acts on."""
    code = error.errno
    if code == errno.ELOOP:
        return "is a symbolic link that loops back on itself; point it at a real file or directory"
    if code == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:
            return "no such file or directory"
        return f"is a symbolic link to {target!r}, which does not exist"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied (the user running reportbot may not read it)"
    if code == errno.ENOTDIR:
        return "a part of this path is a file, not a directory"
    if code == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    return f"cannot be read: {error.strerror or error}"


def _missing_file(path: Path) -> str | None:
    """Why ``path`` cannot be an archived text, or None when there is something to read."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ENOENT and not os.path.islink(path):
            return f"not found (looked at {display_path(path)})"
        return _path_problem(path, error)
    return None


def _signature(status: os.stat_result) -> Signature:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _yaml_names(directory: Path) -> tuple[str, ...]:
    """The fact files of a directory pack, in the order they are read; raises OSError."""
    return tuple(
        sorted(
            name
            for name in os.listdir(directory)
            if name.endswith(YAML_SUFFIXES) and not name.startswith(".")
        )
    )


def _pack_files(path: Path, ctx: _Context) -> list[Path]:
    shown = display_path(path)
    try:
        status = os.stat(path)
    except OSError as error:
        ctx.error(shown, (1, 1), _path_problem(path, error), UNREADABLE)
        return []
    if stat.S_ISDIR(status.st_mode):
        try:
            names = _yaml_names(path)
        except OSError as error:
            ctx.error(
                shown,
                (1, 1),
                f"cannot list the pack directory: {_path_problem(path, error)}",
                UNREADABLE,
            )
            return []
        ctx.listing = names
        if not names:
            ctx.error(shown, (1, 1), "no *.yaml or *.yml files in this directory")
        return [path / name for name in names]
    if stat.S_ISREG(status.st_mode):
        return [path]
    ctx.error(
        shown,
        (1, 1),
        "is neither a file nor a directory (a FIFO, socket or device); a pack is a YAML file "
        "or a directory of them",
        UNREADABLE,
    )
    return []


def _inside(path: Path, ctx: _Context) -> bool:
    if not ctx.real_root:
        ctx.real_root = os.path.realpath(ctx.root)
    real = os.path.realpath(path)
    return real == ctx.real_root or real.startswith(ctx.real_root.rstrip(os.sep) + os.sep)


def _read_bytes(path: Path, ctx: _Context, shown: str, *, what: str) -> bytes | None:
    if not _inside(path, ctx):
        ctx.error(shown, (1, 1), f"{what} resolves outside the pack directory; refused", UNREADABLE)
        return None
    try:
        status = path.stat()
    except OSError as error:
        ctx.error(shown, (1, 1), f"{what} {_path_problem(path, error)}", UNREADABLE)
        return None
    ctx.read[path] = _signature(status)
    if not stat.S_ISREG(status.st_mode):
        # A FIFO or device would block the load or never end; only plain files are facts.
        ctx.error(shown, (1, 1), f"{what} is not a regular file; refused", UNREADABLE)
        return None
    size = status.st_size
    if size > ctx.max_bytes:
        ctx.error(
            shown,
            (1, 1),
            f"{what} is {size:,} bytes, over the limit of {ctx.max_bytes:,} "
            f"(REPORTBOT_MAX_FILE_BYTES); split it",
            UNREADABLE,
        )
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        ctx.error(shown, (1, 1), f"cannot read {what}: {_path_problem(path, error)}", UNREADABLE)
        return None
    if ctx.on_read is not None:
        ctx.on_read(path)
    return raw


def _not_utf8(ctx: _Context, shown: str, what: str, start: int, line: int) -> None:
    ctx.error(shown, (line, 1), f"{what} is not valid UTF-8 (byte {start})", UNREADABLE)


def _read_text(path: Path, ctx: _Context, shown: str, *, what: str) -> str | None:
    raw = _read_bytes(path, ctx, shown, what=what)
    if raw is None:
        return None
    ctx.texts[path] = digest_of(raw)  # what a remembered pack must find unchanged
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _not_utf8(ctx, shown, what, error.start, raw[: error.start].count(b"\n") + 1)
        return None


def _unparsed(ctx: _Context, raw: bytes | None) -> None:
    """Keep what a fact file that failed says, so references into it are not called unknown."""
    ctx.unreadable += 1
    if raw is None:
        ctx.unparsed = None
    elif ctx.unparsed is not None:
        ctx.unparsed.append(raw.decode("utf-8-sig", errors="replace"))


def _read_fact_files(files: list[Path], ctx: _Context) -> list[tuple[str, bytes]]:
    """Each fact file's shown name and bytes (one that cannot be read is an error already)."""
    read: list[tuple[str, bytes]] = []
    for path in files:
        shown = display_path(path)
        ctx.paths[shown] = path
        raw = _read_bytes(path, ctx, shown, what="fact file")
        if raw is None:
            _unparsed(ctx, None)
        else:
            read.append((shown, raw))
    return read


def _read_sections(read: list[tuple[str, bytes]], ctx: _Context) -> dict[str, list[_Entry]]:
    sections: dict[str, list[_Entry]] = {name: [] for name in SECTIONS}
    outcomes, ctx.stats = parse_files([raw for _, raw in read], ParseCache.from_environment())
    for (shown, raw), outcome in zip(read, outcomes, strict=True):
        if isinstance(outcome, NotUtf8):
            _not_utf8(ctx, shown, "fact file", outcome.start, outcome.line)
            _unparsed(ctx, raw)
        elif isinstance(outcome, YamlProblem):
            ctx.error(shown, outcome.position, outcome.message, UNREADABLE)
            _unparsed(ctx, raw)
        else:
            _sections_of(shown, outcome, sections, ctx)
    return sections


def _sections_of(
    shown: str, parsed: ParsedYaml, sections: dict[str, list[_Entry]], ctx: _Context
) -> None:
    document, at = parsed.document, Locator(parsed)
    if document is None:
        return
    if not isinstance(document, dict):
        ctx.error(
            shown,
            at.position(document)
            if isinstance(document, list) and at.is_located(document)
            else (1, 1),
            f"a fact file must be a mapping of sections ({', '.join(SECTIONS)}), "
            f"not {_kind(document)}",
        )
        return
    for key, where in at.duplicates(document):
        ctx.error(shown, where, f"section {key!r} appears twice in this file")
    for key, value in document.items():
        if key not in SECTIONS:
            where = at.key_position(document, key)
            ctx.error(shown, where, f"unknown section {key!r}{_suggest(key, SECTIONS)}")
        elif key == "pack":
            if not isinstance(value, dict):
                ctx.error(shown, at.where(document, key), "'pack' must be a mapping")
            else:
                sections["pack"].append(_Entry(shown, value, at))
        elif value is None:
            continue
        elif not isinstance(value, list) or not at.is_located(value):
            ctx.error(shown, at.where(document, key), f"section {key!r} must be a list")
        else:
            entries = sections[key]
            for index, item in enumerate(value):
                if key == "synonyms":
                    wrapper = {"words": item}
                    at.stand_in(wrapper, value, index)
                    entries.append(_Entry(shown, wrapper, at))
                elif isinstance(item, dict):
                    entries.append(_Entry(shown, item, at))
                else:
                    ctx.error(
                        shown,
                        at.item(value, index),
                        f"each entry of {key!r} must be a mapping of fields, not {_kind(item)}",
                    )


# --- building entries ------------------------------------------------------------------------


class _Builder:
    """Ids, and the checks that need every id or an article's text.

    A reference whose target is already known, with the right kind, is settled on the spot (ids
    are only ever added, so the final check could not find otherwise); only the others wait for
    the end. Passages are checked as they come, since every article is loaded before the first
    claim. So a valid pack keeps nothing per reference and needs no position.
    """

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.ids: dict[str, tuple[str, str, Locator, dict]] = {}  # id -> section, file, where
        self.refs: list[tuple[str, Locator, dict, str, int, str, tuple[str, ...], str]] = []
        self.texts: dict[str, ArticlePlacements] = {}

    def identify(self, fields: _Fields, section: str) -> str | None:
        entry_id = fields.text("id")
        if entry_id is None:
            return None
        known = self.ids.get(entry_id)
        if known is not None:
            other_section, other_file, other_at, other_data = known
            other_where = other_at.where(other_data, "id")
            self.ctx.error(
                fields.file,
                fields.where("id"),
                f"duplicate id {entry_id!r}: already used by an entry of {other_section!r} at "
                f"{other_file}:{other_where[0]}:{other_where[1]}; ids must be unique in the pack",
            )
            return None
        self.ids[entry_id] = (section, fields.file, fields.at, fields.data)
        return entry_id

    def reference(
        self, fields: _Fields, key: str, value: str | None, kinds: tuple[str, ...], index: int = -1
    ) -> None:
        """Check a reference now if it resolves; otherwise once every id is known."""
        if value is None:
            return
        known = self.ids.get(value)
        if known is not None and known[0] in kinds:
            return
        what = f"{fields.what}: {key!r}"
        self.refs.append((fields.file, fields.at, fields.data, key, index, value, kinds, what))

    def place(
        self, fields: _Fields, key: str, passage: str, article: str
    ) -> Placement | Refusal | None:
        """Place a passage in its article's archived text (None: the text is not at hand)."""
        text = self.texts.get(article)
        if text is None:
            return None  # the unknown or unreadable article is reported already
        return text.place(passage, f"article {article!r}")

    def refuse(self, fields: _Fields, key: str, what: str, passage: str, refusal: Refusal) -> None:
        advice = ""
        if refusal.kind == MISSING:
            advice = (
                "; quote the article's words exactly (quotation marks, apostrophes, dashes, "
                "spacing, case and the punctuation at its edges may differ; words, numbers and "
                "their signs may not)"
            )
        self.ctx.error(
            fields.file, fields.where(key), f"{what}: {_clip(passage)!r} {refusal.reason}{advice}"
        )

    def passage(
        self, fields: _Fields, key: str, text: str | None, article: str | None
    ) -> str | None:
        """Check a verbatim passage against its article; the text a reader is shown, or None."""
        if text is None or article is None:
            return None
        placed = self.place(fields, key, text, article)
        if isinstance(placed, Refusal):
            self.refuse(fields, key, fields.what, text, placed)
            return None
        return placed.shown if placed is not None else text


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_PACK = _Allowed("id", "title", "version", "description", "summary")
_OUTLET = _Allowed("id", "name", "description")
_ORGANIZATION = _Allowed("id", "name", "aliases", "role", "description")
_PERSON = _Allowed("id", "name", "role", "aliases", "description")
_DOCUMENT = _Allowed("id", "title", "description", "author", "aliases")
_ARTICLE = _Allowed("id", "outlet", "headline", "published", "byline", "url", "text", "summary")
_CLAIM = _Allowed("id", "statement", "topics", "asks", "people", "reports")
_CLAIM_REPORT = _Allowed("article", "via", "excerpt")
_QUOTE = _Allowed("id", "speaker", "text", "to", "setting", "when", "topics", "claims", "reports")
_QUOTE_REPORT = _Allowed("article", "via", "text", "speaker", "to", "setting", "when")
_DISCREPANCY = _Allowed("id", "topic", "claims", "asks", "versions")
_VERSION = _Allowed("article", "statement", "excerpt")
_GAP = _Allowed("id", "topic", "asks", "note", "suggest")
_SYNONYMS = _Allowed("words")
_EVENT = _Allowed("id", "event", "when", "after", "claims")
_SPEAKER_KINDS = ("people", "organizations", "documents", "outlets")
_VIA_KINDS = ("outlets", "people", "organizations", "documents")


def _build_pack(ctx: _Context, entries: list[_Entry]) -> PackInfo | None:
    if not entries:
        if ctx.unreadable:
            return None  # the section may well be in the file that failed to parse
        ctx.error(
            display_path(ctx.root),
            (1, 1),
            "missing the 'pack' section (id, title, version) in every file of the pack",
        )
        return None
    for extra in entries[1:]:
        ctx.error(extra.file, extra.at.position(extra.data), "'pack' is given more than once")
    fields = _Fields(ctx, entries[0], "pack", _PACK)
    pack_id, title = fields.text("id"), fields.text("title")
    version = fields.text("version")
    description = fields.text("description", required=False)
    summary = fields.text("summary", required=False)
    if pack_id is None or title is None or version is None:
        return None
    return PackInfo(pack_id, title, version, description, summary)


def _load_articles(
    ctx: _Context, builder: _Builder, entries: list[_Entry], placements: PlacementCache
) -> tuple[dict[str, Article], dict[str, ArticlePlacements]]:
    articles: dict[str, Article] = {}
    texts: dict[str, ArticlePlacements] = {}
    for entry in entries:
        f = _Fields(ctx, entry, "article", _ARTICLE)
        article_id = builder.identify(f, "articles")
        outlet = f.text("outlet")
        builder.reference(f, "outlet", outlet, ("outlets",))
        optional = {key: f.text(key, required=False, number=True) for key in _ARTICLE.names[2:6]}
        text_path = f.text("text")
        summary = f.text("summary", required=False)
        body: str | None = None
        if text_path is not None:
            path = ctx.paths[entry.file].parent / text_path
            missing = _missing_file(path)
            if missing:
                ctx.error(
                    f.file,
                    f.where("text"),
                    f"article: archived text {text_path!r} {missing}",
                    UNREADABLE,
                )
            else:
                body = _read_text(path, ctx, display_path(path), what="archived text")
        if article_id and outlet and text_path and body is not None:
            articles[article_id] = Article(
                id=article_id,
                outlet=outlet,
                text_path=text_path,
                text=body,
                summary=summary,
                **optional,  # type: ignore[arg-type]
            )
            texts[article_id] = placements.article(body)
    return articles, texts


def _reports(
    f: _Fields, builder: _Builder, *, passage_key: str, allowed: _Allowed, passage_required: bool
) -> list[tuple[_Fields, str | None, str | None, tuple[str, ...]]]:
    out = []
    what = f"{f.what} report"
    for entry in f.mappings("reports", what="report"):
        rf = _Fields(f.ctx, entry, what, allowed)
        article = rf.text("article")
        builder.reference(rf, "article", article, ("articles",))
        passage = rf.text(passage_key, required=passage_required)
        via = rf.texts("via", ids=True)
        for index, step in enumerate(via):
            builder.reference(rf, "via", step, _VIA_KINDS, index)
        out.append((rf, article, passage, via))
    return out


def _build(
    ctx: _Context, sections: dict[str, list[_Entry]], placements: PlacementCache
) -> KnowledgeBase | None:
    builder = _Builder(ctx)
    info = _build_pack(ctx, sections["pack"])

    outlets: dict[str, Outlet] = {}
    for entry in sections["outlets"]:
        f = _Fields(ctx, entry, "outlet", _OUTLET)
        outlet_id = builder.identify(f, "outlets")
        if "name" not in f.data:
            f.ctx.error(
                f.file,
                f.at.position(f.data),
                "outlet: missing field 'name' (write `name: null` when the outlet is unknown)",
            )
        name = f.text("name", nullable=True)
        description = f.text("description", required=False)
        if outlet_id:
            outlets[outlet_id] = Outlet(outlet_id, name, description)

    organizations: dict[str, Organization] = {}
    for entry in sections["organizations"]:
        f = _Fields(ctx, entry, "organization", _ORGANIZATION)
        org_id, name, aliases = (
            builder.identify(f, "organizations"),
            f.text("name"),
            f.texts("aliases"),
        )
        role, about = f.text("role", required=False), f.text("description", required=False)
        if org_id and name:
            organizations[org_id] = Organization(org_id, name, aliases, role, about)

    people: dict[str, Person] = {}
    for entry in sections["people"]:
        f = _Fields(ctx, entry, "person", _PERSON)
        person_id, name = builder.identify(f, "people"), f.text("name")
        role, aliases = f.text("role", required=False), f.texts("aliases")
        about = f.text("description", required=False)
        if person_id and name:
            people[person_id] = Person(person_id, name, role, aliases, about)

    documents: dict[str, Document] = {}
    for entry in sections["documents"]:
        f = _Fields(ctx, entry, "document", _DOCUMENT)
        doc_id, title = builder.identify(f, "documents"), f.text("title")
        description, author = (
            f.text("description", required=False),
            f.text("author", required=False),
        )
        aliases = f.texts("aliases")
        builder.reference(f, "author", author, ("people", "organizations", "outlets"))
        if doc_id and title:
            documents[doc_id] = Document(doc_id, title, description, author, aliases)

    articles, texts = _load_articles(ctx, builder, sections["articles"], placements)
    builder.texts = texts

    claims: dict[str, Claim] = {}
    for entry in sections["claims"]:
        f = _Fields(ctx, entry, "claim", _CLAIM)
        claim_id, statement = builder.identify(f, "claims"), f.text("statement")
        topics, asks = f.texts("topics", required=True), f.texts("asks")
        about = f.texts("people", ids=True)
        for index, person in enumerate(about):
            builder.reference(f, "people", person, ("people", "organizations"), index)
        reports = []
        for rf, article, excerpt, via in _reports(
            f, builder, passage_key="excerpt", allowed=_CLAIM_REPORT, passage_required=True
        ):
            shown = builder.passage(rf, "excerpt", excerpt, article)
            if article and shown:
                reports.append(Report(article, shown, via))
        if claim_id and statement and topics and reports:
            claims[claim_id] = Claim(claim_id, statement, topics, asks, about, tuple(reports))

    quotes: dict[str, Quote] = {}
    for entry in sections["quotes"]:
        f = _Fields(ctx, entry, "quote", _QUOTE)
        quote_id, speaker, text = builder.identify(f, "quotes"), f.text("speaker"), f.text("text")
        builder.reference(f, "speaker", speaker, _SPEAKER_KINDS)
        setting = {key: f.text(key, required=False) for key in ("to", "setting", "when")}
        topics, linked = f.texts("topics"), f.texts("claims", ids=True)
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
        quote_reports = []
        placements: list[Placement] = []  # of the quote's own text, in the articles carrying it
        carried = False  # whether some report carries the quote's own text, not its own
        for rf, article, own_text, via in _reports(
            f, builder, passage_key="text", allowed=_QUOTE_REPORT, passage_required=False
        ):
            own_speaker = rf.text("speaker", required=False)
            builder.reference(rf, "speaker", own_speaker, _SPEAKER_KINDS)
            own_shown = None
            if own_text is not None:
                own_shown = builder.passage(rf, "text", own_text, article)
            elif text is not None and article is not None:
                carried = True
                placed = builder.place(rf, "article", text, article)
                if isinstance(placed, Refusal):
                    builder.refuse(rf, "article", "quote text", text, placed)
                elif placed is not None:
                    placements.append(placed)
            # A report's own `to`/`setting`/`when` (null: the article does not say) replace the
            # quote's for that article only; absent, the article tells it as the quote does.
            told = {
                key: rf.text(key, required=False) if key in rf.data else setting[key]
                for key in setting
            }
            if article:
                quote_reports.append(QuoteReport(article, own_shown, own_speaker, via, **told))
        if text is not None and quote_reports and not carried:
            placements = _own_text_in_some_article(f, builder, text, quote_reports)
        if placements:
            text = with_ellipses(
                placements[0].body,
                before=any(p.cut_before for p in placements),
                after=any(p.cut_after for p in placements),
            )
        if quote_id and speaker and text and quote_reports:
            quotes[quote_id] = Quote(
                quote_id,
                speaker,
                text,
                topics=topics,
                claims=linked,
                reports=tuple(quote_reports),
                **setting,  # type: ignore[arg-type]
            )

    discrepancies: dict[str, Discrepancy] = {}
    for entry in sections["discrepancies"]:
        f = _Fields(ctx, entry, "discrepancy", _DISCREPANCY)
        disc_id, topic = builder.identify(f, "discrepancies"), f.text("topic")
        linked, asks = f.texts("claims", required=True, ids=True), f.texts("asks")
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
        versions = []
        for version_entry in f.mappings("versions", what="versions", minimum=2):
            vf = _Fields(ctx, version_entry, "discrepancy version", _VERSION)
            article, statement, excerpt = (
                vf.text("article"),
                vf.text("statement"),
                vf.text("excerpt"),
            )
            builder.reference(vf, "article", article, ("articles",))
            shown = builder.passage(vf, "excerpt", excerpt, article)
            if article and statement and shown:
                versions.append(Version(article, statement, shown))
        if disc_id and topic and linked and len(versions) >= 2:
            discrepancies[disc_id] = Discrepancy(disc_id, topic, linked, asks, tuple(versions))

    gaps: dict[str, Gap] = {}
    for entry in sections["gaps"]:
        f = _Fields(ctx, entry, "gap", _GAP)
        gap_id, topic, note = builder.identify(f, "gaps"), f.text("topic"), f.text("note")
        asks, suggest = f.texts("asks", required=True), f.texts("suggest", ids=True)
        for index, claim_ref in enumerate(suggest):
            builder.reference(f, "suggest", claim_ref, ("claims",), index)
        if gap_id and topic and note and asks:
            gaps[gap_id] = Gap(gap_id, topic, asks, note, suggest)

    synonyms: list[tuple[str, ...]] = []
    for entry in sections["synonyms"]:
        f = _Fields(ctx, entry, "synonym group", _SYNONYMS)
        group = f.texts("words", required=True)
        if len(group) == 1:
            f._fail("words", "a synonym group needs at least two words")
        elif group:
            synonyms.append(group)

    timeline: dict[str, Event] = {}
    placed: dict[str, str] = {}  # claim -> the event it is already in
    for entry in sections["timeline"]:
        f = _Fields(ctx, entry, "timeline event", _EVENT)
        event_id, event = builder.identify(f, "timeline"), f.text("event")
        when = f.text("when", required=False, nullable=True)
        after, linked = f.texts("after", ids=True), f.texts("claims", required=True, ids=True)
        for index, earlier in enumerate(after):
            builder.reference(f, "after", earlier, ("timeline",), index)
            if earlier == event_id:
                f._fail("after", f"timeline event {event_id!r} cannot come after itself")
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
            if claim_ref in placed:
                f._fail(
                    "claims",
                    f"claim {claim_ref!r} is already in timeline event {placed[claim_ref]!r}; "
                    "a claim has one place in the timeline",
                )
            placed.setdefault(claim_ref, event_id or "")
        if event_id and event and linked:
            timeline[event_id] = Event(event_id, event, when, after, linked)
    _no_cycle(ctx, sections["timeline"], timeline)

    _check_references(ctx, builder)
    if ctx.errors or info is None:
        return None
    return KnowledgeBase.build(
        info=info,
        outlets=outlets,
        organizations=organizations,
        people=people,
        documents=documents,
        articles=articles,
        claims=claims,
        quotes=quotes,
        discrepancies=discrepancies,
        gaps=gaps,
        synonyms=tuple(synonyms),
        timeline=timeline,
    )


def _no_cycle(ctx: _Context, entries: list[_Entry], timeline: dict[str, Event]) -> None:
    """A timeline whose events come after each other in a loop orders nothing: refused at the
    first event of the loop."""
    state: dict[str, int] = {}  # 1: being walked, 2: done

    def loops(event_id: str) -> bool:
        if state.get(event_id) == 2 or event_id not in timeline:
            return False
        if state.get(event_id) == 1:
            return True
        state[event_id] = 1
        found = any(loops(e) for e in timeline[event_id].after)
        state[event_id] = 2
        return found

    for entry in entries:
        event_id = entry.data.get("id")
        if isinstance(event_id, str) and event_id in timeline and loops(event_id):
            ctx.error(
                entry.file,
                entry.at.where(entry.data, "after"),
                f"timeline event: {event_id!r} comes, through 'after', after itself",
            )
            return


def _own_text_in_some_article(
    f: _Fields, builder: _Builder, text: str, reports: list[QuoteReport]
) -> list[Placement]:
    """A quote whose every report has its own wording: its own text must be one article's too.

    It is what a reader sees as the speaker's words, so it is held to the same rule.
    """
    refusals: list[Refusal] = []
    checked: list[str] = []
    for report in reports:
        placed = builder.place(f, "text", text, report.article)
        if isinstance(placed, Placement):
            return [placed]
        if placed is not None:
            refusals.append(placed)
            checked.append(report.article)
    telling = [r for r in refusals if r.kind != MISSING]
    if telling:
        builder.refuse(f, "text", "quote", text, telling[0])
    elif refusals:
        f.ctx.error(
            f.file,
            f.where("text"),
            f"quote: {_clip(text)!r} does not occur in any article that carries it "
            f"({', '.join(repr(a) for a in checked)}); a quote's own text is what readers see as "
            "the speaker's words, so it must be one article's wording: copy it from one of them",
        )
    return []


def _may_be_in_unparsed(ctx: _Context, target: str) -> bool:
    """Whether an id might be defined in a fact file that could not be parsed."""
    if ctx.unparsed is None:
        return True  # a file that could not even be read may define anything
    if not ctx.unparsed:
        return False
    word = re.compile(rf"(?<![\w-]){re.escape(target)}(?![\w-])")
    return any(word.search(text) for text in ctx.unparsed)


def _check_references(ctx: _Context, builder: _Builder) -> None:
    for file, at, data, key, index, target, kinds, what in builder.refs:
        where = at.where(data, key)
        container = data.get(key)
        if index >= 0 and isinstance(container, list) and at.is_located(container):
            where = at.item(container, index)
        known = builder.ids.get(target)
        if known is None and ctx.unreadable and _may_be_in_unparsed(ctx, target):
            continue  # not unknown: the file that failed to parse names it; fix that first
        if known is None:
            candidates = [i for i, (section, *_) in builder.ids.items() if section in kinds]
            ctx.error(
                file,
                where,
                f"{what} refers to unknown id {target!r}{_suggest(target, candidates)}; "
                f"expected the id of an entry in {' or '.join(kinds)}",
            )
        elif known[0] not in kinds:
            ctx.error(
                file,
                where,
                f"{what} refers to {target!r}, which is an entry of {known[0]!r}; "
                f"expected one of {' or '.join(kinds)}",
            )


def _one_file_of_a_directory_pack(
    path: Path, ctx: _Context, sections: dict[str, list[_Entry]]
) -> bool:
    """A file without a 'pack' section among other fact files: say so, instead of the
    hundreds of unknown ids that checking it alone would give."""
    if ctx.listing is not None or sections["pack"] or ctx.unreadable:
        return False
    try:
        others = [name for name in _yaml_names(path.parent) if name != path.name]
    except OSError:
        return False
    if not others:
        return False
    directory = display_path(path.parent)
    ctx.error(
        display_path(path),
        (1, 1),
        f"this file has no 'pack' section: it is one of the {len(others) + 1} fact files of the "
        f"pack in the directory {directory}; give the directory instead: {directory}",
    )
    return True


def _load_once(path: Path, ctx: _Context) -> KnowledgeBase | None:
    with gc_paused():
        files = _pack_files(path, ctx)
        if not files:
            return None
        read = _read_fact_files(files, ctx)
        # (a directory's: one file of a directory may become part of a bigger pack unchanged)
        whole = not ctx.errors and os.path.isdir(path)
        remembered = PackCache.from_environment() if whole else None
        key = pack_key(read, ctx.max_bytes) if remembered is not None else ""
        if remembered is not None:
            known = remembered.load(key, lambda text: _remembered_text(text, ctx))
            if known is not None and not ctx.errors:
                return known  # the same bytes as a load that passed every check
            ctx.errors.clear()  # an archived text it could not read is read again below
        sections = _read_sections(read, ctx)
        del read
        if _one_file_of_a_directory_pack(path, ctx, sections):
            return None
        placements = PlacementCache.from_environment(path)
        knowledge = _build(ctx, sections, placements)
        del sections  # the parsed files: free them before the collector runs again
    placements.save()  # what it placed is so whether the pack is valid or not
    if remembered is not None and knowledge is not None and not ctx.errors:
        texts = [(_under_root(text, ctx), digest) for text, digest in ctx.texts.items()]
        knowledge = replace(knowledge, fingerprint=fingerprint(key, texts))
        remembered.store(key, knowledge, texts)
    return knowledge


def _under_root(path: Path, ctx: _Context) -> str:
    return os.path.relpath(path, ctx.root)


def _remembered_text(relative: str, ctx: _Context) -> bytes | None:
    """An archived text a remembered pack was built from, read as a load reads it."""
    path = ctx.root / relative
    return _read_bytes(path, ctx, display_path(path), what="archived text")


def _changed_since_read(path: Path, ctx: _Context) -> str | None:
    """A file of the pack that is not as it was when read (shown as a path), or None."""
    for file, signature in ctx.read.items():
        try:
            if _signature(file.stat()) != signature:
                return display_path(file)
        except OSError:
            return display_path(file)
    if ctx.listing is not None:
        try:
            if _yaml_names(path) != ctx.listing:
                return display_path(path)
        except OSError:
            return display_path(path)
    return None


def load_pack(
    path: str | os.PathLike[str], *, on_read: Callable[[Path], object] | None = None
) -> KnowledgeBase:
    """Load and validate a pack (one YAML file or a directory of them); raise PackInvalid.

    Parsed files come from the parse cache (:mod:`bot.knowledge.parse_cache`) when their bytes
    are unchanged. Every file read is fingerprinted; if any changed before the load ended (a
    deploy copying files in), the pack is read again, up to :data:`LOAD_ATTEMPTS` times, so a
    load never mixes two editions. ``on_read`` is called with each file just read (tests use it
    to change files mid-load).
    """
    path = Path(path)
    try:
        limit = max_file_bytes()
    except SettingInvalid as invalid:
        raise PackInvalid([PackError(invalid.name, 0, 0, invalid.message, SETTING)]) from None
    root = path if os.path.isdir(path) else path.parent
    for _ in range(LOAD_ATTEMPTS):
        ctx = _Context(root=root, max_bytes=limit, on_read=on_read)
        knowledge = _load_once(path, ctx)
        changed = _changed_since_read(path, ctx)
        if changed is None:
            break
    else:
        raise PackInvalid(
            [
                PackError(
                    display_path(path),
                    1,
                    1,
                    f"the pack's files changed while they were read, {LOAD_ATTEMPTS} times in a "
                    f"row (last {changed}); load it again once they are all in place",
                    UNREADABLE,
                )
            ]
        )
    if ctx.errors or knowledge is None:
        raise PackInvalid(ctx.errors or [PackError(display_path(path), 1, 1, "the pack is empty")])
    return knowledge
