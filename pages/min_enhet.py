"""Min enhet: a unit leader's own unit beside the municipality, its measures and a meeting report."""

import streamlit as st

from analytics import ui
from analytics.core import access
from analytics.core.framework import framework
from analytics.core.text import fmt_number, literal, t
from analytics.measures import culture
from analytics.present import changes_text, my_unit
from analytics.present.reports import MIME

ui.use_router()

fw = framework()
st.title(t("page_my_unit"))
ui.require(access.OWN_UNIT)
ui.require_data()
if not ui.has_survey():
    st.info(t("no_survey"))
    st.stop()

units = ui.viewer().units
unit = (
    st.selectbox(t("my_unit_choose"), units, key="my_unit_choice", format_func=literal)
    if len(units) > 1
    else units[0]
)
view = ui.my_unit_view(unit)
ui.heading(t("my_unit_heading", unit=unit, round=view.round))
ui.takeaway(view.headline)

index = view.indicators[view.indicators["indicator"] == culture.INDEX].iloc[0]
metrics = st.columns(4)
metrics[0].metric(
    t("my_unit_metric_index"),
    t("hidden") if index["suppressed"] else fmt_number(index["mean"]),
    # With a decimal comma; ASCII «-» so that the card reads a fall as a fall.
    None if index["change"] is None else changes_text.fmt_delta(index["change"]).replace("\u2212", "-"),
)
metrics[1].metric(t("my_unit_metric_n"), t("hidden") if index["suppressed"] else fmt_number(index["n"], 0))
metrics[2].metric(
    t("my_unit_municipality"), "–" if index["municipality"] is None else fmt_number(index["municipality"])
)
# The unit's response rate («skjult (for få)» when hidden); none when the round has no invited numbers.
if view.response_rate is not None:
    metrics[3].metric(t("my_unit_metric_response_rate"), view.response_rate)

st.header(t("my_unit_indicators_title"))
st.caption(t("my_unit_indicators_note", previous=view.previous or "–"))
st.dataframe(my_unit.indicator_table(view, t("my_unit_municipality")), hide_index=True, key="my_unit_table")

st.header(t("my_unit_strengths_title"))
ui.bullet_list(my_unit.summary_lines(view))
st.caption(t("drivers_caveat"))

st.header(t("my_unit_actions_title"))
measures = my_unit.measures_table(view)
if measures.empty:
    st.info(t("my_unit_no_actions"))
else:
    st.dataframe(measures, hide_index=True, key="my_unit_actions")

st.header(t("my_unit_calls_title", round=view.round))
calls = my_unit.calls_table(view, fw)
if calls.empty:
    st.info(t("my_unit_no_calls"))
else:
    st.dataframe(calls, hide_index=True, key="my_unit_calls")

st.header(t("my_unit_report_heading"))
left, right = st.columns(2)
for column, fmt in ((left, "pdf"), (right, "pptx")):
    column.download_button(
        t(f"meeting_download_{fmt}"),
        ui.my_unit_report(fmt, view),
        f"min_enhet.{fmt}",
        MIME[fmt],
        key=f"my_unit_report_{fmt}",
    )
