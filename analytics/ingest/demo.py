"""Deterministic, seeded demo data for Innovasjonsbarometeret.

``generate_demo(seed)`` builds a complete, fictional data set for the configured
strategy from its first survey round up to the end of the last demo year: survey
answers, the innovation portfolio (projects, BLT phases, co-creation actors,
fundament assessments, innovation-criteria outcomes) and the strategic instruments
(events and plan). The same seed always gives identical frames; all randomness
comes from ``numpy.random.default_rng(seed)`` (spawned into one independent
stream per table).

The stories the numbers tell live in data files beside the strategy, in its
``demo/`` folder: ``demo.json`` (the survey model per unit, group and
indicator, the portfolio's and instruments' parameters), ``projects.csv`` (the
project catalogue) and ``event_plan.csv`` (the yearly plan). Jevnaker's files
(``data/demo``) tell these stories:

* Culture: the overall mean rises from about 3.1 (2017) to about 3.7 (2024),
  unevenly. Helse og omsorg rises most and earliest - it ran "Framtidas omsorg
  skapes i fellesskap" in 2017 - Oppvekst og læring moderately, Plan og teknisk
  stays flat. Every group dips in 2020 (the pandemic). Leaders are about 0.4
  above employees, politicians in between, citizens lowest and slowest. The
  indicators on tools and BLT start lowest and rise most; "Vet ikke" is most
  common among citizens and on those two.
* A setback: Kultur og fritid's employees and leaders answer a few tenths
  lower in the latest round, so its culture falls significantly there.
* Anonymity: NAV (6 employees) and Frivilligsentralen (3) seldom or never reach
  five respondents, so the dashboard must suppress them. Kultur og fritid's
  one leader who answered in 2017 hides its total that year (they could
  subtract their own answers from it).
* Portfolio: the seven projects of the 2016 innovation-agent certification, the
  2017 co-creation project "Framtidas omsorg skapes i fellesskap" and its
  spin-offs, and ordinary projects started 2018-2024. Projects that involved
  citizens in the needs phase score higher on the first fundament. Four projects
  have a zero fundament in their latest assessment; two of them are stopped,
  two are stalled. Projects assessed while still in their first needs phase
  have no solution score yet (missing, never zero).
* Follow-up measures (tiltak, :func:`demo_actions`): picked from the generated
  answers, some followed by a clear rise, some by none (one stopped), two still
  running or planned after the latest round, one in a unit too small to show,
  and one for the whole municipality.
* Instruments: about 10-25 events a year, training for politicians after the
  2019 and 2023 elections, a clear shortfall against the plan in 2020, and a
  yearly award from 2018.

A strategy without a ``demo/`` folder gets a plain generated demo built from
its own ids (:func:`generic_model`): a few units, flat culture, a small
catalogue of projects through its phases, two events per instrument a year.

Dtypes follow ``analytics.core.schema.specs``: text columns are ``str``, small
integers are nullable ``Int8``/``Int32``, dates are ``datetime64[ms]``.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.core.config import framework_dir
from analytics.core.framework import Framework, framework
from analytics.core.schema import conform, participant_groups, specs
from analytics.core.text import t

DEFAULT_SEED = 2017
_FIRST_YEAR, _LAST_YEAR = 2017, 2024
ROUNDS = tuple(str(y) for y in range(_FIRST_YEAR, _LAST_YEAR + 1))
_AS_OF = np.datetime64(f"{_LAST_YEAR}-12-31")  # nothing in the demo happens after this day
_DAY = np.timedelta64(1, "D")
DEMO_FOLDER = "demo"


def _columns(table: str) -> list[str]:
    return [c.name for c in specs()[table]]


# --------------------------------------------------------------------------- the model (data files)


@dataclass(frozen=True)
class _Unit:
    name: str
    employees: int
    leaders: int
    gain: float  # rise of the latent culture level over the demo years (1-5 scale)
    tau: float  # years; a small tau means the rise comes early
    response_factor: float = 1.0  # relative to the round's response rate
    setback: float = 0.0  # a fall of the latent level in the latest round (a unit whose culture fell)
    # HR's staff list over the employees the survey reached (part-time and seasonal staff):
    # above 1, the unit's response rate falls under the flag limit.
    invited_factor: float = 1.0


@dataclass(frozen=True)
class _Spec:
    """A catalogue project: the seed varies dates, people, actors and scores, not the plot."""

    name: str
    sector: str
    origin: str
    started: int  # year
    loops: int  # BLT loops run
    last_blt: str  # furthest BLT phase in the final loop
    after: tuple[str, ...]  # phases after BLT
    settled: int  # year the current phase started
    description: str
    citizen_pull: float = 1.0  # weight for involving citizens in the needs phase
    veto: str | None = None  # fundament scored 0 in the latest assessment
    veto_comment: str | None = None
    handlingsrom: bool | None = True
    extra_actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoModel:
    """Everything the generator needs besides the strategy: read from ``demo/`` or generated."""

    survey: dict
    portfolio: dict
    instruments: dict
    units: tuple[_Unit, ...]
    catalogue: tuple[_Spec, ...]
    plan: tuple[tuple[int, str, int], ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split("|") if part)


def _read_catalogue(path: Path) -> tuple[_Spec, ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        _Spec(
            name=r["name"],
            sector=r["sector"],
            origin=r["origin"],
            started=int(r["started"]),
            loops=int(r["loops"]),
            last_blt=r["last_blt"],
            after=_split(r["after"]),
            settled=int(r["settled"]),
            description=r["description"],
            citizen_pull=float(r["citizen_pull"] or 1.0),
            veto=r["veto"] or None,
            veto_comment=r["veto_comment"] or None,
            handlingsrom=None if not r["handlingsrom"] else r["handlingsrom"] == "ja",
            extra_actors=_split(r["extra_actors"]),
        )
        for r in rows
    )


def _read_plan(path: Path) -> tuple[tuple[int, str, int], ...]:
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple((int(r["year"]), r["instrument"], int(r["planned"])) for r in csv.DictReader(handle))


def _units(survey: dict) -> tuple[_Unit, ...]:
    return tuple(_Unit(**u) for u in survey["units"])


def _read_model(folder: Path) -> DemoModel:
    raw = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    return DemoModel(
        survey=raw["survey"],
        portfolio=raw["portfolio"],
        instruments=raw["instruments"],
        units=_units(raw["survey"]),
        catalogue=_read_catalogue(folder / "projects.csv"),
        plan=_read_plan(folder / "event_plan.csv"),
    )


def generic_model(fw: Framework) -> DemoModel:
    """A plain demo for a strategy without its own ``demo/`` folder, built from its ids alone.

    Four units, every group and indicator alike (a slow, even rise), eight projects
    that walk through the strategy's phases to different ends, and two events per
    instrument a year with participants from every group.
    """
    # The first group that names a unit are the unit's employees, any further one its leaders.
    pools = dict(zip(fw.unit_groups, ("employees", *["leaders"] * len(fw.unit_groups))))
    groups = {
        g: {"shift": 0.0, "dont_know_rate": 0.03, "sample": {"per_unit": pools[g], "rate": [0.7, 0.85]}}
        if g in pools
        else {"shift": 0.0, "dont_know_rate": 0.03, "gain": [0.4, 3.0], "sample": {"count": [30, 60]}}
        for g in fw.group_ids
    }
    survey = {
        "base_level": 3.2,
        "person_sd": 0.45,
        "answer_sd": 0.75,
        "item_sd": 0.06,
        "skip_rate": 0.015,
        "breakoff_rate": 0.05,
        "units": [
            # Enhet D is too small to be shown (at most four respondents).
            {
                "name": f"Enhet {letter}",
                "employees": size,
                "leaders": max(1, size // 10),
                "gain": 0.5,
                "tau": 3.0,
            }
            for letter, size in zip("ABCD", (80, 50, 30, 3))
        ],
        "groups": groups,
        "indicators": {k: [0.0, 1.0] for k in fw.indicator_ids},
        "tool_indicators": [],
        "tool_dont_know_factor": 1.0,
        "round_dip": {},
    }
    blt, after = fw.blt_phase_ids, [p for p in fw.phase_ids if p not in fw.blt_phase_ids]
    running = [p for p in after if p not in fw.closed_phases]
    closed = list(fw.closed_phases)
    ends = [
        (),
        tuple(running[:1]),
        tuple(running),
        tuple(closed[:1]),
        (),
        tuple(running[:1]),
        tuple(closed[-1:]),
        (),
    ]
    units = [u["name"] for u in survey["units"]]
    catalogue = tuple(
        _Spec(
            name=f"Prosjekt {number}",
            sector=units[number % len(units)],
            origin="Demo",
            started=_FIRST_YEAR + number,
            loops=1 + number % 2,
            last_blt=blt[-1] if end else blt[number % len(blt)],
            after=end,
            settled=min(_FIRST_YEAR + number + 2, _LAST_YEAR),
            description=f"Et demoprosjekt i {units[number % len(units)].lower()}.",
            veto=fw.fundament_ids[-1] if number == 6 else None,
        )
        for number, end in enumerate(ends)
    )
    portfolio = {
        "flagship_project": catalogue[0].name,
        "citizen_share_in_needs_phase": 0.5,
        "success_phases": [p for p in after if p not in closed] + closed[:1],
        "stopped_phases": closed[1:],
        "phase_weight": {p: [2, 8] for p in fw.phase_ids},
        "assessor_roles": ["leder"],
        "assessor_role_p": [1.0],
        "self_assessment_bias": 0.0,
        "weak_comment": {},
        "unassessed_in_first_needs_phase": None,
        "not_assessed_comment": "",
        "actor_p": {a.id: 0.15 for a in fw.actors if a.id != fw.citizen_actor},
        "staff_actor": None,
        "first_names": ["Kari", "Ola", "Anne", "Per", "Eli", "Nils"],
        "last_names": ["Berg", "Dahl", "Lie", "Moe", "Vik"],
    }
    instruments = {
        "election_years": [],
        "round_delivery": {},
        "fixed_delivery": [],
        "participants": {i.id: [[2, 20]] * len(participant_groups(fw)) for i in fw.instruments},
        "citizen_participants": None,
        "award_instrument": None,
        "dates": {},
        "election_dates": {},
        "titles": {i.id: {"choices": [i.name]} for i in fw.instruments},
    }
    plan = tuple((year, i.id, 2) for year in range(_FIRST_YEAR, _LAST_YEAR + 1) for i in fw.instruments)
    return DemoModel(survey, portfolio, instruments, _units(survey), catalogue, plan)


@cache
def _model_in(folder: str) -> DemoModel:
    demo_folder = Path(folder) / DEMO_FOLDER
    if (demo_folder / "demo.json").is_file():
        return _read_model(demo_folder)
    return generic_model(framework())


def model() -> DemoModel:
    """The demo model of the configured strategy folder."""
    return _model_in(str(framework_dir()))


def unit_names() -> tuple[str, ...]:
    """The demo's units (the survey's and the projects' sectors)."""
    return tuple(u.name for u in model().units)


