"""Roles × the meeting view, the overview and tiltak, and the audit trail of meetings, reports and tiltak."""

from __future__ import annotations

import getpass
import io
import json

import openpyxl
from streamlit.testing.v1 import AppTest

from analytics.core.text import fmt_datetime, t
from analytics.measures import inputs
from analytics.present import meeting
from analytics.store import Store
from tests.conftest import ROLE_MEMBERS, app_test, as_written, run_cli, shown_tables, sign_in, takeaways

PAGE = "pages/mote.py"
POLITICIAN, LEADER = ROLE_MEMBERS["politiker"][0], ROLE_MEMBERS["leder"][0]
UNIT_SLIDES = {"enheter", "sektorer", "falt_steg"}


def _headline(at) -> str:
    """The slide's headline as shown (markdown escapes undone)."""
    return next(as_written(m.value[2:]) for m in at.markdown if m.value.startswith("# "))


def _screen(slide) -> str:
    """What the headline line of ``slide`` shows (detail goes below the chart)."""
    return meeting.screen_headline(slide.headline)[0]


def _units(folder) -> set[str]:
    cells = Store(folder).query("culture_cells")
    return set(cells["unit"].dropna())


def _page_text(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.header, *at.warning, *at.info)]
    parts += [table.to_string() for table in shown_tables(at)]
    return "\n".join(parts)


def _slides(folder, units: bool) -> list[meeting.Slide]:
    given = inputs.sources_from_store(Store(folder), 5)
    return meeting.build_slides(meeting.standard_meeting(), given, units)


def test_the_slides_with_unit_figures_are_the_units_sectors_and_falls_and_rises_slides():
    assert {key for key, kind in meeting.SLIDE_TYPES.items() if kind.units} == UNIT_SLIDES


def test_a_politician_walks_the_standard_set_without_unit_slides_and_cannot_compose(demo_copy, monkeypatch):
    expected = _slides(demo_copy, units=False)
    assert len(expected) == len(meeting.SLIDE_TYPES) - len(UNIT_SLIDES)
    assert not {s.key for s in expected} & UNIT_SLIDES
    at = app_test(demo_copy, monkeypatch, POLITICIAN).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    units = _units(demo_copy)
    seen = []
    for number in range(1, len(expected) + 1):
        assert at.caption[0].value == f"Standardsettet · lysbilde {number} av {len(expected)}"
        seen.append(_headline(at))
        # No unit is named anywhere on the page, in any slide's headline, table or source.
        text = _page_text(at)
        assert not [u for u in units if u in text]
        if number < len(expected):
            at.button(key="mote_neste").click().run()
    assert seen == [_screen(s) for s in expected]
    assert t("meeting_units_left_out") in [c.value for c in at.caption]
    # Politicians only view: no composer on the page.
    assert "mote_lagre" not in [b.key for b in at.button]
    assert t("meeting_compose_title") not in [h.value for h in at.header]

    # A leader gets every slide, the unit slides included, and the composer.
    leader = app_test(demo_copy, monkeypatch, LEADER).run()
    leader.switch_page(PAGE).run()
    assert leader.caption[0].value == f"Standardsettet · lysbilde 1 av {len(meeting.SLIDE_TYPES)}"
    assert leader.button(key="mote_lagre")


def test_a_meeting_of_unit_slides_only_says_so_to_a_politician(demo_copy, monkeypatch):
    meeting.save_meeting(Store(demo_copy), meeting.new_meeting("Enheter", "2025-06-12", ["enheter"]), "test")
    at = app_test(demo_copy, monkeypatch, POLITICIAN)
    at.query_params.update({"mote": "enheter-2025-06-12"})
    at.run()
    at.switch_page(PAGE)
    at.query_params.update({"mote": "enheter-2025-06-12"})
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [t("meeting_no_slides_for_role")]
    assert not [m for m in at.markdown if m.value.startswith("# ")]


