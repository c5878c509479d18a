"""Loading keeps positions and refuses what could hurt; see tests/bad_input for the corpus."""

from __future__ import annotations

import pytest

from generator.load import parse_document
from generator.problems import InputError


def test_positions_of_nested_nodes() -> None:
    document = parse_document(
        b"facts:\n  - id: x\n    values:\n      - amount: 20\n        unit: percent\n", "f.yml"
    )
    assert document.position(("facts", 0, "values", 0, "amount")) == (4, 9)
    assert document.position(("facts", 0, "id")) == (2, 5)
    # A key that is missing points at its parent, where it should be added.
    assert document.position(("facts", 0, "label")) == (2, 5)


def test_dates_stay_text_so_their_precision_survives() -> None:
    document = parse_document(b"events:\n  - date: 2023-01-15\n  - date: 2023-01\n", "f.yml")
    assert document.data["events"][0]["date"] == "2023-01-15"
    assert document.data["events"][1]["date"] == "2023-01"


@pytest.mark.parametrize(
    ("raw", "line", "fragment"),
    [
        (b"a: 1\na: 2\n", 2, "appears twice"),
        (b"a: &x [1]\nb: *x\n", 1, "aliases"),
        (b"a: !!python/object:os.system x\n", 1, "tags"),
        (b"a:\n\t- 1\n", 2, "tab"),
        ("a: b\u202ec\n".encode(), 1, "U+202E"),
        (b"# only a comment\n", 1, "empty"),
        (b"a: [1,\n", 2, "YAML syntax error"),
        (b"a: \xff\n", 1, "not UTF-8"),
    ],
)
def test_refusals_name_the_line(raw: bytes, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_document(raw, "f.yml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("f.yml", line)
    assert fragment in problem.message
