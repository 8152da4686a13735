"""Checks run before any request, so bad input fails fast with a clear ValueError."""

from __future__ import annotations

import ipaddress
import math
import re
from datetime import timedelta
from pathlib import Path, PurePosixPath

from .errors import InvalidBucketNameError, InvalidExpiryError, InvalidKeyError, UnsafePathError

MAX_KEY_BYTES = 1024
MAX_PRESIGN_EXPIRY = timedelta(days=7)
_BUCKET_CHARS = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")


def validate_bucket_name(name: object) -> str:
    """S3's bucket naming rules (the strict, DNS-compatible set every S3 server accepts)."""
    if not isinstance(name, str):
        raise InvalidBucketNameError(name, "must be a string")
    if not 3 <= len(name) <= 63:
        raise InvalidBucketNameError(name, "must be 3 to 63 characters long")
    if not _BUCKET_CHARS.match(name):
        raise InvalidBucketNameError(
            name, "use only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit"
        )
    if ".." in name or ".-" in name or "-." in name:
        raise InvalidBucketNameError(name, "must not have adjacent periods, or a period next to a hyphen")
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        pass
    else:
        raise InvalidBucketNameError(name, "must not be formatted as an IP address")
    if name.startswith(("xn--", "sthree-")) or name.endswith(("-s3alias", "--ol-s3")):
        raise InvalidBucketNameError(name, "uses a prefix or suffix reserved by S3")
    return name


def _utf8_length(value: str, what: str) -> int:
    try:
        return len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidKeyError(value, f"{what} is not valid UTF-8") from None


def validate_key(key: object) -> str:
    if not isinstance(key, str):
        raise InvalidKeyError(key, "must be a string")
    if not key:
        raise InvalidKeyError(key, "must not be empty")
    if _utf8_length(key, "key") > MAX_KEY_BYTES:
        raise InvalidKeyError(key[:40] + "...", f"longer than {MAX_KEY_BYTES} bytes in UTF-8")
    return key


def validate_prefix(prefix: object) -> str:
    if not isinstance(prefix, str):
        raise InvalidKeyError(prefix, "prefix must be a string")
    if _utf8_length(prefix, "prefix") > MAX_KEY_BYTES:
        raise InvalidKeyError(prefix[:40] + "...", f"prefix longer than {MAX_KEY_BYTES} bytes in UTF-8")
    return prefix


def validate_expiry(expires: object) -> timedelta:
    """Presigned URL lifetime: 1 second to 7 days, given as seconds or a timedelta."""
    if isinstance(expires, bool) or not isinstance(expires, int | float | timedelta):
        raise InvalidExpiryError(f"expiry must be seconds or a timedelta, not {type(expires).__name__}")
    # Compared as a number first: timedelta(seconds=...) overflows on inf, 10**15 and the like, and fails on nan.
    seconds = expires.total_seconds() if isinstance(expires, timedelta) else expires
    if isinstance(seconds, float) and math.isnan(seconds):
        raise InvalidExpiryError("expiry must be a number of seconds, got nan")
    if seconds < 1:
        raise InvalidExpiryError(f"expiry must be at least 1 second, got {_shown(seconds)} s")
    if seconds > MAX_PRESIGN_EXPIRY.total_seconds():
        raise InvalidExpiryError(
            f"expiry must be at most 7 days (604800 s), got {_shown(seconds)} s: "
            "SigV4 presigned URLs cannot live longer"
        )
    return timedelta(seconds=seconds)


def _shown(seconds: float) -> str:
    """A number for a message; ints too big for a float (10**400) are not formatted whole."""
    if isinstance(seconds, int) and abs(seconds) >= 10**18:
        return "below -10^18" if seconds < 0 else "over 10^18"
    return f"{seconds:g}"


def safe_destination(folder: Path, key: str, strip_prefix: str = "") -> Path:
    """The local path for ``key`` under ``folder``; UnsafePathError if the key would escape it."""
    return DestinationFolder(folder).target(key, strip_prefix)


class DestinationFolder:
    """Local paths for many keys under one folder, each checked as ``safe_destination`` checks one.

    A download plan asks for thousands: the folder's real path is found once, and each subfolder's once,
    where resolving every target walked (and lstat'ed) every component of every path: 60 us an object, a
    quarter of what a small download costs the client beyond its GET.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._root = folder.resolve()
        self._inside: dict[Path, bool] = {self._root: True}

    def target(self, key: str, strip_prefix: str = "") -> Path:
        relative = key[len(strip_prefix) :] if strip_prefix and key.startswith(strip_prefix) else key
        parts = PurePosixPath(relative).parts
        if (
            not relative
            or relative.startswith("/")
            or "\\" in relative
            or "\x00" in relative
            or any(part in ("..", ".") for part in relative.split("/"))
            or not parts
        ):
            raise UnsafePathError(key, self._folder)
        if relative.endswith("/"):
            raise UnsafePathError(key, self._folder, "a folder marker is not a file to write into")
        target = self._root.joinpath(*parts)
        # A symbolic link on the way (a subfolder, or the file itself) must not lead out of the folder.
        if not self._is_inside(target.parent) or (
            target.is_symlink() and not target.resolve().is_relative_to(self._root)
        ):
            raise UnsafePathError(key, self._folder)
        return target

    def _is_inside(self, folder: Path) -> bool:
        inside = self._inside.get(folder)
        if inside is None:
            inside = self._inside[folder] = folder.resolve().is_relative_to(self._root)
        return inside
