"""Reducing English text to the words that carry its meaning.

The same reduction is applied to a pack's phrasings when it loads and to each question, so that
case, punctuation, typography, possessives, plurals and tense do not decide a match: only words
do. Everything here is story-agnostic; a pack adds its own aliases and synonyms on top.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

_POSSESSIVE = re.compile(r"(?<=[\w.])['’‘ʼ]s\b")
_JOINERS = re.compile(r"['’‘‛`´ʼ.]")
_WORDS = re.compile(r"[^\W_]+")

# people at large, whom no one in a story is ("how did people react")
PEOPLE_AT_LARGE = frozenset(
    "people ppl folks everyone everybody public americans critics readers viewers".split()
)
# the pronouns that stand for someone ("what did he say", "how did they react")
PERSONAL_PRONOUNS = frozenset(
    "he she him her his hers they them their theirs himself herself".split()
)
# Words that open a noun phrase ("the old AG", "his response")
# The words a yes/no question opens with ("did", "is", "should"), and a question asking who,
# what, when...
YES_NO_OPENERS = frozenset(
    "did does do is was were are has have had can could will would should may might must".split()
)
WH_WORDS = frozenset("what who whom whose when where why how which".split())
# The forms words take, as a reader offers them ("was that a tweet or a speech?", "call? memo?
# email?")...
FORMS = frozenset(
    "tweet tweets tweeted post posted speech speeches statement statements email emails emailed "
    "memo memos call calls phone note notes letter letters release interview interviews "
    "meeting person writing written text texted message messages conference video tv remarks "
    "announcement press radio broadcast report online twitter facebook instagram website".split()
)
# ...and those that say one ("online" offers one, which "in a tweet" says)
GIVEN_FORMS = FORMS - {"report", "message", "messages", "person", "online", "website"}
DETERMINERS = frozenset("the a an this that his her its their our my your".split())
# What someone may be, in general English: "is Tlaib a rep or a senator?"
ROLE_NOUNS = frozenset(
    """
    rep representative senator congressman congresswoman lawmaker politician governor mayor
    judge lawyer attorney prosecutor official officer spokesperson spokeswoman spokesman
    reporter journalist editor deputy director secretary minister member chief head boss
    president democrat republican
    """.split()
)
# Occupations a reader may describe someone by ("the judge who ruled on it"): a description the
# pack gives no one is someone the reporting does not mention (not a rank: "the boss who told
# them" may be anyone's boss)
OCCUPATION_NOUNS = ROLE_NOUNS - frozenset(
    "boss chief head member deputy director secretary minister".split()
) | frozenset(
    """
    nurse doctor physician pediatrician photographer professor teacher expert analyst activist
    advocate detective investigator sheriff ambassador commentator
    columnist anchor host producer blogger clerk guard lobbyist economist scientist researcher
    psychologist translator interpreter volunteer pastor priest soldier marshal warden
    """.split()
)
# Who someone may be besides a role: "the name of the breastfeeding mother" asks for a person
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    """
    person people man men woman women lady guy dude mother mom mothers moms father dad parent
    parents child children kid kids baby babies boy girl family wife husband son daughter
    leaker source whistleblower author writer host anchor staffer employee agent aide adviser
    advisor migrant immigrant victim witness general
    """.split()
)

# Function words, question scaffolding and talk about the reporting itself ("who reported",
# "according to the article"): they say what kind of answer is wanted, not which fact.
STOPWORDS = frozenset(
    """
    a about above according across actually after again against all along also am an and any
    anyone anything around
    are aren as ask asked asking at be because been before being below between both but by can
    cannot could couldn did didn do does doesn doing don done down during each either else even
    ever every exactly explain for from further get gets getting give go going gonna got had has
    hasn have haven having he her here hers herself him himself his how i if in into is isn it its
    itself just let like me mean might mine more most much must my myself need no nor not
    of off on once only or other our ours ourselves out over own please pls plz put quite rather
    re really s same say saying says said she should shouldn show so some someone something such
    tell telling tells t than thank thanks that the their theirs them themselves then there these
    they this those through thing things to told too u under until up upon us very via was wasn
    way we were weren what whats whatever when where whether which while who whom whose why will
    with within without won would wouldn ya yeah yes yet you your yours yourself
    claim claims article articles story stories news reporting reported reports outlet outlets
    source sources mention mentioned mentions regarding info information detail details
    happen happened happens happening
    needed needs want wants wanted wanna
    lol lmao lmfao rofl wtf omg smh tbh imo imho ngl fr bro bruh dude yo hey ok okay legit
    literally basically honestly seriously idk btw fyi hmm huh um uh eh kinda sorta lemme
    heard hear friend buddy apparently supposedly reportedly allegedly purportedly tf nah smth
    sth fam whos wheres whens hows
    though tho
    mister mr mrs ms
    wait anyway anyways sorry oops welp aight alright hmmm ahh ooh ugh
    """.split()
)

# Contractions, which reach the matcher without their apostrophes ("didn't" is "didnt"). Those
# that are words of their own ("wont", "ill", "shed", "well") are not here.
CONTRACTIONS = frozenset(
    """
    arent cant couldnt didnt doesnt dont hadnt hasnt havent isnt mustnt neednt shouldnt wasnt
    werent wouldnt aint ive youre youve youd youll theyre theyve theyd theyll weve hes
    thats theres whod whyd whatd howd whered whatre wholl itll shouldve wouldve couldve
    """.split()
)

# Months shortened, spelled out as shorthand is ("mar" and "may" are words, left as written)
SHORT_MONTHS = {
    "jan": "january",
    "feb": "february",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}

# Chat shorthand, spelled out before anything else looks at a word ("wat did ppl say abt it").
# General English only; a story's own abbreviations belong in its pack's aliases and synonyms.
SHORTHAND = {
    "abt": "about",
    "acc": "according",
    "acc.": "according",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "dept": "department",
    "govt": "government",
    "im": "i",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "rn": "now",
    "rly": "really",
    "w": "with",
    "msg": "message",
    "smth": "something",
    "srsly": "seriously",
    "thx": "thanks",
    "tho": "though",
    "u": "you",
    "ur": "your",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whats": "what",
    "hw": "how",
    "mny": "many",
    "wen": "when",
    "whn": "when",
    "whr": "where",
    "bout": "about",
    "b4": "before",
    "r": "are",
    "yr": "year",
    "yrs": "years",
    "pg": "page",
    "pgs": "pages",
    "num": "number",
    "shd": "should",
    "wld": "would",
    "cld": "could",
    "tht": "that",
    "ths": "this",
    "frm": "from",
    "sez": "says",
    "gimme": "give",  # (give me)
    "lemme": "let",  # (let me)
    **SHORT_MONTHS,
}
# Shortened months and weekdays: a date, never a name ("in Nov 2019", "on Tue")
CALENDAR_SHORT = frozenset(SHORT_MONTHS) | frozenset(
    "mar mon tue tues wed thu thur thurs fri sat sun".split()
)

# A few suffixes, stripped in order; enough to meet "separated", "separating" and "separation"
# at one stem. Consistency matters, not linguistic accuracy.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("izes", ""),
    ("ized", ""),
    ("ize", ""),
    ("ings", ""),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)
_KEEP_S = ("ss", "us", "is")

# Irregular verb forms that suffix stripping cannot meet with their verb: "sent" is "send".
_IRREGULAR = {
    past: base
    for base, forms in {
        "begin": "began begun",
        "bring": "brought",
        "come": "came",
        "find": "found",
        "give": "gave given",
        "go": "went gone",
        "hear": "heard",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "leave": "left",
        "make": "made",
        "meet": "met",
        "say": "said says",
        "see": "saw seen",
        "send": "sent",
        "speak": "spoke spoken",
        "take": "took taken",
        "tell": "told",
        "think": "thought",
        "write": "wrote written",
    }.items()
    for past in forms.split()
}


_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(
        "- - twenty thirty forty fifty sixty seventy eighty ninety".split()
    )
    if word != "-"
}
_SCALES = {"hundred": 100, "thousand": 1000}


def _numbers(words: list[str]) -> list[str]:
    """Numbers written out as digits, as articles print them: "sixty-four" is "64", "two
    hundred" is "200". A lone "one" stays a word ("one prosecutor said", "which one")."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word not in _UNITS and word not in _TENS:
            out.append(word)
            i += 1
            continue
        total, current, j = 0, 0, i
        while j < len(words):
            nxt = words[j]
            if nxt in _TENS and current % 100 == 0:
                current += _TENS[nxt]
            elif nxt in _UNITS and current % 10 == 0 and (current % 100 == 0 or current > 19):
                current += _UNITS[nxt]
            elif nxt in _SCALES and j > i:
                current = max(current, 1) * _SCALES[nxt]
                if _SCALES[nxt] == 1000:
                    total, current = total + current, 0
            else:
                break
            j += 1
        if j - i == 1 and word == "one":
            out.append(word)
        else:
            out.append(str(total + current))
        i = j
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased words with possessives, apostrophes and inner periods removed, numbers in
    digits."""
    return list(_tokens(text))


@lru_cache(maxsize=16_384)  # one message is read many ways, each tokenising the same texts
def _tokens(text: str) -> tuple[str, ...]:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _JOINERS.sub("", _POSSESSIVE.sub("", text.casefold()))
    return tuple(_numbers([SHORTHAND.get(word, word) for word in _WORDS.findall(text)]))


_CUES = {
    "who": "?who",
    "whom": "?who",
    "when": "?when",
    "where": "?where",
    "why": "?why",
    "which": "?which",
    "name": "?name",
    "names": "?name",
    "named": "?name",
    "identity": "?name",
    "identify": "?name",
    # precision asked for: "exactly how many" wants more than "how many"
    "exactly": "?exact",
    "exact": "?exact",
    "precisely": "?exact",
    # the future: "will he be charged" is not "was he charged"
    "will": "?future",
    "gonna": "?future",
}


def cues(words: list[str]) -> list[str]:
    """What kind of answer a question wants ("when", "who", "how many"), as marker terms.

    Stopwords to coverage, but a mild signal to similarity: "when will it close" reads more
    like "when will the library close" than like "did the council vote to close it".
    """
    found = {_CUES[w] for w in words if w in _CUES}
    for first, second in itertools.pairwise(words):
        if first == "how" and second in ("many", "much"):
            found.add("?howmany")
        elif first == "going" and second == "to":
            found.add("?future")
    return sorted(found)


# Where one sentence of a message ends and the next begins: after "?" or "!", or after a full
# stop before a capital, unless the stop ends a short capitalised abbreviation ("Rep. Tlaib",
# "U.S. Attorney").
_SENTENCE_BREAK = re.compile(
    r"(?<=[?!])\s*|"
    r"(?<![A-Z]\.)(?<![A-Z][a-z]\.)(?<![A-Z][a-z][a-z]\.)(?<=\.)\s+(?=[A-Z])|"
    r"\n+"
)
_OPENS_A_QUESTION = frozenset(
    """
    what whats who whos whom whose when where wheres why how which did does do is was were are
    has have had can could will would should tell give show
    """.split()
)


def _opens_a_question(sentence: str) -> bool:
    words = tokens(sentence)
    return bool(words) and words[0] in _OPENS_A_QUESTION


def question_sentence(text: str) -> str | None:
    """The one sentence of a longer message that asks something ("Good afternoon. Could you
    tell me what the draft found?", "did sessions say that?? thats insane"): the rest is
    greeting, context or feeling. None for a single sentence, or when several sentences ask."""
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(text) if s and s.strip()]
    sentences = [s for s in sentences if any(ch.isalnum() for ch in s)]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if s.endswith("?") or _opens_a_question(s)]
    return asking[0] if len(asking) == 1 else None


# Where a preamble may end and the question begin: "...didnt know: who did", "...on my phone,
# kinda confusing, anyway what did", "...sorry if dumb q but who is", "...for like 10 min. who"
_PREAMBLE_END = re.compile(
    r"(?:[.:;!?]+|\s[—–-]+)\s+(?:(?:anyway|anyways|but|so|ok|okay|well)\s+)?|"
    r"\s+(?:anyway|anyways|but)\s+|,\s+(?:(?:anyway|anyways|but|so|ok|okay|well)\s+)?",
    re.IGNORECASE,
)


# Words in a question that point back at something said before it ("what did the draft say
# about that"): a question holding one is not whole without what precedes it.
# ("which one" too)
_POINTING_BACK = frozenset("it that these those they them he him his she her one ones".split())


def preamble_and_question(text: str) -> tuple[str, str] | None:
    """A message split into what leads up to its question and the question, from the first
    clause that opens one ("my mom asked me this and i didnt know" / "who did trump blame");
    None when the message opens with its question, or no later clause is a question that
    stands on its own (a word that carries meaning, none pointing back: "what did the draft
    say about that" needs what came before it)."""
    if _opens_a_question(text):
        return None
    for found in _PREAMBLE_END.finditer(text):
        rest = text[found.end() :].strip()
        words = tokens(rest)
        if (
            _opens_a_question(rest)
            and content_tokens(rest)
            and not _POINTING_BACK.intersection(words)
        ):
            return text[: found.start()].strip(), rest
    return None


# A reader correcting themselves mid-message: "what did rosenstein, sorry, sessions say", "the
# rosenstein, i mean the IG draft", "did rosenstein or, actually, did sessions". One-word marks
# count between commas only ("what did he actually say" corrects nothing).
_SELF_CORRECTION = re.compile(
    r"(?:\s+or)?\s*([,?.!])\s*(?:sorry|er|erm|um|uh|actually|rather|oops|no|wait|i mean|no wait|"
    r"wait no|scratch that|my bad)\s*,\s*|"
    r"(?:\s+or)?[\s,]+(?:i mean|no wait|wait no|scratch that|my bad|oops)[\s,]+",
    re.IGNORECASE,
)
_RESTART_WORDS = 3  # a corrected opening this short replaces the question's own opening


def as_corrected(text: str) -> str | None:
    """The message as the reader corrected it, or None when it corrects nothing. The words
    after the mark replace what they take back: a whole question ("what did tlaib, no wait,
    what did soboroff say"), its opening ("what state was bash in, er, which district": which
    district was bash in), or the words before the mark, from where the correction's first
    word stood ("the rosenstein, i mean the IG draft"), the thing named before it ("rosenstein's
    response, i mean the draft") or the last word ("rosenstein, sorry, sessions")."""
    found = _SELF_CORRECTION.search(text)
    if found is None:
        return None
    before, after = text[: found.start()].split(), text[found.end() :].strip()
    if len(before) < 2 or not tokens(after):
        return None
    if found.group(1) in ("?", ".", "!") and not _opens_a_question(after):
        return None  # "is that right? sorry, new here": only a question asked again corrects
    if _opens_a_question(after):
        if _opens_a_question(" ".join(before)) and len(after.split()) <= _RESTART_WORDS:
            return " ".join([after, *before[len(after.split()) :]])
        return after
    first = after.split()[0].casefold()
    backwards = range(len(before) - 1, -1, -1)
    kept = next((i for i in backwards if before[i].casefold() == first), None)
    if kept is None and first in DETERMINERS:
        # "rosenstein's response, i mean the draft": the whole thing named is taken back
        kept = next((i for i in backwards if _names_a_thing(before[i])), None)
    if kept is None:
        kept = len(before) - 1
    return " ".join([*before[:kept], after])


def _names_a_thing(word: str) -> bool:
    """Does a noun phrase open at this word: a determiner, or someone's ("rosenstein's")?"""
    folded = word.casefold()
    return folded in DETERMINERS or folded.endswith(("'s", "’s"))


# Where a second question follows the first: "who's bash and what did he tell his staff", "who
# reported it first? did anyone confirm it", "what did vance say; did DHS respond"
_NEXT_QUESTION = re.compile(r"(?:\s*,)?\s+and\s+|\?+\s*|;\s*", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|also|plus|&)\s+", re.IGNORECASE)


def two_questions(text: str) -> tuple[str, str] | None:
    """The two questions of a message that asks one and then another, the second opening as a
    question does ("who's bash" / "what did he tell his staff"; "who said it" / "when"); None
    when it asks one, or the second is not a question ("what did sessions and rosenstein
    say")."""
    if not _opens_a_question(text):
        return None
    for found in _NEXT_QUESTION.finditer(text):
        first = text[: found.start()].strip()
        second = _LEADING_AND.sub("", text[found.end() :].strip())
        if second and _opens_a_question(second) and content_tokens(first):
            return first, second
    return None


# "which border are we talking about", "what policy is this all about", "which country's border
# is this": which one of a kind of thing the story is about
_WHICH_ONE_MEANT = re.compile(
    r"^(?:which|what|wat)\s+(?:\w+['’]?s\s+)?([a-z]+)\s+(?:are we|r we|are they|we|is it|is this|"
    r"is that)(?:\s+all)?(?:\s+(?:talking|talkin|talkin'))?(?:\s+about)?(?:\s+here)?\s*[?!.]*$",
    re.IGNORECASE,
)


def thing_meant(text: str) -> str | None:
    """The kind of thing a reader asks which one is meant ("border"), or None."""
    found = _WHICH_ONE_MEANT.match(" ".join(text.split()))
    return found.group(1).casefold() if found else None


# "the page count of the draft and the number of interviews", "did she brush it off or blame
# some other agency": two things asked in one message, at the first word that joins them
_TWO_PARTS = re.compile(r"\s+(?:or|vs\.?|versus|and|compared (?:to|with))\s+", re.IGNORECASE)


_MEASURES = frozenset("long many much old often big far soon".split())


def question_frame(question: str) -> list[str]:
    """How a question asks, before what it asks about: its opening words up to the first that
    carries meaning ("how long was" of "how long was the rebuttal"; "how long", "how old" stay
    whole), without a closing "the" or "a" (the thing asked about brings its own)."""
    frame: list[str] = []
    for word in tokens(question):
        measure = frame[-1:] == ["how"] and word in _MEASURES
        if word not in STOPWORDS and not measure:
            break
        frame.append(word)
    while frame and frame[-1] in ("the", "a", "an", "this", "that"):
        frame.pop()
    return frame


_ASKING_VERBS = frozenset("was is are were did does do has have had".split())


def question_parts(text: str) -> tuple[str, str] | None:
    """The two halves of a message that may ask two things at once, each with at least two
    words ("the page count of the draft", "the number of interviews"); None when there is no
    such join. A second half that only names a thing ("how many pages was the response vs the
    draft itself") is asked the way the first is."""
    join = _TWO_PARTS.search(text)
    if join is None:
        return None
    first, second = text[: join.start()].strip(" ,;:-"), text[join.end() :].strip(" ,;:-")
    if len(tokens(first)) < 2 or len(tokens(second)) < 2:
        return None
    if tokens(second)[0] in DETERMINERS:
        asking = tokens(first)
        verb = next((i for i, w in enumerate(asking[:6]) if w in _ASKING_VERBS), None)
        if verb is not None and asking[0] in _OPENS_A_QUESTION:
            second = f"{' '.join(asking[: verb + 1])} {second}"  # "how many pages was" the draft
    return first, second


# "was it like a phone call or a meeting or what", "was sessions into it or nah": a tail that
# offers no second thing; what is left is the question.
_OPEN_OR = re.compile(
    r"[\s,]+or\s+(?:nah|naw|not|no|nope|what|something|smth|sth|anything|whatever|so)\b[\s?!.]*",
    re.IGNORECASE,
)
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_WHICH_IS_IT = re.compile(r"[\s,?]*\bwhich(?: is it| one| one is it)?\W*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[?.!;]")


def offered_alternatives(text: str) -> tuple[str, ...]:
    """The readings of a question that offers two things for the facts to choose between, each
    in the question's own frame: "was the times story based on the final report or a draft" is
    "...based on the final report" and "...based on a draft". One of the two is often wrong,
    and the words of the wrong one drown the right one's match when read together. The second
    takes the place of as many closing words of the first, or, when both open with the same
    word ("to the times or to the IG"), of everything from that word. Empty when nothing is
    offered."""
    plain = _OPEN_OR.sub(" ", text).strip()
    readings = [plain] if plain != text.strip() else []
    join = _OR.search(plain)
    if join is not None:
        left, right = plain[: join.start()].strip(" ,"), plain[join.end() :]
        end = _CLAUSE_END.search(right)
        rest = right[end.start() :] if end else ""
        right = _WHICH_IS_IT.sub("", right[: end.start()] if end else right).strip(" ,")
        before, offered = left.split(), right.split()
        if len(before) == 1 and len(offered) > 1:
            # "before or after sessions' call": the two share what follows
            readings.extend([" ".join(before + offered[1:]) + rest, right + rest])
        elif before and offered and not _CLAUSE_END.search(left[-1]):
            readings.append(left + rest)
            opening = offered[0].lower()
            same = [i for i in range(1, len(before)) if before[i].lower() == opening]
            cuts = (
                [same[-1]] if same else [len(before) - len(offered), len(before) - len(offered) - 1]
            )
            readings.extend(" ".join(before[:cut] + offered) + rest for cut in cuts if cut >= 1)
    return tuple(dict.fromkeys(r for r in readings if r and r != text))


# "my uncle says X, is that true?", "saw on twitter that X": who passed it on, and the asking
# whether it holds, around the claim the reader wants checked.
_WHERE_SEEN = r"(?:\s+(?:on|in)\s+(?:the\s+)?\w+|\s+somewhere|\s+online)"
_HEARSAY = re.compile(
    r"^(?:(?:ok|okay|so|wait|lol|bro|um|hey|yo|like)\s+)*"
    r"(?:i\s+(?:heard|read|saw)" + _WHERE_SEEN + r"?"
    r"|(?:my|a|some|this)\s+(?:\w+\s+){1,3}?(?:says|said|told me|thinks|claims|is saying"
    r"|was saying|keeps saying|was like)"
    r"|(?:people|everyone|they|folks)" + _WHERE_SEEN + r"?\s+(?:are saying|say|keep saying"
    r"|are claiming|said|claim|claimed)"
    r"|(?:someone|somebody|some guy|a guy)" + _WHERE_SEEN + r"?\s+(?:said|told me|says|posted"
    r"|wrote|claimed|claims)"
    r"|saw" + _WHERE_SEEN + r")"
    r"(?:\s+(?:that|like)\b)?\s*",
    re.IGNORECASE,
)
# The closing words that ask whether what came before holds: "…, is that true?", "— ok?", "is
# that the right number", "what does BI say" (after hearsay, or a line of the reader's own)
_CHECKING = re.compile(
    r"[\s,.;:\-–—]*(?:(?:is|was) (?:that|this|it) (?:true|right|correct|accurate|fair|ok|okay"
    r"|kosher|supported|backed up|legit|real|so)|true|right|correct|accurate|fair|ok|okay|good"
    r"|kosher|legit|real|yes|yeah|(?:can|could) (?:i|we) (?:use|say|run|write|keep)"
    r" (?:that|it|this)|(?:(?:is|was) (?:that|this|it) )?(?:the )?(?:right|correct) (?:number"
    r"|figure|date|name|count|title|word|wording|spelling)|what does (?:\w+ ){0,3}say"
    r"|(?:\w+ ){1,2}right|does (?:that|this|it) (?:hold|check out|stand up))?[\s?!.]*$",
    re.IGNORECASE,
)


def _left(text: str) -> str | None:
    """What is left of a message once a frame is taken off it, or None when nothing is."""
    rest = text.strip()
    return rest if any(ch.isalnum() for ch in rest) else None


def claim_behind_hearsay(text: str) -> str | None:
    """The claim in "my uncle says the report was written by the Times, is that true?", or
    None when the message does not pass something on."""
    framing = _HEARSAY.match(text)
    if framing is None or not framing.group(0).strip():
        return None
    return _left(_CHECKING.sub("", text[framing.end() :]))


# A line of the reader's own to check against the reporting, as a newsroom asks it: "can I
# write that X", "is it accurate to say X", "our copy says X. right?", "fact check: 'X' — ok?".
# The frame says only that the line is to be checked; what it says is the question.
_OWN_WORDING = (
    r"copy|draft|story|piece|line|lede|lead|script|newsletter|tweet|post|caption|graf|item|hed"
    r"|headline|version|text|chyron|notes|push alert|alert|sentence|quote|pull quote|blurb"
)
_LINE_TO_CHECK = re.compile(
    r"^(?:(?:ok|okay|so|quick|hey|hi|also|and)[\s,:]+)*(?:"
    r"(?:fact[\s-]?check(?:ing)?|check(?:ing)?|verify(?:ing)?|double[\s-]?check(?:ing)?"
    r"|sanity[\s-]?check|please (?:check|verify|confirm))"
    r"(?: (?:this|that|a|my|our|the|one) (?:\w+ ){0,2}?(?:" + _OWN_WORDING + r"))?"
    r"(?: for (?:me|us))?\s*[:\-–—,]"
    r"|(?:\w+ )?(?:" + _OWN_WORDING + r")(?: (?:line|draft|copy))?\s*[:\-–—]"
    r"|(?:(?:my|our) (?:\w+ ){0,2}?(?:" + _OWN_WORDING + r")"
    r"(?: in (?:my|our) (?:\w+ )?(?:draft|copy|story|piece))?"
    r"\s*(?:says|said|has|reads|currently says|has it|states)(?: that)?)"
    r"|(?:line|sentence) in (?:my|our) (?:\w+ )?(?:draft|copy|story|piece)\s*[:\-–—]?"
    r"|(?:we|i) (?:wrote|say|said|are saying|re saying|ran|reported|are reporting"
    r"|want to (?:say|write)|plan to (?:say|write)|(?:d|would) like to (?:say|write))(?: that)?"
    r"|(?:we|i)'(?:re saying|d like to (?:say|write))(?: that)?"
    # "we have 'X'", "we've got 'X'": what they have is a line only when quoted
    r"|(?:we|i)(?: have|'?ve| had)?(?: got)? (?=['\"‘“])"
    r"|(?:is it|would it be|was it|it'?s) (?:accurate|correct|fair|right|ok|okay|safe|true"
    r"|kosher|legit) (?:to|if (?:we|i)) (?:say|write|report|state|claim|describe|call"
    r"|characteri[sz]e)(?: that)?"
    r"|(?:can|could|may|should) (?:i|we) (?:say|write|report|state|claim|run)(?: that)?"
    r"|am i right (?:to say |in saying )?(?:that )?"
    r")\s*",
    re.IGNORECASE,
)
_WRAPPED = re.compile(r"^['\"‘“](.+)['\"’”]$")


def line_to_check(text: str) -> str | None:
    """The line in "is it accurate to say the draft was based on 45 interviews?" or "our copy
    says Sessions left DOJ in Nov 2019. right?", or None when the message does not ask to
    check a line of the reader's own."""
    framing = _LINE_TO_CHECK.match(text.strip())
    if framing is None or not framing.group(0).strip():
        return None
    line = _CHECKING.sub("", text.strip()[framing.end() :]).strip()
    wrapped = _WRAPPED.match(line)
    line = wrapped.group(1) if wrapped else line
    words = tokens(line)
    if not words or words[0] in _ASKING_OPENERS:
        return None  # "check the headline: what is it": a question, its frame part of it
    return _left(line)


# How long or in what form an answer is wanted, for what it will become: "in two lines", "a
# 1-line summary", "for a push alert", "with attribution". The answer's form is the bot's; what
# is asked is the rest.
_FORM_REQUEST = re.compile(
    r"[\s,;]*\b(?:(?:in|under|within|using|in no more than|no more than|max|at most) (?:one|two"
    r"|three|four|five|a few|a couple of|a couple|\d+) (?:short )?(?:lines?|sentences?|words?"
    r"|paragraphs?|bullets?|bullet points?|characters?)"
    r"|(?:for|as) (?:a|an|the|my|our) (?:push alert|news alert|alert|tweet|newsletter|caption"
    r"|social post|chyron|lede|script|blurb)"
    r"|(?:with|w/) (?:full )?attribution|stick(?:ing)? to (?:the )?(?:facts|reporting))\b",
    re.IGNORECASE,
)
_FORM_ADJECTIVE = re.compile(
    r"\b(?:one|two|three|1|2|3)[- ](?:line|sentence|paragraph)(?= (?:summary|recap|version"
    r"|answer|description|gist|overview)\b)\s*",
    re.IGNORECASE,
)


def without_form_request(text: str) -> str | None:
    """ "gist of the unnamed article in two lines" as "gist of the unnamed article", or None
    when the message asks for no length or form."""
    rest = _FORM_ADJECTIVE.sub("", _FORM_REQUEST.sub("", text))
    return None if rest == text else _left(rest.strip(" ,;:"))


# Who is asking and why, before what is asked: "journalist here - is the NYT the original
# source?", "homework q: what were the main findings", "i'm doing a paper, who is..."
_INTRODUCTION = re.compile(
    r"^(?:(?:hi|hey|hello|ok|okay|so|yo)[\s,!.]+)?"
    r"(?:(?:i'?m|i am) (?:a |an )?(?:\w+ )?(?:student|journalist|reporter|teacher|researcher"
    r"|mod|moderator|writer|editor|lawyer|skeptic)"
    r"|(?:\w+ ){1,2}here"
    r"|(?:homework|hw|quick|dumb|serious|honest) (?:q|question)"
    r"|(?:q|question)(?: for (?:you|u))?"
    r"|for (?:a|my) (?:\w+ )?(?:paper|class|essay|report|project|homework|assignment)"
    r"|(?:i'?m|i am|im) (?:doing|writing|working on) (?:a|my) (?:\w+ )?(?:paper|essay|report"
    r"|project|story|piece|assignment))"
    r"\s*[:,.;!\-–—]+\s*",
    re.IGNORECASE,
)


def without_introduction(text: str) -> str | None:
    """ "journalist here - is the NYT the original source?" without who is asking, or None
    when the message does not open by saying who asks or why."""
    found = _INTRODUCTION.match(text)
    return None if found is None else _left(text[found.end() :])


# Formal or roundabout ways of asking that open a question: "would you be so kind as to tell me
# who is...", "kindly inform me who...", "pray tell, what...", "I would like to know when..."
_POLITE = re.compile(
    r"^(?:(?:hello|hi|dear sir|dear madam|sir|madam|excuse me|sorry)[\s,!.]+)?(?:"
    r"(?:would|could|can|will) (?:you|u) (?:please |kindly )?(?:be so kind(?: as)? to |be kind "
    r"enough to |please )?(?:tell|inform|explain to|let) me(?: know)?|"
    r"(?:please |kindly )?(?:tell|inform) me(?: please| kindly)?(?: of)?|"
    r"kindly (?:tell|inform|let) me(?: know)?|pray tell|"
    r"i (?:would|'d|should) like to (?:know|ask)|i wish to (?:know|ask)|"
    r"may i (?:know|ask)|i (?:want|need) to know|i (?:am|'m) wondering|i wonder(?:ed)?)"
    r"(?: please)?[\s,:;.!-]+",
    re.IGNORECASE,
)


def without_politeness(text: str) -> str | None:
    """ "Would you be so kind as to tell me who is Mister Horowitz?" as "who is Mister
    Horowitz?", or None when the message does not open so."""
    found = _POLITE.match(text.strip())
    return None if found is None else _left(text.strip()[found.end() :])


# Talk about who else is talking about it: "whats the 86 page thing everyone keeps mentioning".
_CHATTER = re.compile(
    r"\s+(?:that |which )?(?:everyone|everybody|people|ppl|folks|they|you guys|u guys|twitter"
    r"|the internet)(?: (?:keeps?|is|are|was|were|has been|have been|seems?|been))? "
    r"(?:talking about|mentioning|saying|posting(?: about)?|tweeting(?: about)?|on about"
    r"|going on about|freaking out (?:about|over)|bringing up|sharing|discussing|quoting"
    r"|citing|repeating|throwing around|arguing about|asking about|memeing)"
    r"(?: (?:lately|rn|right now|now|online|here|today))?[\s?!.]*$",
    re.IGNORECASE,
)


def without_chatter(text: str) -> str | None:
    """ "whats the 86 page thing everyone keeps mentioning" without who keeps mentioning it,
    or None when nothing like it closes the message."""
    found = _CHATTER.search(text)
    return None if found is None else _left(text[: found.start()])


# "what was the NYT's role in all this", "what role did NBC play", "how was MSNBC involved",
# "what did BI have to do with it": what someone or some body did in the story
_IN_THE_STORY = (
    r"(?:\s+(?:in|with)\s+(?:all\s+)?(?:this|that|it|the\s+story|this\s+story|the\s+report|"
    r"the\s+reporting))?"
)
_ROLE = (
    re.compile(
        r"(?i)^(?:so\s+|and\s+)?(?:what(?:'s|s|\s+is|\s+was|\s+were)|wats)\s+(?:the\s+)?(.+?)(?:'s|s'|’s)?"
        rf"\s+(?:role|part|involvement){_IN_THE_STORY}\s*[?.!]*$"
    ),
    re.compile(
        r"(?i)^(?:so\s+|and\s+)?what(?:'s|s|\s+is|\s+was)\s+the\s+(?:role|part)\s+of\s+(.+?)"
        rf"{_IN_THE_STORY}\s*[?.!]*$"
    ),
    re.compile(
        r"(?i)^(?:so\s+|and\s+)?what\s+(?:role|part)\s+(?:did|does|do)\s+(.+?)\s+(?:play|have|take)"
        rf"{_IN_THE_STORY}\s*[?.!]*$"
    ),
    re.compile(
        r"(?i)^(?:so\s+|and\s+)?how\s+(?:was|were|is|did)\s+(.+?)\s+(?:get\s+)?involved"
        rf"{_IN_THE_STORY}\s*[?.!]*$"
    ),
    re.compile(
        r"(?i)^(?:so\s+|and\s+)?what\s+(?:did|does)\s+(.+?)\s+have\s+to\s+do\s+with\s+(?:it|this|that|"
        r"all\s+this|the\s+story)\s*[?.!]*$"
    ),
)


# "was the NYT the only outlet that saw the draft", "was Sessions the only one who pushed for
# it": whether anyone else did, which is asked as "besides X, who else..."
_THE_ONLY = re.compile(
    r"(?i)^(?:so\s+|and\s+|but\s+)?(?:was|were|is|are)\s+(.+?)\s+the\s+only\s+(?:one|ones|"
    r"outlet|outlets|person|people|official|officials|newsroom|newsrooms|paper|papers|"
    r"organi[sz]ation|news\s+outlet|network|reporter|prosecutor|prosecutors)?\s*(?:who|that|to|"
    r"which)\s+(.+?)\s*[?.!]*$"
)


def anyone_else(text: str) -> str | None:
    """ "Was the NYT the only outlet that saw the draft" as "besides the NYT, who else saw the
    draft" (None: it is not asked so)."""
    found = _THE_ONLY.match(" ".join(text.split()))
    return None if found is None else f"besides {found.group(1)}, who else {found.group(2)}"


def what_they_did(text: str) -> str | None:
    """ "What was the NYT's role in all this" as "what did the NYT do": the role words would
    otherwise be ranked as what is asked about (and find the fact that says "no role")."""
    said = " ".join(text.split())
    for pattern in _ROLE:
        found = pattern.match(said)
        if found is not None:
            return f"what did {found.group(1)} do"
    return None


# A tag that asks to confirm what was said before it: "the IG is horowitz right?", "sessions was
# the AG, wasn't he?"
_CONFIRMING = re.compile(
    r"(?<=\w)[\s,.;:-]+(?:right|correct|true|yeah|yea|yes|ya|yh|innit|amirite"
    r"|(?:isn'?t|wasn'?t|didn'?t|doesn'?t|aren'?t|weren'?t|won'?t) (?:it|that|he|she|they)"
    r"|is (?:that|this|it) (?:true|right|correct))[\s?!.]*$",
    re.IGNORECASE,
)


# An opening that doubts what follows it: "are you sure sessions said that", "that can't be
# right, it was rosenstein who said it"
_DOUBTING = re.compile(
    r"^(?:(?:are|r) (?:you|u|we) (?:sure|certain)|(?:you|u) sure|how (?:do|can) (?:you|u|we) "
    r"know|(?:that|this|it) (?:can'?t|cannot|couldn'?t) be (?:right|true|correct)|no way"
    r"|(?:that'?s|thats|that is) (?:wrong|not right|not true|not what i heard)|not true)"
    r"(?: that)?[\s,.;:!?\-–—]*",
    re.IGNORECASE,
)


def doubted(text: str) -> str | None:
    """What a reader doubts or offers instead ("are you sure sessions said that" -> "sessions
    said that"; "that can't be right, it was rosenstein who said it" -> "it was rosenstein
    who said it"), or None when the message doubts nothing: the statement is what is asked."""
    text = text.strip()
    found = _DOUBTING.match(text)
    if found is None:
        return None
    rest = text[found.end() :].strip()
    rest = without_confirming(rest) or rest
    words = tokens(rest)
    if len(words) < 3 or words[0] in _ASKING_OPENERS:
        return None
    return rest


_ASKING_OPENERS = frozenset(
    "who whom whose what which when where why how did does do is was were are has have had can"
    " could will would should".split()
)


def without_confirming(text: str) -> str | None:
    """ "the IG is horowitz right?" as the statement it asks to confirm, or None when nothing
    asks to confirm it: the tag makes the statement read as no question of any kind. A
    message that opens as a question has no tag ("does justice think the report gets things
    right?")."""
    tag = _CONFIRMING.search(text)
    if tag is None:
        return None
    statement = text[: tag.start()].strip()
    words = tokens(statement)
    if not words or words[0] in _ASKING_OPENERS:
        return None
    return statement


# Words the reader quotes: "whats the 'driving force' quote about" (a quote mark after a letter
# is an apostrophe: "sessions' deputy").
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))['\"‘“]([^'\"’”]{3,}?)['\"’”](?=$|[\s?.,!;:)])")


