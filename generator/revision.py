"""The fact files as they were at a git revision: the only place that runs git."""

from __future__ import annotations

import subprocess
from pathlib import Path


class RevisionError(Exception):
    """The revision cannot be read: unknown, not fetched, or not a git repository."""


def facts_at(revision: str, facts: Path, dest: Path) -> Path:
    """Copy the fact files as they were at `revision` into `dest`; returns their folder there.

    The folder does not exist when the revision had no facts.
    """
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision")
    folder = facts.resolve()
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    relative = folder.relative_to(top).as_posix()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(
            f"unknown revision {revision!r}: fetch it first (in CI, check out with "
            "fetch-depth: 0, or `git fetch origin BRANCH`)"
        ) from None
    listing = _git(
        top, "ls-tree", "-r", "-z", "--full-tree", commit.decode().strip(), "--", relative
    )
    root = dest.resolve()
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, raw_path = record.split(b"\t", 1)
        mode, kind, blob = meta.decode().split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # symbolic links and submodules are not fact files
        path = _tree_path(raw_path, revision)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(top, "cat-file", "blob", blob))
    return dest / relative


def _tree_path(raw: bytes, revision: str) -> str:
    """A file's path in a revision's tree, refused unless it stays inside the copy.

    Git's own commands never make a tree entry named `..` or holding a slash, but a
    crafted commit can, and its names need not be UTF-8.
    """
    try:
        path = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RevisionError(
            f"{revision!r} holds a file name that is not UTF-8 ({raw!r}): it cannot be a fact file"
        ) from None
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise RevisionError(
            f"{revision!r} holds a path that leads outside its folder ({path!r}): refused"
        )
    return path


def _git(where: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise RevisionError(message)
    return done.stdout
