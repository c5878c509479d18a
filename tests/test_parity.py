"""Parity of numbers: across the two languages, and between a fact's prose and its values."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.load import parse_document
from generator.model import FactsFile, texts_in
from generator.parity import check, literal_numbers
from tests.helpers import FIXTURE, run_cli

FACT = """\
facts:
  - id: commitment
    page: money
    label:
      ar: {ar}
      en: {en}
    values:
      - amount: 10
        scale: billion
        unit: money
        currency: USD
        as_of: 2023-01
        source: a
        paragraph: 5
"""


def problems(ar: str, en: str) -> list[str]:
    document = parse_document(FACT.format(ar=ar, en=en).encode(), "facts/money.yml")
    content = FactsFile.model_validate(document.data)
    return [str(p) for p in check([(document, content, list(texts_in((), content)))])]


def test_literal_numbers_skip_references_and_read_arabic_digits() -> None:
    assert literal_numbers("{fact:x} في {date:2023-01}، الفقرة {cite:a:5}") == set()
    assert literal_numbers("١٣٫٧٥ مليار و2,000 و20%") == {
        Decimal("13.75"),
        Decimal(2000),
        Decimal(20),
    }


def test_numbers_the_values_hold_pass() -> None:
    assert problems("التزام يناير 2023 بـ10 مليارات", "The $10 billion of January 2023") == []


def test_a_number_the_values_do_not_hold_fails_at_its_line() -> None:
    found = problems("التزام بـ10 مليارات", "A $12 billion commitment")
    assert any(
        p.startswith(
            "facts/money.yml:6:7: facts[0].label.en: fact 'commitment': the English "
            "text states 12, which none of the fact's values holds"
        )
        for p in found
    )
    assert any("the Arabic text mentions 10 but the English text does not" in p for p in found)


def test_one_language_alone_stating_a_number_fails() -> None:
    found = problems("التزام مايكروسوفت في 2023", "Microsoft's commitment")
    assert found == [
        "facts/money.yml:5:7: facts[0].label.ar: the Arabic text mentions 2023 but the "
        "English text does not: both languages must state the same numbers (better, let "
        "{fact:ID} or {date:YYYY-MM} write them)"
    ]


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE, facts)
    return facts


def test_check_fails_when_prose_states_a_number_its_fact_does_not_hold(facts_copy: Path) -> None:
    figures = facts_copy / "figures.yml"
    text = figures.read_text(encoding="utf-8")
    old = "en: The share expected in 2028}"
    assert text.count(old) == 1
    figures.write_text(text.replace(old, old.replace("2028", "2029")), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    result = run_cli("--facts", facts_copy, "check")
    assert result.code == 1
    assert f"{figures.as_posix()}:{line}:" in result.stderr
    assert "fact 'share-2028': the English text states 2029" in result.stderr


def test_check_fails_when_page_prose_differs_between_languages(facts_copy: Path) -> None:
    page = facts_copy / "pages" / "02-cloud.yml"
    text = page.read_text(encoding="utf-8")
    old = "and the partnership runs until"
    assert text.count(old) == 1
    page.write_text(text.replace(old, "and, in 3 phases, the partnership runs until"), "utf-8")
    result = run_cli("--facts", facts_copy, "check")
    assert result.code == 1
    assert "02-cloud.yml:" in result.stderr
    assert "the English text mentions 3 but the Arabic text does not" in result.stderr
