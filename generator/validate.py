"""Turn loaded documents into a checked Site, or report every problem at once."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from . import anchors, collector, parity, prose, style
from .cache import digest
from .load import Document
from .model import (
    ENTRY_KINDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    SLUG_PATTERN,
    FactsFile,
    Settings,
    Site,
    Summary,
    Text,
    parse_date,
    texts_in,
)
from .problems import InputError, Problem, dotted
from .problems import Path as DataPath
from .words import WORDS

MAX_SUGGESTIONS = 20
PATTERN_HINTS = {
    "file": "a file name in the sources folder, without folders, like report-a.txt",
    "currency": "a three-letter ISO 4217 currency code in capitals, like USD",
    "abbr": 'an abbreviation on one line, without < > or ", like AGI',
}


def validate(documents: list[Document]) -> Site:
    """Check types, ids, references and both languages across all files."""
    return validate_files(documents, frozenset(), summarize=False).site


Made = tuple[FactsFile, Summary]  # a file's models, and their summary


@dataclass(frozen=True)
class Checked:
    """A valid site, and each file's key (`_Checker.keys`) to tell the next run that the
    file passed its checks among the same neighbours."""

    site: Site
    clean: frozenset[str]
    made: list[Made]  # each file's, in order: a next run may pass them back (or none)


@collector.paused()  # it makes every model of the site
def validate_files(
    documents: list[Document],
    clean: Container[str],
    known: Sequence[Made | None] | None = None,
    summarize: bool = True,
) -> Checked:
    """validate, but a file whose key is in `clean` is not checked again: its own text
    is as it was, and so is everything its checks read from the other files (ids,
    sources' paragraphs, figures' sources and units, pages' sections, forms to avoid).
    The checks that span files (the settings, duplicate ids) run every time. `known`
    holds, for some documents, the models and summary an earlier run made of the same
    bytes (they are a function of those alone); the others' are made here. Without
    `summarize`, for a caller that keeps nothing, no summary is made: the site has none."""
    problems: list[Problem] = []
    parsed: list[tuple[Document, FactsFile]] = []
    made: list[Made] = []
    for document, kept in zip(documents, known or [None] * len(documents), strict=True):
        try:
            models = kept[0] if kept else FactsFile.model_validate(document.data)
        except ValidationError as error:
            problems.extend(_pydantic_problems(document, error))
            continue
        parsed.append((document, models))
        if summarize:
            made.append(kept or (models, Summary.of(models)))
    if problems:  # Cross-references would only repeat these problems in other words.
        raise InputError(problems)
    checker = _Checker(parsed)
    forms = style.forms(parsed)
    keys = checker.keys(forms)
    unchecked = [pair for pair, key in zip(parsed, keys, strict=True) if key not in clean]
    summary = Summary.merged(s for _, s in made) if summarize else None
    site = checker.run(unchecked, summary)
    # Each file's texts, walked once for both checks that read them all.
    walked = [(document, content, list(texts_in((), content))) for document, content in unchecked]
    problems = checker.problems + parity.check(walked) + style.check(walked, forms)
    if problems:
        raise InputError(problems)
    assert site is not None
    return Checked(site, frozenset(keys), made)


class _Checker:
    def __init__(self, parsed: list[tuple[Document, FactsFile]]) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []
        self.index: dict[str, dict[str, Any]] = {kind: {} for kind in ENTRY_KINDS}
        self.suggestions = 0
        for document, content in parsed:
            for kind in ENTRY_KINDS:
                for number, entry in enumerate(getattr(content, kind)):
                    self._register(document, (kind, number), kind, entry)

    def report(self, document: Document, path: DataPath, message: str) -> None:
        line, col = document.position(path)
        self.problems.append(Problem(document.file, line, col, dotted(path), message))

    def run(
        self, unchecked: list[tuple[Document, FactsFile]], summary: Summary | None
    ) -> Site | None:
        """The site, once every id is registered and the `unchecked` files' references
        are checked; None with self.problems."""
        settings = self._settings()
        for document, content in unchecked:
            self._check_references(document, content)
        if settings is None or self.problems:
            return None
        return Site(settings, **{kind: self.index[kind] for kind in ENTRY_KINDS}, summary=summary)

    def keys(self, forms: object) -> list[str]:
        """Each file's key: its text, and what its checks read from the other files."""
        index = self.index
        around = digest(
            repr(forms),
            *(f"{kind} {' '.join(index[kind])}" for kind in ENTRY_KINDS),
            *(f"{s.id} {s.paragraphs} {s.headings}" for s in index["sources"].values()),
            *(
                f"{f.id} {sorted({v.source for v in f.values})} "
                f"{[(v.unit, v.currency) for v in f.distinct_values]}"
                for f in index["facts"].values()
            ),
            *(f"{p.id} {[s.id for s in p.sections]}" for p in index["pages"].values()),
        )
        return [digest(document.file, document.text, around) for document, _ in self.parsed]

    def _settings(self) -> Settings | None:
        found = [(doc, c.site) for doc, c in self.parsed if c.site is not None]
        if not found:
            document = self.parsed[0][0]
            self.report(
                document,
                (),
                "no 'site:' settings in any file: add them (see "
                "facts/site.yml and CONTRIBUTING.md)",
            )
            return None
        for document, _ in found[1:]:
            self.report(
                document, ("site",), f"'site:' is already set in {found[0][0].file}; keep one"
            )
        return found[0][1]

    def _register(self, document: Document, path: DataPath, kind: str, entry: Any) -> None:
        if entry.id in self.index[kind]:
            self.report(
                document,
                (*path, "id"),
                f"duplicate id {entry.id!r}: another entry in "
                f"{kind} already uses it; choose another id",
            )
            return
        self._not_taken(document, (*path, "id"), kind, entry.id)
        self.index[kind][entry.id] = entry

    def _not_taken(self, document: Document, path: DataPath, kind: str, entry_id: str) -> None:
        place = anchors.taken(kind, entry_id)
        if place:
            self.report(
                document,
                path,
                f"the id {entry_id!r} is the generator's own anchor for {place}: two "
                "elements would share it; choose another id",
            )

    def _no_repeats(self, document: Document, path: DataPath, items: list[Any]) -> None:
        """A list of ids or languages names each once (a repeat could multiply a page)."""
        for m, item in enumerate(items):
            if item in items[:m]:
                self.report(document, (*path, m), f"{item!r} is listed twice: keep one")

    # -- references -------------------------------------------------------------

    def _check_references(self, document: Document, content: FactsFile) -> None:
        check = _References(self, document)
        if content.site is not None:
            check.texts(list(_walk(("site",), content.site)), pending=[])
            for n, fact_id in enumerate(content.site.home.key_facts):
                check.ref(("site", "home", "key_facts", n), "facts", fact_id)
        for kind in ENTRY_KINDS:
            for number, entry in enumerate(getattr(content, kind)):
                walked = list(_walk((kind, number), entry))  # one walk for both checks
                check.texts(walked, pending=getattr(entry, "pending", []))
                check.citations(walked)
        for n, source in enumerate(content.sources):
            self._no_repeats(document, ("sources", n, "headings"), source.headings)
            for m, heading in enumerate(source.headings):
                if heading > source.paragraphs:
                    self.report(
                        document,
                        ("sources", n, "headings", m),
                        f"the report has {source.paragraphs} paragraphs, not {heading}",
                    )
            try:
                Locale.parse(source.language)
            except (UnknownLocaleError, ValueError):
                self.report(
                    document,
                    ("sources", n, "language"),
                    f"unknown language code {source.language!r}: use an ISO 639 code "
                    "such as 'ar' or 'en'",
                )
        for n, fact in enumerate(content.facts):
            check.ref(("facts", n, "page"), "pages", fact.page)
            for m, value in enumerate(fact.values):
                path = ("facts", n, "values", m)
                if not math.isfinite(value.amount):
                    self.report(
                        document, (*path, "amount"), f"expected a finite number, got {value.amount}"
                    )
                if value.currency and f"currency.{value.currency}" not in WORDS["ar"]:
                    known = sorted(
                        key.removeprefix("currency.")
                        for key in WORDS["ar"].entries
                        if key.startswith("currency.")
                    )
                    self.report(
                        document,
                        (*path, "currency"),
                        f"the site cannot write {value.currency!r} in Arabic yet: use one of "
                        f"{', '.join(known)}, or add its name to generator/words.yml",
                    )
        for n, chart in enumerate(content.charts):
            self._check_chart(document, check, ("charts", n), chart)
        for kind in ENTRY_KINDS:
            for n, entry in enumerate(getattr(content, kind)):
                self._no_repeats(document, (kind, n, "pending"), getattr(entry, "pending", []))
        if content.site is not None:
            self._no_repeats(document, ("site", "home", "key_facts"), content.site.home.key_facts)
        for n, term in enumerate(content.terms):
            self._no_repeats(document, ("terms", n, "related"), term.related)
            for m, related in enumerate(term.related):
                check.ref(("terms", n, "related", m), "terms", related)
                if related == term.id:
                    self.report(
                        document, ("terms", n, "related", m), "a term cannot be related to itself"
                    )
        for n, event in enumerate(content.events):
            self._no_repeats(document, ("events", n, "facts"), event.facts)
            for m, fact_id in enumerate(event.facts):
                check.ref(("events", n, "facts", m), "facts", fact_id)
        for n, correction in enumerate(content.corrections):
            for m, concern in enumerate(correction.concerns):
                self._check_concern(document, check, ("corrections", n, "concerns", m), concern)
        for n, page in enumerate(content.pages):
            ids: set[str] = set()
            for m, section in enumerate(page.sections):
                where = ("pages", n, "sections", m, "id")
                if section.id in ids:
                    self.report(
                        document, where, f"duplicate section id {section.id!r} on this page"
                    )
                ids.add(section.id)
                self._not_taken(document, where, "sections", section.id)

    def _check_concern(
        self, document: Document, check: _References, path: DataPath, concern: Any
    ) -> None:
        """A correction concerns entries that exist: a page's section only on a page."""
        if not check.ref((*path, "id"), concern.kind, concern.id) or concern.section is None:
            return
        if concern.kind != "pages":
            self.report(
                document,
                (*path, "section"),
                f"only a page has sections; remove 'section' from this {concern.kind} entry",
            )
            return
        sections = [section.id for section in self.index["pages"][concern.id].sections]
        if concern.section not in sections:
            hint = difflib.get_close_matches(concern.section, sections, n=1)
            known = ", ".join(sections)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; it has {known}"
            self.report(
                document,
                (*path, "section"),
                f"page {concern.id!r} has no section {concern.section!r}{suggestion}",
            )

    def _check_chart(
        self, document: Document, check: _References, path: DataPath, chart: Any
    ) -> None:
        """A chart draws figures that exist, in one unit and currency, with two bars or more."""
        check.ref((*path, "page"), "pages", chart.page)
        found = []
        self._no_repeats(document, (*path, "facts"), chart.facts)
        for m, fact_id in enumerate(chart.facts):
            where = (*path, "facts", m)
            if fact_id not in chart.facts[:m] and check.ref(where, "facts", fact_id):
                found.append((where, self.index["facts"][fact_id]))
        units: dict[tuple[str, str | None], str] = {}
        for where, fact in found:
            for value in fact.distinct_values:
                unit = (value.unit, value.currency)
                first = next(iter(units.items()), None)
                if first is not None and first[0] != unit:
                    self.report(
                        document,
                        where,
                        f"figure {fact.id!r} is in {_unit(unit)}, but {first[1]!r} is in "
                        f"{_unit(first[0])}: the bars of one chart share a unit",
                    )
                    return
                units.setdefault(unit, fact.id)
        if len(found) == len(set(chart.facts)):
            bars = sum(len(fact.distinct_values) for _, fact in found)
            if bars < 2:
                self.report(
                    document,
                    (*path, "facts"),
                    "a chart needs at least two bars to compare: list another figure",
                )


def _unit(unit: tuple[str, str | None]) -> str:
    return f"{unit[0]} ({unit[1]})" if unit[1] else unit[0]


class _References:
    def __init__(self, checker: _Checker, document: Document) -> None:
        self.checker, self.document = checker, document

    def ref(self, path: DataPath, kind: str, target: str) -> bool:
        known = self.checker.index[kind]
        if target in known:
            return True
        suggestion = ""
        # Suggestions compare with every id: only the first few unknown ids get one.
        if self.checker.suggestions < MAX_SUGGESTIONS:
            self.checker.suggestions += 1
            hint = difflib.get_close_matches(target, list(known), n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; known ids: {_few(known)}"
        singular = {"entities": "entity"}.get(kind, kind[:-1])
        self.checker.report(self.document, path, f"unknown {singular} {target!r}{suggestion}")
        return False

    def citation(self, path: DataPath, source_id: str, paragraph: int) -> None:
        if not self.ref((*path, "source"), "sources", source_id):
            return
        source = self.checker.index["sources"][source_id]
        if paragraph > source.paragraphs:
            self.checker.report(
                self.document,
                (*path, "paragraph"),
                f"source {source_id!r} has {source.paragraphs} paragraphs, not {paragraph}",
            )
        elif paragraph in source.headings:
            self.checker.report(
                self.document,
                (*path, "paragraph"),
                f"paragraph {paragraph} of source {source_id!r} is a heading, not text: "
                "cite the paragraph that makes the claim",
            )

    def citations(self, walked: list[tuple[DataPath, Any]]) -> None:
        """The citations among an entry's models (`_walk`)."""
        for sub_path, value in walked:
            if isinstance(value, BaseModel) and {"source", "paragraph"} <= set(
                type(value).model_fields
            ):
                self.citation(sub_path, value.source, value.paragraph)  # type: ignore[attr-defined]

    def texts(self, walked: list[tuple[DataPath, Any]], pending: list[str]) -> None:
        """The texts among an entry's models (`_walk`)."""
        for sub_path, value in walked:
            if isinstance(value, Text):
                self.text(sub_path, value, pending)

    def text(self, path: DataPath, text: Text, pending: list[str]) -> None:
        present = [lang for lang in LANGUAGES if (text.get(lang) or "").strip()]
        for lang in LANGUAGES:
            if lang not in present and lang not in pending:
                self.checker.report(
                    self.document,
                    path,
                    f"missing {LANGUAGE_NAMES[lang]} text: "
                    f"add '{lang}: ...', or mark the entry 'pending: [{lang}]'",
                )
        if not present:
            return
        for lang in present:
            try:
                parts = prose.parse(text.get(lang) or "")
            except ValueError as error:
                self.checker.report(self.document, (*path, lang), str(error))
                continue
            for part in parts:
                if isinstance(part, prose.Reference):
                    self.reference((*path, lang), part)

    def reference(self, path: DataPath, ref: prose.Reference) -> None:
        args = ref.args
        if ref.kind in ("fact", "term") and not 1 <= len(args) <= (2 if ref.kind == "fact" else 1):
            self.checker.report(
                self.document, path, f"malformed reference {{{ref.kind}:{':'.join(args)}}}"
            )
        elif ref.kind == "fact" and self.ref(path, "facts", args[0]) and len(args) == 2:
            fact = self.checker.index["facts"][args[0]]
            if args[1] not in {v.source for v in fact.values}:
                self.checker.report(
                    self.document, path, f"fact {args[0]!r} has no value from source {args[1]!r}"
                )
        elif ref.kind == "term":
            self.ref(path, "terms", args[0])
        elif ref.kind == "date":
            try:
                parse_date(":".join(args))
            except ValueError as error:
                self.checker.report(self.document, path, str(error))
        elif ref.kind == "cite":
            if len(args) != 2 or not re.fullmatch(r"[1-9][0-9]{0,5}", args[1]):
                self.checker.report(
                    self.document,
                    path,
                    f"malformed citation {{cite:{':'.join(args)}}}: a citation looks like "
                    "{cite:a:5}, with a paragraph counted from 1",
                )
            else:
                self.citation(path, args[0], int(args[1]))


def _walk(path: DataPath, value: Any) -> Iterator[tuple[DataPath, Any]]:
    """Every nested model and list item under `value`, with its data path."""
    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is not None and not isinstance(child, (str, int, float)):
                yield from _walk((*path, name), child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk((*path, index), item)


def _few(known: dict[str, Any]) -> str:
    names = sorted(known)
    return ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") if names else "none yet"


# -- pydantic's errors in contributors' words ------------------------------------


def _pydantic_problems(document: Document, error: ValidationError) -> list[Problem]:
    problems, seen = [], set()
    for item in error.errors(include_url=False):
        path = _data_path(document.data, item["loc"])
        key = (path, item["type"] if item["type"] != "extra_forbidden" else item["loc"])
        if key in seen:
            continue
        seen.add(key)
        line, col = document.position(path)
        problems.append(Problem(document.file, line, col, dotted(path), _message(item)))
    return _merge_union_errors(problems)


def _data_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Keep the parts of pydantic's location that exist in the data (drops union tags)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            path.append(part)
            data = data.get(part)
            if data is None:
                break
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            path.append(part)
            data = data[part]
    return tuple(path)


def _merge_union_errors(problems: list[Problem]) -> list[Problem]:
    by_place: dict[tuple[str, int, int, str], Problem] = {}
    for problem in problems:
        by_place.setdefault((problem.file, problem.line, problem.col, problem.where), problem)
    return list(by_place.values())


def _message(item: Any) -> str:
    kind, ctx, given = item["type"], item.get("ctx") or {}, item.get("input")
    shown = _show(given)
    name = item["loc"][-1] if item["loc"] else ""
    if kind == "missing":
        field = _model_at(item["loc"][:-1]).model_fields.get(str(name))
        about = f" ({field.description.rstrip('.')})" if field and field.description else ""
        return f"missing required key {name!r}{about}"
    if kind == "extra_forbidden":
        return _unknown_key(str(name), item["loc"][:-1])
    if isinstance(given, float) and not math.isfinite(given):
        return f"expected a finite number, got {shown}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (
            f"{shown} is not a valid id: use lowercase ASCII letters, digits and single "
            "hyphens, like 'revenue-share'"
        )
    if kind == "string_pattern_mismatch" and name in PATTERN_HINTS:
        return f"{shown} is not valid here: expected {PATTERN_HINTS[str(name)]}"
    if kind in ("string_type",):
        return f"expected text, got {shown}; put it in quotes if it is meant as text"
    if kind in ("int_type", "float_type", "int_from_float"):
        return f"expected a number, got {shown}"
    if kind == "bool_type":
        return f"expected true or false, got {shown}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {shown}"
    if kind in ("list_type",):
        return f"expected a list (lines starting with '- '), got {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {shown}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "too_long" and len(item["loc"]) == 1:  # a section of the file itself
        return (
            f"more than the limit of {ctx.get('max_length')} {name} in one file: "
            "put the rest in another file"
        )
    if kind == "too_long":
        return (
            f"more than the limit of {ctx.get('max_length')} items here: no entry needs "
            "that many; split it"
        )
    if kind == "string_too_long":
        length = len(given) if isinstance(given, str) else "many"
        return (
            f"{length} characters, more than the limit of {ctx.get('max_length')}: "
            "split the text (a page can have more sections)"
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal"):
        return f"{item['msg'].lower()}, got {shown}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return f"{item['msg']}, got {shown}"


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(name: str, parent: tuple[Any, ...]) -> str:
    """A typo must not pass silently: name the key, suggest the nearest allowed one."""
    allowed = sorted(_model_at(parent).model_fields)
    hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if hint:
        return f"unknown key {name!r}; did you mean {hint[0]!r}?"
    return f"unknown key {name!r}; allowed here: {', '.join(allowed)}"


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that pydantic's location `loc` points into (skipping union and list parts)."""
    model: type[BaseModel] = FactsFile
    for part in loc:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        inner = _model_args(field.annotation)
        if inner:
            model = inner[0]
    return model


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_model_args(arg))
    return found
