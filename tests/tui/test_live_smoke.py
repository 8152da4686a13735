"""The browser against the real S3 endpoint in OBJSTORE_TEST_* (CI: its own Ceph RADOS Gateway), both SDKs.

Marked ``live`` and skipped unless OBJSTORE_TEST_ENDPOINT is set. Each test seeds its own ``smoke-*`` bucket with
plain boto3, checks what the browser created with the SDK it does not use, and removes its buckets afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import boto3
import pytest
from botocore.client import BaseClient
from botocore.config import Config
from minio import Minio
from textual.widgets import Input

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.text_view import TextView
from tests.s3_server import REGION
from tests.tui_ops.conftest import wait_screen

from .conftest import SIZE, browser, highlight, table_names, wait_for, wait_listed, wait_previewed

ENDPOINT = os.environ.get("OBJSTORE_TEST_ENDPOINT", "")
SECURE = os.environ.get("OBJSTORE_TEST_SECURE", "true").lower() in ("1", "true", "yes")
LIVE_REGION = os.environ.get("OBJSTORE_TEST_REGION", REGION)

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not ENDPOINT, reason="no live endpoint: set OBJSTORE_TEST_ENDPOINT (and _ACCESS_KEY, ...)"),
]


def credentials() -> tuple[str, str]:
    return os.environ["OBJSTORE_TEST_ACCESS_KEY"], os.environ["OBJSTORE_TEST_SECRET_KEY"]


def live_config(framework: str) -> ObjectStoreConfiguration:
    access, secret = credentials()
    connection = {"endpoint": ENDPOINT, "access_key": access, "secret_key": secret, "secure": SECURE}
    return ObjectStoreConfiguration.parse({"framework": framework, "connection": {**connection, "region": LIVE_REGION}})


def raw_boto3() -> BaseClient:
    access, secret = credentials()
    return boto3.client(
        "s3",
        endpoint_url=f"{'https' if SECURE else 'http'}://{ENDPOINT}",
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        region_name=LIVE_REGION,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def bucket_names_seen_by_the_other_sdk(framework: str) -> list[str]:
    """What the server lists, asked through the SDK the browser did not use."""
    if framework == "boto3":
        access, secret = credentials()
        client = Minio(ENDPOINT, access, secret, secure=SECURE, region=LIVE_REGION)
        return [bucket.name for bucket in client.list_buckets()]
    return [bucket["Name"] for bucket in raw_boto3().list_buckets()["Buckets"]]


@pytest.fixture(params=["minio", "boto3"])
def framework(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def bucket_name() -> Iterator[str]:
    """A fresh bucket name; the bucket and any bucket named after it are emptied and removed afterwards."""
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    yield name
    client = raw_boto3()
    for listed in client.list_buckets()["Buckets"]:
        if listed["Name"].startswith(name):
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=listed["Name"]):
                for item in page.get("Contents", []):
                    client.delete_object(Bucket=listed["Name"], Key=item["Key"])
            client.delete_bucket(Bucket=listed["Name"])


async def test_lists_and_previews_a_bucket_seeded_with_the_sdk(framework: str, bucket_name: str) -> None:
    client = raw_boto3()
    client.create_bucket(Bucket=bucket_name)
    client.put_object(Bucket=bucket_name, Key="logs/2025/app.log", Body=b"started\n")
    client.put_object(Bucket=bucket_name, Key="notes.txt", Body=b"first line\nsecond line\n")
    async with browser(live_config(framework), bucket_name).run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        assert screen.location == Location(bucket_name)
        assert bucket_name in screen.query_one(BucketTree).bucket_names()
        assert table_names(screen) == ["logs", "notes.txt"]

        await highlight(pilot, "notes.txt")
        preview = await wait_previewed(pilot)
        assert preview.query_one(TextView).render_line(1).text.startswith("2 │ second line")

        await highlight(pilot, "logs")
        await pilot.press("enter")
        await wait_listed(pilot)
        assert table_names(screen) == ["2025"]
        await pilot.press("enter")
        await wait_listed(pilot)
        assert screen.location == Location(bucket_name, "logs/2025/")
        assert table_names(screen) == ["app.log"]


async def test_creates_a_bucket_from_the_browser(framework: str, bucket_name: str) -> None:
    raw_boto3().create_bucket(Bucket=bucket_name)
    created = f"{bucket_name}-new"
    async with browser(live_config(framework), bucket_name).run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        tree = screen.query_one(BucketTree)
        await pilot.press("n")
        dialog = await wait_screen(pilot, CreateBucketDialog)
        dialog.query_one(Input).value = created
        await pilot.press("enter")
        await wait_for(pilot, lambda: created in tree.bucket_names())
        assert screen.location == Location(bucket_name)
    assert created in bucket_names_seen_by_the_other_sdk(framework)
