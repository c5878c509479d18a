"""Render a checked Site into one language's Markdown pages, data files and engine config.

Pure: takes the model, returns {relative path: text}. Templates lay pages out; each
page's PageView (view.py) turns model values into escaped, formatted Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as html_escape

from . import data, markup
from .format import Formatter
from .model import LANGUAGES, Citation, Lang, Site, Value
from .ui import UI
from .view import (
    FIGURES,
    GLOSSARY,
    SOURCES,
    TIMELINE,
    WHO,
    PageView,
    SiteIndex,
    direction,
    download_path,
    explainer_path,
)


def render_site(
    site: Site, lang: Lang, project: str = "../../..", site_url: str | None = None
) -> dict[str, str]:
    """Every generated file of one language; `project` is the repository seen from its folder."""
    env = _environment()
    words = UI[lang]
    formatter = Formatter(lang, site.settings.numbering_system)
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "index.md": ("home.md.j2", {}),
        **{explainer_path(p.id): ("explainer.md.j2", {"page": p}) for p in site.pages.values()},
        GLOSSARY: ("glossary.md.j2", {"terms": _glossary_order(site, lang)}),
        FIGURES: ("figures.md.j2", {}),
        TIMELINE: ("timeline.md.j2", {"years": _timeline(site)}),
        WHO: ("who.md.j2", {"kinds": _by_kind(site)}),
        SOURCES: ("sources.md.j2", {"cited": _cited_paragraphs(site)}),
    }
    files = {}
    index = SiteIndex(site, lang)
    for path, (template, context) in pages.items():
        helpers = PageView(site, lang, formatter, path, site_url, index)
        files[f"docs/{path}"] = env.get_template(template).render(
            site=site, lang=lang, words=words, h=helpers, **context
        )
    files.update(_downloads(site, PageView(site, lang, formatter, FIGURES, site_url, index)))
    files["mkdocs.yml"] = _config(site, lang, project, site_url)
    return files


def _downloads(site: Site, h: PageView) -> dict[str, str]:
    """Every figures table as CSV and JSON, and all figures in one file of each."""
    pages: list[str | None] = [None, *(p for p in site.pages if h.facts_of(p))]
    files = {}
    for page_id in pages:
        facts = h.facts_of(page_id) if page_id else list(site.facts.values())
        rows = [h.figure_row(fact, value) for fact in facts for value in fact.values]
        title = h.words["nav.figures"]
        if page_id:
            title += h.words["list.separator"] + h.plain(site.pages[page_id].title)
        files[f"docs/{download_path(page_id, 'csv')}"] = data.figures_csv(rows)
        files[f"docs/{download_path(page_id, 'json')}"] = data.figures_json(title, h.lang, rows)
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
    order = ["company", "person", "authority", "organization", "group"]
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


def _config(site: Site, lang: Lang, project: str, site_url: str | None) -> str:
    """The per-language engine config: inherits the shared mkdocs.yml at the repository root."""
    words = UI[lang]
    settings = site.settings
    config: dict[str, Any] = {
        "INHERIT": f"{project}/mkdocs.yml",
        "site_name": _attribute(settings.title.get(lang) or ""),
        "site_description": _attribute(markup.inline(settings.description.get(lang) or "")),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"language": lang, "custom_dir": f"{project}/overrides"},
        "extra": {
            "alternate": [
                {"name": UI[other]["language.name"], "lang": other, "link": f"../{other}/"}
                for other in LANGUAGES
            ],
        },
        "nav": [
            {words["nav.home"]: "index.md"},
            {
                words["nav.explainers"]: [
                    {
                        _attribute(
                            page.title.get(lang) or page.title.get("en") or page.id
                        ): explainer_path(page.id)
                    }
                    for page in site.pages.values()
                ]
            },
            {words["nav.glossary"]: GLOSSARY},
            {words["nav.figures"]: FIGURES},
            {words["nav.timeline"]: TIMELINE},
            {words["nav.who"]: WHO},
            {words["nav.sources"]: SOURCES},
        ],
    }
    if site_url:
        config["site_url"] = f"{site_url.rstrip('/')}/{lang}/"
    header = "# Generated by `python -m generator`; edit facts/ and mkdocs.yml instead.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def _attribute(text: str) -> str:
    """Titles reach the engine's HTML templates unescaped, so escape them here."""
    return str(html_escape(markup.inline(text)))


def _environment() -> Environment:
    def finalize(value: Any) -> Any:
        # Autoescape for Markdown: anything a template prints is inert unless it is
        # already Markup built by the helpers above.
        return value if isinstance(value, Markup) else markup.escape(str(value))

    env = Environment(
        loader=PackageLoader("generator", "templates"),
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - the output is Markdown; `finalize` escapes it
    )
    env.globals["direction"] = direction
    return env


def render_root(site: Site, site_url: str | None = None) -> dict[str, str]:
    """The pages at the site's root: one sends a reader to a language; 404.html is what
    hosts such as GitHub Pages serve for any missing address, so its links are absolute
    when the site's address is known."""
    env = Environment(
        loader=PackageLoader("generator", "templates"), autoescape=True, undefined=StrictUndefined
    )
    titles = {lang: markup.inline(site.settings.title.get(lang) or "") for lang in LANGUAGES}
    names = {lang: UI[lang]["language.name"] for lang in LANGUAGES}
    base = f"{site_url.rstrip('/')}/" if site_url else ""
    return {
        "index.html": env.get_template("root.html.j2").render(
            titles=titles, names=names, base="", not_found=None
        ),
        "404.html": env.get_template("root.html.j2").render(
            titles=titles,
            names=names,
            base=base,
            not_found={lang: UI[lang]["root.not_found"] for lang in LANGUAGES},
        ),
    }
