"""Pictures of what reportbot's readers see, for the README (``docs/screens/*.png``).

Drives the real bot (the discord.py client ``reportbot run`` starts, in this process) over the
loopback Discord server (``tests/discord_server/``) on the shipped pack with a fixed set of
questions, and the real ``reportbot console`` in a pseudo-terminal 72 columns wide. Each reply
is saved as captured (the embed and component JSON the bot sent, or the bytes the console
wrote) in ``docs/screens/captures.json``, rendered as Discord's phone app or a terminal shows it
(:mod:`scripts.screen_html`), and screenshotted with headless Chromium (Debian's ``chromium``):

    apt-get install -y chromium
    .venv/bin/python -m scripts.capture_screens            # capture, render, screenshot
    .venv/bin/python -m scripts.capture_screens --no-png   # capture and render only

Run it again whenever the answer format changes, and look at the pictures.
``tests/test_screens.py`` checks, without Chromium, that every capture renders, that no
captured reply exceeds the size limits, and that each picture is of the captures as committed.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import hashlib
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "docs" / "screens"
CAPTURES = SCREENS / "captures.json"
BUNDLED = ROOT / "knowledge"
SCALE = 2  # device pixels per CSS pixel: sharp on a high-density screen


@dataclass(frozen=True)
class Shot:
    """One exchange to capture: a slash command, a chat message, or a press of a button under
    an earlier shot's reply."""

    name: str
    caption: str
    command: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    chat: str | None = None
    press: str | None = None  # the label of a button under the reply to ``after``
    after: str | None = None


SHOTS: tuple[Shot, ...] = (
    Shot(
        "answer",
        "An answer: the point, the quote, who reported it",
        command="ask",
        options={"question": "did any lawmakers react?"},
    ),
    Shot(
        "second-hand",
        "A second-hand source: the outlets, whom they credit, what that cites",
        command="ask",
        options={
            "question": "what did the inspector general's draft say about the department's focus?"
        },
    ),
    Shot(
        "disagreement",
        "Where the outlets differ: each version with its outlet",
        command="ask",
        options={"question": "did sessions cooperate with the investigation?"},
    ),
    Shot(
        "quote-circumstances",
        "A quote told differently: one clause for the other outlet",
        command="ask",
        options={"question": "what did sessions tell the prosecutors?"},
    ),
    Shot(
        "decline",
        "An honest decline, with questions the facts do answer",
        command="ask",
        options={"question": "what did the final report conclude?"},
    ),
    Shot(
        "lacking",
        "A decline that says what the reporting lacks, and what it does cover",
        command="ask",
        options={"question": "how old is jeff sessions?"},
    ),
    Shot("quotes", "A quote list: /quote", command="quote", options={"speaker": "Sessions"}),
    Shot(
        "cluster",
        "Several facts answered together: one line each, with its outlet",
        chat="what did rosenstein tell the times",
    ),
    Shot("person", "A person card", command="ask", options={"question": "who is vance"}),
    Shot(
        "differences",
        "Where the outlets differ, asked in free text",
        command="ask",
        options={"question": "where do the outlets disagree?"},
    ),
    Shot(
        "document",
        "What a document holds: its description, then the facts credited to it",
        command="ask",
        options={"question": "what is the draft report about?"},
    ),
    Shot(
        "coverage",
        "Which article reports it: the answer says so first",
        command="ask",
        options={"question": "does BI mention the 64 page response at all?"},
    ),
    Shot(
        "compare",
        "How the articles tell it: each one's own words, side by side",
        command="ask",
        options={"question": "how do the two articles describe Bash differently?"},
    ),
    Shot(
        "own-words",
        "What words of the reporting are said of: each article's sentence, then the fact",
        command="ask",
        options={"question": "'driving force' behind what, exactly?"},
    ),
    Shot(
        "next",
        "What came next: the step after, with when, then the facts that report it",
        chat="what happened after sessions' call with the prosecutors?",
    ),
    Shot(
        "timeline",
        "The story in order: each step with when and its outlets",
        command="ask",
        options={"question": "can you put the events in order?"},
    ),
    Shot(
        "when",
        "When all this happened: the years, then each step in order",
        chat="what year was all this",
    ),
    Shot(
        "nothing-more",
        "What else, a line set aside: the reporting has nothing more",
        chat="besides the 'never ordered anyone' line, what else did the 64-page response say",
    ),
    Shot(
        "line-check",
        "A line of the reader's own copy, checked against the reporting",
        chat="we wrote bash was the US attorney in eastern texas. correct?",
    ),
    Shot(
        "hearsay",
        "A claim passed on, checked against the reporting",
        chat="saw on twitter that rosenstein said he never ordered anyone to prosecute, true?",
    ),
    Shot(
        "doj",
        "What the Justice Department said: each statement once",
        command="ask",
        options={"question": "what did the DOJ say"},
    ),
    Shot(
        "more",
        "“More” opens the full account, privately",
        press="More",
        after="doj",
    ),
)

