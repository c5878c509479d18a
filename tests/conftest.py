"""Shared fixtures: the fixture content and the real content, each built once per session
(once for all of pytest-xdist's workers).

The fixture content is built from a repository whose commits tell its story (tests/
history_repo.py), so every page shows dates, earlier values and corrections, as a
published site does; its facts are the fixture's exactly.

Only tests marked `build` may run a site engine (directly, or through a fixture that
builds); any other test that tries fails, so `make test-fast` stays engine-free.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import engine
from tests.helpers import ENGINE_ALLOWED, FACTS, PUBLIC_URL, build_site, once
from tests.history_repo import scripted_repository


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """Engines may run while a `build` test is set up, runs and is torn down, and then only."""
    token = ENGINE_ALLOWED.set(item.get_closest_marker("build") is not None)
    try:
        return (yield)
    finally:
        ENGINE_ALLOWED.reset(token)


_build_languages = engine.build_languages


def _only_in_build_tests(*args: Any, **kwargs: Any) -> None:
    assert ENGINE_ALLOWED.get(), "this test runs a site engine: mark it @pytest.mark.build"
    _build_languages(*args, **kwargs)


engine.build_languages = _only_in_build_tests  # in-process builds, as build_site's check


def build_once(factory: pytest.TempPathFactory, facts: Path, engine_name: str, name: str) -> Path:
    def make(base: Path) -> None:
        result = build_site(
            facts, base / "site", base / "work", "--engine", engine_name, "--site-url", PUBLIC_URL
        )
        assert result.code == 0, result.stderr

    return once(factory, name, make) / "site"


@pytest.fixture(scope="session")
def fixture_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's facts, at the end of their scripted history."""
    made = once(tmp_path_factory, "fixture-history", lambda f: scripted_repository(f / "fixture"))
    return made / "fixture" / "facts"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory, fixture_facts: Path) -> Path:
    """The fixture content built with MkDocs as for publishing (with a public address)."""
    return build_once(tmp_path_factory, fixture_facts, "mkdocs", "fixture-mkdocs")


@pytest.fixture(scope="session")
def fixture_zensical_site(tmp_path_factory: pytest.TempPathFactory, fixture_facts: Path) -> Path:
    """The fixture content built with Zensical."""
    return build_once(tmp_path_factory, fixture_facts, "zensical", "fixture-zensical")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with MkDocs as for publishing."""
    return build_once(tmp_path_factory, FACTS, "mkdocs", "real-mkdocs")


@pytest.fixture(scope="session")
def real_zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with Zensical."""
    return build_once(tmp_path_factory, FACTS, "zensical", "real-zensical")
