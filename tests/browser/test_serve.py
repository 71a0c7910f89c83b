"""`make serve` end to end: two app processes behind the real HAProxy, real sign-in, real Chromium.

Each browser signs in through the real OpenID Connect provider (oidc-provider-mock)
by way of the proxy, one uploads and stores a file, one downloads a report. The
proxy names the process that answered every response (``X-Innobaro-Prosess``): each
browser keeps to one process, and the two browsers land on different ones.
"""

import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from analytics.store import Store, named_files
from benchmark.serve import free_port
from tests.browser import test_browser as shared
from tests.browser.test_browser import CHROMIUM, _settle
from tests.browser.test_browser_access import _provider, _put_user
from tests.browser.test_browser_access import _secrets as _signed_in_secrets
from tests.conftest import REPO, lines_of, run_cli
from tests.corpus import csv_utf8_bom

pytestmark = pytest.mark.browser
if CHROMIUM is None:  # test_browser.py has said why (and fails on CI)
    pytest.skip("Browser tests need Debian's chromium.", allow_module_level=True)
if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
    pytest.fail("make serve needs HAProxy: apt-get install haproxy (make system-deps does it)")

from playwright.sync_api import expect  # noqa: E402

browser = shared.browser

ANALYST = {"email": "ana@jevnaker.kommune.no", "groups": []}
LEADER = {"email": "leder@jevnaker.kommune.no", "groups": []}


def _secrets(folder: Path, port: int, provider: str) -> Path:
    return _signed_in_secrets(
        folder, port, provider, roles={"leder": [LEADER["email"]], "analytiker": [ANALYST["email"]]}
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_dir):
    """`make serve REPLICAS=2` on a copy of the demo data; yields the proxy's URL and the data folder."""
    folder = tmp_path_factory.mktemp("serve")
    data_dir = folder / "store"
    shutil.copytree(demo_dir, data_dir)
    with _provider(folder) as provider:
        _put_user(provider, "analytiker", ANALYST)
        _put_user(provider, "leder", LEADER)
        port = free_port()
        secrets = _secrets(folder, port, provider)
        make = subprocess.Popen(
            ["make", "serve", "REPLICAS=2", f"PORT={port}", f"SECRETS={secrets}"],
            cwd=REPO,
            env={**os.environ, "INNOBARO_DATA_DIR": str(data_dir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: the test stops make and all it started
        )
        lines = lines_of(make.stdout)
        try:
            seen = []
            while not (line := lines.get(timeout=300)).startswith("serving "):
                seen.append(line)
                assert line is not None, seen
            assert line.startswith(f"serving http://127.0.0.1:{port} with 2 app processes"), line
            yield f"http://127.0.0.1:{port}", data_dir
        finally:
            os.killpg(make.pid, signal.SIGTERM)
            make.wait(timeout=300)  # stopping two app processes and the proxy, however busy the machine


def _browser_on(browser, url: str):
    """A new browser context whose responses from the proxy are counted by the process that answered."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    context.set_default_timeout(shared.WAIT_MS)
    processes: list[str] = []

    def note(response):
        if response.url.startswith(url):
            # A response without the proxy's header would show up as a second "process".
            processes.append(response.headers.get("x-innobaro-prosess", f"no header: {response.url}"))

    context.on("response", note)
    return context, processes


def _sign_in(context, url: str, sub: str):
    page = context.new_page()
    page.goto(url)
    expect(page.locator("h1").first).to_have_text("Tilgang")
    page.get_by_role("button", name="Logg inn").click()
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    page.wait_for_selector("h1")
    _settle(page)
    return page


def test_two_browsers_sign_in_upload_and_download_each_on_its_own_process(served, browser, tmp_path):
    url, data_dir = served
    analyst, analyst_processes = _browser_on(browser, url)
    leader, leader_processes = _browser_on(browser, url)
    try:
        page = _sign_in(analyst, url, "analytiker")
        # The analyst's session keeps its sign-in (same process) while a second browser signs in.
        other = _sign_in(leader, url, "leder")

        page.goto(f"{url}/importer")
        expect(page.locator("h1").first).to_have_text("Importer data")
        case = csv_utf8_bom(tmp_path, random.Random(5))
        page.locator('input[type="file"]').first.set_input_files(str(case.path))
        expect(page.get_by_text("Kontroll før lagring")).to_be_visible()
        page.get_by_role("button", name="Lagre importen").click()
        expect(page.get_by_text("Lagret som import 2: 6 respondenter")).to_be_visible()

        other.goto(f"{url}/mote")
        other.wait_for_selector("h1")
        _settle(other)
        with other.expect_download() as download_info:
            other.get_by_role("button", name="Last ned PDF").click()
        report = Path(download_info.value.path()).read_bytes()
        assert report.startswith(b"%PDF-")
        assert download_info.value.suggested_filename.endswith(".pdf")
    finally:
        analyst.close()
        leader.close()

    # Every response each browser got came from one process, and not the other browser's.
    assert len(set(analyst_processes)) == 1, analyst_processes
    assert len(set(leader_processes)) == 1, leader_processes
    assert set(analyst_processes) | set(leader_processes) == {"app1", "app2"}
    # The stored import and the report are in the history and the audit trail under each person.
    history = json.loads(run_cli("history", "--json", "--data-dir", str(data_dir)).stdout)
    assert (history[0]["id"], history[0]["file_name"], history[0]["who"], history[0]["respondents"]) == (
        2,
        "ledere_utf8.csv",
        ANALYST["email"],
        6,
    )
    actions = {(e["who"], e["action"]) for e in Store(data_dir).audit_log()}
    assert {
        (ANALYST["email"], "sign_in"),
        (LEADER["email"], "sign_in"),
        (LEADER["email"], "report"),
    } <= actions


def test_the_proxy_compresses_the_static_files_and_answers_the_health_check(served):
    url, data_dir = served
    with urllib.request.urlopen(url, timeout=30) as response:
        page = response.read().decode("utf-8")
    script = page.split('src="', 1)[1].split('"', 1)[0]  # the app's main JavaScript bundle
    request = urllib.request.Request(f"{url}/{script.lstrip('./')}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        compressed = response.read()
    assert len(gzip.decompress(compressed)) > 2 * len(compressed)

    with urllib.request.urlopen(f"{url}/helse", timeout=30) as response:
        assert (response.status, response.read()) == (200, b"ok\n")
    # A file the manifest names goes missing: the health check says so, with 503.
    named = named_files(data_dir, Store(data_dir).manifest())
    victim = data_dir / next(p for p in named if p.startswith("tables/agg_culture/") and "/part-" in p)
    moved = victim.with_name("flyttet.bak")
    victim.rename(moved)
    try:
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"{url}/helse", timeout=30)
        assert failed.value.code == 503
        assert failed.value.read().decode("utf-8").startswith("1 filer som manifestet viser til mangler")
    finally:
        moved.rename(victim)
