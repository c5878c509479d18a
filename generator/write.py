"""The only stage that writes: the generated projects, and the swap of a finished site.

Generated files are rewritten only when their content changes, so an engine's cache
and a browser's live reload see just what changed. The built site replaces `site/`
in one rename, only once it is complete: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
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
    file the engine left as it was (same size and modification time as its copy in
    `published`, the site now served) is linked to that copy instead: nothing writes
    to a published file, and it is replaced only by a rename.
    """
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, folder in built.items():
        if not keep:
            shutil.move(folder, staging / name)
        elif published is None:
            shutil.copytree(folder, staging / name)
        else:
            shutil.copytree(
                folder, staging / name, copy_function=_copy_or_link(folder, published / name)
            )
    for name, text in files.items():
        _atomic_write(staging / name, text.encode("utf-8"))


def _copy_or_link(folder: Path, published: Path) -> Callable[[str, str], None]:
    """copytree's copy of a file of `folder`: a link to its copy in `published` when that
    holds the same bytes, else a new copy. The same size and modification time (copy2
    keeps both) tell it at once; an engine that writes every file on each build
    (Zensical) leaves the bytes to compare."""

    def copy(source: str, target: str) -> None:
        before = published / os.path.relpath(source, folder)
        with contextlib.suppress(OSError):
            new, old = os.stat(source), os.stat(before)
            if new.st_size == old.st_size and (
                new.st_mtime_ns == old.st_mtime_ns or filecmp.cmp(source, before, shallow=False)
            ):
                os.link(before, target)
                return
        shutil.copy2(source, target)

    return copy


def publish(staging: Path, site: Path) -> None:
    """Replace `site` with the complete tree in `staging` (same filesystem)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    old = staging.with_name(staging.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.replace(site, old)
    os.replace(staging, site)
    shutil.rmtree(old, ignore_errors=True)