# --------------------------------------------------------------------------- survey model


def _gain(total: float, tau: float, year: int) -> float:
    """Culture gain reached in ``year``: 0 in the first year, ``total`` in the last, concave in between."""
    span = _LAST_YEAR - _FIRST_YEAR
    return total * (1 - np.exp(-(year - _FIRST_YEAR) / tau)) / (1 - np.exp(-span / tau))


def _sample_respondents(group: str, rng: np.random.Generator) -> np.ndarray:
    """The units of one round's respondents in random order (None for groups without unit)."""
    m = model()
    sample = m.survey["groups"][group]["sample"]
    if "count" in sample:
        low, high = sample["count"]
        return np.full(int(rng.integers(low, high + 1)), None, dtype=object)
    rate = sample["rate"]
    if isinstance(rate, list):
        rate = rng.uniform(*rate)
        counts = [rng.binomial(getattr(u, sample["per_unit"]), rate * u.response_factor) for u in m.units]
    else:
        counts = [rng.binomial(getattr(u, sample["per_unit"]), rate) for u in m.units]
    return rng.permutation(np.repeat(np.array(unit_names(), dtype=object), counts))


def _respondent_gain(units: np.ndarray, group: str, year: int) -> np.ndarray:
    m = model()
    own = m.survey["groups"][group].get("gain")
    if own:
        return np.full(len(units), _gain(*own, year))
    by_unit = {
        u.name: _gain(u.gain, u.tau, year) + (u.setback if year == _LAST_YEAR else 0.0) for u in m.units
    }
    return np.array([by_unit[u] for u in units], dtype=float)


