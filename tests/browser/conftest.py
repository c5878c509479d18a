"""The fixture site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Every request a page makes is recorded; requests for any other host are refused
before they leave the machine, and reported. Every test here runs a site engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    sync_playwright,
)

from tests.helpers import LANGS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Headless Chromium still makes each new window's address-bar popups (chrome:// pages,
    # a renderer of their own): about 1.3 s of CPU per page opened, twice what loading a
    # page of the site costs. No test uses the address bar.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]
NODE_MODULES = ROOT / "node_modules"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# One page of every type of the fixture (one explainer with a correction, one with a figure's
# earlier values); for 404 the reader asks for a page that does not exist. The published
# address (PUBLIC_URL) is never requested: that would leave 127.0.0.1.
PAGE_TYPES = {
    "home": "",
    "explainer": "explainers/deal/",
    "explainer-changed": "explainers/cloud/",
    "glossary": "glossary/",
    "figures": "figures/",
    "timeline": "timeline/",
    "who": "who/",
    "sources": "sources/",
    "changes": "changes/",
    "404": "no-such-page/",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
# Every layout shift of a page while it loads (before any input), with what moved: an
# element in the header is named "header …", as the page's own buttons must never move.
RECORD_LAYOUT_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const moved = entry.sources.map((source) => {
      const node = source.node && (source.node.closest ? source.node : source.node.parentElement);
      if (!node) return "?";
      const name = node.nodeName.toLowerCase() + (node.id ? "#" + node.id : "");
      return (node.closest(".md-header") ? "header " : "") + name;
    });
    window.layoutShifts.push({value: entry.value, moved: moved});
  }
}).observe({type: "layout-shift", buffered: true});
"""


def require(found: bool, what: str) -> None:
    """A missing tool fails the run in CI, never a silent skip; locally it skips, saying why."""
    if found:
        return
    message = f"{what} is missing: run `make browser-deps`"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; a missing page under /ar/ or /en/ gets that language's 404 page."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        lang = urlsplit(self.path).path.strip("/").split("/")[0]
        page = Path(self.directory) / lang / "404.html"
        if code != HTTPStatus.NOT_FOUND or lang not in LANGS or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yields the base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """One page loaded in the browser, with everything it asked for and complained about."""

    page: Page
    url: str
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self, allowed_status: int = 200) -> list[str]:
        found = [f"request outside 127.0.0.1: {url}" for url in self.outside]
        found += [f"failed request: {text}" for text in self.failed]
        # The browser logs a 404 page's own status as an error; that one is expected.
        own_status = f"status of 404 (Not Found) ({self.url})"
        found += [
            f"console error: {text}"
            for text in self.console_errors
            if not (allowed_status == 404 and text.endswith(own_status))
        ]
        if self.status != allowed_status:
            found.append(f"page status {self.status}, expected {allowed_status}")
        return found


Opener = Callable[..., Visit]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test loads a built site: they all carry the `build` marker."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def site_address(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require(CHROMIUM.is_file(), str(CHROMIUM))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(
    browser: Browser, viewport: str = "desktop", lang: str = "en", scheme: str = "light"
) -> BrowserContext:
    """A browser context as a reader's: a screen, a language, a colour scheme; its pages
    record their layout shifts."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
        locale=lang,
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    context.add_init_script(RECORD_LAYOUT_SHIFTS)
    return context


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Opener]:
    """Open an address in a fresh browser context; or in the tab of `context`, as a reader
    going from page to page (with what the browser has cached). Closes what it opened
    after the test, and leaves a shared tab as it found it."""
    opened: list[BrowserContext] = []
    listening: list[tuple[Page, str, Callable[..., None]]] = []

    def stop_listening(page: Page | None = None) -> None:
        for listened, event, handler in list(listening):
            if page in (None, listened):
                listened.remove_listener(event, handler)
                listening.remove((listened, event, handler))

    def opener(
        url: str,
        viewport: str = "desktop",
        lang: str = "en",
        scheme: str = "light",
        context: BrowserContext | None = None,
    ) -> Visit:
        if context is None:
            context = new_context(browser, viewport, lang, scheme)
            opened.append(context)
        if context.pages:
            page = context.pages[0]
            stop_listening(page)  # the tab's last visit is over
        else:
            page = context.new_page()  # closed with its context
        visit = Visit(page, url)

        def route(route: Route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                visit.outside.append(route.request.url)
                route.abort("blockedbyclient")

        def finished(response: Response) -> None:
            if response.status >= 400 and response.url != url:
                visit.failed.append(f"{response.status} {response.url}")

        def failed(request: Request) -> None:
            if urlsplit(request.url).hostname == "127.0.0.1":
                visit.failed.append(f"{request.failure} {request.url}")

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.console_errors.append(f"{message.text} ({message.location.get('url')})")

        def uncaught(error: Exception) -> None:
            visit.console_errors.append(f"uncaught: {error}")

        context.unroute("**/*")  # a shared context's last visit is over
        context.route("**/*", route)
        handlers: dict[str, Callable[..., None]] = {
            "request": lambda request: visit.requests.append(request.url),
            "response": finished,
            "requestfailed": failed,
            "console": console,
            "pageerror": uncaught,
        }
        for event, handler in handlers.items():
            page.on(event, handler)  # type: ignore[call-overload]
            listening.append((page, event, handler))
        response = page.goto(url, wait_until="networkidle")
        visit.status = response.status if response else None
        return visit

    yield opener
    stop_listening()
    for context in opened:
        context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the loaded page, one line each."""
    axe = NODE_MODULES / "axe-core" / "axe.min.js"
    require(axe.is_file(), str(axe))
    page.add_script_tag(path=str(axe))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['impact']} {rule['id']}: {rule['help']} "
        f"({len(rule['nodes'])}x, e.g. {rule['nodes'][0]['target']})"
        for rule in result["violations"]
        if rule["impact"] in impacts
    ]
