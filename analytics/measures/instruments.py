"""The strategic instruments (strategy section 3.3): delivered against plan.

Events (innovasjonsdag, workshop, folkevalgtopplæring, …) are counted per
year and instrument and set against the yearly plan. Pure functions on the
``events`` and ``event_plan`` tables.
"""

from __future__ import annotations

import pandas as pd

from analytics.core.schema import participant_groups


def delivery(events: pd.DataFrame, plan: pd.DataFrame, instrument_ids: tuple[str, ...]) -> pd.DataFrame:
    """Events held and planned per year and instrument.

    Every year with an event or a plan row gets one row per instrument, in
    framework order. Columns: ``year``, ``instrument``, ``planned``
    (``<NA>`` when the plan has no row for it), ``delivered``.
    """
    held = events.assign(year=events["held_on"].dt.year).groupby(["year", "instrument"]).size()
    planned = plan.set_index(["year", "instrument"])["planned"] if len(plan) else pd.Series(dtype="Int64")
    years = sorted({int(y) for y, _ in held.index} | {int(y) for y, _ in planned.index})
    rows = [
        {
            "year": year,
            "instrument": instrument,
            "planned": planned.get((year, instrument), pd.NA),
            "delivered": int(held.get((year, instrument), 0)),
        }
        for year in years
        for instrument in instrument_ids
    ]
    frame = pd.DataFrame(rows, columns=["year", "instrument", "planned", "delivered"])
    return frame.astype({"year": int, "planned": "Int64", "delivered": int})


def delivery_by_year(table: pd.DataFrame) -> pd.DataFrame:
    """Yearly totals of :func:`delivery`.

    ``planned`` sums the plan; ``delivered`` counts every event held;
    ``delivered_as_planned`` counts events up to the planned number per
    instrument (an extra workshop does not make up for a missing
    innovasjonsdag), and ``share`` is that over ``planned``.
    """
    capped = table.assign(
        as_planned=[min(d, p) if pd.notna(p) else 0 for d, p in zip(table["delivered"], table["planned"])]
    )
    totals = capped.groupby("year").agg(
        planned=("planned", "sum"), delivered=("delivered", "sum"), delivered_as_planned=("as_planned", "sum")
    )
    totals["share"] = [
        a / p if p else None for a, p in zip(totals["delivered_as_planned"], totals["planned"])
    ]
    return totals.reset_index().astype({"planned": int, "delivered": int, "delivered_as_planned": int})


def participants_by_year(events: pd.DataFrame) -> pd.DataFrame:
    """Participants per year and group (a blank count is 0 people recorded).

    Columns: ``year``, ``events``, then one per group of
    :func:`analytics.core.schema.participant_groups`.
    """
    groups = list(participant_groups())
    counts = events[[f"participants_{g}" for g in groups]].astype("Int64").fillna(0)
    counts.columns = groups
    counts["year"] = events["held_on"].dt.year
    grouped = counts.groupby("year")
    totals = grouped[groups].sum().astype(int)
    totals.insert(0, "events", grouped.size())
    return totals.reset_index()


# ------------------------------------------------------------------ the numbers behind the charts
