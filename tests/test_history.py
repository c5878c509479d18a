"""The history from git: what each commit changed, compared as models, dated by its commit.

Each test makes a repository with scripted commits at fixed dates (tests/history_repo.py)
and reads its history as a build does; no site engine runs here.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from generator import history_cache
from generator.history import Change, Earlier, History, Moment
from tests.history_repo import STEPS, Step, commit, git, replaced, scripted_repository


def day(moment: Moment | None) -> str | None:
    if moment is None:
        return None
    return datetime.datetime.fromtimestamp(moment.time, datetime.UTC).strftime("%Y-%m-%d")


def told(history: History) -> list[tuple[str | None, str, str, str, tuple[str, ...]]]:
    """The changes as (day, kind, id, what, languages)."""
    return [(day(c.moment), c.kind, c.id, c.what, c.langs) for c in history.changes]


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's story in seven commits; its facts folder. Tests must not change it."""
    return scripted_repository(tmp_path_factory.mktemp("scripted") / "repo")


def read(facts: Path, work: Path) -> History:
    return history_cache.read_history(facts, work)


def test_the_scripted_history_is_told_as_it_happened(scripted: Path, tmp_path: Path) -> None:
    history = read(scripted, tmp_path)

    assert history.available
    assert (history.commits, history.skipped) == (8, 0)
    both = ("ar", "en")
    assert told(history) == [
        ("2025-01-06", "site", "site", "published", both),
        ("2025-01-13", "sections", "cloud/terms", "revised", both),
        ("2025-01-13", "facts", "engineers", "added", both),
        ("2025-01-20", "facts", "engineers", "value", both),
        ("2025-01-27", "facts", "engineers", "value", both),
        ("2025-02-03", "facts", "engineers", "revised", ("en",)),  # the English label only
        # 2025-02-05: figures.yml reformatted, reordered and commented: nothing to tell
        ("2025-02-10", "corrections", "investment-total-attributed", "added", both),
        ("2025-02-17", "corrections", "revenue-share-defined", "added", both),
    ]


def test_a_figure_keeps_each_earlier_value_with_its_dates(scripted: Path, tmp_path: Path) -> None:
    history = read(scripted, tmp_path)

    earlier = history.earlier["engineers"]
    amounts = [[v["amount"] for v in e.values] for e in earlier]
    assert amounts == [[1000], [1100]]
    assert [(day(e.since), day(e.until)) for e in earlier] == [
        ("2025-01-13", "2025-01-20"),
        ("2025-01-20", "2025-01-27"),
    ]
    values = [c for c in history.changes if c.what == "value"]
    assert [(c.before[0]["amount"], c.after[0]["amount"]) for c in values] == [
        (1000, 1100),
        (1100, 1200),
    ]
    assert set(history.earlier) == {"engineers"}


def test_a_figure_changes_with_its_value_and_a_reworded_label_dates_its_page(
    scripted: Path, tmp_path: Path
) -> None:
    history = read(scripted, tmp_path)
    from tests.helpers import site_of

    site = site_of(scripted)

    figure = history.entries[("facts", "engineers")]
    assert day(figure.added) == "2025-01-13"
    assert [day(m) for m in figure.changed] == ["2025-01-27", "2025-01-27"]  # not 02-03
    term = history.entries[("terms", "agi")]
    assert (day(term.added), [day(m) for m in term.changed]) == ("2025-01-06", ["2025-01-06"] * 2)
    dates = {lang: history.page_dates(site, lang) for lang in ("ar", "en")}
    assert {page: tuple(map(day, d)) for page, d in dates["en"].items()} == {
        "deal": ("2025-01-06", "2025-02-10"),  # the correction of its figure
        "cloud": ("2025-01-06", "2025-02-03"),  # the English label reworded
        "outlook": ("2025-01-06", "2025-01-06"),
    }
    assert tuple(map(day, dates["ar"]["cloud"])) == ("2025-01-06", "2025-01-27")


