"""Culture figures: exact numbers through the real SQL aggregate, and suppression."""

import json
import math

import pandas as pd
import pytest

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import culture
from analytics.present import culture_text
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


def _store_of(folder, rows: list[tuple]) -> Store:
    """A data folder holding ``rows`` of (round, group, unit, respondent_id, item_id, value, dont_know)."""
    responses = pd.DataFrame(
        rows, columns=["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]
    )
    responses["value"] = responses["value"].astype("Int8")
    store = Store(folder)
    store.commit({"responses": responses}, {"kind": "test"})
    return store


@pytest.fixture
def small_store(tmp_path) -> Store:
    rows = (
        _answers("2024", "ansatte", "A", "a", [5, 4, 4, 3, 2, 5], [4, 4, VET_IKKE, 3, 2, 1])
        + _answers("2024", "ansatte", "B", "b", [5, 5], [5, 4])
        + _answers("2024", "ansatte", "C", "c", [3] * 7, [2] * 6 + [None])
        + _answers("2024", "ledere", "C", "l", [5], [None])
    )
    return _store_of(tmp_path / "store", rows)


def _cell(cells, unit=None, group=None, indicator="K1", item_id=None):
    rows = cells[
        (cells["indicator"] == indicator)
        & (cells["by_unit"] == (unit is not None))
        & (cells["by_group"] == (group is not None))
    ]
    rows = rows[rows["item_id"].isna()] if item_id is None else rows[rows["item_id"] == item_id]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if group is not None:
        rows = rows[rows["group"] == group]
    assert len(rows) == 1
    return rows.iloc[0]


def test_raw_cells_have_exact_means_shares_and_counts(small_store):
    cells = small_store.query("culture_cells", include_unpublished=True)
    a = _cell(cells, unit="A")
    assert (a["n"], a["n_answers"], a["n_dont_know"]) == (6, 11, 1)
    assert a["mean"] == pytest.approx(37 / 11) and a["share_agree"] == pytest.approx(6 / 11)
    assert a["share_disagree"] == pytest.approx(3 / 11)
    assert list(a["answer_counts"]) == [1, 2, 2, 4, 2]
    c = _cell(cells, unit="C")  # 7 employees and 1 leader
    assert (c["n"], c["n_answers"]) == (8, 14)
    assert c["mean"] == pytest.approx(38 / 14) and c["share_agree"] == pytest.approx(1 / 14)
    everyone = _cell(cells)
    assert (everyone["n"], everyone["n_answers"]) == (16, 29)
    assert everyone["mean"] == pytest.approx(94 / 29)
    assert everyone["share_agree"] == pytest.approx(11 / 29)
    c_ansatte = _cell(cells, unit="C", group="ansatte")
    assert c_ansatte["n"] == 7 and c_ansatte["mean"] == pytest.approx(33 / 13)
    # Statement level: A's answers to K1_2 are 4, 4, (Vet ikke), 3, 2, 1.
    a_k1_2 = _cell(cells, unit="A", item_id="K1_2")
    assert (a_k1_2["n"], a_k1_2["n_dont_know"], a_k1_2["mean"]) == (5, 1, pytest.approx(14 / 5))
    # Only K1 was answered, so the composite index of nine means is undefined.
    assert pd.isna(_cell(cells, indicator="index")["mean"])
    assert _cell(cells, indicator="index")["n"] == 16


def test_variance_of_the_mean_treats_each_respondent_as_one_cluster(small_store):
    cells = small_store.query("culture_cells", include_unpublished=True)
    # Unit A: each respondent's (sum, count) of valid K1 answers.
    sums = [(9, 2), (8, 2), (4, 1), (6, 2), (4, 2), (6, 2)]
    ratio = 37 / 11
    expected = 6 / 5 * sum((s - ratio * m) ** 2 for s, m in sums) / 11**2
    a = _cell(cells, unit="A")
    assert a["var_mean"] == pytest.approx(expected)
    # One statement per respondent: the ordinary variance of a mean, s^2 / n.
    k1_1 = [5, 4, 4, 3, 2, 5]
    mean = sum(k1_1) / 6
    assert _cell(cells, unit="A", item_id="K1_1")["var_mean"] == pytest.approx(
        sum((v - mean) ** 2 for v in k1_1) / 5 / 6
    )
    low, high = culture.with_confidence(pd.DataFrame([a]))[["ci_low", "ci_high"]].iloc[0]
    # t(0.975, 5 degrees of freedom) = 2.570582 from the tables.
    assert low == pytest.approx(ratio - 2.570582 * expected**0.5, abs=1e-5)
    assert high == pytest.approx(ratio + 2.570582 * expected**0.5, abs=1e-5)


@pytest.mark.parametrize(
    ("df", "critical"), [(1, 12.7062), (2, 4.3027), (5, 2.5706), (10, 2.2281), (30, 2.0423), (1000, 1.9623)]
)
def test_t_critical_values_match_the_tables(df, critical):
    assert culture.t_critical(df) == pytest.approx(critical, abs=1e-4)


def _t_p_by_integration(statistic, df, steps=20000):
    """Two-sided p of Student's t by Simpson's rule on the density (independent of the module)."""
    const = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    h = statistic / steps
    f = [const * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2) for i in range(steps + 1)]
    area = h / 3 * (f[0] + f[-1] + 4 * sum(f[1:-1:2]) + 2 * sum(f[2:-1:2]))
    return 1 - 2 * area


