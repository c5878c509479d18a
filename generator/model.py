"""The one definition of the explainer's data; the JSON Schema is exported from it.

Every model is strict (no silent type coercion), frozen, and forbids unknown keys,
so a typo in a contributor's YAML is an error rather than a silently ignored field.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

Lang = Literal["ar", "en"]
LANGUAGES: tuple[Lang, ...] = ("ar", "en")
# The languages' names in contributors' messages, which are in English.
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=64),
    Field(
        description="Lowercase ASCII letters, digits and single hyphens; used in URLs.",
        examples=["revenue-share"],
    ),
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known only to the precision a source gives: year, month or day.

    `year` is None for a month the source names without a year ("in May").
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # Dates without a year sort after every dated one: they cannot be placed.
        return (self.year or 10_000, self.month or 0, self.day or 0)


DATE_PATTERN = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2})$"
DATE_HINT = "expected a date like 2023, 2023-01, 2023-01-15 or --05 (a month with no year)"


def parse_date(value: Any) -> PartialDate:
    """Parse YYYY, YYYY-MM, YYYY-MM-DD or --MM, refusing dates that do not exist."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str) or not re.fullmatch(DATE_PATTERN, value):
        raise ValueError(f"{DATE_HINT}, got {value!r}")
    if value.startswith("--"):
        only_month = int(value[2:])
        if not 1 <= only_month <= 12:
            raise ValueError(f"{DATE_HINT}; there is no month {only_month}")
        return PartialDate(None, only_month)
    numbers = [int(part) for part in value.split("-")]
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    if not 1900 <= year <= 2100:
        raise ValueError(f"{DATE_HINT}; the year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{DATE_HINT}; there is no month {month} in {value!r}")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{value!r} does not exist: that month has {last} days")
    return PartialDate(year, month, day)


Date = Annotated[
    PartialDate,
    BeforeValidator(parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
            "description": "A date at the precision the source gives: YYYY, YYYY-MM, "
            "YYYY-MM-DD, or --MM for a month the source names without a year.",
            "examples": ["2023-01", "2030", "--05"],
        }
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# Limits on what one text may hold, far above any real need, so that no small file can
# make a build slow: rendering and search indexing stay linear in the size of the input.
MAX_TEXT = 4000  # characters in one language of one text
MAX_TITLE = 300  # characters in a title or heading
MAX_WORD = 100  # characters between two spaces
MAX_REFERENCES = 40  # {fact:…}, {term:…}, {date:…} and {cite:…} in one text
MAX_PUNCTUATION = 40  # punctuation characters in a row (Markdown escapes each one)
MAX_ITEMS = 100  # items in a list inside one entry
MAX_PAGES = 100  # explainer pages in one file: each becomes a page in both languages
MAX_NUMBER = 10**15  # a figure's value, its scale applied: no story needs more
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")  # \s is what str.split() splits at
_PUNCTUATION_RUN = re.compile(rf"[\\`*_{{}}\[\]()#+\-.!|~^=:<>&'\"]{{{MAX_PUNCTUATION + 1},}}")


class Text(Strict):
    """The same statement in Arabic and in English, each written for its readers."""

    ar: str | None = Field(
        None, max_length=MAX_TEXT, description="Arabic text (Modern Standard Arabic)."
    )
    en: str | None = Field(None, max_length=MAX_TEXT, description="English text.")

    def get(self, lang: str) -> str | None:
        return self.ar if lang == "ar" else self.en

    @model_validator(mode="after")
    def _within_limits(self) -> Text:
        for text in (self.ar, self.en):
            if not text:
                continue
            too_long = _LONG_WORD.findall(text)
            if too_long:
                longest = max(too_long, key=len)
                raise ValueError(
                    f"a word of {len(longest)} characters ({longest[:20]!r}…) is longer than "
                    f"the limit of {MAX_WORD}: no language needs one; add spaces"
                )
            references = text.count("{")
            if references > MAX_REFERENCES:
                raise ValueError(
                    f"{references} references in one text, more than the limit of "
                    f"{MAX_REFERENCES}: split the text into sections"
                )
            run = _PUNCTUATION_RUN.search(text)
            if run:
                raise ValueError(
                    f"{len(run.group(0))} punctuation characters in a row, more than the "
                    f"limit of {MAX_PUNCTUATION}: shorten the run"
                )
        return self


# A character reference such as &lt; or &#60;: the engines' templates decode them.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class Title(Text):
    """Text that is also shown outside the page body: browser tabs, menus, headings.

    The engines print titles into their templates as they are (in <title> after
    `striptags`, which decodes character references), and Material's script copies
    a heading that overflows the table of contents into a tooltip as HTML. So the
    characters of markup, character references and line breaks are refused here,
    and titles need no escaping anywhere.
    """

    @model_validator(mode="after")
    def _no_markup_characters(self) -> Title:
        for text in (self.ar, self.en):
            found = sorted(set(text or "") & set('<>"'))
            found += sorted(set(CHARACTER_REFERENCE.findall(text or "")))
            if found:
                raise ValueError(
                    f"titles and headings cannot contain {' '.join(found)}: they also appear "
                    "in browser tabs, menus and the table of contents; rephrase without them "
                    "(use « » or “ ” for quotes)"
                )
            if "\n" in (text or ""):
                raise ValueError("titles and headings are one line: remove the line break")
            if len(text or "") > MAX_TITLE:
                raise ValueError(
                    f"a title or heading of {len(text or '')} characters, more than the limit "
                    f"of {MAX_TITLE}: keep it short and say the rest in the text"
                )
        return self


class Citation(Strict):
    """A place in a source: its id and a paragraph (the n-th non-empty line, from 1)."""

    source: Slug = Field(description="Id of a source in sources.", examples=["a"])
    paragraph: int = Field(ge=1, description="Paragraph number, counting non-empty lines from 1.")


class Avoid(Strict):
    """Forms no text may use for this thing, per language: its own name is the one to use."""

    ar: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Arabic forms to avoid."
    )
    en: list[str] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="English forms to avoid."
    )

    def get(self, lang: str) -> list[str]:
        return self.ar if lang == "ar" else self.en


