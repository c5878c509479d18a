"""An entry as one commit leaves it, reduced to what the history compares.

The history compares models, never text: a file is read by the same safe loader as
today's facts and each entry by today's model, then reduced to fingerprints of what
its readers see in each language. Reformatting, comments, the order of entries and
the file an entry lives in change none of them; a translation fix changes only its
language's. A figure's values get a fingerprint of their own, so that rewording its
label dates its page but is not a change of the figure.

An entry that today's model cannot read (an older shape of the data) keeps its id and
is marked unreadable: the history knows it exists, not what it said.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from . import entries
from .load import MAX_BYTES, parse_document
from .model import (
    LANGUAGES,
    SCALES,
    Chart,
    Correction,
    Entity,
    Event,
    Fact,
    Lang,
    Page,
    Settings,
    Source,
    Term,
)
from .problems import InputError

MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "entities": Entity,
    "facts": Fact,
    "terms": Term,
    "events": Event,
    "pages": Page,
    "charts": Chart,
    "corrections": Correction,
}
# The order in which one commit's changes are listed: a page before its sections.
KINDS = (
    "site", "pages", "sections", "facts", "charts", "terms", "events", "entities", "sources",
    "corrections",
)  # fmt: skip
NAME_FIELDS = {"facts": "label", "terms": "term", "entities": "name", "sections": "heading"}
# What a figure's value is, as readers see it; the rest of a value (its source,
# paragraph and note) is wording and citation.
VALUE_FIELDS = ("unit", "currency", "qualifier", "status", "as_of", "since", "by", "until")

Key = tuple[str, str]  # (kind, id); a section's id is "page/section"


@dataclass(frozen=True)
class Snapshot:
    """One entry at one commit: fingerprints of what readers see, and what a change shows."""

    seen: tuple[str, ...] | None  # per language of LANGUAGES; None when it cannot be read
    value: str | None = None  # a figure's values as readers see them
    values: tuple[dict[str, Any], ...] = ()  # a figure's values, to show them later
    name: tuple[str, ...] = ()  # per language: to name the entry once it is gone
    pages: tuple[str, ...] = ()  # the explainer pages it is shown on

    def data(self) -> list[Any]:
        return [self.seen, self.value, list(self.values), list(self.name), list(self.pages)]

    @classmethod
    def of(cls, data: list[Any]) -> Snapshot:
        seen, value, values, name, pages = data
        return cls(tuple(seen) if seen else None, value, tuple(values), tuple(name), tuple(pages))


UNREADABLE_ENTRY = Snapshot(None)  # an entry today's model cannot read
Item = tuple[Key, Snapshot]
Memo = dict[bytes, list[Item] | None]  # what each text read as


def read_file(raw: bytes | None, name: str, memo: Memo | None = None) -> list[Item] | None:
    """The entries of one fact file's bytes; None when the file itself cannot be read.

    `memo` keeps what each entry's text reads as, across the versions of a file, so
    that an entry that did not change is not read again (see entries.py).
    """
    texts = cut(raw)
    if raw is None or texts is None:
        return None
    memo = {} if memo is None else memo
    for text in texts:
        if text not in memo:
            memo[text] = read_text(text, name)
        if memo[text] is None:
            break
    items = joined(texts, memo)
    if items is None and texts != [raw]:
        return read_text(raw, name)  # a piece that does not read alone: read the file whole
    return items


def cut(raw: bytes | None) -> list[bytes] | None:
    """The texts a fact file's bytes are read as: its entries (entries.py), or the whole
    file when it cannot be cut; None when it cannot be read at all (gone, or too large)."""
    if raw is None or len(raw) > MAX_BYTES:
        return None
    return entries.cut(raw) or [raw]


def joined(texts: list[bytes], memo: Memo) -> list[Item] | None:
    """A file's entries, from what its texts read as; None when one of them does not read."""
    items: list[Item] = []
    for text in texts:
        found = memo.get(text)
        if found is None:
            return None
        items += found
    return items


