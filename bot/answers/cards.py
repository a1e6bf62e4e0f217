"""Answers built from the pack's own fields, not matched against the facts: the help reply, the
story, a document, the people, the sources, the points told differently, a person or body, a
speaker's words, a name the reporting does not mention."""

from __future__ import annotations

import re
from collections.abc import Container

from bot import thresholds
from bot.answers import replies
from bot.answers.catalog import SourceView, source_views
from bot.answers.model import (
    Answer,
)
from bot.answers.pack_views import as_question, discrepancy_view, person_view
from bot.knowledge.model import KnowledgeBase, Person
from bot.matching.index import Ranking
from bot.matching.intent import ArticleDetail, Intent
from bot.matching.language import STOPWORDS, stem, tokens
from bot.matching.lookup import quotes_by, told_by

MAX_SUGGESTIONS = thresholds.MAX_SUGGESTIONS


def help_reply(question: str, knowledge: KnowledgeBase) -> Answer:
    info = knowledge.info
    note = (
        f"I answer questions about “{info.title}” from the reporting, saying who said what and "
        "which outlet reported it. Ask in your own words: what someone said, who someone is, "
        "what the story is about, or who reported it."
    )
    return Answer(
        question,
        False,
        "help",
        0.0,
        suggestions=_opening_questions(knowledge),
        note=note,
        pack_version=info.version,
    )


def _opening_questions(knowledge: KnowledgeBase) -> tuple[str, ...]:
    return tuple(as_question(c) for c in list(knowledge.claims.values())[:MAX_SUGGESTIONS])


def story(question: str, knowledge: KnowledgeBase) -> Answer:
    info = knowledge.info
    lead = info.summary or info.description
    if lead is None:  # a pack without a summary: its opening facts tell the story
        opening = list(knowledge.claims)[: thresholds.MAX_CLUSTER]
        return replies.facts(question, knowledge, opening, 1.0, kind="story")
    return replies.from_fields(
        question, knowledge, kind="story", lead=lead, sources=tuple(source_views(knowledge))
    )


def document(question: str, knowledge: KnowledgeBase, document_id: str) -> Answer:
    """What a document holds ("what was the IG report about"): the pack's description of it,
    then the first facts the articles credit to it, each with its chain of credit."""
    document = knowledge.documents[document_id]
    credited = knowledge.claims_by_document.get(document_id, ())
    shown = list(credited[: thresholds.MAX_CLUSTER])
    lead = document.description or f"The reporting cites {document.title}."
    return replies.facts(
        question, knowledge, shown, 1.0, kind="story", lead=lead, more=len(credited) - len(shown)
    )


def people(question: str, knowledge: KnowledgeBase) -> Answer:
    """Who the story is about: the named people, most written about first, with their roles."""
    people = _mentioned(knowledge)[: thresholds.MAX_PEOPLE]
    if not people:
        return story(question, knowledge)
    lines = ["The people in this reporting:"]
    lines += [f"• {p.name}" + (f" — {p.role}" if p.role else "") for p in people]
    return replies.from_fields(
        question,
        knowledge,
        kind="people",
        lead="\n".join(lines),
        sources=tuple(source_views(knowledge)),
        suggestions=tuple(f"Who is {p.name}?" for p in people[:MAX_SUGGESTIONS]),
    )


# An article's field a reader may ask for, as a decline names it when no article gives it.
_DETAIL_NOUNS: dict[ArticleDetail, str] = {
    "outlet": "outlet",
    "published": "publication date",
    "headline": "headline",
    "byline": "byline",
    "url": "link",
}


def sources(
    question: str,
    knowledge: KnowledgeBase,
    outlet: str | None,
    detail: ArticleDetail | None = None,
) -> Answer:
    articles = tuple(a.id for a in knowledge.articles.values() if a.outlet == outlet)
    views = source_views(knowledge, articles or None)
    lead = None
    credited_only = bool(outlet) and not articles
    if credited_only:
        name = knowledge.name_of(outlet)
        crediting = [v for v in views if name in v.credits]
        if crediting:
            views = crediting
            lead = f"{name} is credited by the articles below; the pack has none of its own."
    if detail == "outlet" and outlet is not None and knowledge.outlets[outlet].name:
        detail = None  # "which paper broke this": the outlet named is the answer
    if detail is not None and (credited_only or not any(_gives(v, detail) for v in views)):
        # "when was the unnamed article published", "the Times article's headline": the pack
        # records that no article gives it (or holds no article of that outlet): a decline
        # that says so, not the list of articles
        return _no_detail(question, knowledge, outlet if credited_only else None, views, detail)
    return replies.from_fields(
        question,
        knowledge,
        kind="sources",
        lead=lead,
        sources=tuple(views),
    )


