"""Survey exports: recognise the layout, map columns to the codebook, read the answers.

Two layouts are read:

- **wide**: one row per respondent, one column per statement (Microsoft
  Forms, Google Forms, Nettskjema, SurveyXact, the canonical file of
  ``demo.write_canonical_survey_csv``);
- **long**: one row per respondent and statement, with an item column
  (``item_id`` or the statement text) and an answer column (``svar``/``value``).

System columns are recognised in Norwegian and English (``ID``, ``Starttidspunkt``
/ ``Start time``, ``Fullføringstidspunkt`` / ``Completion time``, ``Tidspunkt for
siste endring`` / ``Last modified time``, ``Tidsmerke`` / ``Timestamp``,
``$submission_id`` ...). Columns that identify a person (name, e-mail, phone,
IP address ...) are dropped before anything else happens and never stored.

A column is mapped to a codebook statement when (in this order) its header
is or contains the ``item_id``, a mapping remembered for the form (or
confirmed in the app) names it, or its text equals the statement's text after
normalisation (case, whitespace, punctuation, non-breaking spaces). A header
that is merely *similar* gets suggestions (:func:`suggest`) but is never
mapped without the analyst's confirmation, so the command line stays
deterministic: an inexact header is reported as unmapped.

Answers may be the values of the strategy's answer scale (``likert_scale`` in
``framework.json``), its labels or their aliases (``Helt enig``, ``Hverken enig
eller uenig``, ``Strongly agree`` ...) or both (``5 - Helt enig``). The
strategy's don't-know label, ``Vet ikke`` and ``Ikke relevant`` are stored as
"don't know" (no score), blanks as not answered. When the scale has a neutral
middle answer, a file whose labels never include it uses a scale without one
and is refused: its answers cannot be placed on the strategy's scale.

Everything is vectorised: each distinct cell text is classified once, so a
file with a million answers is read in seconds.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import DTYPES, conform
from analytics.core.text import excerpt, fmt_number, join_and, t
from analytics.ingest.errors import ImportRefused
from analytics.ingest.read import normalise
from analytics.ingest.tables import parse_int

ROLE_HEADERS = {
    "respondent_id": (
        "respondent_id",
        "respondent",
        "respondentid",
        "id",
        "svar_id",
        "svar id",
        "submission_id",
        "response id",
        "responseid",
    ),
    "unit": ("enhet", "unit", "avdeling", "hvilken enhet jobber du i", "arbeidssted"),
    "round": ("runde", "round"),
    "group": ("gruppe", "group", "respondentgruppe"),
    "completed": (
        "fullføringstidspunkt",
        "completion time",
        "tidsmerke",
        "timestamp",
        "created",
        "innsendt",
        "fullført",
    ),
    "modified": ("tidspunkt for siste endring", "last modified time", "modified", "sist endret"),
    "started": ("starttidspunkt", "start time", "started"),
    "item": ("item_id", "item", "spørsmål", "question", "utsagn", "variabel"),
    "answer": ("value", "verdi", "svar", "answer", "svarverdi"),
}
PERSONAL_HEADERS = {
    normalise(h)
    for h in (
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
        "e-mail address",
        "telefon",
        "mobil",
        "phone",
        "fødselsnummer",
        "ip",
        "ip-adresse",
        "ip address",
        "innsender",
        "submitter",
        "brukernavn",
        "username",
    )
}
# System columns that carry nothing the barometer uses.
IGNORED_SYSTEM_HEADERS = {
    normalise(h)
    for h in ("$answer_time_ms", "total points", "totalt antall poeng", "quiz feedback", "poengsum", "score")
}
TARGET_ROLES = ("respondent_id", "unit", "round", "group")
IGNORE = ""

DONT_KNOW = {
    normalise(w)
    for w in (
        "vet ikke",
        "vet ikkje",
        "ikke relevant",
        "ikkje relevant",
        "ikke aktuelt",
        "don't know",
        "dont know",
        "do not know",
        "not applicable",
        "n/a",
    )
}
NUMBERED_LABEL = re.compile(r"^\s*(\d+)\s*[-–—=.:)]?\s*([^\W\d_].*)$")
# A scale number standing alone («4 Enig, 5 Helt enig» has two).
SCALE_NUMBER = re.compile(r"(?<![\w.,])\d+(?![\w.,])")
# Fewer label answers than this cannot tell a four-point scale from chance.
FOUR_POINT_MIN_ANSWERS = 30
SUGGESTION_CUTOFF = 0.6
DATETIME_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M.%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d",
    # Google Forms' own CSV download: 12-hour clock (the zone abbreviation is removed first).
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
)
# A time zone after a time («CEST», «GMT+2», «UTC+02:00»): the clock time is the local one.
ZONE_SUFFIX = r"\s+(?:[A-Z]{2,5}|(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?)$"
ROUND_PATTERN = re.compile(r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå ._/-]{0,19}$")
MAX_ROWS_NAMED = 8
# More rejected rows or values than this, and the file is refused without listing them all.
MAX_REJECTED = 10_000
LONG_COLUMNS = ["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know", "modified_at"]


@dataclass(frozen=True)
class Rejected:
    """A row or a value that will not be stored, and why."""

    row: int
    column: str
    value: str
    reason: str

    def text(self) -> str:
        where = t("survey_rejected_row", row=self.row) + (
            t("survey_rejected_column", column=self.column) if self.column else ""
        )
        return f"{where}: {self.reason}"


@dataclass
class SurveyParse:
    """The long-format answers of one file, and what the analyst should know."""

    responses: pd.DataFrame
    respondents: int
    layout: str
    mapped: dict[str, str] = field(default_factory=dict)  # column -> item_id or role
    unmapped: list[str] = field(default_factory=list)
    suggestions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    dropped_personal: list[str] = field(default_factory=list)
    system_columns: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    renamed_units: dict[str, str] = field(default_factory=dict)


ROLES = {normalise(name): role for role, names in ROLE_HEADERS.items() for name in names}
REPEATED_HEADER = re.compile(r"^(.*) \[\d+\]$")
GRID_ROW = re.compile(r"\[([^\]]{8,})\]\s*$")
ROLES_IN_CODEBOOK = {
    **dict.fromkeys(("variabel", "variable", "variabelnavn", "kolonne", "column", "var"), "variable"),
    **dict.fromkeys(("verdi", "value", "kode", "code", "svarkode"), "value"),
    **dict.fromkeys(("etikett", "label", "verdietikett", "svaralternativ"), "label"),
    **dict.fromkeys(("spørsmål", "question", "spørsmålstekst", "tekst", "text"), "text"),
}


def _item_pattern() -> re.Pattern:
    ids = sorted(framework().item_ids, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, ids)) + r")(?![A-Za-z0-9])", re.I)


def match_item(label: str, remembered: dict[str, str]) -> tuple[str | None, str]:
    """The codebook item (or role) a header or item cell names, and how it was found.

    ``remembered`` maps normalised headers to targets saved for the form.
    Returns ``(None, "")`` when nothing matches exactly.
    """
    fw = framework()
    ids = {i.item_id.lower(): i.item_id for i in fw.items}
    key = normalise(label)
    if key in remembered:
        return remembered[key], "husket"
    if str(label).strip().lower() in ids:
        return ids[str(label).strip().lower()], "id"
    found = {m.upper() for m in _item_pattern().findall(str(label))}
    if len(found) == 1:
        return ids[found.pop().lower()], "id"
    by_text = {normalise(i.text): i.item_id for i in fw.items}
    if key in by_text:
        return by_text[key], "tekst"
    grid_row = GRID_ROW.search(str(label))  # Google Forms grid: "Question [statement]"
    if grid_row and normalise(grid_row.group(1)) in by_text:
        return by_text[normalise(grid_row.group(1))], "tekst"
    return None, ""


@dataclass
class ValueLabels:
    """A form's own codebook (Nettskjema, SurveyXact): what its variables and codes mean.

    ``texts`` maps a normalised variable name to its question text, ``codes``
    a normalised variable name to {code: answer label}.
    """

    texts: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_frames(cls, frames: list[pd.DataFrame], source: str) -> ValueLabels:
        labels = cls()
        for frame in frames:
            columns = {ROLES_IN_CODEBOOK.get(normalise(c)): c for c in frame.columns}
            variable = columns.get("variable")
            if variable is None:
                raise ImportRefused(t("survey_codebook_no_variable", source=source))
            value, label = columns.get("value"), columns.get("label") or columns.get("text")
            for row in frame.itertuples(index=False):
                cells = dict(zip(frame.columns, row))
                name = normalise(cells[variable])
                if value is not None and label is not None and str(cells[value]).strip():
                    labels.codes.setdefault(name, {})[str(cells[value]).strip()] = str(cells[label]).strip()
                elif columns.get("text") is not None:
                    labels.texts[name] = str(cells[columns["text"]]).strip()
        return labels


def suggest(label: str, limit: int = 3) -> list[tuple[str, float]]:
    """Codebook items whose statement resembles ``label``, best first, with similarity 0-1.

    Suggestions are never applied on their own; the analyst confirms them.
    """
    key = normalise(label)
    scored = [
        (item.item_id, difflib.SequenceMatcher(None, key, normalise(item.text)).ratio())
        for item in framework().items
    ]
    good = [(item_id, round(score, 2)) for item_id, score in scored if score >= SUGGESTION_CUTOFF]
    return sorted(good, key=lambda pair: -pair[1])[:limit]


def _label_values(fw) -> dict[str, int]:
    """Normalised answer label or alias -> its value on the strategy's scale."""
    out = {}
    for step in fw.likert_scale:
        for label in (step.name, *fw.scale_aliases.get(int(step.id), ())):
            out[normalise(label)] = int(step.id)
    return out