def _one_item_store(tmp_path, rounds: dict) -> Store:
    rows = [
        (round_label, "ansatte", "A", f"r{i}", "K1_1", value, False)
        for round_label, values in rounds.items()
        for i, value in enumerate(values)
    ]
    return _store_of(tmp_path / "s", rows)


def test_change_since_previous_round_is_flagged_by_welchs_test(tmp_path):
    store = _one_item_store(
        tmp_path,
        {
            "2022": [3, 3, 3, 3, 4, 4, 2, 2],
            "2023": [4, 4, 4, 4, 5, 5, 3, 3],
            "2024": [4, 4, 4, 4, 5, 5, 3, 4],
        },
    )
    shown = suppression.suppress(store.query("culture_cells", include_unpublished=True), 5)
    rows = culture.trend(shown, "K1").set_index("round")
    assert list(rows.index) == ["2022", "2023", "2024"]
    assert pd.isna(rows.loc["2022", "change"]) and rows.loc["2022", "significant"] is None
    # 2022 -> 2023: both variances of the mean are (4/7)/8; t = 1/sqrt(1/7) = sqrt(7), df = 14.
    assert rows.loc["2023", "change"] == pytest.approx(1.0)
    assert rows.loc["2023", "p"] == pytest.approx(_t_p_by_integration(math.sqrt(7), 14), abs=1e-6)
    assert rows.loc["2023", "p"] == pytest.approx(0.0192, abs=1e-4)
    assert rows.loc["2023", "significant"] is True
    # 2023 -> 2024: +0.125 is well within the noise.
    assert rows.loc["2024", "change"] == pytest.approx(0.125)
    assert rows.loc["2024", "significant"] is False
    assert rows.loc["2023", "ci_low"] == pytest.approx(4 - culture.t_critical(7) * math.sqrt(4 / 7 / 8))


def _two_way_store(tmp_path, sizes: dict) -> Store:
    """Units x groups, every respondent answering K1_1 with 1 + (index mod 5)."""
    rows = []
    for (unit, group), size in sizes.items():
        for i in range(size):
            rows.append(("2024", group, unit, f"{unit}{group}{i}", "K1_1", 1 + i % 5, False))
    return _store_of(tmp_path / "s", rows)


def _hidden(shown, indicator="K1", item_id=None):
    rows = shown[(shown["indicator"] == indicator) & shown["suppressed"]]
    rows = rows[rows["item_id"].isna()] if item_id is None else rows[rows["item_id"] == item_id]
    return sorted(
        (r.unit if r.by_unit else "*", r.group if r.by_group else "*") for r in rows.itertuples(index=False)
    )


