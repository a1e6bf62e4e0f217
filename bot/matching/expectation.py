"""What a question expects its answer to hold, and whether a fact holds it.

A fact can share most of a question's words and still not answer it: "when did Rosenstein leave
the department" lands on the fact that *Sessions* left it; "how old was the youngest child"
lands on a fact with no age in it; "how did Sessions respond to Tlaib" lands on her tweet. Each
is a neighbouring fact, and answering with it is a confident wrong answer. So before a fact is
answered, the question's expectations are checked against what the fact says:

* a question that asks **when** wants a fact that holds a time (a date, a month, a year, a
  weekday, "after the election", "after Rosenstein's call"), and **when something happened**
  ("when did it actually come out") not when it will ("will deliver it after the election");
  one that asks **what year** or
  **what month** wants a date, which "after Rosenstein's call" is not, and one that asks
  **what day** or **what (exact) date** a day ("Tuesday", "May 7"), which "May 2018" is not;
* one that asks **how many / how much** wants a number or an amount, **how old** an age,
  **why** a reason ("because", "to deter"), **where** a place or a venue ("in a tweet"), but
  **where someone was** ("where were they based") a place written beside their name ("U.S.
  attorneys along the border"), which a venue, a place the speaker's own words name ("if you
  cross the border") or another's place is not, **which district**, **what part of Texas** a
  place by its name, and one that asks for **names** someone the reporting names
  ("the name of the breastfeeding mother" too, while "the name of the policy" or "of his show"
  wants what it is called); "how many emails" wants a number of emails, not the 45
  interviews beside them (a fact that never says "emails" may call them something else, and
  any number will do there);
* one that asks **which** of a role ("which officials are reviewing the draft") wants them by
  name: a fact that says only "officials" tells no more than the question did, while one that
  names someone the fact or the pack gives that role answers it ("which lawmaker": Tlaib);
* what the question already says is no answer: "when was the May 2018 call" is not answered by
  "May 2018";
* one that **names a person** wants a fact about, or mentioning, that person; one that asks
  for **someone's words** ("what did Bash tell the prosecutors") wants a fact that quotes them,
  is about them, or credits a document they wrote: Rosenstein's message is not Bash's; of
  someone the reporting never quotes, only a fact that tells them saying it ("five attorneys
  general told…"), not one that speaks of them ("the Times spoke with three officials");
* one that asks for **someone at a body** ("who at NBC saw it", "who in his office wrote it")
  wants one of the body's by name, in a fact that does not tell the body itself doing it ("NBC
  News had also seen the draft"); "which democrats" wants members of the group, by name;
* an **X or Y** question offering two things ("by email or over the phone") wants a fact whose
  own words show one of them; a yes/no question naming a form ("did Sessions tweet it?") is
  answered by a fact that tells the form it took ("on a call");
* one that sets someone aside ("besides Sessions, did anyone else...", "unlike Sessions") is
  not answered by a fact only about them, "who else" by one about no one besides those named,
  and neither is one that asks who did something to someone named ("who questioned Sessions'
  directive"); "what time" wants the hour, not the day; "exactly
  how many" a number, not "numerous"; "what city" a place by its name, not a venue or "the
  border";
* a clause that sets the scene ("when they pushed back, what did he say?") is not what is
  asked: the question after its comma is;
* one that asks for **someone's exact words** ("word for word", "the full quote") wants a fact
  that quotes them: a paraphrase of a tweet is not its wording; the words of the request are
  not ranked (``without_verbatim_request``), so "exact words" does not lead to the fact about
  whose exact words a line is;
* one that names a **concept of the pack** (a synonym group: "respond", "reply", "rebuttal" are
  one) wants a fact that speaks of it: "how did Sessions respond to Tlaib" is not answered by
  Tlaib's tweet, which mentions no response ("a call or an email": one of them will do).

("Which N" wanting an N was tried and dropped: "which network" is answered by "NBC News", which
never says "network", and the other rules already declined what it caught.)

A fact that fails is not answered with (it may still be suggested). Only general English is read
here; people come from the pack, so nothing here knows any story.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from bot import thresholds
from bot.matching.language import (
    DETERMINERS,
    GIVEN_FORMS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    STOPWORDS,
    VERBATIM_REQUEST,
    YES_NO_OPENERS,
    stem,
    tokens,
)

if TYPE_CHECKING:
    from bot.knowledge.model import KnowledgeBase, Person, Quote
    from bot.matching.index import Analyzer, Target

# --- what the question asks for ----------------------------------------------------------------
# Each is read where the question's first question word stands ("exactly how many", "in what
# year"), so that "what did she say about how old they were" asks what she said, not an age.
_QUESTION_WORD = re.compile(r"\b(?:what|which|when|whens|where|who|whom|whose|why|how)\b")
_ASKS_WHEN = re.compile(
    r"^(?:when|whens)\b|^(?:what|which) (?:year|month|day|date|time|week|season)\b|"
    r"^(?:what|which) (?:exact|precise|specific|actual) (?:day|date)\b|"
    r"^how long ago\b"
)
_ASKS_WHEN_PAST = re.compile(r"^when (?:did|was|were|had)\b")
# a statement of what is to come: "will likely deliver", "is expected to"
_FUTURE = re.compile(r"\b(?:will|(?:is|are) (?:expected|due|scheduled) to)\b")
_ASKS_DATE = re.compile(r"^(?:what|which) (?:year|month|day|date|week|season)\b")
# "what day", "what exact date": a day, which a month or a year alone does not give
_ASKS_DAY = re.compile(r"^(?:what|which) (?:exact |precise |specific |actual )?(?:day|date)\b")
_ASKS_CLOCK = re.compile(
    r"^(?:what|which|at what) (?:time\b(?! (?:period|frame))|hour\b)|^what time of day\b"
)
# "how many errors exactly": a number, not "numerous" or "thousands"
_ASKS_EXACTLY = re.compile(
    r"\b(?:exactly|exact|precise|precisely|specific number|actual number|the actual|exact number)\b"
)
# "one" as a count ("one prosecutor"), not as which account ("according to one article")
_ONE = r"\bone\b(?! (?:article|outlet|account|version|report|of the (?:two )?articles)\b)|"
_NUMBER = re.compile(
    r"(?<!\d)(?!(?:1[6-9]|20)\d\d(?!\d))\d|"  # a number, but not a year: "in 2018" counts nothing
    + _ONE
    + r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|once|twice)\b",
    re.IGNORECASE,
)
_ASKS_COUNT = re.compile(r"^how (?:many|much|big|large|far)\b|^what (?:number|amount)\b")
_CLAUSES = re.compile(r"[,;]\s*(?:and\s+)?")
# "exact number of kids separated?": a count asked by naming it, with no question word
_NAMES_A_COUNT = re.compile(
    r"^(?:the |an? )?(?:exact |actual |precise |total |specific |real )?(?:number|count|tally"
    r"|figure|total|headcount) (?:of|for|on)\b"
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d\d)? ?(?:a\.?m\b|p\.?m\b|o'?clock\b)|\b\d{1,2}:\d\d\b|\b(?:morning|afternoon|"
    r"evening|night|overnight|noon|midday|midnight|dawn)\b",
    re.IGNORECASE,
)
# "what page is the quote on", "the page number of the driving force line": where in a document,
# which a page count ("the 86-page draft") does not say
_ASKS_PAGE = re.compile(r"^(?:what|which) page\b|\bpage numbers?\b|^on what page\b")
_PAGE = re.compile(r"\b(?:pages?|p\.|pp\.) ?\d+\b", re.IGNORECASE)
_ASKS_AGE = re.compile(r"^how old\b|^what age\b|^what is (?:his|her|their) age\b")
_ASKS_LENGTH = re.compile(r"^how long\b(?! ago)")  # a time ("how long did it take") or a size
_ASKS_WHERE = re.compile(r"^where\b")
_ASKS_LOCATION = re.compile(
    r"^where (?:is|was|were|are|s)\b(?!.*\b(?:said|say|posted|published|reported|written|"
    r"tweeted|stated|put|printed|quoted|mentioned|announced|made|shared)\b)|"
    r"\b(?:based|located|stationed|working|lives?|lived)\b"
)
_ASKS_WHO = re.compile(r"^(?:who|whom)\b")
_WHO_ELSE = re.compile(r"^(?:who|whom) else\b")
# "who questioned the directive", "who leaked it": who did something, asked as its subject
# (not "who is", "who did he tell", "who else")
_ASKS_WHO_DID = re.compile(
    r"^who (?!(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|may|"
    r"might|must|s|else|exactly|the|a|an|this|that|these|those|all)\b)\w+ed\b"
)
# "what city": a place by its name, not a venue ("in a speech") or "the border"
_ASKS_NAMED_PLACE = re.compile(
    r"^(?:what|which|in what|in which) (?:city|town|state|country|county|region|province)\b|"
    # "the report is about which border", "which district was he in"
    r"\b(?:what|which) (?:border|district|location|area)\b|"
    # "what part of texas", not "what part of the report"
    r"\b(?:what|which) part of (?!(?:the|that|this|his|her|its|their) )"
)
# a source, not a place: "where did it come from", "where can I read the full report"
_ASKS_SOURCE = re.compile(
    r"\bfrom$|\b(?:come|comes|came|coming) from\b|^where (?:can|could|do|would|should) "
    r"(?:i|we|you|u|one|people) (?:read|find|see|get|look at|access|view)\b|"
    # "where does the story tell me to go read the full report"
    r"^where\b.*\b(?:go|to) read\b|"
    # "where do the two pieces differ on it": in what, not in which place
    r"^where (?:do|does|did) .*\b(?:differ|differs|differed|disagree|disagrees|disagreed|"
    r"contradict|contradicts|diverge|diverges|split)\b|"
    r"^where (?:do|does|did) .*\bon (?:how|what|whether|who|why)\b"
)
_ASKS_WHY = re.compile(r"^(?:why|how come)\b|^what (?:was|is|were) the (?:reason|motive)")
# "what was the policy called": what a thing is called (group 1: the thing), which a fact says
# by naming it ('the "zero tolerance" policy').
_ASKS_CALLED = re.compile(
    r"^what (?:(?:was|is|were|are) )?(?:the|this|that|his|their|its) (?:\w+ ){0,2}?(\w+) "
    r"(?:called|named|known as)\b"
)
# "the name of the immigration policy", "of the breastfeeding mother who was separated", "of
# soboroff's show", "of the spokeswoman of DOJ": what is named, up to where a clause, a place or
# another noun phrase begins
_NAME_OF = re.compile(
    r"\bname of (?:(?:the|a|an|this|that|his|her|their|its) )?((?:\w+ ){0,3}?\w+)(?= (?:who|whom|"
    r"whose|that|which|in|on|at|from|for|with|by|of|again|is|was|are|were|does|did|the|a|an|"
    # "the immigration policy all this is about", "the policy everyone's talking about"
    r"all|this|these|those|everyone|everybody|people|we|you|they|i|he|she|it)\b|$)"
)
# "name the five attorneys", "what were their names": someone the reporting names, by name.
# ("who were those 45 interviews with" asks whom they were with: people counted, or no noun)
_ASKS_NAMES = re.compile(
    r"\bnames\b|\bname (?:the|all|any|those|these|them|every|each)\b|"
    r"\bname (?:a )?(?:few|some|one|two|three|couple) (?:of\b)?|\bwhat (?:is|was) (?:his|her|"
    r"the \w+s?) name\b|^who (?:are|were) (?:they|them)\b|"
    r"\bwho (?:are|were) (?:the|those|these) (?:\d+|two|three|four|five|six)\b"
    r"(?! (?!(?:" + "|".join(sorted(PERSON_NOUNS, key=len, reverse=True)) + r")s?\b)[a-z]{3,}s\b)"
    # ("who were the five worried about prosecuting" asks whom they worried about)
    r"(?!.*\b(?:worried|concerned|afraid|scared|angry|upset|mad|uneasy|alarmed|nervous) "
    r"(?:about|over|by|with|at|of)\b)"
)
# "which officials are reviewing the draft": who, by name. A fact that says only "officials"
# tells nothing more than the question; one that never says the role answers by naming someone
# the pack gives it ("which lawmaker wanted him sent to the Hague": Rep. Rashida Tlaib). (The
# kinds of people a reader asks after by role; "which children" asks no name the reporting
# could give.)
_ASKED_BY_ROLE = ROLE_NOUNS | frozenset(
    "people person persons guy guys man woman lady leaker source sources staffer aide adviser "
    "advisor employee author writer whistleblower host anchor agent investigator".split()
)
# "names of the prosecutors who...", "the name of the woman who...": whose names
_NAMES_OF = re.compile(r"\bnames? of (.+)")
# "who at NBC News saw the draft", "who exactly at the paper": the body someone is at
# ("who in his office wrote it", "who from DHS made the decisions": the same, said otherwise)
_SOMEONE_AT = re.compile(r"^who (?:exactly |specifically |else )?(?:at|in|from|within|inside) (.+)")
# roles anyone in a story may hold ("which officials", "which members of staff"): whoever a fact
# that speaks of them names holds them
_ANYONES_ROLES = frozenset("official people person persons guy guys man woman lady member".split())
_ASKS_WHICH_PERSON = re.compile(
    r"^which (?:(?!(?:did|does|do|was|is|were|are|has|have|had|of)\b)\w+ ){0,2}?("
    + "|".join(sorted(_ASKED_BY_ROLE, key=len, reverse=True))
    + r")s?\b"
    # ("which prosecutor quote backs it up" asks which quote: the role only qualifies it)
    r"(?! (?:quotes?|lines?|statements?|notes?|emails?|tweets?|words|comments?|remarks?|"
    r"stor(?:y|ies)|reports?|articles?|pieces?|claims?|accounts?)\b)"
)
# "what were the two cases": the question gives the count itself and asks which they were; a
# fact that only counts them ("two cases") tells nothing more. ("what did the five attorneys
# say" asks what they said, which a fact may well report without listing them.)
# "the names of the 45 officials": which they were, by name
_NAMES_OF_COUNTED = re.compile(
    r"\bnames? of (?:the|those|these|all|all the) (?:[1-9]\d*|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|dozens?|hundreds?) ([a-z]+)\b"
)
# "which cases were those", "what were those cases": which the things counted before were
_ASKS_WHICH_THOSE = re.compile(
    r"^(?:which|what) ([a-z]+s) (?:were|are) (?:those|these|they)\b|"
    r"^(?:what|which) (?:were|are) (?:those|these|they|the) ([a-z]+s)\W*$"
)
# "which election do they mean": which one thing, which a fact names ("the 2020 election")
_ASKS_WHICH_THING = re.compile(
    r"^which ([a-z]+[^s\W])(?= (?:do|does|did|is|was|are|were|they|he|she|it|exactly|then)\b|\W*$)"
)
# ...unless it is a body, an article or a time, which a fact names without a name of its own
_NOT_IDENTIFIED = frozenset(
    "article piece story outlet paper newspaper site network agency department dept org "
    "organization office one month day year week time date district border state city country "
    "part page chapter section way".split()
)
_ASKS_WHICH_ONES = re.compile(
    # ("zero", read as 0, counts nothing: "what is the zero tolerance policy" asks what it is)
    # "which 45 officials were interviewed" asks the same
    r"^(?:(?:what|which) (?:were|are|was|is) (?:the|those|these)|which(?: of the)?) "
    r"(?:[1-9]\d*|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|dozens?|hundreds?) "
    r"(?!(?:percent|times|years?|months?|weeks?|days?|hours?|minutes?|pages?)\b)([a-z]+)\b"
    # "what were the five attorneys concerned about" asks what they were concerned about, not
    # which they were ("what were the two cases actually about" does ask which)
    r"(?!.*\b\w+ed (?:about|for|of|with|to|on|over|at|by)(?: exactly| specifically| again| then)?$)"
)
# A question word after one of these opens a clause, not the question: "it didn't matter how
# old they were, by who?" asks who, "they knew when it would start" asks nothing about when.
_EMBEDDING = frozenset(
    "matter matters mattered regardless know knew knows wonder wondering explain explained "
    "decide decided care cared understand understood".split()
)
# "any U.S. attorney who charged a case... did what": after someone, "who" opens a clause
# about them, not the question
_RELATIVE_AFTER = PERSON_NOUNS | frozenset(
    "anyone anybody someone somebody everyone everybody those one ones".split()
)


def _embedded(before: list[str], word: str) -> bool:
    """Is the question word, after the word ``before`` it, in a clause of the question rather
    than what it asks ("it didn't matter how old", "an attorney who charged")?"""
    return bool(set(before) & _EMBEDDING) or (
        word in ("who", "whom", "which", "whose") and bool(set(before) & _RELATIVE_AFTER)
    )


# A clause that sets the scene before the question: "when they pushed back, what did he say?",
# "after the call, who did he email?". What it asks is after the comma.
_MAIN_CLAUSE = re.compile(
    r"(?i)^(?:when|whenever|once|after|before|while|where|if)\b[^,?]*,\s*((?:what|which|who|whom|"
    r"whose|why|how|when|where)\b.*)$"
    # "the congresswoman who tweeted, who was it?", "the texas prosecutor who emailed his staff,
    # whats his name": whom the opening describes is asked about, by the question after it
    r"|^(?:the|that|this|a|an) [^,?]{1,60}? (?:who|that|which|whose)\b[^,?]*[,:-]\s*((?:what|"
    r"which|who|whom|whose|why|how|when|where|whats|whos|who's|what's)\b.*)$"
)
# "what did the former AG tell them": the subject of a verb of saying, and any later such verb
_SAYING = re.compile(
    r"^(?:what|whom|who|when|where|why|how)\b(?: \w+)?? (?:did|does|do|has|have|had) "
    # (the subject may carry a relative clause: "the three officials who had read the draft")
    r"((?:\w+ ){1,5}?(?:(?:who|that|which) (?:\w+ ){1,4}?)?)(\w+ )?"
    r"(?:say|said|tell|told|write|wrote|claim|claimed|admit|admitted|think|thought)\b"
)
_SAID = re.compile(
    r"\b(?:say|said|says|tell|told|tells|write|wrote|claim|claimed|admit|admitted)\b"
)
_COUNTED = re.compile(r"^(?:how (?:many|much)|what number of) (?:of (?:the|those|these) )?(.*)")
_BESIDES = re.compile(
    r"\b(?:besides|other than|apart from|aside from|except for|except|unlike) ((?:\w+ ){0,3}?\w+)"
    r"(?= (?:did|does|do|has|have|had|was|were|is|are|who|whom|what|which|when|where|how|why|"
    r"anyone|anybody|someone|somebody|any|else|other|others)\b|$)"
)
# "what date", "when exactly": more precise than any time or place a fact may hold
_PRECISELY = re.compile(r"\b(?:exact|exactly|precise|precisely|specific|specifically|dates?)\b")

# --- what a fact holds --------------------------------------------------------------------------
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_LOCATED = (
    # "in Texas", not "in May": a month or a weekday is a time
    rf"\b(?:in|at|from|near|outside|inside|across|along) (?:the )?(?!(?:{_MONTHS}|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w.-]+|"
    r"\b(?:border|borders|city|cities|state|states|country|countries|district|districts|office|"
    r"offices|court|courts|capital|headquarters|county|region|town|building|room|camp|camps|"
    r"facility|facilities|station|airport|prison|jail|shelter|shelters|overseas|abroad|"
    r"nationwide|locally|home|embassy|base)\b"
)
_LOCATION = re.compile(_LOCATED)
_PLACE = re.compile(
    _LOCATED + "|"
    # where something was said: the venue
    r"\b(?:tweets?|tweeted|posts?|posted|statements?|interviews?|emails?|emailed|calls?|speech|"
    r"speeches|letters?|memos?|"
    r"notes?|videos?|broadcasts?|hearings?|meetings?|conferences?|briefings?)\b",
)
_NAMED_PLACE = re.compile(
    rf"\b(?:in|at|from|near|of|outside|inside) (?:the )?(?:(?:western|eastern|northern|southern|"
    rf"west|east|north|south|central) )?(?!(?:{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b)[A-Z][a-z][\w.-]*",
)
_TIME_CASED = re.compile(rf"\b(?:{_MONTHS})\b")  # "May" the month, not "may" the verb
# a day: "Tuesday", "May 7", "7 May", "5/7/2018" (a month or a year alone is no day)
_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow"
    rf"|tonight)\b|\b(?:{_MONTHS}) \d{{1,2}}\b|\b\d{{1,2}} (?:{_MONTHS})\b|\b\d{{1,2}}/\d{{1,2}}\b",
    re.IGNORECASE,
)
# "after Rosenstein('s call)": when, by what came first; it tells no day or date
# "after Rosenstein's call", "after it came under intense criticism": a time told by an event
_TIME_RELATIVE = re.compile(
    r"\b(?:after|before|following) [A-Z][a-z]|\b(?:after|before|once|until) (?:it|they|he|she) "
    r"(?:was|were|had|came|went|got|became|left)\b"
)
_TIME = re.compile(
    r"\b(?:1[6-9]|20)\d\d\b|\b\d{1,2}:\d\d\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|today|tomorrow|tonight|ago|recently|lately|soon|"
    r"spring|summer|autumn|winter|weekend|decades?|centur(?:y|ies))\b|"
    r"\b(?:last|next|this|that|earlier|later|same|previous|following) (?:week|month|year|day|"
    r"morning|afternoon|evening|night|spring|summer|fall|autumn|winter|time)\b|"
    r"\b(?:after|before|until|since|by|during) the\b|\b(?:after|before|until|since) (?:\w+ )?"
    r"(?:election|meeting|call|speech|announcement|report|hearing|vote|trip|visit)\b|"
    r"\b(?:days?|weeks?|months?|years?|hours?|minutes?) (?:ago|later|earlier|after|before)\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b\d+[- ]years?[- ]old\b|\b(?:aged?|age of) \d+|\b\d+s\b|\bin (?:his|her|their) "
    r"(?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|in order to|so that|so as to|reasons?|purpose|"
    r"aimed|intended|meant to|motiv\w+|caused?|led to|in response|to deter|deterr?\w*|"
    r"to discourage|to stop|to prevent|in an effort|justif\w+|argued|citing|cited|amid|"
    r"criticism|backlash|outcry|pressure)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?<!\d)(?!(?:1[6-9]|20)\d\d(?!\d))\d|"  # a number, but not a year
    + _ONE
    + r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|several|few|handful|half|"
    r"percent|once|twice|multiple|numerous)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Expectation:
    """What an answer to one question must hold; an empty one is met by any fact."""

    kinds: frozenset[str] = frozenset()  # any one of: time, count, age, reason, place,
    # location (a place, no venue), named_place, name, items (which the counted things were),
    # called (what ``called`` is called), identity (which ``called`` is), words (a quote)
    people: frozenset[str] = frozenset()  # "@id" terms of the people and bodies it names
    concepts: frozenset[str] = frozenset()  # "~" terms: the pack's synonym groups it names
    # The question's own words: what it already says is no answer ("where did he give the
    # speech" is not answered by "in a speech", "when was the May 2018 call" by "May 2018").
    given: frozenset[str] = frozenset()
    either: bool = False  # "X or Y": one of its concepts is enough...
    # ...which the answer must show, in any of the ways the pack writes them: "by email or over
    # the phone" is not answered by a fact only its phrasings call "the calls at the border"
    alternatives: tuple[str, ...] = ()
    # "did Sessions tweet 'we need to take away children'?": the forms a yes/no question names
    # ("~" terms), which a fact telling another form answers (no: on a call)
    forms: frozenset[str] = frozenset()
    # "what did Horowitz tell the Times": the one whose words are asked for ("@id"), who must
    # have said them: be quoted in the fact, or be whom it is about
    speaker: str | None = None
    # "how many emails": the stems of what is counted, which a number in the fact must count
    # ("what were the two cases": which the fact must list)
    counted: frozenset[str] = frozenset()
    # "besides Sessions, did anyone else refuse": those a fact only about is no answer ("@id")
    besides: frozenset[str] = frozenset()
    someone_else: bool = False  # "who else": a fact must speak of someone besides them all
    called: str | None = None  # "what was the policy called": the thing whose name is asked
    # "what did Bash say to the Times": whom the words were said to ("@id"), whom the fact must
    # show them said to (a quote's "to", or "told the Times" in its words: ``recipient_names``
    # are the ways the pack writes them)
    recipient: str | None = None
    recipient_names: tuple[str, ...] = ()
    # (concept, name): the people and bodies whose names use a concept the question names
    named_by: frozenset[tuple[str, str]] = frozenset()
    # "which officials are reviewing it": the role asked after, whose holder a fact must name
    role: str | None = None
    role_holders: frozenset[str] = frozenset()  # whom the pack's words for the role name ("@id")
    # "who at NBC saw it", "names of the prosecutors": someone at a body or of a group, whom a
    # fact must show by name, among those the pack calls the body's ("@id"; None: none asked)
    at_body: frozenset[str] | None = None
    # "who at NBC actually saw the draft": the ways the pack writes the body, and the stems of
    # what the question says was done ("see", "draft"); a fact that tells the body itself doing
    # it ("NBC News had also seen the draft") names no one of it who did
    body_names: tuple[str, ...] = ()
    body_did: frozenset[str] = frozenset()
    # "when did the final report actually come out": when something happened, which a fact that
    # says when it will happen ("Horowitz will likely deliver it after the election") does not say
    past: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.kinds
            or self.people
            or self.concepts
            or self.besides
            or self.recipient
            or self.role
            or self.at_body is not None
        )


def expectation(question: str, terms: Iterable[str], analyzer: Analyzer) -> Expectation:
    """Read what the question asks for; ``terms`` are its folded terms (from the ranking)."""
    words = tokens(question)
    joined = " ".join(words)
    terms = list(terms)
    besides = _besides(joined, analyzer)
    # "how many pages was DHS's response": a body named is required as a person is, or the
    # answer would be another body's response
    people = frozenset(
        t
        for t in terms
        if t.startswith("@")
        and (analyzer.is_person(t[1:]) or analyzer.is_organization(t[1:]))
        and t not in besides
    )
    concepts = frozenset(t for t in terms if t.startswith("~")) - _descriptors(words, analyzer)
    concepts -= _scene(words, concepts, analyzer)
    if not words or words[0] in YES_NO_OPENERS:
        # "did it matter how old they were?" asks whether, not how old: people only; but "do we
        # know their names?" asks for the names
        asked_kinds = {"name"} if _ASKS_NAMES.search(joined) else set()
        if VERBATIM_REQUEST.search(question):
            asked_kinds.add("words")  # "can you give me the exact quote": a fact that quotes
        return Expectation(
            kinds=frozenset(asked_kinds),
            people=people,
            concepts=concepts,
            either="or" in words,
            alternatives=_alternatives(words, analyzer),
            forms=frozenset(c for c in concepts if _is_a_form(c, analyzer)),
            besides=besides,
            named_by=frozenset((c, name) for c in concepts for name in analyzer.called_by(c)),
        )
    kinds: set[str] = set()
    main = _MAIN_CLAUSE.match(question.strip())
    if main:
        # "when the prosecutors pushed back, what was his answer?" asks what, not when
        joined = " ".join(tokens(main.group(1) or main.group(2)))
    first = next(
        (
            m
            for m in _QUESTION_WORD.finditer(joined)
            if not _embedded(joined[: m.start()].split()[-1:], m.group())
        ),
        None,
    )
    asked = joined[first.start() :] if first else ""
    if _ASKS_WHEN.search(asked):
        # "what day did he send it" wants a day or a date: "after Rosenstein's call" says when,
        # not which day
        kinds.add(
            "day" if _ASKS_DAY.search(asked) else "date" if _ASKS_DATE.search(asked) else "time"
        )
    if _ASKS_CLOCK.search(asked):
        kinds.discard("time")
        kinds.add("clock")  # "what time did it go up" wants the hour, not the day
    if (
        _ASKS_COUNT.search(asked)
        or _NAMES_A_COUNT.match(joined)
        # "what did the duty log show, how many babies": a count asked in a clause of its own
        or (
            "how" in words
            and any(
                _ASKS_COUNT.match(" ".join(tokens(part))) for part in _CLAUSES.split(question)[1:]
            )
        )
    ):
        # "how many errors exactly" wants a number, not "numerous" or "thousands"
        kinds.add("number" if _ASKS_EXACTLY.search(joined) else "count")
    if _ASKS_AGE.search(asked):
        kinds.add("age")
    if _ASKS_PAGE.search(asked) or _ASKS_PAGE.search(joined):
        kinds.add("page")
    if _ASKS_LENGTH.search(asked):
        kinds.update(("time", "number"))  # a duration, or a size in numbers ("64-page")
    if _ASKS_WHY.search(asked):
        kinds.add("reason")
    if _ASKS_WHERE.search(asked) and not _ASKS_SOURCE.search(asked):
        # "where was he when he gave it", "where were they based": where someone was, which a
        # venue ("in a speech") does not say; "where did he say it" may be told by one
        kinds.add("location" if _ASKS_LOCATION.search(asked) else "place")
    if _ASKS_NAMED_PLACE.search(asked):
        kinds.add("named_place")
    which_ones = (
        _ASKS_WHICH_ONES.match(asked)
        or _NAMES_OF_COUNTED.search(joined)
        or _ASKS_WHICH_THOSE.match(asked)
    )
    if which_ones:
        kinds.add("items")
    called = _ASKS_CALLED.search(joined)
    called_thing: str | None = None
    if called and any(t.startswith("~") for t in analyzer.fold([called.group(1)])):
        called = None  # "what was the crackdown called": one of the pack's names for it
    if called:
        kinds.add("called")
    which = _ASKS_WHICH_THING.match(asked) if not (called or kinds) else None
    if which and which.group(1) not in _NOT_IDENTIFIED and which.group(1) not in PERSON_NOUNS:
        # "which election": a fact that says only "the election" does not say which
        kinds.add("identity")
        called_thing = which.group(1)
    named = _NAME_OF.search(joined) if not called else None
    if named:
        asked_for = _named_kind(named.group(1), analyzer)
        if asked_for == "name":
            kinds.add("name")
        elif asked_for is not None:
            kinds.add("called")
            called_thing = asked_for
    if VERBATIM_REQUEST.search(question):
        kinds.add("words")  # "what were his exact words": a fact that quotes them
    if _ASKS_NAMES.search(joined) or (besides and _ASKS_WHO.search(asked)):
        kinds.add("name")  # "other than Vance, who else spoke": someone else, by name
    either = "or" in words
    someone_else = _WHO_ELSE.match(asked) is not None
    if someone_else:
        # "who else was on Sessions' call with the prosecutors": someone besides all of them
        besides = besides | {t for t in people if analyzer.is_person(t[1:])}
    elif _ASKS_WHO_DID.match(asked):
        # "who questioned Sessions' directive": someone other than Sessions did, so a fact
        # only about him is no answer (he is still named by the one that is)
        # (a body's own statement may well be delivered by its spokeswoman: people only)
        besides = besides | {t for t in people if analyzer.is_named_person(t[1:])}
    speaker = speaker_asked(joined, analyzer)
    recipient = _recipient(joined, speaker, analyzer) if speaker is not None else None
    counted = _counted(asked, analyzer) if kinds & {"count", "number"} else frozenset()
    if which_ones:
        counted = frozenset((stem(next(g for g in which_ones.groups() if g)),))
    role = _ASKS_WHICH_PERSON.match(asked) if not which_ones else None
    holders = (
        frozenset(t for t in analyzer.fold([role.group(1)]) if t.startswith("@"))
        if role
        else frozenset()
    )
    if role:
        # "which DOJ official": whose official, not a second subject; someone the pack calls
        # the department's holds the role
        qualifying = " " + asked[: role.start(1)] + " "
        for body in [t for t in people if analyzer.is_organization(t[1:])]:
            if any(f" {name} " in qualifying for name in analyzer.written_names(body)):
                people -= {body}
                holders |= analyzer.serving(body)
    at_body = None
    body_names: tuple[str, ...] = ()
    body_did: frozenset[str] = frozenset()
    someone_at = _SOMEONE_AT.match(asked)
    if someone_at:
        # "who at the paper actually saw it": someone of the Times', not the Times
        # (the first thing the rest names, right after "at")
        bodies = analyzer.terms(someone_at.group(1), correct=True)[0][:1]
        if bodies and bodies[0].startswith("@") and not analyzer.is_person(bodies[0][1:]):
            people -= {bodies[0]}
            at_body = analyzer.serving(bodies[0]) - people  # (not one the question names)
            body_names = analyzer.written_names(bodies[0])
            body_did = frozenset(
                stem(w) for w in someone_at.group(1).split()[1:] if w not in STOPWORDS
            )
    named_group = _NAMES_OF.search(joined) if "name" in kinds and at_body is None else None
    if named_group:
        # "names of the us attorneys who questioned the directive": of a group the pack does not
        # name, whose members a fact must show by name (Sessions, who spoke to them, is none)
        group = analyzer.terms(named_group.group(1), correct=True)[0][:1]
        unnamed = group and group[0].startswith("@") and analyzer.is_person(group[0][1:])
        if unnamed and not analyzer.is_named_person(group[0][1:]):
            people -= {group[0]}
            at_body = analyzer.serving(group[0]) - {group[0]}
    if (
        role
        and role.group(0).endswith("s")
        and holders
        and at_body is None
        and not any(analyzer.is_named_person(h[1:]) for h in holders)
    ):
        # "which democrats exactly": the role is the group's own name, so which of its members
        # is asked, whom a fact must show by name (none the pack knows: none does)
        at_body = frozenset(m for h in holders for m in analyzer.serving(h)) - holders
    return Expectation(
        kinds=frozenset(kinds),
        people=people,
        concepts=concepts,
        given=frozenset(words),
        either=either,
        alternatives=_alternatives(words, analyzer),
        speaker=speaker,
        counted=counted,
        besides=besides,
        someone_else=someone_else,
        called=called.group(1) if called else called_thing,
        recipient=recipient,
        recipient_names=analyzer.written_names(recipient) if recipient is not None else (),
        named_by=frozenset((c, name) for c in concepts for name in analyzer.called_by(c)),
        role=role.group(1) if role else None,
        role_holders=holders,
        at_body=at_body,
        body_names=body_names,
        body_did=body_did,
        past=_ASKS_WHEN_PAST.match(asked) is not None,
    )


def _alternatives(words: list[str], analyzer: Analyzer) -> tuple[str, ...]:
    """Every way the pack writes the concepts an "X or Y" question offers, a concept on either
    side of its "or" ("by email or over the phone"; not "final or not", "final or a draft",
    which ask whether, or name a thing, not a concept)."""
    if "or" not in words:
        return ()
    at = words.index("or")
    before = {t for t in analyzer.fold(words[max(0, at - _ALTERNATIVE_WORDS) : at]) if t[0] == "~"}
    after = {t for t in analyzer.fold(words[at + 1 : at + 1 + _ALTERNATIVE_WORDS]) if t[0] == "~"}
    if not before or not after:
        return ()
    return tuple(sorted({w for c in before | after for w in analyzer.written_names(c)}))


def _is_a_form(concept: str, analyzer: Analyzer) -> bool:
    """Is the concept a form words take (a tweet, an email, a call): are most of the ways it is
    written forms ("~announc" is not, for one "announcement" among "introduce", "unveil")?"""
    written = analyzer.written_names(concept)
    return 2 * sum(bool(set(tokens(w)) & GIVEN_FORMS) for w in written) >= len(written) > 0


def _tells_a_form(claim_ids: Iterable[str], knowledge: KnowledgeBase) -> bool:
    return bool(set(tokens(_texts(knowledge, claim_ids))) & GIVEN_FORMS)


def offered(question: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The ways the pack writes what an "X or Y" question offers (see :func:`_alternatives`)."""
    return _alternatives(tokens(question), analyzer)