def _politician_report():
    import streamlit as st

    from analytics import ui
    from analytics.present import meeting

    sources = ui.meeting_sources()
    chosen = meeting.standard_meeting()
    st.session_state["report"] = ui.report("xlsx", chosen, ui.meeting_slides(chosen, sources), sources)()


def test_a_report_downloaded_by_a_politician_has_no_unit_slide_and_is_audited(demo_copy, monkeypatch):
    monkeypatch.setenv("INNOBARO_DATA_DIR", str(demo_copy))
    at = sign_in(AppTest.from_function(_politician_report, default_timeout=120), POLITICIAN).run()
    assert not at.exception
    book = openpyxl.load_workbook(io.BytesIO(at.session_state["report"]))
    expected = _slides(demo_copy, units=False)
    assert len(book.sheetnames) == 1 + len(expected)  # «Om rapporten» and one sheet per slide
    cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    assert not [u for u in _units(demo_copy) if u in cells]
    (entry,) = Store(demo_copy).audit_log()
    assert (entry["who"], entry["action"], entry["data_version"]) == (POLITICIAN, "report", 1)
    assert entry["detail"] == f"xlsx-rapport av «Standardsettet» (standard), {len(expected)} lysbilder"


def test_the_overview_gives_a_politician_no_sector_section_and_no_unit_rows_of_tiltak(demo_copy, monkeypatch):
    records = json.loads(run_cli("actions", "--data-dir", str(demo_copy), "--json").stdout)
    counted = {}
    for r in records:
        counted[r["status"]] = counted.get(r["status"], 0) + 1
    for email, sees_units in ((POLITICIAN, False), (LEADER, True)):
        at = app_test(demo_copy, monkeypatch, email).run()
        assert not at.exception
        headers = [h.value for h in at.header]
        assert "Tiltak og effekt" in headers
        assert (t("slide_sectors_title") in headers) is sees_units
        effect_tables = [x for x in shown_tables(at) if "Enheter uten tiltak" in x.columns]
        assert len(effect_tables) == int(sees_units)
        # The aggregated status counts and the takeaway are there for both.
        status = next(m.value for m in at.markdown if m.value.startswith("Status: "))
        for name, count in counted.items():
            assert f"{name} {count}" in status
        assert any(s.startswith(f"{len(records)} tiltak er registrert") for s in takeaways(at))
        if not sees_units:
            assert not [u for u in _units(demo_copy) if u in _page_text(at)]


def _save_meeting_as_politician():
    import streamlit as st

    from analytics import ui
    from analytics.present import meeting

    try:
        ui.save_meeting(meeting.new_meeting("Forsøk", "2025-06-12", ["kulturindeks"]))
    except meeting.MeetingError as refusal:
        st.error(str(refusal))


def test_saving_a_meeting_checks_the_role_where_it_happens(demo_copy, monkeypatch):
    monkeypatch.setenv("INNOBARO_DATA_DIR", str(demo_copy))
    at = sign_in(AppTest.from_function(_save_meeting_as_politician, default_timeout=60), POLITICIAN).run()
    assert [e.value for e in at.error] == [t("access_denied")]
    assert Store(demo_copy).version() == 1 and Store(demo_copy).audit_log() == []


def test_a_meeting_saved_by_a_leader_is_audited(demo_copy, monkeypatch):
    at = app_test(demo_copy, monkeypatch, LEADER).run()
    at.switch_page(PAGE).run()
    at.text_input(key="mote_tittel").input("Kommunestyret juni")
    at.multiselect(key="mote_lysbilder").set_value(["kulturindeks", "tiltak"])
    at.button(key="mote_lagre").click().run()
    assert not at.exception
    last = Store(demo_copy).audit_log()[-1]
    assert (last["who"], last["action"], last["data_version"]) == (LEADER, "meeting", 2)
    assert last["detail"].startswith("møtet «Kommunestyret juni» (kommunestyret-juni-")
    assert last["detail"].endswith(" med 2 lysbilder")


