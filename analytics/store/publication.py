"""Whether a change to a published survey round may reach readers (pure functions).

Readers of a published round have seen its figures. When the round changes (a
re-upload of a cumulative export, an undo, respondents deleted) or is published
again after a withdrawal, they see a second version, and the difference between
the two versions is a table of its own: ``after - before`` for every culture
cell. Suppression within each version does not protect that table: a unit of
four that was missing from the first export and is in the second is the
difference of two shown totals.

So a change is allowed only when its table of differences passes the same
suppression as a version does (:func:`check_change`):

1. **Enough changed respondents**: in every cell (margins included) either
   nobody changed or at least ``threshold`` respondents did. A respondent has
   changed in a cell when their answers in it differ between the versions:
   added, removed, edited, or moved to or from the cell's unit.
2. **Nothing more to work out**: the cells hidden in either version are the
   hidden cells of the table of differences (a cell missing from a version,
   a unit without respondents, is zero there, which readers know). The exact complementary
   suppression (:func:`analytics.core.suppression.suppress`) runs on that table; if it
   has to hide any further cell (one shown in both versions), a hidden
   difference could be computed from shown ones, and the change is refused.

3. **Both versions together**: the shown cells of both versions, taken as
   one system of equations, determine no cell hidden in either version.
   Rule 2 alone misses one way: when the versions hide different cells
   around the same small group (the complementary pattern moved), an
   unchanged cell shown in one version fills the gap left in the other. The
   unknowns are each piece's figures in the first version and the change of
   every piece somebody changed in; the exact elimination of
   :func:`analytics.core.suppression.protect` decides.

Cells where nobody changed are left out of the table of differences: their
difference is zero, which reveals nobody's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.core import suppression
from analytics.core.suppression import ALL, WHOLE, block_pieces, protect
from analytics.core.text import excerpt, t

KEY = ["indicator", "item_id", "unit", "group", "by_unit", "by_group"]


@dataclass
class Verdict:
    """The outcome of :func:`check_change`: the cells that make a change unsafe (empty when safe)."""

    too_few: list[dict] = field(default_factory=list)  # cells changed for 1 to threshold - 1 respondents
    derivable: list[dict] = field(
        default_factory=list
    )  # shown cells whose difference gives a hidden one away
    exposing: list[dict] = field(default_factory=list)  # shown cells that, with the other version, expose one

    @property
    def safe(self) -> bool:
        return not self.too_few and not self.derivable and not self.exposing


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[KEY].astype(object).where(frame[KEY].notna(), None)
    return frame.assign(**{column: out[column] for column in KEY})


def _hidden(cells: pd.DataFrame, threshold: int) -> set[tuple]:
    """The keys of the cells hidden from readers in one version.

    A cell that is not there at all (a unit without respondents) is known to
    readers: it is zero.
    """
    if cells.empty:
        return set()
    shown = suppression.suppress(cells, threshold)
    return set(_keyed(shown).loc[shown["suppressed"], KEY].itertuples(index=False, name=None))


def _describe(row) -> dict:
    return {
        "indicator": row.indicator,
        "item_id": row.item_id,
        "unit": row.unit,
        "group": row.group,
        "n_changed": int(row.n_changed),
    }


def check_change(
    before: pd.DataFrame,
    after: pd.DataFrame,
    changes: pd.DataFrame,
    threshold: int,
    threshold_before: int | None = None,
) -> Verdict:
    """Whether readers who saw version ``before`` of a round may see version ``after``.

    ``before`` was shown under ``threshold_before`` (by default the same
    ``threshold`` as ``after``): each version's hidden cells are those of
    its own threshold, and a table of differences is suppressed under the
    larger of the two. The same answers under another threshold are a new
    version too: rule 3 alone then decides.

    ``before`` and ``after`` are the round's unsuppressed culture cells (as
    ``culture_cells`` returns them) in the two versions; ``changes`` has one
    row per cell where somebody changed (``sql/culture_changes.sql``:
    ``n_changed``, ``answers_changed``). A version without answers shows
    nothing, so it can follow any version.

    Examples
    --------
    >>> cells = pd.DataFrame({"round": ["2024"] * 3, "indicator": ["X1"] * 3,
    ...     "item_id": ["X1_1"] * 3, "by_unit": [False, True, True],
    ...     "unit": [None, "A", "B"], "by_group": [False] * 3, "group": [None] * 3,
    ...     "n": [20, 10, 10], "n_answers": [20, 10, 10], "n_dont_know": [0] * 3})
    >>> added = cells.assign(n=[24, 14, 10], n_answers=[24, 14, 10])
    >>> changes = pd.DataFrame({"indicator": ["X1"] * 2, "item_id": ["X1_1"] * 2,
    ...     "unit": [None, "A"], "group": [None] * 2, "by_unit": [False, True],
    ...     "by_group": [False] * 2, "n_changed": [4, 4], "answers_changed": [4, 4]})
    >>> [cell["n_changed"] for cell in check_change(cells, added, changes, 5).too_few]
    [4, 4]
    """
    verdict = Verdict()
    threshold_before = threshold if threshold_before is None else threshold_before
    if after.empty or before.empty or (changes.empty and threshold == threshold_before):
        return verdict
    if changes.empty:  # the same answers under another threshold
        verdict.exposing = _exposing(
            suppression.suppress(before, threshold_before),
            suppression.suppress(after, threshold),
            changes,
            True,
        )
        return verdict
    strictest = max(threshold, threshold_before)
    changes = _keyed(changes.reset_index(drop=True))
    small = changes[changes["n_changed"] < strictest]
    verdict.too_few = [_describe(row) for row in small.itertuples(index=False)]
    if verdict.too_few:
        return verdict
    hidden_in_either = _hidden(before, threshold_before) | _hidden(after, threshold)
    known = np.array([key not in hidden_in_either for key in changes[KEY].itertuples(index=False, name=None)])
    round_label = after["round"].iloc[0]
    differences = changes.assign(
        round=round_label,
        # A cell hidden in either version is hidden in the table of differences.
        n=changes["n_changed"].astype(float).where(known),
        n_answers=changes["answers_changed"],
        n_dont_know=0,
    )
    # Exact rule 2 only: a cell hidden in either version has no respondent count here (not a
    # respondent alone), and differences have no means to bound.
    hidden = suppression.suppress(differences, strictest, singletons=False, width=0)["suppressed"].to_numpy()
    verdict.derivable = [_describe(row) for row in changes[hidden & known].itertuples(index=False)]
    if not verdict.derivable:
        verdict.exposing = _exposing(
            suppression.suppress(before, threshold_before),
            suppression.suppress(after, threshold),
            changes,
            threshold != threshold_before,
        )
    return verdict


def _blocks(shown: pd.DataFrame):
    """Each suppression block: a round's indicator with its statements, and the index cells."""
    is_index = (shown["indicator"] == suppression.INDEX).to_numpy()
    yield from shown[~is_index].groupby("indicator", sort=True)
    yield suppression.INDEX, shown[is_index]


