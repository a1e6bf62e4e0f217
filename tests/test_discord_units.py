"""The Discord adapter's pure parts, tested directly: settings, cooldowns, admin checks,
button ids, chat addressing, autocomplete shaping, and reloads (lock, log, file watcher)."""

from __future__ import annotations

import asyncio
import datetime
import logging
from pathlib import Path

import discord
import pytest

from bot.discord.chat import addressed_question, strip_mentions
from bot.discord.cooldown import Cooldown, retry_text
from bot.discord.limits import BUTTON_LABEL, CUSTOM_ID
from bot.discord.load import LoadGuard
from bot.discord.permissions import Operators, may_administer
from bot.discord.reload import PackWatcher, Reloader, pack_fingerprint
from bot.discord.slash import to_app_choices
from bot.discord.views import (
    KeyCache,
    SuggestionButton,
    answer_view,
    decode_ids,
    encode_ids,
    page_custom_id,
    pager_view,
    sources_custom_id,
    suggestion_custom_id,
)
from bot.matching.lookup import Choice
from bot.settings import ConfigError, Rate, Settings, load_settings, read_environment
from bot.store import KnowledgeStore
from tests.conftest import CLAIM, EXAMPLE, HEADER, PackWriter

BOT_ID = 987654321098765432
USER_ID = 123456789012345678

# --------------------------------------------------------------------------- settings


def test_settings_from_the_environment() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": " abc.def.ghi ",
            "REPORTBOT_KNOWLEDGE": "/packs/news",
            "REPORTBOT_ADMIN_ROLE_IDS": "111111111111111111, 222222222222222222,",
            "REPORTBOT_ANSWER_CHANNEL_IDS": "333333333333333333",
            "REPORTBOT_GUILD_IDS": "444444444444444444;555555555555555555",
            "REPORTBOT_LOG_LEVEL": "debug",
            "REPORTBOT_COOLDOWN_QUESTIONS": "5/2.5",
            "REPORTBOT_COOLDOWN_LOOKUPS": "30",
            "REPORTBOT_COOLDOWN_ADMIN": "1/120s",
            "REPORTBOT_WATCH_SECONDS": "3",
        }
    )
    assert settings.token == "abc.def.ghi"
    assert settings.knowledge == Path("/packs/news")
    assert settings.admin_role_ids == {111111111111111111, 222222222222222222}
    assert settings.answer_channel_ids == {333333333333333333}
    assert settings.guild_ids == (444444444444444444, 555555555555555555)
    assert settings.log_level == "DEBUG"
    assert settings.cooldown_questions == Rate(5, 2.5)
    assert settings.cooldown_lookups == Rate(30, 10.0)  # a bare count keeps the 10 s window
    assert settings.cooldown_admin == Rate(1, 120.0)
    assert settings.watch_seconds == 3.0
    assert settings.wants_message_content
    assert "abc.def.ghi" not in repr(settings)


def test_defaults_ask_for_no_privileged_intent_and_no_watcher() -> None:
    settings = load_settings({}, knowledge="pack.yaml")
    assert settings.token is None and settings.knowledge == Path("pack.yaml")
    assert not settings.wants_message_content
    assert settings.watch_seconds is None
    assert settings.cooldown_questions == Rate(5, 10.0)
    assert settings.cooldown_lookups == Rate(15, 10.0)
    assert settings.cooldown_admin == Rate(3, 60.0)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REPORTBOT_ADMIN_ROLE_IDS", "Admins"),
        ("REPORTBOT_ADMIN_ROLE_IDS", "-5"),
        ("REPORTBOT_ANSWER_CHANNEL_IDS", "1, two"),
        ("REPORTBOT_GUILD_IDS", "99999999999999999999999"),
        ("REPORTBOT_COOLDOWN_QUESTIONS", "0"),
        ("REPORTBOT_COOLDOWN_QUESTIONS", "2.5"),
        ("REPORTBOT_COOLDOWN_QUESTIONS", "5/nan"),
        ("REPORTBOT_COOLDOWN_LOOKUPS", "5 per 10"),
        ("REPORTBOT_COOLDOWN_ADMIN", "3/0"),
        ("REPORTBOT_COOLDOWN_SECONDS", "10"),  # replaced: says by what
        ("REPORTBOT_WATCH_SECONDS", "-1"),
        ("REPORTBOT_LOG_LEVEL", "chatty"),
    ],
)
def test_bad_values_name_their_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings({variable: value})


