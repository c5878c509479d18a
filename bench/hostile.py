"""`make bench-hostile`: no small file can make `check` or a site build slow or big.

A benchmark, not a test: for each class of hostile input that once made the generator
slow or large, it writes a fact file just under the size limit (256 KiB) next to the
bad-input corpus' base, then runs `check` and a whole MkDocs build of it in fresh
processes and reports wall time and the peak memory of the largest process. Files the
generator refuses must be refused fast; files it accepts must build fast. Prints a
table and writes bench/hostile.json; the promise is 10 s and 1 GiB for each.

    python bench/hostile.py
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model import MAX_PAGES  # noqa: E402

BASE = ROOT / "tests" / "bad_input" / "base"
LIMIT_BYTES = 256 * 1024 - 1024  # just under the loader's limit
SECONDS, MIB = 10.0, 1024.0


def fill(head: str, item: Callable[[int], str]) -> str:
    """`head` and then numbered items until the file is as large as it may be."""
    parts, size, n = [head], len(head.encode()), 0
    while True:
        piece = item(n)
        if size + len(piece.encode()) > LIMIT_BYTES:
            return "".join(parts)
        parts.append(piece)
        size += len(piece.encode())
        n += 1


def term(n: int, long: str, short: str = "تعريف", related: str = "") -> str:
    return (
        f"  - id: t{n}\n    term: {{ar: 'مصطلح {n}', en: 'Term {n}'}}\n"
        f"    short: {{ar: '{short}', en: 'Definition'}}\n"
        f"    long: {{ar: '{long}', en: 'Explanation'}}\n{related}"
        "    cited: [{source: a, paragraph: 1}]\n"
    )


def section(n: int, ar: str, en: str) -> str:
    return (
        f"      - id: s{n}\n        heading: {{ar: 'قسم {n}', en: 'Section {n}'}}\n"
        f"        body: {{ar: '{ar}', en: '{en}'}}\n        cited: [{{source: a, paragraph: 1}}]\n"
    )


def page(n: int, ar: str, en: str, sections: int = 50) -> str:
    """A page of `sections` sections, each with the same body (a page holds at most 100)."""
    return (
        f"  - id: p{n}\n    title: {{ar: صفحة, en: Page}}\n    summary: {{ar: م, en: S}}\n"
        "    sections:\n" + "".join(section(m, ar, en) for m in range(sections))
    )


CASES: dict[str, Callable[[], str]] = {
    # Accepted at the limits: they must build fast.
    "a long term referenced everywhere": lambda: fill(
        "terms:\n" + term(0, "شرح", short="تعريف " * 600) + "pages:\n",
        lambda n: page(n, " ".join(["{term:t0}"] * 40), "x", sections=10),
    ),
    "words of 100 Arabic letters": lambda: fill(
        "terms:\n", lambda n: term(n, " ".join(["ب" * 99 + "ة"] * 30))
    ),
    "runs of punctuation at the limit": lambda: fill(
        "pages:\n", lambda n: page(n, "نص", " x ".join(["*" * 40] * 60), sections=5)
    ),
    "texts of 4,000 characters": lambda: fill(
        "pages:\n", lambda n: page(n, "كلمة " * 790, "word " * 790, sections=5)
    ),
    # A file holds at most 100 explainer pages (MAX_PAGES), each a page in both languages.
    "a hundred small pages": lambda: (
        "pages:\n" + "".join(page(n, "نص", "Text", sections=1) for n in range(MAX_PAGES))
    ),
    # Refused: they must be refused fast.
    "a thousand small pages": lambda: (
        "pages:\n" + "".join(page(n, "نص", "Text", sections=1) for n in range(1000))
    ),
    "a related id repeated": lambda: (
        "terms:\n"
        + term(0, "x", related="    related: [" + ", ".join(["stargate"] * 20000) + "]\n")
    ),
    "thousands of unknown references": lambda: fill(
        "events:\n",
        lambda n: (
            f"  - id: e{n}\n    date: 2024\n    title: {{ar: ح, en: E}}\n"
            f"    text: {{ar: ن, en: T}}\n    facts: [no-such-fact-{n}, another-{n}]\n"
            "    cited: [{source: a, paragraph: 1}]\n"
        ),
    ),
    "one very long Arabic word": lambda: "terms:\n" + term(0, "ب" * 120_000),
    "deep nesting": lambda: "x: " + "[" * 100_000,
    "an alias bomb": lambda: (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ),
}


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MiB of the largest process, exit status: one fresh process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "wall = time.perf_counter() - t\n"
        "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True
    )
    wall, mib, code = done.stdout.split()
    return float(wall), float(mib), int(code)


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    rows = []
    try:
        for name, make in CASES.items():
            facts = scratch / "facts"
            shutil.rmtree(facts, ignore_errors=True)
            shutil.copytree(BASE, facts)
            text = make()
            (facts / "hostile.yml").write_text(text, encoding="utf-8")
            generator = [sys.executable, "-m", "generator", "--facts", str(facts)]
            check = measure([*generator, "check"])
            site = measure(
                [*generator, "build", "--out", str(scratch / "site"), "--work", str(scratch / "w")]
            )
            rows.append(
                {
                    "case": name,
                    "kib": round(len(text.encode()) / 1024, 1),
                    "check_s": round(check[0], 2),
                    "check_mib": round(check[1]),
                    "check_exit": check[2],
                    "site_s": round(site[0], 2),
                    "site_mib": round(site[1]),
                    "site_exit": site[2],
                }
            )
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    worst = {
        "seconds": max(max(r["check_s"], r["site_s"]) for r in rows),
        "mib": max(max(r["check_mib"], r["site_mib"]) for r in rows),
    }
    report = {"limits": {"seconds": SECONDS, "mib": MIB}, "worst": worst, "cases": rows}
    (ROOT / "bench" / "hostile.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    columns = ("KiB", "check s", "MiB", "exit", "site s", "MiB", "exit")
    print(f"\n{'case':<36} " + " ".join(f"{c:>7}" for c in columns))
    for r in rows:
        keys = ("kib", "check_s", "check_mib", "check_exit", "site_s", "site_mib", "site_exit")
        print(f"{r['case']:<36} " + " ".join(f"{r[k]!s:>7}" for k in keys))
    within = worst["seconds"] <= SECONDS and worst["mib"] <= MIB
    print(
        f"\nworst: {worst['seconds']} s, {worst['mib']} MiB: {'within' if within else 'OVER'} "
        f"the promise of {SECONDS:.0f} s and {MIB:.0f} MiB per file"
    )


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
