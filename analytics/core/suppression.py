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
from collections.abc import Mapping
from math import gcd

import numpy as np
import pandas as pd

from analytics.core.bounds import narrow_figures
from analytics.core.config import protection_width
from analytics.core.framework import framework

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


def _eliminated(vector: dict, pivot_vector: dict, pivot: int) -> dict:
    """A new vector: ``vector`` less the multiple of ``pivot_vector`` that removes ``pivot``."""
    out = dict(vector)
    _eliminate_logged(out, pivot_vector, pivot)
    return out


def _eliminate_logged(vector: dict, pivot_vector: dict, pivot: int) -> dict:
    """:func:`_eliminate` in place without an index; returns each changed row's old value (None: absent)."""
    p, a = pivot_vector[pivot], vector[pivot]
    g = gcd(p, a)
    scale, times = p // g, a // g
    if scale != 1:
        log = dict(vector)
        for row in vector:
            vector[row] *= scale
    else:
        log = {}
    log.setdefault(pivot, a)
    del vector[pivot]
    for row, value in pivot_vector.items():
        if row != pivot:
            old = vector.get(row)
            if row not in log:
                log[row] = old
            new = (old or 0) - times * value
            if new:
                vector[row] = new
            else:
                vector.pop(row, None)
    if scale != 1 and vector:
        common = gcd(*vector.values())
        if common > 1:
            for row in vector:
                vector[row] //= common
    return log


def _restore(vector: dict, log: dict) -> None:
    for row, old in log.items():
        if old is None:
            vector.pop(row, None)
        else:
            vector[row] = old


def _in_span(vector: dict, basis: list[dict]) -> bool:
    """Whether ``vector`` is a combination of the vectors of ``basis`` (exact, integers only)."""
    echelon: list[tuple[int, dict]] = []

    def reduced(v: dict) -> dict:
        for pivot, row in echelon:
            if pivot in v:
                v = _eliminated(v, row, pivot)
        return v

    for b in basis:
        b = reduced(b)
        if b:
            pivot = next(iter(b))
            echelon.append((pivot, b if b[pivot] > 0 else {r: -x for r, x in b.items()}))
    return not reduced(vector)


class _Singletons:
    """What each respondent alone in a hidden cell knows, kept reduced beside the figures.

    Each known row (piece) is one more vector in the elimination, ``{row: 1}``,
    reduced by the shown figures like every other; a hidden figure is derivable
    by respondent ``s`` iff its reduced vector lies in the span of the reduced
    vectors of the rows ``s`` knows. ``support`` counts, per row, the known
    rows' reduced vectors that hold it.
    """

    def __init__(self, columns: list[dict], singletons: list[set[int]], vectors: list[dict], index: dict):
        self.figures = len(columns)
        self.columns = columns
        self.own = [set(rows) for rows in singletons]
        self.rows = set().union(*self.own)
        self.knows: list[list[int]] = []  # per respondent, the columns of their known rows
        self.whose: list[list[int]] = []  # per known-row column (less ``figures``), its respondents
        column_of: dict[int, int] = {}
        for s, rows in enumerate(self.own):
            for row in sorted(rows):
                if row not in column_of:
                    column_of[row] = len(vectors)
                    vectors.append({row: 1})
                    index[row].add(column_of[row])
                    self.whose.append([])
                self.whose[column_of[row] - self.figures].append(s)
            self.knows.append([column_of[row] for row in sorted(rows)])
        self.index = index
        self.support: dict[int, int] = dict.fromkeys(column_of, 1)  # row -> known-row columns holding it

    def commit(self, column: int, vector: dict, log: dict) -> None:
        """Bring the index up to date with a column eliminated in place (``log``: its changed rows)."""
        index, known = self.index, column >= self.figures
        for row, old in log.items():
            if old is None and row in vector:
                index[row].add(column)
                if known:
                    self.support[row] = self.support.get(row, 0) + 1
            elif old is not None and row not in vector:
                index[row].discard(column)
                if known:
                    self.support[row] -= 1
                    if not self.support[row]:
                        del self.support[row]

    def leak(self, figure: int, s: int, vec) -> bool:
        """Whether respondent ``s`` can work out hidden ``figure`` (not their own) from the shown ones."""
        if self.columns[figure].keys() <= self.own[s]:
            return False
        basis = [b for b in (vec(c) for c in self.knows[s]) if b]
        vector = vec(figure)
        support = set().union(*basis) if basis else set()
        return vector.keys() <= support and _in_span(vector, basis)

    def leaks(self, vectors: list[dict], hidden: list[bool], changed: dict | None = None) -> dict[int, int]:
        """Hidden figures some respondent can work out, as figure -> respondent.

        With ``changed`` (column -> log of :func:`_eliminate_logged`: the
        columns just eliminated in place, not yet in the index), only the
        pairs of figure and respondent where either has changed, and the
        first leak found; and a candidate that a respondent could now work
        out and that could not be shown (it would give a hidden figure away)
        counts too, since it would leak once hidden.
        """
        vec = vectors.__getitem__
        changed = changed or {}
        figures = self.figures
        fresh: dict[int, set[int]] = defaultdict(set)  # row -> hidden or known columns that now hold it
        for c, log in changed.items():
            if c >= figures or hidden[c]:
                for row, old in log.items():
                    if old is None and row in vectors[c]:
                        fresh[row].add(c)

        def holders(row: int) -> set[int]:
            """The hidden figures and known rows whose reduced vector holds ``row``."""
            out = {
                c
                for c in self.index.get(row, ())
                if (c >= figures or hidden[c]) and (c not in changed or row in vectors[c])
            }
            return out | fresh[row] if row in fresh else out

        if changed:
            respondents = {s for c in changed if c >= figures for s in self.whose[c - figures]}
            pairs = set()
            for figure in changed:
                if figure < figures and hidden[figure]:
                    for c in holders(next(iter(vectors[figure]))):
                        if c >= figures:
                            pairs.update((figure, s) for s in self.whose[c - figures])
        else:
            respondents, pairs = set(range(len(self.knows))), set()
        for s in respondents:
            for row in set().union(*(vec(c) for c in self.knows[s])):
                pairs.update((c, s) for c in holders(row) if c < figures and hidden[c])
        found = {}
        for figure, s in pairs:
            if figure not in found and self.leak(figure, s, vec):
                found[figure] = s
                if changed:
                    return found
        for figure in changed:
            vector = vectors[figure]
            if figure >= figures or hidden[figure] or not vector:
                continue
            row = next(iter(vector))
            near = holders(row)
            known = [c for c in near if c >= figures]
            if known and any(
                c < figures and len(vectors[c]) == len(vector) and _parallel(vectors[c], vector, row)
                for c in near
            ):
                for c in known:
                    for s in self.whose[c - figures]:
                        if self.leak(figure, s, vec):
                            return {figure: s}
        return found


