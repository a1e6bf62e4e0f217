"""Scoring a question against every claim, discrepancy and gap of a pack.

The index is built once per loaded pack and is immutable, so it travels inside the same snapshot
as the facts it was built from. A question is reduced to *terms* (stems, with people's and
bodies' aliases and the pack's synonyms folded to one canonical term each, and typos corrected
against the pack's vocabulary), then every target is scored by

* **coverage**: how much of the question, weighted by how rare each term is, the target covers.
  A word the pack never uses ("Super Bowl", "arrested") counts as the rarest of all, so a
  question about something else cannot reach a high coverage by sharing "Sessions" alone;
* **similarity**: how closely the question reads like one of the target's own phrasings.

Candidates are gathered through an inverted index from the rarest terms first, so a question
costs about the same on a pack of fifty claims and of a hundred thousand.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot import thresholds
from bot.knowledge.model import KnowledgeBase, Person
from bot.matching.article_names import ArticleName, called, name_articles
from bot.matching.index_cache import cached_tables, tables_for
from bot.matching.language import (
    CONTRACTIONS,
    FRAMING_STEMS,
    ROLE_NOUNS,
    STOPWORDS,
    common_stems,
    common_words,
    content_tokens,
    cues,
    stem,
    tokens,
    without_verbatim_request,
)
from bot.matching.meaning import Encoder, shared_encoder
from bot.matching.tables import IndexTables, TargetText
from bot.matching.tables import phrasing as _phrasing

TargetKind = Literal["claim", "discrepancy", "gap", "quote", "speaker"]

_COVERAGE_WEIGHT = 0.7
_SIMILARITY_WEIGHT = 0.3
_LONG_ONLY = 0.8  # a word only in an excerpt or quote, not in what the target is about
_WRITTEN_WEIGHT = 0.25  # of similarity: the reader's own words, not just their meaning
_MAX_POSTINGS = 40_000  # postings visited per question before the rarest terms have had their say
_SHORTLIST = 40  # candidates scored in full
_MAX_CORRECTIONS = 8  # unknown words looked up per question; the rest stay unknown
_SHORT_WORD = 6  # up to this length, a correction keeps the first letter
_MIN_CORRECTED = 5  # shorter words are corrected into names only
# where a document's name turns from what it is to what it is about or whose it is ("the draft
# report on the policy", "the response of Rosenstein's former office")
_DOCUMENT_QUALIFIER = re.compile(r"(?i)\s(?:on|of|about|into|from|by|to|for|regarding)\s")
_MIN_SPLIT = 5  # shorter unknown words are not read as two run together
_MIN_SOUNDED = 7  # two words run together are heard as a name this long or longer...
_MIN_CONSONANTS = 4  # ...with this many consonant sounds to tell it by
_FULL_VOCABULARY_SCAN = 20_000
_MIN_FIRST_NAME = 4  # "alexa" alone names Alexa Vance; a shorter first name may be a word
_CLAUSE = frozenset("who whom whose that which".split())  # a name that says what someone did
_RECENT_QUESTIONS = 1024  # corrected questions remembered (cleared whole when full)
_LONG_NAME = 8  # a name word this long may be corrected across two slips
_MISSING_LETTERS = 2  # vowels or doubled letters a name may be typed without
_MADE_TARGETS = 4096  # targets kept made (cleared whole when full)
_MAX_QUESTION_TERMS = 1_000  # a question's terms the pack lacks (its 500 characters hold fewer)
_FLOAT32_PHRASINGS = 20_000  # phrasings up to which a float32 copy is kept (20 MB at most)
# How readers name the one outlet a pack cannot name.
_UNNAMED_OUTLET_NAMES = (
    "unnamed outlet",
    "unnamed article",
    "unnamed source",
    "unnamed publication",
    "unnamed site",
    "unnamed one",
    "unknown outlet",
    "anonymous outlet",
    "anonymous article",
)


@dataclass(frozen=True, slots=True)
class Target:
    """Something a question can land on; ``claims`` are what an answer about it shows."""

    kind: TargetKind
    id: str
    claims: tuple[str, ...]
    terms: frozenset[str]  # everything it says, excerpts and quotes included
    core: frozenset[str]  # what its own phrasings, statement and people say
    # Each phrasing's terms and cues, sorted, one character per term (its id in the index):
    # rapidfuzz compares strings at C speed, and a term is still a whole symbol.
    phrasings: tuple[str, ...]
    written: tuple[str | None, ...]  # the same with the synonyms' own words beside
    # (None: it has no synonyms, so it reads as written exactly as ``phrasings`` does)
    as_written: tuple[str, ...] = ()  # ``written``, with ``phrasings`` where that is None
    synonymous: tuple[bool, ...] = ()  # which phrasings have a written reading of their own


@dataclass(frozen=True, slots=True)
class Candidate:
    target: Target
    score: float  # the fused score every decision is made on
    coverage: float
    similarity: float
    lexical: float = 0.0  # the words' own score (coverage and similarity)
    meaning: float = 0.0  # the embedding's cosine similarity, best phrasing


@dataclass(frozen=True, slots=True)
class Ranking:
    terms: tuple[str, ...]
    unknown: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    claim_scores: Mapping[str, float] = field(default_factory=dict)  # each scored claim's own

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def lead_first(self, claims: tuple[str, ...]) -> tuple[str, ...]:
        """A target's claims, the one that on its own fits the question best first (ties keep
        the pack's order)."""
        if len(claims) < 2:
            return claims
        scores = self.claim_scores
        return tuple(sorted(claims, key=lambda c: -scores.get(c, 0.0)))


