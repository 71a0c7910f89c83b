"""Singletons (issue 28, finding 3): statistical offices' protection beyond exact suppression.

The attackers are independent of :mod:`analytics.core.suppression`: they build every cell's vector
over the pieces from the raw answers (as ``test_culture_suppression`` does), with their own
linear algebra (least squares). The protection is opt-in for now (``singletons=True``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import culture
from tests.unit.test_culture_suppression import (
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


# The case: a unit's only leader and four employees, beside two larger units.
LEADER_ALONE = {("E0", "ansatte"): 4, ("E0", "ledere"): 1, ("E1", "ansatte"): 9, ("E2", "ansatte"): 8}


def test_a_units_only_leader_cannot_work_out_the_employees_hidden_figures():
    responses = _responses(LEADER_ALONE, seed=3)
    cells = _cells(responses)
    # Exact suppression alone: the leader subtracts their own answers from the unit's total.
    leaks = singleton_leaks(responses, suppression.suppress(cells, 5))
    assert ("sums", "ledere/E0-0", "K1", None, "E0", "ansatte") in leaks
    shown = suppression.suppress(cells, 5, singletons=True)
    assert singleton_leaks(responses, shown) == []
    k1 = shown[(shown["indicator"] == "K1") & shown["item_id"].isna() & shown["by_unit"] & ~shown["by_group"]]
    # The unit total of five (leader and employees) is hidden now.
    assert k1.set_index("unit")["suppressed"].to_dict()["E0"]
    # Exact protection still holds.
    assert recovered_cells(responses, shown) == []


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(organisation=organisations(), threshold=st.integers(3, 6))
def test_no_respondent_alone_in_a_cell_can_work_out_another_hidden_cell(organisation, threshold):
    responses = _responses(*organisation)
    if responses.empty:
        return
    shown = suppression.suppress(_cells(responses), threshold, singletons=True)
    assert singleton_leaks(responses, shown) == []
    assert recovered_cells(responses, shown) == []
