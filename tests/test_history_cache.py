"""The history's cache: a rebuild with no new commit asks git one question and reads back
the fold; a new commit is folded onto it; anything else starts again. Never stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import history_cache, revision, snapshot
from generator.history import History
from tests.history_repo import STEPS, Step, commit, git, replaced, scripted_repository


def fresh(facts: Path, tmp_path: Path) -> History:
    """The history read with an empty cache."""
    work = tmp_path / "fresh"
    shutil.rmtree(work, ignore_errors=True)
    return history_cache.read_history(facts, work)


class Spy:
    """Counts calls of a module function, and lets them through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.calls: list[tuple[Any, ...]] = []
        original = getattr(module, name)

        def spied(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, spied)


def test_a_rebuild_with_no_new_commit_reads_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = scripted_repository(tmp_path / "repo")
    work = tmp_path / "work"
    first = history_cache.read_history(facts, work)
    log = Spy(monkeypatch, revision, "fact_commits")
    reads = Spy(monkeypatch, snapshot, "read_file")

    again = history_cache.read_history(facts, work)

    assert again == first
    assert log.calls == []
    assert reads.calls == []


def test_a_new_commit_is_folded_onto_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:-1])
    work = tmp_path / "work"
    history_cache.read_history(facts, work)
    commit(tmp_path / "repo", STEPS[-1])
    reads = Spy(monkeypatch, revision, "read_blobs")

    found = history_cache.read_history(facts, work)

    new_file = git(tmp_path / "repo", "rev-parse", "HEAD:facts/corrections.yml").strip()
    assert [call[1] for call in reads.calls] == [[new_file]]  # only the new commit's file
    assert found == fresh(facts, tmp_path)
    assert found.changes[-1].id == "revenue-share-defined"


@pytest.mark.parametrize("cached_steps", range(1, len(STEPS)))
def test_folding_onto_any_cache_gives_the_history_of_a_fresh_read(
    cached_steps: int, tmp_path: Path
) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:cached_steps])
    work = tmp_path / "work"
    history_cache.read_history(facts, work)
    for step in STEPS[cached_steps:]:
        commit(tmp_path / "repo", step)

    assert history_cache.read_history(facts, work) == fresh(facts, tmp_path)


def test_reading_the_versions_on_several_cores_gives_the_same_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = scripted_repository(tmp_path / "repo")
    one_core = fresh(facts, tmp_path)
    monkeypatch.setattr(history_cache, "PER_WORKER", 1)
    monkeypatch.setattr(history_cache.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    pools = Spy(monkeypatch, history_cache, "ProcessPoolExecutor")

    assert fresh(facts, tmp_path) == one_core
    assert [call[0] for call in pools.calls] == [2]  # two forked workers, and this process


def test_a_version_with_a_piece_that_does_not_read_alone_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = scripted_repository(tmp_path / "repo")
    expected = fresh(facts, tmp_path)
    read_texts = history_cache._read_texts
    monkeypatch.setattr(history_cache, "_read_texts", lambda texts: [None, *read_texts(texts[1:])])
    reads = Spy(monkeypatch, revision, "read_blobs")

    assert fresh(facts, tmp_path) == expected
    assert len(reads.calls) == 2  # every version, then those holding that piece, whole
    assert 0 < len(reads.calls[1][1]) < len(reads.calls[0][1])


def test_rewritten_history_is_read_again_from_the_start(tmp_path: Path) -> None:
    """After a reset and other commits, the cache's commits are no longer the repository's
    first: what it holds must not survive (the value 1200 was never committed now)."""
    facts = scripted_repository(tmp_path / "repo")
    work = tmp_path / "work"
    assert len(history_cache.read_history(facts, work).earlier["engineers"]) == 2
    repo = tmp_path / "repo"
    git(repo, "reset", "-q", "--hard", "HEAD~5")  # back to the value 1100
    figures = (facts / "figures.yml").read_text(encoding="utf-8")
    other = replaced(figures, "amount: 1100", "amount: 1110")
    commit(repo, Step("2025-01-28T09:00:00Z", "another story", {"figures.yml": other}))

    found = history_cache.read_history(facts, work)

    assert found == fresh(facts, tmp_path)
    assert [[v["amount"] for v in e.values] for e in found.earlier["engineers"]] == [[1000], [1100]]
    assert found.changes[-1].after[0]["amount"] == 1110


def test_a_cache_made_by_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:2])
    work = tmp_path / "work"
    history_cache.read_history(facts, work)
    monkeypatch.setattr(history_cache, "FINGERPRINT", "other code")
    log = Spy(monkeypatch, revision, "fact_commits")

    assert history_cache.read_history(facts, work) == fresh(facts, tmp_path)
    assert len(log.calls) == 2  # the other-code cache was read again, and so was fresh's


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"format": "x"}',
        b"[]",
        b"null",
        json.dumps({"fold": 1}).encode(),
    ],
)
def test_a_damaged_cache_is_read_again_without_a_traceback(damage: bytes, tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:2])
    work = tmp_path / "work"
    history_cache.read_history(facts, work)
    (cache,) = (work / "history").iterdir()
    data = json.loads(cache.read_bytes())
    cache.write_bytes(damage)

    assert history_cache.read_history(facts, work) == fresh(facts, tmp_path)

    data["fold"]["entries"] = [["facts"]]  # the right code, the wrong shape
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert history_cache.read_history(facts, work) == fresh(facts, tmp_path)


def test_uncommitted_edits_are_compared_every_time_never_kept(tmp_path: Path) -> None:
    facts = scripted_repository(tmp_path / "repo", STEPS[:3])
    work = tmp_path / "work"
    clean = history_cache.read_history(facts, work)
    figures = facts / "figures.yml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(replaced(text, "amount: 1100", "amount: 1150"), encoding="utf-8")

    edited = history_cache.read_history(facts, work)
    figures.write_text(text, encoding="utf-8")

    assert edited.changes[-1].moment is None
    assert history_cache.read_history(facts, work) == clean