def test_complementary_suppression_one_way(tmp_path):
    store = _two_way_store(tmp_path, {("A", "ansatte"): 9, ("B", "ansatte"): 3, ("C", "ansatte"): 8})
    shown = suppression.suppress(store.query("culture_cells", include_unpublished=True), 5)
    # B (3) is too small; C (8), the smallest other unit, is hidden too, or B = all - A - C.
    assert _hidden(shown) == [("B", "*"), ("B", "ansatte"), ("C", "*"), ("C", "ansatte")]
    assert _hidden(shown, item_id="K1_1") == _hidden(shown)
    assert _cell(shown, unit="A")["mean"] == pytest.approx((1 + 2 + 3 + 4 + 5 + 1 + 2 + 3 + 4) / 9)
    hidden = shown[shown["suppressed"]]
    for column in suppression.FIGURES:
        assert hidden[column].isna().all(), column


def test_complementary_suppression_across_units_and_groups(tmp_path):
    sizes = {
        ("A", "ansatte"): 10,
        ("B", "ansatte"): 12,
        ("C", "ansatte"): 20,
        ("A", "ledere"): 2,
        ("B", "ledere"): 6,
        ("C", "ledere"): 7,
    }
    shown = suppression.suppress(
        _two_way_store(tmp_path, sizes).query("culture_cells", include_unpublished=True), 5
    )
    # A's 2 leaders are hidden; A's employees too (else: A - A's employees). Then the
    # leaders' column and the employees' column each need a second hidden cell: B's.
    # Totals per unit, per group and for everyone stay shown.
    assert _hidden(shown) == [("A", "ansatte"), ("A", "ledere"), ("B", "ansatte"), ("B", "ledere")]
    assert _hidden(shown, indicator="index") == _hidden(shown)
    assert _cell(shown, unit="A")["n"] == 12 and _cell(shown, group="ledere")["n"] == 15


def test_suppression_keeps_the_overall_figure_and_hides_small_groups(small_store):
    cells = small_store.query("culture_cells", include_unpublished=True)
    exact = suppression.suppress(cells, threshold=5, singletons=False, width=0)
    assert _cell(exact, unit="B")["suppressed"]
    # One leader: hidden, and so is the employees' row, or ledere = all - ansatte.
    assert _cell(exact, group="ledere")["suppressed"]
    assert _cell(exact, group="ansatte")["suppressed"]
    assert not _cell(exact)["suppressed"]
    assert _cell(exact)["mean"] == pytest.approx(94 / 29)
    # But the leader knows their own answer: everyone's K1 less it is the employees' hidden row,
    # and C's K1 less it is C's employees. With singletons (the default) both totals are hidden,
    # and A, hidden before only as their complement, is shown.
    shown = suppression.suppress(cells, threshold=5)
    assert _cell(shown)["suppressed"] and _cell(shown, unit="C")["suppressed"]
    assert not _cell(shown, unit="A")["suppressed"] and _cell(shown, unit="A")["n"] == 6
    assert _cell(shown, group="ledere")["suppressed"] and _cell(shown, group="ansatte")["suppressed"]
    # K1_2 has no leader's answer: its employees' row is everyone, so it is shown.
    assert _cell(shown, group="ansatte", item_id="K1_2")["n"] == 13
    hidden = shown[shown["suppressed"]]
    assert hidden["mean"].isna().all() and hidden["n"].isna().all()
    assert hidden["share_agree"].isna().all() and hidden["var_mean"].isna().all()


def test_higher_threshold_hides_more_and_never_below_three(small_store):
    cells = small_store.query("culture_cells", include_unpublished=True)
    shown = suppression.suppress(cells, threshold=10, singletons=False, width=0)
    assert _cell(shown, unit="C")["suppressed"]  # 8 < 10
    assert not _cell(shown)["suppressed"]  # 16 >= 10
    # With singletons (the default) the only leader would get the employees' hidden row from it.
    assert _cell(suppression.suppress(cells, threshold=10))["suppressed"]