CONSOLE_LINES = (
    "did any lawmakers react?",
    "what did sessions tell the prosecutors?",
    "what did the final report conclude?",
)
CONSOLE_COLUMNS = 72


# --- Discord -----------------------------------------------------------------------------------


def _reply(data: dict[str, Any] | None, *, ephemeral: bool) -> dict[str, Any]:
    data = data or {}
    return {
        "content": data.get("content"),
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "ephemeral": ephemeral,
    }


def _message_reply(message: Any) -> dict[str, Any]:
    return {
        "content": message.content or None,
        "embeds": message.embeds,
        "components": message.components,
        "ephemeral": False,
    }


def _label_to_custom_id(components: Sequence[dict[str, Any]], label: str) -> str:
    for row in components:
        for item in row.get("components") or []:
            if item.get("label") == label:
                return str(item["custom_id"])
    raise LookupError(f"no button labelled {label!r}")


async def capture_discord(pack: Path = BUNDLED, shots: Sequence[Shot] = SHOTS) -> list[dict]:
    """Every shot's exchange with the real bot over the loopback Discord server."""
    from bot.discord.api_base import reset_api_base
    from tests.discord_fixtures import make_newsroom
    from tests.discord_server import DiscordServer

    captured: list[dict[str, Any]] = []
    messages: dict[str, Any] = {}
    async with DiscordServer() as server:
        try:
            with tempfile.TemporaryDirectory() as tmp:
                room, running = await make_newsroom(server, Path(tmp), pack=pack)
                async with running:
                    await room.bot.sync_commands()
                    reader = room.scene.member
                    for shot in shots:
                        asked: dict[str, Any] = {"user": "reader"}
                        if shot.command:
                            handle, response = await room.command(shot.command, shot.options)
                            original = handle.original
                            if response.type == 5:  # a deferred answer: the filled-in message
                                original = await handle.wait_final_original()
                            reply = (
                                _message_reply(original)
                                if original is not None and response.type == 5
                                else _reply(response.data, ephemeral=response.ephemeral)
                            )
                            messages[shot.name] = original
                            asked |= {
                                "via": "command",
                                "command": shot.command,
                                "options": shot.options,
                            }
                        elif shot.chat:
                            sent = await server.send_message(reader, room.answer_channel, shot.chat)
                            message = await server.wait_for_message(
                                room.answer_channel,
                                predicate=lambda m, sent=sent: (
                                    m.reference is not None
                                    and int(m.reference["message_id"]) == sent.id
                                ),
                            )
                            messages[shot.name] = message
                            reply = _message_reply(message)
                            asked |= {"via": "chat", "text": shot.chat}
                        else:
                            assert shot.press and shot.after
                            under = messages[shot.after]
                            custom_id = _label_to_custom_id(under.components, shot.press)
                            press = await server.press_button(reader, under, custom_id)
                            response = await press.wait_response()
                            reply = _reply(response.data, ephemeral=response.ephemeral)
                            before = next(s for s in shots if s.name == shot.after)
                            asked |= {
                                "via": "button",
                                "button": shot.press,
                                "under": before.options.get("question") or before.chat or "",
                            }
                        captured.append(
                            {
                                "name": shot.name,
                                "caption": shot.caption,
                                "kind": "discord",
                                "asked": asked,
                                "reply": reply,
                            }
                        )
                server.assert_no_violations()
        finally:
            reset_api_base()
    return captured


# --- the console -------------------------------------------------------------------------------


