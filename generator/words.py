"""The interface words of each language, read from words.yml (data, not code)."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from typing import Any

import yaml
from babel import Locale

from .model import LANGUAGES, Lang

Entry = str | dict[str, str]


def _read() -> dict[str, dict[str, Entry]]:
    text = resources.files(__package__).joinpath("words.yml").read_text(encoding="utf-8")
    entries: dict[str, dict[str, Entry]] = yaml.safe_load(text)
    return entries


ENTRIES = _read()


class Words:
    """One language's words: `words["nav.home"]`, or `words.count(key, n)` for counted texts."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self.entries = {key: entry[lang] for key, entry in ENTRIES.items()}

    def __getitem__(self, key: str) -> str:
        entry = self.entries[key]
        if not isinstance(entry, str):
            raise KeyError(f"{key!r} depends on a count: use Words.count")
        return entry

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def count(self, key: str, number: int | Decimal) -> str:
        """The text for `number` things: an exact match (=2), else its plural category."""
        entry = self.entries[key]
        if isinstance(entry, str):
            return entry
        category = self.locale.plural_form(number)
        for choice in (f"={number}", category, "other"):
            if choice in entry:
                return entry[choice]
        raise KeyError(f"{key!r} has no 'other' text in {self.lang}")

    def language_name(self, code: str) -> str:
        """A language's name in this language, from Babel: ar is "Arabic" / «العربية»."""
        return str(Locale.parse(code).get_display_name(self.locale))


WORDS: dict[Lang, Words] = {lang: Words(lang) for lang in LANGUAGES}


def entries_of(lang: Lang) -> dict[str, Any]:
    return WORDS[lang].entries
