"""Oversikt: the culture index over time, the indicators now, portfolio health."""

import streamlit as st

from analytics import ui
from analytics.core import access
from analytics.core.framework import framework
from analytics.core.text import fmt_share, literal, t

ui.use_router()

fw = framework()
st.title(t("page_overview"))
st.caption(t("overview_caption", municipality=fw.municipality, **fw.strategy))
ui.require_data()

view = ui.overview()

metrics = st.columns(4)
if view.headline is not None:
    delta = view.headline["delta"] or {}  # no delta where the change cannot be stated like for like
    metrics[0].metric(
        t("metric_index", round=view.latest_round),
        view.headline["value"],
        delta.get("delta"),
        delta_color=delta.get("delta_color", "normal"),
        delta_arrow=delta.get("delta_arrow", "auto"),
        help=t("metric_index_help", previous=view.previous_round or "–") + " " + view.headline["sentence"],
    )
    metrics[1].metric(t("metric_respondents", round=view.latest_round), view.headline["n"])
if view.health is not None:
    metrics[2].metric(t("metric_projects"), view.health["open"])
    metrics[3].metric(
        t("metric_zero"),
        f"{view.health['open_with_zero']} ({fmt_share(view.health['share_open_with_zero'] or 0)})",
        help=t("metric_zero_help"),
    )

if view.participation is not None:
    card = view.participation
    if card["missing"]:
        st.caption(t("metric_participation_missing", round=view.latest_round))
    else:
        st.columns(4)[0].metric(
            t("metric_participation", round=view.latest_round),
            card["value"],
            card["delta"],
            help=card["help"],
        )

if view.index_trend is not None:
    st.header(t("index_trend_title"))
    ui.takeaway(view.index_trend.takeaway)
    st.plotly_chart(view.index_trend.figure, key="index_trend")
    ui.numbers_behind(view.index_trend.table, "kulturindeks", "index_trend")

    st.header(view.indicators_title)
    ui.takeaway(view.indicators.takeaway)
    st.plotly_chart(view.indicators.figure, key="indicators")
    ui.numbers_behind(view.indicators.table, "kjennetegn", "indicators")
    moves = view.moves if ui.allowed(access.UNITS) else view.moves_groups
    st.header(t("overview_moves_title", previous=view.previous_round or "–", latest=view.latest_round))
    ui.takeaway(moves.headline)
    if not moves.table.empty:
        st.dataframe(moves.text_table(), hide_index=True, key="overview_moves")
    st.caption(moves.source)

    st.header(t("benchmarks_index_title", round=view.latest_round))
    ui.benchmark_section(view.latest_round, None, "overview_benchmarks", index_only=True)
else:
    st.info(t("no_survey"))

st.header(t("portfolio_title"))
if view.phases is not None:
    ui.takeaway(view.phases.takeaway)
    st.plotly_chart(view.phases.figure, key="portfolio_phases")
    ui.numbers_behind(view.phases.table, "prosjekter_per_fase", "portfolio_phases")
else:
    st.info(t("no_projects"))

if ui.allowed(access.UNITS):  # sectors are units: not for a viewer without unit views
    st.header(t("slide_sectors_title"))
    ui.takeaway(view.sectors.headline)
    if not view.sectors.table.empty:
        ui.table(view.sectors_table)
    st.caption(literal(view.sectors.source))

ui.actions_effect_section("overview_actions")
