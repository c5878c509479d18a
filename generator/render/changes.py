"""What changed, as readers of one language read it: dated lines, page dates, earlier values.

Pure. A `Chronicle` is built once per language from the site and its History; the
changes page, each explainer page's dates and changes, the feed, the JSON-LD dates and
the sitemaps' <lastmod> all read it, so they tell one story. Only dated changes are
told: an uncommitted edit has no date yet, and a site without history tells only its
corrections, which carry their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .. import anchors, prose
from ..history import Change, History, Moment
from ..model import Correction, Fact, Page, PartialDate, Site, Text, Value
from . import paths
from .format import Formatter

# Words of each kind of change (the keys are spelled out, so that a test finds each in use).
PREDICATES = {
    ("added", "facts"): "change.added.facts",
    ("added", "terms"): "change.added.terms",
    ("added", "events"): "change.added.events",
    ("added", "entities"): "change.added.entities",
    ("added", "pages"): "change.added.pages",
    ("added", "sections"): "change.added.sections",
    ("added", "charts"): "change.added.charts",
    ("added", "sources"): "change.added.sources",
    ("revised", "site"): "change.revised.site",
    ("revised", "facts"): "change.revised.facts",
    ("revised", "terms"): "change.revised.terms",
    ("revised", "events"): "change.revised.events",
    ("revised", "entities"): "change.revised.entities",
    ("revised", "pages"): "change.revised.pages",
    ("revised", "sections"): "change.revised.sections",
    ("revised", "charts"): "change.revised.charts",
    ("revised", "sources"): "change.revised.sources",
    ("removed", "facts"): "change.removed.facts",
    ("removed", "terms"): "change.removed.terms",
    ("removed", "events"): "change.removed.events",
    ("removed", "entities"): "change.removed.entities",
    ("removed", "pages"): "change.removed.pages",
    ("removed", "sections"): "change.removed.sections",
    ("removed", "charts"): "change.removed.charts",
    ("removed", "sources"): "change.removed.sources",
}
# The listing pages, and the kinds of entries whose changes date them.
LISTINGS = {
    paths.GLOSSARY: ("terms",),
    paths.TIMELINE: ("events",),
    paths.WHO: ("entities",),
    paths.SOURCES: ("sources",),
    paths.FIGURES: ("facts", "charts"),
    "index.md": ("site", "pages"),
}
SHOWS_CORRECTIONS = {paths.GLOSSARY, paths.TIMELINE, paths.WHO}  # beside their entries


@dataclass(frozen=True)
class Line:
    """One dated line: a change of an entry, or a correction."""

    when: datetime.datetime  # UTC; a correction's day at midnight
    change: Change | None = None
    correction: Correction | None = None

    @property
    def key(self) -> str:
        """Stable across builds: a feed entry's id is made from it."""
        if self.correction is not None:
            return f"correction/{self.correction.id}"
        change = self.change
        assert change is not None
        assert change.moment is not None
        return f"{change.moment.commit}/{change.kind}/{change.id}/{change.what}"


def when(moment: Moment) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(moment.time, tz=datetime.UTC)


