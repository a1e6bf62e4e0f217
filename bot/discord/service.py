"""What each Discord action replies, decided without touching the network.

Slash commands, chat messages and buttons all come here with plain arguments (a question, a
user id, a page number) and get back a :class:`Reply` — embeds, buttons, whether it is private.
The Discord-facing modules only deliver it. Each call reads ``store.snapshot`` once, so a reply
is built from one consistent set of facts even if a reload swaps them meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import discord

from bot import usecases
from bot.answers.model import Answer
from bot.answers.pack_views import as_question
from bot.conversation import Conversations
from bot.discord import embeds as render
from bot.discord import views
from bot.discord.answered import AnsweredMessages
from bot.discord.cooldown import Cooldowns
from bot.discord.escaping import inert
from bot.discord.limits import label
from bot.discord.load import LoadGuard
from bot.discord.permissions import Operators
from bot.discord.reload import Reloader
from bot.knowledge.model import KnowledgeBase
from bot.observability.runtime import Operations
from bot.querylog import NullQueryLog, QueryEntry, QueryLogError
from bot.settings import Settings
from bot.store import KnowledgeStore, Snapshot

QUOTES_PER_PAGE = 2  # a page of quotes fits a phone screen (tests/test_reply_sizes.py)
SOURCES_PER_PAGE = 8
DISCREPANCIES_PER_PAGE = 4
QUOTE_PREVIEW = 2  # /quote shows this many; /quotes pages through all
UNANSWERED_DEFAULT = 10
UNANSWERED_MAX = 25


@dataclass
class Reply:
    """A message to send: embeds or text, optional buttons, public or only for the asker."""

    embeds: list[discord.Embed] = field(default_factory=list)
    content: str | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False
    answer: Answer | None = None  # kept for the plain-text form, built only if needed
    logged: QueryEntry | None = None  # the query-log entry written for it, if any

    @property
    def fallback_text(self) -> str | None:
        """The reply as text, for channels where the bot may not embed."""
        if self.answer is not None:
            return render.answer_plain_text(self.answer)
        return self.content


def notice(text: str) -> Reply:
    """A short private message (refusals, "slow down", "not found")."""
    return Reply(content=text, ephemeral=True)


def article_labels(knowledge: KnowledgeBase, articles: Sequence[str]) -> dict[str, str]:
    """ "Business Insider: “'We need to take away children': …”" or "an article whose outlet is
    not named", per article: what a reader sees, never an id."""
    labels = {}
    for article_id in articles:
        article = knowledge.articles.get(article_id)
        if article is None:
            continue
        outlet = knowledge.outlets[article.outlet]
        labels[article_id] = render.article_label(outlet.display, outlet.known, article.headline)
    return labels


class _SuggestionIndex:
    """Suggestion text → claim id for the current facts, rebuilt when the facts change.

    A decline's suggestions are questions phrased from claims; a button must carry the claim
    (short, stable across restarts), not the question text.
    """

    def __init__(self) -> None:
        self._knowledge: KnowledgeBase | None = None
        self._by_text: dict[str, str] = {}

    def claim_for(self, knowledge: KnowledgeBase, suggestion: str) -> str | None:
        if knowledge is not self._knowledge:
            self._by_text = {}
            for claim in knowledge.claims.values():
                self._by_text.setdefault(as_question(claim), claim.id)
            self._knowledge = knowledge
        return self._by_text.get(suggestion)


