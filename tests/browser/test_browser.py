"""A real Streamlit server driven by a real Chromium (Debian's ``chromium``).

Screenshots of every page are saved under ``test-output/``.
"""

import csv
import io
import json
import os
import random
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from analytics.core.access import TOKEN_ENV, TOKEN_PARAM
from analytics.measures import inputs
from analytics.store import Store
from benchmark.serve import CHROMIUM_ARGS, serve
from tests.conftest import REPO, run_cli
from tests.corpus import csv_utf8_bom

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = REPO / "test-output"
# Pages whose charts carry the content: how many must draw (over all tabs).
CHARTS_AT_LEAST = {"oversikt": 3, "innovasjonskultur": 4, "prosjekter": 5, "samskaping": 3, "virkemidler": 3}
# Every page script is a page; the default page (Oversikt) lives at the root URL. Min enhet is
# only for a leader tied to units (tests/browser/test_browser_my_unit.py).
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
# Without sign-in, the browser that brought the server's start token is the person at the
# machine (the launcher behind `make run` makes one at each start and prints it).
TOKEN = secrets.token_urlsafe(16)


def with_token(url: str) -> str:
    """``url`` as the person at the machine opens it: with the start token."""
    return f"{url}{'&' if '?' in url else '?'}{TOKEN_PARAM}={TOKEN}"


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
    env = {"INNOBARO_DATA_DIR": str(data_dir), TOKEN_ENV: TOKEN}
    process, url = serve("app.py", env, output=log, port=port, extra=extra)
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


