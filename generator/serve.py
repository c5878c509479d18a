"""Live preview of both languages: rebuild when an input changes, reload open pages.

The built site is served as it is; a small script that asks whether a newer build
exists is added to HTML responses on the way out, so the site on disk stays the
one `make site` publishes.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import collector, log
from .build import Project
from .engine import EngineError
from .problems import InputError

RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("/__build").then(function (r) { return r.text(); }).then(function (n) {
      if (seen !== null && n !== seen) { location.reload(); }
      seen = n;
    }).catch(function () {});
  }, 700);
})();
</script>"""


class Builds:
    """Counts finished builds; the browser reloads when the count changes."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()


def serve(project: Project, port: int, rebuild: Callable[[], object]) -> None:
    """Serve the built site on 127.0.0.1 and rebuild it whenever one of its inputs changes."""
    out = project.out
    watched = [project.facts, project.docs, project.overrides, project.config]
    builds = Builds()
    handler = functools.partial(_Handler, builds, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    observer = Observer()
    trigger = _Debounced(lambda: _rebuild(rebuild, builds), watched, tidy=collector.set_aside)
    for folder in {path if path.is_dir() else path.parent for path in watched if path.exists()}:
        observer.schedule(trigger, str(folder), recursive=folder in watched)
    collector.set_aside()  # what the first build left, before any edit can start a build
    observer.start()
    log.say(f"serving {out}/ at http://127.0.0.1:{port}/ (ar/ and en/); Ctrl+C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()


def _rebuild(rebuild: Callable[[], object], builds: Builds) -> None:
    started = time.perf_counter()
    try:
        rebuild()
    except InputError as error:
        for problem in error.problems:
            log.problem(problem)
        log.say("the preview keeps the last good build")
        return
    except EngineError as error:
        log.error(str(error))
        return
    with builds.lock:
        builds.count += 1
    log.say(f"rebuilt in {time.perf_counter() - started:.2f} s")


class _Debounced(FileSystemEventHandler):
    """Editors write a file in several steps; wait for a quiet moment, then build once.

    The steps of a save come within a few milliseconds of each other (measured here:
    Python's write_text, a write to a temporary file and a rename, sed -i, vim: 1 to
    5 ms from the first event to the last), so the quiet moment is 50 ms, a tenth of
    what a reader waits for a page anyway. One build at a time: an edit made during a
    build gets a build of its own after it. Once the reader has had the new pages
    (`idle` after a build, with no build since), `tidy` runs (the preview's:
    collector.set_aside), never while a build runs."""

    def __init__(
        self,
        action: Callable[[], None],
        watched: list[Path],
        delay: float = 0.05,
        idle: float = 2.0,
        tidy: Callable[[], None] | None = None,
    ) -> None:
        self.action, self.delay, self.idle, self.tidy = action, delay, idle, tidy
        self.watched = [path.resolve() for path in watched]
        self.timer: threading.Timer | None = None
        self.idle_timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.building = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        changed = Path(str(event.src_path)).resolve()
        if not any(changed == path or path in changed.parents for path in self.watched):
            return
        with self.lock:
            for timer in (self.timer, self.idle_timer):
                if timer is not None:
                    timer.cancel()
            self.timer = threading.Timer(self.delay, self._build)
            self.timer.start()

    def _build(self) -> None:
        with self.building:
            self.action()
        if self.tidy is not None:
            with self.lock:
                self.idle_timer = threading.Timer(self.idle, self._tidy)
                self.idle_timer.daemon = True
                self.idle_timer.start()

    def _tidy(self) -> None:
        assert self.tidy is not None
        if self.building.acquire(blocking=False):  # else a build runs: it tidies after
            try:
                self.tidy()
            finally:
                self.building.release()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, builds: Builds, *args: object, **kwargs: object) -> None:
        self.builds = builds
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        if self.path == "/__build":
            self._send(str(self.builds.count).encode(), "text/plain")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file() and self.path.endswith(("/", ".html")):
            body = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
            self._send(body, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass
