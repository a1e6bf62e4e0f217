"""Each Discord limit: over it is refused (400 + recorded violation), at it is accepted."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.http import Route

from tests.discord_server import DiscordServer, Scene
from tests.discord_server.mentions import resolve_pings
from tests.discord_server.probe import ProbeBot
from tests.discord_server.rules import FormError, Rejection, error_tree


def fields(count: int, name: str = "n", value: str = "v") -> list[dict[str, str]]:
    return [{"name": name, "value": value} for _ in range(count)]


OVER_THE_LIMIT: list[tuple[str, dict[str, Any]]] = [
    ("content_length", {"content": "x" * 2001}),
    ("embed_count", {"embeds": [{"title": "t"}] * 11}),
    ("embed_title_length", {"embeds": [{"title": "x" * 257}]}),
    ("embed_description_length", {"embeds": [{"description": "x" * 4097}]}),
    ("embed_field_count", {"embeds": [{"fields": fields(26)}]}),
    ("embed_field_name_length", {"embeds": [{"fields": fields(1, name="x" * 257)}]}),
    ("embed_field_value_length", {"embeds": [{"fields": fields(1, value="x" * 1025)}]}),
    ("embed_field_required", {"embeds": [{"fields": fields(1, value="")}]}),
    ("embed_footer_length", {"embeds": [{"footer": {"text": "x" * 2049}}]}),
    ("embed_author_length", {"embeds": [{"author": {"name": "x" * 257}}]}),
    ("embed_total_length", {"embeds": [{"description": "x" * 3001}] * 2}),
    (
        "allowed_mentions_exclusive",
        {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
    ),
    (
        "component_row_width",
        {
            "content": "pick",
            "components": [
                {
                    "type": 1,
                    "components": [
                        {"type": 2, "style": 1, "label": str(i), "custom_id": f"b{i}"}
                        for i in range(6)
                    ],
                }
            ],
        },
    ),
    ("empty_message", {"content": ""}),
]

AT_THE_LIMIT: list[dict[str, Any]] = [
    {"content": "x" * 2000},
    {"embeds": [{"title": "t"}] * 10},
    {
        "embeds": [
            {
                "title": "x" * 256,
                "description": "x" * 4096,
                "footer": {"text": "x" * 1000},
                "author": {"name": "x" * 256},
            }
        ]
    },
    {"embeds": [{"fields": fields(4, name="x" * 256, value="x" * 1024)}]},  # 5120 chars
    {"embeds": [{"fields": fields(25)}]},
    {"embeds": [{"description": "x" * 3000}] * 2},  # exactly 6000 in total
]


async def post_raw(bot: discord.Client, channel_id: int, body: dict[str, Any]) -> Any:
    """Through discord.py's own HTTP client, bypassing its few client-side checks."""
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
    return await bot.http.request(route, json=body)


@pytest.mark.parametrize(("rule", "body"), OVER_THE_LIMIT, ids=[r for r, _ in OVER_THE_LIMIT])
async def test_message_limits_are_enforced(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot, rule: str, body: dict[str, Any]
) -> None:
    with pytest.raises(discord.HTTPException) as caught:
        await post_raw(probe, scene.channel.id, body)
    assert caught.value.status == 400
    assert caught.value.code == (50006 if rule == "empty_message" else 50035)
    assert [v.rule for v in discord_server.violations] == [rule]
    assert discord_server.bot_messages() == []


@pytest.mark.parametrize("body", AT_THE_LIMIT)
async def test_message_limits_are_inclusive(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot, body: dict[str, Any]
) -> None:
    await post_raw(probe, scene.channel.id, body)
    discord_server.assert_no_violations()
    assert len(discord_server.bot_messages()) == 1


