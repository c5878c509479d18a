"""Time each generator stage on one fact set, in a fresh process; print JSON lines.

    python bench/stages.py FACTS_DIR RUNS

Each run goes load -> validate -> render (ar, en) -> write into a new folder, the
same steps `python -m generator build` takes before the engine. One JSON line per
stage as it finishes (so a parent that gives up on a slow stage keeps the others),
then a summary line with the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.build import Project, render
from generator.load import load_facts
from generator.model import LANGUAGES
from generator.validate import validate
from generator.write import write_tree

ROOT = Path(__file__).resolve().parent.parent


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main(facts: Path, runs: int) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    project = Project.at(ROOT)
    try:
        for run in range(runs):
            clock = time.perf_counter()
            documents = load_facts(facts)
            emit(run=run, stage="load", s=time.perf_counter() - clock)

            clock = time.perf_counter()
            site = validate(documents)
            emit(run=run, stage="validate", s=time.perf_counter() - clock)

            trees: dict[str, dict[str, str | bytes]] = {}
            for lang in LANGUAGES:
                clock = time.perf_counter()
                trees[lang] = render(project, site, lang)
                emit(run=run, stage=f"render_{lang}", s=time.perf_counter() - clock)

            folder = scratch / f"run-{run}"
            clock = time.perf_counter()
            for name, files in trees.items():
                write_tree(files, folder / "gen" / name)
            emit(run=run, stage="write", s=time.perf_counter() - clock)

            # The same files again: what an unchanged rebuild costs (compare, write nothing).
            clock = time.perf_counter()
            changed = [write_tree(files, folder / "gen" / name) for name, files in trees.items()]
            emit(run=run, stage="rewrite", s=time.perf_counter() - clock)
            assert changed == [[], []], "an unchanged tree was rewritten"

            pages = sum(1 for files in trees.values() for path in files if path.endswith(".md"))
            size = sum(len(text) for files in trees.values() for text in files.values())
            emit(run=run, stage="done", pages=pages, mib_out=size / 2**20)
            del documents, site, trees
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    emit(stage="peak", mib=peak_kib / 1024)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
