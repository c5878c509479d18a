"""Does each cited figure appear in the paragraph it cites? Checked against the reports.

The reports are Arabic news prose: figures come as digits ("13.75 مليار دولار",
"20%", "2030"), as number words ("ست سنوات", "الأربع سنوات") and as fractions
("إلى النصف"), with scale words that multiply ("10 مليارات") or stand alone for
one or two ("مليار دولار", "ملياري دولار"). `arabic.numbers_in` reads all of these;
`check` compares every cited value, and every event's date, with its paragraph.
The texts are given by the caller: the project never assumes where they live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import arabic
from .load import Document
from .model import PartialDate, Site, Value
from .problems import Path as DataPath
from .problems import Problem, dotted


def paragraphs(text: str) -> list[str]:
    """The report's paragraphs: its non-empty lines, in order (paragraph n is item n-1)."""
    return [line for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Mismatch:
    """A cited place that does not say what the entry cites it for."""

    kind: str  # "facts", "events" or "sources"
    entry: str  # the entry's id
    where: DataPath  # inside the entry
    message: str


def check(site: Site, texts: dict[str, str | None]) -> list[Mismatch]:
    """Compare every cited value and event date with its paragraph; `texts` by file name."""
    found: list[Mismatch] = []
    reports: dict[str, list[str]] = {}
    for source in site.sources.values():
        text = texts.get(source.file)
        if text is None:
            why = "is not UTF-8 text" if source.file in texts else "is missing"
            found.append(Mismatch("sources", source.id, ("file",), f"{source.file} {why}"))
            continue
        reports[source.id] = paragraphs(text)
        if len(reports[source.id]) != source.paragraphs:
            found.append(
                Mismatch(
                    "sources",
                    source.id,
                    ("paragraphs",),
                    f"{source.file} has {len(reports[source.id])} paragraphs "
                    f"(non-empty lines), not {source.paragraphs}",
                )
            )
    for fact in site.facts.values():
        for m, value in enumerate(fact.values):
            text = _paragraph(reports, value.source, value.paragraph)
            if text is None:
                continue
            missing = _missing(value, text)
            if missing:
                found.append(
                    Mismatch(
                        "facts",
                        fact.id,
                        ("values", m),
                        f"fact {fact.id!r} cites source {value.source!r} paragraph "
                        f"{value.paragraph} for {', '.join(missing)}, but that paragraph "
                        f"holds only {_show(text)}",
                    )
                )
    for event in site.events.values():
        cited = [_paragraph(reports, c.source, c.paragraph) for c in event.cited]
        texts_cited = [text for text in cited if text is not None]
        if texts_cited and all(_date_missing("date", event.date, t) for t in texts_cited):
            places = ", ".join(f"{c.source}:{c.paragraph}" for c in event.cited)
            found.append(
                Mismatch(
                    "events",
                    event.id,
                    ("date",),
                    f"event {event.id!r} is dated {event.date}, but no paragraph it cites "
                    f"({places}) gives that date; they hold "
                    + "; ".join(_show(t) for t in texts_cited),
                )
            )
    return found


def _paragraph(reports: dict[str, list[str]], source: str, number: int) -> str | None:
    lines = reports.get(source)
    if lines is None or number > len(lines):
        return None
    return lines[number - 1]


def _missing(value: Value, text: str) -> list[str]:
    missing = []
    if value.number.normalize() not in arabic.numbers_in(text):
        missing.append(f"the number {format(value.number.normalize(), 'f')}")
    for role in ("as_of", "since", "by", "until"):
        missing += _date_missing(role, getattr(value, role), text)
    return missing


def _date_missing(role: str, date: PartialDate | None, text: str) -> list[str]:
    if date is None:
        return []
    missing = []
    if date.year is not None and Decimal(date.year) not in arabic.numbers_in(text):
        missing.append(f"{role} year {date.year}")
    if date.month is not None and date.month not in arabic.months_in(text):
        missing.append(f"{role} month {arabic.MONTHS[date.month][0]} ({date.month:02d})")
    return missing


def _show(text: str) -> str:
    numbers = sorted(arabic.numbers_in(text))
    months = sorted(arabic.months_in(text))
    shown = ", ".join(format(n, "f") for n in numbers) or "no numbers"
    if months:
        shown += "; months " + ", ".join(f"{m:02d}" for m in months)
    return shown


# -- the edges: reading the texts, placing mismatches in the YAML ---------------------


def read_texts(folder: Path, names: Iterable[str]) -> dict[str, str | None]:
    """The texts of the named reports that exist in `folder` (missing ones are left out;
    None for a file that is not UTF-8 text)."""
    texts: dict[str, str | None] = {}
    for name in names:
        path = folder / name
        if path.is_file():
            try:
                texts[name] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                texts[name] = None
    return texts


def locate(documents: list[Document], mismatch: Mismatch) -> Problem:
    """The mismatch as a Problem at the file and line of the entry's YAML."""
    for document in documents:
        for number, entry in enumerate(document.data.get(mismatch.kind) or []):
            if isinstance(entry, dict) and entry.get("id") == mismatch.entry:
                path: DataPath = (mismatch.kind, number, *mismatch.where)
                line, col = document.position(path)
                return Problem(document.file, line, col, dotted(path), mismatch.message)
    return Problem("?", 1, 1, mismatch.entry, mismatch.message)
