"""Command line: check the facts, build the site, preview it, compare, export the schema.

A thin layer over generator.build: it turns arguments into a Project, calls the
library, prints through generator.log and maps each domain error to an exit status
(1: the input has problems; 2: something else failed, the input may be fine).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import build, log
from .engine import ENGINES, EngineError
from .model import Site
from .problems import InputError
from .revision import RevisionError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = build.Project.at(Path("."))
    project = build.Project(
        facts=args.facts,
        docs=project.docs,
        overrides=project.overrides,
        config=project.config,
        out=getattr(args, "out", project.out),
        work=getattr(args, "work", project.work),
    )
    try:
        return _run(args, project)
    except InputError as error:
        _report(error, built=args.command in ("build", "serve"))
        return 1
    except EngineError as error:
        log.error(f"error: the site engine failed; {project.out}/ is unchanged.\n{error}")
        return 2
    except (RevisionError, build.MissingTexts) as error:
        log.error(f"error: {error}")
        return 2


def _run(args: argparse.Namespace, project: build.Project) -> int:
    if args.command == "schema":
        return _schema(args.check)
    if args.command == "check":
        log.say(f"{project.facts}: ok ({summary(build.check(project))})")
        return 0
    if args.command == "sources":
        site, values = build.check_sources(project, args.texts)
        log.say(
            f"{args.texts}: ok ({values} cited values of {len(site.facts)} figures and "
            f"{len(site.events)} event dates found in their paragraphs)"
        )
        return 0
    if args.command == "diff":
        from . import diff  # each command imports what only it uses: a build starts sooner

        try:
            log.say(build.compare(project, args.base).rstrip("\n"))
        except InputError as error:
            count = len(error.problems)
            log.say(
                f"## Facts compared with {diff.code(args.base)}\n\nThe facts in "
                f"{diff.code(str(project.facts))} do not validate ({count} "
                f"problem{'s' if count != 1 else ''}): `make check` lists them."
            )
            return 1
        return 0
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or build.DEFAULT_EPOCH)
    dated = not args.no_history
    # The live preview keeps each engine's output, so that a rebuild redoes only what changed.
    incremental = args.command == "serve"
    built = build.build(project, args.engine, args.site_url, epoch, dated, incremental)
    if built is None:
        log.say(f"{project.out}/ is current: nothing it is built from changed since the last build")
    else:
        log.say(f"built {project.out}/ with {args.engine}: {summary(built)}")
    del built  # the preview's builds make their own site (check keeps only the models)
    if args.command == "serve":
        from .serve import serve

        serve(
            project,
            args.port,
            lambda: build.build(project, args.engine, args.site_url, epoch, dated, incremental),
        )
    return 0


def _parser() -> argparse.ArgumentParser:
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
        sub.add_argument(
            "--no-history",
            action="store_true",
            help="show no dates: do not read the facts' history from git",
        )
        if name == "serve":
            sub.add_argument("--port", type=int, default=8000)
    sub = commands.add_parser("sources", help="check each cited figure against the reports")
    sub.add_argument("--texts", type=Path, required=True, help="folder of the reports' texts")
    sub = commands.add_parser("diff", help="compare the facts with a git revision, in Markdown")
    sub.add_argument(
        "base",
        nargs="?",
        default=os.environ.get("BASE") or "origin/main",
        help="git revision to compare with, such as origin/main or HEAD~1 "
        "(default: $BASE, else origin/main)",
    )
    sub.add_argument("--facts", type=Path, default=argparse.SUPPRESS, help="fact files folder")
    sub = commands.add_parser("schema", help="export the JSON Schema for editors")
    sub.add_argument("--check", action="store_true", help="fail if the committed one differs")
    return parser


def summary(site: Site) -> str:
    return (
        f"{len(site.pages)} explainer pages, {len(site.facts)} figures, "
        f"{len(site.terms)} terms, {len(site.events)} events, "
        f"{len(site.entities)} entities, {len(site.sources)} sources, {len(site.charts)} charts"
    )


def _report(error: InputError, built: bool) -> None:
    for problem in error.problems:
        log.problem(problem)
    count = len(error.problems)
    log.error(
        f"{count} problem{'s' if count != 1 else ''} found"
        + ("; nothing was built, the previous site is unchanged." if built else ".")
    )


def _schema(check_only: bool) -> int:
    from . import schema

    target = Path(schema.SCHEMA_FILE)
    text = schema.export()
    if check_only:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            log.error(f"{target} is out of date: run `make schema`")
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    log.say(f"wrote {target}")
    return 0
