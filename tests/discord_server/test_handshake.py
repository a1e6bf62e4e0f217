"""discord.py's own start-up, keep-alive and recovery paths against the server."""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket

from tests.discord_server import DiscordServer, EventKind, Scene
from tests.discord_server.harness import running_client
from tests.discord_server.probe import ProbeBot


async def test_login_and_handshake_over_zlib_stream(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    calls = [(r.method, r.path, r.status) for r in discord_server.requests]
    assert calls[:4] == [
        ("GET", "/api/v10/gateway/bot", 200),  # apply_api_base
        ("GET", "/api/v10/users/@me", 200),  # discord.py login
        ("GET", "/api/v10/oauth2/applications/@me", 200),
        ("PUT", f"/api/v10/applications/{discord_server.application_id}/commands", 200),
    ]
    assert all(r.authorized for r in discord_server.requests)
    assert yarl.URL(discord_server.gateway_url) == DiscordWebSocket.DEFAULT_GATEWAY
    [connection] = discord_server.gateway_connections
    assert (connection.path, connection.version, connection.encoding, connection.compress) == (
        "/gateway",
        "10",
        "json",
        "zlib-stream",
    )
    assert probe.user is not None and probe.user.id == discord_server.bot_user.id
    assert probe.application_id == discord_server.application_id
    assert discord_server.violations == []


async def test_the_bot_sees_guild_channels_roles_and_chunked_members(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    guild = probe.get_guild(scene.guild.id)
    assert guild is not None and guild.name == "Newsroom"
    assert [c.name for c in guild.text_channels] == ["newsdesk"]
    assert {r.name for r in guild.roles} == {"@everyone", "reportbot", "Editors"}
    # The members intent makes discord.py request chunks; all four arrive.
    assert sorted(m.name for m in guild.members) == [
        "editor",
        "newsroom-owner",
        "reader",
        "reportbot",
    ]
    admin = guild.get_member(scene.admin.id)
    assert admin is not None and admin.guild_permissions.manage_guild
    reader = guild.get_member(scene.member.id)
    assert reader is not None and not reader.guild_permissions.manage_guild
    channel = guild.get_channel(scene.channel.id)
    assert channel is not None and channel.permissions_for(guild.me).send_messages
    requested = discord_server.events.of_kind(EventKind.MEMBERS_REQUESTED)
    assert [int(e.data["guild_id"]) for e in requested] == [scene.guild.id]


async def test_heartbeats_are_acknowledged(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    # discord.py heartbeats right after HELLO; the ACK was sent before anything below,
    # so once the bot answers a later message it has processed that ACK.
    await discord_server.wait_for_event(EventKind.HEARTBEAT)
    await discord_server.request_heartbeat()
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    assert (await discord_server.wait_for_message(scene.channel)).content == "pong"
    beats = discord_server.events.of_kind(EventKind.HEARTBEAT)
    assert len(beats) >= 2  # the first one, and the one the server asked for
    assert probe.latency != float("inf")


async def test_resume_after_the_server_drops_the_socket(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    mark = discord_server.mark()
    await discord_server.drop_connection()
    # Dispatched while the bot is disconnected: Discord replays it on RESUME.
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    resumed = await discord_server.wait_for_resume(after=mark)
    assert resumed["replayed"] == 1
    assert (await discord_server.wait_for_message(scene.channel)).content == "pong"
    first, second = discord_server.gateway_connections
    assert second.resumed and second.path == "/gateway/resume"
    assert second.session_id == first.session_id
    assert second.compress == "zlib-stream"
    assert discord_server.violations == []


async def test_reconnect_opcode_leads_to_a_resume(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    mark = discord_server.mark()
    await discord_server.send_reconnect()
    await discord_server.wait_for_resume(after=mark)
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    assert (await discord_server.wait_for_message(scene.channel)).content == "pong"


async def test_an_invalidated_session_identifies_again_at_the_default_gateway(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    mark = discord_server.mark()
    await discord_server.invalidate_session(resumable=False)
    await discord_server.wait_until_ready(after=mark)
    # discord.py falls back to DEFAULT_GATEWAY here: the seam must have redirected it.
    assert discord_server.gateway_connections[-1].path == "/gateway"
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    assert (await discord_server.wait_for_message(scene.channel)).content == "pong"


async def test_guilds_created_while_connected_are_dispatched(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    guild = await discord_server.create_guild("Second desk")
    channel = await discord_server.create_text_channel(guild, "tips")
    reader = await discord_server.create_member(guild, "tipster")
    await discord_server.send_message(reader, channel, "!ping")
    assert (await discord_server.wait_for_message(channel)).content == "pong"
    seen = probe.get_guild(guild.id)
    assert seen is not None and [c.name for c in seen.text_channels] == ["tips"]


async def test_a_second_client_can_start_after_the_first_closed(
    discord_server: DiscordServer, scene: Scene
) -> None:
    for _ in range(2):
        async with running_client(discord_server, ProbeBot(sync_on_start=False)):
            await discord_server.send_message(scene.member, scene.channel, "!ping")
            assert (await discord_server.wait_for_message(scene.channel)).content == "pong"
    assert len(discord_server.gateway_connections) == 2
