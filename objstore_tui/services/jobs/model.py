"""What a job is made of, for its runner and its screen: items' outcomes and issues, progress, the report.

A job is a list of items (files to transfer, keys to copy or delete, versions to restore) done one by one, a
few at a time. Every job, whatever it does, ends each item in one ``Outcome`` and reports the same way, so
one screen can show any of them and one wording sums them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .wording import Noun, summarize


class Outcome(StrEnum):
    """How one item ended."""

    DONE = "done"
    SKIPPED = "skipped"
    """Left alone on purpose: the conflict policy said so, or there was nothing to do."""
    FAILED = "failed"
    CANCELLED = "cancelled"
    """Not started, or stopped by the cancel event before it changed anything."""
    REFUSED = "refused"
    """Planning refused it (an unsafe key, an unreadable file): it was never an item of the run."""


class Pending(StrEnum):
    """Where an item is before it has an ``Outcome``."""

    QUEUED = "queued"
    RUNNING = "running"


type ItemState = Pending | Outcome


@dataclass(frozen=True, slots=True)
class ItemIssue:
    """An item that did not get done, named as the user knows it (a key, or a local path), and why."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class ItemProgress:
    """One item at one moment; ``done``/``total`` are bytes for a transfer, 0/0 for items without sizes."""

    index: int
    name: str
    done: int
    total: int
    state: ItemState

    @property
    def fraction(self) -> float:
        if self.state is Outcome.DONE:
            return 1.0
        return min(self.done / self.total, 1.0) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class JobProgress:
    """The whole job at one moment, cheap to make for 100,000 items: only the items worth a row are listed.

    Counts are of items; ``bytes_*`` are zero for a job whose items have no sizes, and then ``rate`` and
    ``eta`` are in items rather than bytes (``by_bytes`` tells which).
    """

    items_total: int
    items_finished: int
    items_failed: int
    items_done: int
    """Items that ended ``DONE``: after a cancel, what actually completed."""
    bytes_done: int
    bytes_total: int
    by_bytes: bool
    rate: float
    """Bytes (or items) per second over the last few seconds."""
    eta: float | None
    """Seconds left at the current rate; None before there is a rate, and once finished."""
    elapsed: float
    active: tuple[ItemProgress, ...]
    """The items running now, in item order."""
    recent: tuple[ItemProgress, ...]
    """The items that finished last, newest first: the rows a screen fills when few are running."""
    cancelled: bool
    finished: bool

    @property
    def fraction(self) -> float:
        if self.by_bytes and self.bytes_total:
            return min(self.bytes_done / self.bytes_total, 1.0)
        if self.items_total:
            return min(self.items_finished / self.items_total, 1.0)
        return float(self.finished)


@dataclass(frozen=True, slots=True)
class ItemResult[Item, Value]:
    """How one item ended. ``value`` is what the action returned (a download's final path, when renamed)."""

    item: Item
    name: str
    outcome: Outcome
    reason: str = ""
    value: Value | None = None
    size: int = 0


@dataclass(frozen=True, slots=True)
class JobReport[Item, Value]:
    """How a job ended, item by item, in the items' order, plus what planning refused.

    After a cancel the items done before it stay done (each is whole: the library never leaves half an
    object or half a file); the others are ``CANCELLED`` and left nothing behind.
    """

    results: tuple[ItemResult[Item, Value], ...]
    refused: tuple[ItemIssue, ...]
    cancelled: bool
    seconds: float

    def having(self, outcome: Outcome) -> tuple[ItemResult[Item, Value], ...]:
        return tuple(result for result in self.results if result.outcome is outcome)

    def count(self, outcome: Outcome) -> int:
        if outcome is Outcome.REFUSED:
            return len(self.refused)
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def done(self) -> tuple[ItemResult[Item, Value], ...]:
        return self.having(Outcome.DONE)

    @property
    def bytes(self) -> int:
        """Bytes of the items done: what was really moved."""
        return sum(result.size for result in self.results if result.outcome is Outcome.DONE)

    @property
    def issues(self) -> tuple[ItemIssue, ...]:
        """What went wrong, refused then failed: what a user must read (skips and cancels were asked for)."""
        return (*self.refused, *self._issues(Outcome.FAILED))

    @property
    def ok(self) -> bool:
        return not (self.cancelled or self.issues)

    def sections(self) -> list[tuple[Outcome, tuple[ItemIssue, ...]]]:
        """Every item not done, by outcome, for a screen's list: failed, refused, skipped, cancelled."""
        order = (Outcome.FAILED, Outcome.REFUSED, Outcome.SKIPPED, Outcome.CANCELLED)
        found = [(outcome, self._issues(outcome)) for outcome in order]
        return [(outcome, issues) for outcome, issues in found if issues]

    def _issues(self, outcome: Outcome) -> tuple[ItemIssue, ...]:
        if outcome is Outcome.REFUSED:
            return self.refused
        return tuple(ItemIssue(result.name, result.reason) for result in self.having(outcome))

    def summary(self, verb: str, noun: Noun = ("object", "objects"), where: str = "") -> str:
        """One line for a notification; see ``wording.summarize``."""
        return summarize(
            done=self.count(Outcome.DONE),
            total=len(self.results),
            skipped=self.count(Outcome.SKIPPED),
            refused=self.count(Outcome.REFUSED),
            failed=self.count(Outcome.FAILED),
            not_done=self.count(Outcome.CANCELLED),
            verb=verb,
            noun=noun,
            where=where,
            seconds=self.seconds,
            cancelled=self.cancelled,
        )
