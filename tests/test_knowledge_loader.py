"""Loading and validating a fact pack: every problem found at once, each located."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge import PackInvalid, load_pack
from bot.knowledge import loader as loader_module
from bot.knowledge.verbatim import ArticleText
from tests.conftest import CLAIM, EXAMPLE, HEADER, PackWriter


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PackInvalid) as caught:
        load_pack(path)
    return [str(error) for error in caught.value.errors]


def test_the_documented_example_pack_is_valid() -> None:
    knowledge = load_pack(EXAMPLE)
    assert knowledge.info.id == "example"
    assert knowledge.outlets["unnamed"].display == "an unnamed outlet"
    claim = knowledge.claims["budget-cut"]
    assert claim.reports[0].via == ("times", "audit")
    assert knowledge.quotes_by_claim["budget-cut"] == ("q-roe-books",)


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
        "pack/pack.yaml:21:16: claim: 'statement' must be text, not a number",
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
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 100)
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
