"""Re-uploads, cumulative exports, remembered mappings, history and undo."""

import json
from datetime import datetime

import pandas as pd
import pytest

from analytics.ingest import (
    ImportRefused,
    history,
    import_file,
    load_demo,
    prepare,
    save_header_map,
    save_unit_map,
    undo_import,
)
from analytics.ingest.history import replay
from analytics.ingest.survey import payload_frame
from analytics.store import Store
from tests.conftest import run_cli, snapshot
from tests.corpus import ANSWER, _answers, cumulative_forms, next_round

OPTIONS = {"round_label": "2025", "group": "ansatte"}


def test_a_later_cumulative_export_updates_edits_keeps_or_deletes_the_missing_and_undo_is_exact(tmp_path):
    files = cumulative_forms(tmp_path)
    store = Store(tmp_path / "store")
    first = import_file(store, files["first"], **OPTIONS)
    assert first.respondents == 10 and first.form == "medarbeiderundersøkelse"
    after_first = store.table("responses")
    assert _answers(after_first) == _answers(files["truth_first"])

    preview = prepare(store, files["second"].read_bytes(), files["second"].name, **OPTIONS)
    assert preview.missing.to_dict("records") == [{"round": "2025", "group": "ansatte", "respondent_id": "3"}]
    assert "1 respondenter fra tidligere import av samme skjema mangler" in "\n".join(preview.lines())

    second = import_file(store, files["second"], **OPTIONS)
    assert second.stored and second.deleted == 0
    assert _answers(store.table("responses")) == _answers(files["truth_second_kept"])

    undo_import(store, second.import_id, "test")
    assert store.table("responses").equals(after_first)
    again = import_file(store, files["second"], delete_missing=True, **OPTIONS)
    assert again.stored and again.deleted == 1
    assert _answers(store.table("responses")) == _answers(files["truth_second_deleted"])

    # The first export once more: recognised by its bytes while its import is active.
    stale = import_file(store, files["first"], **OPTIONS)
    assert stale.already_imported and not stale.stored


def test_an_older_export_after_a_newer_one_does_not_undo_edits(tmp_path):
    files = cumulative_forms(tmp_path)
    store = Store(tmp_path / "store")
    import_file(store, files["second"], **OPTIONS)
    newest = store.table("responses")
    import_file(store, files["first"], form="medarbeiderundersøkelse", **OPTIONS)
    stored = store.table("responses")
    for rid in files["edited"]:
        assert _answers(stored[stored["respondent_id"] == rid]) == _answers(
            newest[newest["respondent_id"] == rid]
        )
    assert stored["respondent_id"].nunique() == 14


def test_the_same_bytes_twice_change_nothing(tmp_path):
    files = cumulative_forms(tmp_path)
    store = Store(tmp_path / "store")
    import_file(store, files["first"], **OPTIONS)
    before = snapshot(tmp_path / "store")
    report = import_file(store, files["first"], **OPTIONS)
    assert report.already_imported and "allerede importert" in report.lines()[-1]
    assert snapshot(tmp_path / "store") == before


def test_next_round_maps_reworded_statements_only_after_confirmation_and_renamed_units(tmp_path):
    data = next_round(tmp_path)
    store = Store(tmp_path / "store")
    options = {"round_label": "2026", "group": "ansatte"}
    report = prepare(store, data["path"].read_bytes(), data["path"].name, **options)
    reworded = data["reworded"]
    assert sorted(report.survey.unmapped) == sorted(reworded.values())
    assert report.survey.suggestions[reworded["K1_1"]][0][0] == "K1_1"
    assert report.survey.suggestions[reworded["K3_1"]][0][0] == "K3_1"
    assert "forslag: K1_1" in "\n".join(report.lines())

    save_header_map(store, "medarbeiderundersøkelse", {v: k for k, v in reworded.items()}, "test")
    save_unit_map(
        store,
        pd.DataFrame(
            {
                "alias": ["Helse, omsorg og velferd"],
                "unit": ["Helse og omsorg"],
                "valid_from": [datetime(2026, 1, 1)],
                "valid_to": [None],
            }
        ),
        "test",
    )
    stored = import_file(store, data["path"], **options)
    assert stored.survey.unmapped == []
    assert stored.survey.renamed_units == {"Helse, omsorg og velferd": "Helse og omsorg"}
    expected = data["truth"].replace({"unit": {"Helse, omsorg og velferd": "Helse og omsorg"}})
    assert _answers(store.table("responses")) == _answers(expected)
    # The mapping is remembered data, listed in the history as such.
    assert store.table("header_map")["target"].tolist() == ["K1_1", "K3_1"]


