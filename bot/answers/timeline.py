"""Answers about the order of events, from the pack's timeline: what came after or before an
event, what came first, the whole order, and which of two came first.

Each answer says when the reporting places each event ("In May 2018", "Soon after Sessions'
call") and shows the facts that report it, with their outlets, as any answer does; the whole
order names each step's outlets. Where the reporting gives no order (an event nothing follows,
two events neither comes after), the reply says so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot import thresholds
from bot.answers.articles import capitalised, listed
from bot.answers.model import Answer
from bot.answers.replies import lacking
from bot.knowledge.model import Event, KnowledgeBase
from bot.matching.index import Ranking
from bot.matching.sequence import SequenceQuestion

Rank = Callable[[str], Ranking]
WithClaims = Callable[[tuple[str, ...]], Answer | None]
_DATED = re.compile(
    r"(?i)^(?:\d|(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b)"
)

_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")


def _at(event: Event) -> str:
    """The event as a sentence, opening with when the reporting places it."""
    if event.when is None:
        return capitalised(event.event) + "."
    when = f"in {event.when}" if _DATED.match(event.when) else event.when
    return f"{capitalised(when)}, {event.event}."


def _ordered(knowledge: KnowledgeBase) -> list[Event]:
    """Every event after those it follows; among those free to come next, the pack's first
    (the curator lists the timeline in its most likely order; only its ``after``s bind)."""
    waiting = {e.id: len(e.after) for e in knowledge.timeline.values()}
    place = {event_id: index for index, event_id in enumerate(knowledge.timeline)}
    ready = [e for e, count in waiting.items() if count == 0]
    ordered: list[Event] = []
    while ready:
        ready.sort(key=place.__getitem__)
        event = knowledge.timeline[ready.pop(0)]
        ordered.append(event)
        for following in knowledge.events_after.get(event.id, ()):
            waiting[following] -= 1
            if waiting[following] == 0:
                ready.append(following)
    return ordered


def _comes_before(knowledge: KnowledgeBase, first: str, second: str) -> bool:
    """Does the reporting's order put ``first`` before ``second``, through any steps?"""
    seen, frontier = {first}, [first]
    while frontier:
        for following in knowledge.events_after.get(frontier.pop(), ()):
            if following == second:
                return True
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return False


def _named_event(words: str, knowledge: KnowledgeBase, rank: Rank) -> str | None:
    """The event these words name: that of the fact they rank first, when they rank one firmly
    and it is on the timeline (None otherwise: the reporting gives that fact no place). A
    recorded gap is passed over: "after Rosenstein's call" names the call, whatever the
    reporting leaves out about it."""
    best = next((c for c in rank(words).candidates if c.target.kind != "gap"), None)
    if best is None or best.score < thresholds.SEQUENCE_ANCHOR:
        return None
    return next(
        (knowledge.event_of_claim[c] for c in best.target.claims if c in knowledge.event_of_claim),
        None,
    )


def _events_shown(knowledge: KnowledgeBase, context: Iterable[str]) -> list[str]:
    """The events the answer before showed facts of ("and after that?"), in order."""
    shown = {knowledge.event_of_claim[c] for c in context if c in knowledge.event_of_claim}
    return [e.id for e in _ordered(knowledge) if e.id in shown]


def _unordered(question: str, knowledge: KnowledgeBase, note: str) -> Answer:
    return lacking(question, knowledge, note)


def _with_events(
    question: str,
    lead: str,
    events: list[Event],
    with_claims: WithClaims,
) -> Answer | None:
    answer = with_claims(tuple(e.claims[0] for e in events))
    return None if answer is None else replace(answer, lead=lead, yes_no=False)


