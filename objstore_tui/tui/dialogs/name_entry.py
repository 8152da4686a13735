"""A dialog around one name typed in a field (a new key, a rename, a bucket): checked as typed, the reason shown
under the field, taken by Enter or the take button only when it is fine, Cancel or escape dismissing with None."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.widgets import Button, Input, Static

from objstore_tui.object_store import ObjectStoreValueError
from objstore_tui.object_store.validation import validate_key
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.dialogs.base import DialogScreen


def typed_key_problem(key: str) -> str:
    """Why a key typed by hand cannot be one ('' when it can): the key rules, and no leading '/'."""
    try:
        validate_key(key)
    except ObjectStoreValueError as exc:
        return str(exc)
    if key.startswith("/"):
        return "A key starts without '/': it is a path inside the bucket."
    return ""


class NameEntryDialog(DialogScreen[str]):
    """Subclasses compose one ``Input``, one ``.dialog-error`` and the buttons ``TAKE_BUTTON`` and ``#cancel``,
    and say in ``checked`` what the typed text stands for and why it cannot be taken."""

    TAKE_BUTTON: ClassVar[str]
    """The selector of the button that takes the name."""

    def checked(self, text: str) -> tuple[str | None, str]:
        """The value ``text`` stands for (None: nothing to take yet) and why it is refused ('' when it is not)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._check()

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._take()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self._take()

    def _take(self) -> None:
        value = self._check()
        if value is not None:
            self.dismiss(value)

    def _check(self) -> str | None:
        value, problem = self.checked(self.query_one(Input).value)
        self.query_one(".dialog-error", Static).update(Text(visible_lines(problem)))
        takeable = value is not None and not problem
        self.query_one(self.TAKE_BUTTON, Button).disabled = not takeable
        return value if takeable else None
