"""`make bench`: how fast the generator and the site builds are, at several sizes.

A benchmark, not a test: it prints a table and writes bench/latest.json. Figures are
medians of several runs; every run that measures memory or a whole build starts a
fresh process. Slow stages are cut off by a time budget and reported as such, so the
whole benchmark stays within about ten minutes on a 2-core machine.

    BENCH_SIZES="100 1000" python bench/run.py      # fewer sizes while iterating
    BENCH_ONLY=history python bench/run.py          # only the history step (bench/history.py),
                                                    # its keys updated in bench/latest.json
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import edit  # noqa: E402
import lighthouse  # noqa: E402
import synth  # noqa: E402

PYTHON = sys.executable
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "100 1000 10000").split()]
RUNS = {100: 7, 1000: 5, 10000: 3}  # fewer when a size's budget runs out, never under 2
# Seconds a size's stage runs may take in all before no further run starts, and the
# hard limit after which the process is stopped (its finished stages still count).
STAGE_BUDGET = {100: 20, 1000: 40, 10000: 60}
STAGE_LIMIT = {100: 60, 1000: 120, 10000: 360}
BUILD_SIZE = int(os.environ.get("BENCH_BUILD_SIZE", "1000"))
BUILD_RUNS = 3
CACHED_RUNS = 2
BUILD_LIMIT = 150
WEIGHT_LIMIT = 420  # MkDocs on 10,000 facts: 5 min on a busy 2-core machine
EDITS = 5
EDIT_LIMIT = 60
# Between an edit's page and the next edit: a contributor reads the page first. Longer
# than the preview's idle moment (serve._Debounced: 2 s), after which it tidies its
# memory, as it does between a contributor's edits.
READING = 2.5
NAIVE_SIZE = 10000
STAGES = ("load", "validate", "render_ar", "render_en", "write")
ENGINES = ("mkdocs", "zensical")


def main() -> None:
    if os.environ.get("BENCH_ONLY") == "history":
        latest = ROOT / "bench" / "latest.json"
        results = json.loads(latest.read_text(encoding="utf-8")) if latest.is_file() else {}
        results["notes"] = [n for n in results.get("notes", []) if "history" not in n]
        history_step(results)
        latest.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print_history(results)
        return
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg()[0],
        },
        "notes": [],
    }
    try:
        sets = {}
        for size in sorted({*SIZES, BUILD_SIZE}):
            sets[size] = scratch / f"facts-{size}"
            synth.generate(size, sets[size])
        log(f"fact sets written to {scratch} ({', '.join(map(str, sets))} facts)")
        generator_stages(sets, results)
        site_builds(sets[BUILD_SIZE], scratch, results, "build_s", "build_cached_s")
        # A whole `make site` when nothing changed is now the "cached" build above.
        results["site_noop_s"] = {str(BUILD_SIZE): results["build_cached_s"]}
        page_weight(sets, scratch, results)
        real = real_facts(scratch, results)
        site_builds(real, scratch, results, "site_s", "site_cached_s")
        edits(real, scratch, results, "edit_to_page_by_engine_s")
        results["edit_to_page_s"] = results["edit_to_page_by_engine_s"]["mkdocs"]
        edits(sets[BUILD_SIZE], scratch, results, "edit_to_page_at_build_size_s")
        lighthouse.measure(real, scratch, results)
        if NAIVE_SIZE in SIZES:
            naive(sets[NAIVE_SIZE], results)
        history_step(results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results["machine"]["load_average_at_end"] = os.getloadavg()[0]
    results["bench_s"] = round(time.perf_counter() - started, 1)
    (ROOT / "bench" / "latest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print_table(results)


def real_facts(scratch: Path, results: dict[str, Any]) -> Path:
    """A copy of facts/; the last committed one when the working copy does not validate."""
    folder = scratch / "real" / "facts"
    shutil.copytree(ROOT / "facts", folder)
    check = [PYTHON, "-m", "generator", "--facts", str(folder), "check"]
    if subprocess.run(check, cwd=ROOT, capture_output=True).returncode == 0:
        return folder
    shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", "HEAD", "facts"], cwd=ROOT, capture_output=True,
                             check=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(folder.parent)], input=archive, check=True)
    results["notes"].append("facts/ does not validate now: real-content figures use HEAD's facts/")
    return folder


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


# -- generator stages ---------------------------------------------------------------


def generator_stages(sets: dict[int, Path], results: dict[str, Any]) -> None:
    results.update(gen_s={}, gen_peak_mib={}, gen_stages_s={}, gen_cold_s={}, gen_runs={})
    for key in CACHED_KEYS:
        results[key] = {}
    for size, folder in sets.items():
        if size not in SIZES:
            continue
        log(f"generator stages at {size} facts")
        once: dict[str, float] = {}
        runs, peak, finished = _stage_runs(folder, size, once)
        totals = [sum(run[s] for s in STAGES) for run in runs if all(s in run for s in STAGES)]
        warm = totals[1:] or totals
        results["gen_runs"][str(size)] = len(totals)
        results["gen_cold_s"][str(size)] = round(totals[0], 3) if totals else None
        results["gen_s"][str(size)] = median(warm)
        results["gen_peak_mib"][str(size)] = round(peak, 1) if peak else None
        results["gen_stages_s"][str(size)] = {
            stage: median([run[stage] for run in runs[1:] or runs if stage in run])
            for stage in (*STAGES, "rewrite")
        }
        _cached_figures(results, str(size), once)
        if not finished:
            results["notes"].append(
                f"{size} facts: stopped after {STAGE_LIMIT[size]} s; stages that did not "
                "finish once are null (see gen_stages_s)"
            )


def _stage_runs(
    folder: Path, size: int, once: dict[str, float]
) -> tuple[list[dict[str, float]], float | None, bool]:
    """Run bench/stages.py; keep every stage it reports before the time limit."""
    runs: list[dict[str, float]] = []
    peak = None
    clock = time.perf_counter()
    wanted = RUNS.get(size, 3)
    finished = True
    with subprocess.Popen(
        [PYTHON, "bench/stages.py", str(folder), str(wanted), str(STAGE_BUDGET.get(size, 60))],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        assert process.stdout is not None
        deadline = clock + STAGE_LIMIT.get(size, 150)
        for line in _lines_until(process, deadline):
            item = json.loads(line)
            if item["stage"] == "peak":
                peak = item["mib"]
            elif "run" not in item:  # the parser's floor, and generate with its caches
                once[item["stage"]] = item["s"]
            else:
                while len(runs) <= item["run"]:
                    runs.append({})
                if item["stage"] != "done":
                    runs[item["run"]][item["stage"]] = item["s"]
        try:  # its output ended: it is exiting (its status has its peak no more)
            process.wait(timeout=max(deadline - time.perf_counter(), 0))
        except subprocess.TimeoutExpired:
            finished = bool(runs) and all(s in runs[-1] for s in STAGES)
            peak = _peak_mib(process.pid)  # stopped early: its high-water mark so far
            os.killpg(process.pid, signal.SIGKILL)
    return runs, peak, finished


CACHED_KEYS = ("parse_floor_s", "gen_vs_parse", "generate_cold_s", "warm_noop_s",
               "edit_one_s", "warm_noop_vs_cold", "edit_one_vs_cold")  # fmt: skip


def _cached_figures(results: dict[str, Any], size: str, once: dict[str, float]) -> None:
    """The parser's floor and the generator against it; generate's caches against cold."""
    floor, cold = once.get("parse_floor"), results["gen_cold_s"].get(size)
    generate_cold = once.get("generate_cold")
    results["parse_floor_s"][size] = round(floor, 3) if floor else None
    results["gen_vs_parse"][size] = round(cold / floor, 2) if cold and floor else None
    results["generate_cold_s"][size] = round(generate_cold, 3) if generate_cold else None
    for stage in ("warm_noop", "edit_one"):
        seconds = once.get(stage)
        results[f"{stage}_s"][size] = round(seconds, 3) if seconds is not None else None
        ratio = seconds / generate_cold if seconds is not None and generate_cold else None
        results[f"{stage}_vs_cold"][size] = round(ratio, 3) if ratio is not None else None


def _peak_mib(pid: int) -> float | None:
    """A running process's peak resident memory (Linux), in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _lines_until(process: subprocess.Popen[str], deadline: float) -> Any:
    """Lines of the child's output, until it ends or the deadline passes."""
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.perf_counter()) > 0:
            if not selector.select(timeout=min(left, 1.0)):
                continue
            line = process.stdout.readline()
            if not line:
                return
            yield line


