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
   suppression (:func:`analytics.culture.suppress`) runs on that table; if it
   has to hide any further cell (one shown in both versions), a hidden
   difference could be computed from shown ones, and the change is refused.

Cells where nobody changed are left out of the table of differences: their
difference is zero, which reveals nobody's answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics import culture
from analytics.text import excerpt, t

KEY = ["indicator", "item_id", "unit", "group", "by_unit", "by_group"]


@dataclass
class Verdict:
    """The outcome of :func:`check_change`: the cells that make a change unsafe (empty when safe)."""

    too_few: list[dict] = field(default_factory=list)  # cells changed for 1 to threshold - 1 respondents
    derivable: list[dict] = field(default_factory=list)  # cells whose difference could be worked out

    @property
    def safe(self) -> bool:
        return not self.too_few and not self.derivable


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
    shown = culture.suppress(cells, threshold)
    return set(_keyed(shown).loc[shown["suppressed"], KEY].itertuples(index=False, name=None))


def _describe(row) -> dict:
    return {
        "indicator": row.indicator,
        "item_id": row.item_id,
        "unit": row.unit,
        "group": row.group,
        "n_changed": int(row.n_changed),
    }


def check_change(before: pd.DataFrame, after: pd.DataFrame, changes: pd.DataFrame, threshold: int) -> Verdict:
    """Whether readers who saw version ``before`` of a round may see version ``after``.

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
    if after.empty or changes.empty:
        return verdict
    changes = _keyed(changes.reset_index(drop=True))
    small = changes[changes["n_changed"] < threshold]
    verdict.too_few = [_describe(row) for row in small.itertuples(index=False)]
    if verdict.too_few:
        return verdict
    hidden_in_either = _hidden(before, threshold) | _hidden(after, threshold)
    known = np.array([key not in hidden_in_either for key in changes[KEY].itertuples(index=False, name=None)])
    round_label = after["round"].iloc[0]
    differences = changes.assign(
        round=round_label,
        # A cell hidden in either version is hidden in the table of differences.
        n=changes["n_changed"].astype(float).where(known),
        n_answers=changes["answers_changed"],
        n_dont_know=0,
    )
    hidden = culture.suppress(differences, threshold)["suppressed"].to_numpy()
    verdict.derivable = [_describe(row) for row in changes[hidden & known].itertuples(index=False)]
    return verdict


def _cell_name(cell: dict) -> str:
    where = " / ".join(excerpt(str(part)) for part in (cell["unit"], cell["group"]) if part) or t(
        "publish_cell_all"
    )
    measure = cell["item_id"] or cell["indicator"]
    return t("publish_cell", where=where, measure=excerpt(str(measure)), n=cell["n_changed"])


def refusal(round_label: str, verdict: Verdict, threshold: int, republish: bool) -> str:
    """Why a change to a published round is refused, and what to do, in bokmål."""
    if verdict.too_few:
        cells = verdict.too_few
        reason = t("publish_reason_too_few", threshold=threshold)
    else:
        cells = verdict.derivable
        reason = t("publish_reason_derivable")
    examples = "; ".join(_cell_name(cell) for cell in cells[:3])
    if len(cells) > 3:
        examples += t("publish_cells_more", count=len(cells) - 3)
    return t(
        "publish_republish_refused" if republish else "publish_change_refused",
        round=excerpt(round_label),
        reason=reason,
        cells=examples,
        threshold=threshold,
    )
