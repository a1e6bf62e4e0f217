"""The `reportbot` command line, run as a real process, as scripts and people use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CLAIM, EXAMPLE, HEADER, ROOT, PackWriter


def reportbot(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_ask_prints_a_sourced_answer_for_a_person() -> None:
    result = reportbot("ask", "--knowledge", str(EXAMPLE), "is the library losing money?")
    assert result.returncode == 0, result.stderr
    # A yes/no question opens with what the reporting says, not with a "yes".
    assert result.stdout.startswith(
        "The reporting says the mayor said the library budget would be cut by half.\n"
    )
    assert "  “Books are not a luxury.”\n  — Jane Roe, to the city council" in result.stdout
    assert "Reported by an article whose outlet is not named, citing The Example Times" in (
        " ".join(result.stdout.split())
    )


def test_ask_json_reads_questions_from_stdin_and_answers_each_in_order() -> None:
    questions = "what happens to the library budget\n\nwho won the world cup?\n"
    result = reportbot("ask", "--json", "--knowledge", str(EXAMPLE), "-", stdin=questions)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["question"] for o in objects] == [
        "what happens to the library budget",
        "",
        "who won the world cup?",
    ]
    first, blank, other = objects
    assert first["answered"] is True
    assert 0 < first["confidence"] <= 1
    assert first["claims"][0]["id"] == "budget-cut"
    assert first["claims"][0]["outlets"] == ["an unnamed outlet"]
    assert first["claims"][0]["via"] == ["The Example Times", "the draft city audit"]
    assert first["claims"][0]["quotes"][0]["speaker"] == "Jane Roe"
    assert first["claims"][0]["quotes"][0]["text"] == "Books are not a luxury."
    for declined in (blank, other):
        assert declined["answered"] is False
        assert declined["claims"] == []
        assert isinstance(declined["suggestions"], list)
        assert declined["answer"]
    required = {
        "question",
        "answered",
        "answer",
        "confidence",
        "claims",
        "discrepancies",
        "suggestions",
    }
    assert all(required <= set(o) for o in objects)


def test_the_knowledge_environment_variable_picks_the_pack() -> None:
    result = reportbot("ask", "--json", "library budget", env={"REPORTBOT_KNOWLEDGE": str(EXAMPLE)})
    assert json.loads(result.stdout)["claims"][0]["id"] == "budget-cut"


def test_quote_finds_a_speaker_by_alias_and_topic() -> None:
    result = reportbot("quote", "--knowledge", str(EXAMPLE), "the mayor", "library", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["speaker"] == "Jane Roe"
    assert [q["text"] for q in data["quotes"]] == ["Books are not a luxury."]
    assert data["quotes"][0]["reports"][0]["credit"] == (
        "an unnamed outlet, citing The Example Times"
    )


def test_quote_for_an_unknown_speaker_says_so_and_fails() -> None:
    result = reportbot("quote", "--knowledge", str(EXAMPLE), "Napoleon")
    assert result.returncode == 1
    assert "No single speaker matches 'Napoleon'" in result.stderr


def test_sources_lists_articles_with_unknown_outlets_named_as_such() -> None:
    result = reportbot("sources", "--knowledge", str(EXAMPLE))
    assert result.returncode == 0
    assert "• An unnamed outlet: no headline given" in result.stdout
    assert "published date not given" in result.stdout


def test_validate_passes_a_good_pack_and_lists_every_error_of_a_bad_one(
    write_pack: PackWriter,
) -> None:
    good = reportbot("validate", str(EXAMPLE))
    assert good.returncode == 0 and "OK" in good.stdout
    bad_root = write_pack(HEADER + CLAIM.replace("cut by half", "cut by a third") + "quotes: 7\n")
    bad = reportbot("validate", str(bad_root))
    assert bad.returncode == 2
    assert "2 problems in the fact pack" in bad.stderr
    assert "does not occur in article 'a1'" in bad.stderr
    assert "section 'quotes' must be a list" in bad.stderr


def test_a_broken_pack_stops_ask_with_the_errors_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("pack: [\n", encoding="utf-8")
    result = reportbot("ask", "--knowledge", str(tmp_path), "anything")
    assert result.returncode == 2
    assert "YAML error" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_answers_and_reloads(write_pack: PackWriter) -> None:
    root = write_pack(HEADER + CLAIM)
    session = "what happens to the library budget\n:quote roe\n:sources\n:reload\n:quit\n"
    result = reportbot("console", "--knowledge", str(root), stdin=session)
    assert result.returncode == 0, result.stderr
    assert "The mayor said the library budget would be cut by half." in result.stdout
    assert "No quotes from Jane Roe" in result.stdout
    assert "Reloaded. No change to claims, quotes or discrepancies" in result.stdout