def _pivot(vector: dict, index: dict, known, room) -> int:
    """The row held by the fewest figures, a known row only when there is no other (its vector
    would fill in), and among equals the one with the most ``room``."""
    best, best_key = None, None
    for row in vector:
        key = (row in known, len(index[row]))
        if best_key is None or key < best_key or (key == best_key and room and room[row] > room[best]):
            best, best_key = row, key
    return best


def _protect_once(
    columns: list[dict],
    hidden: list[bool],
    order: list[int],
    singletons: list[set[int]] = (),
    room: list[float] | None = None,
):
    """One greedy pass; returns the hidden flags, the reduced vectors, the pivots in order and the
    hidden figures that a respondent alone in a cell could still work out (``singletons``).
    Between pivots held by equally many figures, the row with more ``room`` is taken."""
    vectors = [dict(c) for c in columns]
    hidden = list(hidden)
    pivots: list[tuple[int, dict]] = []  # (pivot row, pivot vector) of each shown figure, in order
    index: dict[int, set[int]] = defaultdict(set)  # row -> figures still in play that hold it
    for figure, vector in enumerate(vectors):
        for row in vector:
            index[row].add(figure)
    alone = _Singletons(columns, singletons, vectors, index) if singletons else None
    figures = len(columns)
    for figure in order:
        if hidden[figure]:
            raise ValueError("a figure hidden beforehand is not a candidate")
        vector = vectors[figure]
        if not vector:
            continue  # already a combination of shown figures
        if alone or room:
            pivot = _pivot(vector, index, alone.rows if alone else (), room)
        else:
            pivot = min(vector, key=lambda row: len(index[row]))
        size = len(vector)
        if any(
            other < figures
            and hidden[other]
            and len(vectors[other]) == size
            and _parallel(vectors[other], vector, pivot)
            for other in index[pivot]
        ):
            hidden[figure] = True
            continue
        if vector[pivot] < 0:
            vector = {row: -value for row, value in vector.items()}
        changed = {}
        if alone:
            # Showing this figure changes these hidden figures and known rows (undone if one leaks),
            # and candidates that might end up within known rows: only rows both hold can cancel.
            # A column can end up within known rows only if the rows it and the pivot vector do not
            # share are known rows (shared rows may cancel): only those are checked.
            support = alone.support
            outside = [row for row in vector if row != pivot and row not in support]
            near = index[pivot] & index[outside[0]] if outside else index[pivot]
            moved = any(other >= figures for other in index[pivot])  # a known row's vector changes
            changed = {
                other: _eliminate_logged(vectors[other], vector, pivot)
                for other in (index[pivot] if moved else near)
                if other != figure
                and (
                    (moved and (other >= figures or hidden[other]))
                    or (
                        other in near
                        and all(row in vectors[other] for row in outside)
                        and all(row in support or row in vector for row in vectors[other])
                    )
                )
            }
            if changed and alone.leaks(vectors, hidden, changed):
                for other, log in changed.items():
                    _restore(vectors[other], log)
                hidden[figure] = True
                continue
        for row in vector:
            index[row].discard(figure)
        vectors[figure] = {}
        pivots.append((pivot, vector))
        for other in index.pop(pivot):
            if other in changed:
                alone.commit(other, vectors[other], changed[other])
            else:
                _eliminate(vectors[other], vector, pivot, other, index)
    leaks = sorted((f, alone.own[s]) for f, s in alone.leaks(vectors, hidden).items()) if alone else []
    return hidden, vectors[:figures], pivots, leaks


