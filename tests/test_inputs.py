"""The build reads regular files only: a symbolic link anywhere it reads (facts, docs,
overrides, the base config) is refused before anything is written, however it points."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import build
from generator.problems import InputError
from tests.helpers import FIXTURE, ROOT


@pytest.fixture
def project(tmp_path: Path) -> build.Project:
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(FIXTURE, tmp_path / "facts")
    (tmp_path / "secret.txt").write_text("TOKEN=do-not-publish\n", encoding="utf-8")
    return build.Project.at(tmp_path)


@pytest.mark.parametrize(
    ("link", "target", "where"),
    [
        ("docs/assets/environ.txt", "/proc/self/environ", "docs/"),
        ("docs/assets/elsewhere", "..", "docs/"),
        ("overrides/partials/linked.html", "../../secret.txt", "overrides/"),
        ("overrides/linked", "/etc", "overrides/"),
        ("facts/linked", "/etc", "the facts"),
    ],
)
def test_a_link_is_refused_and_nothing_is_written(
    project: build.Project, link: str, target: str, where: str
) -> None:
    root = project.facts.parent
    (root / link).symlink_to(target)
    with pytest.raises(InputError) as refused:
        build.build(project)
    (problem,) = refused.value.problems
    assert problem.file == (root / link).as_posix()
    assert (problem.line, problem.col) == (1, 1)
    assert f"symbolic links are not allowed in {where}" in problem.message
    assert not project.out.exists()
    assert not (project.work / "gen").exists()


def test_a_linked_base_config_is_refused(project: build.Project) -> None:
    config = project.config
    config.rename(config.with_name("real.yml"))
    config.symlink_to("real.yml")
    with pytest.raises(InputError) as refused:
        build.build(project)
    assert "symbolic links are not allowed in mkdocs.yml" in refused.value.problems[0].message
