"""Paths and settings a curator gives reportbot: each problem is one precise located message,
exit status 2, no traceback, and every path is shown as the curator would type it from where the
command ran."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKS = Path(__file__).resolve().parent / "packs"


def reportbot(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The located lines of a refusal (the summary line above them left out)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    # `validate` first says which pack it reads and why; the refusal's summary line follows.
    start = next(i for i, line in enumerate(lines) if "in the fact pack" in line) + 1
    return [line.strip() for line in lines[start:]]


def test_a_missing_path_is_one_problem_at_that_path() -> None:
    assert problems(reportbot("validate", "no/such/pack")) == [
        "no/such/pack:1:1: no such file or directory"
    ]


def test_a_symlink_loop_says_it_loops(tmp_path: Path) -> None:
    loop = tmp_path / "pack"
    loop.symlink_to(loop)
    assert problems(reportbot("validate", str(loop))) == [
        f"{loop}:1:1: is a symbolic link that loops back on itself; point it at a real file or "
        "directory"
    ]


def test_a_dangling_symlink_names_what_it_points_at(tmp_path: Path) -> None:
    link = tmp_path / "pack"
    link.symlink_to("gone")
    assert problems(reportbot("validate", str(link))) == [
        f"{link}:1:1: is a symbolic link to 'gone', which does not exist"
    ]


def test_a_looping_fact_file_inside_a_pack_is_located_at_that_file(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(PACKS / "council", root)
    (root / "zz.yaml").symlink_to(root / "zz.yaml")
    assert problems(reportbot("validate", str(root))) == [
        f"{root}/zz.yaml:1:1: fact file is a symbolic link that loops back on itself; point it at "
        "a real file or directory"
    ]


def test_one_file_of_a_directory_pack_says_to_give_the_directory() -> None:
    assert problems(reportbot("validate", "knowledge/10-claims.yaml")) == [
        "knowledge/10-claims.yaml:1:1: this file has no 'pack' section: it is one of the 6 fact "
        "files of the pack in the directory knowledge; give the directory instead: knowledge"
    ]


def test_paths_are_shown_as_typed_from_where_the_command_ran() -> None:
    tests_dir = ROOT / "tests"
    relative = problems(reportbot("validate", "packs/broken/syntax-error", cwd=tests_dir))
    absolute = problems(reportbot("validate", str(PACKS / "broken" / "syntax-error"), cwd=ROOT))
    upward = problems(reportbot("validate", "../tests/packs/broken/syntax-error", cwd=ROOT / "bot"))

    assert relative[0].startswith("packs/broken/syntax-error/pack.yaml:23:9: YAML error")
    assert absolute[0].startswith("tests/packs/broken/syntax-error/pack.yaml:23:9: YAML error")
    assert upward[0].startswith("../tests/packs/broken/syntax-error/pack.yaml:23:9: YAML error")
    # each is a path an editor opens from there
    assert (tests_dir / relative[0].split(":")[0]).is_file()
    assert (ROOT / "bot" / upward[0].split(":")[0]).is_file()


@pytest.mark.parametrize("command", [["validate"], ["ask", "hello"], ["sources"]])
def test_an_invalid_file_size_limit_is_named_not_a_traceback(command: list[str]) -> None:
    result = reportbot(*command, env={"REPORTBOT_MAX_FILE_BYTES": "lots"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    # The one settings module reads it before anything loads, and names it.
    assert result.stderr.strip() == (
        "reportbot: REPORTBOT_MAX_FILE_BYTES: must be a size in bytes above 0, such as 16777216 "
        "or 16M (the default is 16,777,216), not 'lots'"
    )


def test_a_file_size_limit_may_be_written_with_a_unit() -> None:
    assert reportbot("validate", env={"REPORTBOT_MAX_FILE_BYTES": "16M"}).returncode == 0
    small = problems(reportbot("validate", env={"REPORTBOT_MAX_FILE_BYTES": "1k"}))
    assert any("over the limit of 1,024 (REPORTBOT_MAX_FILE_BYTES); split it" in p for p in small)


# --- what the user running reportbot may not read -------------------------------------------------

# Root reads everything: run it as root without the capabilities that override file permissions.
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.fixture
def pack(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "pack"
    shutil.copytree(PACKS / "council", root)
    yield root
    for path in [root, *root.rglob("*")]:  # let pytest clean up
        path.chmod(0o755 if path.is_dir() else 0o644)


def as_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run where file permissions apply: as ourselves, or as root without overriding them."""
    if os.geteuid() != 0:
        return reportbot(*args, cwd=cwd)
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, and no setpriv to run without reading everything")
    return subprocess.run(
        [*WITHOUT_OVERRIDE, sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def test_an_unreadable_pack_directory_is_one_located_problem(pack: Path) -> None:
    pack.chmod(0o000)
    assert problems(as_unprivileged("validate", "pack", cwd=pack.parent)) == [
        "pack:1:1: cannot list the pack directory: permission denied (the user running reportbot "
        "may not read it)"
    ]


def test_an_unreadable_fact_file_is_one_located_problem(pack: Path) -> None:
    (pack / "pack.yaml").chmod(0o000)
    assert problems(as_unprivileged("validate", "pack", cwd=pack.parent)) == [
        "pack/pack.yaml:1:1: cannot read fact file: permission denied (the user running "
        "reportbot may not read it)"
    ]


def test_an_unreadable_article_text_is_one_located_problem(pack: Path) -> None:
    (pack / "sources" / "anon.txt").chmod(0o000)
    assert problems(as_unprivileged("validate", "pack", cwd=pack.parent)) == [
        "pack/sources/anon.txt:1:1: cannot read archived text: permission denied (the user "
        "running reportbot may not read it)"
    ]
