"""A small discord.py bot that exercises every path the server emulates.

It is deliberately ordinary discord.py code (``Client`` + ``app_commands.CommandTree`` +
``ui.View``) so that what passes against the loopback server is what a real bot does.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import discord
from discord import app_commands
from discord.webhook.async_ import async_context, interaction_response_params

ChoiceFactory = Callable[[str], list[app_commands.Choice[str]]]


def default_choices(current: str) -> list[app_commands.Choice[str]]:
    topics = ["budget", "budget hearing", "library", "audit"]
    return [app_commands.Choice(name=t, value=t) for t in topics if t.startswith(current)]


class ConfirmView(discord.ui.View):
    """One button; pressing it rewrites the message in place (callback type 7)."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(
        label="Confirm", custom_id="probe:confirm", style=discord.ButtonStyle.success
    )
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmView]
    ) -> None:
        await interaction.response.edit_message(content="confirmed", view=None)


class ProbeBot(discord.Client):
    """The test bot: commands, a view, a message handler, and error capture."""

    def __init__(
        self, *, intents: discord.Intents | None = None, sync_on_start: bool = True
    ) -> None:
        if intents is None:
            intents = discord.Intents.default()
            intents.members = True
            intents.message_content = True
        super().__init__(
            intents=intents,
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.tree = app_commands.CommandTree(self)
        self.sync_on_start = sync_on_start
        self.errors: list[BaseException] = []
        self.release = asyncio.Event()
        self.choices: ChoiceFactory = default_choices
        self.second_ack_error: discord.HTTPException | None = None
        self.edits_seen: list[discord.Message] = []
        self.fetched_original: discord.InteractionMessage | None = None
        # Set once a message with the button is sent *and* discord.py has tied the view to it
        # (after the send returns): a test presses only then, as no person could sooner.
        self.view_attached = asyncio.Event()
        self._register()
        self.tree.error(self._on_tree_error)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before every non-initial IDENTIFY; a test need not."""

    async def setup_hook(self) -> None:
        if self.sync_on_start:
            await self.tree.sync()

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self.errors.append(error)

    async def on_message(self, message: discord.Message) -> None:
        if message.author == self.user:
            return
        if message.content == "!ping":
            await message.channel.send("pong")
        elif message.content == "!button":
            await message.channel.send("Press to confirm", view=ConfirmView())
            self.view_attached.set()
        elif message.content == "!reply":
            await message.reply("replying")
        elif message.content == "!typing":
            async with message.channel.typing():
                await message.channel.send("typed")
        elif message.content == "!shout" and self.user is not None:
            # Mentions the author with discord.py's default allowed_mentions overridden
            # back to "everything": this one pings.
            await message.channel.send(
                f"hey {message.author.mention}", allowed_mentions=discord.AllowedMentions.all()
            )
        elif message.content == "!quiet":
            await message.channel.send(f"hey {message.author.mention}")
        elif message.content == "!edit":
            sent = await message.channel.send("draft")
            edited = await sent.edit(content="final")
            await edited.delete()
        elif isinstance(message.channel, discord.DMChannel):
            await message.channel.send(f"dm: {message.content}")
        elif self.user is not None and self.user in message.mentions:
            await message.channel.send(f"you said: {message.clean_content}")

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        self.edits_seen.append(after)

    def _register(self) -> None:
        tree = self.tree

        @tree.command(description="Ask a question about the reporting")
        @app_commands.describe(question="What you want to know", detail="Show sources")
        async def ask(
            interaction: discord.Interaction, question: str, detail: bool = False
        ) -> None:
            await interaction.response.send_message(f"Q: {question}")
            if detail:
                await interaction.followup.send("sources: the draft city audit")
            await interaction.edit_original_response(content=f"A: {question} (answered)")

        @tree.command(description="A slow answer: defer, then edit")
        async def slow(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content=f"done: {topic}")

        @tree.command(description="Defers, then answers with follow-ups")
        async def think(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("thought it through")
            await interaction.followup.send("one more thing")

        @tree.command(description="Uses every interaction webhook message route")
        async def manage(interaction: discord.Interaction) -> None:
            notes = discord.File(io.BytesIO(b"draft notes"), "notes.txt")
            await interaction.response.send_message("v1", file=notes)
            self.fetched_original = await interaction.original_response()
            followup = await interaction.followup.send("f1", wait=True)
            await followup.edit(content="f2")
            await interaction.delete_original_response()

        @tree.command(description="Search with autocomplete")
        async def search(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.send_message(f"searching {topic}")

        @search.autocomplete("topic")
        async def search_topic(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return self.choices(current)

        @tree.command(description="Answers only after the test releases it")
        async def late(interaction: discord.Interaction) -> None:
            await self.release.wait()
            await interaction.response.send_message("too late")

        @tree.command(description="Acknowledges the same interaction twice")
        async def twice(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first")
            # discord.py refuses a second response locally; go under it to reach the server,
            # as a second bot process holding the same token would.
            try:
                await async_context.get().create_interaction_response(
                    interaction.id,
                    interaction.token,
                    session=interaction._session,
                    params=interaction_response_params(4, {"content": "second"}),
                )
            except discord.HTTPException as exc:
                self.second_ack_error = exc

        @tree.command(description="Posts a message with a button")
        async def confirm(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Confirm?", view=ConfirmView())
            self.view_attached.set()

        @tree.command(description="Editors only: reload the knowledge pack")
        @app_commands.default_permissions(manage_guild=True)
        @app_commands.guild_only()
        async def reload(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("reloaded", ephemeral=True)

        @tree.command(description="Greets a member")
        async def greet(interaction: discord.Interaction, who: discord.Member) -> None:
            await interaction.response.send_message(f"hello {who.display_name}")

        source = app_commands.Group(name="source", description="Manage sources")

        @source.command(name="add", description="Add a source")
        @app_commands.choices(
            kind=[
                app_commands.Choice(name="Document", value="document"),
                app_commands.Choice(name="Person", value="person"),
            ]
        )
        async def source_add(
            interaction: discord.Interaction,
            url: str,
            kind: app_commands.Choice[str],
            note: str | None = None,
        ) -> None:
            await interaction.response.send_message(
                f"added {kind.value} {url} ({note or 'no note'})", ephemeral=True
            )

        tree.add_command(source)
