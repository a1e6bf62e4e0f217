"""`reportbot coverage`: every sentence of every archived article, what cites it, and what
nothing cites, so anyone can check that the reporting is covered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUNDLED, CLAIM, HEADER, ROOT, PackWriter


def reportbot(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def test_each_sentence_is_listed_where_it_stands_with_what_cites_it(
    write_pack: PackWriter,
) -> None:
    root = write_pack(HEADER + CLAIM)

    result = reportbot("coverage", "pack", cwd=root.parent)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:6] == [
        "Coverage of 'Test story' (version 1): 1 articles, 3 sentences; 1 cited, 2 cited by "
        "nothing.",
        "",
        "a1 (an unnamed outlet, pack/sources/a1.txt): 1 of 3 sentences cited",
        "  pack/sources/a1.txt:1:1: According to The Example Times, which obtained a draft city "
        "audit, Roe said the library budget would be cut by half.",
        "      claims: budget-cut",
        "  pack/sources/a1.txt:1:118: “Books are not a luxury,” she told the city council at a "
        "budget hearing.",
    ]
    assert result.stdout.splitlines()[-3:] == [
        "Cited by nothing (2):",
        "  pack/sources/a1.txt:1:118: “Books are not a luxury,” she told the city council at a "
        "budget hearing.",
        "  pack/sources/a1.txt:1:191: The D.A.’s office said: “We’ll review it — carefully.”",
    ]


def test_a_quote_and_a_discrepancy_cite_the_sentences_they_come_from(
    write_pack: PackWriter,
) -> None:
    quote = """\
quotes:
  - id: q-books
    speaker: mayor
    text: "Books are not a luxury."
    reports: [{article: a1}]
discrepancies:
  - id: d-cut
    topic: how deep the cut is
    claims: [budget-cut]
    versions:
      - {article: a1, statement: By half., excerpt: "would be cut by half"}
      - {article: a1, statement: Review., excerpt: "We'll review it - carefully"}
"""
    root = write_pack(HEADER + CLAIM + quote)

    result = reportbot("coverage", "--json", str(root))

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["schema"], report["sentences"], report["cited"], report["not_cited"]) == (
        1,
        3,
        3,
        0,
    )
    [article] = report["articles"]
    assert [
        (s["index"], s["line"], s["column"], s["claims"], s["quotes"], s["discrepancies"])
        for s in article["sentences"]
    ] == [
        (1, 1, 1, ["budget-cut"], [], ["d-cut"]),
        (2, 1, 118, [], ["q-books"], []),
        (3, 1, 191, [], [], ["d-cut"]),
    ]
    assert (
        article["sentences"][2]["text"] == "The D.A.’s office said: “We’ll review it — carefully.”"
    )


def test_an_invalid_pack_gets_its_problems_not_a_coverage_report(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("pack: [\n", encoding="utf-8")
    result = reportbot("coverage", str(tmp_path))
    assert result.returncode == 2
    assert "YAML error" in result.stderr and result.stdout == ""


def test_the_shipped_pack_cites_every_sentence_of_the_reporting() -> None:
    result = reportbot("coverage", "--json", str(BUNDLED))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    uncited = [s["text"] for a in report["articles"] for s in a["sentences"] if not s["cited"]]
    # Only the page furniture around Business Insider's article is left (its link to the
    # Times' full report is a fact readers ask about: "is there a link to the original?").
    assert uncited == [
        "Visit Business Insider's homepage for more stories.",
        "Read the original article on Business Insider",
    ]
    assert report["sentences"] >= 50
