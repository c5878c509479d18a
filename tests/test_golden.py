"""Golden files: the rendered Markdown and config of a small fixture, reviewed as diffs.

Regenerate on purpose with `make golden` (UPDATE_GOLDEN=1) and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.load import load_facts
from generator.model import LANGUAGES
from generator.render import render_site
from generator.validate import validate

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "facts").is_dir())


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_rendered_output_matches_golden(case: str, lang: str) -> None:
    site = validate(load_facts(GOLDEN / case / "facts"))
    rendered = render_site(site, lang)  # type: ignore[arg-type]
    expected_dir = GOLDEN / case / "expected" / lang
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in rendered.items():
            target = expected_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        path.relative_to(expected_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(expected_dir.rglob("*"))
        if path.is_file()
    }
    assert sorted(rendered) == sorted(expected), "the set of rendered files changed"
    for path, text in rendered.items():
        assert text == expected[path], f"{case}/{lang}/{path} differs from its golden file"
