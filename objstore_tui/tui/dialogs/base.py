"""What every dialog shares: a centred box with the same look, escape to cancel, the list of issues by key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from objstore_tui.object_store import visible
from objstore_tui.services.jobs import ItemIssue

SHORT_TERMINAL = 32
"""Terminals with fewer rows get compact dialogs: one-line inputs and buttons, no blank rows between fields."""
NARROW_TERMINAL = 100
"""Terminals with fewer columns get narrower progress bars, leaving room for the keys."""
ISSUES_SHOWN = 500
"""Keys a result lists one by one; a bigger failure is summed up after these."""


class DialogScreen[ResultType](ModalScreen[ResultType | None]):
    """A modal box (``#dialog``) over the browser; escape dismisses it with None.

    Subclasses compose ``Vertical(id="dialog")`` and may use the classes styled here: ``dialog-label`` over
    a field, ``dialog-error`` for why the input is refused, ``dialog-note`` for a hint, ``dialog-buttons`` for
    the row of buttons. The box never outgrows the terminal: the buttons are docked at its bottom, always in
    view, and the rest scrolls (Tab scrolls the focused field into view); short terminals get compact fields.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cancel")]

    # Textual annotates these 'ClassVar[...] | None', which mypy reads as instance variables: no ClassVar here.
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (SHORT_TERMINAL, "-tall")]
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (NARROW_TERMINAL, "-wide")]

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
        #dialog {
            width: 90;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            overflow-y: auto;
            scrollbar-size-vertical: 1;
            border: round $accent;
            border-title-style: bold;
            border-title-color: $text-accent;
            background: $surface;
            padding: 0 1;
        }
        .dialog-label { margin-top: 1; text-style: bold; }
        .dialog-error { height: auto; color: $text-error; }
        .dialog-note { height: auto; color: $text-muted; }
        .dialog-buttons { dock: bottom; height: auto; align-horizontal: right; margin-top: 1; }
        .dialog-buttons Button { margin-left: 2; }
        &.-short {
            .dialog-label { margin-top: 0; }
            .dialog-buttons { margin-top: 0; }
            .dialog-buttons Button { border: none; height: 1; min-width: 8; }
            Input { border: none; height: 1; padding: 0 1; background: $boost; }
            Input:focus { background: $block-cursor-blurred-background; }
        }
    }
    """

    def action_close(self) -> None:
        self.dismiss(None)


def issues_text(sections: Sequence[tuple[str, Sequence[ItemIssue]]]) -> Text:
    """Failures listed by key under a heading per kind, e.g. ('Failed', issues), ('Refused', issues)."""
    text = Text()
    for heading, issues in sections:
        if not issues:
            continue
        if text:
            text.append("\n")
        text.append(f"{heading} ({len(issues):,})\n", style="bold")
        for issue in issues[:ISSUES_SHOWN]:
            text.append(f"  {visible(issue.name)}", style="bold")
            text.append(f": {visible(issue.reason)}\n" if issue.reason else "\n")
        if len(issues) > ISSUES_SHOWN:
            text.append(f"  … and {len(issues) - ISSUES_SHOWN:,} more\n", style="dim")
    return text
