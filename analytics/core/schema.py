"""The stored tables: their columns, types and allowed values, declared once.

Imports validate text cells against these specs; the demo generator's frames
and every committed table are conformed to the same dtypes, so a table looks
the same whichever way its rows arrived. Columns that follow the strategy
(one score column per fundament, one participant count per respondent group)
come from :func:`analytics.core.framework.framework`, so :func:`specs` is built per
strategy.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.core.framework import Framework, framework

# Counts go up to 100 000 participants: Int16 would overflow at 32 768.
DTYPES = {
    "str": "str",
    "date": "datetime64[ms]",
    "bool": "boolean",
    "int": "Int32",
    "score": "Int8",
    "number": "Float64",
}
# The same types in DuckDB, for tables that are written from SQL.
SQL_TYPES = {
    "str": "VARCHAR",
    "date": "TIMESTAMP_MS",
    "bool": "BOOLEAN",
    "int": "INTEGER",
    "score": "TINYINT",
    "number": "DOUBLE",
}
# Dates in registers lie in this window; 0001-01-01, 9999-12-31 or 31.12.0224 are typing errors.
FIRST_PLAUSIBLE_YEAR = 1990


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # str, date, bool, int, score, number (a decimal number)
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
    Column("dont_know", "bool"),
)
# The steps of a follow-up measure (tiltak), first to last.
ACTION_STATUSES = ("planlagt", "i gang", "gjennomført", "avbrutt")
# Where an invited count comes from: an HR export of staff, or typed in.
INVITED_SOURCES = ("HR", "manuell")
# The project register's column with the pådriver's name (a person's name: shown to leaders only,
# removed after the retention period by analytics.store.retention).
PADRIVER_COLUMN = "padriver"

# Participant counts of an event: one per respondent group, and everyone else.
OTHER_PARTICIPANTS = "andre"


def participant_groups(fw: Framework | None = None) -> tuple[str, ...]:
    """The groups an event counts participants of: the strategy's groups and «andre»."""
    return (*(fw or framework()).group_ids, OTHER_PARTICIPANTS)


