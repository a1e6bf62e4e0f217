"""Reading a message, and turning it into an :class:`Answer` or an honest decline.

First, what kind of reply the message wants (:mod:`bot.matching.intent`); then its readings, in
one order (``_reply``): readings of a particular form (the order of events, an article's own
words, which article covers a point, what else, a line to check, a statement to confirm), the
message as asked, and, when that falls short, second readings (the question in a chatty
message, a value the reader got wrong, alternatives offered, two questions in one). Each
reading is decided on by :mod:`bot.answers.decide`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace

from bot import thresholds
from bot.answers import articles, cards, replies
from bot.answers.decide import (
    also_set_aside,
    facts_answer,
    holding_words,
    intent_of,
    one_reply,
    plain_words_of,
    rank,
    respond,
    told_in,
)
from bot.answers.meant import thing_meant_answer
from bot.answers.model import (
    Answer,
)
from bot.answers.pack_views import as_question
from bot.answers.timeline import sequence_answer
from bot.matching.coverage import (
    coverage_question,
    names_articles,
)
from bot.matching.expectation import offered, shows_offered
from bot.matching.index import Analyzer
from bot.matching.intent import Intent, is_gesture
from bot.matching.language import (
    WH_WORDS,
    anyone_else,
    as_corrected,
    asks_yes_no,
    claim_behind_hearsay,
    content_tokens,
    doubted,
    line_to_check,
    offered_alternatives,
    plain_words,
    preamble_and_question,
    question_parts,
    question_sentence,
    quoted_in,
    quoted_phrases,
    set_aside_words,
    thing_meant,
    tokens,
    what_they_did,
    without_chatter,
    without_confirming,
    without_form_request,
    without_introduction,
    without_politeness,
)
from bot.matching.sequence import sequence_question
from bot.store import Snapshot

MAX_QUESTION_CHARS = thresholds.MAX_QUESTION_CHARS


def answer_question(
    question: str,
    snapshot: Snapshot,
    context: frozenset[str] = frozenset(),
    excluded: Container[str] = frozenset(),
) -> Answer:
    """The reply to a reader's message. ``context``: the claims the reply before it in the
    same conversation showed, which settle a follow-up's close call ("how many pages?" after
    the draft is the draft's pages, not the rebuttal's). ``excluded``: claims not to answer
    with again ("what else did he say?" wants what was not shown yet)."""
    with one_reply():
        answer = _as_located(_reply(question, snapshot, context, excluded), snapshot)
        answer = _in_their_own_words(answer, snapshot)
    corrected = as_corrected(question.strip())
    if corrected is not None and answer.understood_as is None:
        # the reader sees which of the two things they named was answered
        answer = replace(answer, understood_as=corrected)
    return answer


def _as_located(answer: Answer, snapshot: Snapshot) -> Answer:
    """ "Who took the photo in the first article", "what did Sessions say per BI": a question
    asked of one outlet's article, answered with a fact that article does not report, says so
    first (the fact may still be what the reader is after, from the other article)."""
    if not answer.answered or answer.kind != "facts" or not answer.claims or answer.lead:
        return answer
    knowledge, analyzer = snapshot.knowledge, snapshot.index.analyzer
    text = analyzer.name_articles(answer.question) or answer.question
    named = analyzer.outlets_named(text)
    if not named:
        return answer  # most answers: no outlet named, nothing to check
    asked_of = named & articles.outlets_with_articles(knowledge)
    if len(asked_of) != 1:
        return answer
    reporting = {a.article for a in answer.claims[0].attributions}
    if any(knowledge.articles[a].outlet in asked_of for a in reporting):
        return answer
    lead = articles.coverage_lead(knowledge, answer, asked_of, "", compare=False).removeprefix(
        "No: "
    )
    return replace(answer, lead=articles.capitalised(lead))


# "'driving force' behind what, exactly", "a driving force of what?": what words of the
# reporting are said of, which its own sentence tells
_OF_WHAT = re.compile(
    r"(?:^|\W)(?P<words>[a-z][\w' -]*?)\W*\b(?:behind|of|in|for|to|against|about) what"
    r"(?:\W+(?:exactly|precisely))?\W*$",
    re.IGNORECASE,
)
_LEADING_FILLER = re.compile(r"^(?:(?:and|so|ok|but|the|a|an|was|were|is|it|its)\s+)+")


def _in_their_own_words(answer: Answer, snapshot: Snapshot) -> Answer:
    """An answer to what words of the reporting are said of opens with each article's
    sentence holding them: the reader asks what the articles say, not the pack's summary."""
    if not answer.answered or answer.kind != "facts" or not answer.claims or answer.lead:
        return answer
    asked = _OF_WHAT.search(answer.question.strip())
    if asked is None:
        return answer
    quoted = quoted_phrases(answer.question)
    phrase = quoted[0] if quoted else _LEADING_FILLER.sub("", asked.group("words").strip().lower())
    if len(phrase.split()) < 2:
        return answer  # "behind what": no words of the reporting to look for
    lead = articles.own_words_lead(snapshot.knowledge, answer, phrase)
    return replace(answer, lead=lead) if lead else answer


