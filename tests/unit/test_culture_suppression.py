"""Property test: no hidden culture figure can be worked out from the shown ones.

An attacker sees every shown cell (each slice: everyone, unit, group, unit x
group; each measure: indicator, statement, index) with its respondent count
and its sums (answers, Vet ikke, the sum of the scores). Each of those is a
sum over pieces: the answers of one unit x group (or of a group's respondents
without a unit) to one statement. The attacker recovers a hidden figure
exactly when the hidden cell's pieces are a linear combination of the shown
cells' pieces. The attacker is built here from the raw answers, independently
of :mod:`analytics.measures.culture`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import culture
from analytics.store import Store
from tests.conftest import STRATEGY_NAMES

COLUMNS = ["round", "group", "unit", "respondent_id", "item_id", "value", "dont_know"]


def _items() -> dict[str, list[str]]:
    """Per group, its statements of the strategy's first two indicators (enough to combine)."""
    fw = framework()
    return {
        g: [i.item_id for i in fw.items_for(g) if i.indicator in fw.indicator_ids[:2]] for g in fw.group_ids
    }


@st.composite
def organisations(draw):
    """Random units with random numbers of respondents in each group that names a unit
    (employees, leaders), groups without a unit (politicians, citizens; the first of
    them partly placed in a unit), and a seed for their answers."""
    fw = framework()
    units = [f"E{u}" for u in range(draw(st.integers(1, 4)))]
    without_unit = [g for g in fw.group_ids if g not in fw.unit_groups]
    sizes = {}
    for unit in units:
        for position, group in enumerate(fw.unit_groups):
            sizes[(unit, group)] = draw(st.integers(0, 9 if position == 0 else 4))
    for position, group in enumerate(without_unit):
        sizes[(None, group)] = draw(st.integers(0, 9))
        if position == 0:
            sizes[(units[0], group)] = draw(st.integers(0, 3))
    return sizes, draw(st.integers(0, 2**32 - 1))


def _responses(sizes: dict, seed: int) -> pd.DataFrame:
    fw = framework()
    items = _items()
    points = len(fw.scale_values)
    rng = np.random.default_rng(seed)
    rows = []
    for (unit, group), size in sizes.items():
        for person in range(size):
            who = f"{unit or '-'}-{person}"
            for item in items[group]:
                draw = rng.integers(0, points + 2)  # a scale value, don't know or blank
                if draw == points + 1:
                    continue
                dont_know = draw == points
                rows.append(("2024", group, unit, who, item, None if dont_know else int(draw) + 1, dont_know))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype("Int8")
    return frame


def _vectors(cells: pd.DataFrame, pieces: pd.DataFrame) -> np.ndarray:
    """Each cell's pieces (cells x pieces, 0/1), from the cells' slice and measure."""
    out = np.zeros((len(cells), len(pieces)))
    for row, cell in enumerate(cells.itertuples(index=False)):
        inside = np.ones(len(pieces), bool)
        if cell.by_unit:
            inside &= (pieces["unit"] == cell.unit).to_numpy()
        if cell.by_group:
            inside &= (pieces["group"] == cell.group).to_numpy()
        if isinstance(cell.item_id, str):
            inside &= (pieces["item_id"] == cell.item_id).to_numpy()
        elif cell.indicator != culture.INDEX:
            inside &= (pieces["indicator"] == cell.indicator).to_numpy()
        out[row] = inside
    return out


def _in_span(shown: np.ndarray, vector: np.ndarray) -> bool:
    if not len(shown):
        return False
    weights = np.linalg.lstsq(shown.T, vector, rcond=None)[0]
    return bool(np.abs(shown.T @ weights - vector).max() < 1e-6)


def _plain(values) -> tuple:
    return tuple(None if pd.isna(v) else v for v in values)


def recovered_cells(responses: pd.DataFrame, shown: pd.DataFrame) -> list[tuple]:
    """Hidden cells whose sums or respondent count the attacker can compute."""
    indicator_of = {i.item_id: i.indicator for i in framework().items}
    answered = responses.assign(indicator=responses["item_id"].map(indicator_of))
    found = []
    # Sums over answers (scores, answer counts, Vet ikke): pieces are unit x group x statement.
    pieces = answered[["unit", "group", "item_id", "indicator"]].drop_duplicates().reset_index(drop=True)
    measures = shown[shown["indicator"] != culture.INDEX].reset_index(drop=True)
    vectors = _vectors(measures, pieces)
    visible = vectors[~measures["suppressed"].to_numpy()]
    for row in np.flatnonzero(measures["suppressed"].to_numpy()):
        if _in_span(visible, vectors[row]):
            found.append(("sums", *_plain(measures.loc[row, ["indicator", "item_id", "unit", "group"]])))
    # Respondent counts: separate for each measure; pieces are unit x group.
    people = answered[["unit", "group"]].drop_duplicates().reset_index(drop=True)
    people = people.assign(item_id=None, indicator=None)
    for _, cells in shown.groupby(["indicator", shown["item_id"].fillna("")]):
        cells = cells.assign(item_id=None, indicator=culture.INDEX).reset_index(drop=True)
        vectors = _vectors(cells, people)
        visible = vectors[~cells["suppressed"].to_numpy()]
        for row in np.flatnonzero(cells["suppressed"].to_numpy()):
            if vectors[row].any() and _in_span(visible, vectors[row]):
                found.append(("n", *_plain(cells.loc[row, ["unit", "group"]])))
    return found


def _cells(responses: pd.DataFrame) -> pd.DataFrame:
    """The real aggregate: responses stored as Parquet, cells computed by DuckDB."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        store.commit({"responses": responses}, {"kind": "test"})
        return store.query("culture_cells", include_unpublished=True)


@pytest.mark.slow
@pytest.mark.parametrize("strategy", STRATEGY_NAMES, indirect=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(organisation=organisations(), threshold=st.integers(3, 6))
def test_no_hidden_cell_can_be_recovered_from_shown_cells_and_totals(strategy, organisation, threshold):
    responses = _responses(*organisation)
    if responses.empty:
        return
    shown = suppression.suppress(_cells(responses), threshold)
    # Rule 1 holds: nothing shown rests on fewer than `threshold` respondents.
    assert (shown.loc[~shown["suppressed"], "n"].astype(float) >= threshold).all()
    assert recovered_cells(responses, shown) == []
    # The index is never shown beside a hidden indicator of the same slice.
    indicators = shown[shown["item_id"].isna() & (shown["indicator"] != culture.INDEX)]
    hidden_slices = set(
        indicators.loc[indicators["suppressed"], suppression.SLICE].astype(str).itertuples(index=False)
    )
    index = shown[shown["indicator"] == culture.INDEX]
    for cell in index[~index["suppressed"]][suppression.SLICE].astype(str).itertuples(index=False):
        assert cell not in hidden_slices


def test_the_attacker_recovers_cells_when_only_small_cells_are_hidden():
    sizes = {("E0", "ansatte"): 9, ("E1", "ansatte"): 2, ("E2", "ansatte"): 8, (None, "politikere"): 6}
    responses = _responses(sizes, seed=7)
    cells = _cells(responses)
    primary_only = cells.assign(suppressed=cells["n"] < 5)
    recovered = recovered_cells(responses, primary_only)
    assert ("n", "E1", None) in recovered and ("n", "E1", "ansatte") in recovered
    assert ("sums", "K1", None, "E1", None) in recovered
    # With the real rules at the same threshold, nothing can be recovered.
    assert recovered_cells(responses, suppression.suppress(cells, 5)) == []
