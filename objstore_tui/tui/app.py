"""The Textual app: opens a store on the browser screen, or explains on the error screen why it cannot."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from objstore_tui.object_store import ObjectStore, ObjectStoreConfiguration, ObjectStoreError, visible
from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.location import Location
from objstore_tui.services.profiles import Profile, discover_profiles
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.screens.compare import CompareScreen
from objstore_tui.tui.screens.error import ErrorScreen
from objstore_tui.tui.screens.help import HelpScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.screens.profiles import ProfilesScreen
from objstore_tui.tui.screens.split import Pane, Side, SplitView
from objstore_tui.tui.screens.split_keys import SPLIT_ACTIONS, local_profile, split_action_shown
from objstore_tui.tui.workers import SHOWN_IN_PLACE, WorkFailed, failure_text, failure_title


@dataclass(frozen=True, slots=True)
class StoreTarget:
    """A store to open: its configuration, the profile it came from, and where to start browsing."""

    config: ObjectStoreConfiguration
    profile: str | None = None
    start: Location | None = None
    description: str | None = None
    """What the header says about the store; by default the framework and endpoint (never a key)."""

    @property
    def label(self) -> str:
        connection = self.config.connection
        about = self.description or f"{self.config.framework.value} · {connection.endpoint or 'AWS'}"
        return f"{self.profile} · {about}" if self.profile else about


_CURSOR_ACTIONS = frozenset(
    {"cursor_up", "cursor_down", "page_up", "page_down", "first_row", "last_row", "scroll_home", "scroll_end"}
)
"""Bindings that only move a cursor: not worth a command in the palette."""


class ObjstoreApp(App[None]):
    TITLE = "objstore-tui"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", show=False),  # in a text field, ctrl+c copies first
        Binding("question_mark", "help", "Help"),
        Binding("p", "profiles", "Profiles"),
        Binding("w", "split", "Split"),
        Binding("w", "close_split", "One pane"),
        Binding("ctrl+o", "other_pane", "Other pane"),
        Binding("equals_sign", "compare", "Compare panes"),
    ]

    def __init__(
        self,
        target: StoreTarget | None,
        *,
        startup_error: Exception | None = None,
        read_only: bool = False,
    ) -> None:
        """``read_only`` (the --read-only flag) holds for every store opened; a profile can also ask for it."""
        super().__init__()
        self._target = target
        self._startup_error = startup_error
        self._force_read_only = read_only
        self._store: ObjectStore | None = None
        self.split: SplitView[StoreTarget] = SplitView(self)

    @property
    def store(self) -> ObjectStore | None:
        return self._store

    def on_mount(self) -> None:
        if self._target is None:
            self._show_error(self._startup_error or ValueError("no store configured"), can_retry=False)
        else:
            self.open_store(self._target)

    def open_store(self, target: StoreTarget) -> None:
        """Show ``target`` on a fresh browser screen, closing the store shown before."""
        gc.unfreeze()  # what the last store froze may now be garbage
        self._target = target
        try:
            store = ObjectStore(target.config)
        except (ObjectStoreError, ValueError) as exc:
            self._show_error(exc)
            return
        previous = self._store
        self._show_screen(self._browser(target, store))  # closes the panes' other stores, if split
        self._store = store
        if previous is not None:
            self._close_store(previous)

    def _browser(self, target: StoreTarget, store: ObjectStore) -> MainScreen:
        """A browser screen on ``store``, opened as ``target`` says."""
        read_only = self._force_read_only or target.config.read_only
        reason = (
            "--read-only"
            if self._force_read_only
            else f"profile {target.profile}"
            if target.profile
            else "read_only in the configuration"
        )
        return MainScreen(
            store, store_label=target.label, read_only=read_only, start=target.start, read_only_reason=reason
        )

    @work(thread=True, exit_on_error=False, group="close-store", name="close-store")
    def _close_store(self, store: ObjectStore) -> None:
        """Nobody waits for this: the new store is in use already; a failure still reaches the handler below."""
        store.close()

    def _show_screen(self, screen: Screen[None]) -> None:
        """Replace what is shown, dialogs opened over it included, with ``screen``."""
        if self.split.is_open:
            self._drop_panes(self.split.abandon(), keep=self._store)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def _show_error(self, error: BaseException, *, can_retry: bool = True) -> None:
        endpoint = self._target.config.connection.endpoint if self._target else None
        self._show_screen(ErrorScreen(error, endpoint=endpoint, can_retry=can_retry and self._target is not None))

    def on_main_screen_buckets_loaded(self) -> None:
        """The store answered and its SDK is loaded: take everything alive now out of the cycle collector's sight.

        A full collection walks every object; with the SDK's models and the UI that is ~130,000 of them before a
        single row, and listing 100,000 rows triggers several full collections, each stopping the UI (and the
        listing thread) for 100 ms or more. Frozen, they are skipped; ``open_store`` thaws them again.
        """
        gc.freeze()

    def on_main_screen_store_unusable(self, message: MainScreen.StoreUnusable) -> None:
        if self.split.is_open:
            self._drop_unusable_pane(message.error)
        else:
            self._show_error(message.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported (see ``tui.workers``): never a crash, always said once."""
        worker = event.worker
        if event.state is not WorkerState.ERROR:
            return
        text = failure_text(worker.error)
        self.notify(text, title=failure_title(worker), severity="error")
        node = worker.node
        if worker.group in SHOWN_IN_PLACE and node is not self and node.is_attached:
            node.post_message(WorkFailed(worker, worker.error or RuntimeError("unknown error"), text))

    def on_error_screen_retry(self) -> None:
        if self._target is not None:
            self.open_store(self._target)

    # Actions
    async def action_quit(self) -> None:
        """Quit, asking first while a job runs: yes cancels it and quits once it has stopped cleanly."""
        if self._running_jobs():
            self._confirm_quit()
        else:
            self.exit()

    def _running_jobs(self) -> list[JobScreen]:
        return [screen for screen in self.screen_stack if isinstance(screen, JobScreen) and screen.is_working]

    @work(exclusive=True, group="quit", exit_on_error=False, name="quit")
    async def _confirm_quit(self) -> None:
        body = "A job is still running. Quitting cancels it: finished files are kept, partial ones removed."
        choices = [
            Choice("quit", "Cancel it and quit", "error", key="y"),
            Choice("stay", "Keep it running", "primary", key="n"),
        ]
        if await self.push_screen_wait(ConfirmDialog("Quit?", body, choices)) != "quit":
            return
        running = self._running_jobs()
        for screen in running:
            screen.stop()
        self.notify("Cancelling the running job; quitting once it has stopped.", title="Quit")
        while self._running_jobs():
            await asyncio.sleep(0.05)
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("help", "profiles"):
            return isinstance(self._screen_under_palette(), MainScreen | ErrorScreen)
        if action in SPLIT_ACTIONS:
            return split_action_shown(action, self.split.is_open, self._screen_under_palette())
        return True

    def _screen_under_palette(self) -> Screen[object]:
        """The screen the user works on: the command palette, open over it, does not count."""
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, CommandPalette):
                return screen
        return self.screen

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._screen_under_palette()))

    def action_profiles(self) -> None:
        if self.split.is_open:
            self._pick_pane_profile()
            return
        current = self._target.profile if self._target else None
        self.push_screen(ProfilesScreen(discover_profiles(), current), callback=self._open_profile)

    def _open_profile(self, profile: Profile | None) -> None:
        if profile is not None and profile.config is not None:
            self.open_store(StoreTarget(profile.config, profile.name))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then every enabled key binding with a description (of the app, the screen and the
        focused widget: marks are the table's), by its description; moving the cursor is left to the keys."""
        names = set()
        for command in super().get_system_commands(screen):
            names.add(command.title)
            yield command
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.system or binding.action in _CURSOR_ACTIONS:
                continue
            if binding.description and binding.description not in names:
                names.add(binding.description)
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.description, f"key {key}", partial(self.run_action, binding.action, active.node)
                )

    # Notifications
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of every screen passes here: keys and server errors in it are shown, never sent.

        Messages are plain text (a key with '[' is not markup); their line breaks stay, other controls show.
        """
        super().notify(visible_lines(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    # The split view: two browsers side by side (split.py)
    async def action_split(self) -> None:
        """Open the split: the right pane starts as a second browser on the same store and location."""
        left = self.screen
        if not isinstance(left, MainScreen) or self._target is None:
            return
        target = replace(self._target, start=left.location)
        right = self._browser(target, left.store)
        await self.split.open(self._pane(left, self._target), self._pane(right, target))

    async def action_close_split(self) -> None:
        """Back to one browser: the active pane's."""
        keep, drop = await self.split.close()
        self._target, self._store = keep.target, keep.screen.store
        self._drop_panes([drop], keep=keep.screen.store)

    async def action_other_pane(self) -> None:
        await self.split.switch()
        active = self.split.pane(self.split.active)
        self._target, self._store = active.target, active.screen.store

    def action_compare(self) -> None:
        """Compare the left pane's prefix with the right's, whichever pane is active."""
        left, right = self.split.link(Side.LEFT), self.split.link(Side.RIGHT)
        if left.location is None or right.location is None:
            self.notify("Open a bucket in both panes first.", title="Compare", severity="warning")
            return
        self.push_screen(CompareScreen(left, right))

    @work(exclusive=True, group="pane-profile", exit_on_error=False, name="pick-profile")
    async def _pick_pane_profile(self) -> None:
        """``p`` in the split: another store for the active pane only (the local backend is offered too)."""
        active = self.split.pane(self.split.active)
        profiles = [*discover_profiles(), local_profile()]
        profile = await self.push_screen_wait(ProfilesScreen(profiles, active.target.profile))
        if profile is None or profile.config is None:
            return
        target = StoreTarget(profile.config, profile.name)
        try:
            store = ObjectStore(target.config)
        except (ObjectStoreError, ValueError) as exc:
            self.notify(str(exc), title=f"Cannot open {profile.name}", severity="error")
            return
        old = await self.split.replace_active(self._pane(self._browser(target, store), target))
        self._target, self._store = target, store
        self._drop_panes([old], keep=store)

    @work(exclusive=True, group="pane-profile", exit_on_error=False, name="drop-pane")
    async def _drop_unusable_pane(self, error: BaseException) -> None:
        """The active pane's store cannot be used (only a pane being shown lists its buckets): say why and keep
        the other pane alone, rather than an error screen that would close both."""
        self.notify(failure_text(error), title="Cannot open this store in the pane", severity="error")
        await self.split.switch()
        await self.action_close_split()

    def _pane(self, screen: MainScreen, target: StoreTarget) -> Pane[StoreTarget]:
        return Pane(screen, target, target.label, target.start)

    def _drop_panes(self, panes: list[Pane[StoreTarget]], *, keep: ObjectStore | None = None) -> None:
        """Close the stores of panes that went, unless still shown (``keep``, the other pane, the app's own)."""
        in_use = {id(keep)}
        if self.split.is_open:
            in_use.update(id(self.split.pane(side).screen.store) for side in Side)
        closed: set[int] = set()
        for pane in panes:
            store = pane.screen.store
            if id(store) not in in_use | closed:
                closed.add(id(store))
                self._close_store(store)