def shows_offered(
    words: tuple[str, ...], claim_ids: Iterable[str], knowledge: KnowledgeBase
) -> bool:
    """Does an answer with these claims show one of the things offered, in its own text (not
    only in the phrasings it is asked by: "DHS's call at the border" is no phone call)?"""
    return _says_one_of(words, _texts(knowledge, claim_ids))


# "how many officials were interviewed for the IG's investigation": what the closing phrase
# after these names is what the rest happened for, not what is asked
_SCENE_PREPOSITIONS = frozenset("for during throughout".split())
_SCENE_WORDS = 5


def _scene(words: list[str], concepts: frozenset[str], analyzer: Analyzer) -> frozenset[str]:
    """The concepts only a closing scene-setting phrase names, when the rest names others: a
    fact need not speak of them."""
    for index in range(len(words) - 1, 1, -1):
        if words[index] in _SCENE_PREPOSITIONS:
            tail = words[index + 1 :]
            if "according" in tail:  # "...for the investigation, according to the Times"
                tail = tail[: tail.index("according")]
            if not tail or len(tail) > _SCENE_WORDS:
                return frozenset()
            head = {t for t in analyzer.fold(words[:index]) if t in concepts}
            named = {t for t in analyzer.fold(tail) if t in concepts} - head
            return frozenset(named) if head else frozenset()
    return frozenset()


