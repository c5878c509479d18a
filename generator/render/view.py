"""The site seen from one page: what its template may call, as escaped Markdown.

Each page gets its own view, which knows where the page lives (for relative links)
and which glossary terms it has already linked; how values read in the page's
language is the Formatter's business, shared by every page of a build.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from .. import anchors, arabic, prose
from ..model import SCALES, Chart, Citation, Fact, Page, Site, Term, Text, Value
from . import charts, data
from .escaping import escape, isolate, joined, markup, tooltip
from .format import Formatter
from .paths import (
    FORMATS,
    GLOSSARY,
    SOURCES,
    direction,
    download_path,
    page_url,
    with_figures,
)
from .reads import Key, Reads

_WORD = re.compile(f"[A-Za-z0-9{arabic.LETTERS}]+")


@functools.lru_cache(maxsize=1024)  # a few folders times a few targets, asked on every line
def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)


class SiteIndex:
    """What every page of one language looks up: built once, not per page or per sentence."""

    def __init__(self, site: Site, lang: str, reads: Reads | None = None) -> None:
        self.reads = reads or Reads()  # what each page reads of the lists below
        self.term_names = {
            name.lower(): term.id
            for term in site.terms.values()
            for name in (term.term.get(lang), term.abbr)
            if name and len(name) >= 3
        }
        # Names by their first word, longest first: a lookup per word of text, rather
        # than trying every name at every position.
        self.names_by_word: dict[str, list[str]] = {}
        for name in sorted(self.term_names, key=len, reverse=True):
            first = _WORD.match(name)
            if first:
                self.names_by_word.setdefault(first.group(0), []).append(name)
        self.facts_by_page: dict[str, list[Fact]] = {}
        for fact in site.facts.values():
            self.facts_by_page.setdefault(fact.page, []).append(fact)
        # The explainers that have figures, in order: on a split figures page, one page each.
        self.with_figures = with_figures(site)
        self.charts_by_page: dict[str, list[Chart]] = {}
        for chart in site.charts.values():
            self.charts_by_page.setdefault(chart.page, []).append(chart)
        # Citation links by the folder they are written from: made once, used on many pages.
        self.citations: dict[tuple[str, str, int], tuple[Markup, frozenset[Key]]] = {}

    def facts_of(self, page_id: str) -> list[Fact]:
        """The facts of an explainer page, in order."""
        self.reads.add(("facts-of", page_id))
        return self.facts_by_page.get(page_id, [])

    def pages_with_figures(self) -> list[str]:
        self.reads.add(("with-figures", ""))
        return self.with_figures

    def charts_of(self, page_id: str) -> list[Chart]:
        self.reads.add(("charts-of", page_id))
        return self.charts_by_page.get(page_id, [])

    def terms_in(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Whole-word uses of glossary names in `text`, any case, longest name first.

        Arabic attaches و ف ب ل to the next word, so one of them may precede the name.
        """
        self.reads.add(("term-names", ""))
        end = 0
        for word in _WORD.finditer(text):
            if word.start() < end:
                continue
            token = word.group(0).lower()
            starts = [(word.start(), token)]
            if token[0] in arabic.ATTACHED and len(token) > 1:
                starts.append((word.start() + 1, token[1:]))
            for start, key in starts:
                found = self._name_at(text, start, key)
                if found is not None:
                    end = start + len(found)
                    yield start, end, self.term_names[found]
                    break

    def _name_at(self, text: str, start: int, key: str) -> str | None:
        for name in self.names_by_word.get(key, ()):
            stop = start + len(name)
            if text[start:stop].lower() == name and not _WORD.match(text, stop):
                return name
        return None


