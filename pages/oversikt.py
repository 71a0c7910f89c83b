"""Oversikt: the culture index over time, the nine indicators now, portfolio health."""

import streamlit as st

from analytics import access, charts, culture, meeting, portfolio, ui
from analytics.framework import framework
from analytics.text import fmt_change, fmt_number, fmt_share, t

ui.use_router()

fw = framework()
st.title(t("page_overview"))
st.caption(t("overview_caption", municipality=fw.municipality, **fw.strategy))
ui.require_data()

summaries = ui.project_summaries()
health = portfolio.portfolio_health(summaries)
labels = {k.id: k.label for k in fw.indicators}
group_names = {g.id: g.name for g in fw.groups}
has_survey = ui.has_survey()

metrics = st.columns(4)
if has_survey:
    cells = ui.culture_cells()
    overall = culture.overall(cells)
    trend = culture.index_by_group(cells)
    indicators = culture.latest_vs_previous(overall)
    latest, previous = indicators.attrs["latest_round"], indicators.attrs["previous_round"]
    index_rows = overall[overall["indicator"] == culture.INDEX].set_index("round")
    index_now = index_rows.loc[latest]
    index_before = index_rows.loc[previous] if previous else None
    delta = None
    if index_before is not None and not index_now["suppressed"] and not index_before["suppressed"]:
        delta = fmt_change(float(index_now["mean"]) - float(index_before["mean"]))
    metrics[0].metric(
        t("metric_index", round=latest),
        t("hidden") if index_now["suppressed"] else fmt_number(index_now["mean"]),
        delta,
        help=t("metric_index_help", previous=previous or "–"),
    )
    metrics[1].metric(
        t("metric_respondents", round=latest),
        t("hidden") if index_now["suppressed"] else fmt_number(index_now["n"], 0),
    )
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
    trend_table = trend.assign(
        group=trend["group"].map(group_names).fillna(t("all_respondents")),
        mean=trend["mean"].round(2),
    ).rename(
        columns={"round": t("col_round"), "group": t("col_group"), "mean": t("col_mean"), "n": t("col_n")}
    )
    ui.numbers_behind(trend_table.drop(columns="suppressed"), "kulturindeks", "index_trend")

    st.header(t("indicators_title", latest=latest, previous=previous or "–"))
    ui.takeaway(culture.indicators_takeaway(indicators, labels))
    st.plotly_chart(charts.indicators_latest_vs_previous(indicators, labels), key="indicators")
    indicator_table = indicators.assign(label=indicators["indicator"].map(labels))[
        ["indicator", "label", "previous", "latest", "change"]
    ].round(2)
    indicator_table.columns = [t(f"col_{c}") for c in ("indicator", "label", "previous", "latest", "change")]
    ui.numbers_behind(indicator_table, "kjennetegn", "indicators")
else:
    st.info(t("no_survey"))

st.header(t("portfolio_title"))
if summaries:
    ui.takeaway(portfolio.portfolio_takeaway(health))
    phases = portfolio.phase_table(summaries, fw.project_phases)
    st.plotly_chart(charts.projects_per_phase(phases), key="portfolio_phases")
    phase_table = phases[["phase_name", "projects", "with_zero"]].rename(
        columns={"phase_name": t("col_phase"), "projects": t("col_projects"), "with_zero": t("col_with_zero")}
    )
    ui.numbers_behind(phase_table, "prosjekter_per_fase", "portfolio_phases")
else:
    st.info(t("no_projects"))

if ui.allowed(access.UNITS):  # sectors are units: not for a viewer without unit views
    st.header(t("slide_sectors_title"))
    sectors = meeting.sectors_slide(ui.meeting_sources())
    ui.takeaway(sectors.headline)
    if not sectors.table.empty:
        st.table(meeting.text_table(sectors.table), hide_index=True)
    st.caption(sectors.source)

ui.actions_effect_section("overview_actions")