def test_a_unit_alias_outside_its_validity_is_left_alone(tmp_path):
    data = next_round(tmp_path)
    store = Store(tmp_path / "store")
    save_unit_map(
        store,
        pd.DataFrame(
            {
                "alias": ["Helse, omsorg og velferd"],
                "unit": ["Helse og omsorg"],
                "valid_from": [datetime(2027, 1, 1)],
                "valid_to": [None],
            }
        ),
        "test",
    )
    report = prepare(store, data["path"].read_bytes(), data["path"].name, round_label="2026", group="ansatte")
    assert report.survey.renamed_units == {}
    assert "Helse, omsorg og velferd" in set(report.parsed["responses"]["unit"])
    with pytest.raises(ImportRefused, match=r"gyldig fra 01\.02\.2026 er etter gyldig til 01\.01\.2026"):
        save_unit_map(
            store,
            pd.DataFrame(
                {
                    "alias": ["X"],
                    "unit": ["Y"],
                    "valid_from": [datetime(2026, 2, 1)],
                    "valid_to": [datetime(2026, 1, 1)],
                }
            ),
            "test",
        )


def _frame(rows):
    return payload_frame(
        pd.DataFrame(rows, columns=["round", "group", "unit", *ANSWER[0:1], *ANSWER[2:], "modified_at"])
    )


def test_replay_rules_respondent_versions_modified_times_and_deletions(tmp_path):
    store = Store(tmp_path / "store")
    t1, t2 = datetime(2025, 3, 1), datetime(2025, 3, 5)
    a = _frame(
        [
            ("2025", "ansatte", "A", "r1", "K1_1", 2, False, t2),
            ("2025", "ansatte", "A", "r1", "K1_2", 3, False, t2),
            ("2025", "ansatte", "A", "r2", "K1_1", 4, False, None),
        ]
    )
    b = _frame(
        [
            ("2025", "ansatte", "A", "r1", "K1_1", 5, False, t1),
            ("2025", "ansatte", "A", "r2", "K2_1", 1, False, None),
        ]
    )
    gone = pd.DataFrame({"round": ["2025"], "group": ["ansatte"], "respondent_id": ["r2"]})
    records = []
    for payload in ({"responses": a}, {"responses": b}):
        store.commit({}, {"kind": "test"}, payload=payload)
        records = store.manifest()["imports"]
    tables = replay(store, records, {"responses"})
    rows = sorted(
        map(
            tuple,
            tables["responses"]
            .to_frame()[["respondent_id", "item_id", "value"]]
            .astype(object)
            .to_numpy()
            .tolist(),
        )
    )
    # r1: the first import's version was modified later and wins whole; r2: the later import replaces it.
    assert rows == [("r1", "K1_1", 2), ("r1", "K1_2", 3), ("r2", "K2_1", 1)]
    tables = replay(store, records, {"responses"}, extra={"deletions": gone})
    assert sorted(tables["responses"].to_frame()["respondent_id"].unique()) == ["r1"]


