"""Seeded synthetic survey answers at national scale, in the long format.

One row per respondent x statement: ``runde, gruppe, enhet, respondent_id,
item_id, svar``. As if every municipality's employees answered, pooled into
the sectors a municipality reports on (the units). Rounds with hundreds of
units, for the suppression benchmark, come from :func:`units_round`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.core.framework import framework

ROUNDS = tuple(str(y) for y in range(2017, 2025))
SECTORS = (
    "Sentral stab",
    "Oppvekst og læring",
    "Helse og omsorg",
    "Plan og teknisk",
    "Kultur og fritid",
    "NAV",
    "Frivilligsentralen",
)
# Share of respondents per group; each group answers its own statements.
GROUP_SHARES = {"ansatte": 0.80, "ledere": 0.10, "politikere": 0.03, "innbyggere": 0.07}
LONG_COLUMNS = ["runde", "gruppe", "enhet", "respondent_id", "item_id", "svar"]


def synthetic_answers(n_answers: int, seed: int = 1) -> pd.DataFrame:
    """About ``n_answers`` answers spread over eight rounds and four groups."""
    rng = np.random.default_rng(seed)
    fw = framework()
    units = np.array(SECTORS, dtype=object)
    frames = []
    per_round = n_answers / len(ROUNDS)
    for round_index, label in enumerate(ROUNDS):
        for group, share in GROUP_SHARES.items():
            items = np.array([i.item_id for i in fw.items_for(group)], dtype=object)
            respondents = max(1, round(per_round * share / len(items)))
            level = rng.normal(3.0 + 0.08 * round_index + (0.4 if group == "ledere" else 0), 0.7, respondents)
            values = np.clip(np.rint(level[:, None] + rng.normal(0, 0.8, (respondents, len(items)))), 1, 5)
            has_unit = group in ("ansatte", "ledere")
            unit_of = units[rng.integers(0, len(units), respondents)] if has_unit else None
            frames.append(
                pd.DataFrame(
                    {
                        "runde": label,
                        "gruppe": group,
                        "enhet": np.repeat(unit_of, len(items)) if has_unit else "",
                        "respondent_id": np.repeat(
                            [f"{label}-{group[:3]}-{r}" for r in range(respondents)], len(items)
                        ),
                        "item_id": np.tile(items, respondents),
                        "svar": values.astype("int8").ravel(),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)[LONG_COLUMNS]


def units_round(units: int, seed: int = 1, employees: tuple[int, int] = (3, 40)) -> pd.DataFrame:
    """One round of a large organisation, in the stored form of the answers.

    ``units`` units, each with ``employees`` (low, high) respondents of the
    framework's first group and one to six of its second (Jevnaker: employees
    and leaders); every respondent answers their group's statements, about one
    answer in ten is «Vet ikke» and one in twenty left blank.
    """
    rng = np.random.default_rng(seed)
    fw = framework()
    frames = []
    for group, (low, high) in zip(fw.group_ids[:2], (employees, (1, 6))):
        items = np.array([i.item_id for i in fw.items_for(group)], dtype=object)
        sizes = rng.integers(low, high + 1, units)
        unit_of = np.repeat([f"Enhet {u:04d}" for u in range(units)], sizes)
        people = len(unit_of)
        draws = rng.random((people, len(items)))
        values = rng.integers(1, 6, (people, len(items)))
        answered = draws >= 0.05
        dont_know = (draws < 0.15) & answered
        frame = pd.DataFrame(
            {
                "round": "2024",
                "group": group,
                "unit": np.repeat(unit_of, len(items)),
                "respondent_id": np.repeat([f"{group}-{p}" for p in range(people)], len(items)),
                "item_id": np.tile(items, people),
                "value": pd.array(np.where(dont_know, 0, values).ravel(), dtype="Int8"),
                "dont_know": dont_know.ravel(),
            }
        )
        frame.loc[frame["dont_know"], "value"] = pd.NA
        frames.append(frame[answered.ravel()])
    return pd.concat(frames, ignore_index=True)


def write_wide_csv(path, n_answers: int, seed: int = 1, rounds: tuple[str, ...] = ROUNDS) -> int:
    """Write about ``n_answers`` answers as a wide CSV export (one row per respondent, one
    column per statement, blank where the group is not asked) in blocks, so that a file
    of 100 M answers never sits in memory. Returns the number of answers written."""
    rng = np.random.default_rng(seed)
    fw = framework()
    all_items = list(fw.item_ids)
    units = np.array(SECTORS, dtype=object)
    per_round = n_answers / len(ROUNDS)
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(";".join(["runde", "gruppe", "enhet", "respondent_id", *all_items]) + "\n")
        for round_index, label in enumerate(rounds):
            for group, share in GROUP_SHARES.items():
                items = [i.item_id for i in fw.items_for(group)]
                respondents = max(1, round(per_round * share / len(items)))
                for start in range(0, respondents, WIDE_BLOCK):
                    count = min(WIDE_BLOCK, respondents - start)
                    shift = 3.0 + 0.08 * round_index + (0.4 if group == "ledere" else 0)
                    level = rng.normal(shift, 0.7, count)
                    values = np.clip(np.rint(level[:, None] + rng.normal(0, 0.8, (count, len(items)))), 1, 5)
                    has_unit = group in ("ansatte", "ledere")
                    frame = pd.DataFrame(
                        {
                            "runde": label,
                            "gruppe": group,
                            "enhet": units[rng.integers(0, len(units), count)] if has_unit else "",
                            "respondent_id": [
                                f"{label}-{group[:3]}-{r}" for r in range(start, start + count)
                            ],
                        }
                    )
                    answers = pd.DataFrame(values.astype("int8"), columns=items)
                    frame = pd.concat([frame, answers.reindex(columns=all_items)], axis=1)
                    frame.to_csv(out, sep=";", header=False, index=False, float_format="%.0f")
                    written += count * len(items)
    return written


# Respondents generated and written at a time by write_wide_csv.
WIDE_BLOCK = 200_000