def _classify(cell: str, fw, labels: dict[str, int]) -> tuple[float, bool, str, str]:
    """(value or NaN, don't know, problem, kind) for one distinct answer text.

    A cell is read only when all of it is one known answer: a number on the
    scale, a known label, or a number followed by the label that says the same.
    """
    key = normalise(cell)
    quoted = excerpt(cell)
    not_on_scale = t(
        "survey_answer_off_scale",
        quoted=quoted,
        scale_min=fw.scale_min,
        scale_max=fw.scale_max,
        dont_know_label=fw.dont_know_label,
    )
    if key in DONT_KNOW or key == normalise(fw.dont_know_label):
        return np.nan, True, "", "dont_know"
    if key in labels:
        return labels[key], False, "", "neutral" if labels[key] == fw.neutral_value else "label"
    number = parse_int(cell.strip())
    if number is not None:
        if fw.scale_min <= number <= fw.scale_max:
            return number, False, "", "number"
        return np.nan, False, not_on_scale, ""
    if ";" in cell or len(SCALE_NUMBER.findall(cell)) > 1:
        return np.nan, False, t("survey_answer_several", quoted=quoted), ""
    numbered = NUMBERED_LABEL.match(cell)
    if numbered:
        value, label = int(numbered.group(1)), normalise(numbered.group(2))
        if labels.get(label) == value:
            return value, False, "", "numbered"
        if label in labels or label in DONT_KNOW or label == normalise(fw.dont_know_label):
            return np.nan, False, t("survey_answer_number_and_text", quoted=quoted), ""
    return np.nan, False, not_on_scale, ""


