"""Caches never serve stale output: after any change, a cached rebuild equals a clean build.

The changes tried are those the caches are keyed by: a fact file, the generator itself
(its templates and code, through its fingerprint), and the engine. Entries that were not
written by this user's generator (planted, corrupt, truncated) are ignored, never loaded.
"""

from __future__ import annotations

import gc
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import BaseModel

from bench.edit import percent_fact, set_first_amount
from generator import build, cache, engine, validate
from generator.load import Document, load_facts, parse_document
from generator.model import LANGUAGES, FactsFile, Site
from generator.problems import InputError
from generator.render import reads
from tests import history_repo
from tests.helpers import FIXTURE, ROOT, differences, tree


def project_at(tmp_path: Path, name: str, facts: Path) -> build.Project:
    here = build.Project.at(ROOT)
    return build.Project(
        facts=facts,
        docs=here.docs,
        overrides=here.overrides,
        config=here.config,
        out=tmp_path / name / "site",
        work=tmp_path / name / "work",
    )


def generated(project: build.Project) -> dict[str, bytes]:
    """Both languages' generated engine projects, without the engines' own folders."""
    return {
        f"{lang}/{path}": data
        for lang in LANGUAGES
        for path, data in tree(project.generated(lang)).items()
        if not path.startswith(tuple(f"{owned}/" for owned in engine_owned()))
    }


def engine_owned() -> set[str]:
    from generator.write import ENGINE_OWNED

    return ENGINE_OWNED


def parts_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the parts made from now on (not those kept from the last run)."""
    made: list[str] = []
    original = reads.Parts.get

    def noted(self: reads.Parts, key: str, make: Any, *rest: Any) -> Any:
        def noting() -> Any:
            made.append(key)
            return make()

        return original(self, key, noting, *rest)

    monkeypatch.setattr(reads.Parts, "get", noted)
    return made


def pages_rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the files rendered from now on (not those kept from the last run)."""
    rendered: list[str] = []
    original = reads.Reuse.rendered

    def noted(self: reads.Reuse, path: str, *rest: Any) -> None:
        rendered.append(path)
        original(self, path, *rest)

    monkeypatch.setattr(reads.Reuse, "rendered", noted)
    return rendered


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "facts")
    return tmp_path / "facts"


