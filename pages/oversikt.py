"""Oversikt: the culture index over time, the indicators now, portfolio health."""

import streamlit as st

from analytics import access, charts, culture, meeting, portfolio, ui
from analytics.framework import framework
from analytics.text import fmt_share, t

ui.use_router()

fw = framework()
st.title(t("page_overview"))
st.caption(t("overview_caption", municipality=fw.municipality, **fw.strategy))
ui.require_data()

summaries = ui.project_summaries()
health = portfolio.portfolio_health(summaries)
labels = fw.names("indicators")
group_names = fw.names("groups")
has_survey = ui.has_survey()

metrics = st.columns(4)
if has_survey:
    cells = ui.culture_cells()
    overall = culture.overall(cells)
    trend = culture.index_by_group(cells)
    indicators = culture.latest_vs_previous(overall)
    latest, previous = indicators.attrs["latest_round"], indicators.attrs["previous_round"]
    headline = culture.index_metric(overall, latest, previous)
    metrics[0].metric(
        t("metric_index", round=latest),
        headline["value"],
        headline["delta"],
        help=t("metric_index_help", previous=previous or "–"),
    )
    metrics[1].metric(t("metric_respondents", round=latest), headline["n"])
if summaries:
    metrics[2].metric(t("metric_projects"), health["open"])
    metrics[3].metric(
        t("metric_zero"),
        f"{health['open_with_zero']} ({fmt_share(health['share_open_with_zero'] or 0)})",
        help=t("metric_zero_help"),
    )

if has_survey:
    st.header(t("index_trend_title"))
    ui.takeaway(culture.index_takeaway(trend, group_names))
    st.plotly_chart(charts.index_trend(trend, group_names), key="index_trend")
    ui.numbers_behind(culture.index_trend_table(trend, group_names), "kulturindeks", "index_trend")

    st.header(t("indicators_title", latest=latest, previous=previous or "–"))
    ui.takeaway(culture.indicators_takeaway(indicators, labels))
    st.plotly_chart(charts.indicators_latest_vs_previous(indicators, labels), key="indicators")
    ui.numbers_behind(culture.indicators_table(indicators, labels), "kjennetegn", "indicators")
else:
    st.info(t("no_survey"))

st.header(t("portfolio_title"))
if summaries:
    ui.takeaway(portfolio.portfolio_takeaway(health))
    phases = portfolio.phase_table(summaries, fw.project_phases)
    st.plotly_chart(charts.projects_per_phase(phases), key="portfolio_phases")
    ui.numbers_behind(portfolio.phase_count_table(phases), "prosjekter_per_fase", "portfolio_phases")
else:
    st.info(t("no_projects"))

if ui.allowed(access.UNITS):  # sectors are units: not for a viewer without unit views
    st.header(t("slide_sectors_title"))
    sectors = meeting.sectors_slide(ui.slide_tables())
    ui.takeaway(sectors.headline)
    if not sectors.table.empty:
        st.table(meeting.text_table(sectors.table), hide_index=True)
    st.caption(sectors.source)

ui.actions_effect_section("overview_actions")
