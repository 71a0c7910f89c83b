"""The strategy as data.

The municipality's strategy (goals, strategies, the nine culture indicators,
the five fundaments, actors, instruments ...) and the survey codebook are data
files under ``data/``. This module loads and validates them once, so another
municipality can swap in its own strategy without touching code.

Examples
--------
>>> fw = load_framework()
>>> [k.id for k in fw.indicators][:3]
['K1', 'K2', 'K3']
>>> fw.fundament_ids
('behov', 'losning', 'padriver', 'team', 'forankring')
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FRAMEWORK_FILE = DATA_DIR / "framework.json"
CODEBOOK_FILE = DATA_DIR / "codebook.csv"

# The fundament ids are a public interface (CLI keys, import columns).
FUNDAMENT_IDS = ("behov", "losning", "padriver", "team", "forankring")
GROUP_IDS = ("ansatte", "ledere", "politikere", "innbyggere")


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
    # Goal or strategy id -> the measures that show progress toward it (analytics.goals).
    measures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The respondent group of the municipality's own employees (culture per sector).
    employee_group: str = ""

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


def _named(rows: list[dict], name_key: str = "name", detail_key: str = "") -> tuple[Named, ...]:
    return tuple(
        Named(id=str(r["id"]), name=str(r[name_key]), detail=str(r.get(detail_key, ""))) for r in rows
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise FrameworkError(message)


def read_codebook(path: Path = CODEBOOK_FILE) -> tuple[Item, ...]:
    """Read the survey codebook (``item_id,indicator,groups,text``; groups split by ``|``)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _require(bool(rows), f"Kodeboka {path.name} er tom.")
    missing = {"item_id", "indicator", "groups", "text"} - set(rows[0])
    _require(not missing, f"Kodeboka mangler kolonnene: {', '.join(sorted(missing))}.")
    return tuple(
        Item(
            item_id=r["item_id"].strip(),
            indicator=r["indicator"].strip(),
            text=r["text"].strip(),
            groups=tuple(g.strip() for g in r["groups"].split("|") if g.strip()),
        )
        for r in rows
    )


def parse_framework(raw: dict, items: tuple[Item, ...]) -> Framework:
    """Build and validate a :class:`Framework` from parsed JSON and codebook items."""
    try:
        fw = Framework(
            municipality=raw["municipality"],
            strategy=dict(raw["strategy"]),
            goals=tuple(Named(g["id"], g["text"]) for g in raw["goals"]),
            strategies=tuple(Named(s["id"], s["text"]) for s in raw["strategies"]),
            indicators=tuple(Indicator(k["id"], k["label"], k["text"]) for k in raw["indicators"]),
            fundaments=tuple(Fundament(f["id"], f["name"], f["question"]) for f in raw["fundaments"]),
            fundament_scale=tuple(Named(str(s["score"]), s["label"]) for s in raw["fundament_scale"]),
            innovation_criteria=_named(raw["innovation_criteria"], detail_key="text"),
            blt_phases=_named(raw["blt_phases"], detail_key="text"),
            project_phases=_named(raw["project_phases"], detail_key="stage"),
            actors=_named(raw["actors"]),
            instrument_areas=tuple(raw["instrument_areas"]),
            instruments=_named(raw["instruments"], detail_key="area"),
            groups=_named(raw["respondent_groups"]),
            likert_scale=tuple(Named(str(s["value"]), s["label"]) for s in raw["likert_scale"]),
            dont_know_label=raw["dont_know_label"],
            items=items,
            measures={g["id"]: tuple(g.get("measures", ())) for g in [*raw["goals"], *raw["strategies"]]},
            employee_group=raw.get("employee_group") or raw["respondent_groups"][0]["id"],
        )
    except (KeyError, TypeError) as exc:
        raise FrameworkError(f"Strategifila mangler eller har feil felt: {exc}.") from exc
    validate(fw)
    return fw


def validate(fw: Framework) -> None:
    """Raise :class:`FrameworkError` when the strategy data cannot drive the product."""
    ids = fw.indicator_ids
    _require(len(ids) == 9, f"Strategien skal ha 9 kjennetegn (K1–K9), fant {len(ids)}.")
    _require(ids == tuple(f"K{i}" for i in range(1, 10)), "Kjennetegnene må hete K1 … K9 i rekkefølge.")
    _require(
        fw.fundament_ids == FUNDAMENT_IDS,
        f"De fem fundamentene må ha id-ene {', '.join(FUNDAMENT_IDS)} i den rekkefølgen.",
    )
    _require(
        [s.id for s in fw.fundament_scale] == ["0", "1", "2", "3", "4"],
        "Fundamentskalaen må gå fra 0 til 4.",
    )
    _require(
        [s.id for s in fw.likert_scale] == ["1", "2", "3", "4", "5"],
        "Svarskalaen må gå fra 1 til 5.",
    )
    _require(fw.group_ids == GROUP_IDS, f"Respondentgruppene må være {', '.join(GROUP_IDS)}.")
    item_ids = fw.item_ids
    _require(len(set(item_ids)) == len(item_ids), "Kodeboka har samme item_id flere ganger.")
    for item in fw.items:
        _require(
            item.indicator in ids, f"Spørsmål {item.item_id} viser til ukjent kjennetegn {item.indicator}."
        )
        _require(bool(item.text), f"Spørsmål {item.item_id} mangler tekst.")
        unknown = set(item.groups) - set(GROUP_IDS)
        _require(bool(item.groups) and not unknown, f"Spørsmål {item.item_id} har ukjent eller ingen gruppe.")
    for k in ids:
        n_items = sum(1 for i in fw.items if i.indicator == k)
        _require(n_items >= 2, f"Kjennetegn {k} har {n_items} spørsmål; det trengs minst to.")
        for group in GROUP_IDS:
            # Every group answers every indicator, so its composite index is defined.
            _require(
                any(i.indicator == k and group in i.groups for i in fw.items),
                f"Gruppen {group} har ingen spørsmål om {k}.",
            )


def load_framework(framework_file: Path = FRAMEWORK_FILE, codebook_file: Path = CODEBOOK_FILE) -> Framework:
    """Load and validate the strategy and codebook files."""
    try:
        raw = json.loads(Path(framework_file).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FrameworkError(f"Kan ikke lese strategifila {Path(framework_file).name}: {exc}.") from exc
    return parse_framework(raw, read_codebook(Path(codebook_file)))


@cache
def framework() -> Framework:
    """The bundled framework, loaded once per process."""
    return load_framework()


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
