"""Answers on a terminal: wrapped to its width under their own indentation, coloured only on a
colour terminal, plain when piped; the console's ``:more`` opens the full account."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from bot.answers.layout import Line
from bot.console import Session, handle_line
from bot.store import KnowledgeStore
from bot.terminal import MAX_WIDTH, PIPED_WIDTH, Terminal
from tests.conftest import BUNDLED, ROOT

ESC = "\x1b["


class FakeTty(io.StringIO):
    """A stream that says it is a terminal (its size unknown, as under a test runner)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no descriptor")


def test_colour_only_on_a_terminal_and_never_with_no_color_or_a_dumb_term() -> None:
    assert Terminal.of(FakeTty(), {"TERM": "xterm-256color"}).colour
    assert not Terminal.of(io.StringIO(), {"TERM": "xterm-256color"}).colour  # piped
    assert not Terminal.of(FakeTty(), {"TERM": "xterm", "NO_COLOR": "1"}).colour
    assert not Terminal.of(FakeTty(), {"TERM": "dumb"}).colour


def test_width_is_the_terminals_within_reason_and_80_when_piped() -> None:
    assert Terminal.of(io.StringIO(), {}).width == PIPED_WIDTH
    assert Terminal.of(io.StringIO(), {"COLUMNS": "60"}).width == 60
    assert Terminal.of(FakeTty(), {"COLUMNS": "300"}).width == MAX_WIDTH


def test_a_wrapped_line_stays_under_its_own_indentation() -> None:
    terminal = Terminal(width=40)
    fact = Line("fact", "word " * 20, mark="•")
    rows = terminal.line(fact)
    assert rows[0].startswith("• word") and all(r.startswith("  word") for r in rows[1:])
    assert all(len(r) <= 40 for r in rows)
    quote = Line("quote", "“" + "said " * 15 + "”", depth=1)
    assert all(r.startswith("  ") and len(r) <= 40 for r in terminal.line(quote))


def test_colour_marks_the_label_and_resets_after_each_part() -> None:
    credit = Line("credit", "Business Insider.", label="Reported by")
    (row,) = Terminal(width=80, colour=True).line(credit)
    assert row == f"{ESC}1mReported by{ESC}0m Business Insider."
    (quote,) = Terminal(width=80, colour=True).line(Line("quote", "“Hi.”", depth=1))
    assert quote == f"  {ESC}36m“Hi.”{ESC}0m"  # indentation stays uncoloured
    assert ESC not in "".join(Terminal(width=80).line(credit))


def reportbot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**environment, **(env or {})},
        timeout=60,
    )


def test_piped_output_is_plain_text_wrapped_to_80_columns() -> None:
    result = reportbot("ask", "what did sessions tell the prosecutors?")
    assert result.returncode == 0, result.stderr
    assert ESC not in result.stdout
    rows = result.stdout.splitlines()
    assert max(len(r) for r in rows) <= PIPED_WIDTH
    assert "  “We need to take away children”" in rows


def test_ask_more_prints_each_articles_own_words() -> None:
    short = reportbot("ask", "what did sessions tell the prosecutors?").stdout
    full = reportbot("ask", "--more", "what did sessions tell the prosecutors?").stdout
    excerpt = '"We need to take away children," Sessions reportedly told the prosecutors'
    assert excerpt not in " ".join(short.split()) and excerpt in " ".join(full.split())


def test_the_console_opens_the_last_answer_in_full_with_more() -> None:
    store, session = KnowledgeStore.open(BUNDLED), Session()
    assert "ask a question first" in (handle_line(":more", store, session) or "")
    short = handle_line("what did the DOJ say", store, session) or ""
    full = handle_line(":more", store, session) or ""
    assert "Reported by:" in full and "• Business Insider, citing The New York Times:" in full
    assert len(full) > len(short)
    assert ":more" in (handle_line(":help", store, session) or "")


def test_the_console_wraps_for_its_terminal() -> None:
    store, terminal = KnowledgeStore.open(BUNDLED), Terminal(width=50)
    reply = handle_line("what did the DOJ say", store, Session(), terminal) or ""
    assert max(len(row) for row in reply.splitlines()) <= 50
