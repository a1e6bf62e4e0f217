"""A bot in its own process, pointed at the server only through the environment."""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
from pathlib import Path

import pytest

from tests.discord_server import DiscordServer, Scene

ROOT = Path(__file__).resolve().parents[2]

BOT_SCRIPT = textwrap.dedent(
    """
    import asyncio
    import os

    import discord

    from bot.discord.api_base import apply_api_base


    async def main() -> None:
        token = os.environ["LOOPBACK_BOT_TOKEN"]
        if await apply_api_base(token=token) is None:
            raise SystemExit("REPORTBOT_DISCORD_API_BASE is not set")
        intents = discord.Intents.default()
        intents.message_content = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.05,
                                allowed_mentions=discord.AllowedMentions.none())

        @client.event
        async def on_message(message: discord.Message) -> None:
            if message.author == client.user:
                return
            if message.content == "!ping":
                await message.channel.send(f"pong from pid {os.getpid()}")
            elif message.content == "!quit":
                await message.channel.send("bye")
                await client.close()

        async with client:
            await client.start(token)


    asyncio.run(main())
    """
)


@pytest.mark.timeout(60)
async def test_a_bot_subprocess_is_driven_through_the_environment(
    discord_server: DiscordServer, scene: Scene, tmp_path: Path
) -> None:
    script = tmp_path / "loopback_bot.py"
    script.write_text(BOT_SCRIPT)
    env = {
        **os.environ,
        **discord_server.env(),
        "LOOPBACK_BOT_TOKEN": discord_server.token,
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        # Interpreter start-up and importing discord.py take a moment: be generous here.
        await discord_server.wait_until_ready(timeout=30)
        await discord_server.send_message(scene.member, scene.channel, "!ping")
        pong = await discord_server.wait_for_message(scene.channel)
        assert pong.content == f"pong from pid {process.pid}"
        await discord_server.send_message(scene.member, scene.channel, "!quit")
        assert (await discord_server.wait_for_message(scene.channel)).content == "bye"
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
        assert process.returncode == 0, stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    discord_server.assert_no_violations()
    assert [r.path for r in discord_server.requests][:3] == [
        "/api/v10/gateway/bot",
        "/api/v10/users/@me",
        "/api/v10/oauth2/applications/@me",
    ]