def _read_until(fd: int, marker: bytes, buffer: bytearray, start: int = 0) -> None:
    """Read the pseudo-terminal until ``marker`` appears after ``start`` (a 30 s hang guard,
    not a pace: the console answers in milliseconds)."""
    while buffer.find(marker, start) == -1:
        ready, _, _ = select.select([fd], [], [], 30.0)
        if not ready:
            raise TimeoutError(f"the console printed no {marker!r}:\n{buffer.decode()}")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise EOFError(f"the console ended early:\n{buffer.decode()}")
        buffer.extend(chunk)


def capture_console(pack: Path = BUNDLED, lines: Sequence[str] = CONSOLE_LINES) -> str:
    """A real ``reportbot console`` session in a colour terminal ``CONSOLE_COLUMNS`` wide: what
    it printed, echoed input and colour codes included."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 60, CONSOLE_COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env |= {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--knowledge", str(pack)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        cwd=ROOT,
        close_fds=True,
    )
    os.close(child)
    buffer = bytearray()
    try:
        _read_until(main, b"> ", buffer)
        for line in lines:
            start = len(buffer)
            os.write(main, line.encode() + b"\n")
            # The reply is in when the next prompt follows the echoed line.
            _read_until(main, b"\n> ", buffer, start + len(line))
        os.write(main, b":quit\n")
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    text = buffer.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return text.rsplit("\n> ", 1)[0] + "\n> "


# --- pictures ----------------------------------------------------------------------------------


def html_digest(page: str) -> str:
    return hashlib.sha256(page.encode()).hexdigest()


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("chromium is not installed: apt-get install -y chromium")
    return found


def _chromium_args(profile: str) -> list[str]:
    return [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--force-device-scale-factor={SCALE}",
    ]


def screenshot(html_path: Path, png: Path, width: int) -> None:
    """The page at ``width`` CSS pixels, as tall as its content, with a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="reportbot-chromium-") as profile:
        measure = html_path.with_suffix(".measure.html")
        measure.write_text(
            html_path.read_text(encoding="utf-8").replace(
                "</body>",
                "<script>document.title = String(Math.ceil("
                "document.documentElement.getBoundingClientRect().height))</script></body>",
            ),
            encoding="utf-8",
        )
        dom = subprocess.run(
            [
                *_chromium_args(profile),
                f"--window-size={width},2000",
                "--dump-dom",
                measure.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        measure.unlink()
        height = int(dom.split("<title>", 1)[1].split("</title>", 1)[0])
        subprocess.run(
            [
                *_chromium_args(profile),
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                html_path.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )


def page_width(capture: dict[str, Any]) -> int:
    from scripts.screen_html import PHONE_WIDTH

    if capture["kind"] == "console":
        return 8 * CONSOLE_COLUMNS + 40  # 13px DejaVu Sans Mono is ~7.8px a column
    return PHONE_WIDTH


def main(argv: Sequence[str] | None = None) -> int:
    from scripts.screen_html import capture_page

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-png",
        metavar="DIR",
        type=Path,
        help="capture and write the pages to DIR only, for a look without Chromium; "
        "docs/screens is left as it is",
    )
    args = parser.parse_args(argv)

    captures = asyncio.run(capture_discord())
    captures.append(
        {
            "name": "console",
            "caption": "reportbot console in a 72-column colour terminal",
            "kind": "console",
            "output": capture_console(),
        }
    )
    if args.no_png:
        args.no_png.mkdir(parents=True, exist_ok=True)
        for capture in captures:
            (args.no_png / f"{capture['name']}.html").write_text(capture_page(capture), "utf-8")
        (args.no_png / "captures.json").write_text(json.dumps(captures, indent=1), "utf-8")
        print(f"wrote {len(captures)} pages to {args.no_png}")
        return 0
    SCREENS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportbot-screens-") as tmp:
        for capture in captures:
            page = capture_page(capture)
            capture["html_sha256"] = html_digest(page)  # the page this picture was taken of
            html_path = Path(tmp) / f"{capture['name']}.html"
            html_path.write_text(page, encoding="utf-8")
            png = SCREENS / f"{capture['name']}.png"
            screenshot(html_path, png, page_width(capture))
            print(f"wrote {png.relative_to(ROOT)}")
    CAPTURES.write_text(json.dumps(captures, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {CAPTURES.relative_to(ROOT)} ({len(captures)} captures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