def _survey_block(
    round_label: str, group: str, item_effects: pd.DataFrame, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Long-format answers of one group in one round, sorted by respondent and item."""
    survey, fw = model().survey, framework()
    settings = survey["groups"][group]
    year = int(round_label)
    units = _sample_respondents(group, rng)
    n, m = len(units), len(item_effects)
    dip = survey["round_dip"].get(round_label, 0.0) * settings.get("dip_factor", 1.0)
    person_sd = settings.get("person_sd", survey["person_sd"])
    person = survey["base_level"] + settings["shift"] + dip + rng.normal(0, person_sd, n)
    gain = _respondent_gain(units, group, year)
    latent = (
        person[:, None]
        + item_effects["offset"].to_numpy()[None, :]
        + gain[:, None] * item_effects["multiplier"].to_numpy()[None, :]
        + rng.normal(0, survey["answer_sd"], (n, m))
    )
    # The model speaks a 1-5 scale; other scales are the same level stretched around their midpoint.
    latent = fw.scale_midpoint + (latent - 3) * (fw.scale_max - fw.scale_min) / 4
    values = np.clip(np.rint(latent), fw.scale_min, fw.scale_max).astype(np.int8)
    dont_know = rng.random((n, m)) < item_effects["dont_know_rate"].to_numpy()[None, :]
    breakoff = np.where(rng.random(n) < survey["breakoff_rate"], rng.integers(2, m, n), m)
    answered = (rng.random((n, m)) >= survey["skip_rate"]) & (np.arange(m)[None, :] < breakoff[:, None])
    rows, cols = np.nonzero(answered)
    ids = np.array([f"{round_label}-{group[:3]}-{i:04d}" for i in range(1, n + 1)], dtype=object)
    return {
        "round": np.full(len(rows), round_label, dtype=object),
        "group": np.full(len(rows), group, dtype=object),
        "unit": units[rows],
        "respondent_id": ids[rows],
        "item_id": item_effects.index.to_numpy()[cols],
        "value": values[rows, cols],
        "dont_know": dont_know[rows, cols],
    }


def _item_effects(group: str, rng: np.random.Generator) -> pd.DataFrame:
    """Per item of ``group``: level offset, gain multiplier and don't-know rate."""
    survey = model().survey
    effect = survey["indicators"]
    items = framework().items_for(group)
    offset = [effect[i.indicator][0] for i in items] + rng.normal(0, survey["item_sd"], len(items))
    tool = np.array([i.indicator in survey["tool_indicators"] for i in items])
    factor = np.where(tool, survey["tool_dont_know_factor"], 1.0)
    return pd.DataFrame(
        {
            "offset": offset,
            "multiplier": [effect[i.indicator][1] for i in items],
            "dont_know_rate": survey["groups"][group]["dont_know_rate"] * factor,
        },
        index=[i.item_id for i in items],
    )


def _responses(rng: np.random.Generator) -> pd.DataFrame:
    fw = framework()
    effects = {g: _item_effects(g, rng) for g in fw.group_ids}
    blocks = [_survey_block(r, g, effects[g], rng) for r in ROUNDS for g in fw.group_ids]
    columns = {c: np.concatenate([b[c] for b in blocks]) for c in _columns("responses")}
    frame = pd.DataFrame(columns)
    frame["value"] = frame["value"].astype("Int8").mask(frame["dont_know"])
    return conform("responses", frame)


# --------------------------------------------------------------------------- portfolio


def _project_ids() -> tuple[str, ...]:
    return tuple(f"P{i:02d}" for i in range(1, len(model().catalogue) + 1))


@dataclass(frozen=True)
class _Project:
    project_id: str
    spec: _Spec
    padriver: str
    started_on: np.datetime64
    history: tuple[tuple[str, int, np.datetime64], ...]  # (phase, loop, started_on)
    citizens_in_behov: bool

    def reached(self, phase: str) -> bool:
        return any(p == phase for p, _, _ in self.history)

    def first_start(self, phase: str) -> np.datetime64 | None:
        return next((d for p, _, d in self.history if p == phase), None)


def _date_in_year(year: int, rng: np.random.Generator, first="01-10", last="11-30"):
    low, high = np.datetime64(f"{year}-{first}"), np.datetime64(f"{year}-{last}")
    return low + int(rng.integers(0, (high - low) // _DAY + 1)) * _DAY


def _phase_sequence(spec: _Spec, rng: np.random.Generator) -> list[tuple[str, int]]:
    """The (phase, loop) course of a project; later loops restart at the needs or solution phase."""
    blt = framework().blt_phase_ids
    course = []
    for loop in range(1, spec.loops + 1):
        final = loop == spec.loops
        last = spec.last_blt if final else blt[-1]
        restart = blt[0] if loop == 1 or last == blt[0] else str(rng.choice(blt[:2], p=(0.35, 0.65)))
        course += [(p, loop) for p in blt[blt.index(restart) : blt.index(last) + 1]]
    return course + [(p, spec.loops) for p in spec.after]


def _phase_history(spec: _Spec, started_on, rng: np.random.Generator):
    """Dates of every phase: durations drawn per phase kind, scaled to end in ``settled``."""
    weight = model().portfolio["phase_weight"]
    course = _phase_sequence(spec, rng)
    if len(course) == 1:
        return ((course[0][0], course[0][1], started_on),)
    earliest = started_on + 45 * (len(course) - 1) * _DAY
    settled = _date_in_year(spec.settled, rng, "01-15", "11-30")
    settled = min(max(settled, earliest), _AS_OF - 30 * _DAY)
    weights = np.array([rng.uniform(*weight[p]) for p, _ in course[:-1]])
    offsets = np.rint(np.cumsum(weights) / weights.sum() * ((settled - started_on) // _DAY))
    starts = [started_on] + [started_on + int(o) * _DAY for o in offsets]
    return tuple((p, loop, d) for (p, loop), d in zip(course, starts, strict=True))


def _padriver_names(n: int, rng: np.random.Generator) -> list[str]:
    portfolio = model().portfolio
    pairs = [(f, s) for f in portfolio["first_names"] for s in portfolio["last_names"]]
    return [" ".join(pairs[i]) for i in rng.choice(len(pairs), size=n, replace=False)]


def _citizen_projects(rng: np.random.Generator) -> set[int]:
    """Indices of the projects that involve citizens in the needs phase.

    Projects that name the citizens among their actors always do; the rest are drawn,
    weighted by their citizen pull and by how late they started.
    """
    m, citizens = model(), framework().citizen_actor
    catalogue = m.catalogue
    forced = {i for i, s in enumerate(catalogue) if citizens in s.extra_actors}
    others = [i for i in range(len(catalogue)) if i not in forced]
    pull = np.array([catalogue[i].citizen_pull * (1 + 0.1 * (catalogue[i].started - 2016)) for i in others])
    n = round(m.portfolio["citizen_share_in_needs_phase"] * len(catalogue)) - len(forced)
    drawn = rng.choice(others, size=n, replace=False, p=pull / pull.sum())
    return forced | {int(i) for i in drawn}


def _build_projects(rng: np.random.Generator) -> list[_Project]:
    catalogue = model().catalogue
    names = _padriver_names(len(catalogue), rng)
    with_citizens = _citizen_projects(rng)
    projects = []
    for i, (pid, spec) in enumerate(zip(_project_ids(), catalogue, strict=True)):
        if spec.started < _FIRST_YEAR:
            started_on = _date_in_year(spec.started, rng, "02-01", "10-31")
        elif spec.started == _LAST_YEAR:
            started_on = _date_in_year(spec.started, rng, "01-10", "06-15")
        else:
            started_on = _date_in_year(spec.started, rng, "01-10", "09-30")
        history = _phase_history(spec, started_on, rng)
        projects.append(_Project(pid, spec, names[i], started_on, history, i in with_citizens))
    return projects


def _phases(projects: list[_Project]) -> pd.DataFrame:
    rows = [(p.project_id, ph, d, loop) for p in projects for ph, loop, d in p.history]
    return conform("phases", pd.DataFrame(rows, columns=_columns("phases")))


def _actors(projects: list[_Project], rng: np.random.Generator) -> pd.DataFrame:
    """Actors per phase: each with its base probability (citizens and staff are handled
    on their own), more often in later projects."""
    fw, portfolio = framework(), model().portfolio
    actor_ids = [a.id for a in fw.actors]
    active = [p for p in fw.phase_ids if p not in fw.closed_phases]
    blt, needs = fw.blt_phase_ids, fw.needs_phase
    flagship = portfolio["flagship_project"]
    rows = []
    for p in projects:
        breadth = 1 + 0.15 * (p.spec.started - 2016)
        for phase in (ph for ph in active if p.reached(ph)):
            chosen = {a for a, prob in portfolio["actor_p"].items() if rng.random() < prob * breadth}
            chosen |= {a for a in p.spec.extra_actors if phase in blt and rng.random() < 0.85}
            if phase == needs:
                involve_citizens = p.citizens_in_behov
            else:
                involve_citizens = rng.random() < (0.6 if p.citizens_in_behov else 0.2)
            if involve_citizens:
                chosen.add(fw.citizen_actor)
            if rng.random() < 0.95 and portfolio["staff_actor"]:
                chosen.add(portfolio["staff_actor"])
            if p.spec.name == flagship and phase == needs:
                chosen |= set(p.spec.extra_actors)
            rows += [(p.project_id, phase, a) for a in actor_ids if a in chosen]
    return conform("actors", pd.DataFrame(rows, columns=_columns("actors")))


def _assessment_dates(p: _Project, rng: np.random.Generator) -> np.ndarray:
    """2-6 dates, roughly every 6-12 months while the project is in BLT."""
    blt = framework().blt_phase_ids
    closing = [d for ph, _, d in p.history if ph not in blt]
    if closing:
        end = closing[0] - int(rng.integers(7, 40)) * _DAY
    else:
        end = _AS_OF - int(rng.integers(15, 120)) * _DAY
    start = p.started_on + int(rng.integers(20, 60)) * _DAY
    span = max(int((end - start) // _DAY), 30)
    n = int(np.clip(1 + round(span / rng.uniform(180, 365)), 2, 6))
    offsets = np.linspace(0, span, n)
    offsets[1:-1] += rng.uniform(-0.15, 0.15, n - 2) * span / (n - 1)
    return start + np.rint(offsets).astype(int) * _DAY


def _phase_on(p: _Project, date) -> tuple[str, int]:
    current = p.history[0]
    for entry in p.history:
        if entry[2] <= date:
            current = entry
    return current[0], current[1]


def _assessment_scores(p: _Project, roles: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Scores (assessments x fundaments), improving towards a target set by the fate.

    The model speaks the 0-4 scale; other fundament scales are stretched to it.
    """
    fw, portfolio = framework(), model().portfolio
    n, k, top = len(roles), len(fw.fundament_ids), fw.fundament_max
    if set(p.spec.after) & set(portfolio["success_phases"]):
        target = 3.4
    elif set(p.spec.after) & set(portfolio["stopped_phases"]):
        target = 2.0
    else:
        target = 2.8
    start = rng.normal(1.7, 0.4, k)
    end = target + rng.normal(0, 0.35, k)
    if p.citizens_in_behov:
        start[0], end[0] = start[0] + 0.6, end[0] + 0.7
    else:
        start[0], end[0] = start[0] - 0.2, end[0] - 0.4
    progress = np.linspace(0, 1, n)[:, None] if n > 1 else np.ones((1, 1))
    raw = start + (end - start) * progress + rng.normal(0, 0.35, (n, k)) + rng.normal(0, 0.25)
    raw += np.where(roles == "pådriver", portfolio["self_assessment_bias"], 0.0)[:, None]
    scores = np.clip(np.rint(raw * top / 4), 0, top).astype(np.int8)
    if p.spec.veto:
        f = fw.fundament_ids.index(p.spec.veto)
        scores[-1, f] = 0
        scores[:-1, f] = np.minimum(scores[:-1, f], top // 2)
    else:
        scores[-1] = np.maximum(scores[-1], 1)
    return scores


def _assessments(projects: list[_Project], rng: np.random.Generator) -> pd.DataFrame:
    fw, portfolio = framework(), model().portfolio
    unassessed = portfolio["unassessed_in_first_needs_phase"]
    frames = []
    for p in projects:
        dates = _assessment_dates(p, rng)
        roles = rng.choice(portfolio["assessor_roles"], size=len(dates), p=portfolio["assessor_role_p"])
        frame = pd.DataFrame(_assessment_scores(p, roles, rng), columns=list(fw.fundament_ids))
        frame = frame.astype("Int8")
        not_assessed = np.array([_phase_on(p, d) == (fw.needs_phase, 1) for d in dates])
        if unassessed:
            frame[unassessed] = frame[unassessed].mask(not_assessed)
        else:
            not_assessed[:] = False
        frame.insert(0, "project_id", p.project_id)
        frame.insert(1, "assessed_on", dates)
        frame.insert(2, "assessor_role", roles)
        frame["comment"] = _assessment_comments(p, frame, not_assessed, rng)
        frames.append(frame)
    return conform("assessments", pd.concat(frames, ignore_index=True))


def _assessment_comments(p, frame: pd.DataFrame, not_assessed, rng) -> list[str | None]:
    fundaments = list(framework().fundament_ids)
    portfolio = model().portfolio
    comments: list[str | None] = []
    for i in range(len(frame)):
        scores = frame.loc[i, fundaments]
        weakest = scores.astype("Float64").idxmin()
        if i == len(frame) - 1 and p.spec.veto_comment:
            comments.append(p.spec.veto_comment)
        elif not_assessed[i]:
            comments.append(portfolio["not_assessed_comment"])
        elif scores[weakest] <= framework().fundament_max // 2 and rng.random() < 0.5:
            comments.append(portfolio["weak_comment"].get(weakest))
        else:
            comments.append(None)
    return comments


def _outcome_dates(p: _Project, rng: np.random.Generator) -> dict[str, np.datetime64]:
    """The first criterion at the first start of its phase, the second when its phase is
    reached (or a successful end, or a proven last BLT loop), the third some months later."""
    fw, portfolio = framework(), model().portfolio
    criteria = list(fw.criterion_phases.items())
    first_test = p.first_start(criteria[0][1])
    if first_test is None:
        return {}
    later = [d for _, _, d in p.history if d > first_test]
    nytt = min(first_test + int(rng.integers(14, 90)) * _DAY, later[0] - _DAY if later else _AS_OF)
    reached = {criteria[0][0]: nytt}
    if len(criteria) < 2:
        return reached
    useful = criteria[1][0]
    implemented = p.first_start(criteria[1][1])
    last_phase, last_loop, last_start = p.history[-1]
    if implemented is not None:
        reached[useful] = max(nytt, implemented - int(rng.integers(0, 30)) * _DAY)
        after = [d for _, _, d in p.history if d > implemented]
        used = implemented + int(rng.integers(120, 365)) * _DAY
        used = min(used, after[0] - _DAY) if after else used
        if used <= _AS_OF and len(criteria) > 2:
            reached[criteria[2][0]] = max(used, reached[useful])
    elif last_phase in fw.closed_phases and last_phase in portfolio["success_phases"]:
        reached[useful] = max(nytt, last_start - int(rng.integers(0, 60)) * _DAY)
    elif last_phase == fw.blt_phase_ids[-1] and last_loop >= 2 and not p.spec.veto:
        proven = last_start + int(rng.integers(30, 150)) * _DAY
        if proven <= _AS_OF:
            reached[useful] = max(nytt, proven)
    return reached


def _outcomes(projects: list[_Project], rng: np.random.Generator):
    reached = {p.project_id: _outcome_dates(p, rng) for p in projects}
    rows = [(pid, c, d) for pid, dates in reached.items() for c, d in dates.items()]
    return conform("outcomes", pd.DataFrame(rows, columns=_columns("outcomes"))), reached


def _awards(projects, reached, rng: np.random.Generator) -> dict[str, tuple[int, str]]:
    """The yearly award: one winner and at most one nominee per year from the second year."""
    fw, portfolio = framework(), model().portfolio
    criteria = list(fw.criterion_phases)
    new_key, useful_key = criteria[0], criteria[min(1, len(criteria) - 1)]
    labels: dict[str, tuple[int, str]] = {}
    for year in range(_FIRST_YEAR + 1, _LAST_YEAR + 1):
        cutoff = np.datetime64(f"{year}-12-01")
        useful = [
            p
            for p in projects
            if p.project_id not in labels and reached[p.project_id].get(useful_key, _AS_OF) < cutoff
        ]
        if not useful:
            continue
        weight = np.array([4.0 if p.spec.name == portfolio["flagship_project"] else 1.0 for p in useful])
        winner = useful[rng.choice(len(useful), p=weight / weight.sum())]
        labels[winner.project_id] = (year, "vinner")
        new = [
            p
            for p in projects
            if p.project_id not in labels
            and not p.spec.veto
            and not set(p.spec.after) & set(portfolio["stopped_phases"])
            and reached[p.project_id].get(new_key, _AS_OF) < cutoff
        ]
        if new:
            labels[new[rng.integers(len(new))].project_id] = (year, "nominert")
    return labels


def _projects_frame(projects: list[_Project], awards) -> pd.DataFrame:
    rows = [
        (
            p.project_id,
            p.spec.name,
            p.spec.sector,
            p.padriver,
            p.started_on,
            p.spec.origin,
            pd.NA if p.spec.handlingsrom is None else p.spec.handlingsrom,
            f"{awards[p.project_id][1]} {awards[p.project_id][0]}" if p.project_id in awards else None,
            p.spec.description,
        )
        for p in projects
    ]
    return conform("projects", pd.DataFrame(rows, columns=_columns("projects")))


# --------------------------------------------------------------------------- instruments


def _planned(instrument: str, year: int) -> int:
    """The municipality's yearly plan (``event_plan.csv``)."""
    return next((n for y, i, n in model().plan if y == year and i == instrument), 0)


def _delivered(instrument: str, year: int, rng: np.random.Generator) -> int:
    settings = model().instruments
    planned = _planned(instrument, year)
    share = settings["round_delivery"].get(str(year), {}).get(instrument)
    if share is not None:
        return int(np.floor(planned * share + rng.uniform(0, 0.5)))
    if instrument in settings["fixed_delivery"] or planned == 0:
        return planned
    return max(0, planned + int(rng.choice((-1, 0, 1), p=(0.3, 0.45, 0.25))))


def _event_date(instrument: str, year: int, rng: np.random.Generator) -> np.datetime64:
    settings = model().instruments
    if instrument in settings["dates"]:
        day = _date_in_year(year, rng, *settings["dates"][instrument])
    elif instrument in settings["election_dates"]:
        election, between = settings["election_dates"][instrument]
        window = election if year in settings["election_years"] else between
        day = _date_in_year(year, rng, *window)
    else:
        day = _date_in_year(year, rng, "01-08", "12-10")
        if year == 2020 and np.datetime64("2020-03-12") <= day < np.datetime64("2020-06-01"):
            day += 120 * _DAY  # postponed until after the first lockdown
        elif (day - np.datetime64(f"{year}-07-01")) // _DAY in range(0, 40):
            day += 40 * _DAY  # nobody holds workshops in the summer holiday
    return np.busday_offset(day, 0, roll="forward")


def _event_title(instrument, year, held_on, projects, reached, awards, rng) -> str:
    title = model().instruments["titles"][instrument]
    if "per_year" in title:
        return title["per_year"].format(year=year)
    if "award" in title:
        winner = next((p for p in projects if awards.get(p.project_id) == (year, "vinner")), None)
        suffix = f": {winner.spec.name}" if winner else ""
        return title["award"].format(year=year) + suffix
    if "project" in title:
        if title["pool"] == "running":
            blt = framework().blt_phase_ids
            pool = [p for p in projects if p.started_on <= held_on and _phase_on(p, held_on)[0] in blt]
        else:
            first = next(iter(framework().criterion_phases))
            pool = [p for p in projects if reached[p.project_id].get(first, _AS_OF) <= held_on]
        if not pool:
            return title["fallback"]
        # The broad co-creation project held most of the workshops while it ran.
        flagship = model().portfolio["flagship_project"]
        weight = np.array([8.0 if p.spec.name == flagship else 1.0 for p in pool])
        return f"{title['project']}: {pool[rng.choice(len(pool), p=weight / weight.sum())].spec.name}"
    choices = title["choices"]
    return str(choices[rng.integers(len(choices))])


def _participants(instrument: str, year: int, rng: np.random.Generator) -> list[int]:
    settings = model().instruments
    counts = [int(rng.integers(low, high + 1)) for low, high in settings["participants"][instrument]]
    citizens = settings["citizen_participants"]
    if citizens:
        # The medspillsdemokrati grows: more citizens each year, fewer in the pandemic.
        citizen_factor = (0.6 + 0.08 * (year - _FIRST_YEAR)) * (0.4 if year == 2020 else 1.0)
        position = participant_groups().index(citizens)
        counts[position] = round(counts[position] * citizen_factor)
    return counts


def _events(projects, reached, awards, rng: np.random.Generator):
    instrument_ids = [i.id for i in framework().instruments]
    plan_rows, events = [], []
    for year in range(_FIRST_YEAR, _LAST_YEAR + 1):
        for instrument in instrument_ids:
            plan_rows.append((year, instrument, _planned(instrument, year)))
            for _ in range(_delivered(instrument, year, rng)):
                held_on = _event_date(instrument, year, rng)
                title = _event_title(instrument, year, held_on, projects, reached, awards, rng)
                events.append((held_on, instrument, title, *_participants(instrument, year, rng)))
    events.sort(key=lambda e: (e[0], instrument_ids.index(e[1]), e[2]))
    numbered, per_year = [], {}
    for event in events:
        year = int(str(event[0])[:4])
        per_year[year] = per_year.get(year, 0) + 1
        numbered.append((f"E{year}-{per_year[year]:02d}", *event))
    frame = pd.DataFrame(numbered, columns=_columns("events"))
    plan = pd.DataFrame(plan_rows, columns=_columns("event_plan"))
    return conform("events", frame), conform("event_plan", plan)


# --------------------------------------------------------------------------- public API


def generate_demo(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the complete demo data set; see the module docstring for the stories.

    Returns a dict with the tables ``responses``, ``projects``, ``assessments``,
    ``phases``, ``actors``, ``outcomes``, ``events``, ``event_plan``, ``actions`` and ``invited`` with the
    columns and dtypes of ``analytics.core.schema.specs``, sorted deterministically.
    """
    survey_rng, project_rng, actor_rng, assess_rng, outcome_rng, event_rng, benchmark_rng = (
        np.random.default_rng(seed).spawn(7)
    )
    projects = _build_projects(project_rng)
    outcomes, reached = _outcomes(projects, outcome_rng)
    awards = _awards(projects, reached, outcome_rng)
    events, event_plan = _events(projects, reached, awards, event_rng)
    responses = _responses(survey_rng)
    projects_frame = _projects_frame(projects, awards)
    return {
        "responses": responses,
        "projects": projects_frame,
        "assessments": _assessments(projects, assess_rng),
        "phases": _phases(projects),
        "actors": _actors(projects, actor_rng),
        "outcomes": outcomes,
        "events": events,
        "event_plan": event_plan,
        "actions": demo_actions(responses, projects_frame),
        "invited": demo_invited(),
        "benchmarks": demo_benchmarks(responses, benchmark_rng),
    }


def demo_invited() -> pd.DataFrame:
    """How many were invited in every round: each unit's staff from HR, each group without
    units as a typed-in count (its sample's ``invited``, or twice its largest sample)."""
    m = model()
    rows = []
    for round_label in ROUNDS:
        for group, settings in m.survey["groups"].items():
            sample = settings["sample"]
            if "count" in sample:
                count = sample.get("invited", 2 * sample["count"][1])
                rows.append((round_label, None, group, count, "manuell"))
                continue
            for unit in m.units:
                staff = getattr(unit, sample["per_unit"])
                factor = unit.invited_factor if sample["per_unit"] == "employees" else 1.0
                rows.append((round_label, unit.name, group, round(staff * factor), "HR"))
    return conform("invited", pd.DataFrame(rows, columns=_columns("invited")))


# --------------------------------------------------------------------------- benchmarks (invented)

DEMO_BENCHMARK_SOURCE = "Oppdiktet eksempel (demodata, ikke ekte tall)"
DEMO_BENCHMARK_SCOPES = ("Landet", "Innlandet")
DEMO_NETWORK = ("Eksempelvik kommune", "Fjellby kommune", "Sjøli kommune")


def demo_benchmarks(responses: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Invented figures from others for the latest round, so the comparisons show something on
    first start: a made-up barometer for «Landet» and «Innlandet», and three made-up
    municipalities that shared their figures. Every source and name says it is invented."""
    from analytics.measures.benchmarks import round_year, statements_of
    from analytics.measures.culture import INDEX

    fw = framework()
    latest = sorted(responses["round"].astype(str).unique())[-1]
    year = round_year(latest)
    if year is None:
        return conform("benchmarks", pd.DataFrame())
    indicator = {i.item_id: i.indicator for i in fw.items}
    valid = responses[(responses["round"] == latest) & responses["value"].notna()]
    valid = valid.assign(indicator=valid["item_id"].map(indicator), value=valid["value"].astype(float))
    rows = []
    for group in (None, fw.baseline_group):
        answers = valid if group is None else valid[valid["group"] == group]
        means = answers.groupby("indicator")["value"].mean()
        levels = {**means.to_dict(), INDEX: float(means.mean())}
        for measure, level in levels.items():
            for scope, shift in zip(DEMO_BENCHMARK_SCOPES, (0.1, -0.05)):
                value = level + shift + rng.normal(0, 0.12)
                spread = abs(rng.normal(0.3, 0.05))
                rows.append(
                    {
                        "source": DEMO_BENCHMARK_SOURCE,
                        "year": year,
                        "scope": scope,
                        "group": group,
                        "measure": measure,
                        "value": round(value, 2),
                        "n": int(rng.integers(2_000, 20_000)),
                        "p25": round(value - spread, 2),
                        "median": round(value + rng.normal(0, 0.03), 2),
                        "p75": round(value + spread, 2),
                        "p90": round(value + 1.8 * spread, 2),
                    }
                )
            for town in DEMO_NETWORK:
                name = f"{town} (oppdiktet)"
                rows.append(
                    {
                        "source": name,
                        "year": year,
                        "scope": name,
                        "group": group,
                        "measure": measure,
                        "value": round(level + rng.normal(0, 0.2), 2),
                        "n": int(rng.integers(150, 900)),
                        "municipality": name,
                        "statements": statements_of(fw, measure, group),
                        "threshold": 5,
                    }
                )
    return conform("benchmarks", pd.DataFrame(rows))


# --------------------------------------------------------------------------- follow-up measures

_ACTION_OWNERS = ("Enhetsleder", "Kommunalsjef", "Støtteteam for innovasjon", "Rådmannens ledergruppe")


def _unit_means(responses: pd.DataFrame) -> pd.DataFrame:
    """Mean and respondents per round x unit x indicator (all groups of a unit), and overall."""
    indicator = {i.item_id: i.indicator for i in framework().items}
    valid = responses[responses["value"].notna()].assign(indicator=lambda f: f["item_id"].map(indicator))
    per_unit = valid[valid["unit"].notna()].groupby(["round", "unit", "indicator"])
    overall = valid.groupby(["round", "indicator"])
    frames = [
        per_unit.agg(mean=("value", "mean"), n=("respondent_id", "nunique")).reset_index(),
        overall.agg(mean=("value", "mean"), n=("respondent_id", "nunique")).reset_index().assign(unit=None),
    ]
    return pd.concat(frames, ignore_index=True)


def demo_actions(responses: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Follow-up measures a municipality might have agreed after each round.

    Picked from the generated answers, so the stories hold whatever the
    strategy's indicators are: for the three largest units, the measure on a
    weakest indicator that was followed by the largest rise (two that worked)
    and the smallest (two that did not, one stopped); two still running or
    planned after the latest round (no later round yet); one in the smallest
    unit, whose answers are always hidden; and one for the whole municipality.
    """
    fw = framework()
    means = _unit_means(responses)
    rounds = sorted(means["round"].unique())
    units = means[means["unit"].notna()].groupby("unit")["n"].agg(["min", "max"])
    large = units["min"].sort_values(ascending=False).index[:3].tolist()
    smallest = units["max"].idxmin()
    by_key = means.set_index(["round", "unit", "indicator"])["mean"]

    def weakest(round_label: str, unit) -> str:
        rows = means[
            (means["round"] == round_label)
            & (means["unit"].isna() if unit is None else means["unit"] == unit)
        ]
        return rows.sort_values(["mean", "indicator"])["indicator"].iloc[0]

    followed = []  # (change to the next round, round, unit, indicator)
    for unit in large:
        for before, after in pairwise(rounds):
            indicator = weakest(before, unit)
            change = by_key[(after, unit, indicator)] - by_key[(before, unit, indicator)]
            followed.append((float(change), before, unit, indicator))
    followed.sort()
    picked: list[tuple[str, str, str, str]] = []  # (round, unit, indicator, status)

    def pick(candidates, status: str) -> None:
        taken = {p[1] for p in picked if p[3] == status}
        for _, round_label, unit, indicator in candidates:
            if unit not in taken and (round_label, unit, indicator) not in {p[:3] for p in picked}:
                picked.append((round_label, unit, indicator, status))
                return

    pick(reversed(followed), "gjennomført")
    pick(reversed(followed), "gjennomført")
    pick(followed, "avbrutt")
    pick(followed, "gjennomført")
    latest, before_latest = rounds[-1], rounds[-2]
    picked.append((latest, large[0], weakest(latest, large[0]), "i gang"))
    picked.append((latest, large[1], weakest(latest, large[1]), "planlagt"))
    picked.append((before_latest, smallest, weakest(before_latest, None), "gjennomført"))
    used = {(p[0], p[2]) for p in picked}
    whole = next((r, weakest(r, None)) for r in rounds[1:-2] if (r, weakest(r, None)) not in used)
    picked.append((whole[0], None, whole[1], "gjennomført"))
    picked.sort(key=lambda p: (p[0], p[1] or ""))
    rows = []
    for number, (round_label, unit, indicator, status) in enumerate(picked, start=1):
        year = int(round_label[:4])
        instrument = fw.instruments[number % len(fw.instruments)]
        label = fw.indicator(indicator).label
        where = unit or fw.municipality
        planned = status == "planlagt"
        sector_projects = projects[projects["sector"] == unit]["project_id"]
        rows.append(
            {
                "action_id": f"T{number:02d}",
                "title": f"{instrument.name}: «{label}» i {where}",
                "unit": unit,
                "target": indicator,
                "owner": unit if unit and number % 2 else _ACTION_OWNERS[number % len(_ACTION_OWNERS)],
                "started_on": f"{year + 1}-01-15" if planned else f"{year}-09-01",
                "deadline": f"{year + 1}-12-31" if planned else f"{year + 1}-06-30",
                "status": status,
                "prompted_by": round_label,
                "instrument": instrument.id,
                "project_id": sector_projects.iloc[0] if number == 1 and not sector_projects.empty else None,
            }
        )
    return conform("actions", pd.DataFrame(rows, columns=_columns("actions")))


def write_canonical_survey_csv(
    responses: pd.DataFrame,
    round_label: str,
    group: str,
    path: str | os.PathLike,
    sep: str = ",",
) -> None:
    """Write one round and group in the canonical wide survey format (UTF-8).

    One row per respondent: ``respondent_id``, ``enhet`` (blank without unit),
    ``runde``, ``gruppe`` and one column per codebook item of the group, holding
    1-5, ``Vet ikke`` or blank when the item was skipped.
    """
    fw = framework()
    rows = responses[(responses["round"] == round_label) & (responses["group"] == group)]
    if rows.empty:
        raise ValueError(t("demo_no_answers", round_label=round_label, group=group))
    item_ids = [i.item_id for i in fw.items_for(group)]
    cells = rows["value"].astype("string").mask(rows["dont_know"], fw.dont_know_label)
    wide = (
        pd.DataFrame({"respondent_id": rows["respondent_id"], "item_id": rows["item_id"], "cell": cells})
        .pivot(index="respondent_id", columns="item_id", values="cell")
        .reindex(columns=item_ids)
        .fillna("")
    )
    units = rows.groupby("respondent_id")["unit"].first().reindex(wide.index).fillna("")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\n")
        writer.writerow(["respondent_id", "enhet", "runde", "gruppe", *item_ids])
        for respondent_id, values in wide.iterrows():
            writer.writerow([respondent_id, units[respondent_id], round_label, group, *values.tolist()])
