"""The profile picker (key p): open another store without restarting."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from objstore_tui.object_store import visible
from objstore_tui.object_store.utils import config_file
from objstore_tui.services.profiles import Profile


class ProfilesScreen(ModalScreen[Profile | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]

    DEFAULT_CSS = """
    ProfilesScreen {
        align: center middle;
        #profiles-box {
            width: 100;
            max-width: 95%;
            height: auto;
            max-height: 90%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
        #profiles-hint { color: $text-muted; padding: 0 1 1 1; }
        OptionList { height: auto; max-height: 60vh; border: none; }  /* the whole list box stays on screen */
    }
    """

    def __init__(self, profiles: list[Profile], current: str | None) -> None:
        super().__init__()
        self._profiles = profiles
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles-box") as box:
            box.border_title = "Open a store"
            yield Static(
                "Profiles from this app's config file, MinIO client aliases and AWS profiles. "
                "Enter opens one, Esc closes.",
                id="profiles-hint",
            )
            if self._profiles:
                yield OptionList(*(self._option(index, profile) for index, profile in enumerate(self._profiles)))
            else:
                yield Static(
                    Text(
                        f"No profiles found. Add one to {config_file()}, or an mc alias or AWS profile; "
                        "OBJSTORE_* variables and --endpoint open a store without one.",
                        style="italic",
                    ),
                    id="profiles-empty",
                )

    def _option(self, index: int, profile: Profile) -> Option:
        label = Text.assemble((visible(profile.name), "bold"))
        if profile.name == self._current:
            label.append("  (open)", style="italic")
        label.append(f"\n  {visible(profile.summary)}", style="dim" if profile.config else "red")
        label.append(f"\n  {visible(profile.source)}", style="dim italic")
        return Option(label, id=str(index), disabled=profile.config is None)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(self._profiles[int(event.option.id)])
