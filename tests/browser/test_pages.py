"""Every page type in both languages, desktop and phone, light and dark.

Each page loads cleanly (no request leaves 127.0.0.1, none fails, no console error),
reads in its direction, fits a phone's width, and passes axe-core without a serious
or critical violation. A screenshot of each goes to test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    PAGE_TYPES,
    SCREENSHOTS,
    VIEWPORTS,
    Opener,
    axe_violations,
)
from tests.helpers import LANGS

# Every viewport in the light scheme; dark mode (Material follows the reader's
# preference) on the desktop, where it differs only in colours.
CASES = [
    pytest.param(lang, kind, viewport, scheme, id=f"{lang}-{kind}-{viewport}-{scheme}")
    for lang in LANGS
    for kind in PAGE_TYPES
    for viewport, scheme in [*((v, "light") for v in VIEWPORTS), ("desktop", "dark")]
]


@pytest.mark.parametrize(("lang", "kind", "viewport", "scheme"), CASES)
def test_page_type(
    site_address: str, open_page: Opener, lang: str, kind: str, viewport: str, scheme: str
) -> None:
    visit = open_page(f"{site_address}{lang}/{PAGE_TYPES[kind]}", viewport, lang, scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{lang}-{kind}-{viewport}-{scheme}.png"
    visit.page.screenshot(path=shot, full_page=True)

    assert visit.problems(allowed_status=404 if kind == "404" else 200) == []
    assert visit.page.locator("html").get_attribute("lang") == lang
    direction = visit.page.evaluate("() => getComputedStyle(document.body).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    # Nothing wider than the screen: a reader on a phone never scrolls sideways.
    overflow = visit.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(visit.page) == []
