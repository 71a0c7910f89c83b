"""The portfolio in words and tables: takeaway sentences and the tables behind the project charts.

Made from the numbers of :mod:`analytics.measures.portfolio`; nothing here computes a figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.core.framework import framework
from analytics.core.text import fmt_change, fmt_date, fmt_number, fmt_share, join_and, t


def phase_table(summaries: list[dict], phases: tuple) -> pd.DataFrame:
    """Projects per current phase in the framework's phase order.

    ``phases`` are the framework's project phases (objects with ``id`` and
    ``name``). Columns: ``phase``, ``phase_name``, ``projects``, ``with_zero``.
    """
    rows = []
    for phase in phases:
        in_phase = [r for r in summaries if r["phase"] == phase.id]
        rows.append(
            {
                "phase": phase.id,
                "phase_name": phase.name,
                "projects": len(in_phase),
                "with_zero": sum(1 for r in in_phase if r["zero_veto"]),
            }
        )
    return pd.DataFrame(rows)


def portfolio_takeaway(health: dict) -> str:
    """One sentence on how many running projects a zero fundament holds back."""
    if not health["open_with_zero"]:
        return t("takeaway_portfolio_none")
    return t(
        "takeaway_portfolio",
        with_zero=health["open_with_zero"],
        open=health["open"],
        share=fmt_share(health["share_open_with_zero"]),
    )


def fmt_index(value) -> str:
    """The fundament index for display: a whole number, or «ikke vurdert» when unknown."""
    return t("not_assessed") if value is None or pd.isna(value) else fmt_number(value, 0)


def risk_takeaway(risk: pd.DataFrame) -> str:
    """One sentence: the zero-veto projects, or else the project with the lowest index."""
    if risk.empty:
        return t("takeaway_no_projects")
    if risk["holding_back"].eq(t("not_assessed")).all():
        return t("takeaway_none_assessed")
    vetoed = risk[risk["zero_veto"]]
    ranked = risk[~risk["zero_veto"] & risk["fundament_index"].notna()]
    lowest = ""
    if not ranked.empty:
        first = ranked.iloc[0]
        lowest = t(
            "takeaway_risk_lowest",
            name=first["name"],
            index=fmt_index(first["fundament_index"]),
            holding_back=first["holding_back"],
        )
    if vetoed.empty:
        return t("takeaway_risk_no_zero") + lowest
    names = [f"{n} ({h})" for n, h in zip(vetoed["name"], vetoed["holding_back"])]
    return t("takeaway_risk_zero", zero=len(vetoed), total=len(risk), names=join_and(names)) + lowest


def distribution_takeaway(distribution: pd.DataFrame, names: Mapping[str, str]) -> str:
    """One sentence: the fundament most projects lack (score 0 or 1)."""
    weak = distribution["score_0"] + distribution["score_1"]
    total = int(distribution.drop(columns="fundament").iloc[0].sum())
    if not total:
        return t("takeaway_no_projects")
    not_assessed = int(distribution["not_assessed"].sum())
    if not_assessed == total * len(distribution):
        return t("takeaway_none_assessed")
    tail = t("takeaway_not_assessed", count=not_assessed) if not_assessed else ""
    if not weak.any():
        return t("takeaway_distribution_none", total=total) + tail
    row = distribution.loc[weak.idxmax()]
    return (
        t(
            "takeaway_distribution",
            fundament=names[row["fundament"]],
            weak=int(weak.max()),
            total=total,
            zero=int(row["score_0"]),
        )
        + tail
    )


def limiting_takeaway(limiting: pd.DataFrame, names: Mapping[str, str], projects: int) -> str:
    """One sentence: the fundament that most often holds projects back."""
    if projects and (limiting["not_assessed"] == projects).all():
        return t("takeaway_none_assessed")
    if not limiting["limiting"].any():
        return t("takeaway_limiting_none")
    row = limiting.loc[limiting["limiting"].idxmax()]
    tied = limiting[limiting["limiting"] == row["limiting"]]["fundament"].map(names).tolist()
    return t(
        "takeaway_limiting",
        fundament=join_and(tied),
        limiting=int(row["limiting"]),
        projects=projects,
    )


def trend_takeaway(trend: pd.DataFrame, names: Mapping[str, str]) -> str:
    """One sentence: the fundament that rose most from the first to the last year, and the weakest now."""
    known = trend.dropna(subset=["mean"])
    if known.empty:
        return t("takeaway_none_assessed")
    first_year, last_year = int(known["year"].min()), int(known["year"].max())
    first = known[known["year"] == first_year].set_index("fundament")["mean"]
    last = known[known["year"] == last_year].set_index("fundament")["mean"]
    weakest_now = last.idxmin()
    sentence = t(
        "takeaway_trend_weakest", year=last_year, fundament=names[weakest_now], mean=fmt_number(last.min(), 1)
    )
    change = (last - first).dropna()
    if first_year == last_year or change.empty:
        return sentence
    rose = change.max() > 0
    mover = change.idxmax() if rose else change.idxmin()
    return (
        t(
            "takeaway_trend" if rose else "takeaway_trend_fell",
            first_year=first_year,
            last_year=last_year,
            fundament=names[mover],
            before=fmt_number(first[mover], 1),
            after=fmt_number(last[mover], 1),
        )
        + sentence
    )


def funnel_takeaway(funnel: pd.DataFrame, projects: int) -> str:
    """One sentence: how far the projects have come through the phases."""
    if not projects:
        return t("takeaway_no_projects")
    fw = framework()
    reached = funnel.set_index("phase")["reached"]
    steps = [
        t(
            "funnel_reached",
            count=int(reached.get(phase, 0)),
            phase=fw.name_of("project_phases", phase).lower(),
        )
        for phase in fw.criterion_phases.values()
    ]
    return t("takeaway_funnel", projects=projects, reached=join_and(steps))


def loops_takeaway(loops: pd.DataFrame) -> str:
    """One sentence: how many projects went round Behov–Løsning–Test more than once."""
    projects = int(loops["projects"].sum()) if len(loops) else 0
    if not projects:
        return t("takeaway_no_projects")
    more = int(loops.loc[loops["loops"] > 1, "projects"].sum())
    return t("takeaway_loops", more=more, projects=projects, most=int(loops["loops"].max()))


def criteria_takeaway(funnel: pd.DataFrame, projects: int) -> str:
    """One sentence: how many projects reached each innovation criterion (nytt, nyttig ...)."""
    if not projects:
        return t("takeaway_no_projects")
    steps = [f"{int(row.projects)} {row.name.lower()}" for row in funnel.itertuples(index=False)]
    if steps:
        steps[-1] += f" ({fmt_share(int(funnel['projects'].iloc[-1]) / projects)})"
    return t("takeaway_criteria", projects=projects, reached=join_and(steps))


def scores_takeaway(record: dict, names: Mapping[str, str]) -> str:
    """One sentence on one project's latest scores: the index and what holds it back."""
    scores = record["scores"]
    if all(v is None for v in scores.values()):
        return t("takeaway_profile_unassessed")
    if record["zero_veto"]:
        zeros = [names[f] for f in framework().fundament_ids if scores[f] == 0]
        return t("takeaway_profile_zero", fundaments=join_and(zeros))
    weakest_names = join_and([names[f] for f in record["weakest"]])
    lowest = scores[record["weakest"][0]]
    if record["fundament_index"] is None:
        missing = join_and([names[f] for f in framework().fundament_ids if scores[f] is None])
        return t("takeaway_profile_unknown", missing=missing, weakest=weakest_names, score=lowest)
    if lowest == framework().fundament_max:
        return t("takeaway_profile_full")
    return t(
        "takeaway_profile",
        index=fmt_index(record["fundament_index"]),
        weakest=weakest_names,
        score=lowest,
    )


