"""Changes between rounds: ``changes --json`` against a hand computation from the raw answers."""

import json
import math
import statistics

import pandas as pd
import pytest

from analytics.measures import changes, culture
from analytics.present import changes_text
from analytics.store import Store
from tests.conftest import run_cli
from tests.unit.test_culture import _t_p_by_integration

# One statement (K1_1) per respondent, so a cell's mean is the plain mean of its answers and
# the variance of the mean is s^2 / n. 2023 asked employees and leaders, 2024 employees only;
# unit C is new in 2024 and unit B has two respondents in 2024.
ANSWERS = {
    ("2023", "ansatte", "A"): [2, 3, 3, 2, 3, 2],
    ("2023", "ansatte", "B"): [3, 2, 3, 3, 2, 3],
    ("2023", "ledere", "A"): [5, 5, 4, 5, 5],
    ("2024", "ansatte", "A"): [4, 5, 4, 4, 5, 4],
    ("2024", "ansatte", "B"): [4, 5],
    ("2024", "ansatte", "C"): [5, 4, 4, 5, 4, 5, 4],
}


def _store(tmp_path, answers):
    rows = [
        (round_label, group, unit, f"{group}-{unit}-{i}", "K1_1", value, False)
        for (round_label, group, unit), values in answers.items()
        for i, value in enumerate(values)
    ]
    responses = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    responses["value"] = responses["value"].astype("Int8")
    store = Store(tmp_path / "store")
    store.commit({"responses": responses}, {"kind": "test"})
    for round_label in ("2023", "2024"):
        store.publish(round_label, "test")
    return tmp_path / "store"


@pytest.fixture
def folder(tmp_path):
    return _store(tmp_path, ANSWERS)


def _values(round_label, unit=None, group=None, answers=ANSWERS):
    return [
        v
        for (r, g, u), values in answers.items()
        if r == round_label and unit in (None, u) and group in (None, g)
        for v in values
    ]


def _welch(before, after):
    """The change, its 95 % interval and p by hand: Welch's test on s^2/n."""
    var_before = statistics.variance(before) / len(before)
    var_after = statistics.variance(after) / len(after)
    change = statistics.mean(after) - statistics.mean(before)
    spread = var_before + var_after
    df = spread**2 / (var_before**2 / (len(before) - 1) + var_after**2 / (len(after) - 1))
    margin = culture.t_critical(df) * math.sqrt(spread)  # checked against printed tables in test_culture
    return change, change - margin, change + margin, _t_p_by_integration(change / math.sqrt(spread), df)


def _changes(folder, *args):
    result = run_cli("changes", "--data-dir", str(folder), "--json", *args)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert all(tuple(r) == changes.FIELDS for r in records)
    return {(r["unit"], r["group"]): r for r in records if r["indicator"] == "K1"}


def test_changes_json_equals_a_hand_computation_cell_for_cell(folder):
    by_slice = _changes(folder)
    assert set(by_slice) == {
        (None, None),
        ("A", None),
        ("B", None),
        ("C", None),
        (None, "ansatte"),
        (None, "ledere"),
    }
    mean = lambda values: round(statistics.mean(values), 2)  # noqa: E731

    # Everyone: 2024 asked employees only, so «alle» is not compared (another mix of groups).
    everyone = by_slice[(None, None)]
    assert everyone == {
        "from_round": "2023",
        "to_round": "2024",
        "unit": None,
        "group": None,
        "indicator": "K1",
        "from_value": mean(_values("2023")),
        "to_value": mean(_values("2024")),
        "change": None,
        "ci_low": None,
        "ci_high": None,
        "significant": None,
        "comparable": False,
        "note": "group_mix",
        "suppressed": False,
    }

    # Employees in both rounds: like for like, the change of the shown values, Welch's interval.
    employees = by_slice[(None, "ansatte")]
    before, after = _values("2023", group="ansatte"), _values("2024", group="ansatte")
    _change, low, high, p = _welch(before, after)
    assert p < 0.05
    assert employees["from_value"] == mean(before) == 2.58
    assert employees["to_value"] == mean(after) == 4.4
    assert employees["change"] == round(mean(after) - mean(before), 2) == 1.82
    assert (employees["ci_low"], employees["ci_high"]) == (round(low, 2), round(high, 2))
    assert employees["significant"] is True and employees["comparable"] is True
    assert employees["note"] is None and employees["suppressed"] is False

    # Leaders did not answer in 2024.
    leaders = by_slice[(None, "ledere")]
    assert (leaders["from_value"], leaders["to_value"], leaders["change"]) == (4.8, None, None)
    assert (leaders["comparable"], leaders["note"], leaders["suppressed"]) == (False, "gone", False)

    # 2024 suppression at threshold 5: B (2) is too few; A (6) and C (7) are the only other
    # pieces of the shown total, so the smaller, A, is hidden too (else B = total - A - C).
    # A lost its leaders (another mix); B had employees only in both rounds (like for like).
    for unit, note in (("A", "group_mix"), ("B", None)):
        record = by_slice[(unit, None)]
        assert record["from_value"] == mean(_values("2023", unit=unit))
        assert record["to_value"] is None and record["change"] is None and record["suppressed"] is True
        assert record["note"] == note and record["comparable"] is (note is None)
    new_unit = by_slice[("C", None)]
    assert (new_unit["from_value"], new_unit["to_value"]) == (None, mean(_values("2024", unit="C")))
    assert (new_unit["note"], new_unit["comparable"], new_unit["suppressed"]) == ("new", False, False)