def _open(browser, url, local: bool = True):
    """A new page at ``url``, by default with the start token (``local=False``: a visitor without it)."""
    page = new_page(browser, viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page.goto(with_token(url) if local else url)
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
    takeaway = page.get_by_text("Kulturindeksen økte fra 2017 til 2024")
    expect(takeaway).to_contain_text(f"→ {index['mean']:.2f}".replace(".", ","))
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
        assert set(v for k, v in by_unit[unit].items() if k not in ("Enhet", "Svarprosent")) == {"skjult"}
        assert by_unit[unit]["Svarprosent"] == "skjult (for få)"
    helse = summary[("2024", "index", "Helse og omsorg", None)]
    assert by_unit["Helse og omsorg"]["Kulturindeks"] == f"{helse['mean']:.2f}".replace(".", ",")
    assert by_unit["Helse og omsorg"]["Antall svar (n)"] == str(helse["n"])
    rate = next(
        r
        for r in json.loads(
            run_cli("participation", "--data-dir", str(data_dir), "--json", "--by", "unit").stdout
        )
        if (r["round"], r["unit"]) == ("2024", "Helse og omsorg")
    )
    assert by_unit["Helse og omsorg"]["Svarprosent"] == (
        f"{rate['responded']} av {rate['invited']} ({100 * rate['rate']:.0f}\u00a0%)"
    )
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
    from analytics.present import meeting
    from analytics.store import Store

    url, data_dir = server
    slides = meeting.build_slides(meeting.standard_meeting(), inputs.sources_from_store(Store(data_dir), 5))
    OUTPUT.mkdir(exist_ok=True)
    for width, height in SLIDE_VIEWPORTS:
        page = new_page(browser, viewport={"width": width, "height": height})
        for number, slide in enumerate(slides, start=1):
            page.goto(f"{url}/mote?mote=standard&lysbilde={number}")
            shown = meeting.screen_headline(slide.headline)[0]
            headline = page.locator('[data-testid="stHeading"] h1, h1').filter(has_text=shown).first
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
    from analytics.present import meeting
    from analytics.store import Store

    url, data_dir = server
    slides = meeting.build_slides(meeting.standard_meeting(), inputs.sources_from_store(Store(data_dir), 5))
    page = new_page(browser, viewport={"width": 1280, "height": 720})
    page.goto(f"{url}/mote?mote=standard&lysbilde=3")
    expect(page.locator("h1").filter(has_text=meeting.screen_headline(slides[2].headline)[0])).to_be_visible()
    page.get_by_role("button", name="Neste").click()
    expect(page.locator("h1").filter(has_text=meeting.screen_headline(slides[3].headline)[0])).to_be_visible()
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


def test_the_presentation_view_walks_every_slide_by_keyboard_at_projector_sizes(server, browser):
    """The slide alone at 1920×1080 and 1280×720: no menu or banner, the headline in view in
    at most two lines, «skjult» on the hidden bars, the address following the arrow keys,
    Page Up/Down as a clicker sends them, and Escape leaving the presentation."""
    from analytics.present import meeting
    from analytics.store import Store

    url, data_dir = server
    slides = meeting.build_slides(meeting.standard_meeting(), inputs.sources_from_store(Store(data_dir), 5))
    OUTPUT.mkdir(exist_ok=True)
    for width, height in SLIDE_VIEWPORTS:
        page = new_page(browser, viewport={"width": width, "height": height})
        page.goto(f"{url}/mote?mote=standard&lysbilde=1&visning=presentasjon")
        for number, slide in enumerate(slides, start=1):
            if number > 1:
                page.keyboard.press("ArrowRight")
            expect(page).to_have_url(f"{url}/mote?mote=standard&lysbilde={number}&visning=presentasjon")
            headline = page.locator("h1").filter(has_text=meeting.screen_headline(slide.headline)[0])
            expect(headline).to_be_visible()
            _settle(page)
            assert (
                page.get_by_role("link", name="Oversikt").count() == 0
                or not page.get_by_role("link", name="Oversikt").first.is_visible()
            )
            assert not page.locator('header[data-testid="stHeader"]').is_visible()
            assert page.get_by_text("demodata", exact=False).first.is_visible()
            assert page.locator('[data-testid="stAlert"]').count() == 0  # no demo banner
            assert not page.get_by_role("button", name="Last ned PDF").is_visible()
            box = headline.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (number, width, box)
            lines = headline.evaluate(
                "e => { const s = getComputedStyle(e); return (e.clientHeight - parseFloat(s.paddingTop)"
                " - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight); }"
            )
            assert lines <= 2.05, (number, width, lines)
            # The whole slide, its buttons included, fits the window.
            forward = page.locator(".st-key-mote_neste button")
            bottom = forward.bounding_box()
            assert bottom["y"] + bottom["height"] <= height, (number, width, bottom)
            assert page.evaluate("document.scrollingElement.scrollHeight") <= height + 1, (number, width)
            if slide.categories:
                chart = page.locator(".st-key-mote_slide .js-plotly-plot")
                expect(chart).to_be_visible()
                ticks = chart.locator(".xtick text, .ytick text, .legendtext")
                sizes = ticks.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
                assert sizes and min(sizes) >= 18, (number, width, sizes)
                texts = chart.locator(".textpoint text, .point text, text.textpoint").all_text_contents()
                shown = " ".join(chart.locator("text").all_text_contents())
                assert shown.count("skjult") >= len(slide.hidden), (number, width, texts)
            page.screenshot(path=str(OUTPUT / f"presentasjon-{width}x{height}-{number}.png"))

        def press(key: str, number: int, page=page) -> None:
            page.keyboard.press(key)
            expect(page).to_have_url(f"{url}/mote?mote=standard&lysbilde={number}&visning=presentasjon")
            expect(
                page.locator("h1").filter(has_text=meeting.screen_headline(slides[number - 1].headline)[0])
            ).to_be_visible()
            _settle(page)

        last = len(slides)
        press("PageUp", last - 1)  # a presenter's clicker sends Page Up and Page Down
        press("PageUp", last - 2)
        press("PageDown", last - 1)
        press("ArrowLeft", last - 2)
        page.keyboard.press("Escape")
        expect(page).to_have_url(f"{url}/mote?mote=standard&lysbilde={last - 2}")
        expect(page.get_by_role("button", name="Last ned PDF")).to_be_visible()
        # Outside the presentation the arrow keys do not move the slide.
        page.keyboard.press("ArrowRight")
        _settle(page)
        expect(page).to_have_url(f"{url}/mote?mote=standard&lysbilde={last - 2}")
        page.close()


def test_streamlits_own_texts_are_in_bokmal_with_their_roles_kept(server, browser):
    url, _ = server
    page = new_page(browser, viewport={"width": 1400, "height": 1200})
    page.goto(with_token(f"{url}/importer"))
    uploader = page.locator('[data-testid="stFileUploaderDropzone"]').first
    expect(uploader).to_contain_text("Høyst 50 MB per fil")
    expect(uploader.get_by_role("button", name="Last opp")).to_be_visible()
    _settle(page)
    body = page.locator("body").inner_text()
    for english in ("Drag and drop", "Browse files", "per file", "Upload", "Skip to main content"):
        assert english not in body, english
    assert page.evaluate("document.documentElement.lang") == "nb"
    assert page.get_by_role("link", name="Hopp til hovedinnholdet").count() == 1
    assert page.locator("[aria-label^='Help for'], [aria-label='Link to heading']").count() == 0
    # An address that is no page (or not one of the visitor's): Streamlit's dialog, in bokmål.
    page.goto(with_token(f"{url}/ingen-slik-side"))
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Fant ikke siden")
    expect(dialog).to_contain_text(
        "Siden finnes ikke, eller du har ikke tilgang til den. Du ser forsiden i stedet."
    )
    assert "Page not found" not in dialog.inner_text() and "Running the app" not in dialog.inner_text()
    page.close()


GUIDE_PICTURES = REPO / "docs" / "bilder"


def test_screenshots_for_the_guide(server, browser, tmp_path):
    """The pictures in docs/kom-i-gang.md, taken from the app as it is (demo data)."""
    url, _ = server
    GUIDE_PICTURES.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    for name, address, heading in (
        ("oversikt", "", "Oversikt"),
        ("innovasjonskultur", "innovasjonskultur", "Innovasjonskultur"),
        ("sporreskjema", "sporreskjema", "Spørreskjema"),
        ("historikk", "historikk", "Importhistorikk"),
        ("presentasjon", "mote?mote=standard&lysbilde=4&visning=presentasjon", None),
    ):
        page.goto(with_token(f"{url}/{address}"))
        expect(page.locator("h1").first).to_be_visible()
        if heading:
            expect(page.locator("h1").filter(has_text=heading).first).to_be_visible()
        _settle(page)
        page.screenshot(path=str(GUIDE_PICTURES / f"{name}.png"))
    # Not the file the upload test stores on the same server: a stored file is refused as a duplicate.
    case = csv_utf8_bom(tmp_path, random.Random(6))
    page.goto(with_token(f"{url}/importer"))
    page.locator('input[type="file"]').first.set_input_files(str(case.path))
    report = page.get_by_role("heading", name="Kontroll før lagring")
    expect(report).to_be_visible()
    _settle(page)
    report.scroll_into_view_if_needed()
    page.screenshot(path=str(GUIDE_PICTURES / "importer.png"))
    page.close()
    guide = (REPO / "docs" / "kom-i-gang.md").read_text(encoding="utf-8")
    pictures = sorted(p.name for p in GUIDE_PICTURES.glob("*.png"))
    assert pictures == sorted(re.findall(r"\(bilder/([\w-]+\.png)\)", guide))


NARROW_WIDTHS = (390, 768)


def test_every_page_fits_phones_and_tablets(server, browser):
    """Every page at 390 and 768 px wide: nothing wider than the screen; the heat map gives way on a phone."""
    url, _ = server
    OUTPUT.mkdir(exist_ok=True)
    for width in NARROW_WIDTHS:
        for name, path in PAGES.items():
            page = new_page(browser, viewport={"width": width, "height": 844})
            page.goto(with_token(f"{url}/{path}"))
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


def test_a_falling_round_turns_the_overview_card_arrow_down(demo_dir, browser, tmp_path):
    """A 2025 round whose every answer is one step lower than 2024's: the card says so."""
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    store = Store(data_dir)
    responses = store.table("responses")
    fallen = responses[responses["round"] == "2024"].assign(round="2025")
    fallen["value"] = (fallen["value"] - 1).clip(lower=1)
    store.commit(
        {"responses": pd.concat([responses, fallen], ignore_index=True)},
        {"kind": "test"},
        publication={"2025": "published"},
    )
    result = run_cli("changes", "--data-dir", str(data_dir), "--json")
    change = next(
        r
        for r in json.loads(result.stdout)
        if (r["indicator"], r["unit"], r["group"]) == ("index", None, None)
    )
    assert change["comparable"] and change["significant"] and change["change"] < 0
    with _streamlit(data_dir, tmp_path) as url:
        page = _open(browser, url)
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Kulturindeks 2025")
        delta = card.locator('[data-testid="stMetricDelta"]')
        expect(delta).to_contain_text("-" + f"{abs(change['change']):.2f}".replace(".", ","))
        expect(delta.locator('[data-testid="stMetricDeltaIcon-Down"]')).to_be_visible()
        expect(delta.locator('[data-testid="stMetricDeltaIcon-Up"]')).to_have_count(0)
        # Red, not green: a fall is never shown as good news.
        red, green, _ = delta.evaluate("e => getComputedStyle(e).color.match(/\\d+/g).map(Number)")
        assert red > green
        page.close()


def _forms_export(path: Path) -> None:
    """A Microsoft Forms export as a Norwegian Excel saves it: Windows-1252, «;», statements as
    headers (the first one reworded, so it needs the analyst's mapping), answers as labels."""
    from analytics.core.framework import framework

    fw = framework()
    items = fw.items_for("ansatte")
    labels = [level.name for level in fw.likert_scale]
    headers = ["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-post", "Navn", "Hvilken enhet jobber du i?"]
    headers += [f"Hos oss: {item.text}" if n == 0 else item.text for n, item in enumerate(items)]
    rng = random.Random(25)
    rows = []
    for unit, count in (("Helse og omsorg", 20), ("Oppvekst og læring", 15), ("Plan og teknisk", 10)):
        for _ in range(count):
            number = len(rows) + 1
            when = f"20.09.2025 10:{number:02d}:00"
            person = [
                str(number),
                when,
                when,
                f"ansatt{number}@jevnaker.kommune.no",
                f"Ansatt Nummer {number}",
                unit,
            ]
            rows.append(person + [rng.choice(labels) for _ in items])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([headers, *rows])
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def test_an_analyst_goes_from_upload_to_publish_and_sees_the_response_rate(demo_dir, browser, tmp_path):
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    invited = tmp_path / "inviterte.csv"
    invited.write_text(
        "Runde;Enhet;Gruppe;Antall ansatte\n2025;Helse og omsorg;ansatte;28\n"
        "2025;Oppvekst og læring;ansatte;20\n2025;Plan og teknisk;ansatte;20\n",
        encoding="cp1252",
    )
    assert run_cli("import", str(invited), "--kind", "invited", "--data-dir", str(data_dir)).returncode == 0
    export = tmp_path / "Ansattundersøkelse 2025(1-45).csv"
    _forms_export(export)
    with _streamlit(data_dir, tmp_path) as url:
        page = _open(browser, f"{url}/importer")
        page.get_by_role("textbox", name="Runde").fill("2025")
        page.get_by_role("textbox", name="Runde").press("Enter")
        _settle(page)
        page.locator('input[type="file"]').first.set_input_files(str(export))
        # The group is guessed from the form's name, and the page says so.
        expect(
            page.get_by_text("Gruppen er gjettet ut fra skjemanavnet «ansattundersøkelse»: Ansatte")
        ).to_be_visible()
        expect(page.get_by_text("Kontroll før lagring")).to_be_visible()
        save = page.get_by_role("button", name="Lagre importen")
        expect(save).to_be_disabled()  # the reworded statement is not mapped yet
        page.get_by_role("button", name="Bruk koblingene og kontroller på nytt").click()
        _settle(page)
        expect(save).to_be_enabled()
        expect(page.get_by_text("Slik lagres de første radene")).to_be_visible()
        save.click()
        expect(page.get_by_text("Runde 2025 er lagret, men ikke publisert ennå.")).to_be_visible()
        expect(page.get_by_text("Slik vil leserne se runde 2025")).to_be_visible()
        # Only employees answered in 2025: the missing groups are warnings to confirm.
        expect(page.get_by_text("Ledere svarte i 2024, men mangler i denne runden.").first).to_be_visible()
        publish = page.get_by_role("button", name="Publiser runden")
        expect(publish).to_be_disabled()
        page.get_by_text("Jeg har vurdert advarslene og vil publisere likevel").click()
        expect(publish).to_be_enabled()
        publish.click()
        expect(page.get_by_text("Runde 2025 er publisert. Leserne ser den nå.")).to_be_visible()
        page.screenshot(path=str(OUTPUT / "importer_publisert.png"), full_page=True)
        page.close()

        records = json.loads(run_cli("participation", "--data-dir", str(data_dir), "--json").stdout)
        overall = next(
            r for r in records if r["round"] == "2025" and r["unit"] is None and r["group"] is None
        )
        assert (overall["invited"], overall["responded"]) == (68, 45)
        page = _open(browser, url)
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Svarprosent 2025")
        expect(card.locator('[data-testid="stMetricValue"]')).to_have_text("66\u00a0%")
        page.screenshot(path=str(OUTPUT / "oversikt_svarprosent.png"), full_page=True)
        page.close()
    audit = json.loads(run_cli("audit", "--data-dir", str(data_dir), "--json").stdout)
    assert [e["action"] for e in audit[:2]] == ["publish_confirmed", "publish"]
    stored = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert b"Nummer" not in stored and b"jevnaker.kommune.no" not in stored
