"""Fault injection, checked against the probe bot (ordinary discord.py code).

Each test injects one fault and asserts both sides: what the server sent (close codes, op 7/9,
429 headers, 5xx bodies) and how discord.py reacted (resumed or identified anew, replayed what
it missed, waited ``retry_after`` and sent the same call again). Timeouts are generous: the
machine may be busy, and discord.py backs off for a random 0-2 s after a refused connection.
"""

from __future__ import annotations

import aiohttp
import pytest

from tests.discord_server import DiscordServer, EventKind, Scene
from tests.discord_server.faults import CREATE_MESSAGE, INTERACTION_CALLBACK
from tests.discord_server.probe import ProbeBot

RECOVERY = 20.0  # seconds; a recovery normally takes milliseconds


async def ping(server: DiscordServer, scene: Scene, *, timeout: float = 10.0) -> None:
    """The bot answers a fresh "!ping" (it is connected and handling events)."""
    await server.send_message(scene.member, scene.channel, "!ping")
    reply = await server.wait_for_message(scene.channel, timeout=timeout)
    assert reply.content == "pong"


# --------------------------------------------------------------------------- gateway


async def test_a_dropped_socket_is_resumed_and_what_was_missed_replayed(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    server = discord_server
    async with server.faults.gateway_outage() as fault:  # drops, then holds reconnections
        assert not server.core.gateway.connected
        await server.send_message(scene.member, scene.channel, "!ping")  # while away
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.same_session
    assert recovery.replayed == 1 and recovery.resume_refused == 0
    assert recovery.connection is not None and recovery.connection.path == "/gateway/resume"
    assert (await server.wait_for_message(scene.channel, timeout=10)).content == "pong"
    assert server.faults.lost == []
    assert server.violations == []


@pytest.mark.parametrize("code", [4000, 1001, None], ids=["4000", "1001", "tcp-reset"])
async def test_drops_with_resumable_codes_and_a_tcp_reset_are_resumed(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot, code: int | None
) -> None:
    fault = await discord_server.faults.drop_gateway(code)
    recovery = await discord_server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.same_session, discord_server.faults.describe()
    dropped = next(
        c for c in discord_server.gateway_connections if c.session_id == fault.session_id
    )
    assert dropped.closed_by_server
    await ping(discord_server, scene)
    assert discord_server.violations == []


async def test_a_session_ending_close_code_is_refused_resume_then_identified(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = await discord_server.faults.drop_gateway(4009)  # session timed out
    recovery = await discord_server.faults.wait_recovered(fault, timeout=RECOVERY)
    # discord.py tries to RESUME any drop it can handle; Discord answers op 9 d=false.
    assert recovery.resume_refused == 1
    assert recovery.how == "identified" and not recovery.same_session
    # (discord.py identifies at the URL it last connected to, here resume_gateway_url.)
    assert recovery.connection is not None and not recovery.connection.resumed
    await ping(discord_server, scene)


async def test_invalid_session_resumable_is_resumed(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = await discord_server.faults.invalid_session(resumable=True)
    recovery = await discord_server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.same_session
    assert recovery.client_close_code == 4000  # discord.py closes, then resumes
    await ping(discord_server, scene)
    assert discord_server.faults.lost == []


async def test_invalid_session_not_resumable_loses_what_happens_until_the_next_ready(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    server = discord_server
    # Hold the gap open (no HELLO until the block ends) so that events land inside it.
    async with server.faults.gateway_outage(drop=False):
        fault = await server.faults.invalid_session(resumable=False)
        assert server.faults.in_session_gap
        gone = await server.send_message(scene.member, scene.channel, "!ping")
        handle = await server.invoke_command(scene.member, scene.channel, "ask", {"question": "x"})
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "identified" and not recovery.same_session
    assert recovery.client_close_code == 1000  # discord.py ends the dead session cleanly
    assert not server.faults.in_session_gap
    lost = [(item.event, item.data["id"]) for item in server.faults.lost]
    assert lost == [("MESSAGE_CREATE", str(gone.id)), ("INTERACTION_CREATE", str(handle.id))]
    assert server.faults.lost[1].interaction is handle
    await ping(server, scene)
    # The lost message was never answered: the only pong is the fresh one.
    assert [m.content for m in server.bot_messages()] == ["pong"]
    # An undelivered interaction is the fault's doing, not a broken rule by the bot.
    server.interaction_deadline = 0.0
    server.assert_no_violations()


async def test_reconnect_opcode_is_resumed_at_the_resume_url(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = await discord_server.faults.request_reconnect()
    recovery = await discord_server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.same_session
    assert recovery.client_close_code == 4000
    assert recovery.connection is not None and recovery.connection.path == "/gateway/resume"
    await ping(discord_server, scene)


async def test_a_refused_reconnection_backs_off_then_resumes(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    server = discord_server
    async with server.faults.gateway_outage(refuse=True) as fault:
        await server.send_message(scene.member, scene.channel, "!ping")
        # discord.py's first reconnection (a RESUME attempt) is refused with a 503.
        refused = await server.wait_for_event(
            EventKind.GATEWAY_CONNECTION_REFUSED, timeout=RECOVERY
        )
        assert refused.data["path"] == "/gateway/resume"
    recovery = await server.faults.wait_recovered(fault, timeout=RECOVERY)
    assert recovery.how == "resumed" and recovery.replayed == 1
    assert (await server.wait_for_message(scene.channel, timeout=10)).content == "pong"


async def test_gateway_faults_need_a_connected_session(discord_server: DiscordServer) -> None:
    with pytest.raises(RuntimeError):
        await discord_server.faults.drop_gateway()
    with pytest.raises(RuntimeError):
        await discord_server.faults.request_reconnect()


# --------------------------------------------------------------------------- REST


async def test_a_429_is_waited_out_and_the_same_call_sent_again(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = discord_server.faults.rate_limit(CREATE_MESSAGE, retry_after=0.4)
    await ping(discord_server, scene)
    [retry] = await discord_server.faults.wait_retried(fault)
    assert retry.refused.status == 429 and retry.retry is not None and retry.retry.status == 200
    assert retry.waited is not None and retry.waited >= 0.4
    assert retry.refused.response == {
        "message": "You are being rate limited.",
        "retry_after": 0.4,
        "global": False,
    }
    assert fault.recovered and fault.exhausted
    assert len(discord_server.bot_messages()) == 1  # the refused call had no effect
    assert discord_server.violations == []


async def test_a_global_429_holds_every_request(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = discord_server.faults.rate_limit(CREATE_MESSAGE, retry_after=0.5, global_=True)
    await ping(discord_server, scene)
    [retry] = await discord_server.faults.wait_retried(fault)
    assert retry.waited is not None and retry.waited >= 0.5
    assert retry.refused.response["global"] is True


async def test_a_429_on_an_interaction_response_is_retried_within_the_deadline(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    fault = discord_server.faults.rate_limit(INTERACTION_CALLBACK, retry_after=0.3, times=2)
    handle = await discord_server.invoke_command(
        scene.member, scene.channel, "ask", {"question": "budget"}
    )
    response = await handle.wait_response(timeout=10)
    assert response.accepted and response.content == "Q: budget"
    assert [r.status for r in fault.hits] == [429, 429]
    retries = await discord_server.faults.wait_retried(fault)
    assert all(r.waited is not None and r.waited >= 0.3 for r in retries)
    assert handle.response_latency is not None and 0.6 <= handle.response_latency < 3.0
    assert len(handle.attempts) == 1  # the server saw one callback, not three
    assert discord_server.violations == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_5xx_is_retried(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot, status: int
) -> None:
    fault = discord_server.faults.fail(CREATE_MESSAGE, status=status)
    if status == 503:
        # discord.py retries 500, 502, 504 (and 524); a 503 is raised to the caller.
        await discord_server.send_message(scene.member, scene.channel, "!ping")
        await discord_server.wait_for_request("POST", "/messages$", timeout=10)
        with pytest.raises(AssertionError):
            await discord_server.wait_for_message(scene.channel, timeout=2.5)
        assert fault.retries()[0].retry is None and not fault.recovered
        return
    await ping(discord_server, scene)
    [retry] = await discord_server.faults.wait_retried(fault)
    assert retry.refused.status == status
    assert retry.waited is not None and retry.waited >= 1.0  # discord.py sleeps 1 s first
    assert fault.recovered
    assert len(discord_server.bot_messages()) == 1


async def test_fault_answers_look_like_discord(discord_server: DiscordServer) -> None:
    server = discord_server
    server.faults.rate_limit("GET /users/@me", retry_after=1.25)
    server.faults.rate_limit("GET /users/@me", retry_after=2.0, global_=True)
    server.faults.fail("GET /users/@me", status=500)
    server.faults.fail("GET /users/@me", status=502)
    headers = {"Authorization": f"Bot {server.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(server.api_base + "/users/@me", headers=headers) as response:
            assert response.status == 429
            assert response.headers["Content-Type"] == "application/json"
            assert response.headers["Via"]  # discord.py needs it to trust the 429
            assert response.headers["Retry-After"] == "2"
            assert response.headers["X-RateLimit-Remaining"] == "0"
            assert response.headers["X-RateLimit-Reset-After"] == "1.250"
            assert response.headers["X-RateLimit-Scope"] == "user"
            assert response.headers["X-RateLimit-Bucket"]
            assert "X-RateLimit-Global" not in response.headers
            assert await response.json() == {
                "message": "You are being rate limited.",
                "retry_after": 1.25,
                "global": False,
            }
        async with session.get(server.api_base + "/users/@me", headers=headers) as response:
            assert response.status == 429
            assert response.headers["X-RateLimit-Global"] == "true"
            assert response.headers["X-RateLimit-Scope"] == "global"
            assert "X-RateLimit-Bucket" not in response.headers
            assert (await response.json())["global"] is True
        async with session.get(server.api_base + "/users/@me", headers=headers) as response:
            assert response.status == 500
            assert await response.json() == {"message": "500: Internal Server Error", "code": 0}
        async with session.get(server.api_base + "/users/@me", headers=headers) as response:
            assert response.status == 502 and "Bad Gateway" in await response.text()
        async with session.get(server.api_base + "/users/@me", headers=headers) as response:
            assert response.status == 200  # every fault used up
    assert [r.status for r in server.requests] == [429, 429, 500, 502, 200]
    assert len(server.faults.log) == 4 and all(f.exhausted for f in server.faults.log)
    assert server.violations == []


async def test_routes_are_checked_and_matched_by_template(discord_server: DiscordServer) -> None:
    faults = discord_server.faults
    with pytest.raises(ValueError, match="matches no route"):
        faults.fail("POST /channels/{channel_id}/mesages")
    with pytest.raises(ValueError):
        faults.fail(CREATE_MESSAGE, status=404)
    with pytest.raises(ValueError):
        faults.rate_limit("channels/1/messages")
    fault = faults.fail("* /users/{user_id}", times=2)
    assert fault.matches("GET", "/users/42") and fault.matches("GET", "/users/@me")
    assert not fault.matches("GET", "/users/42/extra")
    faults.clear()
    headers = {"Authorization": f"Bot {discord_server.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(discord_server.api_base + "/users/@me", headers=headers) as response,
    ):
        assert response.status == 200  # cleared faults no longer answer
