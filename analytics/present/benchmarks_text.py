"""Benchmarks in words and tables: where the municipality stands among others that share their figures.

Made from the numbers of :mod:`analytics.measures.benchmarks`; nothing here computes a figure.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.framework import Framework
from analytics.core.text import fmt_number, join_and, t
from analytics.measures import benchmarks


def network_table(fw: Framework, records: list[dict], round_label: str) -> pd.DataFrame:
    """:func:`network` for people: our figure, the others' quartiles or their figures by name."""
    out = []
    for r in records:
        others = (
            t(
                "network_quartiles",
                count=len(r["municipalities"]),
                p25=fmt_number(r["p25"]),
                median=fmt_number(r["median"]),
                p75=fmt_number(r["p75"]),
            )
            if "median" in r
            else join_and(
                [f"{name} {fmt_number(value)}" for name, value in sorted(r["municipalities"].items())]
            )
        )
        out.append(
            {
                t("col_compared"): benchmarks.measure_label(fw, r["measure"]),
                t("col_ours", round=round_label): t("hidden") if r["ours"] is None else fmt_number(r["ours"]),
                t("col_others", year=r["year"]): others,
                t("col_place"): t(r["place"]) if "place" in r else "–",
            }
        )
    return pd.DataFrame(out)


def network_takeaway(fw: Framework, records: list[dict]) -> str:
    """One sentence on the index (or the first measure) against the network."""
    if not records:
        return t("network_none")
    first = records[0]
    label = benchmarks.measure_label(fw, first["measure"])
    if "median" not in first:
        return t(
            "network_few",
            label=label,
            count=len(first["municipalities"]),
            minimum=benchmarks.MIN_MUNICIPALITIES,
        )
    if first["ours"] is None:
        return t("network_hidden", label=label)
    return t(
        "network_takeaway",
        label=label,
        ours=fmt_number(first["ours"]),
        count=len(first["municipalities"]),
        year=first["year"],
        median=fmt_number(first["median"]),
        place=t(first["place"]),
    )