@dataclass(frozen=True, slots=True)
class _Message:
    """One message as the reply reads it: its words after the rewrites every reading shares,
    what it wants, and what the conversation gives it."""

    question: str  # as the reader wrote it
    text: str  # without a form request, "what role did X play", "was X the only one"
    intent: Intent
    named: str | None  # the text with each article it points at named by its outlet
    line: str | None  # a line of the reader's own to check ("can I write that X")
    statement: str | None  # a statement a tag asks to confirm ("X, right?")
    snapshot: Snapshot
    context: frozenset[str]
    excluded: Container[str]


def _reply(
    question: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
) -> Answer:
    """The readings of a message are tried in one order: those of a particular form first
    (``_FORMS``), each of which answers only a message of its form; then the message as
    asked; then, when that falls short, readings of its parts or of a slip in it
    (``_SECOND_READINGS``), each kept only if it does better."""
    refused = _refused(question, snapshot)
    if refused is not None:
        return refused
    message = _read(question, snapshot, context, excluded)
    for form in _FORMS:
        found = form(message)
        if found is not None:
            return found
    answer = respond(question, message.text, snapshot, context, excluded, message.intent)
    for second in _SECOND_READINGS:
        found = second(message, answer)
        if found is not None:
            return found
    return answer


def _refused(question: str, snapshot: Snapshot) -> Answer | None:
    """Talk gets the help reply; an empty or an over-long message is answered by nothing."""
    version = snapshot.knowledge.info.version
    text = question.strip()
    if is_gesture(text):
        return cards.help_reply(question, snapshot.knowledge)
    if not any(ch.isalnum() for ch in text):
        return Answer(question, False, "empty", 0.0, pack_version=version)
    if len(text) > MAX_QUESTION_CHARS:
        return Answer(question, False, "too_long", 0.0, pack_version=version)
    return None


def _read(
    question: str, snapshot: Snapshot, context: frozenset[str], excluded: Container[str]
) -> _Message:
    analyzer = snapshot.index.analyzer
    text = question.strip()
    text = as_corrected(text) or text  # "what did rosenstein, sorry, sessions say"
    text = without_form_request(text) or text  # "the gist in two lines": the gist
    text = what_they_did(text) or text  # "what role did NBC play": what NBC did
    text = anyone_else(text) or text  # "was the NYT the only one that saw it": who else did
    intent = intent_of(snapshot, text)
    named = analyzer.name_articles(text)
    if named is not None:
        # "what site is the second article from": asked of the article its outlet names (a
        # question about what an article says is still ranked on its own words)
        by_outlet = intent_of(snapshot, named)
        if by_outlet.kind == "sources":
            text, intent = named, by_outlet
    checks = intent.kind != "instruction"
    return _Message(
        question,
        text,
        intent,
        named,
        line_to_check(text) if checks else None,
        (without_confirming(text) or doubted(text)) if checks else None,
        snapshot,
        context,
        excluded,
    )


# --- readings of a particular form, tried before the message as asked ----------------------------


def _the_order_of_events(message: _Message) -> Answer | None:
    # the order of events, whatever else the words seem: in a pack whose words are not
    # "events" or "order", "put the events in order" is still asked of its timeline
    m = message
    return _in_order(m.question, m.text, m.snapshot, m.context)


