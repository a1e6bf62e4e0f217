"""Who may run admin commands (``/reload``, ``/unanswered``): the bot's operator, nobody else.

A bot that sits in many servers answers to the person who runs it, not to whoever manages one
of those servers: Manage Server in a stranger's server must not reload the operator's facts or
read its query log. So by default only these may administer:

* the application's owner, or the admins and developers of the team that owns it (read from
  Discord at login, as discord.py's ``Bot.is_owner`` does);
* members holding a role whose *id* the operator listed (``REPORTBOT_ADMIN_ROLE_IDS``), in a
  server the operator listed (``REPORTBOT_ADMIN_GUILD_IDS``, else ``REPORTBOT_GUILD_IDS``);
* with ``REPORTBOT_ADMIN_MANAGE_SERVER=on``, Manage Server holders too, in listed servers only.

``default_permissions`` only *hides* a command (and a server owner can show it to anyone), so
every admin command checks again when it runs. Ids, never names: anyone can create a role
called "Admin".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Operators:
    """Everything :func:`may_administer` decides on, from Discord and from the settings."""

    user_ids: frozenset[int] = frozenset()  # the owner, or the team's admins and developers
    admin_role_ids: frozenset[int] = frozenset()
    admin_guild_ids: frozenset[int] = frozenset()
    manage_server_counts: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Operators:
        """The configured part (roles, servers); the owner comes with :meth:`with_application`."""
        return cls(
            admin_role_ids=settings.admin_role_ids,
            admin_guild_ids=settings.admin_guilds,
            manage_server_counts=settings.admin_manage_server,
        )

    def with_application(self, application: discord.AppInfo | None) -> Operators:
        """These operators plus the owner (or team) of ``application``."""
        if application is None:
            return self
        return Operators(
            user_ids=self.user_ids | owner_ids(application),
            admin_role_ids=self.admin_role_ids,
            admin_guild_ids=self.admin_guild_ids,
            manage_server_counts=self.manage_server_counts,
        )


TEAM_ROLES_THAT_OPERATE = ("admin", "developer")  # not read_only: they only look


def owner_ids(application: discord.AppInfo) -> frozenset[int]:
    """The application's owner, or the team's owner and accepted admins and developers."""
    team = application.team
    if team is None:
        return frozenset({application.owner.id})
    ids = {team.owner_id} if team.owner_id else set()
    for member in team.members:
        accepted = member.membership_state == discord.TeamMembershipState.accepted
        if accepted and member.role.value in TEAM_ROLES_THAT_OPERATE:
            ids.add(member.id)
    return frozenset(ids)


def may_administer(
    operators: Operators,
    *,
    user_id: int,
    guild_id: int | None,
    role_ids: Iterable[int],
    permissions: discord.Permissions,
) -> bool:
    """True for an operator anywhere, or a listed role (or Manage Server, if allowed) in a
    listed server; never for anyone else, whatever they may do in their own server."""
    if user_id in operators.user_ids:
        return True
    if guild_id is None or guild_id not in operators.admin_guild_ids:
        return False
    if not operators.admin_role_ids.isdisjoint(role_ids):
        return True
    return operators.manage_server_counts and (
        permissions.administrator or permissions.manage_guild
    )


def interaction_may_administer(interaction: discord.Interaction, operators: Operators) -> bool:
    """:func:`may_administer` for the member behind an interaction."""
    user = interaction.user
    role_ids = [role.id for role in user.roles] if isinstance(user, discord.Member) else []
    permissions = interaction.permissions
    if isinstance(user, discord.Member) and user.guild is not None:
        # interaction.permissions is resolved for the channel; guild-wide Manage Server counts too.
        with contextlib.suppress(AttributeError):  # a partial guild without its roles cached
            permissions = discord.Permissions(permissions.value | user.guild_permissions.value)
    return may_administer(
        operators,
        user_id=user.id,
        guild_id=interaction.guild_id,
        role_ids=role_ids,
        permissions=permissions,
    )


def refusal(what: str) -> str:
    """The polite private refusal for an admin command, e.g. ``refusal("reload the facts")``."""
    return f"Sorry, only the people who run this bot can {what}."


REFUSAL = refusal("reload the facts")
UNANSWERED_REFUSAL = refusal("list the unanswered questions")
GUILD_REFUSAL = "Sorry, reportbot is not available in this server."
SHUTTING_DOWN = "reportbot is restarting; please ask again in a moment."
