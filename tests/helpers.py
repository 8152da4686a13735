"""Helpers every UI test shares: wait for what the user would see, and read what the screen shows."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

POLL_SECONDS = 0.02
"""How often ``wait_for`` looks again: a polling interval, not a wait for something to happen."""


def notified(app: App[Any]) -> list[str]:
    """The notifications on screen as the user reads them: each toast's title line (if any), then its message."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 15.0) -> None:
    """Let the app run until ``condition()`` is true: workers finish in their own time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout} s waiting for {condition}; "
                f"on {pilot.app.screen!r}, notified {notified(pilot.app)}"
            )
        await pilot.pause(POLL_SECONDS)


def text_of(widget: Widget) -> str:
    """The plain text a widget (a Static, a Toast) renders."""
    return str(widget.render())
