"""The publish step: what readers will see of a survey round, and what to look at first.

:func:`dry_run` computes, for a round not yet published, the figures readers
will get once it is (the index and each indicator with the change since the
previous published round, n and response rate per unit and group, the cells
that will be hidden and why) and the warnings an analyst must confirm before
publishing: a group present last round and missing now, respondents down by
more than a third in a group, a response rate under the flag limit, invited
numbers missing. :func:`publish` refuses a round with warnings unless they are
confirmed, and records the confirmation in the audit trail.

Every figure comes from the suppressed culture cells, as readers will see them;
a hidden figure is never stated, not even in a warning.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics.core import suppression
from analytics.core.framework import framework
from analytics.core.text import figure_text, fmt_number, join_and, t
from analytics.measures import changes, culture, participation
from analytics.present import participation_text
from analytics.store import Store, StoreError

# A group whose respondents fell below this share of last round's is a warning.
RESPONDENTS_KEPT = 2 / 3


class WarningsNotConfirmed(StoreError):
    """A round with warnings was to be published without confirming them."""


def _number(value, digits: int = 4):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _change_since_previous(
    shown: pd.DataFrame, records: list[dict], round_label: str, indicator: str
) -> dict:
    """One measure of the round overall, with its change since the previous round.

    The change is the like-for-like record of :func:`analytics.measures.changes.changes`
    (``records``), the one comparison every page, slide and report states; it is
    ``None`` when that record is not comparable or hidden.
    """
    rows = culture.trend(shown, indicator)
    row = rows[rows["round"] == round_label]
    if row.empty:
        return {"indicator": indicator, "n": None, "mean": None, "suppressed": True, "change": None}
    row = row.iloc[0]
    n = _number(row["n"])
    found = changes.find(records, indicator)
    stated = found is not None and found["comparable"] and not found["suppressed"]
    return {
        "indicator": indicator,
        "n": None if n is None else int(n),
        "mean": _number(row["mean"]),
        "suppressed": bool(row["suppressed"]),
        "change": found["change"] if stated else None,
        "significant": found["significant"] if stated else None,
        "note": None if found is None else found["note"],
    }


def _group_name(group: str) -> str:
    return framework().names("groups").get(group, group)


def _where(unit: str | None, group: str | None) -> str:
    parts = [p for p in (unit, _group_name(group) if group else None) if p]
    return " / ".join(parts) or t("dry_run_everyone")


def _hidden_cells(raw: pd.DataFrame, shown: pd.DataFrame, threshold: int) -> list[dict]:
    """The round's slices whose index is hidden, and why (never with their n)."""
    index_raw = raw[(raw["indicator"] == culture.INDEX) & raw["item_id"].isna()].reset_index(drop=True)
    index_shown = shown[(shown["indicator"] == culture.INDEX) & shown["item_id"].isna()].reset_index(
        drop=True
    )
    out = []
    for before, after in zip(index_raw.itertuples(index=False), index_shown.itertuples(index=False)):
        if not after.suppressed or (after.by_unit and pd.isna(after.unit)):
            continue
        unit = after.unit if after.by_unit else None
        group = after.group if after.by_group else None
        reason = "too_few" if pd.isna(before.n) or before.n < threshold else "complementary"
        out.append(
            {
                "unit": unit,
                "group": group,
                "reason": reason,
                "text": t(f"dry_run_hidden_{reason}", where=_where(unit, group), threshold=threshold),
            }
        )
    return out


def _group_cells(shown: pd.DataFrame, round_label: str) -> pd.DataFrame:
    rows = shown[
        (shown["round"] == round_label)
        & (shown["indicator"] == culture.INDEX)
        & shown["item_id"].isna()
        & ~shown["by_unit"]
        & shown["by_group"]
    ]
    return rows.set_index("group")


def _warnings(shown, round_label, previous, rates, limit) -> list[dict]:
    warnings = []
    now = _group_cells(shown, round_label)
    if previous is not None:
        before = _group_cells(shown, previous)
        for group in sorted(set(before.index) - set(now.index)):
            text = t("dry_run_warn_group_missing", group=_group_name(group), previous=previous)
            warnings.append({"code": "group_missing", "unit": None, "group": group, "text": text})
        for group in sorted(set(before.index) & set(now.index)):
            n_now, n_before = now.loc[group, "n"], before.loc[group, "n"]
            if pd.isna(n_now) or pd.isna(n_before):
                continue  # a hidden n is never stated, nor bounded by a warning
            if n_now < RESPONDENTS_KEPT * n_before:
                text = t(
                    "dry_run_warn_respondents_down",
                    group=_group_name(group),
                    n=fmt_number(n_now, 0),
                    before=fmt_number(n_before, 0),
                    previous=previous,
                )
                warnings.append({"code": "respondents_down", "unit": None, "group": group, "text": text})
    overall = participation.round_record(rates, round_label)
    if overall is None or overall["invited"] is None:
        warnings.append(
            {
                "code": "invited_missing",
                "unit": None,
                "group": None,
                "text": t("dry_run_warn_invited_missing"),
            }
        )
    for record in rates:
        if record["flag"]:
            text = t(
                "dry_run_warn_low_rate",
                where=_where(record["unit"], record["group"]),
                rate=participation_text.rate_text(record),
                limit=limit,
            )
            warnings.append(
                {"code": "low_rate", "unit": record["unit"], "group": record["group"], "text": text}
            )
    return warnings


