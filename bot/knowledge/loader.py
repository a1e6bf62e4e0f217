"""Read a fact pack from disk and validate it whole.

Loading never stops at the first problem: an editor fixing a pack wants the full list, each with
file, line, column and what to do. Only a pack with no problem at all becomes a
:class:`~bot.knowledge.model.KnowledgeBase`.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.errors import PackError, PackInvalid, display_path
from bot.knowledge.located_yaml import Locator, ParsedYaml, YamlProblem
from bot.knowledge.model import (
    Article,
    Claim,
    Discrepancy,
    Document,
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
from bot.knowledge.parse_cache import (
    NotUtf8,
    ParseCache,
    ParseStats,
    gc_paused,
    parse_files,
)
from bot.knowledge.verbatim import ArticleText

MAX_FILE_BYTES = int(os.environ.get("REPORTBOT_MAX_FILE_BYTES", 16 * 1024 * 1024))
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
)
SECTIONS = ("pack", *LIST_SECTIONS)


class _Entry:
    """A raw mapping from one section, with the file it came from and how to locate its parts."""

    __slots__ = ("at", "data", "file")

    def __init__(self, file: str, data: dict, at: Locator) -> None:
        self.file, self.data, self.at = file, data, at


@dataclass
class _Context:
    root: Path
    errors: list[PackError] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # shown name -> real path
    unreadable: int = 0  # files that could not be parsed; what they held is unknown
    real_root: str = ""  # the root with symlinks resolved, worked out once
    stats: ParseStats | None = None

    def error(self, file: str, where: tuple[int, int], message: str) -> None:
        self.errors.append(PackError(file, where[0], where[1], message))


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

    def text(
        self, key: str, *, required: bool = True, nullable: bool = False, number: bool = False
    ) -> str | None:
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
        accepted = _TEXT_OR_NUMBER if number else str
        if isinstance(value, bool) or not isinstance(value, accepted):
            self._fail(key, f"{key!r} must be text, not {_kind(value)}")
            return None
        value = str(value).strip()
        if not value:
            self._fail(key, f"{key!r} must not be empty")
            return None
        return value

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
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
            elif not isinstance(item, bool) and isinstance(item, _TEXT_OR_NUMBER):
                stripped = str(item).strip()
                if stripped:
                    out.append(stripped)
                    continue
            where = (
                self.at.item(value, index)
                if self.at.is_located(value)
                else self.at.where(self.data, key)
            )
            self.ctx.error(
                self.file, where, f"{self.what}: item {index + 1} of {key!r} must be text"
            )
        if required and not out:
            self._fail(key, f"{key!r} must list at least one item")
        return tuple(out)

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
_TEXT_OR_NUMBER = (str, int, float)


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


def _pack_files(path: Path, ctx: _Context) -> list[Path]:
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and not p.name.startswith(".")
        )
        if not files:
            ctx.error(str(path), (1, 1), "no *.yaml or *.yml files in this directory")
        return files
    if path.is_file():
        return [path]
    ctx.error(str(path), (1, 1), "no such file or directory")
    return []


def _missing_file(path: Path) -> str | None:
    """Why ``path`` cannot be an archived text, or None when there is a file to read."""
    try:
        if path.exists():
            return None
    except OSError as error:  # a name too long for the file system, say
        return f"cannot be looked up: {error.strerror or error}"
    return f"not found (looked at {path})"


def _inside(path: Path, ctx: _Context) -> bool:
    if not ctx.real_root:
        ctx.real_root = os.path.realpath(ctx.root)
    real = os.path.realpath(path)
    return real == ctx.real_root or real.startswith(ctx.real_root.rstrip(os.sep) + os.sep)


def _read_bytes(path: Path, ctx: _Context, shown: str, *, what: str) -> bytes | None:
    if not _inside(path, ctx):
        ctx.error(shown, (1, 1), f"{what} resolves outside the pack directory; refused")
        return None
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or device would block the load or never end; only plain files are facts.
            ctx.error(shown, (1, 1), f"{what} is not a regular file; refused")
            return None
        size = status.st_size
        if size > MAX_FILE_BYTES:
            ctx.error(
                shown,
                (1, 1),
                f"{what} is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it",
            )
            return None
        return path.read_bytes()
    except OSError as error:
        ctx.error(shown, (1, 1), f"cannot read {what}: {error.strerror or error}")
        return None


def _not_utf8(ctx: _Context, shown: str, what: str, start: int, line: int) -> None:
    ctx.error(shown, (line, 1), f"{what} is not valid UTF-8 (byte {start})")


def _read_text(path: Path, ctx: _Context, shown: str, *, what: str) -> str | None:
    raw = _read_bytes(path, ctx, shown, what=what)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _not_utf8(ctx, shown, what, error.start, raw[: error.start].count(b"\n") + 1)
        return None


def _read_sections(files: list[Path], ctx: _Context) -> dict[str, list[_Entry]]:
    sections: dict[str, list[_Entry]] = {name: [] for name in SECTIONS}
    read: list[tuple[str, bytes]] = []
    for path in files:
        shown = display_path(path, ctx.root)
        ctx.paths[shown] = path
        raw = _read_bytes(path, ctx, shown, what="fact file")
        if raw is None:
            ctx.unreadable += 1
        else:
            read.append((shown, raw))
    outcomes, ctx.stats = parse_files([raw for _, raw in read], ParseCache.from_environment())
    for (shown, _), outcome in zip(read, outcomes, strict=True):
        if isinstance(outcome, NotUtf8):
            _not_utf8(ctx, shown, "fact file", outcome.start, outcome.line)
            ctx.unreadable += 1
        elif isinstance(outcome, YamlProblem):
            ctx.error(shown, outcome.position, outcome.message)
            ctx.unreadable += 1
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
        self.texts: dict[str, ArticleText] = {}

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

    def passage(self, fields: _Fields, key: str, text: str | None, article: str | None) -> None:
        """Check a verbatim passage against its article's archived text."""
        if text is None or article is None:
            return
        self.check_passage(fields, key, text, article, fields.what)

    def check_passage(
        self, fields: _Fields, key: str, passage: str, article: str, what: str
    ) -> None:
        text = self.texts.get(article)
        if text is None:
            return  # the unknown or unreadable article is reported already
        if not text.contains(passage):
            shown = passage if len(passage) <= 80 else passage[:77] + "..."
            self.ctx.error(
                fields.file,
                fields.where(key),
                f"{what}: {shown!r} does not occur in article {article!r}; quote the article's "
                "words exactly (only quotation marks, apostrophes, dashes, case and spacing may "
                "differ)",
            )


_PACK = _Allowed("id", "title", "version", "description", "summary")
_OUTLET = _Allowed("id", "name", "description")
_ORGANIZATION = _Allowed("id", "name", "aliases", "role", "description")
_PERSON = _Allowed("id", "name", "role", "aliases", "description")
_DOCUMENT = _Allowed("id", "title", "description", "author")
_ARTICLE = _Allowed("id", "outlet", "headline", "published", "byline", "url", "text", "summary")
_CLAIM = _Allowed("id", "statement", "topics", "asks", "people", "reports")
_CLAIM_REPORT = _Allowed("article", "via", "excerpt")
_QUOTE = _Allowed("id", "speaker", "text", "to", "setting", "when", "topics", "claims", "reports")
_QUOTE_REPORT = _Allowed("article", "via", "text", "speaker")
_DISCREPANCY = _Allowed("id", "topic", "claims", "asks", "versions")
_VERSION = _Allowed("article", "statement", "excerpt")
_GAP = _Allowed("id", "topic", "asks", "note", "suggest")
_SYNONYMS = _Allowed("words")
_SPEAKER_KINDS = ("people", "organizations", "documents", "outlets")
_VIA_KINDS = ("outlets", "people", "organizations", "documents")


def _build_pack(ctx: _Context, entries: list[_Entry]) -> PackInfo | None:
    if not entries:
        if ctx.unreadable:
            return None  # the section may well be in the file that failed to parse
        ctx.error(
            display_path(ctx.root, ctx.root),
            (1, 1),
            "missing the 'pack' section (id, title, version) in every file of the pack",
        )
        return None
    for extra in entries[1:]:
        ctx.error(extra.file, extra.at.position(extra.data), "'pack' is given more than once")
    fields = _Fields(ctx, entries[0], "pack", _PACK)
    pack_id, title = fields.text("id"), fields.text("title")
    version = fields.text("version", number=True)
    description = fields.text("description", required=False)
    summary = fields.text("summary", required=False)
    if pack_id is None or title is None or version is None:
        return None
    return PackInfo(pack_id, title, version, description, summary)


