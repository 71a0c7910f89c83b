"""Exact complementary suppression by sparse integer Gaussian elimination.

Pure functions, no pandas. A published figure is a sum over *pieces* (the
answers of one unit x group to one part of a measure). A hidden figure can be
worked out exactly from the shown ones iff its 0/1 piece vector lies in the
span of the shown figures' vectors. :func:`protect` decides, figure by figure
in priority order, which figures can be shown so that no hidden one ends up in
that span; :func:`protect_block` builds the piece vectors of one block of
cells (a round's measure with its parts) and maps the decision back to cells.

The method is the greedy Gaussian elimination that Statistics Norway's
GaussSuppression uses: each shown figure eliminates one row (a pivot piece)
from every other figure still in play, in exact integer arithmetic, so a
hidden figure has become derivable exactly when its reduced vector is zero.
Showing a figure zeroes only the vectors parallel to its own reduced vector,
so one proportionality check per candidate keeps every hidden figure safe.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction
from math import gcd

import numpy as np
import pandas as pd

ALL = ("all",)  # a cell's key for "every unit" or "every group"
WHOLE = ("whole",)  # a cell's key for the whole measure (every part)
OUTSIDE = ("outside",)  # a piece's unit or group: respondents outside every finer cell


def _parallel(vector: dict, pivot_vector: dict, pivot: int) -> bool:
    """Whether two sparse vectors with equally many entries, both holding ``pivot``, are proportional."""
    a, b = vector[pivot], pivot_vector[pivot]
    for row, value in pivot_vector.items():
        other = vector.get(row)
        if other is None or other * b != value * a:
            return False
    return True


def _eliminate(vector: dict, pivot_vector: dict, pivot: int, column: int, index: dict) -> None:
    """Remove ``pivot`` from ``vector`` with a multiple of ``pivot_vector`` (integers only)."""
    p = pivot_vector[pivot]  # positive: the caller turns the pivot vector's sign
    a = vector.pop(pivot)
    g = gcd(p, a)  # never negative, and p > 0, so the signs below are right
    scale, times = p // g, a // g
    if scale != 1:
        for row in vector:
            vector[row] *= scale
    for row, value in pivot_vector.items():
        if row == pivot:
            continue
        new = vector.get(row, 0) - times * value
        if new:
            if row not in vector:
                index[row].add(column)
            vector[row] = new
        elif row in vector:
            del vector[row]
            index[row].discard(column)
    if scale != 1 and vector:
        common = gcd(*vector.values())
        if common > 1:
            for row in vector:
                vector[row] //= common


def _protect_once(columns: list[dict], hidden: list[bool], order: list[int]):
    """One greedy pass; returns the hidden flags, the reduced vectors and the pivots in order."""
    vectors = [dict(c) for c in columns]
    hidden = list(hidden)
    pivots: list[tuple[int, dict]] = []  # (pivot row, pivot vector) of each shown figure, in order
    index: dict[int, set[int]] = defaultdict(set)  # row -> figures still in play that hold it
    for figure, vector in enumerate(vectors):
        for row in vector:
            index[row].add(figure)
    for figure in order:
        if hidden[figure]:
            raise ValueError("a figure hidden beforehand is not a candidate")
        vector = vectors[figure]
        if not vector:
            continue  # already a combination of shown figures
        pivot = min(vector, key=lambda row: len(index[row]))
        size = len(vector)
        if any(
            hidden[other] and len(vectors[other]) == size and _parallel(vectors[other], vector, pivot)
            for other in index[pivot]
        ):
            hidden[figure] = True
            continue
        for row in vector:
            index[row].discard(figure)
        vectors[figure] = {}
        if vector[pivot] < 0:
            vector = {row: -value for row, value in vector.items()}
        pivots.append((pivot, vector))
        for other in index.pop(pivot):
            _eliminate(vectors[other], vector, pivot, other, index)
    return hidden, vectors, pivots


def _reduce(vector: dict, pivots: dict[int, tuple[int, dict]]) -> dict:
    """``vector`` less its part in the span of the shown figures.

    ``pivots`` maps each pivot row to its place in the elimination and its
    pivot vector. A pivot vector holds no earlier pivot, so eliminating the
    earliest pivot first reaches each pivot at most once.
    """
    vector = dict(vector)
    scratch: dict[int, set[int]] = defaultdict(set)
    queue = [(pivots[row][0], row) for row in vector if row in pivots]
    heapq.heapify(queue)
    while queue:
        _, row = heapq.heappop(queue)
        if row not in vector:
            continue
        pivot_vector = pivots[row][1]
        _eliminate(vector, pivot_vector, row, 0, scratch)
        for other in pivot_vector:
            if other in vector and other in pivots and other != row:
                heapq.heappush(queue, (pivots[other][0], other))
    return vector


class _Span:
    """The span of a few sparse vectors, echelon rows in exact fractions."""

    def __init__(self, vectors: list[dict]):
        self.rows: list[tuple[int, dict]] = []
        for vector in vectors:
            rest = self._reduce(vector)
            if rest:
                self.rows.append((next(iter(rest)), rest))

    def _reduce(self, vector: dict) -> dict:
        rest = {r: Fraction(v) for r, v in vector.items()}
        for pivot, row in self.rows:
            if pivot in rest:
                factor = rest[pivot] / row[pivot]
                for r, v in row.items():
                    new = rest.get(r, 0) - factor * v
                    if new:
                        rest[r] = new
                    else:
                        rest.pop(r, None)
        return rest

    def holds(self, vector: dict) -> bool:
        return not self._reduce(vector)


def _singleton_leaks(columns, hidden, vectors, pivots, singletons) -> list[int]:
    """Hidden figures a respondent alone in a hidden cell could work out with their own answers.

    ``singletons`` are the known rows of each such respondent. With those
    rows known, a hidden figure is derivable iff its reduced vector lies in
    the span of the known rows' reduced vectors. A figure within the known
    rows is the respondent's own.
    """
    leaks = set()
    pivots = {row: (place, vector) for place, (row, vector) in enumerate(pivots)}
    holding: dict[int, list[int]] = defaultdict(list)  # row -> hidden figures whose reduced vector holds it
    for figure, is_hidden in enumerate(hidden):
        if is_hidden:
            for row in vectors[figure]:
                holding[row].append(figure)
    for known in singletons:
        basis = [b for b in (_reduce({row: 1}, pivots) for row in known) if b]
        support = set().union(*basis) if basis else set()
        candidates = {f for row in support for f in holding.get(row, ())}
        span = None
        for figure in candidates:
            vector = vectors[figure]
            if figure in leaks or not set(vector) <= support or set(columns[figure]) <= known:
                continue
            span = span or _Span(basis)
            if span.holds(vector):
                leaks.add(figure)
    return sorted(leaks)


def protect(
    columns: list[dict], hidden: list[bool], order: list[int], singletons: list[set[int]] = ()
) -> list[bool]:
    """Hide more figures until no hidden figure is a combination of shown ones.

    ``columns`` are the figures' sparse integer vectors (``{row: value}``),
    ``hidden`` the figures hidden beforehand (kept hidden, and protected),
    ``order`` every other figure, the one to show most first. A candidate is
    shown when it is already a combination of shown figures (hiding it would
    not help) or when showing it leaves every protected figure underivable;
    otherwise it is hidden and protected too. ``singletons`` are the rows
    (pieces) each respondent alone in a hidden cell knows: their own answers.
    With any one of them known, no other hidden figure may become derivable;
    when one does, the last shown figure that holds one of its rows is hidden
    too, and the pass repeats. Returns the hidden flags.
    """
    extra: set[int] = set()
    while True:
        flags = [h or f in extra for f, h in enumerate(hidden)]
        result, vectors, pivots = _protect_once(columns, flags, [f for f in order if f not in extra])
        leaks = _singleton_leaks(columns, result, vectors, pivots, singletons) if singletons else []
        if not leaks:
            return result
        last_shown: dict[
            int, tuple[int, int]
        ] = {}  # row -> (place, figure) of the last shown figure holding it
        for place, figure in enumerate(order):
            if not result[figure] and figure not in extra:
                for row in columns[figure]:
                    last_shown[row] = (place, figure)
        added = set()
        for leak in leaks:
            holders = [last_shown[row] for row in columns[leak] if row in last_shown]
            if holders:
                added.add(max(holders)[1])
        if not added:
            raise RuntimeError("a singleton's leak that no shown figure causes")
        extra |= added


def block_pieces(keys: list[tuple], counts: list[float]) -> tuple[list[tuple], dict[tuple, list[int]]]:
    """The pieces of one block of cells, and the pieces each cell key sums.

    ``keys`` and ``counts`` as in :func:`protect_block`. A piece is a unit x
    group x part, or what a unit's or group's total (or the grand total) holds
    beyond its finer cells (:data:`OUTSIDE`). Returns the pieces and, per cell
    key, the positions of its pieces.
    """
    finest, unit_total, group_total, everyone = {}, {}, {}, {}
    for (unit, group, part), count in zip(keys, counts):
        if part is WHOLE:
            continue
        if unit is not ALL and group is not ALL:
            finest[(unit, group, part)] = count
        elif unit is not ALL:
            unit_total[(unit, part)] = count
        elif group is not ALL:
            group_total[(group, part)] = count
        else:
            everyone[part] = count
    pieces = list(finest)
    in_unit, in_group, in_everyone = defaultdict(float), defaultdict(float), defaultdict(float)
    for (unit, group, part), count in finest.items():
        in_unit[(unit, part)] += count
        in_group[(group, part)] += count
        in_everyone[part] += count
    # What a total holds beyond its finer cells (a group's respondents without a unit, say).
    for totals, inside, as_piece in (
        (unit_total, in_unit, lambda key, part: (key, OUTSIDE, part)),
        (group_total, in_group, lambda key, part: (OUTSIDE, key, part)),
    ):
        for (key, part), total in totals.items():
            if total > inside[(key, part)]:
                pieces.append(as_piece(key, part))
                in_everyone[part] += total - inside[(key, part)]
    pieces += [(OUTSIDE, OUTSIDE, part) for part, total in everyone.items() if total > in_everyone[part]]

    members: dict[tuple, list[int]] = defaultdict(list)
    for row, (unit, group, part) in enumerate(pieces):
        for unit_key in (ALL,) if unit is OUTSIDE else (unit, ALL):
            for group_key in (ALL,) if group is OUTSIDE else (group, ALL):
                for part_key in (part, WHOLE):
                    members[(unit_key, group_key, part_key)].append(row)
    return pieces, members


def _alone(pieces: list[tuple], keys: list[tuple], n: list[float]) -> list[set[int]]:
    """The pieces a respondent alone in them knows: their own answers.

    The respondents of a unit x group (or of a group without a unit, and so
    on) are counted from the cells, per part and for the whole measure: its
    own cell, or a total less its finer cells. A piece with at most one
    respondent with a valid answer is taken as known to one person; every such
    piece of one unit x group is taken as known to the same person (so one
    person may know more than anyone does: stricter), and all of them when the
    whole measure has at most one respondent. Someone with only Vet ikke
    answers is not counted in ``n``, so they too are taken as known.
    """
    people: dict[tuple, float] = {}
    for key, size in zip(keys, n):
        people[key] = 0.0 if size != size else float(size)  # NaN: nobody with a valid answer
    rows: dict[tuple, dict] = defaultdict(lambda: defaultdict(set))
    for row, (unit, group, part) in enumerate(pieces):
        rows[(unit, group)][part].add(row)
    units = {u for u, g in rows if u is not OUTSIDE}
    groups = {g for u, g in rows if g is not OUTSIDE}

    def count(unit, group, part) -> float:
        def get(u, g):
            return people.get((u, g, part), 0.0)

        if unit is not OUTSIDE and group is not OUTSIDE:
            return get(unit, group)
        if unit is OUTSIDE and group is not OUTSIDE:
            return get(ALL, group) - sum(get(u, group) for u in units)
        if group is OUTSIDE and unit is not OUTSIDE:
            return get(unit, ALL) - sum(get(unit, g) for g in groups)
        return (
            get(ALL, ALL)
            - sum(get(u, ALL) for u in units)
            - sum(get(ALL, g) for g in groups)
            + sum(get(u, g) for u in units for g in groups)
        )

    alone = []
    has_whole = any(key[2] is WHOLE for key in people)
    for (unit, group), parts in rows.items():
        if has_whole and count(unit, group, WHOLE) <= 1:
            alone.append(set().union(*parts.values()))
            continue
        known = set().union(*(owned for part, owned in parts.items() if count(unit, group, part) <= 1))
        if known:
            alone.append(known)
    return alone


def protect_block(
    keys: list[tuple], counts: list[float], n: list[float], hidden: list[bool], singletons: bool = False
) -> list[bool]:
    """The complementary rule for one block of cells.

    ``keys`` hold each cell's ``(unit, group, part)``: :data:`ALL` for a cell
    over every unit or every group, :data:`WHOLE` for the whole measure.
    ``counts`` are the answers behind each cell, ``n`` its respondents,
    ``hidden`` the cells hidden beforehand. Cells with the same pieces are one
    figure published twice (a unit with one group, a measure with one part):
    they are shown or hidden together. Figures are shown coarsest first (the
    totals), then by more respondents, the whole measure before a part; so
    the finest, smallest cells are the ones hidden. With ``singletons``, a
    respondent alone in a unit x group (or part of one) is taken to know its
    pieces, and no other hidden cell may follow from them (:func:`_alone`,
    :func:`protect`). Returns hidden flags per cell.
    """
    pieces, members = block_pieces(keys, counts)
    figure_of: dict[tuple, int] = {}
    cell_figure, columns, figure_hidden, rank = [], [], [], []
    for cell, key in enumerate(keys):
        rows = tuple(members.get(key, ()))
        figure = figure_of.setdefault(rows, len(columns))
        unit, group, part = key
        coarseness = (unit is ALL) + (group is ALL)
        priority = (-coarseness, -n[cell], part is not WHOLE, str(unit), str(group), str(part))
        if figure == len(columns):
            columns.append(dict.fromkeys(rows, 1))
            figure_hidden.append(hidden[cell])
            rank.append(priority)
        else:
            figure_hidden[figure] |= hidden[cell]
            rank[figure] = max(rank[figure], priority)  # shown as late as its finest, smallest cell
        cell_figure.append(figure)
    order = sorted((f for f in range(len(columns)) if not figure_hidden[f]), key=rank.__getitem__)
    result = protect(columns, figure_hidden, order, _alone(pieces, keys, n) if singletons else ())
    return [result[figure] for figure in cell_figure]


# The culture cells (analytics/store/sql/culture_cells.sql) and what hiding one hides.
INDEX = "index"
FIGURES = (
    "n",
    "mean",
    "share_agree",
    "share_disagree",
    "n_answers",
    "n_dont_know",
    "var_mean",
)
# Answers per value of the strategy's answer scale (a list per cell), hidden like FIGURES.
COUNTS = "answer_counts"
SLICE = ["round", "by_unit", "by_group", "unit", "group"]


# ------------------------------------------------------------------ culture cells
def _complement(block: pd.DataFrame, hidden: np.ndarray, singletons: bool = False) -> np.ndarray:
    """Hide more cells of one block (a round's indicator and its statements, or
    a round's index) until no hidden cell can be computed from the shown ones."""

    def key(value, selected):
        return value if selected else ALL

    keys = [
        (key(unit, by_unit), key(group, by_group), WHOLE if part is None else part)
        for unit, by_unit, group, by_group, part in zip(
            block["unit"], block["by_unit"], block["group"], block["by_group"], block["part"]
        )
    ]
    counts = (block["n_answers"].astype(float) + block["n_dont_know"].astype(float)).tolist()
    n = block["n"].astype(float).tolist()
    return np.array(protect_block(keys, counts, n, hidden.tolist(), singletons), bool)


def suppress(
    cells: pd.DataFrame, threshold: int, rounds: Mapping[str, int] | None = None, singletons: bool = False
) -> pd.DataFrame:
    """Hide every figure that rests on fewer than ``threshold`` respondents,
    and every figure that could be worked out from the figures that are shown.

    ``rounds`` gives a round its own threshold (the one readers see a
    published round under, :meth:`analytics.store.Store.shown_thresholds`).
    ``singletons`` also protects against a respondent alone in a cell, who
    knows their own answers (:func:`analytics.core.suppression.protect_block`);
    not yet the default (see docs/reference/suppression.md).

    ``cells`` must hold all cells of a round (every slice and measure, as
    ``culture_cells`` returns them), because a figure can be recovered through
    any of them. Returns a copy with a boolean ``suppressed`` column and every
    figure (:data:`FIGURES`) missing on suppressed cells. The rules:

    1. **Too few**: a cell with ``n`` below the threshold (or no valid answer)
       is hidden.
    2. **Complementary**: the figures of a round are sums over pieces (unit x
       group, and the respondents of a group without a unit; statement by
       statement, and an indicator is the sum of its statements). No hidden
       cell may be computable exactly from shown cells (by subtraction from a
       total, from its siblings, across units and groups, or from its
       indicator and the other statements). The other cells are taken
       coarsest first (everyone, then unit and group totals, then unit x
       group), then by larger ``n``; each is shown unless showing it would
       make a hidden cell computable, and is hidden otherwise
       (:func:`analytics.core.suppression.protect`). So the finest cells with the
       smallest ``n`` are the ones hidden, and totals stay visible.
       This protects respondent counts, sums, answer counts and
       Vet ikke counts alike.
    3. **Index**: the composite ``index`` of a slice is hidden when any of its
       indicators is, since the other means and their average give away the last one;
       then rule 2 is applied to the index cells (their respondent counts).

    Rounds are separate surveys and are treated independently.

    Examples
    --------
    >>> cells = pd.DataFrame({"round": ["2024"] * 4, "indicator": ["X1"] * 4,
    ...     "item_id": ["X1_1"] * 4, "by_unit": [False, True, True, True],
    ...     "unit": [None, "A", "B", "C"], "by_group": [False] * 4,
    ...     "group": [None] * 4, "n": [20, 9, 3, 8], "n_answers": [20, 9, 3, 8],
    ...     "n_dont_know": [0] * 4, "mean": [3.5, 3.4, 3.8, 3.5]})
    >>> suppress(cells, 5)["suppressed"].tolist()
    [False, False, True, True]
    """
    cells = cells.reset_index(drop=True)
    n = cells["n"].astype(float)
    limit = cells["round"].astype(str).map(dict(rounds or {})).fillna(threshold).astype(float)
    hidden = (n.isna() | (n < limit)).to_numpy(dtype=bool, copy=True)
    is_index = (cells["indicator"] == INDEX).to_numpy()
    part = cells["item_id"].astype(object).where(cells["item_id"].notna(), None)
    cells_with_part = cells.assign(part=part.where(~is_index, INDEX))
    for _, block in cells_with_part[~is_index].groupby(["round", "indicator"], sort=False):
        hidden[block.index] = _complement(block, hidden[block.index], singletons)
    slice_key = cells["round"].astype(str)
    for column in SLICE[1:]:
        slice_key = slice_key + "|" + cells[column].astype(object).fillna("").astype(str)
    indicator_hidden = set(slice_key[hidden & ~is_index & cells["item_id"].isna().to_numpy()])
    hidden |= is_index & slice_key.isin(indicator_hidden).to_numpy()
    for _, block in cells_with_part[is_index].groupby("round", sort=False):
        hidden[block.index] = _complement(block, hidden[block.index], singletons)
    out = cells.copy()
    out["suppressed"] = hidden
    for column in FIGURES:
        if column in out:
            out[column] = out[column].astype("Float64").mask(out["suppressed"])
    if COUNTS in out:
        out[COUNTS] = out[COUNTS].astype(object).where(~out["suppressed"], None)
    return out
