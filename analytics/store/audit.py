"""The audit trail: who did what and when, one JSON object a line in ``audit.jsonl``, only appended."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from analytics.core.text import t
from analytics.store.files import AUDIT, AUDIT_LOCK, StoreError


class AuditTrail:
    """The audit trail of :class:`analytics.store.folder.Store`: read it, append an entry.

    Uses what ``Store.__init__`` sets (``data_dir``), and the other jobs through
    ``self``: the writing (``_writer_lock``, ``_replace_file``) and the reading (``version``).
    """

    def audit_log(self) -> list[dict]:
        """Every audit entry, oldest first."""
        try:
            # One entry per "\n": a value may hold U+2028 or U+0085, which splitlines() breaks at.
            lines = (self.data_dir / AUDIT).read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(t("store_audit_unreadable", data_dir=self.data_dir, exc=exc)) from exc
        return [json.loads(line) for line in lines if line.strip()]

    def append_audit(self, who: str, action: str, detail: str) -> dict:
        """Append one entry (``at`` UTC, ``who``, ``action``, ``detail``, ``data_version``).

        The log is rewritten to a new file and renamed into place under a lock,
        so a reader sees it before or after the entry, never half of it.
        """
        # A separate lock, so that a long import does not hold up a download's audit line.
        with self._writer_lock(AUDIT_LOCK):
            entry = {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "who": who,
                "action": action,
                "detail": detail,
                "data_version": self.version(),
            }
            path = self.data_dir / AUDIT
            old = path.read_bytes() if path.exists() else b""
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            self._replace_file(AUDIT, old + line.encode("utf-8"))
            return entry
