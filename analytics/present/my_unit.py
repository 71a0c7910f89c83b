"""Min enhet: one unit's results for its leader, beside the whole municipality.

Everything comes from the suppressed culture cells (a hidden figure stays
hidden), the drivers of the whole municipality (:mod:`analytics.measures.drivers`;
never a unit's own), the follow-up measures and the findings that call for
action. Only the unit's own cells and the municipality's are read, so
nothing here names or states another unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.framework import Framework
from analytics.core.text import figure_text, fmt_change, fmt_number, join_and, t
from analytics.measures import changes, culture, drivers, participation
from analytics.present import actions_text, participation_text
from analytics.present.meeting import Meeting, Series, Slide

STRENGTHS = 3  # how many highest and lowest indicators are named
SLIDE_KEY = "min_enhet"


@dataclass(frozen=True)
class UnitView:
    """What Min enhet shows for one unit.

    ``indicators`` has one row per indicator and the index: ``indicator``,
    ``label``, ``mean`` (``None`` when hidden), ``n``, ``suppressed``, ``change``
    and ``significant`` (since the previous round), ``municipality`` (the
    municipality's mean) and ``r`` (the municipality's relation with the
    outcome, when there is one).
    ``response_rate`` is the unit's response rate in the latest round as text
    («41 av 52 (79 %)», «skjult (for få)»), ``None`` when the round has no
    invited numbers.
    """

    unit: str
    round: str
    previous: str | None
    indicators: pd.DataFrame
    strengths: list[str]
    focus: list[str]
    falls: list[str]
    headline: str
    measures: pd.DataFrame
    calls: pd.DataFrame
    response_rate: str | None = None


def _change(shown: pd.DataFrame, indicator: str, unit: str, latest: str) -> tuple[float | None, bool | None]:
    """The unit's change since the previous round and whether it is significant: the like-for-like
    record of :func:`analytics.measures.changes.along` (``None`` when it cannot be stated)."""
    found = changes.along(shown, indicator, unit=unit).get(latest)
    if found is None or not found["comparable"] or found["suppressed"] or found["change"] is None:
        return None, None
    return float(found["change"]), found["significant"]


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def unit_view(
    shown: pd.DataFrame,
    unit: str,
    fw: Framework,
    driver_records: list[dict],
    measures: pd.DataFrame,
    calls: pd.DataFrame,
    rates: list[dict] = (),
) -> UnitView:
    """Min enhet for ``unit`` in the latest round.

    ``shown`` are the suppressed culture cells, ``driver_records`` the drivers
    (:func:`analytics.measures.drivers.driver_records`), ``measures`` the stored
    follow-up measures, ``calls`` :func:`analytics.measures.actions.calls_for_action` and
    ``rates`` the response rates (:func:`analytics.measures.participation.every_slice`).
    """
    latest = max(shown["round"].astype(str))
    previous = culture.previous_round(shown["round"].astype(str), latest)
    cells = shown[(shown["round"] == latest) & shown["item_id"].isna() & ~shown["by_group"]]
    own = cells[cells["by_unit"] & (cells["unit"] == unit)].set_index("indicator")
    everyone = cells[~cells["by_unit"]].set_index("indicator")
    relation = {r["indicator"]: r["r"] for r in drivers.select(driver_records, latest, None)}
    labels = {k.id: k.label for k in fw.indicators} | {culture.INDEX: t("index_label")}
    rows = []
    for indicator in [*fw.indicator_ids, culture.INDEX]:
        cell = own.loc[indicator] if indicator in own.index else None
        hidden = cell is None or bool(cell["suppressed"])
        change, significant = (None, None) if hidden else _change(shown, indicator, unit, latest)
        whole = everyone.loc[indicator] if indicator in everyone.index else None
        rows.append(
            {
                "indicator": indicator,
                "label": labels[indicator],
                "mean": None if hidden else _number(cell["mean"]),
                "n": None if hidden else int(cell["n"]),
                "suppressed": hidden,
                "change": change,
                "significant": significant,
                "municipality": None if whole is None or whole["suppressed"] else _number(whole["mean"]),
                "r": relation.get(indicator),
            }
        )
    table = pd.DataFrame(rows)
    measured = table[(table["indicator"] != culture.INDEX) & table["mean"].notna()]
    ranked = measured.sort_values("mean", ascending=False)

    def named(row) -> str:
        driver = "" if row["r"] is None or pd.isna(row["r"]) else t("my_unit_driver", r=fmt_number(row["r"]))
        return f"{row['label']} ({fmt_number(row['mean'])}{driver})"

    strengths = [named(r) for _, r in ranked.head(STRENGTHS).iterrows()]
    focus = (
        [named(r) for _, r in ranked.tail(STRENGTHS).iloc[::-1].iterrows()] if len(ranked) > STRENGTHS else []
    )
    fallen = measured[measured["change"].notna() & (measured["change"].astype(float) < 0)]
    falls = [
        f"{r['label']} ({fmt_change(float(r['change']))}"
        + (t("my_unit_significant") if r["significant"] else "")
        + ")"
        for _, r in fallen.sort_values("change").head(STRENGTHS).iterrows()
    ]
    own_measures = measures[measures["unit"] == unit] if not measures.empty else measures
    own_calls = calls[calls["unit"] == unit] if not calls.empty else calls
    return UnitView(
        unit,
        latest,
        previous,
        table,
        strengths,
        focus,
        falls,
        _headline(unit, latest, table),
        own_measures.reset_index(drop=True),
        own_calls.reset_index(drop=True),
        _rate(rates, latest, unit),
    )


def _rate(rates: list[dict], round_label: str, unit: str) -> str | None:
    """The unit's response rate in the round as text; ``None`` without invited numbers."""
    found = participation.slice_record(list(rates), round_label, unit, None)
    if found is None or (found["invited"] is None and not found["suppressed"]):
        return None
    return participation_text.rate_text(found)


