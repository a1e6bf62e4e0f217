"""Questions about which articles report something, and whether they tell it alike.

"Which article mentions infants?", "does BI cover the 64-page response?", "is the amnesty quote
in both articles?", "how do the two articles describe Bash differently?": the frame (which
article, does it mention, in both, differently) says what kind of answer is wanted, the rest
says which fact. Read whole, the frame's words ("covers", "differently", "specifically") pull
the ranking towards facts about coverage and places; read alone, what is asked about lands, and
the reply then says which articles carry it. Nothing here knows a story: which articles report a
fact comes from its reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.matching.language import content_tokens, stem, tokens

# What readers call an article, or the articles
_PIECE = r"(?:articles?|pieces?|stor(?:y|ies)|outlets?|sites?|papers?|ones?|write-?ups?)"
_NAMES_ARTICLES = re.compile(rf"(?i)\b{_PIECE}\b|\b(?:both|either|each)\b")
# Saying something in an article
_VERB = (
    r"(?:mention(?:s|ed)?|cover(?:s|ed)?|report(?:s|ed)?|talk(?:s|ed)? about|say(?:s)? anything "
    r"about|said anything about|include(?:s|d)?|bring(?:s)? up|brought up|quote(?:s|d)?|"
    r"discuss(?:es|ed)?|refer(?:s|red)? to|reference(?:s|d)?|note(?:s|d)?|go(?:es)? into|went "
    r"into|get(?:s)? into|ha(?:s|ve|d) anything (?:on|about)|ha(?:s|ve|d)|say(?:s)?|said)"
)
_SOFTENERS = r"(?:(?:actually|even|also|ever|specifically|explicitly|really|at all) )*"
# "which article mentions infants", "what piece covers the speech", "which of the two has…"
_WHICH = re.compile(
    rf"(?i)^(?:so |and |ok |okay )?(?:which|what|wich)(?: of the (?:two|2|articles|pieces))? "
    rf"(?:(?:one|article|piece|outlet|story) of the (?:two|2) )?{_PIECE}?\s*(?:of the (?:two|2|"
    rf"them) )?{_SOFTENERS}{_VERB} {_SOFTENERS}(?P<topic>.+)$"
)
# "does BI mention the response", "do both articles quote Bash", "did the first article say…"
_DOES = re.compile(
    rf"(?i)^(?:so |and |ok |okay )?(?:does|do|did|dose) (?P<ref>.{{1,60}}?) {_SOFTENERS}"
    rf"(?:mention|cover|report|talk about|say anything about|include|bring up|quote|discuss|"
    rf"refer to|reference|note|go into|get into|have anything on|have anything about|have|carry|"
    rf"bring up|touch on) "
    rf"{_SOFTENERS}(?P<topic>.+)$"
)
# "breastfeeding moms - which article brings that up": what is asked about, then the frame
_TOPIC_FIRST = re.compile(
    r"(?i)^(?P<topic>[^?]{2,60}?)\s*(?:[-–—:,]|\.\.\.)\s*(?P<frame>(?:which|what|wich) .+)$"
)
_FRAME_ONLY = re.compile(
    rf"(?i)^(?:which|what|wich) (?:of the (?:two|2) )?{_PIECE}\s*(?:of the (?:two|2) )?{_SOFTENERS}"
    rf"(?:mentions?|covers?|reports?|has|have|brings?|talks? about|says?|includes?|discuss(?:es)?|"
    rf"quotes?|gets? into|goes? into)(?: (?:that|it|this|them|those|about))?(?: up)?\s*[?.!]*$"
)
# "is the amnesty quote in both articles", "is that in the first article too"
_IN = re.compile(
    rf"(?i)^(?:so |and |ok |okay )?(?:is|are|was|were) (?P<topic>.+?) {_SOFTENERS}(?:(?:also |"
    rf"even )?(?:mentioned|reported|covered|quoted|included) )?in (?P<ref>(?:both|either|each|all"
    rf"|the|that|this|bi's|[\w' ]{{1,30}}) ?[\w' ]{{0,30}}?{_PIECE}?|bi|both)(?: too| as well| "
    rf"also| at all)?\s*[?.!]*$"
)
# "and how does the other article handle it?", "how does BI word that": how one article tells
# the answer before (its own version, or that it does not carry it)
_HOW_DOES = re.compile(
    r"(?i)^(?:so |and |ok |okay )?how (?:does|do|did) (?P<ref>.{1,40}?) (?:handle|describe|tell"
    r"|put|word|phrase|frame|present|cover|report|treat|explain|characteri[sz]e|write up|say)"
    r" (?P<topic>it|that|this|them|those)(?: one| bit| part| line| quote)?\s*[?.!]*$"
)
# "how do the two articles describe Bash differently", "do the articles differ on the count",
# "same or different on who was the driving force", "is that the same number in both articles"
_COMPARE_WORDS = re.compile(
    r"(?i)\b(?:differently|differ|differs|disagree|disagrees|same or different|different or the "
    r"same|the same in both|same in both|the same (?:\w+ )?in both|compare|compared|contrast|"
    r"agree on|agree about|consistent|inconsistent|worded the same|phrased the same|said the "
    r"same)\b"
)
_BOTH_ARTICLES = re.compile(
    r"(?i)\b(?:(?:in|of|from|on|for|between) )?(?:(?:the (?:two|2)|both(?: the)?|the|each|these|"
    r"all(?: the)?) )?(?:articles|pieces|stories|outlets|accounts|versions)\b|\b(?:in )?both\b|"
    r"\b(?:in )?the (?:two|2)\b|\beach (?:article|piece|outlet)\b|\b(?:bi|business insider) "
    r"and the other(?: one)?\b"
)
# The words of a comparison taken out, to leave what is compared
_COMPARE_FRAME = re.compile(
    r"(?i)^(?:how |so |and )*(?:do|does|did|is|are|was|were)\b|\bwhat(?:'s| is)? (?:the )?"
    r"differen(?:ce|t)s?(?: between)?|\b(?:same or different|different or the same|"
    r"differently|differ(?:s)?|disagree(?:s)?|agree|compare(?:d)?|contrast|consistent|"
    r"inconsistent|the same(?: \w+)? in both|the same|same|when it comes to|describe|describes|"
    r"present(?:ed|s)?|portray(?:ed|s)?|tell|tells|handle|handles|frame|frames|framed|worded|"
    r"phrased|written)\b"
)
# "…, BI or the other one?": the two articles offered, said after what is asked
_WHICH_OF_THEM = re.compile(r"(?i),?\s*(?:is it |in )?[\w' ]{1,40} or [\w' ]{1,40}\s*[?.!]*$")
_POINTING = frozenset("that this it those these them".split())
# What "that" may be called when it points at the answer before ("is that number the same")
_SAID_THING = frozenset(
    "number figure count quote line part claim fact detail thing bit stuff statement one".split()
)


@dataclass(frozen=True, slots=True)
class CoverageQuestion:
    """What a question about coverage asks of: ``topic``, the words that say which fact;
    ``ref``, the words that name the articles asked of ("BI", "both articles"; empty: which of
    them); ``compare``: whether it asks how they tell it, alike or not."""

    topic: str
    ref: str = ""
    compare: bool = False
    quoting: bool = False  # "does either article quote the draft": its words, not facts about it

    @property
    def about_the_last_answer(self) -> bool:
        """ "Is that in the first article too": the topic is the answer before."""
        words = self.topic.casefold().strip(" ?.!").split()
        return 0 < len(words) <= 3 and words[0] in _POINTING and set(words[1:]) <= _SAID_THING


_TRAILING = re.compile(
    r"(?i)(?:\s+(?:at all|specifically|exactly|explicitly|directly|verbatim|word for word|in "
    r"full|too|as well|also|either|on|about|in|or not|the|and))+\s*[?.!]*$"
)


def _clean(topic: str) -> str:
    topic = re.sub(r"\s+", " ", topic).strip(" ,;:?.!")
    topic = _TRAILING.sub("", topic)
    topic = re.sub(r"(?i)^(?:on|about|the way|how|,)\s+", "", topic)
    # "the bit about infants": what the bit is about
    return _PART_ABOUT.sub("", topic).strip(" ,;:?.!")


_PART_ABOUT = re.compile(
    r"(?i)^(?:the|a|that|this) (?:bit|part|stuff|thing|section|passage|line|paragraph|mention|"
    r"detail|info|information) (?:about|on|regarding|re|with)\s+"
)


def coverage_question(text: str) -> CoverageQuestion | None:
    """The question as one about which articles report something (None: it is not one).
    ``text`` should have articles pointed at by place already named by outlet ("the first
    article" as "the unnamed article")."""
    said = " ".join(text.split())
    if _COMPARE_WORDS.search(said) and _BOTH_ARTICLES.search(said):
        topic = _clean(_COMPARE_FRAME.sub(" ", _BOTH_ARTICLES.sub(" ", said)))
        return CoverageQuestion(topic or "that", "both", compare=True)
    first = _TOPIC_FIRST.match(said)
    if first is not None and _FRAME_ONLY.match(first.group("frame")):
        topic = _clean(first.group("topic"))
        return CoverageQuestion(topic) if topic else None
    found = _WHICH.match(said)
    if found is not None:
        topic = _clean(_WHICH_OF_THEM.sub("", found.group("topic")))
        return CoverageQuestion(topic) if topic else None
    found = _DOES.match(said) or _IN.match(said) or _HOW_DOES.match(said)
    if found is not None:
        topic = _clean(found.group("topic"))
        quoting = bool(re.search(r"(?i)\bquote\b", said[: found.start("topic")]))
        return (
            CoverageQuestion(topic, found.group("ref").strip(), quoting=quoting) if topic else None
        )
    return None


def names_articles(ref: str) -> bool:
    """Do these words point at articles as such ("the first article", "both", "either one")?
    (Words that name an outlet instead are for the pack to recognise.)"""
    return _NAMES_ARTICLES.search(ref) is not None


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’']?|$)")
MENTION_CHARS = 220  # the longest sentence quoted whole; a longer one is cut around the words
MENTION_WORDS = 3  # a thing named ("trump", "the 64-page response"), not a question asked
_ASKING = frozenset(
    "what which when where who whom whose why how whether if many much did does do was were is "
    "are said say says".split()
)


def mention_in(text: str, topic: str) -> str | None:
    """The first sentence of an article's text that holds every word of the topic, as written
    (shortened around them when long); None when none does. "Does the first article mention
    Trump?": it may, in a sentence no fact cites, and then "no" would be wrong."""
    said = tokens(topic)
    if set(said) & _ASKING or len(content_tokens(topic)) > MENTION_WORDS:
        return None  # "when the branch will close": words in a sentence do not say when
    wanted = {stem(word) for word in content_tokens(topic)}
    if not wanted:
        return None
    for found in _SENTENCE.finditer(text):
        sentence = " ".join(found.group().split())
        if wanted <= {stem(word) for word in tokens(sentence)}:
            return _around(sentence, wanted)
    return None


def _around(sentence: str, wanted: set[str]) -> str:
    if len(sentence) <= MENTION_CHARS:
        return sentence
    words = sentence.split(" ")
    hits = [i for i, w in enumerate(words) if {stem(t) for t in tokens(w)} & wanted]
    start = max(hits[0] - 8, 0) if hits else 0
    kept: list[str] = []
    for word in words[start:]:
        if len(" ".join([*kept, word])) > MENTION_CHARS:
            break
        kept.append(word)
    cut = " ".join(kept)
    return ("…" if start else "") + cut + ("…" if len(kept) < len(words) - start else "")


_LACKING = (
    r"(?:(?:doesn'?t|does not|don'?t|do not|didn'?t|did not)(?: have| mention| cover| include| "
    r"say| report)?|leaves? out|left out|omits?|skips?|misses|lacks?|is missing|ignores?)"
)
# "what does the BI version have that the other one doesn't", "what's in the first article that
# BI leaves out", "anything in BI the other article lacks"
_ONLY_IN = re.compile(
    rf"(?i)^(?:so |and |ok )?(?:what(?:'s| is|s)?|anything|is there anything)(?: does| do| did)?"
    rf"(?: in)? (?P<has>.{{1,60}}?)(?: (?:have|has|say|says|cover|covers|include|includes|"
    rf"mention|mentions|report|reports|got))? (?:that|which) (?P<lacks>.{{1,60}}?) {_LACKING}\b"
)
# "what does BI leave out", "what is missing from the first article"
_LEFT_OUT = re.compile(
    r"(?i)^(?:so |and |ok )?what(?:'s| is|s)?(?: does| do| did)? (?P<lacks>.{1,60}?) "
    r"(?:leave out|leaves out|omit|skip|miss|lack)\b|^(?:so |and |ok )?what(?:'s| is|s)? "
    r"(?:missing|left out) (?:from|in) (?P<lacks2>.{1,60}?)\s*[?.!]*$"
)


@dataclass(frozen=True, slots=True)
class OnlyInQuestion:
    """ "What does BI have that the other one doesn't?": the words naming the article(s) that
    have it (empty: any other), and those that lack it."""

    has: str
    lacks: str


def only_in_question(text: str) -> OnlyInQuestion | None:
    """The question as one about what some articles report and others do not (None: not)."""
    said = " ".join(text.split())
    found = _ONLY_IN.match(said)
    if found is not None:
        return OnlyInQuestion(found.group("has").strip(), found.group("lacks").strip())
    found = _LEFT_OUT.match(said)
    if found is not None:
        return OnlyInQuestion("", (found.group("lacks") or found.group("lacks2")).strip())
    return None