class Entry(Strict):
    """Fields every entry shares: an id and languages whose text is still to come."""

    id: Slug = Field(description="Unique id across all fact files; used in URLs and references.")
    pending: list[Lang] = Field(
        default_factory=list,
        description="Languages whose translation is not written yet; the site says so.",
    )

    @model_validator(mode="after")
    def _one_language_written(self) -> Entry:
        if set(LANGUAGES) <= set(self.pending):
            raise ValueError(
                "an entry cannot wait for both translations: nothing of it would be shown; "
                "write it in one language and leave the other pending"
            )
        return self


Unit = Literal["money", "percent", "years", "year", "count"]
Scale = Literal["one", "thousand", "million", "billion", "trillion"]
SCALES: dict[str, int] = {
    "one": 1,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
Qualifier = Literal["exact", "about", "more-than", "at-least", "up-to"]
Status = Literal["reported", "expected", "possible", "planned", "estimated"]


class Value(Strict):
    """One value of a fact, as one source gives it."""

    # The bound sits on each half of the union so the schema says "minimum" to editors.
    amount: Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0, allow_inf_nan=False)] = (
        Field(description="The number as the source writes it, before the scale.", examples=[13.75])
    )
    scale: Scale = Field("one", description="Multiplier of amount: 13.75 billion is 13.75.")
    unit: Unit = Field(
        description="money (needs currency), percent, years (a duration), "
        "year (a calendar year such as 2030) or count."
    )
    currency: str | None = Field(
        None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code, for money.", examples=["USD"]
    )
    qualifier: Qualifier = Field(
        "exact", description="How the source hedges the number: about 20%, more than $13 billion."
    )
    status: Status = Field(
        "reported",
        description="reported (has happened), expected (forecast by others), possible (the "
        "source says it may happen), planned (an intention) or estimated (a valuation).",
    )
    as_of: Date | None = Field(None, description="When the value holds or was announced.")
    since: Date | None = Field(None, description="Start of the period the value covers.")
    by: Date | None = Field(None, description="Deadline or target date the value refers to.")
    until: Date | None = Field(None, description="End of the period the value covers.")
    source: Slug = Field(description="Id of the source that gives this value.", examples=["a"])
    paragraph: int = Field(ge=1, description="Paragraph of the source (non-empty line, from 1).")
    note: Text | None = Field(None, description="What the source says around the number.")

    @model_validator(mode="after")
    def _unit_rules(self) -> Value:
        if (isinstance(self.amount, int) or math.isfinite(self.amount)) and (
            self.number > MAX_NUMBER
        ):
            raise ValueError(
                f"{format(self.number.normalize(), 'f')[:30]} is more than the limit of "
                f"{MAX_NUMBER:,}: check the amount and its scale"
            )
        if (self.unit == "money") != (self.currency is not None):
            raise ValueError("currency is required for money and only for money")
        if self.unit == "percent" and self.amount > 100:
            raise ValueError(f"a percentage cannot exceed 100, got {self.amount}")
        if self.unit in ("year", "years", "percent") and self.scale != "one":
            raise ValueError(f"scale {self.scale!r} makes no sense for unit {self.unit!r}")
        return self

    @property
    def number(self) -> Decimal:
        """The exact value: amount times scale, without float rounding."""
        return Decimal(str(self.amount)) * SCALES[self.scale]

    @property
    def citation(self) -> Citation:
        return Citation(source=self.source, paragraph=self.paragraph)


