"""Drivers: the relation of each indicator with the strategy's outcome, checked by hand."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from analytics.core.framework import framework
from analytics.core.suppression import suppress
from analytics.measures import drivers
from analytics.present import drivers_text
from analytics.store import Store
from tests.conftest import run_cli, takeaways

FIELDS = ["round", "group", "indicator", "n", "level", "r", "ci_low", "ci_high", "significant"]


def _drivers(*args, env=None):
    result = run_cli("drivers", "--json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _by_hand(responses: pd.DataFrame, round_label: str, group: str | None) -> dict[str, tuple[int, float]]:
    """Pearson's r of each indicator with the outcome statement, from the raw answers."""
    fw = framework()
    _, outcome_item = fw.outcome_measure
    indicator_of = {i.item_id: i.indicator for i in fw.items}
    rows = responses[(responses["round"] == round_label) & responses["value"].notna()].copy()
    if group is not None:
        rows = rows[rows["group"] == group]
    rows["who"] = rows["group"].astype(str) + "|" + rows["respondent_id"].astype(str)
    rows["indicator"] = rows["item_id"].astype(str).map(indicator_of)
    rows["value"] = rows["value"].astype(float)
    outcome = rows[rows["item_id"] == outcome_item].groupby("who")["value"].mean()
    scores = rows[rows["item_id"] != outcome_item].groupby(["indicator", "who"])["value"].mean()
    out = {}
    for indicator in fw.indicator_ids:
        x = scores.loc[indicator]
        both = pd.concat([x, outcome], axis=1, join="inner").to_numpy()
        out[indicator] = (len(both), float(np.corrcoef(both[:, 0], both[:, 1])[0, 1]))
    return out


def test_drivers_json_equals_a_hand_computation_from_raw_answers(demo_dir):
    responses = Store(demo_dir).table("responses")
    shown = suppress(Store(demo_dir).query("culture_cells"), 5)
    for group in (None, "ansatte"):
        args = ("--data-dir", str(demo_dir), "--round", "2024")
        records = _drivers(*args, *(("--group", group) if group else ()))
        assert records and all(list(r) == FIELDS for r in records)
        # Without --group: all respondents and every group (ledere has over 25 in the demo).
        assert {r["group"] for r in records} == ({None, "ansatte", "ledere"} if group is None else {group})
        records = [r for r in records if r["group"] == group]
        assert {r["round"] for r in records} == {"2024"}
        expected = _by_hand(responses, "2024", group)
        assert [r["indicator"] for r in records] == list(framework().indicator_ids)
        for record in records:
            n, r = expected[record["indicator"]]
            assert record["n"] == n and n >= 25
            assert record["r"] == pytest.approx(r, abs=1e-4)
            z, margin = math.atanh(r), 1.959963984540054 / math.sqrt(n - 3)
            assert record["ci_low"] == pytest.approx(math.tanh(z - margin), abs=1e-4)
            assert record["ci_high"] == pytest.approx(math.tanh(z + margin), abs=1e-4)
            assert record["significant"] == (math.tanh(z - margin) > 0 or math.tanh(z + margin) < 0)
            level = shown[
                (shown["round"] == "2024")
                & (shown["indicator"] == record["indicator"])
                & shown["item_id"].isna()
                & ~shown["by_unit"]
                & (shown["by_group"] == (group is not None))
                & ((shown["group"] == group) if group else True)
            ]["mean"]
            assert record["level"] == pytest.approx(float(level.iloc[0]), abs=1e-4)


def test_fewer_than_25_respondents_give_no_driver_and_no_unit_driver_exists(demo_dir):
    correlations = Store(demo_dir).query("driver_correlations", drivers.query_params(framework()))
    # The query has no unit at all: a driver per unit cannot be asked for.
    assert list(correlations.columns) == ["round", "group", "indicator", "n", "r"]
    shown = suppress(Store(demo_dir).query("culture_cells"), 5)
    records = drivers.driver_records(correlations, shown, 25, 5)
    assert records and min(r["n"] for r in records) >= 25
    assert all("unit" not in r for r in records)
    few = correlations.assign(n=24)
    assert drivers.driver_records(few, shown, 25, 5) == []
    assert len(drivers.driver_records(correlations.assign(n=25), shown, 25, 5)) == len(
        drivers.driver_records(correlations.assign(n=1000), shown, 25, 5)
    )
    # A setting below 25 cannot lower the minimum; a threshold above it raises it.
    assert drivers.driver_records(few, shown, 3, 3) == []
    assert drivers.driver_records(correlations.assign(n=30), shown, 25, 31) == []


