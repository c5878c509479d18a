"""The pipeline as a library, over an explicit project: check the facts, build the site.

The command line, the live preview, the benchmark and the tests all call these
functions; none of them reads the current directory. `build` goes load -> validate
-> render -> write -> engine and swaps the finished site in only at the end, so a
failure at any step leaves the previous site as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import diff, engine, history_cache, log, provenance, revision, search, write
from .history import History
from .load import files_under, load_facts, read_assets
from .model import LANGUAGES, Lang, Site
from .problems import InputError
from .render import render_root, render_site
from .validate import validate

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
    """Every fact file loaded and validated; InputError lists every problem at once."""
    return validate(load_facts(project.facts))


def history(project: Project, site: Site) -> History:
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
    project = project.resolved()
    folder = project.generated(lang)
    assets = read_assets(project.docs)
    return {
        **{f"docs/{path}": data for path, data in assets.items()},
        **render_site(
            site,
            lang,
            base_config=os.path.relpath(project.config, folder),
            overrides=os.path.relpath(project.overrides, folder),
            site_url=site_url,
            history=dated,
        ),
    }


def build(
    project: Project,
    engine_name: str = "mkdocs",
    site_url: str | None = None,
    epoch: int = DEFAULT_EPOCH,
    dated: bool = True,
) -> Site:
    """Check, render, write and build both languages, then swap the site into `out`.

    The site is dated from the facts' commits unless `dated` is False; without them it
    shows no dates, and says why once (through generator.log).
    """
    project = project.resolved()
    site = check(project)
    story = history(project, site) if dated else History.unavailable("--no-history was given")
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
    for lang in LANGUAGES:
        write.write_tree(render(project, site, lang, site_url, story), project.generated(lang))
    folders = [project.generated(lang) for lang in LANGUAGES]
    engine.build_languages(engine_name, folders, epoch)
    built: dict[str, Path] = {lang: project.generated(lang) / "site" for lang in LANGUAGES}
    for folder in built.values():
        index = folder / search.INDEX
        if index.is_file():
            expanded = search.expand_index_text(index.read_text(encoding="utf-8"))
            write.replace_file(index, expanded.encode("utf-8"))
    staging = project.work / "staging"
    write.stage(staging, built, render_root(site, site_url, story))
    write.publish(staging, project.out)
    return site


class MissingTexts(Exception):
    """The reports' texts are not where the caller said: nothing could be checked."""


def check_sources(project: Project, texts: Path) -> tuple[Site, int]:
    """Provenance: every cited figure and event date appears in its paragraph of the reports.

    Returns the site and the number of values checked; InputError lists each mismatch.
    """
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
