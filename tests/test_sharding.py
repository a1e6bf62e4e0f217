"""Sharding: settings that split one bot over processes, and sharded bots answering for real in
guilds on every shard of the loopback Discord, with per-shard health."""

from __future__ import annotations

import asyncio
import json
import socket
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.discord.app import ReportBot, ShardedReportBot, make_client
from bot.observability.metrics import Metrics
from bot.observability.runtime import Operations
from bot.settings import ConfigError, Rate, Settings, load_settings
from bot.store import KnowledgeStore
from tests.discord_fixtures import (
    ANSWERED,
    all_text,
    assert_discord_manners,
    write_newsroom_pack,
)
from tests.discord_server import Channel, DiscordServer, Guild, User
from tests.discord_server.events import EventKind
from tests.discord_server.gateway import shard_of
from tests.discord_server.harness import running_client

STATEMENT = "The mayor said the library budget would be cut."


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (False, None, None)),
        ({"REPORTBOT_SHARD_COUNT": "auto"}, (True, None, None)),
        ({"REPORTBOT_SHARD_COUNT": "4"}, (True, 4, None)),
        ({"REPORTBOT_SHARD_COUNT": "4", "REPORTBOT_SHARD_IDS": "2, 0,2"}, (True, 4, (0, 2))),
        ({"REPORTBOT_SHARD_COUNT": "16", "REPORTBOT_SHARD_IDS": "4-7"}, (True, 16, (4, 5, 6, 7))),
    ],
)
def test_shard_settings(env: dict[str, str], expected: tuple[object, ...]) -> None:
    settings = load_settings(env)
    assert (settings.sharded, settings.shard_count, settings.shard_ids) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REPORTBOT_SHARD_COUNT": "two"}, "REPORTBOT_SHARD_COUNT must be 'auto' or a whole"),
        ({"REPORTBOT_SHARD_COUNT": "0"}, "REPORTBOT_SHARD_COUNT must be 'auto' or a whole"),
        ({"REPORTBOT_SHARD_IDS": "0,1"}, "REPORTBOT_SHARD_IDS is set but REPORTBOT_SHARD_COUNT"),
        (
            {"REPORTBOT_SHARD_COUNT": "auto", "REPORTBOT_SHARD_IDS": "0"},
            "REPORTBOT_SHARD_IDS needs a fixed REPORTBOT_SHARD_COUNT",
        ),
        (
            {"REPORTBOT_SHARD_COUNT": "2", "REPORTBOT_SHARD_IDS": "0,2"},
            "REPORTBOT_SHARD_IDS: '2' is outside shards 0 to 1",
        ),
        (
            {"REPORTBOT_SHARD_COUNT": "2", "REPORTBOT_SHARD_IDS": "one"},
            "REPORTBOT_SHARD_IDS must be shard numbers or ranges",
        ),
        ({"REPORTBOT_SHARD_COUNT": "8", "REPORTBOT_SHARD_IDS": "5-3"}, "'5-3' is outside"),
        ({"REPORTBOT_ALLOWED_GUILD_IDS": "newsroom"}, "REPORTBOT_ALLOWED_GUILD_IDS must be"),
    ],
)
def test_bad_shard_and_guild_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(env)


def test_the_client_class_follows_the_settings(tmp_path: Path) -> None:
    store = KnowledgeStore.open(write_newsroom_pack(tmp_path / "pack"))
    plain = make_client(Settings(token="t"), store)
    sharded = make_client(Settings(token="t", sharded=True, shard_count=4, shard_ids=(1, 3)), store)
    assert type(plain) is ReportBot
    assert isinstance(sharded, ShardedReportBot) and sharded.shard_count == 4
    assert sharded.shard_ids == [1, 3]


# --------------------------------------------------------------------------- over the wire


@dataclass
class ShardGuild:
    guild: Guild
    channel: Channel
    member: User


async def _guilds(server: DiscordServer, count: int) -> list[ShardGuild]:
    made = []
    for shard in range(count):
        guild = await server.create_guild(f"Shard {shard} newsroom", shard=(shard, count))
        assert shard_of(guild.id, count) == shard
        made.append(
            ShardGuild(
                guild,
                await server.create_text_channel(guild, "newsdesk"),
                await server.create_member(guild, f"reader{shard}"),
            )
        )
    return made


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _healthz(port: int) -> tuple[int, dict[str, object]]:
    url = f"http://127.0.0.1:{port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, json.loads(await response.text())


