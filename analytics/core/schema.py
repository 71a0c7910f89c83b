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
from analytics.core.text import t

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
                help=t("help_projects_project_id"),
            ),
            Column("name", "str", help=t("help_projects_name")),
            Column("sector", "str", help=t("help_projects_sector")),
            Column(
                "padriver",
                "str",
                required=False,
                help=t("help_projects_padriver"),
            ),
            Column("started_on", "date", help=t("help_projects_started_on")),
            Column("origin", "str", required=False, help=t("help_projects_origin")),
            Column(
                "handlingsrom_avklart",
                "bool",
                required=False,
                help=t("help_projects_handlingsrom_avklart"),
            ),
            Column(
                "arets_innovasjonsprosjekt",
                "str",
                required=False,
                help=t("help_projects_arets_innovasjonsprosjekt"),
            ),
            Column("description", "str", required=False, help=t("help_projects_description")),
        ),
        "assessments": _cols(
            Column("project_id", "str", help=t("help_project_id_reference")),
            Column("assessed_on", "date", help=t("help_assessments_assessed_on")),
            Column(
                "assessor_role",
                "str",
                help=t("help_assessments_assessor_role"),
            ),
            *(
                Column(
                    f,
                    "score",
                    required=False,
                    low=0,
                    high=fw.fundament_max,
                    help=t("help_assessments_fundament", scale=scale),
                )
                for f in fw.fundament_ids
            ),
            Column("comment", "str", required=False, help=t("help_assessments_comment")),
        ),
        "phases": _cols(
            Column("project_id", "str", help=t("help_project_id_reference")),
            Column("phase", "str", choices="project_phases", help=t("help_phases_phase")),
            Column("started_on", "date", help=t("help_phases_started_on")),
            Column(
                "loop",
                "score",
                required=False,
                low=1,
                high=20,
                help=t("help_phases_loop"),
            ),
        ),
        "actors": _cols(
            Column("project_id", "str", help=t("help_project_id_reference")),
            Column("phase", "str", choices="project_phases", help=t("help_actors_phase")),
            Column("actor", "str", choices="actors", help=t("help_actors_actor")),
        ),
        "outcomes": _cols(
            Column("project_id", "str", help=t("help_project_id_reference")),
            Column(
                "criterion",
                "str",
                choices="innovation_criteria",
                help=t("help_outcomes_criterion"),
            ),
            Column("reached_on", "date", help=t("help_outcomes_reached_on")),
        ),
        "events": _cols(
            Column("event_id", "str", help=t("help_events_event_id")),
            Column("held_on", "date", help=t("help_events_held_on")),
            Column("instrument", "str", choices="instruments", help=t("help_instrument")),
            Column("title", "str", help=t("help_events_title")),
            *(
                Column(
                    f"participants_{who}",
                    "int",
                    required=False,
                    low=0,
                    high=100000,
                    help=t("help_events_participants", who=who),
                )
                for who in participant_groups(fw)
            ),
        ),
        "event_plan": _cols(
            Column("year", "int", low=2000, high=2100, help=t("help_event_plan_year")),
            Column("instrument", "str", choices="instruments", help=t("help_instrument")),
            Column("planned", "int", low=0, high=10000, help=t("help_event_plan_planned")),
        ),
        # Follow-up measures (tiltak): what a unit does about a result, and who owns it.
        "actions": _cols(
            Column(
                "action_id",
                "str",
                required=False,
                help=t("help_actions_action_id"),
            ),
            Column("title", "str", help=t("help_actions_title")),
            Column(
                "unit",
                "str",
                required=False,
                help=t("help_actions_unit"),
            ),
            Column(
                "target",
                "str",
                choices="indicators fundaments",
                help=t("help_actions_target"),
            ),
            Column("owner", "str", help=t("help_actions_owner")),
            Column("started_on", "date", help=t("help_actions_started_on")),
            Column("deadline", "date", help=t("help_actions_deadline")),
            Column(
                "status",
                "str",
                values=ACTION_STATUSES,
                help=t("help_actions_status"),
            ),
            Column("prompted_by", "str", help=t("help_actions_prompted_by")),
            Column(
                "instrument",
                "str",
                required=False,
                choices="instruments",
                help=t("help_actions_instrument"),
            ),
            Column("project_id", "str", required=False, help=t("help_actions_project_id")),
        ),
        # Who was asked: how many were invited to a survey round, per unit and group.
        "invited": _cols(
            Column("round", "str", help=t("help_invited_round")),
            Column(
                "unit",
                "str",
                required=False,
                help=t("help_invited_unit"),
            ),
            Column("group", "str", choices="groups", help=t("help_invited_group")),
            Column("invited", "int", low=0, high=100000, help=t("help_invited_invited")),
            Column(
                "source",
                "str",
                required=False,
                values=INVITED_SOURCES,
                help=t("help_invited_source"),
            ),
        ),
        # Figures from others to read ours against (published barometers, or what another
        # municipality shared with `share`): context, never a target.
        "benchmarks": _cols(
            Column("source", "str", help=t("help_benchmarks_source")),
            Column("year", "int", low=2000, high=2100, help=t("help_benchmarks_year")),
            Column(
                "scope",
                "str",
                help=t("help_benchmarks_scope"),
            ),
            Column(
                "group",
                "str",
                required=False,
                help=t("help_benchmarks_group"),
            ),
            Column(
                "measure",
                "str",
                help=t("help_benchmarks_measure"),
            ),
            Column("value", "number", low=0, high=100, help=t("help_benchmarks_value")),
            Column("n", "int", required=False, low=0, high=10_000_000, help=t("help_benchmarks_n")),
            *(
                Column(
                    q,
                    "number",
                    required=False,
                    low=0,
                    high=100,
                    help=t("help_benchmarks_quantile", label=label),
                )
                for q, label in (
                    ("p25", t("quantile_p25")),
                    ("median", t("quantile_median")),
                    ("p75", t("quantile_p75")),
                    ("p90", t("quantile_p90")),
                )
            ),
            Column(
                "municipality",
                "str",
                required=False,
                help=t("help_benchmarks_municipality"),
            ),
            Column(
                "statements",
                "str",
                required=False,
                help=t("help_benchmarks_statements"),
            ),
            Column(
                "threshold",
                "int",
                required=False,
                low=3,
                high=50,
                help=t("help_benchmarks_threshold"),
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
