"""Numbers typed in prose must agree across languages and with the facts' own values.

Figures reach readers through {fact:...} and {date:...}, formatted from the values.
A number typed by hand is where the two languages drift apart or a label contradicts
its fact, so two rules are checked on the literal text (references left out):

- a fact's own texts (label, note, each value's note) may only state numbers that
  one of its values holds (the amount, the amount with its scale, a date's parts);
- the Arabic and the English of every text mention the same set of numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from . import arabic, prose
from .load import Document
from .model import LANGUAGE_NAMES, Fact, FactsFile, PartialDate, Text, Value
from .problems import Path, Problem, dotted

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def literal_numbers(text: str) -> set[Decimal]:
    """The numbers typed in prose, outside {fact:...}, {date:...} and other references."""
    literal = prose.REFERENCE.sub(" ", text).translate(arabic.DIGITS)
    found = set()
    for match in _NUMBER.finditer(literal):
        try:
            found.add(Decimal(match.group(0).replace(",", "")).normalize())
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
    return found


def value_numbers(value: Value) -> set[Decimal]:
    """Every number a reader may see written for this value: amount, full number, dates."""
    numbers = {Decimal(str(value.amount)).normalize(), value.number.normalize()}
    for date in (value.as_of, value.since, value.by, value.until):
        numbers |= _date_numbers(date)
    return numbers


def fact_numbers(fact: Fact) -> set[Decimal]:
    found: set[Decimal] = set()
    for value in fact.values:
        found |= value_numbers(value)
    return found


def check(walked: list[tuple[Document, FactsFile, list[tuple[Path, Text]]]]) -> list[Problem]:
    """Every parity problem in the parsed files, each at the file and line of its text;
    each file comes with its texts (model.texts_in)."""
    problems: list[Problem] = []
    for document, content, texts in walked:
        for path, text in texts:
            problems += _across_languages(document, path, text)
        for number, fact in enumerate(content.facts):
            problems += _against_values(document, ("facts", number), fact)
    return problems


def _across_languages(document: Document, path: Path, text: Text) -> list[Problem]:
    if not text.ar or not text.en:
        return []  # a pending translation is reported elsewhere
    arabic, english = literal_numbers(text.ar), literal_numbers(text.en)
    problems = []
    for lang, only in (("ar", arabic - english), ("en", english - arabic)):
        if only:
            other = LANGUAGE_NAMES["en" if lang == "ar" else "ar"]
            problems.append(
                _problem(
                    document,
                    (*path, lang),
                    f"the {LANGUAGE_NAMES[lang]} text mentions {_show(only)} but the "
                    f"{other} text does not: both languages must state the same numbers "
                    "(better, let {fact:ID} or {date:YYYY-MM} write them)",
                )
            )
    return problems


def _against_values(document: Document, path: Path, fact: Fact) -> list[Problem]:
    allowed = fact_numbers(fact)
    own: list[tuple[Path, Text | None]] = [
        ((*path, "label"), fact.label),
        ((*path, "note"), fact.note),
        *(((*path, "values", m, "note"), value.note) for m, value in enumerate(fact.values)),
    ]
    problems = []
    for text_path, text in own:
        if text is None:
            continue
        for lang in ("ar", "en"):
            stray = literal_numbers(text.get(lang) or "") - allowed
            if stray:
                problems.append(
                    _problem(
                        document,
                        (*text_path, lang),
                        f"fact {fact.id!r}: the {LANGUAGE_NAMES[lang]} text states "
                        f"{_show(stray)}, which none of the fact's values holds "
                        f"(they hold {_show(allowed)}): correct the text or the value, "
                        f"or write {{fact:{fact.id}}}",
                    )
                )
    return problems


def _date_numbers(date: PartialDate | None) -> set[Decimal]:
    if date is None:
        return set()
    return {Decimal(part) for part in (date.year, date.month, date.day) if part is not None}


def _show(numbers: set[Decimal]) -> str:
    return ", ".join(format(number, "f") for number in sorted(numbers))


def _problem(document: Document, path: Path, message: str) -> Problem:
    line, col = document.position(path)
    return Problem(document.file, line, col, dotted(path), message)
