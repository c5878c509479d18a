"""Render a checked Site into one language's Markdown pages, data files and engine config.

Pure: takes the model, returns {relative path: text}. Templates lay pages out; each
page's PageView (view.py) turns model values into escaped, formatted Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import anchors, prose
from ..history import History
from ..model import LANGUAGES, Citation, EntityKind, Lang, Site, Value
from ..words import WORDS
from . import data
from .changes import Chronicle
from .changes_view import ChangesView
from .config import engine_config
from .escaping import escape
from .feed import atom_feed
from .format import Formatter
from .paths import (
    CHANGES,
    FEED,
    FIGURES,
    GLOSSARY,
    SOURCES,
    TIMELINE,
    WHO,
    direction,
    download_path,
    explainer_path,
)
from .view import PageView, SiteIndex


def render_site(
    site: Site,
    lang: Lang,
    base_config: str = "../../../mkdocs.yml",
    overrides: str = "../../../overrides",
    site_url: str | None = None,
    history: History | None = None,
) -> dict[str, str]:
    """Every generated file of one language, by path in its project folder.

    `base_config` and `overrides` are the shared mkdocs.yml and overrides/ as seen from
    that folder, where the engine runs. Without a `history` the site tells no dates,
    only its corrections, which carry their own.
    """
    env = _environment()
    fmt = Formatter(site, lang)
    chronicle = Chronicle(site, history or History.unavailable(""), fmt)
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "index.md": ("home.md.j2", {}),
        **{explainer_path(p.id): ("explainer.md.j2", {"page": p}) for p in site.pages.values()},
        GLOSSARY: ("glossary.md.j2", {"terms": _glossary_order(site, lang)}),
        FIGURES: ("figures.md.j2", {}),
        TIMELINE: ("timeline.md.j2", {"years": _timeline(site)}),
        WHO: ("who.md.j2", {"kinds": _by_kind(site)}),
        SOURCES: ("sources.md.j2", {"cited": _cited_paragraphs(site)}),
        CHANGES: ("changes.md.j2", {"dated": chronicle.history.available}),
    }
    files = {}
    index = SiteIndex(site, lang)
    for path, (template, context) in pages.items():
        view = PageView(fmt, index, path, site_url)
        files[f"docs/{path}"] = env.get_template(template).render(
            site=site,
            lang=lang,
            words=fmt.words,
            fmt=fmt,
            h=view,
            ch=ChangesView(chronicle, view),
            **context,
        )
    files.update(_downloads(site, fmt, index))
    root = f"{site_url.rstrip('/')}/{lang}/" if site_url else ""
    feed = atom_feed(chronicle, lambda target: root + target)
    if feed is not None:
        files[f"docs/{FEED}"] = feed
    lastmod = chronicle.lastmod()
    extra: dict[str, Any] = {"lastmod": lastmod} if lastmod else {}
    if feed is not None:
        extra["feed"] = {
            "href": FEED,
            "title": fmt.words["feed.title"].format(fmt.plain(site.settings.title)),
        }
    files["mkdocs.yml"] = engine_config(site, lang, base_config, overrides, site_url, extra)
    return files


def _downloads(site: Site, fmt: Formatter, index: SiteIndex) -> dict[str, str]:
    """Every figures table as CSV and JSON, and all figures in one file of each."""
    pages: list[str | None] = [None, *(p for p in site.pages if index.facts_by_page.get(p))]
    files = {}
    for page_id in pages:
        facts = index.facts_by_page[page_id] if page_id else list(site.facts.values())
        rows = [
            data.figure_row(
                fact,
                value,
                fmt.plain(fact.label),
                fmt.value_and_status(value),
                fmt.source_label(value.source),
            )
            for fact in facts
            for value in fact.values
        ]
        title = fmt.words["nav.figures"]
        if page_id:
            title += fmt.words["list.separator"] + fmt.plain(site.pages[page_id].title)
        files[f"docs/{download_path(page_id, 'csv')}"] = data.figures_csv(rows)
        files[f"docs/{download_path(page_id, 'json')}"] = data.figures_json(title, fmt.lang, rows)
    return files


def _glossary_order(site: Site, lang: Lang) -> list[Any]:
    def key(term: Any) -> str:
        name = (term.term.get(lang) or term.term.get("en") or "").casefold()
        # Arabic dictionaries file terms under their first letter after the article.
        return name.removeprefix("ال") if lang == "ar" else name

    return sorted(site.terms.values(), key=key)


def _timeline(site: Site) -> list[tuple[int | None, list[Any]]]:
    events = sorted(site.events.values(), key=lambda e: (e.date.sort_key, e.id))
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e.date.year)]


def _by_kind(site: Site) -> list[tuple[str, list[Any]]]:
    order = get_args(EntityKind)
    return [
        (kind, [e for e in site.entities.values() if e.kind == kind])
        for kind in order
        if any(e.kind == kind for e in site.entities.values())
    ]


def _cited_paragraphs(site: Site) -> dict[str, list[int]]:
    """Which paragraphs of each source the site cites, for the sources page."""
    found: dict[str, set[int]] = {source: set() for source in site.sources}
    for collection in (site.facts, site.terms, site.entities, site.events, site.pages):
        for entry in collection.values():
            for citation in _all_citations(entry):
                found[citation[0]].add(citation[1])
    return {source: sorted(paragraphs) for source, paragraphs in found.items()}


def _all_citations(value: Any) -> Iterable[tuple[str, int]]:
    if isinstance(value, (Citation, Value)):
        yield (value.source, value.paragraph)
    if hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _all_citations(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _all_citations(item)


def _environment() -> Environment:
    def finalize(value: Any) -> Any:
        # Autoescape for Markdown: anything a template prints is inert unless it is
        # already Markup built by the helpers above.
        return value if isinstance(value, Markup) else escape(str(value))

    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - the output is Markdown; `finalize` escapes it
    )
    env.globals["direction"] = direction
    env.globals["anchors"] = anchors
    return env


def render_root(
    site: Site, site_url: str | None = None, history: History | None = None
) -> dict[str, str]:
    """The pages at the site's root: one sends a reader to a language; 404.html is what
    hosts such as GitHub Pages serve for any missing address, so its links are absolute
    when the site's address is known. With an address, also a sitemap index of both
    languages' sitemaps and a robots.txt that names it."""
    env = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
    )
    titles = {lang: prose.inline(site.settings.title.get(lang) or "") for lang in LANGUAGES}
    names = {lang: WORDS[lang]["language.name"] for lang in LANGUAGES}
    base = f"{site_url.rstrip('/')}/" if site_url else ""
    files = {
        "index.html": env.get_template("root.html.j2").render(
            titles=titles, names=names, base="", not_found=None
        ),
        "404.html": env.get_template("root.html.j2").render(
            titles=titles,
            names=names,
            base=base,
            not_found={lang: WORDS[lang]["root.not_found"] for lang in LANGUAGES},
        ),
    }
    if site_url:
        dated = history or History.unavailable("")
        days = {lang: Chronicle(site, dated, Formatter(site, lang)).lastmod() for lang in LANGUAGES}
        latest: dict[str, str | None] = {
            lang: max(days[lang].values(), default=None) for lang in LANGUAGES
        }
        files.update(data.sitemap_index(base, latest))
    return files
