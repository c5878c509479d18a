"""Lighthouse (mobile, simulated throttling) on our pages and on a stock Material page.

Both sites are built in the same run and served by the same local server, so their
figures compare: the stock page is the same Arabic explainer's Markdown built by
Material with its defaults (no fonts of ours, no scripts, no styles; `font: false`,
since nothing may be fetched from the network). The explainer page and the stock page
are measured twice, alternately, and the median kept; the other page types once each,
for their layout shift. Lighthouse is the npm package pinned in package-lock.json, run
against Debian's Chromium (CHROME_PATH).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
RUNS = 2
LIMIT = 180
AUDITS = {
    "fcp_s": "first-contentful-paint",
    "lcp_s": "largest-contentful-paint",
    "tbt_s": "total-blocking-time",
    "cls": "cumulative-layout-shift",
}
STOCK_CONFIG = """\
site_name: Stock Material
theme:
  name: material
  language: ar
  font: false
markdown_extensions: [toc, tables, attr_list, md_in_html, admonition]
"""


def measure(real: Path, scratch: Path, results: dict[str, Any]) -> None:
    """results["lighthouse"]: each page's scores and timings; ours against stock."""
    if not LIGHTHOUSE.exists() or not Path(CHROME).exists():
        results["notes"].append("lighthouse: node_modules or Chromium missing (make browser-deps)")
        return
    root = scratch / "lighthouse"
    page = "money" if (real / "pages").is_dir() and _has_page(real, "money") else None
    ours = _build_ours(real, root)
    page = page or sorted((ours / "ar" / "explainers").iterdir())[0].name
    _build_stock(root, page)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = {
        "ours_explainer_ar": f"{base}/site/ar/explainers/{page}/",
        "stock_material_ar": f"{base}/stock/site/",
    }
    others = {
        "ours_home_ar": f"{base}/site/ar/",
        "ours_glossary_ar": f"{base}/site/ar/glossary/",
        "ours_figures_ar": f"{base}/site/ar/figures/",
        "ours_explainer_en": f"{base}/site/en/explainers/{page}/",
    }
    found: dict[str, list[dict[str, float]]] = {name: [] for name in [*pages, *others]}
    try:
        for _ in range(RUNS):
            for name, url in pages.items():
                _log(f"lighthouse {name}")
                found[name] += _run(url, root / f"{name}.json")
        for name, url in others.items():
            _log(f"lighthouse {name}")
            found[name] += _run(url, root / f"{name}.json")
    finally:
        server.shutdown()
    report = {name: _median(runs) for name, runs in found.items() if runs}
    ours, stock = report.get("ours_explainer_ar"), report.get("stock_material_ar")
    if ours and stock:
        report["explainer_vs_stock_performance"] = ours["performance"] - stock["performance"]
    report["max_cls"] = max(
        (r["cls"] for r in report.values() if isinstance(r, dict)), default=None
    )
    report["page"] = f"/ar/explainers/{page}/"
    results["lighthouse"] = report


def _has_page(facts: Path, page_id: str) -> bool:
    return any(f"id: {page_id}" in path.read_text(encoding="utf-8")
               for path in (facts / "pages").glob("*.yml"))  # fmt: skip


def _build_ours(real: Path, root: Path) -> Path:
    command = [sys.executable, "-m", "generator", "--facts", str(real), "build", "--out",
               str(root / "site"), "--work", str(root / "work")]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=LIMIT)
    return root / "site"


def _build_stock(root: Path, page: str) -> None:
    """Material as it comes, on the Markdown our generator wrote for the same page."""
    stock = root / "stock"
    (stock / "docs").mkdir(parents=True)
    markdown = root / "work" / "gen" / "ar" / "docs" / "explainers" / f"{page}.md"
    shutil.copyfile(markdown, stock / "docs" / "index.md")
    (stock / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(stock / "mkdocs.yml")]
    subprocess.run(command, check=True, capture_output=True, timeout=LIMIT)


def _run(url: str, report: Path) -> list[dict[str, float]]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        "--form-factor=mobile", "--throttling-method=simulate",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROME}
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=LIMIT)
        data = json.loads(report.read_text(encoding="utf-8"))
    except (subprocess.SubprocessError, OSError, ValueError) as error:
        _log(f"lighthouse failed on {url}: {error}")
        return []
    figures = {
        category: round(100 * (data["categories"][category]["score"] or 0))
        for category in ("performance", "accessibility")
    }
    for key, audit in AUDITS.items():
        value = data["audits"][audit]["numericValue"]
        figures[key] = round(value / 1000, 2) if key.endswith("_s") else round(value, 3)
    return [figures]


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
