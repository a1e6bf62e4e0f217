"""The fact pack as plain, immutable data.

A :class:`KnowledgeBase` is built once per load and never mutated, so a reload can swap a whole
new one in with a single assignment while questions keep reading the old one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

UNNAMED_OUTLET = "an unnamed outlet"


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str
    description: str | None = None
    summary: str | None = None  # the story in a few sentences, for "what is this about"


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str | None
    description: str | None = None

    @property
    def display(self) -> str:
        return self.name if self.name is not None else UNNAMED_OUTLET

    @property
    def known(self) -> bool:
        return self.name is not None


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    description: str | None = None  # who they are in this story, for "who is X"

    @property
    def display(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None  # who they are in this story, for "who is X"

    @property
    def display(self) -> str:
        return self.name

    @property
    def named(self) -> bool:
        """ "Jeff Sessions" is named; "a prosecutor" is someone the reporting does not name."""
        return all(part[:1].isupper() for part in self.name.split())


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    description: str | None = None
    author: str | None = None
    aliases: tuple[str, ...] = ()  # how readers name it ("the draft report"), for questions

    @property
    def display(self) -> str:
        return self.title


Entity = Outlet | Organization | Person | Document


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    outlet: str
    headline: str | None
    published: str | None
    byline: str | None
    url: str | None
    text_path: str
    text: str = field(repr=False)
    summary: str | None = None  # what this article reports, in a sentence or two


@dataclass(frozen=True, slots=True)
class Report:
    """One article carrying a claim, in its own words, with the chain of credit it gives."""

    article: str
    excerpt: str
    via: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    statement: str
    topics: tuple[str, ...]
    asks: tuple[str, ...]
    people: tuple[str, ...]
    reports: tuple[Report, ...]


@dataclass(frozen=True, slots=True)
class QuoteReport:
    """One article carrying a quote; ``text``/``speaker`` only where it differs from the quote.

    ``to``, ``setting`` and ``when`` are this article's own account, already resolved: the
    quote's, unless the report gives its own (``None``: the article does not say).
    """

    article: str
    text: str | None = None
    speaker: str | None = None
    via: tuple[str, ...] = ()
    to: str | None = None
    setting: str | None = None
    when: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    speaker: str
    text: str
    to: str | None
    setting: str | None
    when: str | None
    topics: tuple[str, ...]
    claims: tuple[str, ...]
    reports: tuple[QuoteReport, ...]


@dataclass(frozen=True, slots=True)
class Version:
    article: str
    statement: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class Discrepancy:
    id: str
    topic: str
    claims: tuple[str, ...]
    asks: tuple[str, ...]
    versions: tuple[Version, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    id: str
    topic: str
    asks: tuple[str, ...]
    note: str
    suggest: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """One step of the story's timeline: what happened (a short phrase), when the reporting
    says it did ("May 2018", "soon after that call"; None when it gives only the order), the
    events it came after as the reporting tells it, and the claims that report it. Only an
    order the reporting gives is recorded: two events neither follows are not ordered."""

    id: str
    event: str
    when: str | None
    after: tuple[str, ...]
    claims: tuple[str, ...]


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """A validated pack. Every id it holds resolves; every excerpt occurs in its article."""

    info: PackInfo
    outlets: Mapping[str, Outlet]
    organizations: Mapping[str, Organization]
    people: Mapping[str, Person]
    documents: Mapping[str, Document]
    articles: Mapping[str, Article]
    claims: Mapping[str, Claim]
    quotes: Mapping[str, Quote]
    discrepancies: Mapping[str, Discrepancy]
    gaps: Mapping[str, Gap]
    synonyms: tuple[tuple[str, ...], ...]
    # the story's events, in pack order (empty: the pack gives no timeline, and "what
    # happened next" is not answered)
    timeline: Mapping[str, Event] = field(default_factory=dict)
    # a claim -> the event that reports it; an event -> the events that came right after it
    event_of_claim: Mapping[str, str] = field(default_factory=dict)
    events_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    quotes_by_claim: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    discrepancies_by_claim: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # who a claim is about -> the claims, in pack order ("who is X" without scanning every claim)
    claims_by_person: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a document an article credits -> those claims, in pack order ("what is the draft about")
    claims_by_document: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # an article -> the claims and quotes it reports, in pack order (an article's sources
    # listing without scanning every claim of a large pack)
    claims_by_article: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    quotes_by_article: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a speaker (as the quote's or as an article attributes it) -> their quotes, in pack order;
    # an author -> their documents ("what did X say" without scanning every quote)
    quotes_by_speaker: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    documents_by_author: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A hash of the files and code it was loaded from, when the pack cache could key them
    # (None otherwise): what is built from the pack alone may be cached under it.
    fingerprint: str | None = field(default=None, compare=False)

    @classmethod
    def build(
        cls,
        *,
        info: PackInfo,
        outlets: dict[str, Outlet],
        organizations: dict[str, Organization],
        people: dict[str, Person],
        documents: dict[str, Document],
        articles: dict[str, Article],
        claims: dict[str, Claim],
        quotes: dict[str, Quote],
        discrepancies: dict[str, Discrepancy],
        gaps: dict[str, Gap],
        synonyms: tuple[tuple[str, ...], ...],
        timeline: dict[str, Event] | None = None,
    ) -> KnowledgeBase:
        events = timeline or {}
        events_after: dict[str, list[str]] = {}
        for event in events.values():
            for earlier in event.after:
                events_after.setdefault(earlier, []).append(event.id)
        quotes_by_claim: dict[str, list[str]] = {}
        quotes_by_article: dict[str, dict[str, None]] = {}
        quotes_by_speaker: dict[str, dict[str, None]] = {}
        for quote in quotes.values():
            for claim_id in quote.claims:
                quotes_by_claim.setdefault(claim_id, []).append(quote.id)
            quotes_by_speaker.setdefault(quote.speaker, {})[quote.id] = None
            for report in quote.reports:
                quotes_by_article.setdefault(report.article, {})[quote.id] = None
                if report.speaker:
                    quotes_by_speaker.setdefault(report.speaker, {})[quote.id] = None
        documents_by_author: dict[str, list[str]] = {}
        for document in documents.values():
            if document.author:
                documents_by_author.setdefault(document.author, []).append(document.id)
        discrepancies_by_claim: dict[str, list[str]] = {}
        for discrepancy in discrepancies.values():
            for claim_id in discrepancy.claims:
                discrepancies_by_claim.setdefault(claim_id, []).append(discrepancy.id)
        claims_by_person: dict[str, list[str]] = {}
        claims_by_document: dict[str, dict[str, None]] = {}
        claims_by_article: dict[str, dict[str, None]] = {}
        for claim in claims.values():
            for person in claim.people:
                claims_by_person.setdefault(person, []).append(claim.id)
            for report in claim.reports:
                claims_by_article.setdefault(report.article, {})[claim.id] = None
                for step in report.via:
                    if step in documents:
                        claims_by_document.setdefault(step, {})[claim.id] = None
        return cls(
            info=info,
            outlets=_frozen(outlets),
            organizations=_frozen(organizations),
            people=_frozen(people),
            documents=_frozen(documents),
            articles=_frozen(articles),
            claims=_frozen(claims),
            quotes=_frozen(quotes),
            discrepancies=_frozen(discrepancies),
            gaps=_frozen(gaps),
            synonyms=synonyms,
            timeline=_frozen(events),
            event_of_claim=_frozen({c: e.id for e in events.values() for c in e.claims}),
            events_after=_frozen({k: tuple(v) for k, v in events_after.items()}),
            quotes_by_claim=_frozen({k: tuple(v) for k, v in quotes_by_claim.items()}),
            discrepancies_by_claim=_frozen(
                {k: tuple(v) for k, v in discrepancies_by_claim.items()}
            ),
            claims_by_person=_frozen({k: tuple(v) for k, v in claims_by_person.items()}),
            claims_by_document=_frozen({k: tuple(v) for k, v in claims_by_document.items()}),
            claims_by_article=_frozen({k: tuple(v) for k, v in claims_by_article.items()}),
            quotes_by_article=_frozen({k: tuple(v) for k, v in quotes_by_article.items()}),
            quotes_by_speaker=_frozen({k: tuple(v) for k, v in quotes_by_speaker.items()}),
            documents_by_author=_frozen({k: tuple(v) for k, v in documents_by_author.items()}),
        )

    def entity(self, entity_id: str) -> Entity | None:
        for table in (self.outlets, self.people, self.organizations, self.documents):
            found = table.get(entity_id)
            if found is not None:
                return found
        return None

    def name_of(self, entity_id: str) -> str:
        entity = self.entity(entity_id)
        return entity.display if entity is not None else entity_id

    def outlet_of(self, article_id: str) -> Outlet:
        return self.outlets[self.articles[article_id].outlet]

    def topics(self) -> tuple[str, ...]:
        """Every topic in the pack, in first-seen order, for menus and autocomplete."""
        seen: dict[str, None] = {}
        for claim in self.claims.values():
            for topic in claim.topics:
                seen.setdefault(topic, None)
        for quote in self.quotes.values():
            for topic in quote.topics:
                seen.setdefault(topic, None)
        return tuple(seen)

    def quote_topics(self, quote: Quote) -> tuple[str, ...]:
        """A quote's own topics plus those of the claims it bears on."""
        seen: dict[str, None] = dict.fromkeys(quote.topics)
        for claim_id in quote.claims:
            for topic in self.claims[claim_id].topics:
                seen.setdefault(topic, None)
        return tuple(seen)

    def speakers(self) -> tuple[str, ...]:
        """Ids of everyone quoted, in first-seen order."""
        seen: dict[str, None] = {}
        for quote in self.quotes.values():
            seen.setdefault(quote.speaker, None)
            for report in quote.reports:
                if report.speaker:
                    seen.setdefault(report.speaker, None)
        return tuple(seen)
