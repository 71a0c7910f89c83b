"""Culture figures: exact numbers through the real SQL aggregate, and suppression."""

import json

import pandas as pd
import pytest

from analytics import culture
from analytics.framework import framework
from analytics.store import Store
from tests.conftest import run_cli

VET_IKKE = "vet ikke"


def _answers(round_label, group, unit, prefix, k1_1, k1_2):
    rows = []
    for i, (a, b) in enumerate(zip(k1_1, k1_2)):
        for item, value in (("K1_1", a), ("K1_2", b)):
            if value is None:
                continue
            dont_know = value == VET_IKKE
            rows.append(
                (round_label, group, unit, f"{prefix}{i}", item, None if dont_know else value, dont_know)
            )
    return rows


@pytest.fixture
def small_store(tmp_path) -> Store:
    rows = (
        _answers("2024", "ansatte", "A", "a", [5, 4, 4, 3, 2, 5], [4, 4, VET_IKKE, 3, 2, 1])
        + _answers("2024", "ansatte", "B", "b", [5, 5], [5, 4])
        + _answers("2024", "ansatte", "C", "c", [3] * 7, [2] * 6 + [None])
        + _answers("2024", "ledere", "C", "l", [5], [None])
    )
    responses = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    responses["value"] = responses["value"].astype("Int8")
    store = Store(tmp_path / "store")
    store.commit({"responses": responses}, {"kind": "test"})
    return store


def _cell(cells, unit=None, group=None, indicator="K1"):
    rows = cells[
        (cells["indicator"] == indicator)
        & (cells["by_unit"] == (unit is not None))
        & (cells["by_group"] == (group is not None))
    ]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if group is not None:
        rows = rows[rows["group"] == group]
    assert len(rows) == 1
    return rows.iloc[0]


def test_raw_cells_have_exact_means_shares_and_counts(small_store):
    cells = small_store.query("culture_cells", {"with_unit_group": True})
    a = _cell(cells, unit="A")
    assert (a["n"], a["n_answers"], a["n_dont_know"]) == (6, 11, 1)
    assert a["mean"] == pytest.approx(37 / 11) and a["share_agree"] == pytest.approx(6 / 11)
    c = _cell(cells, unit="C")  # 7 employees and 1 leader
    assert (c["n"], c["n_answers"]) == (8, 14)
    assert c["mean"] == pytest.approx(38 / 14) and c["share_agree"] == pytest.approx(1 / 14)
    everyone = _cell(cells)
    assert (everyone["n"], everyone["n_answers"]) == (16, 29)
    assert everyone["mean"] == pytest.approx(94 / 29)
    assert everyone["share_agree"] == pytest.approx(11 / 29)
    c_ansatte = _cell(cells, unit="C", group="ansatte")
    assert c_ansatte["n"] == 7 and c_ansatte["mean"] == pytest.approx(33 / 13)
    # Only K1 was answered, so the composite index of nine means is undefined.
    assert pd.isna(_cell(cells, indicator="index")["mean"])
    assert _cell(cells, indicator="index")["n"] == 16


def test_suppression_primary_and_complementary(small_store):
    cells = small_store.query("culture_cells", {"with_unit_group": False})
    shown = culture.suppress(cells, threshold=5)
    # B has 2 respondents: hidden. A (6) is then the smallest shown sibling of the
    # shown total and is hidden too, or B = total - A - C. C (8) stays.
    assert _cell(shown, unit="B")["suppressed"]
    assert _cell(shown, unit="A")["suppressed"]
    assert not _cell(shown, unit="C")["suppressed"]
    assert _cell(shown, unit="C")["mean"] == pytest.approx(38 / 14)
    # One leader: hidden, and so is the employees' row, or ledere = all - ansatte.
    assert _cell(shown, group="ledere")["suppressed"]
    assert _cell(shown, group="ansatte")["suppressed"]
    assert not _cell(shown)["suppressed"]
    hidden = shown[shown["suppressed"]]
    assert hidden["mean"].isna().all() and hidden["n"].isna().all()
    assert hidden["share_agree"].isna().all()


def test_higher_threshold_hides_more_and_never_below_three(small_store):
    cells = small_store.query("culture_cells", {"with_unit_group": False})
    shown = culture.suppress(cells, threshold=10)
    assert _cell(shown, unit="C")["suppressed"]  # 8 < 10
    assert not _cell(shown)["suppressed"]  # 16 >= 10


