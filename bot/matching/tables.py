"""The match index's data for one pack as flat arrays, and how they are built.

A 100,000-claim pack has some 120,000 targets; as Python objects (frozensets and tuples of
strings per target, dicts of postings) their terms alone took most of a gigabyte. Here each
term is interned once to an integer id and every per-target list is a row of a CSR layout: one
flat array of values and one array of where each row starts. The same layout is what the index
cache (:mod:`bot.matching.index_cache`) writes to disk, so a warm load reads it back as is.

Everything here is computed from what the pack says and from the shipped model; nothing depends
on a threshold, so a cached build stays valid when a threshold is tuned.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.matching.language import content_tokens, cues, tokens
from bot.matching.meaning import Encoder

if TYPE_CHECKING:
    from bot.matching.index import Analyzer, TargetKind

# What each target says: kind, id, the claims it answers with, its own phrasings (short), what
# else it mentions (long: excerpts, quotes, topics) and the people it is about (as "@id").
TargetText = tuple["TargetKind", str, tuple[str, ...], Sequence[str], Sequence[str], Sequence[str]]

ARRAYS = (
    "core",
    "core_starts",
    "extra",
    "extra_starts",
    "phrase_terms",
    "phrase_starts",
    "target_phrases",
    "written_terms",
    "written_starts",
    "has_written",
    "vectors",
    "vector_scales",
    "vector_starts",
    "centroids",
    "centroid_scales",
    "mean_centroid",
    "postings",
    "posting_starts",
)


_QUANTIZE_BATCH = 16_384  # phrasings encoded (in float32) and quantized at a time
_INT32_MAX = 2**31 - 1
_UINT16_TERMS = 2**16  # term ids fit uint16 up to this many terms


def phrasing(marks: list[str], terms: list[str]) -> tuple[str, ...]:
    """Terms and cues in one sorted sequence for similarity, each cue counted twice: what kind
    of answer is wanted ("when", "why", "exactly") weighs as much as a word of the topic."""
    return tuple(sorted(marks + marks + terms))


def _starts(lengths: list[int] | array) -> np.ndarray:
    """Where each row starts, as int32 while the rows fit (half the memory of int64)."""
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=starts[1:])
    return starts.astype(np.int32) if starts[-1] <= _INT32_MAX else starts


def _term_ids(ids: array, terms: int) -> np.ndarray:
    """Term ids as uint16 while the vocabulary fits (a pack of 100,000 claims uses some 26,000
    terms): half the memory of int32."""
    values = np.frombuffer(ids, dtype=np.int32)
    return values.astype(np.uint16) if terms <= _UINT16_TERMS else values


@dataclass(frozen=True, slots=True)
class IndexTables:
    """Every target's terms, phrasings and vectors; row ``n`` of each table is target ``n``.

    ``core`` is what a target's own phrasings, statement and people say, ``extra`` the rest of
    its terms (excerpts, quotes, topics), both sorted term ids. Each target owns the phrasings
    ``target_phrases[n]:target_phrases[n + 1]``; a phrasing's terms are ``phrase_terms`` in
    the order similarity compares them, and ``written_terms`` the same with the synonyms' own
    words beside (only where ``has_written``). ``vectors`` holds one row per own phrasing
    (int8, each row with its float32 scale in ``vector_scales``), ``centroids`` one unit row
    per target (int8 too, scaled by ``centroid_scales``) and ``mean_centroid`` their mean
    (float32). ``postings[posting_starts[t]:posting_starts[t + 1]]`` are the targets holding
    term ``t``, in target order: the inverted index, made when the tables are built (making it
    at every load would cost a load a transient peak of several times its size).
    """

    vocabulary: tuple[str, ...]  # every word the pack uses: what typos are corrected into
    names: tuple[str, ...]  # term id to term
    core: np.ndarray
    core_starts: np.ndarray
    extra: np.ndarray
    extra_starts: np.ndarray
    phrase_terms: np.ndarray
    phrase_starts: np.ndarray
    target_phrases: np.ndarray
    written_terms: np.ndarray
    written_starts: np.ndarray
    has_written: np.ndarray
    vectors: np.ndarray
    vector_scales: np.ndarray
    vector_starts: np.ndarray
    centroids: np.ndarray
    centroid_scales: np.ndarray
    mean_centroid: np.ndarray
    postings: np.ndarray
    posting_starts: np.ndarray

    @property
    def count(self) -> int:
        return len(self.core_starts) - 1

    def core_of(self, number: int) -> list[int]:
        return self.core[self.core_starts[number] : self.core_starts[number + 1]].tolist()

    def extra_of(self, number: int) -> list[int]:
        return self.extra[self.extra_starts[number] : self.extra_starts[number + 1]].tolist()

    def phrasings_of(self, number: int) -> list[list[int]]:
        starts = self.phrase_starts
        return [
            self.phrase_terms[starts[p] : starts[p + 1]].tolist()
            for p in range(self.target_phrases[number], self.target_phrases[number + 1])
        ]

    def written_of(self, number: int) -> list[list[int] | None]:
        starts = self.written_starts
        return [
            self.written_terms[starts[p] : starts[p + 1]].tolist() if self.has_written[p] else None
            for p in range(self.target_phrases[number], self.target_phrases[number + 1])
        ]


def _inverted(
    count: int, terms: int, rows: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """For each term id, the targets holding it, in target order (``rows``: each table of
    term ids with its row starts)."""
    if count == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(terms + 1, dtype=np.int32)
    numbers = np.arange(count, dtype=np.int64)
    owners = np.concatenate([np.repeat(numbers, np.diff(starts)) for _, starts in rows])
    held = np.concatenate([ids for ids, _ in rows]).astype(np.int64)
    keys = held * count + owners  # a target holds a term once: every key is distinct
    keys.sort()
    postings = (keys % count).astype(np.int32)
    starts = np.searchsorted(keys // count, np.arange(terms + 1, dtype=np.int64))
    return postings, starts.astype(np.int32 if len(postings) <= _INT32_MAX else np.int64)


def build_tables(texts: list[TargetText], analyzer: Analyzer, encoder: Encoder) -> IndexTables:
    """Reduce every target's texts to term ids and vectors (the costly part of a load)."""
    vocabulary: set[str] = set()
    ids: dict[str, int] = {}
    core, core_lengths = array("i"), array("q")
    extra, extra_lengths = array("i"), array("q")
    phrase_terms, phrase_lengths = array("i"), array("q")
    written_terms, written_lengths = array("i"), array("q")
    has_written, target_phrase_counts = array("b"), array("q")

    def intern(terms: list[str] | tuple[str, ...]) -> list[int]:
        return [ids.setdefault(term, len(ids)) for term in terms]

    for _, _, _, short, long, people in texts:
        # One target at a time: the words of every phrasing at once would be gigabytes.
        short_words = [content_tokens(t) for t in short]
        long_words = [content_tokens(t) for t in long]
        for words in short_words:
            vocabulary.update(words)
        for words in long_words:
            vocabulary.update(words)
        marks = [cues(tokens(t)) for t in short]
        folded: list[list[str]] = []
        written: list[list[str]] = []
        for words in short_words:
            written.append([])
            folded.append(analyzer.fold(words, written[-1]))
        own = {t for f in folded for t in f}
        own.update(people)
        terms = set(own)
        for words in long_words:
            terms.update(analyzer.fold(words))
        own_ids = sorted(intern(sorted(own)))
        rest_ids = sorted(intern(sorted(terms - own)))
        core.extend(own_ids)
        core_lengths.append(len(own_ids))
        extra.extend(rest_ids)
        extra_lengths.append(len(rest_ids))
        kept = [(m, f, w) for m, f, w in zip(marks, folded, written, strict=True) if m or f]
        target_phrase_counts.append(len(kept))
        for m, f, w in kept:
            plain = intern(phrasing(m, f))
            phrase_terms.extend(plain)
            phrase_lengths.append(len(plain))
            both = intern(phrasing(m, f + w)) if w else []
            written_terms.extend(both)
            written_lengths.append(len(both))
            has_written.append(1 if w else 0)

    vectors, scales, vector_starts, centroids, centroid_scales, mean_centroid = _embed(
        [short for _, _, _, short, _, _ in texts], encoder
    )
    core_ids, core_starts = _term_ids(core, len(ids)), _starts(core_lengths)
    extra_ids, extra_starts = _term_ids(extra, len(ids)), _starts(extra_lengths)
    postings, posting_starts = _inverted(
        len(texts), len(ids), [(core_ids, core_starts), (extra_ids, extra_starts)]
    )
    return IndexTables(
        vocabulary=tuple(sorted(vocabulary)),
        names=tuple(ids),
        core=core_ids,
        core_starts=core_starts,
        extra=extra_ids,
        extra_starts=extra_starts,
        phrase_terms=_term_ids(phrase_terms, len(ids)),
        phrase_starts=_starts(phrase_lengths),
        target_phrases=_starts(target_phrase_counts),
        written_terms=_term_ids(written_terms, len(ids)),
        written_starts=_starts(written_lengths),
        has_written=np.frombuffer(has_written, dtype=np.int8).astype(bool),
        vectors=vectors,
        vector_scales=scales,
        vector_starts=vector_starts,
        centroids=centroids,
        centroid_scales=centroid_scales,
        mean_centroid=mean_centroid,
        postings=postings,
        posting_starts=posting_starts,
    )


