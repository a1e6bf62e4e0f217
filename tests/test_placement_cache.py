"""The placement cache: a reload places no passage twice, and nothing it holds can mislead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import PackInvalid, load_pack
from bot.knowledge.placement_cache import PlacementCache
from bot.knowledge.verbatim import ArticleText, Placement, Refusal

COUNCIL = Path(__file__).resolve().parent / "packs" / "council"
GAZETTE = (COUNCIL / "sources" / "gazette.txt").read_text(encoding="utf-8")
EXCERPT = "Mayor Jane Roe said the closure would save $2 million a year"


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "place-v1").glob("*.placed"))


def forget_whole_packs(cache_dir: Path) -> None:
    shutil.rmtree(cache_dir / "pack-v2", ignore_errors=True)


def test_a_remembered_passage_is_placed_as_the_article_text_would_place_it(
    cache_dir: Path, tmp_path: Path
) -> None:
    first = PlacementCache(cache_dir, tmp_path / "pack")
    placed = first.article(GAZETTE).place(EXCERPT)
    assert first.save()

    second = PlacementCache(cache_dir, tmp_path / "pack").article(GAZETTE)
    again = second.place(EXCERPT)

    assert again == placed == ArticleText(GAZETTE).place(EXCERPT)
    assert isinstance(again, Placement) and not second.fresh  # found, not placed anew


def test_an_edited_article_does_not_get_the_old_texts_placements(
    cache_dir: Path, tmp_path: Path
) -> None:
    root = tmp_path / "pack"
    shutil.copytree(COUNCIL, root)
    load_pack(root)
    assert entries(cache_dir)
    gazette = root / "sources" / "gazette.txt"
    gazette.write_text(GAZETTE.replace("$2 million", "$3 million"), encoding="utf-8")

    with pytest.raises(PackInvalid) as refused:
        load_pack(root)

    assert any("$2 million" in error.message for error in refused.value.errors)


def test_a_pack_loads_the_same_with_its_placements_remembered(cache_dir: Path) -> None:
    cold = load_pack(COUNCIL)
    [entry] = entries(cache_dir)
    written = entry.read_bytes()
    warm = load_pack(COUNCIL)

    assert warm == cold
    assert entry.read_bytes() == written  # nothing new was placed, so nothing rewritten


@pytest.mark.parametrize("damage", ["truncate", "flip a byte", "not an entry"])
def test_a_damaged_entry_means_placing_again(cache_dir: Path, damage: str) -> None:
    cold = load_pack(COUNCIL)
    [entry] = entries(cache_dir)
    raw = entry.read_bytes()
    damaged = {
        "truncate": raw[: len(raw) // 2],
        "flip a byte": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
        "not an entry": b"hello",
    }[damage]
    entry.write_bytes(damaged)
    forget_whole_packs(cache_dir)  # else the unchanged pack comes whole from the pack cache

    assert load_pack(COUNCIL) == cold
    assert entry.read_bytes() == raw  # placed again and written whole


def test_a_refused_passage_is_checked_on_every_load(cache_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(COUNCIL, root)
    facts = root / "pack.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(EXCERPT, EXCERPT.replace("$2", "$5")),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(PackInvalid) as refused:
            load_pack(root)
        assert any("$5 million" in error.message for error in refused.value.errors)
    placements = PlacementCache(cache_dir, root).article(GAZETTE)
    assert isinstance(placements.place(EXCERPT.replace("$2", "$5")), Refusal)


def test_switched_off_it_remembers_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    knowledge = load_pack(COUNCIL)

    assert knowledge.info.id == "council"
    assert not list(tmp_path.rglob("*.placed"))
