"""The built site as HTML: languages, directions, counterparts, figures, no outside requests."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.format import Formatter
from generator.load import load_facts
from generator.model import LANGUAGES, Site
from generator.validate import validate
from tests.conftest import FACTS


class Page(HTMLParser):
    """The parts of a built page these tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.body_attrs: dict[str, str | None] = {}
        self.selector_links: dict[str, str] = {}
        self.ids: set[str] = set()
        self.resources: list[str] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_attrs = found
        elif tag == "body":
            self.body_attrs = found
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and "md-select__link" in (found.get("class") or ""):
            self.selector_links[str(found.get("hreflang"))] = str(found.get("href"))
        # Everything a browser fetches by itself when it loads the page.
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and found.get(
            "src"
        ):
            self.resources.append(str(found["src"]))
        if tag == "link" and found.get("rel") not in ("alternate", "canonical", "prev", "next"):
            self.resources.append(str(found.get("href")))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def pages_of(site_dir: Path, lang: str) -> dict[str, Path]:
    root = site_dir / lang
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*.html"))}


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def content() -> Site:
    return validate(load_facts(FACTS))


def test_both_languages_have_the_same_pages(built_site: Path) -> None:
    arabic, english = pages_of(built_site, "ar"), pages_of(built_site, "en")
    assert set(arabic) == set(english)
    assert {
        "index.html",
        "glossary/index.html",
        "figures/index.html",
        "timeline/index.html",
        "sources/index.html",
        "who/index.html",
        "404.html",
    } <= set(arabic)
    assert sum(name.startswith("explainers/") for name in arabic) >= 3


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_language_and_direction_on_every_page(built_site: Path, lang: str, direction: str) -> None:
    for name, path in pages_of(built_site, lang).items():
        page = parse(path)
        assert page.html_attrs.get("lang") == lang, name
        assert page.body_attrs.get("dir") == direction, name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_selector_leads_to_the_counterpart_page(built_site: Path, lang: str) -> None:
    checked = 0
    for name, path in pages_of(built_site, lang).items():
        if name == "404.html":
            continue  # served from any depth; its links are checked in the browser tests
        links = parse(path).selector_links
        assert set(links) == set(LANGUAGES), name
        for other, href in links.items():
            here = posixpath.dirname(f"{lang}/{name}")
            target = posixpath.normpath(posixpath.join(here, href))
            expected = (
                posixpath.dirname(f"{other}/{name}")
                if name.endswith("index.html")
                else f"{other}/{name}"
            )
            assert target == expected.rstrip("/"), f"{lang}/{name}: {href}"
            assert (built_site / target / "index.html").is_file() or (built_site / target).is_file()
            checked += 1
    assert checked >= 2 * 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_defines_the_core_terms(built_site: Path, content: Site, lang: str) -> None:
    page = parse(built_site / lang / "glossary" / "index.html")
    for term_id in ("agi", "public-benefit-corporation", "stargate"):
        assert term_id in page.ids
        term = content.terms[term_id]
        assert term.term.get(lang) in page.text
        assert " ".join((term.short.get(lang) or "").split()) in page.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_page_shows_every_figure_with_its_source(
    built_site: Path, content: Site, lang: str
) -> None:
    text = parse(built_site / lang / "figures" / "index.html").text
    formatter = Formatter(lang, content.settings.numbering_system)  # type: ignore[arg-type]
    for fact in content.facts.values():
        assert " ".join((fact.label.get(lang) or "").split()) in text, fact.id
        for value in fact.values:
            assert formatter.value(value) in text, f"{fact.id}: {formatter.value(value)}"
            letter = content.sources[value.source].label.get(lang)
            assert re.search(rf"{re.escape(str(letter))}\)?[،,] \S+ {value.paragraph}\b", text), (
                f"{fact.id}: no citation of {value.source} paragraph {value.paragraph}"
            )


def test_no_page_requests_anything_outside_the_site(built_site: Path) -> None:
    for lang in LANGUAGES:
        for name, path in pages_of(built_site, lang).items():
            for url in parse(path).resources:
                assert not re.match(r"^(https?:)?//", url), f"{lang}/{name} loads {url}"
    for stylesheet in built_site.rglob("*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), stylesheet
        assert "@import" not in css or "fonts.googleapis" not in css


def test_root_page_offers_both_languages_without_javascript(built_site: Path) -> None:
    root = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/"' in root
    assert 'href="en/"' in root


@pytest.mark.build
def test_zensical_builds_the_same_pages(built_site: Path, built_zensical_site: Path) -> None:
    for lang in LANGUAGES:
        zensical_pages = set(pages_of(built_zensical_site, lang))
        assert set(pages_of(built_site, lang)) == zensical_pages
        for name, path in pages_of(built_zensical_site, lang).items():
            page = parse(path)
            assert page.html_attrs.get("lang") == lang, name
            assert page.body_attrs.get("dir") == ("rtl" if lang == "ar" else "ltr"), name


def test_root_404_offers_both_languages(built_site: Path) -> None:
    """Hosts such as GitHub Pages serve the root 404.html for any missing address."""
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'lang="ar"' in page
    assert 'lang="en"' in page
    assert "ar/" in page
    assert "en/" in page
    assert "location.replace" not in page  # a missing page is said, not skipped