def iso(moment: datetime.datetime) -> str:
    """A moment as JSON-LD, Atom and <time> write it: 2026-03-01T10:00:00Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Chronicle:
    """The history of one site as the readers of one language are told it."""

    def __init__(
        self, site: Site, history: History, fmt: Formatter, layout: paths.Layout | None = None
    ) -> None:
        self.site, self.history, self.fmt = site, history, fmt
        self.layout = layout or paths.Layout.of(site)
        self.lang, self.words = fmt.lang, fmt.words
        lines = [
            Line(when(c.moment), change=c)
            for c in history.changes
            if c.moment is not None and self.lang in c.langs and c.kind != "corrections"
        ]
        lines += [Line(midnight(c.date), correction=c) for c in site.corrections.values()]
        # Newest first; on one day, corrections first; then the latest commit first.
        ranked = sorted(
            enumerate(lines),
            key=lambda pair: (pair[1].when.date(), bool(pair[1].correction), pair[1].when, pair[0]),
            reverse=True,
        )
        self.lines = _once_a_day([line for _, line in ranked])
        self.dates = history.page_dates(site, self.lang) if history.available else {}

    # -- which lines belong where -------------------------------------------------------

    def pages_of(self, line: Line) -> tuple[str, ...]:
        """The explainer pages a line is about."""
        if line.correction is None:
            assert line.change is not None
            return tuple(p for p in line.change.pages if p in self.site.pages)
        pages = []
        for concern in line.correction.concerns:
            entry = getattr(self.site, concern.kind).get(concern.id)
            page = concern.id if concern.kind == "pages" else getattr(entry, "page", None)
            if page is not None:
                pages.append(page)
        return tuple(dict.fromkeys(pages))

    def lines_of(self, page_id: str) -> list[Line]:
        return [line for line in self.lines if page_id in self.pages_of(line)]

    def corrections_of(self, kind: str, id_: str) -> list[Correction]:
        """The corrections of one entry, newest first; for a page, of its figures too."""
        found = []
        for line in self.lines:
            correction = line.correction
            if correction is None:
                continue
            if any((c.kind, c.id) == (kind, id_) for c in correction.concerns) or (
                kind == "pages" and id_ in self.pages_of(line)
            ):
                found.append(correction)
        return found

    def page_dates(self, page_id: str) -> tuple[datetime.datetime | None, ...]:
        """(published, updated), each None when the site cannot know it."""
        published, updated = self.dates.get(page_id, (None, None))
        return tuple(when(m) if m is not None else None for m in (published, updated))

    def lastmod(self) -> dict[str, str]:
        """The day each page last changed, by its address: what sitemaps say. A page that
        an uncommitted change touches has no such day yet, and gets none."""
        if not self.history.available:
            return {}
        days = {}
        for page_id in self.site.pages:
            updated = self.page_dates(page_id)[1]
            if updated is not None:
                days[paths.page_url(paths.explainer_path(page_id))] = updated
        changes = [c for c in self.history.changes if self.lang in c.langs]
        corrected = {
            c.id: {concern.kind for concern in c.concerns} for c in self.site.corrections.values()
        }
        for path, kinds in LISTINGS.items():
            moments = [
                c.moment
                for c in changes
                if c.kind in kinds
                or c.what == "published"
                or (
                    c.kind == "corrections"
                    and path in SHOWS_CORRECTIONS
                    and corrected.get(c.id, set()) & set(kinds)
                )
            ]
            if moments and None not in moments:
                day = when(max(m for m in moments if m is not None))
                for page in (path, *self._listed(path)):
                    days[paths.page_url(page)] = day
        if self.lines:
            days[paths.page_url(paths.CHANGES)] = self.lines[0].when
        return {url: day.date().isoformat() for url, day in sorted(days.items())}

    def _listed(self, listing: str) -> list[str]:
        """The pages a split listing lists; the same changes date them as the listing."""
        if listing == paths.FIGURES and self.layout.figures_split:
            return [paths.figures_path(page_id) for page_id in paths.with_figures(self.site)]
        if listing == paths.TIMELINE and self.layout.timeline_split:
            return [paths.timeline_path(year) for year, _ in paths.years(self.site)]
        return []

    # -- how a line reads ---------------------------------------------------------------

    def target(self, line: Line) -> tuple[str, str] | None:
        """The page (a Markdown path) and anchor of the entry a line is about, if it exists."""
        if line.correction is not None:
            concern = line.correction.concerns[0]
            return self.entry_target(concern.kind, concern.id, concern.section)
        assert line.change is not None
        return self.entry_target(line.change.kind, line.change.id)

    def entry_target(
        self, kind: str, id_: str, section: str | None = None
    ) -> tuple[str, str] | None:
        """Where an entry is shown (a Markdown path and an anchor); None when it is gone."""
        if section is not None:
            kind, id_ = "sections", f"{id_}/{section}"
        site = self.site
        if kind == "sections":
            page_id, _, section = id_.partition("/")
            page = site.pages.get(page_id)
            if page and any(s.id == section for s in page.sections):
                return (paths.explainer_path(page_id), section)
            return None
        if kind == "site":
            return ("index.md", "")
        entry = getattr(site, kind, {}).get(id_)
        if entry is None:
            return None
        if kind in ("facts", "charts"):
            anchor = anchors.figure(id_) if kind == "facts" else anchors.chart(id_)
            return (paths.explainer_path(entry.page), anchor)
        if kind == "pages":
            return (paths.explainer_path(id_), "")
        if kind == "events":
            return (self.layout.event_path(entry.date.year), id_)
        where = {"terms": paths.GLOSSARY, "entities": paths.WHO}
        if kind in where:
            return (where[kind], id_)
        return (paths.SOURCES, anchors.source(id_))

    def subject(self, line: Line) -> str:
        """What a line is about, in plain words: the entry's name, or those corrected."""
        if line.correction is not None:
            names = [self.name(c.kind, c.id, c.section) for c in line.correction.concerns]
            return self.words["list.separator"].join(names)
        assert line.change is not None
        change = line.change
        if change.what == "published":
            return self.fmt.plain(self.site.settings.title)
        return self.name(change.kind, change.id) or self._plain(change.name)

    def name(self, kind: str, id_: str, section: str | None = None) -> str:
        """An entry's name as readers know it now; "" when it is gone."""
        site, plain = self.site, self.fmt.plain
        if kind == "sections":
            id_, _, section = id_.partition("/")
            kind = "pages"
        entry = getattr(site, kind, {}).get(id_) if kind != "site" else site.settings
        if entry is None:
            return ""
        if isinstance(entry, Page) and section:
            heading = next((s.heading for s in entry.sections if s.id == section), None)
            return self.words["change.section"].format(plain(entry.title), plain(heading))
        if kind == "sources":
            return self.fmt.source_name(id_)
        for field in ("label", "term", "name", "title"):
            if isinstance(getattr(entry, field, None), Text):
                return plain(getattr(entry, field))
        return id_

    def _plain(self, name: tuple[str, ...]) -> str:
        """A name kept from an entry that is gone; its references spelled out if they can be."""
        text = Text(**dict(zip(("ar", "en"), name, strict=False))) if name else None
        try:
            return self.fmt.plain(text)
        except (KeyError, ValueError):
            return prose.REFERENCE.sub("", prose.inline(self.fmt.text_of(text)[0])) if text else ""

    def predicate(self, line: Line) -> str:
        """What happened to it, in a few words; empty for a correction."""
        change = line.change
        if change is None:
            return ""
        if change.what == "published":
            return self.words["change.published"]
        if change.what == "value":
            return self.words["change.value"].format(
                self.values(change.id, change.after), self.values(change.id, change.before)
            )
        words = self.words[PREDICATES[(change.what, change.kind)]]
        if change.what == "added" and change.kind == "facts":
            return words.format(self.values(change.id, change.after))
        return words

    def sentence(self, line: Line) -> str:
        """The line in plain words, for a feed: "Contoso's investment: $5 billion, was ..."."""
        if line.correction is not None:
            correction, plain = line.correction, self.fmt.plain
            return " ".join([
                f"{self.words['correction.label']}: {self.subject(line)}.",
                self.words["correction.wrong"].format(plain(correction.wrong)),
                self.words["correction.right"].format(plain(correction.right)),
            ])  # fmt: skip
        if line.change is not None and line.change.what == "published":
            return self.predicate(line)
        return f"{self.subject(line)}: {self.predicate(line)}".rstrip(".") + "."

    def values(self, fact_id: str, data: Iterable[dict[str, Any]] | None) -> str:
        """A figure's values as they read then: `data` from the history, or today's."""
        fact = self.site.facts.get(fact_id)
        try:
            values = [Value.model_validate(d) for d in data] if data is not None else None
        except ValidationError:
            return ""
        if fact is None or values is None:
            values = values if values is not None else (fact.values if fact else [])
            fact = Fact.model_construct(id=fact_id, label=Text(), page="", values=values)
        else:
            fact = fact.model_copy(update={"values": values})
        if not fact.values:
            return ""
        if fact.reports_differ and any(v.source not in self.site.sources for v in fact.values):
            return self.words["or"].join(self.fmt.value(v) for v in fact.values)
        return self.fmt.values(fact, list(fact.values))

    def earlier(self, fact: Fact) -> list[tuple[str, datetime.datetime | None]]:
        """A figure's earlier values, newest first, each with the day it was replaced."""
        return [
            (self.values(fact.id, e.values), when(e.until) if e.until else None)
            for e in reversed(self.history.earlier.get(fact.id, ()))
        ]

    def day(self, moment: datetime.datetime) -> str:
        """A day as readers of this language write it: "March 1, 2026" / «1 مارس 2026»."""
        return self.fmt.date(PartialDate(moment.year, moment.month, moment.day))


def _once_a_day(lines: list[Line]) -> list[Line]:
    """Newest first, an entry revised several times in a day is told once (the latest),
    and not at all on the day it was added; each change of a figure's value is told."""

    def key(line: Line) -> tuple[datetime.date, str, str] | None:
        change = line.change
        return None if change is None else (line.when.date(), change.kind, change.id)

    added = {key(ln) for ln in lines if ln.change is not None and ln.change.what == "added"}
    revised = set()
    kept = []
    for line in lines:
        if line.change is not None and line.change.what == "revised":
            if key(line) in added or key(line) in revised:
                continue
            revised.add(key(line))
        kept.append(line)
    return kept


def midnight(date: PartialDate) -> datetime.datetime:
    """A correction's day, as the moment it is listed at."""
    assert date.year is not None
    assert date.month is not None
    assert date.day is not None
    return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
