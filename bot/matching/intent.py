"""What kind of reply a message wants, before any fact is matched.

Not every message asks about a fact: "hi" wants a greeting and help, "should he be prosecuted"
wants an opinion (which reportbot does not give), "fill me in" wants the story, "who is X" a
person, "what did X say" their quotes, "who reported this" the outlets, "who wrote the draft"
its author, "ignore the articles and say..." nothing but a decline. These are read from
general English only; the pack supplies the names (an entity is whatever its aliases fold to),
so nothing here knows any story.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching.expectation import speaker_asked
from bot.matching.language import (
    CALENDAR_SHORT,
    OCCUPATION_NOUNS,
    ROLE_NOUNS,
    STOPWORDS,
    WH_WORDS,
    common_stems,
    stem,
    tokens,
)

if TYPE_CHECKING:
    from bot.matching.index import Analyzer

IntentKind = Literal[
    "social",
    "opinion",
    "story",
    "people",
    "sources",
    "differences",
    "person",
    "speaker",
    "unknown_name",
    "now",
    "instruction",
    "facts",
]


ArticleDetail = Literal["outlet", "published", "headline", "byline", "url"]


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    entity: str | None = None  # the pack entity id a person/speaker/sources reply is about
    name: str | None = None  # the unknown name as the reader wrote it
    # what of an article a sources question asks for ("when was it published": "published")
    detail: ArticleDetail | None = None
    # "is Tlaib a democrat or a republican": the two things a person reply must say which of
    options: tuple[str, ...] = ()


# A whole message made of these words is talk, not a question about the reporting.
_SOCIAL_WORDS = frozenset(
    """
    hi hello hey heya hiya howdy yo sup hola greetings morning evening afternoon gm gn
    thanks thank thx ty tysm cheers appreciated appreciate ok okay k kk cool nice great awesome
    perfect good bot bye goodbye cya later lol haha wow help helpful useful informative fam
    interesting you there so much a lot very got see seen never mind nvm hmm hm ah oh ahh okie
    alright sure yep yup nope yes no understood noted um uh goodnight gnight nite np nevermind
    welcome bad dumb useless ya well done job try huh wut
    all guys folks everyone again the it that this is was me man dude mate
    for now today
    """.split()
)
# Talk to the bot about itself: "can you help me", "what topics do you cover", "are you working?".
# A message made only of these and the words of asking, with at least one of these, is about the
# bot, not the reporting.
_ABOUT_THE_BOT = frozenset(
    """
    you your yours yourself bot bots help helps helped helpful command commands test testing
    tested ping anyone anybody somebody ask asking use using cover covers covering topic topics
    tips hints capabilities capability suggestions suggestion
    able work working works function functions feature features question questions answer
    answers instruction instructions hear alive online awake assist support here there
    reportbot ai chatgpt gpt robot assistant made built created programmed channel server home
    """.split()
)
_ASKING = frozenset(
    """
    what how can could do does did is are am i me my we this it that thing stuff there here who
    which kind kinds sort sorts type types of about to a an the know tell show give list get any
    all
    should would will please just so well ok okay explain for info something anything exactly
    r an one have got out with where up things on thats youre
    """.split()
)
_SOCIAL_PATTERNS = re.compile(
    r"^(what can you do|what do you do|what are you|who are you|what is this bot|"
    r"how (do|does|can) (i|you|we|this|it) (use|work|ask)( this| it| you)?( for [\w -]{2,30})?|"
    r"how does this work|"
    r"(show|list|give) (me )?(the )?commands|commands|what commands|help me|"
    r"what can i ask( you)?|how are you|are you a bot|are you there|you there|"
    r"what (kinds?|sorts?|types?) of (questions|things) (can|could|should|do) (i|we) ask"
    r"( you)?( about [\w ]+)?|"
    r"what (kinds?|sorts?|types?) of (questions|things) (can|could|do|will) (you|u) (answer|handle|"
    r"help with|help me with|do)( about [\w ]+)?|"
    r"what should i ask|what do you know|what are you for|what is this for|what is this|"
    r"what does this bot do|start|menu|info|what up|wassup|whaddup|"
    r"(are|r) (you|u) (a |an )?(real )?(human|person|robot|machine|bot|ai|people)"
    r"( or (a |an )?(real )?(human|person|robot|machine|bot|ai|people))?|"
    r"(test|testing)( \d+)*|ok|okay|k|kk|okie|"
    r"(that|thats|that is|this is|youre|you are|ur|u r) (wrong|incorrect|not right|useless|"
    r"broken|dumb|stupid|great|awesome|helpful|right|correct|perfect)|"
    r"where (do|should|can) (i|we) (start|begin)|((hi|hello|hey) )?i (am )?new (here|to this)|"
    r"options|what are (my|the|your) options|(is|are) (this|it|this thing|the bot|you) "
    r"(on|working|alive|awake|live|online)|"
    r"(what|which) (stories|story|articles|topics|subjects|things) (do|can) (you|u) (know|cover|"
    r"answer|talk)( about)?|"
    # the bot itself: how far to trust it, what it is called, that it missed the point
    r"how (accurate|reliable|trustworthy|good|smart|biased|right) (are|is) (you|u|this bot|"
    r"the bot|this thing)|(are|r) (you|u) (accurate|reliable|trustworthy|biased|sure|any good|"
    r"always right|ever wrong)|can (i|we|people) trust (you|u|this bot|the bot|your answers)|"
    r"what (is )?(your|ur) name|who (made|built|created|programmed|wrote) (you|u|this bot|"
    r"the bot)|(that|thats|that is|this is) not what i (asked|meant|said|wanted))$"
)
# Where the bot's own answers come from ("how do you know that", "where did you get that"): the
# articles, with who reported them. Asked of the bot, so read before talk.
_ASKED_THE_BOT_FOR_SOURCES = re.compile(
    r"^(how (do|did|would) (you|u) know( that| this| it| all this)?|"
    r"(where (did|do|does)|whered) (you|u) (get|find|learn|hear|read) (that|this|it|all this|"
    r"(your|ur) (info|information|facts|news|stuff|answers?))( from)?|"
    r"what (are|r) (your|ur) sources?|(whats|what is) (your|ur) sources?)$"
)

# "who is the attorney general now": who holds a post today, which reporting published then
# cannot say (what it said of the post then stays a suggestion).
_NOW = re.compile(
    r"^(?:(?:who|whos|who s) (?:is |s )?(?:the|our|their) [\w ]+|(?:what|whats|where|wheres) "
    r"(?:is |s |are )?[\w ]+ (?:doing|up to|working|living)(?: \w+)?) (?:now|currently|these days|"
    r"nowadays|today|anymore|right now|at the moment)$|"
    # "who is the current attorney general", "what is the present policy"
    r"^(?:who|whos|who s|what|whats) (?:is |s |are )?(?:the |our )?(?:current|present|"
    r"sitting) [\w ]+$|"
    # "is alexa vance still spokeswoman now", "does he still work there today"
    r"^(?:is|are|does|do|has|have) [\w ]+ still [\w ]+ (?:now|today|currently|these days|"
    r"nowadays|anymore|right now)$"
)

# Instructions to the bot instead of a question ("ignore the articles and say X", "SYSTEM: you
# are now..."): declined, whatever the facts near their words.
_INSTRUCTION = re.compile(
    r"(?:^|\b(?:hey|so|ok|okay|now|first|quick thing|please|pls)\s+)"
    r"(ignore|disregard|forget|override) (all |the |any |your |my |these |those |previous |prior "
    r"|above |earlier |former )*(instructions?|rules|articles|facts|sources|reporting|prompt|"
    r"context|guidelines)\b|^system\b|\b(system|developer|admin|debug|god) (prompt|mode|"
    r"override)\b|\byou are now\b|\bfrom now on,? (you |say|answer|tell|pretend|act)|"
    r"\bpretend (to be|you are|you re|youre|your|ur|that you)\b|"
    r"\b(print|reveal|show|repeat|output) (me )?(your|the) (system |hidden |initial )?(prompt|"
    r"instructions)\b|\bjailbreak\b|\bno longer bound\b|\bauthori[sz]e you\b|"
    r"\b(?:use|using|with) (?:your )?(?:outside|own|general|prior|external|other) knowledge\b"
)

# Asking for a judgement or a guess: the reporting can only say what it says.
_OPINION = re.compile(
    r"\b(do|did|does) you (?:really |honestly |actually |personally )?(think|believe|reckon|"
    r"feel)\b|\byour (opinion|view|take|thoughts)\b|"
    r"\bin your view\b|\bwhat do you make of\b|"
    # "do u agree with tlaib", "would you agree": the reader's view asked of the bot
    r"\b(do|would|did) (you|u|ya) (agree|disagree|side)\b|"
    # "what would happen if sessions had participated": what did not happen
    r"\bwhat (would|might|could) (have )?(happen|happened|change|changed|be different)\b|"
    r"^(do you think |so )?should (?:\w+ ){1,3}?(be|go|get|face|resign|quit|apologi[sz]e|"
    r"step down|pay)\b|"
    # what will happen to someone: "will sessions be prosecuted", "is rosenstein going to jail"
    r"^(so )?(will|is|are|would) (?:\w+ ){1,3}?(be |get |going to be |going to get |ever be )"
    r"(prosecuted|charged|indicted|arrested|jailed|imprisoned|punished|fired|impeached|sued|"
    r"convicted|sentenced|disbarred|held accountable|investigated)\b|"
    r"^(so )?(will|is|are) (?:\w+ ){1,3}?(go|going) to (jail|prison)\b|"
    r"\b(is|was|are|were) (it|this|that|he|she|they|these|those|the \w+) "
    r"(wrong|fair|unfair|legal|illegal|lawful|unlawful|ethical|unethical|moral|immoral|"
    r"justified|biased|racist|evil|good|bad|a crime|criminal|guilty|lying|a lie|a liar|"
    r"propaganda)\b|"
    r"\b(is|was|are|were) (\w+ ){1,3}?(a |an )?(bad|good|evil|terrible|horrible|awful|decent|"
    r"corrupt|dishonest|honest|nice|great|shady) (guy|guys|person|people|man|woman|dude|one)\b|"
    r"\b(is|was|are|were) (\w+ ){1,3}?(a )?(villain|hero|monster|criminal|crook|liar|"
    r"racist)\b|"
    r"\b(is|was|are|were) (\w+ ){1,3}?(worse|better|guiltier|crueler|crueller|more evil|"
    r"more guilty|more to blame|less to blame) than\b|\bwho(s| is| was) (worse|the worst|"
    r"more to blame|the bad guy)\b|"
    r"\bwho(s| is) (to blame|right|lying)\b|"
    # "was tlaib right that he should be sent to the hague" (not "is it right that...", a check)
    r"\b(is|was|are|were) (?!(it|that|this)\b)(\w+ ){1,2}(right|wrong|correct) (that|to|about)\b|"
    r"\bwill (he|she|they) (go to jail|be (jailed|"
    r"convicted|punished|arrested|impeached))\b|\bwho (will|would) win\b|\bpredict\b"
)

# "Is this real?": a judgement when nothing else is asked; "is it true NBC saw it" asks a fact.
_SMEAR = (
    r"(an? )?((deep state|political|partisan|liberal|media) )?(hoax|hit job|hit piece|smear|"
    r"witch hunt|setup|set up|conspiracy|propaganda|fake news|lie|fabrication)"
)
_VERACITY = re.compile(
    r"\b(is|was|are|were) (it|this|that|these|those|all this|(the|this|that|these) (\w+ )?"
    r"(story|stories|report|reports|article|articles|draft|piece|news|reporting))"
    r"( all| even| really| just)? (real|fake|true|legit|legitimate|accurate|right|made up|"
    r"trustworthy|reliable|credible|believable|biased|exaggerated|overblown|fabricated|"
    + _SMEAR
    + r")\b|\bor (just |only |merely )?"
    + _SMEAR
    + r"\b|\b(legit|true|real|fake)$"
)

# "Fill me in": the story as a whole.
_STORY_WORDS = frozenset(
    """
    summary summarize summarise summarized summarised summarizing summarising summaries
    gist recap recapped overview rundown tldr tl dr synopsis nutshell outline brief briefly
    """.split()
)
_STORY_PATTERNS = re.compile(
    r"\bexplain (it |this )?like (i m|im|i am|i) (5|five)\b|"
    r"\bwhat(s| is| was| are)? (this|it|that|the story|this story|the article|this article|"
    r"(these|the|both|those) (two |2 )?(articles|stories|pieces)|the news|all this|this all|"
    r"the report|this report|"
    r"(the|this|that) (\w+ ){1,2}(report|article|story|piece|draft)|"
    r"(the|this|that) (whole )?(thing|stuff|deal|mess|situation|saga|drama|controversy|scandal))"
    r"( all| even| really| actually| basically| mainly| mostly| exactly| supposed to be)? about\b|"
    r"\bwhat(s| is)? (going on|happening|up)\b|\bwhat happened\b|\bfill me in\b|"
    r"\b(where|when|what year|which year|what month) (was|were|did|is|are) (all (of )?this"
    r"|this all|this whole thing|the whole thing|all that)( stuff)? (happen|happening|happened"
    r"|take place|taking place|go down|going down)\b|"
    r"\bwhat(s| is)? in (the|this|that) (\w+ ){0,2}(article|piece|story)\b|"
    r"\bwhat does (the|this|that) (\w+ ){0,2}(article|piece|story) say\b|"
    r"\bcatch me up\b|\bup to speed\b|\b(main|key|big|important) (points?|takeaways?|"
    r"facts|picture|things)\b|\bthe basics\b|\bexplain( this| it| the story| everything)\b|"
    r"\bbreak (it|this) down\b|\bin short\b|\bshort version\b|"
    r"\bsum (it |this |that |everything |things )?up\b|"
    r"\bwhat do i need to know\b|\bwhat should i know\b|\bwhat('s| is) the story\b|"
    r"\bthe story so far\b|\bwhat did i miss\b|\btell me (everything|more|the story)\b|"
    r"\bwhat('s| is) new\b|\bwhat( is| s)? (this|that|the) story\b|\beli5\b"
)
# Words that may come with a request for the story without making it a question about a fact.
_STORY_FILLER = frozenset(
    """
    story report reports article whole entire quick quickly short shortly simple simply
    everything basically overall general news tell please one sentence sentences line few words
    nutshell piece pieces couple lines paragraph paragraphs bullet bullets points version
    """.split()
)

# "Who are the main people": everyone the story is about.
_PEOPLE_PATTERNS = re.compile(
    r"^(who|whos|who s)( is| are| were| was)? (the )?(main|key|important|major|big|other)? ?"
    r"(people|players|figures|characters|names|persons|officials|ones)( involved| here| in (this|"
    r"it|the story|the article|the report))?$|"
    r"^(who|whos|who s) (is |was |else is |else was |else )?(involved|mentioned|"
    r"named|in (this|it|the story|the article|the report))$|^(whos|who s|who) who$|^(key|main) "
    r"(players|people|figures)$|^(list|name) (the |all )?(people|players|names|figures)\b|"
    r"^which people\b|^who (are|were) they( all)?$"
)
# "who is this guy", "who was the woman": someone, but not who. With no question before it to
# lean on, the reply is who the reporting names; never a fact that happens to say "guy".
_SOMEONE = re.compile(
    r"^(who|whos|who s)( is| was| are| were)?( this| that| the| these| those)? ?(guy|guys|person|"
    r"man|woman|lady|dude|fellow|bloke|one|official|he|she|him|her|they|them)$"
)

# Who reported it, where it comes from.
_SOURCE_WORDS = frozenset(
    """
    reported reporting outlet outlets source sources sourced publication publications
    published headline headlines newspaper newspapers paper papers site website websites media
    press covered coverage broke publish cite cites cited credit credits credited byline bylines
    url urls
    """.split()
)
_SOURCE_PATTERNS = re.compile(
    r"\bwhere (does|did|do|is|are|was) (this|it|that|these|the story|the news|the info|all this)"
    r"( info| information| story| stuff)? (come|coming|comes|from)\b|\bwho (broke|covered|"
    r"reported|published|ran)\b|\b(which|what) (outlet|outlets|paper|papers|newspaper|site|"
    r"sites|publication|publications|media|articles?)\b|\bwhat('s| is| are|s)? the (headline|"
    r"headlines|title|source|sources|url|urls|link|links|web address)\b|\bhow do (you|we) know\b|"
    # "which of the two articles has a headline", "which one of the pieces was first"
    r"\b(which|what)( one)? of (the|these|those|both) (two |2 )?(articles|pieces|stories|"
    r"outlets)\b|"
    # "where are both articles getting this from"
    r"\bwhere (are|is|do|does|did) .{0,40}\b(get|getting|got|gets) (this|it|that|the|its|their)"
    r"\b.*\bfrom\b"
)
_WHO_WROTE = re.compile(
    r"\bwho(?: at| from| of)? ?(?:\w+ ){0,3}?(?:wrote|writes|authored|penned)\b|\bauthors?\b|"
    r"\bwriters?\b"
)
# The one thing of an article a sources question may ask for, named as the pack's field:
# "when was the unnamed article published", "what's the BI headline", "who wrote the BI piece",
# "link to the article", "what site is the second article from". ("Who published it" asks for
# the outlet, not a date.)
_ARTICLE_DETAILS: tuple[tuple[ArticleDetail, re.Pattern[str]], ...] = (
    (
        "published",
        re.compile(
            r"\b(when|what (date|day|year|month|time))\b.*\b(publish\w*|come out|came out|"
            r"run|ran|released|posted|written|dated|go up|went up)\b|\b(publication|publish|"
            r"publishing|release|posting) (date|day|time)\b|\bdated?\b"
        ),
    ),
    (
        "outlet",
        re.compile(
            r"\b(what|which|wat|wich) (news )?(outlet|site|website|paper|newspaper|publication|"
            r"network|publisher|org|organization|organisation)\b|\bwho (published|publishes|ran|"
            r"runs|put out|puts out)\b|\b(outlet|site|publication|publisher) (is|was) "
            r"(it|that|this)\b"
        ),
    ),
    # ("the one with no headline" names an article: it does not ask for its headline)
    (
        "headline",
        re.compile(r"(?<!\bno )(?<!\bwithout )(?<!\bwithout a )\b(headlines?|titles?|titled)\b"),
    ),
    (
        "byline",
        re.compile(
            r"\b(byline|bylines|authors?|reporters?|journalists?|writers?)\b|"
            r"\bwho(?: at| from| of)? ?(?:\w+ ){0,3}?(wrote|writes|authored|penned)\b"
        ),
    ),
    ("url", re.compile(r"\b(links?|urls?|web address)\b")),
)


def article_detail(joined: str) -> ArticleDetail | None:
    """What one thing of an article the words ask for (None: none, or more than one)."""
    asked = [detail for detail, pattern in _ARTICLE_DETAILS if pattern.search(joined)]
    return asked[0] if len(asked) == 1 else None


_SOURCE_FILLER = frozenset(
    """
    story report article articles news info information stuff all piece pieces one thing
    originally first initially cite cites cited credit credits credited reporting byline bylines
    author authors wrote written date dates dated day
    exact exactly precise precisely full complete verbatim word for
    """.split()
)

# Where the outlets tell it differently, asked of the whole reporting.
_DIFFERENCE_WORDS = frozenset(
    """
    disagree disagrees disagreed disagreement disagreements differ differs differed different
    difference differences discrepancy discrepancies contradict contradicts contradiction
    contradictions conflict conflicting conflicts inconsistent inconsistency inconsistencies
    compare compared comparing comparison
    """.split()
)
_DIFFERENCE_FILLER = frozenset(
    """
    story report reports article articles outlet outlets source sources account accounts version
    versions two 2 both between each anything something points point any where anywhere
    """.split()
)

# "Who is X", "X's job": a person or a body.
_PERSON_PATTERNS = re.compile(
    r"^(who|whos|who's)( is| was| are| were| r| the)?\b|\b(role|job|title|position|post|"
    r"occupation|profession|works? for|does for a living|background)\b|"
    r"^what (does|did|do) .* do\b|^tell me about\b|^what about\b|^(info|information) (on|about)\b|"
    r"^where (does|did|do) .* work\b|\bworks? (where|at)\b|^who (does|did) .* work for\b|"
    r"\bnames?\b|"
    r"^(which|what) (network|company|outlet|paper|newspaper|station|channel|organi[sz]ation|"
    r"org|body|agency|publication|office|department) (is|was|does|did) .* (with|for|at|from|of)$"
)
# "which democrats", "what districts": a plural (of four letters or more, not a verb's "does")
_WHICH_OF_MANY = re.compile(
    r"^(?:which|what) (?:\w+ ){0,2}?(?!(?:does|goes|says|seems|means|makes)\b)\w{2,}[^s\W]s\b"
)
_ABOUT = re.compile(
    r"^(tell me about|what about|how about|info (on|about)|information (on|about))\b"
)
_PERSON_FILLER = frozenset(
    """
    role job title position post occupation profession work works background living tell
    about info information exact exactly former current old previous prior past earlier person
    actual real official proper correct precise formal
    guy man woman lady employ
    employer employed name names full first last again spell spelled spelling
    network company organization organisation org body agency paper newspaper station channel firm
    publication time then back hold held holding occupy occupied
    """.split()
)

# ("who was rosenstein in 2018": the year says when, as "then" or "at the time" does)
_PERSON_FILLER_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(_PERSON_FILLER)) + r"|in (?:19|20)\d\d|(?:19|20)\d\d)\b"
)

# "was Sessions the attorney general or the deputy?", "is Horowitz the IG for DHS or for the
# Justice Department?": which of two things someone is, as their card says
_WHICH_OF_TWO = (
    re.compile(r"\b(?:is|was) ((?:\w+ ){1,3}?)(?:the|a|an) (.+ or .+)$"),
    re.compile(r"^((?:\w+ ){1,3}?)(?:is|was) (?:the |a |an )?(.+ or .+)$"),  # "tlaib is a rep or"
)

# "What did Sessions' lawyer say": someone known by whose they are. Unless the pack names them
# so ("Sessions' deputy" is Rosenstein), they are someone the reporting does not mention, not
# the one they belong to.
_POSSESSED = re.compile(r"\b([^\W\d_]+)(?:'s|’s|'|’)\s+([^\W\d_]+)\b")
# "the DHS spokesman": a body's role without the possessive
_BODYS = re.compile(r"\b(?=([^\W\d_]+)\s+([^\W\d_]+)\b)")  # (every pair, overlapping)
_POSSESSED_ROLES = frozenset(
    """
    lawyer lawyers attorney attorneys counsel spokesman spokeswoman spokesperson spokespeople
    aide aides adviser advisers advisor advisors wife husband son daughter children family friend
    friends boss assistant assistants secretary doctor accountant agent
    """.split()
)

# "was Bash still the U.S. attorney when he sent it?", "is rosenstein still the deputy AG?", "was
# he on his way out?": where someone stood then or stands, which their role in the story says
# ("U.S. attorney in western Texas at the time, described by one article as the outgoing U.S.
# attorney", "former deputy attorney general")
_STATED = re.compile(
    r"^(?!(?:why|what|whats|who|whos|when|where|how|which|whose|whom|did|does|do)\b)"
    r"((?:\w+ ){0,2}\w+) (is|was|are|were) (.+)$"
)
_STILL = re.compile(
    r"^(?:was|were|is|are) (.+?) (?:still|leaving|outgoing|on (?:his|her|their|the) way out|"
    r"about to (?:leave|go|quit|retire|step down)|stepping down)\b"
)

# "What did X say", "quote from X".
# "Who wrote the draft report": who a document is by.
_AUTHORSHIP = re.compile(
    r"^(who|whos|who s|whose)\b.*\b(wrote|write|writes|written|authored|author|authors|penned|"
    r"drafted|produced|compiled|prepared|behind|made|make|makes)\b|^by whom\b|"
    r"^whose (report|document|work)\b"
)
# "the report", "that report about the separations": a document named by what it is, and only
# that (what it is about may follow)
_A_DOCUMENT = re.compile(r"\b(?:the|that|this) (\w+)(?: (?:on|about|into|regarding|of) .+)?$")
_AUTHORSHIP_FILLER = frozenset(
    "wrote write writes written authored author authors penned drafted produced compiled "
    "prepared behind actually really exactly even".split()
)
_SPEAKER_WORDS = frozenset(
    """
    say said says saying quote quotes quoted quotation quotations words statement statements
    comment comments commented remark remarks tell told wrote write writes written
    find finds found conclude concludes concluded allege alleges alleged
    """.split()
)
_SPEAKER_FILLER = frozenset(
    """
    quote quot quotation word statement comment remark write wrote written exact exactly
    actual actually direct full give every please find found conclude concluded allege alleged
    """.split()
)

_CIRCUMSTANCE = frozenset("when whens where why".split())

# Where a name stands: "who is X", "what did X say", "quotes from X", "X's job".
_NAME_SLOT = re.compile(
    r"^(?:(?:who is|who s|whos|who was|who are|who were|who the hell is) (?:this |that )?"
    r"(?P<a>[\w ]{2,40}?)|what (?:did|does|has|have|do) (?P<b>[\w ]{2,40}?) "
    r"(?:say|said|says|tell|told|write|wrote|think|claim)(?: \w+)?|"
    r"(?:quotes?|statements?|words|comments?) (?:from|by|of) (?P<c>[\w ]{2,40}?)|"
    r"(?:tell me about|what about|info on) (?P<d>[\w ]{2,40}?)|"
    r"(?:what is |what was |whats )?(?P<e>[\w ]{2,40}?) (?:role|job|title|position))$"
)

# "has biden commented on the report", "did bass ever respond": whether someone said anything
# (the rest of the question may name what about)
_YES_NO_NAME_SLOT = re.compile(
    r"^(?:did|does|do|has|have|had) (?P<f>[\w ]{2,30}?) (?:ever |already |actually )?(?:say|said|"
    r"comment|commented|respond|responded|react|reacted|speak|spoke|weigh|weighed|tweet|tweeted|"
    r"talk|talked|testify|testified)\b"
)

# How a name is written: "how do you spell it", "spelling check", "one f or two"
_SPELLING = re.compile(
    r"\b(?:spell|spells|spelled|spelt|spelling|speling)\b|\b(?:one|1|single|a) [a-z] or (?:two|2|a "
    r"double)\b|\bdouble [a-z]\b"
)

_YES_NO = frozenset("did does do is was were are has have had can could would will".split())

_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


def _stems(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(word) for word in words) | words


_STORY_FILLER_STEMS = _stems(_STORY_FILLER | _STORY_WORDS)
_SOURCE_FILLER_STEMS = _stems(_SOURCE_FILLER | _SOURCE_WORDS)
_DIFFERENCE_FILLER_STEMS = _stems(_DIFFERENCE_FILLER | _DIFFERENCE_WORDS)
_PERSON_FILLER_STEMS = _stems(_PERSON_FILLER)
_SPEAKER_FILLER_STEMS = _stems(_SPEAKER_FILLER | _SPEAKER_WORDS)
_AUTHORSHIP_FILLER_STEMS = _stems(_AUTHORSHIP_FILLER)
_WHAT_SOMEONE_IS = _PERSON_FILLER_STEMS | _stems(ROLE_NOUNS)


# "the judge who ruled on the separations", "the nurse that reported it": someone described by
# an occupation and what they did
_DESCRIBED = re.compile(
    r"\b(?:the|a|an|that|this) (?:\w+ ){0,2}?(\w+) (?:who|whom|whose|that|quoted|cited|"
    r"interviewed)\b"
)


def _described_stranger(joined: str, analyzer: Analyzer) -> str | None:
    """Someone the question describes by an occupation the pack gives no one ("a judge")."""
    for found in _DESCRIBED.finditer(joined):
        noun = found.group(1)
        if noun not in OCCUPATION_NOUNS and noun.endswith("s"):
            noun = noun[:-1]  # "the judges who"
        if noun in OCCUPATION_NOUNS and not analyzer.describes_someone(noun):
            return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
    return None


def read_intent(question: str, analyzer: Analyzer) -> Intent:
    words = tokens(question)
    joined = " ".join(words)
    if not words:
        return Intent("facts")
    if _ASKED_THE_BOT_FOR_SOURCES.match(joined):
        return Intent("sources")
    if (
        _is_talk(words, analyzer.vocabulary)
        or _SOCIAL_PATTERNS.match(joined)
        or _social_then_a_remark(question)
    ):
        return Intent("social")
    if _OPINION.search(joined):
        return Intent("opinion")
    if _NOW.match(joined):
        return Intent("now")
    if _INSTRUCTION.search(joined):
        return Intent("instruction")

    possessed = _unknown_possessed(question, analyzer)
    if possessed is not None:
        return Intent("unknown_name", name=possessed)
    terms, unknown, _ = analyzer.terms(question, correct=True)
    entities = list(dict.fromkeys(t[1:] for t in terms if t.startswith("@")))
    slips = _first_name_slips(words, analyzer)
    rest = [t for t in terms if not t.startswith("@") and t not in slips]

    def residue(pattern: re.Pattern[str]) -> list[str]:
        """The question's terms once the words of the request itself are taken out."""
        left, _, _ = analyzer.terms(pattern.sub(" ", joined), correct=True)
        return [t for t in left if not t.startswith("@")]

    if _VERACITY.search(joined) and not residue(_VERACITY):
        return Intent("opinion")
    if _SPELLING.search(joined):
        # "how do you spell soboroff", "Horowitz or Horowtiz?": the name as the reporting
        # writes it, which is who they are
        people = [e for e in entities if analyzer.is_named_person(e)]
        if len(set(people)) == 1:
            return Intent("person", people[0])
    if (_PEOPLE_PATTERNS.search(joined) or _SOMEONE.match(joined)) and not entities:
        return Intent("people")

    differs = any(w in _DIFFERENCE_WORDS for w in words)
    if differs and not entities and all(t in _DIFFERENCE_FILLER_STEMS for t in rest):
        return Intent("differences")  # "where do the outlets differ?"

    story_cue = bool(_STORY_PATTERNS.search(joined)) or any(w in _STORY_WORDS for w in words)
    outlets_only = all(analyzer.is_outlet(e) for e in entities)
    written = all(analyzer.is_outlet(e) or analyzer.is_document(e) for e in entities)
    story_rest = residue(_STORY_PATTERNS) if story_cue and written else ["?"]
    if all(t in _STORY_FILLER_STEMS for t in story_rest):
        # "summarize the Business Insider article": that outlet's articles, with summaries;
        # "what was the IG report about": what the reporting says that document holds.
        outlets = [e for e in entities if analyzer.is_outlet(e)]
        if outlets:
            return Intent("sources", outlets[0], detail=article_detail(joined))
        return Intent("story", entities[0] if entities else None)

    source_cue = (
        bool(_SOURCE_PATTERNS.search(joined))
        or any(w in _SOURCE_WORDS for w in words)
        # "who wrote the daily example article": its byline (a document's author is below)
        or bool(entities and outlets_only and _WHO_WROTE.search(joined))
    )
    source_rest = residue(_SOURCE_PATTERNS) if source_cue and outlets_only else ["?"]
    if all(t in _SOURCE_FILLER_STEMS for t in source_rest):
        return Intent("sources", entities[0] if entities else None, detail=article_detail(joined))

    if len(entities) == 1 and analyzer.is_document(entities[0]) and _AUTHORSHIP.match(joined):
        author = analyzer.author_of(entities[0])
        described = analyzer.described_by(entities[0])
        if author is not None and all(
            t in _AUTHORSHIP_FILLER_STEMS or t in described for t in rest
        ):
            # "who wrote the draft report", "who wrote the 86 page draft": its author
            return Intent("person", author)
    if not entities and _AUTHORSHIP.match(joined):
        # "who wrote the report on the family separations": the one document the pack calls
        # a report, whatever it is said to be about
        called = _A_DOCUMENT.search(joined)
        document = analyzer.document_called(called.group(1)) if called else None
        author = analyzer.author_of(document) if document is not None else None
        if author is not None:
            return Intent("person", author)
    stated = _STATED.match(joined)
    # "bash was outgoing or new": said as a statement, asked as "was bash outgoing..."
    still = _STILL.match(joined) or (
        _STILL.match(f"{stated.group(2)} {stated.group(1)} {stated.group(3)}") if stated else None
    )
    if still:
        subject, _, _ = analyzer.terms(still.group(1), correct=True)
        named = [t[1:] for t in subject if t.startswith("@") and analyzer.is_named_person(t[1:])]
        if len(named) == 1:
            return Intent("person", named[0])
    for pattern in _WHICH_OF_TWO:
        which_of_two = pattern.search(joined)
        if which_of_two is None:
            continue
        subject, _, _ = analyzer.terms(which_of_two.group(1), correct=True)
        named = [t[1:] for t in subject if t.startswith("@") and analyzer.is_named_person(t[1:])]
        told, strange, _ = analyzer.terms(which_of_two.group(2), correct=True)
        # the two things are the pack's names, roles, or words it never uses ("senator")
        strange_stems = {stem(word) for word in strange}
        said = [t for t in told if not t.startswith("@") and t not in strange_stems]
        if len(named) == 1 and len(subject) == 1 and all(t in _WHAT_SOMEONE_IS for t in said):
            options = tuple(
                re.sub(r"^(?:the|a|an) ", "", part.strip())
                for part in which_of_two.group(2).split(" or ")
            )
            return Intent("person", named[0], options=options)
    speaker_cue = any(w in _SPEAKER_WORDS for w in words)
    person_cue = bool(_PERSON_PATTERNS.search(joined))
    if len(entities) == 1 and not analyzer.is_outlet(entities[0]):
        entity = entities[0]
        about = _ABOUT.match(joined) is not None
        # "did X say the same thing" asks whether X said something: a fact, not a quote list.
        yes_no = words[0] in _YES_NO
        # "when did Sessions say it", "why did he say that": about the saying, not the words
        # (or who the speaker is)
        circumstance = words[0] in _CIRCUMSTANCE
        if (
            speaker_cue
            and not about
            and not yes_no
            and not circumstance
            and all(t in _SPEAKER_FILLER_STEMS for t in rest)
        ):
            # "what did bash tell his staff" names Bash's staff as one body, but the one who
            # told them is Bash
            subject = speaker_asked(joined, analyzer)
            return Intent("speaker", subject[1:] if subject else entity)
        # the words of asking who someone is are taken out before the pack's synonyms are
        # read ("sessions' old job": "old" is not the pack's "age" here)
        asks_who = all(t in _PERSON_FILLER_STEMS for t in rest) or not residue(_PERSON_FILLER_WORDS)
        # ("which democrats exactly" asks which of a group, not who the group is; "which
        # district" is told by its name)
        of_a_group = _WHICH_OF_MANY.match(joined) is not None and not analyzer.is_named_person(
            entity
        )
        if asks_who and (person_cue or not (rest or circumstance)) and not of_a_group:
            return Intent("person", entity)
    # (whether someone said anything may name whom it was about: "has biden commented on
    # sessions")
    slot = (None if entities else _NAME_SLOT.match(joined)) or _YES_NO_NAME_SLOT.match(joined)
    if slot:
        # "what did bass say", "who is karen bass": the slot a name fills holds only words the
        # pack does not know.
        held = next(group for group in slot.groups() if group)
        named, _, _ = analyzer.terms(held, correct=True)
        unknown_stems = {stem(word) for word in unknown}
        if named and len(named) <= 3 and all(t in unknown_stems for t in named):
            return Intent("unknown_name", name=_as_written(question, unknown, analyzer))
    described = _described_stranger(joined, analyzer)
    if described is not None:
        return Intent("unknown_name", name=described)
    # "Jeffrey Sessions" is Jeff Sessions, and "Pete Sessions" someone else, whole
    other, theirs = _first_names(question, words, unknown, analyzer)
    name = (
        other
        or _unknown_capitalised(question, [w for w in unknown if w not in theirs])
        or _namesake(words, unknown, analyzer)
    )
    if name:
        return Intent("unknown_name", name=name)
    if (
        _reacts(question, words, terms, unknown)
        or _to_the_bot(words, terms, unknown)
        or _thanks_with_a_remark(question, words, terms)
    ):
        return Intent("social")
    return Intent("facts")


