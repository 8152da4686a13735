"""Mirror left to right (key m on the compare view): what it will do, whether to delete what is only on the right,
where to save the plan; then, when deleting, a confirmation that needs the count typed.

Nothing is written by these dialogs: the mirror runs afterwards, as a job, from the plan the user reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from objstore_tui.object_store import visible
from objstore_tui.object_store.mirror import Comparison, Difference
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.jobs import PREVIEW_KEYS
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.paths import display_path


@dataclass(frozen=True, slots=True)
class MirrorRequest:
    delete_extra: bool
    save_to: Path | None
    """Where to save the plan (JSON lines) before running; None: not saved."""


def side_text(plan: Comparison, left: bool) -> str:
    side = plan.left if left else plan.right
    return f"{side.store} · {side.bucket}/{side.prefix}"


def mirror_outline(plan: Comparison) -> Text:
    """'Copy 12 objects (40 MiB) from left … to right …: 10 new, 2 changed. 3 only on the right.'"""
    new, changed = plan.tally(Difference.ONLY_LEFT), plan.tally(Difference.DIFFERENT)
    extra = plan.tally(Difference.ONLY_RIGHT)
    copies = new.count + changed.count
    text = Text.assemble(
        f"Copy {plural(copies, 'object')} ({human_size(new.bytes + changed.bytes)}) from\n  ",
        (visible(side_text(plan, left=True)), "bold"),
        "\nto\n  ",
        (visible(side_text(plan, left=False)), "bold"),
        f"\n{new.count:,} new, {changed.count:,} changed; {plan.tally(Difference.SAME).count:,} already the same.",
    )
    if extra.count:
        text.append(f"\n{plural(extra.count, 'object')} ({human_size(extra.bytes)}) only on the right: kept unless ")
        text.append("you ask to delete them below.", style="bold")
    return text


class MirrorDialog(DialogScreen[MirrorRequest]):
    """The mirror's options, over the compare view."""

    DEFAULT_CSS = """
    MirrorDialog {
        #mirror-outline { margin-top: 1; height: auto; }
        #mirror-delete { margin-top: 1; }
    }
    """

    def __init__(self, plan: Comparison) -> None:
        super().__init__()
        self._plan = plan

    def compose(self) -> ComposeResult:
        extra = len(self._plan.extra)
        with Vertical(id="dialog") as box:
            box.border_title = "Mirror left → right"
            yield Static(mirror_outline(self._plan), id="mirror-outline")
            yield Checkbox(
                f"Also delete the {plural(extra, 'object')} only on the right (asks again)",
                id="mirror-delete",
                disabled=not extra,
            )
            yield Label("Save the plan as (JSON lines; empty: not saved)", classes="dialog-label")
            yield Input(placeholder="e.g. mirror-plan.jsonl", id="mirror-save")
            yield Static(id="mirror-error", classes="dialog-error")
            yield Static(
                "Each copy is checked on arrival; running it again after an interruption does only what is left.",
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Mirror", id="mirror-go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#mirror-go", Button).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#mirror-go")
    def _submit(self) -> None:
        text = self.query_one("#mirror-save", Input).value.strip()
        path = Path(text).expanduser() if text else None
        problem = _save_problem(path)
        self.query_one("#mirror-error", Static).update(problem)
        if not problem:
            self.dismiss(MirrorRequest(self.query_one("#mirror-delete", Checkbox).value, path))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def _save_problem(path: Path | None) -> str:
    """Why the plan cannot be saved there (checked before anything runs); '' when it can, or is not saved."""
    if path is None:
        return ""
    if path.exists():
        return f"{display_path(path)} exists: choose another name (nothing is overwritten)."
    if not path.parent.is_dir():
        return f"No folder {display_path(path.parent)}."
    return ""


class DeleteExtraDialog(DialogScreen[bool]):
    """The deletes a mirror would make on the right: their count, bytes, first keys, and the count typed."""

    DEFAULT_CSS = """
    DeleteExtraDialog {
        #dialog { border: round $error; border-title-color: $text-error; }
        #extra-what { margin-top: 1; height: auto; }
    }
    """

    def __init__(self, plan: Comparison) -> None:
        super().__init__()
        self._plan = plan
        self._count = len(plan.extra)

    def compose(self) -> ComposeResult:
        plan, count = self._plan, self._count
        text = Text.assemble(
            ("Delete ", "bold red"),
            (plural(count, "object"), "bold red"),
            f" ({human_size(plan.tally(Difference.ONLY_RIGHT).bytes)}) from the right, ",
            (visible(side_text(plan, left=False)), "bold"),
            ", that are not on the left:\n",
        )
        for entry in plan.extra[:PREVIEW_KEYS]:
            text.append(f"  {visible(plan.right_key(entry))}\n")
        if count > PREVIEW_KEYS:
            text.append(f"  … and {count - PREVIEW_KEYS:,} more\n", style="dim")
        text.append(f"Type {count} to delete them with the mirror.")
        with Vertical(id="dialog") as box:
            box.border_title = "Delete on the right?"
            yield Static(text, id="extra-what")
            yield Input(placeholder=f"type {count} to confirm", id="extra-count")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete them too", id="extra-go", variant="error", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#extra-count", Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#extra-go", Button).disabled = event.value.strip() != str(self._count)

    @on(Input.Submitted)
    @on(Button.Pressed, "#extra-go")
    def _confirm(self) -> None:
        if not self.query_one("#extra-go", Button).disabled:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
