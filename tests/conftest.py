"""Shared fixtures: the real content built once per session, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


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


def build_site(facts: Path, out: Path, work: Path, *extra: str) -> Run:
    return run_cli("--facts", facts, "build", "--out", out, "--work", work, *extra)


def build_real_content(factory: pytest.TempPathFactory, engine: str) -> Path:
    base = factory.mktemp(f"real-{engine}")
    result = build_site(FACTS, base / "site", base / "work", "--engine", engine)
    assert result.code == 0, result.stderr
    return base / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with MkDocs, once for the whole session."""
    return build_real_content(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def built_zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with Zensical, once for the whole session."""
    return build_real_content(tmp_path_factory, "zensical")
