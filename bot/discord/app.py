"""The Discord client: intents, events, start-up, command sync and shutdown.

One :class:`ReportBot` serves one :class:`~bot.store.KnowledgeStore`. No message it sends can
ping anyone (``AllowedMentions.none()`` for the whole client). It asks for the privileged
message-content intent only when answer channels are configured; mentions and DMs work
without it. Commands are synced only on request (``reportbot sync`` or ``run --sync``): Discord
limits how many commands an application may create per day.

With ``REPORTBOT_SHARD_COUNT`` set the client is a :class:`ShardedReportBot`
(``discord.AutoShardedClient``) running the configured shards. ``run_bot`` wires in the
operations layer (:class:`~bot.observability.runtime.Operations`): metrics, the query log,
``/healthz``, reload and gateway outcomes, and the graceful shutdown on SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import random
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp
import discord
from discord.state import AutoShardedConnectionState, ConnectionState

from bot.discord import api_base
from bot.discord.chat import handle_deleted_message, handle_message
from bot.discord.permissions import GUILD_REFUSAL
from bot.discord.reload import PackWatcher, install_sighup
from bot.discord.service import ReportService
from bot.discord.slash import ADMIN_COMMANDS, ReportTree, register_commands
from bot.discord.views import DYNAMIC_ITEMS
from bot.observability.runtime import Operations
from bot.observability.shutdown import ShutdownReport
from bot.settings import Settings
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


class _LeanStateMixin:
    """discord.py's connection state, minus building objects for the bot's own messages, and
    with interactions from guilds outside ``REPORTBOT_ALLOWED_GUILD_IDS`` stopped at the door.

    Every answer the bot sends comes back over the gateway as MESSAGE_CREATE. discord.py would
    turn each into a ``Message`` (a good share of the CPU an answer costs under load) only for
    ``on_message`` to ignore it; the bot has no use for its own messages, so they are dropped
    on arrival.

    An interaction from a guild the bot does not serve never reaches a command, a button or an
    autocomplete handler: it is answered with a short private refusal (an autocomplete with no
    choices), logged and counted, here where every kind of interaction passes.
    """

    self_id: int | None
    _get_client: Callable[[], Any]

    def parse_message_create(self, data: Any) -> None:
        author = data.get("author") or {}
        if self.self_id is not None and author.get("id") == str(self.self_id):
            return
        super().parse_message_create(data)  # type: ignore[misc]

    def parse_interaction_create(self, data: Any) -> None:
        client = self._get_client()
        guild_id = data.get("guild_id")
        settings: Settings | None = getattr(client, "settings", None)
        if settings is not None and guild_id and not settings.guild_allowed(int(guild_id)):
            client.refuse_interaction(discord.Interaction(data=data, state=self))  # type: ignore[arg-type]
            return
        super().parse_interaction_create(data)  # type: ignore[misc]


class _LeanState(_LeanStateMixin, ConnectionState):  # type: ignore[type-arg]
    pass


class _LeanShardedState(_LeanStateMixin, AutoShardedConnectionState):  # type: ignore[type-arg]
    pass


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
        ops: Operations | None = None,
        identify_spacing: float = 5.0,
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
        self.service: ReportService = ReportService(store, settings, ops) if store else None  # type: ignore[assignment]
        # Seconds between two IDENTIFYs of this process's shards: Discord allows one per
        # 5 s per bucket (max_concurrency 1); the loopback test server has no such limit.
        self.identify_spacing = identify_spacing
        self._refusals: set[asyncio.Task[None]] = set()
        self.tree = ReportTree(self)
        register_commands(self.tree)
        self._handle_signals = handle_signals
        self._sync_on_start = sync_on_start
        self._freeze_gc = freeze_gc
        self._frozen = False
        if self.service is not None:
            self.service.reloader.listeners.append(self.service.ops.observe_reload)
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

    @property
    def ops(self) -> Operations | None:
        return self.service.ops if self.service is not None else None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # After Discord ends a session nothing reaches the bot until it identifies again, so
        # the wait is time in which questions are lost. One connection waits a random 1 to 5
        # seconds, as Discord asks (discord.py always waits 5); shards keep the full spacing,
        # which their shared identify rate limit needs.
        if initial or self.identify_spacing <= 0:
            return
        wait = self.identify_spacing
        if not isinstance(self, discord.AutoShardedClient):
            wait = random.uniform(min(1.0, wait), wait)
        await asyncio.sleep(wait)

    def refuse_interaction(self, interaction: discord.Interaction) -> None:
        """Turn away an interaction from a guild outside ``REPORTBOT_ALLOWED_GUILD_IDS``."""
        log.warning(
            "interaction from user %s in guild %s refused: not an allowed guild",
            interaction.user.id,
            interaction.guild_id,
        )
        if self.ops is not None:
            self.ops.refused("guild")
        task = asyncio.get_running_loop().create_task(self._refuse(interaction))
        self._refusals.add(task)
        task.add_done_callback(self._refusals.discard)

    async def _refuse(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                await interaction.response.autocomplete([])
            else:
                await interaction.response.send_message(GUILD_REFUSAL, ephemeral=True)
        except discord.HTTPException as exc:
            log.warning("could not refuse interaction %s: %s", interaction.id, exc)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self._sync_on_start:
            await self.sync_commands()
        if self.service is None:
            return
        # login() has just read the application: its owner (or team) administers the bot.
        operators = self.service.operators.with_application(self.application)
        self.service.operators = operators
        log.info(
            "admin commands: %d operator(s) from the application's owner/team; admin roles %s "
            "in servers %s%s",
            len(operators.user_ids),
            ", ".join(map(str, sorted(operators.admin_role_ids))) or "none",
            ", ".join(map(str, sorted(operators.admin_guild_ids))) or "none",
            "; Manage Server counts there" if operators.manage_server_counts else "",
        )
        loop = asyncio.get_running_loop()
        reloader = self.service.reloader
        if self.settings.shard_ids is not None:
            self.service.ops.expect_shards(self.settings.shard_ids)
        elif self.settings.shard_count is not None:
            self.service.ops.expect_shards(range(self.settings.shard_count))
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

        Synced globally, the admin commands go only to the operator's admin servers (when
        there are any), so that a stranger's server does not even list ``/reload``; they are
        refused to anyone but the operator wherever they are run all the same. Returns one line
        per scope, e.g. "guild 123: ask, claim, ...".
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
            admin = [c for c in map(self.tree.get_command, ADMIN_COMMANDS) if c is not None]
            home = sorted(self.settings.admin_guilds)
            try:
                if home:
                    for command in admin:
                        self.tree.remove_command(command.name)
                synced = await self.tree.sync()
                lines.append("global: " + ", ".join(sorted(c.name for c in synced)))
                for guild_id in home:
                    guild = discord.Object(id=guild_id)
                    for command in admin:
                        self.tree.add_command(command, guild=guild, override=True)
                    synced = await self.tree.sync(guild=guild)
                    names = ", ".join(sorted(c.name for c in synced))
                    lines.append(f"guild {guild_id}: {names}")
            finally:  # this client keeps dispatching them wherever they were registered before
                for command in admin:
                    self.tree.add_command(command, override=True)
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
        if not isinstance(self, discord.AutoShardedClient) and self.ops is not None:
            self.ops.gateway(True, event="ready")

    async def on_resumed(self) -> None:
        if not isinstance(self, discord.AutoShardedClient) and self.ops is not None:
            self.ops.gateway(True, event="resumed")

    async def on_disconnect(self) -> None:
        if not isinstance(self, discord.AutoShardedClient) and self.ops is not None:
            self.ops.gateway(False, event="disconnected")

    async def on_shard_ready(self, shard_id: int) -> None:
        log.info("shard %s ready", shard_id)
        if self.ops is not None:
            self.ops.gateway(True, shard_id, event="ready")

    async def on_shard_resumed(self, shard_id: int) -> None:
        if self.ops is not None:
            self.ops.gateway(True, shard_id, event="resumed")

    async def on_shard_disconnect(self, shard_id: int) -> None:
        if self.ops is not None:
            self.ops.gateway(False, shard_id, event="disconnected")

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        if self.ops is not None:
            self.ops.error("unexpected")
        await super().on_error(event_method, *args, **kwargs)

    async def on_message(self, message: discord.Message) -> None:
        if self.service is not None:
            await handle_message(self, message)

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if self.service is not None:
            await handle_deleted_message(self, payload)

    async def close(self) -> None:
        for cleanup in self._signal_cleanups:
            with contextlib.suppress(Exception):
                cleanup()
        self._signal_cleanups.clear()
        if self._watcher is not None:
            await self._watcher.stop()
            self._watcher = None
        for task in list(self._refusals):
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(task, 5)
        await super().close()


class ShardedReportBot(ReportBot, discord.AutoShardedClient):
    """:class:`ReportBot` over several gateway connections (``REPORTBOT_SHARD_COUNT``).

    Each process runs the shards of ``REPORTBOT_SHARD_IDS`` (all of them by default); Discord
    routes every guild's events to shard ``(guild_id >> 22) % shard_count``. ``/healthz`` shows
    each shard's connection.
    """

    def __init__(self, settings: Settings, store: KnowledgeStore | None, **options: Any) -> None:
        if settings.shard_count is not None:
            options.setdefault("shard_count", settings.shard_count)
        if settings.shard_ids is not None:
            options.setdefault("shard_ids", list(settings.shard_ids))
        super().__init__(settings, store, **options)

    def _get_state(self, **options: Any) -> AutoShardedConnectionState:  # type: ignore[type-arg,override]
        return _LeanShardedState(
            dispatch=self.dispatch,
            handlers=self._handlers,
            hooks=self._hooks,
            http=self.http,
            **options,
        )

    async def on_shard_connect(self, shard_id: int) -> None:
        # With an 'auto' count, the shards become known only now.
        if self.ops is not None and self.shard_count:
            self.ops.expect_shards(self.shard_ids or range(self.shard_count))


def make_client(settings: Settings, store: KnowledgeStore | None, **options: Any) -> ReportBot:
    """A :class:`ShardedReportBot` when sharding is configured, else a :class:`ReportBot`."""
    cls = ShardedReportBot if settings.sharded else ReportBot
    return cls(settings, store, **options)


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


EXIT_REFUSED = 3  # a setting, the token or an intent: restarting will not help
EXIT_UNREACHABLE = 4  # Discord (or the health port) not reachable now: a restart may


class StartError(RuntimeError):
    """The bot could not start; the message says why in words an operator can act on, and
    ``exit_code`` whether a supervisor should try again (systemd's RestartPreventExitStatus)."""

    def __init__(self, message: str, exit_code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def _point_at_discord(settings: Settings) -> None:
    """Honour ``REPORTBOT_DISCORD_API_BASE`` (tests' loopback Discord); off by default.

    The gateway URL is fetched without the token, so that a wrong token is reported by the
    login that follows, in words, rather than as a 401 from the gateway lookup.
    """
    if not settings.discord_api_base:
        return
    try:
        await api_base.apply_api_base(settings.discord_api_base)
    except api_base.ApiBaseError as exc:
        unreachable = isinstance(exc.__cause__, (OSError, TimeoutError, aiohttp.ClientError))
        raise StartError(str(exc), EXIT_UNREACHABLE if unreachable else EXIT_REFUSED) from None


async def run_bot(
    settings: Settings,
    store: KnowledgeStore,
    *,
    sync: bool = False,
) -> ShutdownReport:
    """Connect and serve until SIGINT/SIGTERM; raise :class:`StartError` on a start failure.

    The operations layer comes from the same settings: the query log, the health endpoint,
    metrics. On SIGTERM or SIGINT no new work starts, the
    replies in flight finish (up to ``REPORTBOT_SHUTDOWN_SECONDS``), then the Discord client,
    the query log and the health server close, in that order. SIGHUP reloads the facts.
    """
    assert settings.token, "checked by the caller"
    await _point_at_discord(settings)
    tune_gc()
    ops = Operations.from_settings(store, settings)
    client = make_client(settings, store, ops=ops, sync_on_start=sync, freeze_gc=True)
    reloader = client.service.reloader
    try:
        await ops.start(close_client=client.close, reload=lambda: reloader.reload("SIGHUP"))
    except OSError as exc:
        await ops.query_log.close()
        server = ops.health_server
        where = f"{server.host}:{server.port}" if server is not None else "?"
        raise StartError(
            f"the health endpoint could not listen on {where}: {exc}", EXIT_UNREACHABLE
        ) from None
    failure: StartError | None = None
    try:
        async with client:
            await client.start(settings.token)
    except discord.LoginFailure:
        failure = StartError(
            "Discord refused the token in DISCORD_TOKEN. Copy a fresh one from the Developer "
            "Portal (your application → Bot → Reset Token)."
        )
    except discord.PrivilegedIntentsRequired:
        failure = StartError(
            "Discord refused the message content intent, which REPORTBOT_ANSWER_CHANNEL_IDS "
            "needs. Enable it in the Developer Portal (your application → Bot → Privileged "
            "Gateway Intents → Message Content Intent), or unset REPORTBOT_ANSWER_CHANNEL_IDS."
        )
    except (OSError, discord.GatewayNotFound, discord.HTTPException) as exc:
        failure = StartError(f"could not reach Discord: {exc}", EXIT_UNREACHABLE)
    finally:
        # After a signal this joins the shutdown already under way; otherwise (the client
        # stopped by itself, or failed to start) it runs it: the query log closes either way.
        report = await ops.shutdown.shutdown("client stopped" if failure is None else "failed")
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            ops.shutdown.remove_signal_handlers()
    if failure is not None:
        raise failure
    return report


async def sync_only(settings: Settings, *, guild_ids: Sequence[int] | None = None) -> list[str]:
    """Log in over REST only, register the commands, log out (``reportbot sync``)."""
    assert settings.token, "checked by the caller"
    await _point_at_discord(settings)
    client = ReportBot(settings, None)
    try:
        async with client:
            await client.login(settings.token)
            return await client.sync_commands(guild_ids)
    except discord.LoginFailure:
        raise StartError("Discord refused the token in DISCORD_TOKEN.") from None
    except OSError as exc:
        raise StartError(f"could not reach Discord: {exc}", EXIT_UNREACHABLE) from None
    except discord.HTTPException as exc:
        raise StartError(f"could not sync the commands: {exc}") from None