def test_index_is_mean_of_nine_means_and_hidden_with_any_indicator(tmp_path):
    fw = framework()
    rows = []
    for r in range(6):
        for k, item in enumerate(i for i in fw.items_for("ansatte") if i.item_id.endswith("_1")):
            # Respondent r answers indicator k with 1 + (r + k) % 5.
            rows.append(("2024", "ansatte", "A", f"r{r}", item.item_id, 1 + (r + k) % 5, False))
    # K9 gets one more answer from a 7th person, whose other answers are blank.
    rows.append(("2024", "ansatte", "A", "r6", "K9_1", 5, False))
    store = _store_of(tmp_path / "s", rows)
    cells = store.query("culture_cells", include_unpublished=True)
    means = [sum(1 + (r + k) % 5 for r in range(6)) / 6 for k in range(9)]
    means[8] = (sum(1 + (r + 8) % 5 for r in range(6)) + 5) / 7
    index = _cell(cells, indicator="index")
    assert index["mean"] == pytest.approx(sum(means) / 9)
    assert index["n"] == 7
    # With threshold 7 every indicator but K9 (n=7) is hidden, so the index is too.
    shown = suppression.suppress(cells, threshold=7)
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
    change = "Kulturindeksen økte fra 2017 til 2024 (3,10 → 3,72, +0,62)."
    assert culture_text.index_takeaway(trend, names, change) == (
        change + " I 2024 ser ledere kulturen mest positivt (4,05), ansatte minst (3,60)."
    )
    tied = trend.assign(mean=[3.104, 3.716, 3.6, 3.6])
    assert culture_text.index_takeaway(tied, names, change) == change  # a tie ranks nobody


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


def _summary(folder, *by):
    result = run_cli("summary", "--data-dir", str(folder), "--json", *by)
    assert result.returncode == 0, result.stderr
    return {(r["round"], r["indicator"], r["unit"], r["group"]): r for r in json.loads(result.stdout)}


@pytest.mark.slow
def test_cli_summary_by_breaks_down_with_one_suppression_for_every_view(demo_dir):
    default = _summary(demo_dir)
    by_unit = _summary(demo_dir, "--by", "unit")
    by_group = _summary(demo_dir, "--by", "group")
    crossed = _summary(demo_dir, "--by", "unit,group")
    overall = {k for k in default if k[2] is None and k[3] is None}
    assert {k for k in by_unit if k[3] is None} == set(by_unit) and overall < set(by_unit)
    assert {k for k in by_group if k[2] is None} == set(by_group) and overall < set(by_group)
    # The default output is the overall, unit and group rows, exactly as before.
    assert set(default) == set(by_unit) | set(by_group)
    for view in (by_unit, by_group):
        assert all(default[k] == record for k, record in view.items())
    cross_keys = {k for k in crossed if k[2] is not None}
    assert all(k[3] is not None for k in cross_keys)
    assert len({(k[2], k[3]) for k in cross_keys}) == 14  # 7 units x (ansatte, ledere)
    raw = Store(demo_dir).table("responses")
    in_2024 = raw[raw["round"] == "2024"]
    helse_ledere = in_2024[(in_2024["unit"] == "Helse og omsorg") & (in_2024["group"] == "ledere")]
    k5 = helse_ledere[helse_ledere["item_id"].str.startswith("K5_") & helse_ledere["value"].notna()]
    cell = crossed[("2024", "K5", "Helse og omsorg", "ledere")]
    assert cell["n"] == k5["respondent_id"].nunique() == 13
    assert cell["mean"] == pytest.approx(k5["value"].astype(float).mean(), abs=1e-4)
    for unit in ("Frivilligsentralen", "NAV", "Kultur og fritid", "Plan og teknisk", "Sentral stab"):
        # A handful of leaders in each: hidden, and their unit's employees with them.
        assert crossed[("2024", "index", unit, "ledere")]["suppressed"]
        assert crossed[("2024", "index", unit, "ansatte")]["suppressed"]
        assert crossed[("2024", "index", unit, "ledere")]["mean"] is None
    # 2017: Kultur og fritid had one leader among 18 respondents. The unit's total is hidden: shown,
    # the leader would subtract their own answers and get the hidden employees' figures.
    in_2017 = raw[(raw["round"] == "2017") & (raw["unit"] == "Kultur og fritid")]
    people = in_2017.groupby("group")["respondent_id"].nunique().to_dict()
    assert people["ledere"] == 1 and people["ansatte"] >= 5
    assert by_unit[("2017", "index", "Kultur og fritid", None)]["suppressed"]
    assert crossed[("2017", "index", "Kultur og fritid", "ansatte")]["suppressed"]
    text = run_cli("summary", "--data-dir", str(demo_dir), "--by", "unit,group")
    assert "2024 index Helse og omsorg / ledere " in text.stdout
    assert f"{cell['mean']:.2f} (n=13)" in text.stdout.split("2024 K5    Helse og omsorg / ledere")[1][:30]
    refused = run_cli("summary", "--data-dir", str(demo_dir), "--by", "enhet")
    assert refused.returncode == 2 and "Ugyldig kommando" in refused.stderr


