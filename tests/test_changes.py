"""What readers are told of the history, in both languages: page dates, earlier values,
corrections, the changes page, the Atom feeds, JSON-LD and sitemap dates.

Rendered from the scripted repository's history (tests/history_repo.py), whose commit
ids are the same everywhere; the whole changes page, feed and two explainer pages are
compared with files under tests/golden/history/ (`make golden` rewrites them).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator import history_cache
from generator.history import History
from generator.model import LANGUAGES, Correction, Site, Text
from generator.render import render_root, render_site
from generator.render.paths import page_url
from tests.helpers import PUBLIC_URL, site_of
from tests.history_repo import scripted_repository

EXPECTED = Path(__file__).parent / "golden" / "history" / "expected"
COMPARED = ("docs/changes.md", "docs/feed.xml", "docs/explainers/cloud.md",
            "docs/explainers/deal.md", "mkdocs.yml")  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, History]:
    base = tmp_path_factory.mktemp("story")
    facts = scripted_repository(base / "repo")
    return site_of(facts), history_cache.read_history(facts, base / "work")


@pytest.fixture(scope="module")
def rendered(story: tuple[Site, History]) -> dict[str, dict[str, str]]:
    site, history = story
    return {
        lang: render_site(site, lang, site_url=PUBLIC_URL, history=history) for lang in LANGUAGES
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", COMPARED)
def test_pages_and_feed_match_what_is_expected(
    rendered: dict[str, dict[str, str]], lang: str, path: str
) -> None:
    expected = EXPECTED / lang / path
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(rendered[lang][path], encoding="utf-8")
    assert rendered[lang][path] == expected.read_text(encoding="utf-8")


def test_each_page_says_when_it_was_published_and_updated(
    rendered: dict[str, dict[str, str]],
) -> None:
    english, arabic = rendered["en"], rendered["ar"]
    cloud = english["docs/explainers/cloud.md"]
    assert (
        'Published on <time datetime="2025-01-06T09:00:00Z">January 6, 2025</time> · '
        'updated on <time datetime="2025-02-03T09:00:00Z">February 3, 2025</time>'
    ) in cloud
    # The English label was reworded on 2025-02-03; the Arabic page changed last on 01-27.
    assert (
        'نُشرت في <time datetime="2025-01-06T09:00:00Z"><bdi dir="ltr">6</bdi> يناير '
        '<bdi dir="ltr">2025</bdi></time> · آخر تحديث\\: <time datetime="2025-01-27T09:00:00Z">'
    ) in arabic["docs/explainers/cloud.md"]
    outlook = english["docs/explainers/outlook.md"]
    assert "Published on" in outlook
    assert "updated on" not in outlook  # never changed since


def test_a_changed_figure_shows_its_earlier_values_with_their_dates(
    rendered: dict[str, dict[str, str]],
) -> None:
    for path in ("docs/explainers/cloud.md", "docs/figures.md"):
        english = rendered["en"][path]
        assert (
            '| about 1,200<br><small class="earlier">Earlier\\: about 1,100 \\(until '
            '<time datetime="2025-01-27T09:00:00Z">January 27, 2025</time>\\); about 1,000 '
            '\\(until <time datetime="2025-01-20T09:00:00Z">January 20, 2025</time>\\)</small> |'
        ) in english
        arabic = rendered["ar"][path]
        assert (
            '<small class="earlier">قيم سابقة\\: نحو <bdi dir="ltr">1,100</bdi> \\(حتى <time'
            in arabic
        )
    assert rendered["en"]["docs/explainers/deal.md"].count('class="earlier"') == 0


def test_the_changes_page_tells_each_change_newest_first(
    rendered: dict[str, dict[str, str]],
) -> None:
    english = rendered["en"]["docs/changes.md"]
    days = re.findall(r"^## (.+) \{ #([0-9\\-]+) \}$", english, re.M)
    assert days == [
        ("February 17, 2025", "2025\\-02\\-17"),
        ("February 10, 2025", "2025\\-02\\-10"),
        ("February 3, 2025", "2025\\-02\\-03"),
        ("January 27, 2025", "2025\\-01\\-27"),
        ("January 20, 2025", "2025\\-01\\-20"),
        ("January 13, 2025", "2025\\-01\\-13"),
        ("January 6, 2025", "2025\\-01\\-06"),
    ]
    assert (
        "- [Engineers on the project](explainers/cloud.md#figure-engineers): about 1,200, "
        "was about 1,100."
    ) in english
    assert "(explainers/cloud.md#figure-engineers): new figure, about 1,000." in english
    arabic = rendered["ar"]["docs/changes.md"]
    assert (
        '- [عدد المهندسين](explainers/cloud.md#figure-engineers): نحو <bdi dir="ltr">1,200</bdi>، '
        'بعد أن كان نحو <bdi dir="ltr">1,100</bdi>.'
    ) in arabic
    assert "2025\\-02\\-03" not in arabic  # only the English wording changed that day
    assert "- نُشر الشرح أول مرة." in arabic


def test_corrections_are_shown_where_they_apply(rendered: dict[str, dict[str, str]]) -> None:
    deal = rendered["en"]["docs/explainers/deal.md"]
    note = deal.index('!!! note "Correction"')
    assert note < deal.index("## The share")  # at the top, before the text
    assert '    <time datetime="2025-02-10T00:00:00Z">February 10, 2025</time>\n' in deal
    assert "    An earlier version said\\: We attributed report A's figure" in deal
    glossary = rendered["ar"]["docs/glossary.md"]
    assert glossary.index('!!! note "تصويب"') > glossary.index("{ #revenue\\-share }")


def test_feeds_are_atom_and_each_entry_leads_to_a_page_that_exists(
    rendered: dict[str, dict[str, str]], story: tuple[Site, History]
) -> None:
    for lang in LANGUAGES:
        text = rendered[lang]["docs/feed.xml"]
        feed = feedparser.parse(text)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        assert feed.feed.updated == "2025-02-17T00:00:00+00:00"  # the newest line's
        ids = [entry.id for entry in feed.entries]
        # Two corrections, two values, a figure and a section added, the publication; and in
        # English the reworded label.
        assert len(ids) == len(set(ids)) == {"en": 8, "ar": 7}[lang]
        stamps = [entry.updated for entry in feed.entries]
        assert stamps == sorted(stamps, reverse=True)
        for entry in feed.entries:
            assert entry.link.startswith(f"{PUBLIC_URL}{lang}/")
            path = entry.link.removeprefix(f"{PUBLIC_URL}{lang}/").split("#")[0]
            pages = {page_url(p.removeprefix("docs/")) for p in rendered[lang] if p.endswith(".md")}
            assert path in pages, entry.link
        # RFC 4287: what every feed and entry must have.
        root = ET.fromstring(text)  # noqa: S314 - our own output
        assert root.tag == f"{ATOM}feed"
        for element in (root, *root.findall(f"{ATOM}entry")):
            for child in ("id", "title", "updated"):
                assert element.find(f"{ATOM}{child}") is not None, child
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{PUBLIC_URL}{lang}/feed.xml"


def test_feed_entries_keep_their_ids_from_build_to_build(
    story: tuple[Site, History],
) -> None:
    site, history = story
    first = render_site(site, "en", site_url=PUBLIC_URL, history=history)["docs/feed.xml"]
    later = History(**{**vars(history), "changes": history.changes[:-3]})
    second = render_site(site, "en", site_url=PUBLIC_URL, history=later)["docs/feed.xml"]
    assert set(re.findall(r"<id>(urn:uuid:[^<]+)</id>", second)) < set(
        re.findall(r"<id>(urn:uuid:[^<]+)</id>", first)
    )


def test_json_ld_and_sitemaps_take_their_dates_from_the_history(
    rendered: dict[str, dict[str, str]], story: tuple[Site, History]
) -> None:
    deal = rendered["en"]["docs/explainers/deal.md"]
    article = json.loads(re.search(r'<script type="application/ld\+json">(.+)</script>', deal)[1])
    assert article["datePublished"] == "2025-01-06T09:00:00Z"
    assert article["dateModified"] == "2025-02-10T09:00:00Z"
    (correction,) = article["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["datePublished"] == "2025-02-10"
    config = rendered["en"]["mkdocs.yml"]
    assert "    explainers/cloud/: '2025-02-03'" in config
    assert "    glossary/: '2025-02-17'" in config  # its correction
    assert "feed:\n    href: feed.xml" in config
    site, history = story
    root = render_root(site, PUBLIC_URL, history)
    assert root["robots.txt"].endswith(f"Sitemap: {PUBLIC_URL}sitemap.xml\n")
    index = ET.fromstring(root["sitemap.xml"].encode())  # noqa: S314 - our own output
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [
        (s.findtext(f"{namespace}loc"), s.findtext(f"{namespace}lastmod"))
        for s in index.findall(f"{namespace}sitemap")
    ] == [
        (f"{PUBLIC_URL}ar/sitemap.xml", "2025-02-17"),
        (f"{PUBLIC_URL}en/sitemap.xml", "2025-02-17"),
    ]
    assert set(render_root(site, None, history)) == {"index.html", "404.html"}


def test_without_history_there_are_no_dates_and_no_feed(story: tuple[Site, History]) -> None:
    site, _ = story
    for lang in LANGUAGES:
        files = render_site(site, lang, site_url=PUBLIC_URL)
        assert "docs/feed.xml" not in files
        assert "<time" not in files["docs/explainers/cloud.md"]
        assert "lastmod" not in files["mkdocs.yml"]
        assert "feed" not in files["mkdocs.yml"]
        assert '"dateModified"' not in files["docs/explainers/deal.md"]
        assert '"datePublished": "2025-01' not in files["docs/explainers/deal.md"]
        # Corrections carry their own dates: still shown, on their pages and listed.
        assert "!!! note" in files["docs/explainers/deal.md"]
        assert files["docs/changes.md"].count("- **") == 2
    root = render_root(site, PUBLIC_URL, History.unavailable("none"))
    assert "<lastmod>" not in root["sitemap.xml"]


def test_contributor_text_in_a_correction_stays_text(story: tuple[Site, History]) -> None:
    site, history = story
    wrong = Text(
        ar="قلنا <script>alert(1)</script> و*غامق* و[رابط](https://example.invalid)",
        en='We said <script>alert(1)</script> *bold* [link](https://example.invalid) "x"',
    )
    first = next(iter(site.corrections.values()))
    hostile = Correction(**{**dict(first), "wrong": wrong, "id": "hostile"})
    site = dataclasses.replace(site, corrections={**site.corrections, "hostile": hostile})
    for lang in LANGUAGES:
        files = render_site(site, lang, site_url=PUBLIC_URL, history=history)
        for path in ("docs/changes.md", "docs/explainers/deal.md"):
            markdown = files[path].split('<script type="application/ld+json">')[0]
            assert "<script>" not in markdown
            assert "&lt;" in markdown
            assert "](https://example.invalid)" not in markdown
        feed = files["docs/feed.xml"]
        assert "<script>" not in feed
        entries = feedparser.parse(feed).entries
        assert any("<script>alert(1)</script>" in entry.title for entry in entries)


def test_an_entry_revised_several_times_in_a_day_is_told_once(
    story: tuple[Site, History],
) -> None:
    site, history = story
    from generator.history import Change, Moment
    from generator.render.changes import Chronicle
    from generator.render.format import Formatter

    morning, noon, evening = (
        Moment(1_740_009_600 + hours * 3600, f"c{hours}") for hours in (1, 5, 9)
    )
    day = (
        Change(morning, "terms", "agi", "revised"),
        Change(noon, "terms", "agi", "revised"),
        Change(morning, "terms", "cloud-computing", "added"),
        Change(evening, "terms", "cloud-computing", "revised"),
        Change(noon, "facts", "engineers", "value", pages=("cloud",)),
        Change(evening, "facts", "engineers", "value", pages=("cloud",)),
    )
    later = History(**{**vars(history), "changes": (*history.changes, *day)})

    lines = Chronicle(site, later, Formatter(site, "en")).lines
    told = [(ln.change.moment, ln.change.id, ln.change.what) for ln in lines if ln.change][:5]

    assert told == [
        (evening, "engineers", "value"),
        (noon, "engineers", "value"),
        (noon, "agi", "revised"),  # the latest of the day's two
        (morning, "cloud-computing", "added"),  # its revision the same day is not told
        (history.changes[-3].moment, "engineers", "revised"),  # the days before, as they were
    ]
