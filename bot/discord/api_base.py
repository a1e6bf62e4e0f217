"""The one seam that points reportbot's Discord client somewhere other than discord.com.

Off by default. When ``REPORTBOT_DISCORD_API_BASE`` is set (e.g.
``http://127.0.0.1:PORT/api/v10``, the loopback server used by the end-to-end tests),
``apply_api_base()`` — called once before ``client.start()`` — redirects discord.py:

* REST: ``discord.http.Route.BASE``. Every REST call is built from it, including the
  interaction callback, follow-up and ``@original`` webhook routes, which
  ``discord.webhook.async_`` builds with the same ``Route`` class.
* Gateway: ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``, taken from that server's
  ``GET /gateway/bot``. A plain ``Client``/``Bot`` never asks for the gateway URL: it
  connects straight to ``DEFAULT_GATEWAY`` and falls back to it after an invalidated
  session; only ``AutoShardedClient`` calls ``/gateway/bot`` itself (through ``Route``).

Nothing else is touched: CDN URLs (``discord.Asset.BASE``) stay as they are, since
reportbot never downloads assets.
"""

from __future__ import annotations

import logging
import os

import aiohttp
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

ENV_VAR = "REPORTBOT_DISCORD_API_BASE"
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = yarl.URL("wss://gateway.discord.gg/")
API_VERSION_SUFFIX = "/api/v10"

_log = logging.getLogger(__name__)


class ApiBaseError(RuntimeError):
    """The configured API base is malformed or its gateway URL could not be fetched."""


async def apply_api_base(
    base: str | None = None, *, token: str | None = None, timeout: float = 10.0
) -> str | None:
    """Point discord.py at ``base`` (default: ``$REPORTBOT_DISCORD_API_BASE``).

    Returns the gateway URL now in use, or ``None`` (changing nothing) when no base is
    configured. With ``token`` the gateway URL comes from ``GET {base}/gateway/bot`` (as a
    bot would ask Discord); without one from the unauthenticated ``GET {base}/gateway``,
    which returns the same URL. Raises ``ApiBaseError`` if the base is not an
    ``http(s)://host[:port]/api/v10`` URL or the server cannot be reached, so a bad setting
    fails at start-up instead of silently talking to discord.com.
    """
    if base is None:
        base = os.environ.get(ENV_VAR, "")
    base = base.strip().rstrip("/")
    if not base:
        return None
    url = yarl.URL(base)
    if url.scheme not in ("http", "https") or not url.host or not base.endswith(API_VERSION_SUFFIX):
        raise ApiBaseError(
            f"{ENV_VAR} must look like http://HOST:PORT{API_VERSION_SUFFIX}, got {base!r}"
        )
    path, headers = "/gateway", {}
    if token is not None:
        path, headers = "/gateway/bot", {"Authorization": f"Bot {token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(base + path, headers=headers) as response,
        ):
            response.raise_for_status()
            gateway = (await response.json(content_type=None))["url"]
    except (aiohttp.ClientError, TimeoutError, KeyError, TypeError, ValueError) as exc:
        raise ApiBaseError(f"could not get the gateway URL from {base}{path}: {exc}") from exc
    Route.BASE = base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    _log.warning("Discord API base overridden: REST %s, gateway %s", base, gateway)
    return gateway


def reset_api_base() -> None:
    """Restore discord.py's real endpoints (tests call this after pointing elsewhere)."""
    Route.BASE = DISCORD_API_BASE
    DiscordWebSocket.DEFAULT_GATEWAY = DISCORD_GATEWAY
