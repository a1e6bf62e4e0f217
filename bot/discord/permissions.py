"""Who may run admin commands (``/reload``, ``/unanswered``).

Discord's ``default_permissions`` only *hides* a command, and a server owner can show it to
anyone in Integrations settings; so every admin command checks again when it runs, against the
permissions Discord resolved for this member in this channel, or against role *ids* an operator
configured. Never names: anyone can create a role called "Admin".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

import discord


def may_administer(
    *,
    in_guild: bool,
    permissions: discord.Permissions,
    role_ids: Iterable[int],
    admin_role_ids: frozenset[int],
) -> bool:
    """True for a guild member with Manage Server (or Administrator) or a configured role."""
    if not in_guild:
        return False
    if permissions.administrator or permissions.manage_guild:
        return True
    return not admin_role_ids.isdisjoint(role_ids)


def interaction_may_administer(
    interaction: discord.Interaction, admin_role_ids: frozenset[int]
) -> bool:
    """:func:`may_administer` for the member behind an interaction."""
    user = interaction.user
    role_ids = [role.id for role in user.roles] if isinstance(user, discord.Member) else []
    permissions = interaction.permissions
    if isinstance(user, discord.Member) and user.guild is not None:
        # interaction.permissions is resolved for the channel; guild-wide Manage Server counts too.
        with contextlib.suppress(AttributeError):  # a partial guild without its roles cached
            permissions = discord.Permissions(permissions.value | user.guild_permissions.value)
    return may_administer(
        in_guild=interaction.guild_id is not None,
        permissions=permissions,
        role_ids=role_ids,
        admin_role_ids=admin_role_ids,
    )


def refusal(what: str) -> str:
    """The polite private refusal for an admin command, e.g. ``refusal("reload the facts")``."""
    return (
        "Sorry, only server managers (Manage Server) or members with a role the bot's "
        f"operator configured can {what}."
    )


REFUSAL = refusal("reload the facts")
UNANSWERED_REFUSAL = refusal("list the unanswered questions")
GUILD_REFUSAL = "Sorry, reportbot is not available in this server."
SHUTTING_DOWN = "reportbot is restarting; please ask again in a moment."
