"""Arabic search keys and index forms (generator/arabic.py, generator/search.py)."""

from __future__ import annotations

import pytest

from generator import search
from generator.arabic import fold as normalize
from generator.arabic import forms
from generator.arabic import key as query_key
from generator.search import expand_document, expand_index


def test_normalize_unifies_spellings_and_drops_marks() -> None:
    assert normalize("أإآٱا") == "ااااا"
    assert normalize("مدينة") == "مدينه"
    assert normalize("على") == "علي"
    assert normalize("ستـارجيتُ") == "ستارجيت"


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("ستارجيت", "ستارجيت"),
        ("ستارجيت", "وستارجيت"),
        ("ستارجيت", "بستارجيت،"[:-1]),
        ("الاستثمار", "استثمارات"),
        ("استثمار", "بالاستثمار"),
        ("للاستثمار", "الاستثمارات"),
        ("البيانات", "وبيانات"),
        ("بيانات", "البيانات"),
        ("اسس", "أُسِّسَت"),
        ("مدينة", "المدينه"),
    ],
)
def test_a_typed_word_finds_its_indexed_forms(typed: str, indexed: str) -> None:
    key = query_key(typed)
    assert any(form.startswith(key) for form in forms(indexed)), (key, forms(indexed))


@pytest.mark.parametrize(("typed", "indexed"), [("ستارجيت", "مايكروسوفت"), ("بند", "ند")])
def test_unrelated_words_stay_apart(typed: str, indexed: str) -> None:
    key = query_key(typed)
    assert not any(form.startswith(key) for form in forms(indexed))


def test_short_words_keep_their_first_letter() -> None:
    assert query_key("بند") == "بند"
    assert query_key("ولد") == "ولد"


def test_forms_are_hidden_after_the_text_the_reader_sees() -> None:
    doc = {"location": "glossary/#stargate", "title": "ستارجيت", "text": "<p>والاستثمار فيه</p>"}
    expanded = expand_document(doc)
    assert expanded["text"].startswith("<p>والاستثمار فيه</p> <span hidden>")
    hidden = expanded["text"].split("<span hidden>")[1].removesuffix("</span>").split()
    assert "استثمار" in hidden
    assert "الاستثمار" in hidden
    assert expand_document(
        {"location": "", "title": "Stargate", "text": "<p>only English</p>"}
    ) == {
        "location": "",
        "title": "Stargate",
        "text": "<p>only English</p>",
    }


def test_expanding_an_index_keeps_its_config() -> None:
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "", "title": "ب", "text": ""}]}
    assert expand_index(index)["config"] == {"lang": ["en"]}


def test_a_rebuilt_page_has_only_its_changed_sections_expanded_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After an edit, the index of a rebuilt page holds every section again; the forms of
    a section whose title and text did not change are not worked out again."""
    looked_up: list[str] = []

    def noted(word: str) -> set[str]:
        looked_up.append(word)
        return forms(word)

    monkeypatch.setattr(search.arabic, "forms", noted)
    search._other_forms.cache_clear()
    sections = [{"location": f"figures/#{n}", "title": "أرقام", "text": f"<p>قسم {n}</p>"}
                for n in ("أول", "ثان")]  # fmt: skip
    first = expand_index({"docs": sections})
    edited = [sections[0], {**sections[1], "text": "<p>قسم جديد</p>"}]
    looked_up.clear()
    again = expand_index({"docs": edited})
    assert sorted(looked_up) == sorted(["أرقام", "قسم", "جديد"])
    assert again["docs"][0] == first["docs"][0]
    search._other_forms.cache_clear()
    assert expand_index({"docs": edited}) == again
