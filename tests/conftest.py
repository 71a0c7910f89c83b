"""Shared fixtures: the strategy, a demo data folder built once per strategy, folder snapshots, cache reset.

Tests run on Jevnaker's strategy (``data/``). A test parametrised with
``@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)`` runs on
every strategy in :data:`STRATEGIES`, among them the fictional Fjordvik kommune
(``tests/strategies/fjordvik``: six indicators with other ids, three groups, four
fundaments, a six-point scale and five phases), with its own demo data.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import html
import json
import locale
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from analytics.ingest import load_demo
from analytics.store import Store
from tests.cli_server import startup_env

REPO = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every run, so a red run means a change broke something;
# `HYPOTHESIS_PROFILE=explore` draws new ones to look for more (add what it finds as an @example).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
STRATEGIES = {"jevnaker": REPO / "data", "fjordvik": REPO / "tests" / "strategies" / "fjordvik"}
STRATEGY_NAMES = tuple(STRATEGIES)


# A test's kind is the folder it lives in (one marker per test; see pyproject.toml):
#   tests/unit     functions and files in this process
#   tests/cli      ``python -m analytics`` in subprocesses, or ``main([...])``
#   tests/pages    app.py through Streamlit's AppTest
#   tests/browser  a real Streamlit server (most of them driven by Chromium)
#   tests/spark    Apache Spark in local mode
#   tests/faults   killed processes, full disks, injected failures, racing writers
# `make test-fast` runs unit and cli tests. A test in tests/unit or tests/cli that runs a page
# through AppTest is a pages test (found by its fixtures and the code it calls), and a test
# can name its own kind with a marker (``@pytest.mark.faults``).
KINDS = ("unit", "cli", "pages", "browser", "spark", "faults")
# Fixtures that run a page through AppTest, and the names in code that do.
PAGE_FIXTURES = {"app", "page"}
PAGE_NAMES = {"app_test", "AppTest"}

# Tests of the fast kinds that are still too slow for the inner loop (large files, long property
# runs): `make test-fast` leaves them out too (``@pytest.mark.slow`` does the same).
SLOW_FIXTURES = {"filled_store", "hostile_files"}


def _kind_of(item) -> str:
    """The one kind of a test: its own marker, else its folder (tests/unit, ...; doctests are unit)."""
    own = [mark.name for mark in item.iter_markers() if mark.name in KINDS]
    if own:
        return own[0]
    path = Path(str(getattr(item, "path", "")))
    if path.parent.name in KINDS:
        kind = path.parent.name
    elif path.is_relative_to(REPO / "analytics"):
        kind = "unit"  # doctests
    else:
        raise pytest.UsageError(f"{path}: a test lives in one of the folders tests/{{{','.join(KINDS)}}}")
    if kind in ("unit", "cli") and _runs_a_page(item):
        kind = "pages"
    return kind


def _runs_a_page(item) -> bool:
    """The test uses a page fixture, or its code (or a helper of its module it calls) runs AppTest."""
    if PAGE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    module = getattr(item, "module", None)
    names = set(code.co_names)
    for name in list(names):
        helper = getattr(module, name, None)
        if callable(helper) and getattr(helper, "__module__", None) == module.__name__:
            names |= set(getattr(getattr(helper, "__code__", None), "co_names", ()))
    return bool(PAGE_NAMES & names)


# Long tests of one module that share a server, split in two groups: each worker that runs a
# group starts its own server, so the two halves can run side by side.
SECOND_GROUP = {
    "test_browser": {
        "test_every_slide_headline_fits_the_projector_without_scrolling",
        "test_the_meeting_view_walks_by_its_buttons_and_passes_axe",
        "test_the_presentation_view_walks_every_slide_by_keyboard_at_projector_sizes",
        "test_streamlits_own_texts_are_in_bokmal_with_their_roles_kept",
        "test_screenshots_for_the_guide",
        "test_every_page_fits_phones_and_tablets",
    },
}


def _server_group(item) -> str | None:
    """Tests sharing an expensive module-scoped fixture (a server, a Spark session, generated
    files) run in one xdist worker, one after the other, so the fixture is made once (twice for
    a module in :data:`SECOND_GROUP`)."""
    defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    shared = sorted(
        name
        for name, fixturedefs in defs.items()
        if name != "browser" and any(d.scope == "module" for d in fixturedefs)
    )
    if not shared:
        return None
    module = Path(str(item.path)).stem
    params = getattr(getattr(item, "callspec", None), "params", {})
    keys = [f"{name}={params[name]}" if name in params else name for name in shared]
    half = ":2" if getattr(item, "originalname", item.name) in SECOND_GROUP.get(module, ()) else ""
    return f"{module}:{'+'.join(keys)}{half}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Give each test its kind, its xdist group, and ``slow`` where the fast run leaves it out."""
    for item in items:
        kind = _kind_of(item)
        if item.get_closest_marker(kind) is None:
            item.add_marker(getattr(pytest.mark, kind))
        if kind not in ("unit", "cli") or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        group = _server_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


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
    """Run ``python -m analytics`` in a process of its own.

    The process is forked from :mod:`tests.cli_server`, which has imported the command line's
    libraries once, so a command does not spend most of a second starting; with
    ``INNOBARO_TEST_CLI=subprocess`` (or an environment that changes how an interpreter starts,
    such as ``PYTHONIOENCODING`` or ``LANG``) it is a new ``python -m analytics`` as before.
    """
    full_env = {**os.environ, **(env or {})}
    server = _cli_server() if os.environ.get("INNOBARO_TEST_CLI", "fork") == "fork" else None
    if server is None or startup_env(full_env) != server.startup:
        return subprocess.run(
            [sys.executable, "-m", "analytics", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=120,
        )
    return server.run(list(args), full_env, timeout=120)


def republish_every_round(folder: Path, env: dict) -> None:
    """Withdraw and publish again every published round of ``folder`` on the command line, with
    ``env`` (a threshold set in the environment holds for rounds published after it)."""
    rounds = json.loads(run_cli("rounds", "--data-dir", str(folder), "--json").stdout)
    for label in [r["round"] for r in rounds if r["published"]]:
        for command in (("withdraw", label), ("publish", label, "--confirm-warnings")):
            done = run_cli(*command, "--data-dir", str(folder), env=env)
            assert done.returncode == 0, done.stderr


class _CliServer:
    """The requesting side of :mod:`tests.cli_server` (one per test process, one command at a time).

    Every answer names the request it answers; a server that answers anything else, or that
    fails in the middle of a request, is stopped and the next command starts a new one.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.folder = Path(tempfile.mkdtemp(prefix="innobaro-cli-"))
        command = [sys.executable, "-m", "tests.cli_server"]
        self.process = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.pending = b""
        self.requests = 0
        self.broken = False
        self.startup = self._answer(None, timeout=120)["ready"]

    def _answer(self, number: int | None, timeout: float) -> dict:
        """The next line the server writes (read from the pipe itself: a buffered reader could
        hold a line that ``select`` does not see), which must answer request ``number``."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("tests.cli_server stopped")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        answer = json.loads(line)
        if answer.get("request") != number:
            raise RuntimeError(f"tests.cli_server answered {answer} to request {number}")
        return answer

    def run(self, args: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
        with self.lock:
            self.requests += 1
            number = self.requests
            out, err = self.folder / f"{number}.out", self.folder / f"{number}.err"
            request = {"request": number, "args": args, "env": env, "out": str(out), "err": str(err)}
            try:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
                pid = self._answer(number, timeout=120)["pid"]
                try:
                    status = self._answer(number, timeout)["status"]
                except TimeoutError:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    self._answer(number, timeout=60)
                    raise subprocess.TimeoutExpired(["python", "-m", "analytics", *args], timeout) from None
            except (OSError, RuntimeError, TimeoutError, ValueError):
                self.broken = True
                raise
            # As subprocess.run(text=True) reads them: the locale's encoding, universal newlines.
            encoding = locale.getpreferredencoding(False)
            try:
                return subprocess.CompletedProcess(
                    [sys.executable, "-m", "analytics", *args],
                    status,
                    out.read_text(encoding=encoding),
                    err.read_text(encoding=encoding),
                )
            finally:
                out.unlink(missing_ok=True)
                err.unlink(missing_ok=True)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_servers: list[_CliServer] = []


def _cli_server() -> _CliServer:
    if _servers and _servers[-1].broken:
        _servers.pop().close()
    if not _servers:
        _servers.append(_CliServer())
        atexit.register(_servers[-1].close)
    return _servers[-1]


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
