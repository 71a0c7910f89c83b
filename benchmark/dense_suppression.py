"""The baseline for the suppression benchmark: the previous, dense method.

``python -m benchmark.dense_suppression UNITS`` times :func:`analytics.core.suppression.suppress`
on the benchmark's round of ``UNITS`` units with the block rule replaced by the
method the project used before the sparse elimination: a dense singular value
decomposition of all shown cells for every further hidden cell. Prints
``{"seconds": ..., "cpu_seconds": ..., "hidden": ...}``. Kept here only to measure against.
"""

from __future__ import annotations

import json
import sys
import time
from unittest import mock

import numpy as np
import pandas as pd

from analytics.core import suppression

_TOLERANCE = 1e-9


def _block_leaves(block: pd.DataFrame) -> pd.DataFrame:
    """The finest pieces that the block's published cells are sums of.

    A piece is one unit x group answering one part (a statement, or the index),
    or what a total holds beyond its finer cells: a group's respondents without
    a unit, say. Pieces without any answer are left out, as a reader knows
    they are zero.
    """
    rows = (block["n_answers"].astype(float) + block["n_dont_know"].astype(float)).tolist()
    finest, unit_total, group_total, everyone = {}, {}, {}, {}
    columns = ("part", "by_unit", "by_group", "unit", "group")
    for (part, by_unit, by_group, unit, group), count in zip(zip(*(block[c] for c in columns)), rows):
        if pd.isna(part):
            continue
        if by_unit and by_group:
            finest[(unit, group, part)] = count
        elif by_unit:
            unit_total[(unit, part)] = count
        elif by_group:
            group_total[(group, part)] = count
        else:
            everyone[part] = count
    leaves = list(finest)
    covered = dict.fromkeys(everyone, 0.0)
    for (_, _, part), count in finest.items():
        covered[part] = covered.get(part, 0.0) + count
    for totals, position in ((unit_total, 0), (group_total, 1)):
        for (key, part), total in totals.items():
            inside = sum(c for leaf, c in finest.items() if leaf[position] == key and leaf[2] == part)
            if total > inside:
                leaves.append((key, None, part) if position == 0 else (None, key, part))
                covered[part] = covered.get(part, 0.0) + total - inside
    leaves += [(None, None, part) for part, total in everyone.items() if total > covered[part]]
    return pd.DataFrame(leaves, columns=["unit", "group", "part"])


def _membership(block: pd.DataFrame, leaves: pd.DataFrame) -> np.ndarray:
    """Matrix cells x leaves: 1 where the cell's figures include the leaf."""

    def codes(column):
        return block[column].fillna("").to_numpy(str)[:, None], leaves[column].fillna("").to_numpy(str)

    (cell_unit, leaf_unit), (cell_group, leaf_group) = codes("unit"), codes("group")
    cell_part, leaf_part = codes("part")
    by_unit = block["by_unit"].to_numpy(bool)[:, None]
    by_group = block["by_group"].to_numpy(bool)[:, None]
    whole = block["part"].isna().to_numpy()[:, None]  # an indicator adds up all its statements
    inside = (
        (~by_unit | (cell_unit == leaf_unit))
        & (~by_group | (cell_group == leaf_group))
        & (whole | (cell_part == leaf_part))
    )
    return inside.astype(float)


def _complement(block: pd.DataFrame, hidden: np.ndarray) -> np.ndarray:
    """Hide more cells of one block (a round's indicator and its statements, or
    a round's index) until no hidden cell can be computed from the shown ones."""
    leaves = _block_leaves(block)
    if leaves.empty:
        return hidden
    # Cells with the same pieces are one figure published twice (a unit with one group,
    # an indicator with one statement): they are shown or hidden together.
    rows, figure = np.unique(_membership(block, leaves), axis=0, return_inverse=True)
    figure = figure.ravel()
    frame = pd.DataFrame(
        {
            "figure": figure,
            "hidden": hidden,
            "n": block["n"].to_numpy(float),
            # 0 for unit x group, 1 for a unit or a group, 2 for everyone: totals are kept where possible.
            "coarseness": 2 - block["by_unit"].to_numpy(int) - block["by_group"].to_numpy(int),
        }
    ).groupby("figure")
    figures_hidden = _complement_figures(
        rows,
        frame["hidden"].any().to_numpy(),
        frame["n"].min().to_numpy(),
        frame["coarseness"].min().to_numpy(),
    )
    return figures_hidden[figure]


def _complement_figures(matrix: np.ndarray, hidden: np.ndarray, n: np.ndarray, coarseness: np.ndarray):
    """The complementary rule on distinct figures (rows of the membership matrix).

    A hidden figure can be computed when its row is a linear combination of the
    shown rows. For the first such figure (smallest ``n``), the shown figures
    that every such combination needs are found from one singular value
    decomposition of the shown rows, and the finest, smallest of them is
    hidden. When there are several ways and no figure is in all of them, a
    figure of the shortest way is hidden (the one with the largest weight in
    the least-squares combination; the finest, smallest on ties). Repeat until
    no hidden figure can be computed.
    """
    hidden = hidden.copy()
    while not hidden.all():
        shown = np.flatnonzero(~hidden)
        u, singular, vt = np.linalg.svd(matrix[shown], full_matrices=True)
        rank = int((singular > _TOLERANCE * max(1.0, singular[0])).sum())
        unseen = vt[rank:].T  # directions of the pieces that the shown cells say nothing about
        if unseen.size:
            recoverable = np.flatnonzero(hidden & (np.abs(matrix @ unseen).max(axis=1) < 1e-7))
        else:
            recoverable = np.flatnonzero(hidden)
        if not len(recoverable):
            break
        target = min(recoverable, key=lambda i: (n[i], i))
        weights = u[:, :rank] @ ((vt[:rank] @ matrix[target]) / singular[:rank])
        used = np.abs(weights) > 1e-7
        # A shown cell in no linear dependency among the shown cells is needed by every way.
        redundant = (
            np.abs(u[:, rank:]).max(axis=1) > 1e-7 if rank < len(shown) else np.zeros(len(shown), bool)
        )
        needed = shown[used & ~redundant]
        if len(needed):
            hidden[min(needed, key=lambda i: (coarseness[i], n[i], i))] = True
            continue
        # Several ways and no figure in all of them: the shortest way weighs most in the
        # least-squares combination; hide a figure of it.
        weight = np.round(np.abs(weights), 6)
        hidden[
            min(shown[used], key=lambda i: (-weight[np.searchsorted(shown, i)], coarseness[i], n[i], i))
        ] = True
    return hidden


def main(units: int) -> None:
    from analytics.measures import culture
    from benchmark.suppression import round_cells

    cells = round_cells(units)
    started, cpu_started = time.perf_counter(), time.process_time()
    with mock.patch.object(culture, "_complement", _complement):
        shown = suppression.suppress(cells, 5)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    hidden = int(shown["suppressed"].sum())
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "hidden": hidden}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
