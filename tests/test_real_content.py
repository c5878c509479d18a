"""The real content in facts/: only what holds for any valid content is checked here.

A contributor's correct edit must never turn these red: the facts validate, both
engines build them, every page leads to its counterpart, and every cited figure and
date is in its paragraph of the reports (when the reports' texts are at hand).
The generator's own features are tested on the fixture under tests/golden/rich/.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.model import LANGUAGES
from tests.helpers import (
    FACTS,
    PUBLIC_URL,
    ROOT,
    SHARED_SOURCES,
    build_site,
    differences,
    pages_of,
    run_cli,
    selector_problems,
    site_of,
    tree,
)


def test_the_real_facts_validate() -> None:
    result = run_cli("--facts", FACTS, "check")
    assert result.code == 0, result.stderr


@pytest.mark.build
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_both_engines_build_every_page_with_its_counterpart(
    engine: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(
        "real_site" if engine == "mkdocs" else "real_zensical_site"
    )
    arabic, english = pages_of(site, "ar"), pages_of(site, "en")
    assert set(arabic) == set(english)
    assert "index.html" in arabic
    for lang in LANGUAGES:
        problems, checked = selector_problems(site, lang)
        assert problems == []
        assert checked == 2 * (len(pages_of(site, lang)) - 1)


def test_every_cited_figure_and_date_is_in_its_paragraph() -> None:
    if not any(SHARED_SOURCES.glob("*.txt")):
        pytest.skip(f"the reports' texts are not at {SHARED_SOURCES}: provenance NOT checked")
    result = run_cli("--facts", FACTS, "sources", "--texts", SHARED_SOURCES)
    assert result.code == 0, result.stderr


@pytest.mark.build
def test_a_second_build_is_byte_identical(real_site: Path, tmp_path: Path) -> None:
    """Another folder and another hash seed: the same bytes in every file."""
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    result = build_site(
        FACTS, tmp_path / "site", tmp_path / "work", "--site-url", PUBLIC_URL, env=env
    )
    assert result.code == 0, result.stderr
    assert differences(tree(real_site), tree(tmp_path / "site")) == []


@pytest.mark.build
def test_every_date_shown_is_a_commit_of_the_facts_or_a_correction(real_site: Path) -> None:
    """Dates come from the facts' commits (none in a tarball or a shallow clone) and from
    corrections, never from the clock; the changes page is there in both languages."""
    log = subprocess.run(
        ["git", "log", "--first-parent", "--format=%ct", "--", "facts"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    moments = [datetime.datetime.fromtimestamp(int(t), datetime.UTC) for t in log.stdout.split()]
    allowed = {m.strftime("%Y-%m-%dT%H:%M:%SZ") for m in moments}
    allowed |= {f"{c.date}T00:00:00Z" for c in site_of(FACTS).corrections.values()}
    days = {stamp[:10] for stamp in allowed}
    for lang in LANGUAGES:
        assert (real_site / lang / "changes" / "index.html").is_file()
        for name, path in pages_of(real_site, lang).items():
            shown = re.findall(r'<time datetime="([^"]+)"', path.read_text(encoding="utf-8"))
            assert set(shown) <= allowed, name
        sitemap = (real_site / lang / "sitemap.xml").read_text(encoding="utf-8")
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) <= days
