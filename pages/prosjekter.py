"""Prosjekter og fundamenter: the portfolio on the fundaments, risk, phases, one project's profile."""

import pandas as pd
import streamlit as st

from analytics import charts, portfolio, ui
from analytics.framework import framework
from analytics.text import fmt_change, fmt_number, join_and, t

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

names = {f.id: f.name for f in fw.fundaments}
phase_names = {p.id: p.name for p in fw.project_phases}
criterion_names = {c.id: c.name for c in fw.innovation_criteria}
actor_names = {a.id: a.name for a in fw.actors}


def score_text(value) -> str:
    return t("not_assessed") if value is None or pd.isna(value) else str(int(value))


def yes_no(value) -> str:
    return t("not_given") if value is None or pd.isna(value) else t("yes") if value else t("no")


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
selected = [
    r
    for r in summaries
    if (not chosen_sectors or r["sector"] in chosen_sectors)
    and (status == "all" or (status == "open") == (not portfolio.is_closed(r["phase"])))
]
if not selected:
    st.warning(t("no_projects_selected"))
    st.stop()
ids = [r["project_id"] for r in selected]
movement = portfolio.assessment_movement(tables["assessments"])
risk = portfolio.risk_list(selected, names, movement)
frame = portfolio.portfolio_frame(tables["projects"], selected).set_index("project_id")
known_index = [r["fundament_index"] for r in selected if r["fundament_index"] is not None]

metrics = st.columns(4)
metrics[0].metric(t("metric_selected"), len(selected))
metrics[1].metric(t("metric_zero_selected"), int(risk["zero_veto"].sum()), help=t("metric_zero_help"))
metrics[2].metric(
    t("metric_median_index"),
    fmt_number(pd.Series(known_index).median(), 0) if known_index else t("not_assessed"),
    help=t("metric_median_index_help", top=fw.fundament_max),
)
metrics[3].metric(
    t("metric_not_assessed"), sum(1 for r in selected if r["fundament_index"] is None and not r["zero_veto"])
)

tab_risk, tab_table, tab_fundaments, tab_phases, tab_criteria, tab_profile, tab_templates = st.tabs(
    [
        t(f"tab_{name}")
        for name in ("risk", "table", "fundaments", "phases", "criteria", "profile", "templates")
    ]
)

with tab_risk:
    st.header(t("risk_title"))
    ui.takeaway(portfolio.risk_takeaway(risk))
    risk_table = pd.DataFrame(
        {
            t("col_rank"): range(1, len(risk) + 1),
            t("col_project_id"): risk["project_id"],
            t("col_project"): risk["name"],
            t("col_phase"): risk["phase"].map(phase_names),
            t("col_index"): risk["fundament_index"].map(portfolio.fmt_index),
            t("col_zero_veto"): risk["zero_veto"].map(yes_no),
            t("col_holding_back"): risk["holding_back"],
            t("col_not_assessed"): risk["not_assessed"],
            t("col_index_change"): ["–" if pd.isna(c) else fmt_change(c, 0) for c in risk["index_change"]],
        }
    )
    st.dataframe(risk_table, hide_index=True, key="risk_list")
    ui.downloads(risk_table, "risikoliste", "risk_list")

with tab_table:
    st.header(t("portfolio_table_title"))
    portfolio_table = pd.DataFrame(
        {
            t("col_project_id"): frame.index,
            t("col_project"): frame["name"],
            t("col_sector"): frame["sector"],
            t("col_phase"): frame["phase"].map(phase_names),
            t("col_started"): frame["started_on"].map(portfolio.fmt_date),
            **{names[f]: frame[f].map(score_text) for f in fw.fundament_ids},
            t("col_index"): frame["fundament_index"].map(portfolio.fmt_index),
            t("col_weakest"): frame["weakest"].map(
                lambda w: ", ".join(names[f] for f in w) or t("not_assessed")
            ),
            t("col_handlingsrom"): frame["handlingsrom_avklart"].map(yes_no),
            t("col_award"): ["" if pd.isna(v) else v for v in frame["arets_innovasjonsprosjekt"]],
            t("col_has_padriver"): frame["has_padriver"].map(yes_no),
        }
    )
    st.dataframe(portfolio_table, hide_index=True, key="portfolio_table")
    ui.downloads(portfolio_table, "prosjektportefolje", "portfolio_table")

