"""Sizes, times and locations as the browser shows them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from objstore_tui.object_store import Folder, ObjectMetadata
from objstore_tui.services.formatting import entry_type, exact_size, human_size, local_time, plural
from objstore_tui.services.location import Location


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (1023, "1,023 B"),
        (1024, "1.0 KiB"),
        (4_404_019, "4.2 MiB"),
        (5 * 1024**3, "5.0 GiB"),
        (3 * 1024**6, "3072.0 PiB"),
    ],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_local_time_uses_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    moment = datetime(2025, 1, 15, 9, 30, 5, tzinfo=UTC)
    assert local_time(moment) == "2025-01-15 09:30"
    assert local_time(moment, seconds=True) == "2025-01-15 09:30:05"
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    assert local_time(moment) == "2025-01-15 15:00"
    assert local_time(None) == ""


def test_entry_type_prefers_the_listed_type_then_the_extension() -> None:
    assert entry_type(Folder("a/")) == "folder"
    assert entry_type(ObjectMetadata("a/b.CSV", None, 1)) == "text/csv"
    assert entry_type(ObjectMetadata("a/b.weird", None, 1, content_type="application/x-weird")) == "application/x-weird"
    assert entry_type(ObjectMetadata("a/b.json", None, 1, content_type="application/octet-stream")) == (
        "application/json"
    )
    assert entry_type(ObjectMetadata("noextension", None, 1)) == ""


def test_location_parse_parent_and_name() -> None:
    location = Location.parse("bucket/a/b")
    assert location == Location("bucket", "a/b/")
    assert location.name == "b"
    assert location.parent == Location("bucket", "a/")
    assert location.parent.parent == Location("bucket")
    assert Location("bucket").parent is None
    assert Location("bucket").name == "bucket"
    assert Location.parse("/bucket/") == Location("bucket")
    assert str(location) == "bucket/a/b/"


def test_plural_agrees_and_separates_thousands() -> None:
    assert plural(1, "object") == "1 object"
    assert plural(2, "object") == "2 objects"
    assert plural(0, "file") == "0 files"
    assert plural(5003, "file") == "5,003 files"
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"


def test_exact_size_says_bytes_only_when_rounding_hides_them() -> None:
    assert exact_size(1) == "1 B"
    assert exact_size(4_404_019) == "4.2 MiB (4,404,019 bytes)"