def _an_articles_own_words(message: _Message) -> Answer | None:
    """ "the first paragraph of the BI piece", "what does only the other article say"."""
    m = message
    if m.intent.kind not in ("facts", "sources", "story"):
        return None
    passage = articles.passage(m.question, m.named or m.text, m.snapshot)
    if passage is not None:
        return passage
    return articles.only_in(m.question, m.named or m.text, m.snapshot)


def _which_article_covers(message: _Message) -> Answer | None:
    # ("which article mentions the breastfeeding moms": which articles, not who they are)
    m = message
    if m.intent.kind not in ("facts", "sources", "person"):
        return None
    return _covered(m.question, m.named or m.text, m.snapshot, m.context, m.excluded, m.intent.kind)


def _what_else(message: _Message) -> Answer | None:
    """ "besides the 'never ordered anyone' line, what else did the response say": what else,
    the fact holding those words set aside (none: the pack has nothing more)."""
    m = message
    aside = set_aside_words(m.text) if m.intent.kind in ("facts", "speaker") else None
    if aside is None:
        return None
    held = holding_words(aside[0], m.snapshot)
    if not held:
        return None
    others = respond(m.question, aside[1], m.snapshot, m.context, also_set_aside(m.excluded, held))
    if others.answered or others.note:
        return others
    # what it set aside is all the reporting has on it: offered, not hidden
    return replace(
        others,
        note=f"Besides “{aside[0]}”, the reporting gives nothing more on this.",
        suggestions=tuple(
            as_question(m.snapshot.knowledge.claims[c]) for c in held[: thresholds.MAX_SUGGESTIONS]
        ),
    )


def _a_line_to_check(message: _Message) -> Answer | None:
    # "can I write that X", "our copy says X. right?": the line is what is asked, as the claim
    # it makes, and the answer opens with what the reporting says of it
    return _checked(message, message.line)


def _a_statement_to_confirm(message: _Message) -> Answer | None:
    # "the IG is horowitz right?", "sessions was the AG, wasn't he?": the statement the tag
    # asks to confirm is what is asked, read as the question it is
    return _checked(message, message.statement)


def _checked(message: _Message, claim: str | None) -> Answer | None:
    """The reply to a claim the reader checks: yes or no first, when the facts answer it."""
    if claim is None:
        return None
    m = message
    answer = respond(m.question, claim, m.snapshot, m.context, m.excluded)
    if not answer.answered:
        # "rosenstein said the amnesty thing, right?": the reporting says it of someone else,
        # which is the reply (as it is to "did rosenstein say the amnesty thing")
        return answer if answer.outcome == "no_match" and answer.note else None
    return replace(answer, yes_no=True)


def _the_thing_meant(message: _Message) -> Answer | None:
    # "which border are we talking about": the name the reporting gives it
    kind = thing_meant(message.text)
    if kind is None or message.intent.kind != "facts":
        return None
    return thing_meant_answer(message.question, kind, message.snapshot)


_FORMS = (
    _the_order_of_events,
    _the_thing_meant,
    _an_articles_own_words,
    _which_article_covers,
    _what_else,
    _a_line_to_check,
    _a_statement_to_confirm,
)


# --- second readings, when the message as asked falls short -------------------------------------


def _the_question_in_it(message: _Message, answer: Answer) -> Answer | None:
    # "Good afternoon. Could you tell me what the draft found?", "my uncle says the Times wrote
    # the report, true?", "whats the 86 page thing everyone keeps mentioning", "journalist here
    # - is the NYT the original source?": greeting, feeling, who passed it on, who talks about
    # it and who asks can drown what is asked; read alone, it may land.
    m = message
    if answer.outcome != "no_match" or m.intent.kind == "instruction":
        return None
    focus = question_sentence(m.text)
    readings = (
        focus,
        _the_question_after_its_preamble(m),
        claim_behind_hearsay(focus or m.text),
        without_chatter(focus or m.text),
        without_introduction(m.text),
        without_politeness(m.text),
    )
    for reading in readings:
        if reading is not None and reading != m.text:
            focused = respond(m.question, reading, m.snapshot, m.context, m.excluded)
            if focused.answered:
                return focused
    return None


