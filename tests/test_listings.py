"""Long listings split: past the site's `listing_limit`, the figures page lists a page
per explainer and the timeline a page per year, so that no page grows with the site.

Run on the fixture with a limit below its counts; the fixture as it is stays whole
(its golden files show one figures page and one timeline).
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.edit import percent_fact, set_first_amount
from generator import anchors, build
from generator.history import History
from generator.model import LANGUAGES
from generator.render import render_site
from generator.render.changes import Chronicle
from generator.render.format import Formatter
from generator.render.paths import figures_path, timeline_path, years
from tests.helpers import FIXTURE, build_site, differences, pages_of, parse, site_of
from tests.test_cache import generated, pages_rendered, project_at

LIMIT = "  listing_limit: 2\n"


def limited(facts: Path, limit: str = LIMIT) -> Path:
    """`facts` with a listing limit set in its site settings."""
    site_file = facts / "site.yml"
    text = site_file.read_text(encoding="utf-8")
    site_file.write_text(text.replace("site:\n", "site:\n" + limit, 1), encoding="utf-8")
    return facts


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    return limited(Path(shutil.copytree(FIXTURE, tmp_path / "facts")))


def anchors_in(text: str) -> set[str]:
    """The heading anchors of a Markdown page (written escaped: investment\\-began)."""
    return {found.replace("\\", "") for found in re.findall(r"\{ #([\w\\-]+) \}", text)}


def links_in(text: str, folder: str) -> list[str]:
    """The Markdown pages under `folder` that a page links, in order."""
    return [found.replace("\\", "") for found in re.findall(rf"\]\(({folder}/[\w\\.-]+)\)", text)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_listing_has_a_page_per_explainer_and_per_year(facts: Path, lang: str) -> None:
    site = site_of(facts)
    assert len(site.facts) > 2, "the fixture is past the limit"
    assert len(site.events) > 2
    files = render_site(site, lang)
    with_figures = [p for p in site.pages if any(f.page == p for f in site.facts.values())]
    by_year = years(site)
    listed = {path for path in files if path.startswith(("docs/figures/", "docs/timeline/"))}
    assert listed == {
        *(f"docs/{figures_path(p)}" for p in with_figures),
        *(f"docs/{timeline_path(year)}" for year, _ in by_year),
    }
    # Each figure is on its own explainer's figures page, and on no other listing page.
    for fact in site.facts.values():
        shown = [path for path in listed if f'id="{anchors.figure(fact.id)}"' in files[path]]
        assert shown == [f"docs/{figures_path(fact.page)}"], fact.id
    # Each event is on its year's page alone, under a heading one level below the title.
    for year, events in by_year:
        page = files[f"docs/{timeline_path(year)}"]
        assert {e.id for e in events} <= anchors_in(page)
        assert re.findall(r"^(#+) ", page, re.MULTILINE) == ["#", *("##" for _ in events)]
    for event in site.events.values():
        assert sum(event.id in anchors_in(files[path]) for path in listed) == 1
    # The listing pages link each of their pages, and hold no table or event themselves.
    figures, timeline = files["docs/figures.md"], files["docs/timeline.md"]
    assert links_in(figures, "figures") == [figures_path(p) for p in with_figures]
    assert links_in(timeline, "timeline") == [timeline_path(year) for year, _ in by_year]
    assert "| --- |" not in figures
    assert not {e.id for e in site.events.values()} & anchors_in(timeline)
    # The changes page links each event where it is shown.
    chronicle = Chronicle(site, History.unavailable(""), Formatter(site, lang))
    for year, events in by_year:
        assert {chronicle.entry_target("events", e.id) for e in events} == {
            (timeline_path(year), e.id) for e in events
        }
    # The menu holds them all, the listing page first.
    nav = yaml.safe_load(files["mkdocs.yml"].split("\n", 1)[1])["nav"]
    menu = {path for entry in nav for value in entry.values() for path in _paths(value)}
    assert {"figures.md", "timeline.md", *(path.removeprefix("docs/") for path in listed)} <= menu


def _paths(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [path for entry in value for inner in entry.values() for path in _paths(inner)]


def test_a_site_within_its_limit_keeps_one_figures_page_and_one_timeline() -> None:
    site = site_of(FIXTURE)
    files = render_site(site, "en")
    assert not [path for path in files if path.startswith(("docs/figures/", "docs/timeline/"))]
    shown = files["docs/figures.md"]
    assert all(f'id="{anchors.figure(fact.id)}"' in shown for fact in site.facts.values())


def test_an_edited_fact_renders_only_its_own_figures_page(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    file, fact_id, page_id = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    rendered = pages_rendered(monkeypatch)
    build.generate(project)
    listings = {path for path in rendered if path.startswith(("docs/figures", "docs/timeline"))}
    assert listings == {f"docs/{figures_path(page_id)}"}
    assert rendered.count(f"docs/{figures_path(page_id)}") == len(LANGUAGES)


# Edits that change which pages a split listing has, or whether it is split at all.
EDITS = [
    ("site.yml", LIMIT, ""),  # back within the limit: one page each
    ("site.yml", LIMIT, "  listing_limit: 4\n"),  # the figures split, the timeline whole
    ("timeline.yml", "date: 2021", "date: 1999"),  # an event in a year of its own
    ("figures.yml", "page: cloud", "page: deal"),  # an explainer left without figures
]


@pytest.mark.parametrize(("name", "old", "new"), EDITS)
def test_after_an_edit_of_the_layout_a_cached_build_equals_a_clean_one(
    facts: Path, tmp_path: Path, name: str, old: str, new: str
) -> None:
    cached = project_at(tmp_path, "cached", facts)
    build.generate(cached)
    file = facts / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}: update the test"
    file.write_text(text.replace(old, new), encoding="utf-8")
    assert build.generate(cached) is not None
    clean = project_at(tmp_path, "clean", facts)
    build.generate(clean)
    assert differences(generated(cached), generated(clean)) == []


@pytest.mark.build
def test_a_split_site_builds_with_every_link_and_anchor_resolved(
    facts: Path, tmp_path: Path
) -> None:
    """MkDocs checks that every linked page exists (strict); this test, every anchor."""
    out = tmp_path / "site"
    done = build_site(facts, out, tmp_path / "work", "--engine", "mkdocs")
    assert done.code == 0, done.stderr
    pages = {lang: pages_of(out, lang) for lang in LANGUAGES}
    assert set(pages["ar"]) == set(pages["en"])
    assert {
        timeline_path(year).removesuffix(".md") + "/index.html" for year, _ in years(site_of(facts))
    } <= set(pages["en"])
    checked = 0
    for lang, found in pages.items():
        ids = {path: set(parse(file).ids) for path, file in found.items()}
        for path, file in found.items():
            for target, anchor in re.findall(
                r'href="([^":?#]*)#([^"]+)"', file.read_text(encoding="utf-8")
            ):
                linked = posixpath.normpath(
                    posixpath.join(posixpath.dirname(path), target or "index.html")
                )
                linked = linked if linked.endswith(".html") else f"{linked}/index.html"
                if linked.removeprefix("./") in ids:
                    assert anchor in ids[linked.removeprefix("./")], (
                        f"{lang}/{path} links {target}#{anchor}"
                    )
                    checked += 1
    assert checked > 100
