"""The listing state without any app: generations, the status line's words, and the garbage collector's pause."""

from __future__ import annotations

import gc

from objstore_tui.object_store import Folder, ObjectMetadata, StoreConnectionError
from objstore_tui.services.listing import ListingState
from objstore_tui.services.rows import RowModel


def test_a_new_listing_makes_the_one_before_stale_and_holds_off_full_collections_until_it_ends() -> None:
    full_threshold = gc.get_threshold()[2]
    listing = ListingState()
    first = listing.start()
    second = listing.start(select=Folder("logs/"))
    assert not listing.is_current(first) and listing.is_current(second)
    assert listing.loading and listing.select_when_listed == Folder("logs/")
    assert gc.get_threshold()[2] > full_threshold
    listing.finish()
    assert not listing.loading and listing.select_when_listed is None
    assert gc.get_threshold()[2] == full_threshold


def test_stopping_drops_the_running_listing_once() -> None:
    listing = ListingState()
    generation = listing.start()
    assert listing.stop() is True
    assert not listing.is_current(generation) and not listing.loading
    assert listing.stop() is False


def test_the_status_counts_folders_and_objects_and_says_what_the_filter_and_marks_do() -> None:
    listing, rows = ListingState(), RowModel()
    listing.start()
    batch = [Folder("a/"), ObjectMetadata("b.txt", None, 1), ObjectMetadata("c.txt", None, 2)]
    rows.add(batch)
    listing.rows_arrived(batch)
    assert listing.status(rows, waited=None) == "loading… 3 entries so far"
    assert listing.status(rows, waited=4) == "waiting for the server… 4 s, 3 entries so far (Esc stops)"
    listing.finish()
    assert listing.status(rows, waited=None) == "1 folder, 2 objects"
    rows.set_filter("B")
    rows.toggle_mark(batch[1])
    assert listing.status(rows, waited=None) == (
        "1 of 3 match “b” · 1 folder, 2 objects · 1 marked (space marks, * marks all shown)"
    )


def test_the_status_of_a_failed_listing_names_the_error_and_waiting_ends_with_it() -> None:
    listing, rows = ListingState(), RowModel()
    listing.start()
    assert listing.waited(notice_after=0.0) == 0
    listing.finish(StoreConnectionError("connection refused"))
    assert listing.waited(notice_after=0.0) is None
    assert listing.status(rows, waited=None) == "listing stopped after 0 entries: connection refused"
