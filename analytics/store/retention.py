"""Retention: raw answers and pådriver names are deleted when their time is up.

Two settings an admin saves on *Administrasjon* (``settings.json``), both off by
default:

- ``retention_answers_months``: a published survey round's raw answers are
  deleted this many months after it was published. Its figures (the stored
  aggregate) stay visible, and stay as they are: nothing can bring answers
  into the round again (:class:`analytics.store.RetiredRoundRefused`). A new
  anonymity threshold still applies to them, since suppression works on the
  aggregate's counts.
- ``retention_padriver_months``: a project's pådriver name is removed this
  many months after the project ended (entered a phase whose stage is
  ``closed``).

:func:`run` finds what is due on a given day (``now``: the tests move the
clock by passing it), and, unless it is a dry run, deletes it in one commit:
the answers leave the ``responses`` table and every import's payload, the
names leave ``projects`` and its payloads, and then every older file that
still held them is removed from the data folder (:meth:`Store.remove_unnamed`).
The audit trail gets one line with the counts. ``python -m analytics
retention`` runs it, and so does each app process when it starts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd

from analytics.core.framework import framework
from analytics.core.schema import PADRIVER_COLUMN
from analytics.core.text import fmt_number, t
from analytics.store.folder import PUBLISHED, Store, StoreError

ANSWERS_MONTHS = "retention_answers_months"
NAMES_MONTHS = "retention_padriver_months"
MONTHS_BOUNDS = (1, 1000)


def check_months(value) -> int | None:
    """A retention period in whole months (1 to 1000), or None for no limit (empty or 0).

    >>> check_months("36"), check_months(0), check_months("")
    (36, None, None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        months = int(str(value).strip())
    except ValueError:
        raise StoreError(t("retention_months_invalid", value=value)) from None
    if months == 0:
        return None
    low, high = MONTHS_BOUNDS
    if not low <= months <= high:
        raise StoreError(t("retention_months_invalid", value=value))
    return months


def limits(store: Store) -> tuple[int | None, int | None]:
    """The saved periods: (raw answers, pådriver names); None = kept without limit."""
    stored = store.settings()
    return check_months(stored.get(ANSWERS_MONTHS)), check_months(stored.get(NAMES_MONTHS))


@dataclass
class Plan:
    """What is due: rounds whose raw answers go, projects whose pådriver name goes."""

    version: int
    rounds: list[dict] = field(default_factory=list)  # round, published_at, respondents, answers
    projects: list[dict] = field(default_factory=list)  # project_id, ended_on

    @property
    def empty(self) -> bool:
        return not self.rounds and not self.projects

    def lines(self) -> list[str]:
        """The plan in bokmål, one line per round and one for the names."""
        found = [
            t(
                "retention_round_line",
                round=r["round"],
                answers=fmt_number(r["answers"], 0),
                respondents=fmt_number(r["respondents"], 0),
                published_at=r["published_at"][:10],
            )
            for r in self.rounds
        ]
        if self.projects:
            found.append(
                t(
                    "retention_names_line",
                    count=len(self.projects),
                    projects=", ".join(p["project_id"] for p in self.projects),
                )
            )
        return found or [t("retention_nothing")]


def _published_at(manifest: dict, label: str, entry: dict) -> str:
    """When readers first saw the round in its current publication (older folders: the last record that
    published it, else the demo's, else the newest record, which keeps the answers the longest)."""
    if entry.get("published_at"):
        return entry["published_at"]
    records = manifest["imports"]
    for record in reversed(records):
        if record.get("kind") == "publish" and record.get("round") == label:
            return record["at"]
    for record in reversed(records):
        if record.get("kind") == "demo":
            return record["at"]
    return records[-1]["at"]


def _naive_utc(moment) -> pd.Timestamp:
    stamp = pd.Timestamp(moment)
    return stamp.tz_convert(UTC).tz_localize(None) if stamp.tzinfo else stamp


def _due(moment: str | date, months: int, now: datetime) -> bool:
    """True when ``months`` whole months have passed since ``moment`` on ``now``."""
    return _naive_utc(now) >= _naive_utc(moment) + pd.DateOffset(months=months)


def plan(store: Store, now: datetime | None = None) -> Plan:
    """What the saved periods make due on ``now`` (default: this moment, UTC)."""
    now = now or datetime.now(UTC)
    answers_months, names_months = limits(store)
    manifest = store.manifest()
    found = Plan(int(manifest["version"]))
    if answers_months and "responses" in manifest["tables"]:
        retired = manifest.get("retired", {})
        counts = {r["round"]: r for r in store.rounds()}
        for label, entry in sorted(store.publication(manifest).items()):
            if entry["state"] != PUBLISHED or label in retired or label not in counts:
                continue
            published_at = _published_at(manifest, label, entry)
            if _due(published_at, answers_months, now):
                found.rounds.append(
                    {
                        "round": label,
                        "published_at": published_at,
                        "respondents": counts[label]["respondents"],
                        "answers": counts[label]["answers"],
                    }
                )
    if names_months and {"projects", "phases"} <= set(manifest["tables"]):
        projects = store.table("projects", manifest)
        names = projects[PADRIVER_COLUMN]
        named = set(projects.loc[names.notna() & (names != ""), "project_id"])
        phases = store.table("phases", manifest).sort_values(["project_id", "started_on"], kind="stable")
        latest = phases.groupby("project_id").tail(1)
        ended = latest[latest["phase"].isin(framework().closed_phases)]
        for row in ended.itertuples(index=False):
            if row.project_id in named and _due(row.started_on, names_months, now):
                found.projects.append({"project_id": row.project_id, "ended_on": str(row.started_on)[:10]})
    return found


def run(store: Store, who: str, now: datetime | None = None, dry_run: bool = False) -> Plan:
    """Delete what is due on ``now`` (nothing when ``dry_run``); returns what was (or would be) deleted."""
    due = plan(store, now)
    if dry_run or due.empty:
        return due
    rounds = {r["round"] for r in due.rounds}
    ended = {p["project_id"] for p in due.projects}
    manifest = store.manifest()

    def without_answers(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["round"].astype(str).isin(rounds)].reset_index(drop=True)

    def without_names(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[frame["project_id"].isin(ended), PADRIVER_COLUMN] = None
        return frame

    cleaners = {
        "responses": without_answers if rounds else None,
        "projects": without_names if ended else None,
    }
    rewrites = {}
    for record in manifest["imports"]:
        for name, rel_path in record.get("payload", {}).items():
            if cleaners.get(name) and rel_path not in rewrites:
                rewrites[rel_path] = cleaners[name](pd.read_parquet(store.data_dir / rel_path))

    def changes(current: dict) -> dict:
        if current["version"] != due.version:
            raise StoreError(t("retention_changed_meanwhile"))
        found = {}
        if rounds:
            found["responses"] = store.responses_without(current, rounds)
        if ended:
            found["projects"] = without_names(store.table("projects", current))
        return found

    store.commit(
        changes,
        {"kind": "retention", "who": who, "rounds": sorted(rounds), "projects": sorted(ended)},
        retire={
            r["round"]: {"respondents": r["respondents"], "answers": r["answers"], "at": r["published_at"]}
            for r in due.rounds
        },
        payload_rewrites=rewrites,
    )
    removed = store.remove_unnamed()
    detail = t(
        "audit_retention_detail",
        rounds=", ".join(sorted(rounds)) or "-",
        answers=fmt_number(sum(r["answers"] for r in due.rounds), 0),
        respondents=fmt_number(sum(r["respondents"] for r in due.rounds), 0),
        names=len(ended),
        files=removed,
    )
    store.append_audit(who, "retention", detail)
    return due


def run_at_start(store: Store) -> None:
    """Retention when an app process starts; a problem is written to the log, never stops the app."""
    try:
        if any(limits(store)) and store.has_data():
            done = run(store, who=t("retention_who_app"))
            if not done.empty:
                print("\n".join(done.lines()), file=sys.stderr)
    except StoreError as exc:
        print(f"retention: {exc}", file=sys.stderr)
