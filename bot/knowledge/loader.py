"""Read a fact pack from disk and validate it whole.

Loading never stops at the first problem: an editor fixing a pack wants the full list, each with
file, line, column and what to do. Only a pack with no problem at all becomes a
:class:`~bot.knowledge.model.KnowledgeBase`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.errors import PackError, PackInvalid, display_path
from bot.knowledge.located_yaml import LocatedDict, LocatedList, YamlProblem, load_located
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


@dataclass
class _Entry:
    """A raw mapping from one section, with the file it came from."""

    file: str
    data: LocatedDict


@dataclass
class _Context:
    root: Path
    errors: list[PackError] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # shown name -> real path
    unreadable: int = 0  # files that could not be parsed; what they held is unknown

    def error(self, file: str, where: tuple[int, int], message: str) -> None:
        self.errors.append(PackError(file, where[0], where[1], message))


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Fields:
    """Typed access to one mapping's fields that records, rather than raises, every problem."""

    def __init__(self, ctx: _Context, entry: _Entry, what: str, allowed: tuple[str, ...]) -> None:
        self.ctx, self.file, self.data, self.what = ctx, entry.file, entry.data, what
        for key, where in entry.data.duplicate_keys:
            ctx.error(self.file, where, f"{what}: field {key!r} appears twice")
        for key in entry.data:
            if key not in allowed:
                ctx.error(
                    self.file,
                    entry.data.key_positions.get(key, entry.data.position),
                    f"{what}: unknown field {key!r}{_suggest(key, allowed)}; "
                    f"allowed fields are {', '.join(allowed)}",
                )

    def _fail(self, key: str, message: str) -> None:
        self.ctx.error(self.file, self.data.where(key), f"{self.what}: {message}")

    def text(
        self, key: str, *, required: bool = True, nullable: bool = False, number: bool = False
    ) -> str | None:
        if key not in self.data:
            if required:
                self.ctx.error(
                    self.file, self.data.position, f"{self.what}: missing required field {key!r}"
                )
            return None
        value = self.data[key]
        if value is None:
            if nullable or not required:
                return None
            self._fail(key, f"{key!r} must not be empty")
            return None
        accepted = (str, int, float) if number else (str,)
        if isinstance(value, bool) or not isinstance(value, accepted):
            self._fail(key, f"{key!r} must be text, not {_kind(value)}")
            return None
        value = str(value).strip()
        if not value:
            self._fail(key, f"{key!r} must not be empty")
            return None
        return value

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        if key not in self.data or self.data[key] is None:
            if required:
                self.ctx.error(
                    self.file, self.data.position, f"{self.what}: missing required field {key!r}"
                )
            return ()
        value = self.data[key]
        if not isinstance(value, list):
            self._fail(key, f"{key!r} must be a list of text, not {_kind(value)}")
            return ()
        out: list[str] = []
        for index, item in enumerate(value):
            if (
                isinstance(item, bool)
                or not isinstance(item, str | int | float)
                or not str(item).strip()
            ):
                where = (
                    value.where(index) if isinstance(value, LocatedList) else self.data.where(key)
                )
                self.ctx.error(
                    self.file, where, f"{self.what}: item {index + 1} of {key!r} must be text"
                )
                continue
            out.append(str(item).strip())
        if required and not out:
            self._fail(key, f"{key!r} must list at least one item")
        return tuple(out)

    def mappings(self, key: str, *, what: str, minimum: int = 1) -> list[_Entry]:
        if key not in self.data:
            self.ctx.error(
                self.file, self.data.position, f"{self.what}: missing required field {key!r}"
            )
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self._fail(key, f"{key!r} must be a list, not {_kind(value)}")
            return []
        out: list[_Entry] = []
        for index, item in enumerate(value):
            if not isinstance(item, LocatedDict):
                self.ctx.error(
                    self.file,
                    value.where(index),
                    f"{self.what}: item {index + 1} of {key!r} must be a mapping of {what} "
                    f"fields, not {_kind(item)}",
                )
                continue
            out.append(_Entry(self.file, item))
        if len(value) < minimum:
            self._fail(key, f"{key!r} must list at least {minimum} {what}")
        return out


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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _read_text(path: Path, ctx: _Context, shown: str, *, what: str) -> str | None:
    if not _inside(path, ctx.root):
        ctx.error(shown, (1, 1), f"{what} resolves outside the pack directory; refused")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.error(
                shown,
                (1, 1),
                f"{what} is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it",
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        ctx.error(shown, (1, 1), f"cannot read {what}: {error.strerror or error}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        ctx.error(shown, (line, 1), f"{what} is not valid UTF-8 (byte {error.start})")
        return None


def _read_sections(files: list[Path], ctx: _Context) -> dict[str, list[_Entry]]:
    sections: dict[str, list[_Entry]] = {name: [] for name in SECTIONS}
    for path in files:
        shown = display_path(path, ctx.root)
        ctx.paths[shown] = path
        text = _read_text(path, ctx, shown, what="fact file")
        if text is None:
            ctx.unreadable += 1
            continue
        try:
            document = load_located(text)
        except YamlProblem as problem:
            ctx.error(shown, problem.position, problem.message)
            ctx.unreadable += 1
            continue
        if document is None:
            continue
        if not isinstance(document, LocatedDict):
            ctx.error(
                shown,
                getattr(document, "position", (1, 1)),
                f"a fact file must be a mapping of sections ({', '.join(SECTIONS)}), "
                f"not {_kind(document)}",
            )
            continue
        for key, where in document.duplicate_keys:
            ctx.error(shown, where, f"section {key!r} appears twice in this file")
        for key, value in document.items():
            where = document.key_positions.get(key, (1, 1))
            if key not in SECTIONS:
                ctx.error(shown, where, f"unknown section {key!r}{_suggest(key, SECTIONS)}")
            elif key == "pack":
                if not isinstance(value, LocatedDict):
                    ctx.error(shown, document.where(key), "'pack' must be a mapping")
                else:
                    sections["pack"].append(_Entry(shown, value))
            elif value is None:
                continue
            elif not isinstance(value, LocatedList):
                ctx.error(shown, document.where(key), f"section {key!r} must be a list")
            else:
                for index, item in enumerate(value):
                    if key == "synonyms":
                        wrapper = LocatedDict()
                        wrapper.position = value.where(index)
                        wrapper["words"] = item
                        wrapper.value_positions["words"] = value.where(index)
                        sections[key].append(_Entry(shown, wrapper))
                    elif isinstance(item, LocatedDict):
                        sections[key].append(_Entry(shown, item))
                    else:
                        ctx.error(
                            shown,
                            value.where(index),
                            f"each entry of {key!r} must be a mapping of fields, not {_kind(item)}",
                        )
    return sections


# --- building entries ------------------------------------------------------------------------


class _Builder:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.ids: dict[str, tuple[str, str, tuple[int, int]]] = {}  # id -> section, file, where
        self.refs: list[tuple[str, tuple[int, int], str, tuple[str, ...], str]] = []
        self.passages: list[tuple[str, tuple[int, int], str, str, str]] = []

    def identify(self, fields: _Fields, section: str) -> str | None:
        entry_id = fields.text("id")
        if entry_id is None:
            return None
        where = fields.data.where("id")
        if entry_id in self.ids:
            other_section, other_file, other_where = self.ids[entry_id]
            self.ctx.error(
                fields.file,
                where,
                f"duplicate id {entry_id!r}: already used by an entry of {other_section!r} at "
                f"{other_file}:{other_where[0]}:{other_where[1]}; ids must be unique in the pack",
            )
            return None
        self.ids[entry_id] = (section, fields.file, where)
        return entry_id

    def reference(
        self, fields: _Fields, key: str, value: str | None, kinds: tuple[str, ...], index: int = -1
    ) -> None:
        """Remember a reference to check once every id is known."""
        if value is None:
            return
        where = fields.data.where(key)
        container = fields.data.get(key)
        if index >= 0 and isinstance(container, LocatedList):
            where = container.where(index)
        self.refs.append((fields.file, where, value, kinds, f"{fields.what}: {key!r}"))

    def passage(self, fields: _Fields, key: str, text: str | None, article: str | None) -> None:
        """Remember a verbatim passage to check against its article's archived text."""
        if text is None or article is None:
            return
        self.passages.append((fields.file, fields.data.where(key), text, article, fields.what))


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
        ctx.error(extra.file, extra.data.position, "'pack' is given more than once")
    fields = _Fields(ctx, entries[0], "pack", ("id", "title", "version", "description"))
    pack_id, title = fields.text("id"), fields.text("title")
    version = fields.text("version", number=True)
    description = fields.text("description", required=False)
    if pack_id is None or title is None or version is None:
        return None
    return PackInfo(pack_id, title, version, description)


def _load_articles(
    ctx: _Context, builder: _Builder, entries: list[_Entry]
) -> tuple[dict[str, Article], dict[str, ArticleText]]:
    articles: dict[str, Article] = {}
    texts: dict[str, ArticleText] = {}
    allowed = ("id", "outlet", "headline", "published", "byline", "url", "text")
    for entry in entries:
        f = _Fields(ctx, entry, "article", allowed)
        article_id = builder.identify(f, "articles")
        outlet = f.text("outlet")
        builder.reference(f, "outlet", outlet, ("outlets",))
        optional = {key: f.text(key, required=False, number=True) for key in allowed[2:6]}
        text_path = f.text("text")
        body: str | None = None
        if text_path is not None:
            path = ctx.paths[entry.file].parent / text_path
            if not path.is_file():
                f._fail("text", f"archived text {text_path!r} not found (looked at {path})")
            else:
                body = _read_text(path, ctx, display_path(path, ctx.root), what="archived text")
        if article_id and outlet and text_path and body is not None:
            articles[article_id] = Article(
                id=article_id,
                outlet=outlet,
                text_path=text_path,
                text=body,
                **optional,  # type: ignore[arg-type]
            )
            texts[article_id] = ArticleText(body)
    return articles, texts


def _reports(
    f: _Fields, builder: _Builder, *, passage_key: str, passage_required: bool
) -> list[tuple[_Fields, str | None, str | None, tuple[str, ...]]]:
    allowed = ("article", "via", passage_key) + (("speaker",) if not passage_required else ())
    out = []
    for entry in f.mappings("reports", what="report"):
        rf = _Fields(f.ctx, entry, f"{f.what} report", allowed)
        article = rf.text("article")
        builder.reference(rf, "article", article, ("articles",))
        passage = rf.text(passage_key, required=passage_required)
        via = rf.texts("via")
        for index, step in enumerate(via):
            builder.reference(
                rf, "via", step, ("outlets", "people", "organizations", "documents"), index
            )
        out.append((rf, article, passage, via))
    return out


def _build(ctx: _Context, sections: dict[str, list[_Entry]]) -> KnowledgeBase | None:
    builder = _Builder(ctx)
    info = _build_pack(ctx, sections["pack"])

    outlets: dict[str, Outlet] = {}
    for entry in sections["outlets"]:
        f = _Fields(ctx, entry, "outlet", ("id", "name", "description"))
        outlet_id = builder.identify(f, "outlets")
        if "name" not in f.data:
            f.ctx.error(
                f.file,
                f.data.position,
                "outlet: missing field 'name' (write `name: null` when the outlet is unknown)",
            )
        name = f.text("name", nullable=True)
        description = f.text("description", required=False)
        if outlet_id:
            outlets[outlet_id] = Outlet(outlet_id, name, description)

    organizations: dict[str, Organization] = {}
    for entry in sections["organizations"]:
        f = _Fields(ctx, entry, "organization", ("id", "name", "aliases"))
        org_id, name, aliases = (
            builder.identify(f, "organizations"),
            f.text("name"),
            f.texts("aliases"),
        )
        if org_id and name:
            organizations[org_id] = Organization(org_id, name, aliases)

    people: dict[str, Person] = {}
    for entry in sections["people"]:
        f = _Fields(ctx, entry, "person", ("id", "name", "role", "aliases"))
        person_id, name = builder.identify(f, "people"), f.text("name")
        role, aliases = f.text("role", required=False), f.texts("aliases")
        if person_id and name:
            people[person_id] = Person(person_id, name, role, aliases)

    documents: dict[str, Document] = {}
    for entry in sections["documents"]:
        f = _Fields(ctx, entry, "document", ("id", "title", "description", "author"))
        doc_id, title = builder.identify(f, "documents"), f.text("title")
        description, author = (
            f.text("description", required=False),
            f.text("author", required=False),
        )
        builder.reference(f, "author", author, ("people", "organizations", "outlets"))
        if doc_id and title:
            documents[doc_id] = Document(doc_id, title, description, author)

    articles, texts = _load_articles(ctx, builder, sections["articles"])

    claims: dict[str, Claim] = {}
    for entry in sections["claims"]:
        f = _Fields(ctx, entry, "claim", ("id", "statement", "topics", "asks", "people", "reports"))
        claim_id, statement = builder.identify(f, "claims"), f.text("statement")
        topics, asks, about = f.texts("topics", required=True), f.texts("asks"), f.texts("people")
        for index, person in enumerate(about):
            builder.reference(f, "people", person, ("people", "organizations"), index)
        reports = []
        for rf, article, excerpt, via in _reports(
            f, builder, passage_key="excerpt", passage_required=True
        ):
            builder.passage(rf, "excerpt", excerpt, article)
            if article and excerpt:
                reports.append(Report(article, excerpt, via))
        if claim_id and statement and topics and reports:
            claims[claim_id] = Claim(claim_id, statement, topics, asks, about, tuple(reports))

    quotes: dict[str, Quote] = {}
    quote_fields = ("id", "speaker", "text", "to", "setting", "when", "topics", "claims", "reports")
    speaker_kinds = ("people", "organizations", "documents", "outlets")
    for entry in sections["quotes"]:
        f = _Fields(ctx, entry, "quote", quote_fields)
        quote_id, speaker, text = builder.identify(f, "quotes"), f.text("speaker"), f.text("text")
        builder.reference(f, "speaker", speaker, speaker_kinds)
        setting = {key: f.text(key, required=False) for key in ("to", "setting", "when")}
        topics, linked = f.texts("topics"), f.texts("claims")
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
        quote_reports = []
        for rf, article, own_text, via in _reports(
            f, builder, passage_key="text", passage_required=False
        ):
            own_speaker = rf.text("speaker", required=False)
            builder.reference(rf, "speaker", own_speaker, speaker_kinds)
            if own_text is not None:
                builder.passage(rf, "text", own_text, article)
            elif text is not None and article is not None:
                builder.passages.append(
                    (rf.file, rf.data.where("article"), text, article, "quote text")
                )
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
        f = _Fields(ctx, entry, "discrepancy", ("id", "topic", "claims", "asks", "versions"))
        disc_id, topic = builder.identify(f, "discrepancies"), f.text("topic")
        linked, asks = f.texts("claims", required=True), f.texts("asks")
        for index, claim_ref in enumerate(linked):
            builder.reference(f, "claims", claim_ref, ("claims",), index)
        versions = []
        for version_entry in f.mappings("versions", what="versions", minimum=2):
            vf = _Fields(
                ctx, version_entry, "discrepancy version", ("article", "statement", "excerpt")
            )
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
        f = _Fields(ctx, entry, "gap", ("id", "topic", "asks", "note", "suggest"))
        gap_id, topic, note = builder.identify(f, "gaps"), f.text("topic"), f.text("note")
        asks, suggest = f.texts("asks", required=True), f.texts("suggest")
        for index, claim_ref in enumerate(suggest):
            builder.reference(f, "suggest", claim_ref, ("claims",), index)
        if gap_id and topic and note and asks:
            gaps[gap_id] = Gap(gap_id, topic, asks, note, suggest)

    synonyms: list[tuple[str, ...]] = []
    for entry in sections["synonyms"]:
        f = _Fields(ctx, entry, "synonym group", ("words",))
        group = f.texts("words", required=True)
        if len(group) == 1:
            f._fail("words", "a synonym group needs at least two words")
        elif group:
            synonyms.append(group)

    _check_references(ctx, builder)
    _check_passages(ctx, builder, texts)
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
    for file, where, target, kinds, what in builder.refs:
        known = builder.ids.get(target)
        if known is None:
            candidates = [i for i, (section, _, _) in builder.ids.items() if section in kinds]
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


def _check_passages(ctx: _Context, builder: _Builder, texts: dict[str, ArticleText]) -> None:
    for file, where, passage, article, what in builder.passages:
        text = texts.get(article)
        if text is None:
            continue  # the unknown or unreadable article is reported already
        if not text.contains(passage):
            shown = passage if len(passage) <= 80 else passage[:77] + "..."
            ctx.error(
                file,
                where,
                f"{what}: {shown!r} does not occur in article {article!r}; quote the article's "
                "words exactly (only quotation marks, apostrophes, dashes, case and spacing may "
                "differ)",
            )


def load_pack(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Load and validate a pack (one YAML file or a directory of them); raise PackInvalid."""
    path = Path(path)
    root = path if path.is_dir() else path.parent
    ctx = _Context(root=root)
    sections = _read_sections(_pack_files(path, ctx), ctx)
    knowledge = _build(ctx, sections)
    if ctx.errors or knowledge is None:
        raise PackInvalid(ctx.errors or [PackError(str(path), 1, 1, "the pack is empty")])
    return knowledge
