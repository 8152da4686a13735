"""An object's details as the sections a screen lists: grouped, in words, fields the server did not send left
out (never shown empty), every value with its control characters made visible."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from objstore_tui.object_store import ObjectDetails, visible
from objstore_tui.object_store.details import HEADER_NAMES

from .formatting import exact_size, local_time


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: tuple[tuple[str, str], ...]


def _rows(pairs: Iterable[tuple[str, object]]) -> tuple[tuple[str, str], ...]:
    """The pairs with a value, both sides made visible (names come from the server too: metadata, tags)."""
    return tuple((visible(label), visible(value)) for label, value in pairs if value not in (None, ""))


def _latest(details: ObjectDetails) -> str | None:
    if details.is_latest is None:
        return None
    return "yes" if details.is_latest else "no (a newer version exists)"


def _sorted(mapping: Mapping[str, str] | None) -> list[tuple[str, object]]:
    return sorted((mapping or {}).items())


def detail_sections(details: ObjectDetails) -> list[Section]:
    """Object, content headers, storage, encryption, checksums, replication, object lock, metadata, tags."""
    headers = details.headers
    sections = [
        Section(
            "Object",
            _rows(
                [
                    ("Key", details.key),
                    ("Bucket", details.bucket),
                    ("Size", exact_size(details.size)),
                    ("Last modified", local_time(details.updated_time, seconds=True)),
                    ("ETag", details.etag),
                    ("Version", details.version_id),
                    ("Latest version", _latest(details)),
                ]
            ),
        ),
        Section("Content headers", _rows((http, getattr(headers, name)) for name, http in HEADER_NAMES.items())),
        Section("Storage", _rows([("Storage class", details.storage_class), ("Restore", details.restore)])),
        Section("Encryption", _rows([("Type", details.encryption), ("KMS key id", details.kms_key_id)])),
        Section("Checksums", _rows(_sorted(details.checksums))),
        Section("Replication", _rows([("Status", details.replication_status)])),
        Section(
            "Object lock",
            _rows(
                [
                    ("Mode", details.lock_mode),
                    ("Retain until", details.lock_retain_until),
                    ("Legal hold", details.legal_hold),
                ]
            ),
        ),
        Section("User metadata", _rows(_sorted(details.metadata))),
        Section("Tags", _rows(_sorted(details.tags))),
    ]
    return [section for section in sections if section.rows]
