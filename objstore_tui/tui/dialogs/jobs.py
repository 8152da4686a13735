"""The jobs the browser runs on the ``JobScreen``, one builder each: how each is planned, what it asks, how it
runs and how its end reads. The storage work is in ``services.jobs``; this module only wires it to the screen.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from rich.text import Text

from objstore_tui.object_store import DirEntry, ObjectMetadata, ObjectStore, visible
from objstore_tui.services.formatting import human_size
from objstore_tui.services.jobs import PREVIEW_KEYS, Conflict, Noun, plural
from objstore_tui.services.jobs.buckets import (
    CONTENTS,
    BucketPlan,
    bucket_summary,
    empty_and_delete_bucket,
    plan_empty_bucket,
)
from objstore_tui.services.jobs.copy import CopyPlan, copy_summary, plan_copy, plan_rename, run_copy
from objstore_tui.services.jobs.delete import DeletePlan, delete_planned, delete_summary
from objstore_tui.services.jobs.download import plan_download, plan_version_download
from objstore_tui.services.jobs.transfer import run_transfer
from objstore_tui.services.jobs.transfer_plan import Direction, TransferPlan
from objstore_tui.services.jobs.upload import find_existing_uploads, plan_upload
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.job import AnyReport, Job, Summary

FILES: Noun = ("file", "files")


def conflict_question(title: str, lead: str, bucket: str, names: Sequence[str], hint: str) -> ConfirmDialog:
    """'N of the M ... exist in bucket B: (names)': overwrite, skip or keep both; answers a ``Conflict`` value."""
    body = Text.assemble(f"{lead} in bucket ", (visible(bucket), "bold"), ":\n")
    for name in sorted(names)[:PREVIEW_KEYS]:
        body.append(f"  {visible(name)}\n")
    if len(names) > PREVIEW_KEYS:
        body.append(f"  … and {len(names) - PREVIEW_KEYS:,} more\n", style="dim")
    body.append(hint, style="dim")
    choices = [
        Choice(Conflict.OVERWRITE.value, "Overwrite", "error", key="o"),
        Choice(Conflict.SKIP.value, "Skip", "primary", key="s"),
        Choice(Conflict.KEEP_BOTH.value, "Keep both", "primary", key="k"),
    ]
    return ConfirmDialog(title, body, choices)


def upload_conflict_question(plan: TransferPlan) -> ConfirmDialog:
    """Asked when some uploads would land on existing objects."""
    lead = f"{len(plan.existing):,} of the {len(plan.items):,} files would replace an object"
    names = [item.key for item in plan.existing]
    return conflict_question(
        "Objects exist", lead, plan.bucket, names, "Keep both uploads each under a free key like 'name (1).ext'."
    )


def copy_conflict_question(plan: CopyPlan) -> ConfirmDialog:
    """Asked when some copies would land on existing objects."""
    lead = f"{len(plan.existing):,} of the {len(plan.pairs):,} destinations already exist"
    hint = "Keep both: copy each under a free key like 'name (1).ext'."
    return conflict_question("Overwrite?", lead, plan.dst_bucket, list(plan.existing), hint)


def describe_transfer(plan: TransferPlan) -> str:
    """'Uploading 12 files (40.0 MiB) to bucket ops' with what planning refused, for the top of the screen."""
    verb, where = ("Uploading", "to") if plan.direction is Direction.UPLOAD else ("Downloading", "from")
    text = f"{verb} {plural(len(plan.items), FILES)} ({human_size(plan.total_bytes)}) {where} bucket {plan.bucket}"
    if plan.refused:
        text += f"; {len(plan.refused):,} refused (listed at the end)"
    return text


def _transfer_summary(plan_bucket: str, direction: Direction) -> Summary[TransferPlan]:
    verb, where = ("uploaded", f"to {plan_bucket}") if direction is Direction.UPLOAD else ("downloaded", "")
    return lambda plan, report: report.summary(verb, FILES, where=where)


def upload_job(
    store: ObjectStore, title: str, path: Path, bucket: str, prefix: str, key: str | None
) -> Job[TransferPlan]:
    return Job(
        title=title,
        plan=lambda cancel: find_existing_uploads(store, plan_upload([path], bucket, prefix, key), cancel),
        run=lambda plan, conflict, cancel, listener: run_transfer(
            store, plan, conflict=conflict, cancel=cancel, on_progress=listener
        ),
        describe=describe_transfer,
        summary=_transfer_summary(bucket, Direction.UPLOAD),
        ask=lambda plan: upload_conflict_question(plan) if plan.existing else None,
        noun=FILES,
        keep_open=True,
    )


def download_job(
    store: ObjectStore,
    title: str,
    location: Location,
    entries: Sequence[DirEntry],
    folder: str | os.PathLike[str],
    conflict: Conflict,
) -> Job[TransferPlan]:
    return Job(
        title=title,
        plan=lambda cancel: plan_download(store, location.bucket, entries, folder, location.prefix, cancel),
        run=lambda plan, conflict, cancel, listener: run_transfer(
            store, plan, conflict=conflict, cancel=cancel, on_progress=listener
        ),
        describe=describe_transfer,
        summary=_transfer_summary(location.bucket, Direction.DOWNLOAD),
        conflict=conflict,
        noun=FILES,
        keep_open=True,
    )


def version_download_job(
    store: ObjectStore, version: ObjectMetadata, folder: str | os.PathLike[str], conflict: Conflict
) -> Job[TransferPlan]:
    """A version's download: a one-item download job; keep both names the file after its version."""
    return Job(
        title=f"Download {version.name}",
        plan=lambda cancel: plan_version_download(version, folder),
        run=lambda plan, conflict, cancel, listener: run_transfer(
            store, plan, conflict=conflict, cancel=cancel, on_progress=listener
        ),
        describe=lambda plan: f"Downloading version {version.version_id} of {version.key} ({human_size(version.size)})",
        summary=_version_summary(version),
        conflict=conflict,
        noun=FILES,
    )


