"""Mirror left to right from a reviewed plan: the options, the typed count before any delete on the right, the
plan saved if asked, then the one ``JobScreen`` running ``run_mirror_job`` (progress, cancel, a report).

Nothing is written before the user has seen the plan and said go; a plan that changes nothing runs nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.worker import WorkerState

from objstore_tui.object_store import ObjectStore
from objstore_tui.object_store.mirror import Comparison
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.mirror import DeleteExtraDialog, MirrorDialog
from objstore_tui.tui.dialogs.pane_jobs import mirror_job
from objstore_tui.tui.dialogs.paths import display_path
from objstore_tui.tui.workers import outcome


async def mirror_from_plan(host: Screen[Any], plan: Comparison, left: ObjectStore, right: ObjectStore) -> bool:
    """Ask, confirm, save, run; True when the mirror job ran (the right side may have changed)."""
    app = host.app
    request = await app.push_screen_wait(MirrorDialog(plan))
    if request is None:
        return False
    if request.delete_extra and plan.extra and not await app.push_screen_wait(DeleteExtraDialog(plan)):
        return False
    if request.save_to is not None and not await _save(host, plan, request.save_to):
        return False
    if plan.is_noop(request.delete_extra):
        host.notify("Nothing to mirror: the right side already matches the left.", title="Mirror")
        return False
    return (
        await app.push_screen_wait(JobScreen(mirror_job(plan, left, right, delete_extra=request.delete_extra)))
        is not None
    )


async def _save(host: Screen[Any], plan: Comparison, path: Path) -> bool:
    """The plan as JSON lines, written in a thread; a failure is notified by the app's one handler."""
    worker = host.run_worker(
        partial(plan.save, path), thread=True, group="save-plan", name="save-plan", exit_on_error=False
    )
    await outcome(worker)
    if worker.state is not WorkerState.SUCCESS:
        return False
    host.notify(f"Plan saved to {display_path(path)}.", title="Mirror")
    return True
