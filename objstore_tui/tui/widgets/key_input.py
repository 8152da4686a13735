"""An Input for keys, prefixes and paths: what it holds may come from a server or a file name.

Textual's Input writes its value to the terminal as it is, so a key holding ``ESC ] 2 ; … BEL`` would retitle
the terminal the moment a dialog shows it. The value itself stays exact (the key is the key); only how it is
drawn changes, through the one ``visible`` helper.
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from objstore_tui.object_store import visible


class _ShowControls(Highlighter):
    def __call__(self, text: str | Text) -> Text:
        plain = text.plain if isinstance(text, Text) else text
        return Text(visible(plain), no_wrap=True, overflow="ignore", end="")

    def highlight(self, text: Text) -> None:  # pragma: no cover - __call__ replaces the text instead
        raise NotImplementedError


class KeyInput(Input):
    """An ``Input`` that draws control characters visibly (its value is untouched)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", _ShowControls())
        super().__init__(*args, **kwargs)
