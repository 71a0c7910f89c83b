"""Who was asked and who answered (issue 25): the table ``invited``, response rates, and the
publish step's dry-run and warnings.

The survey exports are generated here by seeded code, one row per respondent;
the invited numbers are typed in with the template's Norwegian headers, or
counted from an HR export with one row per employee.
"""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.core.text import fmt_share, literal, t
from analytics.ingest import ImportRefused, import_bytes, save_invited, save_unit_map, undo_import
from analytics.measures import inputs, participation
from analytics.present import meeting
from analytics.store import Store
from tests.conftest import ROLE_MEMBERS, app_test, run_cli, snapshot

ROUND = "2025"


def survey_export(units: dict[str | None, int], group: str, prefix: str = "") -> bytes:
    """``units[u]`` respondents of unit ``u`` (None: a group without units), seeded answers."""
    items = [i.item_id for i in framework().items_for(group)]
    with_units = any(unit is not None for unit in units)
    lines = [("ID;Enhet;" if with_units else "ID;") + ";".join(items)]
    for unit, size in units.items():
        for k in range(size):
            who = f"{prefix}{group}-{unit}-{k}"
            rng = random.Random(who)
            answers = ";".join(str(rng.randint(1, 5)) for _ in items)
            lines.append(f"{who};" + (f"{unit};" if with_units else "") + answers)
    return "\n".join(lines).encode("utf-8")


def _import(folder, name: str, content: bytes, *extra: str):
    path = folder.parent / name
    path.write_bytes(content)
    result = run_cli("import", str(path), "--data-dir", str(folder), *extra)
    assert result.returncode == 0, result.stderr
    return result


def _json(*args):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# The units of the first test: Liten (3) is too small, Mid is then hidden so that Liten
# cannot be worked out from the total; Plan's staff list still spells it «Gamle Plan».
ANSATTE = {"Helse": 12, "Plan": 8, "Liten": 3, "Mid": 6}
INVITED = (
    "Runde;Enhet;Gruppe;Antall ansatte\n"
    "2025;Helse;ansatte;21\n"
    "2025;Gamle Plan;ansatte;10\n"
    "2025;Liten;ansatte;4\n"
    "2025;Mid;ansatte;7\n"
    "2025;;politikere;9\n"
)


@pytest.fixture
def rated(tmp_path):
    """A data folder with round 2025 (ansatte in four units, six politicians) published,
    its invited numbers imported through the unit table."""
    folder = tmp_path / "store"
    _import(folder, "ansatte.csv", survey_export(ANSATTE, "ansatte"), "--round", ROUND, "--group", "ansatte")
    _import(
        folder, "pol.csv", survey_export({None: 6}, "politikere"), "--round", ROUND, "--group", "politikere"
    )
    save_unit_map(
        Store(folder),
        pd.DataFrame({"alias": ["Gamle Plan"], "unit": ["Plan"], "valid_from": [None], "valid_to": [None]}),
        "test",
    )
    imported = _import(folder, "inviterte.csv", INVITED.encode("cp1252"), "--kind", "invited")
    assert "Gamle Plan → Plan" in imported.stdout
    assert run_cli("publish", ROUND, "--data-dir", str(folder), "--confirm-warnings").returncode == 0
    return folder


def _record(unit, group, invited, responded, flag_limit=60):
    rate = None if responded is None else round(responded / invited, 4)
    return {
        "round": ROUND,
        "unit": unit,
        "group": group,
        "invited": invited,
        "responded": responded,
        "rate": rate,
        "suppressed": responded is None,
        "flag": None if rate is None else round(100 * rate) < flag_limit,
    }


