"""The edit the benchmark makes, as a contributor would: one number of one fact.

A fact shown as a percentage is chosen, so that its new value is easy to spot on
its page; the file is changed in that one place, every other byte kept.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.load import FactsLoader


def percent_fact(facts: Path) -> tuple[Path, str, str]:
    """A fact shown as a percentage: its file, id and page."""
    for path in sorted(facts.rglob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FactsLoader)  # noqa: S506
        for fact in (data or {}).get("facts", []):
            if fact["values"][0]["unit"] == "percent":
                return path, fact["id"], fact["page"]
    raise SystemExit("no fact with a percentage in the facts: nothing to edit")


def set_first_amount(path: Path, fact_id: str, amount: str) -> None:
    """Rewrite one number in place, leaving every other byte of the file as it was."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=FactsLoader)
    assert root is not None
    facts = next(v for k, v in root.value if k.value == "facts")
    fact = next(f for f in facts.value if any(k.value == "id" and v.value == fact_id
                                              for k, v in f.value))  # fmt: skip
    values = next(v for k, v in fact.value if k.value == "values")
    node = next(v for k, v in values.value[0].value if k.value == "amount")
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: node.start_mark.line]) + node.start_mark.column
    end = sum(len(line) + 1 for line in lines[: node.end_mark.line]) + node.end_mark.column
    path.write_text(text[:start] + amount + text[end:], encoding="utf-8")
