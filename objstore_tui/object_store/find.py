"""Which objects ``find`` keeps: a name pattern (glob or regex, on the last segment or the whole key), size
bounds and age bounds, checked before any request and applied to the parallel walk's objects as they stream."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .errors import ObjectStoreValueError
from .models import ObjectMetadata

type When = datetime | timedelta
"""A point in time (timezone-aware), or an age: that long before the search starts."""


class InvalidFilterError(ObjectStoreValueError):
    pass


@dataclass(frozen=True, slots=True)
class Filter:
    """The checked form of ``find``'s arguments; ``matches`` says whether an object is kept."""

    pattern: re.Pattern[str] | None = None
    whole_key: bool = False
    larger: int | None = None
    smaller: int | None = None
    newer: datetime | None = None
    older: datetime | None = None

    def matches(self, item: ObjectMetadata) -> bool:
        if self.pattern is not None:
            text = item.key if self.whole_key else item.name
            if self.pattern.search(text) is None:
                return False
        if self.larger is not None and item.size <= self.larger:
            return False
        if self.smaller is not None and item.size >= self.smaller:
            return False
        if self.newer is not None or self.older is not None:
            when = item.updated_time
            if when is None:
                return False
            if self.newer is not None and when <= self.newer:
                return False
            if self.older is not None and when >= self.older:
                return False
        return True


def make_filter(
    name: str | re.Pattern[str] | None = None,
    *,
    regex: bool = False,
    whole_key: bool = False,
    larger: int | None = None,
    smaller: int | None = None,
    newer: When | None = None,
    older: When | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Filter:
    """``name`` is a glob ('*.log', case-sensitive, matched whole), a regex string with ``regex=True`` (searched),
    or a compiled pattern; ``larger``/``smaller`` are exclusive byte bounds; ``newer``/``older`` exclusive times."""
    started = now()
    low, high = _size(larger, "larger"), _size(smaller, "smaller")
    if low is not None and high is not None and low + 1 >= high:
        raise InvalidFilterError(f"no size is larger than {low} and smaller than {high}")
    newer_than, older_than = _when(newer, "newer", started), _when(older, "older", started)
    if newer_than is not None and older_than is not None and newer_than >= older_than:
        raise InvalidFilterError("no time is newer than the 'newer' bound and older than the 'older' bound")
    return Filter(_pattern(name, regex), whole_key, low, high, newer_than, older_than)


def _pattern(name: str | re.Pattern[str] | None, regex: bool) -> re.Pattern[str] | None:
    if name is None:
        return None
    if isinstance(name, re.Pattern):
        return name
    if not isinstance(name, str) or not name:
        raise InvalidFilterError(f"name must be a non-empty string or a compiled pattern, got {name!r}")
    if not regex:
        return re.compile(fnmatch.translate(name), re.DOTALL)
    try:
        return re.compile(name)
    except re.error as exc:
        raise InvalidFilterError(f"invalid regular expression {name!r}: {exc}") from None


def _size(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidFilterError(f"{what} must be a number of bytes >= 0, got {value!r}")
    return value


def _when(value: object, what: str, started: datetime) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        if value < timedelta(0):
            raise InvalidFilterError(f"{what}: an age must not be negative, got {value}")
        return started - value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidFilterError(f"{what}: give a timezone-aware datetime (UTC, say), got {value.isoformat()}")
        return value
    raise InvalidFilterError(f"{what} must be a datetime or a timedelta (an age), got {type(value).__name__}")


def matching(
    items: Iterator[ObjectMetadata], keep: Filter, progress: Callable[[int], None] | None = None, every: int = 1000
) -> Iterator[ObjectMetadata]:
    """The kept ``items``; ``progress`` gets the number of objects looked at every ``every`` objects and at the end.
    Closing this closes ``items`` (the walk stops its threads)."""
    scanned = 0
    try:
        for item in items:
            scanned += 1
            if progress is not None and scanned % every == 0:
                progress(scanned)
            if keep.matches(item):
                yield item
        if progress is not None:
            progress(scanned)
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()
