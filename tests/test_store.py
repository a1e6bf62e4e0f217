"""Live reloads: a broken pack is refused and the old facts keep serving; a good one swaps whole."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.answers.compose import answer_question
from bot.store import KnowledgeStore, Snapshot
from tests.conftest import ARTICLE, CLAIM, HEADER, PackWriter

HOLD = 0.5  # seconds the first reload stays in its load once seven more have been called
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


SWAPS = 6
WAIT = 30.0  # seconds: a hang guard, far above the milliseconds these steps take


def test_questions_during_reloads_see_wholly_old_or_wholly_new_facts(
    write_pack: PackWriter,
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    second = HEADER.replace('version: "1"', 'version: "2"') + CLAIM.replace(
        "cut by half", "cut by a third"
    )
    editions = {"2": (second, ARTICLE_V2), "1": (HEADER + CLAIM, ARTICLE)}
    answered = threading.Condition()
    answers: list[tuple[str, str]] = []
    served: set[int] = set()  # ids of the snapshots questions were answered from
    snapshots: list[object] = []  # keeps them alive, so an id is never reused
    done = threading.Event()

    def ask() -> None:
        while True:  # each asker answers at least once, then on until the reloads are done
            snapshot = store.snapshot
            answer = answer_question(QUESTION, snapshot)
            with answered:
                answers.append((answer.pack_version, answer.claims[0].attributions[0].excerpt))
                served.add(id(snapshot))
                snapshots.append(snapshot)
                answered.notify_all()
            if done.is_set():
                return

    with ThreadPoolExecutor(max_workers=3) as pool:
        askers = [pool.submit(ask) for _ in range(3)]
        try:
            for swap in range(SWAPS):
                version = "2" if swap % 2 == 0 else "1"
                pack, article = editions[version]
                write_pack(pack, article)
                result = store.reload()
                assert result.ok and result.version == version, result.errors
                # Lock-step: the next swap waits until a question has seen this one.
                current = id(store.snapshot)
                with answered:
                    assert answered.wait_for(lambda now=current: now in served, WAIT), (
                        f"no question answered from version {version} within {WAIT:.0f} s"
                    )
        finally:
            done.set()
        for asker in askers:
            asker.result(timeout=WAIT)  # re-raises an asker's failure
    assert set(answers) == {
        ("1", "…Roe said the library budget would be cut by half"),
        ("2", "…Roe said the library budget would be cut by a third"),
    }


def test_concurrent_reloads_are_serialised(
    write_pack: PackWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)
    loading = 0
    overlaps = 0
    counter = threading.Lock()
    first_inside = threading.Event()
    second_inside = threading.Event()
    all_called = threading.Event()
    real_load = Snapshot.load

    def counting_load(path: Path) -> Snapshot:
        nonlocal loading, overlaps
        with counter:
            loading += 1
            overlaps += loading > 1
            first = not first_inside.is_set()
            first_inside.set()
            if not first:
                second_inside.set()
        try:
            if first:
                # Hold the first load open until the other reloads have been called, and a
                # while longer: none may start loading until it ends. A second load entering
                # ends the hold at once (and is counted as an overlap).
                all_called.wait(timeout=WAIT)
                second_inside.wait(timeout=HOLD)
            return real_load(path)
        finally:
            with counter:
                loading -= 1

    monkeypatch.setattr(Snapshot, "load", staticmethod(counting_load))
    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(lambda: store.reload().ok)
        assert first_inside.wait(timeout=WAIT)
        calling = threading.Barrier(8, action=all_called.set)

        def reload_after_the_first() -> bool:
            calling.wait(timeout=WAIT)
            return store.reload().ok

        rest = [pool.submit(reload_after_the_first) for _ in range(7)]
        calling.wait(timeout=WAIT)
        results = [first.result(timeout=WAIT)] + [r.result(timeout=WAIT) for r in rest]
    assert results == [True] * 8
    assert overlaps == 0
