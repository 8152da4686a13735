"""Where the browser is: a bucket and a prefix inside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A bucket and a folder prefix ('' for the bucket's top, else ending in '/')."""

    bucket: str
    prefix: str = ""

    @classmethod
    def parse(cls, text: str) -> Location:
        """'bucket' or 'bucket/some/prefix' (a trailing '/' is added to a prefix that lacks one)."""
        bucket, _, prefix = text.strip().lstrip("/").partition("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return cls(bucket, prefix)

    @property
    def parent(self) -> Location | None:
        """The folder above, or None at the bucket's top."""
        if not self.prefix:
            return None
        head, _, _ = self.prefix.rstrip("/").rpartition("/")
        return Location(self.bucket, f"{head}/" if head else "")

    @property
    def name(self) -> str:
        """The last folder name, or the bucket's at its top."""
        return self.prefix.rstrip("/").rpartition("/")[2] or self.bucket

    def __str__(self) -> str:
        return f"{self.bucket}/{self.prefix}"


def bucket_order(names: Iterable[str]) -> list[str]:
    """The one order buckets are shown in, everywhere (tree, destination list): by name, each once."""
    return sorted(set(names))
