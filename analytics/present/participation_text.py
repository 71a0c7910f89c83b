"""Participation in words: response rates as text, with the flag for a low rate.

Made from the numbers of :mod:`analytics.measures.participation`; nothing here computes a figure.

Examples
--------
>>> rate_text({"invited": 52, "responded": 41, "rate": 41 / 52, "suppressed": False})
'41 av 52 (79\\xa0%)'
"""

from __future__ import annotations

from analytics.core.text import fmt_number, fmt_share, t


def rate_text(record: dict) -> str:
    """A record's participation as people read it: «41 av 52 (79 %)», or why it is not shown."""
    if record["suppressed"]:
        return t("participation_hidden")
    if record["invited"] is None:
        return t("participation_n_only", n=fmt_number(record["responded"], 0))
    if record["rate"] is None:
        return t("participation_none_invited")
    return t(
        "participation_rate",
        responded=fmt_number(record["responded"], 0),
        invited=fmt_number(record["invited"], 0),
        rate=fmt_share(record["rate"]),
    )


def flagged_text(record: dict, flag_limit: float) -> str:
    """:func:`rate_text`, saying so when the rate is under the flag limit.

    >>> flagged_text({"invited": 84, "responded": 44, "rate": 44 / 84, "suppressed": False, "flag": True}, 60)
    '44 av 84 (52\xa0%) – under 60 %'
    """
    text = rate_text(record)
    return t("participation_flagged", rate=text, limit=flag_limit) if record["flag"] else text


def unit_rates(records: list[dict], round_label: str, group: str | None, flag_limit: float) -> dict:
    """Per unit of the round (``None`` = all units), for ``group`` or all groups: the rate as text."""
    return {
        r["unit"]: flagged_text(r, flag_limit)
        for r in records
        if r["round"] == round_label and r["group"] == group
    }
