"""The fact diff: what a change does to the facts, as reviewers read it in a pull request."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.diff import compare, report
from generator.model import Site, Text, parse_date
from tests.helpers import FIXTURE, run_cli, site_of
from tests.history_repo import git

FIGURE = "investment-total"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the fixture's facts, committed once."""
    shutil.copytree(FIXTURE, tmp_path / "facts")
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "add", "facts")
    git(tmp_path, "commit", "--quiet", "-m", "facts as they are")
    return tmp_path


@pytest.fixture(scope="module")
def site() -> Site:
    return site_of(FIXTURE)


def edit_figure(repo: Path, old: str, new: str) -> None:
    """Replace the first `old` inside the entry of FIGURE in figures.yml."""
    path = repo / "facts" / "figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {FIGURE}\n")
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def row(output: str, *parts: str) -> str:
    """The one line of `output` holding every part, in that order."""
    found = [
        line
        for line in output.splitlines()
        if all(p in line for p in parts)
        and [line.index(p) for p in parts] == sorted(line.index(p) for p in parts)
    ]
    assert len(found) == 1, f"no single line with {parts} in:\n{output}"
    return found[0]


def test_a_changed_figure_shows_old_and_new_values_in_both_languages(repo: Path) -> None:
    edit_figure(repo, "amount: 4.5", "amount: 4.75")
    git(repo, "commit", "--quiet", "-am", "one figure changes")

    result = run_cli("diff", "HEAD~1", "--facts", repo / "facts")

    assert result.code == 0, result.stderr
    assert "0 added, 0 removed, 1 changed." in result.stdout
    assert f"#### Changed: `{FIGURE}`" in result.stdout
    english = row(result.stdout, "`values[0]`", "English", "$4.5 billion", "$4.75 billion")
    arabic = row(result.stdout, "`values[0]`", "العربية", "4.5 مليار دولار", "4.75 مليار دولار")
    assert "more than" in english
    assert "أكثر من" in arabic
    assert "`values[0]`" in english
    assert "`values[0]`" in arabic


def test_the_working_tree_is_compared_and_nothing_else_is_listed(repo: Path) -> None:
    assert "No entry changed." in run_cli("diff", "HEAD", "--facts", repo / "facts").stdout
    edit_figure(repo, "paragraph: 3", "paragraph: 4")

    result = run_cli("diff", "HEAD", "--facts", repo / "facts")

    assert result.code == 0, result.stderr
    assert row(result.stdout, "English", "Report A, paragraph 3", "Report A, paragraph 4")
    assert row(result.stdout, "العربية", "الفقرة 3", "الفقرة 4")
    assert result.stdout.count("#### ") == 1


def test_a_base_that_does_not_validate_is_said_plainly(repo: Path) -> None:
    edit_figure(repo, "amount: 4.5", "amount: lots")
    git(repo, "commit", "--quiet", "-am", "broken")
    edit_figure(repo, "amount: lots", "amount: 4.5")

    result = run_cli("diff", "HEAD", "--facts", repo / "facts")

    assert result.code == 0, result.stderr
    assert "The facts at `HEAD` do not validate (1 problem)" in result.stdout
    problem = row(result.stdout, "- facts/figures.yml:", "amount: expected a number, got 'lots'")
    assert str(repo) not in problem
    assert "Traceback" not in result.stderr
    assert "### Translation status" in result.stdout


def test_an_invalid_working_tree_fails_without_a_traceback(repo: Path) -> None:
    edit_figure(repo, "amount: 4.5", "amount: lots")

    result = run_cli("diff", "HEAD", "--facts", repo / "facts")

    assert result.code == 1
    assert "do not validate (1 problem): `make check` lists them" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_unknown_revision_says_how_to_get_it(repo: Path) -> None:
    result = run_cli("diff", "origin/no-such-branch", "--facts", repo / "facts")

    assert result.code == 2
    assert "unknown revision 'origin/no-such-branch'" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_revision_without_facts_lists_everything_as_added(repo: Path, site: Site) -> None:
    git(repo, "commit", "--quiet", "--allow-empty", "-m", "nothing changes")
    git(repo, "rm", "--quiet", "-r", "--cached", "facts")
    git(repo, "commit", "--quiet", "-m", "facts leave the index, stay on disk")

    result = run_cli("diff", "HEAD", "--facts", repo / "facts")

    assert result.code == 0, result.stderr
    assert "There are no fact files at `HEAD`: every entry is new." in result.stdout
    kinds = ("facts", "terms", "events", "entities", "pages", "sources", "charts", "corrections")
    total = sum(len(getattr(site, kind)) for kind in kinds)
    assert f"{total} added, 0 removed, 0 changed." in result.stdout


def test_added_removed_and_untranslated_entries(site: Site) -> None:
    first, second, *_ = site.terms.values()
    untranslated = first.model_copy(
        update={
            "id": "new-term",
            "pending": ["en"],
            "term": Text(ar=first.term.ar),
            "short": Text(ar=first.short.ar),
            "long": Text(ar=first.long.ar),
        }
    )
    terms = {**{k: v for k, v in site.terms.items() if k != second.id}, "new-term": untranslated}
    new = dataclasses.replace(site, terms=terms)

    diff = compare(site, new)
    shown = report("main", new, site, [])

    assert diff.added == (("terms", "new-term"),)
    assert diff.removed == (("terms", second.id),)
    assert diff.changed == ()
    assert diff.pending == (("terms", "new-term", ("en",)),)
    assert f"#### Added: `new-term` {first.term.ar}" in shown
    assert f"#### Removed: `{second.id}`" in shown
    assert "- Glossary terms `new-term`: English" in shown
    assert row(shown, "| English |", "terms/new-term")