_CATEGORIES = (
    ("who", frozenset({"name"})),
    ("time", frozenset({"time", "date", "day", "clock"})),
    ("count", frozenset({"count", "number"})),
    ("place", frozenset({"place", "named_place", "location"})),
    ("reason", frozenset({"reason"})),
)
_WHO_FIRST = re.compile(r"^(?:who|whom|whose|name|names|can you name)\b|\bnames? of\b")


def answer_category(question: str, expected: Expectation) -> str | None:
    """What kind of answer a question wants, broadly: someone ("who", "names of"), a time, a
    count, a place, a reason; None for anything else ("what did the note say")."""
    if _WHO_FIRST.search(" ".join(tokens(question))):
        return "who"
    for category, kinds in _CATEGORIES:
        if expected.kinds & kinds:
            return category
    return None


_WORDS_ASKED = re.compile(
    r"^(?:and |so )?what (?:exactly |precisely |actually )?(?:did|does|do|has|have) "
    r"(?:\w+ ){1,8}?(?:say|said|write|wrote|tell|"
    r"told|show|showed|mean)\b"
)


def asks_for_words(question: str) -> bool:
    """ "What did the prosecutor's note say", "what does the email show": what something said,
    not who someone is."""
    return _WORDS_ASKED.search(" ".join(tokens(question))) is not None