def _answers(cells: pd.Series) -> pd.DataFrame:
    """Classify answer texts, each distinct text once: value, dont_know, problem, kind."""
    fw = framework()
    labels = _label_values(fw)
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    table = pd.DataFrame(
        [_classify(c, fw, labels) for c in distinct], columns=["value", "dont_know", "problem", "kind"]
    )
    return table.iloc[codes].set_axis(cells.index)


def _datetimes(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str.replace(ZONE_SUFFIX, "", regex=True)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ms]")
    for fmt in DATETIME_FORMATS:
        missing = parsed.isna() & (text != "")
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
    return parsed


def _per_row(
    cells: pd.DataFrame, column: str | None, flag: str | None, what: str, flag_name: str
) -> pd.Series:
    """Round or group for every row: from the flag, the column, or both if they agree."""
    if column is None and not flag:
        raise ImportRefused(t("survey_which_missing", what=what, flag_name=flag_name))
    if column is None:
        return pd.Series(flag, index=cells.index, dtype=object)
    values = cells[column].astype(str).str.strip()
    if flag:
        other = sorted(set(values[values != ""]) - {flag})
        if other:
            raise ImportRefused(
                t(
                    "survey_which_disagrees",
                    what=what,
                    other=excerpt(other[0]),
                    column=excerpt(column),
                    flag_name=flag_name,
                    flag=flag,
                )
            )
        return pd.Series(flag, index=cells.index, dtype=object)
    return values


