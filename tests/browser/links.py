"""A link and anchor checker for a built site: every href and src resolves inside it."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes whose value is an address the reader follows or the browser fetches.
LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
    "use": "href",
    "form": "action",
}
IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript"}


class Document(HTMLParser):
    """The ids a page defines and the addresses it points at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if found.get(name):
                self.ids.add(str(found[name]))
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and found.get(attribute):
            self.links.append(str(found[attribute]))


@cache
def _parse(path: Path) -> Document:
    document = Document()
    document.feed(path.read_text(encoding="utf-8"))
    return document


def _file_for(site: Path, url_path: str) -> Path | None:
    """The file a static server would send for this path, or None."""
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(site: Path, public_url: str | None = None) -> tuple[list[str], int]:
    """Every address in the site's HTML that leads nowhere; and how many were checked.

    Addresses under `public_url` are the site's own (hreflang, canonical) and are
    checked as local paths; other absolute addresses lead outside and are not followed.
    """
    _parse.cache_clear()
    site = site.resolve()
    problems, checked = [], 0
    for page in sorted(site.rglob("*.html")):
        base = "/" + page.relative_to(site).as_posix()
        for link in _parse(page).links:
            if public_url and link.startswith(public_url):
                link = "/" + link[len(public_url) :]
            parts = urlsplit(link)
            if parts.scheme in IGNORED_SCHEMES or (parts.scheme or parts.netloc):
                continue
            checked += 1
            resolved = urlsplit(urljoin(base, link))
            target = _file_for(site, resolved.path)
            where = f"{page.relative_to(site)}: {link}"
            if target is None:
                problems.append(f"{where}: no such file")
            elif (
                resolved.fragment
                and target.suffix == ".html"
                and unquote(resolved.fragment) not in _parse(target).ids
            ):
                problems.append(f"{where}: no #{resolved.fragment} in {target.relative_to(site)}")
    return problems, checked
