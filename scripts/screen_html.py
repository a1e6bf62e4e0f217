"""Captured replies as HTML pages: a Discord message as the phone app shows it in its dark
theme, and console output as a dark terminal shows it.

Everything is built from what was captured, never from the bot's own objects: a Discord reply
from the embed and component JSON the bot sent, console output from the bytes (colour codes
included) the console wrote. Only the markdown reportbot writes is rendered (bold, italic,
block quotes, ``-#`` subtext, escapes, ``<links>``); anything else shows literally, which would
show up in the pictures as a bug.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

PHONE_WIDTH = 390  # CSS pixels: a common phone's width
TERMINAL_COLUMNS = 72

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title><style>{css}</style></head>
<body>{body}</body></html>
"""

DISCORD_CSS = f"""
* {{ box-sizing: border-box; }}
body {{ margin: 0; width: {PHONE_WIDTH}px; background: #313338; color: #dbdee1;
  font: 15px/1.375 "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; }}
.caption {{ background: #1e1f22; color: #949ba4; font-size: 12px; padding: 6px 12px; }}
.ask {{ padding: 10px 12px 0 12px; color: #949ba4; font-size: 13px; }}
.ask b {{ color: #f2f3f5; font-weight: 600; }}
.ask .cmd {{ color: #c9cdfb; }}
.ask .said {{ color: #dbdee1; font-size: 15px; }}
.msg {{ display: flex; padding: 6px 12px 14px 12px; }}
.avatar {{ flex: none; width: 36px; height: 36px; border-radius: 50%; background: #5865f2;
  color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center;
  margin-right: 10px; font-size: 15px; }}
.main {{ flex: 1; min-width: 0; }}
.name {{ font-weight: 600; color: #f2f3f5; }}
.badge {{ background: #5865f2; color: #fff; font-size: 10px; font-weight: 600;
  border-radius: 3px; padding: 0 4px; margin-left: 4px; vertical-align: 2px; }}
.time {{ color: #949ba4; font-size: 12px; margin-left: 6px; }}
.content {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.embed {{ background: #2b2d31; border-left: 4px solid #1e1f22; border-radius: 4px;
  padding: 8px 12px 10px 10px; margin-top: 4px; max-width: 100%; }}
.embed .title {{ color: #f2f3f5; font-weight: 700; font-size: 15px; margin-bottom: 4px;
  overflow-wrap: anywhere; }}
.embed .text {{ font-size: 14px; overflow-wrap: anywhere; }}
.embed .footer {{ color: #b5bac1; font-size: 12px; margin-top: 8px; overflow-wrap: anywhere; }}
.line {{ min-height: 1.2em; }}
.gap {{ height: 0.6em; }}
blockquote {{ margin: 0; padding-left: 10px; border-left: 4px solid #4e5058; }}
.sub {{ color: #949ba4; font-size: 12px; }}
.buttons {{ display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }}
.button {{ border-radius: 3px; padding: 4px 14px; font-size: 14px; font-weight: 500;
  color: #fff; background: #4e5058; min-height: 32px; display: flex; align-items: center; }}
.button.primary {{ background: #5865f2; }}
.button[aria-disabled="true"] {{ opacity: 0.5; }}
.ephemeral {{ color: #949ba4; font-size: 12px; margin-top: 6px; }}
a {{ color: #00a8fc; text-decoration: none; }}
"""

TERMINAL_CSS = """
body { margin: 0; background: #111214; display: inline-block; }
.caption { color: #949ba4; font: 12px sans-serif; padding: 6px 12px; }
pre { margin: 0; padding: 12px 14px 16px 14px; background: #111214; color: #d4d4d4;
  font: 13px/1.45 "DejaVu Sans Mono", "Liberation Mono", monospace; }
.b { font-weight: bold; color: #f2f3f5; } .d { opacity: 0.62; } .i { font-style: italic; }
.c36 { color: #5fd7d7; } .c33 { color: #e5c07b; }
"""


def page(title: str, css: str, body: str) -> str:
    return _PAGE.format(title=html.escape(title), css=css, body=body)


# --- Discord markdown, the part reportbot writes ---------------------------------------------

_ESCAPED = re.compile(r"\\([\\*_~`|>#\-\[\]()<@:.!])")
_LINK = re.compile(r"&lt;(https?://[^\s&]+)&gt;")


def _inline(text: str) -> str:
    """Bold, italic and escapes of one line; everything else literal."""
    out: list[str] = []
    bold = italic = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and _ESCAPED.match(text, i):
            out.append(html.escape(text[i + 1]))
            i += 2
            continue
        if text.startswith("**", i):
            out.append("</b>" if bold else "<b>")
            bold = not bold
            i += 2
            continue
        if ch == "*":
            out.append("</i>" if italic else "<i>")
            italic = not italic
            i += 1
            continue
        out.append(html.escape(ch))
        i += 1
    if italic:
        out.append("</i>")
    if bold:
        out.append("</b>")
    return _LINK.sub(r'<a href="\1">\1</a>', "".join(out))


