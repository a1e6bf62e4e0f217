"""What a bot token looks like, checked before anything goes on the network.

A Discord bot token is three dot-separated parts of URL-safe base64: the bot's user id (which
is the application id for any application made in the last years), a timestamp, and an HMAC.
A token that cannot be one (pasted with its ``Bot`` prefix, in quotes, cut short, or the
OAuth2 client secret instead) would otherwise be discovered only after a DNS lookup and a login
round trip, and reported as "could not reach Discord" or "refused". Here it is refused at once,
saying what is wrong. The shape says nothing about validity: only Discord can tell a revoked
token, and ``reportbot run`` reports that as before.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from bot.settings import ENV_TOKEN, MAX_SNOWFLAKE

_PART = re.compile(r"^[A-Za-z0-9_-]+$")
#: View Channels, Send Messages, Send Messages in Threads, Embed Links, Read Message History
#: (docs/discord.md explains each).
INVITE_PERMISSIONS = 274877991936


@dataclass(frozen=True, slots=True)
class TokenShape:
    """The verdict on a token: the application id it carries, or what is wrong with it."""

    application_id: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _fail(problem: str) -> TokenShape:
    return TokenShape(None, f"{ENV_TOKEN} {problem}")


def _application_id(first: str) -> int | None:
    try:
        decoded = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not decoded.isdigit() or not 0 < int(decoded) <= MAX_SNOWFLAKE:
        return None
    return int(decoded)


def check_token(token: str | None) -> TokenShape:
    """Whether ``token`` can be a bot token, and the application id inside it."""
    if not token or not token.strip():
        return _fail("is not set")
    token = token.strip()
    lowered = token.lower()
    if lowered.startswith(("bot ", "bearer ")):
        prefix = token.split(" ", 1)[0]
        return _fail(
            f"starts with {prefix!r}: put the token alone (reportbot adds the 'Bot ' prefix "
            "when it talks to Discord)"
        )
    if token[0] in "\"'" or token[-1] in "\"'":
        return _fail("is wrapped in quotes: remove them (a .env value needs none)")
    if any(ch.isspace() for ch in token):
        return _fail("contains a space or a line break: copy the token again, in one piece")
    parts = token.split(".")
    if len(parts) != 3 or not all(_PART.match(part) for part in parts):
        hint = ""
        if len(parts) == 1 and len(token) == 32:
            hint = " That looks like the OAuth2 client secret: the bot token is under Bot."
        return _fail(
            "does not look like a bot token (three parts of letters, digits, - and _, "
            f"separated by dots).{hint} Copy it from the Developer Portal: your application → "
            "Bot → Reset Token."
        )
    first, stamp, mac = parts
    application_id = _application_id(first)
    if application_id is None:
        return _fail(
            "does not look like a bot token: its first part should encode the bot's id. "
            "Copy it again from the Developer Portal: your application → Bot → Reset Token."
        )
    if len(stamp) < 6 or len(mac) < 27:
        return _fail(
            "looks cut short: copy the whole token again (Developer Portal → Bot → Reset Token)"
        )
    return TokenShape(application_id, None)


def invite_url(application_id: int, permissions: int = INVITE_PERMISSIONS) -> str:
    """The invite with the two scopes and the minimal permissions reportbot uses."""
    return (
        f"https://discord.com/oauth2/authorize?client_id={application_id}"
        f"&scope=bot+applications.commands&permissions={permissions}"
    )
