"""Prosjekter og fundamenter: the portfolio on the fundaments, risk, phases, one project's profile."""

import pandas as pd
import streamlit as st

from analytics import ui
from analytics.core.framework import framework
from analytics.core.text import join_and, t
from analytics.measures import portfolio
from analytics.present import charts, portfolio_text

ui.use_router()

fw = framework()
st.title(t("page_projects"))
st.caption(t("projects_caption", fundaments=join_and([f.name for f in fw.fundaments])))
ui.require_data()
tables = ui.portfolio_tables()
summaries = ui.project_summaries()
if not summaries:
    st.info(t("no_projects"))
    ui.template_downloads("projects")
    st.stop()

names = fw.names("fundaments")
phase_names = fw.names("project_phases")

left, right = st.columns(2)
status = left.selectbox(
    t("filter_status"),
    ("open", "all", "closed"),
    format_func=lambda s: t(f"status_{s}"),
    key="projects_status",
)
sectors = sorted({r["sector"] for r in summaries})
chosen_sectors = right.multiselect(
    t("filter_sector"), sectors, placeholder=t("all_sectors"), key="projects_sector"
)
selected = portfolio.select_projects(summaries, status, chosen_sectors)
if not selected:
    st.warning(t("no_projects_selected"))
    st.stop()
ids = [r["project_id"] for r in selected]
movement = portfolio.assessment_movement(tables["assessments"])
risk = portfolio.risk_list(selected, names, movement)
frame = portfolio.portfolio_frame(tables["projects"], selected).set_index("project_id")
figures = portfolio.selection_figures(selected)

metrics = st.columns(4)
metrics[0].metric(t("metric_selected"), figures["selected"])
metrics[1].metric(t("metric_zero_selected"), figures["zero_veto"], help=t("metric_zero_help"))
metrics[2].metric(
    t("metric_median_index"),
    figures["median_index"],
    help=t("metric_median_index_help", top=fw.fundament_max),
)
metrics[3].metric(t("metric_not_assessed"), figures["not_assessed"])

tab_risk, tab_table, tab_fundaments, tab_phases, tab_criteria, tab_profile, tab_templates = st.tabs(
    [
        t(f"tab_{name}")
        for name in ("risk", "table", "fundaments", "phases", "criteria", "profile", "templates")
    ]
)

with tab_risk:
    st.header(t("risk_title"))
    ui.takeaway(portfolio_text.risk_takeaway(risk))
    risk_table = portfolio_text.risk_table(risk, phase_names)
    st.dataframe(risk_table, hide_index=True, placeholder=ui.MISSING, key="risk_list")
    ui.downloads(risk_table, "risikoliste", "risk_list")

with tab_table:
    st.header(t("portfolio_table_title"))
    portfolio_table = portfolio_text.portfolio_table(frame, names, phase_names)
    st.dataframe(portfolio_table, hide_index=True, placeholder=ui.MISSING, key="portfolio_table")
    ui.downloads(portfolio_table, "prosjektportefolje", "portfolio_table")

with tab_fundaments:
    distribution = portfolio.fundament_distribution(selected)
    st.header(t("distribution_title"))
    ui.takeaway(portfolio_text.distribution_takeaway(distribution, names))
    st.plotly_chart(
        charts.fundament_distribution(distribution, names, tuple(fw.names("fundament_scale").values())),
        key="fundament_distribution",
    )
    ui.numbers_behind(
        portfolio_text.distribution_table(distribution, names),
        "fundamenter_fordeling",
        "fundament_distribution",
    )

    limiting = portfolio.limiting_fundaments(selected)
    st.header(t("limiting_title"))
    ui.takeaway(portfolio_text.limiting_takeaway(limiting, names, len(selected)))
    st.plotly_chart(charts.limiting_fundaments(limiting, names), key="limiting_fundaments")
    ui.numbers_behind(
        portfolio_text.limiting_table(limiting, names), "fundamenter_som_holder_igjen", "limiting_fundaments"
    )

    chosen = tables["assessments"]["project_id"].isin(ids)
    trend = portfolio.fundament_trend(tables["assessments"][chosen], tables["phases"])
    st.header(t("fundament_trend_title"))
    ui.takeaway(portfolio_text.trend_takeaway(trend, names))
    st.plotly_chart(charts.fundament_trend(trend, names), key="fundament_trend")
    ui.numbers_behind(
        portfolio_text.fundament_trend_table(trend, names), "fundamenter_over_tid", "fundament_trend"
    )

