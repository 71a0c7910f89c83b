"""Instruments in words and tables: what was delivered against the plan, and who took part.

Made from the numbers of :mod:`analytics.measures.instruments`; nothing here computes a figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import OTHER_PARTICIPANTS, participant_groups
from analytics.core.text import fmt_date, fmt_share, join_and, t


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
