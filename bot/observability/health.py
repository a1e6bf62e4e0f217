"""``/healthz`` and ``/metrics`` over HTTP, for container health checks and Prometheus.

Off unless ``REPORTBOT_HEALTH_PORT`` is set, and bound to 127.0.0.1 unless
``REPORTBOT_HEALTH_HOST`` says otherwise: the endpoint tells anyone who can reach it which pack
is served and how busy the bot is, so it is not for the open internet. It runs on the bot's own
event loop with aiohttp (already there as discord.py's dependency); every handler only reads
in-memory state, so a slow scrape never holds up an answer.

``python -m bot.observability.health`` probes the endpoint (exit 0 healthy, 1 not): the
container's HEALTHCHECK, with no curl needed in a slim image.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client.exposition import choose_encoder

from bot.observability.metrics import Metrics

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.store import Snapshot

ENV_PORT = "REPORTBOT_HEALTH_PORT"
DEFAULT_HOST = "127.0.0.1"


@dataclass
class HealthState:
    """What ``/healthz`` reports. The bot sets the flags from its event handlers.

    Healthy means: the facts are loaded, every gateway connection (every shard) is up, and the
    process is not shutting down. ``extra`` adds sections without affecting health, e.g.
    ``{"query_log": query_log.status}`` — a query log fault never stops answering, so it never
    makes the bot unhealthy either.
    """

    snapshot: Callable[[], Snapshot | None] = lambda: None
    extra: dict[str, Callable[[], object]] = field(default_factory=dict)
    shutting_down: bool = False
    started_at: float = field(default_factory=time.time)
    _shards: dict[int | None, bool] = field(default_factory=dict, init=False)

    def expect_shards(self, shard_ids: Iterable[int]) -> None:
        """Sharded: list the shards this process runs, so one that never connects shows."""
        for shard_id in shard_ids:
            self._shards.setdefault(shard_id, False)

    def set_gateway(self, connected: bool, shard_id: int | None = None) -> None:
        """A gateway connection (of one shard, when sharded) came up or went down."""
        self._shards[shard_id] = connected

    @property
    def gateway_connected(self) -> bool:
        return bool(self._shards) and all(self._shards.values())

    def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, the JSON document)."""
        try:
            snapshot = self.snapshot()
        except Exception:  # a broken accessor is an unhealthy bot, not a crashed endpoint
            snapshot = None
        reasons = []
        if snapshot is None:
            reasons.append("no facts loaded")
        if not self.gateway_connected:
            down = [str(s) for s, up in sorted(self._shards.items(), key=str) if not up]
            reasons.append(
                "gateway not connected" + (f" (shards {', '.join(down)})" if down else "")
            )
        if self.shutting_down:
            reasons.append("shutting down")
        document: dict[str, Any] = {
            "status": "ok" if not reasons else "unavailable",
            "reasons": reasons,
            "gateway_connected": self.gateway_connected,
            "shards": {str(s): up for s, up in self._shards.items() if s is not None},
            "facts_loaded": snapshot is not None,
            "pack_id": snapshot.knowledge.info.id if snapshot else None,
            "pack_version": snapshot.knowledge.info.version if snapshot else None,
            "pack_loaded_at": snapshot.loaded_at if snapshot else None,
            "shutting_down": self.shutting_down,
            "uptime_seconds": round(time.time() - self.started_at, 3),
        }
        for name, section in self.extra.items():
            try:
                document[name] = section()
            except Exception as error:
                document[name] = {"error": type(error).__name__}
        return not reasons, document


class HealthServer:
    """An aiohttp server with ``/healthz`` (200 or 503, JSON) and ``/metrics`` (Prometheus)."""

    def __init__(
        self,
        state: HealthState,
        metrics: Metrics,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
    ) -> None:
        self.state = state
        self.metrics = metrics
        self.host = host
        self.port = port  # 0: any free port; the bound one is set by start()
        self._runner: web.AppRunner | None = None

    @classmethod
    def from_settings(
        cls, state: HealthState, metrics: Metrics, settings: Settings
    ) -> HealthServer | None:
        """The server ``REPORTBOT_HEALTH_PORT``/``_HOST`` ask for, or None when it is off."""
        if settings.health_port is None:
            return None
        return cls(state, metrics, host=settings.health_host, port=settings.health_port)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy, document = self.state.report()
        return web.json_response(
            document, status=200 if healthy else 503, headers={"Cache-Control": "no-store"}
        )

    async def _metrics(self, request: web.Request) -> web.Response:
        encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(
            body=encoder(self.metrics.registry), headers={"Content-Type": content_type}
        )

    async def start(self) -> int:
        """Listen; returns the bound port. Raises ``OSError`` if the port is taken."""
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        return self.port

    @property
    def addresses(self) -> list[Any]:
        """The socket addresses listened on (empty when stopped)."""
        return list(self._runner.addresses) if self._runner is not None else []

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()


def probe(url: str | None = None, timeout: float = 3.0) -> tuple[bool, str]:
    """GET ``/healthz`` (default: this process's configured port on loopback)."""
    if url is None:
        from bot.settings import ConfigError, environment_settings

        try:
            settings = environment_settings()
        except ConfigError as error:
            return False, f"reportbot: {error}"
        if settings.health_port is None:
            return False, f"{ENV_PORT} is not set: the health endpoint is off"
        host = settings.health_host
        if host in ("0.0.0.0", "::", ""):  # bound everywhere: loopback reaches it
            host = DEFAULT_HOST
        host = f"[{host}]" if ":" in host else host
        url = f"http://{host}:{settings.health_port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return True, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:  # 503 and friends
        return False, error.read().decode("utf-8", "replace")
    except (OSError, ValueError) as error:
        return False, f"{url}: {error}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    healthy, body = probe(args[0] if args else None)
    print(body.strip())
    return 0 if healthy else 1


if __name__ == "__main__":
    raise SystemExit(main())
