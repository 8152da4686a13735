"""The one job runner: outcomes per item, one cancel event, progress from a reporter thread, two pools."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from objstore_tui.object_store import CancelledError, ObjectNotFoundError
from objstore_tui.services.jobs import (
    ItemContext,
    ItemIssue,
    JobProgress,
    Outcome,
    SkipItem,
    check_cancel,
    run_job,
)

WAIT = 10.0
"""Longest a test waits for a condition; a pass never takes it."""

changed = threading.Condition()
"""Notified whenever a test's threads change something another thread waits for."""


@dataclass(frozen=True)
class Item:
    key: str
    size: int = 0


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Block until ``condition()`` holds, re-checking whenever the shared condition variable is notified."""
    with changed:
        if not changed.wait_for(condition, WAIT):
            raise AssertionError(f"timed out waiting for {what}")


def notify() -> None:
    with changed:
        changed.notify_all()


def test_each_item_ends_in_its_own_outcome_in_item_order() -> None:
    def action(item: Item, ctx: ItemContext) -> str:
        if item.key == "skip":
            raise SkipItem("the destination exists")
        if item.key == "missing":
            raise ObjectNotFoundError("object does not exist", bucket="b", key=item.key)
        if item.key == "stopped":
            raise CancelledError("transfer cancelled", bucket="b", key=item.key)
        if item.key == "bug":
            raise ZeroDivisionError
        return item.key.upper()

    items = [Item(key) for key in ("a", "skip", "missing", "stopped", "bug", "b")]
    refused = (ItemIssue("../evil", "it would write outside /tmp"),)
    report = run_job(items, action, name=lambda item: item.key, refused=refused, workers=3)

    assert [(r.name, r.outcome, r.reason) for r in report.results] == [
        ("a", Outcome.DONE, ""),
        ("skip", Outcome.SKIPPED, "the destination exists"),
        ("missing", Outcome.FAILED, "object does not exist"),
        ("stopped", Outcome.CANCELLED, ""),
        ("bug", Outcome.FAILED, "ZeroDivisionError"),
        ("b", Outcome.DONE, ""),
    ]
    assert [r.value for r in report.done] == ["A", "B"]
    assert report.issues == (
        ItemIssue("../evil", "it would write outside /tmp"),
        ItemIssue("missing", "object does not exist"),
        ItemIssue("bug", "ZeroDivisionError"),
    )
    assert [outcome for outcome, _ in report.sections()] == [
        Outcome.FAILED,
        Outcome.REFUSED,
        Outcome.SKIPPED,
        Outcome.CANCELLED,
    ]
    assert not report.ok and not report.cancelled
    assert report.summary("copied", where="to archive").startswith("2 objects copied to archive in ")
    assert report.summary("copied").endswith("; 1 skipped, 1 refused, 2 failed, 1 not copied")


def test_a_cancel_lets_running_items_end_and_never_starts_queued_ones() -> None:
    """Three workers are busy when the cancel comes: those three end their own way, the 27 queued never start."""
    cancel = threading.Event()
    started: list[str] = []

    def action(item: Item, ctx: ItemContext) -> None:
        started.append(item.key)
        notify()
        assert ctx.cancel is cancel
        if not ctx.cancel.wait(WAIT):
            raise AssertionError("the cancel never came")
        if item.key == "k01":
            raise CancelledError("transfer cancelled", key=item.key)  # stopped at its next chunk

    items = [Item(f"k{i:02d}") for i in range(30)]
    result: list = []
    runner = threading.Thread(
        target=lambda: result.append(run_job(items, action, name=lambda i: i.key, workers=3, cancel=cancel))
    )
    runner.start()
    wait_until(lambda: len(started) == 3, "three items running")
    cancel.set()
    runner.join(WAIT)
    report = result[0]

    assert sorted(started) == ["k00", "k01", "k02"]
    assert [r.name for r in report.done] == ["k00", "k02"]
    assert report.count(Outcome.CANCELLED) == 28
    assert report.cancelled and not report.ok
    summary = report.summary("copied")
    assert summary.startswith("cancelled after ") and summary.endswith(": 2 of 30 objects copied; 28 not copied")


def test_a_job_cancelled_before_it_starts_starts_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    started: list[int] = []
    report = run_job(list(range(5)), lambda item, ctx: started.append(item), cancel=cancel)
    assert started == []
    assert [r.outcome for r in report.results] == [Outcome.CANCELLED] * 5


def test_failures_are_collected_by_name_and_the_others_go_on() -> None:
    def action(item: Item, ctx: ItemContext) -> None:
        if item.key.endswith("7"):
            raise ObjectNotFoundError("object does not exist", bucket="b", key=item.key)

    items = [Item(f"logs/{i:03d}") for i in range(100)]
    report = run_job(items, action, name=lambda item: item.key)
    assert [(issue.name, issue.reason) for issue in report.issues] == [
        (f"logs/{i:03d}", "object does not exist") for i in range(100) if i % 10 == 7
    ]
    assert len(report.done) == 90


def test_progress_is_monotonic_in_bytes_and_items_and_ends_with_the_final_snapshot() -> None:
    snapshots: list[JobProgress] = []

    def listen(snapshot: JobProgress) -> None:
        snapshots.append(snapshot)
        notify()

    def action(item: Item, ctx: ItemContext) -> None:
        for done in (item.size // 2, item.size // 4, item.size):  # the middle step is an SDK rewinding to retry
            ctx.progress(done, item.size)
            seen = len(snapshots)
            wait_until(lambda seen=seen: len(snapshots) > seen, "the next snapshot")

    items = [Item(f"file{i}", size=1000 * (i + 1)) for i in range(6)]
    report = run_job(
        items, action, name=lambda i: i.key, size=lambda i: i.size, workers=2, on_progress=listen, interval=0.005
    )

    assert len(snapshots) >= 3 * 6 // 2 + 1  # a snapshot after every step of both workers, then the final one
    for before, after in itertools.pairwise(snapshots):
        assert after.bytes_done >= before.bytes_done
        assert after.items_finished >= before.items_finished
    assert any(snapshot.active for snapshot in snapshots)
    assert all(len(snapshot.active) <= 2 for snapshot in snapshots)
    final = snapshots[-1]
    assert final.finished and not any(s.finished for s in snapshots[:-1])
    assert (final.items_finished, final.bytes_done, final.bytes_total) == (6, 21000, 21000)
    assert final.fraction == 1.0 and final.eta is None and final.active == ()
    assert {item.name for item in final.recent} == {item.key for item in items}
    assert report.bytes == 21000


def test_skipped_items_leave_the_byte_total() -> None:
    snapshots: list[JobProgress] = []

    def action(item: Item, ctx: ItemContext) -> None:
        if item.key == "exists":
            raise SkipItem("the local file exists")
        ctx.progress(item.size, item.size)

    items = [Item("exists", 500), Item("new", 300)]
    run_job(items, action, name=lambda i: i.key, size=lambda i: i.size, on_progress=snapshots.append)
    assert (snapshots[-1].bytes_done, snapshots[-1].bytes_total) == (300, 300)


def test_a_slow_listener_never_stalls_the_work() -> None:
    """The listener blocks until every item is done: were it called from the one worker, no item would follow."""
    finished: list[int] = []
    blocked_until_done: list[bool] = []

    def slow_listener(snapshot: JobProgress) -> None:
        if not blocked_until_done:
            with changed:
                blocked_until_done.append(changed.wait_for(lambda: len(finished) == 50, WAIT))

    def action(item: int, ctx: ItemContext) -> None:
        finished.append(item)
        notify()

    report = run_job(list(range(50)), action, workers=1, on_progress=slow_listener, interval=0.001)
    assert blocked_until_done == [True]
    assert len(report.done) == 50


def test_a_failing_listener_does_not_break_the_job(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[JobProgress] = []

    def broken(snapshot: JobProgress) -> None:
        calls.append(snapshot)
        raise RuntimeError("the screen is gone")

    report = run_job(list(range(20)), lambda item, ctx: item, on_progress=broken, interval=0.001)
    assert len(report.done) == 20 and report.ok
    assert calls[-1].finished
    assert "progress listener failed" in caplog.text


def test_big_items_run_in_a_pool_of_their_own() -> None:
    """One worker each: the big item waits for a small one to finish, which a shared pool could never do."""
    small_done = threading.Event()
    order: list[str] = []

    def action(item: Item, ctx: ItemContext) -> None:
        order.append(item.key)
        if item.key == "big":
            assert small_done.wait(WAIT), "the small item never ran beside the big one"
        else:
            small_done.set()

    items = [Item("small", 10), Item("big", 10_000)]
    report = run_job(
        items,
        action,
        name=lambda i: i.key,
        size=lambda i: i.size,
        workers=1,
        is_big=lambda i: i.size >= 1000,
        big_workers=1,
        largest_first=True,
    )
    assert [r.outcome for r in report.results] == [Outcome.DONE, Outcome.DONE]


def test_largest_items_start_first() -> None:
    started: list[int] = []
    items = [Item(str(size), size) for size in (3, 9, 1, 7)]
    run_job(items, lambda item, ctx: started.append(item.size), size=lambda i: i.size, workers=1, largest_first=True)
    assert started == [9, 7, 3, 1]


def test_a_job_needs_a_worker() -> None:
    with pytest.raises(ValueError, match="at least one worker"):
        run_job([1], lambda item, ctx: None, workers=0)


def test_planners_stop_with_the_same_cancellation() -> None:
    cancel = threading.Event()
    check_cancel(cancel)
    check_cancel(None)
    cancel.set()
    with pytest.raises(CancelledError, match="before anything was changed"):
        check_cancel(cancel, bucket="logs")