class ReportService:
    """The Discord side's logic over one :class:`KnowledgeStore`."""

    def __init__(
        self, store: KnowledgeStore, settings: Settings, ops: Operations | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        # Metrics, the query log, health and shutdown; a quiet stand-in when not given.
        self.ops = ops if ops is not None else Operations.quiet(store)
        self.cooldowns = Cooldowns.from_settings(settings)
        # Who may administer: the configured roles and servers now, the owner once logged in.
        self.operators = Operators.from_settings(settings)
        self.reloader = Reloader(store)
        self.load = LoadGuard()
        self.keys = views.KeyCache()
        self._suggestions = _SuggestionIndex()
        self.conversations = Conversations()
        self.answered = AnsweredMessages()

    @property
    def knowledge(self) -> KnowledgeBase:
        return self.store.snapshot.knowledge

    # ------------------------------------------------------------------ answers

    def ask(
        self,
        question: str,
        *,
        asker: int,
        guild_id: int | None = None,
        channel_id: int | None = None,
        record: bool = True,
    ) -> Reply:
        """The answer (or decline) to a question, counted and timed, and put in the query log
        unless ``record`` is false (answer channels, unless the operator opted in)."""
        snapshot = self.store.snapshot
        started = time.perf_counter()
        # Follow-ups lean on the same person's last question in the same channel (or DM).
        conversation = self.conversations.of((channel_id, asker))
        answer = usecases.ask(snapshot, question, conversation)
        logged = self._observe(answer, started, asker, guild_id, channel_id, record=record)
        reply = self.answer_reply(answer, snapshot, asker=asker)
        reply.logged = logged
        return reply

    def _observe(
        self,
        answer: Answer,
        started: float,
        asker: int,
        guild_id: int | None,
        channel_id: int | None,
        *,
        record: bool = True,
    ) -> QueryEntry | None:
        # Metrics and the query log never stand between a question and its answer.
        try:
            return self.ops.observe_answer(
                answer,
                time.perf_counter() - started,
                guild_id=guild_id,
                channel_id=channel_id,
                user_id=asker,
                record=record,
            )
        except Exception:
            logging.getLogger("reportbot.discord").exception("recording an answer failed")
            return None

    def answer_reply(
        self, answer: Answer, snapshot: Snapshot, *, asker: int, title: str | None = None
    ) -> Reply:
        knowledge = snapshot.knowledge
        labels = article_labels(knowledge, answer.articles)
        suggestions = [
            (text, self._suggestions.claim_for(knowledge, text)) for text in answer.suggestions
        ]
        view = views.answer_view(
            articles=answer.articles,
            suggestions=suggestions,
            asker=asker,
            keys=self.keys,
            # "More" opens the full account of the facts shown, or of those the points told
            # differently bear on when the answer is those points
            claims=[claim.id for claim in answer.claims]
            or list(dict.fromkeys(c for d in answer.discrepancies for c in d.claims)),
        )
        return Reply(
            embeds=render.answer_embeds(
                answer,
                labels=labels,
                title=title,
                tappable={
                    text
                    for text, claim_id in suggestions[: views.MAX_SUGGESTION_BUTTONS]
                    if claim_id is not None
                },
            ),
            view=view,
            answer=answer,
        )

    def suggestion(
        self,
        claim_id: str,
        *,
        asker: int,
        guild_id: int | None = None,
        channel_id: int | None = None,
    ) -> Reply | None:
        """The answer a suggestion button stands for; None if that claim left the facts.

        A pressed suggestion is a question asked (the suggestion's wording), so it is counted
        and logged like one.
        """
        snapshot = self.store.snapshot
        started = time.perf_counter()
        claim = snapshot.knowledge.claims.get(claim_id)
        if claim is None:
            return None
        question = as_question(claim)
        answer = usecases.claim_answer(snapshot, claim_id, question)
        assert answer is not None
        self._observe(answer, started, asker, guild_id, channel_id)
        return self.answer_reply(answer, snapshot, asker=asker, title=inert(label(question, 200)))

    async def unanswered(
        self, *, guild_id: int | None, limit: int = UNANSWERED_DEFAULT, days: int | None = None
    ) -> Reply:
        """The most frequent declined questions in one guild (``/unanswered``), privately."""
        query_log = self.ops.query_log
        if isinstance(query_log, NullQueryLog):
            return notice(
                "The query log is off (REPORTBOT_QUERY_LOG=off), so there is nothing to list."
            )
        since = datetime.now(UTC) - timedelta(days=days) if days else None
        await query_log.flush(2.0)  # questions asked a moment ago count too
        try:
            rows = await query_log.top_unanswered(limit, since, guild_id)
        except QueryLogError:  # logged and counted by the query log
            return notice(
                "Sorry, the query log could not be read just now; the bot's log says why. "
                "`reportbot report` reads the same data on the server."
            )
        return Reply(embeds=render.unanswered_embeds(rows, days=days), ephemeral=True)

    def details(self, claims: Sequence[str]) -> Reply | None:
        """The full account behind an answer ("More"), privately; None when one of its facts
        has left the pack since."""
        snapshot = self.store.snapshot
        answer = usecases.claims_answer(snapshot, tuple(claims), "")
        if answer is None:
            return None
        labels = article_labels(snapshot.knowledge, answer.articles)
        return Reply(embeds=render.details_embeds(answer, labels=labels), ephemeral=True)

    async def forget(self, user_id: int) -> Reply:
        """``/forget``: delete the questions this person asked from the query log, privately.

        What Red-DiscordBot's ``red_delete_data_for_user`` offers: a user erases their own
        data without asking the operator. Without user ids in the log nothing links a question
        to anyone, and the reply says so rather than pretending to delete.
        """
        self.conversations.forget(user_id)  # follow-up memory holds their last question too
        query_log = self.ops.query_log
        if isinstance(query_log, NullQueryLog):
            return notice(
                "reportbot keeps no log of questions here, so there is nothing to delete."
            )
        if not query_log.stores_user_ids:
            return notice(
                "reportbot does not record who asks here: none of the questions it logged can be "
                "traced to you, so there is nothing of yours to delete. A question you delete "
                "in a channel is removed from the log, and its answer with it."
            )
        try:
            erased = await query_log.erase_user(user_id)
        except QueryLogError:  # logged and counted by the query log
            return notice(
                "Sorry, your questions could not be deleted just now; please try again later."
            )
        logging.getLogger("reportbot.discord").info(
            "/forget: %d logged question(s) of user %s deleted at their request", erased, user_id
        )
        plural = "question" if erased == 1 else "questions"
        return notice(f"Done: {erased} logged {plural} of yours deleted.")

    async def forget_message(self, entry: QueryEntry) -> None:
        """A question its author deleted leaves the query log too."""
        try:
            await self.ops.query_log.erase_entry(entry)
        except QueryLogError:  # logged and counted by the query log
            return

    def article_sources(self, articles: Sequence[str]) -> Reply:
        snapshot = self.store.snapshot
        knowledge = snapshot.knowledge
        sources = usecases.sources(snapshot, tuple(articles))
        page = render.sources_page(
            knowledge.info.title,
            sources,
            per_page=SOURCES_PER_PAGE * 2,
            version=knowledge.info.version,
        )
        return Reply(embeds=page.embeds, ephemeral=True)

    # ------------------------------------------------------------------ lookups

    @staticmethod
    def _no_single_speaker(found: usecases.QuoteLookup) -> Reply:
        listing = "; ".join(inert(label(o, 80)) for o in found.did_you_mean)
        return notice(
            f"No single speaker matches “{inert(label(found.query, 80))}”. "
            f"Pick one from the list as you type, e.g.: {listing or 'none in these facts'}."
        )

    def quote(self, speaker_text: str, topic: str | None, *, asker: int) -> Reply:
        snapshot = self.store.snapshot
        found = usecases.quotes_of(snapshot, speaker_text, topic)
        if not found.found:
            return self._no_single_speaker(found)
        version = snapshot.knowledge.info.version
        quotes, name, topic = list(found.quotes), found.speaker, found.topic
        if not quotes:
            about = f" on “{inert(label(topic, 80))}”" if topic else ""
            return notice(f"No quotes from {inert(label(name, 100))}{about} in the reporting.")
        page = render.quotes_page(
            name, topic, quotes[:QUOTE_PREVIEW], per_page=QUOTE_PREVIEW, version=version
        )
        if len(quotes) > QUOTE_PREVIEW:
            page.embeds[-1].set_footer(
                text=f"Showing {QUOTE_PREVIEW} of {len(quotes)} · /quotes lists them all"
                f" · facts version {version}"
            )
        return Reply(embeds=page.embeds)

    def quotes(self, speaker_text: str, *, asker: int) -> Reply:
        found = usecases.quotes_of(self.store.snapshot, speaker_text)
        if not found.found:
            return self._no_single_speaker(found)
        assert found.speaker_id is not None
        return self.quotes_page(found.speaker_id, 0, owner=asker)

    def quotes_page(self, speaker: str, page: int, *, owner: int) -> Reply:
        snapshot = self.store.snapshot
        knowledge = snapshot.knowledge
        if knowledge.entity(speaker) is None and speaker not in knowledge.speakers():
            return notice("That speaker is no longer in the facts; run /quotes again.")
        found = usecases.quotes_of_id(snapshot, speaker)
        shown = render.quotes_page(
            found.speaker,
            None,
            list(found.quotes),
            page=page,
            per_page=QUOTES_PER_PAGE,
            version=knowledge.info.version,
        )
        view = views.pager_view("q", owner, shown.number, shown.count, speaker, keys=self.keys)
        return Reply(embeds=shown.embeds, view=view)

    def sources(self, page: int = 0, *, owner: int) -> Reply:
        snapshot = self.store.snapshot
        knowledge = snapshot.knowledge
        shown = render.sources_page(
            knowledge.info.title,
            usecases.sources(snapshot),
            page=page,
            per_page=SOURCES_PER_PAGE,
            version=knowledge.info.version,
        )
        view = views.pager_view("s", owner, shown.number, shown.count, "", keys=self.keys)
        return Reply(embeds=shown.embeds, view=view)

    def discrepancies(self, page: int = 0, *, owner: int) -> Reply:
        snapshot = self.store.snapshot
        shown = render.discrepancies_page(
            usecases.discrepancies(snapshot),
            page=page,
            per_page=DISCREPANCIES_PER_PAGE,
            version=snapshot.knowledge.info.version,
        )
        view = views.pager_view("d", owner, shown.number, shown.count, "", keys=self.keys)
        return Reply(embeds=shown.embeds, view=view)

    def page(self, kind: str, arg: str, page: int, *, owner: int) -> Reply:
        """Another page of a listing (a pager button)."""
        if kind == "q":
            return self.quotes_page(arg, page, owner=owner)
        if kind == "d":
            return self.discrepancies(page, owner=owner)
        return self.sources(page, owner=owner)

    def claim(self, text: str) -> Reply:
        snapshot = self.store.snapshot
        knowledge = snapshot.knowledge
        found = usecases.find_claim(snapshot, text)
        if found.claim is None:
            listing = "\n".join(f"• {inert(label(c, 90))}" for c in found.closest)
            return notice(
                f"No single claim matches “{inert(label(text, 80))}”. Pick one from the "
                "list as you type" + (f"; closest:\n{listing}" if listing else ".")
            )
        articles = [a.article for a in found.claim.attributions]
        embeds = render.claim_embeds(
            found.claim,
            list(found.discrepancies),
            labels=article_labels(knowledge, articles),
            version=knowledge.info.version,
        )
        return Reply(embeds=embeds)

    def help(self) -> Reply:
        info = self.knowledge.info
        embeds = render.help_embeds(
            info.title, info.version, answers_channels=bool(self.settings.answer_channel_ids)
        )
        return Reply(embeds=embeds, ephemeral=True)
