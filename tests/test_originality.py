"""The project's Arabic is its own: no run of six words is taken from the reports, even
one disguised by a prefixed «و», the article, another hamza form or tashkeel.

Texts are compared as readers read them, with figures, dates and terms spelled out, and
words as generator/arabic.py keys them: tashkeel and tatweel removed, one
alef for the hamza forms, ه for ة, ي for ى, and the article or an attached و ف ب ل ك
removed. The older, exact comparison is kept to show what the keyed one adds.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import arabic
from generator.model import texts_in
from generator.problems import dotted
from generator.render.format import Formatter
from tests.helpers import FACTS, FIXTURE_TEXTS, SHARED_SOURCES, site_of

RUN = 6
Words = Callable[[str], list[str]]


def exact(text: str) -> list[str]:
    """The old comparison: words as written, only vowel marks and tatweel removed."""
    return [
        re.sub("[\u064b-\u0652\u0640]", "", w) for w in re.findall(r"[\w\u0600-\u06ff%.$]+", text)
    ]


def keyed(text: str) -> list[str]:
    return arabic.keys(text)


def copied(ours: Iterable[tuple[str, str]], reports: list[str], words: Words) -> set[str]:
    """Every run of RUN words of a report that one of our texts also holds."""
    runs = set()
    for report in reports:
        found = words(report)
        runs |= {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}
    shared = set()
    for where, text in ours:
        found = words(text)
        shared |= {
            f"{where}: {' '.join(found[i : i + RUN])}"
            for i in range(len(found) - RUN + 1)
            if tuple(found[i : i + RUN]) in runs
        }
    return shared


def texts_of(facts: Path) -> list[tuple[str, str]]:
    """Every Arabic text of the facts as a reader reads it, figures and terms spelled out."""
    site = site_of(facts)
    fmt = Formatter(site, "ar")
    entries: list[tuple[str, Any]] = [("site", site.settings)] + [
        (f"{kind}/{entry_id}", entry)
        for kind in ("sources", "entities", "facts", "terms", "events", "pages", "charts")
        for entry_id, entry in getattr(site, kind).items()
    ]
    return [
        (f"{name}.{dotted(path)}", fmt.plain(text))
        for name, entry in entries
        for path, text in texts_in((), entry)
        if text.ar
    ]


def reports_in(folder: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]


def disguise(run: str) -> str:
    """A run of a report as a careless contributor might retype it."""
    words = run.split()
    words[0] = "و" + words[0]  # a conjunction in front
    words[1] = words[1].replace("ا", "أ", 1) if "ا" in words[1] else words[1] + "َ"
    words[2] = words[2][:1] + "ـ" + words[2][1:]  # tatweel
    return " ".join(words)


def test_the_keyed_comparison_finds_a_near_copy_the_exact_one_misses() -> None:
    reports = reports_in(FIXTURE_TEXTS)
    run = " ".join(reports[0].split("\n")[2].split()[1:7])
    ours = [("planted", f"مقدمة من عندنا {disguise(run)} وخاتمة من عندنا.")]
    assert copied(ours, reports, keyed)
    assert not copied(ours, reports, exact)


def need_reports() -> list[str]:
    reports = reports_in(SHARED_SOURCES) if SHARED_SOURCES.is_dir() else []
    if not reports:
        pytest.skip(f"originality NOT checked: no report texts in {SHARED_SOURCES}")
    return reports


def test_no_run_of_six_words_of_the_reports_is_copied() -> None:
    assert sorted(copied(texts_of(FACTS), need_reports(), keyed)) == []


def test_a_near_copy_planted_in_the_real_facts_is_found(tmp_path: Path) -> None:
    reports = need_reports()
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    paragraph = next(p for p in reports[0].split("\n") if len(p.split()) > 12)
    run = " ".join(paragraph.split()[3:9])
    term = {
        "id": "planted",
        "term": {"ar": "مصطلح", "en": "Term"},
        "short": {"ar": "تعريف", "en": "Definition"},
        "long": {"ar": f"نص من عندنا {disguise(run)}.", "en": "Our text."},
        "cited": [{"source": next(iter(site_of(FACTS).sources)), "paragraph": 1}],
    }
    (facts / "planted.yml").write_text(
        yaml.safe_dump({"terms": [term]}, allow_unicode=True), encoding="utf-8"
    )
    found = copied(texts_of(facts), reports, keyed)
    assert any(where.startswith("terms/planted") for where in found)
