"""``reportbot run`` and ``reportbot sync``: the Discord side from the shell.

Both read settings from the environment and an optional ``.env`` file and refuse clearly —
naming the variable, with exit code 3 and no traceback — when something is missing or wrong.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.settings import ENV_TOKEN, Settings

EXIT_START_FAILED = 3
log = logging.getLogger("reportbot.discord")

MISSING_TOKEN = (
    f"reportbot: {ENV_TOKEN} is not set. Put your bot's token (Developer Portal → your "
    f"application → Bot → Reset Token) in the environment or in a .env file as "
    f"{ENV_TOKEN}=...; see docs/discord.md."
)


def _settings(args: argparse.Namespace) -> Settings | None:
    """The settings ``bot.cli`` read, or None after printing why a Discord command cannot
    start with them."""
    settings: Settings = args.settings
    if not settings.token:
        print(MISSING_TOKEN, file=sys.stderr)
        return None
    from bot.discord.token import check_token

    shape = check_token(settings.token)
    if not shape.ok:  # before any DNS lookup or connection: say what is wrong with it
        print(f"reportbot: {shape.problem}", file=sys.stderr)
        return None
    # The shared logging set-up redacts the token from every record, discord.py's included.
    from bot.observability.logging import configure_logging

    configure_logging(level=settings.log_level, fmt=settings.log_format, secrets=settings.secrets())
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return EXIT_START_FAILED
    from bot.discord.app import StartError, run_bot
    from bot.store import KnowledgeStore

    # A broken pack stops here with every problem listed (exit 2, from the CLI's handler).
    store = KnowledgeStore.open(settings.knowledge)
    info = store.snapshot.knowledge.info
    log.info("facts %r version %s loaded from %s", info.id, info.version, settings.knowledge)
    try:
        import asyncio  # here: every command builds this parser, only `run` needs asyncio

        asyncio.run(run_bot(settings, store, sync=args.sync))
    except StartError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        pass
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings is None:
        return EXIT_START_FAILED
    from bot.discord.app import StartError, sync_only

    guild_ids: tuple[int, ...] | None = tuple(args.guild) if args.guild else None
    if args.global_:
        guild_ids = ()
    try:
        import asyncio

        lines = asyncio.run(sync_only(settings, guild_ids=guild_ids))
    except StartError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return exc.exit_code
    for line in lines:
        print(f"synced {line}")
    return 0


def add_discord_commands(
    sub: argparse._SubParsersAction,
    common: argparse.ArgumentParser,  # type: ignore[type-arg]
) -> None:
    """Called by ``bot.cli`` to add ``run`` and ``sync``."""
    run = sub.add_parser(
        "run",
        parents=[common],
        help="run the Discord bot (needs DISCORD_TOKEN)",
        description="Connect to Discord and answer until interrupted. Settings come from the "
        "environment and .env; see docs/discord.md.",
    )
    run.add_argument(
        "--sync",
        action="store_true",
        help="register the slash commands before connecting (Discord limits how often)",
    )
    run.set_defaults(func=cmd_run, config_exit=EXIT_START_FAILED)

    sync = sub.add_parser(
        "sync",
        parents=[common],
        help="register the slash commands with Discord",
        description="Register the slash commands: in each guild of REPORTBOT_GUILD_IDS "
        "(instant), or globally (may take up to an hour to show).",
    )
    sync.add_argument(
        "--guild", type=int, action="append", metavar="ID", help="sync to this guild (repeatable)"
    )
    sync.add_argument(
        "--global",
        dest="global_",
        action="store_true",
        help="sync globally even if REPORTBOT_GUILD_IDS is set",
    )
    sync.set_defaults(func=cmd_sync, config_exit=EXIT_START_FAILED)
