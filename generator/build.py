"""The pipeline as a library, over an explicit project: check the facts, build the site.

The command line, the live preview, the benchmark and the tests all call these
functions; none of them reads the current directory. `build` goes load -> validate
-> render -> write -> engine and swaps the finished site in only at the end, so a
failure at any step leaves the previous site as it was.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache, collector, engine, history_cache, log, revision, search, write
from .history import History
from .load import (
    Document,
    files_under,
    load_facts,
    parse_document,
    parse_documents,
    parsed_before,
    read_assets,
    read_facts,
)
from .model import LANGUAGES, Lang, Site
from .problems import InputError

# The renderer and the checks are imported by the functions that use them: a build
# with nothing to do never loads them (importing them was a third of its time).
if TYPE_CHECKING:
    from .render.reads import Reuse
    from .validate import Made

# The build's timestamp when the caller gives none: fixed, never the clock.
DEFAULT_EPOCH = 1767225600  # 2026-01-01


@dataclass(frozen=True)
class Project:
    """Where a site's inputs and outputs are; nothing is read until a function asks."""

    facts: Path  # the content, YAML
    docs: Path  # hand-made assets copied into each language
    overrides: Path  # Material template overrides
    config: Path  # the base mkdocs.yml both languages inherit
    out: Path  # the built site
    work: Path  # generated projects and caches, never committed

    @classmethod
    def at(cls, root: Path) -> Project:
        """The layout of this repository, under `root`."""
        return cls(
            facts=root / "facts",
            docs=root / "docs",
            overrides=root / "overrides",
            config=root / "mkdocs.yml",
            out=root / "site",
            work=root / ".build",
        )

    def resolved(self) -> Project:
        """Every path absolute, so that nothing depends on where the caller runs.

        Links are not followed here: a linked folder or file must stay visible as one,
        to be refused (load.files_under).
        """
        return replace(
            self, **{name: Path(os.path.abspath(path)) for name, path in vars(self).items()}
        )

    def generated(self, lang: Lang) -> Path:
        """The engine project of one language."""
        return self.work / "gen" / lang


def check(project: Project) -> Site:
    """Every fact file loaded and validated; InputError lists every problem at once.

    A file whose bytes were parsed before is neither parsed nor made into models again,
    and one that passed its checks among the same neighbours is not checked again
    (cache.py keeps them; a process that checks again, the live preview, keeps the
    models of its last check in memory, as they are what its site was made of).
    """
    from .validate import validate_files

    global _LAST_CHECK
    store = cache.Cache(project.work / "cache")
    keys: list[str] = []
    known: list[Made | None] = []  # each file's models and summary, kept from a last run

    def parse(raw: bytes, file: str) -> Document:
        key = cache.digest(cache.fingerprint(), file, raw)
        kept = _LAST_CHECK.get(key) or store.get("parsed", key)
        made = kept if _is_made(kept) else None
        document = parse_document(raw, file) if made is None else parsed_before(raw, file)
        keys.append(key)
        known.append(made)
        return document

    documents = parse_documents(read_facts(project.facts), parse)
    checked = validate_files(documents, store.get("checked", "clean") or (), known)
    for key, kept, made in zip(keys, known, checked.made, strict=True):
        if kept is None:
            store.put("parsed", key, made)
    store.keep("parsed", keys)
    store.put("checked", "clean", checked.clean)
    _LAST_CHECK = dict(zip(keys, checked.made, strict=True))
    return checked.site


# The models of each file of this process's last check, by its bytes' key (check):
# replaced whole by each check, so it holds one site's models, which that site holds too.
_LAST_CHECK: dict[str, Made] = {}


def _is_made(kept: Any) -> bool:
    """An entry of the parsed files' cache as check writes it: a file's models and summary."""
    from .model import FactsFile, Summary

    return (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], FactsFile)
        and isinstance(kept[1], Summary)
    )


