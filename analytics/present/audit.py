"""The audit trail and the roles as tables for the page *Administrasjon* (pure functions).

The entries themselves are written and read by :class:`analytics.store.Store`
(``append_audit``, ``audit_log``); the CLI's ``audit`` prints the same entries.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics.core import access
from analytics.core.text import TEXT, fmt_datetime, t

FIELDS = ("at", "who", "action", "detail", "data_version")


def newest_first(entries: list[dict]) -> list[dict]:
    """The entries as the page and ``audit`` show them: newest first, the five fields only."""
    return [{field: entry.get(field) for field in FIELDS} for entry in reversed(entries)]


def action_label(action: str) -> str:
    key = f"audit_action_{action}"
    return t(key) if key in TEXT else action


def audit_table(entries: list[dict]) -> pd.DataFrame:
    """The audit trail as a table with bokmål headers and action names."""
    return pd.DataFrame(
        {
            t("col_at"): [fmt_datetime(e["at"]) for e in entries],
            t("col_who"): [e["who"] for e in entries],
            t("col_action"): [action_label(e["action"]) for e in entries],
            t("col_detail"): [e["detail"] for e in entries],
            t("col_data_version"): [e["data_version"] for e in entries],
        }
    )


def roles_table(roles: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Each role, who holds it (e-mails and group ids) and what it may do."""
    return pd.DataFrame(
        {
            t("col_role"): list(access.ROLES),
            t("col_members"): [", ".join(roles.get(role, ())) for role in access.ROLES],
            t("col_may"): [
                ", ".join(
                    t(f"permission_{p}") for p in access.PERMISSIONS if p in access.ROLE_PERMISSIONS[role]
                )
                for role in access.ROLES
            ],
        }
    )