# "his exact words", "word for word", "the full quote": how the words are wanted, verbatim; the
# nouns of what is quoted ("the full statement") stay
_VERBATIM_ADJECTIVES = r"(?:exact|precise|actual|full|whole|complete|entire)"
VERBATIM_REQUEST = re.compile(
    rf"(?i)\b(?:word for word|verbatim|{_VERBATIM_ADJECTIVES} (?:words?|wording|phrase|phrasing)\b|"
    rf"{_VERBATIM_ADJECTIVES}(?= (?:quote|quotation|quotes|line|text|statement)\b))"
)


def without_verbatim_request(text: str) -> str:
    """The text without the words that ask for something word for word."""
    return VERBATIM_REQUEST.sub(" ", text)


def quoted_phrases(text: str) -> tuple[str, ...]:
    """The phrases a message quotes, as :func:`plain_words` gives them."""
    found = (plain_words(m.group(1)) for m in _QUOTED.finditer(text))
    return tuple(dict.fromkeys(p for p in found if p))


def plain_words(text: str) -> str:
    """Lower-case words and numbers alone, one space apart: what "word for word" compares."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


# "shouldn't", "shouldnt", "can't": how readers write what the reporting may spell out
_NEGATION = re.compile(
    r"\b(should|would|could|did|does|do|is|was|were|are|has|have|had|must|need)n ?t\b"
)
_CANNOT = re.compile(r"\bcan ?t\b|\bcannot\b")
_WILL_NOT = re.compile(r"\bwon ?t\b")


@lru_cache(maxsize=16_384)  # the pack's quoted lines are compared with every echo
def echo_words(text: str) -> tuple[str, ...]:
    """The text's plain words (:func:`plain_words`) with negations spelled out ("shouldn't",
    "shouldnt": "should not"), so that words echoed from the reporting compare however the
    reader wrote them."""
    said = _NEGATION.sub(r"\1 not", plain_words(text))
    return tuple(_WILL_NOT.sub("will not", _CANNOT.sub("can not", said)).split())


def longest_echo(said: tuple[str, ...], lines: Iterable[str]) -> int:
    """The most words in a row of ``said`` (as :func:`echo_words` gives them) that one of the
    lines holds word for word, counting only runs with a word besides stopwords: "what did
    the" echoes nothing."""
    longest = 0
    for line in lines:
        held = f" {' '.join(echo_words(line))} "
        for start in range(len(said)):
            for end in range(start + longest + 1, len(said) + 1):
                if f" {' '.join(said[start:end])} " not in held:
                    break
                if any(word not in STOPWORDS for word in said[start:end]):
                    longest = end - start
    return longest


