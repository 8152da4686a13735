"""Local paths in dialogs: completion as you type, and paths shown relative to where the app was started."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

from objstore_tui.object_store.text import has_control_characters


class PathSuggester(Suggester):
    """Completes the last segment of a local path from the disk (→ or End accepts); folders get a '/'.

    Hidden names are offered only once a '.' is typed. The disk is read afresh each time, never cached. Names
    with control characters are never offered: Textual's Input draws a suggestion raw, so such a name would reach
    the terminal as commands (the dialog's tree shows them, visibly).
    """

    def __init__(self, *, folders_only: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._folders_only = folders_only

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, partial = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            with os.scandir(folder) as entries:
                matches = sorted(
                    (entry.name, entry.is_dir())
                    for entry in entries
                    if entry.name.startswith(partial)
                    and (partial.startswith(".") or not entry.name.startswith("."))
                    and (entry.is_dir() or not self._folders_only)
                    and not has_control_characters(entry.name)
                )
        except OSError:
            return None
        for name, is_folder in matches:
            completion = name[len(partial) :] + ("/" if is_folder else "")
            if completion:
                return value + completion
        return None


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it ('data/report.csv'), else absolute."""
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return str(relative) if relative.parts else "."
