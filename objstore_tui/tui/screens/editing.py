"""The edit-in-$EDITOR flow's second half, for ``BrowserOperations``: run the editor on the temp file, upload
it if it changed, ask on a conflict (overwrite, a new key, or keep the local copy), and remove the temp file
whatever happens. The first half (which object, downloading it) is in ``operations.py``.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from objstore_tui.object_store import visible
from objstore_tui.services.jobs.edit import (
    EditSession,
    Saved,
    discard,
    editor_command,
    keep_local,
    overwrite,
    save,
    save_as,
    was_changed,
)
from objstore_tui.tui.dialogs.edit import NEW_KEY, OVERWRITE, edit_conflict_question, run_in_terminal

if TYPE_CHECKING:
    from objstore_tui.tui.screens.operations import BrowserOperations


async def edit_session(ops: BrowserOperations, session: EditSession) -> None:
    """Editor, then upload if changed; a conflict asks; the temp file goes whatever happens."""
    try:
        try:
            command = [*editor_command(os.environ), str(session.path)]
        except ValueError as exc:
            ops.notify(str(exc), title="Cannot edit", severity="error", markup=False)
            return
        status = run_in_terminal(ops.app, command)
        if status != 0:
            ops.notify(f"The editor exited with status {status}: nothing uploaded.", severity="warning")
            return
        if not was_changed(session):
            ops.notify(f"No changes to {visible(session.key)}: nothing uploaded.", markup=False)
            return
        saved = await ops.in_thread(partial(save, ops.context.store, session), "Uploading the edit")
        if saved is not None and saved.conflict:
            saved = await _resolve_conflict(ops, session, saved)
        if saved is None:
            _keep_local(ops, session, "the upload failed")
            return
        if saved.guarantee is not None:
            _saved(ops, session, saved)
    finally:
        discard(session)


async def _resolve_conflict(ops: BrowserOperations, session: EditSession, saved: Saved) -> Saved | None:
    """Overwrite, save under a new key, or keep the local copy (also when the question is dismissed)."""
    folder = Path.cwd()
    question = edit_conflict_question(session.bucket, session.key, saved.conflict, str(folder))
    answer = await ops.app.push_screen_wait(question)
    store = ops.context.store
    if answer == OVERWRITE:
        return await ops.in_thread(partial(overwrite, store, session), "Overwriting the object")
    if answer == NEW_KEY:
        return await ops.in_thread(partial(save_as, store, session), "Saving under a new key")
    _keep_local(ops, session, "the bucket is unchanged")
    return Saved(session.key)


def _keep_local(ops: BrowserOperations, session: EditSession, why: str) -> None:
    path = keep_local(session, Path.cwd())
    said = f"Your edit of {visible(session.key)} is kept in {visible(str(path))}; {why}."
    ops.notify(said, severity="warning", markup=False)


def _saved(ops: BrowserOperations, session: EditSession, saved: Saved) -> None:
    where = f"{visible(saved.key)} in {visible(session.bucket)}"
    if session.is_new:
        ops.notify(f"Created {where}.", markup=False)
    elif saved.guarantee is not None:
        said = saved.guarantee.describe()
        ops.notify(f"Saved {where}; that it was unchanged meanwhile was {said}.", markup=False)
    ops.context.reload()
