"""Bar charts of the figures, drawn at build time as static, accessible SVG.

Pure: a chart spec names the facts it draws (by id or pattern); `build_chart` picks
them from the Site, `render_chart` returns the SVG with its title, description and
a data table. A fact that is missing leaves its bar out; a chart left with too few
bars is skipped and `chart_problems` says why, so new content never breaks a build.
Labels are formatted by the caller's Formatter; right to left charts are mirrored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fnmatch import fnmatchcase
from typing import Literal

from markupsafe import Markup, escape

from .model import Site, Value

Order = Literal["as-listed", "ascending", "descending"]


@dataclass(frozen=True)
class ChartSpec:
    """Which facts one chart draws, and where it appears."""

    id: str
    facts: tuple[str, ...]  # ids or fnmatch patterns, in the order listed
    required: tuple[str, ...]  # ids without which the chart says nothing
    pages: tuple[str, ...]  # explainer pages that show the chart
    unit: str
    order: Order = "as-listed"


CHARTS = (
    ChartSpec(
        "revenue-share",
        facts=("revenue-share-now", "revenue-share-2030"),
        required=("revenue-share-now", "revenue-share-2030"),
        pages=("revenue-share",),
        unit="percent",
    ),
    ChartSpec(
        "microsoft-investment",
        facts=("microsoft-*",),
        required=("microsoft-investment-total",),
        pages=("money",),
        unit="money",
        order="ascending",
    ),
    ChartSpec(
        "stargate-scale",
        facts=("stargate-investment", "*"),
        required=("stargate-investment",),
        pages=("compute",),
        unit="money",
        order="descending",
    ),
)


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the value as a reader sees it
    number: Decimal
    forecast: bool  # expected, planned or estimated rather than reported
    source: str  # "Report A, paragraph 5"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[Decimal, str], ...]
    rtl: bool
    headings: tuple[str, str, str, str]  # the data table's summary and its columns


@dataclass(frozen=True)
class Labels:
    """How the caller shows things in its language."""

    words: dict[str, str]
    label: Callable[[str], str]  # fact id -> its label
    value: Callable[[Value], str]  # value with qualifier and status
    when: Callable[[Value], str]
    source: Callable[[Value], str]  # "Report A, paragraph 5"
    source_letter: Callable[[str], str]  # source id -> "A"
    tick: Callable[[Decimal, Value], str]  # an axis value, in the unit of a sample value


def chart_values(site: Site, spec: ChartSpec) -> list[tuple[str, Value]]:
    """The (fact id, value) pairs a chart draws, without duplicates, in the spec's order."""
    chosen: list[str] = []
    for pattern in spec.facts:
        for fact_id in site.facts:
            if fnmatchcase(fact_id, pattern) and fact_id not in chosen:
                chosen.append(fact_id)
    pairs = [
        (fact_id, value)
        for fact_id in chosen
        for value in _distinct_values(site, fact_id)
        if value.unit == spec.unit
    ]
    currencies = {value.currency for _, value in pairs}
    if len(currencies) > 1:  # bars in different currencies cannot share an axis
        first = pairs[0][1].currency
        pairs = [(f, v) for f, v in pairs if v.currency == first]
    if spec.order != "as-listed":
        pairs.sort(key=lambda pair: pair[1].number, reverse=spec.order == "descending")
    return pairs


def _distinct_values(site: Site, fact_id: str) -> list[Value]:
    fact = site.facts[fact_id]
    return list(fact.values) if fact.reports_differ else [fact.values[0]]


def chart_problems(site: Site, spec: ChartSpec) -> list[str]:
    """Why a chart cannot be drawn from the current facts (empty when it can)."""
    problems = [
        f"chart {spec.id!r}: fact {fact_id!r} is missing"
        for fact_id in spec.required
        if fact_id not in site.facts
    ]
    problems += [
        f"chart {spec.id!r}: fact {fact_id!r} is not in unit {spec.unit!r}"
        for fact_id in spec.required
        if fact_id in site.facts and all(v.unit != spec.unit for v in site.facts[fact_id].values)
    ]
    if not problems and len(chart_values(site, spec)) < 2:
        problems.append(f"chart {spec.id!r}: fewer than two values to compare")
    return problems


def build_chart(site: Site, spec: ChartSpec, labels: Labels, rtl: bool) -> Chart | None:
    """The chart in one language, or None when its facts do not allow it."""
    if chart_problems(site, spec):
        return None
    pairs = chart_values(site, spec)
    bars = []
    for fact_id, value in pairs:
        label = labels.label(fact_id)
        if site.facts[fact_id].reports_differ:
            label = labels.words["according_to"].format(label, labels.source_letter(value.source))
        shown = labels.value(value)
        when = labels.when(value)
        bars.append(
            Bar(
                label=label,
                shown=f"{shown}{labels.words['list.separator']}{when}" if when else shown,
                number=value.number,
                forecast=value.status != "reported",
                source=labels.source(value),
            )
        )
    top = max(bar.number for bar in bars)
    sample = pairs[0][1]
    ticks = tuple((tick, labels.tick(tick, sample)) for tick in nice_ticks(top))
    words = labels.words
    description = words["chart.description"].format(
        words["citation.separator"].join(f"{bar.label}: {bar.shown}" for bar in bars)
    )
    return Chart(
        id=spec.id,
        title=words[f"chart.{spec.id}"],
        description=description,
        bars=tuple(bars),
        ticks=ticks,
        rtl=rtl,
        headings=(
            words["chart.table"],
            words["figures.what"],
            words["figures.value"],
            words["figures.source"],
        ),
    )


