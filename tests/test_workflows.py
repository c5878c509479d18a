"""CI workflows: linted by actionlint, and the properties that keep them safe read from the YAML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST, PUBLISH, TEST = "pull-request.yml", "publish.yml", "test.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*(\S+)\s+# (v\d+\.\d+\.\d+)\s*$")
PYTHON = "3.11"


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(data: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as true)."""
    found = data.get("on", data.get(True))
    assert isinstance(found, dict), f"expected a mapping of events, got {found!r}"
    return found


def steps(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in data["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def step_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(f"{action}@")]


def all_workflows() -> list[str]:
    return sorted(path.name for path in WORKFLOWS.glob("*.y*ml"))


def test_the_expected_workflows_exist() -> None:
    assert all_workflows() == sorted([PULL_REQUEST, PUBLISH, TEST])


def test_actionlint_finds_nothing() -> None:
    assert ACTIONLINT.is_file(), "actionlint is missing: `make test` installs requirements.lock"
    files = [str(WORKFLOWS / name) for name in all_workflows()]
    done = subprocess.run(
        [ACTIONLINT, "-no-color", *files], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_does_flag_an_unsafe_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [ACTIONLINT, "-no-color", str(bad)], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "potentially untrusted" in done.stdout


def test_triggers_are_pull_requests_and_pushes_to_main_only() -> None:
    assert set(triggers(workflow(PULL_REQUEST))) == {"pull_request"}
    assert triggers(workflow(PUBLISH)) == {"push": {"branches": ["main"]}}
    assert set(triggers(workflow(TEST))) == {"workflow_call"}
    for name in all_workflows():
        events = set(triggers(workflow(name)))
        assert not events & {"pull_request_target", "workflow_run"}, name


def test_permissions_are_read_only_except_for_the_deployment() -> None:
    for name in all_workflows():
        data = workflow(name)
        assert data["permissions"] == {"contents": "read"}, name
        for job_id, job in data["jobs"].items():
            granted = job.get("permissions")
            assert isinstance(granted, dict), f"{name}: job {job_id} must declare its permissions"
            if (name, job_id) == (PUBLISH, "deploy"):
                assert granted == {"pages": "write", "id-token": "write"}
            else:
                assert set(granted.values()) == {"read"}, f"{name}: {job_id} gets {granted}"
    assert workflow(PUBLISH)["jobs"]["build"]["permissions"] == {
        "contents": "read",
        "pages": "read",
    }


def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment() -> None:
    pins: dict[str, set[str]] = {}
    for name in all_workflows():
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        data = workflow(name)
        used = [step["uses"] for _, step in steps(data) if "uses" in step]
        used += [job["uses"] for job in data["jobs"].values() if "uses" in job]
        assert used, name
        for action in used:
            if action.startswith("./"):
                assert (ROOT / action).is_file(), action
                continue
            assert PINNED.match(action), f"{name}: {action} is not pinned to a full commit SHA"
        for line in text.splitlines():
            if "uses:" in line and "./" not in line:
                found = VERSION_COMMENT.search(line)
                assert found, f"{name}: no '# vX.Y.Z' after {line.strip()!r}"
                pins.setdefault(found.group(1), set()).add(found.group(2))
    assert all(len(versions) == 1 for versions in pins.values()), pins
    assert len({action.split("@")[0] for action in pins}) == len(pins), "one commit per action"


def test_python_and_dependencies_are_pinned_like_the_local_build() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["mypy"]["python_version"] == PYTHON
    setups = [
        step
        for name in all_workflows()
        for _, step in steps(workflow(name))
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert len(setups) == 3
    for step in setups:
        assert step["with"] == {
            "python-version": PYTHON,
            "cache": "pip",
            "cache-dependency-path": "requirements.lock",
        }
    test_job = workflow(TEST)["jobs"]["test"]
    assert test_job["container"] == {
        "image": f"python:{PYTHON}-bookworm",
        "options": "--shm-size=2g",
    }
    (cache,) = step_using(test_job, "actions/cache")
    assert "hashFiles('requirements.lock')" in cache["with"]["key"]
    (node,) = step_using(test_job, "actions/setup-node")
    assert node["with"]["cache"] == "npm"
    assert node["with"]["cache-dependency-path"] == "package-lock.json"
    assert (ROOT / "package-lock.json").is_file()


def test_checkouts_do_not_keep_the_token() -> None:
    for name in all_workflows():
        for job_id, step in steps(workflow(name)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{name}: {job_id}"


def test_pull_requests_are_checked_tested_built_with_both_engines_and_summarised() -> None:
    jobs = workflow(PULL_REQUEST)["jobs"]
    runs = {
        job_id: [s.get("run", "") for s in job.get("steps", [])] for job_id, job in jobs.items()
    }
    assert "make check" in runs["check"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert "make test" in [s.get("run") for s in workflow(TEST)["jobs"]["test"]["steps"]]
    build = jobs["build"]["steps"]
    order = [s.get("run") or s.get("with", {}).get("name") for s in build]
    assert order.index("ENGINE=zensical make site") < order.index("site-zensical")
    assert order.index("site-zensical") < order.index("make site") < order.index("site-preview")
    for upload in step_using(jobs["build"], "actions/upload-artifact"):
        assert upload["with"]["path"] == "site/"
        assert upload["with"]["if-no-files-found"] == "error"

    (checkout,) = step_using(jobs["check"], "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    (summary,) = [s for s in jobs["check"]["steps"] if "diff" in s.get("run", "")]
    assert summary["if"] == "${{ !cancelled() }}"
    # The branch name travels in the environment, not in make's or the shell's syntax.
    assert summary["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert summary["run"].strip() == 'make --silent diff >> "$GITHUB_STEP_SUMMARY"'
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^diff: .*\n\t@\$\(PY\) -m generator diff$", makefile, re.M)
    assert "$(BASE)" not in makefile


def test_the_browser_screenshots_are_uploaded_even_when_tests_fail() -> None:
    (upload,) = step_using(workflow(TEST)["jobs"]["test"], "actions/upload-artifact")
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["path"] == "test-artifacts/screenshots"
    browser = (ROOT / "tests" / "browser" / "conftest.py").read_text(encoding="utf-8")
    assert 'ROOT / "test-artifacts" / "screenshots"' in browser


def test_main_is_tested_built_with_its_address_and_deployed_to_pages() -> None:
    jobs = workflow(PUBLISH)["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    build = jobs["build"]
    (pages,) = step_using(build, "actions/configure-pages")
    (make_site,) = [s for s in build["steps"] if s.get("run") == "make site"]
    assert make_site["env"] == {"SITE_URL": f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"}
    (artifact,) = step_using(build, "actions/upload-pages-artifact")
    assert artifact["with"]["path"] == "site/"
    assert build["steps"].index(pages) < build["steps"].index(make_site)
    assert build["steps"].index(make_site) < build["steps"].index(artifact)

    deploy = jobs["deploy"]
    assert set(deploy["needs"]) == {"test", "build"}
    assert deploy["environment"]["name"] == "github-pages"
    (deployment,) = step_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{deployment['id']}.outputs.page_url }}}}"


def test_superseded_runs_are_cancelled_and_deployments_are_not_cut_short() -> None:
    pull_request = workflow(PULL_REQUEST)["concurrency"]
    assert pull_request["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in pull_request["group"]
    jobs = workflow(PUBLISH)["jobs"]
    for job_id in ("test", "build"):
        assert jobs[job_id]["concurrency"]["cancel-in-progress"] is True
        assert "github.ref" in jobs[job_id]["concurrency"]["group"]
    assert jobs["deploy"]["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("name", [PULL_REQUEST, PUBLISH, TEST])
def test_jobs_have_a_time_limit_and_a_pinned_runner(name: str) -> None:
    for job_id, job in workflow(name)["jobs"].items():
        if "uses" in job:
            continue
        assert job["runs-on"] == "ubuntu-24.04", f"{name}: {job_id}"
        assert 0 < job["timeout-minutes"] <= 60, f"{name}: {job_id}"


def test_every_job_that_builds_or_tests_the_site_has_the_whole_history() -> None:
    """The site dates its pages from the facts' commits: a shallow checkout would build
    it without dates. Every job that runs `make site` or `make test` fetches everything."""
    found = []
    for name in all_workflows():
        for job_id, job in workflow(name)["jobs"].items():
            runs = " ".join(step.get("run", "") for step in job.get("steps", []))
            if "make site" in runs or "make test" in runs:
                (checkout,) = step_using(job, "actions/checkout")
                assert checkout["with"]["fetch-depth"] == 0, f"{name}: {job_id}"
                found.append((name, job_id))
    assert sorted(found) == [(PUBLISH, "build"), (PULL_REQUEST, "build"), (TEST, "test")]


@pytest.mark.parametrize(
    "branch",
    ["x$(touch {marker})", "x`touch {marker}`", "x$(shell touch {marker})", "-x;touch {marker}"],
)
def test_a_branch_name_runs_nothing_in_make_diff(branch: str, tmp_path: Path) -> None:
    """What CI does with a pull request's base branch: the name is data, never a command."""
    marker = tmp_path / "ran"
    done = subprocess.run(
        ["make", "--silent", "diff"],
        cwd=ROOT,
        env={**os.environ, "BASE": f"origin/{branch.format(marker=marker)}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert not marker.exists(), done.stdout + done.stderr
    assert done.returncode == 2
    assert "unknown revision" in done.stderr
