"""Reader features in the rendered and built pages: isolation, glossary, charts, data, JSON-LD."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.model import LANGUAGES, Site, Text
from generator.render.format import Formatter
from generator.render.view import PageView, SiteIndex
from tests.helpers import FIXTURE, PUBLIC_URL, site_of

REQUIRED = {
    "Article": {"headline", "description", "inLanguage", "url", "isPartOf"},
    "Dataset": {"name", "description", "inLanguage", "distribution", "variableMeasured"},
    "DefinedTermSet": {"name", "inLanguage", "hasDefinedTerm"},
    "DefinedTerm": {"name", "description", "termCode", "url", "inDefinedTermSet"},
    "DataDownload": {"encodingFormat", "contentUrl"},
}


@pytest.fixture(scope="module")
def content() -> Site:
    return site_of(FIXTURE)


def view(site: Site, lang: str, path: str = "explainers/deal.md") -> PageView:
    return PageView(Formatter(site, lang), SiteIndex(site, lang), path)  # type: ignore[arg-type]


def test_only_the_first_use_of_a_term_on_a_page_links_to_the_glossary(content: Site) -> None:
    text = Text(
        ar="{term:cloud-computing} ثم {term:cloud-computing|السحابة} و{term:agi}",
        en="{term:cloud-computing}, {term:cloud-computing} and {term:agi}",
    )
    page = view(content, "en")
    shown = " ".join(page.paragraphs(text))
    assert shown.count("](../glossary.md#cloud-computing") == 1
    assert shown.count("](../glossary.md#agi") == 1
    # Each page starts afresh.
    assert view(content, "en").line(text).count("#cloud-computing") == 1


def test_plain_words_naming_a_term_link_once_in_prose_but_never_in_headings(
    content: Site,
) -> None:
    prose = Text(
        ar="تعتمد والحوسبة السحابية اليوم، ثم الحوسبة السحابية مرة أخرى، ولا تُربط كلمة كالحوسبة.",
        en="Cloud computing grows; cloud computing again; AGIs, MAGIC stay plain. Revenue share.",
    )
    arabic = " ".join(view(content, "ar").paragraphs(prose))
    assert arabic.count("#cloud-computing") == 1
    assert "و[الحوسبة السحابية](../glossary.md#cloud-computing" in arabic
    english = " ".join(view(content, "en").paragraphs(prose))
    assert english.count("#cloud-computing") == 1
    assert english.startswith("[Cloud computing](../glossary.md#cloud-computing")
    assert english.count("#revenue-share") == 1
    assert "#agi" not in english  # not inside AGIs or MAGIC
    # Headings and labels (line) stay free of woven links; the glossary never links to itself.
    assert "](" not in view(content, "en").line(Text(en="Cloud computing and AGI"))
    glossary = view(content, "en", "glossary.md")
    assert "](" not in " ".join(glossary.paragraphs(Text(en="Cloud computing and AGI")))


def test_a_term_before_arabic_punctuation_is_found(content: Site) -> None:
    arabic = " ".join(view(content, "ar").paragraphs(Text(ar="نعم، الحوسبة السحابية، ثم")))
    assert "[الحوسبة السحابية](../glossary.md#cloud-computing" in arabic


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_link_title_is_the_short_definition_in_the_page_language(
    content: Site, lang: str
) -> None:
    link = view(content, lang).line(Text(ar="{term:agi}", en="{term:agi}"))
    short = content.terms["agi"].short.get(lang) or ""
    assert f'"{short}")' in link


class Article(HTMLParser):
    """Text runs of the page body, each with the tags around it, and the JSON-LD blocks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.runs: list[tuple[str, list[tuple[str, dict[str, str | None]]]]] = []
        self.json_ld: list[Any] = []
        self.links: list[str] = []
        self.svgs: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "svg" and "chart" in (found.get("class") or ""):
            self.svgs.append(found)
        if tag not in ("br", "img", "meta", "link", "input", "hr", "rect", "line"):
            self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            if self.stack[-1][1].get("type") == "application/ld+json":
                self.json_ld.append(json.loads(data))
            return
        if any(tag == "article" for tag, _ in self.stack):
            self.runs.append((data, list(self.stack)))


