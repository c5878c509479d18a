"""The live preview's trigger: one build per save, one build at a time."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

from watchdog.events import FileClosedEvent, FileModifiedEvent, FileOpenedEvent

from generator import collector
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


def test_once_idle_the_preview_tidies_but_never_during_a_build(tmp_path: Path) -> None:
    """A quiet moment after a build, its tidy runs once (the preview's frees memory); an
    edit before then puts it off until after the next build, and a tidy that falls due
    while a build runs waits for the next quiet moment."""
    facts = tmp_path / "facts"
    facts.mkdir()
    file = str(facts / "figures.yml")
    tidied: list[int] = []
    builds: list[float] = []
    slow = threading.Event()

    def build() -> None:
        builds.append(time.perf_counter())
        if slow.is_set():
            time.sleep(0.6)  # longer than `idle`: the first build's tidy falls due now

    def tidy() -> None:
        tidied.append(len(builds))

    trigger = _Debounced(build, [facts], delay=0.01, idle=0.2, tidy=tidy)
    trigger.on_any_event(FileModifiedEvent(file))
    wait_until(lambda: builds)
    slow.set()
    time.sleep(0.05)
    trigger.on_any_event(FileModifiedEvent(file))  # the second build starts before `idle`
    wait_until(lambda: len(builds) == 2)
    time.sleep(0.4)  # the first build's tidy was due 0.2 s after it: during the second
    assert tidied == [], "tidied while a build ran"
    wait_until(lambda: tidied, 5)
    time.sleep(0.3)
    assert tidied == [2], "one tidy, after the last build"
    with trigger.building:  # as when a timer fires just as a build starts
        trigger._tidy()
    assert tidied == [2]


def test_setting_memory_aside_frees_cycles_and_freezes_what_lives_on() -> None:
    class Node:
        def __init__(self) -> None:
            self.cycle = self

    gc.unfreeze()
    gc.disable()  # no collection but set_aside's
    try:
        kept, dead = Node(), weakref.ref(Node())
        gc.freeze()  # a cycle that died while frozen: looked at again
        collector.set_aside()
        assert dead() is None
        assert gc.get_freeze_count() > 0
        assert kept.cycle is kept
    finally:
        gc.unfreeze()
        gc.enable()