def _unit_names(units: pd.Series, when: pd.Series, unit_map: pd.DataFrame) -> tuple[pd.Series, dict]:
    """Units through the unit table: an alias valid on the answer's date becomes its unit."""
    renamed: dict[str, str] = {}
    if unit_map.empty:
        return units, renamed
    out = units.copy()
    for alias in unit_map.itertuples(index=False):
        valid = units.str.lower() == alias.alias.lower()
        if pd.notna(alias.valid_from):
            valid &= ~(when < alias.valid_from)
        if pd.notna(alias.valid_to):
            valid &= ~(when > alias.valid_to)
        if valid.any():
            out[valid] = alias.unit
            renamed[alias.alias] = alias.unit
    return out, renamed


def _answer_dates(completed: pd.Series | None, rounds: pd.Series) -> pd.Series:
    """The day an answer was given: its completion time, or mid-year of a year-named round."""
    mid_year = pd.to_datetime(rounds.where(rounds.str.fullmatch(r"\d{4}"), None) + "-07-01", errors="coerce")
    if completed is None:
        return mid_year
    return completed.fillna(mid_year)


def map_columns(
    columns: list[str], remembered: dict[str, str], confirmed: dict[str, str], labels: ValueLabels
) -> tuple[SurveyParse, dict[str, str], dict[str, str]]:
    """Map a file's headers to codebook statements and roles, from the headers alone.

    Returns the parse so far (what was mapped, left unmapped, dropped as
    personal data or recognised as a system column), role -> column and
    column -> item_id.
    """
    fw = framework()
    personal = [c for c in columns if normalise(c) in PERSONAL_HEADERS and c not in confirmed]
    parse = SurveyParse(conform("responses", pd.DataFrame()), 0, "wide", dropped_personal=personal)
    roles: dict[str, str] = {}
    items: dict[str, str] = {}
    kept = [c for c in columns if c not in personal]
    repeated = {m.group(1) for c in kept if (m := REPEATED_HEADER.match(c))}
    for column in kept:
        if column in confirmed:
            target, how = confirmed[column], "bekreftet"
        elif normalise(column) in ROLES:
            target, how = ROLES[normalise(column)], "system"
        else:
            target, how = match_item(column, remembered)
            if target is None and normalise(column) in labels.texts:
                target, how = match_item(labels.texts[normalise(column)], remembered)
                how = how and "kodebok"
            if how == "tekst" and column in repeated:
                # The same statement heads several columns (two blocks lost their stem):
                # which block is which needs the analyst.
                target = None
                parse.warnings.append(t("survey_header_repeated", column=excerpt(column)))
        if target in fw.item_ids:
            items[column] = target
            parse.mapped[column] = f"{target} ({how})"
        elif target:
            roles.setdefault(target, column)
            if target in TARGET_ROLES or target in ("item", "answer"):
                parse.mapped[column] = target
            else:
                parse.system_columns.append(column)
        elif column not in confirmed:
            if normalise(column) in IGNORED_SYSTEM_HEADERS:
                parse.system_columns.append(column)
            else:
                parse.unmapped.append(column)
    return parse, roles, items