def test_index_is_mean_of_nine_means_and_hidden_with_any_indicator(tmp_path):
    fw = framework()
    rows = []
    for r in range(6):
        for k, item in enumerate(i for i in fw.items_for("ansatte") if i.item_id.endswith("_1")):
            # Respondent r answers indicator k with 1 + (r + k) % 5.
            rows.append(("2024", "ansatte", "A", f"r{r}", item.item_id, 1 + (r + k) % 5, False))
    # K9 gets one more answer from a 7th person, whose other answers are blank.
    rows.append(("2024", "ansatte", "A", "r6", "K9_1", 5, False))
    responses = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    store = Store(tmp_path / "s")
    store.commit({"responses": responses}, {"kind": "test"})
    cells = store.query("culture_cells", {"with_unit_group": False})
    means = [sum(1 + (r + k) % 5 for r in range(6)) / 6 for k in range(9)]
    means[8] = (sum(1 + (r + 8) % 5 for r in range(6)) + 5) / 7
    index = _cell(cells, indicator="index")
    assert index["mean"] == pytest.approx(sum(means) / 9)
    assert index["n"] == 7
    # With threshold 7 every indicator but K9 (n=7) is hidden, so the index is too.
    shown = culture.suppress(cells, threshold=7)
    assert _cell(shown, indicator="K9").loc["mean"] == pytest.approx(means[8])
    assert _cell(shown, indicator="index")["suppressed"]


def test_takeaways_name_the_numbers():
    trend = pd.DataFrame(
        {
            "round": ["2017", "2024", "2024", "2024"],
            "group": [None, None, "ansatte", "ledere"],
            "mean": [3.104, 3.716, 3.6, 4.05],
        }
    )
    names = {"ansatte": "Ansatte", "ledere": "Ledere"}
    assert culture.index_takeaway(trend, names) == (
        "Kulturindeksen har gått opp fra 3,10 i 2017 til 3,72 i 2024 (+0,61). "
        "I 2024 ser ledere kulturen mest positivt (4,05), ansatte minst (3,60)."
    )
    table = pd.DataFrame({"indicator": ["K1", "K5"], "latest": [3.5, 3.1], "previous": [3.6, 2.8]})
    table["change"] = table["latest"] - table["previous"]
    table.attrs.update(latest_round="2024", previous_round="2023")
    labels = {"K1": "Behovet først", "K5": "BLT i bruk"}
    assert culture.indicators_takeaway(table, labels) == (
        "Størst endring fra 2023 til 2024: K5 BLT i bruk (+0,30). Svakest i 2024: K5 BLT i bruk (3,10)."
    )


# --------------------------------------------------------------- on the demo data
def _independent_summary(responses: pd.DataFrame) -> pd.DataFrame:
    """Mean, share_agree and n recomputed straight from the raw answers in pandas."""
    item_indicator = {i.item_id: i.indicator for i in framework().items}
    valid = responses[responses["value"].notna()].copy()
    valid["indicator"] = valid["item_id"].map(item_indicator)
    valid["value"] = valid["value"].astype(float)
    valid["who"] = valid["group"] + "/" + valid["respondent_id"]
    out = []
    for slice_col in (None, "unit", "group"):
        keys = ["round", "indicator"] + ([slice_col] if slice_col else [])
        data = valid if slice_col != "unit" else valid[valid["unit"].notna()]
        for key, rows in data.groupby(keys):
            record = dict(zip(keys, key))
            record.update(
                n=rows["who"].nunique(), mean=rows["value"].mean(), share_agree=(rows["value"] >= 4).mean()
            )
            out.append(record)
        for key, rows in data.groupby(keys[:1] + keys[2:]):
            key = key if isinstance(key, tuple) else (key,)
            record = dict(zip(keys[:1] + keys[2:], key), indicator="index")
            record.update(
                n=rows["who"].nunique(),
                mean=rows.groupby("indicator")["value"].mean().mean(),
                share_agree=None,
            )
            out.append(record)
    frame = pd.DataFrame(out)
    for column in ("unit", "group"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def test_cli_summary_matches_an_independent_calculation_on_raw_answers(demo_dir):
    result = run_cli("summary", "--data-dir", str(demo_dir), "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert set(records[0]) == {
        "round",
        "indicator",
        "unit",
        "group",
        "n",
        "mean",
        "share_agree",
        "suppressed",
    }
    rounds = [str(y) for y in range(2017, 2025)]
    overall = [r for r in records if r["unit"] is None and r["group"] is None]
    assert sorted({(r["round"], r["indicator"]) for r in overall}) == sorted(
        (r, k) for r in rounds for k in [*framework().indicator_ids, "index"]
    )
    assert not any(r["suppressed"] for r in overall)

    expected = _independent_summary(Store(demo_dir).table("responses"))
    expected_by_key = {
        (e["round"], e["indicator"], e["unit"], e["group"]): e for e in expected.to_dict("records")
    }
    checked = 0
    for r in records:
        e = expected_by_key[(r["round"], r["indicator"], r["unit"], r["group"])]
        if r["suppressed"]:
            assert r["mean"] is None and r["n"] is None and r["share_agree"] is None
            continue
        assert r["n"] == e["n"] >= 5
        assert r["mean"] == pytest.approx(e["mean"], abs=1e-4)
        if r["indicator"] != "index":
            assert r["share_agree"] == pytest.approx(e["share_agree"], abs=1e-4)
            assert 0 <= r["share_agree"] <= 1
        checked += 1
    assert checked >= 700  # of 8 rounds x 10 indicators x 12 slices = 960 rows
    # The small units are hidden, not missing.
    small = [r for r in records if r["unit"] == "Frivilligsentralen"]
    assert len(small) == len(rounds) * 10 and all(r["suppressed"] for r in small)
