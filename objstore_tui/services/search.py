"""Search (F): what the user typed (a name pattern, sizes like '10M', ages like '7d', where to look) turned into
``ObjectStore.find`` arguments, checked before any request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from objstore_tui.object_store import ObjectStoreValueError
from objstore_tui.object_store.find import make_filter
from objstore_tui.services.location import Location

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)\s*$", re.IGNORECASE)
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
_AGE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class SearchInputError(ObjectStoreValueError):
    pass


def parse_size(text: str, what: str) -> int | None:
    """'' -> None; '500', '10k', '1.5M', '2GiB' -> bytes (powers of 1024, as sizes are shown)."""
    if not text.strip():
        return None
    match = _SIZE.match(text)
    if match is None:
        raise SearchInputError(f"{what}: a size like 500, 10k, 1.5M or 2G, not {text.strip()!r}")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * 1024 ** " kmgtp".index(unit or " "))


def parse_age(text: str, what: str) -> timedelta | None:
    """'' -> None; '90s', '30m', '12h', '7d', '2w' -> that long ago."""
    if not text.strip():
        return None
    match = _AGE.match(text)
    if match is None:
        raise SearchInputError(f"{what}: an age like 30m, 12h, 7d or 2w, not {text.strip()!r}")
    return timedelta(seconds=float(match.group(1)) * _AGE_UNITS[match.group(2).lower()])


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A checked search: ``root`` is where it looks (the open folder, or the whole bucket)."""

    root: Location
    name: str = ""
    regex: bool = False
    whole_key: bool = False
    larger: int | None = None
    smaller: int | None = None
    newer: timedelta | None = None
    older: timedelta | None = None

    def find_arguments(self) -> dict[str, Any]:
        return {
            "name": self.name or None,
            "regex": self.regex,
            "whole_key": self.whole_key,
            "larger": self.larger,
            "smaller": self.smaller,
            "newer": self.newer,
            "older": self.older,
        }

    def describe(self) -> str:
        """'“*.log” larger than 1.0 MiB under ops/logs/'."""
        parts = [f"“{self.name}”" if self.name else "everything"]
        if self.larger is not None:
            parts.append(f"larger than {self.larger:,} B")
        if self.smaller is not None:
            parts.append(f"smaller than {self.smaller:,} B")
        if self.newer is not None:
            parts.append(f"newer than {_age(self.newer)}")
        if self.older is not None:
            parts.append(f"older than {_age(self.older)}")
        return f"{' '.join(parts)} under {self.root}"


def _age(age: timedelta) -> str:
    seconds = age.total_seconds()
    for unit, size in reversed(_AGE_UNITS.items()):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def search_request(
    root: Location,
    name: str,
    *,
    regex: bool = False,
    whole_key: bool = False,
    larger: str = "",
    smaller: str = "",
    newer: str = "",
    older: str = "",
) -> SearchRequest:
    """The request from the dialog's fields; ``SearchInputError`` (a ValueError) says which field is wrong."""
    request = SearchRequest(
        root,
        name.strip(),
        regex,
        whole_key,
        parse_size(larger, "larger than"),
        parse_size(smaller, "smaller than"),
        parse_age(newer, "newer than"),
        parse_age(older, "older than"),
    )
    try:
        make_filter(**request.find_arguments())
    except ObjectStoreValueError as exc:
        raise SearchInputError(str(exc)) from None
    return request
