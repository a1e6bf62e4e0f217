"""Sharding: each shard's session gets only its guilds, and events follow their guild's shard."""

from __future__ import annotations

import asyncio

import discord

from .events import EventKind
from .gateway import shard_of
from .harness import running_client
from .server import DiscordServer


class ShardedProbe(discord.AutoShardedClient):
    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = intents.guild_messages = intents.dm_messages = True
        super().__init__(intents=intents, guild_ready_timeout=0.05)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # the loopback server has no identify rate limit to respect


def test_shard_of_matches_discords_formula() -> None:
    assert shard_of(None, 4) == 0
    assert shard_of(123 << 22, 1) == 0
    assert shard_of(5 << 22, 2) == 1 and shard_of(6 << 22, 2) == 0


async def test_two_shards_split_the_guilds_and_their_events(
    discord_server: DiscordServer,
) -> None:
    server = discord_server
    server.core.config.shard_count = 2
    even = await server.create_guild("Even", shard=(0, 2))
    odd = await server.create_guild("Odd", shard=(1, 2))
    assert (shard_of(even.id, 2), shard_of(odd.id, 2)) == (0, 1)
    channels = {guild.id: await server.create_text_channel(guild, "news") for guild in (even, odd)}
    users = {
        guild.id: await server.create_member(guild, f"reader-{guild.name}") for guild in (even, odd)
    }

    client = ShardedProbe()  # no shard_count: asks GET /gateway/bot, which says 2
    mark = server.mark()
    async with running_client(server, client):
        ready = [
            e.data
            for e in server.events.events
            if e.index >= mark and e.kind is EventKind.GATEWAY_READY
        ]
        assert sorted((r["shard"], r["guilds"]) for r in ready) == [
            ([0, 2], [even.id]),
            ([1, 2], [odd.id]),
        ]
        assert client.shard_count == 2
        assert {g.id: g.shard_id for g in client.guilds} == {even.id: 0, odd.id: 1}
        for guild in (even, odd):
            arrived = asyncio.ensure_future(client.wait_for("message", timeout=30))
            await server.send_message(users[guild.id], channels[guild.id], f"hello {guild.name}")
            message = await arrived
            assert message.guild is not None and message.guild.id == guild.id
            assert message.guild.shard_id == shard_of(guild.id, 2)
        # A guild created while connected reaches its own shard's session.
        joined = asyncio.ensure_future(client.wait_for("guild_available", timeout=30))
        late = await server.create_guild("Late", shard=(1, 2))
        assert (await joined).id == late.id
        late_ready = [e.data for e in server.events.events if e.kind is EventKind.GATEWAY_READY]
        assert len(late_ready) == len(ready)  # no re-identify was needed
    server.assert_no_violations()
