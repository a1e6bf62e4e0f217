"""``/healthz`` and ``/metrics`` over real loopback HTTP, and the probe the container runs."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.answers.compose import answer_question
from bot.observability.health import HealthServer, HealthState, probe
from bot.observability.metrics import Metrics
from bot.querylog import FaultTolerantQueryLog
from bot.querylog.sqlite import SQLiteQueryLog
from bot.settings import ConfigError, load_settings
from bot.store import KnowledgeStore
from tests.conftest import EXAMPLE, ROOT
from tests.querylog_contract import entry


@pytest.fixture
def store() -> KnowledgeStore:
    return KnowledgeStore.open(EXAMPLE)


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
async def served(
    store: KnowledgeStore, metrics: Metrics
) -> AsyncIterator[tuple[HealthState, HealthServer]]:
    state = HealthState(snapshot=lambda: store.snapshot)
    server = HealthServer(state, metrics)  # defaults: 127.0.0.1, any free port
    await server.start()
    yield state, server
    await server.stop()


async def get(url: str, accept: str | None = None) -> tuple[int, str, str]:
    headers = {"Accept": accept} if accept else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def test_healthy_only_once_connected_with_facts_loaded(served) -> None:
    state, server = served

    status, content_type, body = await get(server.url + "/healthz")
    assert status == 503 and content_type.startswith("application/json")
    starting = json.loads(body)
    assert starting["status"] == "unavailable"
    assert starting["reasons"] == ["gateway not connected"]
    assert starting["facts_loaded"] is True and starting["gateway_connected"] is False

    state.set_gateway(True)  # on_ready
    status, _, body = await get(server.url + "/healthz")
    ready = json.loads(body)
    assert status == 200
    assert ready["status"] == "ok" and ready["reasons"] == []
    assert ready["pack_id"] == "example" and ready["pack_version"]
    assert ready["uptime_seconds"] >= 0

    state.set_gateway(False)  # on_disconnect
    assert (await get(server.url + "/healthz"))[0] == 503
    state.set_gateway(True)  # on_resumed
    state.shutting_down = True  # SIGTERM: stop sending traffic here
    status, _, body = await get(server.url + "/healthz")
    assert status == 503 and json.loads(body)["reasons"] == ["shutting down"]


async def test_without_facts_the_bot_is_unhealthy(metrics: Metrics) -> None:
    def broken():
        raise RuntimeError("no snapshot")

    state = HealthState(snapshot=broken)
    state.set_gateway(True)
    server = HealthServer(state, metrics)
    await server.start()
    try:
        status, _, body = await get(server.url + "/healthz")
    finally:
        await server.stop()
    assert status == 503
    assert json.loads(body)["reasons"] == ["no facts loaded"]


async def test_every_shard_must_be_connected(served) -> None:
    state, server = served
    state.expect_shards([0, 1, 2])
    state.set_gateway(True, shard_id=0)
    state.set_gateway(False, shard_id=1)
    assert json.loads((await get(server.url + "/healthz"))[2])["reasons"] == [
        "gateway not connected (shards 1, 2)"
    ]
    state.set_gateway(True, shard_id=2)
    status, _, body = await get(server.url + "/healthz")
    assert status == 503
    document = json.loads(body)
    assert document["shards"] == {"0": True, "1": False, "2": True}
    assert document["reasons"] == ["gateway not connected (shards 1)"]
    state.set_gateway(True, shard_id=1)
    assert (await get(server.url + "/healthz"))[0] == 200


async def test_a_query_log_fault_shows_but_never_makes_the_bot_unhealthy(
    served, metrics: Metrics, tmp_path: Path
) -> None:
    state, server = served
    log = FaultTolerantQueryLog(
        SQLiteQueryLog(tmp_path / "missing" / "q.sqlite3"), on_fault=metrics.query_log_fault
    )
    state.extra["query_log"] = log.status
    state.set_gateway(True)
    await log.record(entry("anything"))
    await log.flush()

    status, _, body = await get(server.url + "/healthz")
    assert status == 200
    assert json.loads(body)["query_log"] == {
        "backend": "sqlite",
        "ok": False,
        "pending": 0,
        "faults": 1,
    }
    _, _, text = await get(server.url + "/metrics")
    assert 'reportbot_query_log_faults_total{operation="record"} 1.0' in text
    await log.close()


async def test_metrics_count_questions_latency_reloads_and_errors(
    served, metrics: Metrics, store: KnowledgeStore
) -> None:
    _, server = served
    for question in ["what happens to the library budget", "who won the world cup?"]:
        metrics.observe_answer(answer_question(question, store.snapshot), 0.004)
    metrics.observe_reload(store.reload())
    metrics.observe_reload(None)
    metrics.count_error("reply")
    metrics.count_error("something nobody planned for")
    metrics.set_pack(store.snapshot)

    status, content_type, text = await get(server.url + "/metrics")

    assert status == 200 and content_type.startswith("text/plain")
    lines = set(text.splitlines())
    assert 'reportbot_questions_total{outcome="answered",reason="answered"} 1.0' in lines
    assert 'reportbot_questions_total{outcome="declined",reason="no_match"} 1.0' in lines
    assert 'reportbot_questions_total{outcome="declined",reason="gap"} 0.0' in lines
    assert 'reportbot_answer_latency_seconds_bucket{le="0.005"} 2.0' in lines
    assert "reportbot_answer_latency_seconds_count 2.0" in lines
    assert 'reportbot_reloads_total{outcome="ok"} 1.0' in lines
    assert 'reportbot_reloads_total{outcome="failed"} 1.0' in lines
    assert 'reportbot_errors_total{kind="reply"} 1.0' in lines
    assert 'reportbot_errors_total{kind="unexpected"} 1.0' in lines
    version = store.snapshot.knowledge.info.version
    assert f'reportbot_pack_info{{pack="example",version="{version}"}} 1.0' in lines
    assert any(line.startswith("process_resident_memory_bytes ") for line in lines)

    _, openmetrics_type, om = await get(server.url + "/metrics", "application/openmetrics-text")
    assert openmetrics_type.startswith("application/openmetrics-text")
    assert om.rstrip().endswith("# EOF")


async def test_it_listens_on_loopback_only_by_default(served) -> None:
    _, server = served
    assert server.host == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")
    assert {address[0] for address in server.addresses} == {"127.0.0.1"}


def test_it_is_off_unless_a_port_is_configured(metrics: Metrics) -> None:
    state = HealthState()

    def from_env(env: dict[str, str]) -> HealthServer | None:
        return HealthServer.from_settings(state, metrics, load_settings(env))

    assert from_env({}) is None
    assert from_env({"REPORTBOT_HEALTH_PORT": "off"}) is None
    on = from_env({"REPORTBOT_HEALTH_PORT": "8080"})
    assert on is not None and (on.host, on.port) == ("127.0.0.1", 8080)
    everywhere = from_env({"REPORTBOT_HEALTH_PORT": "9100", "REPORTBOT_HEALTH_HOST": "0.0.0.0"})
    assert everywhere is not None and everywhere.host == "0.0.0.0"
    with pytest.raises(ConfigError, match="REPORTBOT_HEALTH_PORT must be a port number"):
        from_env({"REPORTBOT_HEALTH_PORT": "http"})


async def test_the_container_probe_exits_0_when_healthy_and_1_when_not(served) -> None:
    state, server = served

    async def run_probe() -> tuple[int, str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "REPORTBOT_HEALTH_PORT": str(server.port)}
        env["REPORTBOT_HEALTH_HOST"] = "0.0.0.0"  # as in the container: probed via loopback
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.observability.health",
            env=env,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(process.communicate(), 30)
        return process.returncode or 0, out.decode()

    code, out = await run_probe()
    assert code == 1 and json.loads(out)["status"] == "unavailable"
    state.set_gateway(True)
    code, out = await run_probe()
    assert code == 0 and json.loads(out)["status"] == "ok"

    port = server.port
    await server.stop()
    healthy, message = await asyncio.to_thread(probe, f"http://127.0.0.1:{port}/healthz", 2)
    assert not healthy and "Connection refused" in message