class PageView:
    """One page in one language; every method returns escaped Markdown or plain text.

    Contributor text never becomes markup, and runs in the other direction are isolated.
    """

    def __init__(
        self, fmt: Formatter, index: SiteIndex, path: str, site_url: str | None = None
    ) -> None:
        self.fmt, self.index, self.path, self.site_url = fmt, index, path, site_url
        self.folder = posixpath.dirname(path)  # what its links are relative to
        self.site, self.lang, self.other, self.words = fmt.site, fmt.lang, fmt.other, fmt.words
        # Glossary terms already linked on this page: only the first use links.
        self.linked: set[str] = set()

    def link(self, target: str, anchor: str = "") -> str:
        relative = _relative(target, self.folder or ".")
        return relative + (f"#{anchor}" if anchor else "")

    def pending(self, entry: Any) -> bool:
        return self.lang in getattr(entry, "pending", [])

    # -- contributor text -----------------------------------------------------------------

    def escaped(self, text: str, lang: str | None = None) -> Markup:
        """Plain text made inert, with runs in the other direction isolated."""
        return isolate(text, lang or self.lang)

    def line(self, text: Text | None) -> Markup:
        """Text on one line, for headings, labels and cells; no glossary links woven in."""
        return joined(self._paragraphs(text, weave=False), Markup(" ")) if text else Markup("")

    def paragraphs(self, text: Text | None) -> list[Markup]:
        """Prose as paragraphs, references expanded, glossary terms linked on first use."""
        return self._paragraphs(text, weave=self.path != GLOSSARY)

    def _paragraphs(self, text: Text | None, weave: bool) -> list[Markup]:
        if text is None:
            return []
        shown, lang = self.fmt.text_of(text)
        if lang == self.lang:
            return [self._expand(block, lang, weave) for block in prose.paragraphs(shown)]
        return [
            Markup('<span lang="{}" dir="{}">').format(lang, direction(lang))
            + self._expand(block, lang, weave=False)
            + Markup("</span>")
            for block in prose.paragraphs(shown)
        ]

    def _expand(self, paragraph: str, lang: str, weave: bool) -> Markup:
        parts = []
        for part in prose.parse(paragraph):
            if isinstance(part, prose.Reference):
                parts.append(self._reference(part))
            else:
                parts.extend(self._weave(part) if weave else [self.escaped(part, lang)])
        return joined(parts)

    def _weave(self, text: str) -> list[Markup]:
        """Plain text with the first use of each glossary term not yet linked made a link."""
        parts, position = [], 0
        for start, end, term_id in self.index.terms_in(text):
            if term_id in self.linked:
                continue
            self.linked.add(term_id)
            parts += [self.escaped(text[position:start]), self.term_link(term_id, text[start:end])]
            position = end
        return [*parts, self.escaped(text[position:])]

    def _reference(self, ref: prose.Reference) -> Markup:
        if ref.kind == "term":
            words = self.fmt.reference(ref)
            if ref.args[0] in self.linked:
                return self.escaped(words)
            self.linked.add(ref.args[0])
            return self.term_link(ref.args[0], words)
        if ref.kind == "cite":
            return self.cite(Citation(source=ref.args[0], paragraph=int(ref.args[1])))
        return self.escaped(self.fmt.reference(ref))

    def term_link(self, term_id: str, words: str) -> Markup:
        """A link to the glossary entry; its title, the short definition, is the tooltip."""
        term = self.site.terms[term_id]
        title = self.fmt.plain(term.short).replace("\\", "")
        return markup(
            '[{}]({} "{}"){{ .term }}',
            self.escaped(words),
            self.link(GLOSSARY, term_id),
            tooltip(title),
        )

    def cell(self, text: str | Markup) -> Markup:
        """A table cell: one line, pipes escaped."""
        return text if isinstance(text, Markup) else self.escaped(prose.inline(text))

    # -- sources ----------------------------------------------------------------------------

    def cite(self, citation: Citation) -> Markup:
        """ "Report A, paragraph 5", linked to the report on the sources page."""
        key = (self.folder, citation.source, citation.paragraph)
        if key not in self.index.citations:
            with self.index.reads.capture() as read:
                link = Markup("[{}]({})").format(
                    self.escaped(self.fmt.citation(citation)),
                    self.link(SOURCES, anchors.source(citation.source)),
                )
            self.index.citations[key] = (link, frozenset(read))
        link, reads = self.index.citations[key]
        self.index.reads.replay(reads)
        return link

    def cite_list(self, citations: Iterable[Citation]) -> Markup:
        unique = sorted({(c.source, c.paragraph) for c in citations})
        return joined(
            (self.cite(Citation(source=s, paragraph=p)) for s, p in unique),
            self.escaped(self.words["citation.separator"]),
        )

    def citations(self, citations: Iterable[Citation]) -> Markup:
        """A labelled list of sources: "Sources: Report A, paragraph 5; ..."."""
        return markup("{}: {}", self.escaped(self.words["cited"]), self.cite_list(citations))

    # -- figures ----------------------------------------------------------------------------

    def facts_of(self, page_id: str) -> list[Fact]:
        return self.index.facts_of(page_id)

    def pages_with_figures(self) -> list[str]:
        return self.index.pages_with_figures()

    def differ(self, fact: Fact) -> str:
        """ "The reports differ", in the number of its sources' own grammar."""
        return self.words.count("figures.differ", len({v.source for v in fact.values}))

    def downloads(self, page_id: str | None = None) -> Markup:
        """Links to the CSV and JSON files of a figures table (all figures without a page)."""
        key = "figures.download_table" if page_id else "figures.download_all"
        links = joined(
            (
                markup(
                    '[{}]({}){{ download="{}" type="{}" }}',
                    self.escaped(extension.upper()),
                    self.link(download_path(page_id, extension)),
                    posixpath.basename(download_path(page_id, extension)),
                    media_type,
                )
                for extension, media_type in FORMATS.items()
            ),
            Markup(" · "),
        )
        return markup(
            '<p class="downloads" markdown>{}: {}</p>', self.escaped(self.words[key]), links
        )

    def figure_rows(self, facts: list[Fact], changes: Any) -> Markup:
        """The rows of a figures table (figure-table.md.j2): one per fact, or one per value
        when the reports differ; `changes` (the page's ChangesView) adds each figure's
        anchor and earlier values. Made here rather than in the template: it is the loop
        of the largest pages, and Jinja's calls cost more than the rows. Parts are made
        in reading order, since only the first use of a glossary term on a page is a link."""
        rows = []
        for fact in facts:
            if fact.reports_differ:
                for number, value in enumerate(fact.values):
                    what = [changes.figure_anchor(fact)] if number == 0 else []
                    what += [self.line(fact.label), Markup(' <span class="differ">')]
                    what += [escape(self.differ(fact)), Markup("</span>")]
                    if fact.note and number == 0:
                        what.append(self._note(fact.note))
                    row = self._cells(joined(what), value, changes, fact if number == 0 else None)
                    rows.append(joined([row, self.cite(value.citation), Markup(" |")]))
            else:
                what = [changes.figure_anchor(fact), self.line(fact.label)]
                if fact.note:
                    what.append(self._note(fact.note))
                row = self._cells(joined(what), fact.values[0], changes, fact)
                cited = self.cite_list(value.citation for value in fact.values)
                rows.append(joined([row, cited, Markup(" |")]))
        return joined(rows, Markup("\n"))

    def _cells(self, what: Markup, value: Value, changes: Any, earlier: Fact | None) -> Markup:
        """A row up to its sources: "| what | value | when | "; with `earlier`, that
        figure's earlier values follow the value (changes.earlier)."""
        shown = [self.cell(self.fmt.value_and_status(value))]
        if value.note:
            shown.append(self._note(value.note))
        if earlier is not None:
            shown.append(changes.earlier(earlier))
        when = self.cell(self.fmt.when(value))
        return markup("| {} | {} | {} | ", what, joined(shown), when)

    def _note(self, note: Text) -> Markup:
        return markup('<br><small class="note">{}</small>', self.line(note))

    def charts_for(self, page_id: str) -> list[Markup]:
        """The charts of an explainer page, drawn in this language."""
        return [charts.render_chart(self.drawing(chart)) for chart in self.index.charts_of(page_id)]

    def drawing(self, chart: Chart) -> charts.Drawing:
        """A chart's bars labelled, formatted and sourced in this language."""
        fmt, words = self.fmt, self.words
        bars = []
        drawn = chart.bars(self.site.facts)
        for fact, value in drawn:
            label = fmt.plain(fact.label)
            if fact.reports_differ:
                label = words["according_to"].format(label, fmt.source_label(value.source))
            shown, when = fmt.value_and_status(value), fmt.when(value)
            bars.append(
                charts.Bar(
                    label=label,
                    shown=f"{shown}{words['list.separator']}{when}" if when else shown,
                    number=value.number,
                    forecast=value.status != "reported",
                    source=fmt.citation(value.citation),
                )
            )
        sample = drawn[0][1]
        top = max(bar.number for bar in bars)
        ticks = tuple((tick, self._tick(tick, sample)) for tick in charts.nice_ticks(top))
        listed = words["citation.separator"].join(f"{bar.label}: {bar.shown}" for bar in bars)
        return charts.Drawing(
            id=chart.id,
            title=fmt.plain(chart.title),
            caption=fmt.plain(chart.description),
            description=words["chart.description"].format(listed),
            bars=tuple(bars),
            ticks=ticks,
            rtl=self.lang == "ar",
            headings=(
                words["chart.table"],
                words["figures.what"],
                words["figures.value"],
                words["figures.source"],
            ),
        )

    def _tick(self, number: Decimal, sample: Value) -> str:
        """An axis value in the unit of the chart's values."""
        amount = number / SCALES[sample.scale]
        if sample.unit == "money" and sample.currency and amount:
            return self.fmt.money(amount, sample.scale, sample.currency)
        if sample.unit == "percent":
            return self.fmt.percent(amount)
        return self.fmt.number(amount)

    # -- JSON-LD ----------------------------------------------------------------------------

    def address(self, target: str) -> str:
        """A URL for JSON-LD: absolute with a site URL, else relative to this page's URL."""
        if self.site_url:
            return f"{self.site_url.rstrip('/')}/{self.lang}/{target}"
        relative = posixpath.relpath(target or ".", page_url(self.path).rstrip("/") or ".")
        if relative == ".":
            return "./"
        return relative + ("/" if target.endswith("/") else "")

    def source_names(self, citations: Iterable[Citation | Value]) -> list[str]:
        used = sorted({c.source for c in citations})
        return [
            f"{self.fmt.source_name(s)}: {self.fmt.plain(self.site.sources[s].title)}" for s in used
        ]

    def article_json_ld(self, page: Page, dated: Mapping[str, Any] | None = None) -> Markup:
        """schema.org Article; `dated` adds what the history knows (dates, corrections)."""
        cited = [c for section in page.sections for c in section.cited]
        return data.json_ld(
            data.article(
                headline=self.fmt.plain(page.title),
                description=self.fmt.plain(page.summary),
                lang=self.lang,
                url=self.address(page_url(self.path)),
                site_name=self.fmt.plain(self.site.settings.title),
                sources=self.source_names(cited),
            )
            | dict(dated or {})
        )

    def dataset_json_ld(self, page_id: str | None = None) -> Markup:
        """The figures as a schema.org Dataset: all of them, or one explainer's."""
        facts = self.facts_of(page_id) if page_id else list(self.site.facts.values())
        if page_id:
            name = self.words["figures.of_page"].format(
                self.fmt.plain(self.site.pages[page_id].title)
            )
        else:
            name = self.words["nav.figures"]
        return data.json_ld(
            data.dataset(
                name=f"{name}{self.words['list.separator']}{self.fmt.plain(self.site.settings.title)}",
                description=self.fmt.sources_phrase("figures.intro"),
                lang=self.lang,
                url=self.address(page_url(self.path)),
                downloads={
                    media_type: self.address(download_path(page_id, extension))
                    for extension, media_type in FORMATS.items()
                },
                measured=[self.fmt.plain(fact.label) for fact in facts],
                sources=self.source_names([value for fact in facts for value in fact.values]),
            )
        )

    def glossary_json_ld(self, terms: Iterable[Term]) -> Markup:
        entries = [
            {
                "id": term.id,
                "name": self.fmt.plain(term.term),
                "other_names": [name for name in (term.term.get(self.other), term.abbr) if name],
                "description": self.fmt.plain(term.short),
            }
            for term in terms
        ]
        return data.json_ld(
            data.defined_term_set(
                name=f"{self.words['nav.glossary']}{self.words['list.separator']}"
                f"{self.fmt.plain(self.site.settings.title)}",
                lang=self.lang,
                url=self.address(page_url(self.path)),
                terms=entries,
            )
        )
