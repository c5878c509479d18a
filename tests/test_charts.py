"""Charts: defined in the facts, validated where they are written, drawn as accessible SVG,
formatted per language by Babel, mirrored right to left."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import yaml
from markupsafe import escape

from generator.load import parse_document
from generator.model import Site
from generator.problems import InputError
from generator.render import charts
from generator.render.format import Formatter
from generator.render.view import PageView, SiteIndex
from generator.validate import validate
from tests.helpers import FIXTURE, site_of

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def content() -> Site:
    return site_of(FIXTURE)


def draw(site: Site, lang: str, page: str) -> list[str]:
    view = PageView(Formatter(site, lang), SiteIndex(site, lang), "figures.md")  # type: ignore[arg-type]
    return [str(chart) for chart in view.charts_for(page)]


def svg_of(figure: str) -> ET.Element:
    svg = re.search(r"<svg.*?</svg>", figure, re.S)
    assert svg is not None
    return ET.fromstring(svg.group(0))  # noqa: S314 - our own output, in a test


def test_each_chart_appears_on_its_page(content: Site) -> None:
    assert len(content.charts) >= 2
    for page in content.pages:
        expected = [c.id for c in content.charts.values() if c.page == page]
        drawn = draw(content, "en", page)
        assert [re.search(r'id="chart-([^"]+)"', d).group(1) for d in drawn] == expected  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_each_chart_is_an_accessible_image_with_a_data_table(content: Site, lang: str) -> None:
    fmt = Formatter(content, lang)  # type: ignore[arg-type]
    for chart in content.charts.values():
        (figure,) = draw(content, lang, chart.page)[:1]
        svg = svg_of(figure)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert title.text == fmt.plain(content.charts[chart.id].title) or title.text
        assert desc.text
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        bars = svg.findall(f".//{SVG}rect")
        rows = re.findall(r"<tr><td>", figure)
        assert len(bars) == len(rows) >= 2
        # No blank line: the figure must stay one raw HTML block for Markdown.
        assert "\n\n" not in figure


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_title_description_and_bars_come_from_the_facts(content: Site, lang: str) -> None:
    fmt = Formatter(content, lang)  # type: ignore[arg-type]
    for chart in content.charts.values():
        figure = next(d for d in draw(content, lang, chart.page) if f'id="chart-{chart.id}"' in d)
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
        assert caption is not None
        assert str(escape(fmt.plain(chart.title))) in caption.group(1)
        assert str(escape(fmt.plain(chart.description))) in caption.group(1)
        for fact, value in chart.bars(content.facts):
            assert str(escape(fmt.value_and_status(value))) in figure, (chart.id, fact.id)


def test_a_figure_the_sources_disagree_on_gives_a_bar_per_source(content: Site) -> None:
    differing = [
        (chart, fact)
        for chart in content.charts.values()
        for fact in (content.facts[f] for f in chart.facts)
        if fact.reports_differ
    ]
    assert differing, "the fixture has a chart with a figure the sources disagree on"
    for chart, fact in differing:
        drawn = [value for f, value in chart.bars(content.facts) if f.id == fact.id]
        assert drawn == list(fact.values)


def test_ordered_charts_sort_their_bars(content: Site) -> None:
    for chart in content.charts.values():
        numbers = [value.number for _, value in chart.bars(content.facts)]
        if chart.order == "ascending":
            assert numbers == sorted(numbers)
        elif chart.order == "descending":
            assert numbers == sorted(numbers, reverse=True)
    assert any(chart.order != "as-listed" for chart in content.charts.values())


def test_right_to_left_charts_grow_from_the_right(content: Site) -> None:
    chart = next(iter(content.charts.values()))
    for lang, anchored_right in (("ar", True), ("en", False)):
        figure = next(d for d in draw(content, lang, chart.page) if f'id="chart-{chart.id}"' in d)
        svg = svg_of(figure)
        right = charts.WIDTH - charts.PAD
        for rect in svg.findall(f".//{SVG}rect"):
            x, width = float(rect.get("x", "0")), float(rect.get("width", "0"))
            start = right - (x + width) if anchored_right else x - charts.PAD
            assert abs(start) < 0.1
        assert svg.get("direction") == ("rtl" if anchored_right else "ltr")


def test_bars_are_proportional_to_the_values(content: Site) -> None:
    for chart in content.charts.values():
        figure = next(d for d in draw(content, "en", chart.page) if f'id="chart-{chart.id}"' in d)
        svg = svg_of(figure)
        widths = [float(rect.get("width", "0")) for rect in svg.findall(f".//{SVG}rect")]
        numbers = [value.number for _, value in chart.bars(content.facts)]
        top = float(max(numbers))
        # The longest bar spans the axis up to its last tick; a bar too small to see is 2 long.
        scale = widths[numbers.index(max(numbers))] / top
        for width, number in zip(widths, numbers, strict=True):
            assert width == pytest.approx(max(2.0, float(number) * scale), abs=0.1)


def test_contributor_text_in_labels_is_escaped(content: Site) -> None:
    chart = next(iter(content.charts.values()))
    fact = content.facts[chart.facts[0]]
    label = fact.label.model_copy(update={"en": "</text><script>alert(1)</script>"})
    facts = {**content.facts, fact.id: fact.model_copy(update={"label": label})}
    site = dataclasses.replace(content, facts=facts)
    figure = next(d for d in draw(site, "en", chart.page) if f'id="chart-{chart.id}"' in d)
    assert "<script>" not in figure
    assert "&lt;script&gt;" in figure


# -- validation: a chart that cannot be drawn is a problem where it is written -----------

SOURCES = """\
site:
  title: {ar: ع, en: T}
  description: {ar: و, en: D}
  home: {lede: {ar: م, en: L}, key_facts: [a]}