def specs() -> dict[str, tuple[Column, ...]]:
    """Every table's columns for the configured strategy."""
    fw = framework()
    scale = ", ".join(f"{s.id} {s.name.lower()}" for s in fw.fundament_scale)
    return {
        "responses": (
            *SURVEY_COLUMNS[:5],
            Column("value", "score", required=False, low=fw.scale_min, high=fw.scale_max),
            *SURVEY_COLUMNS[5:],
        ),
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
                "assessor_role",
                "str",
                help="Hvem som vurderte (rolle, ikke navn): pådriver, leder, støtteteam.",
            ),
            *(
                Column(
                    f,
                    "score",
                    required=False,
                    low=0,
                    high=fw.fundament_max,
                    help=f"{scale}. Tom = ikke vurdert (ikke 0).",
                )
                for f in fw.fundament_ids
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
                "criterion",
                "str",
                choices="innovation_criteria",
                help="Nytt, nyttig eller nyttiggjort (1.2).",
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
                for who in participant_groups(fw)
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
            Column(
                "owner", "str", help="Hvem som eier tiltaket: en rolle eller en enhet, ikke en persons navn."
            ),
            Column("started_on", "date", help="Datoen tiltaket starter eller startet."),
            Column("deadline", "date", help="Fristen for tiltaket."),
            Column(
                "status",
                "str",
                values=ACTION_STATUSES,
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
        # Who was asked: how many were invited to a survey round, per unit and group.
        "invited": _cols(
            Column("round", "str", help="Runden av undersøkelsen, for eksempel 2025."),
            Column(
                "unit",
                "str",
                required=False,
                help="Enheten, skrevet som i undersøkelsen. Tom for en gruppe uten enheter (politikere).",
            ),
            Column("group", "str", choices="groups", help="Respondentgruppen som ble invitert."),
            Column("invited", "int", low=0, high=100000, help="Antall invitert (antall ansatte i enheten)."),
            Column(
                "source",
                "str",
                required=False,
                values=INVITED_SOURCES,
                help="Hvor tallet kommer fra: HR (eksport fra personalsystemet) eller manuell (tom).",
            ),
        ),
        # Figures from others to read ours against (published barometers, or what another
        # municipality shared with `share`): context, never a target.
        "benchmarks": _cols(
            Column("source", "str", help="Hvem som publiserte tallet, for eksempel «KS» eller en kommune."),
            Column("year", "int", low=2000, high=2100, help="Året tallet gjelder (undersøkelsens år)."),
            Column(
                "scope",
                "str",
                help="Hva tallet gjelder for, for eksempel «Landet», «Innlandet», «Kommuner 5–10 000» "
                "eller kommunens navn.",
            ),
            Column(
                "group",
                "str",
                required=False,
                help="Respondentgruppen (id som i kodeboka). Tom = alle respondentene.",
            ),
            Column(
                "measure",
                "str",
                help="Kjennetegnets id, «index» for kulturindeksen, eller utsagnets tekst, nøyaktig likt.",
            ),
            Column("value", "number", low=0, high=100, help="Snittet på svarskalaen."),
            Column("n", "int", required=False, low=0, high=10_000_000, help="Respondenter bak tallet."),
            *(
                Column(q, "number", required=False, low=0, high=100, help=f"Valgfritt: {label}.")
                for q, label in (
                    ("p25", "nedre kvartil"),
                    ("median", "medianen"),
                    ("p75", "øvre kvartil"),
                    ("p90", "90-persentilen"),
                )
            ),
            Column(
                "municipality",
                "str",
                required=False,
                help="Kommunen som delte tallet (fra «share»). Tom for publiserte tall.",
            ),
            Column(
                "statements",
                "str",
                required=False,
                help="Utsagnene bak et kjennetegn eller indeksen, skilt med « | » (fra «share»): tallet "
                "sammenlignes bare når utsagnene er de samme.",
            ),
            Column(
                "threshold",
                "int",
                required=False,
                low=3,
                high=50,
                help="Anonymitetsgrensen kommunen som delte tallet brukte.",
            ),
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
FIXED_ALIASES = {
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
    "tiltak id": "action_id",
    "tiltak": "title",
    "enhet": "unit",
    "avdeling": "unit",
    "kjennetegn": "target",
    "eier": "owner",
    "frist": "deadline",
    "runde": "prompted_by",
    "gruppe": "group",
    "antall ansatte": "invited",
    "antall invitert": "invited",
    "antall inviterte": "invited",
    "invitert": "invited",
    "inviterte": "invited",
    "kilde": "source",
}
# Header names that mean another column in one table than in the rest.
TABLE_ALIASES = {"invited": {"runde": "round"}}


def aliases(table: str | None = None) -> dict[str, str]:
    """Register headers -> spec column, with «Deltakere <gruppe>» for each participant group
    (and the headers that mean something else in ``table``)."""
    participants = {f"deltakere {who}": f"participants_{who}" for who in participant_groups()}
    return FIXED_ALIASES | participants | TABLE_ALIASES.get(table, {})


# Which tables an import of each kind may contain.
KIND_TABLES = {
    "projects": ("projects", "assessments", "phases", "actors", "outcomes"),
    "events": ("events", "event_plan"),
    "actions": ("actions",),
    "invited": ("invited",),
    "benchmarks": ("benchmarks",),
}


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the spec's columns, in order, with its dtypes."""
    out = pd.DataFrame(index=frame.index)
    for column in specs()[name]:
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


def sql_columns(name: str) -> str:
    """The spec's columns of table ``name`` as a DuckDB select list, each cast to its type."""
    return ", ".join(f'"{c.name}"::{SQL_TYPES[c.kind]} AS "{c.name}"' for c in specs()[name])


def allowed_values(column: Column) -> tuple[str, ...]:
    """The values a column accepts (empty: any)."""
    if column.values:
        return column.values
    fw = framework()
    return tuple(thing.id for attribute in column.choices.split() for thing in getattr(fw, attribute))
