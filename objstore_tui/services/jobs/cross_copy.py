"""Copies and moves between two stores as jobs: plan (expand folders on the source, find destination keys that
exist on the destination) and run each pair with the library's ``copy_between`` on ``run_job``.

Each copy streams the source into the destination (see ``object_store.cross_copy``): big objects get the
runner's separate pool so their parallel parts do not take every slot. A move deletes each source only after
its copy is verified. When both stores are one server, ``copy_between`` stays server-side.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from objstore_tui.object_store import DirEntry, ObjectStore

from .conflicts import Conflict
from .copy import CopyPair, CopyPlan, CopyReport
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, Listener


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
    raise NotImplementedError


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
    raise NotImplementedError


def cross_copy_summary(plan: CopyPlan, report: CopyReport, verb: str, dst_label: str) -> str:
    """'3 objects copied to backup:archive in 0.4 s; 1 failed (their sources were kept)'."""
    raise NotImplementedError


__all__ = ["CopyPair", "CopyPlan", "CopyReport", "cross_copy_summary", "plan_cross_copy", "run_cross_copy"]
