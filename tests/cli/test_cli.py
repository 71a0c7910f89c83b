"""The command line, end to end in real subprocesses, on real files."""

import csv
import json
import shutil

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.ingest.demo import write_canonical_survey_csv
from analytics.measures.portfolio import fundament_index
from analytics.store import Store
from tests.conftest import STRATEGIES, STRATEGY_NAMES, run_cli, snapshot


def _json(*args):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
def test_codebook_json_lists_every_item(strategy):
    items = _json("codebook", "--json")
    with open(STRATEGIES[strategy] / "codebook.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(items) == len(rows) == {"jevnaker": 27, "fjordvik": 12}[strategy]
    assert items[0] == {
        "item_id": rows[0]["item_id"],
        "indicator": rows[0]["indicator"],
        "text": rows[0]["text"],
        "groups": rows[0]["groups"].split("|"),
    }
    assert items[0]["item_id"] == {"jevnaker": "K1_1", "fjordvik": "lytte_a"}[strategy]
    assert {i["indicator"] for i in items} == set(framework().indicator_ids)


def test_a_broken_strategy_file_is_refused_by_every_command_with_exit_2(tmp_path):
    shutil.copy(STRATEGIES["jevnaker"] / "codebook.csv", tmp_path / "codebook.csv")
    raw = json.loads((STRATEGIES["jevnaker"] / "framework.json").read_text(encoding="utf-8"))
    raw["likert_scale"] = raw["likert_scale"][:1]
    (tmp_path / "framework.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    env = {"INNOBARO_FRAMEWORK_DIR": str(tmp_path)}
    for command in (
        ("codebook",),
        ("demo", "--data-dir", str(tmp_path / "d")),
        ("summary", "--data-dir", "x"),
    ):
        result = run_cli(*command, env=env)
        assert result.returncode == 2, command
        assert result.stderr.startswith("Feil: Strategifila: «likert_scale» skal gå i hele tall fra 1")
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.slow
def test_demo_writes_a_dataset_and_refuses_to_overwrite_imported_data(tmp_path):
    folder = tmp_path / "d"
    result = run_cli("demo", "--data-dir", str(folder))
    assert result.returncode == 0 and "Demodata skrevet" in result.stdout
    assert Store(folder).is_demo()
    real = tmp_path / "real"
    (tmp_path / "s.csv").write_text("respondent_id,enhet,K1_1\nr1,NAV,4\n", encoding="utf-8")
    assert (
        run_cli(
            "import",
            str(tmp_path / "s.csv"),
            "--data-dir",
            str(real),
            "--round",
            "2024",
            "--group",
            "ansatte",
        ).returncode
        == 0
    )
    before = snapshot(real)
    refused = run_cli("demo", "--data-dir", str(real))
    assert refused.returncode == 2 and "har importerte data" in refused.stderr
    assert snapshot(real) == before


def test_projects_json_reflects_the_latest_assessment(demo_dir):
    records = _json("projects", "--data-dir", str(demo_dir), "--json")
    store = Store(demo_dir)
    assessments = store.table("assessments")
    assert len(records) == len(store.table("projects")) >= 20
    for record in records:
        assert set(record) == {
            "project_id",
            "name",
            "sector",
            "phase",
            "scores",
            "fundament_index",
            "zero_veto",
            "weakest",
            "actors",
        }
        latest = (
            assessments[assessments["project_id"] == record["project_id"]].sort_values("assessed_on").iloc[-1]
        )
        expected = {f: (None if pd.isna(latest[f]) else int(latest[f])) for f in record["scores"]}
        assert record["scores"] == expected
        index = fundament_index(expected)
        assert record["fundament_index"] == (None if index is None else round(index, 2))
        assert record["zero_veto"] == (0 in expected.values())
    assert sum(r["zero_veto"] for r in records) >= 3
    assert any(r["fundament_index"] is None for r in records)
    names = {r["name"] for r in records}
    assert "Framtidas omsorg skapes i fellesskap" in names


def _summary(folder):
    return {
        (r["round"], r["indicator"], r["unit"], r["group"]): r
        for r in _json("summary", "--data-dir", str(folder), "--json")
    }


def test_summary_says_so_when_no_round_is_published_yet(demo_dir, tmp_path):
    responses = Store(demo_dir).table("responses")
    path = tmp_path / "ansatte_2024.csv"
    write_canonical_survey_csv(responses[responses["group"] == "ansatte"], "2024", "ansatte", path)
    target = tmp_path / "store"
    assert run_cli("import", str(path), "--data-dir", str(target)).returncode == 0
    plain = run_cli("summary", "--data-dir", str(target))
    assert plain.returncode == 0 and plain.stdout == ""
    assert "Ingen runde av spørreundersøkelsen er publisert ennå" in plain.stderr
    assert "Venter på publisering: 2024." in plain.stderr
    assert f"python -m analytics publish RUNDE --data-dir {target}" in plain.stderr
    assert run_cli("publish", "2024", "--data-dir", str(target), "--confirm-warnings").returncode == 0
    published = run_cli("summary", "--data-dir", str(target))
    assert published.stderr == "" and published.stdout.startswith("2024 ")


@pytest.mark.slow
@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
@pytest.mark.parametrize("fmt", ["comma", "semicolon", "cp1252", "parquet"])
def test_a_canonical_survey_round_trips_into_the_same_numbers(strategy_demo_dir, strategy, tmp_path, fmt):
    demo_dir, fw = strategy_demo_dir, framework()
    group = fw.baseline_group
    responses = Store(demo_dir).table("responses")
    path = tmp_path / f"{group}_2024.csv"
    write_canonical_survey_csv(responses, "2024", group, path, sep=";" if fmt != "comma" else ",")
    if fmt == "cp1252":
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    if fmt == "parquet":
        frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
        path = tmp_path / f"{group}_2024.parquet"
        frame.to_parquet(path)
    target = tmp_path / "store"
    result = run_cli("import", str(path), "--data-dir", str(target))
    assert result.returncode == 0, result.stderr
    n_resp = responses[(responses["round"] == "2024") & (responses["group"] == group)]
    assert f"Respondenter godtatt: {n_resp['respondent_id'].nunique()}" in result.stdout
    assert _summary(target) == {}  # readers see the round once it is published
    assert run_cli("publish", "2024", "--data-dir", str(target), "--confirm-warnings").returncode == 0
    ours, theirs = _summary(target), _summary(demo_dir)
    for k in (*fw.indicator_ids, "index"):
        # Unit rows in the demo also hold the unit's leaders, so compare the group rows.
        assert ours[("2024", k, None, group)]["mean"] == theirs[("2024", k, None, group)]["mean"]
        assert ours[("2024", k, None, group)]["n"] == theirs[("2024", k, None, group)]["n"]
    # The smallest unit (Frivilligsentralen, Enhet D) has too few respondents to be shown.
    sizes = n_resp.groupby("unit")["respondent_id"].nunique()
    assert (
        sizes.min() < 5
        and sizes.idxmin() == {"jevnaker": "Frivilligsentralen", "fjordvik": "Enhet D"}[strategy]
    )
    assert ours[("2024", fw.indicator_ids[0], sizes.idxmin(), None)]["suppressed"] is True
    stored = Store(target).table("responses")
    assert set(stored["unit"].dropna()) == set(n_resp["unit"].dropna())  # æøå survived the encoding
    assert int(stored["dont_know"].sum()) == int(n_resp["dont_know"].sum()) > 0


def _refused(tmp_path, content: bytes | None, *extra, name="fil.csv", demo=None):
    folder = demo or tmp_path / "store"
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = snapshot(folder)
    result = run_cli("import", str(path), "--data-dir", str(folder), *extra)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.startswith("Feil: ")
    assert snapshot(folder) == before
    return result.stderr


HEADER = "respondent_id;enhet;runde;gruppe;K1_1;K1_2\n"


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (HEADER + "r1;NAV;2024;ansatte;7;4\n", (), "«7» er ikke et svar på skalaen 1–5"),
        (HEADER + "r1;NAV;2024;ansatte;4,5;4\n", (), "rad 2, kolonne K1_1: «4,5»"),
        (
            "respondent_id;enhet;K1_1\nr1;NAV;4\n",
            ("--group", "ansatte"),
            "Fyll inn feltet «Runde» på importsiden (--round i CLI)",
        ),
        (
            "respondent_id;enhet;K1_1\nr1;NAV;4\n",
            ("--round", "2024"),
            "Fyll inn valget «Respondentgruppe» på importsiden (--group i CLI)",
        ),
        (HEADER + "r1;NAV;2024;studenter;4;4\n", (), "gruppe «studenter» er ukjent"),
        ("enhet;runde;gruppe;K1_1\nNAV;2024;ansatte;4\n", (), "ingen kolonne med respondent-id"),
        ("respondent_id;enhet;runde;gruppe;spm1\nr1;NAV;2024;ansatte;4\n", (), "ingen kolonne har navn"),
        (HEADER + "r1;NAV;2024;ansatte;4;4\nr1;NAV;2024;ansatte;3;3\n", (), "«r1» står flere ganger"),
        (HEADER + "r1;;2024;ansatte;4;4\n", (), "rad 2: enhet mangler"),
        (
            "respondent_id;enhet;runde;gruppe;K1_3\nr1;NAV;2024;ansatte;4\n",
            (),
            "K1_3 stilles ikke til gruppen",
        ),
        ("respondent_id;runde;gruppe;K1_1\nr1;2024;ansatte;4\n", (), "mangler kolonnen «enhet»"),
        (
            HEADER + "r1;NAV;2024;ansatte;4;4\n",
            ("--round", "2023"),
            "men feltet «Runde» på importsiden (--round i CLI) sier «2023»",
        ),
        ("", (), "er tom"),
        (HEADER, (), "bare overskrifter"),
        ("respondent_id;enhet\n\n\n", (), "bare overskrifter"),
    ],
)
def test_refused_survey_files_exit_2_with_bokmal_and_change_nothing(tmp_path, content, extra, message):
    assert message in _refused(tmp_path, content.encode("utf-8"), *extra)