def require_wide(roles: dict[str, str], items: dict[str, str], parse: SurveyParse, source: str) -> None:
    """A wide file: item and answer columns are not read, and at least one column is a statement."""
    for column in ("item", "answer"):
        if column in roles:
            parse.unmapped.append(roles.pop(column))
            parse.mapped.pop(parse.unmapped[-1], None)
    if not items:
        example = ", ".join(framework().item_ids[:3])
        raise ImportRefused(t("survey_no_item_columns", source=source, example=example))


def parse_survey(
    cells: pd.DataFrame,
    source: str,
    round_label: str | None = None,
    group: str | None = None,
    remembered: dict[str, str] | None = None,
    confirmed: dict[str, str] | None = None,
    unit_map: pd.DataFrame | None = None,
    value_labels: ValueLabels | None = None,
) -> SurveyParse:
    """Validate a survey export and turn it into long-format answers.

    Parameters
    ----------
    cells
        Text cells as read by :func:`analytics.ingest.read.read_tables`; the
        index holds the file's row numbers.
    source
        The file name, for messages.
    round_label, group
        Round and respondent group for every row (``--round``/``--group`` or the
        app's choice); otherwise the columns ``runde``/``gruppe`` are used.
    remembered
        Normalised header -> item_id or role, saved for this form.
    confirmed
        Column label -> item_id, role or ``""`` (ignore), confirmed by the
        analyst in the app; wins over everything else.
    unit_map
        The unit table (``alias``, ``unit``, ``valid_from``, ``valid_to``).
    value_labels
        The form's own codebook: question texts and answer codes per variable.

    Raises
    ------
    ImportRefused
        When the file as a whole cannot be read as a survey. Bad rows and
        values do not raise: they are listed in ``rejected``.
    """
    remembered = remembered or {}
    confirmed = confirmed or {}
    labels = value_labels or ValueLabels()
    too_wide = cells.attrs.get("too_wide", [])
    parse, roles, items = map_columns(list(cells.columns), remembered, confirmed, labels)
    cells = cells.drop(columns=parse.dropped_personal)
    if not items and "item" in roles and "answer" in roles:
        parse.layout = "long"
        long = _long_answers(cells, roles, remembered, parse)
    else:
        require_wide(roles, items, parse, source)
        long = _wide_answers(cells, items, parse, labels)
    _duplicate_statements(items, parse)
    parse.suggestions = {c: s for c in parse.unmapped if (s := suggest(c))}

    completed = _datetimes(cells[roles["completed"]]) if "completed" in roles else None
    modified = _datetimes(cells[roles["modified"]]) if "modified" in roles else completed
    if completed is not None and "respondent_id" not in roles:
        # The submission time is the response's id, so every one of them must be read.
        _refuse_unreadable_times(cells[roles["completed"]], completed, roles["completed"], source)
    ids = _respondent_ids(cells, roles, completed, source)
    # The same importer serves the import page and the CLI: name the way to fix it in both.
    rounds = _per_row(cells, roles.get("round"), round_label, "runde", t("survey_round_field"))
    group_values = _per_row(cells, roles.get("group"), group, "gruppe", t("survey_group_field"))
    groups = group_ids(group_values)
    require_unit_column(roles, groups, source)
    units = cells[roles["unit"]].astype(str).str.strip() if "unit" in roles else pd.Series("", cells.index)
    units, parse.renamed_units = _unit_names(
        units, _answer_dates(completed, rounds.astype(str)), unit_map if unit_map is not None else _no_units()
    )

    bad_rows = _row_problems(ids, rounds, groups, group_values, units, too_wide, parse)
    # A row that is not stored at all is listed once, not once per value.
    parse.rejected = [r for r in parse.rejected if r.row not in bad_rows or not r.column]
    long = long[~long["row"].isin(bad_rows)]
    rows = long["row"].to_numpy()
    long = long.assign(
        round=rounds.reindex(rows).to_numpy(),
        group=groups.reindex(rows).to_numpy(),
        unit=units.reindex(rows).replace("", None).to_numpy(),
        respondent_id=ids.reindex(rows).to_numpy(),
        modified_at=(modified.reindex(rows).to_numpy() if modified is not None else pd.NaT),
    )
    not_asked = _not_asked(long)
    for row, column, item_id, grp in not_asked[["row", "column", "item_id", "group"]].itertuples(index=False):
        parse.rejected.append(
            Rejected(row, column, "", t("survey_item_not_for_group", item_id=item_id, group=grp))
        )
    long = long[~long.index.isin(not_asked.index)]
    if parse.layout == "long":
        twice = long.duplicated(["round", "group", "respondent_id", "item_id"])
        for row, column, respondent in long.loc[twice, ["row", "column", "respondent_id"]].itertuples(
            index=False
        ):
            parse.rejected.append(
                Rejected(row, column, "", t("survey_respondent_twice", respondent=excerpt(respondent)))
            )
        long = long[~twice]
    _check_scale(long, parse)
    parse.rejected.sort(key=lambda r: (r.row, r.column))
    parse.responses = payload_frame(long)
    parse.respondents = int(parse.responses[["round", "group", "respondent_id"]].drop_duplicates().shape[0])
    return parse