# each analyzer's (each loaded pack's) categories of ways of asking, kept no longer than it is
@dataclass(frozen=True)
class _AsksRead:
    category: str | None  # the kind of answer nearly all the ways of asking want
    details_only: bool  # nearly all want some detail, of no one kind, and none what was said


# each analyzer's (each loaded pack's) reading of its gaps' ways of asking, kept no longer than
# it is
_ASKS_READ: weakref.WeakKeyDictionary[Analyzer, dict[tuple[str, ...], _AsksRead]] = (
    weakref.WeakKeyDictionary()
)


def category_asked(asks: tuple[str, ...], analyzer: Analyzer) -> str | None:
    """The kind of answer nearly all these ways of asking want (a recorded gap's: "who was the
    prosecutor", "the prosecutors' names?" want someone); None for too few to tell by, or no
    one kind. Read once per pack."""
    return _asks_read(asks, analyzer).category


def asks_details_only(asks: tuple[str, ...], analyzer: Analyzer) -> bool:
    """Do nearly all these ways of asking want a detail (someone, a time, a count, a place, a
    reason), though no one kind of them, and none what was said? (The gap on the call's date,
    length and who took part: "what did Sessions say on the call" asks none of it.) Read once
    per pack."""
    return _asks_read(asks, analyzer).details_only


