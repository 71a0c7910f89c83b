"""Virkemidler: the strategic instruments of section 3.3, delivered against the yearly plan."""

import streamlit as st

from analytics import ui
from analytics.core.framework import framework
from analytics.core.text import t
from analytics.measures import instruments
from analytics.present import charts, instruments_text

ui.use_router()

fw = framework()
st.title(t("page_instruments"))
st.caption(t("instruments_caption"))
ui.require_data()
tables = ui.portfolio_tables()
events, plan = tables["events"], tables["event_plan"]
if events.empty and plan.empty:
    st.info(t("no_events"))
    ui.template_downloads("events")
    st.stop()

names = fw.names("instruments")
group_names = instruments_text.participant_names()
delivery = instruments.delivery(events, plan, tuple(names))
totals = instruments.delivery_by_year(delivery)
participants = instruments.participants_by_year(events)
years = sorted(delivery["year"].unique().tolist(), reverse=True)
year = st.selectbox(t("instruments_year"), years, key="instruments_year")
rows = delivery[delivery["year"] == year]
year_total = totals[totals["year"] == year].iloc[0]

metrics = st.columns(3)
metrics[0].metric(t("series_planned"), int(year_total["planned"]))
metrics[1].metric(
    t("series_delivered_as_planned"),
    int(year_total["delivered_as_planned"]),
    help=t("delivered_as_planned_help"),
)
metrics[2].metric(t("metric_events_held"), int(year_total["delivered"]))

st.header(t("instrument_year_title") + f" {year}")
ui.takeaway(instruments_text.year_takeaway(delivery, year, names))
st.plotly_chart(charts.instrument_year(rows, names), key="instrument_year")
ui.numbers_behind(instruments_text.year_table(rows, names), f"virkemidler_{year}", "instrument_year")

st.header(t("delivery_trend_title"))
ui.takeaway(instruments_text.trend_takeaway(totals))
st.plotly_chart(charts.delivery_trend(totals), key="delivery_trend")
ui.numbers_behind(instruments_text.trend_table(totals), "virkemidler_per_ar", "delivery_trend")

st.header(t("participants_title"))
ui.takeaway(instruments_text.participants_takeaway(participants, year, group_names))
st.plotly_chart(charts.participants_by_year(participants, group_names), key="participants_by_year")
ui.numbers_behind(
    instruments_text.participants_table(participants, group_names), "deltakere_per_ar", "participants_by_year"
)

st.header(t("events_title", year=year))
events_table = instruments_text.events_table(events, year, names, group_names)
st.dataframe(events_table, hide_index=True, placeholder=ui.MISSING, key="events_table")
ui.downloads(events_table, f"arrangementer_{year}", "events_table")

with st.expander(t("templates_title")):
    ui.template_downloads("events")
