"""Command line: check the facts, build the site, preview it, export the schema."""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import diff, provenance, revision, schema, search
from .engine import ENGINES, EngineError, build_languages
from .load import load_facts
from .model import LANGUAGES, Site
from .problems import InputError
from .render import render_root, render_site
from .validate import validate
from .write import publish, read_assets, write_tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--facts", type=Path, default=Path("facts"), help="fact files folder")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the facts only")
    for name in ("build", "serve"):
        sub = commands.add_parser(name, help=f"{name} the site (both languages)")
        sub.add_argument("--engine", choices=ENGINES, default=os.environ.get("ENGINE") or "mkdocs")
        sub.add_argument(
            "--site-url",
            default=os.environ.get("SITE_URL") or None,
            help="public address, for absolute hreflang and sitemap links",
        )
        sub.add_argument("--out", type=Path, default=Path("site"), help="where the site goes")
        sub.add_argument(
            "--work",
            type=Path,
            default=Path(".build"),
            help="folder for the generated projects (git-ignored)",
        )
        if name == "serve":
            sub.add_argument("--port", type=int, default=8000)
    sub = commands.add_parser("sources", help="check each cited figure against the reports")
    sub.add_argument("--texts", type=Path, required=True, help="folder of the reports' texts")
    sub = commands.add_parser("diff", help="compare the facts with a git revision, in Markdown")
    sub.add_argument("base", help="git revision to compare with, such as origin/main or HEAD~1")
    sub.add_argument("--facts", type=Path, default=argparse.SUPPRESS, help="fact files folder")
    sub = commands.add_parser("schema", help="export the JSON Schema for editors")
    sub.add_argument("--check", action="store_true", help="fail if the committed one differs")
    args = parser.parse_args(argv)

    try:
        if args.command == "schema":
            return export_schema(args.check)
        if args.command == "diff":
            return compare_with(args.base, args.facts)
        if args.command == "sources":
            return check_sources(args.facts, args.texts)
        site = check(args.facts)
        if args.command == "check":
            print(f"{args.facts}: ok ({summary(site)})")
            return 0
        build(site, args.engine, args.site_url, args.out, args.work)
        if args.command == "serve":
            from .serve import serve

            serve(
                args.out,
                args.port,
                watched=[args.facts, Path("docs"), Path("overrides"), Path("mkdocs.yml")],
                rebuild=lambda: build(
                    check(args.facts), args.engine, args.site_url, args.out, args.work
                ),
            )
        return 0
    except InputError as error:
        report(error)
        return 1
    except EngineError as error:
        print(f"error: the site engine failed; {args.out}/ is unchanged.\n{error}", file=sys.stderr)
        return 2


def check(facts: Path) -> Site:
    return validate(load_facts(facts))


def check_sources(facts: Path, texts_folder: Path) -> int:
    """Provenance: every cited figure must appear in its paragraph of the reports' texts."""
    documents = load_facts(facts)
    site = validate(documents)
    names = [source.file for source in site.sources.values()]
    texts = provenance.read_texts(texts_folder, names)
    if not texts:
        print(
            f"no source texts in {texts_folder}/ (looked for {', '.join(names)}): "
            "nothing was checked; give the folder that holds the reports with --texts",
            file=sys.stderr,
        )
        return 2
    mismatches = provenance.check(site, texts)
    if mismatches:
        report(InputError([provenance.locate(documents, m) for m in mismatches]), built=False)
        return 1
    values = sum(len(fact.values) for fact in site.facts.values())
    print(
        f"{texts_folder}: ok ({values} cited values of {len(site.facts)} figures and "
        f"{len(site.events)} event dates found in their paragraphs)"
    )
    return 0


def build(site: Site, engine: str, site_url: str | None, out: Path, work: Path) -> None:
    """Generate both languages under `work`, build them, and swap the result into `out`.

    Run from the repository root: mkdocs.yml, docs/ and overrides/ are read from there.
    """
    assets = {f"docs/{path}": data for path, data in read_assets(Path("docs")).items()}
    projects = []
    for lang in LANGUAGES:
        project = work / "gen" / lang
        root = os.path.relpath(Path.cwd(), project.resolve())
        files: dict[str, str | bytes] = {
            **assets,
            **render_site(site, lang, project=Path(root).as_posix(), site_url=site_url),
        }
        write_tree(files, project)
        projects.append(project)
    build_languages(engine, projects, epoch=source_epoch())
    search.expand_indexes([project / "site" for project in projects])
    staging = work / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for project in projects:
        shutil.move(project / "site", staging / project.name)
    for name, text in render_root(site, site_url).items():
        (staging / name).write_text(text, encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    publish(staging, out)
    print(f"built {out}/ with {engine}: {summary(site)}")


def source_epoch() -> int:
    """The build's timestamp: fixed by the caller, else a constant, never the clock."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))  # 2026-01-01


def summary(site: Site) -> str:
    return (
        f"{len(site.pages)} explainer pages, {len(site.facts)} figures, "
        f"{len(site.terms)} terms, {len(site.events)} events, "
        f"{len(site.entities)} parties, {len(site.sources)} sources"
    )


def report(error: InputError, built: bool = True) -> None:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in error.problems:
        print(problem, file=sys.stderr)
        if annotate:
            print(problem.github_annotation(), file=sys.stderr)
    count = len(error.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''} found"
        + ("; nothing was built, the previous site is unchanged." if built else "."),
        file=sys.stderr,
    )


def export_schema(check_only: bool) -> int:
    target = Path(schema.SCHEMA_FILE)
    text = schema.export()
    if check_only:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{target} is out of date: run `make schema`", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def compare_with(base: str, facts: Path) -> int:
    """`diff BASE`: print what changed since BASE as Markdown; 1 if the working tree is invalid."""
    try:
        new = validate(load_facts(facts))
    except InputError as error:
        count = len(error.problems)
        print(
            f"## Facts compared with {diff.code(base)}\n\nThe facts in "
            f"{diff.code(str(facts))} do not validate "
            f"({count} problem{'s' if count != 1 else ''}): `make check` lists them."
        )
        return 1
    with tempfile.TemporaryDirectory(prefix="facts-diff-") as tmp:
        try:
            folder = revision.facts_at(base, facts, Path(tmp))
        except revision.RevisionError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        old, problems = None, []
        if folder.is_dir():
            try:
                old = validate(load_facts(folder))
            except InputError as error:
                prefix = f"{Path(tmp).as_posix()}/"
                problems = [
                    str(dataclasses.replace(p, file=p.file.removeprefix(prefix)))
                    for p in error.problems
                ]
    print(diff.report(base, new, old, problems), end="")
    return 0
