"""Reader features in the browser: language switching that keeps the place, and search."""

from __future__ import annotations

from playwright.sync_api import Browser

from generator.arabic import key
from tests.browser.conftest import Opener
from tests.browser.reader import search, switch_language


def test_language_selector_keeps_the_section(site_address: str, open_page: Opener) -> None:
    visit = open_page(f"{site_address}ar/explainers/deal/#investment", lang="ar")
    assert switch_language(visit.page, "en") == f"{site_address}en/explainers/deal/#investment"
    assert visit.page.locator("html").get_attribute("lang") == "en"
    assert visit.problems() == []


def test_language_selector_follows_the_section_read_last(
    site_address: str, open_page: Opener
) -> None:
    visit = open_page(f"{site_address}en/glossary/")
    visit.page.click('.md-sidebar--secondary a[href="#revenue-share"]')
    assert switch_language(visit.page, "ar") == f"{site_address}ar/glossary/#revenue-share"
    assert visit.page.locator("#revenue-share").count() == 1
    assert visit.problems() == []


def test_language_selector_works_without_javascript(site_address: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_address}en/timeline/")
    page.hover(".md-select")
    page.click("a.md-select__link[hreflang=ar]")
    assert page.url == f"{site_address}ar/timeline/"
    context.close()


def test_the_404_page_leads_to_the_other_language(site_address: str, open_page: Opener) -> None:
    visit = open_page(f"{site_address}ar/no-such-page/", lang="ar")
    assert visit.status == 404
    assert switch_language(visit.page, "en") == f"{site_address}en/"
    assert visit.problems(allowed_status=404) == []


def test_material_fetches_no_sitemap(site_address: str, open_page: Opener) -> None:
    """Material's language helper would fetch a sitemap next to each hreflang address
    (another host's, on a preview): its fetches are answered in the page, and the
    selector still leads to the page's counterpart."""
    visit = open_page(f"{site_address}en/who/")
    assert [address for address in visit.requests if "sitemap" in address] == []
    assert visit.outside == []
    assert switch_language(visit.page, "ar") == f"{site_address}ar/who/"
    assert visit.problems() == []


def test_search_loads_when_the_reader_opens_it(site_address: str, open_page: Opener) -> None:
    """A page read without searching fetches neither Material's search index nor its
    search engine; on a phone, the header's search button opens the search, which then
    finds an Arabic word."""
    visit = open_page(f"{site_address}ar/explainers/deal/", viewport="mobile", lang="ar")
    assert [url for url in visit.requests if "search_index" in url or "/workers/" in url] == []
    visit.page.click("label.md-header__button[for=__search]")
    assert "/ar/explainers/deal/" in search(visit.page, "استثمار")
    assert [url for url in visit.requests if url.endswith("/ar/search/search_index.json")]
    assert visit.problems() == []


# Each query, and a page it must find.
ARABIC_QUERIES = [
    ("حوسبة", "/ar/glossary/#cloud-computing"),
    ("حوسـبةُ", "/ar/glossary/#cloud-computing"),  # tatweel and a damma
    ("والحوسبة", "/ar/glossary/#cloud-computing"),  # conjunction and article
    ("الاستثمار", "/ar/explainers/deal/"),
    ("استثمار", "/ar/explainers/deal/"),
    ("بالاستثمارات", "/ar/explainers/deal/"),
]


def test_arabic_search_forgives_spelling(site_address: str, open_page: Opener) -> None:
    """Every query typed in turn in one page's search box, as a reader tries spellings."""
    visit = open_page(f"{site_address}ar/", lang="ar")
    missed = [
        (query, expected)
        for query, expected in ARABIC_QUERIES
        if expected not in search(visit.page, query)
    ]
    assert missed == []
    assert visit.problems() == []


def test_english_search_finds_english_pages_only(site_address: str, open_page: Opener) -> None:
    visit = open_page(f"{site_address}en/")
    found = search(visit.page, "Contoso")
    assert "/en/explainers/deal/" in found
    assert all(path.startswith("/en/") for path in found)
    assert visit.problems() == []


WORDS = ["ستارجيت", "الاستثمار", "للاستثمار", "وبالبيانات", "بند", "أُسَّس", "إدارة", "مدينة", "على"]


def test_browser_and_build_make_the_same_search_keys(site_address: str, open_page: Opener) -> None:
    visit = open_page(f"{site_address}ar/", lang="ar")
    keys = visit.page.evaluate("words => words.map(window.explainerSearch.queryKey)", WORDS)
    assert keys == [key(word) for word in WORDS]