with tab_phases:
    phases = tables["phases"][tables["phases"]["project_id"].isin(ids)]
    funnel = portfolio.phase_funnel(phases, fw.project_phases)
    st.header(t("funnel_title"))
    ui.takeaway(portfolio_text.funnel_takeaway(funnel, len(selected)))
    st.plotly_chart(charts.phase_funnel(funnel), key="phase_funnel")
    ui.numbers_behind(portfolio_text.funnel_table(funnel), "faser", "phase_funnel")

    loops = portfolio.blt_loops(phases)
    st.header(t("loops_title"))
    ui.takeaway(portfolio_text.loops_takeaway(loops))
    st.plotly_chart(charts.blt_loops(loops), key="blt_loops")
    ui.numbers_behind(portfolio_text.loops_table(loops), "blt_runder", "blt_loops")

with tab_criteria:
    criteria = portfolio.criteria_funnel(tables["outcomes"], ids, fw.innovation_criteria)
    st.header(t("criteria_title"))
    ui.takeaway(portfolio_text.criteria_takeaway(criteria, len(selected)))
    st.plotly_chart(charts.criteria_funnel(criteria), key="criteria_funnel")
    ui.numbers_behind(portfolio_text.criteria_table(criteria), "nytt_nyttig_nyttiggjort", "criteria_funnel")

with tab_profile:
    by_id = {r["project_id"]: r for r in selected}
    pid = st.selectbox(
        t("profile_project"), ids, format_func=lambda p: f"{p} {by_id[p]['name']}", key="profile_project"
    )
    record = by_id[pid]
    project = tables["projects"].set_index("project_id").loc[pid]
    ui.heading(record["name"])
    description = project.get("description")
    if isinstance(description, str) and description:
        ui.paragraph(description)
    facts = st.columns(4)
    facts[0].metric(
        t("col_index"),
        portfolio_text.fmt_index(record["fundament_index"]),
        help=t("metric_index_fundament_help", top=fw.fundament_max),
    )
    facts[1].metric(t("col_weakest"), ", ".join(names[f] for f in record["weakest"]) or t("not_assessed"))
    facts[2].metric(t("col_phase"), phase_names.get(record["phase"], t("not_given")))
    padriver = ui.padriver_name(pid)  # personal data: only for leaders
    if padriver is None:
        facts[3].metric(t("col_has_padriver"), portfolio_text.yes_no(frame.loc[pid, "has_padriver"]))
    else:
        facts[3].metric(t("col_padriver_name"), padriver)

    st.markdown(f"#### {t('profile_scores_title')}")
    ui.takeaway(portfolio_text.scores_takeaway(record, names))
    st.plotly_chart(charts.project_scores(record["scores"], names), key="profile_scores")
    ui.numbers_behind(portfolio_text.scores_table(record, names), f"fundamenter_{pid}", "profile_scores")

    history = portfolio.assessment_history(tables["assessments"], pid)
    st.markdown(f"#### {t('profile_history_title')}")
    ui.takeaway(portfolio_text.history_takeaway(history, names))
    if len(history):
        st.plotly_chart(charts.assessment_history(history, names), key="profile_history")
    ui.numbers_behind(portfolio_text.history_table(history, names), f"vurderinger_{pid}", "profile_history")

    timeline = portfolio.phase_timeline(tables["phases"], pid, pd.Timestamp.today().normalize())
    st.markdown(f"#### {t('profile_timeline_title')}")
    ui.takeaway(portfolio_text.timeline_takeaway(timeline, phase_names))
    if len(timeline):
        st.plotly_chart(charts.phase_timeline(timeline, phase_names), key="profile_timeline")
    ui.numbers_behind(
        portfolio_text.timeline_table(timeline, tables["actors"], pid), f"faser_{pid}", "profile_timeline"
    )

    st.markdown(f"#### {t('criteria_title')}")
    st.dataframe(
        portfolio_text.outcomes_table(tables["outcomes"], pid),
        hide_index=True,
        placeholder=ui.MISSING,
        key="profile_outcomes",
    )

with tab_templates:
    ui.template_downloads("projects")
