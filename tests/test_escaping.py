"""Contributor text made inert; runs in the other direction found and isolated."""

from __future__ import annotations

from typing import Any

import markupsafe
import pytest
from markupsafe import Markup

from generator.render import escaping as bidi


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("تخفض OpenAI حصتها من 20% إلى 10% بحلول 2030.", ["OpenAI", "20%", "10%", "2030"]),
        ("استثمرت Microsoft أكثر من 13.75 مليار دولار عبر Azure.", ["Microsoft", "13.75", "Azure"]),
        (
            "قال Bret Taylor إن GPT-4 (AGI) و$13.75 و1,000",
            ["Bret Taylor", "GPT-4", "AGI", "$13.75", "1,000"],
        ),
        ("بـ10 مليارات وOpenAI،", ["10", "OpenAI"]),
        ("لا شيء هنا", []),
    ],
)
def test_arabic_text_isolates_latin_names_numbers_and_amounts(text: str, runs: list[str]) -> None:
    assert bidi.runs(text, "ar") == runs


def test_trailing_punctuation_stays_with_the_sentence() -> None:
    # A full stop inside the isolate would show between the name and the Arabic text.
    assert bidi.isolate("في OpenAI.", "ar") == 'في <bdi dir="ltr">OpenAI</bdi>\\.'


def test_english_text_isolates_arabic_runs() -> None:
    assert bidi.isolate("In Arabic: الذكاء الاصطناعي العام.", "en") == (
        'In Arabic\\: <bdi dir="rtl" lang="ar">الذكاء الاصطناعي العام</bdi>\\.'
    )


def test_isolated_runs_stay_inert() -> None:
    shown = bidi.isolate('نص <script>alert("x")</script> و[رابط](http://x) *b*', "ar")
    assert "<script" not in shown
    assert "&lt;" in shown
    assert "\\[" in shown
    assert "\\(" in shown
    assert "\\*" in shown
    # Only our own tags appear as markup.
    assert shown.replace('<bdi dir="ltr">', "").replace("</bdi>", "").count("<") == 0


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '" onload="x', "&amp;"])
def test_markup_and_joined_escape_what_is_not_markup_as_markupsafe_does(hostile: str) -> None:
    """The fast forms of Markup.format and Markup.join: a part that is not Markup at run
    time (one typed Any reaches them unchecked) is escaped, never put in as it is."""
    template, inert, separator = '<span title="{}">{}</span>', Markup("<b>kept</b>"), Markup("|")
    parts: list[Any] = [hostile, inert]
    assert bidi.markup(template, *parts) == Markup(template).format(*parts)  # noqa: S704
    assert bidi.joined(parts, separator) == separator.join(parts)
    assert bidi.joined(parts) == markupsafe.escape(hostile) + inert
