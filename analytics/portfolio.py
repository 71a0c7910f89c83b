"""The innovation portfolio (strategy section 3.2): the five fundaments.

The fundaments multiply: "Dersom ett av punktene vurderes til 0, blir svaret
null". Scores are 0-4 (0 mangler, 1 svakt, 2 delvis, 3 godt, 4 fullt på plass).
A missing score means "ikke vurdert" and is never treated as zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analytics.framework import FUNDAMENT_IDS
from analytics.text import fmt_share, t

MAX_SCORE = 4
CLOSED_PHASES = ("avsluttet", "stoppet")


def _known(scores: Mapping[str, object]) -> dict[str, int]:
    known = {}
    for fundament in FUNDAMENT_IDS:
        value = scores.get(fundament)
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            continue
        known[fundament] = int(value)
    return known


def fundament_index(scores: Mapping[str, object]) -> float | None:
    """100 x the geometric mean of score/4 over the five fundaments.

    0 when any fundament is 0 (the strategy's multiplication); ``None`` when a
    score is missing and none is 0, because the index is then unknown.

    Examples
    --------
    >>> fundament_index(dict(behov=4, losning=4, padriver=4, team=4, forankring=4))
    100.0
    >>> fundament_index(dict(behov=4, losning=0, padriver=4, team=4, forankring=4))
    0.0
    >>> round(fundament_index(dict(behov=2, losning=2, padriver=2, team=2, forankring=2)), 1)
    50.0
    >>> fundament_index(dict(behov=4, losning=None, padriver=4, team=4, forankring=4)) is None
    True
    """
    known = _known(scores)
    if any(v == 0 for v in known.values()):
        return 0.0
    if len(known) < len(FUNDAMENT_IDS):
        return None
    product = math.prod(v / MAX_SCORE for v in known.values())
    return 100.0 * product ** (1 / len(FUNDAMENT_IDS))


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
    ``fundament_index``, ``zero_veto``, ``weakest``, ``actors``.
    """
    latest = latest_assessments(assessments) if len(assessments) else pd.DataFrame()
    phase_now = current_phases(phases) if len(phases) else pd.Series(dtype=object)
    actor_sets = actors.groupby("project_id")["actor"].agg(lambda s: sorted(set(s))) if len(actors) else {}
    records = []
    for project in projects.sort_values("project_id").itertuples(index=False):
        pid = project.project_id
        if pid in latest.index:
            row = latest.loc[pid]
            scores = {f: _known(row).get(f) for f in FUNDAMENT_IDS}
        else:
            scores = dict.fromkeys(FUNDAMENT_IDS)
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
    open_projects = [r for r in summaries if r["phase"] not in CLOSED_PHASES]
    with_zero = [r for r in open_projects if r["zero_veto"]]
    return {
        "per_phase": per_phase,
        "open": len(open_projects),
        "open_with_zero": len(with_zero),
        "share_open_with_zero": len(with_zero) / len(open_projects) if open_projects else None,
    }


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
