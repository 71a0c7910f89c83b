"""Min enhet end to end: a leader tied to one unit in [units] signs in through the real
OpenID Connect provider and sees their unit, and no other unit's name or figure on any page
or in the report they download."""

import io
import shutil

import pytest

from analytics.store import Store
from benchmark.serve import free_port
from tests.browser import test_browser as shared
from tests.browser.test_browser import CHROMIUM, _streamlit
from tests.conftest import ROLE_MEMBERS

pytestmark = pytest.mark.browser
if CHROMIUM is None:  # test_browser.py has said why (and fails on CI)
    pytest.skip("Browser tests need Debian's chromium.", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from tests.browser.test_browser_access import TITLES, _provider, _put_user, _sign_in, _title_at  # noqa: E402
from tests.browser.test_browser_access import _secrets as _signed_in_secrets  # noqa: E402

browser = shared.browser  # the same Chromium fixture as the other browser tests

UNIT = "Helse og omsorg"
UNIT_LEADER = "enhetsleder@jevnaker.kommune.no"
# Min enhet is the unit leader's default page, so it is at the app's root address.
MY_UNIT_PAGES = {
    "": "Min enhet",
    "innovasjonskultur": "Innovasjonskultur",
    "strategien": "Strategien som mål",
}
MY_UNIT_PAGES |= {"sporreskjema": "Spørreskjema", "tilgang": "Tilgang"}


def _secrets(folder, app_port: int, provider: str):
    return _signed_in_secrets(folder, app_port, provider, extra=f'\n[units]\n"{UNIT}" = ["{UNIT_LEADER}"]\n')


@pytest.fixture(scope="module")
def unit_server(tmp_path_factory, demo_dir):
    folder = tmp_path_factory.mktemp("my_unit")
    data_dir = folder / "store"
    shutil.copytree(demo_dir, data_dir)
    with _provider(folder) as provider:
        _put_user(provider, "enhetsleder", {"email": UNIT_LEADER, "groups": []})
        _put_user(provider, "leder", {"email": ROLE_MEMBERS["leder"][0], "groups": []})
        port = free_port()
        secrets = _secrets(folder, port, provider)
        with _streamlit(data_dir, folder, port=port, extra=["--secrets.files", str(secrets)]) as url:
            yield url, data_dir


def test_a_unit_leader_sees_min_enhet_and_no_other_unit_anywhere(unit_server, browser):
    url, data_dir = unit_server
    others = set(Store(data_dir).table("responses")["unit"].dropna().unique()) - {UNIT}
    assert "Frivilligsentralen" in others
    context, page = _sign_in(browser, url, "enhetsleder")
    try:
        # Signed in, the leader lands on Min enhet.
        expect(page.locator("h1").first).to_have_text("Min enhet")
        expect(page.get_by_text(f"Kulturindeksen for {UNIT} i 2024 er").first).to_be_visible()
        opened = set()
        for path in TITLES:
            title = _title_at(page, f"{url}/{path}")
            if title == MY_UNIT_PAGES.get(path, TITLES[path]):
                opened.add(path)
            body = page.locator("body").inner_text()
            for other in others:
                assert other not in body, (path, other)
        assert opened == set(MY_UNIT_PAGES)
        # The staff meeting's PDF names the unit and no other.
        assert _title_at(page, f"{url}/") == "Min enhet"
        with page.expect_download() as download:
            page.get_by_role("button", name="Last ned PDF").click()
        pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
        text = " ".join(p.extract_text() for p in pdf.pages)
        assert UNIT in text
        for other in others:
            assert other not in text
        page.screenshot(path=str(shared.OUTPUT / "min_enhet.png"), full_page=True)
    finally:
        context.close()


def test_a_leader_not_tied_to_a_unit_keeps_todays_view(unit_server, browser):
    url, _ = unit_server
    context, page = _sign_in(browser, url, "leder")
    try:
        assert _title_at(page, f"{url}/min_enhet") != "Min enhet"
        assert _title_at(page, f"{url}/tiltak") == "Tiltak"
        assert _title_at(page, f"{url}/innovasjonskultur") == "Innovasjonskultur"
        assert "Plan og teknisk" in page.locator("body").inner_text()
    finally:
        context.close()
