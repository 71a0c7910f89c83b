"""Follow-up measures as data: the import template round-trips, bad rows are refused, saves are undoable."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from analytics import ingest
from analytics.core.schema import conform
from analytics.present import templates
from analytics.store import Store
from tests.conftest import run_cli, snapshot

ROWS = [
    # action_id, title, unit, target, owner, started_on, deadline, status, prompted_by, instrument, project_id
    (
        "X1",
        "Støtteteam i BLT",
        "Plan og teknisk",
        "K5",
        "Enhetsleder",
        "2024-09-01",
        "2025-06-30",
        "i gang",
        "2024",
        "stotteteam",
        "P03",
    ),
    (
        "X2",
        "Felles innovasjonsdag",
        None,
        "k1",
        "Rådmannens ledergruppe",
        "2023-10-01",
        "2024-03-31",
        "Gjennomført",
        "2023",
        None,
        None,
    ),
    (
        None,
        "Forankring i ledermøter",
        "Helse og omsorg",
        "forankring",
        "Kommunalsjef",
        "2024-01-15",
        "2024-12-31",
        "planlagt",
        "2023",
        "lederutvikling",
        None,
    ),
]


def _expected(stored: pd.DataFrame) -> list[tuple]:
    rows = conform("actions", stored).sort_values("title")
    return [
        tuple(None if pd.isna(v) else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else v) for v in row)
        for row in rows.itertuples(index=False)
    ]


def _as_stored() -> list[tuple]:
    # Allowed values are stored as declared (K1, gjennomført); a blank id gets the next free number.
    fixed = [
        ROWS[0],
        ("X2", ROWS[1][1], None, "K1", ROWS[1][4], ROWS[1][5], ROWS[1][6], "gjennomført", "2023", None, None),
        ("T09", *ROWS[2][1:]),
    ]
    return sorted(fixed, key=lambda r: r[1])


def test_the_workbook_template_round_trips(demo_copy, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("actions")))
    assert book.sheetnames == ["Forklaring", "actions"]
    lists = {str(dv.sqref): dv.formula1 for dv in book["actions"].data_validations.dataValidation}
    assert lists["H2:H2001"] == '"planlagt,i gang,gjennomført,avbrutt"'
    assert lists["D2:D2001"] == '"K1,K2,K3,K4,K5,K6,K7,K8,K9,behov,losning,padriver,team,forankring"'
    for row in ROWS:
        book["actions"].append(list(row))
    path = tmp_path / "tiltak.xlsx"
    book.save(path)
    result = run_cli("import", str(path), "--kind", "actions", "--data-dir", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert "Tabell actions: 3 rader" in result.stdout
    stored = Store(demo_copy).table("actions")
    assert len(stored) == 8 + 3  # the demo's eight, and these three
    assert _expected(stored[stored["title"].isin([r[1] for r in ROWS])]) == _as_stored()


def test_the_csv_template_saved_by_a_norwegian_excel_round_trips(demo_copy, tmp_path):
    header = templates.template_csv("actions").decode("utf-8-sig").strip()
    lines = [header.replace(",", ";")]
    for row in ROWS:
        cells = ["" if v is None else v for v in row]
        cells[5], cells[6] = (
            pd.Timestamp(cells[5]).strftime("%d.%m.%Y"),
            pd.Timestamp(cells[6]).strftime("%d.%m.%Y"),
        )
        lines.append(";".join(cells))
    path = tmp_path / "tiltak.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = run_cli("import", str(path), "--kind", "actions", "--data-dir", str(demo_copy))
    assert result.returncode == 0, result.stderr
    stored = Store(demo_copy).table("actions")
    assert _expected(stored[stored["title"].isin([r[1] for r in ROWS])]) == _as_stored()
    # Undo: the data is exactly as before the import.
    history = ingest.history(Store(demo_copy))
    ingest.undo_import(Store(demo_copy), history[0]["id"], "test")
    assert len(Store(demo_copy).table("actions")) == 8


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({8: "1999"}, "runden «1999» finnes ikke"),
        ({2: "Ukjent enhet"}, "enheten «Ukjent enhet» finnes ikke i undersøkelsen"),
        ({10: "P99"}, "prosjektet «P99» finnes ikke i prosjektregisteret"),
        ({6: "2024-08-01"}, "fristen 01.08.2024 er før start 01.09.2024"),
        ({7: "ferdig"}, "«ferdig» er ikke en gyldig verdi for status"),
        ({3: "K10"}, "«K10» er ikke en gyldig verdi for target"),
        ({4: ""}, "«owner» er tom"),
        ({4: "kari.nordmann@kommune.no"}, "ser ut som en e-postadresse eller et telefonnummer"),
        ({4: "ring 912 34 567"}, "ser ut som en e-postadresse eller et telefonnummer"),
        ({0: "T01"}, None),  # an existing id is an update, not an error
    ],
)
def test_bad_rows_are_refused_with_a_message_and_nothing_changes(demo_copy, tmp_path, change, message):
    row = list(ROWS[0])
    for position, value in change.items():
        row[position] = value
    header = templates.template_csv("actions").decode("utf-8-sig").strip()
    path = tmp_path / "tiltak.csv"
    path.write_text(header + "\n" + ";".join("" if v is None else v for v in row) + "\n", encoding="utf-8")
    before = snapshot(demo_copy)
    result = run_cli("import", str(path), "--kind", "actions", "--data-dir", str(demo_copy))
    if message is None:
        assert result.returncode == 0, result.stderr
        stored = Store(demo_copy).table("actions").set_index("action_id")
        assert stored.loc["T01", "title"] == ROWS[0][1] and len(stored) == 8
        return
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(demo_copy) == before


def test_measures_need_a_survey_to_point_at(tmp_path):
    header = templates.template_csv("actions").decode("utf-8-sig").strip()
    path = tmp_path / "tiltak.csv"
    path.write_text(
        header + "\n" + ";".join("" if v is None else v for v in ROWS[1]) + "\n", encoding="utf-8"
    )
    result = run_cli("import", str(path), "--kind", "actions", "--data-dir", str(tmp_path / "store"))
    assert result.returncode == 2
    assert "Importer undersøkelsen først" in result.stderr


def test_saves_from_the_app_store_only_changed_rows_and_a_change_back_is_a_new_save(demo_copy):
    store = Store(demo_copy)
    table = conform("actions", store.table("actions"))
    assert ingest.save_actions(store, table, "test") is None  # nothing changed
    edited = table.copy()
    row = edited.index[edited["action_id"] == "T07"][0]
    edited.loc[row, "status"] = "gjennomført"
    first = ingest.save_actions(store, edited, "test")
    assert first.stored and first.tables == {"actions": 1}
    assert store.table("actions").set_index("action_id").loc["T07", "status"] == "gjennomført"
    back = conform("actions", store.table("actions"))
    back.loc[back["action_id"] == "T07", "status"] = "i gang"
    second = ingest.save_actions(store, back, "test")
    assert second.stored and second.import_id > first.import_id
    assert store.table("actions").set_index("action_id").loc["T07", "status"] == "i gang"
    # Undoing the second save brings back the first one's content.
    ingest.undo_import(store, second.import_id, "test")
    assert store.table("actions").set_index("action_id").loc["T07", "status"] == "gjennomført"
    kinds = [r["kind"] for r in ingest.history(store)[:3]]
    assert kinds == ["undo", "actions", "actions"]
