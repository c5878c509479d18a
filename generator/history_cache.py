"""The facts' history, read from git once and kept under the work folder.

One pass over the commits that changed facts/ (revision.py runs git: one `git log`,
and one `git cat-file` that streams every version of a file those commits hold while
they are cut into entries), each entry's text read once (entries.py, snapshot.py; on
every core when there are many), folded commit by commit (history.py). The fold is
kept as JSON with the commit ids it has seen, the HEAD it was made at and a
fingerprint of the code that made it: a build with no new commit reads it back after
asking git one question; a new commit is folded onto it; rewritten history or changed
code start again from the first commit. So a cached result is never stale.

The working tree's own changes are compared last, undated: a file whose git blob id
differs from the last commit's is read again (only those).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import entries as entries_module
from . import history, load, model, revision, snapshot, write
from .history import DELETED, UNREADABLE, Fold, History, Moment
from .snapshot import Item, Memo

FORMAT = 1
# The modules whose code decides what the fold holds: a change to any starts it anew.
_MAKERS = (history, snapshot, entries_module, model, load)
FINGERPRINT = hashlib.sha256(
    b"".join(Path(str(module.__file__)).read_bytes() for module in _MAKERS) + bytes([FORMAT])
).hexdigest()
SHALLOW = (
    "this is a shallow clone, which holds only the latest commits: fetch the whole "
    "history (`git fetch --unshallow`; in CI, check out with fetch-depth: 0)"
)


def read_history(facts: Path, work: Path) -> History:
    """The history of the fact files in `facts`, with the working tree's changes last.

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
    memo: Memo = {}
    fold, blobs, head = _cached(where)
    if fold is None or head != repo.head:
        fold, blobs = _update(repo, fold, blobs, memo)
        cache = {"format": FINGERPRINT, "head": repo.head, "blobs": blobs, "fold": fold.data()}
        write.save(where, json.dumps(cache, ensure_ascii=False).encode())
    if not fold.commits:
        return History.unavailable(f"no commit has changed {repo.folder}/ yet")
    return fold.history(_working_tree(facts, blobs, memo))


def _update(
    repo: revision.Repository, fold: Fold | None, blobs: dict[str, str], memo: Memo
) -> tuple[Fold, dict[str, str]]:
    """`fold` carried on to the repository's last commit, or made anew when the history it
    saw is no longer the start of the repository's; and the blob of each file then."""
    commits = revision.fact_commits(repo)
    ids = [commit.id for commit in commits]
    if fold is None or fold.commits != ids[: len(fold.commits)]:
        fold, blobs = Fold(), {}
    new = commits[len(fold.commits) :]
    versions = {f.blob: f.path for c in new for f in c.files if f.blob and _is_fact_file(f.path)}
    read = _read_versions(repo, versions, memo)
    for commit in new:
        files: dict[str, list[Item] | str] = {}
        for change in commit.files:
            if not _is_fact_file(change.path):
                continue
            blobs.pop(change.path, None)
            if change.deleted:
                files[change.path] = DELETED
            elif change.blob is None:
                files[change.path] = UNREADABLE  # a link or a submodule: never a fact file
            else:
                blobs[change.path] = change.blob
                items = read[change.blob]
                files[change.path] = UNREADABLE if items is None else items
        fold.step(Moment(commit.time, commit.id), files)
    return fold, blobs


def _read_versions(
    repo: revision.Repository, versions: dict[str, str], memo: Memo
) -> dict[str, list[Item] | None]:
    """Each version of a fact file (its blob: its path), read into its entries.

    Every version is cut first, so that all the texts to read are known, each once; then
    they are read, in parallel when there are many (reading is most of a cold history's
    time), and each version's entries joined. Only the pieces are kept, not the versions:
    a version with a piece that does not read alone is fetched again and read whole.
    """
    cuts: dict[str, list[bytes] | None] = {}
    whole: set[str] = set()  # versions read whole: they cannot be cut
    texts: dict[bytes, bytes] = {}  # each text once: versions share most of theirs
    for blob, raw in revision.read_blobs(repo, list(versions), load.MAX_BYTES):
        found = snapshot.cut(raw)
        cuts[blob] = None if found is None else [texts.setdefault(t, t) for t in found]
        if found == [raw]:
            whole.add(blob)
    todo = [text for text in texts if text not in memo]
    memo.update(zip(todo, _read_texts(todo), strict=True))
    read: dict[str, list[Item] | None] = {}
    again = []
    for blob, pieces in cuts.items():
        read[blob] = None if pieces is None else snapshot.joined(pieces, memo)
        if read[blob] is None and pieces is not None and blob not in whole:
            again.append(blob)
    if again:
        for blob, raw in revision.read_blobs(repo, again, load.MAX_BYTES):
            read[blob] = None if raw is None else snapshot.read_text(raw, versions[blob])
    return read


# Texts each worker reads at the least: for fewer, starting a process costs more than
# it saves.
PER_WORKER = 200
MAX_WORKERS = 8


def _read_texts(texts: list[bytes]) -> list[list[Item] | None]:
    """What each text reads as; many are shared out among the cores this process may use.

    The workers are forked (Linux only): they start with every module imported, where a
    new interpreter would take longer to import them than to read.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    workers = min(cores, MAX_WORKERS, len(texts) // PER_WORKER)
    if workers < 2:
        return _read_all(texts)
    share = -(-len(texts) // workers)  # rounded up
    chunks = [texts[n : n + share] for n in range(0, len(texts), share)]
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(chunks) - 1, mp_context=fork) as pool:
        others = pool.map(_read_all, chunks[1:])
        return [*_read_all(chunks[0]), *(found for chunk in others for found in chunk)]


def _read_all(texts: list[bytes]) -> list[list[Item] | None]:
    return [snapshot.read_text(text) for text in texts]


def _working_tree(facts: Path, blobs: dict[str, str], memo: Memo) -> dict[str, list[Item] | str]:
    """The fact files the working tree changes since the last commit: read, or DELETED."""
    changed: dict[str, list[Item] | str] = {}
    present = set()
    for path in load.files_under(facts, "the facts"):
        name = path.relative_to(facts).as_posix()
        if not _is_fact_file(name):
            continue
        present.add(name)
        raw = path.read_bytes()
        if blobs.get(name) != _blob_id(raw):
            items = snapshot.read_file(raw, name, memo)
            changed[name] = UNREADABLE if items is None else items
    for name in set(blobs) - present:
        changed[name] = DELETED
    return changed


def _cached(where: Path) -> tuple[Fold | None, dict[str, str], str | None]:
    """The fold kept at `where`, its files' blobs and the HEAD it was made at."""
    try:
        cache: dict[str, Any] = json.loads(where.read_bytes())
        if cache.get("format") != FINGERPRINT:
            return None, {}, None
        blobs = {str(path): str(blob) for path, blob in cache["blobs"].items()}
        return Fold.of(cache["fold"]), blobs, str(cache["head"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None, {}, None


def _blob_id(raw: bytes) -> str:
    """What git names this content (SHA-1 repositories, git's default)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _is_fact_file(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
