"""The parse cache: a reload of unchanged files skips YAML, and nothing it holds can mislead."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge import PackInvalid, load_pack, parse_cache
from bot.knowledge.located_yaml import YamlProblem, parse
from bot.knowledge.parse_cache import (
    LARGE_FILE_BYTES,
    ParseCache,
    cache_directory,
    parse_files,
    source_key,
)

COUNCIL = Path(__file__).resolve().parent / "packs" / "council"
GOOD = b"claims:\n  - {id: a, statement: One.}\n  - {id: b, statement: Two.}\n"
BROKEN = b"claims:\n  - {id: a, statement: [One.}\n"


def private_cache(tmp_path: Path) -> ParseCache:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    cache = ParseCache(directory)
    assert cache.usable
    return cache


def test_a_second_parse_of_the_same_bytes_comes_from_the_cache_and_is_identical(
    tmp_path: Path,
) -> None:
    cache = private_cache(tmp_path)
    [first], cold = parse_files([GOOD], cache)
    [second], warm = parse_files([GOOD], cache)

    assert (cold.parsed, cold.written, cold.from_cache) == (1, 1, 0)
    assert (warm.parsed, warm.from_cache) == (0, 1)
    assert second.document == first.document == parse(GOOD.decode()).document
    assert second.positions == first.positions


def test_changing_one_file_reparses_only_that_file(tmp_path: Path) -> None:
    cache = private_cache(tmp_path)
    parse_files([GOOD, b"people: []\n"], cache)
    outcomes, stats = parse_files([GOOD, b"people: [{id: p}]\n"], cache)

    assert (stats.from_cache, stats.parsed) == (1, 1)
    assert outcomes[1].document == {"people": [{"id": "p"}]}


def test_a_file_that_is_not_yaml_is_remembered_with_its_located_error(tmp_path: Path) -> None:
    cache = private_cache(tmp_path)
    [cold], _ = parse_files([BROKEN], cache)
    [warm], stats = parse_files([BROKEN], cache)

    assert stats.from_cache == 1
    assert isinstance(cold, YamlProblem) and isinstance(warm, YamlProblem)
    assert (warm.message, warm.position) == (cold.message, cold.position)
    assert warm.position[0] == 2


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "empty", "garbage"])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage: str) -> None:
    cache = private_cache(tmp_path)
    parse_files([GOOD], cache)
    entry = cache.path(source_key(GOOD))
    data = bytearray(entry.read_bytes())
    if damage == "flip a byte":
        data[-3] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"\x00" * 64)
    entry.write_bytes(bytes(data))

    [outcome], stats = parse_files([GOOD], cache)

    assert (stats.from_cache, stats.parsed, stats.written) == (0, 1, 1)
    assert outcome.document == parse(GOOD.decode()).document
    [_], again = parse_files([GOOD], cache)
    assert again.from_cache == 1


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(0o777)

    cache = ParseCache(directory)
    _, stats = parse_files([GOOD], cache)

    assert not cache.usable
    assert (stats.written, stats.parsed) == (0, 1)
    assert not any((directory / "parse-v1").iterdir())


def test_the_cache_can_be_switched_off_or_pointed_elsewhere(tmp_path: Path) -> None:
    assert cache_directory({"REPORTBOT_CACHE_DIR": "off"}) is None
    assert cache_directory({"REPORTBOT_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_directory({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "reportbot"


def test_an_unusable_cache_setting_is_named_and_the_pack_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_directory = tmp_path / "cache-file"
    not_a_directory.write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(not_a_directory))

    with caplog.at_level("WARNING", logger="reportbot.knowledge"):
        knowledge = load_pack(COUNCIL)

    assert knowledge.info.id == "council"
    assert f"parse cache REPORTBOT_CACHE_DIR={not_a_directory} is unusable" in caplog.text


def test_a_pack_loads_the_same_from_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(tmp_path / "cache"))
    cold = load_pack(COUNCIL)
    assert any((tmp_path / "cache").rglob("*.parsed"))
    warm = load_pack(COUNCIL)

    assert warm == cold


def test_a_broken_pack_is_refused_the_same_from_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "pack"
    shutil.copytree(COUNCIL, root)
    text = (root / "pack.yaml").read_text(encoding="utf-8")
    unclosed = "topics: [the vote, library closure]"
    assert text.count(unclosed) == 1
    (root / "pack.yaml").write_text(text.replace(unclosed, unclosed[:-1]), encoding="utf-8")

    with pytest.raises(PackInvalid) as cold:
        load_pack(root)
    with pytest.raises(PackInvalid) as warm:
        load_pack(root)

    assert warm.value.errors == cold.value.errors


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="worker processes need a second core")
def test_large_files_parsed_in_worker_processes_give_what_parsing_here_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    item = b'  - {id: c%d, statement: "Claim number %d.", topics: [t%d], asks: ["q %d"]}\n'
    files = []
    for part in range(3):
        body = b"".join(item % (i, i, i, i) for i in range(6000))
        files.append(b"claims:\n" + body + b"# part %d\n" % part)
    assert all(len(raw) >= LARGE_FILE_BYTES for raw in files)

    # This process takes files the pool has not started yet. Whether the pool starts one before
    # this process has taken them all is up to the scheduler, so here this process parses only
    # once the pool has started a file: at least one then comes from a worker, every time.
    handed: list[concurrent.futures.Future] = []

    class WatchedPool(concurrent.futures.ProcessPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
            future = super().submit(*args, **kwargs)
            handed.append(future)
            return future

    def started(future: concurrent.futures.Future) -> bool:
        return future.running() or (future.done() and not future.cancelled())

    here, parse_here = os.getpid(), parse_cache._parse

    def parse_once_the_pool_has_started(raw: bytes) -> Any:
        if os.getpid() == here:  # a forked worker inherits this function: it just parses
            deadline = time.monotonic() + 30  # a hang guard; the pool starts in milliseconds
            while not any(started(f) for f in handed):
                assert time.monotonic() < deadline, "the pool started no file in 30 s"
                time.sleep(0.001)
        return parse_here(raw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", WatchedPool)
    monkeypatch.setattr(parse_cache, "_parse", parse_once_the_pool_has_started)

    outcomes, stats = parse_files(files, None)

    assert stats.in_workers >= 1
    for raw, outcome in zip(files, outcomes, strict=True):
        assert outcome.document == parse(raw.decode()).document
