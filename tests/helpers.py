"""What many tests share: where things are, running the command line, reading built pages."""

from __future__ import annotations

import contextvars
import fcntl
import os
import posixpath
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.load import load_facts
from generator.model import Site
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"  # the real content: only properties of any valid content are tested
FIXTURE = ROOT / "tests" / "golden" / "rich" / "facts"  # content with every feature
FIXTURE_TEXTS = ROOT / "tests" / "golden" / "rich" / "sources"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"  # the real reports, when present
# A public address, as a published build has: hreflang links and sitemaps point there.
PUBLIC_URL = "https://explainer.example/"
LANGS = ("ar", "en")

# Set for the duration of each test that carries the `build` marker (see conftest.py):
# only those may run a site engine, so `make test-fast` (-m "not build") never does.
ENGINE_ALLOWED = contextvars.ContextVar("ENGINE_ALLOWED", default=False)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 300) -> Run:
    """Run `python -m generator ARGS` from the repository root, as a contributor would."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def build_site(
    facts: Path, out: Path, work: Path, *extra: str | Path, env: dict[str, str] | None = None
) -> Run:
    """`python -m generator build`; only a test marked `build` may run an engine."""
    assert ENGINE_ALLOWED.get(), "this test runs a site engine: mark it @pytest.mark.build"
    return run_cli("--facts", facts, "build", "--out", out, "--work", work, *extra, env=env)


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder that `make` fills once per session, shared by every test process.

    pytest-xdist's workers each run the session fixtures; the first to ask makes the
    folder while the others wait on its lock, then all read the same one. (Each
    worker's temporary folder is inside the session's: that is where they meet.)
    """
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def site_of(facts: Path) -> Site:
    """The checked model of a facts folder."""
    return validate(load_facts(facts))


class Page(HTMLParser):
    """The parts of a built page that tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.body_attrs: dict[str, str | None] = {}
        self.selector_links: dict[str, str] = {}
        self.ids: list[str] = []
        self.resources: list[str] = []
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_attrs = found
        elif tag == "body":
            self.body_attrs = found
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and "md-select__link" in (found.get("class") or ""):
            self.selector_links[str(found.get("hreflang"))] = str(found.get("href"))
        # Everything a browser fetches by itself when it loads the page.
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and found.get(
            "src"
        ):
            self.resources.append(str(found["src"]))
        if tag == "link" and found.get("rel") not in ("alternate", "canonical", "prev", "next"):
            self.resources.append(str(found.get("href")))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The page's text, every piece set apart by a space."""
        return " ".join(" ".join(self.text_parts).split())

    @property
    def flat(self) -> str:
        """The page's text as a reader reads it, inline elements (<bdi>, links) joined."""
        return " ".join("".join(self.text_parts).split())


def pages_of(site_dir: Path, lang: str) -> dict[str, Path]:
    """Every HTML page of one language, by path under its folder."""
    root = site_dir / lang
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*.html"))}


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def selector_problems(site: Path, lang: str) -> tuple[list[str], int]:
    """Pages whose language selector does not lead to their counterpart; and how many led."""
    problems, checked = [], 0
    for name, path in pages_of(site, lang).items():
        if name == "404.html":
            continue  # served from any depth; its links are checked in the browser tests
        links = parse(path).selector_links
        if set(links) != set(LANGS):
            problems.append(f"{lang}/{name}: selector offers {sorted(links)}")
            continue
        for other, href in links.items():
            here = posixpath.dirname(f"{lang}/{name}")
            target = posixpath.normpath(posixpath.join(here, href))
            expected = (
                posixpath.dirname(f"{other}/{name}")
                if name.endswith("index.html")
                else f"{other}/{name}"
            )
            if target != expected.rstrip("/") or not (site / target / "index.html").is_file():
                problems.append(f"{lang}/{name}: {href} leads to {target}")
            checked += 1
    return problems, checked


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path, as bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    only = sorted(set(first) ^ set(second))
    changed = sorted(name for name in set(first) & set(second) if first[name] != second[name])
    return [f"only in one build: {name}" for name in only] + [
        f"differs: {name}" for name in changed
    ]
