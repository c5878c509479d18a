"""Run the site engine (MkDocs or Zensical) on each language's generated project.

A build starts one engine process per language. The live preview keeps a warm engine
instead: one process that has imported the engine and loaded its plugins, and forks a
child per language for each rebuild, so a rebuild does not pay for starting Python and
importing the engine again (about half of an engine's time on a small site).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import traceback
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

ENGINES = ("mkdocs", "zensical")


class EngineError(Exception):
    """An engine failed; carries what it printed."""


def build_languages(
    engine: str, projects: list[Path], epoch: int, dirty: bool = False, warm: bool = False
) -> None:
    """Build every language at once (they are independent), each into <project>/site.

    `dirty`: MkDocs rebuilds only the pages whose Markdown is newer than their HTML.
    `warm`: the build runs in the warm engine, started by the first such build.
    """
    if warm:
        failures = _warm(engine, epoch).build(projects, dirty)
    else:
        running = [
            (project, subprocess.Popen(
                [sys.executable, "-m", engine, *_arguments(engine, project, dirty)],
                env=_environment(epoch), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True,
            ))
            for project in projects
        ]  # fmt: skip
        failures = []
        for project, process in running:
            output, _ = process.communicate()
            if process.returncode != 0:
                failures.append(f"{engine} failed for {project.name}:\n{output.strip()}")
    if failures:
        raise EngineError("\n\n".join(failures))


def _arguments(engine: str, project: Path, dirty: bool) -> list[str]:
    config = str(project / "mkdocs.yml")
    if engine == "mkdocs":
        return ["build", "--quiet", "--dirty" if dirty else "--clean", "-f", config]
    return ["build", "--strict", "-f", config]


def _environment(epoch: int) -> dict[str, str]:
    # A fixed epoch makes the sitemap's dates, and so the whole site, reproducible.
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}


class _Warm:
    """The parent's side of a warm engine: one request and one answer at a time."""

    def __init__(self, engine: str, epoch: int) -> None:
        self.engine = engine
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.engine", engine],
            env=_environment(epoch),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def build(self, projects: list[Path], dirty: bool) -> list[str]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        request = json.dumps({"projects": [str(project) for project in projects], "dirty": dirty})
        with self.lock:
            try:
                self.process.stdin.write(request + "\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline()
            except OSError:
                answer = ""
        if not answer:
            self.process.kill()
            raise EngineError(
                f"the warm {self.engine} engine stopped; the next build starts another"
            )
        failures: list[str] = json.loads(answer)
        return failures

    def stop(self) -> None:
        """Close its input (it then ends) and wait for it."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_WARM_ENGINES: dict[tuple[str, int], _Warm] = {}


def _warm(engine: str, epoch: int) -> _Warm:
    running = _WARM_ENGINES.get((engine, epoch))
    if running is None or running.process.poll() is not None:
        if running is not None:
            running.stop()
        running = _WARM_ENGINES[(engine, epoch)] = _Warm(engine, epoch)
    return running


@atexit.register
def _stop_warm_engines() -> None:
    for running in _WARM_ENGINES.values():
        running.stop()


def _serve_builds(engine: str, requests: IO[str], answers: IO[str]) -> None:
    """The warm engine's side: for each request (a line of JSON) build every project in
    a child of its own, at once, and answer with the failures (a line of JSON). Each child
    starts as this process is, so a build never sees what an earlier one left behind."""
    command = _command(engine)
    for number, line in enumerate(requests):
        request = json.loads(line)
        projects = [Path(path) for path in request["projects"]]
        if number == 0:
            _warm_up(engine, projects[0])
        failures = []
        with ExitStack() as files:
            children = []
            for project in projects:
                output, scanned = (files.enter_context(tempfile.TemporaryFile()) for _ in "12")
                arguments = _arguments(engine, project, request["dirty"])
                child = _fork(command, arguments, output, scanned)
                children.append((project, child, output, scanned))
            for project, child, output, _ in children:
                _, status = os.waitpid(child, 0)
                if os.waitstatus_to_exitcode(status) != 0:
                    output.seek(0)
                    text = output.read().decode("utf-8", errors="replace").strip()
                    failures.append(f"{engine} failed for {project.name}:\n{text}")
            if _SCANS is not None:
                _SCANS.keep([scanned for *_, scanned in children])
        answers.write(json.dumps(failures) + "\n")
        answers.flush()


def _command(engine: str) -> Any:
    """The engine's command line (a click command), imported once."""
    if engine == "mkdocs":
        from mkdocs.__main__ import cli
    else:
        from zensical.main import cli
    return cli


def _warm_up(engine: str, project: Path) -> None:
    """Do once, here, what the engine would do in every child: import what it imports
    only when it reads a config and renders a page (theme, plugins, Markdown
    extensions) and, for MkDocs, compile the theme's templates (its builds make a new
    Jinja environment each time; they all share the compiled code kept here, which
    Jinja checks against each template's source). Only a speed-up: a config that does
    not load is the child's to report."""
    config = str(project / "mkdocs.yml")
    if engine == "zensical":
        with contextlib.suppress(Exception):
            from zensical.config import parse_config
            from zensical.markdown.render import render

            parse_config(config)
            render("# A page\n\nA *paragraph*.\n", "index.md", "")
        with contextlib.suppress(Exception):
            import zensical.collectors

            global _SCANS
            _SCANS = _Scans(zensical.collectors.references)
            zensical.collectors.references = _SCANS  # here alone
        return
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.theme import Theme

    compiled = _Compiled()
    new_environment = Theme.get_env

    def get_env(theme: Theme) -> Environment:
        environment = new_environment(theme)
        environment.bytecode_cache = compiled
        return environment

    Theme.get_env = get_env  # type: ignore[method-assign,assignment]  # here alone
    _keep_theme_files()
    with contextlib.suppress(Exception):
        loaded = load_config(config)
        environment = loaded.theme.get_env()
        for name in environment.list_templates(extensions=["html", "xml"]):
            with contextlib.suppress(Exception):
                environment.get_template(name)
        Files([]).add_files_from_theme(environment, loaded)


def _keep_theme_files() -> None:
    """Have MkDocs find the theme's static files once, not at every build.

    Each build lists every file of the theme's folders (Material's hold 14,500, mostly
    icons) and matches each name against a dozen patterns, to find the 40 it copies: a
    tenth of a rebuild after one edit. What it finds depends only on the folders' file
    names and the theme's settings; the folders of installed packages do not change
    while the engine runs, and the others (overrides/) are listed at each build, so a
    file added there is found. Kept: the files found, each with the index of its folder
    in the theme's; a build then adds those that its own docs do not hold, in the same
    order, as MkDocs would."""
    from mkdocs.structure.files import File, Files

    find = Files.add_files_from_theme
    found: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
    installed = {os.path.realpath(sysconfig.get_path(name)) for name in ("purelib", "platlib")}

    def theme_files(files: Files, environment: Environment, config: Any) -> None:
        dirs = list(config.theme.dirs)
        key = (
            repr(sorted(config.theme.static_templates)),
            *(_names(folder, installed) for folder in dirs),
        )
        if key not in found:
            alone = Files([])
            find(alone, environment, config)
            found[key] = [(file.src_uri, dirs.index(file.src_dir)) for file in alone]
        for path, folder in found[key]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, dirs[folder], config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = theme_files  # type: ignore[method-assign,assignment]  # here alone


def _names(folder: str, installed: set[str]) -> tuple[str, ...]:
    """A theme folder, for a key: its path alone when it is an installed package's,
    else also the names of all its files."""
    real = os.path.realpath(folder)
    if any(real.startswith(root + os.sep) for root in installed):
        return (real,)
    return (real, *sorted(
        os.path.relpath(os.path.join(here, name), real)
        for here, _, names in os.walk(real) for name in names
    ))  # fmt: skip


class _Compiled(BytecodeCache):
    """Jinja's compiled templates, in memory."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class _Scans:
    """Zensical's scan of each page's Markdown for its links and footnotes, kept across
    builds. Zensical scans every page at every build, in Python, byte by byte: at 1,000
    facts, most of a rebuild after one edit, for pages that did not change. A scan is a
    function of the page's bytes alone, so one made for the same bytes is used again.
    Each build's child reports what it used and what it scanned anew; the parent keeps
    those, and only those, for the next build."""

    def __init__(self, scan: Any) -> None:
        self.scan = scan
        self.kept: dict[tuple[bytes, int], list[Any]] = {}
        self.new: dict[tuple[bytes, int], list[Any]] = {}
        self.used: set[tuple[bytes, int]] = set()

    def __call__(self, markdown: bytes, shift: int = 0) -> Any:
        if not isinstance(markdown, bytes) or not isinstance(shift, int):
            return self.scan(markdown, shift)
        key = (hashlib.blake2b(markdown, digest_size=16).digest(), shift)
        found = self.kept.get(key)
        if found is None:
            found = self.new.get(key)
        if found is None:
            found = self.new[key] = list(self.scan(markdown, shift))
        self.used.add(key)
        return iter(found)

    def report(self, to: IO[bytes]) -> None:
        """The child's side: what this build used, and the scans it made."""
        pickle.dump((self.used, self.new), to)

    def keep(self, reports: list[IO[bytes]]) -> None:
        """The parent's side: keep what the children used, from their reports."""
        kept: dict[tuple[bytes, int], list[Any]] = {}
        for report in reports:
            report.seek(0)
            with contextlib.suppress(Exception):  # a child that stopped early: no report
                used, new = pickle.load(report)  # noqa: S301  # our own child wrote it
                for key in used:
                    found = new.get(key, self.kept.get(key))
                    if found is not None:
                        kept[key] = found
        self.kept, self.new, self.used = kept, {}, set()


_SCANS: _Scans | None = None  # in the warm Zensical engine


def _fork(command: Any, arguments: list[str], output: IO[bytes], scanned: IO[bytes]) -> int:
    """Run the engine's command line in a child process, printing to `output`, as
    `python -m <engine> <arguments>` would run it; what it scanned goes to `scanned`."""
    sys.stdout.flush()
    child = os.fork()
    if child:
        return child
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as `python -m <engine>` would: stop
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        command.main(args=arguments, prog_name=command.name)  # exits, as the command does
    except SystemExit as exit:
        code = 0 if exit.code is None else exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        if _SCANS is not None:
            with contextlib.suppress(Exception):
                _SCANS.report(scanned)
                scanned.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    # Ctrl+C is for the preview, which then closes this process's input: that ends it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _serve_builds(sys.argv[1], sys.stdin, sys.stdout)
