"""Drivers in words and tables: how each indicator goes together with the strategy's outcome.

Made from the numbers of :mod:`analytics.measures.drivers`; nothing here computes a figure.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.framework import Framework
from analytics.core.text import fmt_number, join_and, t
from analytics.measures import drivers


def outcome_label(fw: Framework) -> str:
    """The outcome as readers know it: the indicator's label, or the statement's text."""
    indicator, item = fw.outcome_measure
    if indicator:
        return f"{indicator} {fw.indicator(indicator).label}"
    return next(i.text for i in fw.items if i.item_id == item) if item else ""


def takeaway(records: list[dict], labels: dict[str, str], outcome: str, least: int) -> str:
    """One sentence naming the indicators that are low and strongly related to the outcome."""
    if not records:
        return t("drivers_none", least=least)
    chosen = drivers.focus(records)
    if not chosen:
        return t("drivers_takeaway_none", outcome=outcome)
    names = [f"{labels[r['indicator']]} ({fmt_number(r['level'])}; r = {fmt_number(r['r'])})" for r in chosen]
    return t("drivers_takeaway", outcome=outcome, indicators=join_and(names))


def table(records: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """The drivers for people, strongest relation first."""
    rows = sorted(records, key=lambda r: -r["r"])
    return pd.DataFrame(
        [
            {
                t("col_indicator"): labels[r["indicator"]],
                t("col_level"): fmt_number(r["level"]),
                t("col_r"): fmt_number(r["r"]),
                t("col_ci_low"): fmt_number(r["ci_low"]),
                t("col_ci_high"): fmt_number(r["ci_high"]),
                t("col_n"): fmt_number(r["n"], 0),
                t("col_significant"): t("yes") if r["significant"] else t("no"),
            }
            for r in rows
        ],
        columns=[
            t("col_indicator"),
            t("col_level"),
            t("col_r"),
            t("col_ci_low"),
            t("col_ci_high"),
            t("col_n"),
            t("col_significant"),
        ],
    )