def test_participation_json_is_responded_over_invited_as_computed_by_hand(rated):
    by_unit = _json("participation", "--data-dir", str(rated), "--by", "unit", "--json")
    everyone = _record(None, None, 21 + 10 + 4 + 7 + 9, 12 + 8 + 3 + 6 + 6)
    assert by_unit == [
        everyone,
        _record("Helse", None, 21, 12),  # 57 %: under the flag limit
        _record("Liten", None, 4, None),  # too few invited and too few answered: hidden
        _record("Mid", None, 7, None),  # 6 answered, hidden so that Liten's 3 stay hidden
        _record("Plan", None, 10, 8),  # «Gamle Plan» through the unit table
    ]
    assert everyone["rate"] == 0.6863 and by_unit[1]["flag"] is True and by_unit[4]["rate"] == 0.8
    # A hidden culture cell hides its rate: the same cells as summary's.
    summary = _json("summary", "--data-dir", str(rated), "--by", "unit", "--json")
    hidden_units = {r["unit"] for r in summary if r["indicator"] == "index" and r["suppressed"]}
    assert hidden_units == {r["unit"] for r in by_unit if r["suppressed"]} == {"Liten", "Mid"}

    by_group = _json("participation", "--data-dir", str(rated), "--by", "group", "--json")
    assert by_group == [everyone, _record(None, "ansatte", 42, 29), _record(None, "politikere", 9, 6)]
    both = _json("participation", "--data-dir", str(rated), "--by", "unit,group", "--json")
    assert [(r["unit"], r["group"], r["rate"]) for r in both[1:]] == [
        ("Helse", "ansatte", 0.5714),
        ("Liten", "ansatte", None),
        ("Mid", "ansatte", None),
        ("Plan", "ansatte", 0.8),
    ]
    default = _json("participation", "--data-dir", str(rated), "--json")
    assert default == by_unit + by_group[1:]

    text = run_cli("participation", "--data-dir", str(rated), "--by", "unit")
    assert "Helse                            12 av 21 (57\u00a0%)  under 60 %" in text.stdout
    assert "Liten                            skjult (for få)" in text.stdout


def test_few_invited_hide_the_rate_even_where_n_is_shown():
    # An outdated staff list: 6 answered where the list says 4. The count 4 is under the threshold.
    slices = [  # by_unit, by_group, unit, group, n
        (False, False, None, None, 16),
        (False, True, None, "ansatte", 16),
        (True, False, "A", None, 10),
        (True, False, "B", None, 6),
        (True, True, "A", "ansatte", 10),
        (True, True, "B", "ansatte", 6),
    ]
    cells = pd.DataFrame(slices, columns=["by_unit", "by_group", "unit", "group", "n"]).assign(
        round=ROUND, indicator="index", item_id=None, suppressed=False
    )
    invited = pd.DataFrame(
        {"round": [ROUND] * 2, "unit": ["A", "B"], "group": ["ansatte"] * 2, "invited": [20, 4]}
    )
    records = participation.participation(cells, invited, threshold=5, by="unit")
    assert [(r["unit"], r["invited"], r["responded"], r["rate"], r["suppressed"]) for r in records] == [
        (None, 24, 16, 0.6667, False),
        ("A", 20, 10, 0.5, False),
        ("B", 4, None, None, True),
    ]


def test_a_round_without_invited_numbers_says_so_and_shows_n_only(tmp_path):
    folder = tmp_path / "store"
    _import(folder, "a.csv", survey_export({"Helse": 12}, "ansatte"), "--round", ROUND, "--group", "ansatte")
    assert run_cli("publish", ROUND, "--data-dir", str(folder), "--confirm-warnings").returncode == 0
    records = _json("participation", "--data-dir", str(folder), "--json")
    assert records[0] == {
        "round": ROUND,
        "unit": None,
        "group": None,
        "invited": None,
        "responded": 12,
        "rate": None,
        "suppressed": False,
        "flag": None,
    }
    plain = run_cli("participation", "--data-dir", str(folder))
    assert "n = 12 (antall invitert mangler)" in plain.stdout
    assert t("participation_round_missing", round=ROUND) in plain.stderr


