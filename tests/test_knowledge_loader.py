"""Loading and validating a fact pack: every problem found at once, each located."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge import PackInvalid, load_pack
from bot.knowledge.verbatim import (
    DROPS_NEGATION,
    MISSING,
    TOO_SHORT,
    ArticleText,
    Placement,
    Refusal,
)
from tests.conftest import CLAIM, EXAMPLE, HEADER, PackWriter

PACKS = Path(__file__).resolve().parent / "packs"


def errors_of(path: Path) -> list[str]:
    """Every problem, its file shown from the directory that holds the pack."""
    with pytest.raises(PackInvalid) as caught:
        load_pack(path)
    base = path.parent if path.is_dir() else path.parent.parent
    return [
        f"{os.path.relpath(e.file, base)}:{e.line}:{e.column}: {e.message}"
        for e in caught.value.errors
    ]


def test_the_documented_example_pack_is_valid() -> None:
    knowledge = load_pack(EXAMPLE)
    assert knowledge.info.id == "example"
    assert knowledge.outlets["unnamed"].display == "an unnamed outlet"
    claim = knowledge.claims["budget-cut"]
    assert claim.reports[0].via == ("times", "audit")
    assert knowledge.quotes_by_claim["budget-cut"] == ("q-roe-books",)
    # who is quoted, and who wrote what, is known without a walk over every quote and document
    assert knowledge.quotes_by_speaker["mayor"] == ("q-roe-books",)
    assert knowledge.documents_by_author["mayor"] == ("audit",)


def test_a_pack_may_be_split_over_several_files(write_pack: PackWriter) -> None:
    root = write_pack({"00-base.yaml": HEADER, "10-claims.yaml": CLAIM})
    knowledge = load_pack(root)
    assert list(knowledge.claims) == ["budget-cut"]


def test_a_single_file_is_a_pack_too(write_pack: PackWriter) -> None:
    root = write_pack({"one.yaml": HEADER + CLAIM})
    assert list(load_pack(root / "one.yaml").claims) == ["budget-cut"]


def test_every_problem_is_reported_at_once_with_file_line_and_column(
    write_pack: PackWriter,
) -> None:
    broken = (
        HEADER
        + """\
claims:
  - id: budget-cut
    statement: The mayor said the library budget would be cut by half.
    topics: [library budget]
    reports:
      - article: a2
        excerpt: "Roe said the library budget would be cut by half"
        via: [timez]
  - id: budget-cut
    statement: 42
    topics: library
    reports:
      - article: a1
        excerpt: "Roe said the museum budget would be cut by half"
quotes:
  - id: q1
    speaker: nobody
    text: "Books are a luxury."
    reports:
      - article: a1
"""
    )
    errors = errors_of(write_pack(broken))
    expected = [
        "pack/pack.yaml:17:18: claim report: 'article' refers to unknown id 'a2'",
        "pack/pack.yaml:19:15: claim report: 'via' refers to unknown id 'timez' "
        "(did you mean 'times'?)",
        "pack/pack.yaml:20:9: duplicate id 'budget-cut'",
        "pack/pack.yaml:21:16: claim: 'statement' must be text, but 42 reads as the number 42; "
        'put it in quotes: "42"',
        "pack/pack.yaml:22:13: claim: 'topics' must be a list of text",
        "pack/pack.yaml:25:18: claim report: 'Roe said the museum budget would be cut by half' "
        "does not occur in article 'a1'",
        "pack/pack.yaml:28:14: quote: 'speaker' refers to unknown id 'nobody'",
        "pack/pack.yaml:31:18: quote text: 'Books are a luxury.' does not occur in article 'a1'",
    ]
    for prefix in expected:
        assert any(error.startswith(prefix) for error in errors), (prefix, errors)
    assert len(errors) == len(expected)


def test_missing_fields_and_unknown_fields_name_the_fix(write_pack: PackWriter) -> None:
    broken = (
        HEADER
        + """\
claims:
  - id: c1
    statment: misspelled
    topics: [x]
    reports: []