def _asks_read(asks: tuple[str, ...], analyzer: Analyzer) -> _AsksRead:
    known = _ASKS_READ.setdefault(analyzer, {})
    found = known.get(asks)
    if found is None:
        found = known[asks] = _read_asks(asks, analyzer)
    return found


def _read_asks(asks: tuple[str, ...], analyzer: Analyzer) -> _AsksRead:
    if len(asks) < thresholds.GAP_SUBJECT_MIN_ASKS:
        return _AsksRead(None, False)
    counted: dict[str | None, int] = {}
    for ask in asks:
        terms, _, _ = analyzer.terms(ask, correct=True)
        category = answer_category(ask, expectation(ask, terms, analyzer))
        counted[category] = counted.get(category, 0) + 1
    least = thresholds.GAP_SUBJECT_SHARE * len(asks)
    category = next((c for c, n in counted.items() if c is not None and n >= least), None)
    detailed = len(asks) - counted.get(None, 0)
    return _AsksRead(
        category,
        detailed >= least and not any(asks_for_words(ask) for ask in asks),
    )


def _named_kind(phrase: str, analyzer: Analyzer) -> str | None:
    """What "the name of <phrase>" asks for: "name" for someone ("the breastfeeding mother"), the
    thing itself for what it is called ("soboroff's show"), or None when the phrase already
    names someone the pack knows by name ("the inspector general": a fact about him names him)
    or is one of the pack's own concepts."""
    words = phrase.split()
    head = words[-1]
    folded = analyzer.fold(words[-2:])
    if folded and folded[-1].startswith("@") and analyzer.is_named_person(folded[-1][1:]):
        return None
    if head in PERSON_NOUNS or head.rstrip("s") in PERSON_NOUNS:
        return "name"
    if folded and folded[-1].startswith("~"):
        return None
    return head


def _descriptors(words: list[str], analyzer: Analyzer) -> frozenset[str]:
    """The pack's concepts a question uses to say who someone is, between a determiner and
    them: "the old AG", "the former deputy" ask about Sessions and Rosenstein, not about age
    or the past."""
    found: set[str] = set()
    for i, word in enumerate(words[:-1]):
        if i == 0 or words[i - 1] not in DETERMINERS:
            continue  # "did he just blame DHS": a verb and its object
        concept = analyzer.fold([word])
        if len(concept) != 1 or not concept[0].startswith("~"):
            continue
        after = analyzer.fold(words[i + 1 : i + 4])
        if (
            after
            and after[0].startswith("@")
            and (analyzer.is_person(after[0][1:]) or analyzer.is_organization(after[0][1:]))
        ):
            found.add(concept[0])
    return frozenset(found)


def asks_precisely(question: str) -> bool:
    """Does the question ask for more precision than "when" or "where" ("what date", "when
    exactly")? A recorded gap says such precision is missing even where a time is held."""
    return _PRECISELY.search(" ".join(tokens(question))) is not None


def _besides(joined: str, analyzer: Analyzer) -> frozenset[str]:
    """The people set aside ("besides Sessions", "other than the AG"): the question is about
    someone else."""
    found = _BESIDES.search(joined)
    if found is None:
        return frozenset()
    terms, _, _ = analyzer.terms(found.group(1), correct=True)
    return frozenset(t for t in terms if t.startswith("@") and analyzer.is_person(t[1:]))


