"""The pack's articles and outlets as a reader browses them (``sources``, ``/sources``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.model import KnowledgeBase


@dataclass(frozen=True, slots=True)
class SourceView:
    article: str
    outlet: str
    outlet_known: bool
    headline: str | None
    published: str | None
    url: str | None
    credits: tuple[str, ...]  # whom the article credits anywhere, most cited first
    claims: int
    quotes: int
    summary: str | None = None
    byline: str | None = None  # who wrote it, when the archived text says


def source_views(
    knowledge: KnowledgeBase, articles: tuple[str, ...] | None = None
) -> list[SourceView]:
    chosen = articles if articles is not None else tuple(knowledge.articles)
    views = []
    for article_id in chosen:
        article = knowledge.articles.get(article_id)
        if article is None:
            continue
        outlet = knowledge.outlets[article.outlet]
        claims = knowledge.claims_by_article.get(article_id, ())
        quotes = knowledge.quotes_by_article.get(article_id, ())
        counted: dict[str, int] = {}
        for claim_id in claims:
            for report in knowledge.claims[claim_id].reports:
                if report.article == article_id and report.via:
                    counted[report.via[0]] = counted.get(report.via[0], 0) + 1
        credits = tuple(knowledge.name_of(i) for i in sorted(counted, key=lambda i: -counted[i]))
        views.append(
            SourceView(
                article=article_id,
                outlet=outlet.display,
                outlet_known=outlet.known,
                headline=article.headline,
                published=article.published,
                url=article.url,
                credits=credits,
                claims=len(claims),
                quotes=len(quotes),
                summary=article.summary,
                byline=article.byline,
            )
        )
    return views