def test_changes_by_unit_and_group_hides_as_the_cells_do(folder):
    by_slice = _changes(folder, "--by", "unit,group")
    assert set(by_slice) == {
        (None, None),
        ("A", "ansatte"),
        ("A", "ledere"),
        ("B", "ansatte"),
        ("C", "ansatte"),
    }
    for unit in ("A", "B"):  # like for like, but the 2024 figure is hidden
        record = by_slice[(unit, "ansatte")]
        assert (record["comparable"], record["suppressed"], record["to_value"], record["change"]) == (
            True,
            True,
            None,
            None,
        )
    summary = json.loads(run_cli("summary", "--data-dir", str(folder), "--json", "--by", "unit,group").stdout)
    hidden = {
        (r["round"], r["unit"], r["group"]) for r in summary if r["suppressed"] and r["indicator"] == "K1"
    }
    assert hidden == {("2024", "A", "ansatte"), ("2024", "B", "ansatte")}


def test_changes_between_chosen_rounds_and_an_unknown_round(folder):
    assert _changes(folder, "--from", "2023", "--to", "2024")[(None, "ansatte")]["change"] == 1.82
    refused = run_cli("changes", "--data-dir", str(folder), "--from", "2019")
    assert refused.returncode == 2
    assert "Runden «2019» finnes ikke" in refused.stderr and "2023, 2024" in refused.stderr
    assert _changes(folder, "--to", "2023") == {}  # nothing before the first round
    backwards = run_cli("changes", "--data-dir", str(folder), "--from", "2024", "--to", "2023")
    assert backwards.returncode == 2 and "må være en tidligere runde enn --to" in backwards.stderr
    assert "Traceback" not in backwards.stderr


def test_no_minus_zero_and_a_fall_is_a_fall():
    assert changes_text.fmt_delta(-0.001) == "+0,00"
    fall = {"change": -0.92, "significant": True, "comparable": True, "suppressed": False}
    assert changes_text.metric_delta(fall) == {
        "delta": "-0,92",
        "delta_color": "normal",
        "delta_arrow": "down",
    }
    assert changes_text.metric_delta({**fall, "comparable": False}) is None


# Both rounds asked employees and leaders, but unit A's leaders did not answer in 2024.
UNIT_LOSES_A_GROUP = {
    ("2023", "ansatte", "A"): [2, 3, 3, 2, 3, 2],
    ("2023", "ledere", "A"): [5, 5, 4, 5, 5],
    ("2023", "ansatte", "B"): [3, 2, 3, 3, 2, 3],
    ("2023", "ledere", "B"): [4, 4, 5, 4, 4],
    ("2024", "ansatte", "A"): [3, 3, 4, 3, 3, 4],
    ("2024", "ansatte", "B"): [4, 3, 4, 4, 3, 4],
    ("2024", "ledere", "B"): [4, 5, 5, 4, 5],
}


def test_a_unit_that_lost_a_group_is_not_compared_though_the_round_kept_every_group(tmp_path):
    answers = UNIT_LOSES_A_GROUP
    by_slice = _changes(_store(tmp_path, answers))
    values = lambda round_label, unit=None: _values(round_label, unit, answers=answers)  # noqa: E731

    # Unit A: 2023 employees and leaders, 2024 employees only: its «alle» is another mix.
    a = by_slice[("A", None)]
    assert (a["from_value"], a["to_value"]) == (3.55, 3.33)  # 39/11 and 20/6 by hand
    assert (a["change"], a["ci_low"], a["ci_high"], a["significant"]) == (None, None, None, None)
    assert (a["comparable"], a["note"], a["suppressed"]) == (False, "group_mix", False)

    # Unit B kept both groups: like for like, Welch's interval on its respondents.
    b = by_slice[("B", None)]
    before, after = values("2023", "B"), values("2024", "B")
    assert (b["from_value"], b["to_value"]) == (3.36, 4.09)  # 37/11 and 45/11 by hand
    assert b["change"] == round(4.09 - 3.36, 2) == 0.73
    _change, low, high, p = _welch(before, after)
    assert (b["ci_low"], b["ci_high"]) == (round(low, 2), round(high, 2))
    assert 0.05 < p < 0.06  # just short of significant
    assert (b["significant"], b["comparable"], b["note"]) == (False, True, None)

    # The round as a whole kept both groups: «alle» is compared (76/22 -> 65/17).
    everyone = by_slice[(None, None)]
    assert (everyone["from_value"], everyone["to_value"], everyone["change"]) == (3.45, 3.82, 0.37)
    assert (everyone["comparable"], everyone["note"]) == (True, None)