def protect(
    columns: list[dict],
    hidden: list[bool],
    order: list[int],
    singletons: list[set[int]] = (),
    narrow=None,
    room: list[float] | None = None,
) -> list[bool]:
    """Hide more figures until no hidden figure is a combination of shown ones.

    ``columns`` are the figures' sparse integer vectors (``{row: value}``),
    ``hidden`` the figures hidden beforehand (kept hidden, and protected),
    ``order`` every other figure, the one to show most first. A candidate is
    shown when it is already a combination of shown figures (hiding it would
    not help) or when showing it leaves every protected figure underivable;
    otherwise it is hidden and protected too. ``singletons`` are the rows
    (pieces) each respondent alone in a hidden cell knows: their own answers.
    With any one of them known, no other hidden figure may become derivable:
    a candidate whose showing would let one respondent work out a hidden
    figure is hidden too. ``narrow`` (hidden flags, reduced vectors, pivots ->
    figures) names hidden figures that the shown ones bound too tightly
    (:mod:`analytics.core.bounds`). When a check after the pass still finds a
    figure a respondent could work out, or a narrow one, the last shown figure
    that holds one of its rows is hidden too, and the pass repeats. Returns
    the hidden flags.
    """
    extra: set[int] = set()
    while True:
        flags = [h or f in extra for f, h in enumerate(hidden)]
        result, vectors, pivots, leaks = _protect_once(
            columns, flags, [f for f in order if f not in extra], singletons, room
        )
        if not leaks and narrow is not None:
            leaks = [(figure, None) for figure in narrow(result, vectors, pivots)]
        if not leaks:
            return result
        last_shown: dict[
            int, tuple[int, int]
        ] = {}  # row -> (place, figure) of the last shown figure holding it
        shown_holding: dict[int, list[int]] = defaultdict(list)  # row -> shown figures holding it
        for place, figure in enumerate(order):
            if not result[figure] and figure not in extra:
                for row in columns[figure]:
                    last_shown[row] = (place, figure)
                    shown_holding[row].append(figure)
        added = set()
        for leak, known in leaks:
            # A respondent's leak: every shown figure that adds their own rows to the leak's rows.
            bridges = {f for row in columns[leak] for f in shown_holding.get(row, ())}
            bridges = {f for f in bridges if known and not known.isdisjoint(columns[f])}
            if bridges:
                added |= bridges
                continue
            holders = [last_shown[row] for row in columns[leak] if row in last_shown]
            if holders:
                added.add(max(holders)[1])
        if not added:
            raise RuntimeError("a hidden figure no shown figure gives away")
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


def _piece_values(pieces: list[tuple], keys: list[tuple], values: list[float]) -> list[float]:
    """Each piece's share of a per-cell sum (answers, sum of the answers), as :func:`block_pieces`
    cuts the cells: a finest cell's own, or what a total holds beyond its finer pieces."""
    cell = {key: value for key, value in zip(keys, values) if key[2] is not WHOLE}
    out = [0.0] * len(pieces)
    in_unit, in_group, in_everyone = defaultdict(float), defaultdict(float), defaultdict(float)
    for row, (unit, group, part) in enumerate(pieces):
        if unit is not OUTSIDE and group is not OUTSIDE:
            out[row] = value = cell.get((unit, group, part), 0.0)
            in_unit[(unit, part)] += value
            in_group[(group, part)] += value
            in_everyone[part] += value
    for row, (unit, group, part) in enumerate(pieces):
        if unit is not OUTSIDE and group is OUTSIDE:
            out[row] = cell.get((unit, ALL, part), 0.0) - in_unit[(unit, part)]
        elif unit is OUTSIDE and group is not OUTSIDE:
            out[row] = cell.get((ALL, group, part), 0.0) - in_group[(group, part)]
        else:
            continue
        in_everyone[part] += out[row]
    for row, (unit, group, part) in enumerate(pieces):
        if unit is OUTSIDE and group is OUTSIDE:
            out[row] = cell.get((ALL, ALL, part), 0.0) - in_everyone[part]
    return out


