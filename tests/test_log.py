"""Nothing a contributor writes can forge a line of the CI log: every printed line goes
through generator/log.py, with control characters escaped and no workflow command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cli, log
from generator.problems import Problem
from tests.helpers import ROOT

BASE = ROOT / "tests" / "bad_input" / "base"
FORGED = "::stop-commands::forged"


def run_check(facts: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["--facts", str(facts), "check"]) == 1
    out, err = capsys.readouterr()
    return (out + err).splitlines()


def commands(lines: list[str]) -> list[str]:
    """Lines GitHub would read as workflow commands that the generator did not mean."""
    return [
        line
        for line in lines
        if line.lstrip().startswith(("::", "##[")) and not line.startswith("::error file=")
    ]


@pytest.fixture
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    shutil.copytree(BASE, tmp_path / "facts")
    return tmp_path / "facts"


def test_a_key_cannot_start_a_line_of_the_log(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (facts / "extra.yml").write_text(
        f'terms:\n  - "a\\n{FORGED}\\n\\u001b[2Jb": 1\n', encoding="utf-8"
    )
    lines = run_check(facts, capsys)
    assert commands(lines) == []
    assert not any("\x1b" in line for line in lines)
    assert any(FORGED in line and "\\x0a" in line for line in lines)  # shown, escaped


def test_a_file_name_cannot_start_a_line_of_the_log(
    facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (facts / f"x\n{FORGED}\n.yml").write_text("terms: 1\n", encoding="utf-8")
    lines = run_check(facts, capsys)
    assert commands(lines) == []
    annotations = [line for line in lines if line.startswith("::error file=")]
    assert annotations
    assert all("%0A" not in line and "\n" not in line for line in annotations)


def test_the_check_itself_can_fail() -> None:
    """The control: a raw line that starts with a command is caught by the check above."""
    assert commands([FORGED, "  ##[warning]x", "::error file=a.yml,line=1::m"]) == [
        FORGED,
        "  ##[warning]x",
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("::warning::x", "\\::warning::x"),
        ("  ##[error]x", "\\##[error]x"),
        ("a\nb", "a\\x0ab"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\u202ereversed", "\\u202ereversed"),
        ("عربي: OpenAI", "عربي: OpenAI"),
    ],
)
def test_a_line_is_printed_inert(text: str, shown: str) -> None:
    assert log.line(text) == shown


def test_an_annotation_escapes_its_properties_and_message() -> None:
    problem = Problem("facts/a,b:c\n.yml", 3, 5, "x", "50% \x1b[31m\n::warning::y")
    assert log.annotation(problem) == (
        "::error file=facts/a%2Cb%3Ac\\x0a.yml,line=3,col=5::x: 50%25 \\x1b[31m\\x0a::warning::y"
    )
