"""How the site's values read in one language: numbers, money, dates, citations, plain text.

Babel gives the digits, separators, month names and plural rules. Amounts of money
are composed here from words.yml, because Arabic press style differs from CLDR: they
read "13.75 مليار دولار" (not "13.75 مليار US$"), and the scale word takes the Arabic
number agreement that Babel's compact format omits ("10 مليارات").

One Formatter serves a whole build of one language: pages, charts, downloads and the
fact diff all read values through it, so a value reads the same everywhere.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal
from babel.units import format_unit

from .. import prose
from ..model import LANGUAGES, Citation, Fact, Lang, PartialDate, Site, Text, Value, parse_date
from ..words import WORDS
from .reads import Key, Reads

Arg = TypeVar("Arg")


def once_per_value(method: Callable[[Any, Arg], str]) -> Callable[[Any, Arg], str]:
    """Format each value once per Formatter: the same model object, read again on another
    page or in a download, gets the string made the first time (Babel is slow)."""
    name = method.__name__

    @functools.wraps(method)
    def formatted(self: Any, value: Arg) -> str:
        memo: dict[int, tuple[Arg, str, frozenset[Key]]] = self.memo.setdefault(name, {})
        hit = memo.get(id(value))
        if hit is None or hit[0] is not value:
            with self.reads.capture() as reads:  # what it read, for each page that reuses it
                shown = method(self, value)
            # Holding the value keeps its id from being reused.
            hit = memo[id(value)] = (value, shown, frozenset(reads))
        self.reads.replay(hit[2])
        return hit[1]

    return formatted


class Formatter:
    """Values of one site as readers of one language see them; build once and reuse."""

    def __init__(self, site: Site, lang: Lang) -> None:
        self.site, self.lang = site, lang
        self.other: Lang = next(other for other in LANGUAGES if other != lang)
        self.words = WORDS[lang]
        self.locale = self.words.locale
        numbering = site.settings.numbering_system
        self.numbering = numbering if lang == "ar" else "latn"
        # Each value formatted once per language (Babel is slow): see once_per_value.
        self.memo: dict[str, dict[int, Any]] = {}
        self.reads = Reads()  # render_files shares one with the site and its pages
        self.numbers: dict[str, str] = {}
        self.amounts: dict[tuple[str, str, str, str | None], str] = {}
        self.dates: dict[PartialDate, str] = {}

    # -- numbers ----------------------------------------------------------------------

    def number(self, value: Decimal | int | float) -> str:
        written = str(value)
        shown = self.numbers.get(written)
        if shown is None:
            shown = format_decimal(
                Decimal(written), locale=self.locale, numbering_system=self.numbering
            )
            self.numbers[written] = shown
        return shown

    def money(self, amount: Decimal, scale: str, currency: str) -> str:
        """13.75 billion USD: "$13.75 billion" / "13.75 مليار دولار"."""
        # After a scale word the currency is singular («مليار دولار»); alone it agrees
        # with the number («5 دولارات»).
        name = self.words.count(f"currency.{currency}", amount if scale == "one" else 1)
        if self.lang == "ar":
            if scale == "one":
                return f"{self.number(amount)} {name}"
            category = self.locale.plural_form(amount)
            word = self.words.count(f"scale.{scale}", amount)
            # One and two: the scale word alone, or its dual, stands for the number.
            if category in ("one", "two"):
                return f"{word} {name}"
            return f"{self.number(amount)} {word} {name}"
        if scale == "one":
            return f"{name}{self.number(amount)}"
        return f"{name}{self.number(amount)} {self.words[f'scale.{scale}']}"

    def percent(self, amount: Decimal) -> str:
        return self.number(amount) + "%"

    @once_per_value
    def amount(self, value: Value) -> str:
        """The value's number with its unit, without qualifier: "$13.75 billion", "20%"."""
        # Many values share an amount and unit (Babel is slow): each is made once.
        key = (str(value.amount), value.unit, value.scale, value.currency)
        shown = self.amounts.get(key)
        if shown is None:
            shown = self.amounts[key] = self._amount(value)
        return shown

    def _amount(self, value: Value) -> str:
        amount = Decimal(str(value.amount))
        if value.unit == "money":
            assert value.currency is not None
            return self.money(amount, value.scale, value.currency)
        if value.unit == "percent":
            return self.percent(amount)
        if value.unit == "years":
            return format_unit(
                amount,
                "duration-year",
                length="long",
                locale=self.locale,
                numbering_system=self.numbering,
            )
        if value.unit == "year":
            return str(int(amount))
        return self.number(value.number)

    @once_per_value
    def value(self, value: Value) -> str:
        """The value hedged as its source hedges it: "about 20%", "أكثر من 13.75 مليار دولار"."""
        shown = self.amount(value)
        if value.qualifier == "exact":
            return shown
        return self.words[f"qualifier.{value.qualifier}"].format(shown)

    @once_per_value
    def value_and_status(self, value: Value) -> str:
        """The value, and what it is when not yet reported: "10% (expected)"."""
        shown = self.value(value)
        if value.status != "reported":
            shown += f" ({self.words['status.' + value.status]})"
        return shown

    def values(self, fact: Fact, values: list[Value]) -> str:
        """A figure in prose: one value, or each source's value when the sources differ."""
        # The sentence around it says whether a figure is expected or planned.
        if len(values) == 1 or not fact.reports_differ:
            return self.value(values[0])
        shown = [
            self.words["according_to"].format(self.value(v), self.source_label(v.source))
            for v in values
        ]
        return str(self.words["or"].join(shown))

    # -- dates ------------------------------------------------------------------------

    def date(self, date: PartialDate) -> str:
        """A date at exactly its precision: "2030", "January 2023", "May" (no year)."""
        shown = self.dates.get(date)
        if shown is None:
            shown = self.dates[date] = self._date(date)
        return shown

    def _date(self, date: PartialDate) -> str:
        if date.year is None:
            assert date.month is not None
            return str(
                get_month_names("wide", context="stand-alone", locale=self.locale)[date.month]
            )
        if date.month is None:
            return str(date.year)
        if date.day is None:
            return format_skeleton(
                "yMMMM", datetime.date(date.year, date.month, 1), locale=self.locale
            )
        return format_date(
            datetime.date(date.year, date.month, date.day), "long", locale=self.locale
        )

    def date_with_note(self, date: PartialDate) -> str:
        """A date on its own, saying so when the source gives no year: "May (year not given)"."""
        shown = self.date(date)
        return self.words["date.no_year"].format(shown) if date.year is None else shown

    @once_per_value
    def when(self, value: Value) -> str:
        """The value's time frame: "January 2023", "since 2019", "by 2030"."""
        parts = []
        if value.as_of is not None:
            parts.append(self.date(value.as_of))
        for role in ("since", "by", "until"):
            date = getattr(value, role)
            if date is not None:
                parts.append(self.words[f"when.{role}"].format(self.date(date)))
        return self.words["list.separator"].join(parts)

    # -- sources ----------------------------------------------------------------------

    def source_label(self, source_id: str) -> str:
        """The short name of a source: "A" / «أ»."""
        return self.site.sources[source_id].label.get(self.lang) or source_id

    def source_name(self, source_id: str) -> str:
        """ "Report A" / «التقرير (أ)»."""
        return self.words["source.label"].format(self.source_label(source_id))

    def citation(self, citation: Citation) -> str:
        """ "Report A, paragraph 5"."""
        return self.words["cite"].format(self.source_label(citation.source), citation.paragraph)

    # -- text -------------------------------------------------------------------------

    def text_of(self, text: Text) -> tuple[str, Lang]:
        """The text in this language, or in the other while a translation is pending."""
        own = text.get(self.lang)
        return (own, self.lang) if own else (text.get(self.other) or "", self.other)

    @once_per_value
    def plain(self, text: Text | None) -> str:
        """Text on one line with references spelled out and no markup: for titles and data."""
        if text is None:
            return ""
        own = prose.inline(self.text_of(text)[0])
        return "".join(
            part if isinstance(part, str) else self.reference(part) for part in prose.parse(own)
        )

    def fact_values(self, ref: prose.Reference) -> tuple[Fact, list[Value]]:
        """{fact:ID} is every value of the fact; {fact:ID:SOURCE} that source's value."""
        fact = self.site.facts[ref.args[0]]
        return fact, [v for v in fact.values if len(ref.args) == 1 or v.source == ref.args[1]]

    def reference(self, ref: prose.Reference) -> str:
        """A reference as the words a reader sees, without a link."""
        if ref.kind == "fact":
            return self.values(*self.fact_values(ref))
        if ref.kind == "term":
            term = self.site.terms[ref.args[0]]
            return ref.words or term.term.get(self.lang) or term.term.get(self.other) or ""
        if ref.kind == "date":
            return self.date_with_note(parse_date(":".join(ref.args)))
        return self.citation(Citation(source=ref.args[0], paragraph=int(ref.args[1])))

    def sources_phrase(self, key: str) -> str:
        """A counted interface text, counted by the site's sources."""
        return self.words.count(key, len(self.site.sources))