def sequence_answer(
    question: str,
    asked: SequenceQuestion,
    knowledge: KnowledgeBase,
    context: frozenset[str],
    rank: Rank,
    with_claims: WithClaims,
) -> Answer | None:
    """The answer to a question about the order of events (None: the pack has no timeline, or
    the question names no event the words can find, so it is answered as any other)."""
    if not knowledge.timeline:
        return None
    timeline = knowledge.timeline
    if asked.direction == "order":
        ordered = _ordered(knowledge)
        steps = tuple(
            f"{_at(e)[:-1]} ({_outlets(knowledge, e)})." for e in ordered[: thresholds.MAX_STEPS]
        )
        more = len(ordered) - len(steps)
        first = f" (the first {len(steps)} of {len(ordered)} steps)" if more else ""
        lead = f"In the order the reporting gives{first}:"
        years = list(dict.fromkeys(_YEAR.findall(" ".join(e.when or "" for e in ordered))))
        if asked.asked == "when" and years:
            # "what year was all this": the years first, then each step with its time
            lead = f"The reporting places these events in {listed(years)}, in this order{first}:"
        return Answer(
            question,
            True,
            "answered",
            1.0,
            lead=lead,
            steps=steps,
            pack_version=knowledge.info.version,
        )
    if asked.direction == "first":
        first = [e for e in timeline.values() if not e.after]
        lead = "The reporting's account starts with: " + " ".join(_at(e) for e in first)
        return _with_events(question, lead, first, with_claims)
    if asked.anchor:
        named = _named_event(asked.anchor, knowledge, rank)
        anchors = [named] if named is not None else []
    else:
        anchors = _events_shown(knowledge, context)
    if not anchors:
        return None
    anchor = anchors[0]
    if asked.direction == "compare" and not asked.anchor:
        # "how long after?" of the two steps just shown, with when each happened
        if len(anchors) < 2:
            return None
        first, second = timeline[anchors[0]], timeline[anchors[1]]
        return _compared(question, asked, first, second, knowledge, with_claims)
    if asked.direction == "compare":
        other = _named_event(asked.other, knowledge, rank)
        if other is None or other == anchor:
            return None
        return _compared(question, asked, timeline[anchor], timeline[other], knowledge, with_claims)
    whom: set[str] = set()
    if asked.about:
        whom = {t[1:] for t in rank(asked.about).terms if t[1:] in knowledge.people}
        if not whom:
            return None  # (about no one the pack knows: a question of its own)
    after = asked.direction == "after"

    def beside(event_id: str) -> tuple[str, ...]:
        return knowledge.events_after.get(event_id, ()) if after else timeline[event_id].after

    def about_them(step: Event) -> bool:
        return not whom or any(whom & set(knowledge.claims[c].people[:1]) for c in step.claims)

    # next to everything just shown: what follows (or came before) any of it, not shown with it
    steps = [
        timeline[e]
        for e in dict.fromkeys(n for a in anchors for n in beside(a))
        if e not in anchors and about_them(timeline[e])
    ][: thresholds.MAX_CLUSTER]
    word = "after" if after else "before"
    if not steps:
        event = timeline[anchors[-1] if after else anchors[0]]
        of = f" about {knowledge.name_of(sorted(whom)[0])}" if whom else ""
        note = f"The reporting gives nothing {word} this{of} in its account: {_at(event)}"
        return _unordered(question, knowledge, note)
    lead = f"{word.capitalize()} that, as the reporting tells it: " + " ".join(
        _at(e) for e in steps
    )
    return _with_events(question, lead, steps, with_claims)


def when_in_order(
    question: str, claim_ids: tuple[str, ...], knowledge: KnowledgeBase, with_claims: WithClaims
) -> Answer | None:
    """ "When did the Tlaib tweet happen": a fact that holds no time may still have a place in
    the timeline, with when the reporting places its step, or after what (None: it has
    neither)."""
    event_id = next(
        (knowledge.event_of_claim[c] for c in claim_ids if c in knowledge.event_of_claim), None
    )
    if event_id is None:
        return None
    event = knowledge.timeline[event_id]
    if event.when is not None:
        lead = f"The reporting places it: {_at(event)}"
    elif event.after:
        earlier = " ".join(_at(knowledge.timeline[e]) for e in event.after)
        lead = f"The reporting gives no time for it, only that it came after this: {earlier}"
    else:
        return None
    answer = with_claims(claim_ids)
    return None if answer is None else replace(answer, lead=lead, yes_no=False)


def _compared(
    question: str,
    asked: SequenceQuestion,
    first: Event,
    second: Event,
    knowledge: KnowledgeBase,
    with_claims: WithClaims,
) -> Answer | None:
    """ "Was X before or after Y", "which came first, X or Y": the order, when the reporting
    gives one."""
    if _comes_before(knowledge, first.id, second.id):
        earlier, later = first, second
    elif _comes_before(knowledge, second.id, first.id):
        earlier, later = second, first
    else:
        return _unordered(
            question,
            knowledge,
            f"The reporting does not say which of these came first: {_at(first)} {_at(second)}",
        )
    order = f"{_at(earlier)} Then: {_at(later)}"
    if asked.asked:
        said = "before" if earlier is first else "after"
        order = ("Yes. " if said == asked.asked else "No. ") + order
    return _with_events(question, order, [earlier, later], with_claims)


def _outlets(knowledge: KnowledgeBase, event: Event) -> str:
    """The outlets whose articles report an event, by name ("both articles": every one)."""
    articles = dict.fromkeys(
        report.article for claim_id in event.claims for report in knowledge.claims[claim_id].reports
    )
    if len(knowledge.articles) > 1 and len(articles) == len(knowledge.articles):
        return "both articles" if len(articles) == 2 else "every article"
    return listed(list(dict.fromkeys(knowledge.outlet_of(a).display for a in articles)))
