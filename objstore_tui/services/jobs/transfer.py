"""One entry point for a transfer plan of either direction, for callers (the job screen) that hold a plan."""

from __future__ import annotations

from typing import Any

from objstore_tui.object_store import ObjectStore

from .download import run_download
from .transfer_plan import Direction, TransferPlan, TransferReport
from .upload import run_upload


def run_transfer(store: ObjectStore, plan: TransferPlan, **options: Any) -> TransferReport:
    """``run_upload`` or ``run_download``, as the plan's direction says; ``options`` are theirs."""
    run = run_upload if plan.direction is Direction.UPLOAD else run_download
    return run(store, plan, **options)
