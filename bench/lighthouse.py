"""Lighthouse (mobile, simulated throttling) on our pages and on a stock Material page.

Both sites are built in the same run and served by the same local server, so their
figures compare: the stock page is the same Arabic explainer's Markdown built by
Material with its defaults (no fonts of ours, no scripts, no styles; `font: false`,
since nothing may be fetched from the network). The explainer page and the stock page
are measured five times, alternately, and the median kept (one run's score moves by 10
to 20 points on a busy 2-core machine, and a median of two is only their mean); the
other page types once each, for their layout shift. Lighthouse is the npm package
pinned in package-lock.json, run against Debian's Chromium (CHROME_PATH).

The server compresses text with gzip, as every host a site like this is published on does
(GitHub Pages, Netlify, a CDN): uncompressed, the figures would mostly measure the bytes of
Material's stylesheet and its bundle, which no reader downloads at that size. The
explainer and stock pages are also measured once each without compression
("uncompressed"), to compare with figures taken before.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
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
RUNS = 5
LIMIT = 180
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}  # not .woff2: compressed
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
    server, base = _serve(root, compress=True)
    plain, plain_base = _serve(root, compress=False)
    pages = {
        "ours_explainer_ar": f"{base}/site/ar/explainers/{page}/",
        "stock_material_ar": f"{base}/stock/site/",
    }
    others = {
        "uncompressed_ours_explainer_ar": f"{plain_base}/site/ar/explainers/{page}/",
        "uncompressed_stock_material_ar": f"{plain_base}/stock/site/",
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
        plain.shutdown()
    medians = {name: _median(runs) for name, runs in found.items() if runs}
    report: dict[str, Any] = {k: v for k, v in medians.items() if not k.startswith("uncompressed_")}
    report["explainer_vs_stock_performance"] = _versus(report)
    shifts = [figures["cls"] for figures in report.values() if isinstance(figures, dict)]
    report["max_cls"] = max(shifts, default=None)
    plain_report: dict[str, Any] = {
        name.removeprefix("uncompressed_"): figures
        for name, figures in medians.items()
        if name.startswith("uncompressed_")
    }
    plain_report["explainer_vs_stock_performance"] = _versus(plain_report)
    report["uncompressed"] = plain_report
    report["page"] = f"/ar/explainers/{page}/"
    results["lighthouse"] = report


def _versus(report: dict[str, Any]) -> float | None:
    ours, stock = report.get("ours_explainer_ar"), report.get("stock_material_ar")
    return ours["performance"] - stock["performance"] if ours and stock else None


def _serve(root: Path, *, compress: bool) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Gzip if compress else _Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


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


class _Gzip(_Quiet):
    """Text files gzipped when the browser accepts it, as a web host sends them."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)
