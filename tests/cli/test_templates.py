"""Import templates: generated from the specs, filled in as a user would, imported, shown on the pages."""

import io
import json
from datetime import datetime

import openpyxl
import pytest

from analytics.core.framework import framework
from analytics.core.schema import KIND_TABLES, specs
from analytics.present import templates
from tests.conftest import (
    REPO,
    ROLE_MEMBERS,
    STRATEGY_NAMES,
    app_test,
    run_cli,
    shown_text,
    snapshot,
    takeaways,
)

APP = str(REPO / "app.py")


@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
def test_templates_follow_the_strategys_fundaments_phases_and_groups(strategy):
    fw = framework()
    rows = templates.explanation("projects").set_index(["Tabell", "Kolonne"])
    assert rows.loc[("phases", "phase"), "Gyldige verdier"] == ", ".join(fw.phase_ids)
    first = fw.fundaments[0]
    assert rows.loc[("assessments", first.id), "Gyldige verdier"] == f"0–{fw.fundament_max}"
    assert rows.loc[("assessments", first.id), "Forklaring"].startswith(f"{first.name}: {first.question}")
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("projects")))
    assert [c.value for c in book["assessments"][1]][3:-1] == list(fw.fundament_ids)
    events = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("events")))
    participants = [c.value for c in events["events"][1] if c.value.startswith("participants_")]
    assert participants == [f"participants_{g}" for g in (*fw.group_ids, "andre")]


def test_every_importable_column_is_explained():
    for kind, tables in KIND_TABLES.items():
        explained = templates.explanation(kind)
        assert list(explained.columns) == [
            "Tabell",
            "Kolonne",
            "Påkrevd",
            "Type",
            "Gyldige verdier",
            "Forklaring",
        ]
        assert list(zip(explained["Tabell"], explained["Kolonne"])) == [
            (name, c.name) for name in tables for c in specs()[name]
        ]
        assert explained["Forklaring"].str.len().gt(10).all(), kind
    rows = templates.explanation("projects").set_index(["Tabell", "Kolonne"])
    assert rows.loc[("phases", "phase"), "Gyldige verdier"] == (
        "behov, losning, test, implementert, spredt, avsluttet, stoppet"
    )
    assert rows.loc[("assessments", "behov"), "Gyldige verdier"] == "0–4"
    assert rows.loc[("assessments", "behov"), "Forklaring"].startswith(
        "Behov: Hva er egentlig behovet vi skal løse?"
    )
    assert "Tom = ikke vurdert (ikke 0)" in rows.loc[("assessments", "padriver"), "Forklaring"]
    assert rows.loc[("projects", "started_on"), ["Påkrevd", "Gyldige verdier"]].tolist() == [
        "Ja",
        "ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
    ]
    assert rows.loc[("projects", "handlingsrom_avklart"), ["Påkrevd", "Type"]].tolist() == ["Nei", "ja/nei"]


def test_workbook_has_the_explanation_one_sheet_per_table_and_drop_downs():
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("projects")))
    assert book.sheetnames == ["Forklaring", "projects", "assessments", "phases", "actors", "outcomes"]
    for name in KIND_TABLES["projects"]:
        header = [c.value for c in book[name][1]]
        assert header == [c.name for c in specs()[name]]
        assert book[name].max_row == 1
    lists = {str(dv.sqref): dv.formula1 for dv in book["actors"].data_validations.dataValidation}
    assert lists["C2:C2001"].startswith('"innbyggere,politikere,naeringsliv')
    scores = {
        str(dv.sqref): (dv.formula1, dv.formula2)
        for dv in book["assessments"].data_validations.dataValidation
    }
    assert scores["D2:D2001"] == ("0", "4")
    assert templates.template_csv("event_plan") == "\ufeffyear;instrument;planned\n".encode()


def test_an_unfilled_template_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "mal_projects.xlsx"
    path.write_bytes(templates.template_xlsx("projects"))
    folder = tmp_path / "store"
    result = run_cli("import", str(path), "--kind", "projects", "--data-dir", str(folder))
    assert result.returncode == 2 and "har ingen ark med data under overskriftene" in result.stderr
    assert snapshot(folder) == {}


def _fill(sheet, rows):
    for row in rows:
        sheet.append(row)


