"""Goals and strategies at a glance (strategy sections 2.1 and 2.2).

``framework.json`` links each overall goal and each strategy to *measures*,
written ``kind:argument``:

- ``culture:index`` / ``culture:<indicator>``: the culture index or one
  indicator's mean, all respondents, per survey round;
- ``culture:index:<group>``: the culture index of one respondent group;
- ``portfolio:zero_share`` (lower is better) and ``portfolio:median_index``:
  the running projects at each year end (:func:`analytics.measures.portfolio.health_by_year`);
- ``cocreation:breadth`` and ``cocreation:citizens_behov``: by the year
  projects started (:func:`analytics.measures.portfolio.breadth_by_start_year`);
- ``instruments:delivered``: the share of planned events delivered, per year;
- ``outcomes:<criterion>``: the share of projects that reached an innovation
  criterion (outcomes carry no date: it counts for the register's latest year).

Each measure gives a series of (round or year, value); the scorecard takes the
latest and the one before it, the target for the latest period and a status:
«i rute», «bak» or «ingen mål». Culture figures come from the suppressed cells,
so a hidden figure stays hidden («ingen mål» for its status), and their values
and change are the one like-for-like comparison of :mod:`analytics.measures.changes`
(the shown values, two decimals, against the round before): across another mix
of respondent groups, a new or gone group or a hidden figure the change is
``None`` and ``change_note`` says why. Targets for the
culture index and indicators are the strategy folder's ``targets.csv``; targets
for the other measures are its ``measure_targets.csv`` (``measure,year,target``).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analytics.core import targets
from analytics.core.config import framework_dir
from analytics.core.framework import Framework, FrameworkError, framework
from analytics.core.text import fmt_number, fmt_points, fmt_share, t
from analytics.measures import changes, culture, instruments, portfolio
from analytics.store import settings

if TYPE_CHECKING:  # the sources import this module to add the scorecard
    from analytics.measures.inputs import Sources

MEASURE_TARGETS_NAME = "measure_targets.csv"
STATUS_ON_TRACK, STATUS_BEHIND, STATUS_NONE = "i rute", "bak", "ingen mål"
STATUSES = (STATUS_ON_TRACK, STATUS_BEHIND, STATUS_NONE)


class MeasureError(FrameworkError):
    """A measure in framework.json or a line of the measure targets is not usable (bokmål)."""


# ---------------------------------------------------------------- each measure: label, format, bounds, values
def _culture_series(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
    """``culture:<indicator or index>[:<group>]``: the mean per round (``None`` where hidden)."""
    if src.cells is None:
        return []
    parts = measure.split(":")
    group = parts[2] if len(parts) > 2 else None
    rows = src.cells[
        (src.cells["indicator"] == parts[1])
        & src.cells["item_id"].isna()
        & ~src.cells["by_unit"]
        & (src.cells["by_group"] == (group is not None))
    ]
    if group is not None:
        rows = rows[rows["group"] == group]
    rows = rows.sort_values("round")
    return [
        (str(r), None if s or pd.isna(m) else float(m))
        for r, m, s in zip(rows["round"], rows["mean"], rows["suppressed"])
    ]


def _yearly(frame: pd.DataFrame, column: str) -> list[tuple[str, float | None]]:
    return [
        (str(int(y)), None if v is None or pd.isna(v) else float(v))
        for y, v in zip(frame["year"], frame[column])
    ]


def _portfolio_health(column: str) -> Compute:
    def compute(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
        return _yearly(portfolio.health_by_year(src.tables["assessments"], src.tables["phases"]), column)

    return compute


def _cocreation(column: str) -> Compute:
    def compute(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
        tables = src.tables
        ids = list(tables["projects"]["project_id"])
        matrix = portfolio.actor_matrix(tables["actors"], ids, tuple(a.id for a in fw.actors))
        checks = portfolio.behov_first(ids, tables["phases"], tables["actors"])
        return _yearly(portfolio.breadth_by_start_year(tables["projects"], matrix, checks), column)

    return compute


def _instruments_delivered(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
    ids = tuple(i.id for i in fw.instruments)
    totals = instruments.delivery_by_year(
        instruments.delivery(src.tables["events"], src.tables["event_plan"], ids)
    )
    return _yearly(totals, "share")


def _outcome_share(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
    """``outcomes:<criterion>``: the share of projects meeting it."""
    tables = src.tables
    ids = list(tables["projects"]["project_id"])
    funnel = portfolio.criteria_funnel(tables["outcomes"], ids, fw.innovation_criteria)
    share = funnel.set_index("criterion")["share"].get(measure.split(":")[1])
    # Outcomes carry no date: the share stands for the register's latest year.
    started = tables["phases"]["started_on"].dropna()
    if share is None or pd.isna(share) or started.empty:
        return []
    return [(str(int(started.max().year)), float(share))]


Compute = Callable[[Framework, str, "Sources"], list[tuple[str, float | None]]]


@dataclass(frozen=True)
class Measure:
    """A measure, declared once: its name (a text key), how its values are written (``mean``,
    ``share`` or ``index``), the range a target may take (``None``: the strategy's answer
    scale), whether higher is better, and how its values per round or year are computed."""

    label_key: str
    fmt: str
    low: float | None
    high: float | None
    compute: Compute
    higher_is_better: bool = True


# Every measure a goal or strategy in framework.json may name. ``culture`` and ``outcomes`` are
# families: ``culture:<indicator or index>[:<group>]`` and ``outcomes:<criterion>``.
MEASURES = {
    "culture": Measure("measure_culture", "mean", None, None, _culture_series),
    "portfolio:zero_share": Measure(
        "measure_zero_share", "share", 0, 1, _portfolio_health("share_open_with_zero"), higher_is_better=False
    ),
    "portfolio:median_index": Measure(
        "measure_median_index", "index", 0, 100, _portfolio_health("median_fundament_index")
    ),
    "cocreation:breadth": Measure("measure_breadth", "index", 0, 100, _cocreation("mean_breadth")),
    "cocreation:citizens_behov": Measure(
        "measure_citizens_behov", "share", 0, 1, _cocreation("share_citizens_in_behov")
    ),
    "instruments:delivered": Measure("measure_delivered", "share", 0, 1, _instruments_delivered),
    "outcomes": Measure("measure_outcome", "share", 0, 1, _outcome_share),
}
FAMILIES = ("culture", "outcomes")


def _kind(measure: str) -> Measure:
    """The declaration of ``measure`` (a family's for ``culture:…`` and ``outcomes:…``), with the
    culture family's range taken from the strategy's answer scale."""
    head = measure.split(":", 1)[0]
    kind = MEASURES.get(head) if head in FAMILIES else MEASURES.get(measure)
    if kind is None:
        raise MeasureError(t("measure_unknown", measure=measure))
    if kind.low is None:
        fw = framework()
        return replace(kind, low=fw.scale_min, high=fw.scale_max)
    return kind


def series(fw: Framework, measure: str, src: Sources) -> list[tuple[str, float | None]]:
    """The measure's values per round or year, oldest first (``None`` = hidden or unknown)."""
    return _kind(measure).compute(fw, measure, src)


def label(fw: Framework, measure: str) -> str:
    """The measure's name in bokmål, with the framework's names for its argument."""
    parts = measure.split(":")
    if parts[0] == "culture":
        what = t("slide_index_subject") if parts[1] == culture.INDEX else fw.name_of("indicators", parts[1])
        if len(parts) > 2:
            return t("measure_culture_group", what=what, group=fw.name_of("groups", parts[2]).lower())
        return what
    if parts[0] == "outcomes":
        return t("measure_outcome", criterion=fw.name_of("innovation_criteria", parts[1]).lower())
    return t(_kind(measure).label_key)


def fmt_value(measure: str, value) -> str:
    if value is None:
        return t("hidden_or_missing")
    kind = _kind(measure).fmt
    return fmt_share(value) if kind == "share" else fmt_number(value, 2 if kind == "mean" else 1)


def validate_measures(fw: Framework) -> None:
    """Every measure named in framework.json exists and points at known ids."""
    problems = []
    for owner, measures in fw.measures.items():
        for measure in measures:
            parts = measure.split(":")
            try:
                _kind(measure)
            except MeasureError as exc:
                problems.append(f"{owner}: {exc}")
                continue
            if parts[0] == "culture" and (
                len(parts) not in (2, 3)
                or parts[1] not in (*fw.indicator_ids, culture.INDEX)
                or (len(parts) == 3 and parts[2] not in fw.group_ids)
            ):
                problems.append(f"{owner}: {t('measure_unknown', measure=measure)}")
            if parts[0] == "outcomes" and parts[-1] not in {c.id for c in fw.innovation_criteria}:
                problems.append(f"{owner}: {t('measure_unknown', measure=measure)}")
    if problems:
        raise MeasureError(" ".join(problems))


def load_measure_targets(fw: Framework, path: Path | str | None = None) -> pd.DataFrame:
    """Targets for the measures besides the culture indicators (``measure,year,target``).

    A missing file means no such targets. Raises :class:`MeasureError` naming
    every bad line and how to fix it.
    """
    path = Path(path or framework_dir() / MEASURE_TARGETS_NAME)
    columns = ["indicator", "year", "target"]  # "indicator" so that targets.target_for reads it
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = [
                {k.strip().lower(): (v or "").strip() for k, v in r.items() if k}
                for r in csv.DictReader(handle)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise MeasureError(t("measure_targets_unreadable", file=path.name, error=exc)) from exc
    known = {m for measures in fw.measures.values() for m in measures}
    problems, records = [], []
    for line, row in enumerate(rows, start=2):
        measure, year, target = row.get("measure", ""), row.get("year", ""), row.get("target", "")
        if measure not in known:
            problems.append(t("measure_targets_unknown", line=line, measure=measure))
            continue
        if not re.fullmatch(r"20\d\d", year):
            problems.append(t("measure_targets_year", line=line, year=year))
            continue
        kind = _kind(measure)
        try:
            value = float(target.replace(",", "."))
        except ValueError:
            value = math.nan
        if not kind.low <= value <= kind.high:
            problems.append(
                t("measure_targets_value", line=line, target=target, low=kind.low, high=kind.high)
            )
            continue
        records.append((measure, int(year), value))
    if problems:
        raise MeasureError(
            t("measure_targets_problems", file=path.name, count=len(problems)) + " " + " ".join(problems)
        )
    return pd.DataFrame(records, columns=columns).sort_values(["indicator", "year"]).reset_index(drop=True)


def _status(measure: str, latest, target) -> str:
    if latest is None or target is None:
        return STATUS_NONE
    on_track = latest >= target if _kind(measure).higher_is_better else latest <= target
    return STATUS_ON_TRACK if on_track else STATUS_BEHIND


def _culture_change(measure: str, src: Sources, latest_period: str | None) -> dict | None:
    """The like-for-like record of the culture measure's latest round against the one before."""
    if latest_period is None:
        return None
    parts = measure.split(":")
    along = changes.along(src.cells, parts[1], group=parts[2] if len(parts) > 2 else None)
    return along.get(latest_period)


def measure_record(fw, measure: str, src: Sources, culture_targets, measure_targets) -> dict:
    """One measure's ``latest``, ``previous``, ``change`` (with ``change_note``: why it is
    ``None`` for a culture measure), ``target`` and ``status``."""
    values = series(fw, measure, src)
    latest_period, latest = values[-1] if values else (None, None)
    previous_period, previous = values[-2] if len(values) > 1 else (None, None)
    change = None if latest is None or previous is None else latest - previous
    note = None
    parts = measure.split(":")
    if parts[0] == "culture":
        record = _culture_change(measure, src, latest_period)
        previous_period = previous = change = None
        latest = None if latest is None else round(latest, changes.DECIMALS)  # as shown
        if record is not None:
            latest, previous, change = record["to_value"], record["from_value"], record["change"]
            previous_period = record["from_round"]
            note = record["note"] or ("hidden" if record["suppressed"] else None)
    year = targets.round_year(latest_period) if latest_period else None
    if parts[0] == "culture" and len(parts) == 2:
        table = culture_targets
        key = parts[1]
    else:
        table, key = measure_targets, measure
    target = None if year is None or table is None else targets.target_for(table, key, year)
    return {
        "measure": measure,
        "label": label(fw, measure),
        "period": latest_period,
        "previous_period": previous_period,
        "latest": None if latest is None else round(latest, 4),
        "previous": None if previous is None else round(previous, 4),
        "change": None if change is None else round(change, 4),
        "change_note": note,
        "target": target,
        "status": _status(measure, latest, target),
    }


def sentence(record: dict) -> str:
    """One generated sentence on a goal or strategy: how many measures are on track."""
    measures = record["measures"]
    with_target = [m for m in measures if m["status"] != STATUS_NONE]
    behind = [m["label"] for m in with_target if m["status"] == STATUS_BEHIND]
    if not with_target:
        return t("goal_sentence_no_targets", measures=len(measures))
    text = t("goal_sentence", on_track=len(with_target) - len(behind), total=len(with_target))
    if behind:
        text += " " + t("goal_sentence_behind", behind=", ".join(behind))
    return text


def scorecard(fw: Framework, src: Sources, culture_targets, measure_targets) -> list[dict]:
    """One object per goal and strategy: ``id``, ``kind``, ``text``, ``measures``, ``sentence``."""
    validate_measures(fw)
    records = []
    for kind, owners in (("goal", fw.goals), ("strategy", fw.strategies)):
        for owner in owners:
            measures = [
                measure_record(fw, m, src, culture_targets, measure_targets)
                for m in fw.measures.get(owner.id, ())
            ]
            record = {"id": owner.id, "kind": kind, "text": owner.name, "measures": measures}
            record["sentence"] = sentence(record)
            records.append(record)
    return records


def goal_targets(fw: Framework, saved: dict) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[str]]:
    """The culture targets (saved by an admin, else ``data/targets.csv``) and the measure
    targets, and a bokmål note on each file that could not be used (its targets are left out)."""
    notes = []
    try:
        stored = settings.stored_targets(saved)
        culture_targets = stored if stored is not None else targets.load_targets()
    except targets.TargetsError as exc:
        notes.append(t("scorecard_targets_left_out", message=str(exc)))
        culture_targets = None
    try:
        measure_targets = load_measure_targets(fw)
    except MeasureError as exc:
        notes.append(t("scorecard_targets_left_out", message=str(exc)))
        measure_targets = None
    return culture_targets, measure_targets, notes


def with_scorecard(fw: Framework, src: Sources, saved: dict) -> Sources:
    """The sources with the goals scorecard filled in (for the «Mål og strategier» slide)."""
    culture_targets, measure_targets, _ = goal_targets(fw, saved)
    return replace(src, goals=scorecard(fw, src, culture_targets, measure_targets))


def measures_table(record: dict) -> pd.DataFrame:
    """A goal's measures as the page shows them (figures formatted, «skjult/ukjent» where missing)."""

    def change_text(m):
        if m["change"] is None:
            note = m.get("change_note")
            return "–" if note is None else t("hidden" if note == "hidden" else "changes_note_" + note)
        if _kind(m["measure"]).fmt == "share":  # a share changes in percentage points, as shown
            return fmt_points(m["latest"], m["previous"])
        text = fmt_value(m["measure"], abs(m["change"]))
        return ("+" if m["change"] >= 0 else "\u2212") + text

    return pd.DataFrame(
        {
            t("col_measure"): [m["label"] for m in record["measures"]],
            t("col_period"): [m["period"] or "–" for m in record["measures"]],
            t("col_latest"): [fmt_value(m["measure"], m["latest"]) for m in record["measures"]],
            t("col_change"): [change_text(m) for m in record["measures"]],
            t("col_target"): [
                "–" if m["target"] is None else fmt_value(m["measure"], m["target"])
                for m in record["measures"]
            ],
            t("col_status"): [m["status"] for m in record["measures"]],
        }
    )
