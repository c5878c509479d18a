"""The only stage that writes: the generated projects, and the swap of a finished site.

Generated files are rewritten only when their content changes, so an engine's cache
and a browser's live reload see just what changed. The built site replaces `site/`
in one rename, only once it is complete: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

# Engines keep their output and caches inside each language's folder.
ENGINE_OWNED = {"site", ".cache"}


def write_tree(
    files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes | None]], root: Path
) -> list[str]:
    """Make `root` hold exactly `files`; return the paths whose content changed, in order.

    `files` may come one at a time (a renderer's generator), so that no more than one
    file is held in memory; a file that comes as None is kept as it is (the renderer
    knows it is right). A file whose bytes are already right is left alone,
    modification time included. The engines' own folders (ENGINE_OWNED) at the top of
    `root` are never touched.
    """
    changed = []
    wanted = set()
    folders: set[Path] = set()
    for relative, content in files.items() if isinstance(files, Mapping) else files:
        wanted.add(relative)
        if content is None:
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = root / relative
        if _holds(target, data):
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        _atomic_write(target, data)
        changed.append(relative)
    return sorted(changed) + _remove_others(root, wanted)


def _holds(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _remove_others(root: Path, wanted: set[str]) -> list[str]:
    """Delete files under `root` that are not wanted, then the folders left empty."""
    removed: list[str] = []
    visited: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        if here == root:
            subfolders[:] = [name for name in subfolders if name not in ENGINE_OWNED]
            prefix = ""
        else:
            visited.append(here)
            prefix = f"{here.relative_to(root).as_posix()}/"  # once a folder: thousands of files
        for name in names:
            relative = prefix + name
            if relative not in wanted:
                (here / name).unlink()
                removed.append(relative)
    for deepest in sorted(visited, key=lambda path: len(path.parts), reverse=True):
        if not any(deepest.iterdir()):
            deepest.rmdir()
    return sorted(removed)


def replace_file(target: Path, *data: bytes) -> None:
    """Write one file whole, or not at all (an engine's output, rewritten after it); the
    parts of `data` one after the other, so that large ones are not joined first."""
    _atomic_write(target, *data)


def save(target: Path, data: bytes) -> None:
    """Write one file of the work folder whole (a cache), making its folder if needed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, data)


def _atomic_write(target: Path, *data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(handle, 0o644)  # mkstemp makes files only their owner can read
        with os.fdopen(handle, "wb") as stream:
            for part in data:
                stream.write(part)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stage(
    staging: Path,
    built: dict[str, Path],
    files: dict[str, str],
    keep: bool = False,
    published: Path | None = None,
) -> None:
    """Gather each language's built site under `staging`, with the files of the root.

    `keep` copies the built sites rather than moving them, for an engine that rebuilds
    only what changed (copies, not links: the engine rewrites its files in place). A
    file the engine left as it was, or wrote again with the same bytes, is linked to its
    copy in `published` (the site now served): nothing writes to a published file, and
    it is replaced only by a rename. With `keep`, `staging` is brought up to date where
    it stands (publish leaves the previous site there): its folders and most of its
    links are already right, so a rebuild does not make the whole tree again. Whatever
    state an interrupted build left it in, it ends as a copy of the new site.
    """
    if not keep:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name, folder in built.items():
            shutil.move(folder, staging / name)
    else:
        _folder(str(staging))
        wanted = set(files)
        for name, folder in built.items():
            before = None if published is None else published / name
            wanted.update(_mirror(folder, staging / name, before, name))
        _remove_others(staging, wanted)
    for name, text in files.items():
        data = text.encode("utf-8")
        if not _holds(staging / name, data):  # a file of its own, never linked
            _remove(str(staging / name))
            _atomic_write(staging / name, data)


def _mirror(folder: Path, target: Path, published: Path | None, prefix: str) -> list[str]:
    """Make `target` hold a copy of each file of `folder`, linked to its copy under
    `published` when that holds the same bytes; the copies' names, under `prefix`. The
    same size and modification time (copy2 keeps both) tell it at once; an engine that
    writes every file on each build (Zensical) leaves the bytes to compare. A file of
    `target` is only ever replaced, never written to: it may be a published one."""
    names = []
    for here, _, files in os.walk(folder):
        relative = os.path.relpath(here, folder)
        into = os.path.normpath(os.path.join(target, relative))
        _folder(into)
        for name in files:
            source, staged = os.path.join(here, name), os.path.join(into, name)
            names.append(os.path.normpath(os.path.join(prefix, relative, name)))
            new = os.stat(source)
            before = os.path.join(published, relative, name) if published else ""
            old = _lstat(before) if before else None
            if (
                old is not None
                and stat.S_ISREG(old.st_mode)  # not a folder the site had at that name
                and new.st_size == old.st_size
                and (
                    new.st_mtime_ns == old.st_mtime_ns or filecmp.cmp(source, before, shallow=False)
                )
            ):
                kept = _lstat(staged)
                if kept is None or (kept.st_ino, kept.st_dev) != (old.st_ino, old.st_dev):
                    _remove(staged)
                    os.link(before, staged)
            else:
                _remove(staged)
                shutil.copy2(source, staged)
    return names


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # or one of its folders is a file
        return None


def _folder(path: str) -> None:
    """Make `path` a folder, removing a file that stands in its place."""
    there = _lstat(path)
    if there is None or not stat.S_ISDIR(there.st_mode):
        _remove(path)
        os.makedirs(path)


def _remove(path: str) -> None:
    """Remove the file or folder at `path`, if there is one."""
    there = _lstat(path)
    if there is not None and stat.S_ISDIR(there.st_mode):
        shutil.rmtree(path)
    elif there is not None:
        os.unlink(path)


def publish(staging: Path, site: Path, keep: bool = False) -> None:
    """Replace `site` with the complete tree in `staging` (same filesystem). With `keep`,
    the replaced site becomes `staging`, for the next build to bring up to date."""
    site.parent.mkdir(parents=True, exist_ok=True)
    old = staging.with_name(staging.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.replace(site, old)
    os.replace(staging, site)
    if keep and old.exists():
        os.replace(old, staging)
    else:
        shutil.rmtree(old, ignore_errors=True)