with tab_fundaments:
    scale = tuple(s.name for s in fw.fundament_scale)
    distribution = portfolio.fundament_distribution(selected)
    st.header(t("distribution_title"))
    ui.takeaway(portfolio.distribution_takeaway(distribution, names))
    st.plotly_chart(charts.fundament_distribution(distribution, names, scale), key="fundament_distribution")
    distribution_table = distribution.assign(fundament=distribution["fundament"].map(names))
    distribution_table.columns = [
        t("col_fundament"),
        *(f"{score} {label.lower()}" for score, label in enumerate(scale)),
        t("not_assessed"),
    ]
    ui.numbers_behind(distribution_table, "fundamenter_fordeling", "fundament_distribution")

    limiting = portfolio.limiting_fundaments(selected)
    st.header(t("limiting_title"))
    ui.takeaway(portfolio.limiting_takeaway(limiting, names, len(selected)))
    st.plotly_chart(charts.limiting_fundaments(limiting, names), key="limiting_fundaments")
    limiting_table = limiting.assign(fundament=limiting["fundament"].map(names))
    limiting_table.columns = [t("col_fundament"), t("series_limiting"), t("series_zero"), t("not_assessed")]
    ui.numbers_behind(limiting_table, "fundamenter_som_holder_igjen", "limiting_fundaments")

    chosen = tables["assessments"]["project_id"].isin(ids)
    trend = portfolio.fundament_trend(tables["assessments"][chosen], tables["phases"])
    st.header(t("fundament_trend_title"))
    ui.takeaway(portfolio.trend_takeaway(trend, names))
    st.plotly_chart(charts.fundament_trend(trend, names), key="fundament_trend")
    trend_table = pd.DataFrame(
        {
            t("col_year"): trend["year"],
            t("col_fundament"): trend["fundament"].map(names),
            t("col_mean"): trend["mean"].astype(float).round(2),
            t("col_assessed"): trend["assessed"],
            t("not_assessed"): trend["not_assessed"],
            t("series_zero"): trend["zeros"],
        }
    )
    ui.numbers_behind(trend_table, "fundamenter_over_tid", "fundament_trend")

with tab_phases:
    phases = tables["phases"][tables["phases"]["project_id"].isin(ids)]
    funnel = portfolio.phase_funnel(phases, fw.project_phases)
    st.header(t("funnel_title"))
    ui.takeaway(portfolio.funnel_takeaway(funnel, len(selected)))
    st.plotly_chart(charts.phase_funnel(funnel), key="phase_funnel")
    funnel_table = funnel[["phase_name", "reached", "current"]].rename(
        columns={"phase_name": t("col_phase"), "reached": t("series_reached"), "current": t("series_current")}
    )
    ui.numbers_behind(funnel_table, "faser", "phase_funnel")

    loops = portfolio.blt_loops(phases)
    st.header(t("loops_title"))
    ui.takeaway(portfolio.loops_takeaway(loops))
    st.plotly_chart(charts.blt_loops(loops), key="blt_loops")
    loops_table = loops.rename(columns={"loops": t("axis_loops"), "projects": t("col_projects")})
    ui.numbers_behind(loops_table, "blt_runder", "blt_loops")

with tab_criteria:
    criteria = portfolio.criteria_funnel(tables["outcomes"], ids, fw.innovation_criteria)
    st.header(t("criteria_title"))
    ui.takeaway(portfolio.criteria_takeaway(criteria, len(selected)))
    st.plotly_chart(charts.criteria_funnel(criteria), key="criteria_funnel")
    criteria_table = pd.DataFrame(
        {
            t("col_criterion"): criteria["name"],
            t("col_projects"): criteria["projects"],
            t("col_share_percent"): [round(100 * s, 1) for s in criteria["share"]],
            t("col_share_of_previous"): [
                None if pd.isna(s) else round(100 * s, 1) for s in criteria["share_of_previous"]
            ],
        }
    )
    ui.numbers_behind(criteria_table, "nytt_nyttig_nyttiggjort", "criteria_funnel")