def test_dates_are_formatted_in_both_languages(site: Site) -> None:
    event = next(iter(site.events.values()))
    moved = event.model_copy(update={"date": parse_date("2019-07-22")})
    new = dataclasses.replace(site, events={**site.events, event.id: moved})

    shown = report("main", new, site, [])

    assert row(shown, "`date`", "English", "July 22, 2019")
    assert row(shown, "`date`", "العربية", "22 يوليو 2019")


def test_contributor_text_is_shown_inert_and_long_text_is_cut_to_the_change(site: Site) -> None:
    term = next(iter(site.terms.values()))
    assert term.long.en is not None
    long_text = term.long.en + " " + "word " * 200
    before = term.model_copy(update={"long": Text(ar=term.long.ar, en=long_text)})
    middle = len(long_text) // 2
    changed = long_text[:middle] + " <b>bold</b> | pipe " + long_text[middle:]
    after = term.model_copy(
        update={
            "long": Text(ar=term.long.ar, en=changed),
            "short": Text(ar=term.short.ar, en="*not* a [link](https://example.invalid)"),
        }
    )
    old = dataclasses.replace(site, terms={**site.terms, term.id: before})
    new = dataclasses.replace(site, terms={**site.terms, term.id: after})

    shown = report("main", new, old, [])

    line = row(shown, "`long`", "English")
    assert r"\<b\>bold\</b\> \| pipe" in line
    assert "<b>" not in shown
    assert line.count("…") >= 2
    assert len(line) < 800
    assert row(shown, "`short`", "English", r"\*not\* a \[link\](https://example.invalid)")
    assert "العربية" not in line
    assert not any("العربية" in ln and "`long`" in ln for ln in shown.splitlines())


def test_ids_read_the_same_in_both_languages_so_they_take_one_row(site: Site) -> None:
    first, second, *_ = site.terms.values()
    related = [*first.related, second.id] if second.id not in first.related else []
    new = dataclasses.replace(
        site, terms={**site.terms, first.id: first.model_copy(update={"related": related})}
    )

    shown = report("main", new, site, [])

    line = row(shown, "`related`", ", ".join(related) or "—")
    assert line.startswith("| `related` |  | ")
    assert shown.count("`related`") == 1


def test_figures_that_change_value_come_first_with_old_and_new(repo: Path) -> None:
    """Reviewers see at once which figures change value; a reworded note is not one."""
    edit_figure(repo, "amount: 4.5", "amount: 4.75")
    edit_figure(repo, "Includes an earlier commitment.", "Includes the earlier commitment.")
    path = repo / "facts" / "figures.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "en: Contoso's share of Northwind's revenue", "en: Contoso's cut of Northwind's revenue"
        ),
        encoding="utf-8",
    )

    result = run_cli("diff", "HEAD", "--facts", repo / "facts")

    assert result.code == 0, result.stderr
    summary = result.stdout.split("### Figures that change value\n", 1)[1].split("\n### ")[0]
    figure, english = [line for line in summary.splitlines() if line.startswith("| ")][2:]
    assert figure.startswith(f"| `{FIGURE}` إجمالي استثمار كونتوسو · Contoso's total investment |")
    assert "| العربية | أكثر من 4.5 مليار دولار بحسب التقرير (أ)" in figure
    assert "| أكثر من 4.75 مليار دولار بحسب التقرير (أ)" in figure
    assert english.startswith("|  | English | more than $4.5 billion according to report A or")
    assert "| more than $4.75 billion according to report A or about $4 billion" in english
    assert "share-now" not in summary  # its label changed, not its value
    assert "#### Changed: `share-now`" in result.stdout


def crafted_commit(repo: Path, entry: bytes) -> str:
    """A commit whose facts/ holds one file at `entry` (a path no git command would make)."""
    blob = git(repo, "hash-object", "-w", str(repo / "facts" / "sources.yml")).strip()
    tree = blob
    parts = entry.split(b"/")
    mode, kind = b"100644", b"blob"
    for name in reversed(parts):
        listing = mode + b" " + kind + b" " + tree.encode() + b"\t" + name + b"\n"
        done = subprocess.run(
            ["git", "mktree"], cwd=repo, input=listing, capture_output=True, check=True
        )
        tree, mode, kind = done.stdout.decode().strip(), b"040000", b"tree"
    facts = tree
    root = (
        subprocess.run(
            ["git", "mktree"],
            cwd=repo,
            input=b"040000 tree " + facts.encode() + b"\tfacts\n",
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    return git(repo, "commit-tree", root, "-m", "crafted").strip()


def test_a_revision_with_a_path_out_of_its_folder_is_refused(repo: Path, tmp_path: Path) -> None:
    commit = crafted_commit(repo, b"../../../escaped.yml")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = run_cli(
        "diff", commit, "--facts", repo / "facts", env={**os.environ, "TMPDIR": str(scratch)}
    )
    assert result.code == 2
    assert "leads outside its folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("escaped.yml"))


def test_a_revision_with_a_file_name_that_is_not_utf8_is_refused(repo: Path) -> None:
    commit = crafted_commit(repo, b"\xff\xfe.yml")
    result = run_cli("diff", commit, "--facts", repo / "facts")
    assert result.code == 2
    assert "is not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
