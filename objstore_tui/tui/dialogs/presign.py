"""Presigned URLs (s): a GET (download) or PUT (upload) link for a key, with an expiry, copied to the clipboard.

The URL is shown in the dialog and copied (system clipboard through pyperclip, else the terminal's OSC 52);
it is never logged and never put in a notification, which only says where it went. Expiries over 7 days are
refused with the reason: SigV4 signatures cannot outlive that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from objstore_tui.object_store import InvalidExpiryError, ObjectStore, ObjectStoreValueError, visible
from objstore_tui.object_store.validation import validate_expiry, validate_key
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.clipboard import ClipboardMethod, copy_text
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.widgets.key_input import KeyInput
from objstore_tui.tui.workers import WorkFailed, outcome

type Method = Literal["GET", "PUT"]

EXPIRY_CHOICES = (
    ("15 minutes", timedelta(minutes=15)),
    ("1 hour", timedelta(hours=1)),
    ("1 day", timedelta(days=1)),
    ("7 days", timedelta(days=7)),
)
_TYPED = "typed"
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(min|[smhdw])", re.IGNORECASE)


def parse_expiry(text: str) -> timedelta:
    """'3600' (seconds), '90m', '12h', '3d', '1h30m' or '1w' as a validated presign expiry.

    Raises InvalidExpiryError with the reason, including the 7-day limit of SigV4.
    """
    text = text.strip().lower()
    if not text:
        raise InvalidExpiryError("type an expiry, such as 90m, 12h or 3d")
    if text.isdigit():
        return validate_expiry(int(text))
    matches = list(_DURATION.finditer(text))
    if not matches or "".join(match.group(0) for match in matches).replace(" ", "") != text.replace(" ", ""):
        raise InvalidExpiryError(f"'{text}' is not a duration: use seconds, or numbers with s, m, h, d or w")
    seconds = sum(float(match.group(1)) * _UNITS[match.group(2)] for match in matches)
    return validate_expiry(timedelta(seconds=seconds))


def expiry_label(expiry: timedelta) -> str:
    """'15 minutes', '1 day', '2 h 30 min': how long a link lives, for the dialog and the notification."""
    for label, choice in EXPIRY_CHOICES:
        if expiry == choice:
            return label
    seconds = round(expiry.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s")]
    return " ".join(f"{value} {unit}" for value, unit in parts if value)


@dataclass(frozen=True, slots=True)
class PresignRequest:
    bucket: str
    key: str
    method: Method
    expiry: timedelta


class PresignDialog(DialogScreen[None]):
    """Makes links for ``key`` (editable: a PUT link usually names a new key) in ``bucket``.

    ``read_only`` leaves GET only: a PUT link would let anyone holding it write to the store.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    DEFAULT_CSS = """
    PresignDialog {
        #presign-options { height: auto; }
        #presign-options > Vertical { height: auto; width: 1fr; }
        #presign-options > Vertical:first-child { margin-right: 2; }
        RadioSet { width: 1fr; }
        #presign-typed { margin-top: 1; }
        #presign-url { margin-top: 1; height: auto; background: $boost; padding: 0 1; }
        #presign-url.-empty { display: none; }
        &.-short RadioSet { border: none; padding: 0; }
        &.-short #presign-typed { margin-top: 0; }
        &.-short #presign-url { margin-top: 0; }
    }
    """

    def __init__(self, store: ObjectStore, bucket: str, key: str, *, read_only: bool = False) -> None:
        super().__init__()
        self._store = store
        self._bucket = bucket
        self._key = key
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Presigned URL"
            yield Label(Text(f"Key in bucket {visible(self._bucket)}"), classes="dialog-label")
            yield KeyInput(self._key, id="presign-key")
            with Horizontal(id="presign-options"):
                with Vertical():
                    yield Label("Link for", classes="dialog-label")
                    with RadioSet(id="presign-method"):
                        yield RadioButton("GET: download the object", value=True, id="method-GET")
                        yield RadioButton(
                            "PUT: upload to this key" + (" (refused: read-only)" if self._read_only else ""),
                            id="method-PUT",
                            disabled=self._read_only,
                        )
                with Vertical():
                    yield Label("Expires in", classes="dialog-label")
                    with RadioSet(id="presign-expiry"):
                        for index, (label, _) in enumerate(EXPIRY_CHOICES):
                            yield RadioButton(label, value=index == 1, id=f"expiry-{index}")
                        yield RadioButton("typed:", id=f"expiry-{_TYPED}")
                    yield Input(placeholder="e.g. 90m, 12h, 3d, or seconds", id="presign-typed", disabled=True)
            yield Static(id="presign-error", classes="dialog-error")
            yield Static(id="presign-url", classes="-empty")
            yield Static(id="presign-copied", classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create link", id="presign-create", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        if not self._store.supports_presign:
            self.query_one("#presign-error", Static).update(
                f"The {self._store.config.framework.value} backend cannot make presigned URLs."
            )
            self.query_one("#presign-create", Button).disabled = True
        else:
            self._check()
        self.query_one("#presign-create", Button).focus()

    @on(RadioSet.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#presign-typed", Input).disabled = self._chosen("#presign-expiry") != _TYPED
        if self._store.supports_presign:
            self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#presign-create")
    def _create(self) -> None:
        request = self._check()
        if request is not None:
            self.query_one("#presign-create", Button).disabled = True
            self.query_one("#presign-copied", Static).update("signing…")
            self._show_link(request)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def _chosen(self, radio_set: str) -> str | None:
        """What the pressed button of ``radio_set`` stands for: the end of its id ('PUT', 'typed', '2')."""
        pressed = self.query_one(radio_set, RadioSet).pressed_button
        return pressed.id.rpartition("-")[2] if pressed is not None and pressed.id else None

    def _check(self) -> PresignRequest | None:
        """The link the fields describe, or None with the reason shown."""
        problem = ""
        request = None
        try:
            key = validate_key(self.query_one("#presign-key", Input).value)
            method: Method = "PUT" if self._chosen("#presign-method") == "PUT" and not self._read_only else "GET"
            choice = self._chosen("#presign-expiry")
            if choice == _TYPED:
                expiry = parse_expiry(self.query_one("#presign-typed", Input).value)
            else:
                expiry = EXPIRY_CHOICES[int(choice or 1)][1]
            request = PresignRequest(self._bucket, key, method, expiry)
        except ObjectStoreValueError as exc:
            problem = str(exc)
        self.query_one("#presign-error", Static).update(Text(visible_lines(problem)))
        self.query_one("#presign-create", Button).disabled = request is None
        return request

    @work(thread=True, exclusive=True, exit_on_error=False, group="presign", name="presign")
    def _presign(self, request: PresignRequest) -> tuple[str, ClipboardMethod]:
        """The link, and where it was copied (copying runs a helper program: in the thread too)."""
        sign = self._store.get_presigned_upload_url if request.method == "PUT" else self._store.get_presigned_url
        url = sign(request.key, request.bucket, request.expiry)
        return url, copy_text(self.app, url)

    @work(exclusive=True, exit_on_error=False, group="show-link", name="show-link")
    async def _show_link(self, request: PresignRequest) -> None:
        """The link, shown here and copied; never logged, and the notification only says where it went."""
        link = await outcome(self._presign(request))
        if link is None:
            return
        url, clipboard = link
        self.query_one("#presign-url", Static).update(Text(visible(url)))
        self.query_one("#presign-url").remove_class("-empty")
        lifetime = expiry_label(request.expiry)
        note = f"{request.method} link, valid for {lifetime}, copied to {clipboard.value}"
        if clipboard is ClipboardMethod.TERMINAL:
            note += ": no system clipboard here, so the terminal was asked to set yours (if it allows OSC 52)"
        self.query_one("#presign-copied", Static).update(Text(note + "."))
        self.query_one("#presign-create", Button).disabled = False
        self.notify(f"{request.method} link for {request.key} ({lifetime}) copied to {clipboard.value}.", markup=False)

    @on(WorkFailed)
    def _presign_failed(self, message: WorkFailed) -> None:
        self.query_one("#presign-copied", Static).update("")
        self.query_one("#presign-error", Static).update(Text(f"Cannot make the link: {message.text}"))
        self.query_one("#presign-create", Button).disabled = False
