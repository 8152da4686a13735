"""One job layer: every long action (transfers, copy, move, delete, restore, and what later features add) is a
list of items run by one runner, with one progress model, one cancel event and one report.

- ``model``: ``Outcome`` of an item, ``ItemIssue`` (name and reason), ``JobProgress`` snapshots, ``JobReport``;
- ``runner``: ``run_job`` (an action per item, bounded pools, a separate pool for big items) and ``run_bulk``
  (one library call with ``progress=`` and ``cancel=``), ``SkipItem``, ``reason(exc)``, ``check_cancel`` for planners;
- ``conflicts``: the ``Conflict`` policy (overwrite, skip, keep both), ``free_name`` and ``NameClaims``;
- ``wording``: the one summary of how a job ended.

Migration (the next phase, once the planning and dialog work now in flight is merged): ``transfers.py`` splits
into one module per operation (``upload.py``, ``download.py``: a planner each, and an action for ``run_job``);
``TransferJob``, ``TransferSnapshot``, ``FileIssue`` and ``_split_name`` go. In ``operations.py``, ``run_copy``
becomes a ``run_job`` action, ``delete_planned`` a ``run_bulk`` over ``ObjectStore.delete_objects``,
``empty_and_delete_bucket`` a ``run_bulk`` then a ``run_job`` over the versions, ``download_version`` and
``restore_version`` one-item jobs; ``OperationCancelled`` goes for ``CancelledError``. ``TaskScreen`` and
``TransferScreen`` become one ``JobScreen(title, make_plan, run)``: the plan is made in its worker, the
job's ``JobProgress`` drives one panel, its ``JobReport`` the outcome list and notification.
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
from .wording import Noun, duration, plural, summarize

__all__ = [
    "DEFAULT_WORKERS",
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