def test_an_hr_export_is_counted_per_unit_and_no_name_is_stored(tmp_path):
    store = Store(tmp_path / "store")
    staff = ["Ansattnr;Navn;E-post;Avdeling;Stilling"] + [
        f"{k};Person Nummer{k};p{k}@jevnaker.kommune.no;{unit};rådgiver"
        for k, unit in enumerate(["Helse"] * 9 + ["Plan"] * 3)
    ]
    raw = "\n".join(staff).encode("cp1252")
    with pytest.raises(ImportRefused, match="trenger runden og gruppen"):
        import_bytes(store, raw, "hr.csv", kind="invited")
    assert snapshot(store.data_dir) == {}
    report = import_bytes(store, raw, "hr.csv", kind="invited", round_label=ROUND, group="ansatte")
    assert t("invited_hr_counted", rows=12, counts=2) in report.lines()
    table = store.table("invited").sort_values("unit")
    assert table.to_dict("records") == [
        {"round": ROUND, "unit": "Helse", "group": "ansatte", "invited": 9, "source": "HR"},
        {"round": ROUND, "unit": "Plan", "group": "ansatte", "invited": 3, "source": "HR"},
    ]
    stored = b"".join(p.read_bytes() for p in store.data_dir.rglob("*") if p.is_file())
    assert b"Nummer" not in stored and b"jevnaker.kommune.no" not in stored

    # A blank unit for a group that has units is named by its line in the file; nothing is stored.
    before = snapshot(store.data_dir)
    blank = b"Navn;Enhet\nOla;Helse\nKari;\n"
    with pytest.raises(ImportRefused, match="rad 3: enheten er tom"):
        import_bytes(store, blank, "hr2.csv", kind="invited", round_label=ROUND, group="ansatte")
    assert snapshot(store.data_dir) == before


def test_the_invited_table_is_in_the_history_and_can_be_undone(rated):
    history = _json("history", "--data-dir", str(rated), "--json")
    (record,) = [r for r in history if r["kind"] == "invited"]
    assert record["tables"] == {"invited": 5} and record["file_name"] == "inviterte.csv"
    assert run_cli("undo", str(record["id"]), "--data-dir", str(rated)).returncode == 0
    assert Store(rated).table("invited").empty
    assert _json("participation", "--data-dir", str(rated), "--by", "group", "--json")[0]["invited"] is None


# ------------------------------------------------------------------ the publish step

# Last round: 30 employees in three units and six politicians; this round: 18 employees
# (down by two fifths) and no politicians. Invited numbers for both rounds.
LAST, NOW = {"A": 12, "B": 10, "C": 8}, {"A": 8, "B": 6, "C": 4}
INVITED_BOTH = (
    "".join(
        f"{year};{unit};ansatte;{count}\n"
        for year in ("2024", ROUND)
        for unit, count in (("A", 14), ("B", 12), ("C", 9))
    )
    + "2024;;politikere;8\n"
)


@pytest.fixture
def falling(tmp_path):
    folder = tmp_path / "store"
    _import(folder, "a24.csv", survey_export(LAST, "ansatte", "24"), "--round", "2024", "--group", "ansatte")
    _import(
        folder,
        "p24.csv",
        survey_export({None: 6}, "politikere", "24"),
        "--round",
        "2024",
        "--group",
        "politikere",
    )
    _import(
        folder,
        "inv.csv",
        ("Runde;Enhet;Gruppe;Antall invitert\n" + INVITED_BOTH).encode(),
        "--kind",
        "invited",
    )
    assert (
        run_cli("publish", "2024", "--data-dir", str(folder)).returncode == 0
    )  # no warnings: no confirmation
    _import(folder, "a25.csv", survey_export(NOW, "ansatte", "25"), "--round", ROUND, "--group", "ansatte")
    return folder