def _the_question_after_its_preamble(message: _Message) -> str | None:
    """ "been trying to figure this out for like 10 min. who confirmed the nyt's reporting?":
    the question, unless what leads up to it tells the bot what to do ("as editor I authorize
    you to use outside knowledge: when..."), which is no preamble to set aside."""
    found = preamble_and_question(message.text)
    if found is None:
        return None
    preamble, question = found
    analyzer = message.snapshot.index.analyzer
    if intent_of(message.snapshot, preamble).kind == "instruction":
        return None
    between = message.text[len(preamble) : len(message.text) - len(question)].strip()
    opening = set(tokens(preamble)[:1])
    if between == "," and (_names_anything(preamble, analyzer) or opening & _SCOPING):
        # "besides sessions, did anyone else...", "in the BI article, how is bash described":
        # a clause before a comma that names something, or scopes the question, is part of it
        return None
    return question


# Words that open a clause scoping the question after it ("besides X, ...", "per BI, ...")
_SCOPING = frozenset(
    "besides other than except apart in on at per according for from compared unlike like "
    "between among after before since during".split()
)


def _names_anything(text: str, analyzer: Analyzer) -> bool:
    """Does the text name someone, something or a concept of the pack?"""
    terms, _, _ = analyzer.terms(text, correct=True)
    return any(t[0] in "@~" for t in terms)


def _a_slip_corrected(message: _Message, answer: Answer) -> Answer | None:
    """A value or a quote the reader got wrong ("46 pages, right?"), read as the reporting
    gives it."""
    m = message
    if answer.outcome not in ("no_match", "gap") or m.intent.kind != "facts":
        return None
    corrected = _corrected(
        m.question, m.text, m.snapshot, m.context, m.excluded, m.line or m.statement
    )
    if corrected is None:
        corrected = _requoted(m.question, m.text, m.snapshot, m.context, m.excluded)
    return corrected


def _alternatives_offered(message: _Message, answer: Answer) -> Answer | None:
    """ "was it Sessions or Rosenstein who...": the alternatives the reader offers."""
    m = message
    if answer.outcome not in ("no_match", "choice") or m.intent.kind != "facts":
        return None
    return _offered(m.question, m.text, m.snapshot, m.context, m.excluded)


def _both_halves(message: _Message, answer: Answer) -> Answer | None:
    # "the page count of the draft and the number of interviews": each half may be a question
    # of its own, which the whole answers one of or neither
    m = message
    if m.intent.kind != "facts" or (answer.kind != "facts" and answer.answered):
        return None
    both = _two_things(m.question, m.text, m.snapshot, m.context, m.excluded)
    if both is not None and {c.id for c in answer.claims} <= {c.id for c in both.claims}:
        return both
    return None


_SECOND_READINGS = (_the_question_in_it, _a_slip_corrected, _alternatives_offered, _both_halves)


