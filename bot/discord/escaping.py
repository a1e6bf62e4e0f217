"""Text from outside our code, made inert before Discord renders it.

A question is echoed back to a channel, and facts are curated by people: neither may format the
reply (``**``, ``# heading``, masked links) or ping anyone (``@everyone``, ``<@id>``). The
client never allows mentions anyway; escaping keeps the text from even looking like one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from discord.utils import escape_markdown, escape_mentions

# Channel mentions, custom emoji, timestamps and slash-command mentions render as live
# objects even inside embeds; user text should show them as typed.
_ANGLED = re.compile(r"<(?=[#@:/at]|\d)")


@lru_cache(maxsize=16_384)
def inert(text: str) -> str:
    """``text`` shown literally: no markdown, no mentions, no live ``<...>`` objects.

    Cached: the facts' names and sentences recur in answer after answer, and escaping is
    regex work that would otherwise be a good part of the time an answer takes to build.
    """
    text = escape_markdown(text)
    text = escape_mentions(text)
    return _ANGLED.sub("<\u200b", text)


def quote_block(text: str) -> str:
    """Markdown block quote of already-inert text, one ``>`` per line."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines() or [""])