def test_an_entry_comes_back_only_as_it_was_signed(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    store.put("kind", "key", {"a": [1, 2.5, "ب"]})
    assert store.get("kind", "key") == {"a": [1, 2.5, "ب"]}
    assert store.get("kind", "other") is None
    (entry,) = (tmp_path / "kind").iterdir()
    signed = entry.read_bytes()

    entry.write_bytes(signed[:-1] + bytes([signed[-1] ^ 1]))  # one bit of the payload
    assert store.get("kind", "key") is None
    entry.write_bytes(signed[:20])  # truncated
    assert store.get("kind", "key") is None
    # A pickle that would run code, as a pull request could commit it under .build/.
    entry.write_bytes(b"\x00" * 32 + b"cos\nsystem\n(S'touch planted'\ntR.")
    assert store.get("kind", "key") is None
    assert not (tmp_path / "planted").exists()
    entry.unlink()
    entry.symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_bytes(signed)
    assert store.get("kind", "key") is None, "an entry is never read through a link"


def test_the_secret_is_the_owners_alone() -> None:
    secret = cache._secret()
    assert secret is not None
    assert len(secret) == cache.SECRET_BYTES
    home = Path(cache.os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    assert (home / "explainer-generator" / "secret").stat().st_mode & 0o077 == 0


def test_keep_deletes_the_entries_no_longer_used(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    for key in ("a", "b", "c"):
        store.put("kind", key, key)
    store.keep("kind", ["b"])
    assert [store.get("kind", key) for key in ("a", "b", "c")] == [None, "b", None]


def test_the_fingerprint_changes_with_any_file_of_the_generator(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    shutil.copytree(Path(cache.__file__).parent, package)
    fingerprint = cache.fingerprint.__wrapped__  # not the value kept for this process
    before = fingerprint(package)
    template = package / "render" / "templates" / "explainer.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint(package) != before


def test_what_the_engine_reads_is_part_of_the_built_stamp(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n", encoding="utf-8")
    before = build._contents(config, "mkdocs.yml")
    config.write_text("site_name: B\n", encoding="utf-8")
    assert before != build._contents(config, "mkdocs.yml")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text("a", encoding="utf-8")
    before = build._contents(tmp_path / "overrides", "overrides/")
    (tmp_path / "overrides" / "main.html").write_text("b", encoding="utf-8")
    assert before != build._contents(tmp_path / "overrides", "overrides/")


def test_generate_again_with_nothing_changed_does_nothing(facts: Path, tmp_path: Path) -> None:
    project = project_at(tmp_path, "one", facts)
    assert build.generate(project) is not None
    files = generated(project)
    assert build.generate(project) is None, "nothing changed: nothing is read or written"
    assert generated(project) == files
    # A generated file removed or edited by hand is noticed, and made again.
    page = project.generated("ar") / "docs" / "glossary.md"
    page.write_text("edited by hand", encoding="utf-8")
    assert build.generate(project) is not None
    assert differences(generated(project), files) == []


def test_the_command_line_loads_the_renderer_and_the_checks_only_to_use_them() -> None:
    """A build with nothing to do starts, finds its stamp and stops: importing the
    renderer and the checks would be most of its time."""
    code = (
        "import sys, generator.cli; "
        "print([m for m in ('generator.render', 'generator.validate', 'generator.diff') "
        "if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_an_edited_fact_gives_what_a_clean_build_gives(facts: Path, tmp_path: Path) -> None:
    cached = project_at(tmp_path, "cached", facts)
    build.generate(cached)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    assert build.generate(cached) is not None
    clean = project_at(tmp_path, "clean", facts)
    build.generate(clean)
    assert differences(generated(cached), generated(clean)) == []
    assert any(b"41\\.25" in data for data in generated(cached).values())


def test_a_run_leaves_no_cycle_that_holds_the_site(facts: Path, tmp_path: Path) -> None:
    """Reference counting frees a run's site when the run ends. A cycle through it would
    keep it until a full collection, which then walks all of it: in a preview, at the
    start of every rebuild (0.5-0.8 s at 10,000 facts)."""
    project = project_at(tmp_path, "cached", facts)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable stays in gc.garbage
    try:
        build.generate(project)
        file, fact_id, _ = percent_fact(facts)
        set_first_amount(file, fact_id, "41.25")
        build.generate(project)
        gc.collect()
        held = {type(found).__name__ for found in gc.garbage if isinstance(found, BaseModel)}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert held == set()


# Edits of every kind a page can read, each as (file, old text, new text).
EDITS = [
    ("glossary.yml", "en: Intelligence that matches people at most work.", "en: Smart."),
    ("glossary.yml", "term: {ar: الحوسبة السحابية, en: Cloud computing}",
     "term: {ar: الحوسبة السحابية, en: Cloud hosting}"),
    ("sources.yml", "label: {ar: أ, en: A}", "label: {ar: أ, en: R}"),
    ("site.yml", "numbering_system: latn", "numbering_system: arab"),
    ("pages/02-cloud.yml", "en: The Blue Cloud", "en: The Blue Sky"),
    ("timeline.yml", "- id:", "- id: new-event\n    date: 2020\n    title: {ar: حدث, en: Event}\n"
     "    text: {ar: نص., en: Text.}\n    cited: [{source: a, paragraph: 2}]\n  - id:"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "old", "new"), EDITS)
def test_after_any_edit_only_what_changed_is_rendered_and_it_equals_a_clean_build(
    facts: Path, tmp_path: Path, name: str, old: str, new: str
) -> None:
    """Pages reused from the last run (their reads unchanged) and pages rendered again
    make exactly what a clean run makes."""
    cached = project_at(tmp_path, "cached", facts)
    build.generate(cached)
    file = facts / name
    text = file.read_text(encoding="utf-8")
    if old not in text and name == "site.yml":
        old, new = "  title:", "  numbering_system: arab\n  title:"
    assert old in text, f"{name} no longer holds {old!r}: update the test"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert build.generate(cached) is not None
    clean = project_at(tmp_path, "clean", facts)
    build.generate(clean)
    assert differences(generated(cached), generated(clean)) == []


# Two edits in a row, for what only a reuse of kept results, or a derived list, reads:
# a term's tooltip that shows a figure, shown on several pages (the Formatter keeps
# it); a term renamed to words a page already holds, which that page never read; a
# term's first use on the figures page moved to an earlier section, so that a later
# section, kept from the last run with its reads unchanged, must no longer link it.
STEPS = [
    [
        ("glossary.yml", "en: Intelligence that matches people at most work.",
         "en: 'Intelligence worth {fact:share-now}.'"),
        ("pages/02-cloud.yml", "en: The two sides plan", "en: For {term:agi}, the two sides plan"),
        ("figures.yml", "{amount: 30, unit: percent", "{amount: 35, unit: percent"),
    ],
    [
        ("glossary.yml", "en: Renting computing power over the network.", "en: Renting."),
        ("glossary.yml", "term: {ar: الحوسبة السحابية, en: Cloud computing}",
         "term: {ar: المراجعة, en: Cloud computing}"),
    ],
    [
        ("figures.yml", "ar: استثمار مشروع السحابة الزرقاء,", 'ar: "استثمار {term:agi}",'),
        ("figures.yml", "en: Investment in the Blue Cloud project}",
         'en: "Investment in {term:agi}"}'),
        ("figures.yml", "ar: حصة كونتوسو من إيرادات نورث ويند,", 'ar: "حصة {term:agi}",'),
        ("figures.yml", "en: Contoso's share of Northwind's revenue}",
         'en: "The share of {term:agi}"}'),
    ],
]  # fmt: skip


@pytest.mark.parametrize("steps", STEPS)
def test_kept_results_and_derived_lists_are_read_by_each_page_that_uses_them(
    facts: Path, tmp_path: Path, steps: list[tuple[str, str, str]]
) -> None:
    cached = project_at(tmp_path, "cached", facts)
    for name, old, new in steps:
        file = facts / name
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}: update the test"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        build.generate(cached)
    clean = project_at(tmp_path, "clean", facts)
    build.generate(clean)
    assert differences(generated(cached), generated(clean)) == []


# An edit of one file that makes another, unchanged file wrong: (file, old, new, wrong file).
BREAKS = [
    ("figures.yml", "- id: share-now", "- id: share-then", "charts.yml"),
    ("sources.yml", "paragraphs: 6", "paragraphs: 5", "entities.yml"),
    ("pages/01-deal.yml", "- id: investment\n", "- id: invested\n", "corrections.yml"),
    ("entities.yml", "en: [ContoSo]", "en: [ContoSo, project]", "figures.yml"),
    ("figures.yml", "{amount: 15, unit: percent", "{amount: 15, unit: years", "charts.yml"),
]


@pytest.mark.parametrize(("name", "old", "new", "wrong"), BREAKS)
def test_a_file_checked_before_is_checked_again_when_what_it_reads_changes(
    facts: Path, tmp_path: Path, name: str, old: str, new: str, wrong: str
) -> None:
    """A file that passed its checks is not checked again among the same neighbours;
    when they change what its checks read, it is, and the report is the uncached one."""
    project = project_at(tmp_path, "cached", facts)
    build.check(project)
    file = facts / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}: update the test"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as cached:
        build.check(project)
    with pytest.raises(InputError) as clean:
        validate.validate(load_facts(facts))
    assert cached.value.problems == clean.value.problems
    assert str(facts / wrong) in {problem.file for problem in cached.value.problems}


def test_after_an_edit_only_the_edited_file_is_checked_again(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_at(tmp_path, "cached", facts)
    build.check(project)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    checked: list[str] = []
    original = validate._Checker._check_references

    def noted(self: validate._Checker, document: Document, content: FactsFile) -> None:
        checked.append(document.file)
        original(self, document, content)

    monkeypatch.setattr(validate._Checker, "_check_references", noted)
    made: list[Any] = []
    original_validate = FactsFile.model_validate

    def validated(data: Any) -> FactsFile:
        made.append(data)
        return original_validate(data)

    monkeypatch.setattr(FactsFile, "model_validate", validated)
    site = build.check(project)
    assert checked == [str(file)]
    edited = parse_document(file.read_bytes(), str(file)).data
    assert made == [edited], "only the edited file is made into models again"
    assert site == validate.validate(load_facts(facts))


def test_a_file_parsed_before_is_not_made_again_in_memory_or_from_the_cache(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live preview checks again in the same process: it keeps the models of its last
    check. A new process finds them in the cache. Either way, the site is the clean one."""
    project = project_at(tmp_path, "cached", facts)
    build.check(project)
    read: list[str] = []
    made: list[Any] = []
    get, model_validate = cache.Cache.get, FactsFile.model_validate

    def got(self: cache.Cache, kind: str, key: str) -> Any:
        read.append(kind)
        return get(self, kind, key)

    def validated(data: Any) -> FactsFile:
        made.append(data)
        return model_validate(data)

    monkeypatch.setattr(cache.Cache, "get", got)
    monkeypatch.setattr(FactsFile, "model_validate", validated)
    clean = validate.validate(load_facts(facts))
    made.clear()
    assert build.check(project) == clean
    assert "parsed" not in read, "the same process keeps its models"
    assert made == []
    monkeypatch.setattr(build, "_LAST_CHECK", {})  # as a new process starts
    assert build.check(project) == clean
    assert "parsed" in read
    assert made == []


def test_a_record_is_kept_only_while_every_key_it_read_holds_what_it_held() -> None:
    held = {"a": "1", "b": "2"}

    def digests(common: str = "same", before: dict[reads.Key, str] | None = None) -> Any:
        return reads.Digests(
            cast(Site, None), {"k": lambda _, key: held[key]}, common, before=before
        )

    last = digests().now([("k", "a"), ("k", "b")])
    both = frozenset({("k", "a"), ("k", "b")})
    assert digests(before=last).same(both)
    held["b"] = "3"
    assert digests(before=last).same(frozenset({("k", "a")}))
    assert not digests(before=last).same(both)
    assert not digests(common="another language", before=last).same(frozenset({("k", "a")}))
    assert not digests(before=last).same(frozenset({("k", "c")})), "a key never read before"
    assert not digests(before={}).same(frozenset()), "no record of what every page reads"


def test_an_edited_fact_renders_only_the_pages_that_read_it(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    file, fact_id, page_id = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    rendered = pages_rendered(monkeypatch)
    build.generate(project)
    assert rendered.count(f"docs/explainers/{page_id}.md") == len(LANGUAGES)
    assert rendered.count("docs/figures.md") == len(LANGUAGES)
    assert "docs/glossary.md" not in rendered, "no term reads that figure"
    assert len(rendered) < len(generated(project)) / 3


def test_an_edited_fact_makes_again_only_its_own_parts_of_the_pages_that_list_all(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures page keeps each explainer's section, and the downloads each row, from
    the last run: after one fact's edit, only that fact's section and rows are made, and
    the lists of rows that hold them (its page's, and that of all figures)."""
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    file, fact_id, page_id = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    made = parts_made(monkeypatch)
    build.generate(project)
    shown = [key.split("#")[1] if "#" in key else key.rsplit(" ", 1)[0] for key in made]
    assert sorted(set(shown)) == sorted({page_id, f"row {fact_id}", "rows"})
    assert shown.count(page_id) == len(LANGUAGES)
    assert shown.count("rows") == 2 * len(LANGUAGES)


def test_the_parts_of_a_page_not_made_again_are_kept_for_the_run_after(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure's edit leaves the glossary as it was: its entries, kept one part each,
    are still there when a term's edit makes the glossary again, and only the entries
    that show that term are made: its own, and one that relates to it."""
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    build.generate(project)
    glossary = facts / "glossary.yml"
    old = "en: Renting computing power over the network."
    text = glossary.read_text(encoding="utf-8")
    assert old in text, "the fixture's glossary changed: update the test"
    glossary.write_text(text.replace(old, "en: Renting computers.", 1), encoding="utf-8")
    made = parts_made(monkeypatch)
    build.generate(project)
    shown = ["#".join(key.split("#")[:2]) for key in made]
    assert sorted(shown) == sorted(["docs/glossary.md#agi", "docs/glossary.md#cloud-computing"] * 2)


def test_rows_kept_by_files_not_made_again_outlive_a_run_that_makes_one_download(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's new title makes its own downloads again, not the files of all figures:
    the rows those hold are kept all the same, and a figure's edit after it makes again
    only that figure's rows."""
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    page = facts / "pages" / "02-cloud.yml"
    text = page.read_text(encoding="utf-8")
    assert "en: The Blue Cloud" in text, "the fixture's page changed: update the test"
    page.write_text(text.replace("en: The Blue Cloud", "en: The Blue Sky", 1), encoding="utf-8")
    build.generate(project)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    made = parts_made(monkeypatch)
    build.generate(project)
    assert {key.rsplit(" ", 1)[0] for key in made if key.startswith("row ")} == {f"row {fact_id}"}


def test_an_edit_reads_and_writes_only_the_groups_of_parts_it_makes_again(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a figure's edit, the glossary's and the who's who's parts are neither read
    nor written: their pages are kept, and so are the parts they hold."""
    project = project_at(tmp_path, "cached", facts)
    build.generate(project)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    touched: set[str] = set()
    get, put = cache.Cache.get, cache.Cache.put

    def got(self: cache.Cache, kind: str, key: str) -> Any:
        touched.update([key] if kind.startswith("parts-") else [])
        return get(self, kind, key)

    def wrote(self: cache.Cache, kind: str, key: str, value: Any) -> None:
        touched.update([key] if kind.startswith("parts-") else [])
        put(self, kind, key, value)

    monkeypatch.setattr(cache.Cache, "get", got)
    monkeypatch.setattr(cache.Cache, "put", wrote)
    build.generate(project)
    assert {"rows", "docs/figures.md"} <= touched
    assert touched.isdisjoint({"docs/glossary.md", "docs/who.md"})
    clean = project_at(tmp_path, "clean", facts)
    build.generate(clean)
    assert differences(generated(project), generated(clean)) == []


def test_a_new_generator_does_not_reuse_old_entries(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed template or module changes the fingerprint (above): nothing made by the
    old generator is used, neither parsed files nor the stamp of the generated projects."""
    project = project_at(tmp_path, "one", facts)
    build.generate(project)
    files = generated(project)
    parsed = {entry.name for entry in (project.work / "cache" / "parsed").iterdir()}
    monkeypatch.setattr(cache, "fingerprint", lambda package=None: "another generator")
    assert build.generate(project) is not None, "a new generator renders again"
    assert generated(project) == files
    again = {entry.name for entry in (project.work / "cache" / "parsed").iterdir()}
    assert again, "the files were parsed again, and kept"
    assert parsed.isdisjoint(again)


@pytest.mark.build
def test_the_engine_runs_only_when_its_input_changed(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    original = engine.build_languages

    def counted(name: str, folders: list[Path], epoch: int, **options: bool) -> None:
        runs.append(name + (" --dirty" if options.get("dirty") else ""))
        original(name, folders, epoch, **options)

    monkeypatch.setattr(engine, "build_languages", counted)
    project = project_at(tmp_path, "cached", facts)
    assert build.build(project, "mkdocs") is not None
    site = tree(project.out)
    assert build.build(project, "mkdocs") is None, "nothing changed: the site is current"
    assert runs == ["mkdocs"]
    assert differences(tree(project.out), site) == []

    # Another engine on the same folders gives what a clean build with it gives.
    assert build.build(project, "zensical") is not None
    clean = project_at(tmp_path, "clean", facts)
    build.build(clean, "zensical")
    assert differences(tree(project.out), tree(clean.out)) == []
    assert runs == ["mkdocs", "zensical", "zensical"]

    # A page of the published site removed by hand: built again.
    (project.out / "en" / "index.html").unlink()
    assert build.build(project, "zensical") is not None
    assert differences(tree(project.out), tree(clean.out)) == []


@pytest.mark.build
def test_the_preview_rebuilds_only_changed_pages_and_equals_a_clean_build(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs --dirty under `serve`: only after an edit that keeps the menu and the files;
    the site, search index included, is then what a clean build gives."""
    runs: list[bool] = []
    original = engine.build_languages

    def counted(name: str, folders: list[Path], epoch: int, **options: bool) -> None:
        runs.append(options.get("dirty", False))
        original(name, folders, epoch, **options)

    monkeypatch.setattr(engine, "build_languages", counted)
    preview = project_at(tmp_path, "preview", facts)
    build.build(preview, "mkdocs", incremental=True)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    build.build(preview, "mkdocs", incremental=True)
    clean = project_at(tmp_path, "clean", facts)
    build.build(clean, "mkdocs")
    assert runs == [False, True, False]
    assert differences(tree(preview.out), tree(clean.out)) == []

    # A new title changes the menu of every page: a whole build, equal to a clean one.
    page = facts / "pages" / "02-cloud.yml"
    page.write_text(
        page.read_text(encoding="utf-8").replace("en: The Blue Cloud", "en: The Blue Sky"), "utf-8"
    )
    build.build(preview, "mkdocs", incremental=True)
    build.build(clean, "mkdocs")
    assert runs == [False, True, False, False, False]
    assert differences(tree(preview.out), tree(clean.out)) == []


@pytest.mark.build
def test_each_preview_build_with_zensical_equals_a_clean_build(facts: Path, tmp_path: Path) -> None:
    """Zensical writes every page again on each build; the preview stages them into the
    site it replaced the time before. After an edit, and after one that changes the
    menu, the site is what a clean build gives, and the tree the preview keeps for its
    next build is the site it replaced."""
    preview = project_at(tmp_path, "preview", facts)
    build.build(preview, "zensical", incremental=True)
    first = tree(preview.out)
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")
    build.build(preview, "zensical", incremental=True)
    assert differences(tree(preview.work / "staging"), first) == []
    page = facts / "pages" / "02-cloud.yml"
    page.write_text(
        page.read_text(encoding="utf-8").replace("en: The Blue Cloud", "en: The Blue Sky"), "utf-8"
    )
    build.build(preview, "zensical", incremental=True)
    clean = project_at(tmp_path, "clean", facts)
    build.build(clean, "zensical")
    assert differences(tree(preview.out), tree(clean.out)) == []


def test_a_new_history_renders_the_pages_that_tell_it(tmp_path: Path) -> None:
    """Dates come from git: an uncommitted edit, then its commit, change what pages say
    while the facts' bytes stay the same; the cached run equals a clean one each time."""
    facts = history_repo.scripted_repository(tmp_path / "repo")
    cached = project_at(tmp_path, "cached", facts)

    def same_as_clean(name: str) -> None:
        story = build.history(cached)
        assert story.available
        assert build.generate(cached, dated=story) is not None
        clean = project_at(tmp_path, name, facts)
        build.generate(clean, dated=build.history(clean))
        assert differences(generated(cached), generated(clean)) == []

    same_as_clean("clean-0")
    file, fact_id, _ = percent_fact(facts)
    set_first_amount(file, fact_id, "41.25")  # in the working tree: shown, not dated
    same_as_clean("clean-1")
    history_repo.git(facts.parent, "commit", "--quiet", "-am", "edit", date="2030-01-02T00:00:00Z")
    same_as_clean("clean-2")  # the same bytes, now dated


def simple_project(folder: Path, theme: str = "material") -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# A page\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_name: A site\ntheme: {theme}\n", encoding="utf-8")
    return folder


@pytest.mark.build
@pytest.mark.parametrize("name", engine.ENGINES)
def test_the_warm_engine_builds_what_the_engine_builds(name: str, tmp_path: Path) -> None:
    projects = [simple_project(tmp_path / "cold"), simple_project(tmp_path / "warm")]
    engine.build_languages(name, projects[:1], epoch=1)
    engine.build_languages(name, projects[1:], epoch=1, warm=True)
    cold, warm = (tree(project / "site") for project in projects)
    assert "index.html" in warm
    assert differences(warm, cold) == []


@pytest.mark.build
def test_the_warm_mkdocs_engine_finds_a_file_added_to_the_overrides(tmp_path: Path) -> None:
    """The warm engine finds the theme's files once; a file added to the project's own
    theme folder (overrides/) is still found by the next build, as a cold build finds it."""
    warm, cold = simple_project(tmp_path / "warm"), simple_project(tmp_path / "cold")
    for project in (warm, cold):
        (project / "overrides" / "assets").mkdir(parents=True)
        (project / "mkdocs.yml").write_text(
            "site_name: A site\ntheme:\n  name: material\n  custom_dir: overrides\n", "utf-8"
        )
    engine.build_languages("mkdocs", [warm], epoch=3, warm=True)
    assert "assets/added.txt" not in tree(warm / "site")
    for project in (warm, cold):
        (project / "overrides" / "assets" / "added.txt").write_text("added\n", "utf-8")
    engine.build_languages("mkdocs", [warm], epoch=3, warm=True)
    engine.build_languages("mkdocs", [cold], epoch=3)
    assert tree(warm / "site")["assets/added.txt"] == b"added\n"
    assert differences(tree(warm / "site"), tree(cold / "site")) == []


@pytest.mark.build
def test_the_warm_zensical_engine_scans_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zensical scans every page's Markdown for links at each build; the warm engine uses
    a scan made for the same bytes again, and builds what a cold build of them builds."""
    import zensical.collectors

    scanned = tmp_path / "scanned"
    scanned.touch()
    scan = zensical.collectors.references

    def noted(markdown: bytes, shift: int = 0) -> Any:
        with scanned.open("a", encoding="utf-8") as note:
            note.write(markdown.decode("utf-8").splitlines()[0] + "\n")
        return scan(markdown, shift)

    monkeypatch.setattr(zensical.collectors, "references", noted)
    monkeypatch.setattr(engine, "_SCANS", None)  # the one _warm_up makes goes with the test
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # as the cold build below has it
    warm = simple_project(tmp_path / "warm")
    (warm / "docs" / "other.md").write_text("# Other\n\nSee [the home](index.md).\n", "utf-8")

    def requests() -> Iterator[str]:
        yield json.dumps({"projects": [str(warm)], "dirty": False}) + "\n"
        assert sorted(scanned.read_text("utf-8").splitlines()) == ["# A page", "# Other"]
        scanned.write_text("", "utf-8")
        (warm / "docs" / "index.md").write_text("# A new page\n\n[Other](other.md)\n", "utf-8")
        yield json.dumps({"projects": [str(warm)], "dirty": False}) + "\n"

    answers = io.StringIO()
    engine._serve_builds("zensical", requests(), answers)
    assert answers.getvalue() == "[]\n[]\n"
    assert scanned.read_text("utf-8").splitlines() == ["# A new page"]
    cold = tmp_path / "cold"
    shutil.copytree(warm / "docs", cold / "docs")
    shutil.copy(warm / "mkdocs.yml", cold / "mkdocs.yml")
    engine.build_languages("zensical", [cold], epoch=1)
    assert differences(tree(warm / "site"), tree(cold / "site")) == []


@pytest.mark.build
def test_the_warm_engine_reports_failures_and_restarts_when_stopped(tmp_path: Path) -> None:
    good = simple_project(tmp_path / "good")
    bad = simple_project(tmp_path / "bad", theme="no-such-theme")
    with pytest.raises(engine.EngineError, match=r"mkdocs failed for bad:(.|\n)*no-such-theme"):
        engine.build_languages("mkdocs", [good, bad], epoch=2, warm=True)
    assert (good / "site" / "index.html").is_file()  # the other language was built

    engine._WARM_ENGINES["mkdocs", 2].process.kill()
    with pytest.raises(engine.EngineError, match="stopped"):
        engine.build_languages("mkdocs", [good], epoch=2, warm=True)
    shutil.rmtree(good / "site")
    engine.build_languages("mkdocs", [good], epoch=2, warm=True)  # a new warm engine
    assert (good / "site" / "index.html").is_file()