def quoted_in(words: str, phrase: str, misquoted_from: int) -> str | None:
    """How ``words`` hold the quoted ``phrase`` (both as :func:`plain_words` gives them): word
    for word, or, for a phrase of ``misquoted_from`` words or more, with one word of it
    different, missing or added (None: not at all). Readers misremember quotes by a word ("even
    a second offense" for "even a first offense"); a quote of a few words that no one said is
    not one word off any."""
    if f" {phrase} " in f" {words} ":
        return phrase
    wanted = phrase.split()
    size = len(wanted)
    if size < misquoted_from:
        return None
    held = words.split()
    for width in (size, size - 1, size + 1):
        for start in range(len(held) - width + 1):
            window = held[start : start + width]
            if Levenshtein.distance(wanted, window, score_cutoff=1) <= 1:
                return " ".join(window)
    return None
    held = words.split()
    for width in (size - 1, size, size + 1):
        for start in range(len(held) - width + 1):
            if Levenshtein.distance(wanted, held[start : start + width], score_cutoff=1) <= 1:
                return True
    return False


# "know" after one of these is asking, not asked about: "do you know", "want to know", "we know".
_ASKING_KNOW = frozenset("i you u we anyone anybody someone somebody to me wanna".split())


_DOES = frozenset("did does do would will".split())
_WHAT_IS_IT_CALLED = re.compile(
    r"\bwhat (?:was|is|were|are|s) (?:the|this|that|his|her|their|its) (?:\w+ ){0,2}called$"
)
_BEFORE_A_CALL = DETERMINERS | frozenset("phone conference same".split())


