"""A fact file read entry by entry gives exactly what reading it whole gives, whatever its
layout: the history's speed must never change what the history says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import entries
from generator.snapshot import Item, Key, read_file, read_text
from tests.helpers import FACTS, FIXTURE, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synth

CORPUS = sorted(
    [
        *FIXTURE.rglob("*.yml"),
        *FACTS.rglob("*.yml"),
        *(ROOT / "tests" / "bad_input").rglob("*.yml"),
    ]
)
HEAD = "# yaml-language-server: $schema=../schema/facts.schema.json\n"
TERM = """  - id: agi
    term: {ar: الذكاء الاصطناعي العام, en: Artificial general intelligence}
    short: {ar: ذكاء يضاهي البشر., en: Intelligence that matches people.}
    long: {ar: مفهوم., en: A notion.}
    cited: [{source: b, paragraph: 4}]
"""


def entries_of(items: list[Item] | None) -> dict[Key, object] | None:
    """What the history takes from a file: each entry by key, an id given twice ambiguous
    (the order of a file's entries is not something the history reads)."""
    if items is None:
        return None
    keys = [key for key, _ in items]
    return {key: "ambiguous" if keys.count(key) > 1 else snapshot for key, snapshot in items}


def same(raw: bytes) -> None:
    assert entries_of(read_file(raw, "x.yml")) == entries_of(read_text(raw, "x.yml"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_of_the_corpus_reads_the_same_cut_or_whole(path: Path) -> None:
    same(path.read_bytes())


def test_synthetic_files_read_the_same(tmp_path: Path) -> None:
    synth.generate(300, tmp_path)
    for path in sorted(tmp_path.rglob("*.yml")):
        assert entries.cut(path.read_bytes()) is not None  # zero-indent lists are cut
        same(path.read_bytes())


def test_real_and_fixture_files_are_cut_into_their_entries() -> None:
    raw = (FIXTURE / "glossary.yml").read_bytes()
    pieces = entries.cut(raw)
    assert pieces is not None
    assert len(pieces) == 4
    assert b"".join(pieces).count(b"\n  - id: ") == 4
    for path in FACTS.rglob("*.yml"):
        assert entries.cut(path.read_bytes()) is not None, path


@pytest.mark.parametrize(
    "text",
    [
        # A quoted scalar whose next line looks like an item: one entry, not two.
        'terms:\n  - id: agi\n    short: {ar: "x\n  - id: y", en: b}\n',
        "terms:\n  - id: agi\n    note: 'x\n  - id: y'\n",
        # A flow list across lines, a document marker, a repeated key, a line too shallow.
        "terms: [\n  {id: agi}\n]\n",
        f"---\n{HEAD}terms:\n{TERM}",
        f"terms:\n{TERM}terms:\n{TERM}",
        f"terms:\n{TERM} bad: indentation\n",
        f"terms:\n{TERM}x\n",
        # Refused anywhere in a file, so in a comment too: invisible characters, tabs, CR.
        f"# a comment \u202e\nterms:\n{TERM}",
        f"terms:\n{TERM}  # \u200b\n",
        f"terms:\n\t{TERM}",
        f"terms:\n{TERM}".replace("\n", "\r\n"),
        f"terms:\n{TERM}".replace("\n", "\r"),
        # Layouts that are fine: comments between entries, a mapping key, zero indentation.
        f"{HEAD}terms:\n  # first\n{TERM}\n  # second\n{TERM.replace('agi', 'asi')}",
        "site:\n  title: {ar: أ, en: A}\n",
        f"terms:\n{TERM}".replace("\n  ", "\n"),
        "terms:\n-\n  id: agi\n",
        "terms:\n",
        "# only a comment\n",
        "",
        "\ufeff" + f"terms:\n{TERM}",
    ],
)
def test_awkward_layouts_read_the_same(text: str) -> None:
    same(text.encode())


def test_bytes_that_are_not_utf8_anywhere_are_refused_as_whole() -> None:
    raw = f"terms:\n{TERM}".encode() + b"  # \xff\n"
    assert read_file(raw, "x.yml") is None
    assert read_text(raw, "x.yml") is None


def test_a_file_of_thousands_of_tiny_entries_is_read_whole() -> None:
    raw = ("facts:\n" + "".join(f"  - id: f{n}\n" for n in range(600))).encode()
    assert entries.cut(raw) is None
    same(raw)


LINES = st.sampled_from(
    [
        "  - id: x\n",
        "- id: y\n",
        "terms:\n",
        "facts:\n",
        "    short: {ar: a, en: b}\n",
        '    label: "a\n',
        "  # comment\n",
        "\n",
        "---\n",
        "  [\n",
        "]\n",
        "   - id: z\n",
        "site:\n",
        "  title: {ar: أ, en: A}\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([p for p in CORPUS if p.parent.name != "cases"]),
    st.lists(st.tuples(st.integers(min_value=0), LINES), max_size=4),
)
def test_edited_files_read_the_same_cut_or_whole(path: Path, edits: list[tuple[int, str]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for position, line in edits:
        lines.insert(position % (len(lines) + 1), line)
    same("".join(lines).encode())
