"""``reportbot report`` and ``reportbot erase-user``: the operator's side of the query log.

Both read ``REPORTBOT_QUERY_LOG`` like the bot (``--query-log`` overrides it), so run them with
the bot's environment. Exit codes: 0 done; 1 no query log to read, or the database failed;
2 bad usage or the query log is off.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from bot.querylog.config import ENV_LOG_USER_IDS, ENV_QUERY_LOG, QueryLogSetting, open_backend
from bot.querylog.model import QueryLogError, UnansweredQuestion, utc

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_since(text: str) -> datetime:
    """``2026-11-01`` or ``2026-11-01T08:00`` (UTC) or with an offset; for ``--since``."""
    try:
        return utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {text!r}") from None


def query_log_options() -> argparse.ArgumentParser:
    """A parent parser with ``--query-log``, shared by both commands."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--query-log",
        metavar="SETTING",
        help=f"file path or postgresql:// URL (default: ${ENV_QUERY_LOG}, "
        "else ./reportbot-queries.sqlite3)",
    )
    return options


def _setting(args: argparse.Namespace) -> QueryLogSetting | None:
    """``--query-log``, else the bot's own ``REPORTBOT_QUERY_LOG`` (environment, then .env)."""
    try:
        if args.query_log:
            return QueryLogSetting.parse(args.query_log)
    except ValueError as error:
        print(f"reportbot: {error}", file=sys.stderr)
        return None
    return args.settings.query_log  # type: ignore[no-any-return]


def _origin(args: argparse.Namespace) -> str:
    return "--query-log" if args.query_log else args.settings.origin(ENV_QUERY_LOG)


def _as_json(q: UnansweredQuestion) -> dict[str, object]:
    return {
        "question": q.example,
        "normalised": q.normalised,
        "count": q.count,
        "last_seen": q.last_seen.isoformat(),
    }


def cmd_report(args: argparse.Namespace) -> int:
    setting = _setting(args)
    if setting is None:
        return EXIT_USAGE
    if setting.kind == "off":
        print(f"reportbot: the query log is off (${ENV_QUERY_LOG})", file=sys.stderr)
        return EXIT_USAGE
    if setting.kind == "sqlite" and not Path(setting.target).exists():
        print(
            f"reportbot: no query log at {setting.target} ({_origin(args)}); the bot writes "
            f"where its {ENV_QUERY_LOG} says: run this with the bot's environment or --env-file",
            file=sys.stderr,
        )
        return EXIT_FAILED

    async def read() -> list[UnansweredQuestion]:
        log = open_backend(setting)
        try:
            return await log.top_unanswered(args.limit, args.since, args.guild)
        finally:
            await log.close()

    # Which log this is, and why: reading an empty log by mistake looks like "all answered".
    print(f"reportbot: query log {setting.describe()} ({_origin(args)})", file=sys.stderr)
    try:
        import asyncio  # here, not at import: `reportbot ask` builds this parser too

        rows = asyncio.run(read())
    except QueryLogError as error:
        print(f"reportbot: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        document = {
            "schema": 1,
            "query_log": setting.kind,
            "since": args.since.isoformat() if args.since else None,
            "guild_id": args.guild,
            "questions": [_as_json(q) for q in rows],
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        return EXIT_OK
    scope = f" since {args.since:%Y-%m-%d %H:%M} UTC" if args.since else ""
    if not rows:
        print(f"No declined questions{scope} ({setting.describe()}).")
        return EXIT_OK
    print(f"Most frequent declined questions{scope} ({setting.describe()}):")
    print(f"{'count':>7}  {'last seen (UTC)':<16}  question")
    for q in rows:
        print(f"{q.count:>7}  {q.last_seen:%Y-%m-%d %H:%M}  {q.example}")
    return EXIT_OK


def cmd_erase_user(args: argparse.Namespace) -> int:
    setting = _setting(args)
    if setting is None:
        return EXIT_USAGE
    if setting.kind == "off":
        print(f"reportbot: the query log is off (${ENV_QUERY_LOG}); nothing stored")
        return EXIT_OK
    if setting.kind == "sqlite" and not Path(setting.target).exists():
        print(f"Erased 0 entries: no query log at {setting.target}.")
        return EXIT_OK

    async def erase() -> int:
        log = open_backend(setting)
        try:
            return await log.erase_user(args.user_id)
        finally:
            await log.close()

    try:
        import asyncio

        erased = asyncio.run(erase())
    except QueryLogError as error:
        print(f"reportbot: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"Erased {erased} entr{'y' if erased == 1 else 'ies'} of user {args.user_id} "
        f"({setting.describe()})."
    )
    if not args.settings.log_user_ids:
        print(
            f"(User ids are stored only with {ENV_LOG_USER_IDS}=1, and it is not set here: "
            "entries written without it name nobody, neither in a server nor in a direct "
            "message, so none of them can be traced to this user.)"
        )
    return EXIT_OK
