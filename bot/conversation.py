"""Follow-ups: "and the AG?", "what did she say", "when?" read against the question before.

A person in a channel asks the way people talk: the second question leans on the first. Each
person in each place (a channel, a DM, a console session) has a :class:`Conversation` holding
their last question for a few minutes. A short message that leans on it (it starts with "and" or
"what about", names someone new, says "he" or "that", or is only "when?") is rewritten into a
whole question from the one before; anything else is a question of its own. The rewriting is
pure and works on the pack's own names, so it knows no story.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Container, Hashable
from dataclasses import dataclass, replace

from bot import thresholds
from bot.answers.articles import bulleted
from bot.answers.compose import answer_question
from bot.answers.decide import SetAside, one_reply
from bot.answers.model import Answer
from bot.answers.replies import answer_with_claims
from bot.answers.text import render_text
from bot.knowledge.model import KnowledgeBase, Organization, Person
from bot.matching.coverage import coverage_question
from bot.matching.expectation import expectation, holds_kind
from bot.matching.index import Analyzer
from bot.matching.language import (
    FORMS,
    GIVEN_FORMS,
    PERSON_NOUNS,
    PERSONAL_PRONOUNS,
    STOPWORDS,
    as_corrected,
    question_frame,
    tokens,
    two_questions,
)
from bot.matching.passages import another_place, asked_as, passage_question
from bot.matching.sequence import sequence_question
from bot.store import Snapshot

_MARKERS = re.compile(
    r"^(and|also|so|ok|okay|then|but|plus|what about|how about|and what about|and how about|"
    r"same for|same with|what of|and for|and also|now)\b\s*"
)
# A fragment that opens with a preposition or "anything about" cannot stand alone: "of which
# policy?", "by who?", "anything about kids?" finish the question before.
_FINISHING = re.compile(
    r"^(of|in|on|to|by|for|from|with|at|about|regarding|anything (else )?(about|on|re|regarding)|"
    r"any mention of|something about)\b"
)
_BEING = frozenset("is was are were s".split())  # "who is X" asks about X
# "who did Rosenstein deliver it to": X did something, and "he" after it is still X
_DOING = frozenset("did does do has have had will would can could".split())
# After an answer: who said that, and is it so? The answer's facts carry both.
_WHO_SAID_IT = re.compile(
    r"^(who said (that|this|it|so)|says who|sez who|who says( so| that)?|according to (who|whom)|"
    r"who told (you|u) (that|this)|(is|was|are|were) (that|this|it|they|she|he) "
    r"(really |actually )?(true|right|correct|accurate|legit|real)"
    r"( tho| though| then| really| lol)?|"
    r"(for )?real|you sure|are you sure|r u sure|u sure|source for (that|this)|"
    r"(any |what is the |whats the |got )?(proof|evidence|source|sources|citation)"
    r"( for (that|this)| of (that|this))?|how do (you|we|they) know( that| this)?|"
    r"where (is|was|does|did) (that|this) (come |came )?from|(is|was) (that|this|it) "
    r"(confirmed|verified|official)|confirmed|"
    r"whats the source( for (that|this))?|who reported (that|this|it)|"
    r"(the |their |his |her )?(exact|actual|full|direct|original)? ?(quote|quotes|words|wording)|"
    r"(what were|whats) (the|their|his|her) exact words)$"
)
# "how?", "how'd she say it", "how did he tell them, like in person or what": after an answer
# that says what someone said or passed on, how they did (on a call, in an email, in a tweet),
# which the answer's facts and quotes already say
_HOW_IT_WAS_SAID = frozenset(
    "how d say said says saying tell told tells telling send sent pass passed relay relayed "
    "deliver delivered communicate communicated share shared announce announced put get got "
    "word message news exactly like person what or way means form even".split()
)
_SAYING_IT = _HOW_IT_WAS_SAID - frozenset(
    "how d exactly like person what or way means form even word message news".split()
)
_HOW_MEASURES = frozenset("many much long old come often far big soon young large".split())
# "what else did he say?", "anyone else?", "anything more from him?": the question before,
# answered with what it did not show yet
_ELSE = frozenset("else more".split())
# ...and when the follow-up says nothing of its own beside such words, it is the question before
_ELSE_FILLER = frozenset(
    "else more anything anyone anybody something someone somebody any from say said says tell "
    "told did does do is was there".split()
)
# Words that ask whether an outlet carries something ("is that in the BI piece too?")
_CARRIES = frozenset(
    "piece article story report reports reported say says said mention mentions mentioned "
    "too also well as have has carry carries".split()
)
# "2", "the first one", "option 3": one of the choices or suggestions the reply before offered
_PICK = re.compile(
    r"^(?:(?:the|option|number|no|choice|pick|i mean|i meant)\s+)*(\d{1,2}|first|second|third|1st|"
    r"2nd|3rd|last)(?:\s+(?:one|option|choice|question))?(?:\s+please)?$"
)
# "the BI one", "the other piece": words that point at an article without asking anything
_ONE_OF_THEM = frozenset("one ones other piece pieces version versions".split())
_PLACES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_PERSONAL = PERSONAL_PRONOUNS
_SINGULAR = frozenset("he she him her his hers himself herself".split())
_BODY_PRONOUNS = frozenset("they them their theirs".split())  # a department, as readers say it
_QUESTION_WORDS = frozenset("who whom whose what which when where why how".split())
_DEMONSTRATIVE = frozenset("that this it those these there then".split())
# what asks for a kind of thing rather than names one ("the exact quote", "how many")
_ASKING_WORDS = frozenset(
    "quote quotes quotation exact exactly full whole complete entire precise actual verbatim "
    "word words wording many much number".split()
)
MAX_CONVERSATIONS = 10_000


@dataclass(frozen=True, slots=True)
class Turn:
    question: str  # as understood (a follow-up already rewritten)
    answer: Answer
    at: float


def _entities(text: str, analyzer: Analyzer) -> list[str]:
    terms, _, _ = analyzer.terms(text, correct=True)
    return list(dict.fromkeys(t[1:] for t in terms if t.startswith("@")))


def _names(knowledge: KnowledgeBase, entity_id: str) -> list[str]:
    entity = knowledge.entity(entity_id)
    names = [knowledge.name_of(entity_id), *getattr(entity, "aliases", ())]
    parts = knowledge.name_of(entity_id).split()
    if len(parts) > 1:
        names.append(parts[-1])
    return sorted({n for n in names if n}, key=len, reverse=True)


def _alike(knowledge: KnowledgeBase, first: str, second: str) -> bool:
    """Could one stand for the other in a question? People and bodies can ("and the
    department?"), as can two documents; a person and a document cannot."""

    def kind(entity_id: str) -> str:
        entity = knowledge.entity(entity_id)
        return "actor" if isinstance(entity, Person | Organization) else type(entity).__name__

    return kind(first) == kind(second)


def _about(previous: Turn, snapshot: Snapshot, *, someone: bool = False) -> list[str]:
    """Whom the question before was about: those it named, else the person it was answered
    with ("who is the spokeswoman" names no one, but its answer is Alexa Vance), else the
    named person its first fact is about ("did any other newsroom see the draft?" is answered
    with Soboroff's tweet, and "how did he get the word out?" asks about him). ``someone``:
    for "he" or "she", who can only be a person the reporting names, never the draft."""
    analyzer, knowledge = snapshot.index.analyzer, snapshot.knowledge
    named = _entities(previous.question, analyzer)
    if someone:
        named = [e for e in named if e in knowledge.people and knowledge.people[e].named]
    words = tokens(previous.question)
    asks_who = bool(named) and words[0] in ("who", "whom") and not set(words[1:2]) & _BEING
    someone_else = asks_who and not set(words[1:2]) & _DOING
    if asks_who:
        # "who wrote down what Sessions said": the one asked for is not Sessions, and "their
        # name" after it is the writer's, whom the reporting may not name (nor is it whom the
        # fact that answered it is about: that is Sessions again).
        named = []
    if not named and previous.answer.person is not None:
        named = [previous.answer.person.id]
    if not named and not someone_else and previous.answer.answered and previous.answer.claims:
        first = knowledge.claims.get(previous.answer.claims[0].id)
        subject = knowledge.people.get(first.people[0]) if first and first.people else None
        if subject is not None and subject.named:
            named = [subject.id]
    return named


def _names_someone(entities: list[str], analyzer: Analyzer) -> bool:
    """Does the question name a person by name? "he" in "where was he US attorney?" or "what
    did he tell the prosecutors?" is still the one from before: a group, or someone the
    reporting does not name, is no "he"."""
    return any(analyzer.is_named_person(e) for e in entities)


_POSSESSIVE = frozenset("his her hers their theirs".split())


def _in_place_of_pronouns(words: list[str], name: str, pronouns: frozenset[str]) -> str:
    """'what did his office say' about Rod Rosenstein is 'what did Rosenstein's office say': a
    possessive stays one, on the surname, so that the name and what it owns are read together
    as the pack may name them ("Rosenstein's office")."""
    owner = f"{name.split()[-1]}'s"
    return " ".join((owner if w in _POSSESSIVE else name) if w in pronouns else w for w in words)


def _object_pronouns(words: list[str]) -> frozenset[str]:
    """ "him", and "her" where it is no possessive ("to her", "about her?", not "her
    statement"): pronouns that stand for someone other than the subject, who would be
    "himself"."""
    found = set()
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        if word == "him" or (word == "her" and (following is None or following in STOPWORDS)):
            found.add(word)
    return frozenset(found)


def _someone_else_from_before(
    words: list[str], mine: list[str], previous: Turn, snapshot: Snapshot
) -> str | None:
    """ "did Sessions respond to her?" after Tlaib's tweet: she is whom the question before
    was about, since a question naming one person would call them "himself" or "herself"."""
    objects = set(_object_pronouns(words))
    named = [e for e in mine if snapshot.index.analyzer.is_named_person(e)]
    if len(named) != 1:
        return None
    # "what did he conclude about Sessions": a "he" before the one named is someone else too
    # ("when Sessions called, what did he say" names him first, and he is Sessions)
    first_name = next(
        (i for i, w in enumerate(words) if named[0] in _entities(w, snapshot.index.analyzer)),
        None,
    )
    if first_name is not None:
        objects.update(w for w in words[:first_name] if w in ("he", "she"))
    if not objects:
        return None
    whom = _about(previous, snapshot, someone=True)
    if not whom or whom[0] in named:
        return None
    name = snapshot.knowledge.name_of(whom[0])
    return " ".join(name if word in objects else word for word in words)


def _outlet_only(words: list[str], analyzer: Analyzer) -> str | None:
    """The one outlet a message names when it asks nothing else ("does the BI article say that
    too?"), or None."""
    terms, _, _ = analyzer.terms(" ".join(w for w in words if w not in _CARRIES), correct=True)
    named = set(terms)
    if len(named) == 1:
        (term,) = named
        if term.startswith("@") and analyzer.is_outlet(term[1:]):
            return term[1:]
    return None


def _pronoun_only(
    question: str, words: list[str], previous: Turn, snapshot: Snapshot
) -> str | None:
    """A longer message is a question of its own, unless it says "he" or "his" and names no
    one: then it can only mean whom the question before was about, and says so in its place."""
    analyzer, knowledge = snapshot.index.analyzer, snapshot.knowledge
    if len(words) > thresholds.PRONOUN_FOLLOW_UP_MAX_WORDS:
        return None
    mine = _entities(question, analyzer)
    if _names_someone(mine, analyzer):
        # "what did he tell Vance": names its own someone ("the times" is no one)
        return _someone_else_from_before(words, mine, previous, snapshot)
    if not any(w in _SINGULAR for w in words):
        body = next(
            (e for e in _entities(previous.question, analyzer) if e in knowledge.organizations),
            None,
        )
        if body is not None and not mine and _acting(words, "they"):
            # "what did they say about the leak part" after what the DOJ said: the department
            return _in_place_of_pronouns(words, knowledge.name_of(body), _BODY_PRONOUNS)
        return None  # "they" in a long question is as often people in general
    before = _about(previous, snapshot, someone=True)
    if not before:
        return None
    return _in_place_of_pronouns(words, knowledge.name_of(before[0]), _SINGULAR)


def _another_passage(
    question: str, words: list[str], previous: Turn, snapshot: Snapshot
) -> str | None:
    """After a part of an article ("the bullet points of the BI article"): "and the second
    one?" or "the next paragraph" asks for another part of it, and "and the other article?"
    or "what about the unnamed one?" the same part of another article (None: neither). The
    bullet points of no article named are those of the one that has them."""
    analyzer = snapshot.index.analyzer
    before = passage_question(previous.question)
    article = analyzer.article_named(previous.question) if before is not None else None
    if article is None and before is not None and before.bullets:
        article = bulleted(snapshot.knowledge)
    if before is None or article is None or len(words) > thresholds.FOLLOW_UP_MAX_WORDS:
        return None
    asked = passage_question(question) or another_place(question, before)
    if asked is not None:
        named = analyzer.article_named(question)
        return asked_as(asked, analyzer.article_called(named or article))
    others = [a for a in analyzer.articles_of() if a != article]
    named = _outlet_only([w for w in words if w not in _ONE_OF_THEM], analyzer)
    if named is None and "other" in words and len(others) == 1:
        named = others[0]
    if named is None or named not in others:
        return None
    return asked_as(before, analyzer.article_called(named))


def _the_other_article(
    question: str, words: list[str], previous: Turn, analyzer: Analyzer
) -> str | None:
    """ "Can you summarize the BI article" then "and the other one?": the question before, of
    the other article (None: the question before names no one article, or the message asks
    more than which article)."""
    article = analyzer.article_named(previous.question)
    rest = _MARKERS.sub("", " ".join(words)).split()
    if article is None or not rest or not set(rest) <= _ONE_OF_THEM | _ARTICLE_WORDS:
        return None
    others = [a for a in analyzer.articles_of() if a != article]
    if len(others) != 1 or "other" not in rest:
        return None
    before = analyzer.name_articles(previous.question) or previous.question
    spelt = "|".join(re.escape(n) for n in analyzer.written_names(f"@{article}") if n)
    if not spelt:
        return None
    named = re.compile(
        rf"(?i)\b(?:the )?(?:{spelt})(?:'s|’s)?(?: (?:article|piece|story|write-?up))?\b"
    )
    other = named.sub(analyzer.article_called(others[0]), before, count=1)
    return other if other != before else None


# the words of "the other article" beside those of ``_ONE_OF_THEM``
_ARTICLE_WORDS = frozenset("the article articles story stories write writeup up".split())


def rewrite(question: str, previous: Turn, snapshot: Snapshot) -> str | None:
    """The whole question a follow-up stands for, or None when it is a question of its own."""
    words = tokens(question)
    if not words:
        return None
    analyzer, knowledge = snapshot.index.analyzer, snapshot.knowledge
    if set(words) & _ELSE and all(w in _ELSE_FILLER or w in _PERSONAL for w in words):
        return previous.question  # "anything else from him?"
    if len(words) > thresholds.FOLLOW_UP_MAX_WORDS:
        said, _, _ = analyzer.terms(question, correct=True)
        outlet = _outlet_only(words, analyzer)
        if outlet is not None and any(w in _DEMONSTRATIVE for w in words):
            # "what does the BI piece say about that?": the question before, as that outlet
            # reports it
            return f"{previous.question} according to {knowledge.name_of(outlet)}"
        if not said and any(w in _DEMONSTRATIVE for w in words):
            # "what does the other article say about that?": nothing of its own to ask, so
            # the question before, whose answer gives every article's account
            return previous.question
        return _pronoun_only(question, words, previous, snapshot)
    joined = " ".join(words)
    marked = _MARKERS.match(joined) is not None
    rest = _MARKERS.sub("", joined).strip()
    personal = [w for w in words if w in _PERSONAL]
    demonstrative = any(w in _DEMONSTRATIVE for w in words)
    content = [w for w in rest.split() if w not in STOPWORDS and w not in _PERSONAL]
    mine = _entities(rest, analyzer)
    before = _about(previous, snapshot)
    if _FINISHING.match(joined) and not marked:
        return f"{joined} {previous.question}"  # "of which policy?": the question before, finished
    if len(words) == 2 and words[0] in ("what", "which") and not mine:
        # "what party?", "which network?" after a question: what of it (or of them) is asked
        return f"{joined} {previous.question}"
    if not (marked or personal or demonstrative or not content):
        return None

    someone = bool(set(personal) & _SINGULAR)
    other = _someone_else_from_before(rest.split(), mine, previous, snapshot)
    if other is not None:
        return other
    if mine and not marked and words[0] in _QUESTION_WORDS:
        acting = _acting(words, "it")
        thing = _thing_before(previous, snapshot) if acting else None
        if thing is not None:
            # "what did it tell the times" after whether the DOJ responded to BI: the Times is
            # whom it told, and "it" is the department the question before named
            return re.sub(r"\bit\b", thing, " ".join(words), count=1)
        if not someone or _names_someone(mine, analyzer):
            return None  # "who was that prosecutor?" names its own subject: a question of its own
        mine = []  # "what district was he running?": the district is his, he is from before
    if someone and mine and not _names_someone(mine, analyzer):
        mine = []  # "was he the US attorney?": a group named beside "he" says what he was
    if mine and before and analyzer.is_outlet(mine[0]) and not analyzer.is_outlet(before[0]):
        # "what about BI?": the question before, as that outlet reports it
        return f"{previous.question} according to {knowledge.name_of(mine[0])}"
    if mine and before and not _alike(knowledge, mine[0], before[0]):
        # "how long was Rosenstein's rebuttal?" then "and the draft itself?": a document is
        # not someone else to ask the same of, but a new thing to ask it about (below).
        mine = []
    if mine and before and set(mine) != set(before):
        # "and the AG?": the question before, about someone else.
        others = [w for w in content if not _entities(w, analyzer)]
        if not others or marked:
            text = previous.question
            for name in _names(knowledge, before[0]):
                text = re.sub(
                    rf"\b{re.escape(name)}\b",
                    knowledge.name_of(mine[0]),
                    text,
                    count=1,
                    flags=re.IGNORECASE,
                )
            if text != previous.question:
                return text
            return f"{knowledge.name_of(mine[0])} {previous.question}"
        return None
    # ("their hands" after the draft's pages: a document is no "they")
    whom = (
        _about(previous, snapshot, someone=True)
        if someone
        else [e for e in before if e not in knowledge.documents]
    )
    if personal and not someone and whom and _one_named(knowledge, whom[0]):
        # "who was Sessions talking to" then "where were they based?": they are the
        # prosecutors the answer showed, not Sessions
        whom = _group_shown(previous, knowledge, before) or whom
    if (
        personal
        and whom
        and (someone or not _others_besides(previous.question, whom[0], knowledge))
    ):
        # "what did she say": she is whom the question before was about; in "what did he tell
        # them", only he is.
        pronouns = _SINGULAR if someone else _PERSONAL
        out = _in_place_of_pronouns(rest.split(), knowledge.name_of(whom[0]), pronouns)
        return out if out.strip() else None
    if marked and content and not mine and not demonstrative:
        # "how long was the rebuttal?" then "and the draft itself?": the same question (its
        # opening words, up to the first that carries meaning) about the new thing.
        frame = question_frame(previous.question)
        if _completes(frame):
            return f"{' '.join(frame)} {rest}"
    thing = _thing_before(previous, snapshot) if "it" in words else None
    if thing is not None:
        # "who wrote it" after what the 86-page thing is: the draft report the answer was about
        return re.sub(r"\bit\b", thing, " ".join(words), count=1)
    # "when?", "who said that": the question before, asked this way.
    return f"{rest} {previous.question}".strip()


def _one_named(knowledge: KnowledgeBase, entity_id: str) -> bool:
    """Is it one person the reporting names (whom "they" seldom stands for)?"""
    person = knowledge.people.get(entity_id)
    return person is not None and person.named


def _group_shown(previous: Turn, knowledge: KnowledgeBase, named: list[str]) -> list[str]:
    """The people the answer before spoke of whom the reporting does not name ("the
    prosecutors"), other than those its question ``named``: the first, if any."""
    if not previous.answer.answered or not previous.answer.claims:
        return []
    claim = knowledge.claims.get(previous.answer.claims[0].id)
    for person_id in claim.people if claim else ():
        person = knowledge.people.get(person_id)
        if person is not None and not person.named and person_id not in named:
            return [person_id]
    return []


def _others_besides(question: str, entity_id: str, knowledge: KnowledgeBase) -> bool:
    """ "Did the Times talk to any officials who read the draft?" then "how many of them": they
    are the officials, not the Times. Does the question before name people in the plural
    beside the one "they" would otherwise stand for?"""
    named = {w for name in _names(knowledge, entity_id) for w in tokens(name)}
    return any(
        word.endswith("s") and word[:-1] in PERSON_NOUNS and word not in named
        for word in tokens(question)
    )


def _completes(frame: list[str]) -> bool:
    """Does the question before's opening ask the same of a new thing put after it? "how long
    was" + "the draft" does; "what did" + "the leak" ("what did the DOJ say about the draft",
    then "and the leak?") or "who" + "the agency" leaves out what was asked of it."""
    return bool(frame) and frame[-1] not in _DOING and frame not in (["who"], ["what"])


def _acting(words: list[str], pronoun: str) -> bool:
    """Does the pronoun do something here ("what did it tell the times", "did they say"), not
    stand for what is being asked about ("was it the times")?"""
    return any(w == pronoun and i and words[i - 1] in _DOING for i, w in enumerate(words))


def _thing_before(previous: Turn, snapshot: Snapshot) -> str | None:
    """What "it" is after an answer: a document or body the question before named, else, when
    it named nothing ("whats the 86 page thing"), a document its answer's first fact speaks
    of; by the name readers give it (None: neither)."""
    analyzer, knowledge = snapshot.index.analyzer, snapshot.knowledge
    before = _entities(previous.question, analyzer)
    named = [e for e in before if e in knowledge.documents or e in knowledge.organizations]
    if not before and previous.answer.answered and previous.answer.claims:
        first = knowledge.claims.get(previous.answer.claims[0].id)
        spoken = _entities(first.statement, analyzer) if first is not None else []
        named = [e for e in spoken if e in knowledge.documents]
    if not named:
        return None
    entity = knowledge.entity(named[0])
    aliases = getattr(entity, "aliases", ())
    return aliases[0] if aliases else knowledge.name_of(named[0])


def _from_what_was_shown(question: str, previous: Turn, snapshot: Snapshot) -> Answer | None:
    """ "when was that?", "where were they based?" after an answer: when the message asks
    the kind of thing (a time, a place, a number), with at most one plain word of its own, and
    the answer before holds it, that answer is the reply, shown again."""
    analyzer = snapshot.index.analyzer
    if not previous.answer.answered or not previous.answer.claims:
        return None
    # (the words of asking, "the exact quote", "how many", are nothing of its own)
    own, _, _ = analyzer.terms(
        " ".join(w for w in tokens(question) if w not in _ASKING_WORDS), correct=True
    )
    if len(own) > 1 or any(t[0] in "@~" for t in own):
        return None  # "when did he leave the DOJ" asks about something of its own
    claims = tuple(c.id for c in previous.answer.claims)
    terms, _, _ = analyzer.terms(question, correct=True)
    expected = expectation(question, terms, analyzer)
    if not expected.kinds or not holds_kind(expected, claims, snapshot.knowledge):
        return None
    again = answer_with_claims(question, snapshot.knowledge, claims)
    return replace(again, understood_as=previous.question) if again else None


def _picked(question: str, offered: tuple[str, ...]) -> str | None:
    """The offered question a message picks by its place ("2", "the first one"), if any."""
    found = _PICK.match(" ".join(tokens(question)))
    if found is None or not offered:
        return None
    place = found.group(1)
    number = len(offered) if place == "last" else _PLACES.get(place) or int(place)
    return offered[number - 1] if 1 <= number <= len(offered) else None


def _asks_only_kind(question: str, snapshot: Snapshot) -> bool:
    """ "when?", "why though", "how many?": the kind of thing asked, and nothing of its own."""
    analyzer = snapshot.index.analyzer
    terms, _, _ = analyzer.terms(question, correct=True)
    return not terms and bool(expectation(question, terms, analyzer).kinds)


def _first_subjects(knowledge: KnowledgeBase, claim_ids: list[str]) -> frozenset[str]:
    """Whom these facts are first about."""
    return frozenset(
        knowledge.claims[c].people[0]
        for c in claim_ids
        if c in knowledge.claims and knowledge.claims[c].people
    )


def _reply(
    question: str,
    previous: Turn | None,
    snapshot: Snapshot,
    shown: frozenset[str],
    excluded: frozenset[str] = frozenset(),
) -> tuple[Answer, str]:
    """The answer to a message, read alone or against the question before (whichever lands),
    and the question it was understood as."""
    if previous is not None:
        words = tokens(question)
        analyzer = snapshot.index.analyzer
        passage = _another_passage(question, words, previous, snapshot) or _the_other_article(
            question, words, previous, analyzer
        )
        if passage is not None:
            # "next", "and the other article?" after a part of an article: even a bare "next",
            # which alone is talk
            answer = answer_question(passage, snapshot, shown, excluded)
            return replace(answer, question=question, understood_as=passage), passage
    answer = answer_question(question, snapshot, shown, excluded)
    if previous is None or _reaction(question, answer):
        return answer, question
    asked = coverage_question(question)
    if (
        answer.answered
        and asked is not None
        and asked.about_the_last_answer
        and answer.claims
        and {c.id for c in answer.claims} <= shown
    ):
        # "is that in the BI piece too?": answered already of what was just shown
        return answer, question
    following = sequence_question(question)
    if (
        following is not None
        and following.direction in ("after", "before", "compare")
        and not following.anchor
        and any(c in snapshot.knowledge.event_of_claim for c in shown)
    ):
        # "and after that?": answered already, along the timeline from what was just shown
        return answer, question
    if following is not None and following.direction == "order" and answer.steps:
        # "put it in order", "what year was all this": the whole story, whatever came before
        return answer, question
    whole = rewrite(question, previous, snapshot)
    if whole is None or whole == question:
        # "can you give me the exact quote": nothing of its own, but what the answer before
        # holds
        shown_again = (
            None if answer.answered else _from_what_was_shown(question, previous, snapshot)
        )
        return (shown_again, previous.question) if shown_again else (answer, question)
    barred: Container[str] = excluded
    if _asks_only_kind(question, snapshot) and previous.answer.claims:
        # "when?" after what the DOJ said: when *that* was, not when Sessions left the DOJ; a
        # fact first about someone else is no answer
        subjects = _first_subjects(snapshot.knowledge, [c.id for c in previous.answer.claims])
        if subjects:
            knowledge = snapshot.knowledge
            within = frozenset(
                c
                for subject in subjects
                for c in knowledge.claims_by_person.get(subject, ())
                if knowledge.claims[c].people[0] in subjects
            )
            barred = SetAside(excluded, within)
    leaning = answer_question(whole, snapshot, shown, barred)
    words = tokens(question)
    if not leaning.answered and not (
        leaning.outcome == "gap"
        and leaning.confidence >= thresholds.ANSWER_THRESHOLD
        and words[:1] == ["where"]
    ):
        # ("where did he give it" after his speech: the gap on where the speech was given, not
        # "in a speech" again from what was shown, a venue that nearly every fact holds)
        leaning = _from_what_was_shown(question, previous, snapshot) or leaning
    # "what did his office put out": read alone, "his" is anyone, so an answer to it is a
    # guess; read against the question before, it is someone.
    refers_back = any(w in _PERSONAL for w in words)
    # (a question in full once "so", "and" are off it: "what about the leak part" is not)
    asked = _MARKERS.sub("", " ".join(words)).split()
    whole_of_its_own = (
        len(asked) >= thresholds.OWN_QUESTION_WORDS
        and asked[0] in _QUESTION_WORDS
        and not (refers_back or any(w in _DEMONSTRATIVE for w in words))
    )
    if (
        answer.outcome == "gap"
        and whole_of_its_own
        and answer.confidence >= thresholds.ANSWER_THRESHOLD
    ):
        # "so who was the leaker" after what the DOJ said of the leak: read alone, it is the
        # very thing the reporting is recorded not to say, whatever the answer before was
        return answer, question
    if leaning.answered or not answer.answered or refers_back:
        return replace(leaning, question=question, understood_as=whole), whole
    return answer, question


def _asks_how_it_was_said(question: str) -> bool:
    """ "how?", "how'd she say it", "how did he get the word out": how, and nothing of its own
    to ask about."""
    words = tokens(question)
    if not words or words[0] not in ("how", "howd") or set(words[1:2]) & _HOW_MEASURES:
        return False
    rest = [w for w in words[1:] if w not in _HOW_IT_WAS_SAID and w not in _PERSONAL]
    # ("how is that" asks nothing of the saying: a verb of it, or "how?" alone)
    return all(w in STOPWORDS or w in _DEMONSTRATIVE for w in rest) and (
        len(words) == 1 or bool(set(words[1:]) & _SAYING_IT)
    )


# the words of asking in what form ("in what form", "what kind")
_FORM_WORDS = frozenset("form kind type sort way medium format how or just like".split())
_NOT_OF_ITS_FORM = frozenset(
    "where when who whom whose why which say said says tell told write wrote mean meant".split()
)


def _asks_its_form(question: str) -> frozenset[str] | None:
    """ "was that a statement, tweet, speech?", "in what form tho? notes? an email?": in what
    form the words before were given, offering forms (returned) and asking nothing else (None:
    no such question; "what did the note say" asks what it said, "where was the speech" where)."""
    words = tokens(question)
    if set(words) & _NOT_OF_ITS_FORM:
        return None
    offered = frozenset(w for w in words if w in FORMS)
    if not offered and not set(words) & {"form", "medium", "format"}:
        return None
    rest = [w for w in words if w not in FORMS and w not in _FORM_WORDS and w not in _PERSONAL]
    if not all(w in STOPWORDS or w in _DEMONSTRATIVE for w in rest):
        return None
    if words[-2:] in (["or", "what"], ["or", "something"], ["or", "smth"]):
        return frozenset()  # "was that in a speech or what": any form the answer says
    return offered


# what "online" offers: "was that in a speech or online" is answered by "in a tweet"
_ONLINE = frozenset(
    "tweet tweets tweeted post posted email emails emailed twitter facebook instagram".split()
)


def _says_its_form(answer: Answer, offered: frozenset[str]) -> bool:
    """Does the answer say the form asked about (one of those offered, or any when none was)?"""
    said = set(tokens(render_text(answer))) & GIVEN_FORMS
    if "online" in offered:
        offered = offered | _ONLINE
    return bool(said & offered) if offered else bool(said)


def _reaction(question: str, answer: Answer) -> bool:
    """ "omg that's crazy" after an answer reacts to it: talk that asks nothing, which its
    "that" does not make a follow-up ("what questions?" is one)."""
    asks = "?" in question or bool(set(tokens(question)) & _QUESTION_WORDS)
    return answer.outcome == "help" and not asks


def _two_at_once(
    question: str, previous: Turn | None, snapshot: Snapshot, shown: frozenset[str], now: float
) -> tuple[Answer, str] | None:
    """ "who's horowitz and what did his draft call the top doj people": a question and its
    follow-up in one message, each answered as if asked in turn, the second leaning on the
    first; the reply holds what both answer. None when the message asks one thing, or
    either is not answered: half an answer to two questions was tried, and was as often wrong
    as right ("who leaked it, and when did the Times get it")."""
    parts = two_questions(question)
    if parts is None or as_corrected(question) is not None:
        return None  # ("who is vance? no wait, who is bash": one question, corrected)
    first, first_as = _reply(parts[0], previous, snapshot, shown)
    if not first.answered:
        return None
    second, _ = _reply(
        parts[1], Turn(first_as, first, now), snapshot, frozenset(c.id for c in first.claims)
    )
    if not second.answered:
        return None
    base = second if second.kind == "person" and first.kind != "person" else first
    # the first question's best fact, what the second found, then the rest of the first's; a
    # card's lead already answers "who is X", so what the second found comes first under it
    # (a phone shows the first fact alone)
    lead = 0 if first.kind == "person" else 1
    ordered = [*first.claims[:lead], *second.claims, *first.claims[lead:]]
    claims = list({c.id: c for c in ordered}.values())
    # every point told differently that bears on either's facts: no version is left out
    told = {d.id: d for d in (*first.discrepancies, *second.discrepancies)}
    merged = replace(
        base,
        question=question,
        claims=tuple(claims),
        discrepancies=tuple(told.values()),
        confidence=min(first.confidence, second.confidence),
        understood_as=None,
    )
    return merged, question


class Conversation:
    """One person's recent questions in one place; safe to share between threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: Turn | None = None
        self._lock = threading.Lock()

    def ask(self, question: str, snapshot: Snapshot) -> Answer:
        with one_reply():  # its readings (whole, each half, as a follow-up) are ranked once
            return self._ask(question, snapshot)

    def _ask(self, question: str, snapshot: Snapshot) -> Answer:
        now = self._clock()
        with self._lock:
            previous = self._last
        if previous is not None and now - previous.at > thresholds.FOLLOW_UP_SECONDS:
            previous = None
        # What the reader was just shown settles a close call either way they mean it.
        shown = frozenset(c.id for c in previous.answer.claims) if previous else frozenset()
        if previous is not None and not previous.answer.answered:
            choice = _picked(question, previous.answer.suggestions)
            if choice is not None:
                # "Did you mean: 1. … 2. …" then "2": that question, asked as such
                answer = replace(
                    answer_question(choice, snapshot, shown),
                    question=question,
                    understood_as=choice,
                )
                with self._lock:
                    self._last = Turn(choice, answer, now)
                return answer
        if (
            previous is not None
            and shown
            and (
                _asks_how_it_was_said(question)
                or (
                    (offered := _asks_its_form(question)) is not None
                    and _says_its_form(previous.answer, offered)
                )
            )
        ):
            # "how'd she say it?": the answer before says it (a tweet, a call, an email)
            again = answer_with_claims(
                question, snapshot.knowledge, tuple(c.id for c in previous.answer.claims)
            )
            if again is not None:
                return replace(again, understood_as=previous.question)
        if previous is not None and shown and _WHO_SAID_IT.match(" ".join(tokens(question))):
            # "says who?", "is that true?", "exact quote?": who said it, in what words, and who
            # reported it: the answer before, again
            again = answer_with_claims(
                question, snapshot.knowledge, tuple(c.id for c in previous.answer.claims)
            )
            if again is not None:
                return replace(again, understood_as=previous.question)
        answer, understood = _reply(question, previous, snapshot, shown)
        both = _two_at_once(question, previous, snapshot, shown, now)
        if both is not None and (
            not answer.answered
            or not {c.id for c in both[0].claims} <= {c.id for c in answer.claims}
        ):
            # (what the whole message found, if it holds all the two did, reads as asked)
            answer, understood = both
        if previous is not None and set(tokens(question)) & _ELSE:
            # "did anyone else see it?": what the answer before did not show; but "who else
            # did?" may be answered by the very fact shown, which names the others too
            further = _reply(question, previous, snapshot, shown, excluded=shown)
            if further[0].answered:
                answer, understood = further
        if answer.outcome not in ("help", "empty", "too_long"):
            with self._lock:
                self._last = Turn(understood, answer, now)
        return answer


class Conversations:
    """Everyone's conversations, by place and person, the least recent forgotten first."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, limit: int = MAX_CONVERSATIONS
    ) -> None:
        self._clock = clock
        self._limit = limit
        self._by_key: OrderedDict[Hashable, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, key: Hashable) -> Conversation:
        with self._lock:
            found = self._by_key.get(key)
            if found is None:
                found = self._by_key[key] = Conversation(self._clock)
                while len(self._by_key) > self._limit:
                    self._by_key.popitem(last=False)
            else:
                self._by_key.move_to_end(key)
            return found

    def ask(self, key: Hashable, question: str, snapshot: Snapshot) -> Answer:
        return self.of(key).ask(question, snapshot)

    def forget(self, person: Hashable) -> int:
        """Drop every conversation of ``person`` (the last part of each key): what they asked
        is not kept in memory either once they ask to be forgotten."""
        with self._lock:
            gone = [k for k in self._by_key if isinstance(k, tuple) and k and k[-1] == person]
            for key in gone:
                del self._by_key[key]
        return len(gone)
