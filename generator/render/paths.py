"""Where each generated page and download lives, and the address it is served at."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from ..model import Site

GLOSSARY, FIGURES, TIMELINE, WHO, SOURCES = (
    "glossary.md",
    "figures.md",
    "timeline.md",
    "who.md",
    "sources.md",
)
CHANGES = "changes.md"
FEED = "feed.xml"  # each language's Atom feed of the changes page, at its root
DATA = "data"
FORMATS = {"csv": "text/csv", "json": "application/json"}


def explainer_path(page_id: str) -> str:
    return f"explainers/{page_id}.md"


def figures_path(page_id: str) -> str:
    """One explainer's figures, on a page of their own when the figures are split."""
    return f"figures/{page_id}.md"


def timeline_path(year: int | None) -> str:
    """One year's events (or those with no year), when the timeline is split."""
    return f"timeline/{'undated' if year is None else year}.md"


def years(site: Site) -> list[tuple[int | None, list[Any]]]:
    """The events by year, in date order (those with a month but no year where they sort)."""
    events = sorted(site.events.values(), key=lambda e: (e.date.sort_key, e.id))
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e.date.year)]


def with_figures(site: Site) -> list[str]:
    """The explainers that have figures, in order."""
    pages = {fact.page for fact in site.facts.values()}
    return [page_id for page_id in site.pages if page_id in pages]


@dataclass(frozen=True)
class Layout:
    """Whether the figures and the timeline are split. Each is one page while it is short;
    past the site's `listing_limit`, that page lists pages of one explainer's figures, or
    of one year's events. A long page weighs on every reader's phone, and an edit of any
    entry on it has the engine render it whole again."""

    figures_split: bool
    timeline_split: bool

    @classmethod
    def of(cls, site: Site) -> Layout:
        limit = site.settings.listing_limit
        return cls(len(site.facts) > limit, len(site.events) > limit)

    def event_path(self, year: int | None) -> str:
        """The page that shows an event of `year`."""
        return timeline_path(year) if self.timeline_split else TIMELINE


def download_path(page_id: str | None, extension: str) -> str:
    """The figures of one explainer page, or all of them when `page_id` is None."""
    name = f"figures-{page_id}" if page_id else "figures"
    return f"{DATA}/{name}.{extension}"


def page_url(path: str) -> str:
    """Where a Markdown page is served with directory URLs: figures.md -> figures/."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"
