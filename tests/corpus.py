"""A seeded corpus of realistic survey exports and registers, with their truth.

``build(folder)`` writes every file into ``folder`` and returns the cases:
each names its file(s), the import options, and either the exact answers the
importer must store (``truth``, long format) or the message it must refuse
with. Files are written the way the tools write them: real xlsx through
openpyxl, cp1252 bytes with CRLF, UTF-16 with BOM, UTF-8 with BOM, quoted
Nettskjema fields, a real password-protected workbook.

Run ``python -m tests.corpus FOLDER`` to look at the files.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd

from analytics.core.framework import framework

SEED = 2025
UNITS = ("Helse og omsorg", "Oppvekst og læring", "Plan og teknisk", "Sentral stab")
LABELS_NO = {
    1: "Helt uenig",
    2: "Delvis uenig",
    3: "Verken enig eller uenig",
    4: "Delvis enig",
    5: "Helt enig",
}
LABELS_NO_ALT = {
    1: "Svært uenig",
    2: "Litt uenig",
    3: "Hverken enig eller uenig",
    4: "Litt enig",
    5: "Svært enig",
}
LABELS_EN = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
FREE_TEXT = (
    'Vi trenger mer tid.\nOg "ordentlige" verktøy; ikke flere møter.',
    '=HYPERLINK("http://example.com","klikk")',
    "+47 900 00 000 ringer meg gjerne",
    "@kari bør lede dette",
    "Budsjettet – 20 000 € – er for lite, sier vi’re",
)
PERSON_NAMES = ("Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Per Olsen", "Anne Lie", "Jonas Dahl")


CASES = (
    "forms_norwegian",
    "forms_english_two_blocks",
    "excel_semicolon_cp1252",
    "csv_utf8_bom",
    "utf16_tab",
    "google_forms",
    "nettskjema",
    "nettskjema_without_codebook",
    "surveyxact",
    "parquet_wide",
    "long_csv",
    "four_point",
    "bad_values_refused",
    "bad_values_accepted",
    "project_register",
    "event_list",
    "empty",
    "header_only",
    "xlsx_named_csv",
    "password",
    "corrupt",
    "bomb",
    "too_large",
    "too_many_rows",
)


ANSWER = ["respondent_id", "unit", "item_id", "value", "dont_know"]


def _answers(frame: pd.DataFrame) -> list[tuple]:
    """Answers as sorted plain tuples, to compare stored rows with the truth exactly."""
    rows = frame[ANSWER].astype(object).where(frame[ANSWER].notna(), None)
    return sorted(
        (r, u or None, i, None if v is None else int(v), bool(d))
        for r, u, i, v, d in rows.itertuples(index=False)
    )


@dataclass
class Case:
    """One file of the corpus and what importing it must give."""

    name: str
    path: Path
    options: dict = field(default_factory=dict)
    truth: pd.DataFrame | None = None  # the answers that must be stored, exactly
    refused: str = ""  # a part of the refusal message
    expect: dict = field(default_factory=dict)  # other exact facts of the report
    env: dict = field(default_factory=dict)
    codebooks: tuple[Path, ...] = ()


def respondents(rng: random.Random, group: str, n: int, prefix: str, with_unit: bool = True) -> pd.DataFrame:
    """Truth: one row per answer (a value of the strategy's scale, or don't know), some statements skipped."""
    rows = []
    for k in range(1, n + 1):
        unit = rng.choice(UNITS) if with_unit else None
        level = rng.choice((2, 3, 4))
        fw = framework()
        for item in fw.items_for(group):
            draw = rng.random()
            if draw < 0.06:
                continue  # skipped
            if draw < 0.12:
                rows.append((f"{prefix}{k}", unit, item.item_id, None, True))
                continue
            value = min(fw.scale_max, max(fw.scale_min, level + rng.choice((-1, 0, 0, 1, 1))))
            rows.append((f"{prefix}{k}", unit, item.item_id, value, False))
    return pd.DataFrame(rows, columns=["respondent_id", "unit", "item_id", "value", "dont_know"])


def wide(truth: pd.DataFrame, cell, items=None) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Respondent ids and {respondent: {item_id: cell text}} (blank when skipped)."""
    ids = list(dict.fromkeys(truth["respondent_id"]))
    items = items or list(dict.fromkeys(truth["item_id"]))
    cells = {r: dict.fromkeys(items, "") for r in ids}
    for row in truth.itertuples(index=False):
        cells[row.respondent_id][row.item_id] = cell(row)
    return ids, cells