"""
    )
    errors = errors_of(write_pack(broken))
    assert any("unknown field 'statment' (did you mean 'statement'?)" in e for e in errors)
    assert any("missing required field 'statement'" in e for e in errors)
    assert any("'reports' must list at least 1 report" in e for e in errors)


def test_an_outlet_must_say_its_name_even_when_unknown(write_pack: PackWriter) -> None:
    errors = errors_of(write_pack(HEADER.replace("{id: unnamed, name: null}", "{id: unnamed}")))
    assert any("write `name: null` when the outlet is unknown" in e for e in errors)


def test_a_yaml_syntax_error_is_located(write_pack: PackWriter) -> None:
    errors = errors_of(write_pack(HEADER + "claims:\n  - id: [unclosed\n"))
    assert len(errors) == 1
    assert errors[0].startswith("pack/pack.yaml:14:1: YAML error: did not find expected ',' or ']'")
    assert "(while parsing a flow sequence that starts at line 13, column 9)" in errors[0]


def test_a_tag_that_would_build_a_python_object_is_refused_not_run(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    evil = HEADER + f'claims: !!python/object/apply:os.system ["touch {marker}"]\n'
    errors = errors_of(write_pack(evil))
    assert any(
        "this tag is not allowed" in e and e.startswith("pack/pack.yaml:12:") for e in errors
    )
    assert not marker.exists()


def test_a_duplicate_key_in_one_mapping_is_an_error(write_pack: PackWriter) -> None:
    doubled = HEADER + CLAIM.replace(
        "    topics: [library budget]\n", "    topics: [library budget]\n    topics: [other]\n"
    )
    errors = errors_of(write_pack(doubled))
    assert any("field 'topics' appears twice" in e for e in errors)


def test_an_oversized_file_is_refused_with_its_size(
    write_pack: PackWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_pack({"pack.yaml": HEADER + CLAIM})
    monkeypatch.setenv("REPORTBOT_MAX_FILE_BYTES", "100")
    errors = errors_of(root)
    assert any("over the limit of 100" in e for e in errors)


def test_a_symlink_out_of_the_pack_is_refused(write_pack: PackWriter, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Roe said the library budget would be cut by half.", encoding="utf-8")
    root = write_pack({"pack.yaml": HEADER + CLAIM})
    os.remove(root / "sources" / "a1.txt")
    os.symlink(secret, root / "sources" / "a1.txt")
    errors = errors_of(root)
    assert any("resolves outside the pack directory" in e for e in errors)


def test_a_missing_article_text_names_the_path(write_pack: PackWriter) -> None:
    root = write_pack({"pack.yaml": HEADER.replace("sources/a1.txt", "sources/nope.txt")})
    errors = errors_of(root)
    assert any("archived text 'sources/nope.txt' not found" in e for e in errors)


def test_an_empty_directory_is_not_a_pack(tmp_path: Path) -> None:
    errors = errors_of(tmp_path)
    assert any("no *.yaml or *.yml files" in e for e in errors)


class TestVerbatim:
    """Typography may differ between a quote and its article; wording may not."""

    text = ArticleText(
        "Bash said: “Per the A.G.’s policy, we should NOT be categorically declining.” "
        "While DOJ. is responsible — it had no role. The 86-page draft."
    )

    @pytest.mark.parametrize(
        "passage",
        [
            "Per the AG's policy, we should NOT be categorically declining.",
            '"Per the A.G.\'s policy, we should not be categorically declining,"',
            "While DOJ is responsible - it had no role",
            "while   DOJ. is\nresponsible -- it had no role.",
            "86 page draft",
        ],
    )
    def test_typography_is_tolerated(self, passage: str) -> None:
        assert self.text.contains(passage)

    @pytest.mark.parametrize(
        "passage",
        [
            "Per the AG's policy, we should categorically decline",
            "While the DOJ is responsible",
            "it had no roles",
            "...",
            "",
        ],
    )
    def test_wording_is_not(self, passage: str) -> None:
        assert not self.text.contains(passage)


NUMBERS = ArticleText(
    "The audit found the city spent $15 million, or 50% of €2 billion, on an 86-page plan. "
    "Rents rose +5 points. “We will not sell the library,” Roe said. The mayor said no."
)


@pytest.mark.parametrize(
    ("passage", "written"),
    [
        ("spent $1.5 million", "a decimal point added"),
        ("spent 15 million", "the currency sign dropped"),
        ("or 50 of", "the percent sign dropped"),
        ("50% of $2 billion", "another currency"),
        ("on an 8.6-page plan", "a decimal point in a compound"),
        ("Rents rose 5 points", "the sign dropped"),
    ],
)
def test_a_changed_number_is_not_the_articles_words(passage: str, written: str) -> None:
    placed = NUMBERS.place(passage)
    assert isinstance(placed, Refusal), written
    assert placed.kind == MISSING


def test_numbers_signs_and_compatibility_forms_written_as_the_article_has_them_are_found() -> None:
    for passage in (
        "spent $15 million",
        "50 % of €2 billion",
        "Rents rose +5 points",
        "ｓｐｅｎｔ ＄15 million",
    ):
        assert isinstance(NUMBERS.place(passage), Placement), passage


class TestFragments:
    """A passage cut from a sentence: long enough to mean something, negations kept, marked."""

    def test_a_whole_sentence_is_shown_as_written(self) -> None:
        placed = NUMBERS.place("Rents rose +5 points.")
        assert isinstance(placed, Placement)
        assert placed.shown == "Rents rose +5 points."

    def test_a_fragment_is_shown_with_an_ellipsis_where_it_cuts_its_sentence(self) -> None:
        for passage, shown in [
            ("the city spent $15 million", "…the city spent $15 million…"),
            ("The audit found the city", "The audit found the city…"),
            ("on an 86-page plan", "…on an 86-page plan"),
            ("...spent $15 million,", "…spent $15 million…"),
        ]:
            placed = NUMBERS.place(passage)
            assert isinstance(placed, Placement), passage
            assert placed.shown == shown

    def test_a_whole_quotation_is_no_cut_whatever_its_length(self) -> None:
        placed = NUMBERS.place("We will not sell the library")
        assert isinstance(placed, Placement)
        assert placed.whole_quotation and placed.shown == "We will not sell the library"

    @pytest.mark.parametrize("passage", ["the", "the city", "found", "86-page plan"])
    def test_a_fragment_of_fewer_than_three_words_is_refused(self, passage: str) -> None:
        placed = NUMBERS.place(passage, "article 'a1'")
        assert isinstance(placed, Refusal) and placed.kind == TOO_SHORT
        assert "cut from a sentence of article 'a1'; give at least 3 words" in placed.reason

    def test_a_whole_short_sentence_is_not_a_fragment(self) -> None:
        assert isinstance(NUMBERS.place("The mayor said no."), Placement)

    @pytest.mark.parametrize(
        ("passage", "left_out", "include"),
        [
            ("sell the library", "not", "not sell the library"),
            ("We will", "not", "We will not"),
            ("The mayor said", "no", "The mayor said no"),
        ],
    )
    def test_a_fragment_that_leaves_out_a_negation_beside_it_is_refused(
        self, passage: str, left_out: str, include: str
    ) -> None:
        placed = NUMBERS.place(passage, "article 'a1'")
        assert isinstance(placed, Refusal) and placed.kind == DROPS_NEGATION
        assert f"leaves out {left_out!r}" in placed.reason
        assert f"include it: {include!r}" in placed.reason

    def test_a_contraction_is_a_negation_too(self) -> None:
        text = ArticleText("If care about kids, don't bring them in.")
        placed = text.place("bring them in")
        assert isinstance(placed, Refusal) and 'leaves out "don\'t"' in placed.reason

    def test_a_negation_in_the_sentence_before_is_not_left_out(self) -> None:
        text = ArticleText("He said no. The branch will close in March.")
        assert isinstance(text.place("The branch will close"), Placement)


def test_a_quote_typed_in_fullwidth_letters_is_shown_in_the_articles_own_characters() -> None:
    knowledge = load_pack(PACKS / "fullwidth-quote")
    assert knowledge.quotes["q-roe-luxury"].text == "Books are not a luxury, but buildings are"


def test_a_quote_whose_every_report_has_its_own_wording_is_still_checked(
    write_pack: PackWriter,
) -> None:
    quote = """\