def group_ids(values: pd.Series) -> pd.Series:
    """The respondent group id of each group name or id (any case); NaN when unknown."""
    fw = framework()
    names_to_ids = {g.name.lower(): g.id for g in fw.groups} | {g: g for g in fw.group_ids}
    return values.str.lower().map(names_to_ids)


def require_unit_column(roles: dict[str, str], groups: pd.Series, source: str) -> None:
    """Refuse a file without a unit column when a group that needs a unit answered it."""
    fw = framework()
    if "unit" not in roles and groups.isin(fw.unit_groups).any():
        raise ImportRefused(t("survey_unit_column_missing", source=source, groups=_unit_group_names(fw)))


def _no_units() -> pd.DataFrame:
    return pd.DataFrame(columns=["alias", "unit", "valid_from", "valid_to"])


def payload_frame(long: pd.DataFrame) -> pd.DataFrame:
    """Answers as an import stores them: the ``responses`` columns plus ``modified_at``."""
    out = conform("responses", long)
    modified = long["modified_at"] if "modified_at" in long else pd.Series(pd.NaT, index=long.index)
    out["modified_at"] = pd.to_datetime(modified.to_numpy()).astype(DTYPES["date"])
    return out


def _wide_answers(
    cells: pd.DataFrame, items: dict[str, str], parse: SurveyParse, labels: ValueLabels
) -> pd.DataFrame:
    parts = []
    problems = 0
    for column, item_id in items.items():
        text = cells[column].astype(str).str.strip()
        text = text[text != ""]
        codes = labels.codes.get(normalise(column))
        answers = _answers(text.replace(codes) if codes else text)
        # Refuse a file of non-answers before building rows for all of it.
        bad = answers["problem"] != ""
        problems += int(bad.sum())
        if problems > MAX_REJECTED:
            first = [
                Rejected(int(r), column, "", answers.at[r, "problem"])
                for r in bad.index[bad][:MAX_ROWS_NAMED]
            ]
            _refuse_too_many(first, problems)
        parts.append(
            pd.DataFrame(
                {
                    "row": text.index.to_numpy(),
                    "column": column,
                    "item_id": item_id,
                    "cell": text.to_numpy(),
                    **{k: answers[k].to_numpy() for k in ("value", "dont_know", "problem", "kind")},
                }
            )
        )
    long = pd.concat(parts, ignore_index=True)
    return _drop_problems(long, parse)


