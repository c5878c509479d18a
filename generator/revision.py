"""The fact files as they were at a git revision: the only place that runs git."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
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


def _git(where: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=where, input=stdin, capture_output=True, check=False
        )
    except OSError as error:  # no git on this machine, or `where` is gone
        raise RevisionError(f"git cannot run: {error.strerror or error}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise RevisionError(message)
    return done.stdout


# -- the history of the facts ---------------------------------------------------------

# Options that keep a user's git configuration from changing what these commands print,
# and that read the facts folder as a plain path, never as pathspec magic.
_PLAIN = ("-c", "log.showSignature=false", "-c", "log.follow=false", "--literal-pathspecs")
REGULAR = ("100644", "100755")
# Room for git to unpack dozens of file versions ahead of the reader (Linux lets any
# process ask for a pipe of up to 1 MiB; elsewhere the system's size stays).
PIPE_SIZE = 1 << 20  # what a fact file can be; links and submodules are not


@dataclass(frozen=True)
class Repository:
    """Where the facts sit in a git repository, and what that repository can tell."""

    top: Path
    folder: str  # the facts folder, relative to `top`, as git writes paths
    head: str | None  # None before the first commit
    shallow: bool  # a shallow clone knows only its latest commits


@dataclass(frozen=True)
class FileChange:
    """One file under the facts folder, as a commit leaves it: a file (its blob), gone
    (no blob, `deleted`), or something that is no fact file (a link, a submodule)."""

    path: str  # relative to the facts folder
    blob: str | None
    deleted: bool = False


@dataclass(frozen=True)
class Commit:
    id: str
    time: int  # the committer's time, in seconds since 1970 (UTC)
    files: tuple[FileChange, ...]


def repository(facts: Path) -> Repository:
    """The repository holding `facts`; RevisionError when there is none (or no git)."""
    folder = facts.resolve()
    asked = ("rev-parse", "--show-toplevel", "--is-shallow-repository")
    try:
        found = _git(folder, *asked, "HEAD").decode().split("\n")
    except RevisionError:  # no commit yet, or no repository (then this fails too)
        found = [*_git(folder, *asked).decode().split("\n")[:2], ""]
    top = Path(found[0])
    head = found[2].strip() or None
    return Repository(top, folder.relative_to(top).as_posix(), head, found[1] == "true")


def fact_commits(repo: Repository) -> list[Commit]:
    """Every commit that changed the facts, oldest first, with the files it changed.

    Only the first-parent line of HEAD: on the published branch, a merged pull request
    is one change, dated when it was merged, which is when readers saw it.
    """
    if repo.head is None:
        return []
    output = _git(
        repo.top,
        *_PLAIN,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "-z",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--format=%x01%H %ct",
        repo.head,
        "--",
        repo.folder,
    )
    prefix = "" if repo.folder == "." else f"{repo.folder}/"
    commits = []
    for record in output.split(b"\x01")[1:]:
        header, _, raw = record.partition(b"\0")
        commit, time = header.decode().split()
        tokens = raw.lstrip(b"\n").split(b"\0")
        files = []
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            _, mode, _, blob, _ = meta.decode().lstrip(":").split(" ")
            name = path.decode("utf-8", errors="replace").removeprefix(prefix)
            files.append(FileChange(name, blob if mode in REGULAR else None, mode == "000000"))
        commits.append(Commit(commit, int(time), tuple(files)))
    return commits


def read_blobs(
    repo: Repository, blobs: list[str], limit: int
) -> Iterator[tuple[str, bytes | None]]:
    """Each blob and its content, in the order asked, each once; None for a blob larger
    than `limit` or missing from this clone.

    One git process writes them as the caller reads them, so that git unpacks the next
    while the caller reads this one: the two overlap on two cores.
    """
    unique = list(dict.fromkeys(blobs))
    if not unique:
        return
    sizes = _git(repo.top, "cat-file", "--batch-check", stdin="\n".join(unique).encode())
    wanted = set()
    for line in sizes.decode().splitlines():
        found = line.split()  # "<id> missing" for a blob this clone does not have
        if len(found) == 3 and found[1] == "blob" and int(found[2]) <= limit:
            wanted.add(found[0])
    # The ids go in through a file, not a pipe: git then never waits on us to write
    # while we wait on it to read.
    with tempfile.TemporaryFile() as asked, tempfile.TemporaryFile() as errors:
        asked.write("\n".join(b for b in unique if b in wanted).encode())
        asked.seek(0)
        try:
            git = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=repo.top,
                stdin=asked,
                stdout=subprocess.PIPE,
                stderr=errors,
                pipesize=PIPE_SIZE,
            )
        except OSError as error:
            raise RevisionError(f"git cannot run: {error.strerror or error}") from None
        with git:
            assert git.stdout is not None  # stdout=PIPE
            for blob in unique:
                if blob not in wanted:
                    yield blob, None
                    continue
                header = git.stdout.readline().split()
                if len(header) != 3 or header[0].decode() != blob:
                    break  # git stopped: its message is read below
                size = int(header[2])
                yield blob, git.stdout.read(size + 1)[:size]  # and the line break after it
            else:
                return
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
        raise RevisionError(message or "git cat-file stopped before the end")
