"""Every cut-off and margin that decides what reportbot says, in one place and on one scale.

All scores here are on 0..1 (rapidfuzz's 0..100 is converted where it is called). Raising an
answer threshold trades answers for declines; the question sets (``tests/questions.yaml``, the
held-out ``tests/heldout/``) measure both sides, with the wrong-answer rate, before any change.
"""

from __future__ import annotations

# --- answering ---------------------------------------------------------------------------------
ANSWER_THRESHOLD = 0.62  # the best candidate's fused score must reach this to be answered...
AGREEING_THRESHOLD = 0.50  # ...or this, when it is also the nearest in meaning of the ranked
# candidates and shares at least AGREEING_TERMS of the question's terms (words and meaning agree)
AGREEING_TERMS = 2
OVER_GAP_TERMS = 2  # a fact a tied gap suggests answers over it when it holds all of at least this
# many question terms (one shared word does not say which of the two was asked about)
STAND_IN_SIMILARITY = 0.40  # a checked value this near a leading fact's word stands for it...
STAND_IN_CANDIDATES = 3  # ...among the facts leading the ranking this far
MISQUOTED_FROM = 4  # a quoted phrase this many words long still matches with one word off...
REQUOTE_CANDIDATES = 10  # ...in the facts leading the ranking this far
GAP_MEANING_MARGIN = (
    0.10  # a gap tied with a fact yields when the fact is this much nearer in meaning
)
YES_NO_OVER_GAP_MARGIN = 0.08  # a fact a leading gap points to settles a yes/no question this
# close behind it ("is this the final report?": it is a draft)
SEQUENCE_ANCHOR = 0.50  # the words naming an event ("after Sessions' call") must rank its fact
# this firmly for the timeline to answer from it
PLACED_THRESHOLD = 0.38  # "where were the U.S. attorneys based": a fact that writes a place
# beside the name of the one asked about answers from this score...
PLACED_WORDS = 4  # ...with at most this many words between the name and the place
LEAD_EXCERPT_CHARS = 160  # an article's own words, side by side before an answer, cut here
NAMED_LINE_WORDS = 3  # words of the reporting a coverage question must name a line by
GAP_SUBJECT_SHARE = 0.6  # a gap is about whoever this share of its asks names...
GAP_SUBJECT_MIN_ASKS = 4  # ...once it has this many asks to tell by
ECHO_WORDS = 4  # words in a row of a line the reporting quotes, echoed unquoted, point to it...
ECHO_LEAD = 2  # ...when they are this many more than the best candidate's quoted lines hold...
ECHO_MARGIN = 0.20  # ...and its fact is this close behind the best
PAST_GAP_MARGIN = 0.10  # a fact a leading gap points to, this close behind, answers a question
# that names none of what nearly all the gap's asks share
MEANING_LEAD = 0.08  # of candidates that tie on the words, one this much nearer in meaning
# than the rest answers alone, not a "Did you mean" choice...
MEANING_LEAD_TERMS = 3  # ...when the question has this many terms ("how many pages" has two)
MIN_MARGIN = 0.04  # candidates closer than this to the best: about the same subject, they are
# answered together; about different subjects, they are offered as a choice
COMPANION_MARGIN = 0.08  # facts on the best one's subject this close are shown beside it...
EXACT_SCORE = 0.99  # ...unless it scores this: the question reads as one of its own phrasings
MAX_CLUSTER = 3  # facts in one answer about one subject (and steps of the story after one)
MAX_STEPS = 12  # steps of the story shown in order at once
MAX_DIFFERENCES = 2  # points told differently in one answer to "where do the outlets differ?"
NARROW_TOPIC_SHARE = 0.25  # a topic on more than this share of the claims is not one subject...
NARROW_TOPIC_MIN = 2  # ...unless it is on no more than this many (a small pack)
SUGGESTION_FLOOR = 0.25  # candidates below this are not worth suggesting
MAX_SUGGESTIONS = 3
MAX_CHOICES = 3  # "Did you mean…" options
MAX_PEOPLE = 8  # people listed for "who are the main people"
MAX_QUESTION_CHARS = 500

# --- meaning (the embedding signal) -------------------------------------------------------------
SEMANTIC_WEIGHT = 0.20  # share of the fused score taken by meaning (the rest: the words)
# Meaning is measured as lift: a phrasing's cosine similarity to the question above the
# question's mean similarity to every target (static embeddings find everything a little alike).
SEMANTIC_FLOOR = 0.08  # a lift at or below this means "unrelated" (maps to 0)
SEMANTIC_SPAN = 0.20  # ...and this much more is "the same question" (maps to 1)
SEMANTIC_CANDIDATES = 20  # targets gathered by meaning alone, beside those sharing words
COARSE_FROM = 20_000  # from this many targets, gather by meaning on the leading dimensions...
COARSE_DIMENSIONS = 64  # ...these many...
COARSE_CANDIDATES = 400  # ...then rank this many on the full vectors
UNKNOWN_WORD_PENALTY = 0.5  # meaning's share is multiplied by this for each long unknown word
UNKNOWN_WORD_LENGTH = 4  # an unknown word this long or longer is a topic the pack lacks
COUNTING_REACH = 4  # words at most between a number and what it counts ("86-page report",
# "thousands of migrant children", "money ($2 million"); the 45 beside "interviews, emails" counts
# the interviews, not the emails
COMMON_WORD_HELD = 6  # a common English word the pack never uses weighs as one held by this
# many targets: the reader's own wording more often than a topic the pack lacks

# --- words and names -----------------------------------------------------------------------------
CORRECTION_CUTOFF = 0.80  # a misspelt word becomes a pack word this similar (rapidfuzz ratio)
SHORT_CORRECTION_CUTOFF = 0.75  # ...for a four-letter word, which may only become a name
SPEAKER_CUTOFF = 0.70  # a typed speaker matches a name or alias this similar (WRatio)
SPEAKER_MARGIN = 0.05  # ...and leads the next speaker by this, or it is too close to call
TOPIC_CUTOFF = 0.60  # a typed topic matches a pack topic this similar
QUOTE_TOPIC_CUTOFF = 0.80  # a quote is on a topic when its topics or text match this well
CLAIM_LOOKUP_CUTOFF = 0.85  # /claim picks a claim by its text at this similarity...
CLAIM_LOOKUP_MARGIN = 0.05  # ...leading the next by this much

# --- conversations -----------------------------------------------------------------------------
FOLLOW_UP_SECONDS = 300.0  # a follow-up refers to the same person's question this recent
FOLLOW_UP_MAX_WORDS = 6  # a message longer than this is a question of its own...
PRONOUN_FOLLOW_UP_MAX_WORDS = 14  # ...unless it says "he" or "his" and names no one
OWN_QUESTION_WORDS = 4  # a follow-up this long, opening with a question word and pointing back
# at nothing, that alone matches a recorded gap as firmly as an answer must is that gap's
# question, whatever came before ("so who was the leaker")
