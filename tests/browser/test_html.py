"""The built HTML: valid (Nu HTML Checker), no broken link or anchor, hreflang and sitemaps."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.browser.conftest import NODE_MODULES, PAGE_TYPES, require
from tests.browser.links import broken_links
from tests.helpers import LANGS, PUBLIC_URL

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the Nu HTML Checker reports in Material's own templates, kept on purpose.
VNU_ALLOWED = {
    # Material's hidden checkbox toggles (drawer, search, palette) carry autocomplete="off"
    # so Firefox does not restore them checked on reload; HTML allows it only on text inputs.
    r"^Attribute “autocomplete” is only allowed when the input type is",
    # Material's search field sets Safari's autocorrect="off"; not (yet) standard HTML.
    r"^Attribute “autocorrect” not allowed on element “input”",
    # Material's navigation partial writes tabindex="" on section labels it leaves
    # focusable; browsers ignore the empty value. Overriding the partial would fork it.
    r"^Bad value “” for attribute “tabindex” on element “label”",
}


def html_errors(site: Path) -> list[str]:
    """The Nu HTML Checker's errors on every HTML file of the site, minus the allowed ones."""
    require(VNU.is_file(), str(VNU))
    require(shutil.which("java") is not None, "java")
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [
        f"{m.get('url', '').removeprefix('file:' + str(site))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
        if not any(re.search(pattern, m["message"]) for pattern in VNU_ALLOWED)
    ]


def test_html_is_valid(fixture_site: Path) -> None:
    assert html_errors(fixture_site) == []


def test_no_broken_link_or_anchor(fixture_site: Path) -> None:
    problems, checked = broken_links(fixture_site, PUBLIC_URL)
    assert problems == []
    assert checked > 500


def test_every_page_links_its_counterparts_and_x_default(fixture_site: Path) -> None:
    for lang in LANGS:
        for page in sorted((fixture_site / lang).rglob("index.html")):
            path = page.parent.relative_to(fixture_site / lang).as_posix()
            path = "" if path == "." else f"{path}/"
            html = page.read_text(encoding="utf-8")
            found = dict(
                re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
            )
            assert found == {
                "ar": f"{PUBLIC_URL}ar/{path}",
                "en": f"{PUBLIC_URL}en/{path}",
                "x-default": PUBLIC_URL,
            }, page


def test_sitemaps_list_both_languages_with_alternates(fixture_site: Path) -> None:
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for lang in LANGS:
        tree = ET.parse(fixture_site / lang / "sitemap.xml")  # noqa: S314 (our own build)
        urls = tree.getroot().findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
        pages = {p.parent for p in (fixture_site / lang).rglob("index.html")}
        assert len(urls) == len(pages)
        for url in urls:
            loc = url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") or ""
            path = loc.removeprefix(f"{PUBLIC_URL}{lang}/")
            assert (fixture_site / lang / path / "index.html").is_file(), loc
            alternates = {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
            assert alternates == {
                "ar": f"{PUBLIC_URL}ar/{path}",
                "en": f"{PUBLIC_URL}en/{path}",
                "x-default": PUBLIC_URL,
            }


def test_each_language_has_its_own_404_page(fixture_site: Path) -> None:
    for lang in LANGS:
        html = (fixture_site / lang / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert 'rel="alternate" hreflang' not in html  # a missing page has no counterpart


SECTION_ID = re.compile(r'<h[2-6] id="([^"]+)"')


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, id=kind)
        for kind, path in PAGE_TYPES.items()
        if kind not in ("404", "changes")  # it lists the days that changed its language
    ],
)
def test_sections_have_the_same_ids_in_both_languages(fixture_site: Path, path: str) -> None:
    """The language selector keeps the reader's #section, so both languages must share it."""
    ids = {
        lang: SECTION_ID.findall((fixture_site / lang / path / "index.html").read_text("utf-8"))
        for lang in LANGS
    }
    assert sorted(ids["ar"]) == sorted(ids["en"])  # the glossary sorts by each alphabet