def test_the_minimum_is_a_setting_that_can_be_raised_never_lowered(demo_dir):
    leaders = _drivers("--data-dir", str(demo_dir), "--round", "2024", "--group", "ledere")
    assert leaders and all(25 <= r["n"] < 60 for r in leaders)
    raised = _drivers(
        "--data-dir", str(demo_dir), "--group", "ledere", env={"INNOBARO_DRIVER_MIN_RESPONDENTS": "60"}
    )
    assert raised == []
    lowered = run_cli("drivers", "--data-dir", str(demo_dir), env={"INNOBARO_DRIVER_MIN_RESPONDENTS": "24"})
    assert lowered.returncode == 2
    assert "INNOBARO_DRIVER_MIN_RESPONDENTS må være et heltall på minst 25" in lowered.stderr
    unknown = run_cli("drivers", "--data-dir", str(demo_dir), "--group", "ingen")
    assert unknown.returncode == 2 and "Gruppen «ingen» finnes ikke" in unknown.stderr


def test_fisher_interval_and_the_focus_sentence():
    # atanh(0.5) = 0.5493, 1.96 / sqrt(25) = 0.392: tanh(0.1573) and tanh(0.9413).
    low, high = drivers.fisher_interval(0.5, 28)
    assert (round(low, 4), round(high, 4)) == (0.156, 0.7358)
    records = [
        {"indicator": "a", "level": 2.5, "r": 0.6, "significant": True, "n": 40},
        {"indicator": "b", "level": 3.5, "r": 0.7, "significant": True, "n": 40},
        {"indicator": "c", "level": 2.8, "r": 0.2, "significant": True, "n": 40},
        {"indicator": "d", "level": 4.0, "r": 0.1, "significant": False, "n": 40},
    ]
    assert [r["indicator"] for r in drivers.focus(records)] == ["a"]
    sentence = drivers_text.takeaway(records, {"a": "A-kjennetegn"}, "målet", 25)
    assert "A-kjennetegn (2,50; r = 0,60)" in sentence and "sammenheng er ikke årsak" in sentence


def test_the_culture_page_shows_the_quadrant_with_the_cli_numbers_a_sentence_and_the_caveat(app):
    at = app.run()
    at.switch_page("pages/innovasjonskultur.py").run()
    assert not at.exception
    expected = drivers.select(_drivers("--data-dir", str(app.data_dir)), None, None)
    latest = expected[0]["round"]
    assert at.selectbox(key="culture_round").value == latest
    chart = next(spec for spec in _charts(at) if spec["layout"]["meta"]["title"].startswith("Hva henger"))
    points = {
        (text, x, y) for trace in chart["data"] for text, x, y in zip(trace["text"], trace["x"], trace["y"])
    }
    labels = {k.id: k.label for k in framework().indicators}
    assert points == {(labels[r["indicator"]], r["level"], r["r"]) for r in expected}
    focus = drivers.focus(expected)
    sentence = next(s for s in takeaways(at) if "«" + framework().outcome + "»" in s)
    for record in focus:
        assert labels[record["indicator"]] in sentence
    assert "Sammenheng er ikke årsak" in " ".join(c.value for c in at.caption)
    # A group that does not answer the outcome statement has no driver: the page says why.
    at.selectbox(key="culture_group").set_value("politikere").run()
    assert not at.exception
    assert "det trengs minst 25 respondenter" in " ".join(takeaways(at))
    assert not [s for s in _charts(at) if s["layout"]["meta"]["title"].startswith("Hva henger")]
