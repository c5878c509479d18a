"""What the generator keeps between runs, so that a rebuild does only the work a change needs.

Entries live under the project's work folder (`.build/cache/`), one file each, named by
a hash of what they were made from and of the generator's fingerprint: its own source
files and the versions of Python and of the libraries whose output it keeps. A changed
input, a new generator or a new library never finds an old entry.

An entry is a pickle, and unpickling can run code, so entries are signed: HMAC-SHA256
under a secret that lives outside the project, in the user's cache folder, created by
the generator and readable by its owner only (as Jupyter signs trusted notebooks). A
work folder that came with a checkout or a pull request, or a corrupt or truncated
entry, cannot carry a valid signature: such an entry is ignored, never unpickled, and
the work is done again. Without a usable secret the cache keeps nothing.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import platform
import secrets
import stat
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from . import collector, write

SECRET_BYTES = 32
# The libraries whose behaviour decides what the cached values hold.
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "babel", "jinja2", "markupsafe")


def digest(*parts: str | bytes) -> str:
    """A hash of several parts, each kept apart from the next (no two splits collide)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


PACKAGE = Path(__file__).parent


@functools.cache
def fingerprint(package: Path = PACKAGE) -> str:
    """The generator as it runs now: its files, Python, libyaml and the libraries' versions."""
    files = sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix in (".py", ".yml", ".j2", ".json")
    )
    versions = [f"{name}={metadata.version(name)}" for name in LIBRARIES]
    libyaml = yaml.__with_libyaml__ and yaml._yaml.get_version_string()
    return digest(
        platform.python_implementation(),
        platform.python_version(),
        f"libyaml={libyaml}",
        *versions,
        *(f"{path.relative_to(package).as_posix()} {digest(path.read_bytes())}" for path in files),
    )


def engine_versions(engine: str) -> str:
    """The engine and its theme, as installed: a new version rebuilds the whole site."""
    names = {"mkdocs": ("mkdocs", "mkdocs-material"), "zensical": ("zensical",)}[engine]
    return " ".join(f"{name}={metadata.version(name)}" for name in names)


class Cache:
    """Signed entries in `folder`, by kind and key; any entry that does not verify is absent."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.secret = _secret()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / digest(fingerprint(), key)[:40]

    def get(self, kind: str, key: str) -> Any | None:
        if self.secret is None:
            return None
        try:
            with _open_plain(self._path(kind, key)) as stream:
                signed = stream.read()
        except OSError:
            return None
        mac, payload = signed[:32], memoryview(signed)[32:]  # a view: no second copy
        expected = hmac.digest(self.secret, payload, "sha256")
        if not hmac.compare_digest(mac, expected):
            return None
        try:
            with collector.paused():
                return pickle.loads(payload)  # noqa: S301 - signed by this user's generator
        except Exception:  # a signed entry that does not load (an old class): do the work
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.secret is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write.replace_file(path, hmac.digest(self.secret, payload, "sha256"), payload)

    def keep(self, kind: str, keys: Iterable[str]) -> None:
        """Delete the entries of `kind` other than those of `keys` (the ones in use now)."""
        wanted = {self._path(kind, key).name for key in keys}
        folder = self.folder / kind
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name not in wanted and not entry.name.startswith("."):
                    entry.unlink(missing_ok=True)


def _open_plain(path: Path) -> Any:
    """A regular file, opened without following a symbolic link."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(f"{path} is not a regular file")
    return os.fdopen(descriptor, "rb")


@functools.cache
def _secret() -> bytes | None:
    """This user's signing secret, made on first use; None when it cannot be trusted."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(home) / "explainer-generator"
    path = folder / "secret"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Written whole under another name, then linked: no reader sees half a secret.
            temporary = folder / f".secret.{os.getpid()}"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(secrets.token_bytes(SECRET_BYTES))
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another run made it first: use that one
            finally:
                temporary.unlink()
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            secret = stream.read(SECRET_BYTES + 1)
    except OSError:
        return None
    owned = info.st_uid == os.getuid() and not info.st_mode & 0o077
    return secret if owned and stat.S_ISREG(info.st_mode) and len(secret) == SECRET_BYTES else None
