"""Downloads and JSON-LD: parseable, complete, and safe inside a script element."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator.model import Site
from generator.render import data, render_site
from generator.render.format import Formatter
from tests.helpers import FIXTURE, site_of


@pytest.fixture(scope="module")
def content() -> Site:
    return site_of(FIXTURE)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_figures_download_as_csv_and_json_with_source_date_and_status(
    content: Site, lang: str
) -> None:
    files = render_site(content, lang)  # type: ignore[arg-type]
    fmt = Formatter(content, lang)  # type: ignore[arg-type]
    text = files["docs/data/figures.csv"]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    document = json.loads(files["docs/data/figures.json"])
    pairs = [(fact, value) for fact in content.facts.values() for value in fact.values]
    assert len(rows) == len(document["figures"]) == len(pairs)
    for row, as_json, (fact, value) in zip(rows, document["figures"], pairs, strict=True):
        assert row["id"] == as_json["id"] == fact.id
        assert (row["source"], row["paragraph"], row["status"]) == (
            value.source,
            str(value.paragraph),
            value.status,
        )
        assert row["value"] == as_json["value"] == fmt.value_and_status(value)
        assert as_json["number"] == data.exact_number(value.number)
        for role in ("as_of", "since", "by", "until"):
            date = getattr(value, role)
            assert row[role] == as_json[role] == (str(date) if date else "")
    # One file per figures table as well.
    for page_id in {fact.page for fact in content.facts.values()}:
        assert f"docs/data/figures-{page_id}.csv" in files
        assert f"docs/data/figures-{page_id}.json" in files


def test_json_ld_cannot_close_its_script_element() -> None:
    block = data.json_ld({"@type": "Thing", "name": "</script><script>alert(1)</script> & <!--"})
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner
    assert ">" not in inner
    assert "&" not in inner
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script> & <!--"


def test_csv_cells_never_start_a_formula() -> None:
    row = {column: "" for column in data.COLUMNS}
    cells = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "plain", "13.75"]
    text = data.figures_csv([data.row_text({**row, "label": cell}) for cell in cells])
    rows = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    labels = [r["label"] for r in rows]
    assert labels == ["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", "13.75"]
