"""Open data: the figures as CSV and JSON downloads, and schema.org JSON-LD blocks.

Pure: rows and documents are built from values the caller formats in its language;
the column names are stable ASCII keys in both languages, for scripts that read them.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ..model import Fact, Value

COLUMNS = (
    "id", "page", "label", "value", "number", "unit", "currency", "qualifier", "status",
    "as_of", "since", "by", "until", "source", "source_label", "paragraph", "reports_differ",
)  # fmt: skip


def figure_row(
    fact: Fact, value: Value, label: str, shown: str, source_label: str
) -> dict[str, Any]:
    """One value of one fact as a row; `label`, `shown` and `source_label` are localised."""
    dates = {role: getattr(value, role) for role in ("as_of", "since", "by", "until")}
    return {
        "id": fact.id,
        "page": fact.page,
        "label": label,
        "value": shown,
        "number": exact_number(value.number),
        "unit": value.unit,
        "currency": value.currency or "",
        "qualifier": value.qualifier,
        "status": value.status,
        **{role: str(date) if date is not None else "" for role, date in dates.items()},
        "source": value.source,
        "source_label": source_label,
        "paragraph": value.paragraph,
        "reports_differ": fact.reports_differ,
    }


def exact_number(number: Decimal) -> int | float:
    """An integer when the value is whole, so 13750000000 is not written 1.375e10."""
    exact = number.normalize()
    return int(exact) if exact == exact.to_integral_value() else float(exact)


@dataclass(frozen=True)
class Row:
    """One value's row as both downloads write it, made once for its page's files and
    the files of all figures."""

    csv: str  # a line of the CSV, with its line end
    json: str  # an object of the JSON document's "figures", indented


def row_text(row: Mapping[str, Any]) -> Row:
    return Row(csv=_csv_line([_csv_cell(row[key]) for key in COLUMNS]), json=_json_row(row))


def figures_csv(rows: Iterable[Row]) -> str:
    """CSV with LF line ends and a byte order mark, so spreadsheets read the Arabic as UTF-8."""
    return "\ufeff" + _csv_line(list(COLUMNS)) + "".join(row.csv for row in rows)


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, as OWASP advises against CSV injection
    return str(value)


def figures_json(title: str, lang: str, rows: Iterable[Row]) -> str:
    """The rows as an indented JSON document; the same text as json.dumps(..., indent=2),
    written row by row with the C encoder (the indenting encoder is pure Python)."""
    figures = ",\n".join(row.json for row in rows)
    head = json.dumps(
        {"title": title, "language": lang, "columns": list(COLUMNS)}, ensure_ascii=False, indent=2
    )
    body = f"[\n{figures}\n  ]" if figures else "[]"
    return f'{head.removesuffix(chr(10) + "}")},\n  "figures": {body}\n}}\n'


def _json_row(row: Mapping[str, Any]) -> str:
    # One call of the C encoder for the whole row, its separator giving each field its
    # own indented line: a row's values are scalars, so no other separator is written.
    fields = _dumps(row)[1:-1]
    return f"    {{\n      {fields}\n    }}" if fields else "    {}"


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": ")).encode


def json_ld(document: Mapping[str, Any]) -> Markup:
    """A <script type="application/ld+json"> block; <, > and & are escaped so no text
    can close the script or open a comment, whatever the contributor wrote."""
    text = json.dumps({"@context": "https://schema.org", **document}, ensure_ascii=False)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 - escaped above


def dataset(
    name: str,
    description: str,
    lang: str,
    url: str,
    downloads: Mapping[str, str],
    measured: Iterable[str],
    sources: Iterable[str],
) -> dict[str, Any]:
    """schema.org Dataset for the figures, with one DataDownload per file format."""
    return {
        "@type": "Dataset",
        "name": name,
        "description": description,
        "inLanguage": lang,
        "url": url,
        "isAccessibleForFree": True,
        "variableMeasured": list(measured),
        "citation": [{"@type": "CreativeWork", "name": source} for source in sources],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": address}
            for media_type, address in downloads.items()
        ],
    }


def defined_term_set(
    name: str, lang: str, url: str, terms: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """schema.org DefinedTermSet for the glossary; each term keeps its other-language name."""
    return {
        "@type": "DefinedTermSet",
        "@id": url,
        "name": name,
        "inLanguage": lang,
        "url": url,
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "termCode": term["id"],
                "name": term["name"],
                "alternateName": term["other_names"],
                "description": term["description"],
                "url": f"{url}#{term['id']}",
                "inDefinedTermSet": url,
            }
            for term in terms
        ],
    }


def article(
    headline: str, description: str, lang: str, url: str, site_name: str, sources: Iterable[str]
) -> dict[str, Any]:
    """schema.org Article for an explainer page."""
    return {
        "@type": "Article",
        "headline": headline,
        "description": description,
        "inLanguage": lang,
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "citation": [{"@type": "CreativeWork", "name": source} for source in sources],
    }


def sitemap_index(base: str, sitemaps: Mapping[str, str | None]) -> dict[str, str]:
    """The root's sitemap index, pointing at each language's sitemap with the day it last
    changed (when known), and a robots.txt that names it: {file name: text}."""
    index = ET.Element("sitemapindex", xmlns="http://www.sitemaps.org/schemas/sitemap/0.9")
    for lang, lastmod in sitemaps.items():
        entry = ET.SubElement(index, "sitemap")
        ET.SubElement(entry, "loc").text = f"{base}{lang}/sitemap.xml"
        if lastmod:
            ET.SubElement(entry, "lastmod").text = lastmod
    ET.indent(index)
    xml = ET.tostring(index, encoding="unicode", xml_declaration=False)
    return {
        "sitemap.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n',
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n",
    }
