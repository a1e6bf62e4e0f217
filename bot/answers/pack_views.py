"""How the pack's items are shown: the views an answer carries (a fact with its chain of
credit, a quote with every article that carries it, a point told differently, a person), and a
fact offered as something to ask."""

from __future__ import annotations

from bot import thresholds
from bot.answers.model import (
    Attribution,
    ClaimView,
    DiscrepancyView,
    PersonView,
    QuoteCarrier,
    QuoteView,
    VersionView,
)
from bot.knowledge.model import Claim, KnowledgeBase, Quote
from bot.matching.language import WH_WORDS, YES_NO_OPENERS, tokens

MAX_SUGGESTIONS = thresholds.MAX_SUGGESTIONS


def claim_view(knowledge: KnowledgeBase, claim: Claim) -> ClaimView:
    attributions = tuple(
        Attribution(
            article=report.article,
            outlet=knowledge.outlet_of(report.article).display,
            outlet_known=knowledge.outlet_of(report.article).known,
            via=tuple(knowledge.name_of(step) for step in report.via),
            excerpt=report.excerpt,
        )
        for report in claim.reports
    )
    quotes = tuple(
        quote_view(knowledge, knowledge.quotes[q])
        for q in knowledge.quotes_by_claim.get(claim.id, ())
    )
    return ClaimView(claim.id, claim.statement, attributions, quotes)


def quote_view(knowledge: KnowledgeBase, quote: Quote) -> QuoteView:
    carriers = tuple(
        QuoteCarrier(
            article=report.article,
            outlet=knowledge.outlet_of(report.article).display,
            text=report.text or quote.text,
            speaker=knowledge.name_of(report.speaker or quote.speaker),
            via=tuple(knowledge.name_of(step) for step in report.via),
            outlet_known=knowledge.outlet_of(report.article).known,
            to=report.to,
            setting=report.setting,
            when=report.when,
        )
        for report in quote.reports
    )
    return QuoteView(
        quote.id,
        knowledge.name_of(quote.speaker),
        quote.text,
        quote.to,
        quote.setting,
        quote.when,
        carriers,
    )


def discrepancy_view(knowledge: KnowledgeBase, discrepancy_id: str) -> DiscrepancyView:
    discrepancy = knowledge.discrepancies[discrepancy_id]
    versions = tuple(
        VersionView(v.article, knowledge.outlet_of(v.article).display, v.statement, v.excerpt)
        for v in discrepancy.versions
    )
    return DiscrepancyView(discrepancy.id, discrepancy.topic, versions, discrepancy.claims)


def person_view(knowledge: KnowledgeBase, entity_id: str) -> PersonView | None:
    person = knowledge.people.get(entity_id)
    if person is not None:
        return PersonView(person.id, person.name, person.role, person.description)
    body = knowledge.organizations.get(entity_id)
    if body is not None:
        # "What the Justice Department said": a body's name with its article, when the pack
        # gives that form among the aliases.
        phrase = next((a for a in body.aliases if a == f"the {body.name}"), body.name)
        return PersonView(body.id, body.name, body.role, body.description, phrase)
    return None


def as_question(claim: Claim) -> str:
    """A suggestion is offered as something to ask, in the pack's own reader phrasing: the first
    of its asks that reads as a question ("did sessions blame parents"), not a fragment a
    reader might type ("not our fault quote"), whatever order the curator wrote them in."""
    if not claim.asks:
        return claim.statement
    ask = next((a for a in claim.asks if _opens_a_question(a)), claim.asks[0])
    return ask if ask.endswith("?") else f"{ask}?"


_QUESTION_WORDS = YES_NO_OPENERS | WH_WORDS


def _opens_a_question(text: str) -> bool:
    said = tokens(text)
    return bool(said) and said[0] in _QUESTION_WORDS