def test_env_file_fills_gaps_but_never_overrides(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DISCORD_TOKEN=from-file\nREPORTBOT_GUILD_IDS=42\nREPORTBOT_LOG_LEVEL=ERROR\n"
        "# a comment\nexport REPORTBOT_COOLDOWN_LOOKUPS=4\n",
        encoding="utf-8",
    )
    environ = {"DISCORD_TOKEN": "from-env", "REPORTBOT_LOG_LEVEL": ""}
    read = read_environment(env_file, environ)
    assert read.file == env_file
    assert read.filled == {"REPORTBOT_GUILD_IDS", "REPORTBOT_COOLDOWN_LOOKUPS"}
    assert environ["DISCORD_TOKEN"] == "from-env"
    assert environ["REPORTBOT_LOG_LEVEL"] == ""  # set, even if empty: left alone
    assert environ["REPORTBOT_GUILD_IDS"] == "42"
    assert environ["REPORTBOT_COOLDOWN_LOOKUPS"] == "4"


def test_a_missing_env_file_is_fine_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_environment(None, {}).file is None
    with pytest.raises(ConfigError, match="REPORTBOT_ENV_FILE"):
        read_environment(tmp_path / "nope.env", {})


# --------------------------------------------------------------------------- cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cooldown_is_a_sliding_window_per_user() -> None:
    clock = Clock()
    limit = Cooldown(3, 10, clock=clock)
    assert [limit.hit(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limit.hit(1) == pytest.approx(10.0)
    assert limit.hit(2) == 0.0  # someone else is not affected
    clock.now += 4
    assert limit.hit(1) == pytest.approx(6.0)
    clock.now += 6
    assert limit.hit(1) == 0.0  # the oldest question left the window
    assert limit.hit(1) == 0.0 and limit.hit(1) == 0.0
    assert limit.hit(1) > 0


def test_cooldown_forgets_idle_users() -> None:
    clock = Clock()
    limit = Cooldown(1, 1, clock=clock)
    for user in range(2000):
        limit.hit(user)
    clock.now += 5
    for user in range(2000, 2100):
        limit.hit(user)
    assert len(limit) < 2000


def test_retry_text_rounds_up() -> None:
    assert retry_text(0.2) == "in 1 second"
    assert retry_text(3.01) == "in 4 seconds"
    assert retry_text(4.0) == "in 4 seconds"


def test_cooldown_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        Cooldown(0, 10)


# --------------------------------------------------------------------------- permissions


OWNER, HOME, ELSEWHERE = 5, 100, 200


@pytest.mark.parametrize(
    ("user", "guild", "permissions", "roles", "manage_server_counts", "allowed"),
    [
        (OWNER, ELSEWHERE, discord.Permissions.none(), [], False, True),  # the owner, anywhere
        (OWNER, None, discord.Permissions.none(), [], False, True),
        (6, HOME, discord.Permissions.none(), [7], False, True),  # a listed role, listed server
        (6, ELSEWHERE, discord.Permissions.none(), [7], False, False),  # not a listed server
        (6, HOME, discord.Permissions.none(), [8], False, False),
        (6, HOME, discord.Permissions(manage_guild=True), [], False, False),  # not by default
        (6, HOME, discord.Permissions(manage_guild=True), [], True, True),  # opted in
        (6, HOME, discord.Permissions(administrator=True), [], True, True),
        (6, ELSEWHERE, discord.Permissions.all(), [], True, False),  # someone else's server
        (6, None, discord.Permissions.all(), [7], True, False),  # never in a DM
    ],
)
def test_who_may_administer(
    user: int,
    guild: int | None,
    permissions: discord.Permissions,
    roles: list[int],
    manage_server_counts: bool,
    allowed: bool,
) -> None:
    operators = Operators(
        user_ids=frozenset({OWNER}),
        admin_role_ids=frozenset({7}),
        admin_guild_ids=frozenset({HOME}),
        manage_server_counts=manage_server_counts,
    )
    decided = may_administer(
        operators, user_id=user, guild_id=guild, role_ids=roles, permissions=permissions
    )
    assert decided is allowed


def test_admin_roles_need_the_servers_where_they_count() -> None:
    with pytest.raises(ConfigError, match="REPORTBOT_ADMIN_GUILD_IDS"):
        load_settings({"REPORTBOT_ADMIN_ROLE_IDS": "111111111111111111"})
    with pytest.raises(ConfigError, match="REPORTBOT_ADMIN_MANAGE_SERVER"):
        load_settings({"REPORTBOT_ADMIN_MANAGE_SERVER": "on"})
    settings = load_settings(
        {"REPORTBOT_ADMIN_ROLE_IDS": "111111111111111111", "REPORTBOT_GUILD_IDS": "42"}
    )
    assert settings.admin_guilds == {42}  # the servers the commands are synced to
    settings = load_settings(
        {
            "REPORTBOT_ADMIN_ROLE_IDS": "111111111111111111",
            "REPORTBOT_GUILD_IDS": "42",
            "REPORTBOT_ADMIN_GUILD_IDS": "43",
        }
    )
    assert settings.admin_guilds == {43}


# --------------------------------------------------------------------------- button ids


def test_custom_ids_carry_ids_and_stay_within_100_characters() -> None:
    keys = KeyCache()
    assert sources_custom_id(["a1", "a2"], keys) == "rb:src:a1,a2"
    assert suggestion_custom_id(USER_ID, "budget-cut", keys) == f"rb:ask:{USER_ID}:budget-cut"
    odd = ["x" * 200, "with space", "comma,id", "ünïcode"]
    for value in odd:
        for custom_id in (
            sources_custom_id([value], keys),
            suggestion_custom_id(USER_ID, value, keys),
            page_custom_id("q", USER_ID, 12345, value, keys),
        ):
            assert len(custom_id) <= CUSTOM_ID
            assert " " not in custom_id
            key = custom_id.rsplit(":", 1)[-1]
            assert decode_ids(key, keys) == (value,)
    many = [f"article-{i}" for i in range(40)]
    encoded = sources_custom_id(many, keys)
    assert len(encoded) <= CUSTOM_ID and decode_ids(encoded.removeprefix("rb:src:"), keys) == tuple(
        many
    )


def test_forgotten_keys_decode_to_none_and_the_cache_is_bounded() -> None:
    keys = KeyCache(size=3)
    first = encode_ids(["x" * 300], 50, keys)
    for i in range(5):
        encode_ids([f"{i}" * 300], 50, keys)
    assert decode_ids(first, keys) is None
    assert decode_ids(KeyCache().put(["a"]), keys) is None


async def test_answer_views_dedupe_suggestions_and_keep_labels_short() -> None:
    keys = KeyCache()
    view = answer_view(
        articles=(),
        suggestions=[("q" * 300, "c1"), ("again", "c1"), ("no claim", None), ("two", "c2")],
        asker=USER_ID,
        keys=keys,
    )
    assert view is not None
    buttons = [item for item in view.children if isinstance(item, SuggestionButton)]
    assert [b.custom_id for b in buttons] == [f"rb:ask:{USER_ID}:c1", f"rb:ask:{USER_ID}:c2"]
    assert all(len(b.item.label or "") <= BUTTON_LABEL for b in buttons)
    assert answer_view(articles=(), suggestions=[], asker=1, keys=keys) is None


async def test_pager_buttons_are_unique_and_disabled_at_the_ends() -> None:
    keys = KeyCache()
    assert pager_view("q", USER_ID, 0, 1, "mayor", keys=keys) is None
    for page in range(3):
        view = pager_view("q", USER_ID, page, 3, "mayor", keys=keys)
        assert view is not None
        prev, nxt = view.children
        assert prev.custom_id != nxt.custom_id  # type: ignore[attr-defined]
        assert prev.item.disabled is (page == 0)  # type: ignore[attr-defined]
        assert nxt.item.disabled is (page == 2)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- chat


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"<@{BOT_ID}> what did Sessions say?", "what did Sessions say?"),
        (f"<@!{BOT_ID}>, what did Sessions say?", "what did Sessions say?"),
        (f"hey <@{BOT_ID}>   who   reported it", "hey who reported it"),
        (f"<@&555> <@{BOT_ID}>: why", "why"),
        (f"<@{USER_ID}> asked <@{BOT_ID}>", f"<@{USER_ID}> asked"),  # other mentions stay
    ],
)
def test_mentions_of_the_bot_are_removed_from_the_question(content: str, expected: str) -> None:
    assert strip_mentions(content, BOT_ID, frozenset({555})) == expected


