"""The project's Arabic is its own: no run of six words is taken from the reports."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.helpers import FACTS, SHARED_SOURCES

RUN = 6
WORD = re.compile(r"[\w\u0600-\u06FF%.$]+")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0640]")  # vowel marks and tatweel


def words(text: str) -> list[str]:
    return [DIACRITICS.sub("", word) for word in WORD.findall(text)]


def arabic_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["ar"]] if isinstance(node.get("ar"), str) else []
        return own + [text for value in node.values() for text in arabic_texts(value)]
    if isinstance(node, list):
        return [text for item in node for text in arabic_texts(item)]
    return []


def test_no_six_word_run_of_the_reports_is_copied() -> None:
    reports = sorted(SHARED_SOURCES.glob("*.txt")) if SHARED_SOURCES.is_dir() else []
    if not reports:
        pytest.skip(f"originality NOT checked: no report texts in {SHARED_SOURCES}")
    source = [word for path in reports for word in words(path.read_text(encoding="utf-8"))]
    runs = {tuple(source[i : i + RUN]) for i in range(len(source) - RUN + 1)}
    copied = set()
    for path in sorted(FACTS.rglob("*.yml")):
        for text in arabic_texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            ours = words(text)
            copied |= {
                f"{path.name}: {' '.join(ours[i : i + RUN])}"
                for i in range(len(ours) - RUN + 1)
                if tuple(ours[i : i + RUN]) in runs
            }
    assert sorted(copied) == []
