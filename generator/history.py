"""The story over time: when each entry was added and changed, and each figure's earlier values.

Pure. `Fold` goes through the commits that changed the facts, oldest first, each given
as the files it changed, read into snapshots (snapshot.py); it compares each entry
with what the commit before left, and keeps the dated changes. `Fold.history(working)`
then compares the working tree's files with the last commit, as a step that has no
date: dates come from commits only, never from the clock. An entry the working tree
adds or changes has no date yet, and a page it touches shows none.

The fold's state is plain data (`Fold.data`), so that a cache can keep it and the next
build go on from the last commit it saw.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .model import LANGUAGES, Lang, Site
from .snapshot import KINDS, Item, Key, Snapshot

What = Literal["published", "added", "value", "revised", "removed"]
DELETED = "deleted"  # a file a commit removes
UNREADABLE = "unreadable"  # a file a commit leaves that cannot be read: kept as it was


@dataclass(frozen=True, order=True)
class Moment:
    """A commit, and when it was made: seconds since 1970, UTC (the committer's time)."""

    time: int
    commit: str


@dataclass(frozen=True)
class Change:
    """One dated change of one entry, as readers of `langs` see it."""

    moment: Moment | None  # None: in the working tree, not committed, so not dated
    kind: str
    id: str
    what: What
    langs: tuple[Lang, ...] = LANGUAGES
    pages: tuple[str, ...] = ()  # the explainer pages that show the entry
    name: tuple[str, ...] = ()  # the entry's name in each language then
    before: tuple[dict[str, Any], ...] = ()  # a figure's values before ("value")
    after: tuple[dict[str, Any], ...] = ()  # and after


@dataclass(frozen=True)
class Earlier:
    """Values a figure had, from one moment until another."""

    values: tuple[dict[str, Any], ...]
    since: Moment | None
    until: Moment | None


@dataclass(frozen=True)
class Dates:
    """When an entry was added, and last changed for the readers of each language.

    A figure changes when its value does: rewording its label dates its page only.
    """

    added: Moment | None
    changed: tuple[Moment | None, ...]  # per language of LANGUAGES


@dataclass(frozen=True)
class History:
    """What the facts' commits tell; `available` is False when there are none to read."""

    available: bool
    reason: str = ""  # why there is no history, for the build's note
    commits: int = 0
    skipped: int = 0  # commits with files or entries today's model cannot read
    changes: tuple[Change, ...] = ()  # oldest first
    entries: Mapping[Key, Dates] = field(default_factory=dict)
    earlier: Mapping[str, tuple[Earlier, ...]] = field(default_factory=dict)  # by figure

    @classmethod
    def unavailable(cls, reason: str) -> History:
        return cls(False, reason)

    def page_dates(self, site: Site, lang: Lang) -> dict[str, tuple[Moment | None, ...]]:
        """Each explainer page's (published, updated) for readers of `lang`. An entry added
        or changed in the working tree makes the date unknown (None): it has none yet."""
        concerned = _pages_of_corrections(site)
        found: dict[str, list[Moment | None]] = {}
        for page_id in site.pages:
            dates = self.entries.get(("pages", page_id))
            found[page_id] = [dates.added if dates else None] * 2
        for change in self.changes:
            if lang not in change.langs:
                continue
            pages = concerned.get(change.id, ()) if change.kind == "corrections" else change.pages
            for page_id in pages:
                dates_of = found.get(page_id)
                if dates_of is None or dates_of[1] is None:
                    continue
                dates_of[1] = None if change.moment is None else max(dates_of[1], change.moment)
        return {page_id: tuple(dates) for page_id, dates in found.items()}


def _pages_of_corrections(site: Site) -> dict[str, tuple[str, ...]]:
    """The explainer pages each correction is shown on."""
    found = {}
    for correction in site.corrections.values():
        pages = []
        for concern in correction.concerns:
            if concern.kind == "pages":
                pages.append(concern.id)
            elif concern.kind == "facts" and concern.id in site.facts:
                pages.append(site.facts[concern.id].page)
            elif concern.kind == "charts" and concern.id in site.charts:
                pages.append(site.charts[concern.id].page)
        found[correction.id] = tuple(dict.fromkeys(pages))
    return found


@dataclass(frozen=True)
class _State:
    """An entry as the fold last saw it."""

    added: Moment | None
    snapshot: Snapshot
    changed: tuple[Moment | None, ...]
    value_since: Moment | None


class Fold:
    """The history so far, one commit at a time; `data()` and `of()` keep it between builds."""

    def __init__(self) -> None:
        self.commits: list[str] = []
        self.skipped = 0
        self.files: dict[str, dict[Key, Snapshot]] = {}
        self.entries: dict[Key, _State] = {}
        self.changes: list[Change] = []
        self.earlier: dict[str, list[Earlier]] = {}
        self._where: dict[Key, list[tuple[str, Snapshot]]] = {}

    def step(self, moment: Moment | None, files: Mapping[str, list[Item] | str]) -> None:
        """One commit (or, with no moment, the working tree): the files it changed, each
        read, DELETED or UNREADABLE."""
        partial = False
        touched: set[Key] = set()
        for path, items in files.items():
            if items == UNREADABLE:
                partial = True  # the file stays as it was: nothing in it is dated here
                continue
            before = self.files.pop(path, {})
            after = _by_key(items) if isinstance(items, list) else {}
            if isinstance(items, list):
                self.files[path] = after
            # Entries read from the same text are the same objects: only the others changed.
            changed = [key for key, snapshot in after.items() if before.get(key) is not snapshot]
            for key in [*changed, *(key for key in before if key not in after)]:
                found = [(p, s) for p, s in self._where.get(key, []) if p != path]
                if key in after:
                    found.append((path, after[key]))
                self._where[key] = found
                touched.add(key)
            partial = partial or any(s.seen is None for s in after.values())
        now = {key: self._current(key) for key in touched}
        partial = partial or any(s is not None and s.seen is None for s in now.values())
        self._compare(moment, now)
        if moment is not None:
            self.commits.append(moment.commit)
            self.skipped += partial

    def _current(self, key: Key) -> Snapshot | None:
        found = self._where.get(key) or []
        if not found:
            return None
        # An id that two entries share is ambiguous: it exists, but what it says is unknown.
        return found[0][1] if len(found) == 1 else replace(found[0][1], seen=None)

    def _compare(self, moment: Moment | None, now: Mapping[Key, Snapshot | None]) -> None:
        """Every entry in `now` against its last state; records the changes, in order."""
        published = not self.entries
        new_pages, gone_pages = set(), set()
        for key in sorted(now, key=lambda k: (KINDS.index(k[0]), k[1])):
            snapshot, state = now[key], self.entries.get(key)
            kind, id_ = key
            if snapshot is None:
                if state is not None:
                    del self.entries[key]
                    self.earlier.pop(id_, None)
                    if kind == "pages":
                        gone_pages.add(id_)
                    if kind == "pages" or not _within(state.snapshot, gone_pages):
                        self._record(moment, key, "removed", state.snapshot)
            elif state is None:
                self.entries[key] = _State(moment, snapshot, (moment,) * len(LANGUAGES), moment)
                if kind == "pages":
                    new_pages.add(id_)
                if not published and (kind == "pages" or not _within(snapshot, new_pages)):
                    self._record(moment, key, "added", snapshot, after=snapshot.values)
            else:
                self.entries[key] = self._changed(moment, key, state, snapshot)
        if published and self.entries:
            self.changes.append(Change(moment, "site", "site", "published"))

    def _changed(self, moment: Moment | None, key: Key, state: _State, now: Snapshot) -> _State:
        before = state.snapshot
        if before.seen is None or now.seen is None:  # unknown then or now: nothing to date
            return replace(state, snapshot=now)
        if before.value != now.value:
            self.earlier.setdefault(key[1], []).append(
                Earlier(before.values, state.value_since, moment)
            )
            self._record(moment, key, "value", now, before=before.values, after=now.values)
            return _State(state.added, now, (moment,) * len(LANGUAGES), moment)
        langs = tuple(lang for n, lang in enumerate(LANGUAGES) if before.seen[n] != now.seen[n])
        if langs:
            self._record(moment, key, "revised", now, langs=langs)
        changed = state.changed
        if key[0] != "facts":  # a figure changes with its value only
            changed = tuple(
                moment if lang in langs else changed[n] for n, lang in enumerate(LANGUAGES)
            )
        return _State(state.added, now, changed, state.value_since)

    def _record(
        self,
        moment: Moment | None,
        key: Key,
        what: What,
        snapshot: Snapshot,
        langs: tuple[Lang, ...] = LANGUAGES,
        before: tuple[dict[str, Any], ...] = (),
        after: tuple[dict[str, Any], ...] = (),
    ) -> None:
        self.changes.append(
            Change(moment, *key, what, langs, snapshot.pages, snapshot.name, before, after)
        )

    def history(self, working: Mapping[str, list[Item] | str] | None = None) -> History:
        """The history; with `working`, the files the working tree changes since the last
        commit, compared last and undated. The fold itself is left as it was."""
        fold = self
        if working:
            fold = Fold()
            fold.commits, fold.skipped = self.commits, self.skipped
            fold.files = dict(self.files)  # step replaces a file's entries, never edits them
            fold._where = {key: list(found) for key, found in self._where.items()}
            fold.entries, fold.changes = dict(self.entries), list(self.changes)
            fold.earlier = {id_: list(values) for id_, values in self.earlier.items()}
            fold.step(None, working)
        return History(
            available=True,
            commits=len(fold.commits),
            skipped=fold.skipped,
            changes=tuple(fold.changes),
            entries={key: Dates(s.added, s.changed) for key, s in fold.entries.items()},
            earlier={id_: tuple(values) for id_, values in fold.earlier.items()},
        )

    # -- as plain data, for the cache ----------------------------------------------------

    def data(self) -> dict[str, Any]:
        return {
            "commits": self.commits,
            "skipped": self.skipped,
            "files": {
                path: [[list(key), snapshot.data()] for key, snapshot in items.items()]
                for path, items in self.files.items()
            },
            "entries": [
                [list(key), _moment(s.added), s.snapshot.data(), [_moment(m) for m in s.changed],
                 _moment(s.value_since)]
                for key, s in self.entries.items()
            ],
            "changes": [
                [_moment(c.moment), c.kind, c.id, c.what, list(c.langs), list(c.pages),
                 list(c.name), list(c.before), list(c.after)]
                for c in self.changes
            ],
            "earlier": {
                id_: [[list(e.values), _moment(e.since), _moment(e.until)] for e in values]
                for id_, values in self.earlier.items()
            },
        }  # fmt: skip

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Fold:
        fold = cls()
        fold.commits = list(data["commits"])
        fold.skipped = int(data["skipped"])
        for path, items in data["files"].items():
            fold.files[path] = _by_key([(_key(key), Snapshot.of(s)) for key, s in items])
            for key, snapshot in fold.files[path].items():
                fold._where.setdefault(key, []).append((path, snapshot))
        for key, added, snapshot, changed, since in data["entries"]:
            fold.entries[_key(key)] = _State(
                _of(added), Snapshot.of(snapshot), tuple(_of(m) for m in changed), _of(since)
            )
        fold.changes = [
            Change(_of(m), kind, id_, what, tuple(langs), tuple(pages), tuple(name),
                   tuple(before), tuple(after))
            for m, kind, id_, what, langs, pages, name, before, after in data["changes"]
        ]  # fmt: skip
        fold.earlier = {
            id_: [Earlier(tuple(v), _of(since), _of(until)) for v, since, until in values]
            for id_, values in data["earlier"].items()
        }
        return fold


def _within(snapshot: Snapshot, pages: set[str]) -> bool:
    """Whether an entry belongs to pages added (or removed) with it: told with them."""
    return bool(snapshot.pages) and set(snapshot.pages) <= pages


def _by_key(items: list[Item]) -> dict[Key, Snapshot]:
    """A file's entries by key; an id the file gives twice is ambiguous (unreadable)."""
    found = dict(items)
    if len(found) < len(items):
        for key, times in Counter(key for key, _ in items).items():
            if times > 1:
                found[key] = replace(found[key], seen=None)
    return found


def _key(data: list[str]) -> Key:
    return (data[0], data[1])


def _moment(moment: Moment | None) -> list[Any] | None:
    return None if moment is None else [moment.time, moment.commit]


def _of(data: list[Any] | None) -> Moment | None:
    return None if data is None else Moment(int(data[0]), str(data[1]))
