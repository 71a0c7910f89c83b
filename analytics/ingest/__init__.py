"""The importer (layer 3): read, map, validate, preview, then commit through the store.

The same functions serve the CLI (``python -m analytics import``) and the app:
:func:`prepare` reads and validates a file and returns an :class:`ImportReport`
(nothing is written); :func:`commit` stores a prepared report after the
analyst has seen it; :func:`import_bytes` does both, as the CLI does. A
refused file raises :class:`ImportRefused` with a message in bokmål and leaves
the data folder exactly as it was.

Each import is stored as its own payload and the tables are replayed from the
payloads (see :mod:`analytics.ingest.history`), so an import can be undone
exactly, and a later cumulative export of the same form updates edited
responses instead of adding them twice.

The work is done in :mod:`analytics.ingest.pipeline`; this module is its face.
"""

from analytics.ingest.errors import ImportRefused
from analytics.ingest.history import history, undo_import
from analytics.ingest.pipeline import (
    KINDS,
    ImportReport,
    commit,
    form_name,
    guess_group,
    import_bytes,
    import_file,
    load_demo,
    prepare,
    remembered_headers,
    replace_header_map,
    save_actions,
    save_header_map,
    save_invited,
    save_unit_map,
)

__all__ = [
    "KINDS",
    "ImportRefused",
    "ImportReport",
    "commit",
    "form_name",
    "guess_group",
    "history",
    "import_bytes",
    "import_file",
    "load_demo",
    "prepare",
    "remembered_headers",
    "replace_header_map",
    "save_actions",
    "save_header_map",
    "save_invited",
    "save_unit_map",
    "undo_import",
]