def test_which_messages_are_questions() -> None:
    def ask(content: str, **kw: bool) -> object:
        flags = {"is_dm": False, "mentioned": False, "in_answer_channel": False, **kw}
        return addressed_question(content, bot_id=BOT_ID, **flags)

    assert ask("what did poe say?") is None  # an ordinary channel, no mention
    assert ask("what did poe say?", is_dm=True).question == "what did poe say?"  # type: ignore[union-attr]
    assert ask("what did poe say?", in_answer_channel=True) is not None
    assert ask("🎉", in_answer_channel=True) is None  # chatter in an answer channel
    bare = ask(f"<@{BOT_ID}>", mentioned=True)
    assert bare is not None and bare.question == "" and bare.direct  # type: ignore[union-attr]


# --------------------------------------------------------------------------- autocomplete


def test_autocomplete_choices_fit_discord() -> None:
    choices = [Choice("x" * 300, f"id-{i}", 90.0) for i in range(60)]
    choices += [Choice("long id", "y" * 101, 99.0), Choice("dup", "id-1", 50.0), Choice("", "z", 1)]
    shaped = to_app_choices(choices)
    assert len(shaped) == 25
    assert all(1 <= len(c.name) <= 100 and 1 <= len(c.value) <= 100 for c in shaped)
    assert len({c.value for c in shaped}) == 25
    assert to_app_choices([Choice("", "z", 1)])[0].name == "?"


