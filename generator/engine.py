"""Run the site engine (MkDocs or Zensical) on each language's generated project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENGINES = ("mkdocs", "zensical")


class EngineError(Exception):
    """An engine failed; carries what it printed."""


def build_languages(engine: str, projects: list[Path], epoch: int, dirty: bool = False) -> None:
    """Build every language at once (they are independent), each into <project>/site.

    `dirty`: MkDocs rebuilds only the pages whose Markdown is newer than their HTML.
    """
    clean = "--dirty" if dirty else "--clean"
    command = {
        "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--quiet", clean, "-f"],
        "zensical": [sys.executable, "-m", "zensical", "build", "--strict", "-f"],
    }[engine]
    # A fixed epoch makes the sitemap's dates, and so the whole site, reproducible.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    running = [
        (
            project,
            subprocess.Popen(
                [*command, str(project / "mkdocs.yml")],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
        for project in projects
    ]
    failures = []
    for project, process in running:
        output, _ = process.communicate()
        if process.returncode != 0:
            failures.append(f"{engine} failed for {project.name}:\n{output.strip()}")
    if failures:
        raise EngineError("\n\n".join(failures))