def nice_ticks(top: Decimal) -> list[Decimal]:
    """0 and up to four round steps (1, 2 or 5 times a power of ten) covering `top`."""
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    magnitude = Decimal(10) ** (len(str(int(top))) - 1) if top >= 1 else Decimal("0.1")
    for step in (magnitude / 10 * m for m in (1, 2, 5, 10, 20, 50)):
        count = int((top / step).to_integral_value(rounding=ROUND_CEILING))
        if count <= 4:
            return [step * i for i in range(count + 1)]
    return [Decimal(0), top]


# Layout, in SVG user units; the SVG scales to its container's width, so it is kept
# narrow enough that labels stay readable on a phone. Each bar has its label and
# its value on lines above it, so long labels never collide with the bars.
WIDTH, PAD = 480, 12
LINE, BAR, GAP, AXIS = 21, 18, 14, 28
WRAP = 44  # characters per label line


def render_chart(chart: Chart) -> Markup:
    """A <figure>: caption, the SVG and, folded under it, the same data as a table.

    HTML allows a figcaption only first or last in its figure, so it comes first.
    """
    plot = WIDTH - 2 * PAD
    top = chart.ticks[-1][0]
    title_id, desc_id = f"chart-{chart.id}-title", f"chart-{chart.id}-desc"
    body: list[str] = []
    y = PAD
    for bar in chart.bars:
        for line in wrap(bar.label, WRAP):
            y += LINE
            body.append(_text(PAD, y, line, chart.rtl, "label"))
        y += LINE
        body.append(_text(PAD, y, bar.shown, chart.rtl, "value"))
        y += 6
        length = max(2.0, float(bar.number / top) * plot) if top else 2.0
        x = WIDTH - PAD - length if chart.rtl else PAD
        kind = "bar forecast" if bar.forecast else "bar"
        body.append(
            f'<rect class="{kind}" x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" '
            'fill="currentColor"/>'
        )
        y += BAR + GAP
    grid_top, grid_bottom = PAD, y
    axis: list[str] = []
    last = len(chart.ticks) - 1
    for index, (number, label) in enumerate(chart.ticks):
        offset = PAD + float(number / top) * plot if top else PAD
        x = WIDTH - offset if chart.rtl else offset
        axis.append(
            f'<line class="grid" x1="{x:.1f}" y1="{grid_top}" x2="{x:.1f}" y2="{grid_bottom}" '
            'stroke="currentColor"/>'
        )
        # The end ticks' labels grow inwards, so they never leave the drawing.
        anchor = "start" if index == 0 else "end" if index == last else "middle"
        axis.append(
            f'<text class="tick" x="{x:.1f}" y="{grid_bottom + 18}" text-anchor="{anchor}" '
            f'fill="currentColor">{escape(label)}</text>'
        )
    height = grid_bottom + AXIS
    direction = "rtl" if chart.rtl else "ltr"
    svg = "\n".join(
        [
            f'<svg class="chart" role="img" aria-labelledby="{title_id}" '
            f'aria-describedby="{desc_id}" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" direction="{direction}" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{title_id}">{escape(chart.title)}</title>',
            f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
            *axis,
            *body,
            "</svg>",
        ]
    )
    return Markup(  # noqa: S704 - every text above went through escape()
        "\n".join(
            [
                f'<figure class="chart" id="chart-{chart.id}">',
                f"<figcaption>{escape(chart.title)}</figcaption>",
                svg,
                _table(chart),
                "</figure>",
            ]
        )
    )


def _text(x: float, y: float, text: str, rtl: bool, kind: str) -> str:
    # In a right to left chart `start` is the right end of the text: mirror x only.
    shown_x = WIDTH - x if rtl else x
    return (
        f'<text class="{kind}" x="{shown_x:.1f}" y="{y}" text-anchor="start" '
        f'fill="currentColor">{escape(text)}</text>'
    )


def _table(chart: Chart) -> str:
    summary, what, value, source = (escape(h) for h in chart.headings)
    rows = "\n".join(
        f"<tr><td>{escape(bar.label)}</td><td>{escape(bar.shown)}</td>"
        f"<td>{escape(bar.source)}</td></tr>"
        for bar in chart.bars
    )
    return (
        f'<details class="chart-data abstract">\n<summary>{summary}</summary>\n'
        f'<table>\n<thead><tr><th scope="col">{what}</th><th scope="col">{value}</th>'
        f'<th scope="col">{source}</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
        "</details>"
    )


def wrap(text: str, width: int) -> list[str]:
    """Break a label into lines of at most `width` characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