def history_takeaway(history: pd.DataFrame, names: Mapping[str, str]) -> str:
    """One sentence on the movement between a project's last two assessments."""
    if history.empty:
        return t("takeaway_profile_unassessed")
    if len(history) == 1:
        return t("takeaway_history_once", date=fmt_date(history["assessed_on"].iloc[0]))
    before, after = history.iloc[-2], history.iloc[-1]
    improved = [
        names[f]
        for f in framework().fundament_ids
        if pd.notna(before[f]) and pd.notna(after[f]) and after[f] > before[f]
    ]
    worsened = [
        names[f]
        for f in framework().fundament_ids
        if pd.notna(before[f]) and pd.notna(after[f]) and after[f] < before[f]
    ]
    sentence = t(
        "takeaway_history",
        date=fmt_date(before["assessed_on"]),
        before=fmt_index(before["fundament_index"]),
        after=fmt_index(after["fundament_index"]),
    )
    if improved:
        sentence += t("takeaway_history_up", fundaments=join_and(improved))
    if worsened:
        sentence += t("takeaway_history_down", fundaments=join_and(worsened))
    if not improved and not worsened:
        sentence += t("takeaway_history_same")
    return sentence


def timeline_takeaway(timeline: pd.DataFrame, phase_names: Mapping[str, str]) -> str:
    """One sentence: the project's current phase, since when, after how many BLT loops."""
    if timeline.empty:
        return t("takeaway_timeline_none")
    last = timeline.iloc[-1]
    return t(
        "takeaway_timeline",
        phase=phase_names[last["phase"]],
        date=fmt_date(last["started_on"]),
        loops=int(timeline["loop"].max()),
    )


