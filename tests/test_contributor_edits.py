"""A contributor's valid edits to the real facts, with no change to the generator, build with
both engines and show on the site in both languages.

On a copy of facts/: a third source (its text beside the others) and a figure citing it,
a new glossary term, a reworded sentence on a page, a renamed figure label and a new
chart defined in YAML. Everything is chosen from whatever the facts hold today, so the
test holds for any valid content.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.model import LANGUAGES, Site
from generator.render.format import Formatter
from generator.words import WORDS
from tests.helpers import FACTS, ROOT, SHARED_SOURCES, build_site, pages_of, parse, run_cli, site_of

pytestmark = pytest.mark.build

# The interface texts that count the sources, as the templates ask for them.
COUNTING_SOURCES = sorted(
    set(
        re.findall(
            r'sources_phrase\("([^"]+)"\)',
            "".join(p.read_text("utf-8") for p in (ROOT / "generator").rglob("*.j2")),
        )
    )
)
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/facts.schema.json\n"
NEW_TEXT = "Contributor report\nThe share reached 35% and then 45% in the same year.\n"
NEW = {
    "source": {"ar": "تقرير المساهم", "en": "The contributor's report"},
    "term": {"ar": "مصطلح المساهم", "en": "Contributor's term"},
    "sentence": {"ar": "جملة أعاد المساهم صياغتها.", "en": "A sentence the contributor reworded."},
    "label": {"ar": "عنوان جديد للرقم", "en": "A new label for the figure"},
    "chart": {"ar": "مخطط المساهم", "en": "The contributor's chart"},
    "figure": {"ar": "رقم من التقرير الثالث", "en": "A figure from the third report"},
}


def entries(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


class Plain(yaml.SafeDumper):
    """Writes each value out in full, as a contributor would (fact files refuse aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def save(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=Plain, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(SCHEMA_LINE + text, encoding="utf-8")


def file_with(facts: Path, kind: str, entry_id: str) -> Path:
    """The fact file that holds the entry `entry_id` of `kind`."""
    for path in sorted(facts.rglob("*.yml")):
        if any(entry.get("id") == entry_id for entry in entries(path).get(kind) or []):
            return path
    raise AssertionError(f"no {kind} {entry_id!r} in {facts}")


def edit(facts: Path, site: Site) -> dict[str, str]:
    """Make every edit on the copy at `facts`; returns the ids they touch."""
    page = next(iter(site.pages.values()))
    fact = next(iter(site.facts.values()))
    taken = {source.label.en for source in site.sources.values()}
    label = next(letter for letter in "ZYXWVU" if letter not in taken)
    new_source = {
        "id": "contributor-report",
        "label": {"ar": "ي", "en": label},
        "file": "contributor-report.txt",
        "paragraphs": 2,
        "language": "en",
        "title": NEW["source"],
        "summary": NEW["source"],
    }
    cited = {"source": "contributor-report", "paragraph": 2}
    second = {"ar": "رقم آخر من التقرير الثالث", "en": "Another third-report figure"}
    figures = [
        {
            "id": figure_id,
            "page": page.id,
            "label": label,
            "values": [{"amount": amount, "unit": "percent", **cited}],
        }
        for figure_id, label, amount in (
            ("contributor-share-1", NEW["figure"], 35),
            ("contributor-share-2", second, 45),
        )
    ]
    save(
        facts / "contributor.yml",
        {
            "sources": [new_source],
            "facts": figures,
            "terms": [
                {
                    "id": "contributor-term",
                    "term": NEW["term"],
                    "short": NEW["term"],
                    "long": NEW["term"],
                    "cited": [cited],
                }
            ],
            "charts": [
                {
                    "id": "contributor-chart",
                    "page": page.id,
                    "title": NEW["chart"],
                    "description": NEW["chart"],
                    "facts": [figure["id"] for figure in figures],
                }
            ],
        },
    )
    # A reworded sentence: the page's first section says something else.
    pages_file = file_with(facts, "pages", page.id)
    data = entries(pages_file)
    entry = next(e for e in data["pages"] if e["id"] == page.id)
    entry["sections"][0]["body"] = NEW["sentence"]
    save(pages_file, data)
    # A renamed figure label.
    facts_file = file_with(facts, "facts", fact.id)
    data = entries(facts_file)
    next(e for e in data["facts"] if e["id"] == fact.id)["label"] = NEW["label"]
    save(facts_file, data)
    return {"page": page.id, "fact": fact.id}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("contributor")
    facts = folder / "facts"
    shutil.copytree(FACTS, facts)
    touched = edit(facts, site_of(FACTS))
    texts = folder / "texts"
    texts.mkdir()
    for report in SHARED_SOURCES.glob("*.txt"):
        shutil.copy(report, texts)
    (texts / "contributor-report.txt").write_text(NEW_TEXT, encoding="utf-8")
    return folder, touched


def test_the_edited_facts_validate(edited: tuple[Path, dict[str, str]]) -> None:
    folder, _ = edited
    result = run_cli("--facts", folder / "facts", "check")
    assert result.code == 0, result.stderr
    assert f"{len(site_of(FACTS).sources) + 1} sources" in result.stdout


def test_the_new_figure_is_found_in_the_new_report(edited: tuple[Path, dict[str, str]]) -> None:
    folder, _ = edited
    if not any(SHARED_SOURCES.glob("*.txt")):
        pytest.skip(f"the reports' texts are not at {SHARED_SOURCES}: provenance NOT checked")
    result = run_cli("--facts", folder / "facts", "sources", "--texts", folder / "texts")
    assert result.code == 0, result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_edit_shows_on_the_site_in_both_languages(
    edited: tuple[Path, dict[str, str]], engine: str
) -> None:
    folder, touched = edited
    site_dir, work = folder / f"site-{engine}", folder / f"work-{engine}"
    result = build_site(folder / "facts", site_dir, work, "--engine", engine)
    assert result.code == 0, result.stderr
    site = site_of(folder / "facts")
    for lang in LANGUAGES:
        root = site_dir / lang
        html = {name: parse(path).flat for name, path in pages_of(site_dir, lang).items()}
        page = html[f"explainers/{touched['page']}/index.html"]
        assert NEW["sentence"][lang] in page
        assert NEW["chart"][lang] in page
        assert NEW["source"][lang] in html["sources/index.html"]
        assert NEW["term"][lang] in html["glossary/index.html"]
        figures = html["figures/index.html"]
        assert NEW["label"][lang] in figures
        assert NEW["figure"][lang] in figures
        fmt = Formatter(site, lang)  # type: ignore[arg-type]
        assert fmt.value(site.facts["contributor-share-1"].values[0]) in figures
        csv = (root / "data" / "figures.csv").read_text(encoding="utf-8")
        assert csv.count("contributor-share") == 2
        # The words that count the sources now count three: none says "two reports".
        words = WORDS[lang]  # type: ignore[index]
        everything = "\n".join(html.values())
        for key in COUNTING_SOURCES:
            two, three = words.count(key, 2), words.count(key, 3)
            assert three in everything, key
            assert two == three or two not in everything, key