class Fact(Entry):
    """A figure, with one value per source that gives it."""

    label: Text = Field(description="What the number measures, as a table row heading.")
    page: Slug = Field(description="Id of the explainer page the figure belongs to.")
    values: list[Value] = Field(
        min_length=1, max_length=MAX_ITEMS, description="One value per source that gives it."
    )
    note: Text | None = Field(None, description="Context a reader needs to read the figure.")

    @property
    def distinct_values(self) -> list[Value]:
        """Every value when the sources differ, else the first: what a chart draws."""
        return list(self.values) if self.reports_differ else [self.values[0]]

    @property
    def reports_differ(self) -> bool:
        first = self.values[0]
        return any(
            (v.number, v.unit, v.currency, v.qualifier)
            != (first.number, first.unit, first.currency, first.qualifier)
            for v in self.values[1:]
        )


class Term(Entry):
    """A glossary entry."""

    term: Title = Field(description="The term as the press writes it in each language.")
    abbr: str | None = Field(
        None,
        pattern=r'^[^<>"\n]+$',
        max_length=32,
        description="Latin abbreviation, if any; shown in the term's heading.",
        examples=["AGI"],
    )
    short: Text = Field(description="One-line definition, shown as a tooltip.")
    long: Text = Field(description="A fuller explanation, one or more paragraphs.")
    related: list[Slug] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Ids of related terms."
    )
    avoid: Avoid | None = Field(
        None, description="Forms of the term that no text may use (one term for one thing)."
    )
    cited: list[Citation] = Field(
        min_length=1, max_length=MAX_ITEMS, description="Where the reports use the term."
    )


EntityKind = Literal["company", "person", "authority", "organization", "group"]


class Entity(Entry):
    """A company, person or authority the reports name."""

    kind: EntityKind = Field(description="company, person, authority, organization or group.")
    name: Title = Field(description="The name as each language's press writes it.")
    role: Text = Field(description="Who they are and their part in the story.")
    avoid: Avoid | None = Field(None, description="Other names that no text may use for them.")
    cited: list[Citation] = Field(
        min_length=1, max_length=MAX_ITEMS, description="Where the reports name them."
    )


class Event(Entry):
    """A dated step on the timeline."""

    date: Date = Field(description="When it happened, at the precision the source gives.")
    title: Title = Field(description="What happened, in a few words.")
    text: Text = Field(description="The event in one or two sentences.")
    facts: list[Slug] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Ids of facts about the event."
    )
    cited: list[Citation] = Field(
        min_length=1, max_length=MAX_ITEMS, description="Where the reports give the event."
    )


ChartOrder = Literal["as-listed", "ascending", "descending"]


class Chart(Entry):
    """A bar chart of figures, shown on its explainer page and on the figures page."""

    page: Slug = Field(description="Id of the explainer page the chart belongs to.")
    title: Title = Field(description="What the chart shows, in a few words.")
    description: Text = Field(description="What a reader sees in the chart, in a sentence.")
    kind: Literal["bar"] = Field("bar", description="bar: one horizontal bar per value.")
    facts: list[Slug] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="Ids of the figures drawn, all in one unit; a figure whose sources "
        "differ gives one bar per source.",
    )
    order: ChartOrder = Field(
        "as-listed", description="Bars as listed, or sorted by value: ascending, descending."
    )

    def bars(self, facts: dict[str, Fact]) -> list[tuple[Fact, Value]]:
        """The figure and value of each bar, in the chart's order (facts must exist)."""
        drawn = [
            (facts[fact_id], value)
            for fact_id in self.facts
            for value in facts[fact_id].distinct_values
        ]
        if self.order != "as-listed":
            drawn.sort(key=lambda pair: pair[1].number, reverse=self.order == "descending")
        return drawn