def _counted(asked: str, analyzer: Analyzer) -> frozenset[str]:
    """What "how many" counts: the words after it, up to the verb ("how many top prosecutors
    raised alarms" counts prosecutors), and every word the pack writes for it when it is a
    name or a synonym group ("five attorneys general" counts the prosecutors too)."""
    found = _COUNTED.match(asked)
    if found is None:
        return frozenset()
    words = []
    for word in found.group(1).split():
        if word in STOPWORDS or word in YES_NO_OPENERS:
            break
        words.append(word)
    counted = {stem(word) for word in words}
    # the first name or group is what is counted; one after it is said of it ("raised alarms")
    named = next((term for term in analyzer.fold(words) if term[0] in "@~"), None)
    if named is not None:
        counted.update(s for s in analyzer.spellings(named) if not _COUNT.fullmatch(s))
    return frozenset(counted)


# "what did Bash say to the Times", "what did Horowitz tell the New York Times"
# (say, speak and talk say to whom with "to" or "with"; tell names them straight after it)
_SAID_TO = re.compile(
    r"\b(?:(?:say|said|speak|spoke|talk|talked)\s+(?:anything\s+)?(?:to|with)|tell|told)\s+"
    r"(?!about\b|that\b|if\b|what\b|how\b|why\b|when\b|where\b|who\b|them\b|him\b|her\b)"
    r"((?:\w+\s+){0,3}?\w+)(?:\s+(?:about|on|when|in|after|before|regarding|during)\b.*)?$"
)


def _recipient(joined: str, speaker: str, analyzer: Analyzer) -> str | None:
    """Whom a question asks the words were said to: a person, body or outlet it names after
    the verb of saying, other than the speaker (None: it names none)."""
    found = _SAID_TO.search(joined)
    if found is None:
        return None
    own = {w for name in analyzer.written_names(speaker) for w in name.split()}
    if own & set(found.group(1).split()):
        return None  # "what did Bash tell Bash's staff": his own people, however the fact says it
    terms, _, _ = analyzer.terms(found.group(1), correct=True)
    named = [
        t
        for t in terms
        if t.startswith("@")
        and t != speaker
        and (
            analyzer.is_person(t[1:])
            or analyzer.is_organization(t[1:])
            or analyzer.is_outlet(t[1:])
        )
    ]
    return named[0] if len(named) == 1 else None


def speaker_asked(joined: str, analyzer: Analyzer) -> str | None:
    """The one person named as the subject of a verb of saying ("what did the former AG tell
    them", "what has Vance said"), if the question asks for someone's words; ``joined`` is the
    question's tokens joined by spaces."""
    found = _SAYING.search(joined)
    if found is None or _SAID.search(joined, found.end()):
        # "what did the note say Sessions told them": whose words, the note's or his, is
        # for the facts to settle
        return None
    if _owned_by_someone(found.group(1) + (found.group(2) or ""), analyzer):
        return None
    terms, _, _ = analyzer.terms(found.group(1), correct=True)
    named = [t for t in terms if t.startswith("@") and analyzer.is_person(t[1:])]
    if not named and terms and found.group(2):
        # "what did the 45 officials say": a name that runs on to the word before the verb,
        # neither part of it a name alone
        alone, _, _ = analyzer.terms(found.group(2), correct=True)
        if not any(t.startswith("@") for t in alone):
            whole, _, _ = analyzer.terms(found.group(1) + found.group(2), correct=True)
            named = [t for t in whole if t.startswith("@") and analyzer.is_person(t[1:])]
    if named and found.group(2):
        # "what did Sessions and Rosenstein say": two speakers, either of whose words will do
        also, _, _ = analyzer.terms(found.group(2), correct=True)
        named += [t for t in also if t.startswith("@") and analyzer.is_person(t[1:])]
        named = list(dict.fromkeys(named))
    if not terms and found.group(2):
        # "what did the draft say about Tlaib": the word before the verb is the subject, not
        # an adverb, when it names a document or someone by name ("the prosecutor" may be
        # any of several)
        terms, _, _ = analyzer.terms(found.group(2), correct=True)
        named = [
            t
            for t in terms
            if t.startswith("@")
            and (analyzer.is_document(t[1:]) or analyzer.is_named_person(t[1:]))
        ]
    subject = (found.group(1) + (found.group(2) or "")).split()
    if not named and len(subject) == 2 and subject[0] in DETERMINERS:
        # "what did the report say": the one document the pack calls a report
        document = analyzer.document_called(subject[1])
        if document is not None:
            named = [f"@{document}"]
    return named[0] if len(named) == 1 else None


_PREPOSITIONS = frozenset("in on at of for from with by near along".split())


def _owned_by_someone(subject: str, analyzer: Analyzer) -> bool:
    """ "What did the prosecutor's note say": the subject is the note, a thing of the
    prosecutor's (the possessive is gone from the tokens), so no one's words are asked for: a
    note's words may be credited to whoever wrote it, whom "the prosecutor" need not name. The
    head of the subject is its last word; it names no one, where a word before it does."""
    words = subject.split()
    if len(words) < 2 or words[-1] in PERSON_NOUNS or words[-2] in _PREPOSITIONS:
        return False  # "the deputy guy" is a person; "the attorney in Texas" is the attorney
    head, _, _ = analyzer.terms(words[-1], correct=True)
    if not head or any(t.startswith("@") for t in head):
        return False
    before, _, _ = analyzer.terms(" ".join(words[:-1]), correct=True)
    return any(t.startswith("@") and analyzer.is_person(t[1:]) for t in before)


_PLACES = frozenset({"place", "named_place", "location"})
_TIMES = frozenset({"time", "date", "day", "clock"})
_ALTERNATIVE_WORDS = 3  # words on either side of "or" that name what it offers
_HOLDERS = {
    "page": (_PAGE,),
    "time": (_TIME_CASED, _TIME, _TIME_RELATIVE),
    "date": (_TIME_CASED, _TIME),
    "day": (_DAY,),
    "clock": (_CLOCK,),
    "count": (_COUNT,),
    "number": (_NUMBER,),
    "age": (_AGE,),
    "reason": (_REASON,),
    "place": (_PLACE,),
    "location": (_LOCATION, _NAMED_PLACE),
    "named_place": (_NAMED_PLACE,),
}


def _texts(knowledge: KnowledgeBase, claim_ids: Iterable[str], quoted: bool = True) -> str:
    """Everything an answer with these claims would show: statements, excerpts, quotes (unless
    not ``quoted``), and each quote's audience, setting and time."""
    out: list[str] = []
    for claim_id in claim_ids:
        claim = knowledge.claims[claim_id]
        out.append(claim.statement)
        out.extend(report.excerpt for report in claim.reports)
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            quote = knowledge.quotes[quote_id]
            out.extend(t for t in (quote.to, quote.setting, quote.when) if t)
            if quoted:
                out.append(quote.text)
            for report in quote.reports:
                out.extend(t for t in (report.to, report.setting, report.when) if t)
                if quoted and report.text:
                    out.append(report.text)
    return "\n".join(out)


Shortfall = Literal["person", "speaker", "recipient", "concept", "kind"]