def _quantized(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Float32 rows as int8, each with the float32 scale that restores it (a quarter of the
    memory; cosines within about 0.01). A row of zeros keeps the scale 0."""
    peak = np.abs(rows).max(axis=1) if rows.size else np.zeros(len(rows), np.float32)
    scale = np.where(peak > 0, peak / 127, 1.0).astype(np.float32)
    return np.rint(rows / scale[:, None]).astype(np.int8), np.where(peak > 0, scale, 0.0)


def _embed(
    phrasings: list[list[str]], encoder: Encoder
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each target's own phrasings as vectors, and one centroid per target to gather
    candidates by meaning without visiting every phrasing. Both are kept as int8 rows with a
    float32 scale each and computed on in float32; phrasings are encoded and quantized a
    batch at a time, so no wider copy of them all is ever held."""
    flat = [text for texts in phrasings for text in texts]
    starts = _starts([len(texts) for texts in phrasings])
    vectors = np.zeros((len(flat), encoder.dimensions), dtype=np.int8)
    scales = np.zeros(len(flat), dtype=np.float32)
    for start in range(0, len(flat), _QUANTIZE_BATCH):
        rows = encoder.encode(flat[start : start + _QUANTIZE_BATCH])
        end = start + len(rows)
        vectors[start:end], scales[start:end] = _quantized(rows)
    centroids = np.zeros((len(phrasings), encoder.dimensions), dtype=np.int8)
    centroid_scales = np.zeros(len(phrasings), dtype=np.float32)
    batch = np.zeros((min(_QUANTIZE_BATCH, len(phrasings)), encoder.dimensions), np.float32)
    total = np.zeros(encoder.dimensions, dtype=np.float32)
    for first_target in range(0, len(phrasings), _QUANTIZE_BATCH):
        targets = range(first_target, min(first_target + _QUANTIZE_BATCH, len(phrasings)))
        batch[:] = 0.0
        for row, number in enumerate(targets):
            first, end = int(starts[number]), int(starts[number + 1])
            if end > first:
                centroid = (vectors[first:end].astype(np.float32) * scales[first:end, None]).mean(
                    axis=0
                )
                norm = float(np.linalg.norm(centroid))
                batch[row] = centroid / norm if norm else centroid
        made = slice(targets.start, targets.stop)
        centroids[made], centroid_scales[made] = _quantized(batch[: len(targets)])
        total += (centroids[made] * centroid_scales[made, None]).sum(axis=0, dtype=np.float32)
    mean = total / max(len(phrasings), 1)
    return vectors, scales, starts, centroids, centroid_scales, mean.astype(np.float32)
