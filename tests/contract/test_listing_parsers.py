"""The listing's own fast paths (botocore's timestamps, the ListObjectsV2 reader both adapters share) read every
answer as the SDKs did: timestamps, odd keys, folders, and pages with or without continuation tokens.

A real HTTP server answers ListObjectsV2 with a page written here: timestamps in each ISO 8601 form a server
may use, odd keys, URL-encoded keys. Where the CPU goes is read from a profile of the listing, not guessed.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import boto3
import pytest

from objstore_tui.object_store import Folder, ObjectStore
from tests.http_proxy import FakeS3, Reply, Request
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY

from .conftest import s3_config

BUCKET = "parsers"
LISTED = [
    ("plain.txt", "2024-02-29T23:59:59.123Z", datetime(2024, 2, 29, 23, 59, 59, 123000, tzinfo=UTC)),
    ("no-fraction", "2024-03-01T00:00:00Z", datetime(2024, 3, 1, tzinfo=UTC)),
    ("micro & <amp>", "2024-03-01T01:02:03.456789Z", datetime(2024, 3, 1, 1, 2, 3, 456789, tzinfo=UTC)),
    ("offset é", "2024-03-01T02:00:00+02:00", datetime(2024, 3, 1, 0, 0, tzinfo=UTC)),
    ("tab\tand\nnewline", "2024-03-01T00:00:00.000Z", datetime(2024, 3, 1, tzinfo=UTC)),
]


def _page(request: Request) -> Reply:
    """One ListObjectsV2 page of LISTED; keys URL-encoded when the client asks for encoding-type=url."""
    from urllib.parse import quote

    encode = request.query.get("encoding-type") == ["url"]
    contents = "".join(
        f"<Contents><Key>{quote(key, safe='/') if encode else escape(key)}</Key><LastModified>{stamp}</LastModified>"
        f'<ETag>"e{index}"</ETag><Size>{index * 10}</Size><StorageClass>STANDARD</StorageClass></Contents>'
        for index, (key, stamp, _) in enumerate(LISTED)
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        f"<Name>{BUCKET}</Name><Prefix></Prefix><KeyCount>{len(LISTED)}</KeyCount><MaxKeys>1000</MaxKeys>"
        f"{'<EncodingType>url</EncodingType>' if encode else ''}<IsTruncated>false</IsTruncated>{contents}"
        "</ListBucketResult>"
    )
    return Reply(200, body.encode())


@pytest.fixture(params=["boto3", "minio"])
def fake_store(request: pytest.FixtureRequest):
    with FakeS3(_page) as server:
        store = ObjectStore(
            {**s3_config(request.param, server.endpoint, ACCESS_KEY, SECRET_KEY, False), "root_bucket": BUCKET}
        )
        yield store
        store.close()


def test_listing_reads_every_timestamp_form_and_odd_key(fake_store: ObjectStore) -> None:
    listed = list(fake_store.list_objects())
    assert [(o.key, o.updated_time, o.size, o.etag) for o in listed] == [
        (key, when, index * 10, f"e{index}") for index, (key, _, when) in enumerate(LISTED)
    ]
    assert all(o.updated_time is not None and o.updated_time.utcoffset().total_seconds() == 0 for o in listed)


def _called_files(action: Callable[[], object]) -> set[str]:
    """The source files of every function ``action`` ran, from a profile of it."""
    profile = cProfile.Profile()
    profile.runcall(action)
    return {filename for filename, _, _ in pstats.Stats(profile).stats}  # type: ignore[attr-defined]


def test_boto3_listing_leaves_dateutil_alone_and_other_sessions_as_they_were(s3_server) -> None:
    """dateutil's parser cost a third of a boto3 listing's CPU: the store's session reads ISO times itself, while a
    boto3 session of someone else's in the same process keeps botocore's default (no global patch)."""
    config = s3_config("boto3", s3_server.endpoint, ACCESS_KEY, SECRET_KEY, False)
    store = ObjectStore({**config, "root_bucket": BUCKET})
    store.create_bucket(BUCKET)
    store.put_bytes("a.txt", b"a")
    files = _called_files(lambda: list(store.list_objects()))
    assert not any("dateutil" in name for name in files)
    plain = boto3.Session().client(
        "s3",
        endpoint_url=s3_server.url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    assert any("dateutil" in name for name in _called_files(lambda: plain.list_objects_v2(Bucket=BUCKET)))
    store.close()


@pytest.mark.parametrize(
    ("framework", "sdk_readers"),
    [
        ("minio", {"fromxml", "parse_list_objects"}),  # minio's Object.fromxml was half a minio listing's CPU
        ("boto3", {"_handle_structure", "_handle_list"}),  # botocore's model walk, two thirds of a boto3 listing's
    ],
)
def test_listings_read_the_page_without_the_sdks_parsers(s3_server, framework: str, sdk_readers: set[str]) -> None:
    config = s3_config(framework, s3_server.endpoint, ACCESS_KEY, SECRET_KEY, False)
    store = ObjectStore({**config, "root_bucket": BUCKET})
    store.create_bucket(BUCKET)
    store.put_bytes("a/b.txt", b"ab")
    profile = cProfile.Profile()
    profile.runcall(lambda: (list(store.list_objects()), list(store.list_dir())))
    called = {name for _, _, name in pstats.Stats(profile).stats}  # type: ignore[attr-defined]
    assert not called & sdk_readers
    assert [o.key for o in store.list_objects()] == ["a/b.txt"]
    assert list(store.list_dir()) == [Folder("a/", BUCKET)]
    store.close()


KEYS = [f"dir{index % 3}/key {index:02d} +&.txt" for index in range(11)]


def _paged(with_tokens: bool, url_encoding: bool) -> Callable[[Request], Reply]:
    """ListObjectsV2 in pages of 2 entries, continued by an opaque token or (without tokens, as some servers
    page) after the last key sent; the keys URL-encoded only if asked and ``url_encoding``."""
    from urllib.parse import quote

    def answer(request: Request) -> Reply:
        query = {name: values[0] for name, values in request.query.items()}
        prefix, delimiter = query.get("prefix", ""), query.get("delimiter", "")
        entries: list[tuple[str, bool]] = []  # (name, is a common prefix), in key order
        for key in sorted(k for k in KEYS if k.startswith(prefix)):
            cut = key.find(delimiter, len(prefix)) if delimiter else -1
            entry = (key[: cut + 1], True) if cut >= 0 else (key, False)
            if entry not in entries:
                entries.append(entry)
        start = int(query["continuation-token"].removeprefix("token-")) if "continuation-token" in query else 0
        if "start-after" in query:
            start = next((i for i, (name, _) in enumerate(entries) if name > query["start-after"]), len(entries))
        page, truncated = entries[start : start + 2], start + 2 < len(entries)
        encode = url_encoding and query.get("encoding-type") == "url"
        text = (lambda name: quote(name, safe="/")) if encode else escape
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        )
        body += f"<Name>{BUCKET}</Name><IsTruncated>{str(truncated).lower()}</IsTruncated>"
        body += "<EncodingType>url</EncodingType>" if encode else ""
        body += f"<NextContinuationToken>token-{start + 2}</NextContinuationToken>" if truncated and with_tokens else ""
        body += "".join(
            f"<CommonPrefixes><Prefix>{text(name)}</Prefix></CommonPrefixes>"
            if is_prefix
            else f'<Contents><Key>{text(name)}</Key><Size>{len(name)}</Size><ETag>"e"</ETag></Contents>'
            for name, is_prefix in page
        )
        return Reply(200, (body + "</ListBucketResult>").encode())

    return answer


@pytest.mark.parametrize("framework", ["boto3", "minio"])
@pytest.mark.parametrize(("with_tokens", "url_encoding"), [(True, True), (False, True), (True, False)])
def test_listing_follows_every_page_with_or_without_tokens(
    framework: str, with_tokens: bool, url_encoding: bool
) -> None:
    with FakeS3(_paged(with_tokens, url_encoding)) as server:
        config = s3_config(framework, server.endpoint, ACCESS_KEY, SECRET_KEY, False)
        store = ObjectStore({**config, "root_bucket": BUCKET})
        assert [(o.key, o.size) for o in store.list_objects()] == [(key, len(key)) for key in sorted(KEYS)]
        assert [o.key for o in store.list_objects("dir1/")] == sorted(k for k in KEYS if k.startswith("dir1/"))
        assert list(store.list_dir()) == [Folder(f"dir{index}/", BUCKET) for index in range(3)]
        listed_pages = [r for r in server.requests if r.query.get("list-type") == ["2"]]
        assert len(listed_pages) == 6 + 2 + 2  # 11 keys, 4 under dir1/, 3 folders, 2 to a page
        store.close()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Sun, 06 Nov 1994 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),
        ("Thu, 29 Feb 2024 23:59:59 GMT", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),  # RFC 850: dateutil's
        ("Sun Nov  6 08:49:37 1994", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),  # asctime: dateutil's
    ],
)
def test_boto3_reads_a_get_answers_http_date_without_dateutil_when_it_is_the_standard_form(
    header: str, expected: datetime
) -> None:
    """The Last-Modified header of every GET and HEAD went through dateutil, a tenth of a small download's CPU."""

    def answer(request: Request) -> Reply:
        headers = {"Content-Type": "text/plain", "ETag": '"' + "3" * 32 + '"', "Last-Modified": header}
        return Reply(200, b"" if request.method == "HEAD" else b"body", headers)

    with FakeS3(answer) as server:
        store = ObjectStore(
            {**s3_config("boto3", server.endpoint, ACCESS_KEY, SECRET_KEY, False), "root_bucket": BUCKET}
        )
        called: list[datetime | None] = []
        files = _called_files(lambda: called.append(store.stat_object("dated.txt").updated_time))
        assert called == [expected]
        assert any("dateutil" in name for name in files) == (not header.endswith(" GMT") or "-" in header)
        store.close()
