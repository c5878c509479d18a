"""Incremental output: a rebuild rewrites only the generated files whose content changed.

Editing one fact must touch only the files that show it (its pages, the figures page,
the data downloads); every other generated file keeps its modification time, so the
engines' caches and the live preview only redo what changed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from bench.edit import percent_fact, set_first_amount  # the edit the benchmark makes
from generator.model import LANGUAGES
from generator.write import publish, stage, write_tree
from tests.helpers import FIXTURE, build_site

NEW_AMOUNT = "41.25"
# How the new value reads in each kind of file: Markdown escapes the point.
SHOWN = (b"41.25", b"41\\.25")


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each file under `root` with its inode and modification time (ns)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def contents(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_write_tree_rewrites_only_changed_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"docs/a.md": "a", "docs/b/c.md": "c", "docs/d.bin": b"\x00"}
    assert write_tree(files, tmp_path) == ["docs/a.md", "docs/b/c.md", "docs/d.bin"]
    before = stamps(tmp_path)

    assert write_tree(files, tmp_path) == []
    assert stamps(tmp_path) == before

    changed = write_tree({**files, "docs/a.md": "A"}, tmp_path)
    after = stamps(tmp_path)
    assert changed == ["docs/a.md"]
    assert after["docs/a.md"] != before["docs/a.md"]
    assert {k: v for k, v in after.items() if k != "docs/a.md"} == {
        k: v for k, v in before.items() if k != "docs/a.md"
    }
    assert (tmp_path / "docs/a.md").read_text(encoding="utf-8") == "A"


def test_write_tree_removes_stale_files_but_never_the_engines_folders(tmp_path: Path) -> None:
    for owned in (".cache/state.json", "site/index.html", "docs/old/gone.md"):
        (tmp_path / owned).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / owned).write_text("x", encoding="utf-8")

    changed = write_tree({"docs/a.md": "a"}, tmp_path)

    assert changed == ["docs/a.md", "docs/old/gone.md"]
    assert not (tmp_path / "docs/old").exists()
    assert (tmp_path / ".cache/state.json").read_text(encoding="utf-8") == "x"
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "x"


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    write_tree({"docs/a.md": "a"}, tmp_path)
    assert (tmp_path / "docs/a.md").stat().st_mode & 0o777 == 0o644


def test_the_preview_stages_a_new_copy_only_of_what_the_engine_rewrote(tmp_path: Path) -> None:
    """The live preview keeps the engine's output and copies it: a file the engine left
    as it was, or wrote again with the same bytes, is linked to the published copy; the
    published site is never written to."""
    built, site, staging = tmp_path / "built", tmp_path / "site", tmp_path / "staging"
    for name in ("same.html", "rewritten.html", "edited.html"):
        (built / "en" / name).parent.mkdir(parents=True, exist_ok=True)
        (built / "en" / name).write_text("old", encoding="utf-8")
    stage(staging, {"en": built / "en"}, {"index.html": "root"}, keep=True, published=site)
    publish(staging, site)
    published = stamps(site)
    time.sleep(0.01)  # the engine writes again, in place, later
    (built / "en" / "rewritten.html").write_text("old", encoding="utf-8")
    (built / "en" / "edited.html").write_text("new", encoding="utf-8")  # the same size

    stage(staging, {"en": built / "en"}, {"index.html": "root"}, keep=True, published=site)

    staged = stamps(staging)
    assert staged["en/same.html"] == published["en/same.html"]  # one file, linked
    assert staged["en/rewritten.html"] == published["en/rewritten.html"]
    assert staged["en/edited.html"][0] != published["en/edited.html"][0]
    assert contents(staging) == {
        "index.html": b"root",
        "en/same.html": b"old",
        "en/rewritten.html": b"old",
        "en/edited.html": b"new",
    }
    assert stamps(site) == published
    assert (site / "en" / "edited.html").read_text(encoding="utf-8") == "old"


def test_the_preview_brings_the_previous_site_up_to_date_in_place(tmp_path: Path) -> None:
    """Each preview build stages into the site it replaced last time: whatever that tree
    holds (files gone, a file now a folder, an interrupted build's leftovers), it ends
    as a copy of the new site, linked to the served one where the bytes are the same,
    and the served site is never written to."""
    built, site, staging = tmp_path / "built", tmp_path / "site", tmp_path / "staging"
    builds: list[dict[str, str]] = [
        {"a.html": "a", "b/index.html": "b", "c/index.html": "c", "d.html": "d"},
        {"a.html": "a", "b/index.html": "B", "c": "now a file", "e/f/index.html": "f"},
        {"a.html": "a", "b/index.html": "B", "c/index.html": "a folder again", "d.html": "d"},
        {"a.html": "A", "e/f/index.html": "f"},
    ]
    for number, files in enumerate(builds):
        shutil.rmtree(built, ignore_errors=True)
        for name, text in files.items():
            (built / "en" / name).parent.mkdir(parents=True, exist_ok=True)
            (built / "en" / name).write_text(text, encoding="utf-8")
        if number == 2:  # an earlier build stopped partway through staging
            (staging / "en" / "a.html").unlink()
            (staging / "en" / "d.html").unlink()
            (staging / "en" / "d.html").mkdir()
            (staging / "en" / "d.html" / "x").write_text("x", encoding="utf-8")
            (staging / "en" / ".b.html.x1y2").write_text("half", encoding="utf-8")
        served = (stamps(site), contents(site)) if site.exists() else None

        stage(staging, {"en": built / "en"}, {"index.html": "root"}, keep=True, published=site)

        expected = {"index.html": b"root"} | {
            f"en/{name}": text.encode("utf-8") for name, text in files.items()
        }
        assert contents(staging) == expected
        if served is not None:
            assert (stamps(site), contents(site)) == served
            for name, (inode, _) in stamps(staging).items():
                same = served[1].get(name) == expected[name] and name != "index.html"
                assert (inode == served[0].get(name, (None,))[0]) == same, name
        publish(staging, site, keep=True)
        assert contents(site) == expected
        if served is not None:
            assert contents(staging) == served[1]  # the replaced site, kept for the next


@pytest.mark.build
def test_editing_one_fact_rewrites_only_the_files_that_show_it(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE, facts)
    work, out = tmp_path / "work", tmp_path / "site"
    first = build_site(facts, out, work, "--engine", "zensical")
    assert first.code == 0, first.stderr
    generated = {lang: work / "gen" / lang / "docs" for lang in LANGUAGES}
    before = {lang: stamps(root) for lang, root in generated.items()}
    old = {lang: contents(root) for lang, root in generated.items()}
    assert not any(
        shown in data for tree in old.values() for data in tree.values() for shown in SHOWN
    )
    caches = {lang: stamps(work / "gen" / lang / ".cache") for lang in LANGUAGES}
    assert all(caches.values()), "zensical keeps a .cache folder in each language's project"

    file, fact_id, page_id = percent_fact(facts)
    set_first_amount(file, fact_id, NEW_AMOUNT)
    second = build_site(facts, out, work, "--engine", "zensical")
    assert second.code == 0, second.stderr

    for lang, root in generated.items():
        after, new = stamps(root), contents(root)
        assert set(after) == set(before[lang]), "the same files are generated"
        touched = {path for path in after if after[path] != before[lang][path]}
        differ = {path for path in new if new[path] != old[lang][path]}
        # Exactly the files whose content changed were written; the others kept their times.
        assert touched == differ
        # Those are the files that show the fact: its page, the figures page, the data.
        assert {
            f"explainers/{page_id}.md",
            "figures.md",
            "data/figures.csv",
            "data/figures.json",
            f"data/figures-{page_id}.csv",
            f"data/figures-{page_id}.json",
        } <= touched
        for path in touched:
            assert any(shown in new[path] for shown in SHOWN), (
                f"{lang}/{path} changed but does not show it"
            )
        assert not any(path.startswith("assets/") for path in touched)
        assert len(touched) < len(after) / 2
        # The engine's cache survives the rebuild (the generator never deletes it).
        cache = work / "gen" / lang / ".cache"
        assert cache.is_dir()
        assert any(cache.iterdir())
