"""The facts' history, read from git once and kept under the work folder.

One pass over the commits that changed facts/ (revision.py runs git: one `git log`
and one `git cat-file` for every file those commits hold), each file read into
snapshots once, folded commit by commit (history.py). The fold is kept as JSON with
the commit ids it has seen and a fingerprint of the code that made it: a build with
no new commit reads it back and asks git one question; a new commit is folded onto
it; rewritten history or changed code start again from the first commit. So a cached
result is never stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import history, load, model, revision, snapshot, write
from .history import DELETED, UNREADABLE, Fold, History, Moment
from .model import Site
from .snapshot import Item

FORMAT = 1
# The modules whose code decides what the fold holds: a change to any starts it anew.
_MAKERS = (history, snapshot, model, load)
FINGERPRINT = hashlib.sha256(
    b"".join(Path(str(module.__file__)).read_bytes() for module in _MAKERS) + bytes([FORMAT])
).hexdigest()
SHALLOW = (
    "this is a shallow clone, which holds only the latest commits: fetch the whole "
    "history (`git fetch --unshallow`; in CI, check out with fetch-depth: 0)"
)


def read_history(facts: Path, work: Path, site: Site) -> History:
    """The history of the facts in `facts`, with the working tree's `site` compared last.

    History.unavailable when there is nothing to read: no git, no repository (a
    tarball), a shallow clone, or no commit of the facts yet.
    """
    try:
        repo = revision.repository(facts)
    except revision.RevisionError as error:
        return History.unavailable(f"the facts are not in a git repository ({error})")
    if repo.shallow:
        return History.unavailable(SHALLOW)
    if repo.head is None:
        return History.unavailable("the repository has no commit yet")
    where = work / "history" / f"{_digest(f'{repo.top}/{repo.folder}')}.json"
    fold, head = _cached(where)
    if fold is None or head != repo.head:
        fold = _update(repo, fold)
        cache = {"format": FINGERPRINT, "head": repo.head, "fold": fold.data()}
        write.save(where, json.dumps(cache, ensure_ascii=False).encode())
    if not fold.commits:
        return History.unavailable(f"no commit has changed {repo.folder}/ yet")
    return fold.history(site)


def _update(repo: revision.Repository, fold: Fold | None) -> Fold:
    """`fold` carried on to the repository's last commit, or made anew when the history it
    saw is no longer the start of the repository's."""
    commits = revision.fact_commits(repo)
    ids = [commit.id for commit in commits]
    if fold is None or fold.commits != ids[: len(fold.commits)]:
        fold = Fold()
    new = commits[len(fold.commits) :]
    blobs = [f.blob for c in new for f in c.files if f.blob and _is_fact_file(f.path)]
    contents = revision.read_blobs(repo, blobs, load.MAX_BYTES)
    read: dict[str, list[Item] | None] = {}
    for commit in new:
        files: dict[str, list[Item] | str] = {}
        for change in commit.files:
            if not _is_fact_file(change.path):
                continue
            if change.deleted:
                files[change.path] = DELETED
            elif change.blob is None:
                files[change.path] = UNREADABLE  # a link or a submodule: never a fact file
            else:
                if change.blob not in read:
                    read[change.blob] = snapshot.read_file(contents[change.blob], change.path)
                items = read[change.blob]
                files[change.path] = UNREADABLE if items is None else items
        fold.step(Moment(commit.time, commit.id), files)
    return fold


def _cached(where: Path) -> tuple[Fold | None, str | None]:
    """The fold kept at `where`, and the HEAD it was made at; nothing if it cannot serve."""
    try:
        cache: dict[str, Any] = json.loads(where.read_bytes())
        if cache.get("format") != FINGERPRINT:
            return None, None
        return Fold.of(cache["fold"]), str(cache["head"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None, None


def _is_fact_file(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
