"""What goes together with the strategy's outcome: driver analysis of the culture indicators.

The strategy names its outcome in ``framework.json`` (``"outcome"``: an
indicator, or the text of one statement). For every other indicator this
module gives Pearson's r between respondents' indicator scores and their
outcome scores (``sql/driver_correlations.sql``), with a 95 % confidence
interval from Fisher's z transformation:
``tanh(atanh(r) ± z(0.975) / sqrt(n - 3))``. A relation is *significant*
when that interval leaves out 0 (Fisher's z test at the 5 % level).

Drivers exist only for all respondents of a round and for a respondent
group, never for a unit, and only with at least :data:`MIN_RESPONDENTS`
respondents (a setting that can be raised, never lowered; and never fewer
than the anonymity threshold). The *level* beside r is the indicator's mean
as every page shows it (the suppressed cell); a driver whose level is hidden
is left out. A relation says nothing about cause.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from analytics.core.config import MIN_DRIVER_RESPONDENTS as MIN_RESPONDENTS
from analytics.core.framework import Framework
from analytics.core.suppression import INDEX, suppress
from analytics.measures.culture import _clean

LEVEL = 0.95
FIELDS = ("round", "group", "indicator", "n", "level", "r", "ci_low", "ci_high", "significant")


def fisher_interval(r: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """The confidence interval of Pearson's r from Fisher's z transformation.

    >>> low, high = fisher_interval(0.5, 28)
    >>> round(low, 4), round(high, 4)
    (0.156, 0.7358)
    """
    if abs(r) >= 1:
        return r, r
    margin = NormalDist().inv_cdf(0.5 + level / 2) / math.sqrt(n - 3)
    z = math.atanh(r)
    return math.tanh(z - margin), math.tanh(z + margin)


def query_params(fw: Framework) -> dict:
    """The outcome as the query's parameters."""
    indicator, item = fw.outcome_measure
    return {"outcome_indicator": indicator, "outcome_item": item}


def from_store(store, threshold: int, min_respondents: int, fw: Framework) -> list[dict]:
    """The drivers of every published round, as the page and ``drivers`` show them."""
    if not fw.outcome or not store.has_published_survey():
        return []
    correlations = store.query("driver_correlations", query_params(fw))
    shown = suppress(store.query("culture_cells"), threshold)
    return driver_records(correlations, shown, min_respondents, threshold)


def driver_records(
    correlations: pd.DataFrame, shown: pd.DataFrame, min_respondents: int, threshold: int
) -> list[dict]:
    """The drivers: one record per round, slice (all, or one group) and indicator.

    ``correlations`` is ``sql/driver_correlations.sql``; ``shown`` the
    suppressed culture cells (:func:`analytics.core.suppression.suppress`), whose means
    give each indicator's level. Fields: :data:`FIELDS` (``group`` ``None`` =
    all respondents).
    """
    least = max(MIN_RESPONDENTS, int(min_respondents), int(threshold))
    levels = shown[~shown["by_unit"] & shown["item_id"].isna() & (shown["indicator"] != INDEX)]
    level_of = {
        (str(row.round), _clean(row.group) if row.by_group else None, row.indicator): _clean(row.mean)
        for row in levels.itertuples(index=False)
        if not row.suppressed
    }
    records = []
    for row in correlations.itertuples(index=False):
        n, r = int(row.n), _clean(row.r)
        group = _clean(row.group)
        level = level_of.get((str(row.round), group, row.indicator))
        if n < least or r is None or level is None or n < 4:
            continue
        low, high = fisher_interval(float(r), n)
        records.append(
            {
                "round": str(row.round),
                "group": group,
                "indicator": row.indicator,
                "n": n,
                "level": round(float(level), 4),
                "r": round(float(r), 4),
                "ci_low": round(low, 4),
                "ci_high": round(high, 4),
                "significant": bool(low > 0 or high < 0),
            }
        )
    return records


def select(records: list[dict], round_label: str | None = None, group: str | None = None) -> list[dict]:
    """The drivers of one round (latest when ``None``) for one slice (``None`` = all respondents)."""
    if not records:
        return []
    round_label = round_label or max(r["round"] for r in records)
    return [r for r in records if r["round"] == round_label and r["group"] == group]


def focus(records: list[dict]) -> list[dict]:
    """The indicators both low and strongly related to the outcome.

    Low: level below the median level of the indicators shown; strongly
    related: significant and r above the median r.
    """
    if len(records) < 2:
        return []
    levels = pd.Series([r["level"] for r in records]).median()
    strengths = pd.Series([r["r"] for r in records]).median()
    return [r for r in records if r["level"] < levels and r["r"] > strengths and r["significant"]]
