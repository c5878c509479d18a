"""What a reader does in the browser, as functions the tests run on the real and broken sites."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page


def switch_language(page: Page, to: str) -> str:
    """Open the language selector, choose `to`, and return the address it leads to."""
    page.hover(".md-select")
    with page.expect_navigation():
        page.click(f"a.md-select__link[hreflang={to}]")
    page.wait_for_load_state("networkidle")
    return page.url


def search(page: Page, query: str) -> list[str]:
    """Type a query in the search box; the results' pages, as path#fragment. The box may
    hold an earlier query: each answer is waited for on its own."""
    page.click(".md-search__input")
    # The search loads its index when it opens. Once the index is built, Material answers
    # the empty box ("Type to start searching"); a query typed before that would get
    # interim lines ("No matching documents") ahead of its own answer.
    page.wait_for_function(
        """() => document.querySelector('.md-search__input').value !== ''
        || document.querySelector('.md-search-result__meta').textContent.trim()
        === JSON.parse(document.getElementById('__config').textContent)
            .translations['search.result.placeholder']"""
    )
    meta = page.locator(".md-search-result__meta")
    # Material answers every query by writing this line again ("2 matching documents"):
    # blanked, it shows when this query's answer is in.
    meta.evaluate("line => { line.textContent = '' }")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material reads the query on keyup
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent !== ''"
    )
    found = []
    for href in page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)"
    ):
        parts = urlsplit(href)
        found.append(parts.path + (f"#{parts.fragment}" if parts.fragment else ""))
    return found
