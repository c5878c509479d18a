"""Charts: drawn from the facts by id, accessible, Babel-formatted, mirrored right to left."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from generator import charts
from generator.format import Formatter
from generator.load import load_facts
from generator.model import Site
from generator.validate import validate
from generator.view import PageView
from tests.conftest import FACTS

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def content() -> Site:
    return validate(load_facts(FACTS))


def draw(site: Site, lang: str, page: str) -> list[str]:
    helpers = PageView(site, lang, Formatter(lang), "figures.md")  # type: ignore[arg-type]
    return [str(chart) for chart in helpers.charts_for(page)]


def svg_of(figure: str) -> ET.Element:
    svg = re.search(r"<svg.*?</svg>", figure, re.S)
    assert svg is not None
    return ET.fromstring(svg.group(0))  # noqa: S314 - our own output, in a test


def test_the_three_charts_appear_on_their_pages(content: Site) -> None:
    for spec in charts.CHARTS:
        assert charts.chart_problems(content, spec) == []
    assert [len(draw(content, "en", page)) for page in ("revenue-share", "money", "compute")] == [
        1,
        1,
        1,
    ]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_each_chart_is_an_accessible_image_with_a_data_table(content: Site, lang: str) -> None:
    for page in ("revenue-share", "money", "compute"):
        (figure,) = draw(content, lang, page)
        svg = svg_of(figure)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert title.text
        assert desc.text
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        bars = svg.findall(f".//{SVG}rect")
        rows = re.findall(r"<tr><td>", figure)
        assert len(bars) == len(rows) >= 2
        # No blank line: the figure must stay one raw HTML block for Markdown.
        assert "\n\n" not in figure


def test_labels_are_formatted_per_language(content: Site) -> None:
    (arabic,) = draw(content, "ar", "money")
    (english,) = draw(content, "en", "money")
    assert "أكثر من 13.75 مليار دولار" in arabic
    assert "10 مليارات دولار" in arabic
    assert "more than $13.75 billion" in english
    assert "$10 billion" in english
    (shares,) = draw(content, "en", "revenue-share")
    assert "about 20%" in shares
    assert "10% (expected), by 2030" in shares


def test_right_to_left_charts_grow_from_the_right(content: Site) -> None:
    for lang, anchored_right in (("ar", True), ("en", False)):
        svg = svg_of(draw(content, lang, "revenue-share")[0])
        right = charts.WIDTH - charts.PAD
        for rect in svg.findall(f".//{SVG}rect"):
            x, width = float(rect.get("x", "0")), float(rect.get("width", "0"))
            start = right - (x + width) if anchored_right else x - charts.PAD
            assert abs(start) < 0.1
        # The half-length bar (10% against 20%) ends mid-way, on the far side.
        short = svg.findall(f".//{SVG}rect")[1]
        middle = float(short.get("x", "0")) + (
            0 if anchored_right else float(short.get("width", "0"))
        )
        assert middle == pytest.approx(charts.WIDTH / 2, abs=1)
        assert svg.get("direction") == ("rtl" if anchored_right else "ltr")


def test_bars_are_proportional_to_the_values(content: Site) -> None:
    svg = svg_of(draw(content, "en", "compute")[0])
    widths = [float(rect.get("width", "0")) for rect in svg.findall(f".//{SVG}rect")]
    spec = next(spec for spec in charts.CHARTS if spec.id == "stargate-scale")
    numbers = sorted(
        (value.number for _, value in charts.chart_values(content, spec)), reverse=True
    )
    # Stargate first and longest; every bar's length is its amount on one scale, except
    # that a bar too small to see is drawn 2 units long.
    assert len(widths) == len(numbers) >= 3
    assert widths == sorted(widths, reverse=True)
    for width, number in zip(widths, numbers, strict=True):
        expected = max(2.0, float(number / numbers[0]) * widths[0])
        assert width == pytest.approx(expected, abs=0.1)


def test_a_missing_fact_skips_the_chart_and_says_why(content: Site) -> None:
    facts = {k: v for k, v in content.facts.items() if k != "revenue-share-2030"}
    smaller = dataclasses.replace(content, facts=facts)
    spec = next(spec for spec in charts.CHARTS if spec.id == "revenue-share")
    assert charts.chart_problems(smaller, spec) == [
        "chart 'revenue-share': fact 'revenue-share-2030' is missing"
    ]
    assert draw(smaller, "ar", "revenue-share") == []
    # Other charts lose a bar at most.
    without_azure = dataclasses.replace(
        content, facts={k: v for k, v in content.facts.items() if k != "azure-annual-revenue"}
    )
    assert len(draw(without_azure, "en", "compute")) == 1


def test_contributor_text_in_labels_is_escaped(content: Site) -> None:
    fact = content.facts["revenue-share-now"]
    label = fact.label.model_copy(update={"en": "</text><script>alert(1)</script>"})
    facts = {**content.facts, fact.id: fact.model_copy(update={"label": label})}
    (figure,) = draw(dataclasses.replace(content, facts=facts), "en", "revenue-share")
    assert "<script>" not in figure
    assert "&lt;script&gt;" in figure


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (Decimal(20), [0, 5, 10, 15, 20]),
        (Decimal("13.75e9"), [0, 5e9, 10e9, 15e9]),
        (Decimal("500e9"), [0, 200e9, 400e9, 600e9]),
    ],
)
def test_axis_ticks_are_round_and_cover_the_largest_value(top: Decimal, ticks: list[float]) -> None:
    assert [float(t) for t in charts.nice_ticks(top)] == ticks