class Analyzer:
    """The pack-aware reduction of text to terms, shared by the index and each question."""

    def __init__(
        self, knowledge: KnowledgeBase, english: Callable[[], frozenset[str]] = frozenset
    ) -> None:
        # Ordinary English words ("bass", "vince") are what they say, never misspellings of a
        # pack word ("Bash", "Vance"): a name the pack does not know must stay unknown. They
        # are listed only when a word is first looked up (most questions need no correcting,
        # and listing them is a tenth of a one-question start).
        self._english_words = english
        self._english: frozenset[str] | None = None
        self._recent: dict[str, tuple[list[str], list[str], list[str]]] = {}
        # Phrases by their stems ("attorney general"), and by their exact words, which win:
        # "attorneys general" may name someone else than "attorney general" does.
        self._phrases: dict[tuple[str, ...], str] = {}
        self._exact: dict[tuple[str, ...], str] = {}
        self._phrase_words: set[str] = set()
        self._proper: set[str] = set()  # stems of one-word names written capitalised ("Times")
        # "rashida" -> {"tlaib"}: a first name the pack knows, and the names that may follow it
        self.first_names: dict[str, set[str]] = {}
        self.given_names: dict[str, set[str]] = {}  # and back: "tlaib" -> {"rashida"}
        holders: dict[str, list[str]] = {}  # first name -> the people who have it
        for table in (knowledge.people, knowledge.organizations):
            for entity in table.values():
                names = [entity.name, *entity.aliases]
                parts = entity.name.split()
                if isinstance(entity, Person) and len(parts) > 1 and entity.named:
                    first, surnames = parts[0].casefold(), tokens(" ".join(parts[1:]))
                    names.append(parts[-1])  # "Horowitz" for Michael Horowitz
                    self.first_names.setdefault(first, set()).update(surnames)
                    for surname in surnames:
                        self.given_names.setdefault(surname, set()).add(first)
                    holders.setdefault(first, []).append(entity.id)
                for name in names:
                    self._add_phrase(name, f"@{entity.id}")
        # A first name alone ("who's alexa") is the one person the pack knows by it.
        for first, people in holders.items():
            if len(people) == 1 and len(first) >= _MIN_FIRST_NAME and first not in STOPWORDS:
                self._add_phrase(first, f"@{people[0]}")
        for document in knowledge.documents.values():
            # A document is named by what readers call it ("the draft report"), not its title.
            for name in document.aliases:
                self._add_phrase(name, f"@{document.id}")
        self._outlets = frozenset(knowledge.outlets)
        self._articles = tuple(
            ArticleName(a.outlet, knowledge.outlets[a.outlet].name, a.headline is not None)
            for a in knowledge.articles.values()
        )
        self._people = frozenset(knowledge.people)
        # every word the pack describes someone by: names, roles, descriptions, aliases (as
        # written: "nursing mothers" describes no nurse)
        self._describing = frozenset(
            word
            for table in (knowledge.people, knowledge.organizations)
            for entity in table.values()
            for text in (entity.name, entity.role or "", entity.description or "", *entity.aliases)
            for word in tokens(text)
        )
        self._named_people = frozenset(p.id for p in knowledge.people.values() if p.named)
        # what the pack calls each person, for whose someone is ("Justice Department
        # spokeswoman": the department's; a description may name other bodies)
        self._body_names: dict[str, re.Pattern[str]] = {}  # each body's names, read when asked
        self._serving: dict[str, frozenset[str]] = {}  # each body's people, read when asked
        self._what_they_are = {
            p.id: " | ".join((p.role or "", *p.aliases)).casefold()
            for p in knowledge.people.values()
        }
        self._organizations = frozenset(knowledge.organizations)
        self._documents = frozenset(knowledge.documents)
        self._authors = {d.id: d.author for d in knowledge.documents.values() if d.author}
        self._descriptions = {
            d.id: d.description for d in knowledge.documents.values() if d.description
        }
        # what each document is, by the noun its title and aliases end on ("the draft report on
        # the policy": a report; "John Bash's email": an email)
        kinds: dict[str, set[str]] = {}
        for document in knowledge.documents.values():
            for name in (document.title, *document.aliases):
                head = _DOCUMENT_QUALIFIER.split(name, maxsplit=1)[0].split()
                if head:
                    kinds.setdefault(head[-1].casefold(), set()).add(document.id)
        self._documents_called = {noun: frozenset(ids) for noun, ids in kinds.items()}
        self._described: dict[str, frozenset[str]] = {}
        for outlet in knowledge.outlets.values():
            if outlet.name:
                self._add_phrase(outlet.name, f"@{outlet.id}")
        unnamed = [o for o in knowledge.outlets.values() if o.name is None]
        if len(unnamed) == 1:
            # The one outlet the pack cannot name is how readers refer to it.
            for name in _UNNAMED_OUTLET_NAMES:
                self._add_phrase(name, f"@{unnamed[0].id}")
        # A group that contains a name ("NYT", "the Times", "New York Times") is that name: a
        # name the pack gives someone, not a word another group made one ("without papers"
        # is not The New York Times because "the paper" is).
        names = dict(self._phrases)
        for group in knowledge.synonyms:
            named = (names.get(tuple(self._stems(word))) for word in group)
            canonical = next((c for c in named if c and c.startswith("@")), None)
            if canonical is None and self._stems(group[0]):
                canonical = "~" + "_".join(self._stems(group[0]))
            if canonical:
                for word in group:
                    self._add_phrase(word, canonical)
        self._longest = max((len(key) for key in self._phrases), default=1)
        self._starts = frozenset(key[0] for key in self._phrases)
        self._exact_starts = frozenset(key[0] for key in self._exact)
        # Words of names and synonyms are known words: never "corrected" into something else.
        self.vocabulary: set[str] = set(self._phrase_words)
        self._buckets: dict[str, list[str]] = {}
        self._phrase_buckets: dict[str, list[str]] = {}  # names and aliases by first letter
        self._all_words: list[str] = []
        self._name_words: list[str] = []
        self._known_stems: frozenset[str] = frozenset()
        self._slips: dict[str, str | None] = {}
        self._shared: dict[tuple[str, ...], frozenset[str]] = {}
        self._sounded_names: dict[str, tuple[str, str] | None] | None = None  # by consonants
        self._written: dict[str, tuple[str, ...]] | None = None  # a name's spellings
        self._called: dict[str, frozenset[str]] | None = None  # who a concept names
        self._spellings: dict[str, frozenset[str]] | None = None

    def folding(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """Everything :meth:`fold` decides by: the phrase tables (for the index cache's key)."""
        return tuple(sorted(self._phrases.items())) + tuple(sorted(self._exact.items()))

    def name_articles(self, text: str) -> str | None:
        """The text with "the first article", "the one with no headline", "the other article"
        named by their outlets (None: it points at no article that way)."""
        return name_articles(text, self._articles, self.outlets_named)

    def articles_of(self) -> tuple[str, ...]:
        """The outlets of the pack's articles, in the pack's order."""
        return tuple(a.outlet for a in self._articles)

    def article_named(self, text: str) -> str | None:
        """The outlet of the one article these words name, however they name it ("the BI
        piece", "the first article"); None when they name none of the articles, or several."""
        named = self.outlets_named(self.name_articles(text) or text)
        chosen = [a.outlet for a in self._articles if a.outlet in named]
        return chosen[0] if len(chosen) == 1 else None

    def article_called(self, outlet: str) -> str:
        """The words a question names this outlet's article by ("the unnamed article")."""
        return next(called(a) for a in self._articles if a.outlet == outlet)

    def outlets_named(self, text: str) -> set[str]:
        """The ids of the outlets these words name."""
        terms, _, _ = self.terms(text, correct=True)
        return {t[1:] for t in terms if t.startswith("@") and t[1:] in self._outlets}

    def describes_someone(self, noun: str) -> bool:
        """Does the pack describe anyone by this word ("prosecutor"), or by a name or a group of
        words it stands for ("congresswoman" for Tlaib)?"""
        plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
        if {noun, plural, noun + "es"} & self._describing:
            return True
        return any(term[0] == "@" for term in self.fold([noun]))

    def is_outlet(self, entity_id: str) -> bool:
        return entity_id in self._outlets

    def is_person(self, entity_id: str) -> bool:
        return entity_id in self._people

    def is_named_person(self, entity_id: str) -> bool:
        """Someone the reporting names ("Jeff Sessions"), not a group or an unnamed person."""
        return entity_id in self._named_people

    def spellings(self, canonical: str) -> frozenset[str]:
        """The stems of every word the pack writes for a name or synonym group ("@us-attorneys":
        prosecutor, attorney, general...), read when first asked for."""
        if self._spellings is None:
            found: dict[str, set[str]] = {}
            for words, term in self._phrases.items():
                found.setdefault(term, set()).update(words)
            self._spellings = {term: frozenset(words) for term, words in found.items()}
        return self._spellings.get(canonical, frozenset())

    def is_organization(self, entity_id: str) -> bool:
        return entity_id in self._organizations

    def is_document(self, entity_id: str) -> bool:
        return entity_id in self._documents

    def document_called(self, noun: str) -> str | None:
        """The one document the pack calls a ``noun`` ("report"), if only one is."""
        found = self._documents_called.get(noun.casefold(), frozenset())
        return next(iter(found)) if len(found) == 1 else None

    def author_of(self, document_id: str) -> str | None:
        """Who wrote the document, if the pack says (a person's or a body's id)."""
        return self._authors.get(document_id)

    def described_by(self, document_id: str) -> frozenset[str]:
        """The terms of the document's description: words that say which document is meant
        ("the 86 page draft"), not something else asked about it."""
        found = self._described.get(document_id)
        if found is None:
            text = self._descriptions.get(document_id, "")
            found = self._described[document_id] = frozenset(self.terms(text, correct=False)[0])
        return found

    def is_english(self, word: str) -> bool:
        """An ordinary word of the language (the embedding model holds it whole)."""
        return word in self._english_list()

    def _english_list(self) -> frozenset[str]:
        if self._english is None:
            self._english = self._english_words()
        return self._english

    def _stems(self, text: str) -> list[str]:
        return [stem(token) for token in content_tokens(text)]

    def _add_phrase(self, text: str, canonical: str) -> None:
        words = tuple(content_tokens(text))
        if canonical[0] == "~" and len(words) == 1 and len(tokens(text)) > 1:
            # "owned up", "pin it on": a phrase its function words made one word ("own",
            # "pin") means the group only with them; alone the word means itself
            return
        if len(words) == 1 and canonical[0] == "@":
            written = re.search(rf"(?i)\b{re.escape(words[0])}\b", text)
            if written is not None and written.group()[0].isupper():
                self._proper.add(stem(words[0]))  # "Times": a name, capitalised
        if words:
            self._exact.setdefault(words, canonical)
            self._phrases.setdefault(tuple(stem(word) for word in words), canonical)
            self._phrase_words.update(words)

    def freeze(self) -> None:
        self._all_words = sorted(self.vocabulary)
        self._name_words = sorted(w for w in self._phrase_words if len(w) == _MIN_CORRECTED - 1)
        self._known_stems = frozenset(stem(word) for word in self._all_words)
        for word in self._all_words:
            self._buckets.setdefault(word[0], []).append(word)
        for word in sorted(self._phrase_words):
            self._phrase_buckets.setdefault(word[0], []).append(word)

    def _correct(self, word: str) -> str | None:
        if len(word) < _MIN_CORRECTED - 1 or not word.isalpha() or self.is_english(word):
            return None
        return self._corrected(word) or self._name_missing_letters(word)

    def _name_missing_letters(self, word: str) -> str | None:
        """ "trmp", "sobrof", "horwitz": a name typed with a vowel or a doubled letter left out
        keeps every one of its consonants in order, which another person's name seldom does
        ("bass" is not "Bash": a consonant differs). Only one such name may fit."""
        fits = [
            name
            for name in self._phrase_buckets.get(word[0], ())
            if 0 < len(name) - len(word) <= _MISSING_LETTERS
            and _leaves_out_only_vowels_or_doubles(word, name)
        ]
        return fits[0] if len(fits) == 1 else None

    def _corrected(self, word: str) -> str | None:
        if len(word) < _MIN_CORRECTED:
            # a four-letter word becomes only a name: "dias" is "Diaz", "sent" is not "seen"
            choices = [c for c in self._name_words if c[0] == word[0]]
        elif len(word) <= _SHORT_WORD:
            # a short word with another first letter is another word: "argue" is not "Hague"
            choices = self._buckets.get(word[0], [])
        elif len(self._all_words) <= _FULL_VOCABULARY_SCAN:
            choices = self._all_words
        else:
            choices = self._buckets.get(word[0], [])
        cutoff = 100 * (
            thresholds.SHORT_CORRECTION_CUTOFF
            if len(word) < _MIN_CORRECTED
            else thresholds.CORRECTION_CUTOFF
        )
        found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        if found[0] in self._phrase_words:
            # Into a name only by one slip of the keys (two in a long name): "sesions",
            # "rosenstien"; "Rosenthal" is someone else, not a misspelt "Rosenstein".
            slips = 1 if len(word) < _LONG_NAME else 2
            if OSA.distance(word, found[0]) > slips:
                return None
        return found[0]

    def subjects_of(self, asks: tuple[str, ...]) -> frozenset[str]:
        """Whom these ways of asking are about: the people (or bodies) nearly all of them name
        (none, for too few to tell by): of the terms they share, the names of such."""
        return frozenset(
            term
            for term in self.shared_by(asks)
            if term.startswith("@") and (self.is_person(term[1:]) or self.is_organization(term[1:]))
        )

    def shared_by(self, asks: tuple[str, ...]) -> frozenset[str]:
        """The terms (words, concepts, names) nearly all these ways of asking share: for a
        recorded gap, what it records the reporting lacks ("date" for the articles' dates).
        None for too few asks to tell by. Read when first asked for, and kept."""
        found = self._shared.get(asks)
        if found is not None:
            return found
        counted: dict[str, int] = {}
        if len(asks) >= thresholds.GAP_SUBJECT_MIN_ASKS:
            for ask in asks:
                terms, _, _ = self.terms(ask, correct=True)
                for term in set(terms):
                    counted[term] = counted.get(term, 0) + 1
        least = thresholds.GAP_SUBJECT_SHARE * len(asks)
        found = frozenset(term for term, n in counted.items() if n >= least)
        self._shared[asks] = found
        return found

    def _slip_of_a_name(self, word: str) -> str | None:
        """ "sesions": a word the pack knows only because a curator's reader phrasing misspelt a
        name ("sesions take away children") is still that name, one slip of the keys away, as
        it would be if the pack did not know it; a word of the pack's own texts is not."""
        if word in self._slips:  # (a miss after a clear on another thread reads it again)
            return self._slips.get(word)
        found = None
        if (
            len(word) >= _MIN_CORRECTED
            and word.isalpha()
            and word not in self._phrase_words
            and not self.is_english(word)
        ):
            choices = [w for w in self._phrase_words if w[0] == word[0] and len(w) >= len(word) - 1]
            near = [w for w in choices if OSA.distance(word, w) == 1]
            found = near[0] if len(near) == 1 else None
        if len(self._slips) >= _RECENT_QUESTIONS:
            self._slips.clear()
        self._slips[word] = found
        return found

    def terms(self, text: str, *, correct: bool = False) -> tuple[list[str], list[str], list[str]]:
        """The text's terms, (when correcting) the words the pack does not know, and the
        surface forms of its synonyms (see :meth:`fold`).

        A question is read several times (its intent, then its ranking), and correcting typos
        against a large vocabulary is the costly part: recent questions' results are kept."""
        if not correct:
            return self._terms(text, correct=False)
        found = self._recent.get(text)
        if found is None:
            if len(self._recent) >= _RECENT_QUESTIONS:
                self._recent.clear()
            terms, unknown, surfaces = self._terms(self.rejoined(text), correct=True)
            terms = self._whose_body(text, terms)
            found = self._recent[text] = (terms, unknown, surfaces)
        terms, unknown, surfaces = found
        return list(terms), list(unknown), list(surfaces)

    def _whose_body(self, text: str, terms: list[str]) -> list[str]:
        """ "The second in command at DOJ", "the deputy at DOJ": the department says whose
        deputy he is, as the pack calls him; it is not a second subject of the question (as it
        is in "when did Sessions walk out of the department")."""
        people = [t for t in terms if t.startswith("@") and t[1:] in self._people]
        if not people:
            return terms
        folded = " ".join(tokens(text))
        # the words they are called by: "deputy", "spokeswoman", "second in command"
        roles = ROLE_NOUNS | {
            word
            for person in people
            for name in self.written_names(person)
            for word in name.split()
        }
        kept = []
        for term in terms:
            if term.startswith("@") and term[1:] in self._organizations:
                spelt = "|".join(re.escape(n) for n in self.written_names(term) if n)
                qualified = spelt and any(
                    found.group(1) in roles
                    for found in re.finditer(
                        rf"\b(\w+) (?:at|of|from|in) (?:the )?(?:{spelt})\b", folded
                    )
                )
                if qualified and any(self.serves(p[1:], term) for p in people):
                    continue
            kept.append(term)
        return kept

    def rejoined(self, text: str) -> str:
        """The words as the pack writes them where a reader (or a phone's dictation) split or
        merged them: "rosen stein" is "rosenstein", "d o j" and "b i" are "doj" and "bi", and
        "whois" is "who is". Words are joined only into a name of the pack's, and a word is
        split only when the pack does not know it, into two it does."""
        words = tokens(text)
        if not words:
            return text
        known = self.vocabulary
        out: list[str] = []
        changed = False
        i = 0
        while i < len(words):
            word = words[i]
            # a run of single letters spelt out: "d o j", "b i"
            run = i
            while run < len(words) and len(words[run]) == 1 and words[run].isalpha():
                run += 1
            if run - i >= 2 and self._names_someone("".join(words[i:run])):
                out.append("".join(words[i:run]))
                i, changed = run, True
                continue
            following = words[i + 1] if i + 1 < len(words) else None
            joined = (
                self._name_sounded(word, following)
                if following is not None
                and word.isalpha()
                and following.isalpha()
                and (word not in known or following not in known)
                else None
            )
            if joined is not None:
                out.append(joined)  # "rosen stein", "horror wits", "sobra off"
                i, changed = i + 2, True
                continue
            split = self._split(word) if word not in known else None
            if split is not None:
                out.extend(split)
                i, changed = i + 1, True
                continue
            out.append(word)
            i += 1
        return " ".join(out) if changed else text

    def _name_sounded(self, first: str, second: str) -> str | None:
        """The pack's one-word name two words run together spell ("rosen stein") or sound like,
        as dictation hears a name it does not know ("horror wits" for Horowitz, "sobra off"
        for Soboroff: the same consonants, in a name long enough to tell)."""
        joined = first + second
        for spelt in (joined, joined[:-1] if joined.endswith("s") else None):  # "rosen steins"
            if spelt and self._names_someone(spelt):
                return spelt
        if first in STOPWORDS or len(joined) < _MIN_SOUNDED:
            return None
        if self._sounded_names is None:
            sounded: dict[str, tuple[str, str] | None] = {}
            for words, term in self._exact.items():
                if len(words) == 1 and term.startswith("@") and len(words[0]) >= _MIN_SOUNDED:
                    key = _consonants(words[0])
                    known = sounded.get(key, (words[0], term))
                    # (names of two that sound alike tell neither)
                    sounded[key] = known if known is not None and known[1] == term else None
            self._sounded_names = sounded
        key = _consonants(joined)
        heard = self._sounded_names.get(key) if len(key) >= _MIN_CONSONANTS else None
        return heard[0] if heard is not None else None

    def serving(self, body_term: str) -> frozenset[str]:
        """Everyone the pack calls by the body ("@doj": Sessions, Rosenstein, Vance), as
        "@id" terms."""
        found = self._serving.get(body_term)
        if found is None:
            found = self._serving[body_term] = frozenset(
                f"@{p}" for p in self._what_they_are if self.serves(p, body_term)
            )
        return found

    def serves(self, person_id: str, body_term: str) -> bool:
        """Does the pack call the person by the body, in their role or an alias ("@doj":
        "Justice Department spokeswoman")?"""
        pattern = self._body_names.get(body_term)
        if pattern is None:
            spelt = "|".join(re.escape(name) for name in self.written_names(body_term) if name)
            pattern = self._body_names[body_term] = re.compile(
                rf"\b(?:{spelt})\b" if spelt else "(?!)"
            )
        return pattern.search(self._what_they_are.get(person_id, "")) is not None

    def written_names(self, term: str) -> tuple[str, ...]:
        """Every way the pack writes a name ("@nyt": "new york times", "times", "nyt"...) or a
        concept ("~call": "phone call", "phoned"...), longest first; read for every one when
        first asked for."""
        if self._written is None:
            written: dict[str, set[str]] = {}
            for words, canonical in self._exact.items():
                written.setdefault(canonical, set()).add(" ".join(words))
            self._written = {
                name: tuple(sorted(spelt, key=len, reverse=True)) for name, spelt in written.items()
            }
        return self._written.get(term, ())

    def called_by(self, concept: str) -> frozenset[str]:
        """The people and bodies whose names use a word of this concept ("~mother": the
        breastfeeding women, "breastfeeding mothers"): a fact about them speaks of it, though
        in other words. Read for every name when first asked for."""
        if self._called is None:
            called: dict[str, set[str]] = {}
            for words, canonical in self._exact.items():
                # what a name calls them is its last word, its head ("breastfeeding
                # mothers"): "outgoing U.S. attorney" says Bash was leaving, not that a fact
                # naming him speaks of leaving, and a clause ("who took notes") is a deed
                if not canonical.startswith("@") or len(words) < 2 or _CLAUSE & set(words):
                    continue
                folded = self.fold([words[-1]])
                if len(folded) == 1 and folded[0].startswith("~"):
                    called.setdefault(folded[0], set()).add(canonical)
            self._called = {c: frozenset(names) for c, names in called.items()}
        return self._called.get(concept, frozenset())

    def _names_someone(self, word: str) -> bool:
        """Is this one word a name of the pack's (a person, body, outlet or document)?"""
        return self._exact.get((word,), "").startswith("@")

    def _split(self, word: str) -> tuple[str, str] | None:
        """ "whois", "jeffsessions": an unknown word that is two words the pack (or the
        language's function words) has, run together."""
        if len(word) < _MIN_SPLIT or not word.isalpha() or self.is_english(word):
            return None
        for cut in range(2, len(word) - 1):
            first, second = word[:cut], word[cut:]
            if all(part in STOPWORDS or part in self.vocabulary for part in (first, second)):
                return (first, second)
        return None

    def _terms(self, text: str, *, correct: bool) -> tuple[list[str], list[str], list[str]]:
        words = content_tokens(text)
        unknown: list[str] = []
        if correct:
            # "didnt", "whyd": a contraction the pack never uses is grammar, not a topic it lacks
            words = [w for w in words if w not in CONTRACTIONS or w in self.vocabulary]
            lookups = 0
            fixed: list[str] = []
            for word in words:
                if word in self.vocabulary or stem(word) in self._known_stems:
                    fixed.append(self._slip_of_a_name(word) or word)
                    continue
                replacement = None
                if lookups < _MAX_CORRECTIONS:
                    lookups += 1
                    replacement = self._correct(word)
                if replacement is None:
                    unknown.append(word)
                fixed.append(replacement or word)
            words = fixed
        surfaces: list[str] = []
        return self.fold(words, surfaces), unknown, surfaces

    def fold(self, words: list[str], surfaces: list[str] | None = None) -> list[str]:
        """Stem the words and replace each alias or synonym phrase, longest first, by its
        canonical term; at one length, a phrase's exact words beat its stems.

        Given ``surfaces``, also note there the words each synonym was written with
        ("=take_away" beside "~separat"): similarity then prefers a phrasing in the reader's
        own words to one that only means the same."""
        stems = [stem(word) for word in words]
        out: list[str] = []
        phrases, exact = self._phrases, self._exact
        starts, exact_starts = self._starts, self._exact_starts
        i, count = 0, len(stems)
        while i < count:
            if stems[i] in starts or words[i] in exact_starts:
                for size in range(min(self._longest, count - i), 0, -1):
                    canonical = exact.get(tuple(words[i : i + size]))
                    if canonical is None:
                        canonical = phrases.get(tuple(stems[i : i + size]))
                        if (
                            size == 1
                            and canonical is not None
                            and stems[i] in self._proper
                            and words[i] in common_words()
                        ):
                            # "at the time" is no "Times": a common word is itself, not the
                            # name it shares a stem with
                            canonical = None
                    if canonical:
                        out.append(canonical)
                        if surfaces is not None and canonical[0] == "~":
                            surfaces.append("=" + "_".join(stems[i : i + size]))
                        i += size
                        break
                else:
                    out.append(stems[i])
                    i += 1
            else:
                out.append(stems[i])
                i += 1
        return out


_SOUNDS = (("ph", "f"), ("ck", "k"), ("c", "k"), ("q", "k"), ("z", "s"), ("x", "ks"), ("v", "f"))


def _leaves_out_only_vowels_or_doubles(typed: str, name: str) -> bool:
    """Is ``typed`` the name with only vowels, or a letter written twice, left out?"""
    at = 0
    for i, ch in enumerate(name):
        if at < len(typed) and typed[at] == ch:
            at += 1
        elif ch not in "aeiouy" and not (i and name[i - 1] == ch):
            return False
    return at == len(typed)


def _consonants(word: str) -> str:
    """A word as it sounds, roughly: its first letter, then its consonants, alike-sounding
    ones as one ("z" as "s", "c" as "k"), a doubled one once: "horowitz" and "horror wits"
    are both "hrwts"."""
    sound = word.lower()
    for written, heard in _SOUNDS:
        sound = sound.replace(written, heard)
    kept = sound[:1] + "".join(ch for ch in sound[1:] if ch not in "aeiouyh")
    return "".join(ch for i, ch in enumerate(kept) if i == 0 or ch != kept[i - 1])


def target_texts(knowledge: KnowledgeBase, *, names_only: bool = False) -> list[TargetText]:
    """What each target says, in the order the index numbers them. ``names_only``: each
    target's kind, id and claims alone, with no texts (its tables came from the cache), and a
    claim's claims left empty (it answers with itself, which the index knows)."""
    texts: list[TargetText] = []
    if names_only:
        # (no texts: the empty tuple is one object, where 100,000 empty lists are 17 MB; a
        # claim answers with itself, which the index knows without a tuple of its own)
        texts.extend(("claim", claim_id, (), (), (), ()) for claim_id in knowledge.claims)
    for claim in () if names_only else knowledge.claims.values():
        short = [claim.statement, *claim.asks]
        quotes = [knowledge.quotes[q] for q in knowledge.quotes_by_claim.get(claim.id, ())]
        long = [*claim.topics, *(report.excerpt for report in claim.reports)]
        long += [quote.text for quote in quotes]
        long += [knowledge.name_of(q.speaker) for q in quotes]
        # where and to whom it was said ("in an email", "on a call"): "what did the Bash
        # email mean" is about the fact whose quote the email holds
        long += [q.setting for q in quotes if q.setting]
        names = [f"@{person}" for person in claim.people]
        texts.append(("claim", claim.id, (claim.id,), short, long, names))
    for disc in knowledge.discrepancies.values():
        if names_only:
            texts.append(("discrepancy", disc.id, disc.claims, (), (), ()))
            continue
        short = [disc.topic, *disc.asks]
        long = [v.statement for v in disc.versions] + [v.excerpt for v in disc.versions]
        texts.append(("discrepancy", disc.id, disc.claims, short, long, []))
    for gap in knowledge.gaps.values():
        texts.append(("gap", gap.id, gap.suggest, [gap.topic, *gap.asks], [], []))
    # A quote is something to ask about ("who said ...", "what did X tell the Times"); it
    # answers with the claims it bears on. A speaker answers "what did X say" with the
    # leading claim of each of their quotes.
    spoken: dict[str, dict[str, None]] = {}
    for quote in knowledge.quotes.values():
        speakers = list(dict.fromkeys([quote.speaker, *(r.speaker for r in quote.reports)]))
        speakers = [s for s in speakers if s]
        for speaker in speakers:
            spoken.setdefault(speaker, {}).update(dict.fromkeys(quote.claims[:1]))
        if names_only:
            texts.append(("quote", quote.id, quote.claims, (), (), ()))
            continue
        names = " ".join(knowledge.name_of(s) for s in speakers)
        words = [quote.text, *(r.text for r in quote.reports if r.text)]
        short = [f"{names} {text}" for text in words]
        if quote.to:
            short.append(f"{names} {quote.to}")
        long = [*quote.topics, quote.setting or ""]
        texts.append(("quote", quote.id, quote.claims, short, long, []))
    for speaker, claim_ids in spoken.items():
        name = () if names_only else (knowledge.name_of(speaker),)
        texts.append(("speaker", speaker, tuple(claim_ids), name, (), ()))
    return texts


class _Targets(Sequence[Target]):
    """The index's targets, each made when asked for (a large pack holds no object per target)."""

    def __init__(self, index: MatchIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index._ids)

    @overload
    def __getitem__(self, number: int) -> Target: ...
    @overload
    def __getitem__(self, number: slice) -> list[Target]: ...
    def __getitem__(self, number: int | slice) -> Target | list[Target]:
        if isinstance(number, slice):
            return [self._index.target(n) for n in range(len(self))[number]]
        if not -len(self) <= number < len(self):
            raise IndexError(number)
        return self._index.target(number % len(self))


def _widened(rows: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Int8 rows as the float32 rows they stand for, made in one pass (no int8-to-float copy
    beside the result)."""
    return np.multiply(rows, scales[:, None], dtype=np.float32)


class MatchIndex:
    """Every target of one pack with its terms, an inverted index and term weights.

    A large pack has hundreds of thousands of targets, so nothing here is kept as a Python
    object per target: terms are interned to ids, and each target's terms, phrasings and
    vectors are rows of flat arrays (:class:`~bot.matching.tables.IndexTables`). A
    :class:`Target` is made only when a question reaches it. The tables are the costly part of
    a load and depend only on what the pack says, so they are cached by content.
    """

    def __init__(self, knowledge: KnowledgeBase, encoder: Encoder | None = None) -> None:
        self.encoder = encoder if encoder is not None else shared_encoder()
        encoder = self.encoder
        self.analyzer = Analyzer(knowledge, lambda: encoder.words)
        tables = cached_tables(knowledge.fingerprint, self.encoder)
        texts = target_texts(knowledge, names_only=True) if tables is not None else []
        if tables is None or tables.count != len(texts):
            texts = target_texts(knowledge)
            tables = tables_for(texts, self.analyzer, self.encoder, knowledge.fingerprint)
        self.analyzer.vocabulary.update(tables.vocabulary)
        self.analyzer.freeze()
        self._tables = tables
        self._kinds = tuple(kind for kind, *_ in texts)
        self._ids = tuple(target_id for _, target_id, *_ in texts)
        # A claim answers with itself: its claims are made when its target is, instead of
        # 100,000 one-item tuples (some 5 MB) held for as long as the index is.
        self._claims = tuple(() if kind == "claim" else claims for kind, _, claims, *_ in texts)
        self._term_ids = {name: number for number, name in enumerate(tables.names)}
        if len(self._term_ids) + _MAX_QUESTION_TERMS > sys.maxunicode:
            raise ValueError(f"{len(self._term_ids):,} distinct terms: more than one index holds")
        self.targets: Sequence[Target] = _Targets(self)
        self._made: dict[int, Target] = {}
        # A topic most claims share ("the library closure" in a pack about it) is the whole
        # story, not one subject: facts that share only it are different answers.
        held: dict[str, int] = {}
        for claim in knowledge.claims.values():
            for topic in claim.topics:
                held[topic] = held.get(topic, 0) + 1
        share = thresholds.NARROW_TOPIC_SHARE * len(knowledge.claims)
        most = max(thresholds.NARROW_TOPIC_MIN, share)
        self.narrow_topics = frozenset(t for t, n in held.items() if n <= most)
        self._embed(tables)
        # "per the unnamed article", "according to BI": a fact an article reports holds its
        # outlet as the question names it, though its words never say the outlet
        self._claims_reported = knowledge.claims
        self._outlet_term = {a.id: f"@{a.outlet}" for a in knowledge.articles.values()}
        self._article_outlets = frozenset(self._outlet_term.values())
        self._postings, self._posting_starts = tables.postings, tables.posting_starts
        self._count = max(len(texts), 1)
        self._unknown_weight = math.log(1 + 2 * self._count)
        self._common = common_stems()
        self._common_weight = math.log(1 + self._count / thresholds.COMMON_WORD_HELD)

    def target(self, number: int) -> Target:
        """The target at ``number``, made from its rows of the tables; the recently made are
        kept (a small pack's all of them), as every question visits dozens."""
        found = self._made.get(number)
        if found is None:
            if len(self._made) >= _MADE_TARGETS:
                self._made.clear()
            found = self._made[number] = self._make(number)
        return found

    def _make(self, number: int) -> Target:
        tables, names = self._tables, self._tables.names
        core = tables.core_of(number)
        phrasings = tuple("".join(map(chr, p)) for p in tables.phrasings_of(number))
        written = tuple(
            None if w is None else "".join(map(chr, w)) for w in tables.written_of(number)
        )
        kind, target_id = self._kinds[number], self._ids[number]
        return Target(
            kind,
            target_id,
            (target_id,) if kind == "claim" else self._claims[number],
            frozenset([names[t] for t in core] + [names[t] for t in tables.extra_of(number)]),
            frozenset([names[t] for t in core]),
            phrasings,
            written,
            tuple(p if w is None else w for p, w in zip(phrasings, written, strict=True)),
            tuple(w is not None for w in written),
        )

    def _spelled(self, terms: tuple[str, ...], extra: dict[str, str]) -> str:
        """Sorted terms as the one-character-per-term string targets' phrasings are; a term the
        pack lacks gets a character no pack term has (the same one within a question)."""
        ids = self._term_ids
        out = []
        for term in terms:
            number = ids.get(term)
            if number is None:
                found = extra.get(term)
                if found is None:
                    found = extra[term] = chr(len(ids) + len(extra))
                out.append(found)
            else:
                out.append(chr(number))
        return "".join(out)

    def _postings_of(self, term: str) -> np.ndarray:
        number = self._term_ids.get(term)
        if number is None:
            return self._postings[:0]
        return self._postings[self._posting_starts[number] : self._posting_starts[number + 1]]

    def _gather(self, unique: list[str], weights: Mapping[str, float]) -> list[int]:
        """The targets sharing most of the question's weight, rarest terms first, in the order
        a running sum per target in first-visited order would give (ties: first reached)."""
        postings = {term: self._postings_of(term) for term in unique}
        visits: list[np.ndarray] = []
        gains: list[np.ndarray] = []
        visited = 0
        for term in sorted(unique, key=lambda t: len(postings[t])):
            ids = postings[term]
            if visited and visited + len(ids) > _MAX_POSTINGS:
                break
            visited += len(ids)
            visits.append(ids)
            gains.append(np.full(len(ids), weights[term]))
        if not visited:
            return []
        # bincount adds each visit in order, exactly as ``partial[n] += w`` term by term would.
        partial = np.bincount(
            np.concatenate(visits), weights=np.concatenate(gains), minlength=len(self._ids)
        )
        first = np.zeros(len(partial), dtype=np.int64)
        for order in range(len(visits) - 1, -1, -1):
            first[visits[order]] = order
        reached = np.flatnonzero(partial)
        if len(reached) > _SHORTLIST:
            bar = np.partition(partial[reached], len(reached) - _SHORTLIST)[-_SHORTLIST]
            reached = reached[partial[reached] >= bar]
        best = np.lexsort((reached, first[reached], -partial[reached]))
        return [int(n) for n in reached[best[:_SHORTLIST]]]

    def _embed(self, tables: IndexTables) -> None:
        """Each target's own phrasings as vectors (int8, computed on in float32), and one
        centroid per target to gather candidates by meaning without visiting every phrasing."""
        centroids = tables.centroids
        self._phrase_vectors = tables.vectors
        self._scales = tables.vector_scales
        # A small pack's phrasings are kept in float32 too (a few MB): a question then costs one
        # product over all of them instead of a gather and a conversion.
        self._phrase32 = (
            tables.vectors.astype(np.float32) * tables.vector_scales[:, None]
            if len(tables.vectors) <= _FLOAT32_PHRASINGS
            else None
        )
        self._starts = tables.vector_starts
        # The model's dimensions come in order of variance (it was distilled with PCA), so
        # the leading ones alone rank a large pack's targets roughly (in float32); the full
        # vectors (int8, widened when used) then rank the few that lead. A smaller pack's
        # centroids are all widened at once. The mean centroid gives a question's mean
        # similarity.
        coarse = len(centroids) > thresholds.COARSE_FROM
        scales = tables.centroid_scales
        self._centroid_scales = scales
        self._centroids = centroids if coarse else _widened(centroids, scales)
        self._mean_centroid = tables.mean_centroid
        self._coarse = (
            _widened(centroids[:, : thresholds.COARSE_DIMENSIONS], scales) if coarse else None
        )

    def meaning_of(self, question: str) -> np.ndarray:
        return self.encoder.encode([question])[0]

    def nearest_word(self, word: str, words: Sequence[str]) -> tuple[str, float] | None:
        """Of ``words``, the one nearest ``word`` in meaning, with its cosine: "46" is near
        "64", "arizona" near "texas", "monday" near "tuesday"; a name near none by its
        spelling alone ("bush", "bash")."""
        if not words:
            return None
        vectors = self.encoder.encode_words([word, *words])
        norms = np.linalg.norm(vectors, axis=1)
        if not norms[0]:
            return None
        sims = (vectors[1:] @ vectors[0]) / np.maximum(norms[1:] * norms[0], 1e-9)
        best = int(np.argmax(sims))
        return words[best], float(sims[best])

    def _near_in_meaning(self, vector: np.ndarray) -> list[int]:
        """The targets nearest the question in meaning, whatever words they share."""
        if self._coarse is None:
            near = self._centroids @ vector
            pool = None
        else:
            rough = self._coarse @ vector[: thresholds.COARSE_DIMENSIONS]
            wide = min(thresholds.COARSE_CANDIDATES, len(rough))
            pool = np.argpartition(-rough, wide - 1)[:wide]
            near = (self._centroids[pool].astype(np.float32) @ vector) * self._centroid_scales[pool]
        count = min(thresholds.SEMANTIC_CANDIDATES, len(near))
        top = np.argpartition(-near, count - 1)[:count]
        return [int(n) for n in (top if pool is None else pool[top])]

    def _meanings(self, numbers: list[int], vector: np.ndarray) -> list[float]:
        """Each target's best phrasing similarity, in one gather, one product and one reduce."""
        if not numbers or not vector.any():
            return [0.0] * len(numbers)
        chosen = np.asarray(numbers)
        starts = self._starts[chosen]
        lengths = self._starts[chosen + 1] - starts
        total = int(lengths.sum())
        if not total:
            return [0.0] * len(numbers)
        offsets = np.cumsum(lengths) - lengths
        rows = np.arange(total) - np.repeat(offsets - starts, lengths)
        if self._phrase32 is not None:
            sims = (self._phrase32 @ vector)[rows]  # a small pack: every phrasing at once
        else:
            sims = (self._phrase_vectors[rows].astype(np.float32) @ vector) * self._scales[rows]
        out = np.zeros(len(numbers), dtype=np.float32)
        held = lengths > 0
        out[held] = np.maximum.reduceat(sims, offsets[held])
        return [float(x) for x in out]

    @staticmethod
    def _similarities(targets: list[Target], query: str, written: str | None) -> list[float]:
        """How closely the question reads like each target's nearest phrasing (0..1): one
        rapidfuzz pass over every phrasing of every candidate. A phrasing with synonyms (or a
        question with them) also counts, by a quarter, how it reads in the words as written."""
        plain: list[str] = []
        own: list[str] = []
        mixed: list[bool] = []  # whether the written reading counts for a phrasing
        lengths: list[int] = []
        for target in targets:
            lengths.append(len(target.phrasings))
            plain.extend(target.phrasings)
            own.extend(target.as_written)
            mixed.extend(target.synonymous)
        if not plain:
            return [0.0] * len(targets)
        ratios = process.cdist([query], plain, scorer=fuzz.ratio, dtype=np.float64)[0]
        blend = np.arange(len(plain)) if written is not None else np.flatnonzero(mixed)
        if len(blend):
            seen = process.cdist(
                [written or query], [own[i] for i in blend], scorer=fuzz.ratio, dtype=np.float64
            )[0]
            ratios[blend] += _WRITTEN_WEIGHT * (seen - ratios[blend])
        counts = np.asarray(lengths)
        out = np.zeros(len(targets))
        held = counts > 0
        offsets = np.cumsum(counts) - counts
        out[held] = np.maximum(np.maximum.reduceat(ratios, offsets[held]), 0.0)
        return [float(x) / 100 for x in out]

    def _reported_in(self, target: Target, outlets: frozenset[str]) -> frozenset[str]:
        """Of these outlets (as "@" terms), those whose articles report the target's facts (a
        recorded gap is reported by none: the facts it suggests are not what it says)."""
        if target.kind == "gap":
            return frozenset()
        claims, outlet_term = self._claims_reported, self._outlet_term
        reporting = {outlet_term[r.article] for c in target.claims for r in claims[c].reports}
        return outlets & reporting

    def weight(self, term: str) -> float:
        held = len(self._postings_of(term))
        if held:
            return math.log(1 + self._count / held)
        return self._common_weight if term in self._common else self._unknown_weight

    def rank(self, question: str, *, limit: int = 10) -> Ranking:
        # "his exact words about the kids": what is asked about, and how (checked by the
        # expectation: a fact that quotes him)
        question = without_verbatim_request(question)
        terms, unknown, surfaces = self.analyzer.terms(question, correct=True)
        # framing the pack never uses ("kindly specify") says how to answer, not what about
        terms = [t for t in terms if t not in FRAMING_STEMS or len(self._postings_of(t))]
        unique = list(dict.fromkeys(terms))
        if not unique:
            return Ranking(tuple(terms), tuple(unknown), ())
        weights = {term: self.weight(term) for term in unique}
        total = sum(weights.values())

        shortlist = self._gather(unique, weights)
        vector = self.meaning_of(question)
        baseline = 0.0  # how near the question is to everything: meaning counts above it
        if len(self._centroids) and vector.any():
            shortlist = list(dict.fromkeys([*shortlist, *self._near_in_meaning(vector)]))
            baseline = float(self._mean_centroid @ vector)
        long_unknown = sum(
            len(w) >= thresholds.UNKNOWN_WORD_LENGTH and stem(w) not in FRAMING_STEMS
            for w in unknown
        )
        share = thresholds.SEMANTIC_WEIGHT * thresholds.UNKNOWN_WORD_PENALTY**long_unknown
        span = thresholds.SEMANTIC_SPAN

        # Similarity compares whole terms, not characters: "?when" is no nearer to "?why"
        # than to "?who". Typos were corrected already, and stems absorb word endings.
        marks = cues(tokens(question))
        extra: dict[str, str] = {}
        query = self._spelled(_phrasing(marks, terms), extra)
        query_written = (
            self._spelled(_phrasing(marks, terms + surfaces), extra) if surfaces else None
        )
        scored: list[Candidate] = []
        meanings = self._meanings(shortlist, vector)
        targets = [self.target(number) for number in shortlist]
        similarities = self._similarities(targets, query, query_written)
        named_outlets = self._article_outlets.intersection(weights)
        for target, meaning, similarity in zip(targets, meanings, similarities, strict=True):
            core, everything = target.core, target.terms
            reported = self._reported_in(target, named_outlets) if named_outlets else ()
            coverage = (
                sum(
                    w if t in core or t in reported else w * _LONG_ONLY
                    for t, w in weights.items()
                    if t in everything or t in reported
                )
                / total
            )
            lexical = _COVERAGE_WEIGHT * coverage + _SIMILARITY_WEIGHT * similarity
            lift = meaning - baseline - thresholds.SEMANTIC_FLOOR
            semantic = min(max(lift / span, 0.0), 1.0)
            score = (1 - share) * lexical + share * semantic
            scored.append(Candidate(target, score, coverage, similarity, lexical, meaning))
        scored.sort(key=lambda c: c.score, reverse=True)
        claim_scores = {c.target.id: c.score for c in scored if c.target.kind == "claim"}
        return Ranking(tuple(terms), tuple(unknown), tuple(scored[:limit]), claim_scores)
