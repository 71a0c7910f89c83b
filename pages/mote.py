"""Møtemodus: one slide at a time for kommunestyret, each addressable by URL (?mote=…&lysbilde=3)."""

from datetime import date

import streamlit as st

from analytics import ui
from analytics.core import access
from analytics.core.text import literal, t
from analytics.present import charts, meeting
from analytics.present.reports import MIME, file_name

ui.use_router()
ui.meeting_style()
presenting = st.query_params.get(meeting.VIEW_PARAM) == meeting.PRESENTATION
if presenting:
    ui.presentation_style()
slide_area = st.container(key="mote_slide")
store = ui.require_data(banner=not presenting)

all_meetings = {m.meeting_id: m for m in meeting.meetings(store)}
wanted = st.query_params.get("mote", meeting.STANDARD_ID)
if wanted not in all_meetings:
    st.warning(t("meeting_unknown_link", meeting=literal(wanted)))
    wanted = meeting.STANDARD_ID
chosen = all_meetings[wanted]
sources = ui.meeting_sources()
slides = ui.meeting_slides(chosen, sources)
if not slides:
    st.warning(t("meeting_no_slides_for_role"))
    st.stop()
number = meeting.slide_position(st.query_params.get("lysbilde", 1), len(slides))
slide = slides[number - 1]


def show(meeting_id: str, slide_number: int) -> None:
    st.query_params["mote"] = meeting_id
    st.query_params["lysbilde"] = str(slide_number)


def present(on: bool) -> None:
    if on:
        st.query_params[meeting.VIEW_PARAM] = meeting.PRESENTATION
    else:
        del st.query_params[meeting.VIEW_PARAM]


def pick_meeting() -> None:
    show(st.session_state["mote_valg"], 1)


def save() -> None:
    state = st.session_state
    try:
        new = meeting.new_meeting(state["mote_tittel"], state["mote_dato"], state["mote_lysbilder"])
        ui.save_meeting(new)
    except meeting.MeetingError as exc:
        state["mote_feil"] = str(exc)
        return
    state["mote_feil"] = None
    state["mote_lagret"] = new.title
    state["mote_valg"] = new.meeting_id
    show(new.meeting_id, 1)


show(chosen.meeting_id, number)
headline, detail = meeting.screen_headline(slide.headline)
with slide_area:
    position = t("meeting_position", title=literal(chosen.title), number=number, count=len(slides))
    if presenting and store.is_demo():
        position = f"{position} · {t('presentation_demo')}"
    st.caption(position)
    st.markdown(f"# {literal(headline)}")
    if slide.categories:
        st.plotly_chart(
            charts.slide_chart(slide, height=380 if presenting else 480),
            key="mote_chart",
            config={"displayModeBar": not presenting},
        )
    # The headline's detail and the source in one block, so that the slide fits 1280×720.
    st.markdown("  \n".join(literal(line) for line in (detail, slide.source) if line))
    back, middle, forward = st.columns([1, 2, 1])
    back.button(
        t("meeting_previous"),
        key="mote_forrige",
        on_click=show,
        args=(chosen.meeting_id, number - 1),
        disabled=number == 1,
        icon=":material/arrow_back:",
        width="stretch",
    )
    middle.button(
        t("presentation_leave") if presenting else t("presentation_start"),
        key="mote_avslutt" if presenting else "mote_presentasjon",
        on_click=present,
        args=(not presenting,),
        icon=":material/close_fullscreen:" if presenting else ":material/slideshow:",
        help=t("presentation_leave_help") if presenting else t("presentation_start_help"),
        width="stretch",
    )
    forward.button(
        t("meeting_next"),
        key="mote_neste",
        on_click=show,
        args=(chosen.meeting_id, number + 1),
        disabled=number == len(slides),
        icon=":material/arrow_forward:",
        width="stretch",
    )
    if presenting:
        st.stop()
    if not slide.table.empty:
        ui.numbers_behind(slide.text_table(), f"{chosen.meeting_id}-{number}", "mote_table")

st.header(t("meeting_choose_title"))
if st.session_state.get("mote_valg") != chosen.meeting_id:
    st.session_state["mote_valg"] = chosen.meeting_id
st.selectbox(
    t("meeting_choose"),
    list(all_meetings),
    format_func=lambda m: " · ".join(filter(None, (all_meetings[m].title, all_meetings[m].date))),
    key="mote_valg",
    on_change=pick_meeting,
)
st.caption(t("meeting_link", meeting=chosen.meeting_id))
columns = st.columns(3)
for column, fmt in zip(columns, ("pptx", "pdf", "xlsx")):
    column.download_button(
        t(f"meeting_download_{fmt}"),
        ui.report(fmt, chosen, slides, sources),
        file_name(chosen, fmt),
        MIME[fmt],
        key=f"mote_rapport_{fmt}",
    )

if len(slides) < len(chosen.slides):
    st.caption(t("meeting_units_left_out"))
if not ui.allowed(access.LEAD):
    st.stop()
st.header(t("meeting_compose_title"))
if st.session_state.get("mote_lagret"):
    st.success(t("meeting_saved", title=literal(st.session_state.pop("mote_lagret"))))
with st.form("mote_skjema"):
    st.text_input(t("meeting_title_label"), key="mote_tittel")
    st.date_input(t("meeting_date_label"), value=date.today(), key="mote_dato", format="DD.MM.YYYY")
    titles = meeting.slide_titles()
    st.multiselect(
        t("meeting_slides_label"),
        list(titles),
        default=list(titles),
        format_func=titles.get,
        key="mote_lysbilder",
        help=t("meeting_slides_help"),
    )
    st.form_submit_button(t("meeting_save"), key="mote_lagre", on_click=save)
if st.session_state.get("mote_feil"):
    ui.alert("error", st.session_state["mote_feil"])
