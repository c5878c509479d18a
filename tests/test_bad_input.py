"""The bad-input corpus: every case fails with its message at its file and line, no
traceback, and the previously built site left byte for byte as it was.

Each case under tests/bad_input/cases/ is a YAML file:

    expect: {file: extra.yml, line: 4, message: "a fragment of the message"}
    files: {extra.yml: "...text of a fact file..."}   # added to, or replacing, base/
    remove: [glossary.yml]                            # optional: base files to leave out
    encoding: cp1256                                  # optional: how the files are saved
    pad_to: 300000                                    # optional: grow the files to this size
    links: {extra.yml: /etc/hostname}                 # optional: symbolic links to make

Characters nobody can see are written as escapes ("\\u202e") in double-quoted YAML,
so the corpus itself shows what it contains.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, load, log, model
from generator.load import parse_document
from generator.problems import InputError, Problem
from tests.helpers import ROOT, build_site, run_cli

CORPUS = Path(__file__).parent / "bad_input"
BASE = CORPUS / "base"
CASES = sorted((CORPUS / "cases").glob("*.yml"))


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int
    message: str
    spec: dict[str, Any]

    def materialize(self, facts: Path) -> Path:
        """Write the base files plus this case's files into `facts`; return `facts`."""
        shutil.copytree(BASE, facts)
        for name in self.spec.get("remove", []):
            (facts / name).unlink()
        for name, text in self.spec.get("files", {}).items():
            data = text.encode(self.spec.get("encoding", "utf-8"))
            if "pad_to" in self.spec:
                filler = b"# padding to make the file too big\n"
                data += filler * (self.spec["pad_to"] // len(filler) + 1)
            target = facts / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for name, points_at in self.spec.get("links", {}).items():
            (facts / name).symlink_to(points_at)
        return facts


def read_case(path: Path) -> Case:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    expect = spec["expect"]
    return Case(path.stem, expect["file"], expect["line"], expect["message"], spec)


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under `root`, with a hash of each file's bytes."""
    return {
        path.relative_to(root).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        )
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="session")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A good site built from base/, which every bad case then tries to replace (one per
    test process: a refused build still writes its work folder)."""
    folder = tmp_path_factory.mktemp("previous")
    result = build_site(BASE, folder / "site", folder / "work")
    assert result.code == 0, result.stderr
    return folder / "site", folder / "work"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_the_base_is_valid() -> None:
    result = run_cli("--facts", BASE, "check")
    assert result.code == 0, result.stderr


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_bad_input_is_refused_where_it_is(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = read_case(path)
    facts = case.materialize(tmp_path / "facts")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    code = cli.main(["--facts", str(facts), "check"])

    out, err = capsys.readouterr()
    assert code == 1, err
    assert "Traceback" not in out + err
    place = f"{facts.as_posix()}/{case.file}:{case.line}:"
    lines = [line for line in err.splitlines() if line.startswith(place)]
    assert lines, f"nothing reported at {place}\n{err}"
    assert any(case.message in line for line in lines), err


@pytest.mark.build
@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_a_refused_build_leaves_the_previous_site_as_it_was(
    path: Path,
    tmp_path: Path,
    previous_site: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = read_case(path)
    facts = case.materialize(tmp_path / "facts")
    site, work = previous_site
    before = snapshot(site)

    code = cli.main(["--facts", str(facts), "build", "--out", str(site), "--work", str(work)])

    assert code == 1, capsys.readouterr().err
    assert snapshot(site) == before


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_github_actions_get_an_annotation(
    path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = read_case(path)
    facts = case.materialize(tmp_path / "facts")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    assert cli.main(["--facts", str(facts), "check"]) == 1

    annotation = f"::error file={facts.as_posix()}/{case.file},line={case.line},col="
    assert annotation in capsys.readouterr().err


# A few cases through a real process, exactly as a contributor runs them.
SAMPLE = [
    CORPUS / "cases" / f"{name}.yml"
    for name in (
        "loader-billion-laughs",
        "loader-oversized-file",
        "loader-deep-nesting",
        "loader-not-utf8",
        "invisible-right-to-left-override",
        "unknown-key-misspelt",
        "date-february-30",
    )
]


@pytest.mark.build
@pytest.mark.parametrize("path", SAMPLE, ids=lambda path: path.stem)
def test_the_command_line_reports_without_a_traceback(
    path: Path, tmp_path: Path, previous_site: tuple[Path, Path]
) -> None:
    case = read_case(path)
    facts = case.materialize(tmp_path / "facts")
    site, work = previous_site
    before = snapshot(site)

    result = build_site(facts, site, work)

    assert result.code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{facts.as_posix()}/{case.file}:{case.line}:" in result.stderr
    assert case.message in result.stderr
    assert snapshot(site) == before


@pytest.mark.build
def test_a_good_change_does_replace_the_site(
    tmp_path: Path, previous_site: tuple[Path, Path]
) -> None:
    """The control for the cases above: the same comparison sees a successful build."""
    site, work = (shutil.copytree(path, tmp_path / path.name) for path in previous_site)
    before = snapshot(site)
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    glossary = facts / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("A computing project", "A data-centre plan"),
        encoding="utf-8",
    )
    assert build_site(facts, site, work).code == 0
    assert snapshot(site) != before


@pytest.mark.parametrize(
    "char",
    [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    + ["\u200b", "\u200e", "\u200f", "\u061c", "\u00ad", "\u2060", "\ufeff", "\U000e0041"]
    + ["\u3164", "\ufe00", "\U000e0100", "\u0007", "\u0085", "\u2028", "\ue000"],
    ids=lambda char: f"U+{ord(char):04X}",
)
def test_every_invisible_character_is_refused(char: str) -> None:
    raw = f"terms:\n  - id: x\n    short: {{ar: ن{char}ص, en: text}}\n".encode()
    with pytest.raises(InputError) as caught:
        parse_document(raw, "f.yml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (3, 18)
    assert f"U+{ord(char):04X}" in problem.message


@pytest.mark.parametrize("char", ["\u200c", "\u200d", "\u064e", "\u0651", "\u00a0", "\ufe0f"])
def test_characters_that_arabic_and_emoji_need_are_kept(char: str) -> None:
    document = parse_document(f"a: ن{char}ص\n".encode(), "f.yml")
    assert document.data == {"a": f"ن{char}ص"}


def test_annotations_escape_what_github_reads_as_syntax() -> None:
    problem = Problem("facts/a,b:c.yml", 3, 5, "facts[0].id", "100% wrong\nreally")
    assert log.annotation(problem) == (
        "::error file=facts/a%2Cb%3Ac.yml,line=3,col=5::facts[0].id: 100%25 wrong\\x0areally"
    )
    assert str(problem) == "facts/a,b:c.yml:3:5: facts[0].id: 100% wrong\nreally"


# What CONTRIBUTING.md explains, in both languages, each produced by some case above.
DOCUMENTED = [
    "YAML syntax error",
    "tab character",
    "invisible or control character",
    "not UTF-8 text",
    "the file is empty",
    "256 KiB",
    "symbolic links are not allowed",
    "nested more than 24 levels deep",
    "anchors and aliases",
    "YAML tags such as",
    "appears twice",
    "keys must be plain words",
    "unknown key",
    "did you mean",
    "missing required key",
    "missing English text",
    "missing Arabic text",
    "is not a valid id",
    "duplicate id",
    "has no value from source",
    "unexpected brace",
    "does not exist",
    "there is no month 13",
    "a percentage cannot exceed 100",
    "greater than or equal to 0",
    "expected a finite number",
    "currency is required for money",
    "titles and headings cannot contain",
    "'site:' is already set in",
    "no 'site:' settings in any file",
    "a correction is dated to the day it was made",
    "has no section",
    "would be read as",
    "is a negative zero",
    "is more than the limit of",
    "the site cannot write",
    "malformed citation",
    "is listed twice",
    "an entry cannot wait for both translations",
    "the generator's own anchor",
    "punctuation characters in a row",
    "references in one text",
    "symbolic links are not allowed in",
    "is not the site's word for this",
    "a letter is joined to a reference",
    "numbers below eleven are words",
    "is a heading, not text",
]


@pytest.mark.parametrize(
    ("limit", "english", "arabic"),
    [
        (load.MAX_BYTES // 1024, "256 KiB", "256 كيلوبايت"),
        (load.MAX_DEPTH, "24 levels", "24 مستوى"),
        (load.MAX_NODES, "50,000 values", "50,000 قيمة"),
        (model.MAX_TEXT, "| 4,000 characters |", "| 4,000 حرف |"),
        (model.MAX_TITLE, "| 300 characters, one line |", "| 300 حرف، في سطر واحد |"),
        (model.MAX_WORD, "| 100 characters |", "| 100 حرف |"),
        (model.MAX_REFERENCES, "one text | 40 |", "في نص واحد | 40 |"),
        (model.MAX_PUNCTUATION, "in a row | 40 |", "المتتالية | 40 |"),
        (model.MAX_ITEMS, "…) | 100 |", "…) | 100 |"),
        (model.MAX_NUMBER, "10<sup>15</sup>", "10<sup>15</sup>"),
    ],
)
def test_contributing_states_each_limit_in_both_languages(
    limit: int, english: str, arabic: str
) -> None:
    """The limits table of each language gives the number the code uses."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    english_guide, arabic_guide = guide.split("\n## العربية\n")
    for written, table in (
        (english, english_guide.split("### Limits")[1]),
        (arabic, arabic_guide.split("### الحدود")[1]),
    ):
        assert written in table
        digits = "".join(re.findall(r"[0-9]+", written.replace("<sup>15</sup>", "**15")))
        shown = 10**15 if "<sup>" in written else int(digits)
        assert shown == limit, written


def test_the_threat_model_names_tests_that_exist() -> None:
    """SECURITY.md says which test holds each boundary: those tests must exist."""
    page = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[^`*]+?)(?: \(|`)", page)
    assert len(named) >= 10
    for path in named:
        found = list(ROOT.glob(path)) or list(ROOT.glob(path.rstrip("/") + "*"))
        assert found, f"SECURITY.md names {path}, which does not exist"
