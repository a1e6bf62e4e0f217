"""The index cache: a warm load ranks exactly as a fresh build, and nothing it holds can mislead.

Every test points ``REPORTBOT_CACHE_DIR`` at its own directory and counts real builds by
wrapping :func:`bot.matching.tables.build_tables`, so "from the cache" is observed, not assumed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from bot.knowledge import load_pack
from bot.matching import index_cache, tables
from bot.matching.index import Analyzer, MatchIndex, Ranking, target_texts
from bot.matching.index_cache import CACHE_FORMAT
from bot.matching.meaning import shared_encoder
from bot.matching.tables import TargetText

COUNCIL = Path(__file__).resolve().parent / "packs" / "council"
QUESTIONS = (
    "why did the council close the library?",
    "how much money will the closure save",
    "what did diaz say",
    "when does the branch close",
    "who won the super bowl",
    "the vote count",
)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the tables were really built (one entry per build)."""
    made: list[int] = []
    real = tables.build_tables

    def counting(*args: object, **kwargs: object) -> tables.IndexTables:
        made.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_cache, "build_tables", counting)
    return made


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / f"index-v{CACHE_FORMAT}").glob("*.index"))


def rankings(index: MatchIndex) -> list[tuple[object, ...]]:
    def summary(ranking: Ranking) -> tuple[object, ...]:
        return (
            ranking.terms,
            ranking.unknown,
            tuple(
                (c.target, c.score, c.coverage, c.similarity, c.meaning) for c in ranking.candidates
            ),
            tuple(ranking.claim_scores.items()),
        )

    return [summary(index.rank(q)) for q in QUESTIONS]


def test_a_warm_index_is_read_from_the_cache_and_ranks_exactly_as_a_fresh_build(
    cache_dir: Path, builds: list[int]
) -> None:
    knowledge = load_pack(COUNCIL)
    cold = MatchIndex(knowledge)
    assert len(builds) == 1 and len(entries(cache_dir)) == 1
    warm = MatchIndex(knowledge)

    assert len(builds) == 1  # no second build
    assert rankings(warm) == rankings(cold)
    assert list(warm.targets) == list(cold.targets)
    assert warm.analyzer.vocabulary == cold.analyzer.vocabulary
    assert warm.narrow_topics == cold.narrow_topics


def test_a_changed_fact_file_is_never_served_from_the_old_entry(
    tmp_path: Path, cache_dir: Path, builds: list[int]
) -> None:
    pack = tmp_path / "council"
    shutil.copytree(COUNCIL, pack)
    before = MatchIndex(load_pack(pack))
    question = "what did the zeppelin committee decide"
    assert "zeppelin" in before.rank(question).unknown

    yaml = pack / "pack.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = "The branch will close in March."
    assert old in text
    yaml.write_text(text.replace(old, "The zeppelin committee decided the branch closes in March."))
    after = MatchIndex(load_pack(pack))

    assert len(builds) == 2 and len(entries(cache_dir)) == 2
    assert "zeppelin" not in after.rank(question).unknown
    best = after.rank(question).best
    assert best is not None and "zeppelin" in best.target.terms
    # and what a fresh build, with no cache at all, gives
    fresh = MatchIndex(load_pack(pack))
    assert rankings(fresh) == rankings(after)


@pytest.mark.parametrize(
    "damage", ["flip a byte", "flip a header byte", "truncate", "empty", "garbage", "extend"]
)
def test_a_damaged_entry_is_ignored_rebuilt_and_rewritten(
    cache_dir: Path, builds: list[int], damage: str
) -> None:
    knowledge = load_pack(COUNCIL)
    expected = rankings(MatchIndex(knowledge))
    [entry] = entries(cache_dir)
    data = bytearray(entry.read_bytes())
    if damage == "flip a byte":
        data[-100] ^= 0xFF
    elif damage == "flip a header byte":
        data[60] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    elif damage == "garbage":
        data = bytearray(b"\x00" * 64)
    else:
        data += b"\x00" * 4096
    entry.write_bytes(bytes(data))

    rebuilt = MatchIndex(knowledge)

    assert len(builds) == 2
    assert rankings(rebuilt) == expected
    again = MatchIndex(knowledge)  # the entry was rewritten whole
    assert len(builds) == 2
    assert rankings(again) == expected


