"""pytest fixtures for the loopback Discord server.

Use from any test module with ``pytest_plugins = ["tests.discord_server.fixtures"]`` in
the top-level ``tests/conftest.py`` (or import the fixture by name).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.discord.api_base import reset_api_base

from .server import DiscordServer


@pytest_asyncio.fixture
async def discord_server() -> AsyncIterator[DiscordServer]:
    """A started server; afterwards discord.py's real endpoints are restored."""
    async with DiscordServer() as server:
        try:
            yield server
        finally:
            reset_api_base()