def _cell_keys(block: pd.DataFrame) -> list[tuple]:
    """Each cell's ``(unit, group, part)`` as :func:`analytics.core.suppression.protect_block` names it."""
    return [
        (
            unit if by_unit else ALL,
            group if by_group else ALL,
            suppression.INDEX
            if indicator == suppression.INDEX
            else (item if isinstance(item, str) else WHOLE),
        )
        for unit, by_unit, group, by_group, indicator, item in zip(
            block["unit"],
            block["by_unit"],
            block["group"],
            block["by_group"],
            block["indicator"],
            block["item_id"],
        )
    ]


def _counts(block: pd.DataFrame) -> list[float]:
    return (block["n_answers"].astype(float) + block["n_dont_know"].astype(float)).tolist()


def _exposing(
    before: pd.DataFrame, after: pd.DataFrame, changes: pd.DataFrame, seen_stays_seen: bool = False
) -> list[dict]:
    """Shown cells that, with everything else shown in both versions, let a hidden cell be computed.

    ``before`` and ``after`` are the suppressed cells of each version. With
    ``seen_stays_seen`` (the versions differ in threshold), a cell hidden in
    one version and shown with the same figure in the other is not
    protected: readers know it from the version that shows it (a higher
    threshold hides again what readers saw, a lower one shows what it allows).
    """
    changed_cells = {indicator: set(_cell_keys(block)) for indicator, block in _blocks(changes)}
    blocks_after = dict(_blocks(after))
    exposing = []
    for indicator, old in _blocks(before):
        new = blocks_after.get(indicator)
        if new is not None and not new.empty and not old.empty:
            exposing += _block_exposing(old, new, changed_cells.get(indicator, set()), seen_stays_seen)
    return exposing


