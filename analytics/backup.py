"""Backup and restore of a data folder as one file.

A backup is a tar archive followed by one line that holds the SHA-256 of every
byte before it, so a single changed byte anywhere in the file is found before
anything is written. Inside the archive, ``backup.json`` names the format, the
data version, when it was taken, and each file with its size and SHA-256; the
data folder's files follow under their own relative paths.

The snapshot is taken from one manifest, without stopping the app or an
import: every file a manifest names is written once and never changed
(:mod:`analytics.store`), so the manifest read at the start and the files it
names are a consistent state of the folder whatever commits land meanwhile.
Files of a commit that has not yet replaced the manifest, and files left behind
by a killed import, are not named by it and are left out. The audit trail and
the saved settings are each replaced in one rename, so each is copied whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from analytics.store import AUDIT, MANIFEST, SETTINGS, Store, StoreError, named_files
from analytics.text import t

FORMAT = "innovasjonsbarometeret-backup"
FORMAT_VERSION = 1
INDEX = "backup.json"
TRAILER = b"\nINNOBARO-BACKUP-SHA256 "
DIGEST_LENGTH = 64
CHUNK = 1 << 20


class BackupRefused(StoreError):
    """A backup file that cannot be restored, or a folder it may not be restored into."""


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def write_backup(store: Store, handle) -> dict:
    """Write a snapshot of ``store``'s folder to the open binary file ``handle``; returns its index."""
    manifest_path = store.data_dir / MANIFEST
    if not manifest_path.exists():
        raise StoreError(t("backup_no_data", data_dir=store.data_dir))
    manifest_bytes = manifest_path.read_bytes()
    manifest = json.loads(manifest_bytes)
    contents: dict[str, bytes] = {MANIFEST: manifest_bytes}
    try:
        for name in (AUDIT, SETTINGS):
            if (store.data_dir / name).exists():
                contents[name] = (store.data_dir / name).read_bytes()
        for rel_path in named_files(store.data_dir, manifest):
            contents[rel_path] = (store.data_dir / rel_path).read_bytes()
    except OSError as exc:
        raise StoreError(t("backup_file_unreadable", error=exc)) from exc
    index = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "data_version": int(manifest["version"]),
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": {
            path: {"size": len(data), "sha256": _sha256(data)} for path, data in sorted(contents.items())
        },
    }
    start = handle.tell()
    with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in [(INDEX, json.dumps(index, indent=1).encode("utf-8")), *contents.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    handle.flush()
    handle.seek(start)
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    handle.write(TRAILER + digest.hexdigest().encode("ascii") + b"\n")
    handle.flush()
    return index


def backup(store: Store, out: Path | str) -> dict:
    """Write a snapshot of ``store``'s folder to the file ``out``; returns its index.

    The file is written under a temporary name beside ``out`` and renamed into
    place, so ``out`` is either the old file or a whole backup.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise StoreError(t("backup_out_folder_missing", folder=out.parent))
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(tmp, "w+b") as handle:
            index = write_backup(store, handle)
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return index


def backup_bytes(store: Store) -> tuple[dict, bytes]:
    """A snapshot of ``store``'s folder as bytes (the download on *Administrasjon*), and its index."""
    buffer = io.BytesIO()
    index = write_backup(store, buffer)
    return index, buffer.getvalue()


def read_backup(path: Path | str) -> tuple[dict, dict[str, bytes]]:
    """The index and the files of a backup, after checking every byte; refuses anything else."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BackupRefused(t("restore_unreadable", file=path, error=exc)) from exc
    cut = raw.rfind(TRAILER)
    if cut < 0 or not raw.endswith(b"\n"):
        raise BackupRefused(t("restore_foreign", file=path))
    stated = raw[cut + len(TRAILER) : -1]
    if len(stated) != DIGEST_LENGTH or _sha256(raw[:cut]).encode("ascii") != stated:
        raise BackupRefused(t("restore_damaged", file=path))
    try:
        with tarfile.open(fileobj=io.BytesIO(raw[:cut]), mode="r:") as archive:
            files = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
        index = json.loads(files.pop(INDEX))
    except (tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupRefused(t("restore_foreign", file=path)) from exc
    if index.get("format") != FORMAT:
        raise BackupRefused(t("restore_foreign", file=path))
    if index.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(t("restore_newer_format", file=path, version=index.get("format_version")))
    listed = index.get("files", {})
    if set(listed) != set(files) or any(
        _sha256(files[name]) != entry["sha256"] or len(files[name]) != entry["size"]
        for name, entry in listed.items()
    ):
        raise BackupRefused(t("restore_damaged", file=path))
    for name in files:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise BackupRefused(t("restore_foreign", file=path))
    return index, files


def restore(path: Path | str, data_dir: Path | str, replace: bool = False) -> dict:
    """Restore the backup ``path`` into the folder ``data_dir``; returns the backup's index.

    Refuses a damaged or foreign file, and a folder that holds anything unless
    ``replace``. The files are written to a new folder beside ``data_dir``
    first, so a restore that fails leaves ``data_dir`` as it was; with
    ``replace`` the old folder is swapped out only once the new one is whole.
    """
    data_dir = Path(data_dir)
    index, files = read_backup(path)
    existing = data_dir.exists() and any(data_dir.iterdir())
    if existing and not replace:
        raise BackupRefused(t("restore_not_empty", data_dir=data_dir))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = data_dir.with_name(f".{data_dir.name}.restore-{uuid.uuid4().hex[:12]}")
    try:
        for name, content in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if data_dir.exists():
            old = data_dir.with_name(f".{data_dir.name}.replaced-{uuid.uuid4().hex[:12]}")
            data_dir.rename(old)
            staging.rename(data_dir)
            shutil.rmtree(old)
        else:
            staging.rename(data_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return index
