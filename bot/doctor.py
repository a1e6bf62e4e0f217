"""``reportbot doctor``: a pre-flight check of a deployment that needs no network.

Everything that can be known before connecting is checked, with the settings ``run`` would use
(environment, then ``.env``): the token's shape (and a pasted ``Bot`` prefix), the application
id inside it and the invite URL with the minimal permissions, the intents the configuration
needs (and which one is privileged), who may administer, the pack, the query log, the health
port. Each line says ``ok``, ``warn`` or ``FAIL`` and what to do; the exit code is 1 when
anything failed. What only Discord can tell (a revoked token, an intent not enabled in the
portal) ``reportbot run`` reports when it connects.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.discord.token import check_token, invite_url
from bot.settings import ENV_KNOWLEDGE, Settings

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass(frozen=True, slots=True)
class Finding:
    verdict: str  # OK, WARN or FAIL
    topic: str
    detail: str

    def __str__(self) -> str:
        return f"{self.verdict:<5} {self.topic}: {self.detail}"


def token_findings(settings: Settings) -> list[Finding]:
    shape = check_token(settings.token)
    if not shape.ok:
        assert shape.problem is not None
        return [Finding(FAIL, "token", shape.problem)]
    assert shape.application_id is not None
    return [
        Finding(
            OK,
            "token",
            f"shaped like a bot token, for application {shape.application_id} "
            "(whether Discord accepts it is checked when `reportbot run` logs in)",
        ),
        Finding(OK, "invite", invite_url(shape.application_id)),
    ]


def intent_findings(settings: Settings) -> list[Finding]:
    wanted = "guilds, guild messages, direct messages"
    if settings.wants_message_content:
        return [
            Finding(
                WARN,
                "intents",
                f"{wanted}, and the privileged Message Content intent, which "
                "REPORTBOT_ANSWER_CHANNEL_IDS needs: enable it in the Developer Portal (your "
                "application → Bot → Privileged Gateway Intents), or `run` stops with exit 3",
            )
        ]
    return [Finding(OK, "intents", f"{wanted}; no privileged intent needed")]


def admin_findings(settings: Settings) -> list[Finding]:
    detail = "the application's owner or team (read from Discord at login)"
    if settings.admin_role_ids:
        roles = ", ".join(map(str, sorted(settings.admin_role_ids)))
        servers = ", ".join(map(str, sorted(settings.admin_guilds)))
        detail += f"; roles {roles} in servers {servers}"
    if settings.admin_manage_server:
        detail += "; Manage Server in those servers"
    return [Finding(OK, "admin", detail)]


def pack_findings(settings: Settings) -> list[Finding]:
    from bot.knowledge.errors import PackInvalid
    from bot.knowledge.loader import load_pack

    path = settings.knowledge
    origin = settings.origin(ENV_KNOWLEDGE)
    if not path.exists():
        return [
            Finding(
                FAIL,
                "pack",
                f"{path} ({origin}) does not exist: set {ENV_KNOWLEDGE} to your pack's file or "
                "directory",
            )
        ]
    try:
        knowledge = load_pack(path)
    except PackInvalid as invalid:
        first = "; ".join(str(error) for error in invalid.errors[:3])
        more = f" (and {len(invalid.errors) - 3} more)" if len(invalid.errors) > 3 else ""
        return [
            Finding(
                FAIL,
                "pack",
                f"{path} ({origin}): {invalid}: {first}{more}; `reportbot validate` lists all",
            )
        ]
    info = knowledge.info
    return [
        Finding(
            OK,
            "pack",
            f"{path} ({origin}): {info.id!r} version {info.version}, "
            f"{len(knowledge.claims)} claims",
        )
    ]


def query_log_findings(settings: Settings) -> list[Finding]:
    setting = settings.query_log
    origin = settings.origin("REPORTBOT_QUERY_LOG")
    if setting.kind == "off":
        return [Finding(OK, "query log", f"off ({origin}): nothing is stored")]
    if setting.kind == "postgresql":
        return [
            Finding(
                WARN,
                "query log",
                f"{setting.describe()} ({origin}): not contacted (doctor stays offline); "
                "`reportbot run` reports it in /healthz if it cannot connect",
            )
        ]
    path = Path(setting.target)
    if path.exists():
        try:
            uri = f"file:{path}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=2)) as conn:
                found = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'reportbot_queries'"
                ).fetchone()[0]
                rows = (
                    conn.execute("SELECT count(*) FROM reportbot_queries").fetchone()[0]
                    if found
                    else 0
                )
        except sqlite3.Error as error:
            return [Finding(FAIL, "query log", f"{setting.describe()} ({origin}): {error}")]
        writable = os.access(path, os.W_OK)
        verdict = OK if writable else FAIL
        note = "" if writable else "; not writable by this user"
        return [
            Finding(
                verdict,
                "query log",
                f"{setting.describe()} ({origin}): {rows} entr{'y' if rows == 1 else 'ies'}{note}",
            )
        ]
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return [
            Finding(
                FAIL,
                "query log",
                f"{setting.describe()} ({origin}): {folder} is not a writable directory; "
                "answering would go on, but nothing would be logged",
            )
        ]
    return [Finding(OK, "query log", f"{setting.describe()} ({origin}): will be created")]


def health_findings(settings: Settings) -> list[Finding]:
    if settings.health_port is None:
        return [Finding(OK, "health", "off (REPORTBOT_HEALTH_PORT not set)")]
    where = f"{settings.health_host}:{settings.health_port}"
    family = socket.AF_INET6 if ":" in settings.health_host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((settings.health_host, settings.health_port))
    except OSError as error:
        return [
            Finding(FAIL, "health", f"{where} cannot be listened on ({error.strerror or error})")
        ]
    return [Finding(OK, "health", f"{where} is free")]


def settings_findings(settings: Settings) -> list[Finding]:
    findings = [
        Finding(WARN, "settings", f"{name} is not a reportbot setting (a typo?)")
        for name in settings.unknown
    ]
    return findings or [Finding(OK, "settings", "every variable is valid")]


def diagnose(settings: Settings) -> list[Finding]:
    """Every check, in the order an operator fixes things."""
    return [
        *settings_findings(settings),
        *token_findings(settings),
        *intent_findings(settings),
        *admin_findings(settings),
        *pack_findings(settings),
        *query_log_findings(settings),
        *health_findings(settings),
    ]


def cmd_doctor(args: argparse.Namespace) -> int:
    findings = diagnose(args.settings)
    print("reportbot doctor: local checks only, nothing is sent over the network")
    for finding in findings:
        print(f"  {finding}")
    failed = [f for f in findings if f.verdict == FAIL]
    if failed:
        print(f"{len(failed)} problem(s) to fix before `reportbot run`.")
        return 1
    print("Ready: `reportbot sync` once, then `reportbot run`.")
    return 0
