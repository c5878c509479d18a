"""The live preview's trigger: one build per save, one build at a time."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from watchdog.events import FileClosedEvent, FileModifiedEvent, FileOpenedEvent

from generator.serve import _Debounced


def wait_until(condition: object, limit: float = 10.0) -> None:
    clock = time.perf_counter()
    while not condition() and time.perf_counter() - clock < limit:  # type: ignore[operator]
        time.sleep(0.01)


def test_the_steps_of_one_save_make_one_build(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    builds: list[float] = []
    trigger = _Debounced(lambda: builds.append(time.perf_counter()), [facts])
    file = str(facts / "figures.yml")
    for event in (FileOpenedEvent(file), FileModifiedEvent(file), FileClosedEvent(file)):
        trigger.on_any_event(event)
    trigger.on_any_event(FileModifiedEvent(str(tmp_path / "elsewhere.yml")))  # not watched
    wait_until(lambda: builds)
    time.sleep(3 * trigger.delay)
    assert len(builds) == 1


def test_an_edit_during_a_build_gets_a_build_after_it(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    running, most, done = [0], [0], []
    guard = threading.Lock()

    def build() -> None:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.5)
        with guard:
            running[0] -= 1
        done.append(True)

    trigger = _Debounced(build, [facts])
    file = str(facts / "figures.yml")
    trigger.on_any_event(FileModifiedEvent(file))
    wait_until(lambda: running[0] == 1)
    trigger.on_any_event(FileModifiedEvent(file))  # saved again while the first build runs
    wait_until(lambda: len(done) == 2)
    assert len(done) == 2
    assert most[0] == 1, "two builds ran at once"


def test_once_the_preview_is_idle_its_memory_is_set_aside_but_never_during_a_build(
    tmp_path: Path,
) -> None:
    """After a build and a quiet moment, what lives on is frozen (collector.set_aside), so
    that the next build's collection does not walk it; a build that runs then is left
    alone. generate unfreezes at its end: so does this test."""
    facts = tmp_path / "facts"
    facts.mkdir()
    started = threading.Event()
    release = threading.Event()

    def build() -> None:
        started.set()
        release.wait(10)

    trigger = _Debounced(build, [facts], delay=0.01, idle=0.05)
    gc.unfreeze()
    try:
        with trigger.building:  # a build runs when the quiet moment comes
            trigger._tidy()
        assert gc.get_freeze_count() == 0
        trigger.on_any_event(FileModifiedEvent(str(facts / "figures.yml")))
        wait_until(started.is_set)
        time.sleep(0.2)
        assert gc.get_freeze_count() == 0, "set aside while the build ran"
        release.set()
        wait_until(lambda: gc.get_freeze_count() > 0, 5)
        assert gc.get_freeze_count() > 0
    finally:
        release.set()
        gc.unfreeze()