def history(project: Project, site: Site | None = None) -> History:
    """When each entry was added and changed, from the commits of the facts (cached under
    `work`); History.unavailable without them (no git, a tarball, a shallow clone)."""
    project = project.resolved()
    return history_cache.read_history(project.facts, project.work)


def render(
    project: Project,
    site: Site,
    lang: Lang,
    site_url: str | None = None,
    dated: History | None = None,
) -> dict[str, str | bytes]:
    """One language's engine project as {path: content}: its pages, data and config, and
    the assets of docs/; `dated` is the history that dates them. Pure but for reading docs/."""
    files = render_files(project, site, lang, site_url, dated)
    return {path: content for path, content in files if content is not None}


def render_files(
    project: Project,
    site: Site,
    lang: Lang,
    site_url: str | None = None,
    dated: History | None = None,
    reuse: Reuse | None = None,
) -> Iterator[tuple[str, str | bytes | None]]:
    """The files of `render`, one at a time: the writer holds one page, not a language.
    With `reuse`, a page whose reads did not change comes as None (its file is right)."""
    from .render import render_files as language_files

    project = project.resolved()
    folder = project.generated(lang)
    for path, data in read_assets(project.docs).items():
        yield f"docs/{path}", data
    yield from language_files(
        site,
        lang,
        base_config=os.path.relpath(project.config, folder),
        overrides=os.path.relpath(project.overrides, folder),
        site_url=site_url,
        history=dated,
        reuse=reuse,
    )


def generate(
    project: Project, site_url: str | None = None, dated: History | None = None
) -> Site | None:
    """Check, render and write both languages' engine projects; `dated` dates them.

    None when neither the facts, their history, docs/, the generator nor the address
    changed since the last run and the projects are as it left them: then nothing is
    read or written.
    """
    project = project.resolved()
    store = cache.Cache(project.work / "cache")
    inputs = cache.digest(
        cache.fingerprint(), site_url or "", str(project.config), str(project.overrides),
        repr(dated),
        *_contents(project.facts, "the facts"), *_contents(project.docs, "docs/"),
    )  # fmt: skip
    folders = [project.generated(lang) for lang in LANGUAGES]
    previous = store.get("stamp", "generated")
    if previous is not None and previous[0] == inputs and previous[1] == _manifest(folders):
        return None  # the projects' files are listed only when the inputs are the same
    # The site lives through the whole run: its objects are made with the cycle
    # collector paused, then frozen, so that no collection walks them again (at 10,000
    # facts, 14 % of a cold run, and half of the check after an edit). Cycles left by
    # what ran before (an earlier run in the same process) are freed first: frozen, they
    # would be kept through this run (at 10,000 facts, 80 MiB more at the peak).
    gc.collect()
    with collector.paused():
        site = check(project)
        gc.freeze()
    try:
        for lang in LANGUAGES:
            _generate_language(project, store, site, lang, site_url, dated)
    finally:
        gc.unfreeze()  # a long preview session frees each run's site after it
    store.put("stamp", "generated", (inputs, _manifest(folders)))
    return site