def _naming(words: list[str], i: int) -> bool:
    """ "what was the crackdown called", "the so-called policy", "what did the draft call the
    top officials", "what does BI call the policy": "called" and "call" name, they are no
    phone call."""
    word = words[i]
    if word == "called":
        return (
            i == len(words) - 1
            or (i > 0 and words[i - 1] == "so")
            # "what was the policy called, the trump immigration one"
            or _WHAT_IS_IT_CALLED.search(" ".join(words[: i + 1])) is not None
        )
    if word not in ("call", "calls") or i + 1 >= len(words) or words[i - 1] in _BEFORE_A_CALL:
        return False
    # "what did <someone> call <something>": the verb of naming, asked of what it names
    before = words[max(0, i - 6) : i]
    return (
        "what" in before
        and bool(_DOES & set(before))
        and words[i + 1] not in ("with", "to")
        and "about" not in words[i + 1 :]  # "what did the AG call them about": a call
    )


# Idioms that only pad a question ("why did he want it in the first place"): their words
# would otherwise count as what is asked about
_PADDING = (
    ("in", "the", "first", "place"),
    ("to", "begin", "with"),
    ("to", "start", "with"),
    ("for", "that", "matter"),
    ("in", "a", "nutshell"),
    ("in", "short"),
    ("in", "brief"),
    ("in", "a", "few", "words"),
    ("long", "story", "short"),
)


