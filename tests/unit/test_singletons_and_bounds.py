"""Singletons and bounds (issue 28): statistical offices' protection beyond exact suppression.

The attackers are independent of :mod:`analytics.core.suppression` and :mod:`analytics.core.bounds`: they
build every cell's vector over the pieces from the raw answers (as ``test_culture_suppression``
does), with their own linear algebra (least squares) and their own linear programmes (SciPy's
HiGHS over the pieces' sums, with every answer on the scale). Both protections are on by default.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import culture
from tests.unit.test_culture_suppression import (
    COLUMNS,
    _cells,
    _in_span,
    _plain,
    _responses,
    _vectors,
    organisations,
    recovered_cells,
)


def _sole(responses: pd.DataFrame, by: list[str]) -> dict[str, set]:
    """Per respondent, the pieces (keys over ``by``) they are the only one in."""
    rows = responses.assign(who=responses["group"] + "/" + responses["respondent_id"])
    alone = {}
    keys = pd.Series([repr(_plain(key)) for key in rows[by].itertuples(index=False)], index=rows.index)
    for _, part in rows.groupby(keys):
        if part["who"].nunique() == 1:
            alone.setdefault(part["who"].iloc[0], set()).add(_plain(part[by].iloc[0]))
    return alone


def singleton_leaks(responses: pd.DataFrame, shown: pd.DataFrame) -> list[tuple]:
    """Hidden cells one respondent, alone in a piece, can compute from the shown cells and
    their own answers (a cell made only of their own pieces is theirs, not a leak)."""
    indicator_of = {i.item_id: i.indicator for i in framework().items}
    answered = responses.assign(indicator=responses["item_id"].map(indicator_of))
    found = []
    pieces = answered[["unit", "group", "item_id", "indicator"]].drop_duplicates().reset_index(drop=True)
    keys = [_plain(k) for k in pieces[["unit", "group", "item_id"]].itertuples(index=False)]
    measures = shown[shown["indicator"] != culture.INDEX].reset_index(drop=True)
    vectors = _vectors(measures, pieces)
    visible = vectors[~measures["suppressed"].to_numpy()]
    for who, own in _sole(answered, ["unit", "group", "item_id"]).items():
        known = np.array([key in own for key in keys])
        with_own = np.vstack([visible, np.eye(len(keys))[known]])
        for row in np.flatnonzero(measures["suppressed"].to_numpy()):
            vector = vectors[row]
            if (vector.astype(bool) & ~known).any() and _in_span(with_own, vector):
                found.append(
                    ("sums", who, *_plain(measures.loc[row, ["indicator", "item_id", "unit", "group"]]))
                )
    people = answered[["unit", "group"]].drop_duplicates().reset_index(drop=True)
    keys = [_plain(k) for k in people.itertuples(index=False)]
    people = people.assign(item_id=None, indicator=None)
    alone = _sole(answered, ["unit", "group"])
    for _, cells in shown.groupby(["indicator", shown["item_id"].fillna("")]):
        cells = cells.assign(item_id=None, indicator=culture.INDEX).reset_index(drop=True)
        vectors = _vectors(cells, people)
        visible = vectors[~cells["suppressed"].to_numpy()]
        for who, own in alone.items():
            known = np.array([key in own for key in keys])
            with_own = np.vstack([visible, np.eye(len(keys))[known]])
            for row in np.flatnonzero(cells["suppressed"].to_numpy()):
                vector = vectors[row]
                if (vector.astype(bool) & ~known).any() and _in_span(with_own, vector):
                    found.append(("n", who, *_plain(cells.loc[row, ["unit", "group"]])))
    return found


# The settings of this module's property runs.
PROPERTY_RUN = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


# The case: a unit's only leader and four employees, beside two larger units.
LEADER_ALONE = {("E0", "ansatte"): 4, ("E0", "ledere"): 1, ("E1", "ansatte"): 9, ("E2", "ansatte"): 8}


def test_a_units_only_leader_cannot_work_out_the_employees_hidden_figures():
    responses = _responses(LEADER_ALONE, seed=3)
    cells = _cells(responses)
    # Exact suppression alone: the leader subtracts their own answers from the unit's total.
    leaks = singleton_leaks(responses, suppression.suppress(cells, 5, singletons=False, width=0))
    assert ("sums", "ledere/E0-0", "K1", None, "E0", "ansatte") in leaks
    shown = suppression.suppress(cells, 5)
    assert singleton_leaks(responses, shown) == []
    k1 = shown[(shown["indicator"] == "K1") & shown["item_id"].isna() & shown["by_unit"] & ~shown["by_group"]]
    # The unit total of five (leader and employees) is hidden now.
    assert k1.set_index("unit")["suppressed"].to_dict()["E0"]
    # Exact protection still holds.
    assert recovered_cells(responses, shown) == []


@pytest.mark.slow  # a long property run: the whole suite has it, `make test-fast` leaves it out
@PROPERTY_RUN
@given(organisation=organisations(), threshold=st.integers(3, 6))
def test_no_respondent_alone_in_a_cell_can_work_out_another_hidden_cell(organisation, threshold):
    responses = _responses(*organisation)
    if responses.empty:
        return
    shown = suppression.suppress(_cells(responses), threshold)
    assert singleton_leaks(responses, shown) == []
    assert recovered_cells(responses, shown) == []


def intervals(responses: pd.DataFrame, shown: pd.DataFrame) -> dict[tuple, tuple[float, float, float]]:
    """For each hidden indicator or statement cell with answers: the least and greatest mean the
    attacker can prove from the shown cells' means and answer counts and the scale's ends, and
    its number of valid answers.

    Unknowns: each piece's sum of answers (unit x group x statement, from the raw answers),
    between its valid answers times the scale's lowest and highest value. Each shown cell is
    one equation: its pieces add up to its mean times its valid answers.
    """
    fw = framework()
    indicator_of = {i.item_id: i.indicator for i in fw.items}
    answered = responses.assign(indicator=responses["item_id"].map(indicator_of))
    pieces = answered[["unit", "group", "item_id", "indicator"]].drop_duplicates().reset_index(drop=True)
    keys = [_plain(k) for k in pieces[["unit", "group", "item_id"]].itertuples(index=False)]
    valid = answered[answered["value"].notna()]
    count = Counter(_plain(key) for key in valid[["unit", "group", "item_id"]].itertuples(index=False))
    answers = np.array([count[key] for key in keys], dtype=float)
    measures = shown[shown["indicator"] != culture.INDEX].reset_index(drop=True)
    vectors = _vectors(measures, pieces)
    visible = ~measures["suppressed"].to_numpy()
    totals = (
        measures["mean"].astype(float).fillna(0) * measures["n_answers"].astype(float).fillna(0)
    ).round()
    bounds = np.column_stack([answers * fw.scale_min, answers * fw.scale_max])
    found = {}
    for row in np.flatnonzero(~visible):
        cell_answers = float(vectors[row] @ answers)
        if cell_answers == 0:
            continue
        ends = []
        for sign in (1, -1):
            result = linprog(
                sign * vectors[row],
                A_eq=vectors[visible],
                b_eq=totals.to_numpy()[visible],
                bounds=bounds,
                method="highs",
            )
            assert result.status == 0, result.message
            ends.append(sign * result.fun / cell_answers)
        key = _plain(measures.loc[row, ["indicator", "item_id", "unit", "group"]])
        found[key] = (ends[0], ends[1], cell_answers)
    return found


def narrow_cells(responses, cells, shown, threshold, width=1.0) -> list[tuple]:
    """Hidden cells with too few respondents whose mean the attacker bounds narrower than ``width``
    (or than the scale itself, for a cell that its own answers bound more)."""
    fw = framework()
    small = {
        _plain(key)
        for key in cells.loc[
            cells["n"].astype(float) < threshold, ["indicator", "item_id", "unit", "group"]
        ].itertuples(index=False)
    }
    span = fw.scale_max - fw.scale_min
    return [
        (*key, round(low, 3), round(high, 3))
        for key, (low, high, _) in intervals(responses, shown).items()
        if key in small and high - low < min(width, span) - 1e-6
    ]


def _near_the_ends(sizes: dict, seed: int) -> pd.DataFrame:
    """Like ``_responses``, but in about two of three unit x groups everyone answers the scale's
    top (or bottom) value, where a shown total bounds its hidden parts most."""
    frame = _responses(sizes, seed)
    fw = framework()
    rng = np.random.default_rng(seed + 1)
    mood = {key: rng.choice([fw.scale_min, fw.scale_max, 0]) for key in sizes}
    chosen = np.array([mood[_plain((unit, group))] for unit, group in zip(frame["unit"], frame["group"])])
    fixed = (chosen != 0) & frame["value"].notna().to_numpy()
    frame.loc[fixed, "value"] = chosen[fixed]
    return frame


@pytest.mark.slow  # a long property run: the whole suite has it, `make test-fast` leaves it out
@PROPERTY_RUN
@given(organisation=organisations(), threshold=st.integers(3, 6))
def test_no_small_cells_mean_is_bounded_more_narrowly_than_the_width(organisation, threshold):
    responses = _near_the_ends(*organisation)
    if responses.empty:
        return
    cells = _cells(responses)
    shown = suppression.suppress(cells, threshold, width=1.0)
    assert narrow_cells(responses, cells, shown, threshold, 1.0) == []
    assert recovered_cells(responses, shown) == []


def _fixed(people: dict, value_of) -> pd.DataFrame:
    """Answers of employees per unit (all answer every K1 statement), ``value_of(unit, person)``."""
    items = [i.item_id for i in framework().items_for("ansatte") if i.indicator == "K1"]
    rows = [
        ("2024", "ansatte", unit, f"{unit}-{person}", item, value_of(unit, person), False)
        for unit, size in people.items()
        for person in range(size)
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype("Int8")
    return frame


def _top_but_e1(unit: str, person: int) -> int:
    return 5 if unit != "E1" else 1 + person % 4


def test_a_total_whose_mean_is_the_top_of_the_scale_no_longer_pins_a_hidden_unit():
    # E0 (two people) is hidden, and E2 beside it as the smaller complement. Everyone in E0 and
    # E2 answers 5, E1 answers 1 to 4: the total less E1 is E0 and E2 together, mean 5,0, so
    # exact suppression alone leaves both hidden means pinned at 5,0.
    responses = _fixed({"E0": 2, "E1": 9, "E2": 8}, _top_but_e1)
    cells = _cells(responses)
    exact = suppression.suppress(cells, 5, singletons=False, width=0)
    assert recovered_cells(responses, exact) == []
    pinned = intervals(responses, exact)
    low, high, answers = pinned[("K1", None, "E0", None)]
    assert (round(low, 9), round(high, 9), answers) == (5.0, 5.0, 4.0)
    assert narrow_cells(responses, cells, exact, 5) != []
    shown = suppression.suppress(cells, 5)
    assert narrow_cells(responses, cells, shown, 5) == []
    low, high, _ = intervals(responses, shown)[("K1", None, "E0", None)]
    assert high - low >= 1.0
    assert recovered_cells(responses, shown) == []


@pytest.mark.parametrize("width", [0.5, 1.0, 2.0])
def test_the_protection_width_is_a_setting(width, monkeypatch):
    monkeypatch.setenv("INNOBARO_PROTECTION_WIDTH", str(width).replace(".", ","))
    responses = _fixed({"E0": 2, "E1": 9, "E2": 8}, _top_but_e1)
    cells = _cells(responses)
    shown = suppression.suppress(cells, 5)
    assert narrow_cells(responses, cells, shown, 5, width) == []