def _long_answers(cells: pd.DataFrame, roles: dict, remembered: dict, parse: SurveyParse) -> pd.DataFrame:
    item_text = cells[roles["item"]].astype(str).str.strip()
    answer_text = cells[roles["answer"]].astype(str).str.strip()
    known = {text: match_item(text, remembered)[0] for text in pd.unique(item_text)}
    item_ids = item_text.map(known)
    unknown = item_ids.isna()
    for text in sorted(set(item_text[unknown])):
        parse.unmapped.append(text)
    for row in item_text.index[unknown][:100]:
        parse.rejected.append(
            Rejected(
                int(row),
                roles["item"],
                excerpt(item_text[row]),
                t("survey_not_an_item", text=excerpt(item_text[row])),
            )
        )
    keep = ~unknown & (answer_text != "")
    answers = _answers(answer_text[keep])
    # Columns stay pandas series (Arrow-backed text), never arrays of Python strings.
    long = pd.DataFrame(
        {
            "row": answer_text.index[keep].to_numpy(),
            "column": roles["answer"],
            "item_id": item_ids[keep].reset_index(drop=True),
            "cell": answer_text[keep].reset_index(drop=True),
            **{k: answers[k].reset_index(drop=True) for k in ("value", "dont_know", "problem", "kind")},
        }
    )
    return _drop_problems(long, parse)


def _refuse_too_many(rejected: list[Rejected], count: int) -> None:
    """So many rejected rows or values mean the wrong file or layout: refuse at once,
    instead of listing them all (a header repeated 200 000 times is 6 million bad values)."""
    if count > MAX_REJECTED:
        examples = "\n  ".join(r.text() for r in rejected[:MAX_ROWS_NAMED])
        raise ImportRefused(t("too_many_rejected", limit=fmt_number(MAX_REJECTED, 0), examples=examples))


def _drop_problems(long: pd.DataFrame, parse: SurveyParse) -> pd.DataFrame:
    bad = long["problem"] != ""
    count = int(bad.sum())
    shown = long.loc[bad, ["row", "column", "cell", "problem"]].head(MAX_REJECTED + 1)
    rejected = [
        Rejected(int(row), column, excerpt(cell), problem)
        for row, column, cell, problem in shown.itertuples(index=False)
    ]
    _refuse_too_many(rejected, count + len(parse.rejected))
    parse.rejected.extend(rejected)
    return long[~bad].reset_index(drop=True)


def _refuse_unreadable_times(text: pd.Series, parsed: pd.Series, column: str, source: str) -> None:
    """A time column whose values cannot all be read is named with its rows, not ignored."""
    unreadable = parsed.isna() & (text.astype(str).str.strip() != "")
    if unreadable.any():
        rows = [str(r) for r in text.index[unreadable]]
        shown = ", ".join(rows[:MAX_ROWS_NAMED]) + (" …" if len(rows) > MAX_ROWS_NAMED else "")
        example = excerpt(text[unreadable].iloc[0])
        raise ImportRefused(t("times_unreadable", source=source, column=column, rows=shown, example=example))


def _respondent_ids(cells, roles, completed, source) -> pd.Series:
    if "respondent_id" in roles:
        return cells[roles["respondent_id"]].astype(str).str.strip()
    if completed is not None and completed.notna().all():
        # Google Forms has no response id: the submission time identifies a response.
        stamp = completed.dt.strftime("%Y%m%dT%H%M%S")
        return "t" + stamp + stamp.groupby(stamp).cumcount().map(lambda k: f"-{k + 1}" if k else "")
    raise ImportRefused(t("survey_no_respondent_id", source=source))