def _gives(view: SourceView, detail: ArticleDetail) -> bool:
    """Does the archived article give this detail of itself?"""
    return view.outlet_known if detail == "outlet" else bool(getattr(view, detail, None))


def _no_detail(
    question: str,
    knowledge: KnowledgeBase,
    credited: str | None,
    views: list[SourceView],
    detail: ArticleDetail,
) -> Answer:
    noun = _DETAIL_NOUNS[detail]
    if credited is not None:
        name = knowledge.name_of(credited)
        note = (
            f"The pack holds no article by {name}, only articles that credit it, so "
            f"the reporting gives no {noun} for it."
        )
    elif len(views) == 1:
        view = views[0]
        article = f"the {view.outlet} article" if view.outlet_known else "the article"
        if not view.outlet_known:
            article += " whose outlet is not named"
        if detail == "outlet":
            note = "The archived text of that article does not name its outlet."
        else:
            note = f"The archived text of {article} gives no {noun}."
    else:
        which = "either article" if len(views) == 2 else "any of the articles"
        note = f"The archived texts do not give a {noun} for {which}."
    return replies.lacking(question, knowledge, note, suggestions=("Who reported this?",))


def differences(question: str, knowledge: KnowledgeBase) -> Answer:
    """Where the outlets tell it differently: the first points the pack records, each with
    every version; the rest are counted (``/discrepancies`` in Discord lists them all)."""
    points = list(knowledge.discrepancies)
    if not points:
        lead = "The articles tell no point differently, as far as these facts record."
        return replies.from_fields(question, knowledge, kind="differences", lead=lead)
    shown = points[: thresholds.MAX_DIFFERENCES]  # each with its versions: they are long
    count = len(points)
    lead = f"The articles tell {count} point{'s' if count != 1 else ''} differently" + (
        f"; the first {len(shown)}:" if len(shown) < count else ":"
    )
    return replies.from_fields(
        question,
        knowledge,
        kind="differences",
        lead=lead,
        discrepancies=tuple(discrepancy_view(knowledge, d) for d in shown),
        more=count - len(shown),
    )


def _mentioned(knowledge: KnowledgeBase) -> list[Person]:
    """The named people, most written about first."""
    about = knowledge.claims_by_person
    named = [p for p in knowledge.people.values() if p.named]
    return sorted(named, key=lambda p: -len(about.get(p.id, ())))


def unknown_name(question: str, knowledge: KnowledgeBase, intent: Intent) -> Answer:
    people = _mentioned(knowledge)
    listing = ", ".join(p.name for p in people[:6])
    note = f"The reporting does not mention {intent.name}."
    if listing:
        note += f" People it does mention include {listing}."
    return Answer(
        question,
        False,
        "unknown_name",
        0.0,
        suggestions=tuple(f"Who is {p.name}?" for p in people[:MAX_SUGGESTIONS]),
        note=note,
        pack_version=knowledge.info.version,
    )


def _about(knowledge: KnowledgeBase, entity_id: str, ranking: Ranking) -> list[str]:
    """Claims about someone: those that name them, the ones the question fits best first."""
    return list(ranking.lead_first(knowledge.claims_by_person.get(entity_id, ())))


# Asking what happened to someone, or what is known of them, not who they are
_ASKS_ABOUT = re.compile(
    r"(?i)^\W*(?:so |and |but |ok )?(?:what happened (?:to|with)|what about|how about|tell me "
    r"about|anything (?:on|about)|what(?:'s| is|s) (?:the deal|the story|up) with|info "
    r"(?:on|about)|what do we know about)\b"
)

# "who are the breastfeeding mothers", "their names?": who they are, which the reporting may not say
_ASKS_WHO_THEY_ARE = re.compile(
    r"(?i)\b(?:who|whom|whos|which|names?|identit(?:y|ies)|identified)\b"
)
# "what exactly did the prosecutor write", "the prosecutor what wrote": their words, which the
# facts they said are ranked for
_ASKS_THEIR_WORDS = re.compile(
    r"(?i)\b(?:say|said|says|tell|told|tells|write|wrote|writes|written|claim|claimed|note|noted|"
    r"quote|quoted|words)\b"
)


