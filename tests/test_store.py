"""Live reloads: a broken pack is refused and the old facts keep serving; a good one swaps whole."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.answers.compose import answer_question
from bot.store import KnowledgeStore, Snapshot
from tests.conftest import CLAIM, HEADER, PackWriter

QUESTION = "what happens to the library budget"
ARTICLE_V2 = (
    "According to The Example Times, which obtained a draft city audit, Roe said the library "
    "budget would be cut by a third. “Books are not a luxury,” she told the city council."
)


def test_a_broken_pack_is_refused_and_the_old_facts_keep_answering(
    write_pack: PackWriter,
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    before = store.snapshot
    (root / "pack.yaml").write_text(HEADER + CLAIM + "quotes: [oops\n", encoding="utf-8")

    result = store.reload()

    assert not result.ok
    assert any("YAML error" in str(error) for error in result.errors)
    assert result.version == "1"
    assert store.snapshot is before
    assert answer_question(QUESTION, store.snapshot).claims[0].id == "budget-cut"


def test_a_good_reload_swaps_the_facts_and_says_what_changed(write_pack: PackWriter) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    changed = CLAIM.replace("cut by half", "cut by a third")
    extra = """\
  - id: council-hearing
    statement: The mayor spoke to the city council.
    topics: [council]
    reports:
      - {article: a1, excerpt: "she told the city council"}
"""
    write_pack(HEADER.replace('version: "1"', 'version: "2"') + changed + extra, ARTICLE_V2)

    result = store.reload()

    assert result.ok, result.errors
    assert result.diff is not None
    assert result.diff.claims.added == ("council-hearing",)
    assert result.diff.claims.changed == ("budget-cut",)
    assert result.diff.claims.removed == ()
    assert "claims: 1 added, 0 removed, 1 changed" in result.diff.summary()
    assert "(version 1 -> 2)" in result.diff.summary()
    answer = answer_question(QUESTION, store.snapshot)
    assert answer.pack_version == "2"
    assert (
        answer.claims[0].statement == "The mayor said the library budget would be cut by a third."
    )
    assert answer.claims[0].attributions[0].excerpt.endswith("cut by a third")


def test_questions_during_reloads_see_wholly_old_or_wholly_new_facts(
    write_pack: PackWriter,
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    new_pack = HEADER.replace('version: "1"', 'version: "2"') + CLAIM.replace(
        "cut by half", "cut by a third"
    )
    stop = threading.Event()

    def reload_back_and_forth() -> int:
        count = 0
        while not stop.is_set():
            write_pack(new_pack, ARTICLE_V2)
            assert store.reload().ok
            write_pack(HEADER + CLAIM)
            assert store.reload().ok
            count += 2
        return count

    def ask(_: int) -> tuple[str, str]:
        answer = answer_question(QUESTION, store.snapshot)
        return answer.pack_version, answer.claims[0].attributions[0].excerpt

    with ThreadPoolExecutor(max_workers=4) as pool:
        reloader = pool.submit(reload_back_and_forth)
        answers = list(pool.map(ask, range(100)))
        stop.set()
        assert reloader.result() >= 1
    assert len(answers) == 100
    assert set(answers) <= {
        ("1", "Roe said the library budget would be cut by half"),
        ("2", "Roe said the library budget would be cut by a third"),
    }


def test_concurrent_reloads_are_serialised(
    write_pack: PackWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    loading = 0
    overlaps = 0
    counter = threading.Lock()
    real_load = Snapshot.load

    def counting_load(path: Path) -> Snapshot:
        nonlocal loading, overlaps
        with counter:
            loading += 1
            overlaps += loading > 1
        try:
            time.sleep(0.01)  # widen the window in which a second load could start
            return real_load(path)
        finally:
            with counter:
                loading -= 1

    monkeypatch.setattr(Snapshot, "load", staticmethod(counting_load))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: store.reload().ok, range(8)))
    assert results == [True] * 8
    assert overlaps == 0