def test_the_report_command_is_audited_with_the_operating_system_user(demo_copy, tmp_path):
    out = tmp_path / "rapport.xlsx"
    result = run_cli("report", "--data-dir", str(demo_copy), "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    entries = json.loads(run_cli("audit", "--data-dir", str(demo_copy), "--json").stdout)
    assert [(e["who"], e["action"], e["detail"], e["data_version"]) for e in entries] == [
        (
            f"cli ({getpass.getuser()})",
            "report",
            f"xlsx-rapport av «Standardsettet» (standard), {len(meeting.SLIDE_TYPES)} lysbilder",
            1,
        )
    ]


def test_a_visitor_without_the_lead_permission_cannot_save_tiltak(demo_copy, monkeypatch):
    # Without sign-in, AppTest is a visitor from another machine: the demo, with unit views, no writing.
    at = app_test(demo_copy, monkeypatch, email=None).run()
    at.switch_page("pages/tiltak.py").run()
    assert not at.exception
    at.button(key="make_action_0").click().run()
    at.button(key="actions_save").click().run()
    assert t("access_denied") in [e.value for e in at.error]
    assert Store(demo_copy).version() == 1 and Store(demo_copy).audit_log() == []


def test_tiltak_saves_and_undo_are_audited(demo_copy, monkeypatch):
    at = app_test(demo_copy, monkeypatch, LEADER).run()
    at.switch_page("pages/tiltak.py").run()
    row = 0
    at.session_state["actions_editor"] = {
        "edited_rows": {row: {"title": "Nytt navn på tiltaket"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="actions_save").click().run()
    assert not at.exception
    at.button(key="actions_undo").click().run()
    assert not at.exception
    log = [e for e in Store(demo_copy).audit_log() if e["action"] != "sign_in"]
    assert [(e["who"], e["action"], e["data_version"]) for e in log] == [
        (LEADER, "tiltak", 2),
        (LEADER, "tiltak_undo", 3),
    ]
    assert log[0]["detail"] == "1 tiltak lagret som import 2"
    assert log[1]["detail"] == "lagringen av tiltak, import 2, angret"


def test_a_saved_meeting_is_in_the_history_and_undo_leaves_it_alone(demo_copy, monkeypatch, tmp_path):
    store = Store(demo_copy)
    saved = meeting.new_meeting("Kommunestyret juni", "2025-06-12", ["kulturindeks", "tiltak"])
    meeting.save_meeting(store, saved, LEADER)
    history = json.loads(run_cli("history", "--data-dir", str(demo_copy), "--json").stdout)
    newest = history[0]
    assert (newest["id"], newest["kind"], newest["file_name"], newest["who"]) == (
        2,
        "meeting",
        "kommunestyret-juni-2025-06-12",
        LEADER,
    )
    assert (newest["active"], newest["undone_by"]) == (False, None)
    assert "møte lagret" in run_cli("history", "--data-dir", str(demo_copy)).stdout.splitlines()[0]
    # Importhistorikk lists it with its kind, and offers only the import for undo.
    at = app_test(demo_copy, monkeypatch, ROLE_MEMBERS["analytiker"][0]).run()
    at.switch_page("pages/historikk.py").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index(t("col_import"))
    assert table.loc[2, t("col_kind")] == t("kind_meeting")
    assert table.loc[2, t("col_file")] == saved.meeting_id
    assert table.loc[2, t("col_status")] == t("history_meeting")
    assert at.selectbox(key="undo_choice").options == [
        f"1 · {history[1]['file_name']} · {fmt_datetime(history[1]['at'])}"
    ]

    # A meeting holds no imported rows: it cannot be undone, and undoing an import keeps it.
    refused = run_cli("undo", "2", "--data-dir", str(demo_copy))
    assert refused.returncode == 2 and store.version() == 2
    assert run_cli("undo", "1", "--data-dir", str(demo_copy)).returncode == 0
    assert store.version() == 3
    assert [m.meeting_id for m in meeting.meetings(store)] == ["standard", saved.meeting_id]
