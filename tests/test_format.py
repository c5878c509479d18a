"""Babel formatting: exact figures, press-style Arabic amounts, dates at their precision."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from generator.model import Lang, PartialDate, Value
from generator.render.format import Formatter
from tests.helpers import FIXTURE, site_of

SITE = site_of(FIXTURE)


def fmt(lang: Lang, numbering_system: str = "latn") -> Formatter:
    """A formatter of the fixture site, with the numbering system asked for."""
    settings = SITE.settings.model_copy(update={"numbering_system": numbering_system})
    return Formatter(dataclasses.replace(SITE, settings=settings), lang)


def value(**fields: Any) -> Value:
    return Value.model_validate({"source": "a", "paragraph": 1, **fields})


def money(amount: float, **extra: Any) -> Value:
    return value(amount=amount, scale="billion", unit="money", currency="USD", **extra)


@pytest.mark.parametrize(
    ("amount", "english", "arabic"),
    [
        (13.75, "$13.75 billion", "13.75 مليار دولار"),  # never rounded to 14
        (10, "$10 billion", "10 مليارات دولار"),  # 3-10 take the plural
        (1, "$1 billion", "مليار دولار"),  # one: the word alone, as the press writes
        (2, "$2 billion", "ملياري دولار"),  # two: the dual
        (13, "$13 billion", "13 مليار دولار"),
        (500, "$500 billion", "500 مليار دولار"),
        (100, "$100 billion", "100 مليار دولار"),
    ],
)
def test_money_in_both_languages(amount: float, english: str, arabic: str) -> None:
    assert fmt("en").amount(money(amount)) == english
    assert fmt("ar").amount(money(amount)) == arabic


def test_percent_keeps_latin_digits_and_exact_fractions() -> None:
    assert fmt("en").amount(value(amount=20, unit="percent")) == "20%"
    assert fmt("ar").amount(value(amount=20, unit="percent")) == "20%"
    assert fmt("en").amount(value(amount=12.5, unit="percent")) == "12.5%"


def test_arabic_numbering_system_is_one_setting() -> None:
    latin = fmt("ar").amount(money(13.75))
    arabic = fmt("ar", numbering_system="arab").amount(money(13.75))
    assert latin == "13.75 مليار دولار"
    assert arabic == "13٫75 مليار دولار"  # Babel changes the separator; digits stay Latin


def test_qualifiers_and_status_words() -> None:
    about = value(amount=20, unit="percent", qualifier="about")
    assert fmt("en").value(about) == "about 20%"
    assert fmt("ar").value(about) == "نحو 20%"
    more = money(13.75, qualifier="more-than")
    assert fmt("en").value(more) == "more than $13.75 billion"
    assert fmt("ar").value(more) == "أكثر من 13.75 مليار دولار"


def test_years_and_calendar_years() -> None:
    assert fmt("en").amount(value(amount=4, unit="years")) == "4 years"
    assert fmt("ar").amount(value(amount=4, unit="years")) == "4 سنوات"
    assert fmt("en").amount(value(amount=2030, unit="year")) == "2030"  # no "2,030"


@pytest.mark.parametrize(
    ("date", "english", "arabic"),
    [
        (PartialDate(2030), "2030", "2030"),
        (PartialDate(2023, 1), "January 2023", "يناير 2023"),
        (PartialDate(2023, 1, 15), "January 15, 2023", "15 يناير 2023"),
        (PartialDate(None, 5), "May", "مايو"),  # the year is not invented
    ],
)
def test_dates_keep_their_precision(date: PartialDate, english: str, arabic: str) -> None:
    assert fmt("en").date(date) == english
    assert fmt("ar").date(date) == arabic


def test_time_frames() -> None:
    framed = money(13, since="2019")
    assert fmt("en").when(framed) == "since 2019"
    assert fmt("ar").when(framed) == "منذ 2019"
    target = value(amount=10, unit="percent", by=2030)
    assert fmt("en").when(target) == "by 2030"
    assert fmt("ar").when(target) == "بحلول 2030"


@pytest.mark.parametrize(
    ("amount", "english", "arabic"),
    [
        (750, "$750", "750 دولار"),
        (5, "$5", "5 دولارات"),  # 3-10 take the plural
    ],
)
def test_money_without_a_scale(amount: float, english: str, arabic: str) -> None:
    plain = value(amount=amount, unit="money", currency="USD")
    assert fmt("en").amount(plain) == english
    assert fmt("ar").amount(plain) == arabic


def test_a_date_without_its_year_says_so_when_it_stands_alone() -> None:
    assert fmt("en").date_with_note(PartialDate(None, 5)) == "May (year not given)"
    assert fmt("ar").date_with_note(PartialDate(None, 5)) == "مايو (دون ذكر السنة)"
    assert fmt("en").date_with_note(PartialDate(2023, 1)) == "January 2023"


def test_counted_texts_follow_each_language_plural_rules() -> None:
    ar, en = fmt("ar").words, fmt("en").words
    assert "التقريرين" in ar.count("figures.intro", 2)
    assert "التقارير" in ar.count("figures.intro", 3)
    assert "the two reports" in en.count("figures.intro", 2)
    assert "two" not in en.count("figures.intro", 3)
    assert ar.count("figures.differ", 2) == "يختلف التقريران"
    assert ar.count("figures.differ", 3) == "تختلف التقارير"