def test_refusals_leave_existing_data_untouched(demo_copy, tmp_path):
    stderr = _refused(tmp_path, (HEADER + "r1;NAV;2024;ansatte;9;4\n").encode(), demo=demo_copy)
    assert "skalaen 1–5" in stderr


def test_binary_missing_and_wrong_kind_files_are_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    assert "ser ikke ut som en CSV-, Excel- eller Parquet-fil" in _refused(tmp_path, png)
    assert "kan ikke åpnes" in _refused(tmp_path, b"PK\x03\x04broken zip", name="x.xlsx")
    assert "Finner ikke fila" in _refused(tmp_path, None, name="finnes_ikke.csv")
    result = run_cli("import", "x.csv", "--kind", "bilder")
    assert result.returncode == 2 and "Ugyldig kommando" in result.stderr


def test_names_and_emails_are_never_stored(tmp_path):
    csv = (
        "Navn;E-postadresse;respondent_id;enhet;K1_1;K1_2\n"
        "Kari Nordmann;kari@example.no;r1;NAV;4;5\n"
        "Ola Hansen;ola@example.no;r2;NAV;Vet ikke;2\n"
    )
    path = tmp_path / "forms.csv"
    path.write_text(csv, encoding="utf-8")
    folder = tmp_path / "store"
    result = run_cli("import", str(path), "--data-dir", str(folder), "--round", "2024", "--group", "ansatte")
    assert result.returncode == 0, result.stderr
    assert "Utelatt (personopplysninger, lagres aldri): Navn, E-postadresse" in result.stdout
    stored = Store(folder).table("responses")
    assert list(stored.columns) == [
        "round",
        "group",
        "unit",
        "respondent_id",
        "item_id",
        "value",
        "dont_know",
    ]
    assert len(stored) == 4 and int(stored["dont_know"].sum()) == 1
    for file in folder.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert b"Kari" not in data and b"example.no" not in data and b"Hansen" not in data


