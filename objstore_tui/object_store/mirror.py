"""Compare two prefixes, possibly on two stores, and mirror the left one onto the right from a reviewable plan.

``compare`` (alias ``plan_mirror``) lists both sides once and classes every name (the key below its prefix) as
only on the left, only on the right, the same, or different. Two objects are compared by size and ETag where
the ETags are comparable (both plain MD5s, or multipart ETags with the same part count); otherwise by size and
modification time (the right not older than the left), and the entry says so; ``checksum=True`` streams both
sides of such entries and compares their SHA-256 instead.

The plan is a frozen ``Comparison``: nothing is written while it is made, and it can be saved as JSON lines
for the record and loaded back. ``run_mirror`` copies what is only on the left or different, and deletes what
is only on the right only when asked. It first lists the right side again and leaves out what is already the
same, so re-running an interrupted mirror does only what is left, and a second mirror does nothing.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from . import mirror_compare as comparing
from .cross_copy import copy_between
from .errors import CancelledError, ObjectStoreError, ObjectStoreValueError
from .mirror_model import Comparison, Difference, Entry, Listed, Method, Side, Tally
from .store import ObjectStore
from .transfer import ProgressCallback
from .validation import validate_prefix

type MirrorPlan = Comparison


def compare(
    left_store: ObjectStore,
    left_prefix: str,
    right_store: ObjectStore,
    right_prefix: str,
    *,
    left_bucket: str | None = None,
    right_bucket: str | None = None,
    checksum: bool = False,
    cancel: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> Comparison:
    """List both prefixes and class every name; see the module's docstring. Changes nothing.

    ``progress`` gets (objects listed, objects listed) while listing, then (entries checked, entries to check)
    while ``checksum`` reads both sides. ``cancel`` raises ``CancelledError``.
    """
    left = Side(store_label(left_store), left_store._bucket(left_bucket), validate_prefix(left_prefix))
    right = Side(store_label(right_store), right_store._bucket(right_bucket), validate_prefix(right_prefix))
    check_apart(left, right)
    counter = comparing.Counter(progress)
    with ThreadPoolExecutor(2, "compare-list") as pool:
        left_future = pool.submit(comparing.listing, left_store, left.bucket, left.prefix, cancel, counter)
        right_objects = comparing.listing(right_store, right.bucket, right.prefix, cancel, counter)
        left_objects = left_future.result()
    entries = comparing.classify(left_objects, right_objects)
    if checksum:
        entries = comparing.by_checksum(entries, left_store, left, right_store, right, cancel, progress)
    return Comparison(left, right, tuple(entries), datetime.now(UTC))


class OverlappingPrefixesError(ObjectStoreValueError):
    """Mirroring a prefix onto one inside it (or around it) in the same bucket would copy its own copies and
    could delete its own source."""


def check_apart(left: Side, right: Side) -> None:
    """Refuse two sides whose keys can be the same objects: one bucket of one endpoint (whichever adapter
    reaches it), with one prefix starting the other ('logs' and 'logs/2024/' share 'logs/2024/x')."""
    same_place = left.store.partition(":")[2].lower() == right.store.partition(":")[2].lower()
    nested = left.prefix.startswith(right.prefix) or right.prefix.startswith(left.prefix)
    if same_place and left.bucket == right.bucket and nested:
        raise OverlappingPrefixesError(
            f"'{left.bucket}/{left.prefix}' and '{right.bucket}/{right.prefix}' overlap in one bucket: "
            "a mirror between them would copy onto its own source; choose prefixes apart"
        )


def store_label(store: ObjectStore) -> str:
    """How a plan names a store: its backend and endpoint (or folder); never a key or a secret."""
    config = store.config
    return f"{config.framework.value}:{config.connection.endpoint or 'AWS S3'}"


def plan_mirror(
    left_store: ObjectStore,
    left_prefix: str,
    right_store: ObjectStore,
    right_prefix: str,
    *,
    left_bucket: str | None = None,
    right_bucket: str | None = None,
    checksum: bool = False,
    cancel: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> MirrorPlan:
    """The plan for mirroring ``left_prefix`` onto ``right_prefix``: the comparison of the two."""
    return compare(
        left_store,
        left_prefix,
        right_store,
        right_prefix,
        left_bucket=left_bucket,
        right_bucket=right_bucket,
        checksum=checksum,
        cancel=cancel,
        progress=progress,
    )


class ActionKind(StrEnum):
    COPY = "copy"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class MirrorAction:
    """One thing a mirror does: copy an entry left to right, or delete it on the right."""

    kind: ActionKind
    entry: Entry
    left_key: str
    right_key: str

    @property
    def size(self) -> int:
        return self.entry.size if self.kind is ActionKind.COPY else 0


@dataclass(frozen=True, slots=True)
class MirrorFailure:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MirrorResult:
    """What a mirror did, by right-side key."""

    copied: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    already_done: tuple[str, ...] = ()
    """Entries of the plan found the same on the right when the run started (an earlier run did them)."""
    failed: tuple[MirrorFailure, ...] = ()
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def check_stores(plan: Comparison, left_store: ObjectStore, right_store: ObjectStore) -> None:
    """Refuse to run a plan (one loaded from a file, say) on stores other than those it was made for."""
    for side, store, which in ((plan.left, left_store, "left"), (plan.right, right_store, "right")):
        if store_label(store) != side.store:
            raise ObjectStoreValueError(
                f"the plan's {which} side is {side.store}, not {store_label(store)}: make a new plan for these stores"
            )


def pending_actions(
    plan: Comparison,
    right_store: ObjectStore,
    *,
    delete_extra: bool = False,
    cancel: threading.Event | None = None,
) -> tuple[tuple[MirrorAction, ...], tuple[str, ...]]:
    """The actions of ``plan`` still to do, and the right keys found already done: the right side is listed
    again, and an entry whose right object was written since the plan and now equals its planned left one is
    left out. A right object unchanged since the plan keeps the plan's verdict (a checksum's, say)."""
    if plan.is_noop(delete_extra):
        return (), ()  # nothing planned: no need to list the right again
    now = comparing.listing(right_store, plan.right.bucket, plan.right.prefix, cancel, comparing.Counter(None))
    actions: list[MirrorAction] = []
    done: list[str] = []
    for entry in plan.to_copy:
        assert entry.left is not None
        current = now.get(entry.name)
        if (
            current is not None
            and current != entry.right
            and comparing.compared(entry.left, current)[0] is Difference.SAME
        ):
            done.append(plan.right_key(entry))
        else:
            actions.append(MirrorAction(ActionKind.COPY, entry, plan.left_key(entry), plan.right_key(entry)))
    for entry in plan.extra if delete_extra else ():
        if entry.name in now:
            actions.append(MirrorAction(ActionKind.DELETE, entry, plan.left_key(entry), plan.right_key(entry)))
        else:
            done.append(plan.right_key(entry))
    return tuple(actions), tuple(done)


def apply_action(
    plan: Comparison,
    action: MirrorAction,
    left_store: ObjectStore,
    right_store: ObjectStore,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """Do one action (a verified ``copy_between``, or a delete on the right); returns the right key."""
    if action.kind is ActionKind.DELETE:
        if cancel is not None and cancel.is_set():
            raise CancelledError("mirror cancelled", bucket=plan.right.bucket, key=action.right_key)
        right_store.delete_object(action.right_key, plan.right.bucket)
    else:
        copy_between(
            left_store,
            action.left_key,
            right_store,
            action.right_key,
            src_bucket=plan.left.bucket,
            dst_bucket=plan.right.bucket,
            progress=progress,
            cancel=cancel,
        )
    return action.right_key


def run_mirror(
    plan: Comparison,
    left_store: ObjectStore,
    right_store: ObjectStore,
    *,
    delete_extra: bool = False,
    workers: int = 8,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> MirrorResult:
    """Make the right side match the left as ``plan`` says: ``pending_actions``, then ``apply_action`` on each,
    ``workers`` at a time. ``progress`` gets (bytes copied, bytes to copy). A cancel stops new actions and the
    running copies (their uploads aborted); the result says what was done. Failures are per entry.

    Objects bigger than the right store's part size go one at a time beside the others, each already split
    into parallel parts, so memory stays bounded whatever the plan holds."""
    if workers < 1:
        raise ObjectStoreValueError(f"a mirror needs at least one worker, got {workers}")
    check_stores(plan, left_store, right_store)
    check_apart(plan.left, plan.right)
    cancel = cancel if cancel is not None else threading.Event()
    actions, already_done = pending_actions(plan, right_store, delete_extra=delete_extra, cancel=cancel)
    outcome = _Outcomes(sum(action.size for action in actions), progress)
    big_size = right_store.config.transfer.part_size

    def run(action: MirrorAction) -> None:
        if cancel.is_set():
            return
        try:
            apply_action(plan, action, left_store, right_store, progress=outcome.hook(), cancel=cancel)
        except CancelledError:
            return
        except (ObjectStoreError, ValueError, OSError) as exc:
            outcome.failed(MirrorFailure(action.right_key, getattr(exc, "reason", None) or str(exc)))
        else:
            outcome.done(action)

    big = [action for action in actions if action.size > big_size]
    small = [action for action in actions if action.size <= big_size]
    with ThreadPoolExecutor(1, "mirror-big") as big_pool, ThreadPoolExecutor(workers, "mirror") as pool:
        futures = [big_pool.submit(run, action) for action in big] + [pool.submit(run, action) for action in small]
        for future in futures:
            future.result()
    return outcome.result(already_done, cancel.is_set())


class _Outcomes:
    """What a run did, collected from its worker threads, and its bytes for one (copied, to copy) callback."""

    def __init__(self, total: int, progress: ProgressCallback | None) -> None:
        self._total = total
        self._progress = progress
        self._lock = threading.Lock()
        self._bytes = 0
        self._copied: list[str] = []
        self._deleted: list[str] = []
        self._failed: list[MirrorFailure] = []

    def hook(self) -> ProgressCallback:
        """A progress callback for one copy, adding what it moves since its last call to the run's bytes."""
        last = 0

        def advance(done: int, _total: int) -> None:
            nonlocal last
            with self._lock:
                self._bytes += done - last
                moved = self._bytes
            last = done
            if self._progress is not None:
                self._progress(moved, self._total)

        return advance

    def done(self, action: MirrorAction) -> None:
        with self._lock:
            (self._copied if action.kind is ActionKind.COPY else self._deleted).append(action.right_key)

    def failed(self, failure: MirrorFailure) -> None:
        with self._lock:
            self._failed.append(failure)

    def result(self, already_done: tuple[str, ...], cancelled: bool) -> MirrorResult:
        return MirrorResult(
            tuple(sorted(self._copied)),
            tuple(sorted(self._deleted)),
            already_done,
            tuple(sorted(self._failed, key=lambda failure: failure.name)),
            cancelled,
        )


__all__ = [
    "ActionKind",
    "Comparison",
    "Difference",
    "Entry",
    "Listed",
    "Method",
    "MirrorAction",
    "MirrorFailure",
    "MirrorPlan",
    "MirrorResult",
    "Side",
    "Tally",
    "apply_action",
    "check_stores",
    "compare",
    "pending_actions",
    "plan_mirror",
    "run_mirror",
    "store_label",
]
