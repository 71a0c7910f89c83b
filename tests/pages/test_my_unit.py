"""Min enhet: a leader tied to one unit sees it, and no other unit's name or figure anywhere."""

import io
import json

import pytest
from pptx import Presentation
from pypdf import PdfReader

from analytics.core import access, suppression
from analytics.core.framework import framework
from analytics.measures import culture
from analytics.measures.inputs import Sources
from analytics.present import my_unit, reports
from analytics.store import Store
from tests.conftest import AUTH_SECRETS, ROLE_MEMBERS, app_test, run_cli, shown_text

UNIT = "Helse og omsorg"
UNIT_LEADER = "enhetsleder@jevnaker.kommune.no"
UNITS_TABLE = {UNIT: [UNIT_LEADER], "Plan og teknisk": ["gruppe-plan"]}


def _other_units(data_dir) -> set[str]:
    return set(Store(data_dir).table("responses")["unit"].dropna().unique()) - {UNIT}


def _sign_in_unit_leader(at, email=UNIT_LEADER, roles=True):
    secrets = {name: dict(table) for name, table in AUTH_SECRETS.items()}
    secrets["units"] = UNITS_TABLE
    at.secrets = secrets
    at.user = {"is_logged_in": True, "email": email, "groups": [], "sub": email}
    return at


def test_units_in_secrets_tie_a_leader_to_their_units_only():
    auth, roles = AUTH_SECRETS["auth"], AUTH_SECRETS["roles"]
    user = {"is_logged_in": True, "email": ROLE_MEMBERS["leder"][0], "groups": ["Gruppe-Plan"]}
    tied = access.resolve(auth, roles, user, False, False, UNITS_TABLE)
    assert tied.units == ("Plan og teknisk",) and tied.permissions == {access.VIEW, access.OWN_UNIT}
    paths = [p.path for p in tied.pages()]
    assert paths == [
        "pages/innovasjonskultur.py",
        "pages/min_enhet.py",
        "pages/strategien.py",
        "pages/sporreskjema.py",
        "pages/tilgang.py",
    ]
    assert [p.path for p in tied.pages() if p.default] == ["pages/min_enhet.py"]
    # A leader not tied to units keeps today's view.
    plain = access.resolve(auth, roles, {**user, "groups": []}, False, False, UNITS_TABLE)
    assert plain.units == () and plain.can(access.UNITS) and not plain.can(access.OWN_UNIT)
    assert "pages/tiltak.py" in [p.path for p in plain.pages()]
    broken = access.resolve(auth, roles, user, False, False, {UNIT: "x@y.no"})
    assert broken.mode == "misconfigured" and "[units]" in broken.problem


@pytest.fixture
def leader_app(demo_copy, monkeypatch):
    at = _sign_in_unit_leader(app_test(demo_copy, monkeypatch, email=None))
    return at


def _charts(at) -> str:
    return " ".join(c.proto.spec for c in at.get("plotly_chart"))


def test_a_unit_leader_sees_min_enhet_and_no_other_unit_on_any_page(leader_app):
    at = leader_app.run()
    assert not at.exception
    others = _other_units(at.data_dir)
    assert others and "Frivilligsentralen" in others
    # The default page is Min enhet, with the unit's index as summary --json states it.
    assert at.title[0].value == "Min enhet"
    summary = json.loads(run_cli("summary", "--data-dir", str(at.data_dir), "--json", "--by", "unit").stdout)
    latest = max(r["round"] for r in summary)
    own = next(r for r in summary if r["round"] == latest and r["unit"] == UNIT and r["indicator"] == "index")
    whole = next(
        r for r in summary if r["round"] == latest and r["unit"] is None and r["indicator"] == "index"
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kulturindeks"] == f"{own['mean']:.2f}".replace(".", ",")
    assert metrics["Respondenter"] == str(own["n"])
    assert metrics["Hele kommunen"] == f"{whole['mean']:.2f}".replace(".", ",")
    # The unit's response rate, as participation --json states it (the demo has invited numbers).
    rates = json.loads(
        run_cli("participation", "--data-dir", str(at.data_dir), "--json", "--by", "unit").stdout
    )
    rate = next(r for r in rates if r["round"] == latest and r["unit"] == UNIT and r["group"] is None)
    percent = f"{round(100 * rate['rate'])}\u00a0%"
    assert metrics["Svarprosent"] == f"{rate['responded']} av {rate['invited']} ({percent})"
    text = shown_text(at)
    assert UNIT in text and "Tiltakene våre" in [h.value for h in at.header]
    pages = [
        "pages/innovasjonskultur.py",
        "pages/min_enhet.py",
        "pages/strategien.py",
        "pages/sporreskjema.py",
    ]
    for page in [*pages, "pages/tilgang.py"]:
        at.switch_page(page).run()
        assert not at.exception, page
        seen = shown_text(at) + _charts(at) + " ".join(m.label + str(m.value) for m in at.metric)
        seen += " ".join(s.options.__str__() for s in at.selectbox)
        for other in others:
            assert other not in seen, (page, other)
    # The pages with other units are not registered for this viewer.
    for page in ("pages/tiltak.py", "pages/prosjekter.py", "pages/oversikt.py", "pages/mote.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_a_leader_not_tied_to_units_keeps_todays_view(demo_copy, monkeypatch):
    at = _sign_in_unit_leader(app_test(demo_copy, monkeypatch, email=None), email=ROLE_MEMBERS["leder"][0])
    at.run()
    assert not at.exception
    assert at.title[0].value != "Min enhet"
    at.switch_page("pages/tiltak.py").run()
    assert not at.exception and "Frivilligsentralen" in shown_text(at)


def test_the_staff_meeting_pdf_and_powerpoint_name_only_the_unit(demo_dir):
    store = Store(demo_dir)
    shown = suppression.suppress(store.query("culture_cells"), 5)
    fw = framework()
    table = store.table("actions")
    from analytics.measures import actions, drivers

    calls = actions.calls_for_action(shown, fw.indicator_ids, None, table)
    view = my_unit.unit_view(shown, UNIT, fw, drivers.from_store(store, 5, 25, fw), table, calls)
    assert set(view.measures["unit"]) == {UNIT} and set(view.calls["unit"]) <= {UNIT}
    slide = my_unit.slide(view, "Hele kommunen")
    info = reports.report_info(store, Sources(shown, [], {}))
    meeting = my_unit.report_meeting(view)
    pdf = PdfReader(io.BytesIO(reports.build("pdf", meeting, [slide], info, one_page=True)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    deck = Presentation(io.BytesIO(reports.build("pptx", meeting, [slide], info)))
    deck_text = " ".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    ) + " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    index = view.indicators[view.indicators["indicator"] == culture.INDEX].iloc[0]
    stated = f"{index['mean']:.2f}".replace(".", ",")
    for text in (pdf_text, deck_text):
        assert UNIT in text and stated in text
        for other in _other_units(demo_dir):
            assert other not in text
    assert len(pdf.pages) == 1  # one page for the staff meeting, the report's facts above the slide
