"""Møtemodus through app.py with AppTest: next/previous, a slide by URL, a meeting saved and reopened."""

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from analytics.core.framework import framework
from analytics.measures import inputs
from analytics.present import meeting
from analytics.store import Store
from tests.conftest import EVERY_ROLE, app_test, as_written, run_cli

PAGE = "pages/mote.py"


def _headline(at) -> str:
    """The slide's headline as shown (markdown escapes undone)."""
    return next(as_written(m.value[2:]) for m in at.markdown if m.value.startswith("# "))


def _screen(slide) -> str:
    """What the headline line of ``slide`` shows (detail goes below the chart)."""
    return meeting.screen_headline(slide.headline)[0]


def _standard(folder) -> list[meeting.Slide]:
    return meeting.build_slides(meeting.standard_meeting(), inputs.sources_from_store(Store(folder), 5))


def test_next_and_previous_walk_the_standard_set_and_the_url_follows(app):
    at = app.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    slides = _standard(app.data_dir)
    assert _headline(at) == _screen(slides[0])
    assert at.button(key="mote_forrige").disabled
    assert at.caption[0].value == f"Standardsettet · lysbilde 1 av {len(slides)}"
    mean_lines = 0
    for number in range(1, len(slides) + 1):
        if number > 1:
            at.button(key="mote_neste").click().run()
        assert _headline(at) == _screen(slides[number - 1])
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
    assert _headline(at) == _screen(slides[-2]) and at.query_params["lysbilde"] == str(len(slides) - 1)
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
    assert _headline(at) == _screen(slides[3])
    at = _open(demo_copy, monkeypatch, mote="finnes-ikke", lysbilde="99")
    assert "Fant ikke møtet «finnes-ikke» fra lenken" in as_written(at.warning[0].value)
    assert _headline(at) == _screen(slides[-1])


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
        inputs.sources_from_store(Store(app.data_dir), 5),
    )
    assert [s.key for s in slides] == ["enheter", "kulturindeks"]
    assert _headline(at) == _screen(slides[0])
    listed = json.loads(run_cli("meetings", "--data-dir", str(app.data_dir), "--json").stdout)
    assert [m["meeting_id"] for m in listed] == ["standard", "kommunestyret-juni-2025-06-12"]

    reopened = _open(app.data_dir, monkeypatch, mote="kommunestyret-juni-2025-06-12", lysbilde="2")
    assert _headline(reopened) == _screen(slides[1])
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


def test_the_presentation_view_shows_the_slide_alone_and_the_address_keeps_it(demo_copy, monkeypatch):
    slides = _standard(demo_copy)
    at = _open(demo_copy, monkeypatch, mote="standard", lysbilde="5", visning="presentasjon")
    assert not at.exception
    assert _headline(at) == _screen(slides[4])
    # No demo banner (the position line says «demodata»), no chooser, downloads or composer.
    assert not at.info and not at.selectbox and not at.get("download_button") and not at.text_input
    assert at.caption[0].value.endswith("· demodata")
    at.button(key="mote_neste").click().run()
    assert _headline(at) == _screen(slides[5])
    assert at.query_params["lysbilde"] == "6" and at.query_params["visning"] == "presentasjon"
    at.button(key="mote_avslutt").click().run()
    assert "visning" not in at.query_params and at.query_params["lysbilde"] == "6"
    assert at.selectbox(key="mote_valg") and at.button(key="mote_presentasjon")
    at.button(key="mote_presentasjon").click().run()
    assert at.query_params["visning"] == "presentasjon" and not at.selectbox


def test_slide_charts_keep_the_latest_round_blue_the_scale_whole_and_hidden_bars_named(demo_copy):
    from analytics.present import charts

    slides = {s.key: s for s in _standard(demo_copy)}
    fw = framework()
    agree = json.loads(charts.slide_chart(slides["kjennetegn"]).to_json())
    assert [d["marker"]["color"] for d in agree["data"][:2]] == [charts.ORANGE, charts.BLUE]
    assert agree["data"][1]["name"] == "2024"
    assert agree["layout"]["xaxis"]["range"] == [0, 1]
    assert agree["layout"]["xaxis"]["ticktext"] == [
        "0\u00a0%",
        "25\u00a0%",
        "50\u00a0%",
        "75\u00a0%",
        "100\u00a0%",
    ]
    units = json.loads(charts.slide_chart(slides["enheter"]).to_json())
    assert units["layout"]["xaxis"]["range"] == [fw.scale_min, fw.scale_max]
    hidden = next(d for d in units["data"] if d.get("mode") == "text")
    assert hidden["text"] == ["skjult"] * len(slides["enheter"].hidden)
    assert hidden["y"] == list(slides["enheter"].hidden)
    groups = slides["grupper"]
    assert set(groups.categories) <= {fw.name_of("groups", g) for g in fw.group_ids}
    goals = json.loads(charts.slide_chart(slides["mal"]).to_json())
    assert any("<br>" in label for label in goals["layout"]["yaxis"]["ticktext"])
    ticks = goals["layout"]["yaxis"]["ticktext"]
    # At most two lines of at most 34 characters, cut after whole words.
    assert all(len(tick.split("<br>")) <= 2 for tick in ticks)
    assert all(len(line) <= charts.AXIS_LABEL_WIDTH for tick in ticks for line in tick.split("<br>"))
    words = {w for name in slides["mal"].categories for w in name.split()} | {"…"}
    assert all(w in words for tick in ticks for w in tick.replace("<br>", " ").split())
    assert goals["layout"]["legend"]["font"]["size"] >= 18
    assert goals["layout"]["xaxis"]["tickfont"]["size"] >= 18
    plan = json.loads(charts.slide_chart(slides["virkemidler"]).to_json())
    assert plan["layout"]["yaxis"]["range"] == [0, 1]
    assert plan["layout"]["shapes"][0]["y0"] == 1.0 and "plan" in plan["layout"]["annotations"][0]["text"]