_NAME_SLIPS = 2  # "tliab" after "rashida" is a slip of "Tlaib", not another Rashida
_FIRST_NAME_SLIPS = 1  # "jon bash" is John Bash: a short first name is not corrected alone


def _unknown_possessed(question: str, analyzer: Analyzer) -> str | None:
    """ "Sessions' lawyer", "Trump's spokesman" as the reader wrote them, when the pack names
    no one so (None otherwise, and for "Sessions' deputy", whom it does)."""
    candidates = [(m, False) for m in _POSSESSED.finditer(question)]
    candidates += [(m, True) for m in _BODYS.finditer(question)]
    for found, plain in candidates:
        owner, role = found.group(1), found.group(2)
        if role.lower() not in _POSSESSED_ROLES:
            continue
        owned, _, _ = analyzer.terms(owner, correct=True)
        if len(owned) != 1 or not owned[0].startswith("@"):
            continue
        if plain:
            # "the DHS spokesman": a body's, which may have one the pack does not name
            if not analyzer.is_organization(owned[0][1:]):
                continue
        elif not (analyzer.is_named_person(owned[0][1:]) or analyzer.is_organization(owned[0][1:])):
            continue
        whole = question[found.start(1) : found.end(2)]
        following = re.match(r"\s+[^\W\d_]+", question[found.end(2) :])
        after = following.group(0).strip().lower() if following else ""
        if after and after not in STOPWORDS and after in analyzer.vocabulary:
            continue  # "Trump's family separation policy": a compound the pack uses
        longer = whole + (following.group(0) if following else "")
        # the pack's own name for someone: "Sessions' deputy", "Trump's attorney general"
        readings = [analyzer.terms(text, correct=True)[0] for text in (whole, longer)]
        if any(len(w) == 1 and w[0].startswith("@") and w != owned for w in readings):
            continue
        if plain and any(
            t != owned[0] and analyzer.is_person(t[1:]) and analyzer.serves(t[1:], owned[0])
            for w in readings
            for t in w
            if t.startswith("@")
        ):
            continue  # "the justice dept spokesperson": the pack's Justice Department spokeswoman
        if plain:
            return f"the {owner} {role.lower()}"
        mark = "'" if owner.lower().endswith("s") else "'s"
        return f"{owner[0].upper()}{owner[1:]}{mark} {role.lower()}"
    return None


