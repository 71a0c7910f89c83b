"""Follow-up measures (tiltak): effect next round computed by hand, the CLI, calls for action."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from analytics.core import suppression, targets
from analytics.core.framework import framework
from analytics.core.schema import conform
from analytics.measures import actions, culture
from analytics.present import actions_text
from analytics.store import Store
from tests.conftest import run_cli

THRESHOLD = 5


def _cell_by_hand(responses: pd.DataFrame, round_label: str, unit: str | None, indicator: str) -> dict:
    """Mean, n and the respondent-cluster variance of the mean, straight from the raw answers."""
    items = [i.item_id for i in framework().items if i.indicator == indicator]
    rows = responses[(responses["round"] == round_label) & responses["item_id"].isin(items)]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    rows = rows[rows["value"].notna()]
    per_person = rows.assign(who=rows["group"] + "/" + rows["respondent_id"], v=rows["value"].astype(float))
    per_person = per_person.groupby("who")["v"].agg(["sum", "count"])
    n = len(per_person)
    total = per_person["count"].sum()
    mean = per_person["sum"].sum() / total if total else math.nan
    residual = per_person["sum"] - mean * per_person["count"]
    var = n / (n - 1) * (residual**2).sum() / total**2 if n > 1 else math.nan
    # A group with one respondent among others: that person knows their own answers, so the cell
    # is hidden (it less them would give the others' hidden figures away).
    sizes = rows.groupby("group")["respondent_id"].nunique()
    return {
        "n": n,
        "mean": mean,
        "var": var,
        "alone": unit is not None and bool(((sizes == 1) & (n > 1)).any()),
    }


def _effect_by_hand(before: dict, after: dict) -> dict:
    change = after["mean"] - before["mean"]
    spread = before["var"] + after["var"]
    df = spread**2 / (after["var"] ** 2 / (after["n"] - 1) + before["var"] ** 2 / (before["n"] - 1))
    margin = culture.t_critical(df) * math.sqrt(spread)
    # Welch's test at 5 % rejects exactly when the 95 % interval leaves out zero.
    significant = abs(change) > margin
    return {
        "change": change,
        "ci_low": change - margin,
        "ci_high": change + margin,
        "significant": significant,
    }


@pytest.fixture(scope="module")
def cli_records(demo_dir):
    result = run_cli("actions", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_actions_match_an_effect_computed_by_hand_on_the_demo(demo_dir, cli_records):
    store = Store(demo_dir)
    responses = store.table("responses")
    stored = store.table("actions")
    assert [r["action_id"] for r in cli_records] == sorted(stored["action_id"])
    assert set(cli_records[0]) == {
        *(c for c in stored.columns),
        "effect",
        "comparison",
        "net_effect",
        "net_ci_low",
        "net_ci_high",
        "net_basis",
        "verdict",
    }
    assert set(cli_records[0]["effect"]) == {
        "from_round",
        "to_round",
        "change",
        "ci_low",
        "ci_high",
        "significant",
        "suppressed",
    }
    rounds = sorted(responses["round"].unique())
    units = sorted(responses["unit"].dropna().unique())
    checked = hidden = waiting = 0
    verdicts = []
    for record in cli_records:
        effect, comparison = record["effect"], record["comparison"]
        from_round = record["prompted_by"]
        assert effect["from_round"] == from_round
        later = [r for r in rounds if r > from_round]
        if not later:
            assert effect["to_round"] is None and effect["change"] is None and not effect["suppressed"]
            waiting += 1
            continue
        to_round = later[0]
        assert effect["to_round"] == to_round
        before = _cell_by_hand(responses, from_round, record["unit"], record["target"])
        after = _cell_by_hand(responses, to_round, record["unit"], record["target"])
        if min(before["n"], after["n"]) < THRESHOLD or before["alone"] or after["alone"]:
            # Too few respondents, or one alone in a group: hidden, and the comparison with it.
            assert effect["suppressed"] is True
            assert effect["change"] is None and effect["ci_low"] is None and effect["ci_high"] is None
            assert comparison == {"units": [], "change": None, "suppressed": True}
            hidden += 1
            continue
        expected = _effect_by_hand(before, after)
        assert effect["suppressed"] is False
        # The change as shown: the difference of the two means with two decimals.
        assert effect["change"] == round(round(after["mean"], 2) - round(before["mean"], 2), 2)
        assert effect["ci_low"] == round(expected["ci_low"], 2)
        assert effect["ci_high"] == round(expected["ci_high"], 2)
        assert effect["significant"] is bool(expected["significant"])
        # Comparison: every unit without a measure on this indicator from this round, shown both rounds.
        same = stored[(stored["target"] == record["target"]) & (stored["prompted_by"] == from_round)]
        if same["unit"].isna().any():
            assert comparison == {"units": [], "change": None, "suppressed": False}
        else:
            others = [u for u in units if u not in set(same["unit"])]
            cells = {u: (_cell_by_hand(responses, from_round, u, record["target"]),) for u in others}
            cells = {
                u: (c[0], _cell_by_hand(responses, to_round, u, record["target"])) for u, c in cells.items()
            }
            shown = [
                u
                for u, (a, b) in cells.items()
                if min(a["n"], b["n"]) >= THRESHOLD and not a["alone"] and not b["alone"]
            ]
            assert comparison["units"] == shown
            shown_changes = [round(cells[u][1]["mean"], 2) - round(cells[u][0]["mean"], 2) for u in shown]
            assert comparison["change"] == round(sum(shown_changes) / len(shown), 2)
            # Net effect: the unit's change minus the comparison's, with the interval over every mean.
            assert record["net_effect"] == round(effect["change"] - comparison["change"], 2)
            k = len(shown)
            parts = [(before["var"], before["n"]), (after["var"], after["n"])] + [
                (cell["var"] / k**2, cell["n"]) for u in shown for cell in cells[u]
            ]
            total = sum(v for v, _ in parts)
            df = total**2 / sum(v**2 / (n - 1) for v, n in parts)
            margin = culture.t_critical(df) * math.sqrt(total)
            raw = effect["change"] - comparison["change"]
            assert (record["net_ci_low"], record["net_ci_high"]) == (
                round(raw - margin, 2),
                round(raw + margin, 2),
            )
            verdict = (
                "trolig virkning"
                if record["net_ci_low"] > 0
                else "ingen tegn til virkning"
                if record["net_effect"] <= 0
                else "uklart"
            )
            assert record["verdict"] == verdict and record["net_basis"] == "units"
            verdicts.append(verdict)
        checked += 1
    assert checked >= 4 and hidden >= 1 and waiting >= 1
    # The demo has a measure that probably worked and one with no sign of working.
    assert "trolig virkning" in verdicts and "ingen tegn til virkning" in verdicts


def test_demo_measures_tell_realistic_stories(cli_records):
    by_status = {}
    for record in cli_records:
        by_status.setdefault(record["status"], []).append(record)
    assert set(by_status) == set(actions.STATUSES)
    shown = [
        r for r in cli_records if r["effect"] and r["effect"]["to_round"] and not r["effect"]["suppressed"]
    ]
    worked = [r for r in shown if r["effect"]["significant"] and r["effect"]["change"] > 0]
    did_not = [r for r in shown if not (r["effect"]["significant"] and r["effect"]["change"] > 0)]
    assert len(worked) >= 2 and len(did_not) >= 2
    assert any(r["status"] == "avbrutt" for r in did_not)
    running = [r for r in cli_records if r["status"] in ("i gang", "planlagt")]
    assert running and all(r["effect"]["to_round"] is None for r in running)
    assert any(r["effect"]["suppressed"] for r in cli_records)
    assert any(r["unit"] is None for r in cli_records)  # one for the whole municipality
    # Owners are roles or units, never people; a measure may name a project and an instrument.
    instruments = {i.id for i in framework().instruments}
    assert all(r["instrument"] in instruments for r in cli_records)
    assert any(r["project_id"] for r in cli_records)


def test_cli_actions_text_lists_every_measure_and_hides_small_units(demo_dir, cli_records):
    result = run_cli("actions", "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(cli_records)
    hidden = next(r for r in cli_records if r["effect"] and r["effect"]["suppressed"])
    line = next(x for x in lines if x.startswith(hidden["action_id"]))
    assert "skjult" in line


def test_cli_actions_without_data_is_refused(tmp_path):
    result = run_cli("actions", "--data-dir", str(tmp_path / "empty"))
    assert result.returncode == 2
    assert "har ingen data" in result.stderr


def _shown(demo_dir):
    return suppression.suppress(Store(demo_dir).query("culture_cells"), THRESHOLD)


def _measure(**fields) -> dict:
    base = {name: None for name in actions.fields()}
    return base | fields


def test_a_fundament_has_no_survey_effect_and_a_whole_municipality_measure_no_comparison(demo_dir):
    shown = _shown(demo_dir)
    fw = framework()
    measures = conform(
        "actions",
        pd.DataFrame(
            [
                _measure(action_id="A", title="a", target=fw.fundament_ids[0], prompted_by="2020"),
                _measure(action_id="B", title="b", target=fw.indicator_ids[0], prompted_by="2020"),
                _measure(
                    action_id="C",
                    title="c",
                    unit="Sentral stab",
                    target=fw.indicator_ids[0],
                    prompted_by="2020",
                ),
            ]
        ),
    )
    records = {r["action_id"]: r for r in actions.action_records(measures, shown)}
    assert records["A"]["effect"] is None and records["A"]["comparison"] is None
    overall = culture.trend(shown, fw.indicator_ids[0]).set_index("round")
    shown_change = round(overall.loc["2021", "mean"], 2) - round(overall.loc["2020", "mean"], 2)
    assert records["B"]["effect"]["change"] == round(shown_change, 2)
    assert records["B"]["effect"]["significant"] is bool(overall.loc["2021", "significant"])
    # A measure for the whole municipality covers every unit: no comparison group is left.
    assert records["B"]["comparison"] == {"units": [], "change": None, "suppressed": False}
    assert records["C"]["comparison"] == {"units": [], "change": None, "suppressed": False}
    table = actions_text.effects_table(list(records.values()), {})
    assert table.iloc[0].tolist()[6] == "måles ikke i undersøkelsen"


def test_comparison_is_hidden_when_every_other_unit_is(tmp_path):
    # Unit A has 8 respondents per round, unit B only 3: B is hidden, so A's comparison is too.
    rows = []
    for round_label, shift in (("2022", 0), ("2023", 1)):
        for unit, size in (("A", 8), ("B", 3)):
            for i in range(size):
                value = min(5, 1 + (i + shift) % 4 + shift)
                rows.append((round_label, "ansatte", unit, f"{unit}{i}", "K1_1", value, False))
    responses = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    responses["value"] = responses["value"].astype("Int8")
    store = Store(tmp_path / "s")
    store.commit({"responses": responses}, {"kind": "test"})
    shown = suppression.suppress(store.query("culture_cells", include_unpublished=True), THRESHOLD)
    measures = conform(
        "actions",
        pd.DataFrame([_measure(action_id="T1", title="x", unit="A", target="K1", prompted_by="2022")]),
    )
    record = actions.action_records(measures, shown)[0]
    assert record["effect"]["suppressed"] is True and record["effect"]["change"] is None
    assert record["comparison"]["suppressed"] is True


def test_calls_for_action_come_from_the_shown_figures_of_the_latest_round(demo_dir, cli_records):
    shown = _shown(demo_dir)
    fw = framework()
    target_table = targets.load_targets()
    stored = Store(demo_dir).table("actions")
    calls = actions.calls_for_action(shown, fw.indicator_ids, target_table, conform("actions", stored))
    latest = max(shown["round"])
    summary = run_cli("summary", "--data-dir", str(demo_dir), "--json", "--by", "unit")
    published = [
        r
        for r in json.loads(summary.stdout)
        if r["round"] == latest
        and r["unit"] is not None
        and r["indicator"] != "index"
        and not r["suppressed"]
    ]
    by_unit = {}
    for r in published:
        by_unit.setdefault(r["unit"], {})[r["indicator"]] = r["mean"]
    expected_weakest = {(u, min(means, key=means.get)) for u, means in by_unit.items()}
    expected_below = {
        (r["unit"], r["indicator"])
        for r in published
        if not targets.status(target_table, r["indicator"], latest, r["mean"])["on_track"]
    }
    expected_fell = set()
    for unit in by_unit:
        for indicator in fw.indicator_ids:
            rows = culture.trend(shown, indicator, unit=unit).set_index("round")
            if (
                latest in rows.index
                and rows.loc[latest, "significant"] is True
                and rows.loc[latest, "change"] < 0
            ):
                expected_fell.add((unit, indicator))
    got = {(c["unit"], c["indicator"]): c for c in calls.to_dict("records")}
    assert {k for k, c in got.items() if "weakest" in c["reasons"]} == expected_weakest
    assert {k for k, c in got.items() if "below_target" in c["reasons"]} == expected_below
    assert {k for k, c in got.items() if "fell" in c["reasons"]} == expected_fell
    assert set(got) == expected_weakest | expected_below | expected_fell
    # Small units are hidden, so they are never listed.
    assert "Frivilligsentralen" not in {u for u, _ in got}
    for (unit, indicator), call in got.items():
        assert call["mean"] == pytest.approx(by_unit[unit][indicator], abs=1e-4)
        prompted = {(r["unit"], r["target"]) for r in cli_records if r["prompted_by"] == latest}
        assert call["has_action"] is ((unit, indicator) in prompted)
    # Ranked: significant falls first (largest first), then the gap below target, then the lowest mean.
    ranked = calls.to_dict("records")
    falls = [c for c in ranked if "fell" in c["reasons"]]
    gaps = [c for c in ranked if "fell" not in c["reasons"] and "below_target" in c["reasons"]]
    rest = [c for c in ranked if c not in falls and c not in gaps]
    assert ranked == falls + gaps + rest
    assert [c["change"] for c in falls] == sorted(c["change"] for c in falls)
    assert [c["gap"] for c in gaps] == sorted((c["gap"] for c in gaps), reverse=True)
    assert [c["mean"] for c in rest] == sorted(c["mean"] for c in rest)
    # The demo's setback leads the list, with the change and n as changes --json and summary state them.
    changed = json.loads(run_cli("changes", "--data-dir", str(demo_dir), "--json", "--by", "unit").stdout)
    first = ranked[0]
    record = next(
        r
        for r in changed
        if (r["unit"], r["indicator"], r["group"]) == (first["unit"], first["indicator"], None)
    )
    assert (
        first["unit"] == "Kultur og fritid"
        and first["change"] == record["change"] < 0
        and record["significant"]
    )
    n = next(r["n"] for r in published if (r["unit"], r["indicator"]) == (first["unit"], first["indicator"]))
    assert first["n"] == n
    for call in gaps:
        target = targets.status(target_table, call["indicator"], latest, call["mean"])["target"]
        assert call["gap"] == round(round(target, 2) - round(call["mean"], 2), 2)
    draft = actions_text.draft(calls.iloc[0].to_dict(), {k.id: k.label for k in fw.indicators})
    assert draft["unit"] == calls.iloc[0]["unit"] and draft["target"] == calls.iloc[0]["indicator"]
    assert draft["prompted_by"] == latest and draft["status"] == "planlagt"