def _version_summary(version: ObjectMetadata) -> Summary[TransferPlan]:
    def summary(plan: TransferPlan, report: AnyReport) -> str:
        if report.done:
            return f"Version {version.version_id} of {version.key} saved as {report.done[0].value}."
        return report.summary("downloaded", FILES)

    return summary


def copy_job(store: ObjectStore, title: str, make_plan: partial[CopyPlan], *, move: bool, verb: str) -> Job[CopyPlan]:
    """A copy, move or rename of what ``make_plan`` (called with ``cancel=``) plans; asks before overwriting."""
    return Job(
        title=title,
        plan=lambda cancel: make_plan(cancel=cancel),
        run=lambda plan, conflict, cancel, listener: run_copy(
            store, plan, move=move, conflict=conflict, cancel=cancel, on_progress=listener
        ),
        describe=lambda plan: f"{verb.capitalize()}: {plural(len(plan.pairs), 'object')} to bucket {plan.dst_bucket}",
        summary=lambda plan, report: copy_summary(plan, report, verb),
        ask=lambda plan: copy_conflict_question(plan) if plan.existing else None,
        conflict=Conflict.SKIP,
    )


def copy_plan(
    store: ObjectStore, location: Location, entries: Sequence[DirEntry], bucket: str, prefix: str
) -> partial[CopyPlan]:
    """The copy of ``entries`` (seen from ``location``) under ``bucket``/``prefix``, to plan with ``cancel=``."""
    return partial(plan_copy, store, location.bucket, list(entries), bucket, prefix, base_prefix=location.prefix)


def rename_plan(store: ObjectStore, bucket: str, entry: DirEntry, new_name: str) -> partial[CopyPlan]:
    return partial(plan_rename, store, bucket, entry, new_name)


def delete_job(store: ObjectStore, plan: DeletePlan) -> Job[DeletePlan]:
    """Delete exactly the confirmed keys (the confirmation planned them)."""
    return Job(
        title=f"Delete from {plan.bucket}",
        plan=lambda cancel: plan,
        run=lambda plan, conflict, cancel, listener: delete_planned(store, plan, cancel=cancel, on_progress=listener),
        describe=lambda plan: f"Deleting {plural(plan.count, 'object')} from bucket {plan.bucket}",
        summary=delete_summary,
    )


def empty_bucket_job(store: ObjectStore, bucket: str) -> Job[BucketPlan]:
    return Job(
        title=f"Empty and delete {bucket}",
        plan=lambda cancel: plan_empty_bucket(store, bucket, cancel),
        run=lambda plan, conflict, cancel, listener: empty_and_delete_bucket(
            store, plan, cancel=cancel, on_progress=listener
        ),
        describe=lambda plan: f"Deleting {plural(len(plan.items), CONTENTS)} from bucket {bucket}, then the bucket",
        summary=lambda plan, report: bucket_summary(bucket, report),
        noun=CONTENTS,
    )