def markdown_html(text: str) -> str:
    """Discord markdown as reportbot writes it, as HTML."""
    parts: list[str] = []
    quote: list[str] = []

    def close_quote() -> None:
        if quote:
            parts.append("<blockquote>" + "".join(quote) + "</blockquote>")
            quote.clear()

    for raw in text.split("\n"):
        line = raw
        in_quote = line.startswith("> ") or line == ">"
        if in_quote:
            line = line[2:]
        else:
            close_quote()
        if line.startswith("-# "):
            rendered = f'<div class="line sub">{_inline(line[3:])}</div>'
        elif not line.strip():
            rendered = '<div class="gap"></div>'
        else:
            rendered = f'<div class="line">{_inline(line)}</div>'
        (quote if in_quote else parts).append(rendered)
    close_quote()
    return "".join(parts)


def _colour(value: Any) -> str:
    number = int(value or 0x1E1F22)
    return f"#{number:06x}"


def embed_html(embed: Mapping[str, Any]) -> str:
    parts = [f'<div class="embed" style="border-left-color: {_colour(embed.get("color"))}">']
    if embed.get("title"):
        parts.append(f'<div class="title">{_inline(str(embed["title"]))}</div>')
    if embed.get("description"):
        parts.append(f'<div class="text">{markdown_html(str(embed["description"]))}</div>')
    for item in embed.get("fields") or []:
        parts.append(f'<div class="title">{_inline(str(item.get("name", "")))}</div>')
        parts.append(f'<div class="text">{markdown_html(str(item.get("value", "")))}</div>')
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        parts.append(f'<div class="footer">{html.escape(str(footer))}</div>')
    parts.append("</div>")
    return "".join(parts)


def buttons_html(components: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for row in components:
        buttons = []
        for item in row.get("components") or []:
            style = "primary" if item.get("style") == 1 else "secondary"
            disabled = "true" if item.get("disabled") else "false"
            text = html.escape(str(item.get("label") or ""))
            buttons.append(f'<div class="button {style}" aria-disabled="{disabled}">{text}</div>')
        rows.append('<div class="buttons">' + "".join(buttons) + "</div>")
    return "".join(rows)


def _asked_html(asked: Mapping[str, Any]) -> str:
    """What the person did, as Discord shows it above the reply."""
    who = f"<b>{html.escape(asked.get('user', 'member'))}</b>"
    if asked["via"] == "command":
        options = " ".join(
            f'<span class="cmd">{html.escape(k)}:</span> {html.escape(str(v))}'
            for k, v in asked.get("options", {}).items()
        )
        command = f'<span class="cmd">/{html.escape(asked["command"])}</span>'
        return f'<div class="ask">↳ {who} used {command} {options}</div>'
    if asked["via"] == "button":
        button, under = html.escape(asked["button"]), html.escape(asked["under"])
        return f'<div class="ask">↳ {who} pressed <b>{button}</b> under “{under}”</div>'
    return f'<div class="ask">{who}<div class="said">{html.escape(asked["text"])}</div></div>'


_BOT_NAME = (
    '<div class="name">reportbot<span class="badge">APP</span>'
    '<span class="time">Today at 09:41</span></div>'
)


def discord_page(capture: Mapping[str, Any]) -> str:
    """A captured exchange: what the person did, then the bot's reply, as on a phone."""
    reply = capture["reply"]
    body = [f'<div class="caption">{html.escape(capture["caption"])}</div>']
    body.append(_asked_html(capture["asked"]))
    main = [_BOT_NAME]
    if reply.get("content"):
        main.append(f'<div class="content">{markdown_html(str(reply["content"]))}</div>')
    main += [embed_html(embed) for embed in reply.get("embeds") or []]
    main.append(buttons_html(reply.get("components") or []))
    if reply.get("ephemeral"):
        main.append('<div class="ephemeral">Only you can see this · Dismiss message</div>')
    body.append(
        '<div class="msg"><div class="avatar">rb</div><div class="main">'
        + "".join(main)
        + "</div></div>"
    )
    return page(capture["caption"], DISCORD_CSS, "".join(body))


# --- the terminal ------------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_CLASSES = {"1": "b", "2": "d", "3": "i", "33": "c33", "36": "c36"}


def ansi_html(text: str) -> str:
    """Terminal output with SGR colour codes as HTML spans; any other control code is a bug
    and is shown, escaped, rather than hidden."""
    out: list[str] = []
    at = 0
    open_span = False
    for match in _SGR.finditer(text):
        out.append(html.escape(text[at : match.start()]))
        at = match.end()
        if open_span:
            out.append("</span>")
            open_span = False
        codes = [c for c in match.group(1).split(";") if c and c != "0"]
        classes = " ".join(_CLASSES.get(c, f"sgr{c}") for c in codes)
        if classes:
            out.append(f'<span class="{classes}">')
            open_span = True
    out.append(html.escape(text[at:]))
    if open_span:
        out.append("</span>")
    return "".join(out).replace("\x1b", "\\x1b")


def console_page(capture: Mapping[str, Any]) -> str:
    body = f'<div class="caption">{html.escape(capture["caption"])}</div>'
    body += f"<pre>{ansi_html(capture['output'])}</pre>"
    return page(capture["caption"], TERMINAL_CSS, body)


def capture_page(capture: Mapping[str, Any]) -> str:
    return console_page(capture) if capture["kind"] == "console" else discord_page(capture)
