"""Where each generated page and download lives, and the address it is served at."""

from __future__ import annotations

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
