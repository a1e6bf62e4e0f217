"""``reportbot console``: ask questions interactively over a pack, reload it live."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot import usecases
from bot.answers.layout import answer_layout, quotes_layout
from bot.answers.model import Answer
from bot.answers.text import sources_layout
from bot.conversation import Conversation
from bot.knowledge.errors import PackInvalid
from bot.store import KnowledgeStore
from bot.terminal import PLAIN, Terminal

HELP = """Type a question and press Enter (a number picks one of the choices offered). Commands:
  :more                      the last answer in full: every quote, each article's own words
  :quote SPEAKER [| TOPIC]   quotes by a speaker, optionally on a topic
  :sources                   the outlets and articles behind the facts
  :reload                    reload the fact pack (the old facts stay if it is broken)
  :help                      this text
  :quit                      leave (or Ctrl-D)"""


class Session:
    """One console user's conversation: follow-ups, the choices last offered, the last answer
    (for ``:more``)."""

    def __init__(self) -> None:
        self.conversation = Conversation()
        self.choices: tuple[str, ...] = ()
        self.last: Answer | None = None


def handle_line(
    line: str,
    store: KnowledgeStore,
    session: Session | None = None,
    terminal: Terminal = PLAIN,
) -> str | None:
    """One console line to its reply, laid out for ``terminal``; None ends the session.

    A number picks one of the choices the last reply offered ("Did you mean: 1. … 2. …")."""
    session = session if session is not None else Session()
    line = line.strip()
    if line.isdigit() and 1 <= int(line) <= len(session.choices):
        line = session.choices[int(line) - 1].rstrip("?")
    if line in (":quit", ":q", ":exit"):
        return None
    if line in (":help", ":h", "?help"):
        return terminal.text(HELP)
    if line == ":more":
        if session.last is None or not session.last.answered:
            return terminal.text("Nothing to show more of yet: ask a question first.")
        return terminal.render(answer_layout(session.last, full=True))
    snapshot = store.snapshot
    if line == ":sources":
        title = snapshot.knowledge.info.title
        return terminal.render(sources_layout(title, usecases.sources(snapshot)))
    if line == ":reload":
        result = store.reload()
        if result.ok and result.diff is not None:
            return terminal.text(f"Reloaded. {result.diff.summary()}")
        problems = "\n".join(f"  {error}" for error in result.errors)
        return f"Reload refused; still serving version {result.version}.\n{problems}"
    if line.startswith(":quote"):
        speaker_text, _, topic = line.removeprefix(":quote").partition("|")
        found = usecases.quotes_of(snapshot, speaker_text, topic)
        if not found.found:
            return terminal.text(
                f"No single speaker matches {found.query!r}. Speakers: "
                + "; ".join(found.did_you_mean)
            )
        return terminal.render(quotes_layout(found.speaker, found.topic, found.quotes))
    if line.startswith(":"):
        return terminal.text(f"Unknown command {line.split()[0]!r}.\n{HELP}")
    answer = usecases.ask(snapshot, line, session.conversation)
    session.choices = answer.suggestions if not answer.answered else ()
    session.last = answer
    return terminal.render(answer_layout(answer))


def run_console(path: Path, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        store = KnowledgeStore.open(path)
    except PackInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 2
    info = store.snapshot.knowledge.info
    interactive = stdin.isatty()
    terminal = Terminal.of(stdout)
    session = Session()
    banner = f"reportbot: {info.title} (version {info.version}). :help for commands."
    stdout.write(terminal.text(banner) + "\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        reply = handle_line(line, store, session, terminal)
        if reply is None:
            return 0
        stdout.write(reply + "\n\n")
        stdout.flush()
