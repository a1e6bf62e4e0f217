"""Fixtures for the loopback server's own tests: a scene and a connected probe bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.discord_server.control import Scene
from tests.discord_server.fixtures import discord_server
from tests.discord_server.harness import FakeClock, running_client
from tests.discord_server.probe import ProbeBot
from tests.discord_server.server import DiscordServer

__all__ = ["discord_server", "fake_clock", "probe", "scene"]


@pytest_asyncio.fixture
async def scene(discord_server: DiscordServer) -> Scene:
    return await discord_server.create_scene()


@pytest_asyncio.fixture
async def probe(discord_server: DiscordServer, scene: Scene) -> AsyncIterator[ProbeBot]:
    bot = ProbeBot()
    async with running_client(discord_server, bot):
        yield bot


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()
