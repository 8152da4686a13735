"""The split view's jobs, for the ``JobScreen``: a copy or move between two stores, a compare of two prefixes,
and a mirror from its plan. The storage work is the library's and ``services.jobs``'; this only wires it up.
"""

from __future__ import annotations

from collections.abc import Sequence

from objstore_tui.object_store import DirEntry, ObjectStore
from objstore_tui.object_store.mirror import Comparison
from objstore_tui.services.jobs import Conflict, plural
from objstore_tui.services.jobs.cross_copy import CopyPlan, cross_copy_summary, plan_cross_copy, run_cross_copy
from objstore_tui.services.jobs.mirror import mirror_summary, run_mirror_job
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.job import Job
from objstore_tui.tui.dialogs.jobs import copy_conflict_question


def cross_copy_job(
    src_store: ObjectStore,
    dst_store: ObjectStore,
    source: tuple[Location, Sequence[DirEntry]],
    destination: Location,
    *,
    move: bool,
    dst_label: str,
) -> Job[CopyPlan]:
    """Copy (or move) ``source``'s entries, seen from its location, under ``destination`` on another store:
    streamed through this machine and verified; asks before overwriting."""
    location, entries = source
    verb = "moved" if move else "copied"
    return Job(
        title=f"{'Move' if move else 'Copy'} to {dst_label} · {destination}",
        plan=lambda cancel: plan_cross_copy(
            src_store,
            location.bucket,
            list(entries),
            dst_store,
            destination.bucket,
            destination.prefix,
            base_prefix=location.prefix,
            cancel=cancel,
        ),
        run=lambda plan, conflict, cancel, listener: run_cross_copy(
            src_store, dst_store, plan, move=move, conflict=conflict, cancel=cancel, on_progress=listener
        ),
        describe=lambda plan: (
            f"{verb.capitalize()} between stores: {plural(len(plan.pairs), 'object')} to {dst_label} · {destination}"
        ),
        summary=lambda plan, report: cross_copy_summary(plan, report, verb, dst_label),
        ask=lambda plan: copy_conflict_question(plan) if plan.existing else None,
        conflict=Conflict.SKIP,
        keep_open=True,
    )


def mirror_job(
    plan: Comparison, left_store: ObjectStore, right_store: ObjectStore, *, delete_extra: bool
) -> Job[Comparison]:
    """Run the reviewed ``plan`` left to right (nothing is planned again: the job leaves out what is done)."""
    right = f"{plan.right.store} · {plan.right.bucket}/{plan.right.prefix}"
    deletes = f", deleting {plural(len(plan.extra), 'object')} only there" if delete_extra and plan.extra else ""
    return Job(
        title=f"Mirror to {right}",
        plan=lambda cancel: plan,
        run=lambda plan, conflict, cancel, listener: run_mirror_job(
            plan, left_store, right_store, delete_extra=delete_extra, cancel=cancel, on_progress=listener
        ),
        describe=lambda plan: f"Mirroring {plural(len(plan.to_copy), 'object')} to {right}{deletes}",
        summary=lambda plan, report: mirror_summary(report, plan),
        keep_open=True,
    )