def test_reformatting_reordering_and_comments_change_nothing(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:1])
    figures = (facts / "figures.yml").read_text(encoding="utf-8")
    entries = figures.split("\n  - ")
    moved = "\n  - ".join([entries[0], *reversed(entries[1:])]).rstrip("\n") + "\n"
    restyled = "# Reordered and commented.\n" + moved.replace("\n", "\n# a comment\n", 3)
    commit(tmp_path / "repo", Step("2025-03-01T00:00:00Z", "restyled", {"figures.yml": restyled}))
    (facts / "pages" / "01-deal.yml").rename(facts / "deal.yml")
    git(tmp_path / "repo", "add", "--all", "facts")
    git(tmp_path / "repo", "commit", "-qm", "moved", date="2025-03-02T00:00:00Z")

    history = read(facts, tmp_path / "work")

    assert history.commits == 3
    assert told(history) == [("2025-01-06", "site", "site", "published", ("ar", "en"))]


def test_a_commit_that_does_not_read_is_skipped_and_said(tmp_path: Path) -> None:
    """A file that does not load, or an entry today's model refuses, dates nothing; the
    history goes on, and counts the commits it could not read whole."""
    facts = scripted_repository(tmp_path / "repo", STEPS[:1])
    repo = tmp_path / "repo"
    figures = (facts / "figures.yml").read_text(encoding="utf-8")
    broken = replaced(figures, "amount: 30", "amount: [30")
    commit(repo, Step("2025-03-01T00:00:00Z", "broken YAML", {"figures.yml": broken}))
    unknown = replaced(figures, "amount: 30", "amount: 35, colour: red")
    commit(repo, Step("2025-03-02T00:00:00Z", "an unknown key", {"figures.yml": unknown}))
    fixed = replaced(figures, "amount: 30", "amount: 35")
    commit(repo, Step("2025-03-03T00:00:00Z", "fixed", {"figures.yml": fixed}))

    history = read(facts, tmp_path / "work")

    assert (history.commits, history.skipped) == (4, 2)
    # The value was unknown at 03-02, so 03-03 cannot say it changed then: nothing is dated.
    assert told(history) == [("2025-01-06", "site", "site", "published", ("ar", "en"))]
    assert "share-now" not in history.earlier


def test_added_and_removed_entries_are_told_once(tmp_path: Path) -> None:
    """A new page brings its sections and figures along: one line; so does its removal."""
    facts = scripted_repository(tmp_path / "repo", STEPS[:1])
    repo = tmp_path / "repo"
    outlook = facts / "pages" / "03-outlook.yml"
    text = outlook.read_text(encoding="utf-8")
    commit(repo, Step("2025-03-01T00:00:00Z", "no outlook", {"pages/03-outlook.yml": None}))
    commit(repo, Step("2025-03-02T00:00:00Z", "outlook", {"pages/03-outlook.yml": text}))
    glossary = (facts / "glossary.yml").read_text(encoding="utf-8")
    without = glossary[: glossary.index("  - id: memorandum")]
    commit(repo, Step("2025-03-03T00:00:00Z", "one term less", {"glossary.yml": without}))

    history = read(facts, tmp_path / "work")

    both = ("ar", "en")
    assert told(history)[1:] == [
        ("2025-03-01", "pages", "outlook", "removed", both),
        ("2025-03-02", "pages", "outlook", "added", both),
        ("2025-03-03", "terms", "memorandum", "removed", both),
    ]
    removed = history.changes[-1]
    assert removed.name == ("Memorandum of understanding", "Memorandum of understanding")
    assert ("terms", "memorandum") not in history.entries