# -- whole site builds --------------------------------------------------------------


def site_builds(
    facts: Path, scratch: Path, results: dict[str, Any], key: str, cached_key: str
) -> None:
    """Clean builds (fresh work folder each run) with each engine, then one warm rebuild."""
    results.setdefault(key, {})
    results.setdefault(cached_key, {})
    for engine in ENGINES:
        log(f"{engine} builds of {facts.name if facts.name != 'facts' else 'the real facts'}")
        clean, work = [], scratch / f"{key}-{engine}"
        for _ in range(BUILD_RUNS):
            shutil.rmtree(work, ignore_errors=True)
            seconds = _build(facts, engine, work)
            if seconds is None:
                results["notes"].append(
                    f"{key} {engine}: a build failed or took over {BUILD_LIMIT} s"
                )
                break
            clean.append(seconds)
        results[key][engine] = median(clean)
        if clean:  # nothing changed since the last build: what the engine's cache saves
            results[cached_key][engine] = median(
                [s for s in (_build(facts, engine, work) for _ in range(CACHED_RUNS)) if s]
            )
        shutil.rmtree(work, ignore_errors=True)


def page_weight(sets: dict[int, Path], scratch: Path, results: dict[str, Any]) -> None:
    """The HTML of one Arabic explainer page, built with MkDocs, at each size of fact set
    (10, 100 and 1,000 explainer pages per language at 100, 1,000 and 10,000 facts)."""
    results["page_kib"] = {}
    for size in sorted(SIZES):
        log(f"page weight at {size} facts")
        work = scratch / f"weight-{size}"
        built = _build(sets[size], "mkdocs", work, limit=WEIGHT_LIMIT)
        page = work / "site" / "ar" / "explainers" / synth.Synth(size).page_id(1) / "index.html"
        kib = round(page.stat().st_size / 1024, 1) if built and page.is_file() else None
        results["page_kib"][str(size)] = kib
        shutil.rmtree(work, ignore_errors=True)
    weights = [kib for kib in results["page_kib"].values() if kib]
    results["page_kib_growth"] = round(weights[-1] / weights[0], 2) if len(weights) > 1 else None