class Section(Strict):
    """A titled part of an explainer page."""

    id: Slug = Field(description="Anchor of the section, unique within its page.")
    heading: Title = Field(description="The section's heading.")
    body: Text = Field(
        description="Prose. Blank lines separate paragraphs. {fact:ID}, {term:ID} or "
        "{term:ID|words}, {date:2023-01} and {cite:SOURCE:PARAGRAPH} are replaced when rendered."
    )
    cited: list[Citation] = Field(
        min_length=1, max_length=MAX_ITEMS, description="Where the section's claims come from."
    )


class Page(Entry):
    """An explainer page: a title, a summary and ordered sections."""

    title: Title = Field(description="Page title, also shown in menus and the browser tab.")
    summary: Text = Field(description="Two or three sentences shown under the title.")
    sections: list[Section] = Field(
        min_length=1, max_length=MAX_ITEMS, description="The page's parts, in order."
    )


ConcernKind = Literal["facts", "terms", "events", "entities", "pages", "charts"]


class Concern(Strict):
    """An entry a correction is about."""

    kind: ConcernKind = Field(
        description="What kind of entry: facts, terms, events, entities, pages or charts."
    )
    id: Slug = Field(description="The entry's id.")
    section: Slug | None = Field(
        None, description="For a page: the id of the section corrected, if one."
    )


class Correction(Entry):
    """A published correction: what the site said that was wrong, and what is right.

    Shown on the page of each entry it concerns and on the changes page, never removed.
    """

    date: Date = Field(description="The day the correction was made: YYYY-MM-DD.")
    concerns: list[Concern] = Field(
        min_length=1, max_length=MAX_ITEMS, description="The entries it corrects."
    )
    wrong: Text = Field(description="What the site said, which was wrong.")
    right: Text = Field(description="What is right.")
    cited: list[Citation] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Where the reports give what is right (optional).",
    )

    @field_validator("date", mode="after")
    @classmethod
    def _dated_to_the_day(cls, date: PartialDate) -> PartialDate:
        if date.day is None:
            raise ValueError(
                f"a correction is dated to the day it was made, like 2026-03-01, got {date}"
            )
        return date


class Source(Strict):
    """A report the explainer is built from."""

    id: Slug = Field(examples=["a"])
    label: Title = Field(description="Short name used in citations, like A / أ.")
    file: str = Field(
        pattern=r"^[A-Za-z0-9_.-]+\.txt$", description="File name of the report's text."
    )
    paragraphs: int = Field(ge=1, description="How many non-empty lines the report has.")
    language: str = Field(
        pattern=r"^[a-z]{2,3}$",
        description="The language the report is written in, as an ISO 639 code.",
        examples=["ar", "en"],
    )
    title: Title = Field(description="What the report is about, in the project's words.")
    summary: Text = Field(description="What the report covers.")
    headings: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Paragraphs that are headings or page furniture: no citation may point at one.",
    )
    avoid: Avoid | None = Field(
        None, description="Other names for the report that no text may use (report 1...)."
    )


class Home(Strict):
    """The front page: the story in brief and the key numbers."""

    lede: Text = Field(description="What happened, in brief.")
    key_facts: list[Slug] = Field(
        min_length=1, max_length=MAX_ITEMS, description="Ids of facts shown as key numbers."
    )


class Settings(Strict):
    """Site-wide text and formatting choices."""

    title: Title = Field(description="Site name.")
    description: Title = Field(description="One sentence for search engines and link previews.")
    home: Home = Field(description="The front page: the story in brief and its key numbers.")
    numbering_system: Literal["latn", "arab"] = Field(
        "latn", description="Digits' separators for Arabic pages; the sources use latn."
    )
    listing_limit: int = Field(
        100,
        ge=1,
        description="Past this many figures (or events), the figures page splits into a page "
        "per explainer (the timeline into a page per year), each listed on it.",
    )


