"""The strategy as data.

The municipality's strategy (goals, strategies, the culture indicators, the
fundaments, the respondent groups and their roles, the answer scale, project
phases, actors, instruments ...) and the survey codebook are the files
``framework.json`` and ``codebook.csv`` in the strategy folder
(``INNOBARO_FRAMEWORK_DIR``, default ``data/``). This module loads and
validates them once, so another municipality can swap in its own strategy
without touching code: no other module names an id or a count from them.

Examples
--------
>>> fw = load_framework()
>>> len(fw.indicator_ids) == len(fw.indicators) >= 1
True
>>> fw.baseline_group in fw.group_ids
True
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analytics.core.config import framework_dir
from analytics.core.text import t

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FRAMEWORK_FILE = DATA_DIR / "framework.json"
CODEBOOK_FILE = DATA_DIR / "codebook.csv"
FRAMEWORK_NAME = "framework.json"
CODEBOOK_NAME = "codebook.csv"

PHASE_STAGES = ("blt", "after", "closed")
# Ids become column names of import files and Parquet tables.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class FrameworkError(ValueError):
    """The framework or codebook file is not valid; the message is in bokmål."""


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Fundament:
    id: str
    name: str
    question: str


@dataclass(frozen=True)
class Item:
    item_id: str
    indicator: str
    text: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Named:
    """A thing with an id and a Norwegian name (phase, actor, group, instrument...)."""

    id: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Framework:
    municipality: str
    strategy: dict
    goals: tuple[Named, ...]
    strategies: tuple[Named, ...]
    indicators: tuple[Indicator, ...]
    fundaments: tuple[Fundament, ...]
    fundament_scale: tuple[Named, ...]
    innovation_criteria: tuple[Named, ...]
    blt_phases: tuple[Named, ...]
    project_phases: tuple[Named, ...]
    actors: tuple[Named, ...]
    instrument_areas: tuple[dict, ...]
    instruments: tuple[Named, ...]
    groups: tuple[Named, ...]
    likert_scale: tuple[Named, ...]
    dont_know_label: str
    items: tuple[Item, ...]
    # Goal or strategy id -> the measures that show progress toward it (analytics.measures.goals).
    measures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The respondent group of the municipality's own employees (culture per sector).
    employee_group: str = ""
    # Roles declared in the data (see docs/reference/other-municipality.md).
    baseline_group: str = ""
    unit_groups: tuple[str, ...] = ()
    agree_values: tuple[int, ...] = ()
    disagree_values: tuple[int, ...] = ()
    scale_aliases: dict = field(default_factory=dict)
    citizen_actor: str = ""
    criterion_phases: dict = field(default_factory=dict)
    # What the strategy wants to move ("outcome" in framework.json): an indicator id or the
    # exact text of one codebook statement; empty when the strategy names none (no drivers).
    outcome: str = ""

    @property
    def outcome_measure(self) -> tuple[str | None, str | None]:
        """The outcome as ``(indicator_id, None)`` or ``(None, item_id)``; ``(None, None)`` without one."""
        if not self.outcome:
            return None, None
        if self.outcome in self.indicator_ids:
            return self.outcome, None
        return None, next(i.item_id for i in self.items if i.text == self.outcome)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.indicators)

    @property
    def fundament_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fundaments)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.item_id for i in self.items)

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.project_phases)

    @property
    def closed_phases(self) -> tuple[str, ...]:
        """Phases whose stage is ``closed``: the project has ended."""
        return tuple(p.id for p in self.project_phases if p.detail == "closed")

    @property
    def blt_phase_ids(self) -> tuple[str, ...]:
        """The Behov–Løsning–Test loop's phases, in order: the first is the needs phase."""
        return tuple(p.id for p in self.project_phases if p.detail == "blt")

    @property
    def needs_phase(self) -> str:
        return self.blt_phase_ids[0]

    @property
    def solution_phase(self) -> str:
        return self.blt_phase_ids[1]

    @property
    def scale_values(self) -> tuple[int, ...]:
        """The answer scale's values, lowest first (1 … number of points)."""
        return tuple(int(s.id) for s in self.likert_scale)

    @property
    def scale_min(self) -> int:
        return self.scale_values[0]

    @property
    def scale_max(self) -> int:
        return self.scale_values[-1]

    @property
    def scale_midpoint(self) -> float:
        """The middle of the answer scale (3 on 1–5, 3.5 on 1–6): where charts diverge."""
        return (self.scale_min + self.scale_max) / 2

    @property
    def neutral_value(self) -> int | None:
        """The scale's neutral answer (an odd number of points), or None."""
        middle = self.scale_midpoint
        return int(middle) if middle == math.floor(middle) else None

    @property
    def fundament_max(self) -> int:
        """The highest fundament score («fullt på plass»)."""
        return int(self.fundament_scale[-1].id)

    @property
    def fundament_scores(self) -> tuple[int, ...]:
        return tuple(int(s.id) for s in self.fundament_scale)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(k for k in self.indicators if k.id == indicator_id)

    def items_for(self, group: str) -> tuple[Item, ...]:
        """The codebook statements a respondent group answers."""
        return tuple(i for i in self.items if group in i.groups)

    def name_of(self, kind: str, thing_id: str) -> str:
        """Norwegian name of a phase, actor, group, instrument or criterion id."""
        for thing in getattr(self, kind):
            if thing.id == thing_id:
                return getattr(thing, "name", getattr(thing, "label", thing_id))
        return thing_id

    def names(self, kind: str) -> dict[str, str]:
        """Id -> Norwegian name for every thing of a kind (``"groups"``, ``"fundaments"`` ...)."""
        return {thing.id: self.name_of(kind, thing.id) for thing in getattr(self, kind)}