def matrix_takeaway(matrix: pd.DataFrame, project_names: Mapping[str, str]) -> str:
    """One sentence on co-creation breadth: the average and the broadest project."""
    if matrix.empty:
        return t("takeaway_no_projects")
    breadth = (matrix > 0).sum(axis=1)
    if not breadth.any():
        return t("takeaway_no_actors")
    return t(
        "takeaway_matrix",
        mean=fmt_number(float(breadth.mean()), 1),
        broadest=project_names[breadth.idxmax()],
        most=int(breadth.max()),
        total=len(matrix.columns),
    )


def reach_takeaway(reach: pd.DataFrame, names: Mapping[str, str], projects: int) -> str:
    """One sentence: the actor most often involved and the ones rarely involved."""
    if not projects:
        return t("takeaway_no_projects")
    ordered = reach.sort_values("projects", ascending=False, kind="stable")
    top = ordered.iloc[0]
    if not top["projects"]:
        return t("takeaway_no_actors")
    fewest = int(ordered["projects"].min())
    rare = ordered[ordered["projects"] == fewest]["actor"].map(names).tolist()
    return t(
        "takeaway_reach",
        top=names[top["actor"]],
        top_n=int(top["projects"]),
        projects=projects,
        rare=join_and(rare),
        rare_n=fewest,
    )


def breadth_takeaway(by_year: pd.DataFrame) -> str:
    """One sentence on breadth by start year: earliest against latest cohort."""
    if by_year.empty:
        return t("takeaway_no_projects")
    first, last = by_year.iloc[0], by_year.iloc[-1]
    if len(by_year) == 1:
        return t("takeaway_breadth_one", year=int(first["year"]), mean=fmt_number(first["mean_breadth"], 1))
    return t(
        "takeaway_breadth",
        first_year=int(first["year"]),
        first=fmt_number(first["mean_breadth"], 1),
        last_year=int(last["year"]),
        last=fmt_number(last["mean_breadth"], 1),
    )


def stor_b_takeaway(summary: dict) -> str:
    """One sentence on «stor B»: citizens in the behov phase and time spent on the need."""
    if not summary["projects"]:
        return t("takeaway_no_projects")
    sentence = t(
        "takeaway_stor_b",
        citizens=summary["citizens_in_behov"],
        projects=summary["projects"],
        share=fmt_share(summary["share_citizens_in_behov"]),
    )
    if summary["median_days_in_behov"] is not None:
        sentence += t("takeaway_stor_b_days", days=fmt_number(summary["median_days_in_behov"], 0))
    if summary["solution_first"]:
        sentence += t("takeaway_stor_b_solution_first", count=summary["solution_first"])
    return sentence


def score_text(value) -> str:
    """A fundament score as shown: the number, or «ikke vurdert»."""
    return t("not_assessed") if value is None or pd.isna(value) else str(int(value))


def yes_no(value) -> str:
    """ja, nei, or «ikke oppgitt» for a missing answer."""
    return t("not_given") if value is None or pd.isna(value) else t("yes") if value else t("no")


