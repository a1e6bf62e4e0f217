"""Benchmark: a burst of concurrent ``/ask`` interactions against an in-process reportbot.

    .venv/bin/python bench/discord_burst.py                   # 3 bursts of 200
    .venv/bin/python bench/discord_burst.py --count 500 --runs 5 --knowledge knowledge
    .venv/bin/python bench/discord_burst.py --same-process    # server in the bot's own loop

The loopback Discord from ``tests/discord_server`` (real websocket gateway, real HTTP
callbacks, Discord's 3-second deadline enforced) fires the burst; the real ``ReportBot`` answers
it in this process. By default the server runs in a child process, as Discord runs on other
machines, so the numbers are the bot's; ``--same-process`` puts the server into the bot's event
loop, where its own work (compressing gateway frames, validating every callback, echoing each
answer back as MESSAGE_CREATE) competes with the bot's — a pessimistic set-up.

"Time to first response" is measured by the server, as Discord measures its deadline: from the
moment it dispatches INTERACTION_CREATE to the moment the bot's initial callback arrives.
Without ``--knowledge`` the tests' newsroom pack is used.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.discord.api_base import apply_api_base  # noqa: E402
from bot.discord.app import ReportBot, tune_gc  # noqa: E402
from bot.settings import Rate, Settings  # noqa: E402
from bot.store import KnowledgeStore  # noqa: E402
from tests.discord_fixtures import write_newsroom_pack  # noqa: E402
from tests.discord_server import CallbackAttempt, DiscordServer, EventKind  # noqa: E402

QUESTIONS = [
    "what happens to the library budget",
    "what did poe say?",
    "did the DA comment",
    "how many interviews were in the audit",
    "what did the final audit conclude",
    "who won the world cup?",
    "what did Sessions tell the prosecutors?",
    "did any lawmakers react?",
    "is the library losing money",
    "did sesions cooperate with the investigation",
]
USERS = 20


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def describe(name: str, latencies: Sequence[float]) -> str:
    ms = [value * 1000 for value in latencies]
    late = sum(1 for value in latencies if value > 3.0)
    return (
        f"{name}: n={len(ms)}  median {statistics.median(ms):.1f} ms  "
        f"p90 {percentile(ms, 0.90):.1f} ms  p99 {percentile(ms, 0.99):.1f} ms  "
        f"max {max(ms):.1f} ms  over 3 s: {late}"
    )


# --------------------------------------------------------------------------- the server side


class Burster:
    """The loopback Discord with a newsroom, able to fire bursts of /ask."""

    def __init__(self, server: DiscordServer) -> None:
        self.server = server
        self.users: list[Any] = []
        self.channel: Any = None
        self.guild_id = 0

    async def setup(self) -> None:
        scene = await self.server.create_scene()
        self.channel, self.guild_id = scene.channel, scene.guild.id
        self.users = [scene.member, scene.admin]
        for i in range(USERS - 2):
            self.users.append(await self.server.create_member(scene.guild, f"reader{i}"))

    async def burst(self, count: int) -> dict[str, Any]:
        server = self.server
        await server.wait_until_ready(timeout=20)
        mark = server.mark()
        started, cpu = time.perf_counter(), time.process_time()
        handles = await asyncio.gather(
            *(
                server.invoke_command(
                    self.users[i % len(self.users)],
                    self.channel,
                    "ask",
                    {"question": QUESTIONS[i % len(QUESTIONS)]},
                )
                for i in range(count)
            )
        )
        # One wait for the whole burst: a wait per interaction would rescan the server's
        # event log once per interaction while the burst runs.
        pending = {h.id for h in handles}

        def answered_all(attempt: CallbackAttempt) -> bool:
            pending.discard(attempt.interaction_id)
            return not pending

        await server.wait_for_event(
            EventKind.INTERACTION_CALLBACK, answered_all, after=mark, timeout=60
        )
        # A deferred interaction ("thinking…" first) has its answer when the placeholder is
        # edited; the others had it in their first response.
        answers: dict[int, float] = {}
        placeholders = {h.original_message_id: h for h in handles if h.attempts[0].type == 5}
        for h in handles:
            if h.attempts[0].type != 5:
                answers[h.id] = h.attempts[0].latency

        def edited_all(message: Any) -> bool:
            handle = placeholders.pop(message.id, None)
            if handle is not None:
                answers[handle.id] = 0.0  # filled in below from the event's time
            return not placeholders

        if placeholders:
            waiting = dict(placeholders)
            await server.wait_for_event(
                EventKind.MESSAGE_UPDATE, edited_all, after=mark, timeout=60
            )
            for event in server.events.events[mark:]:
                if event.kind is EventKind.MESSAGE_UPDATE and event.data.id in waiting:
                    handle = waiting.pop(event.data.id)
                    answers[handle.id] = event.at - handle.dispatched_at
        return {
            "latencies": [h.response_latency for h in handles],
            "answers": [answers[h.id] for h in handles],
            "deferred": sum(1 for h in handles if h.attempts[0].type == 5),
            "refused": sum(1 for h in handles if not h.attempts[0].accepted),
            "seconds": time.perf_counter() - started,
            "server_cpu": time.process_time() - cpu,
            "violations": [str(v) for v in server.violations],
        }


async def serve() -> None:
    """Child mode: run the server; take commands as JSON lines on stdin, answer on stdout."""

    def emit(data: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    # Discord is not a Python process; keep the stand-in's own GC pauses out of the numbers.
    tune_gc()
    async with DiscordServer() as server:
        burster = Burster(server)
        await burster.setup()
        gc.freeze()
        emit({"api_base": server.api_base, "token": server.token, "guild": burster.guild_id})
        while line := await asyncio.to_thread(sys.stdin.readline):
            command = json.loads(line)
            if command["cmd"] == "burst":
                emit(await burster.burst(command["count"]))
            else:
                break


class RemoteBurster:
    """The server in a child process, driven over its stdin/stdout."""

    def __init__(self, process: asyncio.subprocess.Process, hello: dict[str, Any]) -> None:
        self.process = process
        self.api_base: str = hello["api_base"]
        self.token: str = hello["token"]
        self.guild_id: int = hello["guild"]

    @classmethod
    async def start(cls) -> RemoteBurster:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).resolve()),
            "--serve",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        hello = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
        return cls(process, hello)

    async def burst(self, count: int) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps({"cmd": "burst", "count": count}) + "\n").encode())
        await self.process.stdin.drain()
        return json.loads(await asyncio.wait_for(self.process.stdout.readline(), 120))

    async def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.write(b'{"cmd": "quit"}\n')
            await self.process.stdin.drain()
        await asyncio.wait_for(self.process.wait(), 10)


# --------------------------------------------------------------------------- the bot side


async def run_bot_against(
    api_base: str, token: str, guild_id: int, pack: Path
) -> tuple[ReportBot, asyncio.Task[None]]:
    settings = Settings(
        token=token,
        knowledge=pack,
        guild_ids=(guild_id,),
        cooldown_questions=Rate(1_000_000, 10.0),  # measure answering, not the rate limit
    )
    store = KnowledgeStore.open(pack)
    knowledge = store.snapshot.knowledge
    print(
        f"pack {knowledge.info.id!r} version {knowledge.info.version}: "
        f"{len(knowledge.claims)} claims"
    )
    await apply_api_base(api_base)
    tune_gc()  # as `reportbot run` does
    bot = ReportBot(settings, store, guild_ready_timeout=0.05, freeze_gc=True)
    task = asyncio.create_task(bot.start(token))
    await asyncio.wait_for(bot.wait_until_ready(), 30)
    await bot.sync_commands()
    return bot, task


async def main(count: int, runs: int, knowledge: Path | None, same_process: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pack = knowledge or write_newsroom_pack(Path(tmp) / "pack")
        server: DiscordServer | None = None
        if same_process:
            server = await DiscordServer().start()
            burster: Burster | RemoteBurster = Burster(server)
            await burster.setup()
            api_base, token, guild_id = server.api_base, server.token, burster.guild_id
        else:
            burster = await RemoteBurster.start()
            api_base, token, guild_id = burster.api_base, burster.token, burster.guild_id
        where = "in the bot's process" if same_process else "in a child process"
        print(f"loopback Discord {where}; {USERS} users; {len(QUESTIONS)} different questions")
        bot, task = await run_bot_against(api_base, token, guild_id, pack)
        every: list[float] = []
        answers: list[float] = []
        violations: list[str] = []
        try:
            result = await burster.burst(20)
            print(describe("warm-up", result["latencies"]))
            for run in range(runs):
                cpu = time.process_time()
                result = await burster.burst(count)
                bot_cpu = time.process_time() - cpu
                every += result["latencies"]
                answers += result["answers"]
                violations = result["violations"]
                print(
                    describe(f"run {run + 1}: {count} concurrent /ask", result["latencies"])
                    + f"  ({result['deferred']} deferred, {result['refused']} refused)"
                )
                print("    " + describe("full answer", result["answers"]))
                if not same_process:
                    print(
                        f"    CPU per interaction: bot {bot_cpu / count * 1000:.2f} ms,"
                        f" server {result['server_cpu'] / count * 1000:.2f} ms"
                    )
        finally:
            await bot.close()
            await task
            if isinstance(burster, RemoteBurster):
                await burster.stop()
            if server is not None:
                await server.stop()
        print(describe(f"all {runs} runs, first response", every))
        print(describe(f"all {runs} runs, full answer", answers))
        print(f"Discord rule violations recorded: {len(violations)}")
        for violation in violations[:5]:
            print(f"  {violation}")
        return 1 if violations or max(every) > 3.0 else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="interactions per burst")
    parser.add_argument("--runs", type=int, default=3, help="bursts to measure")
    parser.add_argument("--knowledge", type=Path, help="fact pack (default: the tests' pack)")
    parser.add_argument(
        "--same-process", action="store_true", help="run the server in the bot's event loop"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve())
        raise SystemExit(0)
    raise SystemExit(asyncio.run(main(args.count, args.runs, args.knowledge, args.same_process)))
