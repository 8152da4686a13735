"""Go to (g): every way of writing a place, parsed before any request."""

from __future__ import annotations

import pytest

from objstore_tui.services.goto import Destination, GoToError, parse_destination
from objstore_tui.services.location import Location


def parse(text: str, endpoint: str = "minio.lab:9000", current: str | None = "here") -> Destination:
    return parse_destination(text, current_bucket=current, buckets=["ops", "logs.archive"], endpoint=endpoint)


@pytest.mark.parametrize(
    ("text", "location", "name"),
    [
        ("s3://ops/logs/2024/app.log", Location("ops", "logs/2024/"), "app.log"),
        ("S3://ops/logs/2024/", Location("ops", "logs/2024/"), ""),
        ("s3://ops", Location("ops"), ""),
        ("s3://ops/", Location("ops"), ""),
        ("ops/logs/", Location("ops", "logs/"), ""),
        ("logs.archive/a b/c", Location("logs.archive", "a b/"), "c"),
        ("  ops/x.txt  ", Location("ops"), "x.txt"),
        ("reports/2024/q1.csv", Location("here", "reports/2024/"), "q1.csv"),  # not a known bucket: this bucket
        ("/ops/x", Location("here", "ops/"), "x"),  # a leading slash: this bucket, whatever the first segment
        ("http://minio.lab:9000/ops/deep/k%20ey.txt?X-Amz-Signature=abc", Location("ops", "deep/"), "k ey.txt"),
        ("https://ops.minio.lab/deep/", Location("ops", "deep/"), ""),
        ("https://MINIO.lab/ops", Location("ops"), ""),
        ("https://s3.eu-west-1.amazonaws.com/ops/a/b", Location("ops", "a/"), "b"),
        ("https://my.bucket.s3.eu-west-1.amazonaws.com/a/b", Location("my.bucket", "a/"), "b"),
        ("https://ops.s3.amazonaws.com/k", Location("ops"), "k"),
    ],
)
def test_places_written_every_way(text: str, location: Location, name: str) -> None:
    endpoint = "" if "amazonaws" in text else "https://minio.lab:9000"
    destination = parse(text, endpoint)
    assert (destination.location, destination.name) == (location, name)


def test_the_key_is_the_folder_and_the_name() -> None:
    assert parse("s3://ops/a/b/c.txt").key == "a/b/c.txt"


@pytest.mark.parametrize(
    ("text", "current", "says"),
    [
        ("", "here", "type where to go"),
        ("   ", "here", "type where to go"),
        ("s3://Bad_Bucket/x", "here", "invalid bucket name"),
        ("s3:///x", "here", "invalid bucket name"),
        ("https://elsewhere.example/ops/x", "here", "not the endpoint minio.lab"),
        ("some/path", None, "no bucket is open"),
        ("/x", None, "no bucket is open"),
    ],
)
def test_what_cannot_be_opened_says_why(text: str, current: str | None, says: str) -> None:
    with pytest.raises(GoToError, match=says):
        parse(text, current=current)


def test_an_aws_url_on_a_custom_endpoint_is_refused() -> None:
    with pytest.raises(GoToError, match="not the endpoint"):
        parse("https://ops.s3.amazonaws.com/k")
    with pytest.raises(GoToError, match="not AWS S3"):
        parse("https://minio.lab/ops/k", endpoint="")
