"""The house style, checked where a machine can: avoided forms, particles joined to
references, small numbers in digits, citations of headings."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import yaml

from generator import cli
from tests.helpers import FACTS, FIXTURE, run_cli


def check_with(tmp_path: Path, file: str, edit: dict[str, str]) -> str:
    """`check` on a copy of the fixture where `edit` replaces texts of `file`: its messages."""
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURE, facts)
    path = facts / file
    text = path.read_text(encoding="utf-8")
    for old, new in edit.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    errors = io.StringIO()  # in-process, as the bad-input corpus runs: the same messages
    with contextlib.redirect_stderr(errors):
        code = cli.main(["--facts", str(facts), "check"])
    assert code in (0, 1), errors.getvalue()
    return errors.getvalue() if code else ""


def test_an_avoided_arabic_form_is_found_through_a_prefix_and_a_hamza(tmp_path: Path) -> None:
    # The glossary avoids «الذكاء الاصطناعي الشامل»; written with و+ال and a hamza on the alef.
    planted = "ويربط التقرير (ب) مستقبل العلاقة بالذكاء الإصطناعي الشامل."
    found = check_with(
        tmp_path,
        "site.yml",
        {"ويربط التقرير (ب) مستقبل العلاقة بما يسميه {term:agi|الذكاء الاصطناعي العام}.": planted},
    )
    source = (tmp_path / "facts" / "site.yml").read_text(encoding="utf-8")
    line = source[: source.index(planted)].count("\n") + 1
    col = source.split("\n")[line - 1].index("بالذكاء") + 1
    assert f"site.yml:{line}:{col}: site.home.lede.ar" in found
    assert "site.home.lede.ar: «الذكاء الاصطناعي الشامل» is not the site's word" in found
    assert "write «الذكاء الاصطناعي العام»" in found


def test_english_forms_keep_their_case_where_it_matters(tmp_path: Path) -> None:
    found = check_with(
        tmp_path,
        "pages/02-cloud.yml",
        {"A joint project of the two companies": "A joint MOU (not an MoU), general AI"},
    )
    assert "«MOU» is not the site's word for this: write «Memorandum of understanding»" in found
    assert "«MoU»" not in found
    assert "«general AI» is not the site's word" in found


def test_a_quoted_form_is_a_mention(tmp_path: Path) -> None:
    assert (
        check_with(
            tmp_path,
            "pages/02-cloud.yml",
            {"مشروع مشترك بين الشركتين": "مشروع مشترك لا «الذكاء الاصطناعي الشامل» بين الشركتين"},
        )
        == ""
    )


def test_the_names_of_parties_and_sources_have_one_form(tmp_path: Path) -> None:
    found = check_with(
        tmp_path,
        "pages/01-deal.yml",
        {
            "ما تقوله التقارير عن": "ما يقوله التقرير الأول وكونتوزو عن",
            "What the reports say": "What ContoSo says",
        },
    )
    assert "«التقرير الأول» is not the site's word for this: write «التقرير (أ)»" in found
    assert "«كونتوزو» is not the site's word for this: write «كونتوسو»" in found
    assert "«ContoSo» is not the site's word for this: write «Contoso»" in found


def test_a_particle_joined_to_a_reference_is_refused(tmp_path: Path) -> None:
    found = check_with(
        tmp_path,
        "timeline.yml",
        {"تلتزم كونتوسو بمبلغ {fact:commitment-2024}": "تلتزم كونتوسو بـ{fact:commitment-2024}"},
    )
    assert "a letter is joined to a reference" in found
    assert "timeline.yml:" in found


@pytest.mark.parametrize(
    ("arabic", "english", "refused"),
    [
        ("مدة 6 سنوات", "a term of 6 years", True),
        ("مدة ست سنوات", "a term of six years", False),
        ("نحو 20% في 2030 وGPT-4", "about 20% in 2030 and GPT-4", False),
        ("العدد 10", "the number 10", True),
        ("العدد 11", "the number 11", False),
    ],
)
def test_small_numbers_in_prose_are_words(
    tmp_path: Path, arabic: str, english: str, refused: bool
) -> None:
    found = check_with(
        tmp_path,
        "pages/02-cloud.yml",
        {"مشروع مشترك بين الشركتين": arabic, "A joint project of the two companies": english},
    )
    assert ("numbers below eleven are words" in found) == refused


def test_a_citation_of_a_heading_is_refused(tmp_path: Path) -> None:
    found = check_with(
        tmp_path,
        "glossary.yml",
        {"cited: [{source: b, paragraph: 3}]": "cited: [{source: b, paragraph: 1}]"},
    )
    assert "paragraph 1 of source 'b' is a heading, not text" in found


def test_the_real_content_keeps_the_house_style() -> None:
    """Every style rule holds on facts/ (make check runs them all)."""
    result = run_cli("--facts", FACTS, "check")
    assert result.code == 0, result.stderr
    glossary = yaml.safe_load((FACTS / "glossary.yml").read_text(encoding="utf-8"))
    assert any(term.get("avoid") for term in glossary["terms"])
