"""Fixtures for the loopback server's own tests."""

from tests.discord_server.fixtures import discord_server

__all__ = ["discord_server"]