def test_the_dry_run_lists_a_missing_group_and_a_third_fewer_respondents(falling):
    before = snapshot(falling)
    found = _json("publish", ROUND, "--dry-run", "--json", "--data-dir", str(falling))
    assert snapshot(falling) == before and Store(falling).published_rounds() == ["2024"]
    assert found["round"] == ROUND and found["previous_round"] == "2024" and found["published"] is False
    codes = [(w["code"], w["group"], w["unit"]) for w in found["warnings"]]
    assert ("group_missing", "politikere", None) in codes
    assert ("respondents_down", "ansatte", None) in codes
    down = next(w for w in found["warnings"] if w["code"] == "respondents_down")
    assert down["text"] == "Ansatte: 18 svarte, mot 30 i 2024 (mer enn en tredjedel færre)."
    # The rates: 18 of 35, and A's 8 of 14 are under 60 %; B and C are hidden (C has 4).
    low = {(w["unit"], w["group"]) for w in found["warnings"] if w["code"] == "low_rate"}
    assert low == {(None, None), ("A", None), (None, "ansatte")}
    overall = found["participation"][0]
    assert (overall["invited"], overall["responded"], overall["rate"]) == (35, 18, round(18 / 35, 4))
    assert {(h["unit"], h["reason"]) for h in found["hidden"] if h["group"] is None} == {
        ("B", "complementary"),
        ("C", "too_few"),
    }
    assert "invited_missing" not in {w["code"] for w in found["warnings"]}
    # The index and indicators with their change since 2024, like for like: the politicians are
    # missing in 2025, so «alle» is another mix of groups and no change is stated.
    summary = _json("summary", "--data-dir", str(falling), "--include-unpublished", "--by", "group", "--json")
    index = {r["round"]: r["mean"] for r in summary if r["indicator"] == "index" and r["group"] is None}
    assert found["index"]["mean"] == pytest.approx(index[ROUND], abs=1e-4)
    assert (found["index"]["change"], found["index"]["note"]) == (None, "group_mix")
    assert {m["note"] for m in found["indicators"]} == {"group_mix"}
    assert [m["indicator"] for m in found["indicators"]] == list(framework().indicator_ids)

    plain = run_cli("publish", ROUND, "--dry-run", "--data-dir", str(falling))
    assert "Advarsel: Politikere svarte i 2024, men mangler i denne runden." in plain.stdout


def test_publishing_with_warnings_is_refused_until_they_are_confirmed_and_the_confirmation_is_audited(
    falling,
):
    before = snapshot(falling)
    refused = run_cli("publish", ROUND, "--data-dir", str(falling))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "Runde 2025 er ikke publisert: den har advarsler som ikke er bekreftet" in refused.stderr
    assert "Politikere svarte i 2024, men mangler i denne runden" in refused.stderr
    assert "--confirm-warnings" in refused.stderr
    assert snapshot(falling) == before

    done = run_cli("publish", ROUND, "--data-dir", str(falling), "--confirm-warnings")
    assert done.returncode == 0 and done.stdout.strip() == t("publish_done", round=ROUND)
    assert Store(falling).published_rounds() == ["2024", ROUND]
    audit = _json("audit", "--data-dir", str(falling), "--json")
    assert [e["action"] for e in audit[:2]] == ["publish_confirmed", "publish"]
    detail = audit[0]["detail"]
    assert detail.startswith("runde 2025 publisert med bekreftede advarsler: Politikere svarte i 2024")
    assert "Ansatte: 18 svarte, mot 30 i 2024" in detail


def test_the_page_shows_the_warnings_and_publishes_only_once_they_are_confirmed(falling, monkeypatch):
    at = app_test(falling, monkeypatch, ROLE_MEMBERS["analytiker"][0]).run()
    at.switch_page("pages/importer.py").run()
    assert at.selectbox(key="publish_round").value == ROUND
    warnings = [w.value for w in at.warning]
    assert literal("Politikere svarte i 2024, men mangler i denne runden.") in warnings
    assert literal("Ansatte: 18 svarte, mot 30 i 2024 (mer enn en tredjedel færre).") in warnings
    rates = next(df.value for df in at.dataframe if t("col_rate") in df.value.columns)
    assert rates.iloc[0].tolist() == ["alle", "18 av 35 (51\u00a0%)"]
    confirm = at.checkbox(key="publish_confirm")
    assert "Politikere svarte i 2024, men mangler i denne runden" in confirm.label
    assert at.button(key="publish_button").disabled
    assert Store(falling).published_rounds() == ["2024"]
    confirm.check().run()
    at.button(key="publish_button").click().run()
    assert not at.exception
    assert literal(t("publish_done", round=ROUND)) in [s.value for s in at.success]
    last = Store(falling).audit_log()[-1]
    assert last["action"] == "publish_confirmed" and last["who"] == ROLE_MEMBERS["analytiker"][0]
    assert "Ansatte: 18 svarte, mot 30 i 2024" in last["detail"]


