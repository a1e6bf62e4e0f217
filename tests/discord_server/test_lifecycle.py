"""Start, stop, context manager, fixture: nothing of the server outlives ``stop()``."""

from __future__ import annotations

import asyncio
import dataclasses
import socket

import aiohttp
import pytest

from tests.discord_server import DiscordServer, WaitTimeout


def port_is_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


async def test_start_binds_a_free_loopback_port_and_stop_closes_it() -> None:
    before = asyncio.all_tasks()
    server = await DiscordServer().start()
    port = server.port
    assert port is not None and port_is_open(port)
    assert server.api_base == f"http://127.0.0.1:{port}/api/v10"
    assert server.gateway_url == f"ws://127.0.0.1:{port}/gateway"
    assert server.env() == {"REPORTBOT_DISCORD_API_BASE": server.api_base}

    # Exercise both halves: a REST call on a kept-alive connection and an open websocket.
    async with aiohttp.ClientSession() as session:
        async with session.get(server.api_base + "/gateway") as response:
            assert response.status == 200
        ws = await session.ws_connect(server.gateway_url + "?v=10&encoding=json")
        await ws.receive()  # HELLO
        await server.stop()
        closing = await ws.receive()
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        await ws.close()

    assert not server.running
    assert not port_is_open(port)
    leftover = asyncio.all_tasks() - before - {asyncio.current_task()}
    assert not leftover, leftover
    await server.stop()  # idempotent


async def test_context_manager_and_pending_waits_end_with_the_server() -> None:
    async with DiscordServer() as server:
        port = server.port
        assert port is not None and port_is_open(port)
        waiter = asyncio.create_task(server.wait_for_message(timeout=30))
        await asyncio.sleep(0)  # let the waiter register before the server stops
    assert not port_is_open(port)
    with pytest.raises(asyncio.CancelledError):
        await waiter


async def test_fixture_gives_a_running_server(discord_server: DiscordServer) -> None:
    assert discord_server.running
    async with (
        aiohttp.ClientSession() as session,
        session.get(discord_server.api_base + "/gateway") as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["url"] == discord_server.gateway_url


async def test_json_content_type_is_exactly_what_discord_py_parses(
    discord_server: DiscordServer,
) -> None:
    """discord.py compares the header to 'application/json' verbatim; no charset suffix."""
    headers = {"Authorization": f"Bot {discord_server.token}"}
    async with aiohttp.ClientSession() as session:
        for path in ("/users/@me", "/gateway/bot", "/no/such/route"):
            async with session.get(discord_server.api_base + path, headers=headers) as response:
                assert response.headers["Content-Type"] == "application/json", path


async def test_a_wait_times_out_with_the_recent_log(discord_server: DiscordServer) -> None:
    with pytest.raises(WaitTimeout, match="a message_create event"):
        await discord_server.wait_for_message(timeout=0.05)


async def test_a_server_bug_fails_fast_instead_of_triggering_retries(
    discord_server: DiscordServer,
) -> None:
    async def broken(call: object) -> None:
        raise RuntimeError("boom")

    routes = discord_server.rest.routes
    original = routes[0]
    assert original.pattern.pattern == "^/users/@me$"
    routes[0] = dataclasses.replace(original, handler=broken)
    headers = {"Authorization": f"Bot {discord_server.token}"}
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(discord_server.api_base + "/users/@me", headers=headers) as response,
        ):
            assert response.status == 400
    finally:
        routes[0] = original
    [violation] = discord_server.violations
    assert (violation.rule, violation.detail) == ("loopback_server_error", "RuntimeError: boom")