def _label(labels, dont_know="Vet ikke"):
    return lambda row: dont_know if row.dont_know else labels[int(row.value)]


def _number(row) -> str:
    return "Vet ikke" if row.dont_know else str(int(row.value))


def _text(item_id: str) -> str:
    return next(i.text for i in framework().items if i.item_id == item_id)


def _scale_labels() -> dict[int, str]:
    """The configured strategy's answer labels (Jevnaker's are :data:`LABELS_NO`)."""
    return {int(s.id): s.name for s in framework().likert_scale}


def _group_items(group: str) -> list[str]:
    return [i.item_id for i in framework().items_for(group)]


def _xlsx(path: Path, rows: list[list], title: str = "Sheet1", setup=None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup:
        setup(sheet)
    book.save(path)


def _csv_text(rows: list[list], delimiter: str, line_end: str = "\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def _times(rng: random.Random, n: int, start: datetime) -> list[datetime]:
    return [start + timedelta(minutes=37 * k + rng.randint(0, 20)) for k in range(n)]


def forms_norwegian(folder: Path, rng: random.Random) -> Case:
    """Microsoft Forms, Norwegian Office: labels, a question added mid-survey, multi-select, free text."""
    truth = respondents(rng, "ansatte", 14, "")
    truth["respondent_id"] = truth["respondent_id"].astype(int).astype(str)
    late = [str(k) for k in range(1, 6)]  # K9_2 was added after five answers
    truth = truth[~(truth["respondent_id"].isin(late) & (truth["item_id"] == "K9_2"))]
    items = [i.item_id for i in framework().items_for("ansatte")]
    ids, cells = wide(truth, _label(LABELS_NO, "Ikke relevant"), items)
    units = truth.groupby("respondent_id")["unit"].first()
    headers = [_text(i) for i in items]
    headers[0] = headers[0].upper()
    headers[1] = headers[1].replace(" ", "\u00a0", 3) + "  "
    start = _times(rng, len(ids), datetime(2025, 3, 3, 8, 0))
    rows = [
        [
            "ID",
            "Starttidspunkt",
            "Fullføringstidspunkt",
            "E-postadresse",
            "Navn",
            "Tidspunkt for siste endring",
            "Hvilken enhet jobber du i?",
            *headers,
            "Hvilke verktøy har du brukt det siste året?",
            "Har du andre kommentarer?",
        ]
    ]
    for k, rid in enumerate(ids):
        name = PERSON_NAMES[k % len(PERSON_NAMES)]
        rows.append(
            [
                int(rid),
                start[k],
                start[k] + timedelta(minutes=6),
                f"{name.split()[0].lower()}@jevnaker.kommune.no",
                name,
                start[k] + timedelta(minutes=6),
                units[rid],
                *[cells[rid][i] for i in items],
                "BLT;Gevinstkart;Tjenestedesign;" if k % 2 else "BLT;",
                FREE_TEXT[k % len(FREE_TEXT)],
            ]
        )
    path = folder / "Medarbeiderundersøkelse 2025(1-14).xlsx"
    _xlsx(path, rows)
    return Case(
        "forms_norwegian",
        path,
        {"round_label": "2025", "group": "ansatte"},
        truth,
        expect={
            "respondents": 14,
            "dropped_personal": ["E-postadresse", "Navn"],
            "unmapped": ["Hvilke verktøy har du brukt det siste året?", "Har du andre kommentarer?"],
        },
    )


def forms_english_two_blocks(folder: Path, rng: random.Random) -> Case:
    """Microsoft Forms, English Office: English labels; two blocks with the same statement."""
    truth = respondents(rng, "ledere", 9, "L")
    items = [i.item_id for i in framework().items_for("ledere")]
    ids, cells = wide(truth, _label(LABELS_EN, "Don't know"), items)
    units = truth.groupby("respondent_id")["unit"].first()
    start = _times(rng, len(ids), datetime(2025, 3, 10, 9, 0))
    repeated = _text("K3_1")
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Enhet"]
    header += [_text(i) for i in items] + [repeated]
    rows = [header]
    for k, rid in enumerate(ids):
        second_block = LABELS_EN[rng.randint(1, 5)]
        rows.append(
            [rid, start[k], start[k], "anonymous", "", start[k], units[rid]]
            + [cells[rid][i] for i in items]
            + [second_block]
        )
    path = folder / "Lederundersøkelse 2025(1-9).xlsx"
    _xlsx(path, rows)
    return Case(
        "forms_english_two_blocks",
        path,
        {"round_label": "2025", "group": "ledere"},
        truth[truth["item_id"] != "K3_1"],
        expect={"respondents": 9, "unmapped": [repeated, f"{repeated} [2]"]},
    )


def excel_semicolon_cp1252(folder: Path, rng: random.Random) -> Case:
    """Excel's "CSV (semikolondelt)": ';', Windows-1252, CRLF, dd.mm.yyyy HH:MM, decimal comma."""
    group = framework().baseline_group
    truth = respondents(rng, group, 11, "S")
    items = _group_items(group)
    ids, cells = wide(truth, lambda r: "Vet ikke" if r.dont_know else f"{int(r.value)},0", items)
    units = truth.groupby("respondent_id")["unit"].first()
    rows = [["respondent_id", "enhet", "Fullført", *items, "Kommentar"]]
    for k, rid in enumerate(ids):
        rows.append(
            [
                rid,
                units[rid],
                f"{k + 1:02d}.03.2025 14:{k:02d}",
                *[cells[rid][i] for i in items],
                FREE_TEXT[k % 5],
            ]
        )
    path = folder / "svar_semikolondelt.csv"
    path.write_bytes(_csv_text(rows, ";", "\r\n").encode("cp1252"))
    return Case(
        "excel_semicolon_cp1252",
        path,
        {"round_label": "2025", "group": group},
        truth,
        expect={"respondents": 11, "unmapped": ["Kommentar"], "description": "Windows-1252"},
    )


def csv_utf8_bom(folder: Path, rng: random.Random) -> Case:
    """Excel's "CSV UTF-8": BOM, ',', round and group (by name) in columns, answers as "5 - Helt enig"."""
    fw = framework()
    group, labels = fw.unit_groups[-1], _scale_labels()
    truth = respondents(rng, group, 6, "B")
    items = _group_items(group)
    ids, cells = wide(
        truth, lambda r: "Vet ikke" if r.dont_know else f"{int(r.value)} - {labels[int(r.value)]}", items
    )
    units = truth.groupby("respondent_id")["unit"].first()
    rows = [["respondent_id", "enhet", "runde", "gruppe", *items]]
    name = fw.name_of("groups", group)
    rows += [[rid, units[rid], "2025", name, *[cells[rid][i] for i in items]] for rid in ids]
    path = folder / "ledere_utf8.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, ",").encode("utf-8"))
    return Case("csv_utf8_bom", path, {}, truth, expect={"respondents": 6, "description": "UTF-8 med BOM"})


def utf16_tab(folder: Path, rng: random.Random) -> Case:
    """Excel's "Unicode text": UTF-16 with BOM, tab-separated; politicians have no unit."""
    truth = respondents(rng, "politikere", 7, "P", with_unit=False)
    items = [i.item_id for i in framework().items_for("politikere")]
    ids, cells = wide(truth, _label(LABELS_NO_ALT), items)
    rows = [["respondent_id", *items]] + [[rid, *[cells[rid][i] for i in items]] for rid in ids]
    path = folder / "politikere.txt"
    path.write_bytes(_csv_text(rows, "\t", "\r\n").encode("utf-16"))
    return Case(
        "utf16_tab",
        path,
        {"round_label": "2025", "group": "politikere"},
        truth,
        expect={"respondents": 7, "description": "UTF-16"},
    )


def google_forms(folder: Path, rng: random.Random) -> Case:
    """Google Forms: a timestamp and no response id, grid headers "Question [statement]"."""
    truth = respondents(rng, "innbyggere", 8, "", with_unit=False)
    items = [i.item_id for i in framework().items_for("innbyggere")]
    stamps = _times(rng, 8, datetime(2025, 4, 1, 10, 0))
    stamps[3] = stamps[2]  # two answers in the same second
    keys = [s.strftime("t%Y%m%dT%H%M%S") for s in stamps]
    keys[3] += "-2"
    truth["respondent_id"] = truth["respondent_id"].astype(int).map(lambda k: keys[k - 1])
    ids, cells = wide(truth, _label(LABELS_NO), items)
    rows = [
        ["Tidsmerke", "E-postadresse"] + [f"Hvor enig er du i disse utsagnene? [{_text(i)}]" for i in items]
    ]
    for k, rid in enumerate(ids):
        rows.append(
            [stamps[k].strftime("%d.%m.%Y %H:%M:%S"), f"innbygger{k}@example.no"]
            + [cells[rid][i] for i in items]
        )
    path = folder / "Innbyggerpanelet 2025 (svar) - Skjemasvar 1.csv"
    path.write_bytes(_csv_text(rows, ",").encode("utf-8"))
    return Case(
        "google_forms",
        path,
        {"round_label": "2025", "group": "innbyggere"},
        truth,
        expect={"respondents": 8, "dropped_personal": ["E-postadresse"]},
    )


def nettskjema(folder: Path, rng: random.Random) -> list[Case]:
    """Nettskjema: quoted ';' fields, $submission_id, numeric codes that need the form's codebook."""
    truth = respondents(rng, "ansatte", 10, "")
    truth["respondent_id"] = (truth["respondent_id"].astype(int) + 2_811_000).astype(str)
    items = [i.item_id for i in framework().items_for("ansatte")]
    variables = {item: f"spm{k + 1}" for k, item in enumerate(items)}
    ids, cells = wide(truth, lambda r: "6" if r.dont_know else str(int(r.value)), items)
    units = truth.groupby("respondent_id")["unit"].first()
    rows = [["$submission_id", "$created", "$answer_time_ms", "enhet", *variables.values()]]
    for k, rid in enumerate(ids):
        rows.append(
            [rid, f"2025-03-{k + 1:02d} 12:00:00", str(rng.randint(60000, 400000)), units[rid]]
            + [cells[rid][i] for i in items]
        )
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    path = folder / "data-341122-2025-03-31-1412.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    codebook = [["variabel", "spørsmål", "verdi", "etikett"]]
    for item, variable in variables.items():
        codebook.append([variable, _text(item), "", ""])
        codebook += [[variable, "", str(v), label] for v, label in LABELS_NO.items()]
        codebook.append([variable, "", "6", "Vet ikke"])
    codebook_path = folder / "kodebok-341122.csv"
    codebook_path.write_text(_csv_text(codebook, ";"), encoding="utf-8")
    with_codebook = Case(
        "nettskjema",
        path,
        {"round_label": "2025", "group": "ansatte"},
        truth,
        expect={"respondents": 10, "form": "data-341122"},
        codebooks=(codebook_path,),
    )
    without = Case(
        "nettskjema_without_codebook",
        path,
        {"round_label": "2025", "group": "ansatte"},
        refused="ingen kolonne har navn som et spørsmål i kodeboka",
    )
    return [with_codebook, without]


def surveyxact(folder: Path, rng: random.Random) -> Case:
    """SurveyXact: a data file with s_1 ... variables, plus label and structure files."""
    truth = respondents(rng, "ledere", 6, "X")
    items = [i.item_id for i in framework().items_for("ledere")]
    variables = {item: f"s_{k + 1}" for k, item in enumerate(items)}
    ids, cells = wide(truth, lambda r: "9" if r.dont_know else str(6 - int(r.value)), items)
    units = truth.groupby("respondent_id")["unit"].first()
    rows = [["respondent", "enhet", *variables.values()]]
    rows += [[rid, units[rid], *[cells[rid][i] for i in items]] for rid in ids]
    data = folder / "dataset.csv"
    data.write_text(_csv_text(rows, ";"), encoding="utf-8")
    # SurveyXact codes this scale backwards: 1 = Helt enig ... 5 = Helt uenig, 9 = Vet ikke.
    labels = [["variable", "value", "label"]]
    for variable in variables.values():
        labels += [[variable, str(6 - v), label] for v, label in LABELS_NO.items()] + [
            [variable, "9", "Vet ikke"]
        ]
    label_path = folder / "labels.csv"
    label_path.write_text(_csv_text(labels, ";"), encoding="utf-8")
    structure = [["variable", "text"]] + [[v, _text(i)] for i, v in variables.items()]
    structure_path = folder / "structure.csv"
    structure_path.write_text(_csv_text(structure, ";"), encoding="utf-8")
    return Case(
        "surveyxact",
        data,
        {"round_label": "2025", "group": "ledere"},
        truth,
        expect={"respondents": 6},
        codebooks=(label_path, structure_path),
    )


def parquet_wide(folder: Path, rng: random.Random) -> Case:
    """A Parquet file in the canonical wide layout: integer answers, Vet ikke as text."""
    group = framework().baseline_group
    truth = respondents(rng, group, 5, "Q")
    items = _group_items(group)
    ids, cells = wide(truth, _number, items)
    units = truth.groupby("respondent_id")["unit"].first()
    frame = pd.DataFrame({"respondent_id": ids, "enhet": [units[r] for r in ids]})
    for item in items:
        column = [cells[r][item] for r in ids]
        numeric = all(c.isdigit() or c == "" for c in column)
        frame[item] = pd.array([int(c) if c else None for c in column], "Int64") if numeric else column
    path = folder / f"{group}.parquet"
    frame.to_parquet(path, index=False)
    return Case(
        "parquet_wide", path, {"round_label": "2025", "group": group}, truth, expect={"respondents": 5}
    )


def long_csv(folder: Path, rng: random.Random) -> Case:
    """Long layout: one row per respondent and statement; statements as text; a duplicate row."""
    group = framework().baseline_group
    truth = respondents(rng, group, 6, "LG")
    rows = [["respondent_id", "enhet", "spørsmål", "svar"]]
    for row in truth.itertuples(index=False):
        rows.append([row.respondent_id, row.unit, _text(row.item_id), _number(row)])
    rows.append(rows[1])  # the first answer twice
    path = folder / "lang.csv"
    path.write_text(_csv_text(rows, ";"), encoding="utf-8")
    return Case(
        "long_csv",
        path,
        {"round_label": "2025", "group": group, "accept_rejected": True},
        truth,
        expect={
            "respondents": 6,
            "rejected": [f"rad {len(rows)}, kolonne svar: respondent «LG1» har svart to ganger."],
        },
    )


def four_point(folder: Path, rng: random.Random) -> Case:
    """A four-point scale (no neutral answer) must not pass as 1-5."""
    items = [i.item_id for i in framework().items_for("ansatte")][:6]
    four = ("Helt uenig", "Delvis uenig", "Delvis enig", "Helt enig")
    rows = [["ID", "Enhet", *[_text(i) for i in items]]]
    rows += [[k, UNITS[k % 4], *[rng.choice(four) for _ in items]] for k in range(1, 9)]
    path = folder / "Firedelt 2025(1-8).xlsx"
    _xlsx(path, rows)
    return Case(
        "four_point", path, {"round_label": "2025", "group": "ansatte"}, refused="skala uten midtpunkt"
    )


def bad_values(folder: Path, rng: random.Random) -> list[Case]:
    """A value outside the scale, a multi-answer split by ';' and a missing unit: listed by row,
    refused unless the analyst accepts storing the rest."""
    text = (
        "respondent_id;enhet;K1_1;K1_2;K2_1\n"
        "a1;NAV;4;7;2\n"
        "a2;NAV;BLT;Gevinstkart;3;1\n"
        "a3;;5;5;5\n"
        "a4;Sentral stab;Helt enig;2;Vet ikke\n"
    )
    path = folder / "feil.csv"
    path.write_text(text, encoding="utf-8")
    options = {"round_label": "2025", "group": "ansatte"}
    truth = pd.DataFrame(
        [
            ("a1", "NAV", "K1_1", 4, False),
            ("a1", "NAV", "K2_1", 2, False),
            ("a4", "Sentral stab", "K1_1", 5, False),
            ("a4", "Sentral stab", "K1_2", 2, False),
            ("a4", "Sentral stab", "K2_1", None, True),
        ],
        columns=["respondent_id", "unit", "item_id", "value", "dont_know"],
    )
    rejected = [
        "rad 2, kolonne K1_2: «7» er ikke et svar på skalaen 1–5 eller «Vet ikke».",
        "rad 3: raden har flere felt enn overskriften (skilletegn i tekst uten anførselstegn?); "
        "den er ikke lest.",
        "rad 4: enhet mangler (påkrevd for ansatte og ledere).",
    ]
    return [
        Case("bad_values_refused", path, options, refused="3 feil i svarene"),
        Case(
            "bad_values_accepted",
            path,
            {**options, "accept_rejected": True},
            truth,
            expect={"rejected": rejected},
        ),
    ]


def project_register(folder: Path, rng: random.Random) -> Case:
    """A hand-kept register: title rows, a merged title, Norwegian headers, mixed dates, a totals row."""
    del rng
    rows = [
        ["Prosjektregister – Jevnaker kommune", None, None, None, None],
        [None, None, None, None, None],
        ["Prosjekt-ID", "Prosjektnavn", "Sektor", "Startdato", "Antall deltakere"],
        ["R1", "Digital tilsynsrunde", "Helse og omsorg", datetime(2025, 1, 13), 4],
        ["R2", "Skolevei med sensor", "Oppvekst", "03.02.2025", 6],
        ["R3", "Felles innkjøp – test", "Sentral stab", "2025-02-17", 3],
        ["R4", "Ungdommens budsjett", "Kultur", "5.3.25", 8],
        ["Sum", None, None, None, 21],
    ]

    def merge_title(sheet):
        sheet.merge_cells("A1:E1")

    path = folder / "prosjektregister.xlsx"
    _xlsx(path, rows, "Register", merge_title)
    truth = pd.DataFrame(
        {
            "project_id": ["R1", "R2", "R3", "R4"],
            "started_on": pd.to_datetime(["2025-01-13", "2025-02-03", "2025-02-17", "2025-03-05"]),
        }
    )
    return Case("project_register", path, {"kind": "projects"}, truth, expect={"tables": {"projects": 4}})


def event_list(folder: Path, rng: random.Random) -> Case:
    """An event list with a header cell merged over the participant columns and a totals row."""
    del rng
    rows = [
        ["Arrangementer 2025", None, None, None, None, None, None, None, None],
        ["Arrangement-ID", "Dato", "Virkemiddel", "Tittel", "Deltakere", None, None, None, None],
        [None, None, None, None, "ansatte", "ledere", "politikere", "innbyggere", "andre"],
        ["A1", "14.03.2025", "innovasjonsdag", "Innovasjonsdag 2025", 85, 12, 4, 0, 3],
        ["A2", datetime(2025, 5, 20), "innovasjonsdag", "Dialogmøte – næringsliv", 5, 2, 1, 20, 14],
        ["Totalt", None, None, None, 90, 14, 5, 20, 17],
    ]

    def merge_header(sheet):
        sheet.merge_cells("E2:I2")

    path = folder / "arrangementer.xlsx"
    _xlsx(path, rows, "Arrangementer", merge_header)
    truth = pd.DataFrame(
        {"event_id": ["A1", "A2"], "participants_ansatte": [85, 5], "participants_innbyggere": [0, 20]}
    )
    return Case("event_list", path, {"kind": "events"}, truth, expect={"tables": {"events": 2}})


def garbage(folder: Path, forms: Path) -> list[Case]:
    """Files that must be refused with a clear message (or read by content despite the name)."""
    options = {"round_label": "2025", "group": "ansatte"}
    (folder / "tom.csv").write_bytes(b"")
    (folder / "bare_overskrift.csv").write_text("respondent_id;enhet;K1_1\r\n", encoding="utf-8")
    renamed = folder / "svar_fra_forms.csv"
    renamed.write_bytes(forms.read_bytes())
    book = openpyxl.Workbook()
    book.active.append(["ID", "Enhet", "K1_1"])
    book.active.append([1, "NAV", 4])
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = io.BytesIO()
    OOXMLFile(plain).encrypt("hemmelig", locked)
    (folder / "passord.xlsx").write_bytes(locked.getvalue())
    (folder / "skadet.xlsx").write_bytes(forms.read_bytes()[:3000])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 100_000_000)
    (folder / "bombe.xlsx").write_bytes(bomb.getvalue())
    big = folder / "stor.csv"
    big.write_text(
        "respondent_id;enhet;K1_1\n" + "".join(f"r{k};NAV;4\n" for k in range(120_000)), encoding="utf-8"
    )
    return [
        Case("empty", folder / "tom.csv", options, refused="er tom"),
        Case("header_only", folder / "bare_overskrift.csv", options, refused="bare overskrifter"),
        Case("xlsx_named_csv", renamed, options, expect={"respondents": 14, "description": "Excel"}),
        Case("password", folder / "passord.xlsx", options, refused="passordbeskyttet"),
        Case("corrupt", folder / "skadet.xlsx", options, refused="kan ikke åpnes"),
        Case("bomb", folder / "bombe.xlsx", options, refused="pakker seg ut til 100 MB"),
        Case("too_large", big, options, refused="grensen er 1 MB", env={"INNOBARO_MAX_FILE_MB": "1"}),
        Case("too_many_rows", big, options, refused="grensen er 100000", env={"INNOBARO_MAX_ROWS": "100000"}),
    ]


# The basic cases follow whichever strategy is configured (its groups, statements and scale).
BASIC_CASES = ("excel_semicolon_cp1252", "csv_utf8_bom", "parquet_wide", "long_csv")


def build_basic(folder: Path, seed: int = SEED) -> dict[str, Case]:
    """Write the basic cases for the configured strategy into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cases = [excel_semicolon_cp1252(folder, rng), csv_utf8_bom(folder, rng), parquet_wide(folder, rng)]
    return {case.name: case for case in [*cases, long_csv(folder, rng)]}


def build(folder: Path, seed: int = SEED) -> dict[str, Case]:
    """Write the whole corpus into ``folder``; the same seed gives the same bytes (xlsx aside)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    forms = forms_norwegian(folder, rng)
    cases = [
        forms,
        forms_english_two_blocks(folder, rng),
        excel_semicolon_cp1252(folder, rng),
        csv_utf8_bom(folder, rng),
        utf16_tab(folder, rng),
        google_forms(folder, rng),
        *nettskjema(folder, rng),
        surveyxact(folder, rng),
        parquet_wide(folder, rng),
        long_csv(folder, rng),
        four_point(folder, rng),
        *bad_values(folder, rng),
        project_register(folder, rng),
        event_list(folder, rng),
        *garbage(folder, forms.path),
    ]
    return {case.name: case for case in cases}


if __name__ == "__main__":
    for case in build(Path(sys.argv[1])).values():
        print(f"{case.name:28} {case.path.name}")


def forms_export(path: Path, truth: pd.DataFrame, modified: dict[str, datetime], headers=None) -> Path:
    """A Microsoft Forms export (Norwegian) of ``truth`` with each response's last-modified time.

    ``headers`` maps item_id -> column header (default: the codebook statement).
    """
    items = list(dict.fromkeys(truth["item_id"]))
    ids, cells = wide(truth, _label(LABELS_NO), items)
    units = truth.groupby("respondent_id")["unit"].first()
    headers = headers or {}
    rows = [["ID", "Fullføringstidspunkt", "Navn", "Tidspunkt for siste endring", "Enhet"]]
    rows[0] += [headers.get(i, _text(i)) for i in items]
    for rid in ids:
        rows.append(
            [int(rid), modified[rid], "Kari Nordmann", modified[rid], units[rid]]
            + [cells[rid][i] for i in items]
        )
    _xlsx(path, rows)
    return path


def cumulative_forms(folder: Path, seed: int = SEED) -> dict:
    """Two exports of one form: the second is later, with two responses edited, one deleted, four new.

    Returns the paths and the truth after each state.
    """
    rng = random.Random(seed)
    full = respondents(rng, "ansatte", 14, "")
    first_ids = [str(k) for k in range(1, 11)]
    first = full[full["respondent_id"].isin(first_ids)]
    sent = {str(k): datetime(2025, 3, 1, 8, 0) + timedelta(hours=k) for k in range(1, 15)}
    edited = full.copy()
    for rid in ("2", "5"):
        answered = edited[(edited["respondent_id"] == rid) & ~edited["dont_know"]].index[:3]
        edited.loc[answered, "value"] = edited.loc[answered, "value"].map(lambda v: 1 if v >= 3 else 5)
    second = edited[edited["respondent_id"] != "3"]
    later = {**sent, "2": datetime(2025, 3, 20, 9, 0), "5": datetime(2025, 3, 21, 9, 0)}
    return {
        "first": forms_export(folder / "Medarbeiderundersøkelse 2025(1-10).xlsx", first, sent),
        "second": forms_export(folder / "Medarbeiderundersøkelse 2025(1-14).xlsx", second, later),
        "truth_first": first,
        "truth_second_kept": pd.concat([second, first[first["respondent_id"] == "3"]]),
        "truth_second_deleted": second,
        "edited": ["2", "5"],
    }


def next_round(folder: Path, seed: int = SEED) -> dict:
    """Next year's round: reworded statements, columns in another order, a renamed unit."""
    rng = random.Random(seed + 1)
    truth = respondents(rng, "ansatte", 8, "")
    truth["unit"] = truth["unit"].replace("Helse og omsorg", "Helse, omsorg og velferd")
    reworded = {
        "K1_1": "Når vi begynner på en ny oppgave, spør vi først hva behovet egentlig er.",
        "K3_1": "Det er akseptert å prøve noe nytt, selv om det kan mislykkes.",
    }
    items = [i.item_id for i in framework().items_for("ansatte")]
    order = items[::-1]
    truth["item_id"] = pd.Categorical(truth["item_id"], order)
    truth = truth.sort_values(["respondent_id", "item_id"]).astype({"item_id": str})
    modified = {rid: datetime(2026, 3, 2, 10, 0) for rid in truth["respondent_id"]}
    path = forms_export(folder / "Medarbeiderundersøkelse 2026(1-8).xlsx", truth, modified, reworded)
    return {"path": path, "truth": truth, "reworded": reworded}


def long_survey_csv(n_answers: int, seed: int = SEED) -> bytes:
    """A long-format survey export (one row per answer) with about ``n_answers`` rows.

    Columns ``respondent_id;enhet;runde;gruppe;item_id;svar``; employees answer
    all 18 of their statements, 1-5 or Vet ikke.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    items = np.array([i.item_id for i in framework().items_for("ansatte")])
    respondents_needed = -(-n_answers // len(items))
    respondent = np.repeat(np.arange(1, respondents_needed + 1), len(items))[:n_answers]
    units = np.array(UNITS)[rng.integers(0, len(UNITS), respondents_needed)][respondent - 1]
    answers = rng.integers(1, 6, n_answers).astype(str).astype(object)
    answers[rng.random(n_answers) < 0.03] = "Vet ikke"
    frame = pd.DataFrame(
        {
            "respondent_id": pd.Series(respondent).map("r{}".format),
            "enhet": units,
            "runde": "2025",
            "gruppe": "ansatte",
            "item_id": np.tile(items, respondents_needed)[:n_answers],
            "svar": answers,
        }
    )
    return frame.to_csv(sep=";", index=False).encode("utf-8")


# ------------------------------------------------------------------ hostile shapes (limits)

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def expanding_xlsx(path: Path, rows: int, seed: int = SEED) -> Path:
    """A valid xlsx whose one sheet holds ``rows`` survey rows (respondent, unit, 18 answers),
    written as raw XML so a large one is quick to make; it compresses about tenfold."""
    rng = random.Random(seed)
    items = [i.item_id for i in framework().items_for("ansatte")]
    header = ["respondent_id", "enhet", *items]
    letters = [_column_letters(k + 1) for k in range(len(header))]

    def cell(ref: str, value) -> str:
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            for number in range(1, rows + 2):
                values = header if number == 1 else [f"r{number}", rng.choice(UNITS)]
                values = values + [rng.randint(1, 5) for _ in items] if number > 1 else values
                cells = "".join(cell(f"{letter}{number}", v) for letter, v in zip(letters, values))
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def hostile_shapes(folder: Path, scale: float = 1.0, seed: int = SEED) -> dict[str, Path]:
    """The file shapes that once cost minutes and gigabytes, at ``scale`` of their original size:
    one line of 1 MB and of 4 MB of ``1;1;…``, 50 000 columns in 3.8 MB, a header repeated
    to 32 MB (290 000 times), and an xlsx of 15 MB that expands to about 150 MB."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    header = ";".join(["respondent_id", "enhet", *(i.item_id for i in framework().items_for("ansatte"))])
    columns = int(50_000 * scale)
    wide_rows = [";".join(f"spm{k}" for k in range(columns))]
    wide_rows += [";".join(str(rng.randint(1, 5)) for _ in range(columns)) for _ in range(37)]
    files = {
        "one_line_1mb": b"1;" * int(500_000 * scale) + b"1\n",
        "one_line_4mb": b"1;" * int(2_000_000 * scale) + b"1\n",
        "columns_50000": ("\n".join(wide_rows) + "\n").encode(),
        "header_repeated": ((header + "\n") * int(290_000 * scale)).encode(),
    }
    paths = {}
    for name, raw in files.items():
        paths[name] = folder / f"{name}.csv"
        paths[name].write_bytes(raw)
    paths["xlsx_expanding"] = expanding_xlsx(folder / "xlsx_expanding.xlsx", int(250_000 * scale), seed)
    return paths
