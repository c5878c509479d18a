"""Numbers, money and dates for readers of each language, formatted by Babel.

Babel gives the digits, separators, month names and plural rules. Two things are
composed here because Arabic press style differs from CLDR: amounts of money are
written "13.75 مليار دولار" (not "13.75 مليار US$"), and the scale word takes the
Arabic number agreement that Babel's compact format omits ("10 مليارات").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    get_currency_symbol,
)
from babel.units import format_unit

from .model import SCALES, Lang, PartialDate, Value
from .ui import UI

# Scale words by Arabic plural category; "one" and "two" replace the numeral
# entirely, as the press writes "مليار دولار" and "ملياري دولار".
ARABIC_SCALES = {
    "thousand": {"one": "ألف", "two": "ألفي", "few": "آلاف", "other": "ألف"},
    "million": {"one": "مليون", "two": "مليوني", "few": "ملايين", "other": "مليون"},
    "billion": {"one": "مليار", "two": "ملياري", "few": "مليارات", "other": "مليار"},
    "trillion": {"one": "تريليون", "two": "تريليوني", "few": "تريليونات", "other": "تريليون"},
}
ARABIC_CURRENCIES = {"USD": "دولار", "EUR": "يورو", "GBP": "جنيه إسترليني"}


class Formatter:
    """Formats values for one language; build once per language and reuse."""

    def __init__(self, lang: Lang, numbering_system: str = "latn") -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self.numbering = numbering_system if lang == "ar" else "latn"
        self.words = UI[lang]

    def number(self, value: Decimal | int | float) -> str:
        return format_decimal(
            Decimal(str(value)), locale=self.locale, numbering_system=self.numbering
        )

    def money(self, amount: Decimal, scale: str, currency: str) -> str:
        """13.75 billion USD: "$13.75 billion" / "13.75 مليار دولار"."""
        if scale == "one":
            return format_currency(
                amount,
                currency,
                locale=self.locale,
                numbering_system=self.numbering,
                format_type="standard",
            )
        if self.lang == "ar":
            category = self.locale.plural_form(amount)
            word = ARABIC_SCALES[scale].get(category, ARABIC_SCALES[scale]["other"])
            unit = ARABIC_CURRENCIES.get(currency, currency)
            if category in ("one", "two"):
                return f"{word} {unit}"
            return f"{self.number(amount)} {word} {unit}"
        number = format_compact_decimal(
            amount * SCALES[scale],
            format_type="long",
            locale=self.locale,
            fraction_digits=_fraction_digits(amount),
        )
        return f"{get_currency_symbol(currency, locale=self.locale)}{number}"

    def percent(self, amount: Decimal) -> str:
        return format_decimal(amount, locale=self.locale, numbering_system=self.numbering) + "%"

    def amount(self, value: Value) -> str:
        """The value's number with its unit, without qualifier: "$13.75 billion", "20%"."""
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
        return format_decimal(
            amount * SCALES[value.scale], locale=self.locale, numbering_system=self.numbering
        )

    def value(self, value: Value) -> str:
        """The value as a reader sees it: "about 20%", "أكثر من 13.75 مليار دولار"."""
        shown = self.amount(value)
        if value.qualifier == "exact":
            return shown
        return self.words[f"qualifier.{value.qualifier}"].format(shown)

    def date(self, date: PartialDate) -> str:
        """A date at exactly its precision: "2030", "January 2023", "May" (no year)."""
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


def _fraction_digits(amount: Decimal) -> int:
    """Keep every digit the source gives: 13.75 stays 13.75, never "14"."""
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