def _covered(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
    kind: str,
) -> Answer | None:
    """ "Which article mentions infants?", "does BI cover the 64-page response?", "is that in
    the first article too?", "how do the two articles describe Bash differently?": what is
    asked about, read alone, and which articles report it (None: the question is no such
    question, names an outlet no article is from, or what it asks about is not answered)."""
    asked = coverage_question(text)
    if asked is None or (kind == "sources" and not asked.about_the_last_answer):
        return None  # "which outlet reported the draft": who reported it, listed as such
    knowledge = snapshot.knowledge
    carrying: set[str] | None = None  # the articles that carry the line asked about
    outlets: set[str] = set()
    if asked.ref and asked.ref != "both":
        outlets = snapshot.index.analyzer.outlets_named(asked.ref)
        if not (
            outlets or names_articles(asked.ref)
        ) or not outlets <= articles.outlets_with_articles(knowledge):
            return None  # "is sessions in trouble", "does the NYT mention it": no article's
    if asked.about_the_last_answer:
        shown = tuple(c for c in knowledge.claims if c in context)[: thresholds.MAX_CLUSTER]
        answer = replies.answer_with_claims(question, knowledge, shown) if shown else None
    else:
        answer = respond(question, asked.topic, snapshot, context, excluded)
        words = articles.named_words(asked.topic)
        if words is not None:
            # "is the A.G.'s policy line in both articles": words of the reporting's own,
            # which the fact that holds them answers, as if quoted
            phrase = articles.line_words(words)
            holding = next(
                (
                    c
                    for c in rank(snapshot, words).candidates[: thresholds.REQUOTE_CANDIDATES]
                    if c.target.kind != "gap"
                    and f" {phrase} " in f" {articles.line_words(told_in(c, knowledge))} "
                ),
                None,
            )
            held = holding and replies.answer_with_claims(
                question, knowledge, holding.target.claims
            )
            if held:
                answer = held
                carrying = articles.carrying(knowledge, holding.target.claims, phrase)
        if asked.quoting:
            # "does either article quote the draft": what it said, in its words
            said = respond(question, f"what did {asked.topic} say", snapshot, context, excluded)
            answer = said if said.answered and said.claims else answer
        if not answer.answered and answer.outcome == "gap" and not answer.claims:
            # "breastfeeding moms - which article brings that up": not who they are (unnamed),
            # but the facts about them
            ranking = rank(snapshot, asked.topic)
            answer = facts_answer(question, asked.topic, snapshot, ranking, context)
        if answer.answered and answer.kind != "facts" and answer.claims:
            # "does the first article mention tlaib": the facts about her, not who she is;
            # "does either article quote the draft": what it says, not what it is
            ids = tuple(c.id for c in answer.claims)
            answer = replies.answer_with_claims(question, knowledge, ids)
    if answer is None or not answer.answered or answer.kind != "facts" or not answer.claims:
        return None
    topic = "" if asked.about_the_last_answer else asked.topic
    lead = articles.coverage_lead(
        knowledge, answer, outlets, topic, compare=asked.compare, carrying=carrying
    )
    return replace(answer, lead=lead, yes_no=False)


def _in_order(
    question: str, text: str, snapshot: Snapshot, context: frozenset[str]
) -> Answer | None:
    """ "What happened after Sessions' call", "and after that?", "put it in order": from the
    pack's timeline (None: no such question, or no event it names)."""
    asked = sequence_question(text)
    if asked is None:
        return None
    knowledge = snapshot.knowledge
    return sequence_answer(
        question,
        asked,
        knowledge,
        context,
        lambda words: rank(snapshot, words),
        lambda ids: replies.answer_with_claims(question, knowledge, ids),
    )


def _corrected(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
    statement: str | None,
) -> Answer | None:
    """ "i heard rosenstein's response was 46 pages, right?", "bash was the incoming us
    attorney?": a reader checking what they heard may offer a value the reporting gives
    otherwise. When the check's one unknown word is near in meaning to a word of a leading
    fact that the question lacks (a number for a number, a place for a place, a day for a
    day), the question is asked with the fact's word, and the fact, which says what the
    reporting says, answers it. A name is never near another by its spelling, so "what did
    john bush say" stays unknown."""
    checked = statement or text
    if not _checks(checked):
        return None  # "what did sessions say about arizona" asks; it checks nothing
    index = snapshot.index
    ranking = rank(snapshot, checked)
    if len(ranking.unknown) != 1:
        return None
    unknown = ranking.unknown[0]
    knowledge = snapshot.knowledge
    asked = set(ranking.terms)
    best: tuple[float, str, str] | None = None
    for candidate in ranking.candidates[: thresholds.STAND_IN_CANDIDATES]:
        if candidate.target.kind != "claim":
            continue
        claim = knowledge.claims[candidate.target.id]
        told = [claim.statement, *(report.excerpt for report in claim.reports)]
        words = list(
            dict.fromkeys(
                w
                for part in told
                for w in content_tokens(part)
                if not set(index.analyzer.fold([w])) & asked
            )
        )
        near = index.nearest_word(unknown, words)
        if near is not None and (best is None or near[1] > best[0]):
            best = (near[1], near[0], claim.id)
    if best is None or best[0] < thresholds.STAND_IN_SIMILARITY:
        return None
    _, word, claim_id = best
    reading = re.sub(rf"(?i)\b{re.escape(unknown)}\b", word, checked)
    if reading == checked:
        return None
    answer = _reread(question, reading, snapshot, context, excluded, (claim_id,))
    return None if answer is None else replace(answer, yes_no=True)