def _build(facts: Path, engine: str, work: Path, limit: float = 0) -> float | None:
    command = [PYTHON, "-m", "generator", "--facts", str(facts), "build", "--engine", engine,
               "--out", str(work / "site"), "--work", str(work / "work")]  # fmt: skip
    clock = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=limit or BUILD_LIMIT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        log(done.stderr.decode(errors="replace")[-1500:])
        return None
    return time.perf_counter() - clock


# -- edit to page under `serve` -----------------------------------------------------


def edits(facts: Path, scratch: Path, results: dict[str, Any], key: str) -> None:
    results[key] = {}
    for engine in ENGINES:
        log(f"edit-to-page under serve with {engine} ({facts.parent.name})")
        seconds = _edit_to_page(engine, facts, scratch / f"serve-{key}-{engine}")
        results[key][engine] = median(seconds)
        if len(seconds) < EDITS:
            results["notes"].append(f"{key} {engine}: {len(seconds)} of {EDITS} edits seen")


def _edit_to_page(engine: str, real: Path, base: Path) -> list[float]:
    facts = base / "facts"
    shutil.copytree(real, facts)
    file, fact_id, page_id = edit.percent_fact(facts)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/en/explainers/{page_id}/"
    command = [
        *(PYTHON, "-m", "generator", "--facts", str(facts), "serve", "--engine", engine),
        *("--out", str(base / "site"), "--work", str(base / "work"), "--port", str(port)),
    ]
    seconds: list[float] = []
    with (
        (base / "serve.log").open("w") as output,
        subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        ) as server,
    ):
        try:
            if _wait_for(url, lambda page: True, 120) is None:
                log("serve did not start:\n" + (base / "serve.log").read_text()[-1500:])
                return seconds
            time.sleep(1.0)  # let the file watcher settle after the first build
            for number in range(EDITS):
                amount = f"{41.25 + number:.2f}"
                edit.set_first_amount(file, fact_id, amount)
                clock = time.perf_counter()
                waited = _wait_for(url, lambda page, a=amount: f"{a}%" in page, EDIT_LIMIT)
                if waited is None:
                    log(f"edit {number} never reached {url}")
                    break
                seconds.append(time.perf_counter() - clock)
                time.sleep(READING)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    return seconds


def _wait_for(url: str, ready: Any, limit: float) -> float | None:
    clock = time.perf_counter()
    while time.perf_counter() - clock < limit:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if ready(response.read().decode("utf-8")):
                    return time.perf_counter() - clock
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- naive baseline -----------------------------------------------------------------


def naive(folder: Path, results: dict[str, Any]) -> None:
    log(f"naive baseline at {NAIVE_SIZE} facts")
    runs: list[float] = []
    clock = time.perf_counter()
    while len(runs) < 3 and (not runs or time.perf_counter() - clock < 60):
        done = subprocess.run([PYTHON, "bench/naive.py", str(folder)], cwd=ROOT,
                              capture_output=True, text=True, check=True)  # fmt: skip
        runs.append(json.loads(done.stdout)["s"])
    results["naive_s"] = median(runs)
    ours = results["gen_s"].get(str(NAIVE_SIZE))
    results["naive_ratio"] = round(results["naive_s"] / ours, 2) if ours else None