def _row_problems(ids, rounds, groups, group_values, units, too_wide, parse: SurveyParse) -> set[int]:
    """Rows that cannot be stored at all, each listed once with its first problem."""
    fw = framework()
    problems: dict[int, Rejected] = {}

    def reject(mask: pd.Series, column: str, reason) -> None:
        for row in mask.index[mask][: MAX_REJECTED + 1]:
            if row not in problems:
                problems[row] = Rejected(int(row), column, "", reason(row) if callable(reason) else reason)
        _refuse_too_many(list(problems.values()), len(problems))

    reject(
        ~rounds.astype(str).str.match(ROUND_PATTERN),
        "",
        lambda r: t("survey_round_invalid", round=excerpt(rounds[r])),
    )
    reject(
        groups.isna(),
        "",
        lambda r: t("survey_group_unknown", group=excerpt(group_values[r]), groups=", ".join(fw.group_ids)),
    )
    reject(
        pd.Series(ids.index.isin(too_wide), index=ids.index),
        "",
        t("survey_row_too_long"),
    )
    reject(ids == "", "", t("survey_respondent_id_missing"))
    key = pd.DataFrame({"r": rounds, "g": groups, "i": ids})
    first_row = key.reset_index().groupby(["r", "g", "i"], dropna=False)["row"].transform("first")
    first_row.index = key.index
    twice = (ids != "") & key.duplicated() & (parse.layout == "wide")
    reject(
        twice,
        "",
        lambda r: t("survey_respondent_id_repeated", respondent_id=excerpt(ids[r]), first_row=first_row[r]),
    )
    reject(
        (units == "") & groups.isin(fw.unit_groups),
        "",
        t("survey_unit_missing", groups=_unit_group_names(fw)),
    )
    parse.rejected.extend(problems.values())
    return set(problems)


def _not_asked(long: pd.DataFrame) -> pd.DataFrame:
    fw = framework()
    asked = pd.Series(False, index=long.index)
    for group in fw.group_ids:
        in_group = long["group"] == group
        asked |= in_group & long["item_id"].isin([i.item_id for i in fw.items_for(group)])
    return long[~asked]


def _unit_group_names(fw) -> str:
    return join_and([fw.name_of("groups", g).lower() for g in fw.unit_groups])


def _check_scale(long: pd.DataFrame, parse: SurveyParse) -> None:
    kinds = long["kind"]
    numbers = long.loc[kinds == "number", "value"]
    check_scale(
        int(kinds.isin(("label", "neutral")).sum()),
        bool((kinds == "neutral").any()),
        len(numbers),
        numbers.max() if len(numbers) else None,
        parse,
    )


def check_scale(labels: int, neutral: bool, numbers: int, highest: float | None, parse: SurveyParse) -> None:
    """Refuse label answers from a scale without the neutral middle; warn when number
    answers never reach the top of the scale (``labels`` label answers, whether any is
    the neutral one, ``numbers`` number answers and the ``highest`` of them)."""
    fw = framework()
    scale = f"{fw.scale_min}–{fw.scale_max}"
    if fw.neutral_value is not None and labels >= FOUR_POINT_MIN_ANSWERS and not neutral:
        first, last = fw.likert_scale[0].name, fw.likert_scale[-1].name
        name = fw.name_of("likert_scale", str(fw.neutral_value))
        raise ImportRefused(
            t("survey_scale_without_midpoint", last=last, first=first, labels=labels, name=name, scale=scale)
        )
    if numbers >= FOUR_POINT_MIN_ANSWERS and highest < fw.scale_max:
        parse.warnings.append(
            t(
                "survey_scale_mismatch",
                numbers=numbers,
                scale_max=fw.scale_max,
                scale=scale,
                scale_min=fw.scale_min,
                other_max=fw.scale_max - 1,
            )
        )


def _duplicate_statements(items: dict[str, str], parse: SurveyParse) -> None:
    by_item: dict[str, list[str]] = {}
    for column, item_id in items.items():
        by_item.setdefault(item_id, []).append(column)
    for item_id, columns in by_item.items():
        if len(columns) > 1:
            raise ImportRefused(t("survey_item_in_columns", item_id=item_id, columns=", ".join(columns)))