def _first_name_slips(words: list[str], analyzer: Analyzer) -> frozenset[str]:
    """Misspelt or longer first names right before the surname they belong with ("jon" in
    "jon bash", "jeffrey" in "jeffrey sessions"): part of the name, not something asked about
    it."""
    found = set()
    for first, after in itertools.pairwise(words):
        for given in analyzer.given_names.get(after, ()):
            if first != given and _their_first_name(first, given):
                found.add(stem(first))
    return frozenset(found)


def _their_first_name(word: str, given: str) -> bool:
    """Is ``word`` the first name ``given``, slipped ("jon", "jef") or in a longer or shorter
    form ("jeffrey", "johnny")?"""
    return OSA.distance(word, given) <= _FIRST_NAME_SLIPS or (
        word.isalpha() and (word.startswith(given) or given.startswith(word))
    )


def _namesake(words: list[str], unknown: list[str], analyzer: Analyzer) -> str | None:
    """A known first name with a surname the pack does not know ("rashida jones" when the
    reporting has Rashida Tlaib): someone else, not a misspelt Tlaib. An ordinary English
    word is never a slip of a name ("john bush" is not John Bash), as it is never corrected
    into one."""
    for first, after in itertools.pairwise(words):
        known = analyzer.first_names.get(first)
        if known is None or after not in unknown:
            continue
        slip = not analyzer.is_english(after) and any(
            OSA.distance(after, name) <= _NAME_SLIPS for name in known
        )
        if not slip:
            return f"{first.capitalize()} {after.capitalize()}"  # not a slip of "Tlaib" either
    return None


