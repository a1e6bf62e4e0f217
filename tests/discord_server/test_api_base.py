"""bot.discord.api_base: the one seam, off by default, redirecting REST and the gateway."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.discord.api_base import (
    DISCORD_API_BASE,
    DISCORD_GATEWAY,
    ENV_VAR,
    ApiBaseError,
    apply_api_base,
    reset_api_base,
)
from tests.discord_server import DiscordServer


@pytest.fixture(autouse=True)
def restore_discord_endpoints() -> Iterator[None]:
    reset_api_base()
    yield
    reset_api_base()


def untouched() -> bool:
    return Route.BASE == DISCORD_API_BASE and DiscordWebSocket.DEFAULT_GATEWAY == DISCORD_GATEWAY


async def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert await apply_api_base() is None
    monkeypatch.setenv(ENV_VAR, "  ")
    assert await apply_api_base() is None
    assert untouched()


async def test_env_var_redirects_rest_and_gateway(
    monkeypatch: pytest.MonkeyPatch, discord_server: DiscordServer
) -> None:
    monkeypatch.setenv(ENV_VAR, discord_server.api_base + "/")
    gateway = await apply_api_base()
    assert gateway == discord_server.gateway_url
    assert discord_server.api_base == Route.BASE
    assert yarl.URL(gateway) == DiscordWebSocket.DEFAULT_GATEWAY
    assert Route("GET", "/users/@me").url == discord_server.api_base + "/users/@me"
    [request] = discord_server.requests
    assert (request.path, request.authorized) == ("/api/v10/gateway", False)


async def test_with_a_token_it_asks_gateway_bot(discord_server: DiscordServer) -> None:
    assert await apply_api_base(discord_server.api_base, token=discord_server.token)
    [request] = discord_server.requests
    assert (request.path, request.authorized) == ("/api/v10/gateway/bot", True)


@pytest.mark.parametrize(
    "base",
    [
        "ftp://127.0.0.1/api/v10",
        "http://127.0.0.1:1/api/v9",
        "127.0.0.1:80/api/v10",
        "http:///api/v10",
    ],
)
async def test_malformed_bases_fail_loudly(base: str) -> None:
    with pytest.raises(ApiBaseError, match=ENV_VAR):
        await apply_api_base(base)
    assert untouched()


async def test_an_unreachable_or_refusing_server_fails_loudly() -> None:
    async with DiscordServer() as server:
        with pytest.raises(ApiBaseError, match="401"):
            await apply_api_base(server.api_base, token="wrong")
        base = server.api_base
    with pytest.raises(ApiBaseError, match="could not get the gateway URL"):
        await apply_api_base(base)
    assert untouched()


async def test_reset_restores_discord(discord_server: DiscordServer) -> None:
    await apply_api_base(discord_server.api_base)
    assert not untouched()
    reset_api_base()
    assert untouched()
