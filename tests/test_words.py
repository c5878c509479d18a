"""The interface words (generator/words.yml): both languages, every key used, every value
of the model that readers see has its words, and counted texts for any number of sources."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from generator import model
from generator.model import LANGUAGES
from generator.words import ENTRIES, WORDS
from tests.helpers import ROOT

# Keys built from a value of the model: the prefix, and the values that have no words.
FROM_THE_MODEL = {
    "status.": (model.Status, {"reported"}),
    "qualifier.": (model.Qualifier, {"exact"}),
    "kind.": (model.EntityKind, set()),
    "scale.": (model.Scale, {"one"}),
}
CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def code() -> str:
    """Every place that may name a key: the generator's Python and its templates."""
    files = [*(ROOT / "generator").rglob("*.py"), *(ROOT / "generator").rglob("*.j2")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_key_has_both_languages_and_nothing_else() -> None:
    for key, entry in ENTRIES.items():
        assert set(entry) == set(LANGUAGES), key


def test_counted_texts_have_an_other_form_and_known_categories() -> None:
    for key, entry in ENTRIES.items():
        for lang, text in entry.items():
            if isinstance(text, dict):
                assert "other" in text, f"{key}.{lang}"
                for choice in text:
                    assert choice in CATEGORIES or re.fullmatch(r"=\d+", choice), choice
            else:
                assert isinstance(text, str), f"{key}.{lang}"


def test_every_key_is_used() -> None:
    source = code()
    unused = [
        key
        for key in ENTRIES
        if not any(key.startswith(prefix) for prefix in (*FROM_THE_MODEL, "currency.", "when."))
        and f'"{key}"' not in source
        and f"'{key}'" not in source
    ]
    assert unused == []


@pytest.mark.parametrize("prefix", FROM_THE_MODEL)
def test_each_value_of_the_model_that_readers_see_has_its_words(prefix: str) -> None:
    literal, silent = FROM_THE_MODEL[prefix]
    shown = set(get_args(literal)) - silent
    keyed = {key.removeprefix(prefix) for key in ENTRIES if key.startswith(prefix)}
    assert keyed == shown


def test_each_time_frame_of_a_value_has_its_words() -> None:
    roles = {"since", "by", "until"}
    assert roles <= set(model.Value.model_fields)
    assert {key.removeprefix("when.") for key in ENTRIES if key.startswith("when.")} == roles


@pytest.mark.parametrize("sources", range(1, 13))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_counted_texts_exist_for_any_number_of_sources(lang: str, sources: int) -> None:
    words = WORDS[lang]  # type: ignore[index]
    for key, entry in ENTRIES.items():
        if isinstance(entry[lang], dict):
            assert words.count(key, sources)
