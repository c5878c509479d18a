"""The built fixture site as HTML: languages, directions, counterparts, figures, no outside
requests, and the same pages from both engines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import LANGUAGES, Site
from generator.render.format import Formatter
from generator.words import WORDS
from tests.helpers import FIXTURE, pages_of, parse, selector_problems, site_of

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def content() -> Site:
    return site_of(FIXTURE)


def test_both_languages_have_the_same_pages(fixture_site: Path, content: Site) -> None:
    arabic, english = pages_of(fixture_site, "ar"), pages_of(fixture_site, "en")
    assert set(arabic) == set(english)
    assert {
        "index.html",
        "glossary/index.html",
        "figures/index.html",
        "timeline/index.html",
        "sources/index.html",
        "who/index.html",
        "changes/index.html",
        "404.html",
        *(f"explainers/{page}/index.html" for page in content.pages),
    } == set(arabic)


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_language_and_direction_on_every_page(
    fixture_site: Path, lang: str, direction: str
) -> None:
    for name, path in pages_of(fixture_site, lang).items():
        page = parse(path)
        assert page.html_attrs.get("lang") == lang, name
        assert page.body_attrs.get("dir") == direction, name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_selector_leads_to_the_counterpart_page(fixture_site: Path, lang: str) -> None:
    problems, checked = selector_problems(fixture_site, lang)
    assert problems == []
    assert checked == 2 * (len(pages_of(fixture_site, lang)) - 1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_defines_every_term(fixture_site: Path, content: Site, lang: str) -> None:
    page = parse(fixture_site / lang / "glossary" / "index.html")
    for term in content.terms.values():
        assert term.id in page.ids
        fmt = Formatter(content, lang)  # type: ignore[arg-type]
        assert fmt.plain(term.term) in page.text
        assert fmt.plain(term.short) in page.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_page_shows_every_figure_with_its_source(
    fixture_site: Path, content: Site, lang: str
) -> None:
    text = parse(fixture_site / lang / "figures" / "index.html").text
    fmt = Formatter(content, lang)  # type: ignore[arg-type]
    for fact in content.facts.values():
        assert fmt.plain(fact.label) in text, fact.id
        for value in fact.values:
            assert fmt.value(value) in text, f"{fact.id}: {fmt.value(value)}"
            assert fmt.citation(value.citation) in text, f"{fact.id}: no citation"


def test_no_page_requests_anything_outside_the_site(fixture_site: Path) -> None:
    for lang in LANGUAGES:
        for name, path in pages_of(fixture_site, lang).items():
            for url in parse(path).resources:
                assert not re.match(r"^(https?:)?//", url), f"{lang}/{name} loads {url}"
    for stylesheet in fixture_site.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), stylesheet
        assert "@import" not in css or "fonts.googleapis" not in css


def test_root_page_offers_both_languages_without_javascript(fixture_site: Path) -> None:
    root = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/"' in root
    assert 'href="en/"' in root


def test_root_404_offers_both_languages(fixture_site: Path) -> None:
    """Hosts such as GitHub Pages serve the root 404.html for any missing address."""
    page = (fixture_site / "404.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in page
    assert 'lang="en"' in page
    assert "ar/" in page
    assert "en/" in page
    assert "location.replace" not in page  # a missing page is said, not skipped


def test_zensical_builds_the_same_pages(fixture_site: Path, fixture_zensical_site: Path) -> None:
    for lang in LANGUAGES:
        zensical_pages = set(pages_of(fixture_zensical_site, lang))
        assert set(pages_of(fixture_site, lang)) == zensical_pages
        for name, path in pages_of(fixture_zensical_site, lang).items():
            page = parse(path)
            assert page.html_attrs.get("lang") == lang, name
            assert page.body_attrs.get("dir") == ("rtl" if lang == "ar" else "ltr"), name


def test_pending_translations_say_so_and_show_the_other_language(
    fixture_site: Path, content: Site
) -> None:
    for lang in LANGUAGES:
        words = Formatter(content, lang).words  # type: ignore[arg-type]
        pending = [page for page in content.pages.values() if lang in page.pending]
        for page in pending:
            html = (fixture_site / lang / "explainers" / page.id / "index.html").read_text("utf-8")
            assert words["pending.title"] in html
            other = "en" if lang == "ar" else "ar"
            assert f'lang="{other}"' in html
    assert any(page.pending for page in content.pages.values()), "the fixture has a pending page"


def test_with_three_sources_no_page_says_two_reports(fixture_site: Path, content: Site) -> None:
    """Only a figure that two of the reports give may say that the two differ."""
    assert len(content.sources) == 3
    said = set()
    for lang in LANGUAGES:
        differ = WORDS[lang].count("figures.differ", 2)  # type: ignore[index]
        for name, path in pages_of(fixture_site, lang).items():
            text = parse(path).flat.lower().replace(differ.lower(), "")
            for phrase in ("two reports", "both reports", "التقريرين", "التقريران", "تقريرين"):
                if phrase in text:
                    said.add(f"{lang}/{name}: {phrase}")
    assert said == set()
