"""Server-side copies: plan a copy, move or rename (expanding folders to keys, finding destinations that exist),
and run it on ``run_job``. Never downloads a byte.

A move is the facade's verified ``move_object``: copy, show the copy holds the same bytes, then delete the
source, so a failure leaves the source in place.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, ObjectStore, ObjectStoreValueError
from objstore_tui.object_store.validation import validate_key, validate_prefix

from .conflicts import Conflict
from .listing import existing_keys, expand_selection, key_claims
from .model import ItemIssue, JobReport, Outcome
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, ItemContext, Listener, SkipItem, run_job


@dataclass(frozen=True, slots=True)
class CopyPair:
    src_key: str
    dst_key: str
    size: int


@dataclass(frozen=True, slots=True)
class CopyPlan:
    """Server-side copies to make; ``existing`` are the destination keys that already hold an object."""

    src_bucket: str
    dst_bucket: str
    pairs: tuple[CopyPair, ...]
    refused: tuple[ItemIssue, ...] = ()
    existing: frozenset[str] = frozenset()

    @property
    def total_bytes(self) -> int:
        return sum(pair.size for pair in self.pairs)


type CopyReport = JobReport[CopyPair, str]
"""A copy's report; a done pair's value is the key written (a 'keep both' copy's free key)."""


def plan_copy(
    store: ObjectStore,
    src_bucket: str,
    entries: Iterable[DirEntry],
    dst_bucket: str,
    dst_prefix: str,
    *,
    base_prefix: str = "",
    cancel: threading.Event | None = None,
) -> CopyPlan:
    """Copies of ``entries`` under ``dst_prefix``, each key keeping its path relative to ``base_prefix``.

    Standing in 'logs/' and copying folder 'logs/2024/' to 'archive/' gives 'archive/2024/...'. A copy onto
    its own source is refused. Lists the selection and the destination, so call it from a worker thread.
    """
    dst_prefix = validate_prefix(dst_prefix)
    if dst_prefix and not dst_prefix.endswith("/"):
        dst_prefix += "/"

    def destination(key: str) -> str:
        relative = key[len(base_prefix) :] if key.startswith(base_prefix) else key.rsplit("/", 1)[-1]
        return dst_prefix + relative

    sources = expand_selection(store, src_bucket, entries, cancel)
    return _plan_pairs(store, src_bucket, dst_bucket, ((item, destination(item.key)) for item in sources), cancel)


def plan_rename(
    store: ObjectStore, bucket: str, entry: DirEntry, new_name: str, cancel: threading.Event | None = None
) -> CopyPlan:
    """Rename one object to the key ``new_name``, or one folder (everything under it) to the prefix ``new_name``."""
    pairs: Iterable[tuple[ObjectMetadata, str]]
    if isinstance(entry, Folder):
        new_prefix = validate_prefix(new_name)
        if not new_prefix.endswith("/"):
            new_prefix += "/"
        sources = expand_selection(store, bucket, [entry], cancel)
        pairs = ((item, new_prefix + item.key[len(entry.prefix) :]) for item in sources)
    else:
        pairs = iter([(entry, new_name)])
    return _plan_pairs(store, bucket, bucket, pairs, cancel)


def _plan_pairs(
    store: ObjectStore,
    src_bucket: str,
    dst_bucket: str,
    sources: Iterable[tuple[ObjectMetadata, str]],
    cancel: threading.Event | None,
) -> CopyPlan:
    pairs: list[CopyPair] = []
    refused: list[ItemIssue] = []
    for item, dst_key in sources:
        try:
            validate_key(dst_key)
        except ObjectStoreValueError as exc:
            refused.append(ItemIssue(item.key, str(exc)))
            continue
        if (src_bucket, item.key) == (dst_bucket, dst_key):
            refused.append(ItemIssue(item.key, "the destination is the object itself"))
            continue
        pairs.append(CopyPair(item.key, dst_key, item.size))
    existing = existing_keys(store, dst_bucket, (pair.dst_key for pair in pairs), cancel)
    return CopyPlan(src_bucket, dst_bucket, tuple(pairs), tuple(refused), existing)


def copy_summary(plan: CopyPlan, report: CopyReport, verb: str) -> str:
    """'3 objects moved to archive in 0.4 s; 1 failed (their sources were kept)'."""
    text = report.summary(verb, where=f"to {plan.dst_bucket}")
    if verb != "copied" and report.count(Outcome.FAILED):
        text += " (their sources were kept)"
    return text


def run_copy(
    store: ObjectStore,
    plan: CopyPlan,
    *,
    move: bool = False,
    conflict: Conflict = Conflict.SKIP,
    workers: int = DEFAULT_WORKERS,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> CopyReport:
    """Copy (or move) every planned pair on the server, a few in parallel; a destination in ``plan.existing``
    is overwritten, skipped or kept beside a free 'name (1).ext' key, as ``conflict`` says. After a cancel
    the copies already made stay; those not started are neither copied nor counted as failed."""
    claims = key_claims(store, plan.dst_bucket, (pair.dst_key for pair in plan.pairs), plan.existing)

    def copy(pair: CopyPair, context: ItemContext) -> str:
        dst_key = claims.resolve(pair.dst_key, conflict)
        if dst_key is None:
            raise SkipItem("the destination exists")
        if move:
            store.move_object(pair.src_key, dst_key, plan.src_bucket, plan.dst_bucket)
        else:
            store.copy_object(pair.src_key, dst_key, plan.src_bucket, plan.dst_bucket)
        return dst_key

    return run_job(
        plan.pairs,
        copy,
        name=lambda pair: pair.src_key,
        workers=workers,
        refused=plan.refused,
        cancel=cancel,
        on_progress=on_progress,
        interval=interval,
    )
