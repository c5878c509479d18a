"""The provenance check: each cited figure must appear in the paragraph it cites."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.arabic import months_in, numbers_in
from generator.provenance import paragraphs
from tests.helpers import FIXTURE, FIXTURE_TEXTS, run_cli


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("استثمرت أكثر من 13.75 مليار دولار", {Decimal("13750000000")}),
        ("الالتزام بـ10 مليارات دولار في يناير 2023", {Decimal("1E10"), Decimal(2023)}),
        ("دعم سابق بقيمة مليار دولار", {Decimal("1E9")}),
        ("ملياري دولار", {Decimal("2E9")}),
        ("على مدى الأربع سنوات القادمة", {Decimal(4)}),
        ("خلال ست سنوات فقط", {Decimal(6)}),
        ("ستة ملايين", {Decimal("6E6")}),
        ("ثلاثة عشر عامًا", {Decimal(13)}),
        ("حوالي 20% من إيراداتها", {Decimal(20)}),
        ("تنخفض إلى النصف على الأقل", {Decimal("0.5"), Decimal(50)}),
        ("٢٠٣٠ و١٣٫٧٥ مليار", {Decimal(2030), Decimal("13750000000")}),
        ("مئات المليارات من الدولارات", set()),
    ],
)
def test_numbers_in_arabic_prose(text: str, expected: set[Decimal]) -> None:
    assert numbers_in(text) == expected


def test_months_and_paragraphs() -> None:
    assert months_in("وأعلنت في مايو عن نموذج") == {5}
    assert months_in("الموقعة في يناير لا تزال") == {1}
    assert paragraphs("one\n\n  \ntwo\n") == ["one", "two"]


def test_the_fixture_matches_its_reports() -> None:
    result = run_cli("--facts", FIXTURE, "sources", "--texts", FIXTURE_TEXTS)
    assert result.code == 0, result.stderr
    assert "ok (" in result.stdout


def copy_facts(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE, facts)
    return facts


def test_a_changed_figure_is_caught_with_fact_paragraph_and_what_is_there(
    tmp_path: Path,
) -> None:
    facts = copy_facts(tmp_path)
    figures = facts / "figures.yml"
    text = figures.read_text(encoding="utf-8")
    assert text.count("amount: 4.5\n") == 1
    figures.write_text(text.replace("amount: 4.5\n", "amount: 4.25\n"), encoding="utf-8")
    result = run_cli("--facts", facts, "sources", "--texts", FIXTURE_TEXTS)
    assert result.code == 1
    line = next(line for line in result.stderr.splitlines() if "4250000000" in line)
    assert f"{figures.as_posix()}:" in line
    assert "fact 'investment-total' cites source 'a' paragraph 3" in line
    assert "4500000000" in line  # what the paragraph does hold


def test_made_up_reports_catch_a_wrong_paragraph_and_a_wrong_date(tmp_path: Path) -> None:
    """Reports that lack what the facts cite: each figure and date is named."""
    facts = copy_facts(tmp_path)
    texts = tmp_path / "texts"
    texts.mkdir()
    for source in FIXTURE_TEXTS.glob("*.txt"):
        count = len(paragraphs(source.read_text(encoding="utf-8")))
        (texts / source.name).write_text("\n\n".join(["نص بلا أرقام"] * count), encoding="utf-8")
    result = run_cli("--facts", facts, "sources", "--texts", texts)
    assert result.code == 1
    assert "fact 'share-now' cites source 'a' paragraph 2 for the number 30" in result.stderr
    assert "that paragraph holds only no numbers" in result.stderr
    assert "event 'announcement' is dated --05" in result.stderr


def test_without_texts_the_check_says_so_and_does_not_pass(tmp_path: Path) -> None:
    result = run_cli("--facts", FIXTURE, "sources", "--texts", tmp_path / "missing")
    assert result.code == 2
    assert "no source texts" in result.stderr
    assert "nothing was checked" in result.stderr


def test_a_report_with_other_paragraph_count_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "texts"
    shutil.copytree(FIXTURE_TEXTS, copy)
    report = copy / "report-a.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nسطر زائد\n", encoding="utf-8")
    result = run_cli("--facts", FIXTURE, "sources", "--texts", copy)
    assert result.code == 1
    assert "has 7 paragraphs (non-empty lines), not 6" in result.stderr


def test_a_report_that_is_not_utf8_is_said_plainly(tmp_path: Path) -> None:
    copy = tmp_path / "texts"
    shutil.copytree(FIXTURE_TEXTS, copy)
    report = copy / "report-a.txt"
    report.write_bytes(report.read_text(encoding="utf-8").encode("cp1256"))
    result = run_cli("--facts", FIXTURE, "sources", "--texts", copy)
    assert result.code == 1
    assert "report-a.txt is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
