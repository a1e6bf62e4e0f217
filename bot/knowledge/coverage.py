"""Which sentences of each archived article the pack cites, and which nothing cites.

"Every claim and every quote of the reporting is covered" is then something anyone can check:
read the sentences nothing cites. For a new article, that list is what it still needs. A
sentence counts as cited when a claim's excerpt, a quote's text (or a report's own wording) or a
discrepancy version's excerpt overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.errors import display_path
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.verbatim import ArticleText, Placement, Sentence

SCHEMA = 1


@dataclass(frozen=True, slots=True)
class SentenceCoverage:
    sentence: Sentence
    claims: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    discrepancies: tuple[str, ...] = ()

    @property
    def cited(self) -> bool:
        return bool(self.claims or self.quotes or self.discrepancies)


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    article: str
    outlet: str
    text_file: str  # the archived text, as typed from the working directory
    sentences: tuple[SentenceCoverage, ...]

    @property
    def cited(self) -> int:
        return sum(1 for s in self.sentences if s.cited)


@dataclass(frozen=True, slots=True)
class Coverage:
    pack_id: str
    title: str
    version: str
    articles: tuple[ArticleCoverage, ...]

    @property
    def sentences(self) -> int:
        return sum(len(a.sentences) for a in self.articles)

    @property
    def cited(self) -> int:
        return sum(a.cited for a in self.articles)


def coverage(knowledge: KnowledgeBase, pack: Path) -> Coverage:
    """The coverage of every article of a validated pack loaded from ``pack``."""
    base = pack if pack.is_dir() else pack.parent  # where article text paths start
    texts = {key: ArticleText(article.text) for key, article in knowledge.articles.items()}
    cites: dict[tuple[str, int], tuple[list[str], list[str], list[str]]] = {}

    def cite(article: str, passage: str, kind: int, entry: str) -> None:
        placed = texts[article].place(passage)
        if not isinstance(placed, Placement):  # cannot happen for a validated pack
            return
        for index in range(placed.first_sentence, placed.last_sentence + 1):
            ids = cites.setdefault((article, index), ([], [], []))[kind]
            if entry not in ids:
                ids.append(entry)

    for claim in knowledge.claims.values():
        for report in claim.reports:
            cite(report.article, report.excerpt, 0, claim.id)
    for quote in knowledge.quotes.values():
        for quote_report in quote.reports:
            cite(quote_report.article, quote_report.text or quote.text, 1, quote.id)
    for discrepancy in knowledge.discrepancies.values():
        for version in discrepancy.versions:
            cite(version.article, version.excerpt, 2, discrepancy.id)

    articles = []
    for key, article in knowledge.articles.items():
        rows = []
        for sentence in texts[key].sentences():
            claims, quotes, discrepancies = cites.get((key, sentence.index), ([], [], []))
            rows.append(
                SentenceCoverage(sentence, tuple(claims), tuple(quotes), tuple(discrepancies))
            )
        articles.append(
            ArticleCoverage(
                key,
                knowledge.outlet_of(key).display,
                display_path(base / article.text_path),
                tuple(rows),
            )
        )
    info = knowledge.info
    return Coverage(info.id, info.title, info.version, tuple(articles))


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cited_by(row: SentenceCoverage) -> str:
    parts = [
        f"{noun}: {', '.join(ids)}"
        for noun, ids in (
            ("claims", row.claims),
            ("quotes", row.quotes),
            ("discrepancies", row.discrepancies),
        )
        if ids
    ]
    return " · ".join(parts) if parts else "cited by nothing"


def render_coverage(report: Coverage) -> str:
    """The report for a curator: every sentence, located, with what cites it; then the gaps."""
    lines = [
        f"Coverage of {report.title!r} (version {report.version}): {len(report.articles)} "
        f"articles, {report.sentences} sentences; {report.cited} cited, "
        f"{report.sentences - report.cited} cited by nothing.",
    ]
    uncited: list[str] = []
    for article in report.articles:
        lines += [
            "",
            f"{article.article} ({article.outlet}, {article.text_file}): {article.cited} of "
            f"{len(article.sentences)} sentences cited",
        ]
        for row in article.sentences:
            s = row.sentence
            where = f"{article.text_file}:{s.line}:{s.column}: {_clip(s.text)}"
            lines += [f"  {where}", f"      {_cited_by(row)}"]
            if not row.cited:
                uncited.append(f"  {where}")
    lines += ["", f"Cited by nothing ({len(uncited)}):" if uncited else "Every sentence is cited."]
    return "\n".join([*lines, *uncited])


def coverage_to_json(report: Coverage) -> dict[str, Any]:
    """The same as data, for tools (schema 1: fields only ever added)."""
    return {
        "schema": SCHEMA,
        "pack": {"id": report.pack_id, "title": report.title, "version": report.version},
        "sentences": report.sentences,
        "cited": report.cited,
        "not_cited": report.sentences - report.cited,
        "articles": [
            {
                "id": article.article,
                "outlet": article.outlet,
                "text": article.text_file,
                "sentences": [
                    {
                        "index": row.sentence.index + 1,
                        "line": row.sentence.line,
                        "column": row.sentence.column,
                        "text": row.sentence.text,
                        "cited": row.cited,
                        "claims": list(row.claims),
                        "quotes": list(row.quotes),
                        "discrepancies": list(row.discrepancies),
                    }
                    for row in article.sentences
                ],
            }
            for article in report.articles
        ],
    }
