"""Shared fixtures: the strategy, a demo data folder built once per strategy, folder snapshots, cache reset.

Tests run on Jevnaker's strategy (``data/``). A test parametrised with
``@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)`` runs on
every strategy in :data:`STRATEGIES`, among them the fictional Fjordvik kommune
(``tests/strategies/fjordvik``: six indicators with other ids, three groups, four
fundaments, a six-point scale and five phases), with its own demo data.
"""

from __future__ import annotations

import hashlib
import html
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from analytics.ingest import load_demo
from analytics.store import Store

REPO = Path(__file__).resolve().parent.parent
STRATEGIES = {"jevnaker": REPO / "data", "fjordvik": REPO / "tests" / "strategies" / "fjordvik"}
STRATEGY_NAMES = tuple(STRATEGIES)


# Modules that run pages through AppTest, drive a browser or kill processes: `make test-fast` skips them.
SLOW_MODULES = {
    "test_browser",
    "test_culture_page",
    "test_ingest_faults",
    "test_pages",
    "test_pages_import",
    "test_portfolio_pages",
    "test_backup",
    "test_retention",
    "test_serve",
}


# Fixtures that run pages or write large files.
SLOW_FIXTURES = {"app", "filled_store", "hostile_files"}


def pytest_collection_modifyitems(items):
    """Mark page, browser and fault tests (and tests using a slow fixture) as slow."""
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module else ""
        if name in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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


# Sign-in as a deployment configures it; AppTest sets the signed-in user's claims.
# (An AppTest session without the start token in its query is never the local user.)
ROLE_MEMBERS = {
    "politiker": ["pol@jevnaker.kommune.no", "gruppe-kommunestyret"],
    "leder": ["leder@jevnaker.kommune.no"],
    "analytiker": ["ana@jevnaker.kommune.no"],
    "admin": ["admin@jevnaker.kommune.no"],
}
EVERY_ROLE = "alle@jevnaker.kommune.no"
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "0123456789abcdef" * 4,
        "client_id": "innovasjonsbarometeret",
        "client_secret": "hemmelig",
        "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration",
    },
    "roles": {role: [*members, EVERY_ROLE] for role, members in ROLE_MEMBERS.items()},
}


def sign_in(at, email: str = EVERY_ROLE, groups: tuple[str, ...] = ()):
    """Configure sign-in on an AppTest and sign ``email`` in (default: a person with every role)."""
    at.secrets = {name: dict(table) for name, table in AUTH_SECRETS.items()}
    at.user = {"is_logged_in": True, "email": email, "groups": list(groups), "sub": email}
    return at


def app_test(data_dir: Path, monkeypatch, email: str | None = EVERY_ROLE, timeout: float = 60):
    """An AppTest of ``app.py`` on ``data_dir``, caches emptied, signed in as ``email`` (None: no sign-in)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("INNOBARO_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    at.data_dir = data_dir
    return at if email is None else sign_in(at, email)


@pytest.fixture
def app(demo_copy, monkeypatch):
    """An AppTest of ``app.py`` on a private copy of the demo data, caches emptied, signed in
    with every role.

    ``app.data_dir`` is the data folder, for comparing with the CLI.
    """
    return app_test(demo_copy, monkeypatch)


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


def lines_of(stream) -> queue.Queue:
    """The lines a child process writes, read by a thread so a test can wait with a bound.

    ``lines_of(proc.stdout).get(timeout=300)`` is the next line; ``None`` follows the last one.
    """
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def html_texts(at, css_class: str | None = None) -> list[str]:
    """The text of the page's ``st.html`` blocks (tags removed, entities decoded), by CSS class."""
    texts = []
    for element in at.get("html"):
        body = element.proto.body
        if css_class is None or f'class="{css_class}"' in body:
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", body)).strip())
    return [re.sub(r"[ \t\r\n]+", " ", text) for text in texts]


def takeaways(at) -> list[str]:
    """The one-sentence takeaways above the charts, in page order."""
    return html_texts(at, "takeaway")


def as_written(text: str) -> str:
    """Text that went through ``analytics.core.text.literal``, as the reader sees it (escapes removed)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def shown_tables(at) -> list:
    """The page's ``st.table`` frames as the reader sees them: headers and texts as written."""
    frames = []
    for element in at.table:
        frame = element.value.rename(columns=lambda c: as_written(c) if isinstance(c, str) else c)
        frames.append(frame.map(lambda v: as_written(v) if isinstance(v, str) else v))
    return frames


def shown_text(at) -> str:
    """Everything a page writes as text: markdown, text blocks and tables."""
    return " ".join(
        [as_written(m.value) for m in at.markdown]
        + html_texts(at)
        + [df.to_csv() for df in [*(d.value for d in at.dataframe), *shown_tables(at)]]
    )
