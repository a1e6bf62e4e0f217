"""Channel messages: create/edit/delete round trips, DMs, replies, files, mentions."""

from __future__ import annotations

import io

import discord
import pytest

from tests.discord_server import DiscordServer, EventKind, Scene
from tests.discord_server.harness import running_client
from tests.discord_server.probe import ProbeBot


async def test_message_round_trip(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    sent = await discord_server.send_message(scene.member, scene.channel, "!ping")
    reply = await discord_server.wait_for_message(scene.channel)
    assert reply.content == "pong" and reply.author_id == discord_server.bot_user.id
    assert reply.id > sent.id
    # Like Discord, the bot's own message comes back to it over the gateway; a second
    # round trip proves the bot has processed that echo (frames arrive in order).
    await discord_server.send_message(scene.member, scene.channel, "!ping")
    await discord_server.wait_for_message(scene.channel)
    assert reply.id in {m.id for m in probe.cached_messages}
    contents = [m.content for m in discord_server.messages_in(scene.channel)]
    assert contents == ["!ping", "pong", "!ping", "pong"]
    discord_server.assert_no_violations()


async def test_mentioning_the_bot_and_clean_content(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    bot = discord_server.bot_user
    await discord_server.send_message(scene.member, scene.channel, f"{bot.mention} who said it?")
    reply = await discord_server.wait_for_message(scene.channel)
    assert reply.content == "you said: @reportbot who said it?"


async def test_dm_round_trip(discord_server: DiscordServer, scene: Scene, probe: ProbeBot) -> None:
    sent = await discord_server.send_dm(scene.member, "hello bot")
    reply = await discord_server.wait_for_message(sent.channel_id)
    assert reply.content == "dm: hello bot" and reply.guild_id is None


async def test_bot_opens_a_dm(discord_server: DiscordServer, scene: Scene, probe: ProbeBot) -> None:
    user = await probe.fetch_user(scene.member.id)
    await user.send("a private note")
    note = await discord_server.wait_for_message()
    dm = await discord_server.dm_channel(scene.member)
    assert note.channel_id == dm.id and note.content == "a private note"


async def test_edit_and_delete_are_dispatched(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    await discord_server.send_message(scene.member, scene.channel, "!edit")
    draft = await discord_server.wait_for_message(scene.channel)
    edited = await discord_server.wait_for_edit(draft)
    assert edited.content == "final" and edited.edited_at is not None
    assert [h["content"] for h in edited.history] == ["draft"]
    deleted = await discord_server.wait_for_delete(draft)
    assert deleted.deleted
    assert discord_server.messages_in(scene.channel)[-1].content == "!edit"
    assert [m.content for m in probe.edits_seen] == ["final"]  # MESSAGE_UPDATE reached it


async def test_reply_and_typing(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    question = await discord_server.send_message(scene.member, scene.channel, "!reply")
    reply = await discord_server.wait_for_message(scene.channel)
    assert reply.type == 19 and reply.reference is not None
    assert reply.reference["message_id"] == str(question.id)
    assert reply.pings.replied_user is None  # the probe's AllowedMentions.none()
    await discord_server.send_message(scene.member, scene.channel, "!typing")
    typing = await discord_server.wait_for_typing(scene.channel)
    assert typing["channel_id"] == scene.channel.id
    assert (await discord_server.wait_for_message(scene.channel)).content == "typed"


async def test_allowed_mentions_are_recorded_and_pings_resolved(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    await discord_server.send_message(scene.member, scene.channel, "!quiet")
    quiet = await discord_server.wait_for_message(scene.channel)
    assert quiet.allowed_mentions == {"parse": []}  # discord.AllowedMentions.none()
    assert quiet.content == f"hey {scene.member.mention}" and not quiet.pings.any
    await discord_server.send_message(scene.member, scene.channel, "!shout")
    loud = await discord_server.wait_for_message(scene.channel)
    assert loud.pings.users == {scene.member.id}
    assert discord_server.pinging_messages() == [loud]


async def test_files_are_sent_as_multipart_with_payload_json(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    channel = probe.get_channel(scene.channel.id)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("the audit", file=discord.File(io.BytesIO(b"%PDF-1.4"), "audit.pdf"))
    msg = await discord_server.wait_for_message(scene.channel)
    [attachment] = msg.attachments
    assert (attachment.filename, attachment.size, attachment.data) == ("audit.pdf", 8, b"%PDF-1.4")
    request = discord_server.requests[-1]
    assert request.files == ["audit.pdf"] and request.json["content"] == "the audit"
    fetched = await discord.Attachment(
        data=request.response["attachments"][0], state=probe._connection
    ).read()
    assert fetched == b"%PDF-1.4"


async def test_a_read_only_channel_refuses_the_bot(
    discord_server: DiscordServer, scene: Scene
) -> None:
    bulletin = await discord_server.create_text_channel(scene.guild, "bulletin", bot_can_send=False)
    async with running_client(discord_server, ProbeBot(sync_on_start=False)) as bot:
        channel = bot.get_channel(bulletin.id)
        assert isinstance(channel, discord.TextChannel)
        assert not channel.permissions_for(channel.guild.me).send_messages
        with pytest.raises(discord.Forbidden) as caught:
            await channel.send("hello")
    assert caught.value.code == 50013
    assert [v.rule for v in discord_server.violations] == ["missing_permissions"]


async def test_without_message_content_the_bot_sees_only_mentions(
    discord_server: DiscordServer, scene: Scene
) -> None:
    intents = discord.Intents.default()  # no message_content, no members
    async with running_client(discord_server, ProbeBot(intents=intents, sync_on_start=False)):
        await discord_server.send_message(scene.member, scene.channel, "!ping")
        bot = discord_server.bot_user
        await discord_server.send_message(scene.member, scene.channel, f"{bot.mention} hi")
        reply = await discord_server.wait_for_message(scene.channel)
    assert reply.content == "you said: @reportbot hi"  # "!ping" arrived with empty content
    assert len(discord_server.bot_messages()) == 1


async def test_editing_someone_elses_message_is_refused(
    discord_server: DiscordServer, scene: Scene, probe: ProbeBot
) -> None:
    theirs = await discord_server.send_message(scene.member, scene.channel, "mine")
    channel = probe.get_channel(scene.channel.id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.fetch_message(theirs.id)
    with pytest.raises(discord.Forbidden) as caught:
        await message.edit(content="yours now")
    assert caught.value.code == 50005
    with pytest.raises(discord.Forbidden):
        await message.delete()  # the bot lacks Manage Messages
    assert [v.rule for v in discord_server.violations] == [
        "edit_foreign_message",
        "missing_permissions",
    ]
    assert not discord_server.events.of_kind(EventKind.MESSAGE_UPDATE)
