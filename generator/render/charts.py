"""Bar charts of the figures, drawn at build time as static, accessible SVG.

Pure: `render_chart` takes a finished Drawing (bars already labelled and formatted
in the page's language) and returns a <figure> with the SVG, its title and
description, and the same data as a table. Right to left charts are mirrored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from markupsafe import Markup, escape

from .. import anchors


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the value as a reader sees it
    number: Decimal
    forecast: bool  # expected, planned or estimated rather than reported
    source: str  # "Report A, paragraph 5"


@dataclass(frozen=True)
class Drawing:
    """A chart ready to draw: every text in the reader's language."""

    id: str
    title: str
    caption: str  # what the reader sees in the chart, shown under the title
    description: str  # every bar in words, for screen readers
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[Decimal, str], ...]
    rtl: bool
    headings: tuple[str, str, str, str]  # the data table's summary and its columns


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


def render_chart(chart: Drawing) -> Markup:
    """A <figure>: caption, the SVG and, folded under it, the same data as a table.

    HTML allows a figcaption only first or last in its figure, so it comes first.
    """
    plot = WIDTH - 2 * PAD
    top = chart.ticks[-1][0]
    title_id, desc_id = anchors.chart(chart.id, "title"), anchors.chart(chart.id, "desc")
    body: list[str] = []  # joined once at the end: the drawing stays linear in its bars
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
                f'<figure class="chart" id="{anchors.chart(chart.id)}">',
                f"<figcaption>{escape(chart.title)}"
                f'<span class="chart-description">{escape(chart.caption)}</span></figcaption>',
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


def _table(chart: Drawing) -> str:
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
