"""The dated site as the engines build it: sitemaps, the feed in every page's head, the
root's sitemap index and robots.txt, and builds without history (a shallow clone,
--no-history) that show no date at all. Rebuilds, cold and cached, are compared byte
for byte in test_determinism.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from generator.model import LANGUAGES
from tests.helpers import PUBLIC_URL, build_site, pages_of, parse
from tests.history_repo import git

pytestmark = pytest.mark.build

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LASTMOD = {
    "en": {
        "": "2025-01-06",
        "changes/": "2025-02-17",
        "explainers/cloud/": "2025-02-03",
        "explainers/deal/": "2025-02-10",
        "explainers/outlook/": "2025-01-06",
        "figures/": "2025-02-03",
        "glossary/": "2025-02-17",
        "sources/": "2025-01-06",
        "timeline/": "2025-01-06",
        "who/": "2025-01-06",
    },
}
LASTMOD["ar"] = {**LASTMOD["en"], "explainers/cloud/": "2025-01-27", "figures/": "2025-01-27"}
CORRECTED = {"2025-02-10T00:00:00Z", "2025-02-17T00:00:00Z"}
FEED_LINK = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">'
)


def lastmods(site: Path, lang: str) -> dict[str, str | None]:
    root = ET.parse(site / lang / "sitemap.xml").getroot()  # noqa: S314 - our own build
    return {
        (url.findtext(f"{SITEMAP}loc") or "").removeprefix(f"{PUBLIC_URL}{lang}/"): url.findtext(
            f"{SITEMAP}lastmod"
        )
        for url in root.findall(f"{SITEMAP}url")
    }


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_sitemaps_date_each_page_from_the_history(
    engine: str, lang: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(
        "fixture_site" if engine == "mkdocs" else "fixture_zensical_site"
    )
    assert lastmods(site, lang) == LASTMOD[lang]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_page_links_its_languages_feed(engine: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(
        "fixture_site" if engine == "mkdocs" else "fixture_zensical_site"
    )
    for lang in LANGUAGES:
        for name, path in pages_of(site, lang).items():
            html = path.read_text(encoding="utf-8")
            (href,) = FEED_LINK.findall(html)
            if name == "404.html":
                assert href == f"/{lang}/feed.xml"  # served at any depth: from the root
                continue
            target = urlsplit(urljoin(f"{PUBLIC_URL}{lang}/{name}", href)).path
            assert target == f"/{lang}/feed.xml", (name, href)


def test_feed_entries_lead_to_pages_and_anchors_that_exist(fixture_site: Path) -> None:
    for lang in LANGUAGES:
        feed = feedparser.parse((fixture_site / lang / "feed.xml").read_bytes())
        assert not feed.bozo
        assert feed.entries
        for entry in feed.entries:
            address = urlsplit(entry.link)
            page = fixture_site / address.path.lstrip("/") / "index.html"
            assert page.is_file(), entry.link
            assert not address.fragment or address.fragment in parse(page).ids, entry.link


def test_the_root_has_a_sitemap_index_and_a_robots_txt(fixture_site: Path) -> None:
    index = ET.parse(fixture_site / "sitemap.xml").getroot()  # noqa: S314 - our own build
    assert [s.findtext(f"{SITEMAP}loc") for s in index] == [
        f"{PUBLIC_URL}{lang}/sitemap.xml" for lang in LANGUAGES
    ]
    assert (fixture_site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {PUBLIC_URL}sitemap.xml\n"
    )


def test_a_shallow_clone_builds_without_dates_and_says_so_once(
    fixture_facts: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{fixture_facts.parent}", str(clone))

    result = build_site(
        clone / "facts", tmp_path / "site", tmp_path / "work", "--site-url", PUBLIC_URL
    )

    assert result.code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: the site shows no dates: this is a shallow clone, which holds only the latest "
        "commits: fetch the whole history (`git fetch --unshallow`; in CI, check out with "
        "fetch-depth: 0)."
    ]
    assert_undated(tmp_path / "site")


def test_no_history_builds_without_dates(fixture_facts: Path, tmp_path: Path) -> None:
    result = build_site(
        fixture_facts, tmp_path / "site", tmp_path / "work", "--site-url", PUBLIC_URL,
        "--no-history",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert result.stderr.count("note: the site shows no dates: --no-history was given.") == 1
    assert_undated(tmp_path / "site")


def assert_undated(site: Path) -> None:
    """No date the site could not know: none on pages, in sitemaps or in a feed."""
    for lang in LANGUAGES:
        assert not (site / lang / "feed.xml").exists()
        assert set(lastmods(site, lang).values()) == {None}
        for name, path in pages_of(site, lang).items():
            html = path.read_text(encoding="utf-8")
            # Only the corrections' own days, which the facts give.
            assert set(re.findall(r'<time datetime="([^"]+)"', html)) <= CORRECTED, name
            assert "application/atom+xml" not in html, name
            assert '"dateModified"' not in html, name
        # Corrections carry their own dates: still there.
        changes = (site / lang / "changes" / "index.html").read_text(encoding="utf-8")
        assert changes.count("<strong>") == 2
    assert "<lastmod>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
