"""Babel formatting: exact figures, press-style Arabic amounts, dates at their precision."""

from __future__ import annotations

from typing import Any

import pytest

from generator.format import Formatter
from generator.model import PartialDate, Value


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
    assert Formatter("en").amount(money(amount)) == english
    assert Formatter("ar").amount(money(amount)) == arabic


def test_percent_keeps_latin_digits_and_exact_fractions() -> None:
    assert Formatter("en").amount(value(amount=20, unit="percent")) == "20%"
    assert Formatter("ar").amount(value(amount=20, unit="percent")) == "20%"
    assert Formatter("en").amount(value(amount=12.5, unit="percent")) == "12.5%"


def test_arabic_numbering_system_is_one_setting() -> None:
    latin = Formatter("ar").amount(money(13.75))
    arabic = Formatter("ar", numbering_system="arab").amount(money(13.75))
    assert latin == "13.75 مليار دولار"
    assert arabic == "13٫75 مليار دولار"  # Babel changes the separator; digits stay Latin


def test_qualifiers_and_status_words() -> None:
    about = value(amount=20, unit="percent", qualifier="about")
    assert Formatter("en").value(about) == "about 20%"
    assert Formatter("ar").value(about) == "نحو 20%"
    more = money(13.75, qualifier="more-than")
    assert Formatter("en").value(more) == "more than $13.75 billion"
    assert Formatter("ar").value(more) == "أكثر من 13.75 مليار دولار"


def test_years_and_calendar_years() -> None:
    assert Formatter("en").amount(value(amount=4, unit="years")) == "4 years"
    assert Formatter("ar").amount(value(amount=4, unit="years")) == "4 سنوات"
    assert Formatter("en").amount(value(amount=2030, unit="year")) == "2030"  # no "2,030"


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
    assert Formatter("en").date(date) == english
    assert Formatter("ar").date(date) == arabic


def test_time_frames() -> None:
    framed = money(13, since="2019")
    assert Formatter("en").when(framed) == "since 2019"
    assert Formatter("ar").when(framed) == "منذ 2019"
    target = value(amount=10, unit="percent", by=2030)
    assert Formatter("en").when(target) == "by 2030"
    assert Formatter("ar").when(target) == "بحلول 2030"