def test_the_same_file_twice_changes_nothing_and_dry_run_stores_nothing(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("respondent_id,enhet,runde,gruppe,K1_1\nr1,NAV,2024,ansatte,4\n", encoding="utf-8")
    folder = tmp_path / "store"
    dry = run_cli("import", str(path), "--data-dir", str(folder), "--dry-run")
    assert dry.returncode == 0 and "Prøvekjøring: ingenting er lagret." in dry.stdout
    assert snapshot(folder) == {}
    assert run_cli("import", str(path), "--data-dir", str(folder)).returncode == 0
    before = snapshot(folder)
    again = run_cli("import", str(path), "--data-dir", str(folder))
    assert again.returncode == 0 and "allerede importert" in again.stdout
    assert snapshot(folder) == before


def test_norwegian_excel_assessments_update_a_projects_latest_scores(demo_copy, tmp_path):
    # As saved by a Norwegian Excel: ';', cp1252, dd.mm.yyyy, Norwegian role name.
    text = (
        "project_id;assessed_on;assessor_role;behov;losning;padriver;team;forankring;comment\r\n"
        "P01;15.01.2025;støtteteam;4;3;0;2;3;Pådriver har sluttet – ny må på plass\r\n"
    )
    path = tmp_path / "vurderinger.csv"
    path.write_bytes(text.encode("cp1252"))
    result = run_cli("import", str(path), "--kind", "projects", "--data-dir", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert "Tabell assessments: 1 rader" in result.stdout
    p01 = next(
        r for r in _json("projects", "--data-dir", str(demo_copy), "--json") if r["project_id"] == "P01"
    )
    assert p01["scores"] == {"behov": 4, "losning": 3, "padriver": 0, "team": 2, "forankring": 3}
    assert p01["fundament_index"] == 0.0 and p01["zero_veto"] and p01["weakest"] == ["padriver"]
    comment = Store(demo_copy).table("assessments").iloc[-1]["comment"]
    assert comment == "Pådriver har sluttet – ny må på plass"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "project_id;assessed_on;assessor_role;behov\nP99;01.02.2025;leder;3\n",
            "ukjente prosjekt-id-er P99",
        ),
        ("project_id;assessed_on;assessor_role;behov\nP01;31.02.2025;leder;3\n", "er ikke en dato"),
        ("project_id;assessed_on;assessor_role;behov\nP01;01.02.2025;leder;5\n", "fra 0 til 4"),
        ("project_id;fase\nP01;behov\n", "kolonnene passer ikke med noen tabell"),
    ],
)
def test_refused_project_files(demo_copy, tmp_path, content, message):
    stderr = _refused(tmp_path, content.encode("cp1252"), "--kind", "projects", demo=demo_copy)
    assert message in stderr


