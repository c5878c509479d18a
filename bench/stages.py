"""Time each generator stage on one fact set, in a fresh process; print JSON lines.

    python bench/stages.py FACTS_DIR RUNS [BUDGET_SECONDS]

First the parser's floor: libyaml's CSafeLoader loading the same files, nothing else.
Then each run goes load -> validate -> render (ar, en) -> write into a new folder, the
same steps `python -m generator build` takes before the engine, with no cache: pages
stream from the renderer to the writer as `generate` does, so render is the time spent
making pages and write the time spent writing them. Then `generate` itself, with its
caches: cold (empty work folder), again with nothing changed, and after one fact edit.
One JSON line per stage as it finishes (so a parent that gives up on a slow stage keeps
the others), then a summary line with the process's peak resident memory.
"""

from __future__ import annotations

import gc
import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from generator import build, collector
from generator.build import Project, render_files
from generator.load import load_facts
from generator.model import LANGUAGES
from generator.validate import validate
from generator.write import write_tree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import edit  # noqa: E402


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


class Timed:
    """The renderer's files, with the time spent making them (not writing them)."""

    def __init__(self, files: Iterable[tuple[str, str | bytes]]) -> None:
        self.files, self.seconds, self.count, self.size = iter(files), 0.0, 0, 0

    def __iter__(self) -> Iterator[tuple[str, str | bytes]]:
        while True:
            clock = time.perf_counter()
            try:
                path, content = next(self.files)
            except StopIteration:
                self.seconds += time.perf_counter() - clock
                return
            self.seconds += time.perf_counter() - clock
            self.count += path.endswith(".md")
            self.size += len(content)
            yield path, content


def parse_floor(facts: Path) -> float:
    """libyaml alone on the same files: the floor any loader of these files stands on."""
    clock = time.perf_counter()
    for path in sorted(facts.rglob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - clock


def main(facts: Path, runs: int, budget: float) -> None:
    """`runs` runs of the stages, fewer (but two) when they take more than `budget` s."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    here = Project.at(ROOT)
    started = time.perf_counter()
    try:
        emit(stage="parse_floor", s=min(parse_floor(facts) for _ in range(2)))
        for run in range(runs):
            if run >= 2 and time.perf_counter() - started > budget:
                break
            # The site is made and kept as `generate` makes and keeps it: with the cycle
            # collector paused, then frozen until its pages are written.
            gc.collect()
            with collector.paused():
                clock = time.perf_counter()
                documents = load_facts(facts)
                emit(run=run, stage="load", s=time.perf_counter() - clock)

                clock = time.perf_counter()
                site = validate(documents)
                emit(run=run, stage="validate", s=time.perf_counter() - clock)
                del documents
                gc.freeze()

            folder = scratch / f"run-{run}"
            written, pages, size = 0.0, 0, 0
            try:
                for lang in LANGUAGES:
                    files = Timed(render_files(here, site, lang))
                    clock = time.perf_counter()
                    write_tree(files, folder / "gen" / lang)
                    written += time.perf_counter() - clock - files.seconds
                    pages, size = pages + files.count, size + files.size
                    emit(run=run, stage=f"render_{lang}", s=files.seconds)
            finally:
                gc.unfreeze()
            emit(run=run, stage="write", s=written)

            # The same files again: what an unchanged rebuild costs (compare, write nothing).
            clock = time.perf_counter()
            changed = [
                write_tree(_read_back(folder / "gen" / lang), folder / "gen" / lang)
                for lang in LANGUAGES
            ]
            emit(run=run, stage="rewrite", s=time.perf_counter() - clock)
            assert changed == [[], []], "an unchanged tree was rewritten"
            emit(run=run, stage="done", pages=pages, mib_out=size / 2**20)
            del site
            shutil.rmtree(folder)
        generate_with_caches(facts, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    emit(stage="peak", mib=peak_kib / 1024)


def generate_with_caches(facts: Path, scratch: Path) -> None:
    """`generate` as `make site` runs it: cold, with nothing changed, after one edit."""
    copy = scratch / "facts"
    shutil.copytree(facts, copy)
    here = Project.at(ROOT)
    project = Project(
        facts=copy, docs=here.docs, overrides=here.overrides, config=here.config,
        out=scratch / "site", work=scratch / "work",
    )  # fmt: skip
    for stage in ("generate_cold", "warm_noop", "edit_one"):
        if stage == "edit_one":
            file, fact_id, _ = edit.percent_fact(copy)
            edit.set_first_amount(file, fact_id, "41.25")
        clock = time.perf_counter()
        done = build.generate(project)
        emit(stage=stage, s=time.perf_counter() - clock)
        assert (done is None) == (stage == "warm_noop"), f"{stage}: generate did the wrong work"


def _read_back(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path.read_bytes()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 1e9)
