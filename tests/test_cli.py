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


# --------------------------------------------------------------------------- robust streams


def reportbot_bytes(*args: str | bytes, stdin: bytes = b"", encoding: str = "utf-8"):
    """The CLI as a process with raw bytes in and out, under a strict ``encoding``."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=60,
    )


def test_undecodable_bytes_on_stdin_are_replaced_and_answered_with_the_lines_around_them() -> None:
    stdin = b"what happens to the library budget\n\xff\xfe budget \xc3\nwho is the mayor\n"
    result = reportbot_bytes("ask", "--json", "--knowledge", str(EXAMPLE), "-", stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    questions = [json.loads(line)["question"] for line in result.stdout.decode().splitlines()]
    assert questions == [
        "what happens to the library budget",
        "\ufffd\ufffd budget \ufffd",
        "who is the mayor",
    ]


def test_an_undecodable_argument_is_answered_too() -> None:
    result = reportbot_bytes("ask", "--json", "--knowledge", str(EXAMPLE), b"library\xff budget")
    assert result.returncode == 0, result.stderr.decode()
    (answer,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert answer["question"] == "library\ufffd budget" and answer["answered"] is True


def test_every_output_line_is_one_json_object_whatever_characters_it_holds() -> None:
    questions = ["who is\u2028the mayor", "library\u2029budget", "nel\u0085line", "tab\there"]
    stdin = "\n".join(questions).encode() + b"\n"
    for encoding in ("utf-8", "ascii"):  # JSON is UTF-8 whatever the locale says
        result = reportbot_bytes(
            "ask", "--json", "--knowledge", str(EXAMPLE), "-", stdin=stdin, encoding=encoding
        )
        assert result.returncode == 0, result.stderr.decode()
        text = result.stdout.decode("utf-8")
        lines = text.splitlines()  # splits at U+2028, U+2029 and U+0085 too
        assert len(lines) == len(questions)
        objects = [json.loads(line) for line in lines]
        for raw in ("\u2028", "\u2029", "\u0085"):
            assert raw not in text
        if encoding == "utf-8":
            assert [o["question"] for o in objects] == questions
        else:  # an ASCII locale reads the question's odd characters as U+FFFD, answers anyway
            assert "“Books are not a luxury.”" in objects[1]["answer"]  # UTF-8 out regardless


def test_the_console_decodes_the_same_way() -> None:
    stdin = b"library budget \xff\n:quote mayor\n"
    result = reportbot_bytes("console", "--knowledge", str(EXAMPLE), stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "The mayor said the library budget would be cut by half." in out
    assert "“Books are not a luxury.”" in out


# --------------------------------------------------------------------------- console at a terminal


class Terminal:
    """``reportbot console`` on a pseudo-terminal, typed at as a person would."""

    def __init__(self, tmp_path: Path) -> None:
        import pty

        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTBOT_")}
        env.update(XDG_STATE_HOME=str(tmp_path), TERM="xterm", REPORTBOT_CACHE_DIR="off")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--knowledge", str(EXAMPLE)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 30.0) -> str:
        """Read until ``text`` has appeared ``count`` times (the timeout is a hang guard)."""
        import select
        import time

        deadline = time.monotonic() + timeout
        while self.seen.count(text) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} x{count} in:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"the console ended before {text!r}:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace")
        return self.seen

    def close(self) -> int:
        code = self.process.wait(timeout=30)
        os.close(self.master)
        return code


def test_the_console_edits_lines_recalls_history_and_completes_commands(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    try:
        # Each line is typed once the prompt is back, as a person would (keys typed while an
        # answer is still printing reach the terminal before readline does).
        terminal.wait_for("\n> ")
        terminal.type("what happens to the library budget\r")
        terminal.wait_for("cut by half.")
        terminal.wait_for("\n> ", count=2)
        terminal.type("\x1b[A\r")  # the up arrow brings the question back; Enter asks it again
        screen = terminal.wait_for("cut by half.", count=2)
        assert "^[[A" not in screen and "Unknown command" not in screen
        terminal.wait_for("\n> ", count=3)
        terminal.type(":quo\tmayor\r")  # Tab: ":quo" → ":quote "
        terminal.wait_for("quote from Jane Roe")
        terminal.wait_for("\n> ", count=4)
        terminal.type(':quote "the mayor" budget\r')  # quoted as on the command line
        terminal.wait_for("quote from Jane Roe", count=2)
        terminal.wait_for("\n> ", count=5)
        terminal.type(":quit\r")
        assert terminal.close() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    history = (tmp_path / "reportbot" / "console_history").read_text(encoding="utf-8")
    assert "what happens to the library budget" in history and ":quote mayor" in history


def test_console_quote_takes_the_command_lines_arguments(write_pack: PackWriter) -> None:
    root = write_pack(HEADER + CLAIM)
    session = ':quote "the mayor"\n:quote roe "library budget"\n:quote\n:quote "open\n:quit\n'
    result = reportbot("console", "--knowledge", str(root), stdin=session)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("No quotes from Jane Roe") == 2
    assert "Usage: :quote SPEAKER [TOPIC]" in result.stdout
    assert "Could not read that: No closing quotation" in result.stdout


def test_sources_counts_what_each_article_reports_and_whom_it_credits(
    write_pack: PackWriter,
) -> None:
    # a1 reports the budget cut and the hearing; a2 reports the budget cut and the quote.
    header = HEADER + "  - {id: a2, outlet: times, headline: Cuts, text: sources/a2.txt}\n"
    root = write_pack(
        header
        + CLAIM
        + "      - article: a2\n"
        + '        excerpt: "Roe said the library budget would be cut by half"\n'
        + """\
  - id: hearing
    statement: The mayor spoke at a budget hearing.
    topics: [hearing]
    people: [mayor]
    reports:
      - article: a1
        excerpt: "she told the city council at a budget hearing"
        via: [times]
quotes:
  - id: q-books
    speaker: mayor
    text: "Books are not a luxury."
    claims: [budget-cut]
    reports:
      - article: a2
"""
    )
    (root / "sources" / "a2.txt").write_text(
        "Roe said the library budget would be cut by half. “Books are not a luxury.”\n",
        encoding="utf-8",
    )
    result = reportbot("sources", "--knowledge", str(root), "--json")
    assert result.returncode == 0, result.stderr
    listed = {a["id"]: a for a in json.loads(result.stdout)["articles"]}
    assert (listed["a1"]["claims"], listed["a1"]["quotes"]) == (2, 0)
    assert (listed["a2"]["claims"], listed["a2"]["quotes"]) == (1, 1)
    # a1 credits the Times first for both its claims (the audit only through the Times)
    assert listed["a1"]["credits"] == ["The Example Times"]
    assert listed["a2"]["credits"] == []
