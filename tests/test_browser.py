"""A real Streamlit server driven by a real Chromium (Debian's ``chromium``).

Screenshots of every page are saved under ``test-output/``.
"""

import csv
import io
import json
import os
import random
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmark.serve import CHROMIUM_ARGS, serve
from tests.conftest import REPO, run_cli
from tests.corpus import csv_utf8_bom

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = REPO / "test-output"
# Pages whose charts carry the content: how many must draw (over all tabs).
CHARTS_AT_LEAST = {"oversikt": 3, "innovasjonskultur": 4, "prosjekter": 5, "samskaping": 3, "virkemidler": 3}
# Every page script is a page; the default page (Oversikt) lives at the root URL. Min enhet is
# only for a leader tied to units (tests/test_browser_my_unit.py).
PAGES = {
    p.stem: "" if p.stem == "oversikt" else p.stem
    for p in sorted((REPO / "pages").glob("*.py"))
    if p.stem != "min_enhet"
}

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing on the CI machine: apt-get install chromium")
    pytest.skip(
        "Browser tests need Debian's chromium (apt-get install chromium); not found.", allow_module_level=True
    )

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every wait on the page is for a condition, with room for a machine busy with other work:
# a page's widgets and charts arrive as scripts loaded after its text, seconds later when
# both cores are taken (Playwright's own defaults are 5 s for expect and 30 s for actions).
WAIT_MS = 60_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_dir):
    data_dir = tmp_path_factory.mktemp("browser") / "store"
    shutil.copytree(demo_dir, data_dir)
    with _streamlit(data_dir, tmp_path_factory.mktemp("log")) as url:
        yield url, data_dir


@contextmanager
def _streamlit(data_dir, log_dir, port: int | None = None, extra: tuple[str, ...] = ()):
    """A real ``streamlit run app.py`` on a (free) loopback port, healthy when yielded."""
    log = open(log_dir / "streamlit.log", "w")  # noqa: SIM115
    process, url = serve("app.py", {"INNOBARO_DATA_DIR": str(data_dir)}, output=log, port=port, extra=extra)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, **options):
    """A new page whose actions and waits allow :data:`WAIT_MS`."""
    page = browser.new_page(**options)
    page.set_default_timeout(WAIT_MS)
    return page


def _open(browser, url):
    page = new_page(browser, viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page.goto(url)
    # The page's own title first: before the first script run the app is also "notRunning".
    page.wait_for_selector("h1")
    _settle(page)
    return page


def _open_expander(page, label: str) -> None:
    """Open the first expander called ``label`` and wait until it has finished opening.

    A button inside is clickable while the expander still animates open, but a
    click then can start no download (about one in six times before this wait).
    """
    page.get_by_text(label).first.click()
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def _settle(page, timeout_s: float = 60.0) -> None:
    """Wait until the script is not running and the page has stopped growing.

    The script-state attribute can say "notRunning" a moment before the run's
    elements have arrived, so the element count must also stay the same for
    three polls in a row.
    """
    deadline = time.monotonic() + timeout_s
    last, stable = -1, 0
    while time.monotonic() < deadline and stable < 3:
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        count = page.locator('[data-testid="stElementContainer"]').count()
        stable = stable + 1 if count == last else 0
        last = count
        page.wait_for_timeout(250)


def test_every_page_renders_without_errors(server, browser):
    url, _ = server
    OUTPUT.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        page = _open(browser, f"{url}/{path}")
        expect(page.locator("h1").first).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0, name
        # The top navigation from app.py is there, i.e. the page ran through the router.
        expect(page.locator('[data-testid="stTopNav"]')).to_be_visible()
        # Every chart on the page (and in each tab) drew at least one trace with data.
        tabs = page.get_by_role("tab").all() or [None]
        # Wait for the charts to be drawn (a condition, not a pause): all of them on a page
        # without tabs, the first one on a page with tabs.
        expected = CHARTS_AT_LEAST.get(name, 0) if tabs == [None] else min(1, CHARTS_AT_LEAST.get(name, 0))
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=expected,
            timeout=120_000,
        )
        charts_seen = 0
        for tab in tabs:
            if tab is not None:
                tab.click()
            for chart in page.locator(".js-plotly-plot").all():
                if chart.is_visible():
                    expect(chart.locator(".main-svg").first).to_be_visible()
                    assert chart.locator(".trace, .hm, .heatmaplayer image").count() > 0, name
                    charts_seen += 1
        assert charts_seen >= CHARTS_AT_LEAST.get(name, 0), (name, charts_seen)
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
        page.close()


