"""Shared fixtures: the strategy, a demo data folder built once per strategy, folder snapshots, cache reset.

Tests run on Jevnaker's strategy (``data/``). A test parametrised with
``@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)`` runs on
every strategy in :data:`STRATEGIES`, among them the fictional Fjordvik kommune
(``tests/strategies/fjordvik``: six indicators with other ids, three groups, four
fundaments, a six-point scale and five phases), with its own demo data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from analytics.ingest import load_demo
from analytics.store import Store

REPO = Path(__file__).resolve().parent.parent
STRATEGIES = {"jevnaker": REPO / "data", "fjordvik": REPO / "tests" / "strategies" / "fjordvik"}
STRATEGY_NAMES = tuple(STRATEGIES)


@contextmanager
def using_strategy(name: str):
    """``INNOBARO_FRAMEWORK_DIR`` set to a strategy's folder for the block (restored after)."""
    before = os.environ.get("INNOBARO_FRAMEWORK_DIR")
    os.environ["INNOBARO_FRAMEWORK_DIR"] = str(STRATEGIES[name])
    try:
        yield
    finally:
        if before is None:
            del os.environ["INNOBARO_FRAMEWORK_DIR"]
        else:
            os.environ["INNOBARO_FRAMEWORK_DIR"] = before


@pytest.fixture
def strategy(request, monkeypatch) -> str:
    """The strategy a test runs on (Jevnaker unless parametrised), set for the app and the CLI."""
    name = getattr(request, "param", "jevnaker")
    monkeypatch.setenv("INNOBARO_FRAMEWORK_DIR", str(STRATEGIES[name]))
    return name


@pytest.fixture(scope="session")
def demo_dirs(tmp_path_factory):
    """Builds each strategy's demo data folder once: ``demo_dirs(name) -> folder``."""
    built: dict[str, Path] = {}

    def folder_of(name: str) -> Path:
        if name not in built:
            folder = tmp_path_factory.mktemp(f"demo-{name}") / "store"
            with using_strategy(name):
                load_demo(Store(folder))
            built[name] = folder
        return built[name]

    return folder_of


@pytest.fixture(scope="session")
def demo_dir(demo_dirs) -> Path:
    """A data folder holding Jevnaker's demo dataset (do not modify; copy it)."""
    return demo_dirs("jevnaker")


@pytest.fixture
def strategy_demo_dir(demo_dirs, strategy) -> Path:
    """The demo data folder of the test's strategy (do not modify; copy it)."""
    return demo_dirs(strategy)


@pytest.fixture
def demo_copy(strategy_demo_dir, tmp_path) -> Path:
    """A private, writable copy of the test's strategy's demo data folder."""
    target = tmp_path / "store"
    shutil.copytree(strategy_demo_dir, target)
    return target


@pytest.fixture
def app(demo_copy, monkeypatch):
    """An AppTest of ``app.py`` on a private copy of the demo data, caches emptied.

    ``app.data_dir`` is the data folder, for comparing with the CLI.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("INNOBARO_DATA_DIR", str(demo_copy))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.data_dir = demo_copy
    return at


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    } | {str(p.relative_to(folder)) + "/": "dir" for p in folder.rglob("*") if p.is_dir()}


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m analytics`` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
