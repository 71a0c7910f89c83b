"""Sign-in and roles end to end: a real OpenID Connect provider, a real Streamlit server, real Chromium.

The provider is ``oidc-provider-mock`` on loopback: the test sets each person's
claims with ``PUT /users/{sub}`` and signs in through its login form. Without
sign-in, a client on another address reaches the server through a TCP relay
whose upstream connections leave from 127.0.0.2, so the server sees a real
connection that is not from the app's own machine.
"""

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager, suppress

import pytest

from analytics.store import Store
from benchmark.serve import free_port
from tests import test_browser as shared
from tests.conftest import REPO, ROLE_MEMBERS, run_cli
from tests.test_browser import CHROMIUM, _open, _settle, _streamlit

pytestmark = pytest.mark.browser
if CHROMIUM is None:  # test_browser.py has said why (and fails on CI)
    pytest.skip("Browser tests need Debian's chromium.", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

browser = shared.browser  # the same Chromium fixture as the other browser tests

# Every page and its title; which of them each role may open.
TITLES = {
    "": "Oversikt",
    "innovasjonskultur": "Innovasjonskultur",
    "tiltak": "Tiltak",
    "prosjekter": "Prosjekter og fundamenter",
    "samskaping": "Samskaping",
    "virkemidler": "Virkemidler",
    "strategien": "Strategien som mål",
    "sporreskjema": "Spørreskjema",
    "importer": "Importer data",
    "historikk": "Importhistorikk",
    "administrasjon": "Administrasjon",
    "tilgang": "Tilgang",
}
READER_PAGES = set(TITLES) - {"tiltak", "importer", "historikk", "administrasjon", "tilgang"}
PEOPLE = {
    # sub: (claims, pages the person may open)
    "politiker": (
        {"email": "ola.politiker@jevnaker.kommune.no", "groups": ["gruppe-kommunestyret"]},
        READER_PAGES | {"tilgang"},
    ),
    "leder": ({"email": ROLE_MEMBERS["leder"][0], "groups": []}, READER_PAGES | {"tiltak", "tilgang"}),
    "analytiker": (
        {"email": ROLE_MEMBERS["analytiker"][0], "groups": ["noe-annet"]},
        READER_PAGES | {"tiltak", "importer", "historikk", "tilgang"},
    ),
    "uten-rolle": ({"email": "kari@jevnaker.kommune.no", "groups": ["ukjent-gruppe"]}, {"tilgang"}),
}


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.3)


@contextmanager
def _provider(log_dir):
    """``python -m oidc_provider_mock`` on a free loopback port; yields its base URL."""
    port = free_port()
    log = open(log_dir / "oidc.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/.well-known/openid-configuration", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _put_user(provider: str, sub: str, claims: dict) -> None:
    request = urllib.request.Request(
        f"{provider}/users/{sub}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204


def _secrets(folder, app_port: int, provider: str):
    roles = "\n".join(f"{role} = {json.dumps(members)}" for role, members in ROLE_MEMBERS.items())
    path = folder / "secrets.toml"
    path.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{"9f8e7d6c5b4a3210" * 4}"
client_id = "innovasjonsbarometeret"
client_secret = "test-hemmelighet"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
{roles}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def signed_in_server(tmp_path_factory, demo_dir):
    folder = tmp_path_factory.mktemp("access")
    data_dir = folder / "store"
    shutil.copytree(demo_dir, data_dir)
    with _provider(folder) as provider:
        for sub, (claims, _) in PEOPLE.items():
            _put_user(provider, sub, claims)
        port = free_port()
        secrets = _secrets(folder, port, provider)
        with _streamlit(data_dir, folder, port=port, extra=["--secrets.files", str(secrets)]) as url:
            yield url, data_dir


def _sign_in(browser, url: str, sub: str):
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    context.set_default_timeout(shared.WAIT_MS)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("h1").first).to_have_text("Tilgang")
    page.get_by_role("button", name="Logg inn").click()
    # The provider's own login form.
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    page.wait_for_selector("h1")
    _settle(page)
    return context, page


def _title_at(page, url: str) -> str:
    page.goto(url)
    page.wait_for_selector("h1")
    _settle(page)
    return page.locator("h1").first.inner_text()


@pytest.mark.parametrize("sub", list(PEOPLE))
def test_each_role_sees_exactly_its_pages(signed_in_server, browser, sub):
    url, data_dir = signed_in_server
    claims, allowed = PEOPLE[sub]
    context, page = _sign_in(browser, url, sub)
    try:
        opened = set()
        for path, title in TITLES.items():
            shown = _title_at(page, f"{url}/{path}")
            if shown == title:
                opened.add(path)
            else:
                # A page the role may not see is not registered: its URL opens another page.
                assert page.locator('input[type="file"]').count() == 0, (sub, path)
        assert opened == allowed, sub
        if sub == "uten-rolle":
            body = page.locator("body").inner_text()
            assert "står ikke under noen rolle" in body and claims["email"] in body
        # Every sign-in is in the audit trail, with the person's e-mail and roles.
        entries = [e for e in Store(data_dir).audit_log() if e["who"] == claims["email"]]
        assert entries and entries[0]["action"] == "sign_in", entries
        assert (
            entries[0]["detail"]
            == {
                "politiker": "politiker",
                "leder": "leder",
                "analytiker": "analytiker",
                "uten-rolle": "ingen rolle",
            }[sub]
        )
    finally:
        context.close()


def test_the_padriver_name_is_shown_to_the_leader_only(signed_in_server, browser):
    url, data_dir = signed_in_server
    names = {n for n in Store(data_dir).table("projects")["padriver"].dropna() if n.strip()}
    assert len(names) > 5
    seen = {}
    for sub in ("politiker", "leder", "analytiker"):
        context, page = _sign_in(browser, url, sub)
        assert _title_at(page, f"{url}/prosjekter") == "Prosjekter og fundamenter"
        page.get_by_role("tab", name="Prosjektprofil").click()
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="Pådriver")
        expect(metric.first).to_be_visible()
        text = page.locator("body").inner_text()
        seen[sub] = {name for name in names if name in text}
        context.close()
    assert len(seen["leder"]) == 1 and seen["politiker"] == set() and seen["analytiker"] == set()


