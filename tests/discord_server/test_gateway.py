"""The gateway at the wire level, without discord.py: frames, opcodes, close codes."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

from tests.discord_server import CloseCode, DiscordServer, Intent, Scene

SYNC_FLUSH = b"\x00\x00\xff\xff"


class RawGateway:
    """A minimal gateway client that checks every compressed frame as it decodes it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, compressed: bool) -> None:
        self.ws = ws
        self.inflater = zlib.decompressobj() if compressed else None
        self.compressed = compressed

    async def receive(self) -> dict[str, Any]:
        message = await self.ws.receive(timeout=30)
        if self.inflater is not None:
            assert message.type is aiohttp.WSMsgType.BINARY, message
            assert message.data.endswith(SYNC_FLUSH)
            return json.loads(self.inflater.decompress(message.data))
        assert message.type is aiohttp.WSMsgType.TEXT, message
        return json.loads(message.data)

    async def receive_dispatch(self, event: str) -> dict[str, Any]:
        while True:
            payload = await self.receive()
            if payload["op"] == 0 and payload["t"] == event:
                return payload

    async def send(self, op: int, data: Any) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": data}))

    async def identify(self, token: str, intents: int) -> dict[str, Any]:
        await self.send(
            2,
            {
                "token": token,
                "intents": intents,
                "properties": {"os": "linux", "browser": "raw", "device": "raw"},
            },
        )
        return await self.receive()


@asynccontextmanager
async def raw_gateway(
    server: DiscordServer, *, compressed: bool = True, path: str = ""
) -> AsyncIterator[RawGateway]:
    query = "?v=10&encoding=json" + ("&compress=zlib-stream" if compressed else "")
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(server.gateway_url + path + query)
        try:
            yield RawGateway(ws, compressed)
        finally:
            await ws.close()


async def test_hello_identify_ready_guild_create_over_zlib_stream(
    discord_server: DiscordServer, scene: Scene
) -> None:
    async with raw_gateway(discord_server) as gw:
        hello = await gw.receive()
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 41_250
        ready = await gw.identify(discord_server.token, int(Intent.GUILDS))
        assert ready["op"] == 0 and ready["t"] == "READY" and ready["s"] == 1
        data = ready["d"]
        assert data["user"]["id"] == str(discord_server.bot_user.id)
        assert data["application"] == {"id": str(discord_server.application_id), "flags": 0}
        assert data["guilds"] == [{"id": str(scene.guild.id), "unavailable": True}]
        assert data["resume_gateway_url"] == discord_server.gateway_url + "/resume"
        assert data["session_id"]
        guild = await gw.receive()
        assert guild["t"] == "GUILD_CREATE" and guild["s"] == 2
        assert [c["name"] for c in guild["d"]["channels"]] == ["newsdesk"]
        assert {r["name"] for r in guild["d"]["roles"]} >= {"@everyone", "Editors"}
        # Without GUILD_PRESENCES Discord sends only the bot's own member.
        assert [m["user"]["id"] for m in guild["d"]["members"]] == [str(discord_server.bot_user.id)]
        assert guild["d"]["member_count"] == 4
    info = discord_server.gateway_connections[0]
    assert (info.version, info.encoding, info.compress) == ("10", "json", "zlib-stream")


async def test_heartbeat_is_acked_and_the_server_can_ask_for_one(
    discord_server: DiscordServer,
) -> None:
    async with raw_gateway(discord_server, compressed=False) as gw:
        await gw.receive()
        await gw.send(1, None)
        assert (await gw.receive())["op"] == 11
        await gw.identify(discord_server.token, 0)
        await discord_server.request_heartbeat()
        assert (await gw.receive())["op"] == 1
        await gw.send(1, 1)
        assert (await gw.receive())["op"] == 11
    beats = [e.data["seq"] for e in discord_server.events.events if e.kind.value == "heartbeat"]
    assert beats == [None, 1]


async def test_request_guild_members_is_answered_with_chunks(
    discord_server: DiscordServer, scene: Scene
) -> None:
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        await gw.identify(discord_server.token, int(Intent.GUILDS | Intent.GUILD_MEMBERS))
        await gw.receive_dispatch("GUILD_CREATE")
        await gw.send(8, {"guild_id": str(scene.guild.id), "query": "", "limit": 0, "nonce": "n1"})
        chunk = (await gw.receive_dispatch("GUILD_MEMBERS_CHUNK"))["d"]
        assert chunk["nonce"] == "n1" and (chunk["chunk_index"], chunk["chunk_count"]) == (0, 1)
        names = sorted(m["user"]["username"] for m in chunk["members"])
        assert names == ["editor", "newsroom-owner", "reader", "reportbot"]
        await gw.send(8, {"guild_id": scene.guild.id, "query": "ed", "limit": 10})
        chunk = (await gw.receive_dispatch("GUILD_MEMBERS_CHUNK"))["d"]
        assert [m["user"]["username"] for m in chunk["members"]] == ["editor"]


