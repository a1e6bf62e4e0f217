"""The pack cache: an unchanged pack reloads whole, and nothing it holds can stand in for a
changed one or a broken one."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from bot.answers.compose import answer_question
from bot.knowledge import PackInvalid, load_pack
from bot.knowledge.parse_cache import sealed, unsealed
from bot.store import Snapshot

COUNCIL = Path(__file__).resolve().parent / "packs" / "council"
EXCERPT = "Mayor Jane Roe said the closure would save $2 million a year"


def packs(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "pack-v2").glob("*.pack"))


def forget_parsing_and_placing(cache_dir: Path) -> None:
    for name in ("parse-v1", "place-v1"):
        shutil.rmtree(cache_dir / name, ignore_errors=True)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(COUNCIL, root)
    return root


def test_an_unchanged_pack_reloads_whole_without_parsing_or_placing_again(
    cache_dir: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_pack(pack)
    assert len(packs(cache_dir)) == 1
    forget_parsing_and_placing(cache_dir)

    warm = load_pack(pack)

    assert warm == cold and warm.fingerprint == cold.fingerprint is not None
    # it was neither parsed nor placed: those caches would have been written again
    assert not list(cache_dir.glob("parse-v1/*")) and not list(cache_dir.glob("place-v1/*"))
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", "off")
    unremembered = load_pack(pack)
    assert unremembered == warm and unremembered.fingerprint is None


def test_a_remembered_pack_answers_as_the_pack_itself(cache_dir: Path, pack: Path) -> None:
    first = Snapshot.load(pack)
    again = Snapshot.load(pack)  # the facts and the index's tables, from the caches

    for question in ("how much will the city save", "who is jane roe", "what did roe say"):
        assert answer_question(question, again) == answer_question(question, first)


def test_an_edited_article_text_is_checked_again(cache_dir: Path, pack: Path) -> None:
    load_pack(pack)
    gazette = pack / "sources" / "gazette.txt"
    gazette.write_text(
        gazette.read_text(encoding="utf-8").replace("$2 million", "$3 million"), encoding="utf-8"
    )

    with pytest.raises(PackInvalid) as refused:
        load_pack(pack)

    assert any("$2 million" in error.message for error in refused.value.errors)


def test_an_edited_fact_file_is_built_and_checked_again(cache_dir: Path, pack: Path) -> None:
    cold = load_pack(pack)
    facts = pack / "pack.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")

    edited = load_pack(pack)

    assert edited == cold and edited.fingerprint != cold.fingerprint
    assert len(packs(cache_dir)) == 2


def test_a_pack_that_fails_is_never_remembered(cache_dir: Path, pack: Path) -> None:
    facts = pack / "pack.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(EXCERPT, EXCERPT.replace("$2", "$5")),
        encoding="utf-8",
    )
    for _ in range(2):  # and so every load reports the problem
        with pytest.raises(PackInvalid) as refused:
            load_pack(pack)
        assert any("$5 million" in error.message for error in refused.value.errors)
    assert not packs(cache_dir)


def test_one_fact_file_given_alone_is_not_remembered(cache_dir: Path, pack: Path) -> None:
    # a file alone may later be one of a directory's files, which must be refused then
    load_pack(pack / "pack.yaml")
    assert not packs(cache_dir)


@pytest.mark.parametrize(
    "damage",
    [
        "truncate",
        "flip a byte",
        "not an entry",
        "a class not of the model",
        "columns that do not fit",
    ],
)
def test_a_damaged_entry_means_building_again(cache_dir: Path, pack: Path, damage: str) -> None:
    cold = load_pack(pack)
    [entry] = packs(cache_dir)
    raw = entry.read_bytes()
    damaged = {
        "truncate": raw[: len(raw) // 2],
        "flip a byte": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
        "not an entry": b"hello",
        # well sealed, but naming something an entry may not make
        "a class not of the model": sealed(marshal.dumps(((), ["PosixPath", "/etc"])), b"RBPACK\n"),
        # well sealed, but a run of two outlets with one column short
        "columns that do not fit": sealed(
            marshal.dumps(((), [("a", "b"), ["#columns", "Outlet", 2, ("a", "b")]])),
            b"RBPACK\n",
        ),
    }[damage]
    entry.write_bytes(damaged)

    assert load_pack(pack) == cold
    # built again and written whole: the next load comes from it
    assert unsealed(entry.read_bytes(), b"RBPACK\n") is not None
    forget_parsing_and_placing(cache_dir)
    assert load_pack(pack) == cold
    assert not list(cache_dir.glob("parse-v1/*"))


def test_switched_off_it_remembers_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    assert load_pack(COUNCIL).fingerprint is None
    assert not list(tmp_path.rglob("*.pack"))


def test_claims_naming_the_same_people_and_credits_share_them_after_a_warm_load(
    cache_dir: Path,
) -> None:
    """Equal lists are held once (at 100,000 claims that is some 9 MB): the cache keeps that."""
    bundled = Path(__file__).resolve().parent.parent / "knowledge"
    for knowledge in (load_pack(bundled), load_pack(bundled)):  # built, then remembered
        about = [c.people for c in knowledge.claims.values() if c.people == ("sessions",)]
        credits = [r.via for c in knowledge.claims.values() for r in c.reports if r.via]
        credited = [v for v in credits if v == ("nyt",)]
        assert len(about) > 1 and all(p is about[0] for p in about)
        assert len(credited) > 1 and all(v is credited[0] for v in credited)
    assert len(packs(cache_dir)) == 1