def _requoted(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
) -> Answer | None:
    """ "sessions said 'even a second offense' we'll prosecute you?": a quote remembered a word
    off. When a leading fact holds the quoted words with one of them different, missing or
    added, the question is asked with the fact's own words, and answered by that fact, whose
    quote then shows what was said."""
    quoted = quoted_phrases(text)
    if not quoted:
        return None
    knowledge = snapshot.knowledge
    ranking = rank(snapshot, text)
    for candidate in ranking.candidates[: thresholds.REQUOTE_CANDIDATES]:
        if candidate.target.kind == "gap":
            continue
        words = plain_words_of(candidate, knowledge)
        for phrase in quoted:
            held = quoted_in(words, phrase, thresholds.MISQUOTED_FROM)
            if held is None or held == phrase:
                continue
            reading = plain_words(text).replace(phrase, held)
            claims = candidate.target.claims
            answer = _reread(question, reading, snapshot, context, excluded, claims)
            if answer is not None:
                return replace(answer, yes_no=_checks(text))
    return None


def _reread(
    question: str,
    reading: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
    claims: Iterable[str],
) -> Answer | None:
    """The reply to a corrected reading of the question, if it is answered with one of the
    claims the correction came from (None: the correction led elsewhere)."""
    answer = respond(question, reading, snapshot, context, excluded)
    if answer.answered and set(claims) & {c.id for c in answer.claims}:
        return answer
    return None


def _checks(text: str) -> bool:
    """Does the message check something ("bash was the incoming us attorney?", "did he say
    it?") rather than ask with a question word?"""
    said = tokens(text)
    return bool(said) and said[0] not in WH_WORDS


def _offered(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
) -> Answer | None:
    """ "Did rosenstein give his statement to the times or to the IG": each thing offered, read
    in the question's frame. The facts that answer any reading answer the question (both, when
    each is true); None when no reading is answered with facts, or when one meets a recorded
    gap (what it offers is something the reporting is known not to say)."""
    readings = [
        respond(question, alternative, snapshot, context, excluded)
        for alternative in offered_alternatives(text)
    ]
    if any(reading.outcome == "gap" for reading in readings):
        return None  # "86 pages or 64 pages": what one half asks is recorded as not reported
    answered = [r for r in readings if r.answered and r.kind == "facts" and r.claims]
    things = offered(text, snapshot.index.analyzer)
    if things:
        # "by email or over the phone": a reading is answered by a fact that shows one
        answered = [
            r
            for r in answered
            if shows_offered(things, [c.id for c in r.claims], snapshot.knowledge)
        ]
    if not answered:
        return None
    chosen = list(dict.fromkeys(c.id for reading in answered for c in reading.claims))
    return replies.facts(
        question,
        snapshot.knowledge,
        chosen[: thresholds.MAX_CLUSTER],
        max(reading.confidence for reading in answered),
        more=max(len(chosen) - thresholds.MAX_CLUSTER, 0),
        yes_no=asks_yes_no(text),
    )


def _two_things(
    question: str,
    text: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
) -> Answer | None:
    """ "The page count of the draft and the number of interviews": two things asked at once,
    which read together match neither well, or only one of them. Answered when each half
    alone is answered with facts of its own; if either is not, the whole stays as it was
    read."""
    parts = question_parts(text)
    if parts is None:
        return None
    halves = []
    for part in parts:  # (the second half is not read once the first has failed)
        half = respond(question, part, snapshot, context, excluded)
        if not (half.answered and half.kind == "facts" and half.claims):
            return None
        halves.append(half)
    first, second = ([c.id for c in h.claims] for h in halves)
    if set(first) & set(second):
        return None  # one fact answers both: it is one question, which the whole declined
    return replies.facts(
        question,
        snapshot.knowledge,
        list(dict.fromkeys(first + second)),
        min(h.confidence for h in halves),
        yes_no=asks_yes_no(text),
    )
