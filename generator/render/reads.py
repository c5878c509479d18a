"""Which entries of the site each page reads, so that a rebuild renders only the pages
whose entries changed.

While a page renders, the site's collections note every entry it reads (`site.facts[id]`),
and every collection it reads whole (`site.facts.values()`); SiteIndex notes the derived
lists it hands out (a page's facts, the glossary's names). A page is rendered again when
the digest of what it read last time differs now: reading the same entries, the same
templates (the generator's fingerprint keys the whole record) give the same page.

Formatter and PageView keep what they make for reuse across pages; each kept result
keeps the reads that made it, and replays them wherever it is reused.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..model import ENTRY_KINDS, Site, entry_digest

ALL = "*"  # a whole collection: which entries, in which order, and each of them
Key = tuple[str, str]
COMMON: Key = ("", "")  # what every page reads (Digests.common)


class Reads:
    """The keys read by the pages being rendered (nested: a page, a kept result in it)."""

    def __init__(self) -> None:
        self.open: list[set[Key]] = []

    def add(self, key: Key) -> None:
        for keys in self.open:
            keys.add(key)

    def replay(self, keys: frozenset[Key]) -> None:
        for open_keys in self.open:
            open_keys |= keys

    def capture(self) -> _Capture:
        """`with reads.capture() as keys:` the keys read inside, also noted further out."""
        return _Capture(self.open)


class _Capture:
    """A class, not a generator's context manager: every value formatted and every part
    asked for opens one (hundreds of thousands in a large site's run)."""

    __slots__ = ("keys", "open")

    def __init__(self, open_keys: list[set[Key]]) -> None:
        self.open = open_keys
        self.keys: set[Key] = set()

    def __enter__(self) -> set[Key]:
        self.open.append(self.keys)
        return self.keys

    def __exit__(self, *exception: object) -> None:
        assert self.open.pop() is self.keys, "captures are nested"


class Tracked(dict[str, Any]):
    """One collection of the site (facts, terms...) that notes what is read of it."""

    def __init__(self, kind: str, entries: dict[str, Any], reads: Reads) -> None:
        super().__init__(entries)
        self.kind, self.reads = kind, reads

    def __getitem__(self, key: str) -> Any:
        self.reads.add((self.kind, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.reads.add((self.kind, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads.add((self.kind, str(key)))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.reads.add((self.kind, ALL))
        return super().__iter__()

    def __len__(self) -> int:
        self.reads.add((self.kind, ALL))
        return super().__len__()

    def keys(self) -> Any:
        self.reads.add((self.kind, ALL))
        return super().keys()

    def values(self) -> Any:
        self.reads.add((self.kind, ALL))
        return super().values()

    def items(self) -> Any:
        self.reads.add((self.kind, ALL))
        return super().items()


def tracked(site: Site, reads: Reads) -> Site:
    """The same site, whose collections note what is read of them into `reads`.

    Every field but the settings and the summary is a collection here; a new field of
    Site must be tracked too (the settings are part of what every page reads:
    Digests.common; the summary is what the collections hold, in short).
    """
    assert [field.name for field in dataclasses.fields(Site)] == [
        "settings", *ENTRY_KINDS, "summary"
    ]  # fmt: skip
    return Site(
        settings=site.settings,
        sources=Tracked("sources", site.sources, reads),
        entities=Tracked("entities", site.entities, reads),
        facts=Tracked("facts", site.facts, reads),
        terms=Tracked("terms", site.terms, reads),
        events=Tracked("events", site.events, reads),
        pages=Tracked("pages", site.pages, reads),
        charts=Tracked("charts", site.charts, reads),
        corrections=Tracked("corrections", site.corrections, reads),
        summary=site.summary,
    )


class Recorded:
    """An object every use of which counts as reading `keys` (what it was made from)."""

    def __init__(self, target: Any, reads: Reads, keys: frozenset[Key]) -> None:
        self._target, self._reads, self._keys = target, reads, keys

    def __getattr__(self, name: str) -> Any:
        self._reads.replay(self._keys)
        return getattr(self._target, name)


class Digests:
    """What each key a page can read holds now, as a digest, to compare with what it held
    when the last run's pages read it (`before`). Each key's digest is made once per build;
    an entry's is in the site's summary (made once per file's bytes)."""

    def __init__(
        self,
        site: Site,
        derived: dict[str, Callable[[Digests, str], str]],
        common: str,
        before: dict[Key, str] | None = None,
    ) -> None:
        self.site, self.derived = site, derived
        self.common = common  # what every page reads: settings, language, address
        self.made: dict[Key, str] = {}
        self.before = before or {}

    def same(self, keys: frozenset[Key]) -> bool:
        """Every key holds what it held when the last run read it (so would a page that
        read them: the generator's fingerprint keys the whole record)."""
        before = self.before
        if before.get(COMMON) != self.common:
            return False
        return keys.isdisjoint(self._changed) and keys <= before.keys()

    @functools.cached_property
    def _changed(self) -> frozenset[Key]:
        """The keys of `before` that hold something else now: each key's digest is made
        once, then a page's keys are compared all at once."""
        key = self.key
        return frozenset(k for k, made in self.before.items() if k != COMMON and key(k) != made)

    def now(self, keys: Iterable[Key]) -> dict[Key, str]:
        """The digests of `keys`, and what every page reads, for the next run's `before`."""
        return {COMMON: self.common, **{k: self.key(k) for k in keys}}

    def key(self, key: Key) -> str:
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self._make(*key)
        return made

    def _make(self, kind: str, name: str) -> str:
        if kind in ENTRY_KINDS:
            entries: dict[str, Any] = getattr(self.site, kind)
            if name == ALL:
                return _hash(*(f"{id_} {self.key((kind, id_))}" for id_ in entries))
            summary = self.site.summary
            if summary is not None:  # made once per file's bytes
                return summary.digests.get((kind, name), "absent")
            entry = entries.get(name)
            return entry_digest(entry) if entry is not None else "absent"
        return self.derived[kind](self, name)  # what SiteIndex hands out (a KeyError if unknown)

    def entries(self, kind: str, found: list[Any]) -> str:
        """A list of entries of `kind`, each with its digest, in order."""
        return _hash(*(f"{entry.id} {self.key((kind, entry.id))}" for entry in found))


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


Made = tuple[frozenset[Key], Any]  # what a part read, and the part
Kept = tuple[frozenset[Key], tuple[str, ...]]  # what a file read, and the parts it holds


class Parts:
    """Parts of pages (a section, a row of a table) made once in a run and kept for the
    next, each with what it read, as pages are (Reuse).

    They are kept in groups (`group_of`): the parts of one page, and the rows that every
    download shares. A run reads a group only when a file it makes again asks for one of
    its parts, and `now` holds only the groups read or made, to be written again; the
    others stay as they are, with the files that hold their parts."""

    def __init__(self, load: Callable[[str], dict[str, Made] | None] | None = None) -> None:
        self.load = load  # the last run's group by name; None: nothing is kept for the next
        self.before: dict[str, dict[str, Made]] = {}  # the groups read so far
        self.now: dict[str, dict[str, Made]] = {}  # by group, the parts asked for or kept
        self.carried: dict[str, list[str]] = {}  # by group, the parts of files not made again
        self.used: list[str] = []  # the key of each part asked for, in order

    def get(self, key: str, make: Callable[[], Any], reads: Reads, digests: Digests) -> Any:
        """The part made by `make`, or the same part made before from the same reads; its
        reads count as read either way."""
        key = sys.intern(key)  # one string, however many files hold the part
        self.used.append(key)
        name = group_of(key)
        now = self.now.setdefault(name, {})
        made = now.get(key)
        if made is None and self.load is not None:
            old = self._before(name).get(key)
            if old is not None and digests.same(old[0]):
                made = now[key] = old
        if made is None:
            with reads.capture() as read:
                value = make()
            made = now[key] = (frozenset(read), value)
        reads.replay(made[0])
        return made[1]

    def carry(self, path: str, keys: tuple[str, ...]) -> None:
        """Keep for the next run the parts of a file that is not made again: they read
        nothing that changed, since it read everything they did. A group that no file
        made again asks for is kept as it is, such as the file's own (only it asks for
        those); the others get these when `finished`."""
        own = f"{path}#"
        for key in keys:
            if not key.startswith(own):
                self.carried.setdefault(group_of(key), []).append(key)

    def finished(self) -> dict[str, dict[str, Made]]:
        """The groups to write for the next run: each one read or made in this run, with
        the parts it asked for and those the files not made again hold."""
        for name, parts in self.now.items():
            old = self._before(name)
            for key in self.carried.get(name, ()):
                if key not in parts and key in old:
                    parts[key] = old[key]
        return self.now

    def _before(self, name: str) -> dict[str, Made]:
        found = self.before.get(name)
        if found is None:
            found = self.before[name] = (self.load(name) if self.load else None) or {}
        return found


def group_of(key: str) -> str:
    """The group a part is kept in: its page's path (`{path}#...`), or the rows'."""
    page, mark, _ = key.partition("#")
    return page if mark else "rows"


@dataclasses.dataclass
class Reuse:
    """What the last run rendered: by file, what it read and the parts it holds; the
    digest of each key its files and parts read (Digests.before); whether a file is still
    as that run wrote it; and its parts. `now`, `digests_now` and `parts.finished()` are
    for the next run."""

    before: dict[str, Kept]
    intact: Callable[[str], bool]
    parts: Parts = dataclasses.field(default_factory=lambda: Parts(lambda _: None))
    digests: dict[Key, str] = dataclasses.field(default_factory=dict)
    now: dict[str, Kept] = dataclasses.field(default_factory=dict)
    digests_now: dict[Key, str] = dataclasses.field(default_factory=dict)
    kept: set[str] = dataclasses.field(default_factory=set)  # the files not made again

    def unchanged(self, path: str, digests: Digests) -> bool:
        """The file need not be rendered: what it read is as it was, and so is the file."""
        old = self.before.get(path)
        if old is None or not digests.same(old[0]) or not self.intact(path):
            return False
        self.now[path] = old
        self.kept.add(path)
        self.parts.carry(path, old[1])
        return True

    def rendered(self, path: str, read: set[Key], parts: list[str]) -> None:
        self.now[path] = (frozenset(read), tuple(parts))

    def done(self, digests: Digests) -> None:
        """Note the digests of every key the kept pages and parts read, for the next run."""
        files = self.now.values()
        parts = (made for group in self.parts.now.values() for made in group.values())
        read = frozenset().union(*(kept[0] for kept in files), *(made[0] for made in parts))
        self.digests_now = digests.now(read)