# --------------------------------------------------------------------------- reloads


async def test_reloads_are_serialised_and_logged(
    write_pack: PackWriter, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_pack(HEADER + CLAIM)
    reloader = Reloader(KnowledgeStore.open(root))
    with caplog.at_level(logging.INFO, logger="reportbot.reload"):
        results = await asyncio.gather(*(reloader.reload(f"user {i}") for i in range(5)))
    assert all(r.ok for r in results) and reloader.count == 5
    assert not reloader.busy
    lines = [r.getMessage() for r in caplog.records if "reload by" in r.getMessage()]
    assert len(lines) == 5 and all(": ok in " in line for line in lines)
    (root / "pack.yaml").write_text(HEADER + CLAIM + "quotes: [oops\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="reportbot.reload"):
        failed = await reloader.reload("SIGHUP")
    assert not failed.ok and failed.version == "1"
    assert "reload by SIGHUP at " in caplog.text and "refused" in caplog.text


async def test_a_crashing_reload_keeps_the_old_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    store = KnowledgeStore.open(EXAMPLE)
    before = store.snapshot

    def boom(path: object = None) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(store, "reload", boom)
    result = await Reloader(store).reload("watcher")
    assert not result.ok and "unexpectedly" in str(result.errors[0])
    assert store.snapshot is before


def test_fingerprints_see_edits_to_yaml_and_archived_texts(write_pack: PackWriter) -> None:
    root = write_pack(HEADER + CLAIM)
    first = pack_fingerprint(root)
    (root / "sources" / "a1.txt").write_text("changed", encoding="utf-8")
    second = pack_fingerprint(root)
    assert first != second
    assert pack_fingerprint(root / "pack.yaml") is not None
    assert pack_fingerprint(root / "missing") == ()


async def test_the_watcher_reloads_once_a_change_settles(write_pack: PackWriter) -> None:
    root = write_pack(HEADER + CLAIM)
    changed = asyncio.Event()
    calls: list[int] = []

    async def on_change() -> None:
        calls.append(1)
        changed.set()

    watcher = PackWatcher(lambda: root, 0.01, on_change)
    watcher.start()
    try:
        await asyncio.wait_for(watcher.watching.wait(), 30)
        (root / "pack.yaml").write_text(
            HEADER.replace('version: "1"', 'version: "2"') + CLAIM + "# edited\n",
            encoding="utf-8",
        )
        await asyncio.wait_for(changed.wait(), 30)
    finally:
        await watcher.stop()
    assert calls == [1]


def test_settings_dataclass_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().token = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- load


def test_the_load_guard_defers_when_busy_or_late() -> None:
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    guard = LoadGuard(max_direct=2, max_age=1.0, now=lambda: now)
    fresh = now - datetime.timedelta(milliseconds=10)
    with guard.track(), guard.track():
        assert not guard.should_defer(fresh)
        with guard.track():
            assert guard.in_flight == 3 and guard.should_defer(fresh)
    assert guard.in_flight == 0
    assert guard.should_defer(now - datetime.timedelta(seconds=2))  # already waited long
    assert guard.deferred == 2