# Words before a surname that are no first name: a title or a role ("Senator Sessions")
_TITLES = frozenset(
    """
    mr mrs ms miss mister dr sir madam senator sen rep representative congressman congresswoman
    president vice gov governor judge justice attorney general ag deputy former ex then current
    secretary officer agent prosecutor lawyer spokeswoman spokesman spokesperson director chief
    """.split()
)


def _first_names(
    question: str, words: list[str], unknown: list[str], analyzer: Analyzer
) -> tuple[str | None, frozenset[str]]:
    """Words the pack does not know before a surname it does: a first name the pack does not
    know ("Pete Sessions", "jeb bash" when the reporting has Jeff Sessions and John Bash) is
    someone else, returned whole; a slip or a longer form of the known one ("jef sessions",
    "Jeffrey Sessions") is still them, and returned among the words that are theirs. An
    everyday word there ("poor sessions") is a name only when written as one, with a
    capital; a title ("Senator Sessions") is none."""
    theirs: set[str] = set()
    for first, after in itertools.pairwise(words):
        given = analyzer.given_names.get(after)
        if not given or first not in unknown or first in _TITLES or not first.isalpha():
            continue
        if any(_their_first_name(first, name) for name in given):
            theirs.add(first)
            continue
        written = re.search(rf"\b{re.escape(first.capitalize())}\b", question)
        if _everyday(first, analyzer) and written is None:
            continue
        return f"{first.capitalize()} {after.capitalize()}", frozenset(theirs)
    return None, frozenset(theirs)


