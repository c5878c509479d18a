"""The history step on a synthetic repository: how long reading 1,000 commits of facts takes.

A repository is made in a temporary folder with `git fast-import` (fast, and the same
commits every time): a synthetic fact set the size of the real one, then one edit per
commit, as editors make them: a figure's value, a term's definition, a section's
text, one language only, a new term, a whole file reformatted. Then the history step
(generator.history_cache.read_history, with the working tree compared last) is timed
cold (an empty cache) and cached (no new commit), and with one new commit on top.

    python bench/history.py              # prints JSON: {"history_cold_s": ..., ...}
    BENCH_COMMITS=200 python bench/history.py
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

from generator import history_cache  # noqa: E402

COMMITS = int(os.environ.get("BENCH_COMMITS", "1000"))
FACTS = 30  # about the real content's size: 30 figures, 6 terms, 9 events, 3 pages
COLD_RUNS, CACHED_RUNS = 3, 7
START = 1_735_689_600  # 2025-01-01, then one commit an hour
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        repo = scratch / "repo"
        made = time.perf_counter()
        facts = make_repository(repo, COMMITS)
        results: dict[str, Any] = {
            "history_commits": COMMITS,
            "history_repo_s": round(time.perf_counter() - made, 1),
        }
        cold = [_timed(facts, scratch / f"cold-{n}") for n in range(COLD_RUNS)]
        work = scratch / "cold-0"
        cached = [_timed(facts, work) for _ in range(CACHED_RUNS)]
        _commit_one_more(repo, COMMITS)
        one_more = _timed(facts, work)
        story = history_cache.read_history(facts, work)
        results |= {
            "history_cold_s": round(statistics.median(cold), 3),
            "history_cached_s": round(statistics.median(cached), 4),
            "history_one_new_commit_s": round(one_more, 3),
            "history_changes": len(story.changes),
            "history_skipped": story.skipped,
            "history_load_average": round(os.getloadavg()[0], 1),  # the machine is shared
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(results))


def _timed(facts: Path, work: Path) -> float:
    started = time.perf_counter()
    story = history_cache.read_history(facts, work)
    elapsed = time.perf_counter() - started
    assert story.available, story.reason
    return elapsed


def make_repository(repo: Path, commits: int) -> Path:
    """`commits` commits of a synthetic facts/ folder; returns the facts folder."""
    base = repo.parent / "base"
    synth.generate(FACTS, base)
    files = {
        path.relative_to(base).as_posix(): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(base.rglob("*.yml"))
    }
    texts = {path: _dump(data) for path, data in files.items()}
    editor = random.Random(11)  # noqa: S311 - reproducible, not secret
    stream = [_commit(1, "The facts as first published", texts)]
    for number in range(2, commits + 1):
        path, message = _edit(files, editor, number)
        texts[path] = _dump(files[path]) if message != "reformat" else _restyled(files[path])
        stream.append(_commit(number, message, {path: texts[path]}))
    repo.mkdir(parents=True)
    _git(repo, "init", "--quiet")
    _git(repo, "fast-import", "--quiet", stdin=b"".join(stream))
    _git(repo, "checkout", "--quiet", "main")
    return repo / "facts"


def _edit(files: dict[str, Any], editor: random.Random, number: int) -> tuple[str, str]:
    """One editor's change, in proportions like the real history's."""
    kind = editor.choices(
        ["value", "term", "section", "arabic", "new-term", "reformat"], [30, 20, 25, 10, 10, 5]
    )[0]
    if kind == "value":
        path = next(p for p in files if p.startswith("facts/"))
        fact = editor.choice(files[path]["facts"])
        value = fact["values"][0]
        value["amount"] = editor.randint(1, 99 if value["unit"] == "percent" else 900)
        return path, "value"
    path = next(p for p in files if p.startswith("terms/"))
    terms = files[path]["terms"]
    if kind == "term":
        term = editor.choice(terms)
        term["long"]["en"] = term["long"]["en"].rstrip(".") + f", {_word(number, 'en')}."
        term["long"]["ar"] = term["long"]["ar"].rstrip(".") + f"، {_word(number, 'ar')}."
        return path, kind
    if kind == "arabic":
        term = editor.choice(terms)  # a translation fix: English readers see no change
        term["short"]["ar"] = term["short"]["ar"].rstrip(".") + f" {_word(number, 'ar')}."
        return path, kind
    if kind == "new-term":
        new = json.loads(json.dumps(editor.choice(terms)))
        new["id"] = f"term-added-{number}"
        new["related"] = []
        terms.append(new)
        return path, kind
    if kind == "section":
        path = next(p for p in files if p.startswith("pages/"))
        section = editor.choice(editor.choice(files[path]["pages"])["sections"])
        section["body"]["en"] = section["body"]["en"].rstrip(".") + f", {_word(number, 'en')}."
        section["body"]["ar"] = section["body"]["ar"].rstrip(".") + f"، {_word(number, 'ar')}."
        return path, kind
    return path, "reformat"


WORDS = {
    "en": ["again", "as revised", "in short", "it seems", "for now", "so far", "as reported"],
    "ar": ["مجددًا", "بعد المراجعة", "باختصار", "على ما يبدو", "حتى الآن", "إلى اليوم", "كما ورد"],
}


def _word(number: int, lang: str) -> str:
    """Words, not digits: a number in one language only would not validate."""
    return WORDS[lang][number % len(WORDS[lang])]


def _dump(data: dict[str, Any]) -> bytes:
    """A fact file as synth.py writes it; each entry dumped once (PyYAML's dumper is slow)."""
    parts = []
    for key, value in data.items():
        if not isinstance(value, list):
            parts.append(_yaml({key: value}))
            continue
        parts.append(f"{key}:\n")
        parts += [_entry(json.dumps(entry, ensure_ascii=False)) for entry in value]
    return "".join(parts).encode()


@functools.cache
def _entry(entry: str) -> str:
    return _yaml({"x": [json.loads(entry)]}).removeprefix("x:\n")


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


def _restyled(data: Any) -> bytes:
    """The same data written another way: flow style and a comment."""
    text = yaml.dump(
        data,
        Dumper=yaml.CSafeDumper,
        allow_unicode=True,
        sort_keys=False,
        width=80,
        default_flow_style=None,
    )
    return b"# Reformatted by hand.\n" + text.encode()


def _commit(number: int, message: str, files: dict[str, bytes]) -> bytes:
    when = START + number * 3600
    parts = [
        b"commit refs/heads/main\n",
        f"mark :{number}\n".encode(),
        f"committer Editor <editor@example.invalid> {when} +0000\n".encode(),
        _data(message.encode()),
    ]
    if number > 1:
        parts.append(f"from :{number - 1}\n".encode())
    for path, text in files.items():
        parts += [f"M 100644 inline facts/{path}\n".encode(), _data(text)]
    return b"".join(parts) + b"\n"


def _data(content: bytes) -> bytes:
    return f"data {len(content)}\n".encode() + content + b"\n"


def _commit_one_more(repo: Path, number: int) -> None:
    path = repo / "facts" / "site.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# one more commit\n", encoding="utf-8")
    _git(repo, "add", "--all")
    when = f"{START + (number + 1) * 3600} +0000"
    _git(
        repo,
        "-c",
        "user.name=Editor",
        "-c",
        "user.email=editor@example.invalid",
        "commit",
        "--quiet",
        "-m",
        "one more",
        env={"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when},
    )


def _git(
    repo: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        input=stdin,
        check=True,
        env={**os.environ, **GIT_ENV, **(env or {})},
    )


if __name__ == "__main__":
    main()
