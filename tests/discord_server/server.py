"""Lifecycle: bind 127.0.0.1 on a free port, serve REST + gateway, stop without leaks.

One aiohttp application on one port serves ``/api/v10/...`` (REST), ``/gateway`` and
``/gateway/resume`` (websocket) and ``/attachments/...`` (a CDN stand-in). The server runs
in the caller's event loop, so an in-process bot, the test and the server share one loop,
and a bot in a subprocess just connects to the port.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from types import TracebackType

from aiohttp import web

from .control import Control
from .core import ServerConfig
from .gateway import Intent
from .rest import RestApi

API_BASE_ENV = "REPORTBOT_DISCORD_API_BASE"


class DiscordServer(Control):
    """A loopback Discord: ``async with DiscordServer() as server: ...``."""

    def __init__(
        self,
        *,
        token: str | None = None,
        interaction_deadline: float = 3.0,
        heartbeat_interval_ms: int = 41_250,
        allowed_privileged_intents: int = int(Intent.PRIVILEGED),
        bot_name: str = "reportbot",
        clock: Callable[[], float] = time.monotonic,
        host: str = "127.0.0.1",
        shard_count: int = 1,
    ) -> None:
        config = ServerConfig(
            interaction_deadline=interaction_deadline,
            heartbeat_interval_ms=heartbeat_interval_ms,
            allowed_privileged_intents=allowed_privileged_intents,
            bot_name=bot_name,
            clock=clock,
            shard_count=shard_count,
        )
        if token is not None:
            config.token = token
        super().__init__(config)
        self.host = host
        self.port: int | None = None
        self.rest = RestApi(self.core)
        self.core.faults.route_exists = self.rest.route_exists
        self._runner: web.AppRunner | None = None
        self._socket: socket.socket | None = None

    # ------------------------------------------------------------------ addresses

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if not self.core.base_url:
            raise RuntimeError("the server is not running")
        return self.core.base_url

    @property
    def api_base(self) -> str:
        """The value for ``REPORTBOT_DISCORD_API_BASE``."""
        return self.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.core.gateway.url

    def env(self) -> dict[str, str]:
        """Environment entries that point a reportbot process at this server."""
        return {API_BASE_ENV: self.api_base}

    @property
    def running(self) -> bool:
        return self._runner is not None

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> DiscordServer:
        if self._runner is not None:
            raise RuntimeError("already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.core.gateway.handle)
        app.router.add_get("/gateway/resume", self.core.gateway.handle)
        app.router.add_get(
            "/attachments/{channel_id}/{attachment_id}/{filename}", self.rest.serve_attachment
        )
        app.router.add_route("*", "/{tail:.*}", self.rest.handle)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((self.host, 0))
            runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
            await runner.setup()
            try:
                await web.SockSite(runner, sock).start()
            except BaseException:
                await runner.cleanup()
                raise
        except BaseException:
            sock.close()
            raise
        self._runner, self._socket = runner, sock
        self.port = sock.getsockname()[1]
        self.core.base_url = f"http://{self.host}:{self.port}"
        return self

    async def stop(self) -> None:
        """Close every websocket, fail pending waits, then shut the HTTP server down."""
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        try:
            self.core.faults.end_outages()
            await self.core.gateway.close_all()
            self.core.events.cancel_waiters()
            await runner.cleanup()
        finally:
            if self._socket is not None:
                self._socket.close()
                self._socket = None

    async def __aenter__(self) -> DiscordServer:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