def test_views_distribution_gaps_and_takeaways_on_a_small_fixture(small_store):
    cells = small_store.query("culture_cells", include_unpublished=True)
    # With singletons (the default) everyone's K1_1 is hidden (the only leader knows their own
    # answer) and A is shown in its place: K1_1 5,4,4,3,2,5; K1_2 4,4,Vet ikke,3,2,1.
    items = culture.distribution(suppression.suppress(cells, 5), "2024", "A", None).set_index("item_id")
    assert not items["suppressed"].any()
    assert items.loc["K1_1", "share_agree"] == pytest.approx(4 / 6)
    assert items.loc["K1_2", "share_disagree"] == pytest.approx(2 / 5)
    assert items.loc["K1_2", "n_dont_know"] == 1
    # The views below are read on the exact pattern, which shows everyone's figures.
    shown = suppression.suppress(cells, 5, singletons=False, width=0)
    items = culture.distribution(shown, "2024", "A", None).set_index("item_id")
    assert list(items.index) == ["K1_1", "K1_2"] and items["suppressed"].all()
    everyone = culture.distribution(shown, "2024", None, None).set_index("item_id")
    # K1_1 for all 16: 5,4,4,3,2,5 | 5,5 | 3 x7 | 5 -> 1 two, 8 threes, 2 fours, 5 fives.
    assert [everyone.loc["K1_1", f"share_{v}"] for v in range(1, 6)] == pytest.approx(
        [0, 1 / 16, 8 / 16, 2 / 16, 5 / 16]
    )
    assert everyone.loc["K1_1", "share_agree"] == pytest.approx(7 / 16)
    assert everyone.loc["K1_2", "n_dont_know"] == 1
    # K1_2: 13 valid answers, of which 8 are 1 or 2.
    assert everyone.loc["K1_2", "share_disagree"] == pytest.approx(8 / 13)
    texts = {"K1_1": "Vi starter med behovet", "K1_2": "Brukerne er med " + "fra start " * 8}
    # 44 % agree is no majority: «størst andel»; 62 % disagree is: «flest».
    assert culture_text.likert_takeaway(everyone.reset_index(), texts) == (
        "Størst andel enige: «Vi starter med behovet» (44\u00a0%). Flest er uenige i "
        "«Brukerne er med fra start fra start fra start fra start fra…» (62\u00a0%). "
        "0 utsagn er skjult."
    )
    gaps = culture.perception_gaps(shown, framework().items, "2024", None, "ledere")
    assert gaps["indicator"].tolist()[0] == "K1" and gaps["items"].tolist()[0] == "K1_1, K1_2"
    assert gaps["suppressed"].all()  # one leader
    assert culture.gap_groups(framework().items, framework().group_ids) == ["ledere", "politikere"]


def test_trend_and_heatmap_takeaways_state_the_numbers():
    rows = pd.DataFrame({"round": ["2023", "2024"], "mean": [3.3, 3.47]})
    status = {"year": 2024, "target": 3.7, "distance": -0.23, "on_track": False}
    change = "K5 BLT i bruk økte fra 2023 til 2024 (3,30 → 3,47, +0,17)."
    assert culture_text.trend_takeaway(rows, "K5 BLT i bruk", [None, status], change) == (
        "K5 BLT i bruk er 3,47 i 2024 – bak målet for 2024 (3,70, 0,23 under). " + change
    )
    heat = pd.DataFrame(
        {
            "unit": [None, "A", "B", "C"],
            "indicator": ["index"] * 4,
            "mean": [3.5, 3.9, None, 3.2],
            "suppressed": [False, False, True, False],
        }
    )
    assert culture_text.heatmap_takeaway(heat, "2024") == (
        "I 2024 har A høyest kulturindeks (3,90) og C lavest (3,20); 1 av 3 enheter er skjult for å verne "
        "små grupper."
    )
