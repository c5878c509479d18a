"""Two builds of the same input give byte-identical sites: no clock, no random order,
no path of the machine that built it, in any file (sitemaps and search indexes too).

Every file is compared as bytes (sitemap.xml.gz too, whose header holds a time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, build_site, differences, tree


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the fixture facts, so an edit made meanwhile cannot pass for a difference."""
    shutil.copytree(FIXTURE, tmp_path / "facts")
    return tmp_path / "facts"


@pytest.mark.build
def test_two_builds_are_byte_identical(facts: Path, tmp_path: Path) -> None:
    """A second build, in other folders and with another hash seed (so another order of
    every set and dict of str keys), gives exactly the files of the first."""
    for name, seed in (("one", "1"), ("two", "2")):
        out, work = tmp_path / name / "site", tmp_path / name / "work"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = build_site(facts, out, work, env=env)
        assert result.code == 0, result.stderr
    first, second = tree(tmp_path / "one" / "site"), tree(tmp_path / "two" / "site")
    assert len(first) > 20
    assert differences(first, second) == []


@pytest.mark.build
def test_rebuilding_in_place_changes_nothing(facts: Path, tmp_path: Path) -> None:
    """The way `make site` runs twice: same output and work folders."""
    site, work = tmp_path / "site", tmp_path / "work"
    assert build_site(facts, site, work, "--engine", "mkdocs").code == 0
    first = tree(site)
    assert build_site(facts, site, work, "--engine", "mkdocs").code == 0
    assert differences(first, tree(site)) == []


@pytest.mark.build
@pytest.mark.parametrize("engine", ["zensical"])
def test_the_other_engine_is_deterministic_too(engine: str, facts: Path, tmp_path: Path) -> None:
    builds = []
    for name in ("one", "two"):
        result = build_site(
            facts, tmp_path / name / "site", tmp_path / name / "work", "--engine", engine
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
