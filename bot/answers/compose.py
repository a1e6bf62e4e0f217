"""Turning a question into an :class:`Answer`, or into an honest decline.

First, what kind of reply the message wants (:mod:`bot.matching.intent`): talk gets help, a
request for a judgement gets a decline, the story, a person, a speaker's quotes and the sources
are built from the pack's own fields. Everything else is matched against the facts, and the
decision rests on the final candidates' fused scores: a weak best match is declined; close
candidates about one subject are answered together; close candidates about different subjects
are offered as a choice; a question that lands on (or ties with) a recorded gap is declined with
what the reporting does say instead. Every cut-off is in :mod:`bot.thresholds`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, replace

from bot import thresholds
from bot.answers.catalog import SourceView, source_views
from bot.answers.model import (
    Answer,
    Attribution,
    ClaimView,
    DiscrepancyView,
    PersonView,
    QuoteCarrier,
    QuoteView,
    VersionView,
)
from bot.answers.timeline import sequence_answer, when_in_order
from bot.knowledge.model import Claim, KnowledgeBase, Person, Quote
from bot.matching.coverage import (
    coverage_question,
    mention_in,
    names_articles,
    only_in_question,
)
from bot.matching.expectation import (
    ASKED_FOR,
    Expectation,
    answer_category,
    asks_for_words,
    asks_precisely,
    category_asked,
    expectation,
    holds,
    holds_kind,
    shortfall,
)
from bot.matching.index import Candidate, Ranking
from bot.matching.intent import ArticleDetail, Intent, is_gesture, read_intent
from bot.matching.language import (
    STOPWORDS,
    anyone_else,
    claim_behind_hearsay,
    content_tokens,
    offered_alternatives,
    plain_words,
    question_parts,
    question_sentence,
    quoted_in,
    quoted_phrases,
    stem,
    tokens,
    what_they_did,
    without_chatter,
    without_confirming,
    without_introduction,
    without_politeness,
)
from bot.matching.lookup import quotes_by, told_by
from bot.matching.passages import bullet_points, cut, ending, paragraphs, passage_question
from bot.matching.sequence import sequence_question
from bot.store import Snapshot

MAX_QUESTION_CHARS = thresholds.MAX_QUESTION_CHARS
MAX_SUGGESTIONS = thresholds.MAX_SUGGESTIONS


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


# The rankings made for the reply being composed, by reading: one reply may rank the same
# reading more than once (as asked, then checked for a value or a quote to correct). Kept for
# that reply alone, so that a question asked again is ranked again, as a benchmark repeating
# its questions expects.
_REPLY_RANKINGS: ContextVar[dict[str, Ranking] | None] = ContextVar("reply_rankings", default=None)


def _rank(snapshot: Snapshot, text: str) -> Ranking:
    made = _REPLY_RANKINGS.get()
    if made is None:
        return snapshot.index.rank(text)
    found = made.get(text)
    if found is None:
        found = made[text] = snapshot.index.rank(text)
    return found


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
    token = _REPLY_RANKINGS.set({})
    try:
        return _as_located(_reply(question, snapshot, context, excluded), snapshot)
    finally:
        _REPLY_RANKINGS.reset(token)


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
    asked_of = named & _with_articles(knowledge)
    if len(asked_of) != 1:
        return answer
    reporting = {a.article for a in answer.claims[0].attributions}
    if any(knowledge.articles[a].outlet in asked_of for a in reporting):
        return answer
    lead = _coverage_lead(knowledge, answer, asked_of, "", compare=False).removeprefix("No: ")
    return replace(answer, lead=_capitalised(lead))


def _reply(
    question: str,
    snapshot: Snapshot,
    context: frozenset[str],
    excluded: Container[str],
) -> Answer:
    version = snapshot.knowledge.info.version
    text = question.strip()
    if is_gesture(text):
        return _help(question, snapshot.knowledge)
    if not any(ch.isalnum() for ch in text):
        return Answer(question, False, "empty", 0.0, pack_version=version)
    if len(text) > MAX_QUESTION_CHARS:
        return Answer(question, False, "too_long", 0.0, pack_version=version)
    text = what_they_did(text) or text  # "what role did NBC play": what NBC did
    text = anyone_else(text) or text  # "was the NYT the only one that saw it": who else did
    intent = read_intent(text, snapshot.index.analyzer)
    named = snapshot.index.analyzer.name_articles(text)
    if named is not None:
        # "what site is the second article from": asked of the article its outlet names (a
        # question about what an article says is still ranked on its own words)
        by_outlet = read_intent(named, snapshot.index.analyzer)
        if by_outlet.kind == "sources":
            text, intent = named, by_outlet
    # the order of events, whatever else the words seem: in a pack whose words are not
    # "events" or "order", "put the events in order" is still asked of its timeline
    in_order = _in_order(question, text, snapshot, context)
    if in_order is not None:
        return in_order
    if intent.kind in ("facts", "sources", "story"):
        passage = _passage(question, named or text, snapshot)
        if passage is not None:
            return passage
        only = _only_in(question, named or text, snapshot)
        if only is not None:
            return only
    if intent.kind in ("facts", "sources"):
        covered = _covered(question, named or text, snapshot, context, excluded, intent.kind)
        if covered is not None:
            return covered
    statement = without_confirming(text) if intent.kind != "instruction" else None
    if statement is not None:
        # "the IG is horowitz right?", "sessions was the AG, wasn't he?": the statement the
        # tag asks to confirm is what is asked, read as the question it is
        confirmed = _respond(question, statement, snapshot, context, excluded)
        if confirmed.answered:
            return replace(confirmed, yes_no=True)
    answer = _respond(question, text, snapshot, context, excluded, intent)
    if answer.outcome == "no_match" and intent.kind != "instruction":
        # "Good afternoon. Could you tell me what the draft found?", "my uncle says the Times
        # wrote the report, true?", "whats the 86 page thing everyone keeps mentioning",
        # "journalist here - is the NYT the original source?": greeting, feeling, who passed it
        # on, who talks about it and who asks can drown what is asked; read alone, it may land.
        focus = question_sentence(text)
        readings = (
            focus,
            claim_behind_hearsay(focus or text),
            without_chatter(focus or text),
            without_introduction(text),
            without_politeness(text),
        )
        for reading in readings:
            if reading is not None and reading != text:
                focused = _respond(question, reading, snapshot, context, excluded)
                if focused.answered:
                    return focused
    if answer.outcome in ("no_match", "gap") and intent.kind == "facts":
        corrected = _corrected(question, text, snapshot, context, excluded, statement)
        if corrected is None:
            corrected = _requoted(question, text, snapshot, context, excluded)
        if corrected is not None:
            return corrected
    if answer.outcome in ("no_match", "choice") and intent.kind == "facts":
        offered = _offered(question, text, snapshot, context, excluded)
        if offered is not None:
            return offered
    if intent.kind == "facts" and (answer.kind == "facts" or not answer.answered):
        # "the page count of the draft and the number of interviews": each half may be a
        # question of its own, which the whole answers one of or neither
        both = _two_things(question, text, snapshot, context, excluded)
        if both is not None and {c.id for c in answer.claims} <= {c.id for c in both.claims}:
            return both
    return answer


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
        if not (outlets or names_articles(asked.ref)) or not outlets <= _with_articles(knowledge):
            return None  # "is sessions in trouble", "does the NYT mention it": no article's
    if asked.about_the_last_answer:
        shown = tuple(c for c in knowledge.claims if c in context)[: thresholds.MAX_CLUSTER]
        answer = answer_with_claims(question, knowledge, shown) if shown else None
    else:
        answer = _respond(question, asked.topic, snapshot, context, excluded)
        words = _named_words(asked.topic)
        if words is not None:
            # "is the A.G.'s policy line in both articles": words of the reporting's own,
            # which the fact that holds them answers, as if quoted
            phrase = _line_words(words)
            holding = next(
                (
                    c
                    for c in _rank(snapshot, words).candidates[: thresholds.REQUOTE_CANDIDATES]
                    if c.target.kind != "gap"
                    and f" {phrase} " in f" {_line_words(_told_in(c, knowledge))} "
                ),
                None,
            )
            held = holding and answer_with_claims(question, knowledge, holding.target.claims)
            if held:
                answer = held
                carrying = _carrying(knowledge, holding.target.claims, phrase)
        if asked.quoting:
            # "does either article quote the draft": what it said, in its words
            said = _respond(question, f"what did {asked.topic} say", snapshot, context, excluded)
            answer = said if said.answered and said.claims else answer
        if not answer.answered and answer.outcome == "gap" and not answer.claims:
            # "breastfeeding moms - which article brings that up": not who they are (unnamed),
            # but the facts about them
            ranking = _rank(snapshot, asked.topic)
            answer = _facts(question, asked.topic, snapshot, ranking, context)
        if answer.answered and answer.kind != "facts" and answer.claims:
            # "does the first article mention tlaib": the facts about her, not who she is;
            # "does either article quote the draft": what it says, not what it is
            ids = tuple(c.id for c in answer.claims)
            answer = answer_with_claims(question, knowledge, ids)
    if answer is None or not answer.answered or answer.kind != "facts" or not answer.claims:
        return None
    topic = "" if asked.about_the_last_answer else asked.topic
    lead = _coverage_lead(
        knowledge, answer, outlets, topic, compare=asked.compare, carrying=carrying
    )
    return replace(answer, lead=lead, yes_no=False)


_QUOTE_MARKS = "“”\"' "


def _shortened(text: str) -> str:
    """A quoted excerpt cut, at a word, to what a lead has room for."""
    limit = thresholds.LEAD_EXCERPT_CHARS
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _line_words(text: str) -> str:
    """Plain words with no stops or apostrophes inside them: "A.G.'s" and "AG's" are one."""
    return plain_words(re.sub(r"[.'’]", "", text))


def _carrying(knowledge: KnowledgeBase, claim_ids: Iterable[str], phrase: str) -> set[str]:
    """The articles whose own words of these facts (excerpts, quotes as each carries them) hold
    the phrase: a line one article quotes may sit in a fact both report."""
    found: set[str] = set()
    for claim_id in claim_ids:
        claim = knowledge.claims[claim_id]
        for report in claim.reports:
            if f" {phrase} " in f" {_line_words(report.excerpt)} ":
                found.add(report.article)
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            quote = knowledge.quotes[quote_id]
            for carried in quote.reports:
                if f" {phrase} " in f" {_line_words(carried.text or quote.text)} ":
                    found.add(carried.article)
    return found


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five"}
_PLACES = {0: "first", 1: "second", 2: "third", 3: "fourth", 4: "fifth", 5: "sixth", -1: "last"}


def _passage(question: str, text: str, snapshot: Snapshot) -> Answer | None:
    """ "What's the 2nd paragraph of the first article", "what do the bullet points in the BI
    article say", "how does the BI piece end": that part of the archived text, word for word
    (None: no such question, or no one article is named; a part the article lacks is declined
    saying what it has)."""
    asked = passage_question(text)
    if asked is None:
        return None
    knowledge = snapshot.knowledge
    analyzer = snapshot.index.analyzer
    outlet_id = analyzer.article_named(text)
    chosen = [a for a in knowledge.articles.values() if a.outlet == outlet_id]
    if len(knowledge.articles) == 1 and not analyzer.outlets_named(text):
        chosen = list(knowledge.articles.values())  # (the pack's only article, not named)
    if len(chosen) != 1:
        return None
    article = chosen[0]
    outlet = knowledge.outlets[article.outlet]
    whose = (
        f"{outlet.display}'s article" if outlet.known else "The article whose outlet is not named"
    )
    version = knowledge.info.version
    if asked.bullets:
        parts = bullet_points(article.text)
        what = "bullet points"
    elif asked.end:
        parts = ending(article.text)
        what = "lines"
    else:
        parts = paragraphs(article.text, article.headline)
        what = "paragraphs"
    if not parts or (asked.place is not None and asked.place >= len(parts)):
        has = f"has {len(parts)} {what}." if parts else f"has no {what} in its archived text."
        sources = tuple(source_views(knowledge, (article.id,)))
        return Answer(
            question,
            False,
            "gap",
            1.0,
            note=f"{whose} {has}",
            sources=sources,
            pack_version=version,
        )
    if asked.place is not None:
        single = what.removesuffix("s")
        place = _PLACES.get(asked.place)
        label = f"its {place} {single}" if place else f"{single} {asked.place + 1}"
        lead = f"{whose}, {label}: “{cut(parts[asked.place])}”"
    elif asked.end:
        lead = f"{whose} ends: " + " ".join(f"“{cut(p)}”" for p in parts)
    else:
        lead = f"{whose}, its {what}: " + " ".join(f"“{cut(p)}”" for p in parts)
    # (its words are the answer, and name the article: no listing of the article below them)
    return Answer(question, True, "answered", 1.0, lead=lead, pack_version=version)


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
        lambda words: _rank(snapshot, words),
        lambda ids: answer_with_claims(question, knowledge, ids),
    )


def _article_called(knowledge: KnowledgeBase, article_id: str) -> str:
    """An article as a sentence names it: its outlet, or what the pack can say of it."""
    outlet = knowledge.outlet_of(article_id)
    return outlet.display if outlet.known else "the article whose outlet is not named"


def _articles_listed(knowledge: KnowledgeBase, article_ids: Iterable[str]) -> str:
    """ "Business Insider", "Business Insider and the article whose outlet is not named"."""
    names = list(dict.fromkeys(_article_called(knowledge, a) for a in article_ids))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_articles(knowledge: KnowledgeBase) -> set[str]:
    """The outlets the pack holds an article of."""
    return {article.outlet for article in knowledge.articles.values()}


def _only_in(question: str, text: str, snapshot: Snapshot) -> Answer | None:
    """ "What does the BI version have that the other one doesn't?", "what does BI leave out?":
    the facts some articles report and the others do not, in the pack's order (None: the
    question is no such question, or names no outlet whose articles the pack holds)."""
    asked = only_in_question(text)
    if asked is None:
        return None
    knowledge, analyzer = snapshot.knowledge, snapshot.index.analyzer
    lacks = analyzer.outlets_named(asked.lacks)
    has = analyzer.outlets_named(asked.has) if asked.has else set()
    if not lacks or (asked.has and not has) or has & lacks:
        return None  # "what did sessions say that he didn't mean": no article in it
    articles = knowledge.articles
    lacking = [a for a in articles if articles[a].outlet in lacks]
    having = [a for a in articles if (articles[a].outlet in has if has else a not in lacking)]
    if not lacking or not having:
        return None
    theirs = {c for a in lacking for c in knowledge.claims_by_article.get(a, ())}
    only = list(
        dict.fromkeys(
            c for a in having for c in knowledge.claims_by_article.get(a, ()) if c not in theirs
        )
    )

    def named(article_ids: list[str]) -> str:
        return _articles_listed(knowledge, article_ids)

    # what an article says of itself ("Business Insider's headline says", "the Business Insider
    # article carries a photo") after what it reports of the story
    outlets_of = {a: knowledge.outlet_of(a) for a in having}

    def of_itself(claim_id: str) -> bool:
        claim = knowledge.claims[claim_id]
        return any(
            outlets_of[r.article].known and outlets_of[r.article].display in claim.statement
            for r in claim.reports
            if r.article in outlets_of
        )

    # and first what it quotes that the others do not: its own voices
    def quoted_only_here(claim_id: str) -> bool:
        return any(
            not {r.article for r in knowledge.quotes[q].reports} & set(lacking)
            for q in knowledge.quotes_by_claim.get(claim_id, ())
        )

    only.sort(key=lambda c: (of_itself(c), not quoted_only_here(c)))
    if not only:
        lead = f"Every fact {named(having)} reports, {named(lacking)} reports too."
        return Answer(
            question, True, "answered", 1.0, lead=lead, pack_version=knowledge.info.version
        )
    shown: list[str] = []
    quoted: set[str] = set()
    for claim_id in only:  # each quote once: a second fact on the same words waits
        own = set(knowledge.quotes_by_claim.get(claim_id, ()))
        if own and own <= quoted:
            continue
        shown.append(claim_id)
        quoted |= own
        if len(shown) == thresholds.MAX_CLUSTER:
            break
    counted = "fact" if len(only) == 1 else "facts"
    lead = f"{named(having)} reports {len(only)} {counted} that {named(lacking)} does not"
    first = _COUNTS.get(len(shown), len(shown))
    lead = _capitalised(lead) + (f"; the first {first}:" if len(only) > len(shown) else ":")
    answer = _answer(question, knowledge, shown, 1.0, more=len(only) - len(shown))
    return replace(answer, lead=lead)


# What a reader calls a line of the reporting, not part of it ("the A.G.'s policy line")
_LINE_NOUNS = re.compile(
    r"(?i)^(?:the|that|this|his|her|their|its)\s+|\s+(?:line|lines|quote|quotes|phrase|part|"
    r"bit|bits|words|wording|comment|remark|sentence|passage)$"
)


def _named_words(topic: str) -> str | None:
    """The words a topic names a line by (None: too few to tell a line by)."""
    core = _LINE_NOUNS.sub("", _LINE_NOUNS.sub("", topic.strip()))
    return core if len(plain_words(core).split()) >= thresholds.NAMED_LINE_WORDS else None


def _coverage_lead(
    knowledge: KnowledgeBase,
    answer: Answer,
    outlets: set[str],
    topic: str,
    *,
    compare: bool,
    carrying: set[str] | None = None,
) -> str:
    """Which articles report the answer's first fact, said before it: of the outlets asked
    about, or of all the pack's articles; and, asked to compare, whether they tell it alike.
    An article that does not report the fact may still use the words asked about, in a
    sentence no fact cites: then that sentence is quoted, not a bare "no"."""
    first = answer.claims[0]
    reporting = carrying or {a.article for a in first.attributions}
    every = list(knowledge.articles)

    def called(article_id: str) -> str:
        return _article_called(knowledge, article_id)

    def listed(article_ids: list[str]) -> str:
        return _articles_listed(knowledge, article_ids)

    carried = [a for a in every if a in reporting]
    missing = [a for a in every if a not in reporting]

    def mention(article_ids: list[str]) -> tuple[str, str] | None:
        """The first of these articles whose text uses the words asked about, with the
        sentence."""
        for article_id in article_ids if topic else ():
            sentence = mention_in(knowledge.articles[article_id].text, topic)
            if sentence is not None:
                return called(article_id), sentence
        return None

    if outlets:
        asked_of = [a for a in every if knowledge.articles[a].outlet in outlets]
        lacking = [a for a in asked_of if a not in reporting]
        used = mention(lacking)
        if not lacking:
            said = f"Yes: {listed(asked_of)} reports this."
        elif used is not None:
            said = f"Yes, it says: “{used[1]}” The fact below is {listed(carried)}'s."
        else:
            said = f"No: {listed(lacking)} does not report this; {listed(carried)} does."
        return _capitalised(said)
    if not missing:
        said = "Both articles report this" if len(every) == 2 else "Every article reports this"
        if compare and answer.discrepancies:
            return f"{said}, and they tell it differently:"
        if compare:
            # no recorded disagreement: each article's own words, side by side
            words = "; ".join(
                f"{called(a.article)}, “{_shortened(a.excerpt.strip(_QUOTE_MARKS))}”"
                for a in first.attributions
                if a.excerpt
            )
            return f"{said}. In their own words: {words}" if words else f"{said}."
        return f"{said}."
    said = f"Only {listed(carried)} reports this; {listed(missing)} does not."
    used = mention(missing)
    if used is not None:
        said = f"Only {listed(carried)} reports this; {used[0]} uses the words in: “{used[1]}”"
    if compare:
        said += " So there is no second account to compare."
    return _capitalised(said)


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
    ranking = _rank(snapshot, checked)
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
    ranking = _rank(snapshot, text)
    for candidate in ranking.candidates[: thresholds.REQUOTE_CANDIDATES]:
        if candidate.target.kind == "gap":
            continue
        words = _plain_words_of(candidate, knowledge)
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
    answer = _respond(question, reading, snapshot, context, excluded)
    if answer.answered and set(claims) & {c.id for c in answer.claims}:
        return answer
    return None


def _checks(text: str) -> bool:
    """Does the message check something ("bash was the incoming us attorney?", "did he say
    it?") rather than ask with a question word?"""
    said = tokens(text)
    return bool(said) and said[0] not in _WH_WORDS


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
        _respond(question, alternative, snapshot, context, excluded)
        for alternative in offered_alternatives(text)
    ]
    if any(reading.outcome == "gap" for reading in readings):
        return None  # "86 pages or 64 pages": what one half asks is recorded as not reported
    answered = [r for r in readings if r.answered and r.kind == "facts" and r.claims]
    if not answered:
        return None
    chosen = list(dict.fromkeys(c.id for reading in answered for c in reading.claims))
    return _answer(
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
    halves = [_respond(question, part, snapshot, context, excluded) for part in parts]
    if not all(h.answered and h.kind == "facts" and h.claims for h in halves):
        return None
    first, second = ([c.id for c in h.claims] for h in halves)
    if set(first) & set(second):
        return None  # one fact answers both: it is one question, which the whole declined
    return _answer(
        question,
        snapshot.knowledge,
        list(dict.fromkeys(first + second)),
        min(h.confidence for h in halves),
        yes_no=asks_yes_no(text),
    )


def _respond(
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
        intent = read_intent(text, snapshot.index.analyzer)
    if intent.kind == "social":
        return _help(question, knowledge)
    if intent.kind == "story":
        if intent.entity in knowledge.documents:
            return _document(question, knowledge, intent.entity)
        return _story(question, knowledge)
    if intent.kind == "people":
        return _people(question, knowledge)
    if intent.kind == "sources":
        listed = _sources(question, knowledge, intent.entity, intent.detail)
        if (
            intent.detail == "published"
            and intent.entity
            and intent.entity not in _with_articles(knowledge)
        ):
            # "what day did the times publish this": the pack holds no article of the Times,
            # but a fact may say when it published
            told = _facts(question, text, snapshot, _rank(snapshot, text), context)
            if told.answered:
                return told
        return listed
    if intent.kind == "differences":
        return _differences(question, knowledge)
    if intent.kind == "unknown_name":
        return _unknown_name(question, knowledge, intent)

    ranking = _rank(snapshot, text)
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
        return replace(_decline(question, outcome, ranking, knowledge, version), note=note)
    if intent.kind == "speaker" and intent.entity:
        spoken = _speaker(question, knowledge, intent.entity, ranking, excluded)
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
        neither = _neither(question, knowledge, knowledge.people[intent.entity], intent.options)
        if neither is not None:
            return neither
    if intent.kind in ("person", "speaker") and intent.entity and not silent:
        card = _person(question, knowledge, intent.entity, ranking, excluded)
        # "what did the breastfeeding women say": who they are is unnamed, but what they said
        # may well be reported
        if card is not None and (card.answered or intent.kind == "person"):
            return card
    return _facts(question, text, snapshot, ranking, context)


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


def _facts(
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
            if not _clears(fitting.best, ranking):
                placed = _placed_in_order(question, expected, ranking, knowledge)
                if placed is not None:
                    return placed
                declined = _decline(question, "no_match", ranking, knowledge, version)
                return replace(declined, note=_lacking(expected, ranking, knowledge))
            ranking = fitting
    if quoted:
        ranking = _holding_first(ranking, quoted, knowledge)
    best = ranking.best
    # The reader's own quote, held word for word (or a word off), is what the words and the
    # meaning agree on, and no fact without it is a rival.
    agreed = (
        best is not None
        and best.score >= thresholds.AGREEING_THRESHOLD
        and _holds_phrase(best, quoted, knowledge)
    )
    if not (agreed or _clears(best, ranking)):
        return _decline(question, "no_match", ranking, knowledge, version)
    ranking = _without_gaps_further_in_meaning(ranking, knowledge)

    asked = answer_category(text, expected)

    def beside_the_question(candidate: Candidate) -> bool:
        return _about_someone_unasked(candidate, ranking, snapshot) or _asks_another_kind(
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
            return _decline(question, "no_match", ranking, knowledge, version)
    best = ranking.best
    if best.target.kind == "gap":
        tied = _answering_leading_gap(expected, text, ranking, knowledge)
        if tied is None:
            return _gap(question, knowledge, best)
        ranking = replace(
            ranking, candidates=(tied, *(c for c in ranking.candidates if c is not tied))
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
        or _suggested_over_gap(text, ranking, best, gap, knowledge)
    ):
        rivals = [c for c in rivals if c.target.kind != "gap"]
        gap = None
    if gap is not None:
        return _gap(question, knowledge, gap)  # a tie with a recorded gap stays a decline
    narrow = snapshot.index.narrow_topics
    if rivals and not all(_same_subject(knowledge, narrow, best, r) for r in rivals):
        leaning = [c for c in (best, *rivals) if context & set(c.target.claims)]
        if not leaning and context:
            # "how many pages?" after what Horowitz investigated: the draft's, which is his,
            # not the rebuttal's; the answer before was about him
            before = _claim_subjects(knowledge, narrow, context)
            leaning = [c for c in (best, *rivals) if _subjects(knowledge, narrow, c) & before]
        if len(leaning) != 1:
            return _choice(question, knowledge, best, rivals)
        best, rivals = leaning[0], []  # the one the conversation was already on

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
    shown = chosen[: max(thresholds.MAX_CLUSTER, len(claim_ids))]
    disc_ids: dict[str, None] = {}
    if best.target.kind == "discrepancy":
        disc_ids[best.target.id] = None
    return _answer(
        question,
        knowledge,
        shown,
        round(min(best.score, 1.0), 3),
        discrepancies=disc_ids,
        more=len(chosen) - len(shown),
        yes_no=asks_yes_no(text),
    )


def _about_someone_unasked(candidate: Candidate, ranking: Ranking, snapshot: Snapshot) -> bool:
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
    # (a question that names no one may well ask what the gap records)
    return bool(subjects) and bool(named) and not subjects & named


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
        lambda ids: answer_with_claims(question, knowledge, ids),
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
    wanted = category_asked(gap.asks, snapshot.index.analyzer)
    if wanted is None:
        return False
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
    words = _plain_words_of(candidate, knowledge)
    return any(quoted_in(words, phrase, thresholds.MISQUOTED_FROM) for phrase in quoted)


def _plain_words_of(candidate: Candidate, knowledge: KnowledgeBase) -> str:
    """Everything the candidate's facts say (statements, excerpts, quotes) as plain words."""
    return plain_words(_told_in(candidate, knowledge))


def _told_in(candidate: Candidate, knowledge: KnowledgeBase) -> str:
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
    """ "When was the call where sessions said that stuff": the gap on the call's exact day
    leads the fact that says "May 2018" by less than a tie. The fact answers over it as it
    would if it led (:func:`_answers_over_gap`), except for a place, which nearly every fact
    holds ("at the border", "in a speech") and so tells nothing over a gap that leads."""
    best = ranking.best
    if best is None or expected.kinds & {"place", "named_place"}:
        return None
    return next(
        (
            c
            for c in ranking.candidates[1:]
            if best.score - c.score < thresholds.MIN_MARGIN
            and c.target.kind != "gap"
            and _answers_over_gap(expected, text, c, knowledge)
        ),
        None,
    )


# Words that ask past what a fact holds ("what else did the response say"): what a gap records.
_BEYOND = re.compile(r"\b(?:else|more|other|rest|further|additional)\b")


def _suggested_over_gap(
    text: str, ranking: Ranking, best: Candidate, gap: Candidate, knowledge: KnowledgeBase
) -> bool:
    """ "Who put out that 64-page response": the fact on the response answers it, though the gap
    on what else the response says ties with it. A fact the tied gap itself points to (its
    ``suggest``) answers over it when it holds every term of the question and the question
    asks for nothing past it: no more, no other, no more precision than it gives."""
    if best.target.kind == "gap" or asks_precisely(text) or _BEYOND.search(" ".join(tokens(text))):
        return False
    if not set(best.target.claims) & set(knowledge.gaps[gap.target.id].suggest):
        return False
    asked = set(ranking.terms)
    return len(asked) >= thresholds.OVER_GAP_TERMS and asked <= best.target.terms


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
    asked = [ASKED_FOR[k] for k in sorted(expected.kinds) if k in ASKED_FOR]
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


_AUXILIARIES = frozenset(
    "did does do is was were are has have had can could will would should may might must".split()
)


def asks_yes_no(question: str) -> bool:
    """ "did sessions cooperate?", "is the report final?": the reply should open with what the
    reporting says on it, not with a "yes" the facts may not bear out. Read from the words
    alone, so that marks and emoji around them change nothing."""
    said = tokens(question)
    return bool(said) and said[0] in _AUXILIARIES


def _answer(
    question: str,
    knowledge: KnowledgeBase,
    claim_ids: list[str],
    confidence: float,
    *,
    discrepancies: dict[str, None] | None = None,
    **fields: object,
) -> Answer:
    """Facts with every discrepancy that bears on them: no version is ever left out."""
    disc_ids = dict(discrepancies or {})
    for claim_id in claim_ids:
        disc_ids.update(dict.fromkeys(knowledge.discrepancies_by_claim.get(claim_id, ())))
    return Answer(
        question,
        True,
        "answered",
        confidence,
        claims=tuple(claim_view(knowledge, knowledge.claims[c]) for c in claim_ids),
        discrepancies=tuple(discrepancy_view(knowledge, d) for d in disc_ids),
        pack_version=knowledge.info.version,
        **fields,  # type: ignore[arg-type]
    )


def answer_with_claims(
    question: str, knowledge: KnowledgeBase, claim_ids: tuple[str, ...]
) -> Answer | None:
    """An answer that is exactly these claims (a pressed suggestion, an answer's "More", "says
    who?" after an answer), with every discrepancy that bears on them; None when one of them
    has left the facts."""
    if not claim_ids or any(c not in knowledge.claims for c in claim_ids):
        return None
    return _answer(question, knowledge, list(claim_ids), 1.0)


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


def _gap(question: str, knowledge: KnowledgeBase, candidate: Candidate) -> Answer:
    gap = knowledge.gaps[candidate.target.id]
    suggestions = tuple(as_question(knowledge.claims[c]) for c in gap.suggest)
    return Answer(
        question,
        False,
        "gap",
        round(min(candidate.score, 1.0), 3),
        suggestions=suggestions[:MAX_SUGGESTIONS],
        note=gap.note,
        pack_version=knowledge.info.version,
    )


def _choice(
    question: str, knowledge: KnowledgeBase, best: Candidate, rivals: list[Candidate]
) -> Answer:
    """Several different points fit equally well: ask which one, rather than guess."""
    options: dict[str, None] = {}
    for candidate in [best, *rivals]:
        for claim_id in candidate.target.claims[:1]:
            options.setdefault(as_question(knowledge.claims[claim_id]), None)
    return Answer(
        question,
        False,
        "choice",
        round(min(best.score, 1.0), 3),
        suggestions=tuple(options)[: thresholds.MAX_CHOICES],
        pack_version=knowledge.info.version,
    )


def _decline(
    question: str, outcome: str, ranking: Ranking, knowledge: KnowledgeBase, version: str
) -> Answer:
    suggestions: dict[str, None] = {}
    for candidate in ranking.candidates:
        if candidate.score < thresholds.SUGGESTION_FLOOR or candidate.target.kind == "gap":
            continue
        for claim_id in candidate.target.claims[:1]:
            suggestions.setdefault(as_question(knowledge.claims[claim_id]), None)
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
    if not suggestions:
        # Nothing is close: offer the pack's opening claims, so a stranger learns its scope.
        for claim in list(knowledge.claims.values())[:MAX_SUGGESTIONS]:
            suggestions.setdefault(as_question(claim), None)
    best = ranking.best
    return Answer(
        question,
        False,
        outcome,  # type: ignore[arg-type]
        round(min(best.score, 1.0), 3) if best else 0.0,
        suggestions=tuple(suggestions)[:MAX_SUGGESTIONS],
        pack_version=version,
    )


# --- answers built from the pack's own fields ---------------------------------------------------


def _opening_questions(knowledge: KnowledgeBase) -> tuple[str, ...]:
    return tuple(as_question(c) for c in list(knowledge.claims.values())[:MAX_SUGGESTIONS])


def _help(question: str, knowledge: KnowledgeBase) -> Answer:
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


def _story(question: str, knowledge: KnowledgeBase) -> Answer:
    info = knowledge.info
    lead = info.summary or info.description
    if lead is None:  # a pack without a summary: its opening facts tell the story
        opening = list(knowledge.claims)[: thresholds.MAX_CLUSTER]
        return _answer(question, knowledge, opening, 1.0, kind="story")
    return _from_fields(
        question, knowledge, kind="story", lead=lead, sources=tuple(source_views(knowledge))
    )


def _document(question: str, knowledge: KnowledgeBase, document_id: str) -> Answer:
    """What a document holds ("what was the IG report about"): the pack's description of it,
    then the first facts the articles credit to it, each with its chain of credit."""
    document = knowledge.documents[document_id]
    credited = knowledge.claims_by_document.get(document_id, ())
    shown = list(credited[: thresholds.MAX_CLUSTER])
    lead = document.description or f"The reporting cites {document.title}."
    return _answer(
        question, knowledge, shown, 1.0, kind="story", lead=lead, more=len(credited) - len(shown)
    )


def _people(question: str, knowledge: KnowledgeBase) -> Answer:
    """Who the story is about: the named people, most written about first, with their roles."""
    people = _mentioned(knowledge)[: thresholds.MAX_PEOPLE]
    if not people:
        return _story(question, knowledge)
    lines = ["The people in this reporting:"]
    lines += [f"• {p.name}" + (f" — {p.role}" if p.role else "") for p in people]
    return _from_fields(
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


def _sources(
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
    return _from_fields(
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
    return Answer(
        question,
        False,
        "gap",
        1.0,
        suggestions=("Who reported this?",),
        note=note,
        pack_version=knowledge.info.version,
    )


def _differences(question: str, knowledge: KnowledgeBase) -> Answer:
    """Where the outlets tell it differently: the first points the pack records, each with
    every version; the rest are counted (``/discrepancies`` in Discord lists them all)."""
    points = list(knowledge.discrepancies)
    if not points:
        lead = "The articles tell no point differently, as far as these facts record."
        return _from_fields(question, knowledge, kind="differences", lead=lead)
    shown = points[: thresholds.MAX_DIFFERENCES]  # each with its versions: they are long
    count = len(points)
    lead = f"The articles tell {count} point{'s' if count != 1 else ''} differently" + (
        f"; the first {len(shown)}:" if len(shown) < count else ":"
    )
    return _from_fields(
        question,
        knowledge,
        kind="differences",
        lead=lead,
        discrepancies=tuple(discrepancy_view(knowledge, d) for d in shown),
        more=count - len(shown),
    )


def _from_fields(question: str, knowledge: KnowledgeBase, **fields: object) -> Answer:
    """An answer built from the pack's own fields (the story, the people, the sources): certain,
    so its confidence is 1."""
    return Answer(
        question,
        True,
        "answered",
        1.0,
        pack_version=knowledge.info.version,
        **fields,  # type: ignore[arg-type]
    )


def _mentioned(knowledge: KnowledgeBase) -> list[Person]:
    """The named people, most written about first."""
    about = knowledge.claims_by_person
    named = [p for p in knowledge.people.values() if p.named]
    return sorted(named, key=lambda p: -len(about.get(p.id, ())))


def _unknown_name(question: str, knowledge: KnowledgeBase, intent: Intent) -> Answer:
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


def _about(knowledge: KnowledgeBase, entity_id: str, ranking: Ranking) -> list[str]:
    """Claims about someone: those that name them, the ones the question fits best first."""
    return list(ranking.lead_first(knowledge.claims_by_person.get(entity_id, ())))


# Asking what happened to someone, or what is known of them, not who they are
_ASKS_ABOUT = re.compile(
    r"(?i)^\W*(?:so |and |but |ok )?(?:what happened (?:to|with)|what about|how about|tell me "
    r"about|anything (?:on|about)|what(?:'s| is|s) (?:the deal|the story|up) with|info "
    r"(?:on|about)|what do we know about)\b"
)


def _neither(
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
    return Answer(
        question,
        False,
        "gap",
        1.0,
        note=f"The reporting does not say which.{called}",
        pack_version=knowledge.info.version,
    )


def _person(
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
    if person is not None and not person.named and about and _ASKS_ABOUT.search(question):
        # "what happened with the breastfeeding mothers": what the reporting says of them; it
        # does not ask who they are
        shown = about[: thresholds.MAX_CLUSTER]
        return _answer(question, knowledge, shown, 1.0, more=len(about) - len(shown))
    if person is not None and not person.named:
        what = person.description or person.role or person.name
        return Answer(
            question,
            False,
            "gap",
            1.0,
            suggestions=tuple(as_question(knowledge.claims[c]) for c in about[:MAX_SUGGESTIONS]),
            note=f"The reporting does not name them; it describes them as {what}.",
            pack_version=knowledge.info.version,
        )
    shown = about[: thresholds.MAX_CLUSTER]
    return _answer(
        question, knowledge, shown, 1.0, kind="person", person=view, more=len(about) - len(shown)
    )


def _speaker(
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
    authored = [] if own else [d.id for d in knowledge.documents.values() if d.author == entity_id]
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
    return _answer(
        question, knowledge, shown, 1.0, kind="quotes", person=view, more=len(claims) - len(shown)
    )


_WH_WORDS = frozenset("what who whom whose when where why how which".split())
_QUESTION_WORDS = _AUXILIARIES | _WH_WORDS


def _opens_a_question(text: str) -> bool:
    said = tokens(text)
    return bool(said) and said[0] in _QUESTION_WORDS


def as_question(claim: Claim) -> str:
    """A suggestion is offered as something to ask, in the pack's own reader phrasing: the first
    of its asks that reads as a question ("did sessions blame parents"), not a fragment a
    reader might type ("not our fault quote"), whatever order the curator wrote them in."""
    if not claim.asks:
        return claim.statement
    ask = next((a for a in claim.asks if _opens_a_question(a)), claim.asks[0])
    return ask if ask.endswith("?") else f"{ask}?"


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
