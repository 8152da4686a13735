"""The local side of a download: a temp file beside the target, renamed into place, undone on any failure.

Every file-system failure (a name too long, a folder where a file should go or the reverse, no permission, a
full disk) becomes a ``LocalPathError`` naming the key and the path, and leaves the disk as it was: the temp
file and every folder this download created are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TypeGuard

from .errors import LocalPathError

DEFAULT_NAME_MAX = 255
TEMP_ATTEMPTS = 3
"""Tries to create the temp file when a concurrent download's cleanup removes a folder just made."""

_LOCAL_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EFBIG,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.EIO,
        errno.ENAMETOOLONG,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EEXIST,
        errno.ENOENT,
    }
)
"""File-system errors: an SDK writing our temp file raises these, while its network failures do not."""


def temp_name() -> str:
    """A fixed-length name, so it fits wherever the target's name does, whatever the key's length."""
    return f".objstore-{uuid.uuid4().hex[:16]}.part"


@contextlib.contextmanager
def atomic_download(target: Path, key: str) -> Iterator[Path]:
    """Yield a fresh temp file beside ``target`` to write; rename it onto ``target`` when the block succeeds."""
    created: list[Path] = []
    temp: Path | None = None
    try:
        _check_name_fits(target)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
        created, temp = _reserve_temp(target.parent)
        yield temp
        os.replace(temp, target)
    except BaseException as exc:
        _undo(temp, created)
        cause = _local_os_error(exc, target, temp)
        if cause is None:
            raise
        raise LocalPathError(f"cannot download key '{key}' to '{target}': {_describe(cause)}") from cause


def _local_os_error(exc: BaseException, target: Path, temp: Path | None) -> OSError | None:
    """The file-system error behind ``exc`` (an SDK wraps it in its own), or None when the failure was remote."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_local(current, target, temp):
            return current
        current = current.__cause__ or current.__context__
    return None


def _is_local(exc: BaseException, target: Path, temp: Path | None) -> TypeGuard[OSError]:
    """An OSError about the target, its folders or the temp file (s3transfer's own temp starts with its name);
    one without a path (a write to a full disk) by its errno."""
    if not isinstance(exc, OSError) or isinstance(exc, ConnectionError | TimeoutError | socket.gaierror):
        return False
    if not isinstance(exc.filename, str | bytes):
        return exc.errno in _LOCAL_ERRNOS
    named = Path(os.fsdecode(exc.filename))
    return named == target or named in target.parents or (temp is not None and str(named).startswith(str(temp)))


def _describe(error: OSError) -> str:
    where = f": '{error.filename}'" if error.filename is not None else ""
    return f"{error.strerror or error}{where}"


def _check_name_fits(target: Path) -> None:
    """Refuse a name the file system cannot hold before anything is fetched or created."""
    existing = next((folder for folder in target.parents if folder.is_dir()), None)
    try:
        name_max = os.pathconf(existing, "PC_NAME_MAX") if existing is not None else DEFAULT_NAME_MAX
    except OSError:
        name_max = DEFAULT_NAME_MAX
    if len(os.fsencode(target.name)) > name_max:
        raise OSError(errno.ENAMETOOLONG, f"file name longer than {name_max} bytes", str(target))


def _reserve_temp(folder: Path) -> tuple[list[Path], Path]:
    """Create the missing folders and an empty temp file in ``folder``; returns the folders made and the file."""
    created: list[Path] = []
    try:
        for attempt in range(TEMP_ATTEMPTS):
            created += _make_folders(folder)
            temp = folder / temp_name()
            try:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileNotFoundError:
                if attempt == TEMP_ATTEMPTS - 1:
                    raise
            else:
                return created, temp
    except BaseException:
        _undo(None, created)
        raise
    raise AssertionError("unreachable")


def _make_folders(folder: Path) -> list[Path]:
    """``mkdir -p`` that returns the folders it created, top first, and removes them again if it fails."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise
            else:
                created.append(path)
    except BaseException:
        _undo(None, created)
        raise
    return created


def _undo(temp: Path | None, created: list[Path]) -> None:
    """Remove the temp file and the folders made for it, deepest first; a folder someone else filled stays."""
    if temp is not None:
        with contextlib.suppress(OSError):
            temp.unlink()
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()
