"""What a change does to the facts, in Markdown for reviewers of a pull request.

`compare` lists the entries added, removed and changed between two checked Sites,
and `report` writes them with old and new values formatted in both languages by the
site's own helpers. Both are pure; `facts_at` (git) and `main` (the command) are the
edges that read a revision and print.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .model import LANGUAGES, Citation, Fact, Lang, PartialDate, Site, Text, Value
from .render.format import Formatter
from .snapshot import snapshots
from .words import WORDS

HEADINGS = {
    "facts": "Figures",
    "terms": "Glossary terms",
    "events": "Timeline events",
    "entities": "Entities",
    "pages": "Explainer pages",
    "sources": "Sources",
    "charts": "Charts",
    "corrections": "Corrections",
    "site": "Site settings",
}
KINDS = tuple(kind for kind in HEADINGS if kind != "site")
NAME_FIELDS = ("label", "term", "title", "name", "heading")
CONTEXT = 80  # characters kept on each side of a change inside a long text
MAX_CELL = 400
MAX_PROBLEMS = 10
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")


@dataclass(frozen=True)
class Change:
    """One changed part of an entry: a text, a value, a date or a plain field."""

    where: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EntryDiff:
    kind: str
    id: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class SiteDiff:
    """Entries by (kind, id); `pending` holds entries that lost a language they had."""

    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]
    changed: tuple[EntryDiff, ...]
    pending: tuple[tuple[str, str, tuple[Lang, ...]], ...]


def compare(old: Site | None, new: Site) -> SiteDiff:
    """Every entry added, removed or changed, in the order of the files; `old` may be absent."""
    added, removed, changed, pending = [], [], [], []
    for kind in KINDS:
        before: dict[str, Any] = getattr(old, kind) if old else {}
        after: dict[str, Any] = getattr(new, kind)
        added += [(kind, id_) for id_ in after if id_ not in before]
        removed += [(kind, id_) for id_ in before if id_ not in after]
        for id_, entry in after.items():
            if id_ in before and before[id_] != entry:
                changed.append(EntryDiff(kind, id_, tuple(changes(before[id_], entry))))
            had = getattr(before.get(id_), "pending", [])
            lost = tuple(lang for lang in getattr(entry, "pending", []) if lang not in had)
            if lost:
                pending.append((kind, id_, lost))
    if old and old.settings != new.settings:
        changed.append(EntryDiff("site", "site", tuple(changes(old.settings, new.settings))))
    return SiteDiff(tuple(added), tuple(removed), tuple(changed), tuple(pending))


def changes(old: Any, new: Any, where: str = "") -> Iterator[Change]:
    """The smallest changed parts: a fact's value as a whole, a text, or a plain field."""
    if old == new:
        return
    if isinstance(old, Value) and isinstance(new, Value):
        if old.model_copy(update={"note": None}) != new.model_copy(update={"note": None}):
            yield Change(where, old, new)
        yield from changes(old.note, new.note, _join(where, "note"))
    elif isinstance(old, BaseModel) and type(old) is type(new) and not isinstance(old, Text):
        for name in type(old).model_fields:
            yield from changes(getattr(old, name), getattr(new, name), _join(where, name))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from changes(before, after, f"{where}[{index}]")
    else:
        yield Change(where, old, new)


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def pending_status(site: Site) -> dict[Lang, list[str]]:
    """Per language, the entries whose translation is still to come, as kind/id."""
    status: dict[Lang, list[str]] = {lang: [] for lang in LANGUAGES}
    for kind in KINDS:
        for id_, entry in getattr(site, kind).items():
            for lang in getattr(entry, "pending", []):
                status[lang].append(f"{kind}/{id_}")
    return status


# -- Markdown -------------------------------------------------------------------------