async def test_a_bad_token_is_closed_with_4004(discord_server: DiscordServer) -> None:
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        await gw.send(2, {"token": "not-the-token", "intents": 0, "properties": {}})
        closing = await gw.ws.receive(timeout=30)
        assert closing.type is aiohttp.WSMsgType.CLOSE
        assert closing.data == CloseCode.AUTHENTICATION_FAILED


async def test_disallowed_privileged_intents_are_closed_with_4014() -> None:
    async with DiscordServer(allowed_privileged_intents=0) as server, raw_gateway(server) as gw:
        await gw.receive()
        await gw.send(
            2, {"token": server.token, "intents": int(Intent.MESSAGE_CONTENT), "properties": {}}
        )
        closing = await gw.ws.receive(timeout=30)
        assert closing.data == CloseCode.DISALLOWED_INTENTS


async def test_opcodes_before_identify_are_refused(discord_server: DiscordServer) -> None:
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        await gw.send(8, {"guild_id": "1", "query": "", "limit": 0})
        closing = await gw.ws.receive(timeout=30)
        assert closing.data == CloseCode.NOT_AUTHENTICATED


async def test_resume_replays_what_was_missed_then_sends_resumed(
    discord_server: DiscordServer, scene: Scene
) -> None:
    intents = int(Intent.GUILDS | Intent.GUILD_MESSAGES | Intent.MESSAGE_CONTENT)
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        ready = (await gw.identify(discord_server.token, intents))["d"]
        last = (await gw.receive_dispatch("GUILD_CREATE"))["s"]
        await discord_server.drop_connection()
    # Sent while nobody is connected: kept for the session.
    await discord_server.send_message(scene.member, scene.channel, "while you were away")
    async with raw_gateway(discord_server, path="/resume") as gw:
        await gw.receive()
        await gw.send(
            6, {"token": discord_server.token, "session_id": ready["session_id"], "seq": last}
        )
        missed = await gw.receive()
        assert missed["t"] == "MESSAGE_CREATE" and missed["s"] == last + 1
        assert missed["d"]["content"] == "while you were away"
        resumed = await gw.receive()
        assert resumed["t"] == "RESUMED" and resumed["s"] == last + 2
    assert (await discord_server.wait_for_resume())["replayed"] == 1
    assert discord_server.gateway_connections[-1].path == "/gateway/resume"


async def test_resuming_an_unknown_session_is_invalidated(
    discord_server: DiscordServer,
) -> None:
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        await gw.send(6, {"token": discord_server.token, "session_id": "nope", "seq": 3})
        invalid = await gw.receive()
        assert invalid["op"] == 9 and invalid["d"] is False


async def test_uncompressed_connections_get_text_frames(discord_server: DiscordServer) -> None:
    async with raw_gateway(discord_server, compressed=False) as gw:
        assert (await gw.receive())["op"] == 10
        assert (await gw.identify(discord_server.token, 0))["t"] == "READY"


async def test_message_content_is_withheld_without_the_intent(
    discord_server: DiscordServer, scene: Scene
) -> None:
    intents = int(Intent.GUILDS | Intent.GUILD_MESSAGES)
    async with raw_gateway(discord_server) as gw:
        await gw.receive()
        await gw.identify(discord_server.token, intents)
        await gw.receive_dispatch("GUILD_CREATE")
        await discord_server.send_message(scene.member, scene.channel, "secret")
        plain = (await gw.receive_dispatch("MESSAGE_CREATE"))["d"]
        assert plain["content"] == ""
        bot = discord_server.bot_user
        await discord_server.send_message(scene.member, scene.channel, f"{bot.mention} hi")
        mentioned = (await gw.receive_dispatch("MESSAGE_CREATE"))["d"]
        assert mentioned["content"] == f"{bot.mention} hi"
        assert mentioned["member"]["roles"] == []
        assert mentioned["mentions"][0]["id"] == str(bot.id)
