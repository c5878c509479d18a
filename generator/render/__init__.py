"""Render a checked Site into one language's Markdown pages, data files and engine config.

Pure: takes the model, returns {relative path: text}. Templates lay pages out; each
page's PageView (view.py) turns model values into escaped, formatted Markdown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, get_args

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import anchors, prose
from ..history import History
from ..model import LANGUAGES, EntityKind, Lang, Site
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
    Layout,
    direction,
    download_path,
    explainer_path,
    figures_path,
    timeline_path,
    years,
)
from .reads import ALL, Digests, Parts, Reads, Recorded, Reuse, tracked
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
    files = render_files(site, lang, base_config, overrides, site_url, history)
    return {path: text for path, text in files if text is not None}


def render_files(
    site: Site,
    lang: Lang,
    base_config: str,
    overrides: str,
    site_url: str | None,
    history: History | None = None,
    reuse: Reuse | None = None,
) -> Iterator[tuple[str, str | None]]:
    """The files of render_site one by one, so that a writer holds one page at a time.

    With `reuse` (what the last run rendered), a page whose reads are unchanged is not
    rendered: it comes as (path, None), its file being already right.
    """
    env = _environment()
    reads = Reads()
    # What the pages see: it notes what they read, for a next run to compare (`reuse`);
    # a run that keeps nothing for one reads the site itself, without noting each read.
    seen = tracked(site, reads) if reuse is not None else site
    fmt = Formatter(seen, lang)
    fmt.reads = reads
    index = SiteIndex(seen, lang, reads)
    layout = Layout.of(site)
    story = history or History.unavailable("")
    # The chronicle reads the site as it is made, and the history: a page that asks it
    # anything has read all of that.
    with reads.capture() as made:
        chronicle = Chronicle(seen, story, fmt, layout)
    told = frozenset({*made, ("history", "")})
    # The derived keys' digests are handed the Digests, not closed over it: a cycle would
    # keep the whole site alive after the run, until a full collection walked it.
    digests = Digests(
        site,
        {
            "facts-of": lambda d, page: d.entries("facts", index.facts_by_page.get(page, [])),
            "charts-of": lambda d, page: d.entries("charts", index.charts_by_page.get(page, [])),
            "with-figures": lambda _, __: repr(index.with_figures),
            "term-names": lambda _, __: repr(sorted(index.term_names.items())),
            "history": lambda _, __: repr(story),
        },
        common=repr(
            (lang, base_config, overrides, site_url, site.settings.model_dump_json(), layout)
        ),
        before=reuse.digests if reuse is not None else None,
    )

    parts = reuse.parts if reuse is not None else Parts()

    def cited() -> dict[str, list[int]]:
        """Site.cited_paragraphs, read from every entry that can cite (worked out once)."""
        for kind in ("sources", "entities", "facts", "terms", "events", "pages"):
            reads.add((kind, ALL))
        return site.cited_paragraphs

    def page(path: str, template: str, context: Callable[[], dict[str, Any]]) -> Maker:
        def make() -> str:
            view = PageView(fmt, index, path, site_url)
            changes = Recorded(ChangesView(chronicle, view), reads, told)
            common = dict(
                site=seen, lang=lang, words=fmt.words, fmt=fmt, h=view, ch=changes, layout=layout
            )

            def part(template: str, key: str, **more: Any) -> Markup:
                """A part of the page, made again only when what it read changed, or the
                glossary terms linked before it (only a term's first use is a link).
                `more` holds ids: an entry is read inside the part, to count as its read."""

                def made() -> tuple[str, frozenset[str]]:
                    text = env.get_template(template).render(**common, **more)
                    return text, frozenset(view.linked)

                if reuse is None:  # nothing is kept for a next run: made in place, let go
                    text = made()[0]
                else:
                    before = " ".join(sorted(view.linked))
                    text, linked = parts.get(f"docs/{path}#{key}#{before}", made, reads, digests)
                    view.linked = set(linked)
                return Markup(text)  # noqa: S704 - a template's output, escaped by `finalize`

            return env.get_template(template).render(**common, part=part, **context())

        return f"docs/{path}", make

    # A split listing's pages: each explainer's figures, each year's events.
    listed = [
        *(
            page(figures_path(p), "figures-page.md.j2", functools.partial(dict, page_id=p))
            for p in (index.with_figures if layout.figures_split else [])
        ),
        *(
            page(timeline_path(year), "timeline-year.md.j2", _year(seen, year))
            for year, _ in (years(site) if layout.timeline_split else [])
        ),
    ]
    makers = [
        page("index.md", "home.md.j2", dict),
        *(page(explainer_path(p), "explainer.md.j2", _explainer(seen, p)) for p in site.pages),
        page(GLOSSARY, "glossary.md.j2", lambda: {"terms": _glossary_order(seen, lang)}),
        page(FIGURES, "figures.md.j2", dict),
        page(TIMELINE, "timeline.md.j2", lambda: {"years": years(seen)}),
        *listed,
        page(WHO, "who.md.j2", lambda: {"kinds": _by_kind(seen)}),
        page(SOURCES, "sources.md.j2", lambda: {"cited": cited()}),
        page(CHANGES, "changes.md.j2", lambda: {"dated": story.available}),
        *_downloads(site, seen, fmt, index, lambda key, make: parts.get(key, make, reads, digests)),
    ]
    # The feed is made every time: it is small, and reads the whole story.
    root = f"{site_url.rstrip('/')}/{lang}/" if site_url else ""
    feed = atom_feed(chronicle, lambda target: root + target)
    if feed is not None:
        yield f"docs/{FEED}", feed

    def config() -> str:
        # The menu of a large site is most of it: made again only when what it lists
        # changed (the explainers, which have figures, the years), or the story did.
        reads.replay(told)
        lastmod = chronicle.lastmod()
        extra: dict[str, Any] = {"lastmod": lastmod} if lastmod else {}
        if feed is not None:
            extra["feed"] = {
                "href": FEED,
                "title": fmt.words["feed.title"].format(fmt.plain(seen.settings.title)),
            }
        figures = index.pages_with_figures()
        return engine_config(seen, lang, base_config, overrides, site_url, extra, layout, figures)

    makers.append(("mkdocs.yml", config))
    for path, make in makers:
        if reuse is not None and reuse.unchanged(path, digests):
            yield path, None
            continue
        first_part = len(parts.used)
        with reads.capture() as read:
            content = make()
        if reuse is not None:
            reuse.rendered(path, read, parts.used[first_part:])
        yield path, content
    if reuse is not None:
        reuse.done(digests)


Maker = tuple[str, Callable[[], str]]


def _explainer(site: Site, page_id: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"page": site.pages[page_id]}


def _year(site: Site, year: int | None) -> Callable[[], dict[str, Any]]:
    # All the events are read: the page changes when one moves in or out of its year.
    return lambda: {"year": year, "events": dict(years(site))[year]}


def _downloads(
    site: Site,
    seen: Site,
    fmt: Formatter,
    index: SiteIndex,
    kept: Callable[[str, Callable[[], Any]], Any],
) -> list[Maker]:
    """Every figures table as CSV and JSON, and all figures in one file of each; `kept`
    makes each value's row once, for its page's files and the files of all."""
    pages: list[str | None] = [None, *index.with_figures]

    def row(fact_id: str, number: int) -> data.Row:
        fact = seen.facts[fact_id]  # read inside the part: the part's reads name the fact
        value = fact.values[number]
        shown, source = fmt.value_and_status(value), fmt.source_label(value.source)
        return data.row_text(data.figure_row(fact, value, fmt.plain(fact.label), shown, source))

    def rows(page_id: str | None) -> list[data.Row]:
        # A part of parts: the CSV and the JSON file share the list, and a list whose
        # rows all read what they read last time is kept whole, without asking each row.
        found: list[data.Row] = kept(f"rows {page_id or ''}", functools.partial(listed, page_id))
        return found

    def listed(page_id: str | None) -> list[data.Row]:
        facts = index.facts_of(page_id) if page_id else list(seen.facts.values())
        return [
            kept(f"row {fact.id} {n}", functools.partial(row, fact.id, n))
            for fact in facts
            for n in range(len(fact.values))
        ]

    def title(page_id: str | None) -> str:
        title = fmt.words["nav.figures"]
        if page_id:
            title += fmt.words["list.separator"] + fmt.plain(seen.pages[page_id].title)
        return title

    return [
        maker
        for page_id in pages
        for maker in (
            (f"docs/{download_path(page_id, 'csv')}", lambda p=page_id: data.figures_csv(rows(p))),
            (
                f"docs/{download_path(page_id, 'json')}",
                lambda p=page_id: data.figures_json(title(p), fmt.lang, rows(p)),
            ),
        )
    ]


def _glossary_order(site: Site, lang: Lang) -> list[Any]:
    def key(term: Any) -> str:
        name = (term.term.get(lang) or term.term.get("en") or "").casefold()
        # Arabic dictionaries file terms under their first letter after the article.
        return name.removeprefix("ال") if lang == "ar" else name

    return sorted(site.terms.values(), key=key)


def _by_kind(site: Site) -> list[tuple[str, list[Any]]]:
    order = get_args(EntityKind)
    return [
        (kind, [e for e in site.entities.values() if e.kind == kind])
        for kind in order
        if any(e.kind == kind for e in site.entities.values())
    ]


@functools.cache  # one per process: each template is compiled once, for every language and build
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
        # The templates are the generator's, which a process never reloads: not looked
        # up on disk again at each of a build's ten thousand parts.
        auto_reload=False,
    )
    env.globals["direction"] = direction
    env.globals["anchors"] = anchors
    env.filters["figures_path"] = figures_path
    env.filters["timeline_path"] = timeline_path
    return env


@functools.cache
def _html_environment() -> Environment:
    return Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
    )


def render_root(
    site: Site, site_url: str | None = None, history: History | None = None
) -> dict[str, str]:
    """The pages at the site's root: one sends a reader to a language; 404.html is what
    hosts such as GitHub Pages serve for any missing address, so its links are absolute
    when the site's address is known. With an address, also a sitemap index of both
    languages' sitemaps and a robots.txt that names it."""
    env = _html_environment()
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
