"""Editing the metadata, content headers and tags of one object or of many: what changes (``MetadataChanges``,
read from a small text document the user edits), the plan (the keys behind the selection), and the job (per
key: one HEAD, then the copy onto itself only where something differs, on ``run_job``).

The document, one line each (``#`` starts a comment)::

    Content-Type: text/csv          a content header: Content-Type, -Encoding, -Disposition, -Language,
    Cache-Control: no-store                           Cache-Control, Expires
    meta owner: ops                 user metadata (x-amz-meta-owner)
    tag team: data                  a tag
    -Cache-Control / -meta owner / -tag team   removes it (for many objects; for one, deleting its line does)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from objstore_tui.object_store import (
    ContentHeaders,
    DirEntry,
    ObjectChangedError,
    ObjectDetails,
    ObjectStore,
    visible,
)
from objstore_tui.object_store.details import HEADER_NAMES

from .listing import expand_selection, is_versioned
from .model import JobReport
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, ItemContext, Listener, SkipItem, run_job

_FIELD_BY_HEADER = {http.lower(): name for name, http in HEADER_NAMES.items()}
META = "meta "
TAG = "tag "

METADATA_WORKERS = DEFAULT_WORKERS
"""Keys in flight at once. Against moto on 2 heavily shared cores (tests/benchmarks/bench_metadata.py), 8 and 16
measured alike within the noise; the server's CPU is the limit."""


class DocumentError(ValueError):
    """A line of the document that is not a header, metadata or tag line; names the line."""


@dataclass(frozen=True, slots=True)
class MetadataChanges:
    """What to set and what to remove; a header set to None is removed."""

    headers: Mapping[str, str | None] = field(default_factory=dict)
    """By ``ContentHeaders`` field name."""
    set_metadata: Mapping[str, str] = field(default_factory=dict)
    remove_metadata: frozenset[str] = frozenset()
    set_tags: Mapping[str, str] = field(default_factory=dict)
    remove_tags: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.headers or self.set_metadata or self.remove_metadata or self.touches_tags)

    @property
    def touches_tags(self) -> bool:
        return bool(self.set_tags or self.remove_tags)

    @property
    def touches_copy(self) -> bool:
        """Headers or metadata change: the object is copied onto itself (a new version where versioned)."""
        return bool(self.headers or self.set_metadata or self.remove_metadata)

    def apply(self, details: ObjectDetails) -> tuple[ContentHeaders, dict[str, str], dict[str, str] | None]:
        """The object's headers, metadata and tags once changed (tags None: left alone)."""
        headers = details.headers.with_values(dict(self.headers))
        metadata = {k: v for k, v in details.metadata.items() if k not in self.remove_metadata}
        metadata.update(self.set_metadata)
        tags = None
        if self.touches_tags:
            tags = {k: v for k, v in (details.tags or {}).items() if k not in self.remove_tags}
            tags.update(self.set_tags)
        return headers, metadata, tags

    def lines(self) -> list[str]:
        """In words, one change a line, server text made visible: 'Cache-Control: no-store', 'remove meta x'."""
        said = []
        for name, value in self.headers.items():
            header = HEADER_NAMES[name]
            said.append(f"{header}: {visible(value)}" if value is not None else f"remove {header}")
        said += [f"meta {visible(k)}: {visible(v)}" for k, v in self.set_metadata.items()]
        said += [f"remove meta {visible(k)}" for k in sorted(self.remove_metadata)]
        said += [f"tag {visible(k)}: {visible(v)}" for k, v in self.set_tags.items()]
        said += [f"remove tag {visible(k)}" for k in sorted(self.remove_tags)]
        return said


@dataclass
class _Document:
    headers: dict[str, str | None] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    removed_metadata: set[str] = field(default_factory=set)
    removed_tags: set[str] = field(default_factory=set)


def _parse(text: str) -> _Document:
    document = _Document()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        removing = line.startswith("-")
        line = line.removeprefix("-").strip()
        name, colon, value = line.partition(":")
        if not removing and not colon:
            raise DocumentError(f"line {number}: 'name: value' expected, got {visible(raw)!r}")
        name, value = name.strip(), value.strip()
        if name.lower().startswith(META):
            _put(document.metadata, document.removed_metadata, name[len(META) :].strip().lower(), value, removing)
        elif name.lower().startswith(TAG):
            _put(document.tags, document.removed_tags, name[len(TAG) :].strip(), value, removing)
        elif name.lower() in _FIELD_BY_HEADER:
            document.headers[_FIELD_BY_HEADER[name.lower()]] = None if removing else value
        else:
            raise DocumentError(
                f"line {number}: {visible(name)!r} is not a content header "
                f"({', '.join(HEADER_NAMES.values())}); write 'meta {visible(name)}: …' for user metadata"
            )
    return document


def _put(values: dict[str, str], removed: set[str], name: str, value: str, removing: bool) -> None:
    if removing:
        removed.add(name)
    else:
        values[name] = value