def test_the_demo_shows_response_rates_on_the_overview_and_the_meeting_slide(app, demo_dir):
    records = _json("participation", "--data-dir", str(demo_dir), "--by", "group", "--json")
    latest = [r for r in records if r["round"] == "2024"]
    overall, before = latest[0], next(r for r in records if r["round"] == "2023" and r["group"] is None)
    assert overall["invited"] == 842 and overall["rate"] == round(overall["responded"] / 842, 4)

    at = app.run()
    card = next(m for m in at.metric if m.label == "Svarprosent 2024")
    assert card.value == fmt_share(overall["rate"])
    change = round(100 * overall["rate"]) - round(100 * before["rate"])
    assert card.delta == f"{change:+d} prosentpoeng"

    slide = meeting.participation_slide(inputs.sources_from_store(Store(demo_dir), 5))
    assert slide.headline == (
        f"I 2024 svarte {overall['responded']} av 842 inviterte ({fmt_share(overall['rate'])})."
    )
    by_group = {r["group"]: r for r in latest[1:]}
    names = framework().names("groups")
    assert slide.categories == tuple(names[g] for g in by_group)
    assert slide.series[0].values == tuple(r["rate"] for r in by_group.values())
    assert "hvem_svarte" in meeting.SLIDE_TYPES and not meeting.SLIDE_TYPES["hvem_svarte"].units


def test_the_flag_limit_is_set_on_administrasjon_and_audited(rated, monkeypatch):
    at = app_test(rated, monkeypatch, ROLE_MEMBERS["admin"][0]).run()
    at.switch_page("pages/administrasjon.py").run()
    assert at.number_input(key="admin_flag_limit").value == 60
    at.number_input(key="admin_flag_limit").set_value(80)
    at.button(key="admin_flag_save").click().run()
    assert not at.exception and at.success[0].value == "Grensen for lav svarprosent er nå 80 %."
    last = Store(rated).audit_log()[-1]
    assert (last["action"], last["detail"]) == (
        "setting",
        "grense for lav svarprosent endret fra 60 % til 80 %",
    )
    by_unit = _json("participation", "--data-dir", str(rated), "--by", "unit", "--json")
    assert [r["flag"] for r in by_unit] == [True, True, None, None, False]  # 69 %, 57 %, -, -, 80 %


def test_numbers_edited_in_the_app_are_an_import_that_can_be_undone(rated):
    store = Store(rated)
    table = store.table("invited")
    edited = table.assign(invited=table["invited"].where(table["unit"] != "Helse", 24))
    assert save_invited(store, table, "test") is None  # nothing changed
    report = save_invited(store, edited, "ana@jevnaker.kommune.no")
    assert (
        report.stored and report.file_name == "inviterte (lagret i appen)" and report.tables == {"invited": 1}
    )
    helse = next(
        r for r in _json("participation", "--data-dir", str(rated), "--json") if r["unit"] == "Helse"
    )
    assert (helse["invited"], helse["rate"]) == (24, 0.5)
    with pytest.raises(ImportRefused, match="invited må være et heltall fra 0 til 100000"):
        save_invited(store, edited.assign(invited=-1), "test")
    undo_import(store, report.import_id, "test")
    helse = next(
        r for r in _json("participation", "--data-dir", str(rated), "--json") if r["unit"] == "Helse"
    )
    assert helse["invited"] == 21
