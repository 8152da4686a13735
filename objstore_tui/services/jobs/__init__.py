"""One job layer: every long action (transfers, copy, move, delete, restore, and what later features add) is a
list of items run by one runner, with one progress model, one cancel event and one report.

- ``model``: ``Outcome`` of an item, ``ItemIssue`` (name and reason), ``JobProgress`` snapshots, ``JobReport``;
- ``runner``: ``run_job`` (an action per item, bounded pools, a separate pool for big items) and ``run_bulk``
  (one library call with ``progress=`` and ``cancel=``), ``SkipItem``, ``reason(exc)``, ``check_cancel`` for planners;
- ``conflicts``: the ``Conflict`` policy (overwrite, skip, keep both), ``free_name`` and ``NameClaims``;
- ``wording``: the one summary of how a job ended.

Operations, one module each (s3transfer style): ``upload`` and ``download`` (with ``transfer_plan``, the
shared plan, and ``transfer.run_transfer``), ``copy`` (copy, move, rename), ``delete``, ``versions``, ``buckets``,
``cross_copy`` (copy and move between two stores), ``mirror`` (a compared plan run left to right),
``metadata`` (metadata, headers and tags of many objects), ``undelete`` (delete markers removed) and ``edit`` (one
object through ``$EDITOR``, written back only if unchanged); ``listing`` holds what their planners share. Each
has a planner (run in a worker, cancelled by the job's event through ``check_cancel``) and a run on ``run_job``
or ``run_bulk``; the UI's ``JobScreen`` runs any of them.
"""

from .conflicts import Conflict, NameClaims, free_name, labelled, split_name
from .model import ItemIssue, ItemProgress, ItemResult, ItemState, JobProgress, JobReport, Outcome, Pending
from .runner import (
    DEFAULT_WORKERS,
    PROGRESS_INTERVAL,
    Action,
    BulkCall,
    ItemContext,
    Listener,
    SkipItem,
    check_cancel,
    reason,
    run_bulk,
    run_job,
)
from .tracker import ProgressHook, Tracker
from .wording import PREVIEW_KEYS, Noun, duration, plural, summarize

__all__ = [
    "DEFAULT_WORKERS",
    "PREVIEW_KEYS",
    "PROGRESS_INTERVAL",
    "Action",
    "BulkCall",
    "Conflict",
    "ItemContext",
    "ItemIssue",
    "ItemProgress",
    "ItemResult",
    "ItemState",
    "JobProgress",
    "JobReport",
    "Listener",
    "NameClaims",
    "Noun",
    "Outcome",
    "Pending",
    "ProgressHook",
    "SkipItem",
    "Tracker",
    "check_cancel",
    "duration",
    "free_name",
    "labelled",
    "plural",
    "reason",
    "run_bulk",
    "run_job",
    "split_name",
    "summarize",
]