def dry_run(store: Store, round_label: str, threshold: int, limit: int) -> dict:
    """What readers will see of ``round_label`` once it is published, and the warnings.

    Returns ``round``, ``published``, ``previous_round`` (the published round
    before it, or ``None``), ``threshold``, ``flag_limit``, ``index`` and
    ``indicators`` (``n``, ``mean``, ``suppressed``, ``change`` since the
    previous round, ``significant``), ``participation`` (the round's records
    as :func:`analytics.measures.participation.participation` gives them), ``hidden``
    (slices whose index is hidden: ``unit``, ``group``, ``reason``
    ``too_few``/``complementary``, ``text``) and ``warnings`` (``code``
    ``group_missing``/``respondents_down``/``low_rate``/``invited_missing``,
    ``unit``, ``group``, ``text``).
    """
    known = {r["round"]: r for r in store.rounds()}
    if round_label not in known:
        listed = ", ".join(f"«{r}»" for r in sorted(known)) or t("publish_no_rounds")
        raise StoreError(t("publish_unknown_round", round=round_label, rounds=listed))
    published = [label for label, r in known.items() if r["published"] and label != round_label]
    earlier = [label for label in published if label < round_label]
    previous = max(earlier) if earlier else None
    wanted = {round_label, *([previous] if previous else [])}
    cells = store.query("culture_cells", include_unpublished=True)
    raw = cells[cells["round"].astype(str).isin(wanted)].reset_index(drop=True)
    shown = suppression.suppress(raw, threshold)
    rates = participation.participation(shown, store.table("invited"), threshold, limit)
    this_round = [r for r in rates if r["round"] == round_label]
    is_round = shown["round"] == round_label
    compared = changes.changes(shown, previous, round_label) if previous else []
    return {
        "round": round_label,
        "published": known[round_label]["published"],
        "previous_round": previous,
        "threshold": threshold,
        "flag_limit": limit,
        "index": _change_since_previous(shown, compared, round_label, culture.INDEX),
        "indicators": [
            _change_since_previous(shown, compared, round_label, k) for k in framework().indicator_ids
        ],
        "participation": this_round,
        "hidden": _hidden_cells(raw[is_round.to_numpy()], shown[is_round], threshold),
        "warnings": _warnings(shown, round_label, previous, this_round, limit),
    }


def warnings_text(warnings: list[dict]) -> str:
    """The warnings named in one sentence, for the confirmation and the audit trail."""
    return join_and([w["text"].rstrip(".") for w in warnings])


def publish(
    store: Store, round_label: str, who: str, threshold: int, limit: int, confirmed: bool
) -> dict | None:
    """Publish ``round_label``; refused (:class:`WarningsNotConfirmed`) when the publish step
    has warnings that are not ``confirmed``. A confirmation is recorded in the audit trail."""
    found = dry_run(store, round_label, threshold, limit)
    if found["warnings"] and not found["published"] and not confirmed:
        raise WarningsNotConfirmed(
            t("dry_run_not_confirmed", round=round_label, warnings=warnings_text(found["warnings"]))
        )
    done = store.publish(round_label, who)
    if done and found["warnings"]:
        store.append_audit(
            who,
            "publish_confirmed",
            t("audit_publish_confirmed_detail", round=round_label, warnings=warnings_text(found["warnings"])),
        )
    return done


def measures_table(found: dict) -> pd.DataFrame:
    """The index and the indicators as readers will see them, for a table on the page."""
    names = framework().names("indicators")
    rows = [found["index"], *found["indicators"]]
    return pd.DataFrame(
        {
            t("col_indicator"): [
                t("dry_run_index")
                if m["indicator"] == culture.INDEX
                else names.get(m["indicator"], m["indicator"])
                for m in rows
            ],
            t("col_mean"): [figure_text(m["mean"], "mean", m["suppressed"]) for m in rows],
            t("col_change"): [figure_text(m["change"], "change", False) for m in rows],
            t("col_n"): [figure_text(m["n"], "count", m["suppressed"]) for m in rows],
        }
    )


def rates_table(found: dict) -> pd.DataFrame:
    """n and response rate per unit and group, as text («41 av 52 (79 %)»)."""
    records = found["participation"]
    return pd.DataFrame(
        {
            t("col_where"): [_where(r["unit"], r["group"]) for r in records],
            t("col_rate"): [participation_text.rate_text(r) for r in records],
        }
    )
