"""Copies and moves between two stores as jobs: plan (expand folders on the source, find destination keys that
exist on the destination) and run each pair with the library's ``copy_between`` on ``run_job``.

Each copy streams the source into the destination (see ``object_store.cross_copy``): big objects get the
runner's separate pool so their parallel parts do not take every slot. A move deletes each source only after
its copy is verified. When both stores are one server, ``copy_between`` stays server-side.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from objstore_tui.object_store import DirEntry, ObjectStore, ObjectStoreValueError
from objstore_tui.object_store.cross_copy import copy_between
from objstore_tui.object_store.validation import validate_key, validate_prefix

from .conflicts import Conflict
from .copy import CopyPair, CopyPlan, CopyReport
from .listing import existing_keys, expand_selection, key_claims
from .model import ItemIssue, Outcome
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, ItemContext, Listener, SkipItem, run_job


def plan_cross_copy(
    src_store: ObjectStore,
    src_bucket: str,
    entries: Iterable[DirEntry],
    dst_store: ObjectStore,
    dst_bucket: str,
    dst_prefix: str,
    *,
    base_prefix: str = "",
    cancel: threading.Event | None = None,
) -> CopyPlan:
    """Copies of ``entries`` (objects and folders of ``src_store``) under ``dst_prefix`` of ``dst_store``, each
    key keeping its path relative to ``base_prefix``, as ``copy.plan_copy`` does within one store. ``existing``
    lists the destination keys that already hold an object on ``dst_store``."""
    dst_prefix = validate_prefix(dst_prefix)
    if dst_prefix and not dst_prefix.endswith("/"):
        dst_prefix += "/"
    pairs: list[CopyPair] = []
    refused: list[ItemIssue] = []
    for item in expand_selection(src_store, src_bucket, entries, cancel):
        relative = item.key[len(base_prefix) :] if item.key.startswith(base_prefix) else item.key.rsplit("/", 1)[-1]
        try:
            dst_key = validate_key(dst_prefix + relative)
        except ObjectStoreValueError as exc:
            refused.append(ItemIssue(item.key, str(exc)))
            continue
        pairs.append(CopyPair(item.key, dst_key, item.size))
    existing = existing_keys(dst_store, dst_bucket, (pair.dst_key for pair in pairs), cancel)
    return CopyPlan(src_bucket, dst_bucket, tuple(pairs), tuple(refused), existing)


def run_cross_copy(
    src_store: ObjectStore,
    dst_store: ObjectStore,
    plan: CopyPlan,
    *,
    move: bool = False,
    conflict: Conflict = Conflict.SKIP,
    workers: int = DEFAULT_WORKERS,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> CopyReport:
    """Copy (or move) every planned pair from ``src_store`` to ``dst_store``, progress in bytes per pair.

    A destination in ``plan.existing`` is overwritten, skipped or kept beside a free 'name (1).ext' key, as
    ``conflict`` says. After a cancel the copies finished stay; a running one is aborted and leaves nothing.
    A done pair's value is the destination key written."""
    claims = key_claims(dst_store, plan.dst_bucket, (pair.dst_key for pair in plan.pairs), plan.existing)
    part_size = dst_store.config.transfer.part_size

    def copy(pair: CopyPair, context: ItemContext) -> str:
        dst_key = claims.resolve(pair.dst_key, conflict)
        if dst_key is None:
            raise SkipItem("the destination exists")
        copy_between(
            src_store,
            pair.src_key,
            dst_store,
            dst_key,
            src_bucket=plan.src_bucket,
            dst_bucket=plan.dst_bucket,
            move=move,
            progress=context.progress,
            cancel=context.cancel,
        )
        return dst_key

    return run_job(
        plan.pairs,
        copy,
        name=lambda pair: pair.src_key,
        size=lambda pair: pair.size,
        workers=workers,
        is_big=lambda pair: pair.size > part_size,
        largest_first=True,
        refused=plan.refused,
        cancel=cancel,
        on_progress=on_progress,
        interval=interval,
    )


def cross_copy_summary(plan: CopyPlan, report: CopyReport, verb: str, dst_label: str) -> str:
    """'3 objects copied to backup:archive in 0.4 s; 1 failed (their sources were kept)'."""
    text = report.summary(verb, where=f"to {dst_label}:{plan.dst_bucket}")
    if verb != "copied" and report.count(Outcome.FAILED):
        text += " (their sources were kept)"
    return text


__all__ = ["CopyPair", "CopyPlan", "CopyReport", "cross_copy_summary", "plan_cross_copy", "run_cross_copy"]