def neither(
    question: str, knowledge: KnowledgeBase, person: Person, options: tuple[str, ...]
) -> Answer | None:
    """ "Is Tlaib a democrat or a republican": when what the reporting calls her is neither,
    it says so, and what it does call her, instead of a card that answers neither (None: the
    card says which)."""
    said = " ".join(filter(None, (person.name, person.role, person.description, *person.aliases)))
    held = {stem(w) for w in tokens(said)}
    for option in options:
        words = {stem(w) for w in tokens(option) if w not in STOPWORDS}
        if not words or words & held:
            return None
    called = f" It gives {person.name}'s role as {person.role}." if person.role else ""
    return replies.lacking(question, knowledge, f"The reporting does not say which.{called}")


def person(
    question: str,
    knowledge: KnowledgeBase,
    entity_id: str,
    ranking: Ranking,
    excluded: Container[str] = frozenset(),
) -> Answer | None:
    """Who someone is, with the facts about them; None when the pack has nothing to say."""
    view = person_view(knowledge, entity_id)
    if view is None:
        return None
    person = knowledge.people.get(entity_id)
    about = [c for c in _about(knowledge, entity_id, ranking) if c not in excluded]
    if excluded and not about:
        return None  # everything about them was shown: the facts may hold more
    if not about and not view.description:
        return None
    if (
        person is not None
        and not person.named
        and about
        and (
            _ASKS_ABOUT.search(question)
            or not (_ASKS_WHO_THEY_ARE.search(question) or _ASKS_THEIR_WORDS.search(question))
        )
    ):
        # "what happened with the breastfeeding mothers", "the breastfeeding moms thing, what's
        # that": what the reporting says of them; it does not ask who they are (nor what they
        # said: "what did the prosecutor write" is read by the words)
        shown = about[: thresholds.MAX_CLUSTER]
        return replies.facts(question, knowledge, shown, 1.0, more=len(about) - len(shown))
    if person is not None and not person.named:
        what = person.description or person.role or person.name
        return replies.lacking(
            question,
            knowledge,
            f"The reporting does not name them; it describes them as {what}.",
            suggestions=tuple(as_question(knowledge.claims[c]) for c in about[:MAX_SUGGESTIONS]),
        )
    shown = about[: thresholds.MAX_CLUSTER]
    return replies.facts(
        question, knowledge, shown, 1.0, kind="person", person=view, more=len(about) - len(shown)
    )


def speaker(
    question: str,
    knowledge: KnowledgeBase,
    entity_id: str,
    ranking: Ranking,
    excluded: Container[str] = frozenset(),
) -> Answer | None:
    """What someone said: the claims their quotes bear on, one per quote (for an author no
    article quotes, their document's: what the draft says, Horowitz wrote), and the facts that
    report them saying something in the reporting's own words; in the pack's order."""
    own = quotes_by(knowledge, entity_id)
    authored = [] if own else list(knowledge.documents_by_author.get(entity_id, ()))
    quotes = own or [quote for document in authored for quote in quotes_by(knowledge, document)]
    # what they said in the reporting's own words ("Rosenstein told the prosecutors it did not
    # matter how old the children were") is theirs as much as what it quotes
    # (one claim per quote: a quote that bears on several is shown once)
    quoted = {c for q in quotes for c in q.claims}
    said = {q.claims[0] for q in quotes if q.claims} | set(told_by(knowledge, entity_id)) - quoted
    # in the pack's order, found without a walk over every claim of a large pack: what the
    # documents they speak through say (Horowitz's draft), the facts about them, then any other
    # their quotes bear on
    ordered: dict[str, None] = {}
    for document in authored:
        ordered.update(dict.fromkeys(knowledge.claims_by_document.get(document, ())))
    ordered.update(dict.fromkeys(knowledge.claims_by_person.get(entity_id, ())))
    ordered.update(dict.fromkeys(q.claims[0] for q in quotes if q.claims))
    claims = [c for c in ordered if c in said and c not in excluded]
    if not claims:
        return None
    shown = claims[: thresholds.MAX_CLUSTER]
    view = person_view(knowledge, entity_id)
    return replies.facts(
        question, knowledge, shown, 1.0, kind="quotes", person=view, more=len(claims) - len(shown)
    )