class FactsFile(Strict):
    """One YAML file under facts/. Any file may hold any kinds of entries."""

    site: Settings | None = Field(None, description="Site-wide settings; in one file only.")
    sources: list[Source] = Field(default_factory=list, description="The reports cited.")
    entities: list[Entity] = Field(
        default_factory=list, description="Companies, people and authorities the reports name."
    )
    facts: list[Fact] = Field(default_factory=list, description="Figures, each with its values.")
    terms: list[Term] = Field(default_factory=list, description="Glossary entries.")
    events: list[Event] = Field(default_factory=list, description="Timeline events.")
    pages: list[Page] = Field(
        default_factory=list,
        max_length=MAX_PAGES,
        description="Explainer pages, in order (more files under facts/pages/ hold more).",
    )
    charts: list[Chart] = Field(default_factory=list, description="Bar charts of figures.")
    corrections: list[Correction] = Field(
        default_factory=list, description="Corrections of what the site said, never removed."
    )


def texts_in(
    path: tuple[str | int, ...], value: Any
) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every Text under a model or list, with its data path (facts[3].label)."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if isinstance(child, (BaseModel, list)):
                yield from texts_in((*path, name), child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts_in((*path, index), item)


# The kinds of entries a FactsFile lists, each under its id; the Site holds each whole.
ENTRY_KINDS = ("sources", "entities", "facts", "terms", "events", "pages", "charts", "corrections")
# The kinds whose entries cite paragraphs of the sources (Site.cited_paragraphs).
CITING_KINDS = ("facts", "terms", "entities", "events", "pages")


@dataclass(frozen=True)
class Summary:
    """Entries in short: each one's digest, by kind and id (a hash of its JSON, which
    tells a rebuild whether a page that read it must be made again), and the paragraphs
    of each source they cite. A file's is a function of its bytes alone, so build.check
    keeps it with the file's models; a site's is its files' merged."""

    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    cited: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, content: FactsFile) -> Summary:
        digests = {
            (kind, entry.id): entry_digest(entry)
            for kind in ENTRY_KINDS
            for entry in getattr(content, kind)
        }
        cited = _cited(entry for kind in CITING_KINDS for entry in getattr(content, kind))
        return cls(digests, {source: frozenset(found) for source, found in cited.items()})

    @classmethod
    def merged(cls, summaries: Iterable[Summary]) -> Summary:
        digests: dict[tuple[str, str], str] = {}
        cited: dict[str, set[int]] = {}
        for summary in summaries:
            digests.update(summary.digests)
            for source, found in summary.cited.items():
                cited.setdefault(source, set()).update(found)
        return cls(digests, {source: frozenset(found) for source, found in cited.items()})


def entry_digest(entry: BaseModel) -> str:
    return hashlib.sha256(entry.model_dump_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Site:
    """Every file merged, checked and cross-referenced; what rendering reads."""

    settings: Settings
    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: dict[str, Fact]
    terms: dict[str, Term]
    events: dict[str, Event]
    pages: dict[str, Page]
    charts: dict[str, Chart]
    corrections: dict[str, Correction]
    # Of its entries, its files' merged, when a cache keeps each file's (build.check);
    # else None: a build that keeps nothing has no use for every entry's digest. Made
    # of the entries, it tells two sites apart no further than they do.
    summary: Summary | None = field(compare=False)

    @functools.cached_property
    def cited_paragraphs(self) -> dict[str, list[int]]:
        """Which paragraphs of each source the site cites, for the sources page."""
        if self.summary is not None:
            cited: Mapping[str, Iterable[int]] = self.summary.cited
        else:
            cited = _cited(entry for kind in CITING_KINDS for entry in getattr(self, kind).values())
        return {source: sorted(cited.get(source, ())) for source in self.sources}


def _cited(entries: Iterable[BaseModel]) -> dict[str, set[int]]:
    """The paragraphs of each source that `entries` cite."""
    cited: dict[str, set[int]] = {}
    for entry in entries:
        for source, paragraph in _all_citations(entry):
            cited.setdefault(source, set()).add(paragraph)
    return cited


def _all_citations(value: Any) -> Iterator[tuple[str, int]]:
    """Every citation and value in an entry, at any depth (the order does not matter)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (Citation, Value)):
            yield (item.source, item.paragraph)
        children = item.__dict__.values() if isinstance(item, BaseModel) else item
        stack.extend(child for child in children if isinstance(child, (BaseModel, list)))