with tab_profile:
    by_id = {r["project_id"]: r for r in selected}
    pid = st.selectbox(
        t("profile_project"), ids, format_func=lambda p: f"{p} {by_id[p]['name']}", key="profile_project"
    )
    record = by_id[pid]
    project = tables["projects"].set_index("project_id").loc[pid]
    st.header(record["name"])
    description = project.get("description")
    if isinstance(description, str) and description:
        st.markdown(description)
    facts = st.columns(4)
    facts[0].metric(
        t("col_index"),
        portfolio.fmt_index(record["fundament_index"]),
        help=t("metric_index_fundament_help", top=fw.fundament_max),
    )
    facts[1].metric(t("col_weakest"), ", ".join(names[f] for f in record["weakest"]) or t("not_assessed"))
    facts[2].metric(t("col_phase"), phase_names.get(record["phase"], t("not_given")))
    facts[3].metric(t("col_has_padriver"), yes_no(frame.loc[pid, "has_padriver"]))

    st.markdown(f"#### {t('profile_scores_title')}")
    ui.takeaway(portfolio.scores_takeaway(record, names))
    st.plotly_chart(charts.project_scores(record["scores"], names), key="profile_scores")
    scores_table = pd.DataFrame(
        {
            t("col_fundament"): list(names.values()),
            t("col_score"): [score_text(record["scores"][f]) for f in names],
        }
    )
    ui.numbers_behind(scores_table, f"fundamenter_{pid}", "profile_scores")

    history = portfolio.assessment_history(tables["assessments"], pid)
    st.markdown(f"#### {t('profile_history_title')}")
    ui.takeaway(portfolio.history_takeaway(history, names))
    if len(history):
        st.plotly_chart(charts.assessment_history(history, names), key="profile_history")
    history_table = pd.DataFrame(
        {
            t("col_assessed_on"): history["assessed_on"].map(portfolio.fmt_date),
            t("col_assessor"): history["assessor_role"],
            **{names[f]: history[f].map(score_text) for f in fw.fundament_ids},
            t("col_index"): history["fundament_index"].map(portfolio.fmt_index),
            t("col_comment"): history["comment"].fillna(""),
        }
    )
    ui.numbers_behind(history_table, f"vurderinger_{pid}", "profile_history")

    timeline = portfolio.phase_timeline(tables["phases"], pid, pd.Timestamp.today().normalize())
    st.markdown(f"#### {t('profile_timeline_title')}")
    ui.takeaway(portfolio.timeline_takeaway(timeline, phase_names))
    if len(timeline):
        st.plotly_chart(charts.phase_timeline(timeline, phase_names), key="profile_timeline")
    actors = tables["actors"][tables["actors"]["project_id"] == pid]
    timeline_table = pd.DataFrame(
        {
            t("col_phase"): timeline["phase"].map(phase_names),
            t("col_loop"): timeline["loop"],
            t("col_started"): timeline["started_on"].map(portfolio.fmt_date),
            t("col_ended"): [
                t("not_ended") if pd.isna(e) else portfolio.fmt_date(e) for e in timeline["ended_on"]
            ],
            t("col_days"): timeline["days"],
            t("col_actors"): [
                ", ".join(actor_names[a] for a in actors.loc[actors["phase"] == p, "actor"])
                for p in timeline["phase"]
            ],
        }
    )
    ui.numbers_behind(timeline_table, f"faser_{pid}", "profile_timeline")

    outcomes = tables["outcomes"][tables["outcomes"]["project_id"] == pid].set_index("criterion")[
        "reached_on"
    ]
    st.markdown(f"#### {t('criteria_title')}")
    st.dataframe(
        pd.DataFrame(
            {
                t("col_criterion"): list(criterion_names.values()),
                t("col_reached_on"): [
                    portfolio.fmt_date(outcomes[c]) if c in outcomes.index else t("not_reached")
                    for c in criterion_names
                ],
            }
        ),
        hide_index=True,
        key="profile_outcomes",
    )

with tab_templates:
    ui.template_downloads("projects")
