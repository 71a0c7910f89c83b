"""The stored tables: their columns, types and allowed values, declared once.

Imports validate text cells against these specs; the demo generator's frames
and every committed table are conformed to the same dtypes, so a table looks
the same whichever way its rows arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from analytics.framework import FUNDAMENT_IDS, framework
from analytics.ingest.errors import ImportRefused
from analytics.ingest.read import normalise
from analytics.text import excerpt, t

MAX_ERRORS_LISTED = 8
# Counts go up to 100 000 participants: Int16 would overflow at 32 768.
DTYPES = {"str": "str", "date": "datetime64[ms]", "bool": "boolean", "int": "Int32", "score": "Int8"}
# Dates in registers lie in this window; 0001-01-01, 9999-12-31 or 31.12.0224 are typing errors.
FIRST_PLAUSIBLE_YEAR = 1990
TRUE_WORDS = {"ja", "j", "yes", "true", "sann", "1", "x"}
FALSE_WORDS = {"nei", "n", "no", "false", "usann", "0"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # str, date, bool, int, score
    required: bool = True
    choices: str = ""  # framework attributes (space-separated) whose ids are the allowed values
    values: tuple[str, ...] = ()  # fixed allowed values (not from the framework)
    low: int | None = None
    high: int | None = None
    help: str = ""  # bokmål: what the column means (template sheet and import messages)
    plausible_dates: bool = True  # a date must lie between 1990 and the end of next year


def _cols(*columns: Column) -> tuple[Column, ...]:
    return columns


SURVEY_COLUMNS = _cols(
    Column("round", "str"),
    Column("group", "str"),
    Column("unit", "str", required=False),
    Column("respondent_id", "str"),
    Column("item_id", "str"),
    Column("value", "score", required=False, low=1, high=5),
    Column("dont_know", "bool"),
)

SPECS: dict[str, tuple[Column, ...]] = {
    "responses": SURVEY_COLUMNS,
    "projects": _cols(
        Column(
            "project_id",
            "str",
            help="Kort, fast id for prosjektet, for eksempel P01. Brukes i alle tabellene.",
        ),
        Column("name", "str", help="Prosjektets navn."),
        Column("sector", "str", help="Sektor eller enhet som eier prosjektet."),
        Column(
            "padriver",
            "str",
            required=False,
            help="Pådriverens navn. Er en personopplysning og vises ikke i appen.",
        ),
        Column("started_on", "date", help="Datoen prosjektet startet."),
        Column("origin", "str", required=False, help="Hvor prosjektet kom fra, for eksempel en satsing."),
        Column(
            "handlingsrom_avklart",
            "bool",
            required=False,
            help="Er handlingsrommet avklart (strategien 3.1)? ja eller nei.",
        ),
        Column(
            "arets_innovasjonsprosjekt",
            "str",
            required=False,
            help="Årets innovasjonsprosjekt: «nominert ÅÅÅÅ» eller «vinner ÅÅÅÅ», ellers tom.",
        ),
        Column("description", "str", required=False, help="Kort beskrivelse av prosjektet."),
    ),
    "assessments": _cols(
        Column("project_id", "str", help="Prosjektets id, som i prosjektregisteret."),
        Column("assessed_on", "date", help="Datoen vurderingen ble gjort."),
        Column(
            "assessor_role", "str", help="Hvem som vurderte (rolle, ikke navn): pådriver, leder, støtteteam."
        ),
        *(
            Column(
                f,
                "score",
                required=False,
                low=0,
                high=4,
                help="0 mangler, 1 svakt, 2 delvis, 3 godt, 4 fullt på plass. Tom = ikke vurdert (ikke 0).",
            )
            for f in FUNDAMENT_IDS
        ),
        Column("comment", "str", required=False, help="Valgfri kommentar til vurderingen."),
    ),
    "phases": _cols(
        Column("project_id", "str", help="Prosjektets id, som i prosjektregisteret."),
        Column("phase", "str", choices="project_phases", help="Fasen prosjektet gikk inn i."),
        Column("started_on", "date", help="Datoen fasen startet. Fasen varer til neste fase starter."),
        Column(
            "loop",
            "score",
            required=False,
            low=1,
            high=20,
            help="Hvilken runde i Behov–Løsning–Test (1 for første runde). Tom = 1.",
        ),
    ),
    "actors": _cols(
        Column("project_id", "str", help="Prosjektets id, som i prosjektregisteret."),
        Column("phase", "str", choices="project_phases", help="Fasen aktøren var med i."),
        Column("actor", "str", choices="actors", help="Aktøren som var med å skape (samskaping, 2.6)."),
    ),
    "outcomes": _cols(
        Column("project_id", "str", help="Prosjektets id, som i prosjektregisteret."),
        Column(
            "criterion", "str", choices="innovation_criteria", help="Nytt, nyttig eller nyttiggjort (1.2)."
        ),
        Column("reached_on", "date", help="Datoen prosjektet nådde dette."),
    ),
    "events": _cols(
        Column("event_id", "str", help="Kort, fast id for arrangementet, for eksempel E2025-01."),
        Column("held_on", "date", help="Datoen arrangementet ble holdt."),
        Column("instrument", "str", choices="instruments", help="Hvilket strategisk virkemiddel (3.3)."),
        Column("title", "str", help="Arrangementets tittel."),
        *(
            Column(
                f"participants_{who}",
                "int",
                required=False,
                low=0,
                high=100000,
                help=f"Antall deltakere: {who}.",
            )
            for who in ("ansatte", "ledere", "politikere", "innbyggere", "andre")
        ),
    ),
    "event_plan": _cols(
        Column("year", "int", low=2000, high=2100, help="Året planen gjelder."),
        Column("instrument", "str", choices="instruments", help="Hvilket strategisk virkemiddel (3.3)."),
        Column("planned", "int", low=0, high=10000, help="Antall arrangementer planlagt det året."),
    ),
    # Follow-up measures (tiltak): what a unit does about a result, and who owns it.
    "actions": _cols(
        Column(
            "action_id",
            "str",
            required=False,
            help="Kort, fast id for tiltaket, for eksempel T01. Tom = ny id.",
        ),
        Column("title", "str", help="Hva tiltaket er, kort."),
        Column(
            "unit",
            "str",
            required=False,
            help="Enheten tiltaket gjelder, skrevet som i undersøkelsen. Tom = hele kommunen.",
        ),
        Column(
            "target",
            "str",
            choices="indicators fundaments",
            help="Kjennetegnet (kulturindikatoren) eller fundamentet tiltaket skal styrke.",
        ),
        Column("owner", "str", help="Hvem som eier tiltaket: en rolle eller en enhet, ikke en persons navn."),
        Column("started_on", "date", help="Datoen tiltaket starter eller startet."),
        Column("deadline", "date", help="Fristen for tiltaket."),
        Column(
            "status",
            "str",
            values=("planlagt", "i gang", "gjennomført", "avbrutt"),
            help="Hvor langt tiltaket har kommet.",
        ),
        Column("prompted_by", "str", help="Runden av undersøkelsen hvis resultater førte til tiltaket."),
        Column(
            "instrument",
            "str",
            required=False,
            choices="instruments",
            help="Valgfritt: det strategiske virkemiddelet (3.3) tiltaket bruker.",
        ),
        Column("project_id", "str", required=False, help="Valgfritt: prosjektet tiltaket hører til."),
    ),
    # A survey column header remembered for a form: the item_id or role it holds
    # (empty target: ignore the column).
    "header_map": _cols(
        Column("form", "str"),
        Column("header", "str"),
        Column("target", "str", required=False),
    ),
    # Unit names as exports spell them, and the unit they mean while valid.
    "unit_map": _cols(
        Column("alias", "str"),
        Column("unit", "str"),
        Column("valid_from", "date", required=False, plausible_dates=False),
        Column("valid_to", "date", required=False, plausible_dates=False),
    ),
}
# Header names of hand-kept registers that mean a spec column.
ALIASES = {
    "prosjekt id": "project_id",
    "prosjektnr": "project_id",
    "prosjektnummer": "project_id",
    "prosjektnavn": "name",
    "prosjekt": "name",
    "sektor": "sector",
    "startdato": "started_on",
    "oppstart": "started_on",
    "arrangement id": "event_id",
    "dato": "held_on",
    "virkemiddel": "instrument",
    "tittel": "title",
    "deltakere ansatte": "participants_ansatte",
    "deltakere ledere": "participants_ledere",
    "deltakere politikere": "participants_politikere",
    "deltakere innbyggere": "participants_innbyggere",
    "deltakere andre": "participants_andre",
    "tiltak id": "action_id",
    "tiltak": "title",
    "enhet": "unit",
    "kjennetegn": "target",
    "eier": "owner",
    "frist": "deadline",
    "runde": "prompted_by",
}
# Which tables an import of each kind may contain.
KIND_TABLES = {
    "projects": ("projects", "assessments", "phases", "actors", "outcomes"),
    "events": ("events", "event_plan"),
    "actions": ("actions",),
}


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the spec's columns, in order, with its dtypes."""
    out = pd.DataFrame(index=frame.index)
    for column in SPECS[name]:
        values = frame[column.name] if column.name in frame else pd.Series(None, index=frame.index)
        if column.kind == "date":
            out[column.name] = pd.to_datetime(values).astype(DTYPES["date"])
        elif column.kind == "str":
            # pandas' "str" dtype keeps missing values missing (None/NA -> NaN), and a
            # column that already is text is not copied through Python objects.
            out[column.name] = values if values.dtype == DTYPES["str"] else values.astype("str")
        else:
            out[column.name] = values.astype(DTYPES[column.kind])
    return out.reset_index(drop=True)