def _generate_language(
    project: Project,
    store: cache.Cache,
    site: Site,
    lang: Lang,
    site_url: str | None,
    dated: History | None,
) -> None:
    """One language's engine project, reusing the pages and parts whose reads did not
    change since the last run. A function of its own, so that one language's pages and
    parts are let go before the next language's are read."""
    from .render.reads import Parts, Reuse, group_of

    folder = project.generated(lang)
    # The last run's records live through this language and form no cycles: read with the
    # collector paused, then frozen as the site is (generate), or the first collection
    # after the reads would walk all of them (at 10,000 facts, 0.2-0.5 s per edit).
    with collector.paused():
        before = store.get("pages", lang) or {}
        stamps = {path: stamp for path, (_, _, stamp) in before.items()}
        reuse = Reuse(
            before={path: (read, parts) for path, (read, parts, _) in before.items()},
            intact=_as_written(folder, stamps),
            parts=Parts(lambda group: store.get(f"parts-{lang}", group)),
            digests=store.get("digests", lang) or {},
        )
        gc.freeze()
    # Until the files they describe are written: a record must never outlive the
    # digests it is compared with, nor meet the digests of another run. A group of parts
    # that this run does not read is held by files it keeps: it stays as it was.
    for kind in ("pages", "digests"):
        store.put(kind, lang, None)
    write.write_tree(render_files(project, site, lang, site_url, dated, reuse), folder)
    for group, parts in reuse.parts.finished().items():
        store.put(f"parts-{lang}", group, parts)
    store.keep(f"parts-{lang}", {group_of(key) for _, keys in reuse.now.values() for key in keys})
    store.put("digests", lang, reuse.digests_now)
    pages = {
        # A kept file was found as it was written (Reuse.unchanged) and left alone.
        path: (*kept, stamps[path] if path in reuse.kept else _stamp(folder / path))
        for path, kept in reuse.now.items()
    }
    store.put("pages", lang, pages)


def _as_written(folder: Path, stamps: dict[str, Any]) -> Callable[[str], bool]:
    """Whether a generated file is still as the last run wrote it."""
    return lambda path: _stamp(folder / path) == stamps[path]


def _stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time, to tell that it is as it was written."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def build(
    project: Project,
    engine_name: str = "mkdocs",
    site_url: str | None = None,
    epoch: int = DEFAULT_EPOCH,
    dated: bool = True,
    incremental: bool = False,
) -> Site | None:
    """Check, render, write and build both languages, then swap the site into `out`.

    The site is dated from the facts' commits unless `dated` is False; without them it
    shows no dates, and says why once (through generator.log). None when the site in
    `out` is already what this build would make: nothing it is made from changed since
    the build that made it, so the engine does not run. `incremental` (the live
    preview) lets MkDocs rebuild only the pages whose Markdown changed (--dirty), unless
    the menu or the set of files changed; Zensical always keeps its own cache. It also
    runs the engine warm (engine.py), so a rebuild does not start it again.
    """
    project = project.resolved()
    story = history(project) if dated else History.unavailable("--no-history was given")
    if not story.available:
        log.error(f"note: the site shows no dates: {story.reason}.")
    elif story.skipped:
        log.error(
            f"note: {story.skipped} of {story.commits} commits of the facts hold files or "
            "entries that today's model cannot read; what they changed there is not dated."
        )
    # The engine reads these itself: links there are refused before it runs.
    files_under(project.overrides, "overrides/")
    files_under(project.config, "mkdocs.yml")
    site = generate(project, site_url, story)
    folders = [project.generated(lang) for lang in LANGUAGES]
    store = cache.Cache(project.work / "cache")
    made_from = cache.digest(
        engine_name, cache.engine_versions(engine_name), str(epoch), repr(_manifest(folders)),
        *_contents(project.overrides, "overrides/"), *_contents(project.config, "mkdocs.yml"),
    )  # fmt: skip
    previous = store.get("stamp", "built")
    if (
        previous is not None
        and previous[0] == made_from
        and previous[1] == _manifest([project.out])
    ):
        return None  # the served files are listed only when the inputs are the same
    store.put("stamp", "built", None)  # until this build is published
    site = site or check(project)
    # What a dirty build cannot follow: the menu, the set of files, the engine's settings.
    layout = cache.digest(
        engine_name, cache.engine_versions(engine_name), str(epoch),
        *_contents(project.overrides, "overrides/"), *_contents(project.config, "mkdocs.yml"),
        *(part for folder in folders for part in _layout(folder)),
    )  # fmt: skip
    built: dict[str, Path] = {lang: project.generated(lang) / "site" for lang in LANGUAGES}
    dirty = (
        incremental
        and engine_name == "mkdocs"
        and store.get("stamp", "layout") == layout
        and all((folder / search.INDEX).is_file() for folder in built.values())
    )
    before = {lang: (folder / search.INDEX).read_text(encoding="utf-8") if dirty else None
              for lang, folder in built.items()}  # fmt: skip
    store.put("stamp", "layout", None)  # until the engine's output is whole again
    engine.build_languages(engine_name, folders, epoch, dirty=dirty, warm=incremental)
    for lang, folder in built.items():
        index = folder / search.INDEX
        if index.is_file():
            expanded = search.expand_index_text(index.read_text(encoding="utf-8"))
            earlier = before[lang]
            if earlier is not None:  # a dirty build indexes only the pages it rebuilt
                expanded = search.merge_index_text(earlier, expanded)
            write.replace_file(index, expanded.encode("utf-8"))
    store.put("stamp", "layout", layout)
    staging = project.work / "staging"
    from .render import render_root

    root = render_root(site, site_url, story)
    write.stage(staging, built, root, keep=incremental, published=project.out)
    write.publish(staging, project.out, keep=incremental)
    store.put("stamp", "built", (made_from, _manifest([project.out])))
    return site


