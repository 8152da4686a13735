"""Search (F): sizes, ages and the dialog's fields checked before any request."""

from __future__ import annotations

from datetime import timedelta

import pytest

from objstore_tui.services.location import Location
from objstore_tui.services.search import SearchInputError, parse_age, parse_size, search_request

ROOT = Location("ops", "logs/")


@pytest.mark.parametrize(
    ("text", "size"), [("", None), ("500", 500), ("10k", 10240), ("1.5M", 1572864), ("2GiB", 2 << 30), ("3 kb", 3072)]
)
def test_sizes(text: str, size: int | None) -> None:
    assert parse_size(text, "larger than") == size


@pytest.mark.parametrize(("text", "age"), [("", None), ("90s", 90), ("30m", 1800), ("12h", 43200), ("2w", 1209600)])
def test_ages(text: str, age: int | None) -> None:
    assert parse_age(text, "newer than") == (None if age is None else timedelta(seconds=age))


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"larger": "ten"}, "larger than: a size like"),
        ({"smaller": "-1"}, "smaller than: a size like"),
        ({"newer": "yesterday"}, "newer than: an age like"),
        ({"larger": "10", "smaller": "5"}, "no size is larger than 10 and smaller than 5"),
        ({"newer": "1d", "older": "2d"}, "no time is newer"),
        ({"regex": True, "name": "("}, "invalid regular expression"),
    ],
)
def test_bad_fields_say_which(fields: dict, says: str) -> None:
    name = fields.pop("name", "*.log")
    with pytest.raises(SearchInputError, match=says):
        search_request(ROOT, name, **fields)


def test_a_request_describes_itself_and_gives_find_its_arguments() -> None:
    request = search_request(ROOT, " *.log ", larger="1k", newer="7d")
    assert request.describe() == "“*.log” larger than 1,024 B newer than 1w under ops/logs/"
    assert request.find_arguments()["name"] == "*.log"
    assert search_request(ROOT, "").describe() == "everything under ops/logs/"
