"""The strategic instruments (strategy section 3.3): delivered against plan.

Events (innovasjonsdag, workshop, folkevalgtopplæring, …) are counted per
year and instrument and set against the yearly plan. Pure functions on the
``events`` and ``event_plan`` tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import OTHER_PARTICIPANTS, participant_groups
from analytics.core.text import fmt_date, fmt_share, join_and, t


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


def year_takeaway(table: pd.DataFrame, year: int, names: Mapping[str, str]) -> str:
    """One sentence on a year's delivery: the total and the instruments behind plan."""
    rows = table[table["year"] == year]
    planned = rows[rows["planned"].notna()]
    total_planned = int(planned["planned"].sum())
    as_planned = int(sum(min(d, p) for d, p in zip(planned["delivered"], planned["planned"])))
    if not total_planned:
        return t("takeaway_instruments_unplanned", year=year, delivered=int(rows["delivered"].sum()))
    behind = planned[planned["delivered"] < planned["planned"]]
    sentence = t(
        "takeaway_instruments_year",
        year=year,
        as_planned=as_planned,
        planned=total_planned,
        share=fmt_share(as_planned / total_planned),
    )
    if behind.empty:
        return sentence + t("takeaway_instruments_all")
    lagging = ", ".join(
        t("instrument_behind", name=names[r.instrument], delivered=r.delivered, planned=int(r.planned))
        for r in behind.itertuples()
    )
    return sentence + t("takeaway_instruments_behind", lagging=lagging)


def trend_takeaway(totals: pd.DataFrame) -> str:
    """One sentence on delivery over the years: the best and the weakest year."""
    planned = totals[totals["share"].notna()]
    if planned.empty:
        return t("takeaway_instruments_no_plan")
    # Years are compared as their shares are shown (whole percent), and ties are named.
    shown = (planned["share"].astype(float) * 100).round()

    def years(value) -> str:
        return join_and([str(int(y)) for y in planned.loc[shown == value, "year"]])

    return t(
        "takeaway_instruments_trend",
        first=int(totals["year"].min()),
        last=int(totals["year"].max()),
        best_year=years(shown.max()),
        best=fmt_share(shown.max() / 100),
        worst_year=years(shown.min()),
        worst=fmt_share(shown.min() / 100),
    )


def participants_takeaway(table: pd.DataFrame, year: int, names: Mapping[str, str]) -> str:
    """One sentence on who took part in a year's events."""
    row = table[table["year"] == year]
    if row.empty:
        return t("takeaway_participants_none", year=year)
    row = row.iloc[0]
    groups = participant_groups()
    total = int(sum(row[g] for g in groups))
    largest = max(groups, key=lambda g: row[g])
    others = [
        t("participants_count", count=int(row[g]), group=names[g].lower()) for g in groups if g != largest
    ]
    return t(
        "takeaway_participants",
        year=year,
        total=total,
        events=int(row["events"]),
        largest=names[largest].lower(),
        largest_n=int(row[largest]),
        others=join_and(others),
    )


def participant_names() -> dict[str, str]:
    """Participant group id -> name: the strategy's groups and «Andre»."""
    return framework().names("groups") | {OTHER_PARTICIPANTS: t("participants_other")}


# ------------------------------------------------------------------ the numbers behind the charts
def year_table(rows: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """One year of :func:`delivery` for people: instrument, planned, delivered."""
    return pd.DataFrame(
        {
            t("col_instrument"): rows["instrument"].map(names),
            t("series_planned"): [t("not_planned") if pd.isna(p) else int(p) for p in rows["planned"]],
            t("series_delivered"): rows["delivered"],
        }
    )


def trend_table(totals: pd.DataFrame) -> pd.DataFrame:
    """:func:`delivery_by_year` for people, the share in percent."""
    return pd.DataFrame(
        {
            t("col_year"): totals["year"],
            t("series_planned"): totals["planned"],
            t("series_delivered_as_planned"): totals["delivered_as_planned"],
            t("series_delivered"): totals["delivered"],
            t("col_share_percent"): [
                None if s is None or pd.isna(s) else round(100 * s, 1) for s in totals["share"]
            ],
        }
    )


def participants_table(participants: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`participants_by_year` with Norwegian column names."""
    return participants.rename(columns={"year": t("col_year"), "events": t("col_events"), **names})


def events_table(events: pd.DataFrame, year: int, names: Mapping[str, str], groups: Mapping[str, str]):
    """The events of one year, oldest first, with their participants per group."""
    held = events[events["held_on"].dt.year == year].sort_values("held_on")
    return pd.DataFrame(
        {
            t("col_date"): held["held_on"].map(fmt_date),
            t("col_instrument"): held["instrument"].map(names),
            t("col_title"): held["title"],
            **{
                groups[g]: held[f"participants_{g}"].astype("Int64").fillna(0).astype(int)
                for g in participant_groups()
            },
        }
    )
