"""Tiltak in words and tables: the calls for action, each measure's effect and verdict as
sentences, and the tables behind them.

Made from the numbers of :mod:`analytics.measures.actions`; nothing here computes a figure.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.schema import ACTION_STATUSES as STATUSES
from analytics.core.text import fmt_change, fmt_number, t
from analytics.measures import actions
from analytics.present import changes_text


def target_labels(fw) -> dict[str, str]:
    """The name of everything a measure can target: indicator labels and fundament names by id."""
    return {k.id: k.label for k in fw.indicators} | {f.id: f.name for f in fw.fundaments}


def draft(call: dict, labels: dict[str, str]) -> dict:
    """A new measure prefilled from one row of :func:`calls_for_action` (status «planlagt»)."""
    return {
        "action_id": None,
        "title": t(
            "action_draft_title", label=labels.get(call["indicator"], call["indicator"]), unit=call["unit"]
        ),
        "unit": call["unit"],
        "target": call["indicator"],
        "owner": call["unit"],
        "started_on": None,
        "deadline": None,
        "status": STATUSES[0],
        "prompted_by": call["round"],
        "instrument": None,
        "project_id": None,
    }


def reasons_text(reasons: list[str]) -> str:
    return ", ".join(t(f"action_reason_{reason}") for reason in reasons)


def call_text(call: dict) -> str:
    """What a call for action says after its unit and indicator: the mean with n, the size
    of the fall and of the gap below target, and whether a measure already answers it."""
    parts = [t("actions_call_mean", mean=fmt_number(call["mean"]), n=fmt_number(call["n"], 0))]
    if "fell" in call["reasons"]:
        parts.append(t("actions_call_fell", change=changes_text.fmt_delta(call["change"])))
    if "below_target" in call["reasons"]:
        parts.append(t("actions_call_gap", gap=fmt_number(call["gap"]), target=fmt_number(call["target"])))
    if call["reasons"] == ["weakest"]:
        parts.append(t("action_reason_weakest"))
    if call["has_action"]:
        parts.append(t("actions_call_has_action"))
    return ", ".join(parts)


def calls_table(calls: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The list of calls for action with bokmål headers."""
    return pd.DataFrame(
        {
            t("col_unit"): calls["unit"],
            t("col_indicator"): [f"{k} {labels.get(k, '')}".strip() for k in calls["indicator"]],
            t("col_mean"): [fmt_number(m) for m in calls["mean"]],
            t("col_n"): [fmt_number(n, 0) for n in calls["n"]],
            t("col_change"): ["–" if pd.isna(c) else changes_text.fmt_delta(c) for c in calls["change"]],
            t("col_target"): ["–" if pd.isna(v) else fmt_number(v) for v in calls["target"]],
            t("col_gap_below"): ["–" if pd.isna(g) else fmt_number(g) for g in calls["gap"]],
            t("col_action_reasons"): [reasons_text(r) for r in calls["reasons"]],
            t("col_has_action"): [t("yes") if h else t("no") for h in calls["has_action"]],
        }
    )


def effect_text(found: dict | None) -> tuple[str, str, str]:
    """The change, its interval and the significance of an effect, as shown in the app."""
    if found is None:
        return t("action_not_measured"), "–", "–"
    if found["suppressed"]:
        return t("hidden"), t("hidden"), t("hidden")
    if found["to_round"] is None:
        return t("action_no_later_round"), "–", "–"
    interval = (
        "–"
        if found["ci_low"] is None
        else t("action_interval", low=fmt_change(found["ci_low"]), high=fmt_change(found["ci_high"]))
    )
    significant = "–" if found["significant"] is None else t("yes") if found["significant"] else t("no")
    return fmt_change(found["change"]), interval, significant


def _comparison_text(comparison: dict | None) -> str:
    if comparison is None:
        return "–"
    if comparison["suppressed"]:
        return t("hidden")
    if comparison["change"] is None:
        return "–"
    return t("action_comparison", change=fmt_change(comparison["change"]), units=len(comparison["units"]))


def effects_table(records: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """One row per measure: what, where, status, rounds, effect and comparison (bokmål headers)."""
    rows = []
    for r in records:
        change, interval, significant = effect_text(r["effect"])
        effect = r["effect"]
        rows.append(
            {
                t("col_action_id"): r["action_id"],
                t("col_action_title"): r["title"],
                t("col_unit"): r["unit"] or t("whole_municipality"),
                t("col_action_target"): f"{r['target']} {labels.get(r['target'], '')}".strip(),
                t("col_status"): r["status"],
                t("col_rounds"): "–"
                if effect is None
                else f"{effect['from_round']} → {effect['to_round'] or '…'}",
                t("col_change"): change,
                t("col_ci"): interval,
                t("col_significant"): significant,
                t("col_comparison"): _comparison_text(r["comparison"]),
                t("col_net_effect"): net_text(r),
                t("col_verdict"): verdict_text(r),
            }
        )
    return pd.DataFrame(rows)


def net_text(record: dict) -> str:
    """The net effect with its interval, as shown: «+0,58 (0,34 til 0,82)»."""
    if record.get("net_effect") is None:
        return "–"
    text = changes_text.fmt_delta(record["net_effect"])
    if record["net_ci_low"] is not None:
        low, high = (changes_text.fmt_delta(record[k]) for k in ("net_ci_low", "net_ci_high"))
        text += " (" + t("action_interval", low=low, high=high) + ")"
    return text


def verdict_text(record: dict) -> str:
    """The verdict in plain words, saying so when the comparison is the weaker one."""
    if record.get("verdict") is None:
        return "–"
    if record["net_basis"] == "previous_change":
        return t("action_verdict_weaker", verdict=record["verdict"])
    return record["verdict"]


def verdict_counts(records: list[dict]) -> dict[str, int]:
    """How many measures have each verdict, and how many cannot be judged (yet)."""
    counts = dict.fromkeys((*actions.VERDICTS, t("action_verdict_none")), 0)
    for r in records:
        counts[r.get("verdict") or t("action_verdict_none")] += 1
    return counts


def effects_takeaway(records: list[dict]) -> str:
    """One sentence on the measures with a later round: how many probably worked, how many are
    unclear and how many show no sign of working (the net effect's verdict)."""
    measured = [r for r in records if r["effect"] is not None and r["effect"]["to_round"]]
    judged = [r for r in measured if r.get("verdict")]
    if not records:
        return t("actions_takeaway_none")
    if not judged:
        return t("actions_takeaway_waiting", total=len(records))
    counts = verdict_counts(judged)
    return t(
        "actions_takeaway_verdicts",
        total=len(records),
        judged=len(judged),
        worked=counts[actions.VERDICTS[0]],
        unclear=counts[actions.VERDICTS[1]],
        not_worked=counts[actions.VERDICTS[2]],
        hidden=sum(1 for r in measured if r["effect"]["suppressed"]),
    )
