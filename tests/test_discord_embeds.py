"""Embeds stay inside every Discord limit, whatever the facts or the question hold.

Each result is checked twice: by our own ``embed_problems`` and by the loopback server's
independent implementation of Discord's rules (``tests.discord_server.rules``), which is what
the end-to-end tests are refused by.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers.catalog import SourceView
from bot.answers.layout import QUOTES_SHOWN
from bot.answers.model import (
    Answer,
    Attribution,
    ClaimView,
    DiscrepancyView,
    QuoteCarrier,
    QuoteView,
    VersionView,
)
from bot.discord import embeds as render
from bot.discord.escaping import inert
from bot.discord.limits import (
    EMBED_TOTAL,
    embed_problems,
    label,
    pack_blocks,
    size,
    truncate,
)
from bot.knowledge.diff import Changes, PackDiff
from bot.knowledge.errors import PackError
from bot.store import KnowledgeStore, ReloadResult
from tests.discord_server.rules import check_embeds

PACKS = Path(__file__).resolve().parent / "packs"
INJECTION = (
    "@everyone @here <@123456789012345678> <@&223456789012345678> <#323456789012345678> "
    "**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block``` [click](https://evil.example) "
    "\n# Heading\n> quoted\n-# small\n<t:1700000000:R> </ask:123456789012345678> \\*"
)


def dicts(embeds: list[discord.Embed]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in embeds]


def embeds_text(embeds: list[discord.Embed]) -> str:
    return "\n".join(e.description or "" for e in embeds)


def assert_fits(embeds: list[discord.Embed]) -> None:
    assert embeds, "a reply always has something to show"
    assert embed_problems(embeds) == []
    assert check_embeds(dicts(embeds)) == [], check_embeds(dicts(embeds))


def quote(n: int, *, text: str = "Books are not a luxury.", speaker: str = "Jane Roe") -> QuoteView:
    told = {"to": "the city council", "setting": "at a hearing", "when": "May 2018"}
    carriers = (
        QuoteCarrier(
            "a1", "an unnamed outlet", text, speaker, ("The Example Times",), False, **told
        ),
        QuoteCarrier("a2", "The Daily Example", text[:20] + " (sic)", speaker + " Jr", (), **told),
    )
    return QuoteView(f"q{n}", speaker, text, *told.values(), carriers)


def claim(
    n: int,
    *,
    statement: str = "The mayor said the library budget would be cut.",
    quotes: int = 1,
    outlets: int = 2,
    outlet_name: str = "The Daily Example",
    speaker: str = "Jane Roe",
) -> ClaimView:
    attributions = tuple(
        Attribution(f"a{i}", f"{outlet_name} {i}", True, ("The Example Times", "the audit"), "x")
        for i in range(outlets)
    )
    return ClaimView(
        f"claim-{n}",
        statement,
        attributions,
        tuple(quote(i, speaker=speaker) for i in range(quotes)),
    )


def discrepancy(n: int, *, versions: int = 2, statement: str = "cut by half") -> DiscrepancyView:
    return DiscrepancyView(
        f"d{n}",
        "How deep the cut is",
        tuple(VersionView(f"a{i}", f"outlet {i}", statement, "excerpt") for i in range(versions)),
    )


def answered(*claims: ClaimView, discrepancies: tuple[DiscrepancyView, ...] = ()) -> Answer:
    return Answer(
        "what happens to the library budget?",
        True,
        "answered",
        0.9,
        claims=claims,
        discrepancies=discrepancies,
        pack_version="7",
    )


# --------------------------------------------------------------------------- the normal case


def test_an_answer_reads_top_to_bottom_answer_quotes_credit_and_differences() -> None:
    answer = answered(claim(1, quotes=2), discrepancies=(discrepancy(1),))
    embeds = render.answer_embeds(answer, labels={"a0": "The Daily Example: “Cuts”"})
    assert_fits(embeds)
    assert len(embeds) == 1
    text = embeds[0].description or ""
    statement_at = text.index("The mayor said the library budget would be cut.")
    quote_at = text.index("> “Books are not a luxury.”")
    speaker_at = text.index("> — **Jane Roe**, to the city council, at a hearing, May 2018")
    credit_at = text.index(
        "**Reported by** The Daily Example 0 and The Daily Example 1, both citing The Example "
        "Times, citing the audit."
    )
    differ_at = text.index("**The articles differ** on how deep the cut is:")
    assert statement_at < quote_at < speaker_at < credit_at < differ_at
    assert "• **Outlet 0:** cut by half" in text
    # Two quotes are separate block quotes (a blank line between), not one run-together block.
    assert text.count("\n\n> “Books are not a luxury.”") == 1
    # The other outlet's different words and speaker, in one clause under the quote.
    assert "> *The Daily Example*: “Books are not a luxu (sic)”, said by Jane Roe Jr." in text
    assert embeds[0].title == "what happens to the library budget?"
    assert embeds[0].footer.text == "facts version 7"
    details = render.details_embeds(answer, labels={"a0": "The Daily Example: “Cuts”"})
    assert "The Daily Example: “Cuts”" in (details[-1].footer.text or "")  # "More" names them


def test_a_decline_is_short_and_honest_and_points_at_the_buttons() -> None:
    answer = Answer(
        "what did the final report conclude?",
        False,
        "gap",
        0.7,
        suggestions=("what did the draft find?", "when is the final report due?"),
        note="The articles cover a draft only.",
        pack_version="7",
    )
    embeds = render.answer_embeds(answer, tappable={"what did the draft find?"})
    assert_fits(embeds)
    text = embeds[0].description or ""
    assert text.startswith("The articles don't report that. The articles cover a draft only.")
    # A suggestion with a button is not listed again; one without stays in the text.
    assert "what did the draft find?" not in text
    assert "when is the final report due?" in text
    assert "Tap one below" in text
    assert len(text) < 400
    untapped = embeds_text(render.answer_embeds(answer))
    assert "what did the draft find?" in untapped and "Tap one below" not in untapped


def test_a_too_long_question_is_not_echoed_back_in_full() -> None:
    question = "why " * 400
    answer = Answer(question, False, "too_long", 0.0, pack_version="1")
    embeds = render.answer_embeds(answer)
    assert_fits(embeds)
    assert embeds[0].title is None
    assert "too long (1,600 characters; the limit is 500)" in (embeds[0].description or "")


# --------------------------------------------------------------------------- adversarial


def test_a_huge_statement_is_trimmed_and_marked() -> None:
    answer = answered(claim(1, statement="The budget " + "very " * 5000 + "big."))
    embeds = render.answer_embeds(answer)
    assert_fits(embeds)
    text = embeds[0].description or ""
    assert "…" in text
    assert "**Reported by**" in text  # the credit survives a huge statement


def test_fifty_quotes_show_a_few_and_leave_the_rest_to_more() -> None:
    answer = answered(claim(1, quotes=50))
    embeds = render.answer_embeds(answer)
    assert_fits(embeds)
    text = "\n".join(e.description or "" for e in embeds)
    assert 1 <= text.count("> “Books are not a luxury.”") <= QUOTES_SHOWN
    assert "**Reported by**" in text
    details = render.details_embeds(answer)
    assert_fits(details)
    shown = "\n".join(e.description or "" for e in details)
    assert shown.count("> “Books are not a luxury.”") > QUOTES_SHOWN
    assert "more parts not shown here" in shown  # fifty quotes do not fit one message


def test_many_claims_fill_one_message_then_say_what_was_left_out() -> None:
    answer = answered(*(claim(i, statement="word " * 300, quotes=3) for i in range(30)))
    embeds = render.answer_embeds(answer)
    assert_fits(embeds)
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL
    assert "more facts under More" in (embeds[-1].description or "")


def test_long_names_and_emoji_are_counted_the_way_discord_may_count_them() -> None:
    emoji_name = "📰" * 3000
    answer = answered(
        claim(1, outlets=40, outlet_name=emoji_name, speaker=emoji_name, quotes=3),
        discrepancies=(discrepancy(1, versions=30, statement="🧾" * 2000),),
    )
    embeds = render.answer_embeds(answer, labels={"a1": "📎" * 500})
    assert_fits(embeds)
    # UTF-16 units, never fewer than code points: an emoji counts as two.
    assert all(size(e.description) <= 4096 for e in embeds)


def test_markdown_and_mentions_in_the_question_are_shown_not_obeyed() -> None:
    answer = Answer(INJECTION, False, "no_match", 0.1, suggestions=(INJECTION,), pack_version="1")
    embeds = render.answer_embeds(answer)
    assert_fits(embeds)
    text = (embeds[0].title or "") + "\n" + (embeds[0].description or "")
    assert "@everyone" not in text and "@here" not in text
    assert "<@123456789012345678>" not in text and "<@&223456789012345678>" not in text
    assert "<#323456789012345678>" not in text and "<t:1700000000:R>" not in text
    assert "**bold**" not in text and "\\*\\*bold\\*\\*" in text
    assert not re.search(r"(?<!\\)\[click\]\(", text)  # the masked link is escaped
    assert "\n# Heading" not in text


def test_markdown_in_the_facts_is_shown_literally_too() -> None:
    answer = answered(claim(1, statement=INJECTION, speaker="**Roe** @everyone"))
    text = render.answer_embeds(answer)[0].description or ""
    assert "@everyone" not in text
    assert "**Roe**" not in text


def test_plain_text_fallback_fits_a_message_and_is_inert() -> None:
    answer = answered(*(claim(i, statement=INJECTION * 20) for i in range(5)))
    text = render.answer_plain_text(answer)
    assert len(text) <= 2000
    assert "@everyone" not in text


@pytest.mark.parametrize("errors", [1, 3, 500])
def test_reload_refusal_lists_problems_trimmed_to_fit(errors: int) -> None:
    problems = tuple(
        PackError("knowledge/claims.yaml", i, 3, "bad value " + "x" * 300 + " ```")
        for i in range(errors)
    )
    embeds = render.reload_embeds(ReloadResult(ok=False, errors=problems, version="4"))
    assert_fits(embeds)
    text = embeds[0].description or ""
    assert "The old facts (version 4) are still serving" in text
    assert "knowledge/claims.yaml:0:3: bad value" in text
    if errors == 500:
        assert "more; `reportbot validate` lists them all" in text


def test_reload_success_says_what_changed_even_with_thousands_of_ids() -> None:
    many = tuple(f"claim-{i}-" + "y" * 80 for i in range(3000))
    diff = PackDiff(
        "1", "2", Changes(added=many, removed=("old",)), Changes(changed=("q1",)), Changes()
    )
    embeds = render.reload_embeds(ReloadResult(ok=True, diff=diff, version="2", seconds=0.25))
    assert_fits(embeds)
    text = embeds[0].description or ""
    assert "3000 added" in text and "and 2990 more" in text
    assert "1 removed: `old`" in text
    assert embeds[0].title == "Facts reloaded: version 2"
    assert "was version 1" in (embeds[0].footer.text or "")


def test_listings_fit_with_hundreds_of_entries_per_page() -> None:
    sources = [
        SourceView(
            f"a{i}",
            "O" * 500,
            True,
            "H" * 900,
            "2020",
            "https://x.example/" + "p" * 900,
            ("C" * 400,) * 5,
            3,
            4,
        )
        for i in range(200)
    ]
    assert_fits(render.sources_page("T" * 900, sources, per_page=200).embeds)
    quotes = [quote(i, text="w " * 2000, speaker="S" * 900) for i in range(60)]
    assert_fits(render.quotes_page("S" * 900, "t" * 900, quotes, per_page=60).embeds)
    many = [discrepancy(i, versions=20, statement="s" * 3000) for i in range(40)]
    assert_fits(render.discrepancies_page(many, per_page=40).embeds)
    big = claim(1, statement="z" * 9000, quotes=60, outlets=60)
    assert_fits(render.claim_embeds(big, many, labels={"a1": "L" * 900}, version="v" * 900))
    assert_fits(render.help_embeds("P" * 900, "V" * 900, answers_channels=True))


def test_a_sources_listing_shows_an_articles_byline_and_a_long_one_still_fits() -> None:
    view = SourceView(
        "a2", "The Daily Example", True, "Cuts", None, None, (), 1, 0, byline="A. Writer"
    )
    assert "by A. Writer" in render.source_markdown(view)
    long = SourceView("a2", "O", True, None, None, None, (), 1, 0, byline="B" * 5000)
    assert_fits(render.sources_page("T", [long] * 50, per_page=50).embeds)


def test_page_bounds_clamp_out_of_range_pages() -> None:
    assert render.page_bounds(0, 5, 4) == (0, 1, 0)
    assert render.page_bounds(9, 99, 4) == (2, 3, 8)
    assert render.page_bounds(9, -3, 4) == (0, 3, 0)


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("limit", [1, 2, 5, 80, 256])
def test_truncate_never_exceeds_its_limit(limit: int) -> None:
    for text in ("a" * 1000, "word " * 300, "📰" * 300, "x\\" * 200, "\\" * 301):
        cut = truncate(text, limit)
        assert size(cut) <= limit
        if size(text) > limit and limit > 1:
            assert cut.endswith("…")


def test_truncate_keeps_short_text_and_avoids_a_dangling_escape() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("abc\\" + "d" * 50, 5)
    assert not cut.removesuffix("…").endswith("\\")


def test_labels_are_single_lines_and_never_empty() -> None:
    assert label("  two\n lines  ", 80) == "two lines"
    assert label("", 80) == "?"


def test_pack_blocks_starts_new_embeds_and_keeps_title_and_footer() -> None:
    blocks = ["b" * 3000, "c" * 3000]
    embeds = pack_blocks(blocks, title="T", footer="F", budget=EMBED_TOTAL)
    assert_fits(embeds)
    assert len(embeds) == 2
    assert embeds[0].title == "T" and embeds[1].title is None
    assert embeds[-1].footer.text == "F"


# --------------------------------------------------------------------------- fuzzing

names = st.text(min_size=0, max_size=400)
texts = st.text(min_size=0, max_size=6000)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    def a_quote(i: int) -> QuoteView:
        carriers = tuple(
            QuoteCarrier(draw(names), draw(names), draw(texts), draw(names), (draw(names),))
            for _ in range(draw(st.integers(0, 3)))
        )
        return QuoteView(
            f"q{i}",
            draw(names),
            draw(texts),
            draw(st.none() | names),
            None,
            draw(st.none() | names),
            carriers,
        )

    claims = tuple(
        ClaimView(
            draw(names),
            draw(texts),
            tuple(
                Attribution(draw(names), draw(names), True, (draw(names),), draw(texts))
                for _ in range(draw(st.integers(1, 4)))  # a valid claim has a report
            ),
            tuple(a_quote(i) for i in range(draw(st.integers(0, 6)))),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    answered_ = bool(claims) and draw(st.booleans())
    return Answer(
        draw(texts),
        answered_,
        "answered" if answered_ else draw(st.sampled_from(["no_match", "gap", "ambiguous"])),
        0.5,
        claims=claims if answered_ else (),
        discrepancies=tuple(
            DiscrepancyView(
                draw(names),
                draw(names),
                tuple(
                    VersionView(draw(names), draw(names), draw(texts), draw(texts))
                    for _ in range(draw(st.integers(0, 4)))
                ),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        if answered_
        else (),
        suggestions=tuple(draw(st.lists(names, max_size=5))),
        note=draw(st.none() | texts),
        pack_version=draw(names),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_any_answer_fits_one_message(answer: Answer) -> None:
    assert_fits(render.answer_embeds(answer))
    assert len(render.answer_plain_text(answer)) <= 2000


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000))
def test_inert_text_never_mentions_anyone(text: str) -> None:
    shown = inert(text)
    assert "@everyone" not in shown and "@here" not in shown
    assert not re.search(r"<@[!&]?\d{15,21}>", shown)


def test_a_refused_reload_leads_with_the_file_that_could_not_be_parsed(tmp_path: Path) -> None:
    # 250 claims refer to ids in a fact file with one syntax error, which sorts after them; one
    # more refers to an id that is nowhere. The reply must show the cause first and hide no
    # real problem behind knock-on errors.
    root = tmp_path / "pack"
    shutil.copytree(PACKS / "broken" / "buried-syntax-error", root)
    claims = "".join(
        f"  - {{id: c{i}, statement: s, topics: [t], people: [roe, diaz], reports: "
        f'[{{article: gaz, excerpt: "This is a sad day for Elm Street", via: [minutes]}}]}}\n'
        for i in range(250)
    )
    claims += (
        "  - {id: typo, statement: s, topics: [t], reports: "
        '[{article: gaz, excerpt: "This is a sad day for Elm Street", via: [minuts]}]}\n'
    )
    text = (root / "10-claims.yaml").read_text(encoding="utf-8")
    (root / "10-claims.yaml").write_text(text.replace("claims:\n", "claims:\n" + claims, 1))
    store = KnowledgeStore.open(PACKS / "council")

    result = store.reload(root)

    assert [(e.file.rsplit("/", 1)[-1], e.message[:40]) for e in result.errors] == [
        ("90-entities.yaml", "YAML error: did not find expected ',' or"),
        ("10-claims.yaml", "claim report: 'via' refers to unknown id"),
    ]
    reply = render.reload_embeds(result)[0].description or ""
    first = reply.split("```\n", 1)[1].splitlines()[0]
    assert first.endswith(
        "90-entities.yaml:7:68: YAML error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 7, column 53)"
    )
    assert "'minuts'" in reply and "more;" not in reply
