"""Deterministic, seeded demo data for Innovasjonsbarometeret.

``generate_demo(seed)`` builds a complete, fictional data set for Jevnaker kommune
from the 2017 baseline survey up to the end of 2024: survey answers, the innovation
portfolio (projects, BLT phases, co-creation actors, five-fundament assessments,
nytt/nyttig/nyttiggjort outcomes) and the strategic instruments (events and plan).
The same seed always gives identical frames; all randomness comes from
``numpy.random.default_rng(seed)`` (spawned into one independent stream per table).

Stories the numbers tell, so that every page of the dashboard has something to show:

* Culture (survey, 1-5): the overall mean rises from about 3.1 (2017) to about
  3.7 (2024), unevenly. Helse og omsorg rises most and earliest - it ran
  "Framtidas omsorg skapes i fellesskap" in 2017 - Oppvekst og læring moderately,
  Plan og teknisk stays flat. Every group dips in 2020 (the pandemic).
  Leaders are about 0.4 above employees, politicians in between, citizens lowest
  and slowest. K4 (verktøy) and K5 (BLT i bruk) start lowest and rise most,
  K8 (interesse for innspill) starts highest. "Vet ikke" is most common among
  citizens and on K4/K5, which ask about internal tools.
* Anonymity: NAV (6 employees) and Frivilligsentralen (3) seldom or never reach
  five respondents, so the dashboard must suppress them.
* Portfolio: the seven projects of the 2016 innovation-agent certification, the
  2017 co-creation project "Framtidas omsorg skapes i fellesskap" and its
  spin-offs, and ordinary projects started 2018-2024. Projects that involved
  citizens in the behov phase score higher on Behov. Four projects have a zero
  fundament in their latest assessment (pådriver left, no forankring); two of
  them are stopped, two are stalled. Projects assessed while still in their first
  behov phase have no Løsning score yet (missing, never zero).
* Instruments: about 10-25 events a year, folkevalgtopplæring after the 2019 and
  2023 elections, a clear shortfall against the plan in 2020, and a yearly award
  for "Årets innovasjonsprosjekt" from 2018.

Dtypes follow ``analytics.schema.specs``: text columns are ``str``, small
integers are nullable ``Int8``/``Int16``, dates are ``datetime64[ms]``.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.framework import framework
from analytics.schema import conform, specs

DEFAULT_SEED = 2017
ROUNDS = tuple(str(y) for y in range(2017, 2025))


_FIRST_YEAR, _LAST_YEAR = 2017, 2024
_AS_OF = np.datetime64("2024-12-31")  # nothing in the demo happens after this day
_DAY = np.timedelta64(1, "D")


def _columns(table: str) -> list[str]:
    return [c.name for c in specs()[table]]


# --------------------------------------------------------------------------- survey model


@dataclass(frozen=True)
class _Unit:
    name: str
    employees: int
    leaders: int
    gain: float  # rise of the latent culture level 2017 -> 2024 (1-5 scale)
    tau: float  # years; a small tau means the rise comes early
    response_factor: float = 1.0  # relative to the round's response rate


_UNITS = (
    _Unit("Helse og omsorg", 175, 15, gain=0.95, tau=1.5),
    _Unit("Oppvekst og læring", 150, 13, gain=0.5, tau=3.5),
    _Unit("Plan og teknisk", 50, 4, gain=0.05, tau=3.5),
    _Unit("Sentral stab", 35, 4, gain=0.5, tau=3.5),
    _Unit("Kultur og fritid", 25, 2, gain=0.45, tau=3.5),
    # NAV staff are partly state employees and answer the municipal survey less often.
    _Unit("NAV", 6, 1, gain=0.35, tau=3.5, response_factor=0.75),
    _Unit("Frivilligsentralen", 3, 1, gain=0.6, tau=3.5),
)
UNIT_NAMES = tuple(u.name for u in _UNITS)

_BASE_LEVEL = 3.25  # latent level of an employee on an average item in 2017
_GROUP_SHIFT = {"ansatte": 0.0, "ledere": 0.47, "politikere": 0.2, "innbyggere": -0.3}
_GROUP_GAIN = {"politikere": (0.6, 2.0), "innbyggere": (0.35, 8.0)}  # (gain, tau)
# indicator -> (offset in 2017, multiplier on the culture gain)
_INDICATOR_EFFECT = {
    "K1": (0.15, 1.0),
    "K2": (0.0, 0.9),
    "K3": (-0.1, 1.0),
    "K4": (-0.55, 1.6),
    "K5": (-0.75, 1.9),
    "K6": (0.05, 0.9),
    "K7": (-0.2, 1.1),
    "K8": (0.55, 0.4),
    "K9": (-0.15, 0.8),
}
_PANDEMIC_DIP = {"2020": -0.3, "2021": -0.1}
_CITIZEN_DIP_FACTOR = 0.5
_PERSON_SD = {"ledere": 0.3}  # leaders are a more homogeneous group
_DEFAULT_PERSON_SD, _ANSWER_SD, _ITEM_SD = 0.45, 0.75, 0.06
_DONT_KNOW_RATE = {"ansatte": 0.025, "ledere": 0.01, "politikere": 0.03, "innbyggere": 0.06}
_TOOL_INDICATORS, _TOOL_DONT_KNOW_FACTOR = ("K4", "K5"), 2.5
_SKIP_RATE, _BREAKOFF_RATE = 0.015, 0.05
_EMPLOYEE_RESPONSE = (0.7, 0.84)
_LEADER_RESPONSE = 0.9
_POLITICIANS_RESPONDING = (20, 26)  # of the 27 members of kommunestyret
_CITIZENS_RESPONDING = (180, 240)  # of about 300 invited panel members


def _gain(total: float, tau: float, year: int) -> float:
    """Culture gain reached in ``year``: 0 in 2017, ``total`` in 2024, concave in between."""
    span = _LAST_YEAR - _FIRST_YEAR
    return total * (1 - np.exp(-(year - _FIRST_YEAR) / tau)) / (1 - np.exp(-span / tau))


def _sample_respondents(group: str, rng: np.random.Generator) -> np.ndarray:
    """The units of one round's respondents in random order (None for groups without unit)."""
    if group == "ansatte":
        rate = rng.uniform(*_EMPLOYEE_RESPONSE)
        counts = [rng.binomial(u.employees, rate * u.response_factor) for u in _UNITS]
    elif group == "ledere":
        counts = [rng.binomial(u.leaders, _LEADER_RESPONSE) for u in _UNITS]
    else:
        low, high = _POLITICIANS_RESPONDING if group == "politikere" else _CITIZENS_RESPONDING
        return np.full(int(rng.integers(low, high + 1)), None, dtype=object)
    return rng.permutation(np.repeat(np.array(UNIT_NAMES, dtype=object), counts))