def _block_exposing(
    old: pd.DataFrame, new: pd.DataFrame, changed_cells: set[tuple], seen_stays_seen: bool = False
) -> list[dict]:
    """One block of :func:`_exposing`.

    A cell of the first version sums its pieces' figures ``x``; a cell of the
    second sums ``x`` of its pieces that were there before plus the change
    ``d`` of its pieces that somebody changed in. A piece nobody changed in is
    the same in both versions, which the attacker is granted to know. A piece
    beyond the finer cells (:data:`analytics.core.suppression.OUTSIDE`) counts as
    changed when its total changed.
    """
    old_keys, new_keys = _cell_keys(old), _cell_keys(new)
    pieces_old, members_old = block_pieces(old_keys, _counts(old))
    pieces_new, members_new = block_pieces(new_keys, _counts(new))
    before = set(pieces_old)
    variables: dict[tuple, int] = {}

    def row_of(name: tuple) -> int:
        return variables.setdefault(name, len(variables))

    def changed(piece: tuple) -> bool:
        unit, group, part = piece
        cell = (unit if unit in units else ALL, group if group in groups else ALL, part)
        return piece not in before or cell in changed_cells

    units = {key[0] for key in old_keys + new_keys if key[0] is not ALL}
    groups = {key[1] for key in old_keys + new_keys if key[1] is not ALL}
    columns, hidden, cells = [], [], []
    for key, suppressed, cell in zip(old_keys, old["suppressed"], old.itertuples(index=False)):
        columns.append({row_of(("x", pieces_old[row])): 1 for row in members_old.get(key, ())})
        hidden.append(bool(suppressed))
        cells.append(cell)
    for key, suppressed, cell in zip(new_keys, new["suppressed"], new.itertuples(index=False)):
        vector = {}
        for row in members_new.get(key, ()):
            piece = pieces_new[row]
            if piece in before:
                vector[row_of(("x", piece))] = 1
            if changed(piece):
                vector[row_of(("d", piece))] = 1
        columns.append(vector)
        hidden.append(bool(suppressed))
        cells.append(cell)
    if seen_stays_seen:
        shown = {frozenset(c.items()) for c, h in zip(columns, hidden) if not h}
        hidden = [h and frozenset(c.items()) not in shown for c, h in zip(columns, hidden)]
    result = protect(columns, hidden, [figure for figure in range(len(columns)) if not hidden[figure]])
    return [
        {"indicator": c.indicator, "item_id": c.item_id, "unit": c.unit, "group": c.group, "n_changed": 0}
        for figure, c in enumerate(cells)
        if result[figure] and not hidden[figure]
    ]


def _cell_name(cell: dict) -> str:
    where = " / ".join(excerpt(str(part)) for part in (cell["unit"], cell["group"]) if part) or t(
        "publish_cell_all"
    )
    measure = excerpt(str(cell["item_id"] or cell["indicator"]))
    if not cell["n_changed"]:
        return t("publish_cell_shown", where=where, measure=measure)
    return t("publish_cell", where=where, measure=measure, n=cell["n_changed"])


def refusal(
    round_label: str,
    verdict: Verdict,
    threshold: int,
    republish: bool,
    threshold_before: int | None = None,
    threshold_change: bool = False,
) -> str:
    """Why a change to a published round is refused, and what to do, in bokmål."""
    if verdict.too_few:
        cells = verdict.too_few
        reason = t("publish_reason_too_few", threshold=threshold)
    elif verdict.derivable:
        cells = verdict.derivable
        reason = t("publish_reason_derivable")
    else:
        cells = verdict.exposing
        reason = t("publish_reason_exposing")
    examples = "; ".join(_cell_name(cell) for cell in cells[:3])
    if len(cells) > 3:
        examples += t("publish_cells_more", count=len(cells) - 3)
    if threshold_change:
        return t(
            "threshold_change_refused",
            round=excerpt(round_label),
            reason=reason,
            cells=examples,
            old=threshold_before,
            new=threshold,
        )
    return t(
        "publish_republish_refused" if republish else "publish_change_refused",
        round=excerpt(round_label),
        reason=reason,
        cells=examples,
        threshold=threshold,
    )
