"""The real content in the browser and the HTML checker: what holds for any valid content.

Every page of the real site, in both languages, is valid HTML, has no broken link or
anchor, and passes axe-core without a serious or critical violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.conftest import Opener, axe_violations, new_context, serve
from tests.browser.links import broken_links
from tests.browser.test_html import html_errors
from tests.helpers import FACTS, LANGS, PUBLIC_URL, pages_of, site_of


def test_html_is_valid(real_site: Path) -> None:
    assert html_errors(real_site) == []


def test_no_broken_link_or_anchor(real_site: Path) -> None:
    problems, checked = broken_links(real_site, PUBLIC_URL)
    assert problems == []
    assert checked > 0


PAGES = [
    pytest.param(lang, name, id=f"{lang}-{name}")
    for lang in LANGS
    for name in (
        "",
        "glossary/",
        "figures/",
        "timeline/",
        "who/",
        "sources/",
        "changes/",
        *(f"explainers/{page}/" for page in site_of(FACTS).pages),
    )
]


@pytest.fixture(scope="module")
def real_address(real_site: Path) -> Iterator[str]:
    with serve(real_site) as address:
        yield address


@pytest.fixture(scope="module")
def reader(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """A reader of each language, going from page to page."""
    contexts = {lang: new_context(browser, lang=lang) for lang in LANGS}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize(("lang", "path"), PAGES)
def test_every_page_passes_axe(
    real_address: str,
    open_page: Opener,
    reader: dict[str, BrowserContext],
    lang: str,
    path: str,
) -> None:
    visit = open_page(f"{real_address}{lang}/{path}", lang=lang, context=reader[lang])
    assert visit.problems() == []
    assert axe_violations(visit.page) == []


def test_every_page_was_checked(real_site: Path) -> None:
    for lang in LANGS:
        built = {name.removesuffix("index.html") for name in pages_of(real_site, lang)}
        assert built - {"404.html"} == {
            param.values[1] for param in PAGES if param.values[0] == lang
        }