def _layout(folder: Path) -> list[str]:
    """A generated project's menu (its config) and the names of its files."""
    docs = folder / "docs"
    names = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*"))
    return [(folder / "mkdocs.yml").read_text(encoding="utf-8"), *names]


def _contents(root: Path, what: str) -> list[str]:
    """Every file under `root` (or `root` itself), by name and hash of its bytes; links
    are refused, as everywhere the generator reads (`what` names `root` for the reader)."""
    paths = files_under(root, what)  # refuses a link, even to a file
    if not root.is_dir():
        paths = [root]
    return [f"{path.as_posix()} {cache.digest(path.read_bytes())}" for path in paths]


def _manifest(folders: list[Path]) -> list[tuple[str, int, int]]:
    """Each file under `folders`, with its size and modification time: a file changed or
    removed by hand since the last build changes this. Engines' own folders are left out."""
    found = []
    for folder in folders:
        for here, subfolders, names in os.walk(folder):
            if Path(here) == folder:
                subfolders[:] = [name for name in subfolders if name not in write.ENGINE_OWNED]
            subfolders.sort()
            for name in sorted(names):
                info = os.stat(os.path.join(here, name))
                found.append((os.path.join(here, name), info.st_size, info.st_mtime_ns))
    return found


class MissingTexts(Exception):
    """The reports' texts are not where the caller said: nothing could be checked."""


def check_sources(project: Project, texts: Path) -> tuple[Site, int]:
    """Provenance: every cited figure and event date appears in its paragraph of the reports.

    Returns the site and the number of values checked; InputError lists each mismatch.
    """
    from . import provenance
    from .validate import validate

    documents = load_facts(project.facts)
    site = validate(documents)
    names = [source.file for source in site.sources.values()]
    found = provenance.read_texts(texts, names)
    if not found:
        raise MissingTexts(
            f"no source texts in {texts}/ (looked for {', '.join(names)}): nothing was "
            "checked; give the folder that holds the reports with --texts"
        )
    mismatches = provenance.check(site, found)
    if mismatches:
        raise InputError([provenance.locate(documents, m) for m in mismatches])
    return site, sum(len(fact.values) for fact in site.facts.values())


def compare(project: Project, base: str) -> str:
    """What the facts in the working tree change since the git revision `base`, in Markdown.

    InputError when the working tree's facts do not validate; RevisionError when the
    revision cannot be read.
    """
    from . import diff
    from .validate import validate

    new = check(project)
    with tempfile.TemporaryDirectory(prefix="facts-diff-") as tmp:
        folder = revision.facts_at(base, project.facts, Path(tmp))
        old, problems = None, []
        if folder.is_dir():
            try:
                old = validate(load_facts(folder))
            except InputError as error:
                prefix = f"{Path(tmp).as_posix()}/"
                problems = [
                    str(replace(p, file=p.file.removeprefix(prefix))) for p in error.problems
                ]
    return diff.report(base, new, old, problems)
