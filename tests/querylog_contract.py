"""What every query-log backend must do, run against each real backend by its own test file.

``tests/test_querylog_sqlite.py`` runs these on a real SQLite file and
``tests/test_querylog_postgres.py`` on a real PostgreSQL server: one schema, one report, one
erasure, whatever the database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.querylog import QueryEntry, QueryLog

OpenLog = Callable[..., Awaitable[QueryLog]]  # open_log(store_user_ids=False) -> a fresh log
UserIds = Callable[[], Awaitable[list[int | None]]]  # every stored user_id, straight from the db
# Every stored row as (guild_id, channel_id, user_id, question), straight from the db.
Rows = Callable[[], Awaitable[list[tuple[int | None, int | None, int | None, str]]]]

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def entry(
    question: str,
    *,
    minutes: int = 0,
    answered: bool = False,
    outcome: str | None = None,
    guild: int | None = 111,
    user: int | None = None,
    claim: str | None = None,
    channel: int | None = 222,
) -> QueryEntry:
    return QueryEntry(
        time=T0 + timedelta(minutes=minutes),
        guild_id=guild,
        channel_id=channel,
        user_id=user,
        question=question,
        claim_id=claim if answered else None,
        confidence=0.9 if answered else 0.2,
        answered=answered,
        outcome=outcome or ("answered" if answered else "no_match"),
    )


async def declined_questions_are_grouped_and_ranked_by_count(open_log: OpenLog) -> None:
    log = await open_log()
    for e in [
        entry("Who is Rod?", minutes=1),
        entry("who is   rod", minutes=2),
        entry("WHO IS ROD?!", minutes=3),
        entry("what did the mayor eat", minutes=4),
        entry("What did the mayor eat?", minutes=5),
        entry("is the budget cut", minutes=6, answered=True, claim="budget-cut"),
        entry("is the budget cut", minutes=7, answered=True, claim="budget-cut"),
        entry("is the budget cut", minutes=8, answered=True, claim="budget-cut"),
        entry("why?", minutes=9, outcome="gap"),
        entry("?!", minutes=10, outcome="empty"),
    ]:
        await log.record(e)

    top = await log.top_unanswered(limit=10)

    assert [(q.normalised, q.count) for q in top] == [
        ("who is rod", 3),
        ("what did the mayor eat", 2),
        ("why", 1),
    ]
    assert top[0].example == "WHO IS ROD?!"  # the most recent wording
    assert top[0].last_seen == T0 + timedelta(minutes=3)
    assert top[1].last_seen == T0 + timedelta(minutes=5)
    await log.close()


async def the_report_honours_limit_since_and_guild(open_log: OpenLog) -> None:
    log = await open_log()
    for e in [
        entry("old question", minutes=0),
        entry("old question", minutes=1),
        entry("new question", minutes=60),
        entry("elsewhere", minutes=61, guild=999),
        entry("in a dm", minutes=62, guild=None),
    ]:
        await log.record(e)

    assert [q.normalised for q in await log.top_unanswered(limit=1)] == ["old question"]
    recent = await log.top_unanswered(limit=10, since=T0 + timedelta(minutes=30))
    assert sorted(q.normalised for q in recent) == ["elsewhere", "in a dm", "new question"]
    here = await log.top_unanswered(limit=10, guild_id=111)
    assert [(q.normalised, q.count) for q in here] == [("old question", 2), ("new question", 1)]
    naive_since = datetime(2026, 11, 1, 13, 1, 30)  # naive means UTC
    assert [q.normalised for q in await log.top_unanswered(10, naive_since)] == ["in a dm"]
    await log.close()


async def user_ids_are_stored_only_when_enabled(open_log: OpenLog, user_ids: UserIds) -> None:
    log = await open_log(store_user_ids=False)
    await log.record(entry("anonymous by default", user=42))
    await log.close()
    assert await user_ids() == [None]

    log = await open_log(store_user_ids=True)
    await log.record(entry("the operator opted in", user=42))
    await log.close()
    assert sorted(await user_ids(), key=str) == [42, None]


async def erasing_a_user_removes_exactly_their_entries(
    open_log: OpenLog, user_ids: UserIds
) -> None:
    log = await open_log(store_user_ids=True)
    big = 1_234_567_890_123_456_789  # Discord snowflakes need 64 bits
    for e in [
        entry("mine", user=big),
        entry("mine again", user=big, answered=True, claim="budget-cut"),
        entry("someone else's", user=7),
        entry("nobody's", user=None),
    ]:
        await log.record(e)

    assert await log.erase_user(big) == 2
    assert await log.erase_user(big) == 0
    assert sorted(await user_ids(), key=str) == [7, None]
    assert [q.normalised for q in await log.top_unanswered(10)] == ["nobody's", "someone else's"]
    await log.close()


async def very_long_questions_are_cut_before_storing(open_log: OpenLog) -> None:
    log = await open_log()
    await log.record(entry("why " * 1000, outcome="too_long"))
    (top,) = await log.top_unanswered(10)
    assert len(top.example) == 2000
    await log.close()


DM_CHANNEL = 333_333_333_333_333_333


async def a_direct_message_identifies_nobody_unless_user_ids_are_on(
    open_log: OpenLog, rows: Rows
) -> None:
    log = await open_log(store_user_ids=False)
    await log.record(entry("asked in a dm", guild=None, channel=DM_CHANNEL, user=42))
    await log.record(entry("asked in a server", user=42))
    await log.close()
    # A DM channel is one per user: its id would name the asker as surely as a user id.
    assert sorted(await rows(), key=lambda row: row[3]) == [
        (None, None, None, "asked in a dm"),
        (111, 222, None, "asked in a server"),
    ]


async def erase_user_finds_their_direct_messages_too(open_log: OpenLog, rows: Rows) -> None:
    log = await open_log(store_user_ids=True)
    await log.record(entry("asked in a dm", guild=None, channel=DM_CHANNEL, user=42))
    await log.record(entry("asked in a server", user=42))
    await log.record(entry("someone else's dm", guild=None, channel=DM_CHANNEL + 1, user=7))
    assert await log.erase_user(42) == 2
    assert await rows() == [(None, DM_CHANNEL + 1, 7, "someone else's dm")]
    await log.close()


async def obvious_personal_data_is_not_stored(open_log: OpenLog, rows: Rows) -> None:
    log = await open_log()
    await log.record(entry("is jane@example.org right? call +1 555 123 4567"))
    await log.record(entry("what did <@123456789012345678> say in 2018"))
    await log.close()
    assert sorted(q for *_, q in await rows()) == [
        "is [email] right? call [number]",
        "what did [mention] say in 2018",
    ]


async def a_deleted_question_is_erased_alone(open_log: OpenLog, rows: Rows) -> None:
    log = await open_log()
    deleted = entry("my address is 1 Elm Street, please delete", minutes=3)
    await log.record(entry("my address is 1 Elm Street, please delete", minutes=4))
    await log.record(deleted)
    await log.record(entry("who is rod", minutes=3))
    assert await log.erase_entry(deleted) == 1
    assert sorted(q for *_, q in await rows()) == [
        "my address is 1 Elm Street, please delete",  # the same words at another time stay
        "who is rod",
    ]
    await log.close()


async def pruning_deletes_what_is_older_than_the_cutoff(open_log: OpenLog, rows: Rows) -> None:
    log = await open_log()
    for days in (0, 40, 89, 91):
        await log.record(entry(f"{days} days in", minutes=days * 24 * 60))
    assert await log.prune(T0 + timedelta(days=41)) == 2
    assert sorted(q for *_, q in await rows()) == ["89 days in", "91 days in"]
    await log.close()


CONTRACT_WITH_ROWS = [
    a_direct_message_identifies_nobody_unless_user_ids_are_on,
    erase_user_finds_their_direct_messages_too,
    obvious_personal_data_is_not_stored,
    a_deleted_question_is_erased_alone,
    pruning_deletes_what_is_older_than_the_cutoff,
]

CONTRACT = [
    declined_questions_are_grouped_and_ranked_by_count,
    the_report_honours_limit_since_and_guild,
    very_long_questions_are_cut_before_storing,
]
CONTRACT_WITH_USER_IDS = [
    user_ids_are_stored_only_when_enabled,
    erasing_a_user_removes_exactly_their_entries,
]