def _padding(words: list[str]) -> set[int]:
    found: set[int] = set()
    for idiom in _PADDING:
        size = len(idiom)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == idiom:
                found.update(range(start, start + size))
    return found


def content_tokens(text: str) -> list[str]:
    words = tokens(text)
    padding = _padding(words) if len(words) > 3 else set()
    return [
        word
        for i, word in enumerate(words)
        if word not in STOPWORDS
        and i not in padding
        and not (word == "know" and i and words[i - 1] in _ASKING_KNOW)
        and not _naming(words, i)
    ]


# A word that only stems to a negation ("note", "notes", "noted": "not") is no negation: it
# keeps its "e", so that "the duty log note" is never read as "not".
_NEGATION_STEMS = frozenset("not no nor".split())


@lru_cache(maxsize=262_144)  # a pack repeats its words endlessly; stems are pure
def stem(word: str) -> str:
    stemmed = _stemmed(word)
    if stemmed in _NEGATION_STEMS and word not in _NEGATION_STEMS:
        return f"{stemmed}e"
    return stemmed


def _stemmed(word: str) -> str:
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(_KEEP_S):
                continue
            if suffix == "ly" and word.endswith("ply"):
                continue  # "reply", "apply", "supply": no adverbs ("reply" is not "Rep.")
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