# -- the history step --------------------------------------------------------------


def history_step(results: dict[str, Any]) -> None:
    """bench/history.py in a fresh process: the facts' history read from 1,000 commits."""
    log("history step on a synthetic repository of 1,000 commits")
    done = subprocess.run(
        [PYTHON, "bench/history.py"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        results["notes"].append(f"history step failed: {done.stderr.strip()[-300:]}")
        return
    results.update(json.loads(done.stdout))


def print_history(results: dict[str, Any]) -> None:
    if "history_cold_s" not in results:
        return
    print(f"\nHistory step, {results['history_commits']} commits: cold "
          f"{results['history_cold_s']} s, cached {results['history_cached_s']} s, one new "
          f"commit {results['history_one_new_commit_s']} s")  # fmt: skip


# -- report -------------------------------------------------------------------------


def print_table(results: dict[str, Any]) -> None:
    def cell(value: Any, unit: str = "") -> str:
        return "—" if value is None else f"{value:.3f}{unit}" if unit == "" else f"{value}{unit}"

    header = ["facts", *STAGES, "rewrite", "total", "cold", "peak MiB", "runs"]
    rows = [header]
    for size, stages in results["gen_stages_s"].items():
        rows.append(
            [
                size,
                *(cell(stages[s]) for s in (*STAGES, "rewrite")),
                cell(results["gen_s"][size]),
                cell(results["gen_cold_s"][size]),
                cell(results["gen_peak_mib"][size], " "),
                str(results["gen_runs"][size]),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print("\nGenerator stages, seconds (median of warm runs; cold = first run in a fresh process)")
    for row in rows:
        print("  ".join(value.rjust(width) for value, width in zip(row, widths, strict=True)))
    print("\nAgainst the parser, and with the caches (generate: cold, nothing changed, one edit)")
    print("  facts  floor s  cold/floor  generate s  no-op s (share)  edit s (share)  page KiB")
    for size in results["gen_stages_s"]:
        print(
            f"  {size:>5}  {cell(results['parse_floor_s'].get(size))}  "
            f"{results['gen_vs_parse'].get(size)!s:>10}  "
            f"{cell(results['generate_cold_s'].get(size))}"
            f"  {cell(results['warm_noop_s'].get(size))} ({results['warm_noop_vs_cold'].get(size)})"
            f"  {cell(results['edit_one_s'].get(size))} ({results['edit_one_vs_cold'].get(size)})"
            f"  {results.get('page_kib', {}).get(size)}"
        )
    print(f"\nWhole builds (clean / nothing changed), seconds, median of {BUILD_RUNS}:")
    for key, label in (("build_s", f"{BUILD_SIZE} facts"), ("site_s", "real content")):
        for engine in ENGINES:
            clean = results.get(key, {}).get(engine)
            cached = results.get(key.replace("_s", "_cached_s"), {}).get(engine)
            print(f"  {label:>14}  {engine:<9} {cell(clean)}  /  {cell(cached)}")
    print(f"\nEdit one fact -> page refreshed under serve (median of {EDITS}):")
    for key, label in (("edit_to_page_by_engine_s", "real content"),
                       ("edit_to_page_at_build_size_s", f"{BUILD_SIZE} facts")):  # fmt: skip
        for engine, seconds in results.get(key, {}).items():
            print(f"  {label:>14}  {engine:<9} {cell(seconds)} s")
    lighthouse = results.get("lighthouse", {})
    if lighthouse:
        print(f"\nLighthouse, mobile, simulated throttling ({lighthouse.get('page')}):")
        plain = {f"{name} (uncompressed)": figures
                 for name, figures in lighthouse.get("uncompressed", {}).items()}  # fmt: skip
        for name, figures in {**lighthouse, **plain}.items():
            if isinstance(figures, dict) and name != "uncompressed":
                print(f"  {name:<20} " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    if "naive_s" in results:
        print(f"\nNaive baseline at {NAIVE_SIZE} facts: {cell(results['naive_s'])} s; "
              f"ratio naive/ours: {results['naive_ratio']}")  # fmt: skip
    print_history(results)
    for note in results["notes"]:
        print(f"note: {note}")
    machine = results["machine"]
    print(f"\n{machine['cores']} cores, load average {machine['load_average_at_start']:.1f} -> "
          f"{machine['load_average_at_end']:.1f}; bench took {results['bench_s']} s; "
          "wrote bench/latest.json")  # fmt: skip


if __name__ == "__main__":
    main()