def built_pages(site: Path, lang: str) -> dict[str, Article]:
    root = site / lang
    return {
        path.relative_to(root).as_posix(): Article(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.html"))
    }


@pytest.mark.build
def test_latin_runs_in_arabic_pages_are_isolated(fixture_site: Path) -> None:
    # Outside the places that are written left to right on purpose (an isolate, an
    # English span, code, a chart whose text the SVG engine lays out, the engine's
    # own headline links), no Latin letter or digit stands bare in Arabic text.
    exempt = {"bdi", "code", "svg", "script", "details", "figcaption"}
    bare = []
    for name, page in built_pages(fixture_site, "ar").items():
        if name == "404.html":  # the theme's page, not generated text
            continue
        for text, stack in page.runs:
            if not re.search(r"[A-Za-z0-9]", text):
                continue
            if any(tag in exempt or attrs.get("lang") == "en" for tag, attrs in stack):
                continue
            if any("headerlink" in (attrs.get("class") or "") for _, attrs in stack):
                continue
            bare.append(f"{name}: {text.strip()!r}")
    assert bare == []


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_json_ld_blocks_parse_and_carry_the_required_properties(
    fixture_site: Path, lang: str, content: Site
) -> None:
    check_json_ld(fixture_site, lang, content)


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_zensical_output_has_the_same_features(
    fixture_zensical_site: Path, lang: str, content: Site
) -> None:
    check_json_ld(fixture_zensical_site, lang, content)
    check_figures_page(fixture_zensical_site, lang, content)


def check_json_ld(built_site: Path, lang: str, content: Site) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    for name, page in built_pages(built_site, lang).items():
        for block in page.json_ld:
            assert block["@context"] == "https://schema.org"
            assert block["inLanguage"] == lang
            found.setdefault(block["@type"], []).append(block)
            for item in _items(block):
                missing = REQUIRED.get(item["@type"], set()) - set(item)
                assert not missing, f"{name}: {item['@type']} lacks {sorted(missing)}"
            if block["@type"] == "Dataset":
                for download in block["distribution"]:
                    url = download["contentUrl"]
                    target = (
                        url.removeprefix(PUBLIC_URL)
                        if url.startswith(PUBLIC_URL)
                        else posixpath.normpath(posixpath.join(lang, posixpath.dirname(name), url))
                    )
                    assert (built_site / target).is_file(), download
    assert len(found["Article"]) == len(content.pages)
    (glossary,) = found["DefinedTermSet"]
    assert {t["termCode"] for t in glossary["hasDefinedTerm"]} == set(content.terms)
    other = "en" if lang == "ar" else "ar"
    for term in glossary["hasDefinedTerm"]:
        other_name = content.terms[term["termCode"]].term.get(other)
        if other_name:
            assert other_name in term["alternateName"]
    (dataset,) = found["Dataset"]
    assert {d["encodingFormat"] for d in dataset["distribution"]} == {
        "text/csv",
        "application/json",
    }


def _items(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        own = [value] if "@type" in value else []
        return own + [item for child in value.values() for item in _items(child)]
    if isinstance(value, list):
        return [item for child in value for item in _items(child)]
    return []


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_page_shows_charts_and_links_its_downloads(
    fixture_site: Path, lang: str, content: Site
) -> None:
    check_figures_page(fixture_site, lang, content)


def check_figures_page(built_site: Path, lang: str, content: Site) -> None:
    pages = built_pages(built_site, lang)
    figures = pages["figures/index.html"]
    assert len(figures.svgs) == len(content.charts)
    for svg in figures.svgs:
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby")
    downloads = [link for link in figures.links if link.startswith("../data/")]
    assert "../data/figures.csv" in downloads
    assert "../data/figures.json" in downloads
    for link in downloads:
        assert (built_site / lang / link.removeprefix("../")).is_file(), link
    for page_id in content.pages:
        drawn = [chart for chart in content.charts.values() if chart.page == page_id]
        assert len(pages[f"explainers/{page_id}/index.html"].svgs) == len(drawn)
