"""Deciding what one reading of a question is answered with, or why it is declined.

The story, a person, a speaker's quotes and the sources are built from the pack's own fields.
Everything else is matched against the facts, and the decision rests on the final candidates'
fused scores: a weak best match is declined; close candidates about one subject are answered
together; close candidates about different subjects are offered as a choice; a question that
lands on (or ties with) a recorded gap is declined with what the reporting does say instead.
A fact that fails what the question expects (:mod:`bot.matching.expectation`) is not answered
with. Every cut-off is in :mod:`bot.thresholds`; the replies are built in
:mod:`bot.answers.replies` and :mod:`bot.answers.cards`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from bot import thresholds
from bot.answers import articles, cards, replies
from bot.answers.model import (
    Answer,
)
from bot.answers.pack_views import person_view
from bot.answers.timeline import when_in_order
from bot.knowledge.model import KnowledgeBase
from bot.matching.expectation import (
    ASKED_FOR,
    Expectation,
    answer_category,
    asks_details_only,
    asks_for_words,
    asks_precisely,
    category_asked,
    expectation,
    holds,
    holds_kind,
    places_someone,
    shortfall,
)
from bot.matching.index import Candidate, Ranking
from bot.matching.intent import Intent, read_intent
from bot.matching.language import (
    PEOPLE_AT_LARGE,
    asks_yes_no,
    echo_words,
    longest_echo,
    plain_words,
    quoted_in,
    quoted_phrases,
    tokens,
)
from bot.matching.lookup import quotes_by, told_by
from bot.store import Snapshot


@dataclass(frozen=True, slots=True)
class SetAside:
    """Claims a reply may not use: ``claims``, and, when ``within`` is given, every claim
    outside it ("when?" after what the DOJ said: only facts first about the DOJ). The few
    allowed are listed, not the many barred, which at 100,000 claims would be listed again
    for every such follow-up."""

    claims: frozenset[str] = frozenset()
    within: frozenset[str] | None = None

    def __contains__(self, claim: object) -> bool:
        return claim in self.claims or (self.within is not None and claim not in self.within)

    def __bool__(self) -> bool:
        return bool(self.claims) or self.within is not None


@dataclass(frozen=True, slots=True)  # (its tables fill as the reply is composed)
class _Readings:
    """What the reply being composed worked out of each reading of the message: one message
    is read many ways (as asked, then checked for a value or a quote to correct; a message of
    two questions whole, then as each half), and the readings overlap. Kept for that message
    alone, so that a question asked again is read again, as a benchmark repeating its questions
    expects."""

    rankings: dict[str, Ranking]
    intents: dict[str, Intent]


_READINGS: ContextVar[_Readings | None] = ContextVar("reply_readings", default=None)


@contextmanager
def one_reply() -> Iterator[None]:
    """While one reply is composed, each reading is ranked and read once (see ``_Readings``).
    Within a reply already under way (one half of a two-question message), its readings."""
    if _READINGS.get() is not None:
        yield
        return
    token = _READINGS.set(_Readings({}, {}))
    try:
        yield
    finally:
        _READINGS.reset(token)


def rank(snapshot: Snapshot, text: str) -> Ranking:
    made = _READINGS.get()
    if made is None:
        return snapshot.index.rank(text)
    found = made.rankings.get(text)
    if found is None:
        found = made.rankings[text] = snapshot.index.rank(text)
    return found


def intent_of(snapshot: Snapshot, text: str) -> Intent:
    """What ``text`` asks for (:func:`read_intent`), read once per reply."""
    made = _READINGS.get()
    if made is None:
        return read_intent(text, snapshot.index.analyzer)
    found = made.intents.get(text)
    if found is None:
        found = made.intents[text] = read_intent(text, snapshot.index.analyzer)
    return found


def respond(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str] = frozenset(),
    intent: Intent | None = None,
) -> Answer:
    """The reply to ``text``, the reading of ``question`` tried (all of it, its one asking
    sentence, or the claim it passes on); the reply is always to ``question`` as written.
    (An instruction to the bot is declined whole: its last sentence is not read alone.)"""
    knowledge = snapshot.knowledge
    version = knowledge.info.version
    if intent is None:
        intent = intent_of(snapshot, text)
    if intent.kind == "social":
        return cards.help_reply(question, knowledge)
    if intent.kind == "story":
        if intent.entity in knowledge.documents:
            return cards.document(question, knowledge, intent.entity)
        return cards.story(question, knowledge)
    if intent.kind == "people":
        return cards.people(question, knowledge)
    if intent.kind == "sources":
        listed = cards.sources(question, knowledge, intent.entity, intent.detail)
        if (
            intent.detail == "published"
            and intent.entity
            and intent.entity not in articles.outlets_with_articles(knowledge)
        ):
            # "what day did the times publish this": the pack holds no article of the Times,
            # but a fact may say when it published
            told = facts_answer(question, text, snapshot, rank(snapshot, text), context)
            if told.answered:
                return told
        return listed
    if intent.kind == "differences":
        return cards.differences(question, knowledge)
    if intent.kind == "unknown_name":
        return cards.unknown_name(question, knowledge, intent)

    ranking = rank(snapshot, text)
    if excluded:
        ranking = replace(
            ranking,
            candidates=tuple(
                c
                for c in ranking.candidates
                if not (c.target.claims and all(claim in excluded for claim in c.target.claims))
            ),
        )
    if intent.kind in _BEYOND_THE_REPORTING:
        outcome, note = _BEYOND_THE_REPORTING[intent.kind]
        return replace(replies.decline(question, outcome, ranking, knowledge, version), note=note)
    if intent.kind == "speaker" and intent.entity:
        spoken = cards.speaker(question, knowledge, intent.entity, ranking, excluded)
        if spoken is not None:
            return spoken
    # "what did DHS say": a body no article quotes said nothing the reporting holds; the facts
    # about it (the DOJ blaming it) are not its words, so its card is no answer (a person's
    # card is: what the draft says is Horowitz's, though no quote is his)
    silent = (
        intent.kind == "speaker"
        and intent.entity in knowledge.organizations
        and not quotes_by(knowledge, intent.entity)
    )
    if intent.options and intent.entity in knowledge.people:
        neither = cards.neither(
            question, knowledge, knowledge.people[intent.entity], intent.options
        )
        if neither is not None:
            return neither
    if intent.kind in ("person", "speaker") and intent.entity and not silent:
        card = cards.person(question, knowledge, intent.entity, ranking, excluded)
        # "what did the breastfeeding women say": who they are is unnamed, but what they said
        # may well be reported
        if card is not None and (card.answered or intent.kind == "person"):
            return card
    return facts_answer(question, text, snapshot, ranking, context)


# What the articles cannot say, whatever they hold: declined with what they say nearby.
_BEYOND_THE_REPORTING = {
    "opinion": (
        "opinion",
        "I only report what the articles say; I don't give opinions or predictions. "
        "Here is what the reporting covers nearby.",
    ),
    "instruction": (
        "no_match",
        "I answer only from what the articles report, and I don't take instructions to say "
        "anything else. Here is what the reporting covers nearby.",
    ),
    "now": (
        "no_match",
        "The reporting tells the story as it stood when the articles were published; it "
        "cannot say how things stand now. Here is what it does say nearby.",
    ),
}


def facts_answer(
    question: str, text: str, snapshot: Snapshot, ranking: Ranking, context: frozenset[str]
) -> Answer:
    knowledge = snapshot.knowledge
    version = knowledge.info.version
    expected = expectation(text, ranking.terms, snapshot.index.analyzer)
    quoted = quoted_phrases(text)
    if not expected.empty:
        # A neighbouring fact that holds nothing of what was asked is not an answer; it stays
        # a suggestion (the decline below is given the whole ranking). The words a reader
        # quotes answer "was rosenstein the one who said 'we need to take away children'"
        # whoever said them: the answer shows who did.
        kept = tuple(
            c
            for c in ranking.candidates
            if holds(expected, c.target, knowledge)
            or (
                shortfall(expected, c.target, knowledge) in ("person", "speaker")
                and _holds_phrase(c, quoted, knowledge)
            )
        )
        if kept != ranking.candidates:
            fitting = replace(ranking, candidates=kept)
            if _gap_on_anothers_words(expected, fitting, ranking, snapshot):
                # "what did the draft say about Rosenstein": the response of his office is no
                # words of the draft's, nor is the gap on what else that response says
                fitting = replace(fitting, candidates=fitting.candidates[1:])
            beside_a_name = (
                _placed(expected, fitting, knowledge)
                if not _clears(fitting.best, ranking)
                else None
            )
            if beside_a_name is not None:
                fitting = _first(fitting, beside_a_name)
            elif not _clears(fitting.best, ranking) or _gap_beside_the_point(
                fitting.best, ranking.best, ranking.terms, snapshot
            ):
                in_order = _placed_in_order(question, expected, ranking, knowledge)
                if in_order is not None:
                    return in_order
                declined = replies.decline(question, "no_match", ranking, knowledge, version)
                return replace(declined, note=_lacking(expected, ranking, knowledge))
            ranking = fitting
    if quoted:
        ranking = _holding_first(ranking, quoted, knowledge)
    else:
        ranking = _echoed_first(text, ranking, knowledge)
    best = ranking.best
    # The reader's own quote, held word for word (or a word off), is what the words and the
    # meaning agree on, and no fact without it is a rival.
    agreed = (
        best is not None
        and best.score >= thresholds.AGREEING_THRESHOLD
        and _holds_phrase(best, quoted, knowledge)
    )
    if not (agreed or _clears(best, ranking)):
        beside_a_name = _placed(expected, ranking, knowledge)
        if beside_a_name is None:
            return replies.decline(question, "no_match", ranking, knowledge, version)
        ranking = _first(ranking, beside_a_name)
        best = beside_a_name
    ranking = _without_gaps_further_in_meaning(ranking, knowledge)

    asked = answer_category(text, expected)

    def beside_the_question(candidate: Candidate) -> bool:
        return _about_someone_unasked(candidate, text, ranking, snapshot) or _asks_another_kind(
            candidate, text, asked, snapshot
        )

    if beside_the_question(ranking.candidates[0]):
        # "how did the justice department react": the gap on what Homeland Security said
        # leads on the words, but every way of asking it names DHS, whom this question does not
        ranking = replace(
            ranking,
            candidates=tuple(c for c in ranking.candidates if not beside_the_question(c)),
        )
        if not _clears(ranking.best, ranking):
            return replies.decline(question, "no_match", ranking, knowledge, version)
    best = ranking.best
    if _nothing_more_of_theirs(expected, text, best, knowledge):
        # "what else did Tlaib write in that tweet": all the reporting gives of her words is
        # the answer a reader has seen, and no answer to "what else"
        assert expected.speaker is not None
        declined = replies.decline(question, "no_match", ranking, knowledge, version)
        name = knowledge.name_of(expected.speaker[1:])
        return replace(declined, note=f"The reporting gives nothing more of what {name} said.")
    if best.target.kind == "gap":
        tied = _answering_leading_gap(expected, text, ranking, knowledge)
        if tied is None:
            tied = _suggested_past_gap(ranking, snapshot)
        if tied is None:
            return replies.gap(question, knowledge, best)
        # (the gaps it answers over are no rivals of it)
        ranking = replace(
            ranking,
            candidates=(
                tied,
                *(
                    c
                    for c in ranking.candidates
                    if c is not tied and not (c.target.kind == "gap" and c.score >= tied.score)
                ),
            ),
        )
        best = tied
    close = [
        c
        for c in ranking.candidates[1:]
        if best.score - c.score < thresholds.MIN_MARGIN
        and c.score >= thresholds.SUGGESTION_FLOOR
        and (not agreed or _holds_phrase(c, quoted, knowledge))
    ]
    rivals = [c for c in close if _different(best, c) and not beside_the_question(c)]
    gap = next((c for c in rivals if c.target.kind == "gap"), None)
    if gap is not None and (
        _answers_over_gap(expected, text, best, knowledge)
        or _suggested_over_gap(expected, text, ranking, best, gap, knowledge)
    ):
        rivals = [c for c in rivals if c.target.kind != "gap"]
        gap = None
    if gap is not None:
        return replies.gap(question, knowledge, gap)  # a tie with a recorded gap stays a decline
    narrow = snapshot.index.narrow_topics
    if rivals and not all(_same_subject(knowledge, narrow, best, r) for r in rivals):
        leaning = [c for c in (best, *rivals) if context & set(c.target.claims)]
        if not leaning and context:
            # "how many pages?" after what Horowitz investigated: the draft's, which is his,
            # not the rebuttal's; the answer before was about him
            before = _claim_subjects(knowledge, narrow, context)
            leaning = [c for c in (best, *rivals) if _subjects(knowledge, narrow, c) & before]
        if len(leaning) != 1 and len(ranking.terms) >= thresholds.MEANING_LEAD_TERMS:
            # ("how many pages": too few words to be nearer one in meaning)
            leaning = _nearest_by_far([best, *rivals])
        if len(leaning) == 1:
            best, rivals = leaning[0], []  # the one the conversation was already on
        elif not _each_says_yes(text, ranking, [best, *rivals]):
            return replies.choice(question, knowledge, best, rivals)
        # ("were babies separated too": the mothers' account and Rosenstein's message each hold
        # all of it; a yes/no question is answered by both, not a choice between them)

    # A discrepancy leads with the claim the pack lists first; a quote or a speaker, which
    # bear on several claims alike, lead with the one that fits the question best.
    claim_ids = best.target.claims
    if best.target.kind in ("quote", "speaker"):
        claim_ids = ranking.lead_first(claim_ids)
    chosen = list(dict.fromkeys(claim_ids))
    # Same subject, as close: answered together, best first. So are facts on the best one's
    # subject a little further off ("how did the U.S. attorneys react to the directive": the
    # fact that words it best is what Sessions told them, the next says they questioned it),
    # unless they would show the same quote again or the question reads as the best one's
    # own phrasing.
    shown_quotes = _quotes_of(knowledge, claim_ids)
    companions = [
        c
        for c in ranking.candidates[1:]
        if c not in rivals
        and c.target.kind != "gap"
        and best.score < thresholds.EXACT_SCORE
        and best.score - c.score < thresholds.COMPANION_MARGIN
        and _same_subject(knowledge, narrow, best, c)
        and not _quotes_of(knowledge, c.target.claims) & shown_quotes
    ]
    for rival in [*rivals, *companions]:
        chosen.extend(c for c in ranking.lead_first(rival.target.claims) if c not in chosen)
    # another quote of the same speaker's, as close: the same words as another article gives
    # them ("what did Bash tell his staff": each article's quote of his email bears on the fact
    # of the email, and on its own wording of it)
    if best.target.kind == "quote":
        speaker = knowledge.quotes[best.target.id].speaker
        chosen.extend(
            c.target.claims[0]
            for c in close
            if c.target.kind == "quote"
            and knowledge.quotes[c.target.id].speaker == speaker
            and c.target.claims
            and c.target.claims[0] not in chosen
        )
    shown = chosen[: max(thresholds.MAX_CLUSTER, len(claim_ids))]
    disc_ids: dict[str, None] = {}
    if best.target.kind == "discrepancy":
        disc_ids[best.target.id] = None
    return replies.facts(
        question,
        knowledge,
        shown,
        round(min(best.score, 1.0), 3),
        discrepancies=disc_ids,
        more=len(chosen) - len(shown),
        yes_no=asks_yes_no(text),
    )


def _gap_beside_the_point(
    gap: Candidate | None,
    removed: Candidate | None,
    terms: Iterable[str],
    snapshot: Snapshot,
) -> bool:
    """ "Why did Sessions say it's 'not our fault'": the fact on his words leads but gives no
    reason, and the gap left leading is on what the final report concludes. A gap that leads
    only once the fact ahead of it is set aside for lacking what was asked speaks for the
    question when it points to that fact or the question names what its asks share ("final"
    for the final report's); any other is beside the point, and the decline says what the
    reporting lacks."""
    if gap is None or removed is None or gap.target.kind != "gap" or removed.target.kind == "gap":
        return False
    record = snapshot.knowledge.gaps[gap.target.id]
    if set(removed.target.claims) & set(record.suggest):
        return False
    return not snapshot.index.analyzer.shared_by(record.asks) & set(terms)


def _gap_on_anothers_words(
    expected: Expectation, fitting: Ranking, ranking: Ranking, snapshot: Snapshot
) -> bool:
    """Does a gap lead the facts that hold what was asked only because the fact it is about
    was set aside as someone else's words, the gap's subject unnamed by the question?"""
    gap, removed = fitting.best, ranking.best
    if gap is None or removed is None or gap.target.kind != "gap" or removed.target.kind == "gap":
        return False
    knowledge = snapshot.knowledge
    record = knowledge.gaps[gap.target.id]
    return (
        expected.speaker is not None
        and shortfall(expected, removed.target, knowledge) == "speaker"
        and bool(set(removed.target.claims) & set(record.suggest))
        and not snapshot.index.analyzer.shared_by(record.asks) & set(ranking.terms)
    )


def _about_someone_unasked(
    candidate: Candidate, text: str, ranking: Ranking, snapshot: Snapshot
) -> bool:
    """ "What did the draft find about Sessions": the gap on how Trump responded to the draft
    shares its words, but every way a reader asks it names Trump, whom this question does not;
    it is no rival to the fact that answers."""
    if candidate.target.kind != "gap":
        return False
    analyzer = snapshot.index.analyzer
    subjects = analyzer.subjects_of(snapshot.knowledge.gaps[candidate.target.id].asks)
    named = {
        t
        for t in ranking.terms
        if t.startswith("@") and (analyzer.is_person(t[1:]) or analyzer.is_organization(t[1:]))
    }
    # (a question that names no one may well ask what the gap records; "what did the White
    # House say" asks what its president said, whom the gap is about)
    if not named:
        # "how did people react when the news came out" names no one but people at large: not
        # the gap on how Trump responded
        return bool(subjects) and bool(PEOPLE_AT_LARGE & set(tokens(text)))
    members = {m for t in named if analyzer.is_organization(t[1:]) for m in analyzer.serving(t)}
    return bool(subjects) and not subjects & (named | members)


def _placed_in_order(
    question: str, expected: Expectation, ranking: Ranking, knowledge: KnowledgeBase
) -> Answer | None:
    """ "When did the Tlaib tweet happen": the fact it asks about holds no time, but the
    timeline places its step (a "when" only: "what date" wants more than an order)."""
    best = ranking.best
    if expected.kinds != {"time"} or not _clears(best, ranking) or best.target.kind == "gap":
        return None
    if shortfall(expected, best.target, knowledge) != "kind":
        return None
    return when_in_order(
        question,
        best.target.claims,
        knowledge,
        lambda ids: replies.answer_with_claims(question, knowledge, ids),
    )


def _asks_another_kind(
    candidate: Candidate, text: str, asked: str | None, snapshot: Snapshot
) -> bool:
    """ "What did the prosecutor's note say": the gap on who the prosecutors were shares its
    words, but nearly every way a reader asks it wants someone, and this question wants what
    was said (``asked``: the kind of answer it wants, when it says; one that does not say
    may still mean the gap's)."""
    if candidate.target.kind != "gap":
        return False
    gap = snapshot.knowledge.gaps[candidate.target.id]
    analyzer = snapshot.index.analyzer
    wanted = category_asked(gap.asks, analyzer)
    if wanted is None:
        # details of several kinds ("what day was the call, how long was it, who was on it")
        # are none of what someone said on it
        return asked is None and asks_for_words(text) and asks_details_only(gap.asks, analyzer)
    return asks_for_words(text) if asked is None else wanted != asked


def _holding_first(ranking: Ranking, quoted: tuple[str, ...], knowledge: KnowledgeBase) -> Ranking:
    """ "whats the 'driving force' quote about": the facts whose words (statement, excerpts,
    quotes) hold a phrase the reader quotes, word for word or a word off, come first, in
    their order."""
    holding = [c for c in ranking.candidates if _holds_phrase(c, quoted, knowledge)]
    if not holding or holding[0] is ranking.best:
        return ranking
    rest = [c for c in ranking.candidates if c not in holding]
    return replace(ranking, candidates=(*holding, *rest))


def _echoed_first(text: str, ranking: Ranking, knowledge: KnowledgeBase) -> Ranking:
    """ "What kind of case did Bash say shouldn't have been declined": a reader who echoes a
    line the reporting quotes, without quotation marks, asks about the fact that quotes it,
    though a neighbour about the same person leads on the words. A fact close behind the best
    whose quoted lines hold a longer run of the question's words (``ECHO_WORDS`` at least,
    ``ECHO_LEAD`` more than the best's) comes first."""
    best = ranking.best
    if best is None or best.target.kind == "gap":
        return ranking
    said = echo_words(text)
    if len(said) < thresholds.ECHO_WORDS:
        return ranking
    lead = longest_echo(said, _quoted_lines(best, knowledge))
    echoed, longest = None, 0
    for c in ranking.candidates[1:]:
        if best.score - c.score >= thresholds.ECHO_MARGIN:
            break
        if c.target.kind != "gap":
            run = longest_echo(said, _quoted_lines(c, knowledge))
            if run > longest:
                echoed, longest = c, run
    if echoed is None or longest < max(thresholds.ECHO_WORDS, lead + thresholds.ECHO_LEAD):
        return ranking
    rest = [c for c in ranking.candidates if c is not echoed]
    return replace(ranking, candidates=(echoed, *rest))


def _quoted_lines(candidate: Candidate, knowledge: KnowledgeBase) -> list[str]:
    """The lines the candidate's facts quote: what their statements and excerpts put in
    quotation marks, and their quotes' own words."""
    lines: list[str] = []
    for claim_id in candidate.target.claims:
        claim = knowledge.claims.get(claim_id)
        if claim is None:
            continue
        for told in (claim.statement, *(r.excerpt for r in claim.reports)):
            lines.extend(quoted_phrases(told))
        lines.extend(knowledge.quotes[q].text for q in knowledge.quotes_by_claim.get(claim_id, ()))
    return lines


def _without_gaps_further_in_meaning(ranking: Ranking, knowledge: KnowledgeBase) -> Ranking:
    """ "What did Horowitz find about Sessions": the gap on what the final report concluded
    shares every word of it, as the draft's findings do, but the findings are nearer in
    meaning by far. A recorded gap that ties with a fact on the words yields to it when the
    fact is that much nearer the question in meaning, and the gap is not about that fact: a
    gap that suggests the fact records what the reporting lacks of it ("which factual errors"
    beside the fact that there were some), where the fact is always near in meaning."""
    best = ranking.best
    if best is None:
        return ranking
    tied = [c for c in ranking.candidates if best.score - c.score < thresholds.MIN_MARGIN]
    facts = [c for c in tied if c.target.kind != "gap"]
    if not facts:
        return ranking
    nearest = max(facts, key=lambda c: c.meaning)
    further = {
        id(c)
        for c in tied
        if c.target.kind == "gap"
        and nearest.meaning - c.meaning >= thresholds.GAP_MEANING_MARGIN
        and not set(nearest.target.claims) & set(knowledge.gaps[c.target.id].suggest)
    }
    if not further:
        return ranking
    return replace(ranking, candidates=tuple(c for c in ranking.candidates if id(c) not in further))


def _holds_phrase(candidate: Candidate, quoted: tuple[str, ...], knowledge: KnowledgeBase) -> bool:
    if not quoted or candidate.target.kind == "gap":
        return False
    words = plain_words_of(candidate, knowledge)
    return any(quoted_in(words, phrase, thresholds.MISQUOTED_FROM) for phrase in quoted)


def plain_words_of(candidate: Candidate, knowledge: KnowledgeBase) -> str:
    """Everything the candidate's facts say (statements, excerpts, quotes) as plain words."""
    return plain_words(told_in(candidate, knowledge))


def holding_words(words: str, snapshot: Snapshot) -> tuple[str, ...]:
    """The claims whose own words (statements, excerpts, quotes) hold these words of the
    reporting, among the facts they lead to, the nearest first."""
    phrase = articles.line_words(words)
    knowledge = snapshot.knowledge
    return tuple(
        dict.fromkeys(
            claim
            for c in rank(snapshot, words).candidates[: thresholds.REQUOTE_CANDIDATES]
            if c.target.kind != "gap"
            for claim in c.target.claims
            if f" {phrase} " in f" {articles.line_words(_words_of(knowledge, claim))} "
        )
    )


def also_set_aside(excluded: Container[str], claims: Iterable[str]) -> Container[str]:
    """``excluded`` and these claims besides."""
    if isinstance(excluded, SetAside):
        return SetAside(excluded.claims | frozenset(claims), excluded.within)
    if isinstance(excluded, frozenset):
        return SetAside(excluded | frozenset(claims))
    return SetAside(frozenset(claims))


def told_in(candidate: Candidate, knowledge: KnowledgeBase) -> str:
    return " ".join(_words_of(knowledge, c) for c in candidate.target.claims)


def _words_of(knowledge: KnowledgeBase, claim_id: str) -> str:
    claim = knowledge.claims.get(claim_id)
    if claim is None:
        return ""
    quotes = (knowledge.quotes[q].text for q in knowledge.quotes_by_claim.get(claim_id, ()))
    return " ".join([claim.statement, *(r.excerpt for r in claim.reports), *quotes])


def _answers_over_gap(
    expected: Expectation, text: str, best: Candidate, knowledge: KnowledgeBase
) -> bool:
    """ "When did Soboroff tweet": "late Tuesday" answers it, though a recorded gap beside it
    says the day's date is not given. A fact that holds the kind of thing asked (a time, a
    place, a number) answers over a tied gap, unless the question asks for the precision the
    gap records as missing ("what date", "when exactly")."""
    if best.target.kind == "gap" or not expected.kinds or asks_precisely(text):
        return False
    return holds_kind(expected, best.target.claims, knowledge)


def _answering_leading_gap(
    expected: Expectation, text: str, ranking: Ranking, knowledge: KnowledgeBase
) -> Candidate | None:
    """The fact that answers over a recorded gap leading it, if one does (None: the gap's
    decline stands). Never for "where": a venue or "the border", which nearly every fact
    holds, seems to say where ("where did he give that speech").

    * "When was the call where sessions said that stuff": the gap on the call's exact day leads
      the fact that says "May 2018" by less than a tie; the fact answers as it would if it led
      (:func:`_answers_over_gap`).
    * "Is this the final report?", "was the draft leaked?": a yes/no question asks whether
      something is so, which a fact the gap points to settles ("a draft, subject to change"),
      while the gap records what the reporting lacks about it; that fact answers when it is
      close behind, holds every term of the question and the question asks for nothing past
      it (:func:`_suggested_over_gap`). Any other question it answers when it ties with the
      gap: "what did rosenstein's former office say he never did"."""
    best = ranking.best
    if best is None or expected.kinds & {"place", "named_place", "location"}:
        return None
    close = [c for c in ranking.candidates[1:] if c.target.kind != "gap"]
    holding = next(
        (
            c
            for c in close
            if best.score - c.score < thresholds.MIN_MARGIN
            and _answers_over_gap(expected, text, c, knowledge)
        ),
        None,
    )
    if holding is not None:
        return holding
    yes_no = asks_yes_no(text)
    margin = thresholds.YES_NO_OVER_GAP_MARGIN if yes_no else thresholds.MIN_MARGIN
    nearest = max(c.meaning for c in ranking.candidates)

    def agreed(c: Candidate) -> bool:
        # "is this the final report?": the fact that it is a draft is the nearest in meaning of
        # all, a little further behind on the words than a yes/no question allows, and the
        # words and the meaning agree on it however few the question's words are
        return yes_no and c.meaning >= nearest and best.score - c.score < thresholds.PAST_GAP_MARGIN

    suggested = set(knowledge.gaps[best.target.id].suggest)
    return next(
        (
            c
            for c in close
            if (best.score - c.score < margin or agreed(c))
            and set(c.target.claims) & suggested
            and _suggested_over_gap(expected, text, ranking, c, best, knowledge, few=agreed(c))
        ),
        None,
    )


# Words that ask past what a fact holds ("what else did the response say"): what a gap records.
_BEYOND = re.compile(r"\b(?:else|more|other|rest|further|additional)\b")


def _suggested_past_gap(ranking: Ranking, snapshot: Snapshot) -> Candidate | None:
    """ "When did he tweet it" (Soboroff): the gap on the articles' dates leads on the words,
    but nearly every way of asking it names what the reporting lacks (a date), and this
    question names none of it; a fact the gap points to, close behind, answers it ("late
    Tuesday"). The fact, if one does (None: the gap stands)."""
    best = ranking.best
    assert best is not None
    gap = snapshot.knowledge.gaps[best.target.id]
    lacking = snapshot.index.analyzer.shared_by(gap.asks)
    if not lacking or lacking & set(ranking.terms):
        return None
    suggested = set(gap.suggest)
    for c in ranking.candidates[1:]:
        if best.score - c.score >= thresholds.PAST_GAP_MARGIN:
            break
        if (
            c.target.kind != "gap"
            and suggested & set(c.target.claims)
            and c.score >= thresholds.AGREEING_THRESHOLD
        ):
            return c
    return None


def _suggested_over_gap(
    expected: Expectation,
    text: str,
    ranking: Ranking,
    best: Candidate,
    gap: Candidate,
    knowledge: KnowledgeBase,
    *,
    few: bool = False,
) -> bool:
    """ "Who put out that 64-page response": the fact on the response answers it, though the gap
    on what else the response says ties with it. A fact the tied gap itself points to (its
    ``suggest``) answers over it when it holds every term of the question and the question
    asks for nothing past it: no more, no other, no more precision than it gives."""
    # ("what did the DOJ say about the leak, exactly": its words, which a fact quotes; "exactly"
    # asks more precision of a time, a number or a place than the fact may hold)
    precise = asks_precisely(text) and (
        bool(expected.kinds) or bool({"date", "dates"} & set(tokens(text)))
    )
    if best.target.kind == "gap" or precise or _BEYOND.search(" ".join(tokens(text))):
        return False
    if not set(best.target.claims) & set(knowledge.gaps[gap.target.id].suggest):
        return False
    asked = set(ranking.terms)
    # (``few``: fewer of the question's terms will do)
    return (few or len(asked) >= thresholds.OVER_GAP_TERMS) and asked <= best.target.terms


def _nearest_by_far(tied: list[Candidate]) -> list[Candidate]:
    """Of candidates the words cannot tell apart, the one far nearer in meaning than the rest
    ("even babies they must separate, who said this": Rosenstein's words, not the mothers'
    account), alone; none when no one is."""
    ranked = sorted(tied, key=lambda c: c.meaning, reverse=True)
    if len(ranked) > 1 and ranked[0].meaning - ranked[1].meaning >= thresholds.MEANING_LEAD:
        return ranked[:1]
    return []


_MORE_OF = re.compile(r"\b(?:else|rest|further|additional)\b|\bmore\b(?! than)")


def _nothing_more_of_theirs(
    expected: Expectation, text: str, best: Candidate, knowledge: KnowledgeBase
) -> bool:
    """Does the question ask what else someone said, when every fact that gives their words is
    already the best one's?"""
    if expected.speaker is None or best.target.kind == "gap":
        return False
    if not _MORE_OF.search(" ".join(tokens(text))):
        return False
    speaker = expected.speaker[1:]
    theirs = {c for q in quotes_by(knowledge, speaker) for c in q.claims[:1]}
    theirs.update(told_by(knowledge, speaker))
    return bool(theirs) and theirs <= set(best.target.claims)


def _each_says_yes(text: str, ranking: Ranking, tied: list[Candidate]) -> bool:
    """Is the question a yes/no one whose every term each of the tied facts holds?"""
    asked = set(ranking.terms)
    return (
        asks_yes_no(text)
        and len(asked) >= thresholds.OVER_GAP_TERMS
        and all(c.target.kind != "gap" and asked <= c.target.terms for c in tied)
    )


def _placed(expected: Expectation, ranking: Ranking, knowledge: KnowledgeBase) -> Candidate | None:
    """ "Where were the U.S. attorneys based": the best fact that writes a place beside the name
    of one the question names ("U.S. attorneys along the U.S.-Mexico border") says where they
    were, though the reader's other words ("based", "posted") are none of its own."""
    return next(
        (
            c
            for c in ranking.candidates
            if c.score >= thresholds.PLACED_THRESHOLD
            and places_someone(expected, c.target, knowledge)
        ),
        None,
    )


def _first(ranking: Ranking, candidate: Candidate) -> Ranking:
    return replace(
        ranking, candidates=(candidate, *(c for c in ranking.candidates if c is not candidate))
    )


def _clears(best: Candidate | None, ranking: Ranking) -> bool:
    """Is the best candidate good enough to answer with? Its score must reach the threshold,
    or a lower one when it is also the nearest in meaning of all the ranked candidates: the
    words and the meaning then point to the same fact, which a paraphrase does ("so even babies
    were fair game?") and a question beside the facts seldom does."""
    if best is None or best.score < thresholds.AGREEING_THRESHOLD:
        return False
    if best.score >= thresholds.ANSWER_THRESHOLD:
        return True
    shared = set(ranking.terms) & best.target.terms
    if len(shared) < thresholds.AGREEING_TERMS:
        return False  # "the weather in texas": one shared word is not agreement
    return best.meaning >= max(c.meaning for c in ranking.candidates)


def _lacking(expected: Expectation, ranking: Ranking, knowledge: KnowledgeBase) -> str | None:
    """ "The reporting covers this but does not say when": the best match is on the subject and
    lacks only the kind of thing asked for (a time, a number, a reason...)."""
    best = ranking.best
    if not _clears(best, ranking):
        return None
    lacks = shortfall(expected, best.target, knowledge)
    if lacks == "recipient" and expected.speaker and expected.recipient:
        speaker = knowledge.name_of(expected.speaker[1:])
        return (
            f"The reporting does not say {speaker} said anything to "
            f"{knowledge.name_of(expected.recipient[1:])}."
        )
    if lacks in ("person", "speaker"):
        return _someone_else(expected, best, knowledge, speaking=lacks == "speaker")
    if lacks != "kind":
        return None
    named = expected.role is not None or expected.at_body is not None
    kinds = expected.kinds or ({"name"} if named else frozenset())
    asked = [ASKED_FOR[k] for k in sorted(kinds) if k in ASKED_FOR]
    if len(asked) != 1:
        return None
    return f"The reporting covers this, but it does not say {asked[0]}."


def _someone_else(
    expected: Expectation, best: Candidate, knowledge: KnowledgeBase, *, speaking: bool
) -> str | None:
    """ "I heard the AG wanted babies taken too", "what did Tlaib tell the prosecutors": the
    reporting says it of Rosenstein, of Sessions. Said when the best match holds everything
    asked but the person (``speaking``: the one whose words were asked for), and is about one
    other person."""
    if speaking and expected.speaker is not None:
        asked = [expected.speaker[1:]]
        rest = replace(expected, people=expected.people - {expected.speaker}, speaker=None)
    else:
        asked = [p[1:] for p in sorted(expected.people) if p not in best.target.terms]
        rest = replace(expected, people=frozenset(), speaker=None)
    if shortfall(rest, best.target, knowledge) is not None:
        return None
    # whom each fact is first about (the pack lists a claim's subject first), if a named person
    claims = [knowledge.claims[c] for c in best.target.claims]
    about = {claim.people[0] for claim in claims if claim.people}
    # someone the reporting names ("Rod Rosenstein"), not a group ("U.S. attorneys")
    people = knowledge.people
    others = sorted(p for p in about - set(asked) if p in people and people[p].named)
    if len(asked) != 1 or len(others) != 1:
        return None
    if asked[0] not in knowledge.organizations and not (
        asked[0] in people and people[asked[0]].named
    ):
        return None
    other = knowledge.name_of(others[0])
    view = person_view(knowledge, asked[0])
    named = view.in_sentence if view else knowledge.name_of(asked[0])  # "the Justice Department"
    return f"The reporting says this of {other}, not of {named}."


def _different(best: Candidate, other: Candidate) -> bool:
    """Would ``other`` give a different answer (not the same claims)?"""
    return other.target.kind == "gap" or not set(best.target.claims) & set(other.target.claims)


def _subjects(knowledge: KnowledgeBase, narrow: frozenset[str], candidate: Candidate) -> set[str]:
    return _claim_subjects(knowledge, narrow, candidate.target.claims)


def _claim_subjects(
    knowledge: KnowledgeBase, narrow: frozenset[str], claim_ids: Iterable[str]
) -> set[str]:
    """The people these facts are about, and their narrow topics."""
    found: set[str] = set()
    for claim_id in claim_ids:
        claim = knowledge.claims[claim_id]
        found.update(f"@{person}" for person in claim.people)
        found.update(topic for topic in claim.topics if topic in narrow)
    return found


def _quotes_of(knowledge: KnowledgeBase, claim_ids: Iterable[str]) -> set[str]:
    return {q for c in claim_ids for q in knowledge.quotes_by_claim.get(c, ())}


def _same_subject(
    knowledge: KnowledgeBase, narrow: frozenset[str], best: Candidate, other: Candidate
) -> bool:
    return bool(_subjects(knowledge, narrow, best) & _subjects(knowledge, narrow, other))


# --- answers built from the pack's own fields ---------------------------------------------------
