"""Answers about the articles as texts: a part of one word for word ("the second paragraph of
the BI piece"), what some report that the others do not, and which of them report a fact, said
before it ("Only Business Insider reports this")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot import thresholds
from bot.answers import replies
from bot.answers.catalog import source_views
from bot.answers.model import Answer
from bot.knowledge.model import KnowledgeBase
from bot.matching.coverage import mention_in, only_in_question
from bot.matching.language import plain_words
from bot.matching.passages import bullet_points, cut, ending, paragraphs, passage_question
from bot.store import Snapshot

_QUOTE_MARKS = "“”\"' "


def shortened(text: str) -> str:
    """A quoted excerpt cut, at a word, to what a lead has room for."""
    limit = thresholds.LEAD_EXCERPT_CHARS
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def line_words(text: str) -> str:
    """Plain words with no stops or apostrophes inside them: "A.G.'s" and "AG's" are one."""
    return plain_words(re.sub(r"[.'’]", "", text))


def carrying(knowledge: KnowledgeBase, claim_ids: Iterable[str], phrase: str) -> set[str]:
    """The articles whose own words of these facts (excerpts, quotes as each carries them) hold
    the phrase: a line one article quotes may sit in a fact both report."""
    found: set[str] = set()
    for claim_id in claim_ids:
        claim = knowledge.claims[claim_id]
        for report in claim.reports:
            if f" {phrase} " in f" {line_words(report.excerpt)} ":
                found.add(report.article)
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            quote = knowledge.quotes[quote_id]
            for carried in quote.reports:
                if f" {phrase} " in f" {line_words(carried.text or quote.text)} ":
                    found.add(carried.article)
    return found


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five"}


_PLACES = {0: "first", 1: "second", 2: "third", 3: "fourth", 4: "fifth", 5: "sixth", -1: "last"}


_MANY_ARTICLES = re.compile(r"(?i)\b(?:both|each|either|all|every|two)\b")


def bulleted(knowledge: KnowledgeBase) -> str | None:
    """The outlet of the one article with bullet points (None: none has any, or several do)."""
    having = [a.outlet for a in knowledge.articles.values() if bullet_points(a.text)]
    return having[0] if len(having) == 1 else None


def passage(question: str, text: str, snapshot: Snapshot) -> Answer | None:
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
    if not chosen and asked.bullets and not _MANY_ARTICLES.search(text):
        # "what's the second bullet": of the one article that has bullet points, if only one does
        chosen = [a for a in knowledge.articles.values() if a.outlet == bulleted(knowledge)]
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
        return replies.lacking(question, knowledge, f"{whose} {has}", sources=sources)
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


def article_called(knowledge: KnowledgeBase, article_id: str) -> str:
    """An article as a sentence names it: its outlet, or what the pack can say of it."""
    outlet = knowledge.outlet_of(article_id)
    return outlet.display if outlet.known else "the article whose outlet is not named"


def articles_listed(knowledge: KnowledgeBase, article_ids: Iterable[str]) -> str:
    """ "Business Insider", "Business Insider and the article whose outlet is not named"."""
    return listed(list(dict.fromkeys(article_called(knowledge, a) for a in article_ids)))


def listed(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def own_words_lead(knowledge: KnowledgeBase, answer: Answer, phrase: str) -> str | None:
    """ "'Driving force' behind what, exactly?": each article's sentence holding the phrase the
    reader asks about, in its own words, said before the answer (None: the answer's first
    fact does not hold the phrase, or no article's text does)."""
    first = answer.claims[0]
    held = plain_words(" ".join([first.statement, *(a.excerpt or "" for a in first.attributions)]))
    if plain_words(phrase) not in held:
        return None
    said = []
    for article_id, article in knowledge.articles.items():
        sentence = mention_in(article.text, phrase)
        if sentence is not None:
            said.append(f"{article_called(knowledge, article_id)}, “{sentence}”")
    return capitalised(f"in the articles' own words: {'; '.join(said)}") if said else None


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def outlets_with_articles(knowledge: KnowledgeBase) -> set[str]:
    """The outlets the pack holds an article of."""
    return {article.outlet for article in knowledge.articles.values()}


def only_in(question: str, text: str, snapshot: Snapshot) -> Answer | None:
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
        return articles_listed(knowledge, article_ids)

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
    lead = capitalised(lead) + (f"; the first {first}:" if len(only) > len(shown) else ":")
    answer = replies.facts(question, knowledge, shown, 1.0, more=len(only) - len(shown))
    return replace(answer, lead=lead)


# What a reader calls a line of the reporting, not part of it ("the A.G.'s policy line")
_LINE_NOUNS = re.compile(
    r"(?i)^(?:the|that|this|his|her|their|its)\s+|\s+(?:line|lines|quote|quotes|phrase|part|"
    r"bit|bits|words|wording|comment|remark|sentence|passage)$"
)


def named_words(topic: str) -> str | None:
    """The words a topic names a line by (None: too few to tell a line by)."""
    core = _LINE_NOUNS.sub("", _LINE_NOUNS.sub("", topic.strip()))
    return core if len(plain_words(core).split()) >= thresholds.NAMED_LINE_WORDS else None


def coverage_lead(
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
        return article_called(knowledge, article_id)

    def listed(article_ids: list[str]) -> str:
        return articles_listed(knowledge, article_ids)

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
        return capitalised(said)
    if not missing:
        said = "Both articles report this" if len(every) == 2 else "Every article reports this"
        if compare and answer.discrepancies:
            return f"{said}, and they tell it differently:"
        if compare:
            # no recorded disagreement: each article's own words, side by side
            words = "; ".join(
                f"{called(a.article)}, “{shortened(a.excerpt.strip(_QUOTE_MARKS))}”"
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
    return capitalised(said)