def shortfall(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> Shortfall | None:
    """What an answer with this target's facts would lack of what the question asks for (None:
    nothing, it may answer): a person it names, the one whose words it asks for, a concept it
    names, or the kind of thing asked for (a time, a number...)."""
    if expected.empty or target.kind == "gap":
        return None  # a recorded gap is a decline: it is never held to an answer's standard
    if expected.people - target.terms:
        return "person"
    if expected.besides and (
        _about_no_one_else(expected.besides, target, knowledge)
        if expected.someone_else
        # ("who described Sessions' words in a note": the fact about what he said speaks of
        # the one whom the question's "note" names, the prosecutor who took it)
        else (
            _only_about(expected.besides, target, knowledge)
            and not any(name in target.terms for _, name in expected.named_by)
        )
    ):
        return "person"
    if expected.speaker is not None and not _said_by(expected.speaker[1:], target, knowledge):
        return "speaker"
    if expected.recipient and not _said_to(expected.recipient_names, target, knowledge):
        return "recipient"  # (Bash's words to his staff are not words to the Times)
    # ("what did the report confirm about mothers": the fact is about the breastfeeding women,
    # whom the pack also calls "breastfeeding mothers")
    missing = {
        c
        for c in expected.concepts - target.terms
        if not any(concept == c and name in target.terms for concept, name in expected.named_by)
    }
    if missing and missing <= expected.forms and _tells_a_form(target.claims, knowledge):
        missing = set()  # the fact says how it was given instead
    if (
        missing
        and (not expected.either or missing == expected.concepts)
        and not ("reason" in expected.kinds and holds_kind(expected, target.claims, knowledge))
    ):
        # ("on a call or in an email" asks which: one of them will do; "why was he on board
        # with separating kids" restates what the reason is for, which a fact giving the
        # reason may call "the policy")
        return "concept"
    if expected.alternatives and not shows_offered(expected.alternatives, target.claims, knowledge):
        return "concept"
    if expected.role is not None and not _names_role_holder(expected, target, knowledge):
        return "kind"
    if expected.at_body is not None and (
        not _shows_one_of(expected.at_body, target, knowledge)
        or _the_body_did_it(expected, target, knowledge)
    ):
        return "kind"
    if expected.kinds:
        # (a name answers "who", but "which 45 officials, names?" wants theirs: a list)
        if (
            "name" in expected.kinds
            and "items" not in expected.kinds
            and _names_someone(expected, target, knowledge)
        ):
            return None
        if not holds_kind(expected, target.claims, knowledge):
            return "kind"
        if (
            expected.kinds & {"location", "named_place"}
            and not expected.kinds - _PLACES
            and _people_only(expected.people, knowledge)
            and not places_someone(expected, target, knowledge)
        ):
            # "what districts were they from" (the five attorneys general): a district the
            # fact gives is another's (Bash's), not written beside any of theirs
            return "kind"
    return None


def _people_only(people: frozenset[str], knowledge: KnowledgeBase) -> bool:
    return bool(people) and all(p[1:] in knowledge.people for p in people)


def holds_kind(expected: Expectation, claim_ids: Iterable[str], knowledge: KnowledgeBase) -> bool:
    """Do these claims hold the kind of thing asked for (a time, a number...), beyond what the
    question says itself? ("when was that?" after an answer: does that answer say when?)"""
    claim_ids = list(claim_ids)
    if "words" in expected.kinds:
        if not _quotes_words(expected, claim_ids, knowledge):
            return False
        if expected.kinds == {"words"}:
            return True
    text = _texts(knowledge, claim_ids)
    if "items" in expected.kinds:
        return _lists(expected.counted, text)
    if "called" in expected.kinds and expected.called:
        return _names_the(expected.called, text)
    if "identity" in expected.kinds and expected.called:
        return not _bare(expected.called, text)
    if (
        expected.past
        and expected.kinds & _TIMES
        and all(_tells_what_is_to_come(knowledge.claims[c].statement) for c in claim_ids)
    ):
        return False  # (when it will happen is not when it did)
    # (the places a speaker's own words name are what they spoke of, not where: "if you cross
    # the border" does not say where Sessions gave the speech)
    told = _texts(knowledge, claim_ids, quoted=False) if expected.kinds & _PLACES else text
    held = any(
        _new(found, expected.given)
        and not (kind in _PLACES and _names_a_person(found, claim_ids, knowledge))
        for kind in expected.kinds
        for found in _held(kind, told if kind in _PLACES else text)
    )
    # whether a number counts what was asked is the costly check: only where one is held
    return held and (not expected.counted or _counts(expected.counted, text))


@lru_cache(maxsize=256)
def _tells_what_is_to_come(statement: str) -> bool:
    """ "Horowitz will likely deliver it after the election", not "Sessions said the child will
    be separated": the future is the statement's own, not the words it reports."""
    found = _FUTURE.search(statement)
    return found is not None and not _REPORTED.search(statement, 0, found.start())


_REPORTED = re.compile(r"\b(?:said|says|told|tells|warned|claimed|wrote|announced|argued)\b")


@lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def _says_one_of(words: tuple[str, ...], text: str) -> bool:
    """Does the text say one of these words (or a longer form: "call" for "called")?"""
    return _any_of(words).search(text) is not None


@lru_cache(maxsize=2048)  # every reading of a question checks the same facts' texts again
def _held(kind: str, text: str) -> tuple[str, ...]:
    """Each time, number, place... of this kind the text holds, as written."""
    return tuple(
        found.group() for pattern in _HOLDERS.get(kind, ()) for found in pattern.finditer(text)
    )


def _quotes_words(
    expected: Expectation, claim_ids: Iterable[str], knowledge: KnowledgeBase
) -> bool:
    """Do the claims quote someone word for word (the one whose words are asked for, if the
    question says whose)?"""
    for claim_id in claim_ids:
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            speakers = _speakers(knowledge.quotes[quote_id])
            if expected.speaker is None or expected.speaker[1:] in speakers:
                return True
    return False


def _speakers(quote: Quote) -> set[str]:
    """Whose words a quote is, in every article's account: one may credit the department's
    statement to its spokeswoman ("what did Vance say about the draft")."""
    return {quote.speaker, *(r.speaker for r in quote.reports if r.speaker)}


def holds(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> bool:
    """Does an answer with this target's facts hold what the question asks for?"""
    return shortfall(expected, target, knowledge) is None


# How a decline says what the reporting lacks, when a fact on the subject lacks only that.
ASKED_FOR = {
    "page": "on what page",
    "time": "when",
    "date": "the date",
    "day": "on what day",
    "clock": "at what time",
    "count": "how many or how much",
    "number": "exactly how many",
    "age": "how old",
    "reason": "why",
    "place": "where",
    "location": "where",
    "named_place": "which place by name",
    "name": "who, by name",
    "items": "which ones",
    "called": "what it is called",
    "identity": "which one",
    "words": "the exact words",
}


def _names_a_person(place: str, claim_ids: list[str], knowledge: KnowledgeBase) -> bool:
    """ "of Sessions" reads as a place by its shape; it names someone the claims speak of."""
    last = place.split()[-1]
    return any(
        person is not None and last in person.name.split()
        for claim_id in claim_ids
        for person in map(knowledge.people.get, knowledge.claims[claim_id].people)
    )


# "U.S. attorneys along the U.S.-Mexico border", "John Bash, the outgoing U.S. attorney in
# Western Texas": a place right after someone's name, or closing an apposition set off by a
# comma ("Sessions told prosecutors along the border" places the prosecutors, not him)
_PLACE_WRITTEN = rf"(?:{_LOCATED}|{_NAMED_PLACE.pattern})"
_APPOSITION = rf",(?:\s+[\w.'’-]+){{0,{thresholds.PLACED_WORDS}}}?"
_BESIDE_A_NAME = re.compile(rf"^(?:{_APPOSITION})?\s+{_PLACE_WRITTEN}")


def places_someone(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> bool:
    """Does the fact say where one the question names is ("where were the U.S. attorneys
    based"), by a place written beside their name, not merely somewhere in it?"""
    if not expected.kinds & _PLACES or target.kind == "gap":
        return False
    text = _texts(knowledge, target.claims, quoted=False)
    for term in expected.people & target.terms:
        person = knowledge.people.get(term[1:])
        if person is None:
            continue
        for found in _their_names(person).finditer(text):
            if _BESIDE_A_NAME.match(text[found.end() :]):
                return True
    return False


@lru_cache(maxsize=1024)
def _their_names(person: Person) -> re.Pattern[str]:
    """Every way the pack writes someone: name, aliases, and a named person's surname."""
    names = {person.name, *person.aliases}
    if person.named:
        names.add(person.name.split()[-1])
    spelt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(rf"\b(?:{spelt})\b", re.IGNORECASE)


def _new(matched: str, given: frozenset[str]) -> bool:
    """Does a time, number or place the fact holds say more than the question's own words?"""
    words = [w for w in tokens(matched) if w not in STOPWORDS]
    return not words or not all(w in given for w in words)


def _names_someone(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> bool:
    """Does an answer with the fact show someone's name, other than those the question names by
    name itself? (A fact about the draft is linked to its author without naming him; "which
    NBC reporter" asks whom the pack knows as one, whose name the answer would show.)"""
    return _shows_someone(expected, target, knowledge, _texts(knowledge, target.claims))


def _shows_someone(
    expected: Expectation, target: Target, knowledge: KnowledgeBase, text: str
) -> bool:
    terms = {
        term
        for term, person in _named(target.terms - expected.besides, knowledge)
        if not (term in expected.people and _named_in(person.name.casefold(), expected.given))
    }
    return any(_shown(terms, knowledge, text)) or any(
        _quoted(term[1:], target, knowledge) for term in terms
    )


def _names_role_holder(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> bool:
    """ "Which officials are reviewing it": the fact names someone who holds the role. A role
    anyone in the story may hold ("officials from DHS": Sessions let the blame fall on Trump
    and them) is held by whoever a fact that speaks of it names; any other by someone the pack
    gives that role ("which lawmaker", "which politician": Rep. Rashida Tlaib; "which
    prosecutors turned those cases down" is not answered by Rosenstein, who said they should
    not have)."""
    role = expected.role
    assert role is not None
    said = re.compile(rf"\b{re.escape(role)}s?\b", re.IGNORECASE)
    text = _texts(knowledge, target.claims)
    if role in _ANYONES_ROLES and said.search(text):
        return _shows_someone(expected, target, knowledge, text)
    # (its role and aliases, not its description, which may speak of others: Trump's of the
    # Democrats he blamed)
    return any(
        term in expected.role_holders
        or any(said.search(words) for words in (person.role or "", *person.aliases))
        for term, person in _shown(target.terms - expected.besides, knowledge, text)
    )


def _the_body_did_it(expected: Expectation, target: Target, knowledge: KnowledgeBase) -> bool:
    """ "Who at NBC saw it": does the fact tell the body itself doing what was asked ("NBC News
    had also seen the draft report"), whoever of it it names for something else?"""
    if not expected.body_names or not expected.body_did:
        return False
    text = _texts(knowledge, target.claims, quoted=False)
    for found in _doing(expected.body_names).finditer(text):
        if {stem(w) for w in tokens(found.group(1))} & expected.body_did:
            return True
    return False


@lru_cache(maxsize=256)
def _doing(names: tuple[str, ...]) -> re.Pattern[str]:
    """A body's names and the few words after them, where what it did is told."""
    spelt = "|".join(re.escape(n) for n in names if n)
    return re.compile(rf"\b(?:{spelt})\b((?:\W+\w+){{1,4}})", re.IGNORECASE)


def _shows_one_of(people: frozenset[str], target: Target, knowledge: KnowledgeBase) -> bool:
    """Does an answer with the fact show one of these people ("@id") by name?"""
    return any(_shown(people & target.terms, knowledge, _texts(knowledge, target.claims)))


def _named(terms: Iterable[str], knowledge: KnowledgeBase) -> Iterator[tuple[str, Person]]:
    """The people among ``terms`` ("@id") the reporting names ("Jeff Sessions", not "a
    prosecutor")."""
    for term in terms:
        person = knowledge.people.get(term[1:]) if term.startswith("@") else None
        if person is not None and person.named:
            yield term, person


def _shown(
    terms: Iterable[str], knowledge: KnowledgeBase, text: str
) -> Iterator[tuple[str, Person]]:
    """Those of them whose name the answer's ``text`` shows."""
    return (
        (term, person)
        for term, person in _named(terms, knowledge)
        if _shows_name(person.name, text)
    )


def _named_in(name: str, words: frozenset[str]) -> bool:
    return any(part in words for part in tokens(name) if part not in STOPWORDS)


def _shows_name(name: str, text: str) -> bool:
    """ "Rep. Rashida Tlaib", "Tlaib" in the text: the full name or its last word, as a name."""
    surname = name.split()[-1]
    return re.search(rf"\b(?:{re.escape(name)}|{re.escape(surname)})\b", text) is not None


def _quoted(person: str, target: Target, knowledge: KnowledgeBase) -> bool:
    return any(
        person in _speakers(knowledge.quotes[quote_id])
        for claim_id in target.claims
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ())
    )


def _said_by(person: str, target: Target, knowledge: KnowledgeBase) -> bool:
    """Is ``person`` quoted in the target's facts, the one they are first about, or the author
    of a document an article credits for them?"""
    for claim_id in target.claims:
        claim = knowledge.claims[claim_id]
        if claim.people[:1] == (person,) and (
            _speaks(person, knowledge) or _tells_them_saying(person, claim.statement, knowledge)
        ):
            # (of one the reporting never quotes, a fact about them is no words of theirs
            # unless it tells what they said: "the Times spoke with three officials" is not)
            return True
        for report in claim.reports:
            for credited in report.via:
                if credited == person:
                    return True  # the document itself, credited for the claim
                document = knowledge.documents.get(credited)
                if document is not None and document.author == person:
                    return True
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            if person in _speakers(knowledge.quotes[quote_id]):
                return True
    return False


_SAYING_AFTER = re.compile(
    r"^(?:\W+\w+){0,4}?\W+(?:told|tells|said|says|wrote|writes|relayed|warned|argued|emailed|"
    r"tweeted|claimed|claims|stated|insisted|urged|questioned|complained|objected|denied|"
    r"disputed|described|called)\b"
)


def _tells_them_saying(person_id: str, statement: str, knowledge: KnowledgeBase) -> bool:
    """Does the statement tell them saying something ("five attorneys general told DOJ
    officials", "Trump at one point falsely claimed"), not only speak of them ("the Times
    spoke with three officials")?"""
    person = knowledge.people.get(person_id)
    if person is None:
        return True  # (a body's words are told as the body's)
    return any(
        _SAYING_AFTER.match(statement[found.end() :])
        for found in _their_names(person).finditer(statement)
    )


def _speaks(person: str, knowledge: KnowledgeBase) -> bool:
    """Does the reporting quote them, or a document of theirs?"""
    return person in knowledge.quotes_by_speaker or person in knowledge.documents_by_author


def _said_to(names: tuple[str, ...], target: Target, knowledge: KnowledgeBase) -> bool:
    """Do the target's facts show words said to the one these ``names`` name: a quote said to
    them, or "told the Times", "to federal prosecutors", "with three officials" in their
    words?"""
    spelt = "|".join(re.escape(n.removeprefix("the ")) for n in names if n)
    if not spelt:
        return False
    shown = re.compile(
        rf"\b(?:told|tells|(?<!according )to|with)\s+(?:the\s+)?(?:\w+\s+){{0,2}}?(?:{spelt})\b"
    )
    for claim_id in target.claims:
        claim = knowledge.claims[claim_id]
        texts = [claim.statement, *(report.excerpt for report in claim.reports)]
        for quote_id in knowledge.quotes_by_claim.get(claim_id, ()):
            quote = knowledge.quotes[quote_id]
            texts += [f"to {t}" for t in (quote.to, *(r.to for r in quote.reports)) if t]
        if any(shown.search(text.lower()) for text in texts):
            return True
    return False


def _counts(counted: frozenset[str], text: str) -> bool:
    """Does a number in the text count what was asked about? A text that never names it may
    use other words for it ("kids", "children"): any number will do there."""
    stems, numbers = _stems_and_numbers(text)
    places = [i for i, s in enumerate(stems) if s in counted]
    if not places:
        return True
    reach = thresholds.COUNTING_REACH
    return any(abs(place - number) <= reach for place in places for number in numbers)


def _names_the(thing: str, text: str) -> bool:
    """Does the text say what the thing is called: a quoted name before it ('the "zero
    tolerance" policy', 'the "zero-tolerance" immigration policy') or "called"/"named"/"known
    as" after it?"""
    noun = re.escape(thing)
    return (
        re.search(
            rf"(?i)[\"“][^\"”]{{2,60}}[\"”][ -](?:\w+ )?{noun}\w*\b|\b{noun}\w* (?:called|named|"
            r"known as|dubbed)\b",
            text,
        )
        is not None
    )


def _bare(noun: str, text: str) -> bool:
    """Does the text speak of "the election" with nothing that says which (a name, a number or
    a quoted name before it, or "of"/"in"/"on" something after it)? A text that never says the
    noun may name the thing itself ("Democrats" for "which party"): that is not bare."""
    said = list(re.finditer(rf"(?i)\b(\S+) {re.escape(noun)}s?\b(?!\s+(?:of|in|on|for)\b)", text))
    return bool(said) and all(not _QUALIFIES.search(m.group(1)) for m in said)


# what says which thing the noun after it is: "2020", "Tuesday's", "the 'zero tolerance'"
_QUALIFIES = re.compile(r"^[A-Z\d\"“”'’]|[\"“”'’]$|\w['’]s$")


def _lists(counted: frozenset[str], text: str) -> bool:
    """Does the text say which the counted things were: a list right after them ("two cases:
    … and …", "officials, including …")? (A colon that explains, "officials: interviews from
    45 of them", lists nothing: a list after a colon has a comma or an "and" before its end.)"""
    return any(
        re.search(
            rf"(?i)\b{re.escape(word)}\w*(?:\s+\w+){{0,2}}\s*(?::[^;.]*(?:,| and )|\(|—|–|"
            r",? (?:including|such as|namely|among them|like)\b)",
            text,
        )
        for word in counted
    )


@lru_cache(maxsize=4096)  # a fact's texts are read again by every question that counts
def _stems_and_numbers(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The text's words as stems, and where its numbers stand."""
    words = tokens(text)
    numbers = tuple(i for i, word in enumerate(words) if word.isdigit() or _COUNT.fullmatch(word))
    return tuple(stem(word) for word in words), numbers


def _about_no_one_else(people: frozenset[str], target: Target, knowledge: KnowledgeBase) -> bool:
    """Does no fact of the target speak of anyone but these people ("@id")?"""
    return all(f"@{p}" in people for c in target.claims for p in knowledge.claims[c].people)


def _only_about(people: frozenset[str], target: Target, knowledge: KnowledgeBase) -> bool:
    """Is every fact of the target first about one of these people ("@id")?"""
    subjects = {knowledge.claims[c].people[:1] for c in target.claims}
    return all(s and f"@{s[0]}" in people for s in subjects)