def test_project_numbers_match_the_cli(server, browser):
    url, data_dir = server
    projects = json.loads(run_cli("projects", "--data-dir", str(data_dir), "--json").stdout)
    running = [p for p in projects if p["phase"] not in ("avsluttet", "stoppet")]
    page = _open(browser, f"{url}/prosjekter")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Med et null-fundament")
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(
        str(sum(p["zero_veto"] for p in running))
    )
    selected = page.locator('[data-testid="stMetric"]').filter(has_text="Prosjekter valgt")
    expect(selected.locator('[data-testid="stMetricValue"]')).to_have_text(str(len(running)))
    page.close()


def test_no_serious_or_critical_accessibility_violations(server, browser):
    """axe-core (WCAG 2.1 A and AA rules) on every page and every tab, expanders opened."""
    url, _ = server
    axe = Axe()
    report = {}
    for name, path in PAGES.items():
        page = _open(browser, f"{url}/{path}")
        tabs = page.get_by_role("tab").all() or [None]
        found = {}
        for tab in tabs:
            if tab is not None:
                tab.click()
            for expander in page.locator('[data-testid="stExpander"] summary').all():
                if expander.is_visible() and expander.get_attribute("aria-expanded") != "true":
                    expander.click()
            page.wait_for_timeout(300)
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            for v in result.response["violations"]:
                found.setdefault(v["id"], {"id": v["id"], "impact": v["impact"], "nodes": []})
                found[v["id"]]["nodes"] += [n["target"] for n in v["nodes"]]
        report[name] = list(found.values())
        page.close()
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "axe.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    serious = {
        name: [v for v in found if v["impact"] in ("serious", "critical")] for name, found in report.items()
    }
    assert serious == {name: [] for name in PAGES}


def test_the_overview_can_be_used_by_keyboard(server, browser):
    url, _ = server
    page = _open(browser, url)
    page.locator("h1").first.click()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText || ''")
        if "Tallene bak figuren" in focused:
            break
    else:
        pytest.fail("Tab never reached the first 'Tallene bak figuren' expander")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Last ned CSV").first).to_be_visible()
    # Focus is visible: the focused element draws an outline or a box shadow.
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
    )
    assert style[0] != "none" or style[2] != "none", style
    page.close()


def test_a_bookmarked_page_as_the_first_request_goes_through_the_router(demo_dir, browser, tmp_path):
    # A fresh server whose very first request names a page, as a bookmark would.
    with _streamlit(demo_dir, tmp_path) as url:
        page = _open(browser, f"{url}/strategien")
        expect(page.locator('[data-testid="stTopNav"]')).to_be_visible()
        expect(page).to_have_title("Innovasjonsbarometeret")
        expect(page.locator("h1").first).to_have_text("Strategien som mål")
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
    _open_expander(page, "Tallene bak figuren")
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


def test_culture_heatmap_download_shows_small_units_as_hidden(server, browser):
    url, data_dir = server
    summary = {
        (r["round"], r["indicator"], r["unit"], r["group"]): r
        for r in json.loads(run_cli("summary", "--data-dir", str(data_dir), "--json", "--by", "unit").stdout)
    }
    page = _open(browser, f"{url}/innovasjonskultur")
    expect(page.get_by_text("skjult for å verne små grupper")).to_be_visible()
    _open_expander(page, "Tallene bak figuren")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned CSV").first.click()
    rows = list(
        csv.DictReader(
            io.StringIO(Path(download_info.value.path()).read_bytes().decode("utf-8-sig")), delimiter=";"
        )
    )
    by_unit = {r["Enhet"]: r for r in rows}
    assert len(rows) == 8 and rows[0]["Enhet"] == "Alle enheter"
    for unit in ("Frivilligsentralen", "NAV"):
        # Every figure of a small unit says «skjult»: none is blank, zero or a number.
        assert set(v for k, v in by_unit[unit].items() if k != "Enhet") == {"skjult"}
    helse = summary[("2024", "index", "Helse og omsorg", None)]
    assert by_unit["Helse og omsorg"]["Kulturindeks"] == f"{helse['mean']:.2f}".replace(".", ",")
    assert by_unit["Helse og omsorg"]["Antall svar (n)"] == str(helse["n"])
    page.close()


def test_an_analyst_uploads_an_export_through_the_file_input_and_stores_it(server, browser, tmp_path):
    url, data_dir = server
    case = csv_utf8_bom(tmp_path, random.Random(5))
    page = _open(browser, f"{url}/importer")
    page.locator('input[type="file"]').first.set_input_files(str(case.path))
    expect(page.get_by_text("Kontroll før lagring")).to_be_visible()
    respondents = page.locator('[data-testid="stMetric"]').filter(has_text="Respondenter godtatt")
    expect(respondents.locator('[data-testid="stMetricValue"]')).to_have_text("6")
    page.get_by_role("button", name="Lagre importen").click()
    expect(page.get_by_text("Lagret som import 2: 6 respondenter")).to_be_visible()
    page.screenshot(path=str(OUTPUT / "importer_lagret.png"), full_page=True)
    page.close()
    history = json.loads(run_cli("history", "--data-dir", str(data_dir), "--json").stdout)
    assert [(r["id"], r["file_name"], r["who"], r["respondents"]) for r in history] == [
        (2, "ledere_utf8.csv", "lokal bruker", 6),
        (1, "demo (seed 2017)", "demo", None),
    ]