def _fundament_columns(frame: pd.DataFrame, names: Mapping[str, str]) -> dict[str, pd.Series]:
    return {names[f]: frame[f].map(score_text) for f in framework().fundament_ids}


def phase_count_table(phases: pd.DataFrame) -> pd.DataFrame:
    """:func:`phase_table` for people: projects per phase and how many have a zero."""
    return phases[["phase_name", "projects", "with_zero"]].rename(
        columns={"phase_name": t("col_phase"), "projects": t("col_projects"), "with_zero": t("col_with_zero")}
    )


def risk_table(risk: pd.DataFrame, phase_names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`risk_list` for people, ranked."""
    return pd.DataFrame(
        {
            t("col_rank"): range(1, len(risk) + 1),
            t("col_project_id"): risk["project_id"],
            t("col_project"): risk["name"],
            t("col_phase"): risk["phase"].map(phase_names),
            t("col_index"): risk["fundament_index"].map(fmt_index),
            t("col_zero_veto"): risk["zero_veto"].map(yes_no),
            t("col_holding_back"): risk["holding_back"],
            t("col_not_assessed"): risk["not_assessed"],
            t("col_index_change"): ["–" if pd.isna(c) else fmt_change(c, 0) for c in risk["index_change"]],
        }
    )


def portfolio_table(frame: pd.DataFrame, names: Mapping[str, str], phase_names: Mapping[str, str]):
    """:func:`portfolio_frame` (indexed by project id) for people, one column per fundament."""
    return pd.DataFrame(
        {
            t("col_project_id"): frame.index,
            t("col_project"): frame["name"],
            t("col_sector"): frame["sector"],
            t("col_phase"): frame["phase"].map(phase_names),
            t("col_started"): frame["started_on"].map(fmt_date),
            **_fundament_columns(frame, names),
            t("col_index"): frame["fundament_index"].map(fmt_index),
            t("col_weakest"): frame["weakest"].map(
                lambda w: ", ".join(names[f] for f in w) or t("not_assessed")
            ),
            t("col_handlingsrom"): frame["handlingsrom_avklart"].map(yes_no),
            t("col_award"): ["" if pd.isna(v) else v for v in frame["arets_innovasjonsprosjekt"]],
            t("col_has_padriver"): frame["has_padriver"].map(yes_no),
        }
    )


def distribution_table(distribution: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`fundament_distribution` for people: one column per score of the scale."""
    table = distribution.assign(fundament=distribution["fundament"].map(names))
    table.columns = [
        t("col_fundament"),
        *(f"{s.id} {s.name.lower()}" for s in framework().fundament_scale),
        t("not_assessed"),
    ]
    return table


def limiting_table(limiting: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`limiting_fundaments` for people."""
    table = limiting.assign(fundament=limiting["fundament"].map(names))
    table.columns = [t("col_fundament"), t("series_limiting"), t("series_zero"), t("not_assessed")]
    return table


def fundament_trend_table(trend: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`fundament_trend` for people."""
    return pd.DataFrame(
        {
            t("col_year"): trend["year"],
            t("col_fundament"): trend["fundament"].map(names),
            t("col_mean"): trend["mean"].astype(float).round(2),
            t("col_assessed"): trend["assessed"],
            t("not_assessed"): trend["not_assessed"],
            t("series_zero"): trend["zeros"],
        }
    )


def funnel_table(funnel: pd.DataFrame) -> pd.DataFrame:
    """:func:`phase_funnel` for people."""
    return funnel[["phase_name", "reached", "current"]].rename(
        columns={"phase_name": t("col_phase"), "reached": t("series_reached"), "current": t("series_current")}
    )


def loops_table(loops: pd.DataFrame) -> pd.DataFrame:
    """:func:`blt_loops` for people."""
    return loops.rename(columns={"loops": t("axis_loops"), "projects": t("col_projects")})


def _percent(shares) -> list:
    return [None if s is None or pd.isna(s) else round(100 * s, 1) for s in shares]


def criteria_table(criteria: pd.DataFrame) -> pd.DataFrame:
    """:func:`criteria_funnel` for people, shares in percent."""
    return pd.DataFrame(
        {
            t("col_criterion"): criteria["name"],
            t("col_projects"): criteria["projects"],
            t("col_share_percent"): _percent(criteria["share"]),
            t("col_share_of_previous"): _percent(criteria["share_of_previous"]),
        }
    )


def scores_table(record: dict, names: Mapping[str, str]) -> pd.DataFrame:
    """One project's latest score per fundament."""
    return pd.DataFrame(
        {
            t("col_fundament"): list(names.values()),
            t("col_score"): [score_text(record["scores"][f]) for f in names],
        }
    )


def history_table(history: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`assessment_history` for people."""
    return pd.DataFrame(
        {
            t("col_assessed_on"): history["assessed_on"].map(fmt_date),
            t("col_assessor"): history["assessor_role"],
            **_fundament_columns(history, names),
            t("col_index"): history["fundament_index"].map(fmt_index),
            t("col_comment"): history["comment"].fillna(""),
        }
    )


def timeline_table(timeline: pd.DataFrame, actors: pd.DataFrame, project_id: str) -> pd.DataFrame:
    """:func:`phase_timeline` for people, with the actors of each phase."""
    fw = framework()
    phase_names, actor_names = fw.names("project_phases"), fw.names("actors")
    own = actors[actors["project_id"] == project_id]
    return pd.DataFrame(
        {
            t("col_phase"): timeline["phase"].map(phase_names),
            t("col_loop"): timeline["loop"],
            t("col_started"): timeline["started_on"].map(fmt_date),
            t("col_ended"): [t("not_ended") if pd.isna(e) else fmt_date(e) for e in timeline["ended_on"]],
            t("col_days"): timeline["days"],
            t("col_actors"): [
                ", ".join(actor_names[a] for a in own.loc[own["phase"] == p, "actor"])
                for p in timeline["phase"]
            ],
        }
    )


def outcomes_table(outcomes: pd.DataFrame, project_id: str) -> pd.DataFrame:
    """When one project reached each innovation criterion (or «ikke nådd»)."""
    reached = outcomes[outcomes["project_id"] == project_id].set_index("criterion")["reached_on"]
    criteria = framework().innovation_criteria
    return pd.DataFrame(
        {
            t("col_criterion"): [c.name for c in criteria],
            t("col_reached_on"): [
                fmt_date(reached[c.id]) if c.id in reached.index else t("not_reached") for c in criteria
            ],
        }
    )


def stor_b_table(checks: pd.DataFrame, project_names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`behov_first` for people."""
    answer = {True: t("yes"), False: t("no")}
    return pd.DataFrame(
        {
            t("col_project_id"): checks.index,
            t("col_project"): [project_names[p] for p in checks.index],
            t("col_had_behov"): checks["had_behov"].map(answer),
            t("col_citizens_in_behov"): checks["citizens_in_behov"].map(answer),
            t("col_solution_first"): checks["solution_first"].map(answer),
            t("col_days_in_behov"): [
                t("not_reached_losning") if pd.isna(d) else str(int(d)) for d in checks["days_in_behov"]
            ],
        }
    )


def matrix_table(matrix: pd.DataFrame, actor_names: Mapping[str, str], project_names: Mapping[str, str]):
    """:func:`actor_matrix` for people, one row per project."""
    table = matrix.rename(columns=actor_names)
    table.insert(0, t("col_project"), [project_names[p] for p in matrix.index])
    table.insert(0, t("col_project_id"), matrix.index)
    return table


def reach_table(reach: pd.DataFrame, actor_names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`actor_reach` for people."""
    return pd.DataFrame(
        {
            t("col_actor"): reach["actor"].map(actor_names),
            t("col_projects"): reach["projects"],
            t("col_share_percent"): _percent(reach["share"]),
        }
    )


def breadth_table(by_year: pd.DataFrame) -> pd.DataFrame:
    """:func:`breadth_by_start_year` for people."""
    return pd.DataFrame(
        {
            t("axis_start_year"): by_year["year"],
            t("col_projects"): by_year["projects"],
            t("col_mean_breadth"): by_year["mean_breadth"].round(2),
            t("col_citizens_in_behov"): by_year["citizens_in_behov"],
            t("col_share_citizens"): _percent(by_year["share_citizens_in_behov"]),
        }
    )
