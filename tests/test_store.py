"""Live reloads: a broken pack is refused and the old facts keep serving; a good one swaps whole."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.answers.compose import answer_question
from bot.knowledge import PackInvalid, load_pack
from bot.knowledge.errors import display_path
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


# --- one edition at a time ----------------------------------------------------------------------

EDITION_1 = {"00-pack.yaml": HEADER, "10-claims.yaml": CLAIM}


def edition(number: int) -> dict[str, str]:
    """Edition ``number`` of a two-file pack; each edition's files differ in size from the last."""
    return {
        "00-pack.yaml": HEADER.replace('version: "1"', f'version: "{number}"')
        + "#" * number
        + "\n",
        "10-claims.yaml": CLAIM.replace("library budget]", f"library budget, edition {number}]"),
    }


def test_a_pack_copied_in_while_it_is_read_is_read_again_whole(write_pack: PackWriter) -> None:
    root = write_pack(EDITION_1)
    copied: list[Path] = []

    def deploy_copies_edition_2(path: Path) -> None:
        # The loader has just read the first file; a deploy copies every file of edition 2 in
        # before it reads the next one.
        if not copied and path.name == "00-pack.yaml":
            for name, text in edition(2).items():
                (root / name).write_text(text, encoding="utf-8")
                copied.append(root / name)

    knowledge = load_pack(root, on_read=deploy_copies_edition_2)

    assert copied, "the deploy ran during the load"
    assert knowledge.info.version == "2"
    assert knowledge.claims["budget-cut"].topics == ("library budget", "edition 2")


def test_a_pack_that_keeps_changing_while_it_is_read_is_refused_with_the_reason(
    write_pack: PackWriter,
) -> None:
    root = write_pack(EDITION_1)
    editions = iter(range(2, 100))

    def deploy_never_done(path: Path) -> None:
        if path.name == "00-pack.yaml":
            (root / path.name).write_text(edition(next(editions))["00-pack.yaml"], "utf-8")

    with pytest.raises(PackInvalid) as caught:
        load_pack(root, on_read=deploy_never_done)

    [error] = caught.value.errors
    assert error.file.endswith("/pack")
    assert error.message == (
        f"the pack's files changed while they were read, 3 times in a row (last "
        f"{display_path(root / '00-pack.yaml')}); load it again once they are all in place"
    )


def test_a_reload_says_what_changed_by_content_and_each_editions_own_version(
    write_pack: PackWriter,
) -> None:
    root = write_pack(HEADER + CLAIM)
    store = KnowledgeStore.open(root)

    second = HEADER.replace('version: "1"', 'version: "2"').replace(
        "role: mayor", "role: the mayor"
    )

    same = store.reload()
    write_pack(second + CLAIM)
    people_only = store.reload()
    write_pack(second + CLAIM.replace("statement: The mayor said", "statement: Mayor Roe said"))
    version_not_bumped = store.reload()

    assert same.diff is not None and same.diff.summary() == (
        "No change to claims, quotes or discrepancies (version 1)."
    )
    assert people_only.diff is not None and people_only.diff.summary() == (
        "No change to claims, quotes or discrepancies; also changed: pack, people (version 1 -> 2)."
    )
    assert version_not_bumped.diff is not None and version_not_bumped.diff.summary() == (
        "claims: 0 added, 0 removed, 1 changed; quotes: 0 added, 0 removed, 0 changed; "
        "discrepancies: 0 added, 0 removed, 0 changed (version 2)."
    )
