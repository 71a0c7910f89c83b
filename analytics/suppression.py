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

from collections import defaultdict
from math import gcd

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


def protect(columns: list[dict], hidden: list[bool], order: list[int]) -> list[bool]:
    """Hide more figures until no hidden figure is a combination of shown ones.

    ``columns`` are the figures' sparse integer vectors (``{row: value}``),
    ``hidden`` the figures hidden beforehand (kept hidden, and protected),
    ``order`` every other figure, the one to show most first. A candidate is
    shown when it is already a combination of shown figures (hiding it would
    not help) or when showing it leaves every protected figure underivable;
    otherwise it is hidden and protected too. Returns the hidden flags.
    """
    vectors = [dict(c) for c in columns]
    hidden = list(hidden)
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
        for other in index.pop(pivot):
            _eliminate(vectors[other], vector, pivot, other, index)
    return hidden


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


def protect_block(keys: list[tuple], counts: list[float], n: list[float], hidden: list[bool]) -> list[bool]:
    """The complementary rule for one block of cells.

    ``keys`` hold each cell's ``(unit, group, part)``: :data:`ALL` for a cell
    over every unit or every group, :data:`WHOLE` for the whole measure.
    ``counts`` are the answers behind each cell, ``n`` its respondents,
    ``hidden`` the cells hidden beforehand. Cells with the same pieces are one
    figure published twice (a unit with one group, a measure with one part):
    they are shown or hidden together. Figures are shown coarsest first (the
    totals), then by more respondents, the whole measure before a part; so
    the finest, smallest cells are the ones hidden. Returns hidden flags per cell.
    """
    _, members = block_pieces(keys, counts)
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
    result = protect(columns, figure_hidden, order)
    return [result[figure] for figure in cell_figure]