def protect_block(
    keys: list[tuple],
    counts: list[float],
    n: list[float],
    hidden: list[bool],
    singletons: bool = True,
    sums: list[float] | None = None,
    answers: list[float] | None = None,
    scale: tuple[float, float] = (1.0, 5.0),
    width: float = 0.0,
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
    :func:`protect`). With ``sums`` (each cell's sum of answers) and
    ``answers`` (its valid answers) and a ``width`` above 0, no hidden cell's
    mean may be bounded to an interval narrower than ``width`` steps of the
    ``scale`` (lowest, highest answer) by the shown sums and the scale's ends
    (:func:`analytics.core.bounds.narrow_figures`). Returns hidden flags per cell.
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
    narrow = room = None
    if sums is not None and answers is not None and width > 0:
        piece_sums, piece_answers = _piece_values(pieces, keys, sums), _piece_values(pieces, keys, answers)
        # A pivot with room on both sides towards the scale's ends gives the bounds' test wide directions.
        low, high = scale
        room = [min(s - a * low, a * high - s) for s, a in zip(piece_sums, piece_answers)]

        checked: list = []  # the shown figures and the narrow ones of the last check

        def narrow(flags, vectors, pivots):
            shown = {f for f, is_hidden in enumerate(flags) if not is_hidden}
            sensitive = figure_hidden
            if checked and shown <= checked[0]:
                # Fewer shown figures only widen the intervals: only the narrow ones can still be.
                sensitive = [f in checked[1] for f in range(len(columns))]
            found = narrow_figures(
                columns, flags, vectors, pivots, piece_sums, piece_answers, scale, width, sensitive
            )
            checked[:] = [shown, set(found)]
            return found

    result = protect(
        columns, figure_hidden, order, _alone(pieces, keys, n) if singletons else (), narrow, room
    )
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
def _complement(
    block: pd.DataFrame, hidden: np.ndarray, singletons: bool = True, width: float = 0.0
) -> np.ndarray:
    """Hide more cells of one block (a round's indicator and its statements, or
    a round's index) until no hidden cell can be computed from the shown ones
    (nor, with ``singletons``, by a respondent alone in a cell) and, with a
    ``width`` above 0, no hidden mean is bounded narrower than ``width`` steps
    of the scale (not for the index: its mean is no sum over pieces)."""

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
    sums = answers = None
    if width > 0 and "mean" in block and not (block["part"] == INDEX).any():
        valid = block["n_answers"].astype(float).fillna(0.0)
        answers = valid.tolist()
        sums = (block["mean"].astype(float).fillna(0.0) * valid).round().tolist()
    fw = framework()
    return np.array(
        protect_block(
            keys,
            counts,
            n,
            hidden.tolist(),
            singletons,
            sums=sums,
            answers=answers,
            scale=(float(fw.scale_min), float(fw.scale_max)),
            width=width,
        ),
        bool,
    )


def suppress(
    cells: pd.DataFrame,
    threshold: int,
    rounds: Mapping[str, int] | None = None,
    singletons: bool = True,
    width: float | None = None,
) -> pd.DataFrame:
    """Hide every figure that rests on fewer than ``threshold`` respondents,
    and every figure that could be worked out from the figures that are shown.

    ``rounds`` gives a round its own threshold (the one readers see a
    published round under, :meth:`analytics.store.Store.shown_thresholds`).
    ``singletons`` (on by default) also protects against a respondent alone
    in a cell, who knows their own answers (:func:`protect_block`). ``width``
    is the protection width in steps of the answer scale (by default the
    setting ``INNOBARO_PROTECTION_WIDTH``,
    :func:`analytics.core.config.protection_width`; 0 turns it off): no hidden
    mean may be bounded to a narrower interval by the shown figures and the
    scale's ends (:mod:`analytics.core.bounds`).

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
    4. **Singletons and bounds**: in rule 2 and 3, no hidden cell may follow
       from the shown ones and the answers of any one respondent alone in a
       hidden cell; and in rule 2, no hidden cell's mean may be bounded more
       narrowly than the protection width by the shown sums and the ends of
       the answer scale. Cells are hidden until both hold.

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
    if width is None:
        width = protection_width()
    cells = cells.reset_index(drop=True)
    n = cells["n"].astype(float)
    limit = cells["round"].astype(str).map(dict(rounds or {})).fillna(threshold).astype(float)
    hidden = (n.isna() | (n < limit)).to_numpy(dtype=bool, copy=True)
    is_index = (cells["indicator"] == INDEX).to_numpy()
    part = cells["item_id"].astype(object).where(cells["item_id"].notna(), None)
    cells_with_part = cells.assign(part=part.where(~is_index, INDEX))
    for _, block in cells_with_part[~is_index].groupby(["round", "indicator"], sort=False):
        hidden[block.index] = _complement(block, hidden[block.index], singletons, width)
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
