"""A real Streamlit server driven by a real Chromium (Debian's ``chromium``).

Screenshots of every page are saved under ``test-output/``.
"""

import csv
import io
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.corpus import csv_utf8_bom

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = REPO / "test-output"
PAGES = {
    "oversikt": "",
    "strategien": "strategien",
    "sporreskjema": "sporreskjema",
    "importer": "importer",
    "historikk": "historikk",
}

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing on the CI machine: apt-get install chromium")
    pytest.skip(
        "Browser tests need Debian's chromium (apt-get install chromium); not found.", allow_module_level=True
    )

from playwright.sync_api import expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir):
    data_dir = tmp_path_factory.mktemp("browser") / "store"
    shutil.copytree(demo_dir, data_dir)
    port = _free_port()
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env={**os.environ, "INNOBARO_DATA_DIR": str(data_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Streamlit did not start") from None
            time.sleep(0.3)
    yield url, data_dir
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    return page


def test_every_page_renders_without_errors(server, browser):
    url, _ = server
    OUTPUT.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        page = _open(browser, f"{url}/{path}")
        expect(page.locator("h1").first).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
        page.close()


def test_overview_numbers_and_charts_match_the_cli(server, browser):
    url, data_dir = server
    summary = {
        (r["round"], r["indicator"], r["unit"], r["group"]): r
        for r in json.loads(run_cli("summary", "--data-dir", str(data_dir), "--json").stdout)
    }
    index = summary[("2024", "index", None, None)]
    page = _open(browser, url)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Kulturindeks 2024")
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(
        f"{index['mean']:.2f}".replace(".", ",")
    )
    # Three Plotly charts drew their traces: eight round markers on the index line.
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3)
    expect(charts.nth(0).locator(".scatterlayer .trace").first.locator(".point")).to_have_count(8)
    expect(charts.nth(1).locator(".barlayer .point")).to_have_count(18)
    takeaway = page.get_by_text("Kulturindeksen har gått opp fra")
    expect(takeaway).to_contain_text(f"til {index['mean']:.2f}".replace(".", ",") + " i 2024")
    page.close()


def test_downloaded_numbers_are_the_shown_numbers_and_hide_small_units(server, browser):
    url, data_dir = server
    summary = {
        (r["round"], r["indicator"], r["unit"], r["group"]): r
        for r in json.loads(run_cli("summary", "--data-dir", str(data_dir), "--json").stdout)
    }
    page = _open(browser, url)
    page.get_by_text("Tallene bak figuren").first.click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned CSV").first.click()
    path = Path(download_info.value.path())
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 8 * 5  # eight rounds: all respondents and four groups
    everyone_2024 = next(r for r in rows if r["Runde"] == "2024" and r["Gruppe"] == "Alle")
    assert float(everyone_2024["Gjennomsnitt"].replace(",", ".")) == pytest.approx(
        summary[("2024", "index", None, None)]["mean"], abs=0.005
    )
    assert "Frivilligsentralen" not in text and "NAV" not in text
    page.close()


def test_an_analyst_uploads_an_export_through_the_file_input_and_stores_it(server, browser, tmp_path):
    url, data_dir = server
    case = csv_utf8_bom(tmp_path, random.Random(5))
    page = _open(browser, f"{url}/importer")
    page.locator('input[type="file"]').first.set_input_files(str(case.path))
    expect(page.get_by_text("Kontroll før lagring")).to_be_visible(timeout=60_000)
    respondents = page.locator('[data-testid="stMetric"]').filter(has_text="Respondenter godtatt")
    expect(respondents.locator('[data-testid="stMetricValue"]')).to_have_text("6")
    page.get_by_role("button", name="Lagre importen").click()
    expect(page.get_by_text("Lagret som import 2: 6 respondenter")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(OUTPUT / "importer_lagret.png"), full_page=True)
    page.close()
    history = json.loads(run_cli("history", "--data-dir", str(data_dir), "--json").stdout)
    assert [(r["id"], r["file_name"], r["who"], r["respondents"]) for r in history] == [
        (2, "ledere_utf8.csv", "app (demomodus)", 6),
        (1, "demo (seed 2017)", "demo", None),
    ]
