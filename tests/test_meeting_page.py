"""Møtemodus through app.py with AppTest: next/previous, a slide by URL, a meeting saved and reopened."""

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from analytics import meeting
from analytics.framework import framework
from analytics.store import Store
from tests.conftest import EVERY_ROLE, app_test, as_written, run_cli

PAGE = "pages/mote.py"


def _headline(at) -> str:
    return next(as_written(m.value[2:]) for m in at.markdown if m.value.startswith("# "))


def _standard(folder) -> list[meeting.Slide]:
    return meeting.build_slides(meeting.standard_meeting(), meeting.sources_from_store(Store(folder), 5))


def test_next_and_previous_walk_the_standard_set_and_the_url_follows(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    slides = _standard(app.data_dir)
    assert _headline(at) == slides[0].headline
    assert at.button(key="mote_forrige").disabled
    assert at.caption[0].value == f"Standardsettet · lysbilde 1 av {len(slides)}"
    mean_lines = 0
    for number in range(1, len(slides) + 1):
        if number > 1:
            at.button(key="mote_neste").click().run()
        assert _headline(at) == slides[number - 1].headline
        assert number == 1 or (
            at.query_params["lysbilde"] == str(number) and at.query_params["mote"] == "standard"
        )
        if slides[number - 1].value_kind == "mean" and slides[number - 1].chart == "line":
            # Means over the rounds span the answer scale: a small change is not drawn as a large one.
            y_range = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["range"]
            assert y_range[0] == framework().scale_min and y_range[1] >= framework().scale_max
            mean_lines += 1
    assert mean_lines >= 1  # the culture index over the rounds
    assert at.button(key="mote_neste").disabled
    at.button(key="mote_forrige").click().run()
    assert _headline(at) == slides[-2].headline and at.query_params["lysbilde"] == str(len(slides) - 1)
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    # A bar slide's bars are horizontal (categories on the y axis); the others have them on x.
    axis = "y" if slides[-2].chart == "bar" else "x"
    assert chart["data"][0][axis] == list(slides[-2].categories)
    assert [b.label for b in at.get("download_button")][-3:] == [
        "Last ned PowerPoint",
        "Last ned PDF",
        "Last ned tallene (Excel)",
    ]


def _open(folder, monkeypatch, email: str = EVERY_ROLE, **params) -> AppTest:
    at = app_test(folder, monkeypatch, email)
    at.query_params.update(params)
    at.run()
    at.switch_page(PAGE)
    at.query_params.update(params)
    return at.run()


def test_a_slide_opens_by_url_and_a_bad_link_falls_back_to_the_standard_set(demo_copy, monkeypatch):
    slides = _standard(demo_copy)
    at = _open(demo_copy, monkeypatch, mote="standard", lysbilde="4")
    assert not at.exception
    assert _headline(at) == slides[3].headline
    at = _open(demo_copy, monkeypatch, mote="finnes-ikke", lysbilde="99")
    assert "Fant ikke møtet «finnes-ikke» fra lenken" in as_written(at.warning[0].value)
    assert _headline(at) == slides[-1].headline


def test_a_meeting_is_composed_saved_and_reopened_by_its_link(app, monkeypatch):
    at = app.run()
    at.switch_page(PAGE).run()
    at.text_input(key="mote_tittel").input("Kommunestyret juni")
    at.date_input(key="mote_dato").set_value(dt.date(2025, 6, 12))
    at.multiselect(key="mote_lysbilder").set_value(["enheter", "kulturindeks"])
    at.button(key="mote_lagre").click().run()
    assert not at.exception
    assert at.success[0].value == "Møtet «Kommunestyret juni» er lagret."
    assert at.query_params["mote"] == "kommunestyret-juni-2025-06-12" and at.query_params["lysbilde"] == "1"
    slides = meeting.build_slides(
        meeting.find_meeting(Store(app.data_dir), "kommunestyret-juni-2025-06-12"),
        meeting.sources_from_store(Store(app.data_dir), 5),
    )
    assert [s.key for s in slides] == ["enheter", "kulturindeks"]
    assert _headline(at) == slides[0].headline
    listed = json.loads(run_cli("meetings", "--data-dir", str(app.data_dir), "--json").stdout)
    assert [m["meeting_id"] for m in listed] == ["standard", "kommunestyret-juni-2025-06-12"]

    reopened = _open(app.data_dir, monkeypatch, mote="kommunestyret-juni-2025-06-12", lysbilde="2")
    assert _headline(reopened) == slides[1].headline
    assert reopened.caption[0].value == "Kommunestyret juni · lysbilde 2 av 2"
    assert reopened.selectbox(key="mote_valg").value == "kommunestyret-juni-2025-06-12"


def test_a_meeting_without_title_or_slides_is_refused_and_nothing_is_stored(app):
    at = app.run()
    at.switch_page(PAGE).run()
    version = Store(app.data_dir).version()
    at.multiselect(key="mote_lysbilder").set_value([])
    at.button(key="mote_lagre").click().run()
    assert as_written(at.error[0].value) == "Møtet mangler tittel. Velg minst ett lysbilde."
    assert Store(app.data_dir).version() == version
