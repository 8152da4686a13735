"""Copy (y): the key, the s3:// URI and the URL of an object, as another tool reads them."""

from __future__ import annotations

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.references import Named, Reference


def config(framework: str, **connection: object) -> ObjectStoreConfiguration:
    return ObjectStoreConfiguration.parse({"framework": framework, "connection": connection})


def test_key_uri_and_path_style_url_on_an_endpoint() -> None:
    named = Named("ops", "logs/2024/a b+c%.log")
    minio = config("minio", endpoint="https://minio.lab:9000/")
    assert named.text(Reference.KEY, minio) == "logs/2024/a b+c%.log"
    assert named.text(Reference.URI, minio) == "s3://ops/logs/2024/a b+c%.log"
    assert named.text(Reference.URL, minio) == "https://minio.lab:9000/ops/logs/2024/a%20b%2Bc%25.log"
    plain = config("boto3", endpoint="127.0.0.1:9000", secure=False)
    assert Named("ops", "k").url(plain) == "http://127.0.0.1:9000/ops/k"


def test_aws_urls_are_virtual_host_style_and_local_has_none() -> None:
    assert Named("ops", "k/x").url(config("boto3", region="eu-west-1")) == "https://ops.s3.eu-west-1.amazonaws.com/k/x"
    assert Named("ops", "k").url(config("local", endpoint="/tmp/b")) is None
    assert Named("ops", "").text(Reference.KEY, config("local", endpoint="/tmp/b")) is None  # a bucket has no key
