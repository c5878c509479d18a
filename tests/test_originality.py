"""The project's Arabic is its own: no run of six words is taken from the reports, even
one disguised by a prefixed «و», the article, another hamza form or tashkeel.

Words are compared as generator/arabic.py keys them: tashkeel and tatweel removed, one
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
from tests.helpers import FACTS, FIXTURE_TEXTS, SHARED_SOURCES

RUN = 6
Words = Callable[[str], list[str]]


def exact(text: str) -> list[str]:
    """The old comparison: words as written, only vowel marks and tatweel removed."""
    return [
        re.sub("[\u064b-\u0652\u0640]", "", w) for w in re.findall(r"[\w\u0600-\u06ff%.$]+", text)
    ]


def keyed(text: str) -> list[str]:
    return arabic.keys(text)


def arabic_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["ar"]] if isinstance(node.get("ar"), str) else []
        return own + [text for value in node.values() for text in arabic_texts(value)]
    if isinstance(node, list):
        return [text for item in node for text in arabic_texts(item)]
    return []


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
    return [
        (path.name, text)
        for path in sorted(facts.rglob("*.yml"))
        for text in arabic_texts(yaml.safe_load(path.read_text(encoding="utf-8")))
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
    (facts / "planted.yml").write_text(
        yaml.safe_dump({"note": {"ar": f"نص من عندنا {disguise(run)}."}}, allow_unicode=True),
        encoding="utf-8",
    )
    found = copied(texts_of(facts), reports, keyed)
    assert any(where.startswith("planted.yml") for where in found)
