"""Sign-in and roles end to end: a real OpenID Connect provider, a real Streamlit server, real Chromium.

The provider is ``oidc-provider-mock`` on loopback: the test sets each person's
claims with ``PUT /users/{sub}`` and signs in through its login form. Without
sign-in, a real nginx from Debian on loopback forwards every request, and only
the browser that brought the server's start token is the person at the machine.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from analytics.store import Store
from benchmark.serve import free_port
from tests.browser import test_browser as shared
from tests.browser.test_browser import CHROMIUM, _open, _settle, _streamlit
from tests.conftest import REPO, ROLE_MEMBERS, run_cli

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


def _secrets(folder, app_port: int, provider: str, roles: dict | None = None, extra: str = ""):
    """``secrets.toml`` for a real sign-in through ``provider``: ``[auth]``, ``[roles]`` (by default
    :data:`ROLE_MEMBERS`) and ``extra`` tables (such as ``[units]``)."""
    members = ROLE_MEMBERS if roles is None else roles
    listed = "\n".join(f"{role} = {json.dumps(names)}" for role, names in members.items())
    path = folder / "secrets.toml"
    path.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{"9f8e7d6c5b4a3210" * 4}"
client_id = "innovasjonsbarometeret"
client_secret = "test-hemmelighet"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
{listed}
{extra}""",
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

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
# A plain reverse proxy in front of the app, as a municipality's IT would put one: it
# forwards no client headers (no X-Forwarded-For, X-Real-IP or Forwarded), only the
# WebSocket upgrade Streamlit needs. Every request then reaches the app from loopback.
NGINX_CONF = """
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 3600s;
        }}
    }}
}}
"""


@contextmanager
def _nginx(upstream: int, folder):
    """Debian's nginx on a free loopback port in front of ``upstream``; yields its port."""
    if NGINX is None:
        if os.environ.get("CI"):
            raise RuntimeError("nginx is missing on the CI machine: apt-get install nginx")
        pytest.skip("The reverse-proxy test needs Debian's nginx (apt-get install nginx); not found.")
    port = free_port()
    conf = folder / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read this test's folders
    conf.write_text(NGINX_CONF.format(user=user, folder=folder, port=port, upstream=upstream))
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "nginx-stderr.log", "w"),  # noqa: SIM115
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/_stcore/health", process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


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
    with _streamlit(data_dir, folder, port=port, extra=no_secrets) as url, _nginx(port, folder) as proxy:
        yield url, f"http://127.0.0.1:{proxy}"


def test_without_sign_in_and_without_the_token_no_one_sees_imported_data(imported_server, browser):
    url, proxied = imported_server
    # Neither through a proxy nor straight from this machine: the address alone proves nothing.
    for base in (proxied, url):
        for path in ("", "prosjekter", "importer", "historikk"):
            page = _open(browser, f"{base}/{path}", local=False)
            expect(page.locator("h1").first).to_have_text("Tilgang")
            body = page.locator("body").inner_text()
            assert "Trygg hjemme" not in body and "Logg inn" not in body
            assert "README" in body and "secrets.toml" in body
            page.close()
    # The same server, through the same proxy, to the browser that brought the start token.
    page = _open(browser, f"{proxied}/prosjekter")
    expect(page.locator("h1").first).to_have_text("Prosjekter og fundamenter")
    page.get_by_role("tab", name="Prosjektprofil").click()
    expect(page.get_by_role("heading", name="Trygg hjemme")).to_be_visible()
    page.close()


def test_behind_nginx_without_sign_in_the_demo_only_and_the_token_gives_full_rights(
    demo_dir, browser, tmp_path
):
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    port = free_port()
    with (
        _streamlit(data_dir, tmp_path, port=port, extra=["--secrets.files", str(tmp_path / "ingen.toml")]),
        _nginx(port, tmp_path) as proxy,
    ):
        proxied = f"http://127.0.0.1:{proxy}"
        page = _open(browser, f"{proxied}/", local=False)
        expect(page.locator("h1").first).to_have_text("Oversikt")
        expect(page.get_by_text("Demo – ingen innlogging").first).to_be_visible()
        # Shown, but nothing can be changed: the import page is not there.
        assert _title_at(page, f"{proxied}/importer") != "Importer data"
        assert page.get_by_role("link", name="Importer data").count() == 0
        # A wrong token is no token.
        assert _title_at(page, f"{proxied}/importer?token=gjettet") != "Importer data"
        # The same browser with the token has every right, and the token leaves the address bar.
        assert _title_at(page, shared.with_token(f"{proxied}/importer")) == "Importer data"
        assert page.url == f"{proxied}/importer"
        expect(page.locator('[data-testid="stFileUploader"]').first).to_be_visible()
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
