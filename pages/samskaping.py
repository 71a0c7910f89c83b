"""Samskaping: who takes part in the projects (strategy 2.6) and whether needs come first (2.4)."""

import streamlit as st

from analytics import ui
from analytics.core.framework import framework
from analytics.core.text import fmt_number, fmt_share, t
from analytics.measures import portfolio
from analytics.present import charts, portfolio_text

ui.use_router()

fw = framework()
st.title(t("page_cocreation"))
st.caption(t("cocreation_caption"))
ui.require_data()
tables = ui.portfolio_tables()
projects = tables["projects"].sort_values("project_id")
if projects.empty:
    st.info(t("no_projects"))
    st.stop()

ids = projects["project_id"].tolist()
project_names = dict(zip(projects["project_id"], projects["name"]))
actor_names = fw.names("actors")
checks = portfolio.behov_first(ids, tables["phases"], tables["actors"])
stor_b = portfolio.stor_b_summary(checks)
matrix = portfolio.actor_matrix(tables["actors"], ids, tuple(actor_names))
reach = portfolio.actor_reach(matrix)
by_year = portfolio.breadth_by_start_year(projects, matrix, checks)

metrics = st.columns(3)
metrics[0].metric(
    t("metric_citizens_in_behov"),
    f"{stor_b['citizens_in_behov']} ({fmt_share(stor_b['share_citizens_in_behov'])})",
    help=t("metric_citizens_in_behov_help"),
)
metrics[1].metric(
    t("metric_days_in_behov"),
    t("not_given")
    if stor_b["median_days_in_behov"] is None
    else fmt_number(stor_b["median_days_in_behov"], 0),
    help=t("metric_days_in_behov_help"),
)
metrics[2].metric(
    t("metric_breadth"), fmt_number(portfolio.mean_breadth(matrix), 1), help=t("metric_breadth_help")
)

st.header(t("stor_b_title"))
ui.takeaway(portfolio_text.stor_b_takeaway(stor_b))
st.plotly_chart(charts.citizens_in_behov(by_year), key="citizens_in_behov")
ui.numbers_behind(portfolio_text.stor_b_table(checks, project_names), "stor_b", "citizens_in_behov")

st.header(t("matrix_title"))
ui.takeaway(portfolio_text.matrix_takeaway(matrix, project_names))
st.plotly_chart(charts.actor_matrix(matrix, actor_names, project_names), key="actor_matrix")
ui.numbers_behind(
    portfolio_text.matrix_table(matrix, actor_names, project_names), "aktorer_per_prosjekt", "actor_matrix"
)

st.header(t("reach_title"))
ui.takeaway(portfolio_text.reach_takeaway(reach, actor_names, len(ids)))
st.plotly_chart(charts.actor_reach(reach, actor_names), key="actor_reach")
ui.numbers_behind(portfolio_text.reach_table(reach, actor_names), "aktorer", "actor_reach")

st.header(t("breadth_title"))
ui.takeaway(portfolio_text.breadth_takeaway(by_year))
st.plotly_chart(charts.breadth_by_year(by_year), key="breadth_by_year")
ui.numbers_behind(portfolio_text.breadth_table(by_year), "samskaping_over_tid", "breadth_by_year")
