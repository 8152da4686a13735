"""How to name an object or folder elsewhere (y): its key, its ``s3://`` URI, its URL on the endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from objstore_tui.object_store import Framework, ObjectStoreConfiguration


class Reference(StrEnum):
    KEY = "key"
    URI = "uri"
    URL = "url"

    @property
    def label(self) -> str:
        return {"key": "key", "uri": "s3:// URI", "url": "URL"}[self.value]


@dataclass(frozen=True, slots=True)
class Named:
    """``key`` in ``bucket`` ('' for the bucket itself; a folder's prefix ends in '/')."""

    bucket: str
    key: str

    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    def url(self, config: ObjectStoreConfiguration) -> str | None:
        """The object's plain (unsigned) URL, path style on a custom endpoint; None for the local backend."""
        if config.framework is Framework.LOCAL:
            return None
        connection = config.connection
        key = quote(self.key, safe="/~")
        if not connection.endpoint:
            region = connection.region or "us-east-1"
            return f"https://{self.bucket}.s3.{region}.amazonaws.com/{key}"
        return f"{connection.endpoint_url}/{self.bucket}/{key}"

    def text(self, reference: Reference, config: ObjectStoreConfiguration) -> str | None:
        if reference is Reference.KEY:
            return self.key or None
        if reference is Reference.URI:
            return self.uri()
        return self.url(config)
