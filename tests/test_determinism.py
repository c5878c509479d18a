"""Two builds of the same input give byte-identical sites: no clock, no random order,
no path of the machine that built it, in any file (sitemaps and search indexes too).

Every file is compared as bytes (sitemap.xml.gz too, whose header holds a time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import PUBLIC_URL, build_site, differences, tree


@pytest.mark.build
def test_two_builds_are_byte_identical(
    fixture_facts: Path, fixture_site: Path, tmp_path: Path
) -> None:
    """The session's build of the fixture (its facts a repository with a history), built
    again in other folders with another hash seed (so another order of every set and
    dict of str keys, and the history read cold); then again in those same folders, as
    `make site` runs twice (the history and the caches read back). Exactly the same
    files each time."""
    out, work = tmp_path / "site", tmp_path / "work"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = build_site(fixture_facts, out, work, "--site-url", PUBLIC_URL, env=env)
        assert result.code == 0, result.stderr
        assert "note:" not in result.stderr  # the history was there: pages carry dates
        assert len(tree(out)) > 20
        assert differences(tree(fixture_site), tree(out)) == []


@pytest.mark.build
def test_the_other_engine_is_deterministic_too(
    fixture_facts: Path, fixture_zensical_site: Path, tmp_path: Path
) -> None:
    result = build_site(
        fixture_facts, tmp_path / "site", tmp_path / "work",
        "--engine", "zensical", "--site-url", PUBLIC_URL,
        env={**os.environ, "PYTHONHASHSEED": "3"},
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert differences(tree(fixture_zensical_site), tree(tmp_path / "site")) == []


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