SLIDE_VIEWPORTS = ((1920, 1080), (1280, 720))


def test_every_slide_headline_fits_the_projector_without_scrolling(server, browser):
    """Each slide of the standard set, opened by its link, at 1920×1080 and 1280×720."""
    from analytics import meeting
    from analytics.store import Store

    url, data_dir = server
    slides = meeting.build_slides(meeting.standard_meeting(), meeting.sources_from_store(Store(data_dir), 5))
    OUTPUT.mkdir(exist_ok=True)
    for width, height in SLIDE_VIEWPORTS:
        page = new_page(browser, viewport={"width": width, "height": height})
        for number, slide in enumerate(slides, start=1):
            page.goto(f"{url}/mote?mote=standard&lysbilde={number}")
            headline = page.locator('[data-testid="stHeading"] h1, h1').filter(has_text=slide.headline).first
            expect(headline).to_be_visible()
            _settle(page)
            assert page.evaluate("window.scrollY") == 0
            box = headline.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (number, width, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (number, width, box)
            # Large type: the headline is at least 26 px, readable from the back of a meeting room.
            size = float(headline.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
            assert size >= 26, (number, width, size)
            page.screenshot(path=str(OUTPUT / f"mote-{width}x{height}-{number}.png"))
        page.close()


def test_the_meeting_view_walks_by_its_buttons_and_passes_axe(server, browser):
    from analytics import meeting
    from analytics.store import Store

    url, data_dir = server
    slides = meeting.build_slides(meeting.standard_meeting(), meeting.sources_from_store(Store(data_dir), 5))
    page = new_page(browser, viewport={"width": 1280, "height": 720})
    page.goto(f"{url}/mote?mote=standard&lysbilde=3")
    expect(page.locator("h1").filter(has_text=slides[2].headline)).to_be_visible()
    page.get_by_role("button", name="Neste").click()
    expect(page.locator("h1").filter(has_text=slides[3].headline)).to_be_visible()
    expect(page).to_have_url(f"{url}/mote?mote=standard&lysbilde=4")
    _settle(page)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.close()


NARROW_WIDTHS = (390, 768)


def test_every_page_fits_phones_and_tablets(server, browser):
    """Every page at 390 and 768 px wide: nothing wider than the screen; the heat map gives way on a phone."""
    url, _ = server
    OUTPUT.mkdir(exist_ok=True)
    for width in NARROW_WIDTHS:
        for name, path in PAGES.items():
            page = new_page(browser, viewport={"width": width, "height": 844})
            page.goto(f"{url}/{path}")
            page.wait_for_selector("h1")
            _settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, (name, width)
            # The layout rules (ui.RESPONSIVE_CSS, an element of the page) are in force.
            page.wait_for_function(
                "() => [...document.styleSheets].some(sheet => { try { return [...sheet.cssRules]"
                ".some(rule => rule.cssText.includes('st-key-narrow_only')); } catch (e) { return false; } })"
            )
            # Streamlit scrolls its main area, not the document: check both.
            overflow = page.evaluate(
                "Math.max(...[document.documentElement, document.querySelector('[data-testid=\"stMain\"]')]"
                ".filter(Boolean).map(e => e.scrollWidth - e.clientWidth))"
            )
            assert overflow <= 1, (name, width, overflow)
            if name == "innovasjonskultur":
                shown, hidden = ".st-key-narrow_only .js-plotly-plot", ".st-key-wide_only"
                if width >= 700:
                    shown, hidden = ".st-key-wide_only .js-plotly-plot", ".st-key-narrow_only"
                expect(page.locator(shown)).to_be_visible()
                expect(page.locator(hidden)).to_be_hidden()
            if name == "mote":
                # The first slide's line: its point labels are smaller on a phone, projector-large above.
                label = page.locator(".st-key-mote_slide .textpoint text").first
                expect(label).to_be_visible()
                size = label.evaluate("e => getComputedStyle(e).fontSize")
                assert size == ("13px" if width < 700 else "20px"), (width, size)
            page.screenshot(path=str(OUTPUT / f"{name}-{width}.png"), full_page=True)
            page.close()
