"""The innovation portfolio (strategy section 3.2): the fundaments.

The fundaments multiply: "Dersom ett av punktene vurderes til 0, blir svaret
null". Scores run from 0 to the top of the strategy's fundament scale (Jevnaker:
0 mangler … 4 fullt på plass). A missing score means "ikke vurdert" and is
never treated as zero. Fundaments, phases (and which are closed) and the
citizens' actor id all come from :func:`analytics.core.framework.framework`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import conform
from analytics.core.text import fmt_number, t

TABLES = ("projects", "assessments", "phases", "actors", "outcomes", "events", "event_plan")


def is_closed(phase: str | None) -> bool:
    """True for a phase whose stage is ``closed`` in the strategy (the project has ended)."""
    return phase in framework().closed_phases


def read_tables(store, manifest: dict | None = None) -> dict[str, pd.DataFrame]:
    """The project and instrument tables of a data folder, typed by their specs.

    A table not imported yet is an empty frame with the spec's columns.
    """
    manifest = manifest or store.manifest()
    return {name: conform(name, store.table(name, manifest)) for name in TABLES}


def _known(scores: Mapping[str, object]) -> dict[str, int]:
    known = {}
    for fundament in framework().fundament_ids:
        value = scores.get(fundament)
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            continue
        known[fundament] = int(value)
    return known


def fundament_index(scores: Mapping[str, object]) -> float | None:
    """100 x the geometric mean of score/top score over the strategy's fundaments.

    0 when any fundament is 0 (the strategy's multiplication); ``None`` when a
    score is missing and none is 0, because the index is then unknown.

    Examples
    --------
    >>> fw = framework()
    >>> fundament_index(dict.fromkeys(fw.fundament_ids, fw.fundament_max))
    100.0
    >>> fundament_index(dict.fromkeys(fw.fundament_ids, fw.fundament_max) | {fw.fundament_ids[-1]: 0})
    0.0
    >>> fundament_index(dict.fromkeys(fw.fundament_ids[1:], fw.fundament_max)) is None
    True
    """
    known = _known(scores)
    if any(v == 0 for v in known.values()):
        return 0.0
    fw = framework()
    if len(known) < len(fw.fundament_ids):
        return None
    product = math.prod(v / fw.fundament_max for v in known.values())
    return 100.0 * product ** (1 / len(fw.fundament_ids))


def zero_veto(scores: Mapping[str, object]) -> bool:
    """True when any fundament is scored 0 (missing scores are not zeros)."""
    return any(v == 0 for v in _known(scores).values())


def weakest(scores: Mapping[str, object]) -> list[str]:
    """The fundament id(s) with the lowest known score, in framework order."""
    known = _known(scores)
    if not known:
        return []
    lowest = min(known.values())
    return [f for f, v in known.items() if v == lowest]


def latest_assessments(assessments: pd.DataFrame) -> pd.DataFrame:
    """Each project's most recent assessment (one row per project)."""
    ordered = assessments.sort_values(["project_id", "assessed_on"], kind="stable")
    return ordered.groupby("project_id", sort=True).tail(1).set_index("project_id")


def current_phases(phases: pd.DataFrame) -> pd.Series:
    """Each project's current phase: the phase entered most recently."""
    ordered = phases.sort_values(["project_id", "started_on"], kind="stable")
    return ordered.groupby("project_id").tail(1).set_index("project_id")["phase"]


def project_summaries(
    projects: pd.DataFrame, assessments: pd.DataFrame, phases: pd.DataFrame, actors: pd.DataFrame
) -> list[dict]:
    """One record per project from its latest assessment (the CLI's ``projects``).

    Keys: ``project_id``, ``name``, ``sector``, ``phase``, ``scores``,
    ``fundament_index``, ``zero_veto``, ``weakest``, ``actors``. No project
    register yet (an empty frame) gives no records.
    """
    if projects.empty:
        return []
    latest = latest_assessments(assessments) if len(assessments) else pd.DataFrame()
    phase_now = current_phases(phases) if len(phases) else pd.Series(dtype=object)
    actor_sets = actors.groupby("project_id")["actor"].agg(lambda s: sorted(set(s))) if len(actors) else {}
    records = []
    for project in projects.sort_values("project_id").itertuples(index=False):
        pid = project.project_id
        if pid in latest.index:
            row = latest.loc[pid]
            scores = {f: _known(row).get(f) for f in framework().fundament_ids}
        else:
            scores = dict.fromkeys(framework().fundament_ids)
        index = fundament_index(scores)
        records.append(
            {
                "project_id": pid,
                "name": project.name,
                "sector": project.sector,
                "phase": phase_now.get(pid),
                "scores": scores,
                "fundament_index": None if index is None else round(index, 2),
                "zero_veto": zero_veto(scores),
                "weakest": weakest(scores),
                "actors": list(actor_sets.get(pid, [])) if len(actors) else [],
            }
        )
    return records


def portfolio_health(summaries: list[dict]) -> dict:
    """Projects per current phase and the share of open projects with a zero fundament.

    Closed projects (avsluttet, stoppet) are counted per phase but left out of
    the zero-fundament share, which is about the projects still running.
    """
    per_phase: dict[str, int] = {}
    for record in summaries:
        per_phase[record["phase"]] = per_phase.get(record["phase"], 0) + 1
    open_projects = [r for r in summaries if not is_closed(r["phase"])]
    with_zero = [r for r in open_projects if r["zero_veto"]]
    return {
        "per_phase": per_phase,
        "open": len(open_projects),
        "open_with_zero": len(with_zero),
        "share_open_with_zero": len(with_zero) / len(open_projects) if open_projects else None,
    }


# ---------------------------------------------------------------- the portfolio view


def _scores_of(record: Mapping[str, object]) -> dict[str, int | None]:
    known = _known(record)
    return {f: known.get(f) for f in framework().fundament_ids}


def portfolio_frame(projects: pd.DataFrame, summaries: list[dict]) -> pd.DataFrame:
    """One row per project: register facts and the latest fundament scores.

    The pådriver's name is personal data and is not part of the frame; only
    whether one is registered (``has_padriver``). Scores are nullable
    integers (``<NA>`` = ikke vurdert).
    """
    register = projects.set_index("project_id")
    rows = []
    for record in summaries:
        project = register.loc[record["project_id"]]
        rows.append(
            {
                "project_id": record["project_id"],
                "name": record["name"],
                "sector": record["sector"],
                "phase": record["phase"],
                "started_on": project["started_on"],
                "handlingsrom_avklart": project.get("handlingsrom_avklart"),
                "arets_innovasjonsprosjekt": project.get("arets_innovasjonsprosjekt"),
                "has_padriver": bool(
                    pd.notna(project.get("padriver")) and str(project.get("padriver")).strip()
                ),
                **record["scores"],
                "fundament_index": record["fundament_index"],
                "zero_veto": record["zero_veto"],
                "weakest": record["weakest"],
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.astype({f: "Int8" for f in framework().fundament_ids} | {"fundament_index": "Float64"})


def padriver_of(projects: pd.DataFrame, project_id: str) -> str | None:
    """The pådriver's name registered for a project (personal data: callers check access).

    ``None`` when none is registered.
    """
    names = projects.loc[projects["project_id"] == project_id, "padriver"]
    name = names.iloc[0] if len(names) else None
    return str(name).strip() if pd.notna(name) and str(name).strip() else None


def fundament_distribution(summaries: list[dict]) -> pd.DataFrame:
    """How many projects have each score on each fundament.

    Columns: ``fundament``, ``score_0`` … ``score_<top>`` and ``not_assessed``
    (a missing score is counted as not assessed, never as 0).
    """
    rows = []
    for fundament in framework().fundament_ids:
        values = [r["scores"].get(fundament) for r in summaries]
        row = {"fundament": fundament}
        for score in framework().fundament_scores:
            row[f"score_{score}"] = sum(1 for v in values if v == score)
        row["not_assessed"] = sum(1 for v in values if v is None)
        rows.append(row)
    return pd.DataFrame(rows)


def limiting_fundaments(summaries: list[dict]) -> pd.DataFrame:
    """Which fundaments hold projects back.

    A fundament *limits* a project when it has the project's lowest known
    score and that score is below the top of the scale (ties count for every tied fundament).
    Columns: ``fundament``, ``limiting``, ``zero``, ``not_assessed``.
    """
    fw = framework()
    rows = []
    for fundament in fw.fundament_ids:
        limiting = sum(
            1
            for r in summaries
            if fundament in r["weakest"] and (r["scores"][fundament] or 0) < fw.fundament_max
        )
        rows.append(
            {
                "fundament": fundament,
                "limiting": limiting,
                "zero": sum(1 for r in summaries if r["scores"].get(fundament) == 0),
                "not_assessed": sum(1 for r in summaries if r["scores"].get(fundament) is None),
            }
        )
    return pd.DataFrame(rows)


def assessment_history(assessments: pd.DataFrame, project_id: str) -> pd.DataFrame:
    """A project's assessments, oldest first, with the index and weakest of each.

    Columns: ``assessed_on``, ``assessor_role``, the five fundaments,
    ``fundament_index``, ``zero_veto``, ``weakest``, ``comment``.
    """
    rows = assessments[assessments["project_id"] == project_id].sort_values("assessed_on", kind="stable")
    records = []
    for row in rows.to_dict("records"):
        scores = _scores_of(row)
        records.append(
            {
                "assessed_on": row["assessed_on"],
                "assessor_role": row["assessor_role"],
                **scores,
                "fundament_index": fundament_index(scores),
                "zero_veto": zero_veto(scores),
                "weakest": weakest(scores),
                "comment": None if pd.isna(row.get("comment")) else row.get("comment"),
            }
        )
    columns = [
        "assessed_on",
        "assessor_role",
        *framework().fundament_ids,
        "fundament_index",
        "zero_veto",
        "weakest",
    ]
    return pd.DataFrame(records, columns=[*columns, "comment"])


def assessment_movement(assessments: pd.DataFrame) -> pd.DataFrame:
    """Movement between each project's previous and latest assessment.

    Only projects with at least two assessments. Columns (indexed by
    ``project_id``): ``previous_on``, ``latest_on``, ``previous_index``,
    ``latest_index``, ``index_change`` (``None`` when either index is
    unknown), ``improved`` and ``worsened`` (fundament ids whose score went
    up or down; a fundament not assessed in either is in neither).
    """
    ordered = assessments.sort_values(["project_id", "assessed_on"], kind="stable")
    records = []
    for pid, rows in ordered.groupby("project_id", sort=True):
        if len(rows) < 2:
            continue
        before, after = (_scores_of(r) for r in rows.tail(2).to_dict("records"))
        index_before, index_after = fundament_index(before), fundament_index(after)
        both = [f for f in framework().fundament_ids if before[f] is not None and after[f] is not None]
        records.append(
            {
                "project_id": pid,
                "previous_on": rows["assessed_on"].iloc[-2],
                "latest_on": rows["assessed_on"].iloc[-1],
                "previous_index": index_before,
                "latest_index": index_after,
                "index_change": None
                if index_before is None or index_after is None
                else index_after - index_before,
                "improved": [f for f in both if after[f] > before[f]],
                "worsened": [f for f in both if after[f] < before[f]],
            }
        )
    columns = ["project_id", "previous_on", "latest_on", "previous_index", "latest_index", "index_change"]
    return pd.DataFrame(records, columns=[*columns, "improved", "worsened"]).set_index("project_id")


def _holding_back(record: dict, names: Mapping[str, str]) -> str:
    scores = record["scores"]
    zeros = [f for f in framework().fundament_ids if scores[f] == 0]
    if zeros:
        return ", ".join(t("risk_zero", fundament=names[f]) for f in zeros)
    if not record["weakest"]:
        return t("not_assessed")
    lowest = scores[record["weakest"][0]]
    if lowest == framework().fundament_max:
        return t("risk_nothing")
    return ", ".join(f"{names[f]} ({lowest})" for f in record["weakest"])


def risk_list(
    summaries: list[dict], names: Mapping[str, str], movement: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Projects ordered by risk: zero veto first, then the lowest fundament_index.

    Among zero-veto projects, more zeros come first. Projects whose index is
    unknown (a fundament not assessed, none at 0) come last: their risk
    cannot be ranked, and the list says which fundament is ``ikke vurdert``.
    ``names`` maps fundament ids to display names. Columns: ``project_id``,
    ``name``, ``phase``, ``fundament_index``, ``zero_veto``,
    ``holding_back``, ``not_assessed``, ``index_change``.
    """

    def order(record: dict) -> tuple:
        index = record["fundament_index"]
        zeros = sum(1 for v in record["scores"].values() if v == 0)
        return (not record["zero_veto"], -zeros, index is None, index or 0.0, record["project_id"])

    rows = []
    for record in sorted(summaries, key=order):
        pid = record["project_id"]
        change = None
        if movement is not None and pid in movement.index:
            change = movement.loc[pid, "index_change"]
        rows.append(
            {
                "project_id": pid,
                "name": record["name"],
                "phase": record["phase"],
                "fundament_index": record["fundament_index"],
                "zero_veto": record["zero_veto"],
                "holding_back": _holding_back(record, names),
                "not_assessed": ", ".join(
                    names[f] for f in framework().fundament_ids if record["scores"][f] is None
                ),
                "index_change": None if change is None or pd.isna(change) else float(change),
            }
        )
    columns = ["project_id", "name", "phase", "fundament_index", "zero_veto", "holding_back"]
    return pd.DataFrame(rows, columns=[*columns, "not_assessed", "index_change"])


def _phase_on(phases: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    started = phases[phases["started_on"] <= when].sort_values(["project_id", "started_on"], kind="stable")
    return started.groupby("project_id").tail(1).set_index("project_id")["phase"]


def health_by_year(assessments: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Portfolio health at the end of every year, as :func:`portfolio_health` sees it now.

    The running projects on 31 December (a phase started, not closed) with
    their latest assessment on or before that day. Columns: ``year``,
    ``open``, ``share_open_with_zero`` and ``median_fundament_index`` (over
    projects whose index is known; ``None`` when none is).
    """
    columns = ["year", "open", "share_open_with_zero", "median_fundament_index"]
    if assessments.empty or phases.empty:
        return pd.DataFrame(columns=columns)
    fw = framework()
    rows = []
    for year in range(int(phases["started_on"].dt.year.min()), int(phases["started_on"].dt.year.max()) + 1):
        year_end = pd.Timestamp(year=year, month=12, day=31)
        phase_now = _phase_on(phases, year_end)
        running = set(phase_now[~phase_now.isin(fw.closed_phases)].index)
        known = assessments[
            (assessments["assessed_on"] <= year_end) & assessments["project_id"].isin(running)
        ]
        latest = latest_assessments(known) if len(known) else known
        scores = [{f: row[f] for f in fw.fundament_ids} for _, row in latest.iterrows()]
        indices = [i for i in (fundament_index(s) for s in scores) if i is not None]
        zeros = sum(zero_veto(s) for s in scores)
        rows.append(
            {
                "year": year,
                "open": len(running),
                "share_open_with_zero": zeros / len(running) if running else None,
                "median_fundament_index": float(pd.Series(indices).median()) if indices else None,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def fundament_trend(assessments: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """Each fundament across the running portfolio at the end of every year.

    For each year from the first to the last assessment, take every project
    that is not closed (a phase of stage ``closed``) on 31 December and its latest
    assessment on or before that day. Columns: ``year``, ``fundament``,
    ``mean`` (of the assessed scores; ``None`` when none is), ``assessed``,
    ``not_assessed``, ``zeros``.
    """
    columns = ["year", "fundament", "mean", "assessed", "not_assessed", "zeros"]
    if assessments.empty:
        return pd.DataFrame(columns=columns)
    years = assessments["assessed_on"].dt.year
    rows = []
    for year in range(int(years.min()), int(years.max()) + 1):
        year_end = pd.Timestamp(year=year, month=12, day=31)
        phase_now = _phase_on(phases, year_end)
        closed = set(phase_now[phase_now.isin(framework().closed_phases)].index)
        known = assessments[
            (assessments["assessed_on"] <= year_end) & ~assessments["project_id"].isin(closed)
        ]
        latest = latest_assessments(known) if len(known) else known
        for fundament in framework().fundament_ids:
            scores = latest[fundament].dropna().astype(int) if len(latest) else pd.Series(dtype=int)
            rows.append(
                {
                    "year": year,
                    "fundament": fundament,
                    "mean": float(scores.mean()) if len(scores) else None,
                    "assessed": len(scores),
                    "not_assessed": len(latest) - len(scores),
                    "zeros": int((scores == 0).sum()),
                }
            )
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- phases and BLT


def phase_funnel(phases: pd.DataFrame, project_phases: tuple) -> pd.DataFrame:
    """How many projects ever reached each phase, and how many are in it now.

    ``project_phases`` are the framework's phases (objects with ``id`` and
    ``name``). Columns: ``phase``, ``phase_name``, ``reached``, ``current``.
    """
    current = current_phases(phases) if len(phases) else pd.Series(dtype=object)
    return pd.DataFrame(
        [
            {
                "phase": phase.id,
                "phase_name": phase.name,
                "reached": int(phases.loc[phases["phase"] == phase.id, "project_id"].nunique()),
                "current": int((current == phase.id).sum()),
            }
            for phase in project_phases
        ]
    )


def blt_loops(phases: pd.DataFrame) -> pd.DataFrame:
    """Projects by the number of Behov–Løsning–Test loops they have been through.

    A project's loops are its highest ``loop`` (a blank loop counts as 1).
    Columns: ``loops`` (1 … the most any project has had), ``projects``.
    """
    if phases.empty:
        return pd.DataFrame(columns=["loops", "projects"])
    per_project = phases["loop"].astype("Float64").fillna(1).groupby(phases["project_id"]).max().astype(int)
    counts = per_project.value_counts()
    return pd.DataFrame({"loops": list(range(1, per_project.max() + 1))}).assign(
        projects=lambda f: [int(counts.get(n, 0)) for n in f["loops"]]
    )


def behov_first(project_ids: list[str], phases: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The «stor B» check per project (strategy 2.4): needs before solutions.

    Columns (indexed by ``project_id``): ``had_behov`` (a behov phase is
    recorded), ``citizens_in_behov`` (innbyggere took part in the behov
    phase), ``solution_first`` (løsning started before any behov phase, or
    without one), ``days_in_behov`` (days from the first behov start to the
    first løsning start; 0 when the solution came first; ``None`` while the
    project has not reached løsning).
    """
    fw = framework()
    in_behov = set(
        actors.loc[(actors["phase"] == fw.needs_phase) & (actors["actor"] == fw.citizen_actor), "project_id"]
    )
    first = phases.groupby(["project_id", "phase"])["started_on"].min()
    rows = []
    for pid in project_ids:
        behov = first.get((pid, fw.needs_phase))
        losning = first.get((pid, fw.solution_phase))
        solution_first = losning is not None and (behov is None or losning < behov)
        if losning is None:
            days = None
        elif solution_first:
            days = 0
        else:
            days = int((losning - behov).days)
        rows.append(
            {
                "project_id": pid,
                "had_behov": behov is not None,
                "citizens_in_behov": pid in in_behov,
                "solution_first": solution_first,
                "days_in_behov": days,
            }
        )
    columns = ["project_id", "had_behov", "citizens_in_behov", "solution_first", "days_in_behov"]
    return pd.DataFrame(rows, columns=columns).set_index("project_id")


def stor_b_summary(checks: pd.DataFrame) -> dict:
    """Portfolio totals of :func:`behov_first`.

    Keys: ``projects``, ``citizens_in_behov``, ``share_citizens_in_behov``,
    ``solution_first``, ``median_days_in_behov`` (over projects that reached
    løsning; ``None`` when none has).
    """
    days = checks["days_in_behov"].dropna()
    projects = len(checks)
    with_citizens = int(checks["citizens_in_behov"].sum())
    return {
        "projects": projects,
        "citizens_in_behov": with_citizens,
        "share_citizens_in_behov": with_citizens / projects if projects else None,
        "solution_first": int(checks["solution_first"].sum()),
        "median_days_in_behov": float(days.median()) if len(days) else None,
    }


# ---------------------------------------------------------------- co-creation (2.6)


def actor_matrix(actors: pd.DataFrame, project_ids: list[str], actor_ids: tuple[str, ...]) -> pd.DataFrame:
    """Actor × project: in how many of the project's phases each actor took part.

    Rows are ``project_ids`` (in the given order), columns ``actor_ids``;
    0 means the actor was never involved.
    """
    chosen = actors[actors["project_id"].isin(project_ids)]
    counts = chosen.groupby(["project_id", "actor"])["phase"].nunique()
    matrix = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    return matrix.reindex(index=project_ids, columns=list(actor_ids), fill_value=0).fillna(0).astype(int)


def actor_reach(matrix: pd.DataFrame) -> pd.DataFrame:
    """How many projects involve each actor (from :func:`actor_matrix`).

    Columns: ``actor``, ``projects``, ``share`` (of all projects in the
    matrix; ``None`` for an empty matrix).
    """
    involved = (matrix > 0).sum(axis=0)
    total = len(matrix)
    return pd.DataFrame(
        {
            "actor": list(matrix.columns),
            "projects": [int(v) for v in involved],
            "share": [v / total if total else None for v in involved],
        }
    )


def breadth_by_start_year(projects: pd.DataFrame, matrix: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Co-creation breadth over time, by the year projects started.

    Breadth is the number of actor types a project has involved in any
    phase. Columns: ``year``, ``projects``, ``mean_breadth``,
    ``citizens_in_behov`` (projects), ``share_citizens_in_behov``.
    """
    breadth = (matrix > 0).sum(axis=1)
    chosen = projects[projects["project_id"].isin(matrix.index)]
    years = chosen.set_index("project_id")["started_on"].dt.year
    rows = []
    for year in sorted(years.unique()):
        ids = list(years[years == year].index)
        citizens = int(checks.loc[ids, "citizens_in_behov"].sum())
        rows.append(
            {
                "year": int(year),
                "projects": len(ids),
                "mean_breadth": float(breadth[ids].mean()),
                "citizens_in_behov": citizens,
                "share_citizens_in_behov": citizens / len(ids),
            }
        )
    columns = ["year", "projects", "mean_breadth", "citizens_in_behov", "share_citizens_in_behov"]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- nytt, nyttig, nyttiggjort (1.2)


def criteria_funnel(outcomes: pd.DataFrame, project_ids: list[str], criteria: tuple) -> pd.DataFrame:
    """How many projects became nytt, nyttig and nyttiggjort.

    ``criteria`` are the framework's innovation criteria in order. Columns:
    ``criterion``, ``name``, ``projects``, ``share`` (of ``project_ids``),
    ``share_of_previous`` (of the projects that reached the step before;
    ``None`` for the first step or when none did).
    """
    chosen = outcomes[outcomes["project_id"].isin(project_ids)]
    rows, previous = [], None
    for criterion in criteria:
        reached = int(chosen.loc[chosen["criterion"] == criterion.id, "project_id"].nunique())
        rows.append(
            {
                "criterion": criterion.id,
                "name": criterion.name,
                "projects": reached,
                "share": reached / len(project_ids) if project_ids else None,
                "share_of_previous": reached / previous if previous else None,
            }
        )
        previous = reached
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- one project


def phase_timeline(phases: pd.DataFrame, project_id: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """A project's phases in order, each lasting until the next one starts.

    The last phase lasts until ``as_of`` unless it is a closed phase
    (stage ``closed``), which has no end. Columns: ``phase``, ``loop``,
    ``started_on``, ``ended_on``, ``days``.
    """
    rows = phases[phases["project_id"] == project_id].sort_values("started_on", kind="stable")
    starts = list(rows["started_on"])
    records = []
    for position, row in enumerate(rows.to_dict("records")):
        if position + 1 < len(starts):
            ended = starts[position + 1]
        else:
            ended = None if is_closed(row["phase"]) else as_of
        records.append(
            {
                "phase": row["phase"],
                "loop": 1 if pd.isna(row.get("loop")) else int(row["loop"]),
                "started_on": row["started_on"],
                "ended_on": ended,
                "days": None if ended is None else int((ended - row["started_on"]).days),
            }
        )
    return pd.DataFrame(records, columns=["phase", "loop", "started_on", "ended_on", "days"])


# ---------------------------------------------------------------- takeaway sentences


# ---------------------------------------------------------------- the numbers behind the charts


def mean_breadth(matrix: pd.DataFrame) -> float:
    """The average number of actor types per project."""
    return float((matrix > 0).sum(axis=1).mean())


def select_projects(summaries: list[dict], status: str, sectors: list[str]) -> list[dict]:
    """The project summaries in the chosen sectors (all when none is chosen) and status:
    ``open`` (not in a closed phase), ``closed`` or ``all``."""
    return [
        r
        for r in summaries
        if (not sectors or r["sector"] in sectors)
        and (status == "all" or (status == "open") != is_closed(r["phase"]))
    ]


def selection_figures(selected: list[dict]) -> dict:
    """The headline figures of a selection: ``selected``, ``zero_veto``, ``median_index``
    (text: the median of the known indexes, or «ikke vurdert») and ``not_assessed``
    (projects whose index is unknown and that have no zero)."""
    known = [r["fundament_index"] for r in selected if r["fundament_index"] is not None]
    return {
        "selected": len(selected),
        "zero_veto": sum(1 for r in selected if r["zero_veto"]),
        "median_index": fmt_number(pd.Series(known).median(), 0) if known else t("not_assessed"),
        "not_assessed": sum(1 for r in selected if r["fundament_index"] is None and not r["zero_veto"]),
    }
