"""Reloading the facts while the bot serves: from ``/reload``, SIGHUP or a file watcher.

All three go through one :class:`Reloader`: the pack is read and validated in a worker thread
(``store.reload`` blocks), reloads queue on an asyncio lock (the store's own thread lock would
otherwise tie up one worker thread per waiting reload), and each is logged with who asked, when
and what came of it. A failed reload changes nothing: the old snapshot keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import logging
import os
import re
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.knowledge.errors import PackError
from bot.store import KnowledgeStore, ReloadResult

log = logging.getLogger("reportbot.reload")

Fingerprint = tuple[tuple[str, int, int, int], ...] | None


class Reloader:
    """Serialised, logged reloads of one store."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._lock = asyncio.Lock()
        self.count = 0
        # Called with each result (ok or not; None when the reload itself crashed), e.g. to
        # re-tune GC or count reloads.
        self.listeners: list[Callable[[ReloadResult | None], object]] = []

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    async def reload(self, who: str) -> ReloadResult:
        """Reload the store's pack; ``who`` is logged ("user 1234", "SIGHUP", "watcher")."""
        async with self._lock:
            when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
            try:
                result = await asyncio.to_thread(self.store.reload)
            except Exception:  # a bug, not a bad pack: keep serving, keep the details in the log
                log.exception("reload by %s at %s crashed; the old facts keep serving", who, when)
                self._notify(None)
                version = self.store.snapshot.knowledge.info.version
                error = PackError("(reportbot)", 1, 1, "the reload failed unexpectedly; see log")
                return ReloadResult(ok=False, errors=(error,), version=version)
            self.count += 1
            if result.ok:
                summary = result.diff.summary() if result.diff else "no diff"
                log.info(
                    "reload by %s at %s: ok in %.2fs, version %s. %s",
                    who,
                    when,
                    result.seconds,
                    result.version,
                    summary,
                )
            else:
                log.warning(
                    "reload by %s at %s: refused, %d problem(s); version %s keeps serving",
                    who,
                    when,
                    len(result.errors),
                    result.version,
                )
                for error in result.errors[:50]:
                    log.warning("  %s", error)
            self._notify(result)
            return result

    def _notify(self, result: ReloadResult | None) -> None:
        for listener in self.listeners:
            try:
                listener(result)
            except Exception:
                log.exception("a reload listener failed")


# An absolute POSIX path inside a message ("not found (looked at /srv/packs/news)"), not a URL.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~:/-])/(?:[^\s/:;,'\"`()<>]+/)*([^\s/:;,'\"`()<>]*)")


def _within_pack(file: str, pack: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        return file  # already shown relative to the pack (``knowledge/10-claims.yaml``)
    root = pack.parent if pack.suffix.lower() in (".yaml", ".yml") else pack
    for base in (root.parent, root):
        with contextlib.suppress(ValueError):
            return str(path.relative_to(base))
    return f"…/{path.name}" if path.name else "…"


def for_server(result: ReloadResult, pack: Path) -> ReloadResult:
    """``result`` as a Discord server may see it: files named within the pack, and no other
    path of the operator's machine (the full problems are in the operator's log)."""
    if result.ok:
        return result
    pack = Path(pack).absolute()
    errors = tuple(
        PackError(
            _within_pack(error.file, pack),
            error.line,
            error.column,
            _ABSOLUTE_PATH.sub(lambda m: f"…/{m.group(1)}" if m.group(1) else "…", error.message),
        )
        for error in result.errors
    )
    return dataclasses.replace(result, errors=errors)


def pack_fingerprint(path: Path) -> Fingerprint:
    """Names, sizes and modification times of the pack's files (None if unreadable).

    A directory pack is every file under it; a one-file pack is that file plus its ``sources/``
    directory (where archived texts conventionally live), not everything beside it.
    """
    try:
        if path.is_file():
            sources = path.parent / "sources"
            files = [path, *(p for p in sources.rglob("*") if p.is_file())]
        else:
            files = [p for p in path.rglob("*") if p.is_file()]
        entries = []
        for file in files:
            stat = file.stat()
            # The inode too: editors and `git checkout` often replace a file rather than write it.
            entries.append((str(file), stat.st_mtime_ns, stat.st_size, stat.st_ino))
        return tuple(sorted(entries))
    except OSError:
        return None


class PackWatcher:
    """Polls the pack's files and reloads once a change has settled (off by default).

    A change is acted on when two polls in a row agree on the new state, so an editor saving
    several files, or a ``git pull``, triggers one reload rather than one per file.
    """

    def __init__(
        self,
        path: Callable[[], Path],
        interval: float,
        on_change: Callable[[], Awaitable[object]],
    ) -> None:
        self._path = path
        self.interval = interval
        self._on_change = on_change
        self._task: asyncio.Task[None] | None = None
        self.watching = asyncio.Event()  # set once the first state has been recorded

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="reportbot-pack-watcher")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        known = await asyncio.to_thread(pack_fingerprint, self._path())
        last = known
        self.watching.set()
        while True:
            await asyncio.sleep(self.interval)
            try:
                now = await asyncio.to_thread(pack_fingerprint, self._path())
                if now != known and now == last:
                    known = now
                    await self._on_change()
                last = now
            except asyncio.CancelledError:
                raise
            except Exception:  # keep watching; the next poll may succeed
                log.exception("the pack watcher failed once; still watching")


def install_sighup(
    loop: asyncio.AbstractEventLoop, reload: Callable[[], Awaitable[object]]
) -> Callable[[], None] | None:
    """Reload on SIGHUP (the Unix convention for "re-read your configuration").

    Returns a function that removes the handler, or None where signals are unsupported.
    """
    if not hasattr(signal, "SIGHUP") or os.name == "nt":
        return None
    tasks: set[asyncio.Task[object]] = set()

    def handle() -> None:
        task = loop.create_task(reload(), name="reportbot-sighup-reload")  # type: ignore[arg-type]
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, handle)
    except (NotImplementedError, RuntimeError):
        return None
    return lambda: loop.remove_signal_handler(signal.SIGHUP)