async def test_discord_py_sees_discord_style_form_errors(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    channel = probe.get_channel(scene.channel.id)
    assert isinstance(channel, discord.TextChannel)
    embed = discord.Embed(title="x" * 257)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send("y" * 2001, embed=embed)
    error = caught.value
    assert (error.status, error.code) == (400, 50035)
    assert "In content: Must be 2000 or fewer in length." in error.text
    assert "In embeds.0.title: Must be 256 or fewer in length." in error.text
    assert [v.rule for v in discord_server.violations] == ["content_length", "embed_title_length"]
    request = discord_server.violations[0].request
    assert request is not None and request.status == 400


async def test_edits_and_interaction_responses_obey_the_same_limits(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    channel = probe.get_channel(scene.channel.id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("short")
    with pytest.raises(discord.HTTPException):
        await message.edit(content="x" * 2001)
    probe.release.clear()
    handle = await discord_server.invoke_command(scene.member, scene.channel, "late")
    url = f"{discord_server.api_base}/interactions/{handle.id}/{handle.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 4, "data": {"content": "x" * 2001}}) as r:
            assert r.status == 400
            assert (await r.json())["errors"]["data"]["content"]["_errors"][0]["code"] == (
                "BASE_TYPE_MAX_LENGTH"
            )
        async with session.post(url, json={"type": 8, "data": {"choices": []}}) as r:
            assert r.status == 400  # autocomplete results only answer autocomplete
    # Rejected responses do not acknowledge: the bot's own answer still goes through.
    probe.release.set()
    assert (await handle.wait_response()).status == 400
    await discord_server.wait_for_message(
        scene.channel, predicate=lambda m: m.content == "too late"
    )
    assert [v.rule for v in discord_server.violations] == [
        "content_length",
        "content_length",
        "callback_type_invalid",
    ]


@pytest.mark.parametrize(
    ("rule", "choices"),
    [
        (
            "autocomplete_choice_count",
            [app_commands.Choice(name=f"c{i}", value=f"c{i}") for i in range(26)],
        ),
        ("autocomplete_choice_name_length", [app_commands.Choice(name="x" * 101, value="v")]),
        ("autocomplete_choice_value_length", [app_commands.Choice(name="n", value="x" * 101)]),
    ],
)
async def test_autocomplete_limits(
    discord_server: DiscordServer,
    scene: Scene,
    probe: ProbeBot,
    rule: str,
    choices: list[app_commands.Choice[str]],
) -> None:
    probe.choices = lambda current: choices
    handle = await discord_server.request_autocomplete(
        scene.member, scene.channel, "search", {"topic": ""}, focused="topic"
    )
    response = await handle.wait_response()
    assert (response.status, response.rule) == (400, rule)
    assert [v.rule for v in discord_server.violations] == [rule]


async def test_autocomplete_at_the_limits_is_accepted(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    probe.choices = lambda current: [
        app_commands.Choice(name=f"{i:03d}" + "x" * 97, value=f"{i:03d}" + "y" * 97)
        for i in range(25)
    ]
    handle = await discord_server.request_autocomplete(
        scene.member, scene.channel, "search", {"topic": ""}, focused="topic"
    )
    assert (await handle.wait_response()).accepted
    discord_server.assert_no_violations()


def command(name: str = "ask", description: str = "Ask", **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": description, "type": 1, **extra}


def option(name: str, required: bool = False, type_: int = 3, **extra: Any) -> dict[str, Any]:
    return {"name": name, "description": name, "type": type_, "required": required, **extra}


BAD_COMMANDS: list[tuple[str, list[dict[str, Any]]]] = [
    ("command_name", [command("Ask")]),
    ("command_name", [command("ask question")]),
    ("command_name", [command("x" * 33)]),
    ("command_description", [command(description="")]),
    ("command_description", [command(description="x" * 101)]),
    ("command_option_count", [command(options=[option(f"o{i}") for i in range(26)])]),
    ("command_option_order", [command(options=[option("a"), option("b", required=True)])]),
    (
        "command_option_order",
        [
            command(
                options=[option("sub", type_=1, options=[option("a"), option("b", required=True)])]
            )
        ],
    ),
    (
        "command_choice_count",
        [
            command(
                options=[
                    option("a", choices=[{"name": f"c{i}", "value": f"c{i}"} for i in range(26)])
                ]
            )
        ],
    ),
    ("command_option_name", [command(options=[option("Bad Name")])]),
    ("command_option_description", [command(options=[{**option("a"), "description": ""}])]),
    ("command_duplicate_name", [command(), command()]),
    ("command_option_mixing", [command(options=[option("sub", type_=1), option("a")])]),
]


@pytest.mark.parametrize(("rule", "commands"), BAD_COMMANDS, ids=[r for r, _ in BAD_COMMANDS])
async def test_command_sync_rejects_bad_definitions(
    discord_server: DiscordServer,
    scene: Scene,
    probe: ProbeBot,
    rule: str,
    commands: list[dict[str, Any]],
) -> None:
    before = discord_server.commands()
    with pytest.raises(discord.HTTPException) as caught:
        await probe.http.bulk_upsert_global_commands(
            discord_server.application_id, payload=commands
        )
    assert (caught.value.status, caught.value.code) == (400, 50035)
    assert rule in [v.rule for v in discord_server.violations]
    assert discord_server.commands() == before  # a refused sync changes nothing


async def test_command_sync_at_the_limits_and_per_guild(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    edge = command(
        "x" * 32, "d" * 100, options=[option(f"o{i}", required=i < 3) for i in range(25)]
    )
    with_choices = command(
        "pick",
        options=[option("a", choices=[{"name": "n" * 100, "value": f"{i}"} for i in range(25)])],
    )
    synced = await probe.http.bulk_upsert_global_commands(
        discord_server.application_id, payload=[edge, with_choices]
    )
    assert [c["name"] for c in synced] == ["x" * 32, "pick"]
    guild = discord.Object(scene.guild.id)
    probe.tree.copy_global_to(guild=guild)
    commands = await probe.tree.sync(guild=guild)
    assert "ask" in {c.name for c in commands}
    assert all(c.guild_id == scene.guild.id for c in commands)
    assert await discord_server.wait_for_command_sync(scene.guild)
    fetched = await probe.tree.fetch_commands(guild=guild)
    assert {c.id for c in fetched} == {c.id for c in commands}
    # Guild commands shadow global ones, so invocations in the guild use their ids.
    handle = await discord_server.invoke_command(
        scene.member, scene.channel, "ask", {"question": "q"}
    )
    assert handle.payload["data"]["guild_id"] == str(scene.guild.id)
    assert int(handle.payload["data"]["id"]) in {c.id for c in commands}
    await handle.wait_original_edit()
    discord_server.assert_no_violations()


async def test_unknown_routes_and_missing_tokens_are_recorded(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    route = Route("GET", "/guilds/{guild_id}/audit-logs", guild_id=scene.guild.id)
    with pytest.raises(discord.NotFound):
        await probe.http.request(route)
    [unknown] = discord_server.unknown_requests
    assert (unknown.method, unknown.path, unknown.status) == (
        "GET",
        f"/api/v10/guilds/{scene.guild.id}/audit-logs",
        404,
    )
    url = discord_server.api_base + "/users/@me"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 401
        assert await response.json() == {"message": "401: Unauthorized", "code": 0}
    assert [v.rule for v in discord_server.violations] == ["unknown_route", "unauthorized"]


def test_error_tree_has_discords_shape() -> None:
    errors = [
        FormError(("embeds", 0, "title"), "BASE_TYPE_MAX_LENGTH", "too long", "r"),
        FormError(("content",), "BASE_TYPE_MAX_LENGTH", "too long", "r"),
    ]
    assert Rejection.form(errors).body() == {
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {
            "embeds": {
                "0": {
                    "title": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "too long"}]}
                }
            },
            "content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "too long"}]},
        },
    }
    assert error_tree([]) == {}


MENTIONED = 1000000000000000001


@pytest.mark.parametrize(
    ("allowed", "expected_users", "everyone"),
    [
        (None, {MENTIONED}, True),  # absent: Discord parses everything
        ({"parse": []}, set(), False),
        ({"parse": ["users"]}, {MENTIONED}, False),
        ({"parse": [], "users": ["1000000000000000002"]}, set(), False),  # not in content
        ({"parse": ["everyone"]}, set(), True),
    ],
)
def test_allowed_mentions_semantics(
    allowed: dict[str, Any] | None, expected_users: set[int], everyone: bool
) -> None:
    pings = resolve_pings(
        "<@1000000000000000001> and @everyone",
        allowed,
        replied_author_id=None,
        author_id=7,
        user_exists=lambda uid: True,
        role_is_pingable=lambda rid: True,
    )
    assert pings.users == expected_users and pings.everyone is everyone


def test_replies_ping_their_author_unless_told_not_to() -> None:
    def resolve(allowed: dict[str, Any] | None) -> int | None:
        return resolve_pings(
            "ok",
            allowed,
            replied_author_id=5,
            author_id=7,
            user_exists=lambda uid: True,
            role_is_pingable=lambda rid: True,
        ).replied_user

    assert resolve(None) == 5
    assert resolve({"parse": []}) is None
    assert resolve({"parse": [], "replied_user": True}) == 5
