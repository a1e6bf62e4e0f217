"""A loopback Discord for end-to-end tests: real discord.py, real sockets, Discord's rules.

See README.md in this directory. The usual entry points::

    from tests.discord_server import DiscordServer

    async with DiscordServer() as server:
        scene = await server.create_scene()
        ...  # start the bot with REPORTBOT_DISCORD_API_BASE=server.api_base
"""

from .control import Scene
from .core import RecordedRequest, ServerConfig, Violation
from .events import Event, EventKind, WaitTimeout
from .gateway import CloseCode, ConnectionInfo, Intent
from .interactions import CallbackAttempt, CallbackType, InteractionHandle, InteractionType
from .server import API_BASE_ENV, DiscordServer
from .state import Channel, Guild, Message, Permission, Pings, Role, User

__all__ = [
    "API_BASE_ENV",
    "CallbackAttempt",
    "CallbackType",
    "Channel",
    "CloseCode",
    "ConnectionInfo",
    "DiscordServer",
    "Event",
    "EventKind",
    "Guild",
    "Intent",
    "InteractionHandle",
    "InteractionType",
    "Message",
    "Permission",
    "Pings",
    "RecordedRequest",
    "Role",
    "Scene",
    "ServerConfig",
    "User",
    "Violation",
    "WaitTimeout",
]
