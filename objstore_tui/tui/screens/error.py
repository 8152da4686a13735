"""The error screen: why the store cannot be used, and what to do about it, instead of a traceback."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from objstore_tui.object_store import (
    AccessDeniedError,
    ConfigurationError,
    NoBucketError,
    StoreConnectionError,
    visible,
)
from objstore_tui.object_store.utils import config_file
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.widgets.key_footer import KeyFooter


def explain(error: BaseException, endpoint: str | None) -> tuple[str, str]:
    """A headline and a fix for the errors that stop the app from showing a store."""
    where = endpoint or "the configured endpoint"
    if isinstance(error, StoreConnectionError):
        return (
            f"Cannot reach the store at {where}",
            "Check that the server is running and that the endpoint is right: host and port, and http or "
            "https (connection.secure). Try another with --endpoint URL, or press p to pick a profile.",
        )
    if isinstance(error, AccessDeniedError):
        return (
            "The store refused these credentials",
            "Check the access key and secret key (OBJSTORE_ACCESS_KEY and OBJSTORE_SECRET_KEY, the profile, "
            "or your mc or AWS configuration). If they may only read one bucket, open it with --bucket NAME.",
        )
    if isinstance(error, ConfigurationError | NoBucketError):
        return (
            "The configuration is not valid",
            f"Fix the field named above in {config_file()} or in the OBJSTORE_* variables, or press p to pick "
            "another profile. `objstore-tui --help` lists the options.",
        )
    return (
        "The store cannot be used",
        "Press r to try again, or p to pick another profile.",
    )


class ErrorScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "retry", "Retry")]

    DEFAULT_CSS = """
    ErrorScreen {
        align: center middle;
        #error-box {
            width: 90;
            max-width: 100%;
            height: auto;
            border: round $error;
            border-title-color: $error;
            border-title-style: bold;
            max-height: 100%;
            overflow-y: auto;
            padding: 1 2;
            background: $surface;
        }
        Center { height: auto; max-height: 100%; }
        .error-label { text-style: bold; }
        #error-cause { color: $text; margin-bottom: 1; }
        #error-fix { color: $text-muted; }
    }
    """

    class Retry(Message):
        """Try to open the same store again."""

    def __init__(self, error: BaseException, *, endpoint: str | None = None, can_retry: bool = True) -> None:
        super().__init__()
        self.error = error
        self._endpoint = endpoint
        self._can_retry = can_retry

    def compose(self) -> ComposeResult:
        headline, fix = explain(self.error, self._endpoint)
        with Center(), Vertical(id="error-box") as box:
            box.border_title = Text(visible(headline))
            yield Static("Cause", classes="error-label")
            yield Static(Text(visible_lines(self.error)), id="error-cause")
            yield Static("How to fix it", classes="error-label")
            yield Static(Text(visible_lines(fix)), id="error-fix")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._can_retry if action == "retry" else True

    def action_retry(self) -> None:
        self.post_message(self.Retry())
