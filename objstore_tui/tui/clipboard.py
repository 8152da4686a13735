"""Copying text to the clipboard: the system's where pyperclip finds one, else the terminal's (OSC 52).

Over SSH or on a server with no X or Wayland, pyperclip has no mechanism; the terminal escape then asks the
user's own terminal to set its clipboard, which most modern terminals allow. Which one was used is returned,
so the UI can say where the text went (and, for OSC 52, that the terminal has to permit it).
"""

from __future__ import annotations

from enum import StrEnum

import pyperclip
from textual.app import App

from objstore_tui.object_store import visible


class ClipboardMethod(StrEnum):
    SYSTEM = "the system clipboard"
    TERMINAL = "the terminal (OSC 52)"


def copy_text(app: App[object], text: str) -> ClipboardMethod:
    """Copy ``text``; call it from a worker thread, since pyperclip runs a helper program such as xclip.

    The text itself is never logged, and its control characters are made visible: a pasted key must not run
    as a command in the shell it lands in.
    """
    text = visible(text)
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        app.call_from_thread(app.copy_to_clipboard, text)
        return ClipboardMethod.TERMINAL
    return ClipboardMethod.SYSTEM
