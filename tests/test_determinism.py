"""Two builds of the same input give byte-identical sites: no clock, no random order,
no path of the machine that built it, in any file (sitemaps and search indexes too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FACTS, build_site


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path, compared as bytes (sitemap.xml.gz too,
    whose header holds a time)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    only = sorted(set(first) ^ set(second))
    changed = sorted(name for name in set(first) & set(second) if first[name] != second[name])
    return [f"only in one build: {name}" for name in only] + [
        f"differs: {name}" for name in changed
    ]


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """A second build, in other folders, gives exactly the files of the first."""
    result = build_site(FACTS, tmp_path / "site", tmp_path / "work", "--engine", "mkdocs")
    assert result.code == 0, result.stderr
    first, second = tree(built_site), tree(tmp_path / "site")
    assert len(first) > 20
    assert differences(first, second) == []


def test_rebuilding_in_place_changes_nothing(tmp_path: Path) -> None:
    """The way `make site` runs twice: same output and work folders."""
    site, work = tmp_path / "site", tmp_path / "work"
    assert build_site(FACTS, site, work, "--engine", "mkdocs").code == 0
    first = tree(site)
    assert build_site(FACTS, site, work, "--engine", "mkdocs").code == 0
    assert differences(first, tree(site)) == []


@pytest.mark.parametrize("engine", ["zensical"])
def test_the_other_engine_is_deterministic_too(engine: str, tmp_path: Path) -> None:
    builds = []
    for name in ("one", "two"):
        result = build_site(
            FACTS, tmp_path / name / "site", tmp_path / name / "work", "--engine", engine
        )
        assert result.code == 0, result.stderr
        builds.append(tree(tmp_path / name / "site"))
    assert differences(*builds) == []


def test_the_comparison_sees_a_difference(tmp_path: Path) -> None:
    """The control: one changed byte, or one extra file, is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_bytes(b"<p>1</p>")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.html").write_bytes(b"<p>2</p>")
    (tmp_path / "b" / "y.html").write_bytes(b"")
    assert differences(tree(tmp_path / "a"), tree(tmp_path / "b")) == [
        "only in one build: y.html",
        "differs: x.html",
    ]
