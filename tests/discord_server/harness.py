"""Run a discord.py client against a ``DiscordServer`` inside a test, and stop it cleanly.

The client goes through the same seam reportbot uses (``bot.discord.api_base``), so a
test that passes here exercises the production start-up path rather than a test double.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord

from bot.discord.api_base import apply_api_base

from .events import DEFAULT_TIMEOUT, EventKind, WaitTimeout
from .server import DiscordServer

START_TIMEOUT = DEFAULT_TIMEOUT


class FakeClock:
    """A server clock tests advance by hand, so deadline tests never sleep."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def _race(
    waited: asyncio.Future[object],
    runner: asyncio.Task[None],
    timeout: float,
    server: DiscordServer,
    what: str,
) -> None:
    done, _ = await asyncio.wait(
        {waited, runner}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
    )
    if waited in done:
        waited.result()
        return
    waited.cancel()
    with contextlib.suppress(asyncio.CancelledError, WaitTimeout):
        await waited
    if runner in done:
        runner.result()  # re-raises the client's start-up error
        raise AssertionError(f"the client stopped before {what}")
    raise WaitTimeout(
        f"client not {what} within {timeout}s; recent events:\n" + server.events.describe_recent()
    )


async def _guilds_available(
    client: discord.Client, guild_ids: set[int], runner: asyncio.Task[None]
) -> None:
    """Until the client holds every guild in ``guild_ids``, available (its GUILD_CREATE read).

    discord.py dispatches ``on_ready`` once no GUILD_CREATE came for ``guild_ready_timeout``
    (0.05 s in these tests); a process paused that long by other work reaches ``on_ready``
    with a guild still unread, so readiness alone says nothing about the guild cache.
    """
    while not runner.done():
        guilds = [client.get_guild(guild_id) for guild_id in guild_ids]
        if all(guild is not None and not guild.unavailable for guild in guilds):
            return
        await asyncio.sleep(0.005)


async def _stop(client: discord.Client, runner: asyncio.Task[None], timeout: float) -> None:
    await client.close()
    await asyncio.wait_for(runner, timeout)  # cancels the runner if it does not end


@contextlib.asynccontextmanager
async def running_client(
    server: DiscordServer, client: discord.Client, *, timeout: float = START_TIMEOUT
) -> AsyncIterator[discord.Client]:
    """Start ``client`` against ``server``; yield once discord.py dispatched ``on_ready`` and
    holds every guild its READY announced.

    Use a small ``guild_ready_timeout`` on the client (discord.py waits that long after
    the last GUILD_CREATE before ``on_ready``; 2 s by default). On exit the client is
    closed and its task awaited; a failure inside the block wins over one from shutdown.
    """
    await apply_api_base(server.api_base, token=server.token)
    mark = server.mark()
    runner = asyncio.create_task(client.start(server.token), name="loopback-client")
    try:
        ready = asyncio.ensure_future(server.wait_until_ready(after=mark, timeout=timeout))
        await _race(ready, runner, timeout, server, "identified")
        await _race(
            asyncio.ensure_future(client.wait_until_ready()), runner, timeout, server, "ready"
        )
        # Every guild Discord announced to the client's sessions (one per shard), in its cache.
        announced = {
            guild_id
            for event in server.events.events
            if event.index >= mark and event.kind is EventKind.GATEWAY_READY
            for guild_id in event.data["guilds"]
        }
        await _race(
            asyncio.ensure_future(_guilds_available(client, announced, runner)),
            runner,
            timeout,
            server,
            "holding its guilds",
        )
        yield client
    except BaseException:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await _stop(client, runner, timeout)
        raise
    await _stop(client, runner, timeout)