def test_a_politician_sees_no_unit_views_and_a_leader_does(signed_in_server, browser):
    url, _ = signed_in_server
    shown = {}
    for sub in ("politiker", "leder"):
        context, page = _sign_in(browser, url, sub)
        _title_at(page, f"{url}/innovasjonskultur")
        body = page.locator("body").inner_text()
        shown[sub] = ("Helse og omsorg" in body, "Tallene per enhet er for ledere" in body)
        context.close()
    assert shown == {"politiker": (False, True), "leder": (True, False)}


# ---------------------------------------------------------------- without sign-in


@contextmanager
def _relay(target_port: int, source: str = "127.0.0.2"):
    """A TCP relay on loopback whose upstream connections come from ``source``."""
    listener = socket.create_server(("127.0.0.1", 0))
    sockets: list[socket.socket] = [listener]

    def pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def accept():
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", target_port), source_address=(source, 0))
            sockets.extend((client, upstream))
            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        for s in sockets:
            s.close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def imported_server(tmp_path_factory, demo_dir):
    """No sign-in configured; the data folder holds imported (not demo) data."""
    folder = tmp_path_factory.mktemp("imported")
    data_dir = folder / "store"
    shutil.copytree(demo_dir, data_dir)
    history = json.loads(run_cli("history", "--data-dir", str(data_dir), "--json").stdout)
    assert run_cli("undo", str(history[-1]["id"]), "--data-dir", str(data_dir)).returncode == 0
    projects = folder / "prosjekter.csv"
    projects.write_text(
        "project_id;name;sector;started_on\nX1;Trygg hjemme;Helse og omsorg;2024-02-01\n", encoding="utf-8"
    )
    assert run_cli("import", str(projects), "--kind", "projects", "--data-dir", str(data_dir)).returncode == 0
    assert not Store(data_dir).is_demo()
    port = free_port()
    no_secrets = ["--secrets.files", str(folder / "ingen.toml")]
    with _streamlit(data_dir, folder, port=port, extra=no_secrets) as url:
        yield url, port


def test_without_sign_in_a_client_on_another_address_sees_no_imported_data(imported_server, browser):
    url, port = imported_server
    with _relay(port) as relay_port:
        remote = f"http://127.0.0.1:{relay_port}"
        for path in ("", "prosjekter", "importer", "historikk"):
            page = _open(browser, f"{remote}/{path}")
            expect(page.locator("h1").first).to_have_text("Tilgang")
            body = page.locator("body").inner_text()
            assert "Trygg hjemme" not in body and "Logg inn" not in body
            assert "README" in body and "secrets.toml" in body
            page.close()
    # The same server to a browser on its own machine: the imported project is there.
    page = _open(browser, f"{url}/prosjekter")
    expect(page.locator("h1").first).to_have_text("Prosjekter og fundamenter")
    page.get_by_role("tab", name="Prosjektprofil").click()
    expect(page.get_by_role("heading", name="Trygg hjemme")).to_be_visible()
    page.close()


def test_without_sign_in_another_address_sees_the_demo_with_a_banner(demo_dir, browser, tmp_path):
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    port = free_port()
    with (
        _streamlit(data_dir, tmp_path, port=port, extra=["--secrets.files", str(tmp_path / "ingen.toml")]),
        _relay(port) as relay_port,
    ):
        page = _open(browser, f"http://127.0.0.1:{relay_port}/")
        expect(page.locator("h1").first).to_have_text("Oversikt")
        expect(page.get_by_text("Demo – ingen innlogging").first).to_be_visible()
        # Shown, but nothing can be changed: the import page is not there.
        assert _title_at(page, f"http://127.0.0.1:{relay_port}/importer") != "Importer data"
        page.close()


def test_sign_in_refuses_to_start_without_a_cookie_secret(demo_dir, browser, tmp_path):
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\nclient_id = "x"\n'
        'client_secret = "y"\nserver_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with _streamlit(data_dir, tmp_path, port=port, extra=["--secrets.files", str(secrets)]) as url:
        page = _open(browser, f"{url}/")
        expect(page.get_by_text("Ingen kan logge inn før dette er rettet")).to_be_visible()
        expect(page.get_by_text("mangler cookie_secret")).to_be_visible()
        assert page.get_by_role("button", name="Logg inn").count() == 0
        assert _title_at(page, f"{url}/prosjekter") == "Tilgang"
        page.close()
