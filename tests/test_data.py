"""Downloads and JSON-LD: parseable, complete, and safe inside a script element."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator import data
from generator.load import load_facts
from generator.model import Site
from generator.render import render_site
from generator.validate import validate
from tests.conftest import FACTS


@pytest.fixture(scope="module")
def content() -> Site:
    return validate(load_facts(FACTS))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_figures_download_as_csv_and_json_with_source_date_and_status(
    content: Site, lang: str
) -> None:
    files = render_site(content, lang)  # type: ignore[arg-type]
    text = files["docs/data/figures.csv"]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    document = json.loads(files["docs/data/figures.json"])
    values = sum(len(fact.values) for fact in content.facts.values())
    assert len(rows) == len(document["figures"]) == values
    assert {"source", "paragraph", "as_of", "since", "by", "status"} <= set(rows[0])
    stargate = [row for row in rows if row["id"] == "stargate-investment"]
    assert {(row["source"], row["paragraph"], row["status"]) for row in stargate} == {
        ("a", "5", "planned"),
        ("b", "21", "estimated"),
    }
    share = next(row for row in document["figures"] if row["id"] == "revenue-share-2030")
    assert (share["number"], share["by"], share["status"]) == (10, "2030", "expected")
    total = next(row for row in rows if row["id"] == "microsoft-investment-total")
    assert total["number"] == "13750000000"
    assert ("13.75 مليار دولار" if lang == "ar" else "$13.75 billion") in total["value"]
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
