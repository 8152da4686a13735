"""Faster answers from botocore for this project's own boto3 session, without changing botocore for anyone else.

A ListObjectsV2 answer is read by ``s3_listing``, as the minio adapter reads it: botocore's reader walks its
output model for every element, two thirds of a boto3 listing's CPU after the timestamps below. Every other
answer goes through botocore's own parser, errors included.

botocore parses every timestamp of a response through dateutil's general-purpose parser: in a listing of
20,000 keys that was over a third of the client's CPU, and for a small GET, whose Last-Modified header it parses,
about a tenth. S3 writes the timestamps in its XML as ISO 8601, which ``datetime.fromisoformat`` reads at a
fraction of the cost, and its headers as HTTP dates (``Sun, 06 Nov 1994 08:49:37 GMT``, RFC 9110's IMF-fixdate),
read here field by field; anything else (obsolete date forms, epoch numbers) goes to botocore's own parser, as
before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.model import Shape
from botocore.parsers import ResponseParser, ResponseParserFactory, RestXMLParser
from botocore.utils import parse_timestamp

from .s3_listing import ListingPage

LISTING_PAGE = "ListingPage"
"""Where a parsed ListObjectsV2 answer holds its ``ListingPage``, in place of botocore's fields."""

_MONTHS = {
    name: number
    for number, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
"""English month names whatever the locale, as HTTP dates always have them."""


def parse_fast_timestamp(value: Any) -> datetime:
    """An ISO 8601 timestamp or an HTTP date without dateutil, always aware (UTC when the text names no zone)."""
    if isinstance(value, str):
        try:
            if len(value) == 29 and value[3:5] == ", " and value.endswith(" GMT") and value[8:11] in _MONTHS:
                day, year = int(value[5:7]), int(value[12:16])
                hour, minute, second = int(value[17:19]), int(value[20:22]), int(value[23:25])
                return datetime(year, _MONTHS[value[8:11]], day, hour, minute, second, tzinfo=UTC)
            if "T" in value:
                parsed = datetime.fromisoformat(value)
                return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    fallback: datetime = parse_timestamp(value)
    return fallback


class _ListingParser(RestXMLParser):
    """botocore's S3 parser, except for a ListObjectsV2 answer's body (an error answer never gets here)."""

    def _do_parse(self, response: dict[str, Any], shape: Shape | None) -> dict[str, Any]:
        if shape is not None and shape.name == "ListObjectsV2Output":
            return {LISTING_PAGE: ListingPage(response["body"])}
        parsed: dict[str, Any] = super()._do_parse(response, shape)  # type: ignore[misc]
        return parsed


class _ParserFactory(ResponseParserFactory):
    def create_parser(self, protocol_name: str) -> ResponseParser:
        if protocol_name == "rest-xml":
            return _ListingParser(**self._defaults)  # type: ignore[attr-defined]
        parser: ResponseParser = super().create_parser(protocol_name)
        return parser


def use_fast_parsers(session: boto3.Session) -> None:
    """Give the clients this session creates from now on the fast paths; other sessions keep the default."""
    factory = _ParserFactory()
    factory.set_parser_defaults(timestamp_parser=parse_fast_timestamp)
    session._session.register_component("response_parser_factory", factory)
