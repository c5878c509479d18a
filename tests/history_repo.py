"""A git repository whose facts/ reach the fixture's through scripted, dated commits.

The commits tell a small story with everything the history must handle: a figure
added, its value changed twice, its label reworded in one language, a file
reformatted (reordered, restyled, commented) without changing anything, and
corrections added. Authors, committers and dates are fixed, and no user or system
git configuration is read, so the commit ids are the same on every machine: tests
compare feeds and pages with what they expect, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import FIXTURE

FIGURES = (FIXTURE / "figures.yml").read_text(encoding="utf-8")
CLOUD = (FIXTURE / "pages" / "02-cloud.yml").read_text(encoding="utf-8")
ENGINEERS = """  - id: engineers
    page: cloud
    label: {ar: عدد المهندسين, en: Engineers on the project}
    values:
      - {amount: 1200, unit: count, qualifier: about, source: c, paragraph: 4}
"""
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.invalid",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.invalid",
}


@dataclass(frozen=True)
class Step:
    date: str  # the commit's date, UTC
    message: str
    files: dict[str, str | None]  # path under facts/: its new text, or None to delete it


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not in the text exactly once"
    return text.replace(old, new)


def _reformatted(figures: str) -> str:
    """figures.yml restyled: a comment, block style, and its first two entries swapped."""
    entries = figures.split("\n  - ")
    head, first, second, rest = entries[0], entries[1], entries[2], entries[3:]
    text = "\n  - ".join([head, second, first, *rest])
    text = replaced(
        text,
        "      - {amount: 2031, unit: year, source: a, paragraph: 5}",
        "      # The year report A gives.\n      - amount: 2031\n        unit: year\n"
        "        source: a\n        paragraph: 5",
    )
    return "# Figures, reformatted by hand.\n" + text


WITHOUT_ENGINEERS = _reformatted(replaced(FIGURES, ENGINEERS, ""))
CLOUD_WITHOUT_ENGINEERS = replaced(
    replaced(CLOUD, "، ويعمل في المشروع {fact:engineers} مهندس", ""),
    ", and {fact:engineers} engineers work on the project",
    "",
)
# Before its label was reworded: "Engineers working on the project".
FIRST_LABEL = replaced(ENGINEERS, "Engineers on the project", "Engineers working on the project")
ENGINEERS_AT = {
    amount: replaced(FIRST_LABEL, "amount: 1200", f"amount: {amount}")
    for amount in (1000, 1100, 1200)
}


CORRECTIONS = (FIXTURE / "corrections.yml").read_text(encoding="utf-8")
FIRST_CORRECTION = CORRECTIONS[: CORRECTIONS.index("  - id: revenue-share-defined")]


def _figures(engineers: str) -> str:
    return _reformatted(replaced(FIGURES, ENGINEERS, engineers))


STEPS = (
    Step(
        "2025-01-06T09:00:00Z",
        "First published",
        {
            **{
                path.relative_to(FIXTURE).as_posix(): path.read_text(encoding="utf-8")
                for path in sorted(FIXTURE.rglob("*.yml"))
                if path.name != "corrections.yml"
            },
            "figures.yml": WITHOUT_ENGINEERS,
            "pages/02-cloud.yml": CLOUD_WITHOUT_ENGINEERS,
        },
    ),
    Step(
        "2025-01-13T09:00:00Z",
        "The engineers on the project",
        {"figures.yml": _figures(ENGINEERS_AT[1000]), "pages/02-cloud.yml": CLOUD},
    ),
    Step("2025-01-20T09:00:00Z", "More engineers", {"figures.yml": _figures(ENGINEERS_AT[1100])}),
    Step(
        "2025-01-27T09:00:00Z",
        "More engineers again",
        {"figures.yml": _figures(ENGINEERS_AT[1200])},
    ),
    Step(
        "2025-02-03T09:00:00Z", "A label reworded in English", {"figures.yml": _figures(ENGINEERS)}
    ),
    Step(
        "2025-02-05T09:00:00Z", "figures.yml reformatted: nothing changes", {"figures.yml": FIGURES}
    ),
    Step("2025-02-10T09:00:00Z", "A correction", {"corrections.yml": FIRST_CORRECTION}),
    Step("2025-02-17T09:00:00Z", "Another correction", {"corrections.yml": CORRECTIONS}),
)


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(repo: Path, step: Step) -> str:
    """Apply one step to repo/facts and commit it; returns the commit id."""
    for name, text in step.files.items():
        target = repo / "facts" / name
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(repo, "add", "--all", "facts")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", step.message, date=step.date)
    return git(repo, "rev-parse", "HEAD").strip()


def scripted_repository(root: Path, steps: tuple[Step, ...] = STEPS) -> Path:
    """A repository under `root` with the steps committed; returns its facts folder."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    git(root, "init", "--quiet")
    for step in steps:
        commit(root, step)
    return root / "facts"