quotes:
  - id: q1
    speaker: mayor
    text: "We need to cut every book, and I do not care what the council says."
    reports:
      - {article: a1, text: "Books are not a luxury"}
"""
    errors = errors_of(write_pack(HEADER + CLAIM + quote))
    assert errors == [
        "pack/pack.yaml:25:11: quote: 'We need to cut every book, and I do not care what the "
        "council says.' does not occur in any article that carries it ('a1'); a quote's own text "
        "is what readers see as the speaker's words, so it must be one article's wording: copy it "
        "from one of them"
    ]


@pytest.mark.parametrize(
    ("field", "written", "read_as"),
    [
        ('version: "1"', "version: 1.10", "1.10 reads as the number 1.1"),
        ("{id: times,", "{id: 010,", "010 reads as the number 8"),
        ("{id: times,", "{id: 1:30,", "1:30 reads as the number 90"),
        ("via: [times, audit]", "via: [times, 2018]", "2018 reads as the number 2018"),
        ("name: Jane Roe", "name: yes", "yes reads as true"),
    ],
)
def test_a_number_where_text_belongs_is_refused_with_how_yaml_read_it(
    write_pack: PackWriter, field: str, written: str, read_as: str
) -> None:
    text = (HEADER + CLAIM).replace(field, written, 1)
    assert text != HEADER + CLAIM
    errors = errors_of(write_pack(text))
    quoted = written.split(" ")[-1].strip("[,]{")
    assert any(f'{read_as}; put it in quotes: "{quoted}"' in e for e in errors), errors


def test_a_number_in_free_text_is_taken_as_written(write_pack: PackWriter) -> None:
    root = write_pack((HEADER + CLAIM).replace("topics: [library budget]", "topics: [2018]"))
    assert load_pack(root).claims["budget-cut"].topics == ("2018",)


def test_a_one_letter_quote_is_refused_where_it_is_reported(write_pack: PackWriter) -> None:
    quote = """\
