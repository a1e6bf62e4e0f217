"""Slash commands, autocomplete and components, with Discord's acknowledgement rules."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.discord_server import CallbackType, DiscordServer, EventKind, Scene
from tests.discord_server.harness import FakeClock, running_client
from tests.discord_server.probe import ProbeBot


async def test_slash_command_response_followup_and_edit_of_original(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(
        scene.member, scene.channel, "ask", {"question": "who cut the budget?", "detail": True}
    )
    response = await handle.wait_response()
    assert response.accepted and response.type == CallbackType.CHANNEL_MESSAGE
    assert response.content == "Q: who cut the budget?"
    assert handle.response_latency is not None and 0 <= handle.response_latency < 3.0
    followup = await handle.wait_followup()
    assert followup.content == "sources: the draft city audit"
    assert followup.interaction_metadata is not None
    assert followup.interaction_metadata["original_response_message_id"] == str(
        handle.original_message_id
    )
    edited = await handle.wait_original_edit()
    assert edited.content == "A: who cut the budget? (answered)"
    assert handle.original is edited and edited.type == 20
    # Responses and follow-ups are channel messages by the bot, in order.
    assert [m.content for m in discord_server.messages_in(scene.channel)] == [
        "A: who cut the budget? (answered)",
        "sources: the draft city audit",
    ]
    # discord.py asks for the callback body; the ids in it match what was created.
    callback = next(r for r in discord_server.requests if r.path.endswith("/callback"))
    assert callback.query == {"with_response": "1"}
    assert callback.response["interaction"]["response_message_id"] == str(edited.id)
    assert callback.response["resource"]["message"]["id"] == str(edited.id)
    discord_server.assert_no_violations()


async def test_command_ids_and_options_follow_the_synced_definition(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    synced = {c["name"]: c for c in discord_server.commands()}
    assert set(synced) == {
        "ask",
        "slow",
        "think",
        "manage",
        "search",
        "late",
        "twice",
        "confirm",
        "greet",
        "source",
        "reload",
    }
    handle = await discord_server.invoke_command(
        scene.admin,
        scene.channel,
        "source add",
        {"url": "https://example.org/audit", "kind": "document"},
    )
    data = handle.payload["data"]
    assert data["id"] == synced["source"]["id"] and data["name"] == "source"
    assert data["options"] == [
        {
            "name": "add",
            "type": 1,
            "options": [
                {"name": "url", "type": 3, "value": "https://example.org/audit"},
                {"name": "kind", "type": 3, "value": "document"},
            ],
        }
    ]
    response = await handle.wait_response()
    assert response.ephemeral
    assert response.content == "added document https://example.org/audit (no note)"
    assert handle.original is not None and handle.original.ephemeral
    member = handle.payload["member"]
    assert int(member["permissions"]) & discord.Permissions.manage_guild.flag
    with pytest.raises(ValueError, match="not a choice"):
        await discord_server.invoke_command(
            scene.admin, scene.channel, "source add", {"url": "x", "kind": "rumour"}
        )
    with pytest.raises(ValueError, match="missing required"):
        await discord_server.invoke_command(
            scene.admin, scene.channel, "source add", {"kind": "person"}
        )


async def test_user_options_carry_resolved_members(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(
        scene.admin, scene.channel, "greet", {"who": scene.member}
    )
    assert (await handle.wait_response()).content == "hello reader"
    resolved = handle.payload["data"]["resolved"]
    assert set(resolved["users"]) == set(resolved["members"]) == {str(scene.member.id)}


async def test_deferred_then_edited(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(
        scene.member, scene.channel, "slow", {"topic": "budget"}
    )
    response = await handle.wait_response()
    assert response.type == CallbackType.DEFERRED_CHANNEL_MESSAGE
    final = await handle.wait_final_original()
    assert final.content == "done: budget" and not final.loading


async def test_autocomplete(discord_server: DiscordServer, scene: Scene, probe: ProbeBot) -> None:
    handle = await discord_server.request_autocomplete(
        scene.member, scene.channel, "search", {"topic": "bud"}, focused="topic"
    )
    assert handle.payload["type"] == 4
    assert handle.payload["data"]["options"] == [
        {"name": "topic", "type": 3, "value": "bud", "focused": True}
    ]
    response = await handle.wait_response()
    assert response.type == CallbackType.AUTOCOMPLETE_RESULT
    assert [c["name"] for c in response.choices] == ["budget", "budget hearing"]
    assert handle.original is None
    discord_server.assert_no_violations()


async def test_button_press_updates_the_message(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    await discord_server.send_message(scene.member, scene.channel, "!button")
    prompt = await discord_server.wait_for_message(scene.channel)
    assert prompt.custom_ids() == ["probe:confirm"]
    # The message reaches the channel before the bot has tied its view to it (that happens
    # when its send returns); pressing sooner races the bot, whatever the scheduler does.
    await asyncio.wait_for(probe.view_attached.wait(), timeout=30)
    handle = await discord_server.press_button(scene.member, prompt, "probe:confirm")
    assert handle.payload["message"]["id"] == str(prompt.id)
    response = await handle.wait_response()
    assert response.type == CallbackType.UPDATE_MESSAGE and response.accepted
    updated = await discord_server.wait_for_edit(prompt)
    assert updated.content == "confirmed" and updated.components == []
    with pytest.raises(ValueError, match="no component"):
        await discord_server.press_button(scene.member, prompt, "probe:confirm")


async def test_button_on_an_interaction_response(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(scene.member, scene.channel, "confirm")
    await handle.wait_response()
    assert handle.original is not None
    await asyncio.wait_for(probe.view_attached.wait(), timeout=30)  # see above
    press = await discord_server.press_button(scene.member, handle.original, "probe:confirm")
    assert (await press.wait_response()).type == CallbackType.UPDATE_MESSAGE
    assert (await discord_server.wait_for_edit(handle.original)).content == "confirmed"


async def test_a_late_first_response_is_unknown_interaction(fake_clock: FakeClock) -> None:
    clock = fake_clock
    async with DiscordServer(clock=clock, interaction_deadline=0.5) as server:
        scene = await server.create_scene()
        bot = ProbeBot()
        async with running_client(server, bot):
            handle = await server.invoke_command(scene.member, scene.channel, "late")
            clock.advance(0.75)  # past the (shortened) deadline, without sleeping
            bot.release.set()
            response = await handle.wait_response()
            assert response.status == 404 and not response.accepted
            assert response.latency == pytest.approx(0.75)
            assert response.rule == "interaction_deadline_missed"
            # A test can also complete a round trip so the bot has seen the error.
            await server.send_message(scene.member, scene.channel, "!ping")
            await server.wait_for_message(scene.channel)
        [violation] = server.violations
        assert violation.rule == "interaction_deadline_missed"
        assert "after 0.750s (deadline 0.5s)" in violation.detail
        [error] = bot.errors
        assert isinstance(error, app_commands.CommandInvokeError)
        assert isinstance(error.original, discord.NotFound) and error.original.code == 10062


async def test_acknowledging_twice_is_rejected(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(scene.member, scene.channel, "twice")
    violation = await discord_server.wait_for_violation("interaction_already_acknowledged")
    assert "second initial response" in violation.detail
    first, second = handle.attempts
    assert first.accepted and (second.status, second.accepted) == (400, False)
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    await discord_server.wait_for_message(scene.channel, predicate=lambda m: m.content == "pong")
    assert probe.second_ack_error is not None and probe.second_ack_error.code == 40060
    assert [m.content for m in discord_server.bot_messages()] == ["first", "pong"]


async def test_followups_need_an_initial_response_and_the_right_token(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    probe.release.clear()
    handle = await discord_server.invoke_command(scene.member, scene.channel, "late")
    webhook = f"{discord_server.api_base}/webhooks/{discord_server.application_id}"
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{webhook}/{handle.token}?wait=true", json={"content": "too early"}
        ) as early:
            assert early.status == 404 and (await early.json())["code"] == 10015
        async with session.post(f"{webhook}/not-a-token", json={"content": "x"}) as wrong:
            assert wrong.status == 404
        url = f"{discord_server.api_base}/interactions/{handle.id}/wrong-token/callback"
        async with session.post(url, json={"type": 4, "data": {"content": "x"}}) as bad:
            assert (bad.status, (await bad.json())["code"]) == (404, 10062)
    probe.release.set()
    assert (await handle.wait_response()).accepted
    assert [v.rule for v in discord_server.violations] == [
        "followup_before_response",
        "unknown_webhook",
        "unknown_interaction",
    ]


async def test_interaction_messages_are_dispatched_unless_ephemeral(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    public = await discord_server.invoke_command(
        scene.member, scene.channel, "ask", {"question": "q"}
    )
    await public.wait_original_edit()
    hidden = await discord_server.invoke_command(
        scene.admin, scene.channel, "source add", {"url": "u", "kind": "person"}
    )
    await hidden.wait_response()
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    await discord_server.wait_for_message(scene.channel, predicate=lambda m: m.content == "pong")
    cached = {m.id for m in probe.cached_messages}
    assert public.original_message_id in cached
    assert hidden.original_message_id not in cached
    created = [e.data.id for e in discord_server.events.of_kind(EventKind.MESSAGE_CREATE)]
    assert hidden.original_message_id in created  # recorded server-side all the same


async def test_the_first_followup_after_thinking_replaces_the_placeholder(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(scene.member, scene.channel, "think")
    first = await handle.wait_followup()
    assert first.id == handle.original_message_id and not first.loading
    assert first.content == "thought it through"
    second = await handle.wait_followup()
    assert second.id != first.id and second.content == "one more thing"
    assert [m.content for m in discord_server.messages_in(scene.channel)] == [
        "thought it through",
        "one more thing",
    ]


async def test_webhook_message_routes_and_files_in_responses(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    handle = await discord_server.invoke_command(scene.member, scene.channel, "manage")
    original = await discord_server.wait_for_delete(channel=scene.channel)
    assert original.id == handle.original_message_id
    assert [a.filename for a in original.attachments] == ["notes.txt"]
    followup = handle.followups[0]
    assert (followup.content, [h["content"] for h in followup.history]) == ("f2", ["f1"])
    assert probe.fetched_original is not None and probe.fetched_original.id == original.id
    routes = [
        (r.method, r.path.rsplit("/", 1)[-1])
        for r in discord_server.requests
        if "/webhooks/" in r.path or r.path.endswith("/callback")
    ]
    assert routes == [
        ("POST", "callback"),
        ("GET", "@original"),
        ("POST", handle.token),
        ("PATCH", str(followup.id)),
        ("DELETE", "@original"),
    ]
    discord_server.assert_no_violations()


async def test_unanswered_interactions_are_reported(fake_clock: FakeClock) -> None:
    async with DiscordServer(clock=fake_clock) as server:
        scene = await server.create_scene()
        bot = ProbeBot()
        async with running_client(server, bot):
            handle = await server.invoke_command(scene.member, scene.channel, "late")
            assert server.record_unanswered_interactions() == []
            fake_clock.advance(3.5)
            with pytest.raises(AssertionError, match="interaction_not_acknowledged"):
                server.assert_no_violations()
            assert server.record_unanswered_interactions() == []  # reported once
            bot.release.set()
            assert (await handle.wait_response()).rule == "interaction_deadline_missed"


async def test_commands_that_were_never_synced_get_generated_ids(
    discord_server: DiscordServer, scene: Scene
) -> None:
    async with running_client(discord_server, ProbeBot(sync_on_start=False)):
        handle = await discord_server.invoke_command(
            scene.member, scene.channel, "ask", {"question": "q", "detail": False}
        )
        assert [o["type"] for o in handle.payload["data"]["options"]] == [3, 5]
        assert (await handle.wait_original_edit()).content == "A: q (answered)"
    assert discord_server.commands() == []


async def test_permission_gated_commands_are_hidden_from_plain_members(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    [reload] = [c for c in discord_server.commands() if c["name"] == "reload"]
    assert reload["default_member_permissions"] == str(discord.Permissions.manage_guild.flag)
    handle = await discord_server.invoke_command(scene.admin, scene.channel, "reload")
    assert (await handle.wait_response()).content == "reloaded"
    with pytest.raises(PermissionError, match="Discord hides it"):
        await discord_server.invoke_command(scene.member, scene.channel, "reload")
    dm = await discord_server.dm_channel(scene.admin)
    with pytest.raises(PermissionError, match="not available in DMs"):
        await discord_server.invoke_command(scene.admin, dm, "reload")