async def _ask_everywhere(server: DiscordServer, guilds: list[ShardGuild]) -> None:
    for where in guilds:
        handle = await server.invoke_command(
            where.member, where.channel, "ask", {"question": ANSWERED}
        )
        answer = await handle.wait_response(timeout=3)
        assert answer.accepted and STATEMENT in all_text(answer), where.guild.name
        question = await server.send_message(
            where.member, where.channel, f"{server.bot_user.mention} {ANSWERED}"
        )
        reply = await server.wait_for_message(
            where.channel,
            predicate=lambda m, q=question: (  # type: ignore[misc]
                m.reference is not None and int(m.reference["message_id"]) == q.id
            ),
        )
        assert STATEMENT in all_text(reply), where.guild.name


async def _bot(
    server: DiscordServer,
    pack: Path,
    guilds: list[ShardGuild],
    stack: AsyncExitStack,
    *,
    port: int,
    **shards: object,
) -> ReportBot:
    settings = Settings(
        token=server.token,
        knowledge=pack,
        guild_ids=tuple(g.guild.id for g in guilds),
        cooldown_questions=Rate(100, 10.0),
        sharded=True,
        **shards,  # type: ignore[arg-type]
    )
    store = KnowledgeStore.open(pack)
    ops = Operations.from_env(
        store,
        {"REPORTBOT_QUERY_LOG": "off", "REPORTBOT_HEALTH_PORT": str(port)},
        metrics=Metrics(process=False),
    )
    bot = make_client(settings, store, ops=ops, guild_ready_timeout=0.05, identify_spacing=0)
    await ops.start(signals=False)
    stack.push_async_callback(ops.shutdown.shutdown, "test over")
    await stack.enter_async_context(running_client(server, bot))
    return bot


async def test_a_two_shard_bot_answers_in_guilds_on_both_shards(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    server = discord_server
    server.core.config.shard_count = 2  # what GET /gateway/bot recommends
    guilds = await _guilds(server, 2)
    pack = write_newsroom_pack(tmp_path / "pack")
    port = _free_port()
    async with AsyncExitStack() as stack:
        # No count configured ('auto'): the bot asks Discord, which says 2.
        bot = await _bot(server, pack, guilds, stack, port=port, shard_count=None)
        assert bot.shard_count == 2
        assert {g.id: g.shard_id for g in bot.guilds} == {
            guilds[0].guild.id: 0,
            guilds[1].guild.id: 1,
        }
        ready = [e.data for e in server.events.events if e.kind is EventKind.GATEWAY_READY]
        assert sorted(r["shard"] for r in ready) == [[0, 2], [1, 2]]  # one session per shard
        await bot.sync_commands()
        await _ask_everywhere(server, guilds)
        status, health = await _healthz(port)
        assert status == 200 and health["shards"] == {"0": True, "1": True}
    assert_discord_manners(server)


async def test_two_processes_split_the_shards_and_health_shows_each(
    discord_server: DiscordServer, tmp_path: Path
) -> None:
    server = discord_server
    guilds = await _guilds(server, 2)
    pack = write_newsroom_pack(tmp_path / "pack")
    ports = [_free_port(), _free_port()]
    async with AsyncExitStack() as stack:
        # REPORTBOT_SHARD_COUNT=2 in both, REPORTBOT_SHARD_IDS=0 in one and 1 in the other.
        first = await _bot(
            server, pack, guilds, stack, port=ports[0], shard_count=2, shard_ids=(0,)
        )
        assert [g.id for g in first.guilds] == [guilds[0].guild.id]
        status, health = await _healthz(ports[0])
        assert status == 200 and health["shards"] == {"0": True}
        second = await _bot(
            server, pack, guilds, stack, port=ports[1], shard_count=2, shard_ids=(1,)
        )
        assert [g.id for g in second.guilds] == [guilds[1].guild.id]
        await first.sync_commands()
        await _ask_everywhere(server, guilds)
        # Each process answered the /ask and the mention in its own shard's guild only.
        for bot in (first, second):
            assert bot.ops is not None
            counted = bot.ops.metrics.registry.get_sample_value(
                "reportbot_questions_total", {"outcome": "answered", "reason": "answered"}
            )
            assert counted == 2
        # A dropped connection of shard 1 is seen (and resumed) by its process alone.
        resumed = asyncio.ensure_future(second.wait_for("shard_resumed", timeout=30))
        await server.drop_connection()  # the most recent session: the second process's
        assert await resumed == 1
        await _ask_everywhere(server, guilds[1:])
        assert second.ops is not None and first.ops is not None
        events = second.ops.metrics.registry.get_sample_value
        assert events("reportbot_gateway_events_total", {"event": "disconnected"}) == 1
        assert events("reportbot_gateway_events_total", {"event": "resumed"}) == 1
        status, health = await _healthz(ports[1])
        assert status == 200 and health["shards"] == {"1": True}
        untouched = first.ops.metrics.registry.get_sample_value
        assert untouched("reportbot_gateway_events_total", {"event": "disconnected"}) == 0
    assert_discord_manners(server)
