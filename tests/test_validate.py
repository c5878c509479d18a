"""Validation across files: references, languages, pending translations, all errors at once."""

from __future__ import annotations

import textwrap

import pytest

from generator.load import parse_document
from generator.model import Site
from generator.problems import InputError
from generator.validate import validate

SITE = """\
site:
  title: {ar: عنوان, en: Title}
  description: {ar: وصف, en: Description}
  home:
    lede: {ar: مقدمة, en: Lede}
    key_facts: [share]
sources:
  - id: a
    label: {ar: أ, en: A}
    file: a.txt
    paragraphs: 3
    language: ar
    title: {ar: تقرير, en: Report}
    summary: {ar: ملخص, en: Summary}
pages:
  - id: story
    title: {ar: القصة, en: Story}
    summary: {ar: ملخص, en: Summary}
    sections:
      - id: one
        heading: {ar: أول, en: One}
        body: {ar: نص, en: Text}
        cited: [{source: a, paragraph: 1}]
"""

FACT = """\
facts:
  - id: share
    page: story
    label: {ar: الحصة, en: Share}
    values:
      - {amount: 20, unit: percent, source: a, paragraph: 2}
"""


def check(*files: str) -> Site:
    documents = [
        parse_document(textwrap.dedent(text).encode(), f"facts/{n}.yml")
        for n, text in enumerate(files)
    ]
    return validate(documents)


def problems(*files: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        check(*files)
    return [str(problem) for problem in caught.value.problems]


def test_valid_files_merge_into_one_site() -> None:
    site = check(SITE, FACT)
    assert list(site.facts) == ["share"]
    assert site.facts["share"].values[0].amount == 20


def test_unknown_reference_names_file_line_and_suggests() -> None:
    found = problems(SITE, FACT.replace("page: story", "page: stroy"))
    assert found == ["facts/1.yml:3:5: facts[0].page: unknown page 'stroy'; did you mean 'story'?"]


def test_every_problem_is_reported_at_once() -> None:
    broken = FACT.replace("paragraph: 2", "paragraph: 9").replace("page: story", "page: nope")
    found = problems(SITE, broken)
    assert len(found) == 2
    assert any("has 3 paragraphs, not 9" in line for line in found)
    assert any("unknown page 'nope'" in line for line in found)


def test_missing_language_fails_unless_pending() -> None:
    without_english = FACT.replace("label: {ar: الحصة, en: Share}", "label: {ar: الحصة}")
    assert any("missing English text" in line for line in problems(SITE, without_english))
    pending = without_english.replace("    page: story", "    page: story\n    pending: [en]")
    assert check(SITE, pending).facts["share"].pending == ["en"]


def test_duplicate_ids_across_files() -> None:
    found = problems(SITE, FACT, FACT)
    assert found == [
        "facts/2.yml:2:5: facts[0].id: duplicate id 'share': another entry in "
        "facts already uses it; choose another id"
    ]


def test_prose_references_are_checked() -> None:
    prose = SITE.replace(
        "body: {ar: نص, en: Text}", "body: {ar: 'نص {term:agi}', en: 'Text {fact:share:b}'}"
    )
    found = problems(prose, FACT)
    assert any("unknown term 'agi'" in line for line in found)
    assert any("fact 'share' has no value from source 'b'" in line for line in found)


def test_type_errors_speak_the_contributors_language() -> None:
    found = problems(
        SITE, FACT.replace("amount: 20", "amount: twenty").replace("unit: percent", "unit: percnt")
    )
    assert any("amount: expected a number, got 'twenty'" in line for line in found)
    assert any("unit: expected one of 'money', 'percent'" in line for line in found)
