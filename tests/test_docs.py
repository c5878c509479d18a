"""The documentation keeps up with the code: the README maps every module of the generator."""

from __future__ import annotations

import re

from tests.helpers import ROOT


def test_the_readme_maps_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tree = readme.split("\ngenerator/\n", 1)[1].split("```", 1)[0]
    mapped = set(re.findall(r"[├└]── ([\w.]+)", tree))
    package = ROOT / "generator"
    files = {"words.yml", "render", "templates"}
    files |= {path.name for path in package.glob("*.py")} - {"__init__.py"}  # the package's own
    files |= {path.name for path in (package / "render").glob("*.py")}
    assert files - mapped == set(), "add these to the README's module map"
    assert mapped - files == set(), "the README maps what is gone"
