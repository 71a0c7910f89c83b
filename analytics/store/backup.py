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

from analytics.core.text import t
from analytics.store.folder import AUDIT, MANIFEST, SETTINGS, Store, StoreError, named_files

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


def _file_digest(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_backup(store: Store, handle) -> dict:
    """Write a snapshot of ``store``'s folder to the open binary file ``handle``; returns its index.

    The manifest, audit trail and settings are read once into memory (they are
    replaced, never changed in place, and small); the data files, which never
    change, are read twice: once for their checksums, once into the archive.
    """
    manifest_path = store.data_dir / MANIFEST
    if not manifest_path.exists():
        raise StoreError(t("backup_no_data", data_dir=store.data_dir))
    manifest_bytes = manifest_path.read_bytes()
    manifest = json.loads(manifest_bytes)
    small: dict[str, bytes] = {MANIFEST: manifest_bytes}
    entries: dict[str, dict] = {}
    try:
        for name in (AUDIT, SETTINGS):
            if (store.data_dir / name).exists():
                small[name] = (store.data_dir / name).read_bytes()
        entries = {name: {"size": len(data), "sha256": _sha256(data)} for name, data in small.items()}
        named = named_files(store.data_dir, manifest)
        for rel_path in named:
            size, digest = _file_digest(store.data_dir / rel_path)
            entries[rel_path] = {"size": size, "sha256": digest}
        index = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "data_version": int(manifest["version"]),
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": dict(sorted(entries.items())),
        }
        start = handle.tell()
        with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:

            def add(name: str, size: int, content) -> None:
                info = tarfile.TarInfo(name)
                info.size = size
                archive.addfile(info, content)

            index_bytes = json.dumps(index, indent=1).encode("utf-8")
            add(INDEX, len(index_bytes), io.BytesIO(index_bytes))
            for name, data in small.items():
                add(name, len(data), io.BytesIO(data))
            for rel_path in named:
                with open(store.data_dir / rel_path, "rb") as content:
                    add(rel_path, entries[rel_path]["size"], content)
    except OSError as exc:
        raise StoreError(t("backup_file_unreadable", error=exc)) from exc
    handle.flush()
    handle.seek(start)
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    handle.write(TRAILER + digest.hexdigest().encode("ascii") + b"\n")
    handle.flush()
    return index


def _audit_backup(store: Store, index: dict, who: str) -> None:
    count = len(index["files"])
    store.append_audit(who, "backup", t("audit_backup_detail", version=index["data_version"], count=count))


def backup(store: Store, out: Path | str, who: str) -> dict:
    """Write a snapshot of ``store``'s folder to the file ``out`` (audited as ``who``'s); returns its index.

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
    _audit_backup(store, index, who)
    return index


def backup_bytes(store: Store, who: str) -> tuple[dict, bytes]:
    """A snapshot of ``store``'s folder as bytes (the download on *Administrasjon*, audited as
    ``who``'s), and its index."""
    buffer = io.BytesIO()
    index = write_backup(store, buffer)
    _audit_backup(store, index, who)
    return index, buffer.getvalue()


TRAILER_LENGTH = len(TRAILER) + DIGEST_LENGTH + 1


def _members(archive: tarfile.TarFile, path: Path):
    """The archive's index, then each of its files as (name, member), checked for a safe name."""
    first = archive.next()
    if first is None or first.name != INDEX or not first.isfile():
        raise BackupRefused(t("restore_foreign", file=path))
    try:
        index = json.loads(archive.extractfile(first).read())
    except ValueError as exc:
        raise BackupRefused(t("restore_foreign", file=path)) from exc
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise BackupRefused(t("restore_foreign", file=path))
    if index.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(t("restore_newer_format", file=path, version=index.get("format_version")))
    yield index
    for member in archive:
        if member is first:  # iterating a TarFile starts again from the members already read
            continue
        name = Path(member.name)
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupRefused(t("restore_foreign", file=path))
        yield member


def _copy_checked(archive: tarfile.TarFile, member: tarfile.TarInfo, entry: dict | None, target, path: Path):
    """Copy a member's bytes to ``target`` (a binary file or None) and check them against the index."""
    if entry is None:
        raise BackupRefused(t("restore_damaged", file=path))
    digest, size = hashlib.sha256(), 0
    source = archive.extractfile(member)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise BackupRefused(t("restore_damaged", file=path))


def _walk(path: Path, write_to: Path | None) -> dict:
    """Check a backup file byte by byte; with ``write_to``, also write its files there. Returns its index."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            if size < TRAILER_LENGTH:
                raise BackupRefused(t("restore_foreign", file=path))
            handle.seek(size - TRAILER_LENGTH)
            trailer = handle.read()
            if not trailer.startswith(TRAILER) or not trailer.endswith(b"\n"):
                raise BackupRefused(t("restore_foreign", file=path))
            handle.seek(0)
            digest, left = hashlib.sha256(), size - TRAILER_LENGTH
            while left and (chunk := handle.read(min(CHUNK, left))):
                digest.update(chunk)
                left -= len(chunk)
            if digest.hexdigest().encode("ascii") != trailer[len(TRAILER) : -1]:
                raise BackupRefused(t("restore_damaged", file=path))
            handle.seek(0)
            with tarfile.open(fileobj=handle, mode="r:") as archive:
                members = _members(archive, path)
                index = next(members)
                listed, seen = index.get("files", {}), set()
                for member in members:
                    seen.add(member.name)
                    target = None
                    if write_to is not None:
                        (write_to / member.name).parent.mkdir(parents=True, exist_ok=True)
                        target = open(write_to / member.name, "wb")  # noqa: SIM115 - closed below
                    try:
                        _copy_checked(archive, member, listed.get(member.name), target, path)
                    finally:
                        if target is not None:
                            target.flush()
                            os.fsync(target.fileno())
                            target.close()
                if seen != set(listed):
                    raise BackupRefused(t("restore_damaged", file=path))
    except BackupRefused:
        raise
    except tarfile.TarError as exc:
        raise BackupRefused(t("restore_foreign", file=path)) from exc
    except OSError as exc:
        raise BackupRefused(t("restore_unreadable", file=path, error=exc)) from exc
    return index


def verify(path: Path | str) -> dict:
    """The index of a backup after checking every byte; refuses a damaged or foreign file."""
    return _walk(Path(path), None)


def restore(path: Path | str, data_dir: Path | str, who: str, replace: bool = False) -> dict:
    """Restore the backup ``path`` into the folder ``data_dir`` (audited there as ``who``'s);
    returns the backup's index.

    Refuses a damaged or foreign file, and a folder that holds anything unless
    ``replace``. The whole file is checked before anything is written; the files
    are then written to a new folder beside ``data_dir`` (and checked again as
    they are), so a restore that fails leaves ``data_dir`` as it was; with
    ``replace`` the old folder is swapped out only once the new one is whole.
    """
    path, data_dir = Path(path), Path(data_dir)
    verify(path)
    if data_dir.exists() and any(data_dir.iterdir()) and not replace:
        raise BackupRefused(t("restore_not_empty", data_dir=data_dir))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = data_dir.with_name(f".{data_dir.name}.restore-{uuid.uuid4().hex[:12]}")
    try:
        staging.mkdir()
        index = _walk(path, staging)
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
    detail = t(
        "audit_restore_detail", version=index["data_version"], file=path.name, taken_at=index["taken_at"]
    )
    Store(data_dir).append_audit(who, "restore", detail)
    return index