sources:
  - {id: s, label: {ar: أ, en: A}, file: s.txt, paragraphs: 9, language: ar,
     title: {ar: ت, en: T}, summary: {ar: م, en: S}}
pages:
  - id: p
    title: {ar: ص, en: P}
    summary: {ar: م, en: S}
    sections:
      - {id: one, heading: {ar: ع, en: H}, body: {ar: ن, en: B},
         cited: [{source: s, paragraph: 1}]}
facts:
  - {id: a, page: p, label: {ar: أ, en: A},
     values: [{amount: 5, unit: percent, source: s, paragraph: 1}]}
  - {id: b, page: p, label: {ar: ب, en: B},
     values: [{amount: 7, unit: percent, source: s, paragraph: 1}]}
  - {id: m, page: p, label: {ar: م, en: M},
     values: [{amount: 2, scale: billion, unit: money, currency: USD, source: s, paragraph: 1}]}
"""


def chart_problems(chart: dict[str, object]) -> list[str]:
    base = parse_document(SOURCES.encode(), "facts/site.yml")
    text = yaml.safe_dump({"charts": [chart]}, allow_unicode=True, sort_keys=False)
    charts_file = parse_document(text.encode(), "facts/charts.yml")
    try:
        validate([base, charts_file])
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return []


CHART = {
    "id": "c",
    "page": "p",
    "title": {"ar": "ع", "en": "T"},
    "description": {"ar": "و", "en": "D"},
}


def test_a_valid_chart_passes() -> None:
    assert chart_problems({**CHART, "facts": ["a", "b"]}) == []


@pytest.mark.parametrize(
    ("facts", "found"),
    [
        (["a", "missing"], "facts/charts.yml:12:5: charts[0].facts[1]: unknown fact 'missing'"),
        (["a", "m"], "facts[1]: figure 'm' is in money (USD), but 'a' is in percent"),
        (["a"], "charts[0].facts: a chart needs at least two bars"),
        (["a", "a"], "charts[0].facts[1]: 'a' is listed twice"),
    ],
)
def test_a_chart_that_cannot_be_drawn_is_refused_at_its_line(facts: list[str], found: str) -> None:
    problems = chart_problems({**CHART, "facts": facts})
    assert any(found in problem for problem in problems), problems


def test_a_chart_on_an_unknown_page_is_refused() -> None:
    problems = chart_problems({**CHART, "page": "nowhere", "facts": ["a", "b"]})
    assert any("charts[0].page: unknown page 'nowhere'" in problem for problem in problems)


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