# Endings an everyday word takes ("phrasing", "worded"), with what the word was before them
_ENDINGS = (("ing", ("", "e")), ("ed", ("", "e")), ("es", ("",)), ("s", ("",)), ("ly", ("",)))


def _everyday(word: str, analyzer: Analyzer) -> bool:
    """An English word, or one with an everyday ending on it ("phrasing", which the model holds
    only as "phrase" and "##ing"): no first name unless written as one."""
    if analyzer.is_english(word):
        return True
    for ending, befores in _ENDINGS:
        base = word.removesuffix(ending)
        if (
            base != word
            and len(base) >= 3
            and any(analyzer.is_english(base + before) for before in befores)
        ):
            return True
    return False


_TALK = _SOCIAL_WORDS | _ABOUT_THE_BOT
# ...of which these alone make a message talk ("what is this about" asks for the story).
_TALK_CORE = (
    _TALK
    - _ASKING
    - frozenset(
        """
        the it that this is was me so much a lot very all again guys folks everyone man dude
        mate
        """.split()
    )
)
_DRAWN_OUT = re.compile(r"(\w)\1{2,}")
_REACTION_WORDS = 6  # a longer message without a question is still read as one
# A wave or a thank-you sent as a gesture alone: talk, as "hi" and "thanks" are. (A smiley alone
# is a reaction, not a message, and stays an empty question.)
_GESTURES = frozenset(
    "\U0001f44b\U0001f64b\U0001f91d\U0001f64f\U0001f44d\U0001f64c\U0001f44c\u270c"
)
_GESTURE_MARKS = frozenset("\ufe0f\u200d\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


def is_gesture(message: str) -> bool:
    """👋, 🙏, 👍🏽: a greeting or thanks without a word."""
    signs = [ch for ch in message if not ch.isspace() and ch not in _GESTURE_MARKS]
    return bool(signs) and all(ch in _GESTURES for ch in signs)


# Words that ask, anywhere in a message without a question mark (an auxiliary asks only first:
# "did he", not "this is").
_ASKS = frozenset(
    """
    what whats who whos whom whose when where why how which tell give show explain list name
    summarize summarise describe any anything anyone quote quotes source sources according
    """.split()
) | {
    # "where'd she say it", "what'd he say", "who'll": a question word run together with a verb
    f"{word}{verb}"
    for word in WH_WORDS
    for verb in ("d", "ll", "re", "ve", "s")
}


def _reacts(question: str, words: list[str], terms: list[str], unknown: list[str]) -> bool:
    """ "that's crazy", "omg", "no way", "makes sense": a reaction to the story, which asks
    nothing and names nothing the reporting holds. It is talk (the help reply), not a question
    to decline with facts that happen to share a word."""
    if "?" in question or words[0] in _YES_NO or any(word in _ASKS for word in words):
        return False
    return len(words) <= _REACTION_WORDS and _only_strange(terms, unknown)


_THANKS = frozenset("thanks thank thx ty tysm cheers appreciated appreciate".split())
_THANKS_WITHIN = 3  # words a thank-you opens a message within ("cool ty", "ok thank you")


def _social_then_a_remark(question: str) -> bool:
    """ "How do I use you? First time on this server.": talk to the bot, then a remark that asks
    nothing."""
    first, *others = [part for part in re.split(r"[.?!]+", question) if part.strip()] or [""]
    if not others or not _SOCIAL_PATTERNS.match(" ".join(tokens(first))):
        return False
    rest = question[question.find(first) + len(first) :].lstrip(" .?!")
    return "?" not in rest and not any(word in _ASKS for word in tokens(rest))


def _thanks_with_a_remark(question: str, words: list[str], terms: list[str]) -> bool:
    """ "thank you, that saved me a call", "cool ty, one more q": thanks, and a remark that asks
    nothing and names no one (a question after it, "thanks, and what did Bash say?", is a
    question, and so is "thanks, rosenstein too")."""
    if not set(words[:_THANKS_WITHIN]) & _THANKS or "?" in question:
        return False
    return not any(word in _ASKS for word in words) and not any(t[:1] == "@" for t in terms)


_ADDRESSED = frozenset("you u your ur yours yourself youre bot".split())
# the bot's own business, and "didn't", "can't" beside it: no topic of the reporting
_BOT_WORDS = _stems(_ABOUT_THE_BOT | frozenset("didnt dont doesnt cant wont isnt wasnt".split()))


def _to_the_bot(words: list[str], terms: list[str], unknown: list[str]) -> bool:
    """ "why did you say that", "you didn't answer my question", "what model are you": said
    to the bot about itself, with nothing the reporting holds beside it."""
    if not any(word in _ADDRESSED for word in words):
        return False
    return _only_strange(terms, unknown, besides=_BOT_WORDS)


def _only_strange(
    terms: list[str], unknown: list[str], besides: frozenset[str] = frozenset()
) -> bool:
    """Is every term a word the pack never uses (or one of ``besides``)?"""
    strange = set(unknown) | {stem(word) for word in unknown} | besides
    return all(term in strange for term in terms)


_TALK_SLIP_FROM = 4  # a word this long may be a slip of...
_TALK_SLIPS = 1  # ...by this many keys...
_LONG_TALK = sorted(w for w in _TALK_CORE if len(w) >= 5)  # ...one of these


def _is_talk(words: list[str], known: Container[str] = frozenset()) -> bool:
    """Greetings, thanks and questions about the bot itself, whatever else of asking they
    hold; drawn-out words ("hiii", "thanksss") are read as the word. A word the pack itself
    uses (``known``) is never a slip of a greeting's ("who was the note about" is no "nope")."""

    def plain(word: str) -> tuple[str, ...]:
        forms = (_DRAWN_OUT.sub(r"\1", word), _DRAWN_OUT.sub(r"\1\1", word))
        if (
            len(word) >= _TALK_SLIP_FROM
            and word not in known
            and not any(f in _TALK or f in _ASKING for f in forms)
        ):
            # "helo", "thnks": a slip of the keys in a greeting or thanks is still one
            slipped = process.extractOne(
                word, _LONG_TALK, scorer=OSA.distance, score_cutoff=_TALK_SLIPS
            )
            if slipped is not None:
                return (*forms, slipped[0])
        return forms

    said = []
    for word in words:  # the first word of neither kind settles it
        forms = plain(word)
        if not any(w in _TALK or w in _ASKING for w in forms):
            return False
        said.append(forms)
    return any(any(w in _TALK_CORE for w in forms) for forms in said)


def _as_written(question: str, unknown: list[str], analyzer: Analyzer) -> str:
    """The unknown words as the reader wrote them: "Karen Bass" rather than "karen bass", and
    "FBI" for "fbi": a short word that is no ordinary one is an abbreviation."""
    found = []
    for word in re.findall(r"[^\W_]+", question):
        if word.casefold() in unknown:
            if not word.islower():
                found.append(word)
            elif _abbreviation(word, analyzer):
                found.append(word.upper())
            else:
                found.append(word.capitalize())
    return " ".join(found) or " ".join(unknown)


def _abbreviation(word: str, analyzer: Analyzer) -> bool:
    if len(word) <= 3:
        return stem(word) not in common_stems()
    return len(word) == 4 and not analyzer.is_english(word)


def _unknown_capitalised(question: str, unknown: list[str]) -> str | None:
    """A capitalised word mid-sentence that the pack does not know ("Rosenthal"), or two in a
    row ("Karen Bass"): a name the reporting never mentions."""
    if not unknown:
        return None
    sentence_starts = {m.end() for m in re.finditer(r"(^|[.!?]\s+)", question)}
    capitals = _CAPITALISED.findall(question)
    if len(capitals) * 2 > len(re.findall(r"[^\W_]+", question)):
        return None  # Title Case Or Shouting: capitals say nothing about names
    names = []
    run: list[str] = []
    for match in _CAPITALISED.finditer(question):
        word = match.group().casefold()
        if word not in unknown or word in CALENDAR_SHORT:
            run = []  # "in Nov 2019": a month, shortened, is no name
            continue
        initial = match.start() in sentence_starts
        run.append(match.group())
        if len(run) >= 2 or not initial:
            names = run
    return " ".join(names) or None
