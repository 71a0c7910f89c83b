"""Suppression at the scale of hundreds of units: no hidden figure can be worked out.

Two checkers, both built here from the raw answers, independently of
:mod:`analytics.core.suppression`:

- **peel, then rank**: a piece that a shown cell covers alone among the
  unknown pieces is known (it lies in the shown span); repeat until nothing
  changes, then a hidden cell is derivable iff what is left of it lies in the
  span of what is left of the shown cells (one singular value decomposition
  per connected part of the remaining system);
- **bridges**: within one measure, the units x groups table with its totals is
  a graph whose edges are the hidden cells; a hidden cell that is a bridge of
  that graph can be computed by adding and subtracting along rows and columns.

Both find leaks in the pattern that hides only the small cells, so they can fail.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.measures import culture
from analytics.store import Store
from benchmark.synth import units_round

THRESHOLD = 5
INDICATORS = ("K1", "K2", "K3")
INDICATOR_OF = {i.item_id: i.indicator for i in framework().items}


def _organisation(units: int, seed: int, more_groups: bool) -> pd.DataFrame:
    """Employees and leaders in every unit; with ``more_groups`` also politicians
    (some placed in a unit, most not) and citizens without a unit."""
    responses = units_round(units, seed, employees=(0, 12))
    if more_groups:
        rng = np.random.default_rng(seed)
        rows = []
        for group, placed in (("politikere", 25), ("innbyggere", 0)):
            items = [i.item_id for i in framework().items_for(group)]
            for person in range(40):
                unit = f"Enhet {rng.integers(units):04d}" if person < placed else None
                for item in items:
                    draw = rng.integers(0, 7)
                    rows.append(("2024", group, unit, f"{group}-{person}", item, draw or None, draw == 0))
        extra = pd.DataFrame(rows, columns=responses.columns)
        responses = pd.concat([responses, extra.astype({"value": "Int8"})], ignore_index=True)
    return responses[responses["item_id"].map(INDICATOR_OF).isin(INDICATORS)].reset_index(drop=True)


def _cells(responses: pd.DataFrame) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        store.commit({"responses": responses}, {"kind": "test"})
        return store.query("culture_cells", include_unpublished=True)


def _systems(responses: pd.DataFrame, cells: pd.DataFrame) -> list[tuple[list[list[int]], np.ndarray]]:
    """Each cell's pieces, for the sums and for each measure's respondent count.

    Sums (scores, answers, Vet ikke) add up over unit x group x statement;
    a respondent count adds up over unit x group within its own measure.
    """
    answered = responses.assign(indicator=responses["item_id"].map(INDICATOR_OF))
    answered["unit"] = answered["unit"].astype(object).where(answered["unit"].notna(), None)
    keyed = defaultdict(list)  # (unit or "*", group or "*", measure) -> pieces
    sums = answered[["unit", "group", "item_id", "indicator"]].drop_duplicates().itertuples(index=False)
    for piece, (unit, group, item, indicator) in enumerate(sums):
        for u in {unit, "*"} if unit is not None else {"*"}:
            for g in (group, "*"):
                for measure in (item, indicator):
                    keyed[("sums", u, g, measure)].append(piece)
    people = []
    for measure in ("item_id", "indicator", None):
        frame = answered.assign(measure=answered[measure] if measure else culture.INDEX)
        people.append(frame[["unit", "group", "measure"]].drop_duplicates())
    for piece, (unit, group, measure) in enumerate(pd.concat(people).itertuples(index=False)):
        for u in {unit, "*"} if unit is not None else {"*"}:
            for g in (group, "*"):
                keyed[("n", u, g, measure)].append(piece)
    hidden = cells["suppressed"].to_numpy(bool)
    systems = {"sums": [], "n": []}
    for cell in cells.itertuples(index=False):
        measure = cell.item_id if isinstance(cell.item_id, str) else cell.indicator
        slice_key = (cell.unit if cell.by_unit else "*", cell.group if cell.by_group else "*", measure)
        systems["sums"].append(keyed.get(("sums", *slice_key), []) if cell.indicator != culture.INDEX else [])
        systems["n"].append(keyed.get(("n", *slice_key), []))
    return [(systems["sums"], hidden), (systems["n"], hidden)]


def derivable_by_peel_and_rank(vectors: list[list[int]], hidden: np.ndarray) -> list[int]:
    """Hidden cells (with pieces) whose sum is a linear combination of the shown cells' sums."""
    shown = [set(v) for v, h in zip(vectors, hidden) if not h and v]
    holders = defaultdict(list)
    for row, members in enumerate(shown):
        for piece in members:
            holders[piece].append(row)
    queue = [row for row, members in enumerate(shown) if len(members) == 1]
    known = set()
    while queue:
        row = queue.pop()
        if len(shown[row]) != 1:
            continue
        piece = shown[row].pop()
        known.add(piece)
        for other in holders[piece]:
            shown[other].discard(piece)
            if len(shown[other]) == 1:
                queue.append(other)
    rows = [members for members in shown if members]
    # Connected parts of the remaining system (rows linked through shared pieces).
    parent = {}

    def root(piece):
        while parent.setdefault(piece, piece) != piece:
            parent[piece] = parent[parent[piece]]
            piece = parent[piece]
        return piece

    for members in rows:
        first = root(next(iter(members)))
        for piece in members:
            parent[root(piece)] = first
    parts = defaultdict(list)
    for members in rows:
        parts[root(next(iter(members)))].append(members)
    null_spaces = {}
    for key, part_rows in parts.items():
        columns = sorted(set().union(*part_rows))
        position = {piece: i for i, piece in enumerate(columns)}
        matrix = np.zeros((len(part_rows), len(columns)))
        for r, members in enumerate(part_rows):
            matrix[r, [position[p] for p in members]] = 1.0
        _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
        rank = int((singular > 1e-9 * singular[0]).sum())
        null_spaces[key] = (position, vt[rank:])
    found = []
    for cell in np.flatnonzero(hidden):
        rest = [p for p in vectors[cell] if p not in known]
        if not vectors[cell]:
            continue
        by_part = defaultdict(list)
        for piece in rest:
            by_part[root(piece) if piece in parent else None].append(piece)
        if None in by_part:
            continue  # a piece that no shown cell holds: unknowable
        inside = True
        for key, pieces in by_part.items():
            position, null = null_spaces[key]
            vector = np.zeros(len(position))
            vector[[position[p] for p in pieces]] = 1.0
            if len(null) and np.abs(null @ vector).max() > 1e-7:
                inside = False
                break
        if inside:
            found.append(int(cell))
    return found