def _load_articles(
    ctx: _Context, builder: _Builder, entries: list[_Entry]
) -> tuple[dict[str, Article], dict[str, ArticleText]]:
    articles: dict[str, Article] = {}
    texts: dict[str, ArticleText] = {}
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
                f._fail("text", f"archived text {text_path!r} {missing}")
            else:
                body = _read_text(path, ctx, display_path(path, ctx.root), what="archived text")
        if article_id and outlet and text_path and body is not None:
            articles[article_id] = Article(
                id=article_id,
                outlet=outlet,
                text_path=text_path,
                text=body,
                summary=summary,
                **optional,  # type: ignore[arg-type]
            )
            texts[article_id] = ArticleText(body)
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
        via = rf.texts("via")
        for index, step in enumerate(via):
            builder.reference(rf, "via", step, _VIA_KINDS, index)
        out.append((rf, article, passage, via))
    return out


def _build(ctx: _Context, sections: dict[str, list[_Entry]]) -> KnowledgeBase | None:
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
        builder.reference(f, "author", author, ("people", "organizations", "outlets"))
        if doc_id and title:
            documents[doc_id] = Document(doc_id, title, description, author)

    articles, texts = _load_articles(ctx, builder, sections["articles"])
    builder.texts = texts

    claims: dict[str, Claim] = {}
    for entry in sections["claims"]:
        f = _Fields(ctx, entry, "claim", _CLAIM)
        claim_id, statement = builder.identify(f, "claims"), f.text("statement")
        topics, asks, about = f.texts("topics", required=True), f.texts("asks"), f.texts("people")
        for index, person in enumerate(about):
            builder.reference(f, "people", person, ("people", "organizations"), index)
        reports = []
        for rf, article, excerpt, via in _reports(
            f, builder, passage_key="excerpt", allowed=_CLAIM_REPORT, passage_required=True
        ):
            builder.passage(rf, "excerpt", excerpt, article)
            if article and excerpt:
                reports.append(Report(article, excerpt, via))
        if claim_id and statement and topics and reports:
            claims[claim_id] = Claim(claim_id, statement, topics, asks, about, tuple(reports))

    quotes: dict[str, Quote] = {}
    for entry in sections["quotes"]:
        f = _Fields(ctx, entry, "quote", _QUOTE)
        quote_id, speaker, text = builder.identify(f, "quotes"), f.text("speaker"), f.text("text")
        builder.reference(f, "speaker", speaker, _SPEAKER_KINDS)
        setting = {key: f.text(key, required=False) for key in ("to", "setting", "when")}
        topics, linked = f.texts("topics"), f.texts("claims")
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
        quote_reports = []
        for rf, article, own_text, via in _reports(
            f, builder, passage_key="text", allowed=_QUOTE_REPORT, passage_required=False
        ):
            own_speaker = rf.text("speaker", required=False)
            builder.reference(rf, "speaker", own_speaker, _SPEAKER_KINDS)
            if own_text is not None:
                builder.passage(rf, "text", own_text, article)
            elif text is not None and article is not None:
                builder.check_passage(rf, "article", text, article, "quote text")
            if article:
                quote_reports.append(QuoteReport(article, own_text, own_speaker, via))
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
        linked, asks = f.texts("claims", required=True), f.texts("asks")
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
            builder.passage(vf, "excerpt", excerpt, article)
            if article and statement and excerpt:
                versions.append(Version(article, statement, excerpt))
        if disc_id and topic and linked and len(versions) >= 2:
            discrepancies[disc_id] = Discrepancy(disc_id, topic, linked, asks, tuple(versions))

    gaps: dict[str, Gap] = {}
    for entry in sections["gaps"]:
        f = _Fields(ctx, entry, "gap", _GAP)
        gap_id, topic, note = builder.identify(f, "gaps"), f.text("topic"), f.text("note")
        asks, suggest = f.texts("asks", required=True), f.texts("suggest")
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
    )


def _check_references(ctx: _Context, builder: _Builder) -> None:
    for file, at, data, key, index, target, kinds, what in builder.refs:
        where = at.where(data, key)
        container = data.get(key)
        if index >= 0 and isinstance(container, list) and at.is_located(container):
            where = at.item(container, index)
        known = builder.ids.get(target)
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


def load_pack(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Load and validate a pack (one YAML file or a directory of them); raise PackInvalid.

    Parsed files come from the parse cache (:mod:`bot.knowledge.parse_cache`) when their bytes
    are unchanged.
    """
    path = Path(path)
    root = path if path.is_dir() else path.parent
    ctx = _Context(root=root)
    with gc_paused():
        sections = _read_sections(_pack_files(path, ctx), ctx)
        knowledge = _build(ctx, sections)
        del sections  # the parsed files: free them before the collector runs again
    if ctx.errors or knowledge is None:
        raise PackInvalid(ctx.errors or [PackError(str(path), 1, 1, "the pack is empty")])
    return knowledge