def allowed_values(column: Column) -> tuple[str, ...]:
    """The values a column accepts (empty: any)."""
    if column.values:
        return column.values
    fw = framework()
    return tuple(thing.id for attribute in column.choices.split() for thing in getattr(fw, attribute))


def _parse_date(text: str) -> datetime | None:
    formats = (
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%Y-%m-%d %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d/%m/%Y",
        "%d.%m.%y",
        "%d.%m.%Y.",
    )
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_int(text: str) -> int | None:
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def refuse_with(problems: list[str], intro: str) -> None:
    """Raise :class:`ImportRefused` listing the first problems, if there are any."""
    if not problems:
        return
    shown = problems[:MAX_ERRORS_LISTED]
    more = len(problems) - len(shown)
    tail = f"\n  … og {more} til." if more else ""
    raise ImportRefused(intro + "\n  " + "\n  ".join(shown) + tail)


def parse_table(name: str, cells: pd.DataFrame, source: str) -> pd.DataFrame:
    """Validate a frame of text cells against table ``name``'s spec and type it.

    Header names are matched case-insensitively, register names through
    ``ALIASES``. Raises :class:`ImportRefused` listing missing columns or the
    first bad cells with their row numbers (the frame's index).
    """
    headers = _headers(cells)
    spec = SPECS[name]
    missing = [c.name for c in spec if c.required and c.name not in headers]
    if missing:
        explained = "; ".join(f"{c.name} ({c.help})" for c in spec if c.name in missing)
        raise ImportRefused(
            f"{source}: mangler kolonnene {explained}. "
            f"Last ned malen for «{name}» og bruk de samme overskriftene."
        )
    last_year = date.today().year + 1
    problems: list[str] = []
    parsed: dict[str, list] = {}
    for column in spec:
        raw = cells[headers[column.name]] if column.name in headers else pd.Series("", index=cells.index)
        # Allowed values match case-insensitively and are stored as declared.
        allowed = {v.lower(): v for v in allowed_values(column)} or None
        values = []
        for row, cell in raw.astype(str).str.strip().items():
            value = None
            if cell == "":
                if column.required:
                    problems.append(f"rad {row}: «{column.name}» er tom.")
            elif column.kind == "str":
                value = cell
                if allowed is not None and cell.lower() not in allowed:
                    problems.append(
                        f"rad {row}: «{excerpt(cell)}» er ikke en gyldig verdi for {column.name} "
                        f"(gyldige: {', '.join(sorted(allowed.values()))})."
                    )
                elif allowed is not None:
                    value = allowed[cell.lower()]
            elif column.kind == "date":
                value = _parse_date(cell)
                if value is None:
                    problems.append(
                        f"rad {row}: «{excerpt(cell)}» i {column.name} er ikke en dato "
                        "(skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."
                    )
                elif column.plausible_dates and not FIRST_PLAUSIBLE_YEAR <= value.year <= last_year:
                    problems.append(
                        t(
                            "date_implausible",
                            row=row,
                            value=excerpt(cell),
                            column=column.name,
                            first=FIRST_PLAUSIBLE_YEAR,
                            last=last_year,
                        )
                    )
                    value = None
            elif column.kind == "bool":
                word = cell.lower()
                value = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
                if value is None:
                    problems.append(f"rad {row}: «{excerpt(cell)}» i {column.name} må være ja eller nei.")
            else:
                value = parse_int(cell)
                if value is None or not (column.low <= value <= column.high):
                    problems.append(
                        f"rad {row}: «{excerpt(cell)}» i {column.name} må være et heltall fra "
                        f"{column.low} til {column.high}."
                    )
                    value = None
            values.append(value)
        parsed[column.name] = values
    refuse_with(problems, f"{source}: {len(problems)} feil i tabellen «{name}», ingenting er lagret:")
    return conform(name, pd.DataFrame(parsed))


def _headers(cells: pd.DataFrame) -> dict[str, str]:
    """Spec column name -> the frame's header that holds it."""
    out = {}
    for header in cells.columns:
        key = normalise(header)
        out.setdefault(ALIASES.get(key, key.replace(" ", "_")), header)
    return out


def detect_table(cells: pd.DataFrame, kind: str) -> str | None:
    """Which table of an import ``kind`` a frame holds, judged by its required columns."""
    headers = set(_headers(cells))
    matches = [name for name in KIND_TABLES[kind] if {c.name for c in SPECS[name] if c.required} <= headers]
    # The most specific match wins (phases and actors share project_id and phase).
    return max(matches, key=lambda n: len(SPECS[n]), default=None)