def read_text(raw: bytes, name: str = "") -> list[Item] | None:
    """The entries one text reads as (a piece or a whole file); None when it does not
    read. `name` is only for the loader's messages, which are not kept."""
    try:
        data = parse_document(raw, name).data
    except InputError:
        return None
    items: list[Item] = []
    if isinstance(data.get("site"), dict):
        items += _read("site", data["site"], Settings, "site")
    for kind, model in MODELS.items():
        found = data.get(kind)
        for entry in found if isinstance(found, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                items += _read(kind, entry, model, entry["id"])
    return items


def _read(kind: str, data: dict[str, Any], model: type[BaseModel], id_: str) -> list[Item]:
    try:
        entry = model.model_validate(data)
    except ValidationError:
        return [((kind, id_), UNREADABLE_ENTRY)]
    return snapshots(kind, entry)


def snapshots(kind: str, entry: BaseModel) -> list[Item]:
    """An entry's snapshot; a page's sections are entries of their own."""
    data = entry.model_dump(mode="json")
    id_ = str(data.get("id", kind))
    pages: tuple[str, ...] = ()
    items: list[Item] = []
    if isinstance(entry, Page):
        pages = (entry.id,)
        sections = data.pop("sections")
        data["sections"] = [section["id"] for section in sections]  # their order
        for section in sections:
            seen = _seen({**section, "pending": data["pending"]})
            name = tuple(_text(section["heading"], lang) for lang in LANGUAGES)
            key = ("sections", f"{entry.id}/{section['id']}")
            items.append((key, Snapshot(seen, name=name, pages=pages)))
    elif isinstance(entry, (Fact, Chart)):
        pages = (entry.page,)
    value: str | None = None
    values: tuple[dict[str, Any], ...] = ()
    if isinstance(entry, Fact):
        shown = entry.values if entry.reports_differ else entry.values[:1]
        value = _digest([_value(v.model_dump(mode="json"), entry.reports_differ) for v in shown])
        values = tuple(
            v.model_dump(mode="json", exclude_defaults=True, exclude={"note"}) for v in entry.values
        )
    field = NAME_FIELDS.get(kind, "title")
    named = data.get(field) if isinstance(data.get(field), dict) else data.get("label")
    name = tuple(_text(named, lang) for lang in LANGUAGES) if isinstance(named, dict) else ()
    snapshot = Snapshot(_seen(data), value, values, name, pages)
    return [((kind, id_), snapshot), *items]


def _value(data: dict[str, Any], attributed: bool) -> list[Any]:
    """A value as readers see it: its exact number, unit, hedge, status and dates."""
    number = _number(data["amount"], data["scale"])
    return [number, *(data[field] for field in VALUE_FIELDS), data["source"] if attributed else ""]


def _number(amount: float, scale: str) -> str:
    return format((Decimal(str(amount)) * SCALES[scale]).normalize(), "f")


def _seen(data: dict[str, Any]) -> tuple[str, ...]:
    """What readers of each language see of an entry, as one fingerprint per language:
    the data with each text in their language, or in the other while theirs is pending.

    One walk takes the texts out; each language's fingerprint is that of the data
    without them and of the texts it reads, in order.
    """
    pending = data.get("pending") or []
    texts: list[dict[str, Any]] = []
    shape = _encode(_shape({key: v for key, v in data.items() if key != "pending"}, texts))
    return tuple(
        _digest_bytes(shape + _encode([lang in pending, [_text(t, lang) for t in texts]]))
        for lang in LANGUAGES
    )


_TEXT = {"\0": "text"}  # where a text was: no model's data holds this


def _shape(data: Any, texts: list[dict[str, Any]]) -> Any:
    """The data with each text ({ar, en}) replaced by a mark, the texts put in `texts`."""
    if isinstance(data, dict):
        if data.keys() == set(LANGUAGES):
            texts.append(data)
            return _TEXT
        return {key: _shape(value, texts) for key, value in data.items()}
    if isinstance(data, list):
        return [_shape(item, texts) for item in data]
    return data


def _text(text: dict[str, Any], lang: Lang) -> str:
    own = text.get(lang)
    return str(own) if own else next((str(text[o]) for o in LANGUAGES if text.get(o)), "")


def _digest(data: Any) -> str:
    return _digest_bytes(_encode(data))


def _digest_bytes(encoded: bytes) -> str:
    return hashlib.blake2b(encoded, digest_size=12).hexdigest()


def _encode(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