def changes_from_document(text: str) -> MetadataChanges:
    """The changes a document asks of many objects: what it sets, and its '-' lines removed."""
    document = _parse(text)
    return MetadataChanges(
        headers=document.headers,
        set_metadata=document.metadata,
        remove_metadata=frozenset(document.removed_metadata),
        set_tags=document.tags,
        remove_tags=frozenset(document.removed_tags),
    )


def document_of(details: ObjectDetails) -> str:
    """One object's headers, metadata and tags as the document, to edit in place."""
    lines = [f"{HEADER_NAMES[name]}: {value}" for name in HEADER_NAMES if (value := getattr(details.headers, name))]
    lines += [f"meta {name}: {value}" for name, value in sorted(details.metadata.items())]
    lines += [f"tag {name}: {value}" for name, value in sorted((details.tags or {}).items())]
    return "\n".join(lines) + "\n"


def changes_between(details: ObjectDetails, text: str) -> MetadataChanges:
    """One object: what the edited document changes, a deleted line being a removal."""
    document = _parse(text)
    headers: dict[str, str | None] = {}
    for name in HEADER_NAMES:
        before, after = getattr(details.headers, name), document.headers.get(name) or None
        if after != before:
            headers[name] = after
    metadata = dict(details.metadata)
    tags = dict(details.tags or {})
    return MetadataChanges(
        headers=headers,
        set_metadata={k: v for k, v in document.metadata.items() if metadata.get(k) != v},
        remove_metadata=frozenset(set(metadata) - set(document.metadata)),
        set_tags={k: v for k, v in document.tags.items() if tags.get(k) != v},
        remove_tags=frozenset(set(tags) - set(document.tags)) if details.tags is not None else frozenset(),
    )


def diff_lines(details: ObjectDetails, changes: MetadataChanges) -> list[str]:
    """One object's change as 'before → after' lines, for the confirmation."""
    headers, metadata, tags = changes.apply(details)
    lines = []
    for name, http in HEADER_NAMES.items():
        before, after = getattr(details.headers, name), getattr(headers, name)
        if before != after:
            lines.append(f"{http}: {visible(before or '(none)')} → {visible(after or '(removed)')}")
    lines += _mapping_diff("meta", details.metadata, metadata)
    if tags is not None:
        lines += _mapping_diff("tag", details.tags or {}, tags)
    return lines


def _mapping_diff(kind: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            lines.append(f"{kind} {visible(name)}: {visible(old or '(none)')} → {visible(new or '(removed)')}")
    return lines


@dataclass(frozen=True, slots=True)
class MetadataPlan:
    bucket: str
    keys: tuple[str, ...]
    changes: MetadataChanges
    versioned: bool
    """A copy onto itself makes a new version of each object on a versioned bucket."""
    details: ObjectDetails | None = None
    """The one object's details as the user saw them, when one object is edited (its diff is shown)."""


def plan_metadata(
    store: ObjectStore,
    bucket: str,
    entries: Iterable[DirEntry],
    changes: MetadataChanges,
    cancel: threading.Event | None = None,
    details: ObjectDetails | None = None,
) -> MetadataPlan:
    """The objects behind the selection (folders: everything under them). Lists, so run it in a worker."""
    keys = tuple(item.key for item in expand_selection(store, bucket, entries, cancel))
    return MetadataPlan(bucket, keys, changes, is_versioned(store, bucket), details)


def _edit_one(store: ObjectStore, plan: MetadataPlan, key: str, context: ItemContext) -> str:
    """HEAD (and tags if they change), then write only what differs; the copy is conditional on that ETag."""
    changes = plan.changes
    details = store.object_details(key, plan.bucket, with_tags=changes.touches_tags)
    if plan.details is not None and plan.details.etag != details.etag:
        raise ObjectChangedError("the object changed since its details were shown", bucket=plan.bucket, key=key)
    headers, metadata, tags = changes.apply(details)
    update = store.update_metadata(
        key, plan.bucket, metadata=metadata, headers=headers, tags=tags, expected_etag=details.etag, read=details
    )
    if not update.changed:
        raise SkipItem("already as asked")
    return update.version_id or ""


def run_metadata(
    store: ObjectStore,
    plan: MetadataPlan,
    *,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
    workers: int = METADATA_WORKERS,
) -> JobReport[str, str]:
    """Edit every planned key, a few at a time; each key's result is its own (done, skipped, failed)."""
    return run_job(
        plan.keys,
        lambda key, context: _edit_one(store, plan, key, context),
        cancel=cancel,
        on_progress=on_progress,
        interval=interval,
        workers=workers,
    )


def metadata_summary(plan: MetadataPlan, report: JobReport[str, str]) -> str:
    text = report.summary("updated", where=f"in {plan.bucket}")
    if plan.versioned and plan.changes.touches_copy and report.done:
        text += " (each a new version; the old ones remain)"
    return text