def _bridges(edges: list[tuple]) -> set[int]:
    """Edge numbers that are bridges of the multigraph ``edges`` (iterative DFS)."""
    adjacent = defaultdict(list)
    for number, (a, b) in enumerate(edges):
        adjacent[a].append((b, number))
        adjacent[b].append((a, number))
    order, low, bridges = {}, {}, set()
    for start in adjacent:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack = [(start, None, iter(adjacent[start]))]
        while stack:
            node, via, neighbours = stack[-1]
            for other, number in neighbours:
                if number == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, number, iter(adjacent[other])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges


def derivable_by_bridges(responses: pd.DataFrame, cells: pd.DataFrame) -> list[int]:
    """Hidden cells that are bridges of their measure's units x groups table with totals."""
    outside = set(responses.loc[responses["unit"].isna(), "group"])  # groups with respondents without a unit
    found = []
    measures = cells["item_id"].fillna(cells["indicator"])
    for _, table in cells.groupby(measures):
        hidden = table[table["suppressed"]]
        edges = [
            ("u:" + (c.unit if c.by_unit else "total"), "g:" + (c.group if c.by_group else "total"))
            for c in hidden.itertuples(index=False)
        ]
        # Respondents without a unit: a row that is never published, its total neither.
        unpublished = [("u:none", "g:" + g) for g in outside & set(table["group"].dropna())]
        unpublished += [("u:none", "g:total")] if unpublished else []
        bridges = _bridges(edges + unpublished)
        found += [int(hidden.index[e]) for e in bridges if e < len(edges)]
    return found


@pytest.fixture(scope="module", params=[(200, 11, False), (210, 12, True)], ids=["two-groups", "four-groups"])
def organisation(request):
    responses = _organisation(*request.param)
    return responses, _cells(responses)


@pytest.mark.slow  # 200 units and more: the whole suite has it, `make test-fast` leaves it out
def test_no_hidden_cell_is_derivable_at_scale(organisation):
    responses, cells = organisation
    shown = suppression.suppress(cells, THRESHOLD)
    assert shown["suppressed"].sum() > (cells["n"] < THRESHOLD).sum() > 100
    assert (shown.loc[~shown["suppressed"], "n"].astype(float) >= THRESHOLD).all()
    for vectors, hidden in _systems(responses, shown):
        assert derivable_by_peel_and_rank(vectors, hidden) == []
    assert derivable_by_bridges(responses, shown) == []


def test_the_checkers_find_leaks_when_only_small_cells_are_hidden(organisation):
    responses, cells = organisation
    primary_only = cells.assign(suppressed=cells["n"] < THRESHOLD)
    leaks = [derivable_by_peel_and_rank(v, h) for v, h in _systems(responses, primary_only)]
    assert all(len(found) > 50 for found in leaks)
    bridged = derivable_by_bridges(responses, primary_only)
    assert len(bridged) > 50
    # A bridge is always derivable: the two checkers agree on those cells.
    assert set(bridged) <= set(leaks[0]) | set(leaks[1])
