"""Property tests: whatever a contributor writes, the answer is a list of problems or a site.

Never a traceback: `check` exits 0 or 1 for random YAML documents, random bytes, and
random mutations of the fixture's fact files, and whatever passes validation also renders.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.load import Document, load_facts, parse_document
from generator.model import LANGUAGES
from generator.problems import InputError
from generator.render import render_site
from generator.validate import validate
from tests.helpers import FIXTURE

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXTURE_FILES = sorted(FIXTURE.rglob("*.yml"))
KEYS = ["id", "ar", "en", "facts", "terms", "values", "amount", "unit", "date", "site", "pages"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2023-02-30", "2023-13", "--05", "2030", "story", "share", "a", "USD"]),
    st.sampled_from(["{fact:share}", "{term:stargate|x}", "{cite:a:1}", "{date:2023}", "{"]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


@functools.cache
def fixture_documents() -> list[Document]:
    return [parse_document(path.read_bytes(), path.as_posix()) for path in FIXTURE_FILES]


def outcome(raw: bytes, name: str = "f.yml") -> None:
    """Load and validate one file with the fixture facts; only InputError may come out."""
    others = [doc for doc in fixture_documents() if Path(doc.file).name != name]
    try:
        site = validate([*others, parse_document(raw, f"facts/{name}")])
    except InputError as error:
        problems = error.problems
    else:
        for lang in LANGUAGES:
            render_site(site, lang)
        return
    assert problems
    assert all(p.line >= 1 and p.col >= 1 and p.message for p in problems)


def check_exit_code(facts: Path) -> int:
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        return cli.main(["--facts", str(facts), "check"])


@FUZZ
@given(documents)
def test_random_documents_give_problems_not_tracebacks(document: Any) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    outcome(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_give_problems_not_tracebacks(raw: bytes) -> None:
    outcome(raw)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_gives_problems_not_tracebacks(text: str) -> None:
    outcome(text.encode("utf-8", errors="surrogatepass"))


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A fixture fact file with a few bytes cut, inserted, repeated or replaced."""
    path = draw(st.sampled_from(FIXTURE_FILES))
    raw = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        size = draw(st.integers(min_value=0, max_value=40))
        action = draw(st.sampled_from(["cut", "insert", "repeat", "replace"]))
        if action == "cut":
            del raw[at : at + size]
        elif action == "repeat":
            raw[at:at] = raw[at : at + size]
        else:
            inserted = draw(
                st.one_of(
                    st.binary(max_size=8),
                    st.sampled_from([b":", b"- ", b"  ", b"\n", b"'", b'"', b"{", b"&a", b"*a"]),
                    st.text(max_size=4).map(lambda t: t.encode("utf-8", "surrogatepass")),
                )
            )
            if action == "replace":
                del raw[at : at + len(inserted)]
            raw[at:at] = inserted
    return path.name, bytes(raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_file())
def test_mutated_fixture_files_give_problems_not_tracebacks(case: tuple[str, bytes]) -> None:
    name, raw = case
    outcome(raw, name)


@st.composite
def mutated_data(draw: st.DrawFn) -> tuple[Path, dict[str, Any]]:
    """A fixture fact file's data with one value replaced, removed, or a key added."""
    path = draw(st.sampled_from(FIXTURE_FILES))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    node: Any = data
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 4)):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        if not isinstance(node[key], (dict, list)):
            break
        node = node[key]
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            node[key] = draw(documents)
        elif action == "remove":
            del node[key]
        else:
            node[draw(keys)] = draw(documents)
    elif isinstance(node, list) and node:
        node[draw(st.integers(0, len(node) - 1))] = draw(documents)
    return path, data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data())
def test_the_command_exits_0_or_1_on_mutated_data(case: tuple[Path, dict[str, Any]]) -> None:
    path, data = case
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "facts"
        shutil.copytree(FIXTURE, facts)
        target = facts / path.relative_to(FIXTURE)
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert check_exit_code(facts) in (0, 1)


def test_the_fixture_facts_pass() -> None:
    """The control for the tests above: unmutated files load, validate and render."""
    site = validate(load_facts(FIXTURE))
    for lang in LANGUAGES:
        assert render_site(site, lang)
