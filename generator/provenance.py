"""Does each cited figure appear in the paragraph it cites? Checked against the reports.

The reports are Arabic news prose: figures come as digits ("13.75 مليار دولار",
"20%", "2030"), as number words ("ست سنوات", "الأربع سنوات") and as fractions
("إلى النصف"), with scale words that multiply ("10 مليارات") or stand alone for
one or two ("مليار دولار", "ملياري دولار"). `numbers_in` reads all of these;
`check` compares every cited value, and every event's date, with its paragraph.
The texts are given by the caller: the project never assumes where they live.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .load import Document
from .model import PartialDate, Site, Value
from .problems import Path as DataPath
from .problems import Problem, dotted

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[\u0621-\u064a\u0640]+|[A-Za-z]+")
_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")

# Keys are written as `_plain` leaves them: no hamza on alef, no tatweel or vowels.
_SCALES = {
    "الف": 10**3, "الاف": 10**3, "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9,
    "مليارات": 10**9, "تريليون": 10**12, "تريليونات": 10**12,
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
# A scale word alone means one of it ("مليار دولار"); its dual means two.
_SCALE_ALONE = {"الف": 10**3, "مليون": 10**6, "مليار": 10**9, "تريليون": 10**12}
_SCALE_DUAL = {
    "الفا": 10**3, "الفي": 10**3, "مليونا": 10**6, "مليوني": 10**6,
    "مليارا": 10**9, "ملياري": 10**9, "تريليونا": 10**12, "تريليوني": 10**12,
}  # fmt: skip
_WORDS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5,
    "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
    "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20,
    "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50,
    "مئة": 100, "مائة": 100,
}  # fmt: skip
# Fractions are shares: "half" is 0.5 of a whole and 50 of a percentage.
_FRACTIONS = {"نصف": Decimal("0.5"), "ربع": Decimal("0.25"), "ثلث": Decimal(1) / 3}
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
MONTHS = {
    1: ("يناير", "كانون الثاني"), 2: ("فبراير", "شباط"), 3: ("مارس", "اذار"),
    4: ("ابريل", "نيسان"), 5: ("مايو", "ايار"), 6: ("يونيو", "حزيران"),
    7: ("يوليو", "تموز"), 8: ("اغسطس",), 9: ("سبتمبر", "ايلول"),
    10: ("اكتوبر", "تشرين الاول"), 11: ("نوفمبر", "تشرين الثاني"), 12: ("ديسمبر", "كانون الاول"),
}  # fmt: skip


def paragraphs(text: str) -> list[str]:
    """The report's paragraphs: its non-empty lines, in order (paragraph n is item n-1)."""
    return [line for line in text.splitlines() if line.strip()]


def _plain(word: str) -> str:
    word = _DIACRITICS.sub("", word)
    return word.translate(str.maketrans("أإآٱ", "اااا")).casefold()


def _forms(word: str) -> list[str]:
    """The word and what remains of it without an attached article or particle."""
    forms = [word]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            forms.append(word[len(prefix) :])
    return forms


def _lookup(word: str, table: dict[str, int] | dict[str, Decimal]) -> Decimal | None:
    for form in _forms(word):
        if form in table:
            return Decimal(table[form])
    return None


def numbers_in(paragraph: str) -> set[Decimal]:
    """Every number a paragraph states, scaled: "13.75 مليار" gives 13750000000."""
    tokens = [_plain(t) for t in _TOKEN.findall(paragraph.translate(_DIGITS))]
    found: set[Decimal] = set()
    index = 0
    while index < len(tokens):
        token, following = tokens[index], tokens[index + 1 : index + 3]
        number = _number(token)
        if number is not None and following and _lookup(following[0], _SCALES) is None:
            teen = _lookup(following[0], {"عشر": 10, "عشرة": 10})
            if teen is not None and number < 10 and token[0].isalpha():
                number, index = number + teen, index + 1  # "ثلاثة عشر" is 13
        if number is not None:
            scale = _lookup(following[0], _SCALES) if following else None
            found.add(number * scale if scale is not None else number)
            index += 2 if scale is not None else 1
            continue
        fraction = _lookup(token, _FRACTIONS)
        if fraction is not None:
            found |= {fraction, fraction * 100}
        alone = _lookup(token, _SCALE_ALONE)
        dual = _lookup(token, _SCALE_DUAL)
        if alone is not None:
            found.add(alone)
        if dual is not None:
            found.add(2 * dual)
        index += 1
    return {number.normalize() for number in found}


def _number(token: str) -> Decimal | None:
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    return _lookup(token, _WORDS)


def months_in(paragraph: str) -> set[int]:
    plain = " ".join(_plain(t) for t in _TOKEN.findall(paragraph))
    words = set(plain.split()) | {f for t in plain.split() for f in _forms(t)}
    return {
        month
        for month, names in MONTHS.items()
        if any(name in words or (" " in name and name in plain) for name in names)
    }


@dataclass(frozen=True)
class Mismatch:
    """A cited place that does not say what the entry cites it for."""

    kind: str  # "facts", "events" or "sources"
    entry: str  # the entry's id
    where: DataPath  # inside the entry
    message: str


def check(site: Site, texts: dict[str, str]) -> list[Mismatch]:
    """Compare every cited value and event date with its paragraph; `texts` by file name."""
    found: list[Mismatch] = []
    reports: dict[str, list[str]] = {}
    for source in site.sources.values():
        if source.file not in texts:
            found.append(Mismatch("sources", source.id, ("file",), f"no text {source.file}"))
            continue
        reports[source.id] = paragraphs(texts[source.file])
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
    if value.number.normalize() not in numbers_in(text):
        missing.append(f"the number {format(value.number.normalize(), 'f')}")
    for role in ("as_of", "since", "by", "until"):
        missing += _date_missing(role, getattr(value, role), text)
    return missing


def _date_missing(role: str, date: PartialDate | None, text: str) -> list[str]:
    if date is None:
        return []
    missing = []
    if date.year is not None and Decimal(date.year) not in numbers_in(text):
        missing.append(f"{role} year {date.year}")
    if date.month is not None and date.month not in months_in(text):
        missing.append(f"{role} month {MONTHS[date.month][0]} ({date.month:02d})")
    return missing


def _show(text: str) -> str:
    numbers = sorted(numbers_in(text))
    months = sorted(months_in(text))
    shown = ", ".join(format(n, "f") for n in numbers) or "no numbers"
    if months:
        shown += "; months " + ", ".join(f"{m:02d}" for m in months)
    return shown


# -- the edges: reading the texts, placing mismatches in the YAML ---------------------


def read_texts(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """The texts of the named reports that exist in `folder` (missing ones are left out)."""
    texts = {}
    for name in names:
        path = folder / name
        if path.is_file():
            texts[name] = path.read_text(encoding="utf-8")
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
