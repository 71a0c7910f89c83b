"""The canonical survey file: one row per respondent, one column per item.

Columns (header names matched case-insensitively):

- a respondent id (``respondent_id``, ``respondent`` or ``id``);
- ``enhet``: the unit (required for ansatte and ledere, blank allowed for
  politikere and innbyggere);
- ``runde`` and ``gruppe``, unless given as ``--round`` / ``--group``;
- one column per codebook ``item_id`` with 1-5, ``Vet ikke`` or blank.

Columns that identify a person (name, e-mail) are dropped before anything
else happens and are never stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from analytics.framework import framework
from analytics.ingest.errors import ImportRefused
from analytics.ingest.tables import conform, parse_int, refuse_with

ID_HEADERS = ("respondent_id", "respondent", "respondentid", "id", "svar_id")
UNIT_HEADERS = ("enhet", "unit")
ROUND_HEADERS = ("runde", "round")
GROUP_HEADERS = ("gruppe", "group")
PERSONAL_HEADERS = (
    "navn",
    "name",
    "fullt navn",
    "full name",
    "e-post",
    "epost",
    "e-postadresse",
    "email",
    "e-mail",
    "email address",
    "telefon",
    "phone",
    "fødselsnummer",
)
DONT_KNOW = {"vet ikke", "vet ikkje", "ikke relevant", "don't know", "dont know"}
ROUND_PATTERN = re.compile(r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå ._/-]{0,19}$")
GROUPS_NEEDING_UNIT = ("ansatte", "ledere")


@dataclass
class SurveyParse:
    """The long-format answers of one file, and what the analyst should know."""

    responses: pd.DataFrame
    respondents: int
    dropped_personal: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _norm(header: str) -> str:
    return unicodedata.normalize("NFKC", str(header)).replace("\u00a0", " ").strip().lower()


def _find(headers: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((headers[n] for n in names if n in headers), None)


def _single(
    cells: pd.DataFrame, column: str | None, flag: str | None, what: str, flag_name: str
) -> pd.Series:
    """Round or group for every row: from the flag, the column, or both if they agree."""
    if column is None and not flag:
        raise ImportRefused(
            f"Fila sier ikke hvilken {what} svarene gjelder. "
            f"Oppgi {flag_name} eller legg til en kolonne «{'runde' if what == 'runde' else 'gruppe'}»."
        )
    if column is None:
        return pd.Series(flag, index=cells.index)
    values = cells[column].astype(str).str.strip()
    if flag:
        other = sorted(set(values[values != ""]) - {flag})
        if other:
            raise ImportRefused(
                f"Fila har {what} «{other[0]}» i kolonnen «{column}», men {flag_name} sier «{flag}». "
                f"Fjern {flag_name} eller rett kolonnen."
            )
        return pd.Series(flag, index=cells.index)
    return values


def parse_survey(
    cells: pd.DataFrame, source: str, round_label: str | None = None, group: str | None = None
) -> SurveyParse:
    """Validate a canonical wide survey table and turn it into long-format answers."""
    fw = framework()
    headers = {_norm(h): h for h in cells.columns}
    dropped = [headers[h] for h in headers if h in PERSONAL_HEADERS]
    cells = cells.drop(columns=dropped)
    headers = {_norm(h): h for h in cells.columns}

    id_col = _find(headers, ID_HEADERS)
    if id_col is None:
        raise ImportRefused(
            f"{source}: finner ingen kolonne med respondent-id. "
            "Kall kolonnen «respondent_id» (én unik verdi per svar)."
        )
    unit_col = _find(headers, UNIT_HEADERS)
    rounds = _single(cells, _find(headers, ROUND_HEADERS), round_label, "runde", "--round")
    group_values = _single(cells, _find(headers, GROUP_HEADERS), group, "gruppe", "--group")
    names_to_ids = {g.name.lower(): g.id for g in fw.groups} | {g: g for g in fw.group_ids}
    groups = group_values.str.lower().map(names_to_ids)

    item_by_header = {h: headers[h] for h in headers}
    known_items = {i.item_id.lower(): i for i in fw.items}
    item_cols = {known_items[h].item_id: col for h, col in item_by_header.items() if h in known_items}
    used = {id_col, unit_col, *item_cols.values()} | {headers.get(h) for h in ROUND_HEADERS + GROUP_HEADERS}
    ignored = [c for c in cells.columns if c not in used]
    if not item_cols:
        example = ", ".join(fw.item_ids[:3])
        raise ImportRefused(
            f"{source}: ingen kolonne har navn som et spørsmål i kodeboka (for eksempel {example}). "
            "Last ned spørreskjemaet fra appen og bruk item_id-ene som kolonneoverskrifter."
        )

    problems: list[str] = []
    for position, (label, grp, raw_group) in enumerate(zip(rounds, groups, group_values)):
        row = position + 2
        if not ROUND_PATTERN.match(str(label)):
            problems.append(f"rad {row}: runde «{label}» er ikke gyldig (bruk for eksempel 2024).")
        if pd.isna(grp):
            problems.append(
                f"rad {row}: gruppe «{raw_group}» er ukjent (gyldige: {', '.join(fw.group_ids)})."
            )
    ids = cells[id_col].astype(str).str.strip()
    for position in ids.index[ids == ""]:
        problems.append(f"rad {position + 2}: respondent-id mangler.")
    duplicate = ids[(ids != "") & pd.DataFrame({"r": rounds, "g": groups, "i": ids}).duplicated()]
    for position, value in duplicate.items():
        problems.append(f"rad {position + 2}: respondent-id «{value}» står flere ganger.")
    if unit_col is None and groups.isin(GROUPS_NEEDING_UNIT).any():
        raise ImportRefused(
            f"{source}: fila mangler kolonnen «enhet», som trengs for ansatte og ledere. "
            "Legg til en kolonne «enhet» med enheten til hver respondent."
        )
    units = (
        cells[unit_col].astype(str).str.strip() if unit_col is not None else pd.Series("", index=cells.index)
    )
    for position in units.index[(units == "") & groups.isin(GROUPS_NEEDING_UNIT)]:
        problems.append(f"rad {position + 2}: enhet mangler (påkrevd for ansatte og ledere).")
    refuse_with(problems, f"{source}: {len(problems)} feil, ingenting er lagret:")

    records = []
    for item_id, column in item_cols.items():
        item = next(i for i in fw.items if i.item_id == item_id)
        for position, cell in cells[column].astype(str).str.strip().items():
            if cell == "":
                continue
            grp = groups[position]
            row = position + 2
            if grp not in item.groups:
                problems.append(f"rad {row}: spørsmål {item_id} stilles ikke til gruppen {grp}.")
                continue
            if cell.lower() in DONT_KNOW:
                value, dont_know = None, True
            else:
                value, dont_know = parse_int(cell), False
                if value is None or not 1 <= value <= 5:
                    problems.append(
                        f"rad {row}, kolonne {column}: «{cell}» er ikke et svar på skalaen 1–5 "
                        "eller «Vet ikke»."
                    )
                    continue
            records.append(
                (rounds[position], grp, units[position] or None, ids[position], item_id, value, dont_know)
            )
    refuse_with(problems, f"{source}: {len(problems)} feil i svarene, ingenting er lagret:")
    if not records:
        raise ImportRefused(f"{source}: fila har ingen svar i spørsmålskolonnene.")
    long = pd.DataFrame(
        records,
        columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"],
    )
    respondents = long[["round", "group", "respondent_id"]].drop_duplicates().shape[0]
    return SurveyParse(conform("responses", long), respondents, dropped, ignored)
