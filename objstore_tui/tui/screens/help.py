"""The help screen (key ?): every key binding, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_GENERAL = (
    ("ctrl+p", "Command palette: every action by name"),
    ("tab / shift+tab", "Move between tree, table and preview"),
    ("ctrl+c", "Copy selected text"),
    ("mouse", "Click to select, double-click to open, click a column header to sort, wheel to scroll"),
)


_OWN_MODULES = ("objstore_tui.", "textual.widgets.", "textual.app")
"""Bindings of these classes are listed; generic ones of Screen and scroll containers are left to 'General'."""


def _class_bindings(node_class: type[DOMNode]) -> list[Binding]:
    """A class's bindings merged over its bases, as Textual merges them (a subclass overrides by key)."""
    merged: dict[str, list[Binding]] = {}
    for base in reversed(node_class.__mro__):
        if issubclass(base, DOMNode) and "BINDINGS" in base.__dict__ and base.__module__.startswith(_OWN_MODULES):
            merged.update(BindingsMap(base.__dict__["BINDINGS"]).key_to_bindings)
    return [binding for bindings in merged.values() for binding in bindings if binding.description]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-box {
            width: 84;
            max-width: 95%;
            height: 90%;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, screen: Screen[object]) -> None:
        """Keys of ``screen``: its bindings (less its WRITE_ACTIONS when read_only) and its HELP_SECTIONS."""
        super().__init__()
        self._for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            yield Static(self._table())

    def _sections(self) -> Iterable[tuple[str, list[Binding]]]:
        screen = self._for_screen
        app_bindings = _class_bindings(type(self.app))
        yield "Anywhere", [b for b in app_bindings if b.action != "help_quit"]
        refused: Collection[str] = (
            getattr(screen, "WRITE_ACTIONS", frozenset()) if getattr(screen, "read_only", False) else ()
        )
        own = [b for b in _class_bindings(type(screen)) if b.action.partition("(")[0] not in refused]
        yield getattr(screen, "HELP_TITLE", "Browser"), own
        for title, widget_class in getattr(screen, "HELP_SECTIONS", ()):
            yield title, _class_bindings(widget_class)

    def _table(self) -> Table:
        app: App[object] = self.app
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=16)
        table.add_column()
        for title, bindings in self._sections():
            rows: dict[tuple[str, str], list[str]] = {}
            for binding in bindings:
                rows.setdefault((binding.action, binding.description), []).append(app.get_key_display(binding))
            if not rows:
                continue
            table.add_row(Text(title, style="bold underline"), "")
            for (_, description), keys in rows.items():
                table.add_row(Text(" / ".join(keys), style="bold"), description)
            table.add_row("", "")
        table.add_row(Text("General", style="bold underline"), "")
        for general_keys, description in _GENERAL:
            table.add_row(Text(general_keys, style="bold"), description)
        return table
