"""The site seen from one page: text, references, citations, charts and data for templates.

Pure like the rest of rendering; each page gets its own view, which remembers the
glossary terms already linked on that page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import Any

from markupsafe import Markup

from . import bidi, charts, data, markup
from .format import Formatter
from .model import LANGUAGES, SCALES, Citation, Fact, Lang, Site, Text, Value, parse_date
from .ui import UI

GLOSSARY, FIGURES, TIMELINE, WHO, SOURCES = (
    "glossary.md",
    "figures.md",
    "timeline.md",
    "who.md",
    "sources.md",
)
DATA = "data"
FORMATS = {"csv": "text/csv", "json": "application/json"}


def explainer_path(page_id: str) -> str:
    return f"explainers/{page_id}.md"


def download_path(page_id: str | None, extension: str) -> str:
    """The figures of one explainer page, or all of them when `page_id` is None."""
    name = f"figures-{page_id}" if page_id else "figures"
    return f"{DATA}/{name}.{extension}"


_WORD = re.compile(r"[A-Za-z0-9\u0600-\u06FF]+")
ARABIC_PREFIXES = "وبلف"


class SiteIndex:
    """What every page of one language looks up: built once, not per page or per sentence."""

    def __init__(self, site: Site, lang: Lang) -> None:
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

    def terms_in(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Whole-word uses of glossary names in `text`, any case, longest name first.

        Arabic attaches و ب ل ف to the next word, so one of them may precede the name.
        """
        end = 0
        for word in _WORD.finditer(text):
            if word.start() < end:
                continue
            token = word.group(0).lower()
            starts = [(word.start(), token)]
            if token[0] in ARABIC_PREFIXES and len(token) > 1:
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
    """The site seen from one page in one language: what its template may call.

    Every method returns escaped Markdown or plain text; contributor text never
    becomes markup, and runs in the other direction are isolated.
    """

    def __init__(
        self,
        site: Site,
        lang: Lang,
        formatter: Formatter,
        path: str,
        site_url: str | None = None,
        index: SiteIndex | None = None,
    ) -> None:
        self.site, self.lang, self.fmt, self.path = site, lang, formatter, path
        self.index = index or SiteIndex(site, lang)
        self.site_url = site_url
        self.words = UI[lang]
        self.other = next(other for other in LANGUAGES if other != lang)
        # Glossary terms already linked on this page: only the first use links.
        self.linked: set[str] = set()

    def link(self, target: str, anchor: str = "") -> str:
        relative = posixpath.relpath(target, posixpath.dirname(self.path) or ".")
        return relative + (f"#{anchor}" if anchor else "")

    def pending(self, entry: Any) -> bool:
        return self.lang in getattr(entry, "pending", [])

    def t(self, text: Text | None) -> Markup:
        """Inline text in this language (falling back while a translation is pending)."""
        return Markup(" ").join(self._paragraphs(text, weave=False)) if text else Markup("")

    def prose(self, text: Text | None) -> list[Markup]:
        """Paragraphs of prose with references expanded, ready for Markdown.

        Glossary terms written as plain words are woven in too: the first use of a
        term on the page links to its entry, wherever it comes from.
        """
        return self._paragraphs(text, weave=self.path != GLOSSARY)

    def _paragraphs(self, text: Text | None, weave: bool) -> list[Markup]:
        if text is None:
            return []
        own = text.get(self.lang)
        if own:
            return [self._expand(block, self.lang, weave) for block in markup.paragraphs(own)]
        fallback = text.get(self.other) or ""
        return [
            Markup('<span lang="{}" dir="{}">').format(self.other, direction(self.other))
            + self._expand(block, self.other, weave=False)
            + Markup("</span>")
            for block in markup.paragraphs(fallback)
        ]

    def _expand(self, paragraph: str, lang: str, weave: bool = False) -> Markup:
        out = Markup("")
        for part in markup.parse(paragraph):
            if isinstance(part, markup.Reference):
                out += self._reference(part)
            else:
                out += self._weave(part) if weave else self.text(part, lang)
        return out

    def _weave(self, text: str) -> Markup:
        """Plain text with the first use of each glossary term not yet linked made a link."""
        out, position = Markup(""), 0
        for start, end, term_id in self.index.terms_in(text):
            if term_id in self.linked:
                continue
            self.linked.add(term_id)
            out += self.text(text[position:start])
            out += self.term_link(term_id, text[start:end])
            position = end
        return out + self.text(text[position:])

    def text(self, text: str, lang: str | None = None) -> Markup:
        """Plain text made inert, with runs in the other direction isolated."""
        return bidi.isolate(text, lang or self.lang)

    def plain(self, text: Text | None) -> str:
        """Text with references spelled out and no markup: for titles, tooltips and data."""
        if text is None:
            return ""
        own = markup.inline(text.get(self.lang) or text.get(self.other) or "")
        return "".join(
            part if isinstance(part, str) else self._reference_text(part)
            for part in markup.parse(own)
        )

    def _fact_values(self, ref: markup.Reference) -> tuple[Fact, list[Value]]:
        """{fact:ID} is every value of the fact; {fact:ID:SOURCE} that source's value."""
        fact = self.site.facts[ref.args[0]]
        return fact, [v for v in fact.values if len(ref.args) == 1 or v.source == ref.args[1]]

    def _reference_text(self, ref: markup.Reference) -> str:
        if ref.kind == "fact":
            return self._values_text(*self._fact_values(ref))
        if ref.kind == "term":
            term = self.site.terms[ref.args[0]]
            return ref.words or term.term.get(self.lang) or term.term.get(self.other) or ""
        if ref.kind == "date":
            return self.date(parse_date(":".join(ref.args)))
        letter = self.source_letter(ref.args[0])
        return str(self.words["cite"].format(letter, int(ref.args[1])))

    def _reference(self, ref: markup.Reference) -> Markup:
        if ref.kind == "fact":
            return self.values_inline(*self._fact_values(ref))
        if ref.kind == "term":
            words = self._reference_text(ref)
            if ref.args[0] in self.linked:
                return self.text(words)
            self.linked.add(ref.args[0])
            return self.term_link(ref.args[0], words)
        if ref.kind == "date":
            return self.text(self.date(parse_date(":".join(ref.args))))
        return self.cite(Citation(source=ref.args[0], paragraph=int(ref.args[1])))

    def values_inline(self, fact: Fact, values: list[Value]) -> Markup:
        return self.text(self._values_text(fact, values))

    def _values_text(self, fact: Fact, values: list[Value]) -> str:
        # In prose the sentence itself says whether a figure is expected or planned.
        if len(values) == 1 or not fact.reports_differ:
            return self.fmt.value(values[0])
        shown = [
            self.words["according_to"].format(self.fmt.value(v), self.source_letter(v.source))
            for v in values
        ]
        return str(self.words["or"].join(shown))

    def term_link(self, term_id: str, words: str) -> Markup:
        """A link to the glossary entry; its title, the short definition, is the tooltip."""
        term = self.site.terms[term_id]
        title = self.plain(term.short).replace("\\", "")
        return Markup('[{}]({} "{}"){{ .term }}').format(
            self.text(words), self.link(GLOSSARY, term_id), markup.tooltip(title)
        )

    def value(self, value: Value) -> str:
        shown = self.fmt.value(value)
        if value.status != "reported":
            shown += f" ({self.words['status.' + value.status]})"
        return shown

    def date(self, date: Any) -> str:
        shown = self.fmt.date(date)
        return self.words["date.no_year"].format(shown) if date.year is None else shown

    def source_letter(self, source_id: str) -> str:
        return self.site.sources[source_id].label.get(self.lang) or source_id

    def cite(self, citation: Citation) -> Markup:
        text = self.words["cite"].format(self.source_letter(citation.source), citation.paragraph)
        return Markup("[{}]({})").format(
            self.text(text), self.link(SOURCES, f"source-{citation.source}")
        )

    def cite_list(self, citations: Iterable[Citation]) -> Markup:
        unique = sorted({(c.source, c.paragraph) for c in citations})
        return self.text(self.words["citation.separator"]).join(
            self.cite(Citation(source=s, paragraph=p)) for s, p in unique
        )

    def citations(self, citations: Iterable[Citation]) -> Markup:
        """A labelled list of sources: "Sources: Report A, paragraph 5; ..."."""
        return Markup("{}: {}").format(self.text(self.words["cited"]), self.cite_list(citations))

    def facts_of(self, page_id: str) -> list[Fact]:
        return self.index.facts_by_page.get(page_id, [])

    def cell(self, text: str | Markup) -> Markup:
        """A table cell: one line, pipes escaped."""
        return text if isinstance(text, Markup) else self.text(markup.inline(text))

    def figure_row(self, fact: Fact, value: Value) -> dict[str, Any]:
        return data.figure_row(
            fact, value, self.plain(fact.label), self.value(value), self.source_letter(value.source)
        )

    def downloads(self, page_id: str | None = None) -> Markup:
        """Links to the CSV and JSON files of a figures table (all figures without a page)."""
        key = "figures.download_table" if page_id else "figures.download_all"
        links = Markup(" · ").join(
            Markup('[{}]({}){{ download="{}" type="{}" }}').format(
                self.text(extension.upper()),
                self.link(download_path(page_id, extension)),
                posixpath.basename(download_path(page_id, extension)),
                media_type,
            )
            for extension, media_type in FORMATS.items()
        )
        return Markup('<p class="downloads" markdown>{}: {}</p>').format(
            self.text(self.words[key]), links
        )

    def charts_for(self, page_id: str) -> list[Markup]:
        """The charts that belong with an explainer page, in this language."""
        shown = []
        for spec in charts.CHARTS:
            if page_id not in spec.pages:
                continue
            chart = charts.build_chart(self.site, spec, self._chart_labels(), self.lang == "ar")
            if chart is not None:
                shown.append(charts.render_chart(chart))
        return shown

    def _chart_labels(self) -> charts.Labels:
        def tick(number: Any, sample: Value) -> str:
            amount = number / SCALES[sample.scale]
            if sample.unit == "money" and sample.currency and amount:
                return self.fmt.money(amount, sample.scale, sample.currency)
            if sample.unit == "percent":
                return self.fmt.percent(amount)
            return self.fmt.number(amount)

        return charts.Labels(
            words=self.words,
            label=lambda fact_id: self.plain(self.site.facts[fact_id].label),
            value=self.value,
            when=self.fmt.when,
            source=lambda v: self.words["cite"].format(self.source_letter(v.source), v.paragraph),
            source_letter=self.source_letter,
            tick=tick,
        )

    def address(self, target: str) -> str:
        """A URL for JSON-LD: absolute with a site URL, else relative to this page's URL."""
        if self.site_url:
            return f"{self.site_url.rstrip('/')}/{self.lang}/{target}"
        relative = posixpath.relpath(target or ".", _page_url(self.path).rstrip("/") or ".")
        if relative == ".":
            return "./"
        return relative + ("/" if target.endswith("/") else "")

    def source_names(self, citations: Iterable[Citation]) -> list[str]:
        used = sorted({c.source for c in citations})
        return [
            f"{self.words['source.label'].format(self.source_letter(s))}: "
            f"{self.plain(self.site.sources[s].title)}"
            for s in used
        ]

    def article_json_ld(self, page: Any) -> Markup:
        cited = [c for section in page.sections for c in section.cited]
        return data.json_ld(
            data.article(
                headline=self.plain(page.title),
                description=self.plain(page.summary),
                lang=self.lang,
                url=self.address(_page_url(self.path)),
                site_name=self.plain(self.site.settings.title),
                sources=self.source_names(cited),
            )
        )

    def dataset_json_ld(self) -> Markup:
        cited = [v.citation for fact in self.site.facts.values() for v in fact.values]
        return data.json_ld(
            data.dataset(
                name=f"{self.words['nav.figures']}{self.words['list.separator']}"
                f"{self.plain(self.site.settings.title)}",
                description=self.words["figures.intro"],
                lang=self.lang,
                url=self.address(_page_url(self.path)),
                downloads={
                    media_type: self.address(download_path(None, extension))
                    for extension, media_type in FORMATS.items()
                },
                measured=[self.plain(fact.label) for fact in self.site.facts.values()],
                sources=self.source_names(cited),
            )
        )

    def glossary_json_ld(self, terms: Iterable[Any]) -> Markup:
        entries = [
            {
                "id": term.id,
                "name": self.plain(term.term),
                "other_names": [name for name in (term.term.get(self.other), term.abbr) if name],
                "description": self.plain(term.short),
            }
            for term in terms
        ]
        return data.json_ld(
            data.defined_term_set(
                name=f"{self.words['nav.glossary']}{self.words['list.separator']}"
                f"{self.plain(self.site.settings.title)}",
                lang=self.lang,
                url=self.address(_page_url(self.path)),
                terms=entries,
            )
        )


def _page_url(path: str) -> str:
    """Where a Markdown page is served with directory URLs: figures.md -> figures/."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"
