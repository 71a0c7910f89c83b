"""Interval protection: no hidden mean may be pinned down by the shown sums and the scale's ends.

Exact suppression (:mod:`analytics.core.suppression`) makes sure no hidden sum is
a combination of shown ones. An attacker who also knows that every answer
lies on the scale (1 to 5, say) can still bound a hidden sum: a shown total
whose mean is 5,0 proves that every hidden part of it is 5,0 too. For each
hidden figure ``h`` the attacker's best bounds are two linear programmes over
the pieces' answer sums ``S_p``::

    minimise / maximise  sum(S_p for p in h)
    subject to           sum(S_p for p in c) = the shown sum of c, for every shown figure c
                         a_p * low <= S_p <= a_p * high, for every piece p

(``a_p`` is the number of valid answers in piece ``p``: the attacker is
granted to know it, which is stricter than needed). The figure is protected
when ``(max - min) / a_h`` is at least the protection width, in steps of
the scale (or when it is as wide as its own scale ends allow).

Solving two programmes per hidden figure is too slow at scale, so a cheap
sufficient test comes first. The elimination leaves every hidden figure's
reduced vector on *free* rows (no pivot of a shown figure). For a free row
``f`` there is a direction ``d`` in which every shown sum stays the same:
``d_f = 1``, ``d = 0`` on the other free rows, and each pivot row solved from
its shown figure's pivot vector, last pivot first. Moving the true sums along
``d`` keeps every shown figure; the step is limited by the scale's ends of
the pieces ``d`` touches, and changes ``h`` by ``d . h`` per step. When that
range is already as wide as needed, ``h`` is protected (the range of the
programmes is at least as wide). Only the figures this test cannot clear go
to SciPy's HiGHS (``scipy.optimize.linprog(method="highs")``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from itertools import islice

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

# Relative slack for floating-point sums (the sums themselves are whole numbers).
TOLERANCE = 1e-7
# Free rows of a hidden figure tried by the cheap test before the linear programmes.
DIRECTIONS_TRIED = 4


class _Directions:
    """Directions of the true piece sums along which every shown sum stays the same."""

    def __init__(self, pivots: list[tuple[int, dict]]):
        self.pivots = pivots
        self.containing: dict[int, list[int]] = defaultdict(list)  # row -> pivots holding it off their pivot
        for place, (pivot, vector) in enumerate(pivots):
            for row in vector:
                if row != pivot:
                    self.containing[row].append(place)
        self.cache: dict[int, dict[int, float]] = {}
        self.through: dict[int, list[int]] = defaultdict(list)  # row -> free rows whose direction holds it

    def along(self, free: int) -> dict[int, float]:
        """The direction that moves the free row ``free`` by one (sparse: row -> change)."""
        if free in self.cache:
            return self.cache[free]
        direction = {free: 1.0}
        # A pivot vector holds its pivot, free rows and later pivots only: solve the last first.
        queued = set(self.containing.get(free, ()))
        queue = [-place for place in queued]
        heapq.heapify(queue)
        while queue:
            place = -heapq.heappop(queue)
            pivot, vector = self.pivots[place]
            total = sum([vector[row] * direction[row] for row in direction.keys() & vector.keys()])
            if abs(total) > 1e-12:
                direction[pivot] = -total / vector[pivot]
                for earlier in self.containing.get(pivot, ()):
                    if earlier not in queued:
                        queued.add(earlier)
                        heapq.heappush(queue, -earlier)
        self.cache[free] = direction
        for row in direction:
            self.through[row].append(free)
        return direction


def narrow_figures(
    columns: list[dict],
    hidden: list[bool],
    vectors: list[dict],
    pivots: list[tuple[int, dict]],
    sums: list[float],
    answers: list[float],
    scale: tuple[float, float],
    width: float,
    sensitive: list[bool] | None = None,
) -> list[int]:
    """The hidden figures whose mean the shown figures and the scale's ends bound too narrowly.

    ``columns`` are the figures' 0/1 vectors over the rows (pieces), ``hidden``
    the flags of :func:`analytics.core.suppression.protect`'s pass, ``vectors`` and
    ``pivots`` its reduced vectors and the shown figures' pivots; ``sums`` and
    ``answers`` are each piece's true sum of answers and number of valid
    answers, ``scale`` the lowest and highest answer, ``width`` the
    protection width in steps of the scale. With ``sensitive``, only those
    figures are checked (the ones hidden for too few respondents).
    """
    if width <= 0:
        return []
    low, high = scale
    lower = [a * low for a in answers]
    upper = [a * high for a in answers]
    directions = _Directions(pivots)
    programme = None
    narrow = []
    for figure, is_hidden in enumerate(hidden):
        if not is_hidden or (sensitive is not None and not sensitive[figure]):
            continue
        rows = columns[figure]
        count = sum(answers[row] for row in rows)
        if count <= 0:
            continue  # no answers: no mean is published
        need = min(width * count, sum(upper[row] - lower[row] for row in rows))
        if _cleared(rows, vectors[figure], directions, sums, lower, upper, need):
            continue
        if programme is None:
            programme = _Programme(columns, hidden, sums, lower, upper)
        if programme.range(rows) < need * (1 - TOLERANCE) - TOLERANCE:
            narrow.append(figure)
    return narrow


def _cleared(rows, reduced: dict, directions: _Directions, sums, lower, upper, need: float) -> bool:
    """Whether moves that keep every shown sum take the figure's sum ``need`` apart.

    The sum can rise by what moves along directions gain one after another,
    each within the room the earlier ones left towards the scale's ends, and
    fall likewise; the interval the attacker finds is at least as wide as
    both together. A direction stopped by a piece with no room left is
    combined with another direction through that piece so that it no longer
    moves it (another way round).
    """
    free = next(iter(reduced))
    direction = directions.along(free)
    # Most figures: one direction, both ways, is enough.
    change = sum([direction[row] for row in direction.keys() & rows.keys()])
    up = down = float("inf")
    for row, step in direction.items():
        if step > 0:
            up = min(up, (upper[row] - sums[row]) / step)
            down = min(down, (sums[row] - lower[row]) / step)
        elif step < 0:
            up = min(up, (sums[row] - lower[row]) / -step)
            down = min(down, (upper[row] - sums[row]) / -step)
    if (up + down) * abs(change) >= need * (1 + TOLERANCE) + TOLERANCE:
        return True
    rows = set(rows)
    first = [directions.along(free) for free in islice(reduced, DIRECTIONS_TRIED)]
    reach = 0.0
    for sign in (1.0, -1.0):
        room = _Room(sums, lower, upper)
        gained = 0.0
        queue = list(first)
        tries = 0
        while queue and tries < 4 * DIRECTIONS_TRIED and reach + gained < need * (1 + TOLERANCE) + TOLERANCE:
            direction = queue.pop(0)
            tries += 1
            change = sum(direction.get(row, 0.0) for row in rows)
            if abs(change) < 1e-9:
                continue
            if change * sign < 0:
                direction = {row: -value for row, value in direction.items()}
            length, stop = room.step(direction)
            if length > 0:
                room.go(direction, length)
                gained += length * abs(change)
            if stop is None or stop in rows:
                continue
            # Round the stopping piece: combine with a direction through it that leaves the figure alone.
            for other in directions.through.get(stop, ())[:2]:
                detour = directions.cache[other]
                if any(row in rows for row in detour) or abs(detour[stop]) < 1e-9:
                    continue
                factor = direction[stop] / detour[stop]
                combined = dict(direction)
                for row, value in detour.items():
                    combined[row] = combined.get(row, 0.0) - factor * value
                combined.pop(stop, None)
                queue.append(combined)
        reach += gained
    return reach >= need * (1 + TOLERANCE) + TOLERANCE


class _Room:
    """Room left to each piece's sum towards the scale's ends, after some moves."""

    def __init__(self, sums, lower, upper):
        self.sums, self.lower, self.upper = sums, lower, upper
        self.left: dict[int, tuple[float, float]] = {}  # row -> (room up, room down)

    def _of(self, row: int) -> tuple[float, float]:
        return self.left.get(row) or (self.upper[row] - self.sums[row], self.sums[row] - self.lower[row])

    def step(self, direction: dict) -> tuple[float, int | None]:
        """How far ``direction`` can go, and the row that stops it."""
        most, stop = float("inf"), None
        for row, change in direction.items():
            up, down = self._of(row)
            limit = up / change if change > 0 else down / -change if change < 0 else float("inf")
            if limit < most:
                most, stop = limit, row
        return most, stop

    def go(self, direction: dict, length: float) -> None:
        for row, change in direction.items():
            up, down = self._of(row)
            self.left[row] = (up - length * change, down + length * change)


class _Programme:
    """The attacker's linear programmes over the pieces of one block that the shown figures leave open.

    A piece alone among the open pieces of a shown figure is known (the
    figure's sum less the known pieces), repeatedly; the programmes run over
    the pieces left, with each shown figure's sum less its known pieces.
    """

    def __init__(self, columns, hidden, sums, lower, upper):
        shown = [list(column) for column, is_hidden in zip(columns, hidden) if not is_hidden and column]
        known: dict[int, float] = {}
        holding: dict[int, list[int]] = defaultdict(list)
        for place, rows in enumerate(shown):
            for row in rows:
                holding[row].append(place)
        open_rows = [set(rows) for rows in shown]
        queue = [place for place, rows in enumerate(open_rows) if len(rows) == 1]
        while queue:
            place = queue.pop()
            if len(open_rows[place]) != 1:
                continue
            (row,) = open_rows[place]
            known[row] = sums[row]
            for other in holding[row]:
                open_rows[other].discard(row)
                if len(open_rows[other]) == 1:
                    queue.append(other)
        self.variable = {}
        for rows in open_rows:
            for row in sorted(rows):
                self.variable.setdefault(row, len(self.variable))
        equations = [(rows, place) for place, rows in enumerate(open_rows) if rows]
        indptr = np.cumsum([0] + [len(rows) for rows, _ in equations])
        indices = np.fromiter(
            (self.variable[row] for rows, _ in equations for row in rows), dtype=np.int64, count=indptr[-1]
        )
        size = len(self.variable)
        self.matrix = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(equations), size))
        self.totals = np.array(
            [sum(sums[row] for row in rows) for rows, _ in equations], dtype=float
        )  # the open pieces' true sums: the shown sum less its known pieces
        rows = sorted(self.variable, key=self.variable.get)
        self.bounds = np.column_stack([[lower[row] for row in rows], [upper[row] for row in rows]])
        self.known = known
        self.bounds_of = list(zip(lower, upper))

    def range(self, rows) -> float:
        """The width of the interval the attacker finds for the sum over ``rows``.

        A piece in no shown figure is bound by its scale's ends alone; a known one not at all.
        """
        free = sum(
            self.bounds_of[row][1] - self.bounds_of[row][0]
            for row in rows
            if row not in self.variable and row not in self.known
        )
        open_rows = [self.variable[row] for row in rows if row in self.variable]
        if not open_rows:
            return free
        objective = np.zeros(len(self.variable))
        objective[open_rows] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            result = linprog(
                sign * objective,
                A_eq=self.matrix if self.matrix.shape[0] else None,
                b_eq=self.totals if self.matrix.shape[0] else None,
                bounds=self.bounds,
                method="highs",
            )
            if result.status != 0:
                raise RuntimeError(f"the attacker's linear programme failed: {result.message}")
            ends.append(sign * result.fun)
        return ends[1] - ends[0] + free
