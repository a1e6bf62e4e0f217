"""Who a message pings: Discord's ``allowed_mentions`` semantics.

A test asserting "the bot never pings anyone" needs the effective result, not the raw
request field, so this module applies the rules the way Discord does: mentions are only
ever taken from the content; ``allowed_mentions`` can only narrow them; an absent
``allowed_mentions`` means "parse everything" and replies ping their author.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .state import Pings

USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")
EVERYONE_MENTION = re.compile(r"@(?:everyone|here)\b")


def mentioned_user_ids(content: str) -> list[int]:
    return list(dict.fromkeys(int(m) for m in USER_MENTION.findall(content)))


def mentioned_role_ids(content: str) -> list[int]:
    return list(dict.fromkeys(int(m) for m in ROLE_MENTION.findall(content)))


def resolve_pings(
    content: str,
    allowed_mentions: dict[str, Any] | None,
    *,
    replied_author_id: int | None,
    author_id: int,
    user_exists: Callable[[int], bool],
    role_is_pingable: Callable[[int], bool],
) -> Pings:
    """Apply ``allowed_mentions`` to the mentions present in ``content``."""
    users = [uid for uid in mentioned_user_ids(content) if user_exists(uid)]
    roles = [rid for rid in mentioned_role_ids(content) if role_is_pingable(rid)]
    everyone = bool(EVERYONE_MENTION.search(content))
    if allowed_mentions is None:
        replied = replied_author_id
    else:
        parse = set(allowed_mentions.get("parse") or [])
        allowed_users = {int(u) for u in allowed_mentions.get("users") or []}
        allowed_roles = {int(r) for r in allowed_mentions.get("roles") or []}
        users = [u for u in users if "users" in parse or u in allowed_users]
        roles = [r for r in roles if "roles" in parse or r in allowed_roles]
        everyone = everyone and "everyone" in parse
        replied = replied_author_id if allowed_mentions.get("replied_user") else None
    if replied == author_id:
        replied = None
    return Pings(
        users=frozenset(users), roles=frozenset(roles), everyone=everyone, replied_user=replied
    )