@pytest.mark.slow
def test_history_and_undo_through_the_cli(tmp_path):
    files = cumulative_forms(tmp_path)
    folder = tmp_path / "store"
    for path in (files["first"], files["second"]):
        result = run_cli(
            "import", str(path), "--data-dir", str(folder), "--round", "2025", "--group", "ansatte"
        )
        assert result.returncode == 0, result.stderr
    listed = json.loads(run_cli("history", "--data-dir", str(folder), "--json").stdout)
    assert [(r["id"], r["file_name"], r["respondents"], r["active"]) for r in listed] == [
        (2, files["second"].name, 13, True),
        (1, files["first"].name, 10, True),
    ]
    assert listed[0]["who"].startswith("cli (") and len(listed[0]["sha256"]) == 64
    assert listed[0]["tables"] == {"responses": len(files["truth_second_deleted"])}

    undone = run_cli("undo", "2", "--data-dir", str(folder))
    assert undone.returncode == 0 and "Import 2 er angret" in undone.stdout
    assert _answers(Store(folder).table("responses")) == _answers(files["truth_first"])
    listed = json.loads(run_cli("history", "--data-dir", str(folder), "--json").stdout)
    assert [(r["id"], r["kind"], r["active"], r["undone_by"], r["undoes"]) for r in listed] == [
        (3, "undo", False, None, [2]),
        (2, "survey", False, 3, []),
        (1, "survey", True, None, []),
    ]
    before = snapshot(folder)
    for args, message in ((("undo", "2"), "allerede angret"), (("undo", "99"), "ingen import med nummer 99")):
        refused = run_cli(*args, "--data-dir", str(folder))
        assert refused.returncode == 2 and message in refused.stderr
    assert snapshot(folder) == before


def test_the_demo_is_one_import_that_can_be_undone_and_rewritten(demo_copy):
    store = Store(demo_copy)
    (demo,) = [r for r in history(store) if r["active"]]
    assert demo["kind"] == "demo" and demo["tables"]["responses"] == len(store.table("responses"))
    load_demo(store)
    assert [r["id"] for r in history(store) if r["active"]] == [2]
    assert len(store.table("responses")) == demo["tables"]["responses"]
    undo_import(store, 2, "test")
    assert store.table("responses").empty and store.table("projects").empty
    assert store.query("culture_cells").empty


def test_dry_run_prints_the_validation_report_and_the_stored_rows_and_stores_nothing(tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text(
        "Navn;respondent_id;enhet;K1_1;K1_2;Kommentar\n"
        "Kari Nordmann;a1;NAV;4;7;Bra\n"
        "Ola Hansen;a2;NAV;Helt enig;Vet ikke;\n",
        encoding="utf-8",
    )
    folder = tmp_path / "store"
    result = run_cli(
        "import", str(path), "--data-dir", str(folder), "--round", "2025", "--group", "ansatte", "--dry-run"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:9] == [
        "Fil: feil.csv (survey)",
        "Rader lest: 2",
        "Lest som: CSV, UTF-8, skilletegn semikolon",
        "Skjema: feil (bredt format)",
        "Respondenter godtatt: 2, svar: 3",
        "Utelatt (personopplysninger, lagres aldri): Navn",
        "Ikke koblet til et spørsmål (ikke lest): Kommentar",
        "Avvist: 1 verdier eller rader:",
        "  rad 2, kolonne K1_2: «7» er ikke et svar på skalaen 1–5 eller «Vet ikke».",
    ]
    assert "Prøvekjøring: ingenting er lagret." in lines
    preview = lines[lines.index("Slik lagres de første radene:") + 1 :]
    assert preview[0].split() == ["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    assert [row.split() for row in preview[1:]] == [
        ["2025", "ansatte", "NAV", "a1", "K1_1", "4", "False"],
        ["2025", "ansatte", "NAV", "a2", "K1_1", "5", "False"],
        ["2025", "ansatte", "NAV", "a2", "K1_2", "<NA>", "True"],
    ]
    assert "Kari" not in result.stdout
    assert snapshot(folder) == {}


def test_a_folder_from_before_payloads_is_refused_not_silently_replayed(tmp_path):
    store = Store(tmp_path / "store")
    store.commit(
        {"responses": _frame([("2024", "ansatte", "A", "r1", "K1_1", 3, False, None)])}, {"kind": "survey"}
    )
    before = snapshot(tmp_path / "store")
    files = cumulative_forms(tmp_path)
    with pytest.raises(ImportRefused, match="eldre versjon som ikke kan angre"):
        import_file(store, files["first"], **OPTIONS)
    assert snapshot(tmp_path / "store") == before
