"""The anchors the generator writes on its pages, which contributors' ids must not take.

Headings and charts carry ids, and so do contributors' entries on the pages that list
them (a section on its explainer page, an entity on the who's who page). An entry whose
id equalled one of the generator's would give two elements one id: a link that lands
on the wrong place and a page that is not valid HTML. Validation asks `taken`; the
templates and charts write these same anchors.
"""

from __future__ import annotations

import re
from typing import get_args

from .model import EntityKind

TITLE = "_title"  # every page's heading; never a contributor's id, which has no "_"
FIGURES = "figures"  # an explainer page's figures section
KEY_NUMBERS, EXPLAINERS = "key-numbers", "explainers"  # the home page's sections
UNDATED = "undated"  # the timeline's events without a year
CHANGES = "changes"  # an explainer page's list of its changes and corrections
_YEAR = re.compile(r"year-[0-9]+")
_CHART = "chart-"
_FIGURE = "figure-"


def year(number: int) -> str:
    return f"year-{number}"


def chart(chart_id: str, part: str = "") -> str:
    """A chart's figure, or its SVG title or description (`part`)."""
    return f"{_CHART}{chart_id}" + (f"-{part}" if part else "")


def source(source_id: str) -> str:
    return f"source-{source_id}"


def figure(fact_id: str) -> str:
    """A figure's row in the figures tables, where the changes page links."""
    return f"{_FIGURE}{fact_id}"


def taken(kind: str, entry_id: str) -> str | None:
    """Where the generator already writes `entry_id` as an anchor next to entries of `kind`."""
    if kind == "sections" and entry_id == FIGURES:
        return "the figures section of every explainer page"
    if kind == "sections" and entry_id == CHANGES:
        return "the list of changes at the end of every explainer page"
    if kind in ("sections", "pages") and entry_id.startswith(_FIGURE):
        return "the rows of the figures tables, on explainer pages and on the figures page"
    if kind in ("sections", "pages") and entry_id.startswith(_CHART):
        return "the charts, on explainer pages and on the figures page"
    if kind == "entities" and entry_id in get_args(EntityKind):
        return "the heading of that kind of entity on the who's who page"
    if kind == "events" and (entry_id == UNDATED or _YEAR.fullmatch(entry_id)):
        return "the timeline's headings of years and of undated events"
    return None
