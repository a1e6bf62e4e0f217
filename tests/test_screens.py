"""The README's pictures (``docs/screens/``): every capture renders, none outgrows the limits,
and each picture is of the captures as committed.

Chromium is not needed here: the pages are built from the captured JSON the same way the
capture script builds them, and compared with the digest of the page each picture was taken of
(``scripts/capture_screens.py`` records it). A capture run against the current bot checks that
the script itself still works and that what it would capture today fits.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from bot.discord.limits import embed_problems, visible_size
from scripts.capture_screens import CAPTURES, SCREENS, SHOTS, capture_discord, html_digest
from scripts.screen_html import ansi_html, capture_page, markdown_html
from tests.discord_server.rules import check_embeds
from tests.test_reply_sizes import DECLINE_MAX, REPLY_MAX

NEEDED = {"answer", "second-hand", "disagreement", "decline", "quotes", "cluster", "person"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def plain(markdown: str) -> str:
    return page_text(markdown_html(markdown))


def load() -> list[dict[str, Any]]:
    return json.loads(CAPTURES.read_text(encoding="utf-8"))


def limit_of(capture: dict[str, Any]) -> int:
    components = [c for row in capture["reply"]["components"] for c in row["components"]]
    declined = any(c.get("style") == 1 for c in components)  # suggestion buttons
    return DECLINE_MAX if declined else REPLY_MAX


def check(capture: dict[str, Any]) -> None:
    """A capture renders: its page shows every word of the reply, and the reply fits."""
    page = capture_page(capture)
    shown = page_text(page)
    if capture["kind"] == "console":
        assert "\x1b" not in page
        assert " ".join(re.sub(r"\x1b\[[0-9;]*m", "", capture["output"]).split()) in shown
        return
    reply = capture["reply"]
    embeds = reply["embeds"]
    assert embeds, capture["name"]
    for embed in embeds:
        for part in (embed.get("title"), embed.get("description")):
            if part:
                assert plain(part) in shown, (capture["name"], plain(part))
    assert not embed_problems(embeds) and not check_embeds(embeds), capture["name"]
    if capture["name"] != "more":  # "More" is the full account, one private press away
        assert visible_size(embeds) <= limit_of(capture), capture["name"]
    for row in reply["components"]:
        for button in row["components"]:
            assert button["label"] in shown


def test_the_set_of_pictures_covers_what_the_readme_shows() -> None:
    names = {c["name"] for c in load()}
    assert names >= NEEDED and "console" in names
    assert names == {shot.name for shot in SHOTS} | {"console"}
    for name in names:
        assert (SCREENS / f"{name}.png").stat().st_size > 10_000, name


@pytest.mark.parametrize("name", sorted({s.name for s in SHOTS} | {"console"}))
def test_every_committed_capture_renders_and_fits(name: str) -> None:
    capture = next(c for c in load() if c["name"] == name)
    check(capture)


def test_each_picture_is_of_the_captures_as_committed() -> None:
    """Changing the captures or the page they make without taking the pictures again fails."""
    for capture in load():
        assert capture["html_sha256"] == html_digest(capture_page(capture)), (
            f"{capture['name']}: run `.venv/bin/python -m scripts.capture_screens` again"
        )


async def test_what_the_script_captures_today_renders_and_fits() -> None:
    for capture in await capture_discord():
        check(capture)


def test_console_colour_codes_become_spans_and_nothing_else_passes() -> None:
    assert ansi_html("\x1b[1mReported by\x1b[0m x") == '<span class="b">Reported by</span> x'
    assert "\\x1b" in ansi_html("\x1b]0;title\x07")  # not a colour: shown, not obeyed
