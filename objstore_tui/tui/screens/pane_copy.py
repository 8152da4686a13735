"""Copy (C) and move (M) in the split view: the destination defaults to the other pane's location; between two
stores the copy is streamed through this machine (``cross_copy_job``), within one it stays on the server."""

from __future__ import annotations

from typing import Any

from textual.app import App

from objstore_tui.object_store import ObjectStore
from objstore_tui.services.location import Location
from objstore_tui.services.target import Target
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.pane_jobs import cross_copy_job
from objstore_tui.tui.screens.pane_link import PaneLink

CROSS_STORE_NOTE = (
    "Between two stores each object is streamed through this machine (never to disk), checked by size and "
    "checksum on arrival; a move deletes each source only once its copy is checked."
)


def destination_start(other: PaneLink | None, source: Location) -> Location:
    """Where the destination dialog starts: the other pane's location when the split is open."""
    if other is not None and other.location is not None:
        return other.location
    return source


async def copy_between_panes(app: App[Any], store: ObjectStore, target: Target, other: PaneLink, *, move: bool) -> bool:
    """Ask where on the other pane's store, then run the copy there; True when something was copied."""
    verb = "Move" if move else "Copy"
    if other.read_only:
        app.notify(f"The {other.side} pane is read-only: nothing can be copied there.", title=verb, severity="warning")
        return False
    start = destination_start(other, target.location)
    store_label = f"{other.side} pane ({other.label})"
    dialog = DestinationDialog(
        other.store, verb, target.describe(), start, store_label=store_label, note=CROSS_STORE_NOTE
    )
    destination = await app.push_screen_wait(dialog)
    if destination is None:
        return False
    job = cross_copy_job(
        store,
        other.store,
        (target.location, list(target.entries)),
        Location(destination.bucket, destination.prefix),
        move=move,
        dst_label=other.label,
    )
    report = await app.push_screen_wait(JobScreen(job))
    return report is not None and bool(report.done)
