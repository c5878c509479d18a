"""Glossary tooltips run nothing: Material's script shows a link's title as HTML.

A term's short definition becomes the `title` of every link to the term, and the
theme's tooltip inserts that title into the page with innerHTML when a reader hovers,
focuses or taps the link. Hostile definitions are hovered and focused in Chromium,
with both engines and in both languages; the same steps on a site whose titles are
escaped only once (the mistake this guards against) show that the check can fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup, escape

from generator import cli
from generator.render import view
from tests.browser.conftest import Opener, serve
from tests.helpers import LANGS, ROOT, build_site, once

pytestmark = pytest.mark.build

BASE = ROOT / "tests" / "bad_input" / "base"
# Each would set window.__xss if it ever became markup. (Numbers of 11 and more: the
# style rules want numbers below eleven in words, even in a payload.)
PAYLOADS = (
    '<img src=x onerror="window.__xss=11">',
    "<svg><animate onbegin=window.__xss=11 attributeName=x dur=11s></svg>",
    "&lt;img src=x onerror=window.__xss=11&gt;",
)
SHORT = " ".join(("A computing project", *PAYLOADS))


def hostile_facts(folder: Path) -> Path:
    """The corpus' base with the payloads in the term's short definition, linked from prose."""
    shutil.copytree(BASE, folder)
    glossary = yaml.safe_load((folder / "glossary.yml").read_text("utf-8"))
    glossary["terms"][0]["short"] = {"ar": f"مشروع حوسبة {SHORT}", "en": SHORT}
    (folder / "glossary.yml").write_text(yaml.safe_dump(glossary, allow_unicode=True), "utf-8")
    pages = yaml.safe_load((folder / "pages.yml").read_text("utf-8"))
    body = pages["pages"][0]["sections"][0]["body"]
    body["ar"] += " ثم {term:stargate}"  # no particle joined to a reference
    body["en"] += " and {term:stargate}"
    (folder / "pages.yml").write_text(yaml.safe_dump(pages, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_address(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    def make(folder: Path) -> None:
        facts = hostile_facts(folder / "facts")
        result = build_site(facts, folder / "site", folder / "work", "--engine", request.param)
        assert result.code == 0, result.stderr

    with serve(once(tmp_path_factory, f"tooltips-{request.param}", make) / "site") as address:
        yield address


@pytest.fixture(scope="module")
def escaped_once_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The control: the same content with link titles escaped once, as before the fix."""
    folder = tmp_path_factory.mktemp("tooltips-escaped-once")
    facts = hostile_facts(folder / "facts")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        patch.setattr(
            view,
            "tooltip",
            lambda text: Markup(escape(text)),  # noqa: S704 - the mistake, on purpose
        )
        code = cli.main(
            [
                "--facts",
                str(facts),
                "build",
                "--out",
                str(folder / "site"),
                "--work",
                str(folder / "work"),
            ]
        )
    assert code == 0
    with serve(folder / "site") as address:
        yield address


def show_tooltip(
    open_page: Opener, address: str, lang: str, runs: bool = False
) -> tuple[object, str]:
    """Hover, then focus, the term link; what the page's script set, and the tooltip's text.
    Where a script `runs`, it is waited for (an image's error comes late on a busy machine);
    elsewhere the page gets half a second to run one."""
    visit = open_page(f"{address}{lang}/explainers/story/", lang=lang)
    link = visit.page.locator("article a.term").first
    link.hover()
    tooltip = visit.page.locator(".md-tooltip2__inner").first
    tooltip.wait_for(state="visible")
    shown = tooltip.text_content() or ""
    visit.page.mouse.move(0, 0)
    link.focus()
    if runs:
        visit.page.wait_for_function("() => window.__xss !== undefined")
    else:
        visit.page.wait_for_timeout(500)
    return visit.page.evaluate("() => window.__xss"), shown


@pytest.mark.parametrize("lang", LANGS)
def test_hovering_and_focusing_a_term_link_runs_nothing(
    hostile_address: str, open_page: Opener, lang: str
) -> None:
    ran, shown = show_tooltip(open_page, hostile_address, lang)
    assert ran is None
    assert SHORT in shown  # the definition is shown, as text


def test_titles_escaped_once_would_run_script(escaped_once_address: str, open_page: Opener) -> None:
    ran, _ = show_tooltip(open_page, escaped_once_address, "en", runs=True)
    assert ran == 11