def test_events_import_and_threshold_below_three_is_refused(demo_copy, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "event_id;held_on;instrument;title;participants_ansatte\n"
        "E-NY;2025-03-14;innovasjonsdag;Innovasjonsdag 2025;85\n",
        encoding="utf-8",
    )
    assert run_cli("import", str(path), "--kind", "events", "--data-dir", str(demo_copy)).returncode == 0
    events = Store(demo_copy).table("events")
    assert events.set_index("event_id").loc["E-NY", "participants_ansatte"] == 85
    low = run_cli("summary", "--data-dir", str(demo_copy), env={"INNOBARO_ANONYMITY_THRESHOLD": "2"})
    assert low.returncode == 2 and "ikke være lavere enn 3" in low.stderr


def test_respondents_with_identical_answers_are_reported_as_possible_duplicates(tmp_path):
    items = [i.item_id for i in framework().items_for("ansatte")]
    same = ["4", "Vet ikke", "2", "5", "3", "3", "1", "4", "5"] + [""] * (len(items) - 9)
    rows = [
        ["a1", "NAV", *same],
        ["a2", "NAV", *same],  # the same nine answers in the same unit: flagged
        ["a3", "Kultur og fritid", *same],  # same answers, other unit: not flagged
        ["a4", "NAV", *same[:7], *[""] * (len(items) - 7)],  # only seven answers: too few to judge
        ["a5", "NAV", *same[:7], *[""] * (len(items) - 7)],
        ["a6", "NAV", "1", *same[1:]],
    ]
    path = tmp_path / "svar.csv"
    path.write_text(
        "\n".join(";".join(r) for r in [["respondent_id", "enhet", *items], *rows]) + "\n", "utf-8"
    )
    result = run_cli(
        "import",
        str(path),
        "--data-dir",
        str(tmp_path / "s"),
        "--round",
        "2025",
        "--group",
        "ansatte",
        "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    flagged = [line for line in result.stdout.splitlines() if line.startswith("Mulig duplikat")]
    assert flagged == ["Mulig duplikat (like svar): a1, a2"]
