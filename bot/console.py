"""``reportbot console``: ask questions interactively over a pack, reload it live."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot import usecases
from bot.answers.text import render_quotes, render_sources, render_text
from bot.conversation import Conversation
from bot.knowledge.errors import PackInvalid
from bot.store import KnowledgeStore

HELP = """Type a question and press Enter (a number picks one of the choices offered). Commands:
  :quote SPEAKER [| TOPIC]   quotes by a speaker, optionally on a topic
  :sources                   the outlets and articles behind the facts
  :reload                    reload the fact pack (the old facts stay if it is broken)
  :help                      this text
  :quit                      leave (or Ctrl-D)"""


class Session:
    """One console user's conversation: follow-ups, and the choices last offered."""

    def __init__(self) -> None:
        self.conversation = Conversation()
        self.choices: tuple[str, ...] = ()


def handle_line(line: str, store: KnowledgeStore, session: Session | None = None) -> str | None:
    """One console line to its reply; None means the session should end.

    A number picks one of the choices the last reply offered ("Did you mean: 1. … 2. …")."""
    session = session if session is not None else Session()
    line = line.strip()
    if line.isdigit() and 1 <= int(line) <= len(session.choices):
        line = session.choices[int(line) - 1].rstrip("?")
    if line in (":quit", ":q", ":exit"):
        return None
    if line in (":help", ":h", "?help"):
        return HELP
    snapshot = store.snapshot
    if line == ":sources":
        return render_sources(snapshot.knowledge.info.title, usecases.sources(snapshot))
    if line == ":reload":
        result = store.reload()
        if result.ok and result.diff is not None:
            return f"Reloaded. {result.diff.summary()}"
        problems = "\n".join(f"  {error}" for error in result.errors)
        return f"Reload refused; still serving version {result.version}.\n{problems}"
    if line.startswith(":quote"):
        speaker_text, _, topic = line.removeprefix(":quote").partition("|")
        found = usecases.quotes_of(snapshot, speaker_text, topic)
        if not found.found:
            return f"No single speaker matches {found.query!r}. Speakers: " + "; ".join(
                found.did_you_mean
            )
        return render_quotes(found.speaker, found.topic, list(found.quotes))
    if line.startswith(":"):
        return f"Unknown command {line.split()[0]!r}.\n{HELP}"
    answer = usecases.ask(snapshot, line, session.conversation)
    session.choices = answer.suggestions if not answer.answered else ()
    return render_text(answer)


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
    session = Session()
    stdout.write(f"reportbot: {info.title} (version {info.version}). :help for commands.\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        reply = handle_line(line, store, session)
        if reply is None:
            return 0
        stdout.write(reply + "\n\n")
        stdout.flush()