@pytest.fixture
def filled_store(tmp_path):
    """A new data folder holding only what was typed into the templates."""
    book = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx("projects")))
    d = datetime
    _fill(
        book["projects"],
        [
            [
                "X1",
                "Digital innbyggerdialog",
                "Helse og omsorg",
                "Kari Nordmann",
                d(2023, 2, 1),
                None,
                "ja",
                "nominert 2024",
            ],
            ["X2", "Smart vedlikehold", "Plan og teknisk", None, d(2024, 3, 15), None, "nei"],
            ["X3", "Mobilt bibliotek", "Kultur og fritid", None, d(2024, 9, 1)],
        ],
    )
    _fill(
        book["assessments"],
        [
            ["X1", d(2024, 1, 10), "pådriver", 2, 1, 3, 3, 2],
            ["X1", d(2024, 11, 20), "leder", 3, 3, 4, 2, 3, "Teamet trenger mer tid"],
            ["X2", d(2024, 10, 1), "støtteteam", 4, 3, 0, 3, 4, "Pådriveren har sluttet"],
            ["X3", d(2024, 10, 5), "leder", 2, None, 3, 2, 2],
        ],
    )
    _fill(
        book["phases"],
        [
            ["X1", "behov", d(2023, 2, 1), 1],
            ["X1", "losning", d(2023, 6, 1), 1],
            ["X1", "test", d(2023, 10, 1), 1],
            ["X1", "behov", d(2024, 2, 1), 2],
            ["X2", "losning", d(2024, 3, 15)],
            ["X3", "behov", d(2024, 9, 1), 1],
        ],
    )
    _fill(
        book["actors"],
        [
            ["X1", "behov", "innbyggere"],
            ["X1", "behov", "ansatte"],
            ["X1", "test", "innbyggere"],
            ["X2", "losning", "naeringsliv"],
            ["X3", "behov", "frivillighet"],
        ],
    )
    _fill(book["outcomes"], [["X1", "nytt", d(2023, 12, 1)]])
    projects = tmp_path / "prosjekter.xlsx"
    book.save(projects)
    folder = tmp_path / "store"
    result = run_cli("import", str(projects), "--kind", "projects", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert "Tabell projects: 3 rader" in result.stdout and "Tabell assessments: 4 rader" in result.stdout
    assert "Forklaring" not in result.stdout  # the explanation sheet is skipped without a note

    # The events as a Norwegian Excel saves "CSV (semikolondelt)": ';', cp1252, dd.mm.yyyy, CRLF.
    for name, rows in (
        (
            "events",
            [
                "E1;14.03.2025;innovasjonsdag;Innovasjonsdag 2025 – velferd;85;12;4;20;3",
                "E2;02.04.2025;workshop;Workshop: innbyggerdialog;10;2;1;15;0",
                "E3;20.05.2025;lederutvikling;Lederutvikling vår;0;30;0;0;0",
            ],
        ),
        ("event_plan", ["2025;innovasjonsdag;1", "2025;workshop;4", "2025;lederutvikling;2,0"]),
    ):
        header = templates.template_csv(name).decode("utf-8-sig").strip()
        path = tmp_path / f"{name}.csv"
        path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("cp1252"))
        result = run_cli("import", str(path), "--kind", "events", "--data-dir", str(folder))
        assert result.returncode == 0, result.stderr
    return folder


def test_filled_templates_round_trip_into_the_cli(filled_store):
    result = run_cli("projects", "--data-dir", str(filled_store), "--json")
    records = {r["project_id"]: r for r in json.loads(result.stdout)}
    assert records["X1"]["scores"] == {"behov": 3, "losning": 3, "padriver": 4, "team": 2, "forankring": 3}
    assert records["X1"]["fundament_index"] == 73.25 and records["X1"]["phase"] == "behov"
    assert records["X2"]["zero_veto"] is True and records["X2"]["weakest"] == ["padriver"]
    assert records["X3"]["scores"]["losning"] is None and records["X3"]["fundament_index"] is None
    assert records["X1"]["actors"] == ["ansatte", "innbyggere"]


def _page(folder, monkeypatch, page):
    at = app_test(folder, monkeypatch, email=ROLE_MEMBERS["politiker"][0])
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_filled_templates_appear_on_the_project_page(filled_store, monkeypatch):
    at = _page(filled_store, monkeypatch, "pages/prosjekter.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Prosjekter valgt"] == "3" and metrics["Med et null-fundament"] == "1"
    assert metrics["Median fundamentindeks"] == "37"  # median of 0 and 73
    risk = at.dataframe[0].value
    assert risk["Id"].tolist() == ["X2", "X1", "X3"]
    assert risk["Fundamentindeks"].tolist() == ["0", "73", "ikke vurdert"]
    assert risk["Holder igjen"].tolist() == [
        "Pådriver er 0",
        "Team (2)",
        "Behov (2), Team (2), Forankring (2)",
    ]
    assert risk["Ikke vurdert"].tolist() == ["", "", "Løsning"]
    assert risk["Endring siden forrige vurdering"].tolist() == ["–", "+22", "–"]
    table = at.dataframe[1].value.set_index("Id")
    assert table.loc[
        "X1", ["Handlingsrom avklart", "Årets innovasjonsprosjekt", "Pådriver registrert"]
    ].tolist() == [
        "Ja",
        "nominert 2024",
        "Ja",
    ]
    assert table.loc["X3", ["Løsning", "Handlingsrom avklart", "Pådriver registrert"]].tolist() == [
        "ikke vurdert",
        "ikke oppgitt",
        "Nei",
    ]
    # The pådriver's name is personal data and is shown nowhere.
    shown = shown_text(at)
    assert "Kari Nordmann" not in shown


def test_filled_templates_appear_on_the_cocreation_and_instrument_pages(filled_store, monkeypatch):
    at = _page(filled_store, monkeypatch, "pages/samskaping.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Prosjekter med innbyggere i behovsfasen"] == "1 (33\u00a0%)"
    assert metrics["Median dager i behov før løsning"] == "60"  # X1: 120 days, X2: 0 (solution first)
    assert metrics["Aktørtyper per prosjekt (snitt)"] == "1,3"
    at = _page(filled_store, monkeypatch, "pages/virkemidler.py")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Planlagt"], metrics["Gjennomført av planen"], metrics["Arrangementer holdt"]) == (
        "7",
        "3",
        "3",
    )
    assert takeaways(at)[0] == (
        "I 2025 ble 3 av 7 planlagte arrangementer gjennomført (43\u00a0%). "
        "Under plan: Workshop / samskapingsarena (1 av 4), Lederutvikling (1 av 2)."
    )
    events = at.dataframe[-2].value
    assert events["Tittel"].tolist()[0] == "Innovasjonsdag 2025 – velferd"
