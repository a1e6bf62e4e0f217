"""``reportbot console``: ask questions interactively over a pack, reload it live.

At a terminal it is a readline prompt: arrow keys edit the line and walk the history (kept
between sessions in ``$XDG_STATE_HOME/reportbot/console_history``), Tab completes ``:``-commands
and, after ``:quote``, speakers. Commands take their arguments as the command line does,
quoted like the shell: ``:quote "the AG" prosecutors`` is ``reportbot quote "the AG"
prosecutors``. Piped input is read line by line with no prompt, for scripts and tests.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from bot import usecases
from bot.answers.layout import answer_layout, quotes_layout
from bot.answers.model import Answer
from bot.answers.text import sources_layout
from bot.conversation import Conversation
from bot.knowledge.errors import PackInvalid
from bot.store import KnowledgeStore
from bot.streams import clean
from bot.terminal import PLAIN, Terminal

HELP = """Type a question and press Enter (a number picks one of the choices offered). Commands,
with arguments quoted as on the command line (reportbot quote SPEAKER [TOPIC]):
  :more                    the last answer in full: every quote, each article's own words
  :quote SPEAKER [TOPIC]   quotes by a speaker, optionally on a topic: :quote "the AG" prosecutors
  :sources                 the outlets and articles behind the facts
  :reload                  reload the fact pack (the old facts stay if it is broken)
  :help                    this text
  :quit                    leave (or Ctrl-D)
Up and down arrows recall earlier lines; Tab completes commands and speakers."""

COMMANDS = (":more", ":quote", ":sources", ":reload", ":help", ":quit")
HISTORY_LENGTH = 1000


class Session:
    """One console user's conversation (follow-ups, the choices last offered) and the last
    answer (for ``:more``)."""

    def __init__(self) -> None:
        self.conversation = Conversation()
        self.last: Answer | None = None


def _quote(arguments: str, store: KnowledgeStore, terminal: Terminal) -> str:
    if "|" in arguments:  # the console's older "SPEAKER | TOPIC" form still works
        speaker_text, _, topic = arguments.partition("|")
        words = [speaker_text.strip(), topic.strip()]
    else:
        try:
            words = shlex.split(arguments)
        except ValueError as error:  # an unclosed quote
            return terminal.text(f"Could not read that: {error}. Usage: :quote SPEAKER [TOPIC]")
    if not words or not words[0] or len(words) > 2:
        return terminal.text(
            'Usage: :quote SPEAKER [TOPIC], e.g. :quote Sessions or :quote "the AG" prosecutors'
        )
    speaker_text, topic = words[0], words[1] if len(words) > 1 and words[1] else None
    found = usecases.quotes_of(store.snapshot, speaker_text, topic)
    if not found.found:
        return terminal.text(
            f"No single speaker matches {found.query!r}. Speakers: " + "; ".join(found.did_you_mean)
        )
    return terminal.render(quotes_layout(found.speaker, found.topic, found.quotes))


def handle_line(
    line: str,
    store: KnowledgeStore,
    session: Session | None = None,
    terminal: Terminal = PLAIN,
) -> str | None:
    """One console line to its reply, laid out for ``terminal``; None ends the session.

    A number picks one of the choices the last reply offered ("Did you mean: 1. … 2. …"), as
    in any conversation."""
    session = session if session is not None else Session()
    line = clean(line).strip()
    command, _, arguments = line.partition(" ")
    if command in (":quit", ":q", ":exit"):
        return None
    if command in (":help", ":h", "?help"):
        return terminal.text(HELP)
    if command == ":more":
        if session.last is None or not session.last.answered:
            return terminal.text("Nothing to show more of yet: ask a question first.")
        return terminal.render(answer_layout(session.last, full=True))
    snapshot = store.snapshot
    if command == ":sources":
        title = snapshot.knowledge.info.title
        return terminal.render(sources_layout(title, usecases.sources(snapshot)))
    if command == ":reload":
        result = store.reload()
        if result.ok and result.diff is not None:
            return terminal.text(f"Reloaded. {result.diff.summary()}")
        problems = "\n".join(f"  {error}" for error in result.errors)
        return f"Reload refused; still serving version {result.version}.\n{problems}"
    if command == ":quote":
        return _quote(arguments, store, terminal)
    if line.startswith(":"):
        return terminal.text(f"Unknown command {command!r}.\n{HELP}")
    answer = usecases.ask(snapshot, line, session.conversation)
    session.last = answer
    return terminal.render(answer_layout(answer))


def completions(line: str, store: KnowledgeStore) -> list[str]:
    """What Tab offers for the line typed so far: commands, then speakers after ``:quote``."""
    if " " not in line:
        return [c + " " for c in COMMANDS if c.startswith(line)] if line.startswith(":") else []
    command, _, rest = line.partition(" ")
    if command != ":quote" or " " in rest.strip():
        return []
    knowledge = store.snapshot.knowledge
    names: set[str] = set()
    for speaker in knowledge.speakers():
        entity = knowledge.entity(speaker)
        names.add(knowledge.name_of(speaker))
        names.update(getattr(entity, "aliases", ()) or ())
    folded = rest.casefold()
    found = sorted(n for n in names if n.casefold().startswith(folded))
    return [shlex.quote(n) + " " if " " in n else n + " " for n in found]


def history_file(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    state = env.get("XDG_STATE_HOME", "").strip()
    base = Path(state) if state and os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "reportbot" / "console_history"


@contextlib.contextmanager
def line_editing(store: KnowledgeStore) -> Iterator[Callable[[str], str]]:
    """``input`` with readline's editing, history (kept between sessions) and completion;
    plain ``input`` where readline is missing."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: still a working prompt
        yield input
        return
    path = history_file()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)
    offered: list[str] = []

    def complete(text: str, state: int) -> str | None:
        # readline asks for candidates 0, 1, … for the word under the cursor (``text``).
        if state == 0:
            offered[:] = completions(readline.get_line_buffer()[: readline.get_endidx()], store)
        return offered[state] if state < len(offered) else None

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    try:
        yield input
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)


def run_console(path: Path, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        store = KnowledgeStore.open(path)
    except PackInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return 2
    info = store.snapshot.knowledge.info
    terminal = Terminal.of(stdout)
    session = Session()
    banner = f"reportbot: {info.title} (version {info.version}). :help for commands."
    stdout.write(terminal.text(banner) + "\n")

    def respond(line: str) -> bool:
        """Answer one line; False once the session should end."""
        if not line.strip():
            return True
        reply = handle_line(line, store, session, terminal)
        if reply is None:
            return False
        stdout.write(reply + "\n\n")
        stdout.flush()
        return True

    if stdin is sys.stdin and stdin.isatty() and stdout.isatty():
        with line_editing(store) as prompt:
            while True:
                try:
                    line = prompt("> ")
                except EOFError:
                    stdout.write("\n")
                    return 0
                except KeyboardInterrupt:  # Ctrl-C drops the line, as shells do
                    stdout.write("\n")
                    continue
                if not respond(line):
                    return 0
    while True:
        line = stdin.readline()
        if not line or not respond(line):
            return 0