def report(base: str, new: Site, old: Site | None, base_problems: list[str]) -> str:
    """The whole comparison as Markdown; `base_problems` when the base does not validate."""
    lines = [f"## Facts compared with {code(base)}", ""]
    if base_problems:
        count = len(base_problems)
        lines += [
            f"The facts at {code(base)} do not validate ({count} problem"
            f"{'s' if count != 1 else ''}), so there is nothing to compare them with:",
            "",
            *(f"- {_cell(problem)}" for problem in base_problems[:MAX_PROBLEMS]),
            *(["- …"] if count > MAX_PROBLEMS else []),
            "",
        ]
    else:
        if old is None:
            lines += [f"There are no fact files at {code(base)}: every entry is new.", ""]
        lines += _Writer(old, new).diff(compare(old, new))
    return "\n".join(lines + _status(new)) + "\n"


class _Writer:
    """Shows values of the old and the new site, each read by its own Formatter."""

    def __init__(self, old: Site | None, new: Site) -> None:
        self.old, self.new = _formatters(old), _formatters(new)

    def diff(self, diff: SiteDiff) -> list[str]:
        if not (diff.added or diff.removed or diff.changed):
            return ["No entry changed.", ""]
        lines = [
            f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed.",
            "",
            *self.values_changed(diff),
        ]
        for kind, heading in HEADINGS.items():
            added = [id_ for k, id_ in diff.added if k == kind]
            removed = [id_ for k, id_ in diff.removed if k == kind]
            changed = [entry for entry in diff.changed if entry.kind == kind]
            if not (added or removed or changed):
                continue
            lines += [f"### {heading}", ""]
            for id_ in added:
                lines += self.entry("Added", kind, id_, self.new)
            for id_ in removed:
                lines += self.entry("Removed", kind, id_, self.old)
            for entry in changed:
                lines += self.changed(entry)
        if diff.pending:
            lines += ["### Now waiting for a translation", ""]
            for kind, id_, langs in diff.pending:
                names = ", ".join(WORDS[lang]["language.name"] for lang in langs)
                lines.append(f"- {HEADINGS[kind]} {code(id_)}: {names}")
            lines.append("")
        return lines

    def values_changed(self, diff: SiteDiff) -> list[str]:
        """The figures whose value readers see changes (history.py's test: wording, notes
        and citations aside), old and new in both languages: what a reviewer checks first."""
        rows: list[tuple[str, ...]] = []
        for entry in diff.changed:
            if entry.kind != "facts":
                continue
            old, new = self.old["en"].site.facts[entry.id], self.new["en"].site.facts[entry.id]
            if value_of(old) == value_of(new):
                continue
            for n, lang in enumerate(LANGUAGES):
                before = self.old[lang].values(old, list(old.values))
                after = self.new[lang].values(new, list(new.values))
                name = f"{code(entry.id)} {self.name(new, self.new)}" if not n else ""
                rows.append((_Code(name), WORDS[lang]["language.name"], before, after))
        if not rows:
            return []
        header = ("figure", "language", "before", "after")
        return ["### Figures that change value", "", *_table(header, rows)]

    def entry(self, what: str, kind: str, id_: str, side: dict[Lang, Formatter]) -> list[str]:
        entry = getattr(side["en"].site, kind)[id_]
        lines = [f"#### {what}: {code(id_)} {self.name(entry, side)}".rstrip(), ""]
        if kind == "facts":
            rows = [
                (WORDS[lang]["language.name"], self.show(entry.values, side[lang]))
                for lang in LANGUAGES
            ]
            lines += _table(("language", "values"), rows)
        return lines

    def changed(self, entry: EntryDiff) -> list[str]:
        site = self.new["en"].site
        name = self.name(
            site.settings if entry.kind == "site" else getattr(site, entry.kind)[entry.id], self.new
        )
        rows: list[tuple[str, ...]] = []
        for change in entry.changes:
            shown = {
                lang: _excerpt(
                    self.show(change.old, self.old[lang]), self.show(change.new, self.new[lang])
                )
                for lang in LANGUAGES
            }
            if shown["ar"] == shown["en"]:
                rows.append((code(change.where), "", *shown["en"]))
            else:
                rows += [
                    (code(change.where), WORDS[lang]["language.name"], *shown[lang])
                    for lang in LANGUAGES
                    if shown[lang][0] != shown[lang][1]
                ]
        title = f"#### Changed: {code(entry.id)} {name}".rstrip()
        return [title, "", *_table(("field", "language", "before", "after"), rows)]

    @staticmethod
    def name(entry: Any, side: dict[Lang, Formatter]) -> str:
        """The entry's name in both languages, references spelled out as readers see them."""
        text = next((getattr(entry, f) for f in NAME_FIELDS if hasattr(entry, f)), None)
        if not isinstance(text, Text):
            return ""
        return " · ".join(_cell(side[lang].plain(text)) for lang in LANGUAGES if text.get(lang))

    def show(self, value: Any, fmt: Formatter) -> str:
        """A value as readers of `fmt.lang` see it; texts as written, references unexpanded."""
        if value is None:
            return "—"
        if isinstance(value, Text):
            return value.get(fmt.lang) or "(not written yet)"
        if isinstance(value, Value):
            when = fmt.when(value)
            shown = fmt.words["list.separator"].join(
                filter(None, [fmt.value_and_status(value), when])
            )
            return f"{shown} ({self.show(value.citation, fmt)})"
        if isinstance(value, PartialDate):
            return fmt.date_with_note(value)
        if isinstance(value, Citation):
            return fmt.citation(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return ", ".join(value) or "—"  # ids and language codes read the same in both
        if isinstance(value, list):
            return fmt.words["citation.separator"].join(self.show(i, fmt) for i in value) or "—"
        if isinstance(value, BaseModel):
            named = next((getattr(value, f) for f in NAME_FIELDS if hasattr(value, f)), None)
            return self.show(named, fmt) if named else str(getattr(value, "id", value))
        return str(value)


def value_of(fact: Fact) -> str | None:
    """What readers see of a figure's values, as the history compares them."""
    return snapshots("facts", fact)[0][1].value


def _formatters(site: Site | None) -> dict[Lang, Formatter]:
    if site is None:
        return {}
    return {lang: Formatter(site, lang) for lang in LANGUAGES}


def _status(site: Site) -> list[str]:
    rows = [
        (WORDS[lang]["language.name"], str(len(ids)), ", ".join(ids) or "—")
        for lang, ids in pending_status(site).items()
    ]
    return ["### Translation status", "", *_table(("language", "entries pending", "which"), rows)]


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [
        f"| {' | '.join(header)} |",
        f"|{' --- |' * len(header)}",
        *(f"| {' | '.join(map(_cell, row))} |" for row in rows),
        "",
    ]


class _Code(str):
    """Markdown already made safe, which table cells keep as it is."""


def code(text: str) -> _Code:
    """Inline code: shown literally; backticks and pipes cannot be escaped inside it."""
    inner = " ".join(text.replace("`", "'").replace("|", "/").split())
    return _Code(f"`{inner}`")


def _cell(text: str) -> str:
    """One line of inert Markdown: contributor text is shown, never interpreted."""
    if isinstance(text, _Code):
        return text
    line = " ".join(text.split())
    if len(line) > MAX_CELL:
        line = line[: MAX_CELL - 1] + "…"
    return MARKDOWN_SPECIAL.sub(r"\\\1", line)


def _excerpt(old: str, new: str) -> tuple[str, str]:
    """Long texts cut to the changed part with some context, so the change shows."""
    if max(len(old), len(new)) <= 3 * CONTEXT:
        return old, new
    start = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    room = min(len(old), len(new)) - start
    end = next((i for i in range(room) if old[-1 - i] != new[-1 - i]), room)
    begin = max(0, start - CONTEXT)
    begin = old.rfind(" ", 0, begin) + 1 if begin else 0  # whole words

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + CONTEXT)
        return ("…" if begin else "") + text[begin:stop] + ("…" if stop < len(text) else "")

    return cut(old), cut(new)
