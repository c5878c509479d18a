"""Each check catches what it guards against: the same checks, run on a site broken on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Opener, axe_violations, serve
from tests.browser.links import broken_links
from tests.browser.reader import search, switch_language
from tests.browser.test_html import html_errors
from tests.helpers import PUBLIC_URL

# Added to the English "who" page: each line breaks one promise.
BREAKAGE = """
<img src="https://cdn.example/tracker.png">
<img src="missing-picture.png" alt="missing">
<a href="../glossary/#no-such-term">a dead anchor</a>
<div style="width: 2000px">too wide for a phone</div>
<script>console.error("broken on purpose")</script>
"""


@pytest.fixture(scope="module")
def broken_site(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(fixture_site, site)
    page = site / "en" / "who" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", f"{BREAKAGE}</body>"),
        encoding="utf-8",
    )
    # The Arabic site without its search keys and section keeping.
    for script in ("search.js", "language.js"):
        (site / "ar" / "assets" / "javascripts" / script).write_text("", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def broken_address(broken_site: Path) -> Iterator[str]:
    with serve(broken_site) as address:
        yield address


def test_page_checks_catch_outside_requests_failures_errors_and_overflow(
    broken_address: str, open_page: Opener
) -> None:
    visit = open_page(f"{broken_address}en/who/", "mobile")
    assert visit.outside == ["https://cdn.example/tracker.png"]
    assert any("missing-picture.png" in failure for failure in visit.failed)
    assert any("broken on purpose" in error for error in visit.console_errors)
    assert visit.page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    violations = axe_violations(visit.page)
    assert any("image-alt" in violation for violation in violations)


def test_html_checks_catch_invalid_html_and_dead_links(broken_site: Path) -> None:
    assert any("alt" in error and "/en/who/" in error for error in html_errors(broken_site))
    problems, _ = broken_links(broken_site, PUBLIC_URL)
    assert any("#no-such-term" in problem for problem in problems)
    assert any("missing-picture.png" in problem for problem in problems)


def test_without_its_script_the_selector_loses_the_section(
    broken_address: str, open_page: Opener
) -> None:
    visit = open_page(f"{broken_address}ar/explainers/deal/#investment", lang="ar")
    assert switch_language(visit.page, "en").endswith("/en/explainers/deal/")


def test_without_its_keys_arabic_search_misses_variant_spellings(
    broken_address: str, open_page: Opener
) -> None:
    visit = open_page(f"{broken_address}ar/", lang="ar")
    assert "/ar/glossary/#cloud-computing" not in search(visit.page, "حوسـبةُ")
