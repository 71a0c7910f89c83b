"""Publication: which survey rounds readers see, publishing and withdrawing them, and the guard.

The manifest's ``published`` section holds each round's state and the versions
of it readers have seen. A commit that would show readers a new version of a
published round is checked here against each of them, with the rules of
:mod:`analytics.store.publication`, and refused when it would reveal a small group.
"""

from __future__ import annotations

import duckdb

from analytics.core.text import t
from analytics.store import files, publication
from analytics.store.files import (
    PARTITION_COLUMN,
    PUBLISHED,
    WITHDRAWN,
    PublishedChangeRefused,
    StoreError,
    _is_file_list,
    sql_text,
    strategy_params,
)

# Respondents and answers of a round's responses file, by the file's path (files never change).
_ROUND_COUNTS: dict[str, tuple[int, int]] = {}


class Publication:
    """The publication job of :class:`analytics.store.folder.Store`: rounds, publish, withdraw, guard.

    Uses what ``Store.__init__`` sets (``data_dir``) and ``Store.scratch``, and the
    other jobs through ``self``: the reading (``manifest``, ``query``, ``table``,
    ``_parts_of``, ``_unreadable``), the writing (``commit``), the saved settings
    (``threshold``, ``save_settings``) and the audit trail (``append_audit``).
    """

    def publication(self, manifest: dict | None = None) -> dict[str, dict]:
        """Each round's publication: ``{round: {"state": "published" | "withdrawn", "seen": [...]}}``.

        ``seen`` lists the versions of the round readers have seen (``version``,
        ``fingerprint`` and ``path`` of its responses file). A folder written
        before rounds were published has no such section: readers have seen
        all of its rounds, so they count as published, in their current version.
        """
        manifest = manifest or self.manifest()
        if "published" in manifest:
            return manifest["published"]
        rel_path = manifest["tables"].get("responses")
        if rel_path is not None and not _is_file_list(rel_path):
            # An older flat table has no file per round to compare a later version with.
            return {label: {"state": PUBLISHED, "seen": []} for label in self._round_labels(manifest)}
        parts = self._parts_of(rel_path)
        return {
            label: {
                "state": PUBLISHED,
                "seen": [
                    {"version": manifest["version"], "fingerprint": p["fingerprint"], "path": p["path"]}
                ],
            }
            for label, p in parts.items()
        }

    def published_rounds(self, manifest: dict | None = None) -> list[str]:
        """The survey rounds readers see, in order."""
        states = self.publication(manifest)
        return sorted(label for label, entry in states.items() if entry["state"] == PUBLISHED)

    def has_published_survey(self, manifest: dict | None = None) -> bool:
        """True when readers see at least one survey round with answers."""
        manifest = manifest or self.manifest()
        rel_path = manifest["tables"].get("responses")
        if rel_path is None:
            return False
        if not _is_file_list(rel_path):
            return bool(self.published_rounds(manifest))
        return bool(set(self._parts_of(rel_path)) & set(self.published_rounds(manifest)))

    def rounds(self) -> list[dict]:
        """Every survey round with its answers and publication, for the import pages and the CLI.

        ``round``, ``respondents``, ``answers``, ``published`` (readers see it),
        ``withdrawn`` (it was published and taken back), ``answers_deleted`` (its raw
        answers were deleted by :mod:`analytics.store.retention`; its figures stay, frozen).
        """
        manifest = self.manifest()
        if "responses" not in manifest["tables"]:
            return []
        states = self.publication(manifest)
        retired = manifest.get("retired", {})
        counts = self._round_counts(manifest)
        counts.update({label: (entry["respondents"], entry["answers"]) for label, entry in retired.items()})
        return [
            {
                "round": label,
                "respondents": respondents,
                "answers": answers,
                "published": states.get(label, {}).get("state") == PUBLISHED,
                "withdrawn": states.get(label, {}).get("state") == WITHDRAWN,
                "answers_deleted": label in retired,
            }
            for label, (respondents, answers) in sorted(counts.items())
        ]

    def _round_counts(self, manifest: dict) -> dict[str, tuple[int, int]]:
        """Respondents and answers of each round. A round's file never changes, so its
        counts are taken once per process (the import pages show them on every run)."""
        parts = self._parts_of(manifest["tables"]["responses"])
        if not parts:  # one flat file, from an older version
            counts = self.query("round_counts", manifest=manifest, include_unpublished=True)
            return {label: (int(r), int(a)) for label, r, a in counts.itertuples(index=False)}
        found = {}
        for label, part in parts.items():
            path = str((self.data_dir / part["path"]).resolve())
            if path not in _ROUND_COUNTS:
                with self.scratch() as cur:
                    row = cur.execute(sql_text("partition_counts"), {"path": path}).fetchall()[0]
                _ROUND_COUNTS[path] = (int(row[0]), int(row[1]))
            found[label] = _ROUND_COUNTS[path]
        return found

    def publish(self, label: str, who: str) -> dict | None:
        """Publish survey round ``label`` to readers; None when it already is.

        Refused (:class:`PublishedChangeRefused`) when readers saw another
        version of the round before it was withdrawn and the difference would
        reveal a small group.
        """
        return self._set_publication(label, PUBLISHED, who)

    def withdraw(self, label: str, who: str) -> dict | None:
        """Take survey round ``label`` away from readers; None when it is not published."""
        return self._set_publication(label, WITHDRAWN, who)

    def _set_publication(self, label: str, state: str, who: str) -> dict | None:
        manifest = self.manifest()
        known = sorted(self._round_labels(manifest))
        if label not in known:
            listed = ", ".join(f"«{r}»" for r in known) or t("publish_no_rounds")
            raise StoreError(t("publish_unknown_round", round=label, rounds=listed))
        if (self.publication(manifest).get(label, {}).get("state") == PUBLISHED) == (state == PUBLISHED):
            return None
        changes = {}
        if state == PUBLISHED and not _is_file_list(manifest["tables"]["responses"]):
            # An older flat table is split by round, so the version readers see has a file of its own.
            changes["responses"] = self.table("responses", manifest)
        kind = "publish" if state == PUBLISHED else "withdraw"
        new = self.commit(changes, {"kind": kind, "round": label, "who": who}, publication={label: state})
        self.append_audit(who, kind, t(f"audit_{kind}_detail", round=label, version=new["version"]))
        return new["imports"][-1]

    def _round_labels(self, manifest: dict) -> set[str]:
        rel_path = manifest["tables"].get("responses")
        if rel_path is None:
            return set()
        if _is_file_list(rel_path):
            return set(self._parts_of(rel_path))
        return set(self.table("responses", manifest)[PARTITION_COLUMN].astype(str))

    def _guard_published(
        self,
        published: dict,
        tables: dict,
        version: int,
        shown_before: set,
        invented: bool = False,
        new_threshold: int | None = None,
    ) -> dict:
        """``published`` with the new versions readers will see; refuses an unsafe one.

        A version is a round's answers shown under an anonymity threshold. A
        published round keeps the threshold readers see it under (``threshold``
        of its entry) until ``new_threshold`` applies another; a round
        published now gets the threshold in force. A version readers have not
        seen is checked against each version they have seen, each under the
        threshold it was seen with (so neither a chain of small steps, nor
        withdraw, change, publish again, nor a threshold change gets round the
        rule). Invented versions (the demo) are neither checked nor checked
        against. A round without answers shows nothing and is not checked.
        """
        parts = self._parts_of(tables.get("responses"))
        in_force = self.threshold()
        checked = {}
        for label, entry in published.items():
            part = parts.get(label)
            seen = list(entry.get("seen", ()))
            if entry["state"] != PUBLISHED or part is None:
                checked[label] = entry
                continue
            if new_threshold is not None:
                threshold = new_threshold
            elif label in shown_before and "threshold" in entry:
                threshold = entry["threshold"]
            else:
                threshold = in_force
            if not any(
                s["fingerprint"] == part["fingerprint"] and s.get("threshold", in_force) == threshold
                for s in seen
            ):
                for earlier in seen if not invented else ():
                    if earlier.get("invented"):
                        continue
                    before = earlier.get("threshold", in_force)
                    verdict = self._compare(earlier["path"], part["path"], threshold, before)
                    if not verdict.safe:
                        raise PublishedChangeRefused(
                            publication.refusal(
                                label,
                                verdict,
                                threshold,
                                republish=label not in shown_before,
                                threshold_before=before,
                                threshold_change=new_threshold is not None,
                            )
                        )
                seen.append(
                    {
                        "version": version,
                        "fingerprint": part["fingerprint"],
                        "path": part["path"],
                        "threshold": threshold,
                        **({"invented": True} if invented else {}),
                    }
                )
            checked[label] = {**entry, "state": PUBLISHED, "seen": seen, "threshold": threshold}
        return checked

    def shown_thresholds(self, manifest: dict | None = None) -> dict[str, int]:
        """The anonymity threshold readers see each published round under.

        A round keeps the threshold it was published with until an admin
        applies a new one (:meth:`apply_threshold`); a threshold changed in
        the environment or the settings file applies to rounds published
        after it.
        """
        in_force = self.threshold()
        return {
            label: int(entry.get("threshold", in_force))
            for label, entry in self.publication(manifest).items()
            if entry["state"] == PUBLISHED
        }

    def apply_threshold(self, threshold: int, who: str) -> dict:
        """Show every published round under ``threshold`` from now on, and save it as the setting.

        Each published round is a new version, checked against every version
        readers have seen under the threshold they saw it with; a change that
        would reveal a cell raises :class:`PublishedChangeRefused` and changes
        nothing.
        """
        old = self.threshold()
        self.commit({}, {"kind": "threshold", "who": who, "threshold": threshold}, threshold=threshold)
        return self.save_settings(
            {"anonymity_threshold": threshold}, who, t("audit_threshold_detail", old=old, new=threshold)
        )

    def _compare(self, before: str, after: str, threshold: int, threshold_before: int) -> publication.Verdict:
        """Whether readers who saw the round in file ``before`` under ``threshold_before``
        may see it as in file ``after`` under ``threshold``."""
        with self.scratch() as cur:
            try:
                for view, rel_path in (("before", before), ("after", after)):
                    cur.sql(
                        sql_text("read_partitions"), params={"files": [str(self.data_dir / rel_path)]}
                    ).create_view(view)
                cur.from_df(files.codebook_frame()).create_view("codebook")
                changes = cur.execute(sql_text("culture_changes")).df()
                cells = {}
                for view in ("before", "after"):
                    cur.view(view).create_view("responses", replace=True)
                    cells[view] = cur.execute(sql_text("agg_culture"), strategy_params()).df()
            except (duckdb.IOException, OSError) as exc:
                raise self._unreadable(before) from exc
        return publication.check_change(cells["before"], cells["after"], changes, threshold, threshold_before)