def test_an_entry_with_a_valid_checksum_but_another_key_is_not_used(
    cache_dir: Path, builds: list[int]
) -> None:
    knowledge = load_pack(COUNCIL)
    expected = rankings(MatchIndex(knowledge))
    [entry] = entries(cache_dir)
    # a whole, intact entry for other facts, renamed to this pack's key
    entry.rename(entry.with_name("0" * 40 + ".index"))
    shutil.copy(entry.with_name("0" * 40 + ".index"), entry)
    stored = index_cache.IndexCache(cache_dir)
    impostor = stored.load("0" * 40)
    assert impostor is None  # its header names the real key: it is not served under another

    assert rankings(MatchIndex(knowledge)) == expected


def test_with_the_cache_off_nothing_is_written_and_every_load_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", "off")
    knowledge = load_pack(COUNCIL)
    first = rankings(MatchIndex(knowledge))
    second = rankings(MatchIndex(knowledge))

    assert len(builds) == 2 and first == second


def test_a_cache_directory_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(shared))
    knowledge = load_pack(COUNCIL)
    MatchIndex(knowledge)
    MatchIndex(knowledge)

    assert len(builds) == 2
    assert not any((shared / f"index-v{CACHE_FORMAT}").glob("*.index"))


def test_an_unwritable_cache_still_loads(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, builds: list[int]
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError("disk full")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # where every cache entry is written
    knowledge = load_pack(COUNCIL)
    index = MatchIndex(knowledge)

    assert index.rank(QUESTIONS[0]).best is not None
    assert not entries(cache_dir) and len(builds) == 1


def test_only_the_most_recently_used_entries_are_kept(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    cache = index_cache.IndexCache(directory)
    built = MatchIndex(load_pack(COUNCIL))._tables
    for number in range(6):
        assert cache.store(f"{number:040d}", built)

    assert len(entries(directory)) == 4


def test_the_targets_are_a_sequence_made_on_demand(cache_dir: Path) -> None:
    index = MatchIndex(load_pack(COUNCIL))
    targets = index.targets

    assert len(targets) == len(list(targets)) > 0
    assert targets[-1] == targets[len(targets) - 1]
    assert targets[:2] == [targets[0], targets[1]]
    first = targets[0]
    assert first.core <= first.terms
    with pytest.raises(IndexError):
        targets[len(targets)]


def test_compact_vectors_keep_the_meaning_of_every_phrasing(cache_dir: Path) -> None:
    # int8 phrasings and centroids: how near a question is to each target it ranks
    # must be what the model itself gives, to within a hundredth
    knowledge = load_pack(COUNCIL)
    index = MatchIndex(knowledge)
    own = {(kind, target_id): short for kind, target_id, _, short, _, _ in target_texts(knowledge)}
    checked = 0
    for question in QUESTIONS:
        vector = index.meaning_of(question)
        for candidate in index.rank(question).candidates:
            phrasings = own[(candidate.target.kind, candidate.target.id)]
            if phrasings:
                exact = float((index.encoder.encode(phrasings) @ vector).max())
                assert abs(candidate.meaning - exact) < 0.01
                checked += 1
    assert checked >= 20


def test_a_vocabulary_past_what_two_bytes_hold_keeps_every_term(cache_dir: Path) -> None:
    # term ids are uint16 while they fit; a pack using more than 65,536 terms keeps int32 ids,
    # so no term is ever read back as another
    knowledge = load_pack(COUNCIL)
    analyzer = Analyzer(knowledge)
    words = [f"w{n:05d}x" for n in range(70_000)]
    texts: list[TargetText] = [
        ("claim", "a", ("a",), ["the budget vote"], [" ".join(words)], []),
        ("claim", "b", ("b",), ["the library closure"], [words[-1]], []),
    ]
    built = tables.build_tables(texts, analyzer, shared_encoder())
    assert len(built.names) > 2**16
    last = built.names.index(analyzer.fold([words[-1]])[0])
    assert last >= 2**16 and last in built.extra_of(1)
    assert {built.names[t] for t in built.extra_of(0)} >= set(analyzer.fold(words[-3:]))


def test_single_words_kept_between_questions_encode_exactly_as_when_first_met() -> None:
    # a value check compares the same facts' words for every question: kept, they must still
    # be the very vectors a fresh encoding gives, in the order asked, repeats included
    encoder = shared_encoder()
    words = ["sixty", "texas", "arizona", "texas", "zzqx"]
    assert encoder.encode_words(words[:1]).shape == (1, encoder.dimensions)
    first = encoder.encode_words(words)
    again = encoder.encode_words(list(reversed(words)))
    assert (first == encoder.encode(words)).all()
    assert (again == encoder.encode(list(reversed(words)))).all()
