"""The only stage that writes: the generated tree, and the swap of a finished site.

Generated files are rewritten only when their content changes, so an engine's cache
and a browser's live reload see just what changed. The built site replaces `site/`
in one rename, only once it is complete: a failed build leaves the old site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Engines keep their output and caches inside each language's folder.
ENGINE_OWNED = {"site", ".cache"}


def read_assets(folder: Path) -> dict[str, bytes]:
    """The hand-made files under docs/ (stylesheets, fonts, images), by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def write_tree(files: dict[str, str | bytes], root: Path) -> list[str]:
    """Make `root` hold exactly `files`; return the paths whose content changed."""
    changed = []
    for relative, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = root / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(target, data)
        changed.append(relative)
    wanted = {root / relative for relative in files}
    for path in sorted(root.rglob("*"), reverse=True):
        parts = path.relative_to(root).parts
        if len(parts) > 1 and parts[1] in ENGINE_OWNED:
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
            changed.append(path.relative_to(root).as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def _atomic_write(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish(staging: Path, site: Path) -> None:
    """Replace `site` with the complete tree in `staging` (same filesystem)."""
    old = staging.with_name(staging.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.replace(site, old)
    os.replace(staging, site)
    shutil.rmtree(old, ignore_errors=True)