def _respondent_gain(units: np.ndarray, group: str, year: int) -> np.ndarray:
    if group in _GROUP_GAIN:
        return np.full(len(units), _gain(*_GROUP_GAIN[group], year))
    by_unit = {u.name: _gain(u.gain, u.tau, year) for u in _UNITS}
    return np.array([by_unit[u] for u in units], dtype=float)


def _survey_block(
    round_label: str, group: str, item_effects: pd.DataFrame, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Long-format answers of one group in one round, sorted by respondent and item."""
    year = int(round_label)
    units = _sample_respondents(group, rng)
    n, m = len(units), len(item_effects)
    dip = _PANDEMIC_DIP.get(round_label, 0.0)
    if group == "innbyggere":
        dip *= _CITIZEN_DIP_FACTOR
    person_sd = _PERSON_SD.get(group, _DEFAULT_PERSON_SD)
    person = _BASE_LEVEL + _GROUP_SHIFT[group] + dip + rng.normal(0, person_sd, n)
    gain = _respondent_gain(units, group, year)
    latent = (
        person[:, None]
        + item_effects["offset"].to_numpy()[None, :]
        + gain[:, None] * item_effects["multiplier"].to_numpy()[None, :]
        + rng.normal(0, _ANSWER_SD, (n, m))
    )
    values = np.clip(np.rint(latent), 1, 5).astype(np.int8)
    dont_know = rng.random((n, m)) < item_effects["dont_know_rate"].to_numpy()[None, :]
    breakoff = np.where(rng.random(n) < _BREAKOFF_RATE, rng.integers(2, m, n), m)
    answered = (rng.random((n, m)) >= _SKIP_RATE) & (np.arange(m)[None, :] < breakoff[:, None])
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
    """Per item of ``group``: level offset, gain multiplier and Vet ikke rate."""
    items = framework().items_for(group)
    offset = [_INDICATOR_EFFECT[i.indicator][0] for i in items] + rng.normal(0, _ITEM_SD, len(items))
    tool = np.array([i.indicator in _TOOL_INDICATORS for i in items])
    factor = np.where(tool, _TOOL_DONT_KNOW_FACTOR, 1.0)
    return pd.DataFrame(
        {
            "offset": offset,
            "multiplier": [_INDICATOR_EFFECT[i.indicator][1] for i in items],
            "dont_know_rate": _DONT_KNOW_RATE[group] * factor,
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

_BLT = ("behov", "losning", "test")
_SUCCESS = ("implementert", "spredt", "avsluttet")
_ORIGIN_AGENT, _ORIGIN_CARE, _ORIGIN_ORDINARY = (
    "Innovasjonsagent 2016",
    "Framtidas omsorg 2017",
    "Ordinær",
)
_CARE_PROJECT = "Framtidas omsorg skapes i fellesskap"


@dataclass(frozen=True)
class _Spec:
    """A catalogue project: the seed varies dates, people, actors and scores, not the plot."""

    name: str
    sector: str
    origin: str
    started: int  # year
    loops: int  # BLT loops run
    last_blt: str  # furthest BLT phase in the final loop
    after: tuple[str, ...]  # phases after BLT (implementert, spredt, avsluttet, stoppet)
    settled: int  # year the current phase started
    description: str
    citizen_pull: float = 1.0  # weight for involving innbyggere in the behov phase
    veto: str | None = None  # fundament scored 0 in the latest assessment
    veto_comment: str | None = None
    handlingsrom: bool | None = True
    extra_actors: tuple[str, ...] = ()


_HO, _OL, _PT, _SS, _KF, _NAV, _FS = UNIT_NAMES

_CATALOGUE = (
    _Spec(
        "Velferdsteknologi i hjemmetjenesten",
        _HO,
        _ORIGIN_AGENT,
        2016,
        2,
        "test",
        ("implementert", "spredt"),
        2020,
        "Digitale trygghetsalarmer og medisindispensere gjør det tryggere å bo hjemme lenger.",
        citizen_pull=2.0,
        extra_actors=("parorende",),
    ),
    _Spec(
        "Digitalt postmottak",
        _SS,
        _ORIGIN_AGENT,
        2016,
        1,
        "test",
        ("implementert", "avsluttet"),
        2019,
        "Inngående post skannes og fordeles digitalt, slik at saksbehandlerne får den samme dag.",
        citizen_pull=0.3,
    ),
    _Spec(
        "Sammen om språk i barnehagen",
        _OL,
        _ORIGIN_AGENT,
        2016,
        2,
        "test",
        ("implementert",),
        2018,
        "Barnehagene styrker språket til flerspråklige barn i samarbeid med foreldrene.",
        citizen_pull=1.5,
    ),
    _Spec(
        "Heltidskultur i omsorgstjenesten",
        _HO,
        _ORIGIN_AGENT,
        2016,
        2,
        "test",
        ("stoppet",),
        2020,
        "Nye turnusmodeller skal gi flere hele stillinger og bedre kontinuitet for brukerne.",
        citizen_pull=0.5,
        veto="forankring",
        veto_comment="Turnusforsøket mangler forankring hos tillitsvalgte og ledelse.",
    ),
    _Spec(
        "Raskere byggesaksbehandling",
        _PT,
        _ORIGIN_AGENT,
        2016,
        1,
        "test",
        ("implementert",),
        2018,
        "Digital veiledning før søknaden sendes gir færre mangelfulle byggesøknader.",
        citizen_pull=0.8,
        extra_actors=("naeringsliv",),
    ),
    _Spec(
        "Ungdom skaper sitt eget fritidstilbud",
        _KF,
        _ORIGIN_AGENT,
        2016,
        2,
        "test",
        ("implementert",),
        2018,
        "Ungdommene planlegger og driver aktivitetene på fritidsklubben sammen med de ansatte.",
        citizen_pull=2.0,
    ),
    _Spec(
        "Hverdagsrehabilitering",
        _HO,
        _ORIGIN_AGENT,
        2016,
        1,
        "test",
        ("implementert", "spredt"),
        2019,
        "Hjemmeboende trener på hverdagens gjøremål der de bor, i stedet for å få dem gjort.",
        citizen_pull=1.5,
        extra_actors=("parorende",),
    ),
    _Spec(
        _CARE_PROJECT,
        _HO,
        _ORIGIN_CARE,
        2017,
        1,
        "test",
        ("implementert", "spredt"),
        2019,
        "Innbyggere, kommunestyret, pårørende, frivillige og ansatte skaper framtidas "
        "omsorgsløsninger sammen.",
        extra_actors=("innbyggere", "politikere", "parorende", "frivillighet", "naeringsliv"),
    ),
    _Spec(
        "Måltidsvenner på sykehjemmet",
        _FS,
        _ORIGIN_CARE,
        2018,
        2,
        "test",
        ("implementert",),
        2020,
        "Frivillige spiser med beboerne på sykehjemmet for å gi bedre matlyst og fellesskap.",
        citizen_pull=2.0,
        extra_actors=("frivillighet",),
    ),
    _Spec(
        "Pårørendeskole",
        _HO,
        _ORIGIN_CARE,
        2018,
        1,
        "test",
        ("implementert",),
        2019,
        "Pårørende til personer med demens får kunnskap og møter andre i samme situasjon.",
        citizen_pull=1.5,
        extra_actors=("parorende",),
    ),
    _Spec(
        "Aldersvennlige boliger i sentrum",
        _PT,
        _ORIGIN_CARE,
        2018,
        2,
        "losning",
        (),
        2023,
        "Kommunen og private utbyggere utvikler boliger der eldre kan bo trygt og sosialt.",
        citizen_pull=1.5,
        veto="forankring",
        veto_comment="Reguleringen står fast; prosjektet mangler politisk forankring.",
        extra_actors=("eiendomsutviklere", "utbyggere", "politikere"),
    ),
    _Spec(
        "Innbyggerpanelet",
        _SS,
        _ORIGIN_ORDINARY,
        2018,
        1,
        "test",
        ("implementert",),
        2019,
        "Et fast panel av innbyggere svarer på spørsmål og gir innspill til kommunens planer.",
        citizen_pull=1.5,
        extra_actors=("politikere",),
    ),
    _Spec(
        "Levende sentrum sammen med næringslivet",
        _PT,
        _ORIGIN_ORDINARY,
        2018,
        3,
        "test",
        (),
        2024,
        "Handelsstand, gårdeiere og kommunen prøver ut midlertidige tiltak for et mer levende sentrum.",
        citizen_pull=1.0,
        handlingsrom=False,
        extra_actors=("naeringsliv", "eiendomsutviklere"),
    ),
    _Spec(
        "Trygg skolevei sammen med foreldrene",
        _OL,
        _ORIGIN_ORDINARY,
        2019,
        1,
        "losning",
        ("stoppet",),
        2021,
        "Elever og foreldre kartlegger skoleveien og foreslår tiltak som gjør den tryggere.",
        citizen_pull=1.5,
        veto="padriver",
        veto_comment="Pådriveren har sluttet, og ingen har tatt over ansvaret.",
    ),
    _Spec(
        "Ung i jobb",
        _NAV,
        _ORIGIN_ORDINARY,
        2019,
        2,
        "test",
        ("implementert",),
        2021,
        "Unge ledige får en fast kontaktperson og arbeidstrening i lokale bedrifter.",
        citizen_pull=1.0,
        extra_actors=("naeringsliv", "nabokommuner"),
    ),
    _Spec(
        "Digital hjemmeoppfølging",
        _HO,
        _ORIGIN_ORDINARY,
        2019,
        2,
        "test",
        ("implementert", "spredt"),
        2022,
        "Kronisk syke måler blodtrykk og oksygen hjemme og følges opp av sykepleier via nettbrett.",
        citizen_pull=1.0,
        extra_actors=("nabokommuner",),
    ),
    _Spec(
        "Hjemmeskole med digitale verktøy",
        _OL,
        _ORIGIN_ORDINARY,
        2020,
        1,
        "test",
        ("avsluttet",),
        2021,
        "Skolene fant nye måter å undervise og holde kontakt med elevene på under nedstengningen.",
        citizen_pull=0.8,
    ),
    _Spec(
        "Videobesøk for beboere og pårørende",
        _HO,
        _ORIGIN_ORDINARY,
        2020,
        1,
        "test",
        ("implementert",),
        2021,
        "Beboere på sykehjemmet holder kontakt med familien via enkle videosamtaler.",
        citizen_pull=1.0,
        extra_actors=("parorende",),
    ),
    _Spec(
        "Chatbot og enklere digitale skjema",
        _SS,
        _ORIGIN_ORDINARY,
        2020,
        2,
        "test",
        (),
        2024,
        "Innbyggerne får svar døgnet rundt og kan fylle ut skjema uten å ringe kommunen.",
        citizen_pull=1.0,
    ),
    _Spec(
        "Friluftsliv for alle",
        _KF,
        _ORIGIN_ORDINARY,
        2021,
        1,
        "test",
        (),
        2023,
        "Tilrettelagte turstier og turvenner gjør det lettere for alle å komme seg ut i naturen.",
        citizen_pull=1.5,
        veto="padriver",
        veto_comment="Pådriveren er i permisjon, og prosjektet står stille.",
        extra_actors=("frivillighet",),
    ),
    _Spec(
        "Tverrfaglig team for barn og unge",
        _OL,
        _ORIGIN_ORDINARY,
        2021,
        2,
        "test",
        ("implementert",),
        2023,
        "Skole, helsestasjon og barnevern møter familiene samlet i stedet for hver for seg.",
        citizen_pull=1.0,
    ),
    _Spec(
        "Frivilligbørsen",
        _FS,
        _ORIGIN_ORDINARY,
        2021,
        1,
        "test",
        (),
        2023,
        "En digital møteplass kobler frivillige med foreninger og innbyggere som trenger hjelp.",
        citizen_pull=1.0,
        extra_actors=("frivillighet",),
    ),
    _Spec(
        "Samskapt ny nettside",
        _SS,
        _ORIGIN_ORDINARY,
        2022,
        1,
        "losning",
        ("stoppet",),
        2023,
        "Innbyggerne skulle være med og utforme kommunens nye nettside.",
        citizen_pull=1.5,
        handlingsrom=False,
        veto_comment="Handlingsrommet var ikke avklart; løsningen var allerede valgt i en "
        "felles anskaffelse.",
    ),
    _Spec(
        "Lærlinger i helse",
        _HO,
        _ORIGIN_ORDINARY,
        2022,
        2,
        "test",
        (),
        2024,
        "Nye lærlingeløp og praksisplasser skal sikre nok helsefagarbeidere i framtida.",
        citizen_pull=0.8,
        extra_actors=("nabokommuner",),
    ),
    _Spec(
        "Klart språk i brev til innbyggerne",
        _SS,
        _ORIGIN_ORDINARY,
        2023,
        1,
        "losning",
        (),
        2024,
        "Standardbrevene skrives om sammen med innbyggere, slik at de blir lette å forstå.",
        citizen_pull=1.5,
    ),
    _Spec(
        "Ungdomsmedvirkning i planarbeidet",
        _KF,
        _ORIGIN_ORDINARY,
        2023,
        2,
        "behov",
        (),
        2024,
        "Ungdom skal få reell innflytelse på kommunens planer gjennom nye medvirkningsformer.",
        citizen_pull=2.0,
        extra_actors=("politikere",),
    ),
    _Spec(
        "Kunstig intelligens i saksbehandlingen",
        _SS,
        _ORIGIN_ORDINARY,
        2024,
        1,
        "behov",
        (),
        2024,
        "Kommunen undersøker hvor kunstig intelligens kan gi raskere og bedre saksbehandling.",
        citizen_pull=0.5,
        handlingsrom=None,
    ),
)
_PROJECT_IDS = tuple(f"P{i:02d}" for i in range(1, len(_CATALOGUE) + 1))
_CITIZEN_SHARE_IN_BEHOV = 0.6

_FIRST_NAMES = (
    "Anne",
    "Bjørn",
    "Cecilie",
    "Dag",
    "Eli",
    "Frode",
    "Gro",
    "Hilde",
    "Ingrid",
    "Jon",
    "Kari",
    "Lars",
    "Marit",
    "Nils",
    "Ola",
    "Randi",
    "Silje",
    "Terje",
    "Unni",
    "Vidar",
    "Åse",
    "Øystein",
    "Hanne",
    "Per",
    "Tone",
    "Espen",
    "Linda",
    "Geir",
    "Mona",
    "Knut",
)
_LAST_NAMES = (
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Haugen",
    "Bakken",
    "Lunde",
    "Solberg",
    "Moen",
    "Brenden",
    "Grinaker",
    "Sønsteby",
    "Tokerud",
    "Hval",
    "Bergsund",
    "Helgerud",
    "Ruud",
    "Strand",
)

# Relative duration of a phase before the next one starts, (low, high).
_PHASE_WEIGHT = {
    "behov": (2, 6),
    "losning": (2, 8),
    "test": (3, 9),
    "implementert": (8, 24),
}
_ROLES, _ROLE_P = ("pådriver", "leder", "støtteteam"), (0.5, 0.3, 0.2)
_SELF_ASSESSMENT_BIAS = 0.3
_WEAK_COMMENT = {
    "behov": "Behovet må kartlegges bedre sammen med dem som har det.",
    "losning": "Løsningen treffer ikke behovet godt nok ennå.",
    "padriver": "Pådriveren har for lite tid til prosjektet.",
    "team": "Teamet trenger flere fagområder med.",
    "forankring": "Prosjektet må forankres bedre i ledelsen.",
}
_NOT_ASSESSED_COMMENT = "Løsningen vurderes når behovet er kartlagt."


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
    """The (phase, loop) course of a project; later loops restart at behov or losning."""
    course = []
    for loop in range(1, spec.loops + 1):
        final = loop == spec.loops
        last = spec.last_blt if final else "test"
        if loop == 1 or last == "behov":
            first = "behov"
        else:
            first = str(rng.choice(("behov", "losning"), p=(0.35, 0.65)))
        course += [(p, loop) for p in _BLT[_BLT.index(first) : _BLT.index(last) + 1]]
    return course + [(p, spec.loops) for p in spec.after]


def _phase_history(spec: _Spec, started_on, rng: np.random.Generator):
    """Dates of every phase: durations drawn per phase kind, scaled to end in ``settled``."""
    course = _phase_sequence(spec, rng)
    if len(course) == 1:
        return ((course[0][0], course[0][1], started_on),)
    earliest = started_on + 45 * (len(course) - 1) * _DAY
    settled = _date_in_year(spec.settled, rng, "01-15", "11-30")
    settled = min(max(settled, earliest), _AS_OF - 30 * _DAY)
    weights = np.array([rng.uniform(*_PHASE_WEIGHT[p]) for p, _ in course[:-1]])
    offsets = np.rint(np.cumsum(weights) / weights.sum() * ((settled - started_on) // _DAY))
    starts = [started_on] + [started_on + int(o) * _DAY for o in offsets]
    return tuple((p, loop, d) for (p, loop), d in zip(course, starts, strict=True))


def _padriver_names(n: int, rng: np.random.Generator) -> list[str]:
    pairs = [(f, s) for f in _FIRST_NAMES for s in _LAST_NAMES]
    return [" ".join(pairs[i]) for i in rng.choice(len(pairs), size=n, replace=False)]


def _citizen_projects(rng: np.random.Generator) -> set[int]:
    """Indices of the projects that involve innbyggere in the behov phase (about 60 %).

    Projects that name innbyggere among their actors always do; the rest are drawn,
    weighted by their citizen pull and by how late they started.
    """
    forced = {i for i, s in enumerate(_CATALOGUE) if "innbyggere" in s.extra_actors}
    others = [i for i in range(len(_CATALOGUE)) if i not in forced]
    pull = np.array([_CATALOGUE[i].citizen_pull * (1 + 0.1 * (_CATALOGUE[i].started - 2016)) for i in others])
    n = round(_CITIZEN_SHARE_IN_BEHOV * len(_CATALOGUE)) - len(forced)
    drawn = rng.choice(others, size=n, replace=False, p=pull / pull.sum())
    return forced | {int(i) for i in drawn}


def _build_projects(rng: np.random.Generator) -> list[_Project]:
    names = _padriver_names(len(_CATALOGUE), rng)
    with_citizens = _citizen_projects(rng)
    projects = []
    for i, (pid, spec) in enumerate(zip(_PROJECT_IDS, _CATALOGUE, strict=True)):
        if spec.started == 2016:
            started_on = _date_in_year(2016, rng, "02-01", "10-31")
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


# Base probability of an actor taking part in a BLT or later phase (innbyggere and
# ansatte are handled separately); multiplied by a breadth factor for later projects.
_ACTOR_P = {
    "politikere": 0.1,
    "naeringsliv": 0.12,
    "nabokommuner": 0.08,
    "frivillighet": 0.12,
    "parorende": 0.05,
    "andre": 0.15,
}
_ACTIVE_PHASES = ("behov", "losning", "test", "implementert", "spredt")


def _actors(projects: list[_Project], rng: np.random.Generator) -> pd.DataFrame:
    actor_ids = [a.id for a in framework().actors]
    rows = []
    for p in projects:
        breadth = 1 + 0.15 * (p.spec.started - 2016)
        for phase in (ph for ph in _ACTIVE_PHASES if p.reached(ph)):
            chosen = {a for a, prob in _ACTOR_P.items() if rng.random() < prob * breadth}
            chosen |= {a for a in p.spec.extra_actors if phase in _BLT and rng.random() < 0.85}
            if phase == "behov":
                involve_citizens = p.citizens_in_behov
            else:
                involve_citizens = rng.random() < (0.6 if p.citizens_in_behov else 0.2)
            if involve_citizens:
                chosen.add("innbyggere")
            if rng.random() < 0.95:
                chosen.add("ansatte")
            if p.spec.name == _CARE_PROJECT and phase == "behov":
                chosen |= set(p.spec.extra_actors)
            rows += [(p.project_id, phase, a) for a in actor_ids if a in chosen]
    return conform("actors", pd.DataFrame(rows, columns=_columns("actors")))


def _assessment_dates(p: _Project, rng: np.random.Generator) -> np.ndarray:
    """2-6 dates, roughly every 6-12 months while the project is in BLT."""
    closing = [d for ph, _, d in p.history if ph not in _BLT]
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
    """Scores 0-4 (assessments x fundaments), improving towards a target set by the fate."""
    n = len(roles)
    if set(p.spec.after) & set(_SUCCESS):
        target = 3.4
    elif "stoppet" in p.spec.after:
        target = 2.0
    else:
        target = 2.8
    start = rng.normal(1.7, 0.4, 5)
    end = target + rng.normal(0, 0.35, 5)
    if p.citizens_in_behov:
        start[0], end[0] = start[0] + 0.6, end[0] + 0.7
    else:
        start[0], end[0] = start[0] - 0.2, end[0] - 0.4
    progress = np.linspace(0, 1, n)[:, None] if n > 1 else np.ones((1, 1))
    raw = start + (end - start) * progress + rng.normal(0, 0.35, (n, 5)) + rng.normal(0, 0.25)
    raw += np.where(roles == "pådriver", _SELF_ASSESSMENT_BIAS, 0.0)[:, None]
    scores = np.clip(np.rint(raw), 0, 4).astype(np.int8)
    if p.spec.veto:
        f = framework().fundament_ids.index(p.spec.veto)
        scores[-1, f] = 0
        scores[:-1, f] = np.minimum(scores[:-1, f], 2)
    else:
        scores[-1] = np.maximum(scores[-1], 1)
    return scores


def _assessments(projects: list[_Project], rng: np.random.Generator) -> pd.DataFrame:
    fundaments = framework().fundament_ids
    frames = []
    for p in projects:
        dates = _assessment_dates(p, rng)
        roles = rng.choice(_ROLES, size=len(dates), p=_ROLE_P)
        frame = pd.DataFrame(_assessment_scores(p, roles, rng), columns=list(fundaments))
        frame = frame.astype("Int8")
        not_assessed = np.array([_phase_on(p, d) == ("behov", 1) for d in dates])
        frame["losning"] = frame["losning"].mask(not_assessed)
        frame.insert(0, "project_id", p.project_id)
        frame.insert(1, "assessed_on", dates)
        frame.insert(2, "assessor_role", roles)
        frame["comment"] = _assessment_comments(p, frame, not_assessed, rng)
        frames.append(frame)
    return conform("assessments", pd.concat(frames, ignore_index=True))


def _assessment_comments(p, frame: pd.DataFrame, not_assessed, rng) -> list[str | None]:
    fundaments = list(framework().fundament_ids)
    comments: list[str | None] = []
    for i in range(len(frame)):
        scores = frame.loc[i, fundaments]
        weakest = scores.astype("Float64").idxmin()
        if i == len(frame) - 1 and p.spec.veto_comment:
            comments.append(p.spec.veto_comment)
        elif not_assessed[i]:
            comments.append(_NOT_ASSESSED_COMMENT)
        elif scores[weakest] <= 2 and rng.random() < 0.5:
            comments.append(_WEAK_COMMENT[weakest])
        else:
            comments.append(None)
    return comments


def _outcome_dates(p: _Project, rng: np.random.Generator) -> dict[str, np.datetime64]:
    """nytt at the first test, nyttig when proven useful, nyttiggjort after implementation."""
    first_test = p.first_start("test")
    if first_test is None:
        return {}
    later = [d for _, _, d in p.history if d > first_test]
    nytt = min(first_test + int(rng.integers(14, 90)) * _DAY, later[0] - _DAY if later else _AS_OF)
    reached = {"nytt": nytt}
    implemented = p.first_start("implementert")
    last_phase, last_loop, last_start = p.history[-1]
    if implemented is not None:
        reached["nyttig"] = max(nytt, implemented - int(rng.integers(0, 30)) * _DAY)
        after = [d for _, _, d in p.history if d > implemented]
        used = implemented + int(rng.integers(120, 365)) * _DAY
        used = min(used, after[0] - _DAY) if after else used
        if used <= _AS_OF:
            reached["nyttiggjort"] = max(used, reached["nyttig"])
    elif last_phase == "avsluttet":
        reached["nyttig"] = max(nytt, last_start - int(rng.integers(0, 60)) * _DAY)
    elif last_phase == "test" and last_loop >= 2 and not p.spec.veto:
        proven = last_start + int(rng.integers(30, 150)) * _DAY
        if proven <= _AS_OF:
            reached["nyttig"] = max(nytt, proven)
    return reached


def _outcomes(projects: list[_Project], rng: np.random.Generator):
    reached = {p.project_id: _outcome_dates(p, rng) for p in projects}
    rows = [(pid, c, d) for pid, dates in reached.items() for c, d in dates.items()]
    return conform("outcomes", pd.DataFrame(rows, columns=_columns("outcomes"))), reached


def _awards(projects, reached, rng: np.random.Generator) -> dict[str, tuple[int, str]]:
    """Årets innovasjonsprosjekt: one winner and at most one nominee per year from 2018."""
    labels: dict[str, tuple[int, str]] = {}
    for year in range(2018, _LAST_YEAR + 1):
        cutoff = np.datetime64(f"{year}-12-01")
        useful = [
            p
            for p in projects
            if p.project_id not in labels and reached[p.project_id].get("nyttig", _AS_OF) < cutoff
        ]
        if not useful:
            continue
        weight = np.array([4.0 if p.spec.name == _CARE_PROJECT else 1.0 for p in useful])
        winner = useful[rng.choice(len(useful), p=weight / weight.sum())]
        labels[winner.project_id] = (year, "vinner")
        new = [
            p
            for p in projects
            if p.project_id not in labels
            and not p.spec.veto
            and "stoppet" not in p.spec.after
            and reached[p.project_id].get("nytt", _AS_OF) < cutoff
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

_INSTRUMENT_IDS = (
    "innovasjonsdag",
    "workshop",
    "folkevalgtopplaering",
    "lederutvikling",
    "stotteteam",
    "nettverk",
    "deling",
    "arets_innovasjonsprosjekt",
)
_ELECTION_YEARS = (2019, 2023)


def _planned(instrument: str, year: int) -> int:
    """The municipality's yearly plan; the strategy (adopted Nov 2017) starts most instruments."""
    if instrument == "folkevalgtopplaering":
        return 2 if year in _ELECTION_YEARS else (1 if year - 1 in _ELECTION_YEARS else 0)
    if year == _FIRST_YEAR:
        return {"workshop": 5, "lederutvikling": 2, "nettverk": 2, "deling": 1}.get(instrument, 0)
    return {
        "innovasjonsdag": 1,
        "workshop": 4 if year < 2021 else 6,
        "lederutvikling": 2,
        "stotteteam": 4,
        "nettverk": 2 if year < 2021 else 3,
        "deling": 3,
        "arets_innovasjonsprosjekt": 1,
    }[instrument]


# Share of the plan delivered in the pandemic years (digital instruments held up).
_PANDEMIC_DELIVERY = {
    2020: {
        "innovasjonsdag": 0.0,
        "workshop": 0.4,
        "lederutvikling": 0.5,
        "stotteteam": 0.75,
        "nettverk": 0.5,
        "deling": 0.35,
    },
    2021: {"innovasjonsdag": 1.0, "workshop": 0.7, "nettverk": 0.7},
}
_FIXED_DELIVERY = ("innovasjonsdag", "folkevalgtopplaering", "arets_innovasjonsprosjekt")

# instrument -> (low, high) participants: ansatte, ledere, politikere, innbyggere, andre
_PARTICIPANTS = {
    "innovasjonsdag": ((60, 150), (15, 35), (4, 15), (10, 50), (5, 20)),
    "workshop": ((4, 20), (1, 4), (0, 4), (4, 30), (0, 8)),
    "folkevalgtopplaering": ((0, 3), (4, 10), (18, 27), (0, 0), (0, 3)),
    "lederutvikling": ((0, 0), (22, 40), (0, 0), (0, 0), (0, 4)),
    "stotteteam": ((3, 10), (0, 3), (0, 0), (0, 0), (0, 2)),
    "nettverk": ((2, 8), (1, 4), (0, 2), (0, 0), (10, 40)),
    "deling": ((15, 60), (3, 12), (0, 5), (0, 10), (0, 5)),
    "arets_innovasjonsprosjekt": ((15, 50), (8, 20), (20, 27), (5, 40), (2, 10)),
}
_NETWORKS = (
    "Regionalt innovasjonsnettverk på Hadeland",
    "KS-nettverk for tjenesteinnovasjon",
    "Nasjonal konferanse om velferdsteknologi",
    "Nettverkssamling om samskaping i kommunene",
)
_LEADER_TITLES = (
    "Lederutvikling: innovasjonsledelse",
    "Ledersamling: å lede når løsningen ikke er kjent",
    "Lederutvikling: de fem fundamentene i praksis",
)
_SUPPORT_TITLES = (
    "Støtteteamet: veiledning i BLT",
    "Støtteteamet: vurdering med de fem fundamentene",
    "Støtteteamet: åpent verksted for pådrivere",
)
_POLITICIAN_TITLES = (
    "Folkevalgtopplæring: innovasjon og medspillsdemokrati",
    "Folkevalgtopplæring: politikerrollen i samskaping",
)


def _delivered(instrument: str, year: int, rng: np.random.Generator) -> int:
    planned = _planned(instrument, year)
    share = _PANDEMIC_DELIVERY.get(year, {}).get(instrument)
    if share is not None:
        return int(np.floor(planned * share + rng.uniform(0, 0.5)))
    if instrument in _FIXED_DELIVERY or planned == 0:
        return planned
    return max(0, planned + int(rng.choice((-1, 0, 1), p=(0.3, 0.45, 0.25))))


def _event_date(instrument: str, year: int, rng: np.random.Generator) -> np.datetime64:
    if instrument == "arets_innovasjonsprosjekt":
        day = _date_in_year(year, rng, "12-01", "12-14")
    elif instrument == "innovasjonsdag":
        day = _date_in_year(year, rng, "10-01", "11-20")
    elif instrument == "folkevalgtopplaering" and year in _ELECTION_YEARS:
        day = _date_in_year(year, rng, "10-15", "12-10")
    elif instrument == "folkevalgtopplaering":
        day = _date_in_year(year, rng, "01-10", "03-31")
    else:
        day = _date_in_year(year, rng, "01-08", "12-10")
        if year == 2020 and np.datetime64("2020-03-12") <= day < np.datetime64("2020-06-01"):
            day += 120 * _DAY  # postponed until after the first lockdown
        elif (day - np.datetime64(f"{year}-07-01")) // _DAY in range(0, 40):
            day += 40 * _DAY  # nobody holds workshops in the summer holiday
    return np.busday_offset(day, 0, roll="forward")


def _event_title(instrument, year, held_on, projects, reached, awards, rng) -> str:
    if instrument == "innovasjonsdag":
        return f"Innovasjonsdagen {year}"
    if instrument == "arets_innovasjonsprosjekt":
        winner = next((p for p in projects if awards.get(p.project_id) == (year, "vinner")), None)
        suffix = f": {winner.spec.name}" if winner else ""
        return f"Kåring av årets innovasjonsprosjekt {year}{suffix}"
    if instrument in ("workshop", "deling"):
        if instrument == "workshop":
            pool = [p for p in projects if p.started_on <= held_on and _phase_on(p, held_on)[0] in _BLT]
            prefix = "Workshop"
        else:
            pool = [p for p in projects if reached[p.project_id].get("nytt", _AS_OF) <= held_on]
            prefix = "Del og lær"
        if not pool:
            return f"{prefix}: innovasjon i Jevnaker"
        # The broad co-creation project held most of the workshops while it ran.
        weight = np.array([8.0 if p.spec.name == _CARE_PROJECT else 1.0 for p in pool])
        return f"{prefix}: {pool[rng.choice(len(pool), p=weight / weight.sum())].spec.name}"
    titles = {
        "folkevalgtopplaering": _POLITICIAN_TITLES,
        "lederutvikling": _LEADER_TITLES,
        "stotteteam": _SUPPORT_TITLES,
        "nettverk": _NETWORKS,
    }[instrument]
    return str(titles[rng.integers(len(titles))])


def _participants(instrument: str, year: int, rng: np.random.Generator) -> list[int]:
    counts = [int(rng.integers(low, high + 1)) for low, high in _PARTICIPANTS[instrument]]
    # The medspillsdemokrati grows: more citizens each year, fewer in the pandemic.
    citizen_factor = (0.6 + 0.08 * (year - _FIRST_YEAR)) * (0.4 if year == 2020 else 1.0)
    counts[3] = round(counts[3] * citizen_factor)
    return counts


def _events(projects, reached, awards, rng: np.random.Generator):
    plan_rows, events = [], []
    for year in range(_FIRST_YEAR, _LAST_YEAR + 1):
        for instrument in _INSTRUMENT_IDS:
            plan_rows.append((year, instrument, _planned(instrument, year)))
            for _ in range(_delivered(instrument, year, rng)):
                held_on = _event_date(instrument, year, rng)
                title = _event_title(instrument, year, held_on, projects, reached, awards, rng)
                events.append((held_on, instrument, title, *_participants(instrument, year, rng)))
    events.sort(key=lambda e: (e[0], _INSTRUMENT_IDS.index(e[1]), e[2]))
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
    ``phases``, ``actors``, ``outcomes``, ``events`` and ``event_plan`` with the
    columns and dtypes of ``analytics.schema.specs``, sorted deterministically.
    """
    survey_rng, project_rng, actor_rng, assess_rng, outcome_rng, event_rng = np.random.default_rng(
        seed
    ).spawn(6)
    projects = _build_projects(project_rng)
    outcomes, reached = _outcomes(projects, outcome_rng)
    awards = _awards(projects, reached, outcome_rng)
    events, event_plan = _events(projects, reached, awards, event_rng)
    return {
        "responses": _responses(survey_rng),
        "projects": _projects_frame(projects, awards),
        "assessments": _assessments(projects, assess_rng),
        "phases": _phases(projects),
        "actors": _actors(projects, actor_rng),
        "outcomes": outcomes,
        "events": events,
        "event_plan": event_plan,
    }


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
        raise ValueError(f"Ingen svar for runde {round_label} og gruppe {group}.")
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
