"""An object's versions: list them, restore one (copy it over the key), delete one, download one.

A version's download is a one-item download job (``download.plan_version_download``): the same runner,
cancel and 'keep both' naming as any download, the new file named after its version.
"""

from __future__ import annotations

from objstore_tui.object_store import ObjectMetadata, ObjectStore, ObjectStoreValueError

from .download import plan_version_download

__all__ = ["delete_version", "list_versions", "plan_version_download", "restore_version"]


def list_versions(store: ObjectStore, bucket: str, key: str) -> list[ObjectMetadata]:
    """Every version and delete marker of ``key``, newest first (a listing by prefix also finds longer keys)."""
    return [version for version in store.list_object_versions(key, bucket) if version.key == key]


def restore_version(store: ObjectStore, version: ObjectMetadata) -> None:
    """Make ``version`` the latest again by copying it over the key: every version stays, the copy is new."""
    if version.is_delete_marker:
        raise ObjectStoreValueError(
            "a delete marker has no content to restore; delete the marker instead to uncover the version below it"
        )
    store.copy_object(version.key, version.key, version.bucket, version.bucket, src_version=version.version_id)


def delete_version(store: ObjectStore, version: ObjectMetadata) -> None:
    """Delete ``version`` for good; deleting a delete marker uncovers the version below it."""
    store.delete_file(version.key, version.bucket, version.version_id)