def test_an_id_given_twice_is_not_dated_until_it_is_one_again(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:1])
    repo = tmp_path / "repo"
    figures = (facts / "figures.yml").read_text(encoding="utf-8")
    start = figures.index("  - id: share-now")
    twice = figures[start : figures.index("\n  - id:", start) + 1]
    copy = "facts:\n" + replaced(twice, "amount: 30", "amount: 31")
    commit(repo, Step("2025-03-01T00:00:00Z", "a copy", {"more.yml": copy}))
    commit(repo, Step("2025-03-02T00:00:00Z", "copy gone", {"more.yml": None}))

    history = read(facts, tmp_path / "work")

    assert history.skipped == 1
    assert told(history)[1:] == []


def test_the_working_tree_is_compared_last_and_dated_by_nothing(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:3])
    figures = facts / "figures.yml"
    figures.write_text(
        replaced(figures.read_text(encoding="utf-8"), "amount: 1100", "amount: 1150"),
        encoding="utf-8",
    )

    history = read(facts, tmp_path / "work")
    again = read(facts, tmp_path / "work")  # from the cache: the same, still undated

    last = history.changes[-1]
    assert (last.moment, last.id, last.what) == (None, "engineers", "value")
    assert history.earlier["engineers"][-1] == Earlier(
        values=last.before, since=history.earlier["engineers"][-1].since, until=None
    )
    from tests.helpers import site_of

    dates = history.page_dates(site_of(facts), "en")
    assert day(dates["cloud"][0]) == "2025-01-06"
    assert dates["cloud"][1] is None  # touched by an uncommitted change: no date yet
    assert day(dates["deal"][1]) == "2025-01-06"
    assert again == history


def test_a_merged_branch_is_dated_when_it_was_merged(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:2])
    repo = tmp_path / "repo"
    git(repo, "checkout", "-q", "-b", "branch")
    commit(repo, STEPS[2])  # 2025-01-20
    commit(repo, STEPS[3])  # 2025-01-27
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merged", "branch", date="2025-02-01T12:00:00Z")

    history = read(facts, tmp_path / "work")

    assert history.commits == 3
    assert [day(c.moment) for c in history.changes if c.what == "value"] == ["2025-02-01"]


def test_history_is_unavailable_without_a_repository_or_in_a_shallow_clone(
    scripted: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "tarball" / "facts"
    shutil.copytree(scripted, copy)
    assert not read(copy, tmp_path / "w1").available
    assert "not in a git repository" in read(copy, tmp_path / "w1").reason

    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{scripted.parent}", str(shallow))
    found = read(shallow / "facts", tmp_path / "w2")
    assert not found.available
    assert "shallow clone" in found.reason
    assert "fetch-depth: 0" in found.reason

    empty = tmp_path / "empty"
    shutil.copytree(scripted, empty / "facts")
    git(empty, "init", "-q")
    assert "no commit yet" in read(empty / "facts", tmp_path / "w3").reason


def test_history_is_unavailable_without_git(
    scripted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git to be found
    found = read(scripted, tmp_path / "work")
    assert not found.available
    assert "git cannot run" in found.reason


def test_a_facts_folder_named_like_pathspec_magic_is_read_as_a_path(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:2])
    strange = tmp_path / "repo" / ":(glob)*"
    facts.rename(strange)
    git(tmp_path / "repo", "add", "--all")
    git(tmp_path / "repo", "commit", "-qm", "renamed", date="2025-03-01T00:00:00Z")

    history = read(strange, tmp_path / "work")

    assert history.available
    assert history.commits == 1  # only the commit that made that folder
    assert told(history) == [("2025-03-01", "site", "site", "published", ("ar", "en"))]


def test_changes_carry_what_readers_need_to_read_them(scripted: Path, tmp_path: Path) -> None:
    history = read(scripted, tmp_path)
    added = next(c for c in history.changes if c.what == "added" and c.kind == "facts")
    assert added == Change(
        moment=added.moment,
        kind="facts",
        id="engineers",
        what="added",
        pages=("cloud",),
        name=("عدد المهندسين", "Engineers working on the project"),
        after=({"amount": 1000, "unit": "count", "qualifier": "about", "source": "c",
                "paragraph": 4},),
    )  # fmt: skip
