"""Virkemidler: the strategic instruments of section 3.3, delivered against the yearly plan."""

import pandas as pd
import streamlit as st

from analytics import charts, instruments, portfolio, ui
from analytics.framework import framework
from analytics.text import t

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

names = {i.id: i.name for i in fw.instruments}
group_names = {g.id: g.name for g in fw.groups} | {"andre": t("participants_other")}
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
ui.takeaway(instruments.year_takeaway(delivery, year, names))
st.plotly_chart(charts.instrument_year(rows, names), key="instrument_year")
year_table = pd.DataFrame(
    {
        t("col_instrument"): rows["instrument"].map(names),
        t("series_planned"): [t("not_planned") if pd.isna(p) else int(p) for p in rows["planned"]],
        t("series_delivered"): rows["delivered"],
    }
)
ui.numbers_behind(year_table, f"virkemidler_{year}", "instrument_year")

st.header(t("delivery_trend_title"))
ui.takeaway(instruments.trend_takeaway(totals))
st.plotly_chart(charts.delivery_trend(totals), key="delivery_trend")
trend_table = pd.DataFrame(
    {
        t("col_year"): totals["year"],
        t("series_planned"): totals["planned"],
        t("series_delivered_as_planned"): totals["delivered_as_planned"],
        t("series_delivered"): totals["delivered"],
        t("col_share_percent"): [
            None if s is None or pd.isna(s) else round(100 * s, 1) for s in totals["share"]
        ],
    }
)
ui.numbers_behind(trend_table, "virkemidler_per_ar", "delivery_trend")

st.header(t("participants_title"))
ui.takeaway(instruments.participants_takeaway(participants, year, group_names))
st.plotly_chart(charts.participants_by_year(participants, group_names), key="participants_by_year")
participants_table = participants.rename(
    columns={"year": t("col_year"), "events": t("col_events"), **group_names}
)
ui.numbers_behind(participants_table, "deltakere_per_ar", "participants_by_year")

st.header(t("events_title", year=year))
held = events[events["held_on"].dt.year == year].sort_values("held_on")
events_table = pd.DataFrame(
    {
        t("col_date"): held["held_on"].map(portfolio.fmt_date),
        t("col_instrument"): held["instrument"].map(names),
        t("col_title"): held["title"],
        **{
            group_names[g]: held[f"participants_{g}"].astype("Int64").fillna(0).astype(int)
            for g in instruments.PARTICIPANT_GROUPS
        },
    }
)
st.dataframe(events_table, hide_index=True, key="events_table")
ui.downloads(events_table, f"arrangementer_{year}", "events_table")

with st.expander(t("templates_title")):
    ui.template_downloads("events")