def _named(rows: list[dict], name_key: str = "name", detail_key: str = "") -> tuple[Named, ...]:
    return tuple(
        Named(id=str(r["id"]), name=str(r[name_key]), detail=str(r.get(detail_key, ""))) for r in rows
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise FrameworkError(message)


def read_codebook(path: Path = CODEBOOK_FILE) -> tuple[Item, ...]:
    """Read the survey codebook (``item_id,indicator,groups,text``; groups split by ``|``)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(t("framework_codebook_unreadable", name=Path(path).name, exc=exc)) from exc
    _require(bool(rows), t("framework_codebook_empty", name=Path(path).name))
    missing = {"item_id", "indicator", "groups", "text"} - set(rows[0])
    _require(
        not missing,
        t("framework_codebook_columns", missing=", ".join(sorted(missing))),
    )
    return tuple(
        Item(
            item_id=(r["item_id"] or "").strip(),
            indicator=(r["indicator"] or "").strip(),
            text=(r["text"] or "").strip(),
            groups=tuple(g.strip() for g in (r["groups"] or "").split("|") if g.strip()),
        )
        for r in rows
    )


def _field(raw: dict, key: str, kind: type, hint: str):
    value = raw.get(key)
    _require(
        isinstance(value, kind) and (kind is not list or bool(value)),
        t("framework_field_missing", field=key, hint=hint),
    )
    return value


def _rows(raw: dict, key: str, keys: tuple[str, ...], example: str) -> list[dict]:
    rows = _field(raw, key, list, t("framework_hint_list", example=example))
    for number, row in enumerate(rows, start=1):
        missing = [k for k in keys if not isinstance(row, dict) or row.get(k) in (None, "")]
        _require(
            not missing,
            t(
                "framework_element_missing",
                number=number,
                field=key,
                missing=", ".join(f"«{k}»" for k in missing),
                example=example,
            ),
        )
    return rows


def _records(cls, raw: dict, key: str, keys: tuple[str, ...], example: str) -> tuple:
    """The list ``key`` as ``cls`` objects built from the values of ``keys``, in order, as text."""
    return tuple(cls(*(str(row[k]) for k in keys)) for row in _rows(raw, key, keys, example))


def _ints(raw: dict, key: str, hint: str) -> tuple[int, ...]:
    values = _field(raw, key, list, hint)
    _require(
        all(isinstance(v, int) and not isinstance(v, bool) for v in values),
        t("framework_not_integers", field=key, hint=hint),
    )
    return tuple(values)


def parse_framework(raw: dict, items: tuple[Item, ...]) -> Framework:
    """Build and validate a :class:`Framework` from parsed JSON and codebook items.

    Every problem is a :class:`FrameworkError` whose bokmål message names the
    field and says what to write instead.
    """
    _require(isinstance(raw, dict), t("framework_not_object"))
    groups = _rows(raw, "respondent_groups", ("id", "name"), '{"id": "ansatte", "name": "Ansatte"}')
    scale = _rows(raw, "likert_scale", ("value", "label"), '{"value": 1, "label": "Helt uenig"}')
    actors = _rows(raw, "actors", ("id", "name"), '{"id": "innbyggere", "name": "Innbyggere"}')
    phases = _rows(
        raw, "project_phases", ("id", "name", "stage"), '{"id": "behov", "name": "Behov", "stage": "blt"}'
    )
    fw = Framework(
        municipality=_field(raw, "municipality", str, '"municipality": "Jevnaker kommune"'),
        strategy=dict(_field(raw, "strategy", dict, '"strategy": {"title": "…", "period": "2017–2020"}')),
        goals=_records(Named, raw, "goals", ("id", "text"), '{"id": "G1", "text": "…"}'),
        strategies=_records(Named, raw, "strategies", ("id", "text"), '{"id": "S1", "text": "…"}'),
        indicators=_records(
            Indicator,
            raw,
            "indicators",
            ("id", "label", "text"),
            '{"id": "K01", "label": "Behovet først", "text": "…"}',
        ),
        fundaments=_records(
            Fundament,
            raw,
            "fundaments",
            ("id", "name", "question"),
            '{"id": "behov", "name": "Behov", "question": "…"}',
        ),
        fundament_scale=_records(
            Named, raw, "fundament_scale", ("score", "label"), '{"score": 0, "label": "Mangler"}'
        ),
        innovation_criteria=_named(
            _rows(
                raw, "innovation_criteria", ("id", "name"), '{"id": "nytt", "name": "Nytt", "phase": "test"}'
            ),
            detail_key="text",
        ),
        blt_phases=_named(
            _rows(raw, "blt_phases", ("id", "name"), '{"id": "behov", "name": "Behov", "text": "…"}'),
            detail_key="text",
        ),
        project_phases=_named(phases, detail_key="stage"),
        actors=_named(actors),
        instrument_areas=tuple(
            _rows(raw, "instrument_areas", ("id", "name"), '{"id": "arenaer", "name": "…", "items": []}')
        ),
        instruments=_named(
            _rows(
                raw,
                "instruments",
                ("id", "name"),
                '{"id": "workshop", "name": "Workshop", "area": "arenaer"}',
            ),
            detail_key="area",
        ),
        groups=_named(groups),
        likert_scale=tuple(Named(str(s["value"]), str(s["label"])) for s in scale),
        dont_know_label=_field(raw, "dont_know_label", str, '"dont_know_label": "Vet ikke"'),
        items=items,
        baseline_group=next((str(g["id"]) for g in groups if g.get("baseline") is True), ""),
        unit_groups=tuple(str(g["id"]) for g in groups if g.get("unit_required") is True),
        agree_values=_ints(raw, "agree_values", '"agree_values": [4, 5]'),
        disagree_values=_ints(raw, "disagree_values", '"disagree_values": [1, 2]'),
        scale_aliases={int(s["value"]): tuple(str(a) for a in s.get("aliases", ())) for s in scale},
        citizen_actor=next((str(a["id"]) for a in actors if a.get("citizens") is True), ""),
        criterion_phases={
            str(c["id"]): str(c.get("phase", ""))
            for c in _rows(raw, "innovation_criteria", ("id", "name"), '{"id": "nytt", "name": "Nytt"}')
        },
        measures={
            str(g["id"]): tuple(g.get("measures", ()))
            for g in [
                *_rows(raw, "goals", ("id",), '{"id": "G1"}'),
                *_rows(raw, "strategies", ("id",), '{"id": "S1"}'),
            ]
        },
        employee_group=str(
            raw.get("employee_group") or next((g["id"] for g in groups if g.get("baseline") is True), "")
        ),
        outcome=str(raw.get("outcome") or "").strip(),
    )
    _require(
        sum(1 for g in groups if g.get("baseline") is True) == 1,
        t("framework_one_baseline"),
    )
    validate(fw)
    return fw


def _unique(ids: tuple[str, ...], where: str) -> None:
    twice = sorted({i for i in ids if ids.count(i) > 1})
    _require(not twice, t("framework_duplicate_ids", where=where, twice=", ".join(twice)))


def _consecutive(values: list[str], start: int, where: str, example: str) -> None:
    expected = [str(v) for v in range(start, start + len(values))]
    _require(
        values == expected and len(values) >= 2,
        t("framework_scale_gaps", where=where, start=start, values=", ".join(values), example=example),
    )


def validate(fw: Framework) -> None:
    """Raise :class:`FrameworkError` when the strategy data cannot drive the product."""
    ids = fw.indicator_ids
    for where, things in (
        ("indicators", ids),
        ("fundaments", fw.fundament_ids),
        ("respondent_groups", fw.group_ids),
        ("project_phases", fw.phase_ids),
        ("actors", tuple(a.id for a in fw.actors)),
        ("instruments", tuple(i.id for i in fw.instruments)),
    ):
        _unique(things, where)
    for where, things in (
        ("fundaments", fw.fundament_ids),
        ("respondent_groups", fw.group_ids),
        ("actors", tuple(a.id for a in fw.actors)),
    ):
        bad = [i for i in things if not ID_PATTERN.match(i)]
        _require(
            not bad,
            t("framework_id_not_column", bad=bad[0] if bad else "", where=where),
        )
    _consecutive([s.id for s in fw.fundament_scale], 0, "fundament_scale", '{"score": 0, "label": "Mangler"}')
    _consecutive([s.id for s in fw.likert_scale], 1, "likert_scale", '{"value": 1, "label": "Helt uenig"}')
    scale = set(fw.scale_values)
    for key, values in (("agree_values", fw.agree_values), ("disagree_values", fw.disagree_values)):
        _require(
            bool(values) and set(values) <= scale,
            t(
                "framework_values_off_scale",
                field=key,
                scale_min=fw.scale_min,
                scale_max=fw.scale_max,
                values=list(values),
                next_to_max=fw.scale_max - 1,
            ),
        )
    _require(
        not set(fw.agree_values) & set(fw.disagree_values),
        t("framework_agree_and_disagree"),
    )
    stages = {p.detail for p in fw.project_phases}
    _require(
        stages <= set(PHASE_STAGES),
        t("framework_unknown_stage", phase_stages=", ".join(PHASE_STAGES), stages=", ".join(sorted(stages))),
    )
    _require(
        len(fw.blt_phase_ids) >= 2,
        t("framework_two_blt_phases"),
    )
    for criterion, phase in fw.criterion_phases.items():
        _require(
            phase in fw.phase_ids,
            t("framework_criterion_phase", criterion=criterion, phase_ids=", ".join(fw.phase_ids)),
        )
    _require(
        bool(fw.citizen_actor),
        t("framework_one_citizen_actor"),
    )
    unknown_units = set(fw.unit_groups) - set(fw.group_ids)
    _require(not unknown_units, t("framework_unit_required_unknown"))
    _require(
        not fw.outcome or fw.outcome in ids or sum(1 for i in fw.items if i.text == fw.outcome) == 1,
        t("framework_outcome_unknown", outcome=fw.outcome, ids=", ".join(ids)),
    )
    item_ids = fw.item_ids
    _unique(item_ids, "codebook.csv item_id")
    for item in fw.items:
        _require(
            bool(item.item_id),
            t("framework_item_without_id"),
        )
        _require(
            item.indicator in ids,
            t(
                "framework_item_unknown_indicator",
                item_id=item.item_id,
                indicator=item.indicator,
                ids=", ".join(ids),
            ),
        )
        _require(bool(item.text), t("framework_item_without_text", item_id=item.item_id))
        unknown = set(item.groups) - set(fw.group_ids)
        _require(
            bool(item.groups) and not unknown,
            t("framework_item_unknown_group", item_id=item.item_id, group_ids=", ".join(fw.group_ids)),
        )
    for k in ids:
        n_items = sum(1 for i in fw.items if i.indicator == k)
        _require(
            n_items >= 2,
            t("framework_indicator_too_few_items", indicator=k, count=n_items),
        )
        for group in fw.group_ids:
            # Every group answers every indicator, so its composite index is defined.
            _require(
                any(i.indicator == k and group in i.groups for i in fw.items),
                t("framework_group_without_items", group=group, indicator=k),
            )


def load_framework(framework_file: Path = FRAMEWORK_FILE, codebook_file: Path = CODEBOOK_FILE) -> Framework:
    """Load and validate the strategy and codebook files."""
    try:
        raw = json.loads(Path(framework_file).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FrameworkError(t("framework_file_missing", framework_file=framework_file)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(t("framework_file_unreadable", name=Path(framework_file).name, exc=exc)) from exc
    except json.JSONDecodeError as exc:
        raise FrameworkError(
            t(
                "framework_invalid_json",
                name=Path(framework_file).name,
                lineno=exc.lineno,
                colno=exc.colno,
                msg=exc.msg,
            )
        ) from exc
    return parse_framework(raw, read_codebook(Path(codebook_file)))


@cache
def _framework_in(folder: str) -> Framework:
    return load_framework(Path(folder) / FRAMEWORK_NAME, Path(folder) / CODEBOOK_NAME)


def framework() -> Framework:
    """The configured strategy (``INNOBARO_FRAMEWORK_DIR``), loaded once per folder and process."""
    return _framework_in(str(framework_dir()))


def questionnaire(fw: Framework, group: str | None = None) -> list[dict]:
    """The statements to put in a survey tool, for one group or all.

    Each row carries the ``item_id`` so that exports come back with known
    statements, the indicator, the statement and the answer options.
    """
    options = " / ".join([s.name for s in fw.likert_scale] + [fw.dont_know_label])
    items = fw.items if group is None else fw.items_for(group)
    return [
        {
            "item_id": i.item_id,
            "kjennetegn": i.indicator,
            "utsagn": i.text,
            "grupper": ", ".join(i.groups),
            "svaralternativer": options,
        }
        for i in items
    ]
