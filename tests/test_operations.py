"""The one object the Discord adapter holds: from the environment to a clean shutdown, over a
real SQLite file and real loopback HTTP."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from bot.answers.compose import answer_question
from bot.observability.metrics import Metrics
from bot.observability.runtime import Operations
from bot.observability.shutdown import ShuttingDown
from bot.store import KnowledgeStore
from tests.conftest import EXAMPLE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def get_json(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, json.loads(await response.text())


async def test_from_the_environment_to_a_clean_shutdown(tmp_path: Path) -> None:
    db = tmp_path / "queries.sqlite3"
    port = free_port()
    store = KnowledgeStore.open(EXAMPLE)
    ops = Operations.from_env(
        store,
        {"REPORTBOT_QUERY_LOG": str(db), "REPORTBOT_HEALTH_PORT": str(port)},
        metrics=Metrics(process=False),
    )
    client_closed: list[bool] = []

    async def close_client() -> None:
        client_closed.append(True)

    await ops.start(close_client=close_client, signals=False)
    base = f"http://127.0.0.1:{port}"
    assert (await get_json(base + "/healthz"))[0] == 503  # not connected yet

    ops.gateway(True)
    for question in ["what happens to the library budget", "who won the world cup?"]:
        async with ops.job():
            answer = answer_question(question, store.snapshot)
            ops.observe_answer(answer, 0.002, guild_id=10, channel_id=20, user_id=30)
    ops.observe_reload(store.reload())
    ops.error("reply")

    status, health = await get_json(base + "/healthz")
    assert status == 200 and health["pack_id"] == "example"
    assert health["query_log"]["backend"] == "sqlite"
    metrics = ops.metrics.registry.get_sample_value
    assert metrics("reportbot_questions_total", {"outcome": "declined", "reason": "no_match"}) == 1
    assert metrics("reportbot_reloads_total", {"outcome": "ok"}) == 1
    assert metrics("reportbot_errors_total", {"kind": "reply"}) == 1

    report = await ops.shutdown.shutdown("test")

    assert report.clean and client_closed == [True]
    with pytest.raises(ShuttingDown):
        async with ops.job():
            pass
    assert not Path(f"{db}-wal").exists()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT question, answered, claim_id, user_id, guild_id FROM reportbot_queries"
            " ORDER BY id"
        ).fetchall()
    assert rows == [
        ("what happens to the library budget", 1, "budget-cut", None, 10),
        ("who won the world cup?", 0, None, None, 10),
    ]
    with pytest.raises(aiohttp.ClientConnectionError):
        await get_json(base + "/healthz")


async def test_with_everything_off_it_still_serves(tmp_path: Path) -> None:
    store = KnowledgeStore.open(EXAMPLE)
    ops = Operations.from_env(store, {"REPORTBOT_QUERY_LOG": "off"}, metrics=Metrics())
    await ops.start(signals=False)
    assert ops.health_server is None
    ops.observe_answer(
        answer_question("anything", store.snapshot), 0.001, guild_id=None, channel_id=1, user_id=2
    )
    assert (await ops.shutdown.shutdown()).clean
