"""Goals and strategies scorecard: CLI numbers, status against targets, hidden figures, bad files."""

import dataclasses
import json
import shutil

import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.measures import goals, inputs
from analytics.present import changes_text, meeting
from analytics.store import Store
from tests.conftest import republish_every_round, run_cli, shown_tables, takeaways


def _goals(folder, env=None):
    result = run_cli("goals", "--data-dir", str(folder), "--json", env=env)
    assert result.returncode == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)}


def _summary(folder, env=None):
    result = run_cli("summary", "--data-dir", str(folder), "--json", "--by", "group", env=env)
    return {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _changes(folder):
    result = run_cli("changes", "--data-dir", str(folder), "--json", "--by", "group")
    assert result.returncode == 0, result.stderr
    return {(r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


def _culture_measures(records):
    return {
        m["measure"]: m
        for r in records.values()
        for m in r["measures"]
        if m["measure"].startswith("culture:")
    }


def test_goals_json_has_every_goal_and_strategy_with_the_cli_numbers(demo_dir):
    fw = framework()
    records = _goals(demo_dir)
    assert list(records) == [g.id for g in fw.goals] + [s.id for s in fw.strategies]
    assert {r["kind"] for r in records.values()} == {"goal", "strategy"}
    for record in records.values():
        assert [m["measure"] for m in record["measures"]] == list(fw.measures[record["id"]])
        for m in record["measures"]:
            assert set(m) >= {
                "measure",
                "label",
                "latest",
                "previous",
                "change",
                "change_note",
                "target",
                "status",
            }
    summary, found = _summary(demo_dir), _changes(demo_dir)
    culture_measures = _culture_measures(records)
    assert {"culture:index", "culture:K1", "culture:index:ansatte"} <= set(culture_measures)
    for measure, m in culture_measures.items():
        parts = measure.split(":")
        group = parts[2] if len(parts) > 2 else None
        # The values shown (two decimals) and their difference: the one comparison of `changes`.
        assert m["latest"] == round(summary[("2024", parts[1], None, group)]["mean"], 2)
        assert m["previous"] == round(summary[("2023", parts[1], None, group)]["mean"], 2)
        record = found[(parts[1], None, group)]
        assert (m["period"], m["previous_period"]) == ("2024", "2023")
        assert (m["latest"], m["previous"], m["change"]) == (
            record["to_value"],
            record["from_value"],
            record["change"],
        )
        assert m["change"] == round(m["latest"] - m["previous"], 2) and m["change_note"] is None


def test_across_another_mix_of_groups_goals_state_no_change_of_all_but_the_employees_one(demo_dir, tmp_path):
    """A 2025 round of employees only: the index of «alle» is not compared, the employees' index is."""
    data_dir = tmp_path / "store"
    shutil.copytree(demo_dir, data_dir)
    store = Store(data_dir)
    responses = store.table("responses")
    employees = responses[(responses["round"] == "2024") & (responses["group"] == "ansatte")]
    later = employees.assign(round="2025", value=(employees["value"] - 1).clip(lower=1))
    store.commit(
        {"responses": pd.concat([responses, later], ignore_index=True)},
        {"kind": "test"},
        publication={"2025": "published"},
    )
    found = _changes(data_dir)
    everyone, staff = found[("index", None, None)], found[("index", None, "ansatte")]
    assert (everyone["comparable"], everyone["note"], everyone["change"]) == (False, "group_mix", None)
    assert staff["comparable"] and staff["significant"] and staff["change"] < 0
    measures = _culture_measures(_goals(data_dir))
    index = measures["culture:index"]
    assert (index["period"], index["latest"], index["previous"]) == (
        "2025",
        everyone["to_value"],
        everyone["from_value"],
    )
    assert (index["change"], index["change_note"]) == (None, "group_mix")
    staff_index = measures["culture:index:ansatte"]
    assert (staff_index["period"], staff_index["previous_period"]) == ("2025", "2024")
    assert (staff_index["latest"], staff_index["previous"], staff_index["change"]) == (
        staff["to_value"],
        staff["from_value"],
        staff["change"],
    )
    assert staff_index["change_note"] is None
    # Groups that did not answer in 2025 keep their 2024 figure and its change since 2023.
    leaders = measures["culture:index:ledere"]
    assert leaders["period"] == "2024" and leaders["change"] == _index_change(demo_dir, "ledere")["change"]
    # The page's table says why there is no change.
    table = goals.measures_table({"measures": [index, staff_index]})
    assert list(table["Endring"]) == ["andre svargrupper", changes_text.fmt_delta(staff["change"])]


def _index_change(folder, group):
    return _changes(folder)[("index", None, group)]


def test_portfolio_measure_equals_the_projects_command(demo_dir):
    projects = json.loads(run_cli("projects", "--data-dir", str(demo_dir), "--json").stdout)
    running = [p for p in projects if p["phase"] not in ("avsluttet", "stoppet")]
    zero_share = sum(p["zero_veto"] for p in running) / len(running)
    measured = [
        m for r in _goals(demo_dir).values() for m in r["measures"] if m["measure"] == "portfolio:zero_share"
    ]
    assert measured and all(m["latest"] == pytest.approx(zero_share, abs=1e-4) for m in measured)
    indices = sorted(p["fundament_index"] for p in running if p["fundament_index"] is not None)
    median = [
        m
        for r in _goals(demo_dir).values()
        for m in r["measures"]
        if m["measure"] == "portfolio:median_index"
    ]
    assert median[0]["latest"] == pytest.approx(float(pd.Series(indices).median()), abs=0.01)


@pytest.fixture(scope="module")
def sources(demo_dir):
    return inputs.sources_from_store(Store(demo_dir), 5)


def _targets(**values):
    return pd.DataFrame([(m, 2024, v) for m, v in values.items()], columns=["indicator", "year", "target"])


def test_status_follows_the_target_in_both_directions_and_the_sentence_counts_it(sources):
    fw = framework()
    record = goals.measure_record(fw, "culture:index:ansatte", sources, None, None)
    assert record["status"] == "ingen mål" and record["target"] is None
    latest = record["latest"]
    above = goals.measure_record(
        fw, "culture:index:ansatte", sources, None, _targets(**{"culture:index:ansatte": latest - 0.1})
    )
    below = goals.measure_record(
        fw, "culture:index:ansatte", sources, None, _targets(**{"culture:index:ansatte": latest + 0.1})
    )
    assert (above["status"], below["status"]) == ("i rute", "bak")
    zero = goals.measure_record(fw, "portfolio:zero_share", sources, None, None)["latest"]
    # Fewer projects with a zero fundament is better: at or under the target is on track.
    assert (
        goals.measure_record(
            fw, "portfolio:zero_share", sources, None, _targets(**{"portfolio:zero_share": zero + 0.01})
        )["status"]
        == "i rute"
    )
    assert (
        goals.measure_record(
            fw, "portfolio:zero_share", sources, None, _targets(**{"portfolio:zero_share": zero - 0.01})
        )["status"]
        == "bak"
    )
    card = goals.scorecard(
        fw,
        sources,
        None,
        _targets(**{"culture:index:ansatte": latest + 0.1, "portfolio:zero_share": zero + 0.01}),
    )
    by_id = {r["id"]: r for r in card}
    first_goal = by_id[fw.goals[0].id]
    assert (
        first_goal["sentence"] == "0 av 1 måltall med målverdi er i rute. Bak: Kulturindeksen blant ansatte."
    )
    untargeted = next(r for r in card if all(m["status"] == "ingen mål" for m in r["measures"]))
    assert (
        untargeted["sentence"]
        == f"Ingen av de {len(untargeted['measures'])} måltallene har en målverdi ennå."
    )


def test_a_hidden_culture_figure_has_no_value_and_no_status(demo_copy):
    # A threshold set in the environment holds for rounds published after it: every round again.
    env = {"INNOBARO_ANONYMITY_THRESHOLD": "600"}
    republish_every_round(demo_copy, env)
    summary = _summary(demo_copy, env)
    assert summary[("2024", "index", None, "politikere")]["suppressed"]
    record = _goals(demo_copy, env)
    politicians = [
        m for r in record.values() for m in r["measures"] if m["measure"] == "culture:index:politikere"
    ]
    assert politicians and all(
        (m["latest"], m["change"], m["status"]) == (None, None, "ingen mål") for m in politicians
    )


def test_bad_measure_targets_and_unknown_measures_are_explained_in_bokmal(tmp_path):
    fw = framework()
    path = tmp_path / "measure_targets.csv"
    path.write_text(
        "measure,year,target\nportfolio:zero_share,2024,1.5\ntull,2024,3\nculture:index:ledere,24,4\n"
    )
    with pytest.raises(goals.MeasureError) as error:
        goals.load_measure_targets(fw, path)
    message = str(error.value)
    assert message.startswith("Målfila measure_targets.csv har 3 feil:")
    assert "linje 2: målet «1.5» må være et tall fra 0 til 1." in message
    assert "linje 3: «tull» er ikke et måltall" in message and "linje 4: «24» er ikke et årstall" in message
    assert goals.load_measure_targets(fw, tmp_path / "finnes-ikke.csv").empty
    broken = dataclasses.replace(fw, measures={fw.goals[0].id: ("culture:K99", "tull:x")})
    with pytest.raises(goals.MeasureError, match=r"«culture:K99» er ikke et kjent måltall.*«tull:x»"):
        goals.validate_measures(broken)


def test_strategy_page_shows_the_scorecard_with_the_cli_sentences(app):
    at = app.run()
    at.switch_page("pages/strategien.py").run()
    assert not at.exception
    records = _goals(app.data_dir)
    headings = [h.value for h in at.subheader]
    assert headings[: len(records)] == [
        f"{'Mål' if r['kind'] == 'goal' else 'Strategi'} {r['id']}: {r['text']}" for r in records.values()
    ]
    # Takeaways are shown as text (not markdown), in bold.
    assert takeaways(at)[: len(records)] == [r["sentence"] for r in records.values()]
    first = shown_tables(at)[0]
    assert list(first["Status"]) == [m["status"] for m in next(iter(records.values()))["measures"]]


def test_the_goals_slide_counts_the_statuses_of_goals_json(demo_dir):
    result = run_cli("goals", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    slide = meeting.SLIDE_TYPES["mal"].build(inputs.sources_from_store(Store(demo_dir), 5))
    assert slide.categories == tuple(f"{r['id']} {r['text']}" for r in records)
    assert [s.name for s in slide.series] == ["i rute", "bak", "ingen mål"]
    for series in slide.series:
        assert series.values == tuple(
            float(sum(m["status"] == series.name for m in r["measures"])) for r in records
        )
    statuses = [m["status"] for r in records for m in r["measures"]]
    on_track, behind = statuses.count("i rute"), statuses.count("bak")
    assert on_track and behind  # the demo has both
    assert slide.headline == (
        f"{on_track} av {on_track + behind} måltall som har et mål, er i rute "
        f"({len(records)} mål og strategier)."
    )
    assert slide.table.to_dict("list")["i rute"] == [
        sum(m["status"] == "i rute" for m in r["measures"]) for r in records
    ]
    assert slide.source.startswith(f"Kilde: målstyringen på «Strategien som mål», {len(statuses)} måltall.")