def _headline(unit: str, round_label: str, table: pd.DataFrame) -> str:
    index = table[table["indicator"] == culture.INDEX].iloc[0]
    if index["mean"] is None or pd.isna(index["mean"]):
        return t("my_unit_headline_hidden", unit=unit, round=round_label)
    whole = index["municipality"]
    compared = (
        ""
        if whole is None or pd.isna(whole)
        else t("my_unit_headline_municipality", municipality=fmt_number(whole))
    )
    return (
        t("my_unit_headline", unit=unit, round=round_label, value=fmt_number(index["mean"])) + compared + "."
    )


def indicator_table(view: UnitView, municipality: str) -> pd.DataFrame:
    """The unit's indicators for people («skjult» where hidden)."""
    return pd.DataFrame(
        {
            t("col_indicator"): view.indicators["label"],
            view.unit: [
                figure_text(m, "mean", s)
                for m, s in zip(view.indicators["mean"], view.indicators["suppressed"])
            ],
            t("col_n"): [
                figure_text(n, "count", s)
                for n, s in zip(view.indicators["n"], view.indicators["suppressed"])
            ],
            t("col_change_since", previous=view.previous or "–"): [
                "–" if c is None or (isinstance(c, float) and math.isnan(c)) else fmt_change(c)
                for c in view.indicators["change"]
            ],
            municipality: [
                "–" if m is None or pd.isna(m) else fmt_number(m) for m in view.indicators["municipality"]
            ],
            t("col_r"): ["–" if r is None or pd.isna(r) else fmt_number(r) for r in view.indicators["r"]],
        }
    )


def summary_lines(view: UnitView) -> list[str]:
    """Strengths, focus areas and falls as sentences."""
    lines = []
    if view.strengths:
        lines.append(t("my_unit_strengths", items=join_and(view.strengths)))
    if view.focus:
        lines.append(t("my_unit_focus", items=join_and(view.focus)))
    lines.append(t("my_unit_falls", items=join_and(view.falls)) if view.falls else t("my_unit_no_falls"))
    return lines


def slide(view: UnitView, municipality: str) -> Slide:
    """Min enhet as one slide for the staff meeting (for :func:`analytics.present.reports.build`)."""
    rows = view.indicators
    categories = tuple(rows["label"])
    table = pd.DataFrame(
        {
            t("col_indicator"): rows["label"],
            view.unit: [t("hidden") if s else m for m, s in zip(rows["mean"], rows["suppressed"])],
            t("col_change_since", previous=view.previous or "–"): [
                None if c is None else float(c) for c in rows["change"]
            ],
            municipality: [None if m is None or pd.isna(m) else float(m) for m in rows["municipality"]],
        }
    )
    hidden = tuple(label for label, s in zip(rows["label"], rows["suppressed"]) if s)
    source = " ".join([*summary_lines(view), t("my_unit_source", round=view.round)])
    return Slide(
        SLIDE_KEY,
        t("page_my_unit"),
        view.headline,
        "bar",
        categories,
        (
            Series(view.unit, tuple(_number(m) for m in rows["mean"])),
            Series(municipality, tuple(_number(m) for m in rows["municipality"])),
        ),
        "mean",
        table,
        source,
        hidden,
    )


def report_meeting(view: UnitView) -> Meeting:
    """The staff meeting a unit's report is titled by."""
    return Meeting(SLIDE_KEY, t("my_unit_report_title", unit=view.unit, round=view.round), "", (SLIDE_KEY,))


def measures_table(view: UnitView) -> pd.DataFrame:
    """The unit's follow-up measures for people."""
    columns = ["action_id", "title", "target", "owner", "deadline", "status"]
    if view.measures.empty:
        return pd.DataFrame(columns=[t(f"my_unit_col_{c}") for c in columns])
    table = view.measures[columns].copy()
    table["deadline"] = table["deadline"].dt.strftime("%d.%m.%Y")
    table.columns = [t(f"my_unit_col_{c}") for c in columns]
    return table


def calls_table(view: UnitView, fw: Framework) -> pd.DataFrame:
    """What needs action in the unit, as the Tiltak page states it (without the unit column)."""
    table = actions_text.calls_table(view.calls, actions_text.target_labels(fw))
    return table.drop(columns=[t("col_unit")], errors="ignore")
