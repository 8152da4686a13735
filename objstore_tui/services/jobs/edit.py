"""Editing an object in the user's editor: download it to a private temp file, run ``$VISUAL`` / ``$EDITOR``
(else nano, else vi), and upload it back only if the object did not change meanwhile.

The temp file lives in a folder of its own (mode 0700, the file 0600), named after the key's last segment so
the editor picks its syntax; ``discard`` removes both, and the UI calls it in every case. The upload is
``ObjectStore.write_if_unchanged`` on the ETag downloaded, which keeps the content type and the metadata; a
conflict is an answer (``Saved.conflict``), not an error, so the UI can offer: overwrite, save under another
key, or keep the local copy.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from objstore_tui.object_store import (
    ObjectChangedError,
    ObjectStore,
    ObjectStoreValueError,
    WriteGuarantee,
    visible,
)
from objstore_tui.services.formatting import human_size

from .conflicts import free_name, labelled

FALLBACK_EDITORS = ("nano", "vi")


class TooBigToEditError(ObjectStoreValueError):
    """The object is larger than ``transfer.edit_max_bytes``."""


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """``$VISUAL``, else ``$EDITOR`` (split like a shell would: 'code --wait'), else nano, else vi."""
    for variable in ("VISUAL", "EDITOR"):
        if command := environ.get(variable, "").strip():
            return shlex.split(command)
    for editor in FALLBACK_EDITORS:
        if found := shutil.which(editor):
            return [found]
    raise ObjectStoreValueError("no editor: set $VISUAL or $EDITOR (nano and vi are not installed)")


@dataclass(frozen=True, slots=True)
class EditSession:
    """One object being edited: where its bytes are, and what they were."""

    bucket: str
    key: str
    path: Path
    etag: str | None
    """The ETag of the bytes downloaded; None for a new object."""
    digest: str
    modified_ns: int

    @property
    def is_new(self) -> bool:
        return self.etag is None


def _private_file(key: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="objstore-edit-"))  # mode 0700
    name = key.rstrip("/").rsplit("/", 1)[-1] or "object"
    path = folder / name
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _session(bucket: str, key: str, path: Path, etag: str | None) -> EditSession:
    return EditSession(bucket, key, path, etag, _digest(path), path.stat().st_mtime_ns)


def start_edit(store: ObjectStore, bucket: str, key: str) -> EditSession:
    """Download the object to a private temp file; refuse one over ``transfer.edit_max_bytes``."""
    limit = store.config.transfer.edit_max_bytes
    stat = store.stat_object(key, bucket)
    size = stat.size
    if size > limit:
        raise TooBigToEditError(
            f"{visible(key)} is {human_size(size)}; objects up to {human_size(limit)} are edited "
            "(transfer.edit_max_bytes). Download it (d) instead."
        )
    path = _private_file(key)
    try:
        fetched = store.download_file(key, path, bucket)
        path.chmod(0o600)
    except BaseException:
        discard_path(path)
        raise
    # The GET's ETag names exactly the bytes fetched; the local backend gives none there, so its stat's.
    return _session(bucket, key, path, fetched.etag or stat.etag or "")


def start_new(store: ObjectStore, bucket: str, key: str) -> EditSession:
    """An empty private file for a new object at ``key``; refused when the key holds an object already."""
    if store.object_exists(key, bucket):
        raise ObjectStoreValueError(f"{visible(key)} exists already in bucket {visible(bucket)}: edit it with e")
    return _session(bucket, key, _private_file(key), None)


def was_changed(session: EditSession) -> bool:
    """The content differs, or (for a new object) the editor saved the file at all, even empty."""
    if _digest(session.path) != session.digest:
        return True
    return session.is_new and session.path.stat().st_mtime_ns != session.modified_ns


@dataclass(frozen=True, slots=True)
class Saved:
    """How an upload ended: written (with its guarantee), or refused because the object changed meanwhile."""

    key: str
    conflict: str = ""
    """Why the object was not written: it changed (or appeared) since it was read. Empty when written."""
    guarantee: WriteGuarantee | None = None


def save(store: ObjectStore, session: EditSession) -> Saved:
    """Upload the edited file, only if the object is as it was downloaded (a new one: only if still absent)."""
    data = session.path.read_bytes()
    if session.is_new:
        if store.object_exists(session.key, session.bucket):
            return Saved(session.key, conflict="an object with this key was created meanwhile")
        store.put_bytes(session.key, data, session.bucket)
        return Saved(session.key, guarantee=WriteGuarantee.HEAD_CHECK)
    try:
        written = store.write_if_unchanged(session.key, data, session.etag or "", session.bucket)
    except ObjectChangedError as exc:
        return Saved(session.key, conflict=exc.reason)
    return Saved(session.key, guarantee=written.guarantee)


def overwrite(store: ObjectStore, session: EditSession) -> Saved:
    """Write over whatever the object holds now, keeping its current content type and metadata."""
    current = store.stat_object(session.key, session.bucket)
    if current.etag is None:
        store.put_bytes(session.key, session.path.read_bytes(), session.bucket)
        return Saved(session.key, guarantee=WriteGuarantee.HEAD_CHECK)
    written = store.write_if_unchanged(session.key, session.path.read_bytes(), current.etag, session.bucket)
    return Saved(session.key, guarantee=written.guarantee)


def save_as(store: ObjectStore, session: EditSession) -> Saved:
    """Save under a free key beside the original ('name (edited).ext', then numbers), never over anything."""
    wanted = labelled(session.key, "edited")
    key = (
        wanted
        if not store.object_exists(wanted, session.bucket)
        else free_name(wanted, lambda name: store.object_exists(name, session.bucket))
    )
    store.put_bytes(key, session.path.read_bytes(), session.bucket)
    return Saved(key, guarantee=WriteGuarantee.HEAD_CHECK)


def keep_local(session: EditSession, folder: Path) -> Path:
    """Copy the edited file into ``folder`` under a free name ('name (edited).ext'), for the user to keep."""
    wanted = str(folder / labelled(session.path.name, "edited"))
    target = wanted if not os.path.exists(wanted) else free_name(wanted, os.path.exists)
    shutil.copyfile(session.path, target)
    return Path(target)


def discard(session: EditSession) -> None:
    """Remove the temp file and its private folder."""
    discard_path(session.path)


def discard_path(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)
