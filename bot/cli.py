"""The ``reportbot`` command: a thin adapter from the shell to the core.

Every subcommand starts the same way: the environment, then ``.env`` for what it leaves unset
(``--env-file``), read into one :class:`~bot.settings.Settings` by :mod:`bot.settings`, so
``validate``, ``ask`` and ``report`` see the pack and the query log that ``run`` serves. A bad
setting stops any command with its name; the engine is imported only after that, so the pack
loader too reads what ``.env`` set.

Exit codes: 0 success; 1 a question or lookup found nothing (``quote``), or ``doctor`` found a
problem; 2 bad usage, a bad setting or a fact pack that does not validate; 3 the Discord side
refused to start (token, intent, setting: a restart will not help); 4 Discord could not be
reached (a restart may).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot import __version__
from bot.settings import ENV_FILE, ENV_KNOWLEDGE, VARIABLES, ConfigError, environment_settings
from bot.streams import clean, forgiving_standard_streams, write_json_line

if TYPE_CHECKING:
    from bot.answers.model import Answer
    from bot.store import Snapshot

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2


def _emit_json(data: Any, out: TextIO) -> None:
    write_json_line(data, out)


def _load(args: argparse.Namespace) -> Snapshot:
    from bot.store import Snapshot

    return Snapshot.load(args.settings.knowledge)


def cmd_ask(args: argparse.Namespace) -> int:
    from bot import usecases
    from bot.answers.layout import answer_layout
    from bot.answers.serialize import answer_to_json
    from bot.terminal import Terminal

    snapshot = _load(args)
    terminal = Terminal.of(sys.stdout)

    def shown(answer: Answer) -> str:
        return terminal.render(answer_layout(answer, full=args.more))

    if args.question == "-":
        # One answer per input line as soon as it is read (a script may wait for each); an
        # undecodable byte is U+FFFD by now (forgiving_standard_streams), never a crash.
        for line in sys.stdin:
            answer = usecases.ask(snapshot, clean(line.rstrip("\r\n")))
            if args.json:
                _emit_json(answer_to_json(answer), sys.stdout)
            else:
                print(f"> {answer.question}\n{shown(answer)}\n", flush=True)
        return EXIT_OK
    answer = usecases.ask(snapshot, clean(args.question))
    if args.json:
        _emit_json(answer_to_json(answer), sys.stdout)
    else:
        print(shown(answer))
    return EXIT_OK


def cmd_quote(args: argparse.Namespace) -> int:
    from bot import usecases
    from bot.answers.layout import quotes_layout
    from bot.terminal import Terminal

    found = usecases.quotes_of(
        _load(args), clean(args.speaker), clean(args.topic) if args.topic else None
    )
    if not found.found:
        options = list(found.did_you_mean)
        message = f"No single speaker matches {args.speaker!r}."
        if args.json:
            _emit_json({"speaker": None, "error": message, "did_you_mean": options}, sys.stdout)
        else:
            print(message + " Speakers: " + "; ".join(options), file=sys.stderr)
        return EXIT_NOT_FOUND
    views, name = list(found.quotes), found.speaker
    if args.json:
        _emit_json(
            {
                "speaker": name,
                "speaker_id": found.speaker_id,
                "topic": args.topic,
                "quotes": [
                    {
                        "id": v.id,
                        "speaker": v.speaker,
                        "text": v.text,
                        "to": v.to,
                        "setting": v.setting,
                        "when": v.when,
                        "reports": [
                            {
                                "outlet": c.outlet,
                                "text": c.text,
                                "speaker": c.speaker,
                                "via": list(c.via),
                                "credit": c.credit,
                                "to": c.to,
                                "setting": c.setting,
                                "when": c.when,
                            }
                            for c in v.carriers
                        ],
                    }
                    for v in views
                ],
            },
            sys.stdout,
        )
    else:
        print(Terminal.of(sys.stdout).render(quotes_layout(name, args.topic, views)))
    return EXIT_OK if views else EXIT_NOT_FOUND


def cmd_sources(args: argparse.Namespace) -> int:
    from bot import usecases
    from bot.answers.text import sources_layout
    from bot.terminal import Terminal

    snapshot = _load(args)
    knowledge = snapshot.knowledge
    views = usecases.sources(snapshot)
    if args.json:
        _emit_json(
            {
                "pack": {
                    "id": knowledge.info.id,
                    "title": knowledge.info.title,
                    "version": knowledge.info.version,
                },
                "articles": [
                    {
                        "id": v.article,
                        "outlet": v.outlet,
                        "outlet_known": v.outlet_known,
                        "headline": v.headline,
                        "published": v.published,
                        "url": v.url,
                        "credits": list(v.credits),
                        "claims": v.claims,
                        "quotes": v.quotes,
                    }
                    for v in views
                ],
            },
            sys.stdout,
        )
    else:
        print(Terminal.of(sys.stdout).render(sources_layout(knowledge.info.title, views)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.knowledge.errors import PackInvalid
    from bot.knowledge.loader import load_pack

    path = args.path or args.settings.knowledge
    origin = "argument" if args.path else args.settings.origin(ENV_KNOWLEDGE)
    # Which pack, and why: "OK" about the bundled pack while the bot serves another misleads.
    print(f"reportbot: validating {path} ({origin})", file=sys.stderr)
    try:
        knowledge = load_pack(path)
    except PackInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return EXIT_USAGE
    print(
        f"{path}: OK, pack {knowledge.info.id!r} version {knowledge.info.version}: "
        f"{len(knowledge.articles)} articles, {len(knowledge.claims)} claims, "
        f"{len(knowledge.quotes)} quotes, {len(knowledge.discrepancies)} discrepancies, "
        f"{len(knowledge.gaps)} gaps, {len(knowledge.timeline)} timeline events"
    )
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from bot.knowledge.coverage import coverage, coverage_to_json, render_coverage
    from bot.knowledge.loader import load_pack

    path = Path(args.path) if args.path else Path(args.settings.knowledge)
    report = coverage(load_pack(path), path)
    if args.json:
        _emit_json(coverage_to_json(report), sys.stdout)
    else:
        print(render_coverage(report))
    return EXIT_OK  # uncited sentences are information for the curator, not a failure


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    return run_console(args.settings.knowledge)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="PATH",
        help=f"fact pack file or directory (default: ${ENV_KNOWLEDGE}, else the bundled pack)",
    )
    common.add_argument(
        "--env-file",
        metavar="PATH",
        help=f"read unset variables from this file (default: ${ENV_FILE}, else ./.env)",
    )
    parser = argparse.ArgumentParser(
        prog="reportbot", description="Sourced answers about a body of news reporting."
    )
    parser.add_argument("--version", action="version", version=f"reportbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", parents=[common], help="answer a question")
    ask.add_argument("question", help="the question, or - to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    ask.add_argument(
        "--more",
        action="store_true",
        help="the full account: every quote, each article's own words and chain of credit",
    )
    ask.set_defaults(func=cmd_ask)

    quote = sub.add_parser("quote", parents=[common], help="quotes by a speaker, on a topic")
    quote.add_argument("speaker", help='a name or short form: "Sessions", "the AG", "Rod"')
    quote.add_argument("topic", nargs="?", help="optional topic to narrow the quotes")
    quote.add_argument("--json", action="store_true")
    quote.set_defaults(func=cmd_quote)

    sources = sub.add_parser("sources", parents=[common], help="the outlets and articles")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(func=cmd_sources)

    validate = sub.add_parser("validate", parents=[common], help="check a fact pack")
    validate.add_argument("path", nargs="?", help="pack file or directory (default as above)")
    validate.set_defaults(func=cmd_validate)

    cover = sub.add_parser(
        "coverage", parents=[common], help="which article sentences the pack cites, and which not"
    )
    cover.add_argument("path", nargs="?", help="pack file or directory (default as above)")
    cover.add_argument("--json", action="store_true")
    cover.set_defaults(func=cmd_coverage)

    console = sub.add_parser("console", parents=[common], help="an interactive session")
    console.set_defaults(func=cmd_console)

    doctor = sub.add_parser(
        "doctor",
        parents=[common],
        help="check the set-up without going online",
        description="Check token shape, invite URL, intents, admins, pack, query log and "
        "health port, offline. Exit 0 when nothing failed, 1 otherwise.",
    )
    doctor.set_defaults(func=_cmd_doctor)

    from bot.querylog.cli import cmd_erase_user, cmd_report, parse_since, query_log_options

    qlog = query_log_options()
    report = sub.add_parser(
        "report", parents=[common, qlog], help="the most frequent declined questions"
    )
    report.add_argument("--limit", type=int, default=20, metavar="N", help="at most N (20)")
    report.add_argument("--since", type=parse_since, metavar="ISO", help="asked since (UTC)")
    report.add_argument("--guild", type=int, metavar="ID", help="only in this server")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_report)

    erase = sub.add_parser(
        "erase-user", parents=[common, qlog], help="erase a user's logged questions"
    )
    erase.add_argument("user_id", type=int, metavar="USER_ID", help="the Discord user id")
    erase.set_defaults(func=cmd_erase_user)

    try:
        from bot.discord.commands import add_discord_commands
    except ImportError:  # the Discord adapter is optional for the offline core
        pass
    else:
        add_discord_commands(sub, common)
    return parser


def _cmd_doctor(args: argparse.Namespace) -> int:
    # imported when run: its checks are no part of answering a question's start-up time
    from bot.doctor import cmd_doctor

    return cmd_doctor(args)


def _warn_unknown(names: Sequence[str]) -> None:
    """A ``REPORTBOT_*`` variable that is no setting is most likely a typo: say so."""
    for name in names:
        close = difflib.get_close_matches(name, list(VARIABLES), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        print(f"reportbot: warning: {name} is not a reportbot setting{hint}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    forgiving_standard_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.settings = environment_settings(args.env_file, knowledge=args.knowledge)
    except ConfigError as error:
        print(f"reportbot: {error}", file=sys.stderr)
        return int(getattr(args, "config_exit", EXIT_USAGE))
    _warn_unknown(args.settings.unknown)
    from bot.knowledge.errors import PackInvalid

    try:
        return int(args.func(args))
    except PackInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped to a program that stopped reading (`| head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
