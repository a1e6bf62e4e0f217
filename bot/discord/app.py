"""The Discord client: intents, events, start-up, command sync and shutdown.

One :class:`ReportBot` serves one :class:`~bot.store.KnowledgeStore`. No message it sends can
ping anyone (``AllowedMentions.none()`` for the whole client). It asks for the privileged
message-content intent only when answer channels are configured; mentions and DMs work
without it. Commands are synced only on request (``reportbot sync`` or ``run --sync``): Discord
limits how many commands an application may create per day.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Sequence
from typing import Any

import discord
from discord.state import ConnectionState

from bot.discord import api_base
from bot.discord.chat import handle_message
from bot.discord.config import Settings
from bot.discord.reload import PackWatcher, install_sighup
from bot.discord.service import ReportService
from bot.discord.slash import ReportTree, register_commands
from bot.discord.views import DYNAMIC_ITEMS
from bot.store import KnowledgeStore

log = logging.getLogger("reportbot.discord")


def intents_for(settings: Settings) -> discord.Intents:
    """The fewest intents that serve: guilds (channels, roles), messages, DMs; content only
    when answer channels need it."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.wants_message_content
    return intents


class _LeanState(ConnectionState):  # type: ignore[type-arg]
    """discord.py's connection state, minus building objects for the bot's own messages.

    Every answer the bot sends comes back over the gateway as MESSAGE_CREATE. discord.py would
    turn each into a ``Message`` (a good share of the CPU an answer costs under load) only for
    ``on_message`` to ignore it; the bot has no use for its own messages, so they are dropped
    on arrival.
    """

    def parse_message_create(self, data: Any) -> None:
        author = data.get("author") or {}
        if self.self_id is not None and author.get("id") == str(self.self_id):
            return
        super().parse_message_create(data)


class ReportBot(discord.Client):
    """reportbot on Discord: slash commands, chat questions, buttons, live reloads."""

    def __init__(
        self,
        settings: Settings,
        store: KnowledgeStore | None,
        *,
        handle_signals: bool = False,
        sync_on_start: bool = False,
        freeze_gc: bool = False,
        **options: Any,
    ) -> None:
        options.setdefault("max_messages", None)  # we never read old messages from a cache
        # reportbot never joins voice; spare operators two warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            **options,
        )
        self.settings = settings
        self.service: ReportService = ReportService(store, settings) if store else None  # type: ignore[assignment]
        self.tree = ReportTree(self)
        register_commands(self.tree)
        self._handle_signals = handle_signals
        self._sync_on_start = sync_on_start
        self._freeze_gc = freeze_gc
        self._frozen = False
        if freeze_gc and self.service is not None:
            self.service.reloader.listeners.append(
                lambda result: refreeze_gc() if getattr(result, "ok", False) else None
            )
        self._watcher: PackWatcher | None = None
        self._signal_cleanups: list[Callable[[], None]] = []

    def _get_state(self, **options: Any) -> ConnectionState:  # type: ignore[type-arg]
        return _LeanState(
            dispatch=self.dispatch,
            handlers=self._handlers,
            hooks=self._hooks,
            http=self.http,
            **options,
        )

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self._sync_on_start:
            await self.sync_commands()
        if self.service is None:
            return
        loop = asyncio.get_running_loop()
        reloader = self.service.reloader
        if self._handle_signals:
            remove = install_sighup(loop, lambda: reloader.reload("SIGHUP"))
            if remove is not None:
                self._signal_cleanups.append(remove)
        if self.settings.watch_seconds:
            store = self.service.store
            self._watcher = PackWatcher(
                lambda: store.snapshot.source,
                self.settings.watch_seconds,
                lambda: reloader.reload("watcher"),
            )
            self._watcher.start()
            log.info("watching the fact files every %gs", self.settings.watch_seconds)

    async def sync_commands(self, guild_ids: Sequence[int] | None = None) -> list[str]:
        """Register the slash commands with Discord: per guild (instant) or globally.

        Returns one line per scope, e.g. "guild 123: ask, claim, ...".
        """
        guild_ids = self.settings.guild_ids if guild_ids is None else guild_ids
        lines = []
        if guild_ids:
            for guild_id in guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                lines.append(f"guild {guild_id}: " + ", ".join(sorted(c.name for c in synced)))
        else:
            synced = await self.tree.sync()
            lines.append("global: " + ", ".join(sorted(c.name for c in synced)))
        for line in lines:
            log.info("synced commands, %s", line)
        return lines

    async def on_ready(self) -> None:
        if self._freeze_gc and not self._frozen:  # caches are filled: freeze them once
            self._frozen = True
            refreeze_gc()
        version = self.service.knowledge.info.version if self.service else "?"
        log.info(
            "connected as %s (id %s) in %d guild(s); serving facts version %s; answer channels: %s",
            self.user,
            self.user.id if self.user else "?",
            len(self.guilds),
            version,
            ", ".join(map(str, sorted(self.settings.answer_channel_ids))) or "none",
        )

    async def on_message(self, message: discord.Message) -> None:
        if self.service is not None:
            await handle_message(self, message)

    async def close(self) -> None:
        for cleanup in self._signal_cleanups:
            with contextlib.suppress(Exception):
                cleanup()
        self._signal_cleanups.clear()
        if self._watcher is not None:
            await self._watcher.stop()
            self._watcher = None
        await super().close()


def tune_gc() -> None:
    """Keep garbage-collection pauses out of reply latency (for a long-running process).

    The facts and discord.py's caches are tens of thousands of long-lived objects; with
    Python's default thresholds a full collection walks them all every few hundred replies,
    a pause of tens of milliseconds in the middle of a burst. Collect less often, and move
    what exists once the bot is up out of the collector's way (``gc.freeze``).
    """
    gc.set_threshold(50_000, 20, 100)


def refreeze_gc(result: object = None) -> None:
    """After start-up or a reload: collect what the old facts left, freeze the rest."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class StartError(RuntimeError):
    """The bot could not start; the message says why in words an operator can act on."""


async def _point_at_discord() -> None:
    """Honour ``REPORTBOT_DISCORD_API_BASE`` (tests' loopback Discord); off by default.

    The gateway URL is fetched without the token, so that a wrong token is reported by the
    login that follows, in words, rather than as a 401 from the gateway lookup.
    """
    try:
        await api_base.apply_api_base()
    except api_base.ApiBaseError as exc:
        raise StartError(str(exc)) from None


async def run_bot(settings: Settings, store: KnowledgeStore, *, sync: bool = False) -> None:
    """Connect and serve until SIGINT/SIGTERM; raise :class:`StartError` on a start failure."""
    assert settings.token, "checked by the caller"
    await _point_at_discord()
    tune_gc()
    client = ReportBot(settings, store, handle_signals=True, sync_on_start=sync, freeze_gc=True)
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []

    def stop() -> None:
        log.info("shutting down")
        stopping.append(loop.create_task(client.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop)
    try:
        async with client:
            await client.start(settings.token)
    except discord.LoginFailure:
        raise StartError(
            "Discord refused the token in DISCORD_TOKEN. Copy a fresh one from the Developer "
            "Portal (your application → Bot → Reset Token)."
        ) from None
    except discord.PrivilegedIntentsRequired:
        raise StartError(
            "Discord refused the message content intent, which REPORTBOT_ANSWER_CHANNEL_IDS "
            "needs. Enable it in the Developer Portal (your application → Bot → Privileged "
            "Gateway Intents → Message Content Intent), or unset REPORTBOT_ANSWER_CHANNEL_IDS."
        ) from None
    except (OSError, discord.GatewayNotFound, discord.HTTPException) as exc:
        raise StartError(f"could not reach Discord: {exc}") from None
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
        if stopping:
            await asyncio.gather(*stopping, return_exceptions=True)


async def sync_only(settings: Settings, *, guild_ids: Sequence[int] | None = None) -> list[str]:
    """Log in over REST only, register the commands, log out (``reportbot sync``)."""
    assert settings.token, "checked by the caller"
    await _point_at_discord()
    client = ReportBot(settings, None)
    try:
        async with client:
            await client.login(settings.token)
            return await client.sync_commands(guild_ids)
    except discord.LoginFailure:
        raise StartError("Discord refused the token in DISCORD_TOKEN.") from None
    except (OSError, discord.HTTPException) as exc:
        raise StartError(f"could not sync the commands: {exc}") from None
