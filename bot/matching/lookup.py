"""Finding speakers, topics and claims by name, as a person half-remembers them.

Used by ``reportbot quote`` and by Discord's autocomplete, which must answer from memory in well
under Discord's deadline: everything here works on the loaded snapshot only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bot import thresholds
from bot.knowledge.model import KnowledgeBase, Quote

SPEAKER_CUTOFF = 100 * thresholds.SPEAKER_CUTOFF  # rapidfuzz scores 0..100
SPEAKER_MARGIN = 100 * thresholds.SPEAKER_MARGIN
TOPIC_CUTOFF = 100 * thresholds.TOPIC_CUTOFF
QUOTE_TOPIC_CUTOFF = 100 * thresholds.QUOTE_TOPIC_CUTOFF


@dataclass(frozen=True, slots=True)
class Choice:
    """One option offered to a person: what they see, and the id it stands for."""

    label: str
    value: str
    score: float


def _names_of(knowledge: KnowledgeBase, entity_id: str) -> list[str]:
    entity = knowledge.entity(entity_id)
    names = [knowledge.name_of(entity_id), entity_id]
    aliases = getattr(entity, "aliases", ())
    return names + list(aliases)


def _speaker_label(knowledge: KnowledgeBase, speaker_id: str) -> str:
    person = knowledge.people.get(speaker_id)
    if person and person.role:
        return f"{person.name} ({person.role})"
    return knowledge.name_of(speaker_id)


def speaker_choices(
    knowledge: KnowledgeBase,
    text: str,
    limit: int = 25,
    pool: tuple[str, ...] | None = None,
) -> list[Choice]:
    """Speakers whose name or alias matches ``text``; all of them, in order, when it is empty."""
    speakers = knowledge.speakers() if pool is None else pool
    if not text.strip():
        return [Choice(_speaker_label(knowledge, s), s, 100.0) for s in speakers[:limit]]
    best: dict[str, float] = {}
    for speaker in speakers:
        score = max(
            fuzz.WRatio(text, name, processor=utils.default_process)
            for name in _names_of(knowledge, speaker)
        )
        best[speaker] = score
    ranked = sorted((s for s in speakers if best[s] >= SPEAKER_CUTOFF), key=lambda s: -best[s])
    return [Choice(_speaker_label(knowledge, s), s, best[s]) for s in ranked[:limit]]


def resolve_speaker(knowledge: KnowledgeBase, text: str) -> str | None:
    """The one speaker ``text`` names, or None when it names nobody or is too close to call.

    Someone the pack knows but never quotes still resolves, so the reply can say "no quotes
    from Jane Roe" rather than claim not to know her.
    """
    everyone = (*knowledge.speakers(), *knowledge.people, *knowledge.organizations)
    if text in everyone:
        return text
    for pool in (knowledge.speakers(), tuple(dict.fromkeys(everyone))):
        choices = speaker_choices(knowledge, text, limit=2, pool=pool)
        if not choices:
            continue
        if len(choices) == 2 and choices[0].score - choices[1].score < SPEAKER_MARGIN:
            return None
        return choices[0].value
    return None


def topic_choices(
    knowledge: KnowledgeBase, text: str, speaker: str | None = None, limit: int = 25
) -> list[Choice]:
    if speaker:
        topics: dict[str, None] = {}
        for quote in quotes_by(knowledge, speaker):
            topics.update(dict.fromkeys(knowledge.quote_topics(quote)))
        options = list(topics)
    else:
        options = list(knowledge.topics())
    if not text.strip():
        return [Choice(t, t, 100.0) for t in options[:limit]]
    found = process.extract(
        text,
        options,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=TOPIC_CUTOFF,
        limit=limit,
    )
    return [Choice(option, option, score) for option, score, _ in found]


def claim_choices(knowledge: KnowledgeBase, text: str, limit: int = 25) -> list[Choice]:
    claims = list(knowledge.claims.values())
    if not text.strip():
        return [Choice(c.statement, c.id, 100.0) for c in claims[:limit]]
    labels = {c.id: f"{c.id} {c.statement}" for c in claims}
    found = process.extract(
        text, labels, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
    )
    return [Choice(knowledge.claims[key].statement, key, score) for _, score, key in found]


def quotes_by(knowledge: KnowledgeBase, speaker: str, topic: str | None = None) -> list[Quote]:
    """The speaker's quotes (as main speaker or as an article attributes them), by topic."""
    quotes = [knowledge.quotes[q] for q in knowledge.quotes_by_speaker.get(speaker, ())]
    if not topic or not topic.strip():
        return quotes
    wanted = utils.default_process(topic)
    kept = []
    for quote in quotes:
        haystack = [*knowledge.quote_topics(quote), quote.text]
        if any(
            fuzz.partial_ratio(wanted, utils.default_process(h)) >= QUOTE_TOPIC_CUTOFF
            or fuzz.WRatio(wanted, h, processor=utils.default_process) >= QUOTE_TOPIC_CUTOFF
            for h in haystack
        ):
            kept.append(quote)
    return kept


# "Rosenstein told the prosecutors it did not matter how old...", "In the speech, Sessions said":
# a fact that reports what someone said, in words of its own rather than a quote.
_SAYING = re.compile(
    r"\W+(?:\w+\W+){0,3}?(?:told|tells|said|says|wrote|writes|delivered|relayed|warned|argued|"
    r"emailed|tweeted|claimed|stated|insisted|urged|instructed)\b"
)
_LEADING_CLAUSE = re.compile(r"^(?:In|At|On|During|According to)\b[^,]{0,40},\s*")
_LEAD_LENGTH = 6  # words before the name: a title ("Former Deputy Attorney General Rod")


def told_by(knowledge: KnowledgeBase, speaker: str) -> list[str]:
    """The claims that report, as their subject, what ``speaker`` said (in the pack's order)."""
    person = knowledge.people.get(speaker)
    # a person by name and surname, never by a title an alias gives ("attorney general"); a
    # body by any of its names
    names = (
        [person.name, person.name.split()[-1]]
        if person is not None
        else _names_of(knowledge, speaker)
    )
    names = sorted({n for n in names if n}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)
    found = []
    for claim_id in knowledge.claims_by_person.get(speaker, ()):
        statement = knowledge.claims[claim_id].statement
        lead = _LEADING_CLAUSE.match(statement)
        text = statement[lead.end() :] if lead else statement
        name = pattern.search(text)
        if name is None or len(text[: name.start()].split()) > _LEAD_LENGTH:
            continue
        if _SAYING.match(text, name.end()) and not _SAYING.search(" " + text[: name.start()]):
            found.append(claim_id)
    return found