COMMON_ENGLISH = Path(__file__).resolve().parent / "common_english" / "words.txt"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The commonest English words themselves (see :func:`common_stems`)."""
    return frozenset(COMMON_ENGLISH.read_text(encoding="utf-8").split())


# Words that say how to answer, not what about ("could you specify the exact phrasing Sessions
# used regarding amnesty", "kindly identify the outlet", "state his precise title"): a formal
# register's framing, which a pack that never uses them does not lack as a topic
# (a formal opening, "kindly inform me", is read off whole when nothing else lands: see
# ``without_politeness``)
_FRAMING = """
specify specified specifying identify identifying indicate indicating clarify clarifying
elaborate elaborating enlighten provide providing state stating recount articulate phrasing
phrased wording worded regarding concerning pertaining precise furnish outline detail details
detailed
"""
FRAMING_STEMS = frozenset(stem(word) for word in _FRAMING.split())


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """Stems of the commonest English words (see scripts/build_common_english.py).

    A word the pack never uses is, most of the time, a topic it lacks ("what did the ACLU
    say"), and weighs heavily. A common word is more often the reader's own wording ("so even
    babies were fair game", "how many overall"), and weighs as a word many facts share."""
    return frozenset(stem(word) for word in common_words())


def asks_yes_no(question: str) -> bool:
    """ "did sessions cooperate?", "is the report final?": the reply should open with what the
    reporting says on it, not with a "yes" the facts may not bear out. Read from the words
    alone, so that marks and emoji around them change nothing."""
    said = tokens(question)
    return bool(said) and said[0] in YES_NO_OPENERS


# "besides the 'never ordered anyone' line, what else did the response say", "what else did her
# tweet say besides the hague line", "... besides saying he never ordered anyone": words of the
# reporting the question sets aside, to ask what else there is
_SET_ASIDE = re.compile(
    r"(?i)\b(?:besides|other than|apart from|aside from|except for)\s+(?:(?:the|that|her|his|"
    r"their|its)\s+)?(?:[\'\"‘“](?P<quoted>[^\'\"’”]{3,80})[\'\"’”](?:\s+(?:line|quote|part|bit|"
    r"comment|remark|phrase|words))?|(?P<named>(?:[\w\-]+\s+){0,5}?[\w\-]+)\s+(?:line|quote|part|bit|"
    r"comment|remark|phrase)\b|(?:saying|that)\s+(?P<clause>[^,?;]{3,80}))"
)
_ASKS_MORE = re.compile(r"(?i)\b(?:else|other|more)\b")


def set_aside_words(text: str) -> tuple[str, str] | None:
    """The words of the reporting a question sets aside and the question without them ("the
    hague", "what else did her tweet say"), or None: it sets no line aside, or asks for
    nothing else (a fact holding "interviews" may well answer "besides interviews, what did
    the draft cite": it lists more than interviews)."""
    found = _SET_ASIDE.search(text)
    if found is None:
        return None
    rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split()).strip(" ,;:")
    if not _ASKS_MORE.search(rest):
        return None
    words = found.group("quoted") or found.group("named") or found.group("clause")
    return words.strip(), rest