quotes:
  - id: q1
    speaker: mayor
    text: "a"
    reports: [{article: a1}]
"""
    errors = errors_of(write_pack(HEADER + CLAIM + quote))
    assert len(errors) == 1
    assert errors[0].startswith(
        "pack/pack.yaml:26:25: quote text: 'a' is 1 word cut from a sentence of article 'a1'; "
        "give at least 3 words, or the whole sentence or quotation"
    )


def test_a_quote_report_may_tell_whom_where_and_when_its_own_way(
    write_pack: PackWriter,
) -> None:
    """A report's own `to`/`setting`/`when` replace the quote's for that article; `null` means
    the article does not say; a field left out is the quote's."""
    pack = (
        HEADER.replace(
            "  - {id: a1, outlet: unnamed, headline: null, text: sources/a1.txt}\n",
            "  - {id: a1, outlet: unnamed, headline: null, text: sources/a1.txt}\n"
            "  - {id: a2, outlet: times, headline: null, text: sources/a2.txt}\n",
        )
        + CLAIM
        + """\
quotes:
  - id: q-books
    speaker: mayor
    text: "Books are not a luxury."
    to: the city council
    setting: at a budget hearing
    when: null
    claims: [budget-cut]
    reports:
      - article: a1
      - article: a2
        to: null
        when: in May
"""
    )
    root = write_pack(pack)
    (root / "sources" / "a2.txt").write_text("“Books are not a luxury,” Roe said in May.\n")
    first, second = load_pack(root).quotes["q-books"].reports
    assert (first.to, first.setting, first.when) == (
        "the city council",
        "at a budget hearing",
        None,
    )
    assert (second.to, second.setting, second.when) == (None, "at a budget hearing", "in May")
