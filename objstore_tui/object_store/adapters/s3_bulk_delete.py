"""Bulk deletes that delete exactly the keys asked for, shared by the S3 adapters.

DeleteObjects carries its keys in an XML body. XML 1.0 cannot carry most C0 controls at all (one such key
fails the whole batch of 1,000), and the parser on the server turns a carriage return into a line feed: asked
to delete 'a\\rb', the server deletes 'a\\nb', a different object that may well exist, and reports it deleted.
Such keys are deleted one by one instead (a DELETE request carries its key in the URL, percent-encoded), and a
batch the server refuses as a whole falls back to one request per key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..errors import BucketNotFoundError, ObjectStoreError, StoreConnectionError
from ..models import BulkDeleteResult, DeleteFailure

_NOT_FAITHFUL_IN_XML = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry, plus the carriage return (\\x0d) that its parsers normalise to \\n."""


def travels_in_xml(key: str) -> bool:
    """Whether ``key`` reaches the server unchanged inside a DeleteObjects body."""
    return _NOT_FAITHFUL_IN_XML.search(key) is None


def delete_exactly(
    bucket: str,
    keys: Sequence[str],
    bulk: Callable[[list[str]], BulkDeleteResult],
    single: Callable[[str], object],
) -> BulkDeleteResult:
    """Delete ``keys``: the XML-safe ones with ``bulk``, the rest (and a refused batch) with ``single``.

    A missing bucket or an unreachable server fails the whole call, as it would fail every key; any other
    error of a single delete is reported for its key.
    """
    in_xml = [key for key in keys if travels_in_xml(key)]
    one_by_one = [key for key in keys if not travels_in_xml(key)]
    result = BulkDeleteResult(bucket)
    if in_xml:
        try:
            result = result.merged(bulk(in_xml))
        except (BucketNotFoundError, StoreConnectionError):
            raise
        except ObjectStoreError:
            one_by_one = in_xml + one_by_one
    for key in one_by_one:
        result = result.merged(_delete_one(bucket, key, single))
    return result


def _delete_one(bucket: str, key: str, single: Callable[[str], object]) -> BulkDeleteResult:
    try:
        single(key)
    except (BucketNotFoundError, StoreConnectionError):
        raise
    except ObjectStoreError as exc:
        return BulkDeleteResult(bucket, failed=(DeleteFailure(key, exc.code or type(exc).__name__, exc.reason),))
    return BulkDeleteResult(bucket, deleted=(key,))
