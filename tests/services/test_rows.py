"""The row model without any app: rows stay sorted and filtered whatever order batches, sorts and filters come in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata
from objstore_tui.services.rows import SORT_KEYS, RowModel, SortColumn


def _entries(rng: random.Random) -> list[DirEntry]:
    names = sorted({f"p/{rng.choice('abC')}{rng.randint(0, 300)}" for _ in range(rng.randint(0, 60))})
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        Folder(f"{name}/")
        if rng.random() < 0.2
        else ObjectMetadata(f"{name}.txt", start + timedelta(hours=rng.randint(0, 50)), rng.randint(0, 100))
        for name in names
    ]


def _shown(rows: RowModel) -> list[DirEntry]:
    return [rows.row_entry(row) for row in range(rows.row_count)]


def _names(rows: RowModel) -> list[str]:
    return [entry.name for entry in _shown(rows)]


def test_rows_match_a_full_sort_of_the_loaded_entries_after_any_sequence() -> None:
    rng = random.Random(7)
    for _ in range(60):
        rows = RowModel()
        entries, loaded = _entries(rng), 0
        for _ in range(30):
            choice = rng.random()
            if choice < 0.4:
                count = rng.randint(1, 10)
                rows.add(entries[loaded : loaded + count])
                loaded = min(loaded + count, len(entries))
            elif choice < 0.6:
                rows.set_filter(rng.choice(["", "a", "a1", "1", "c2", "C"]))
            elif choice < 0.8:
                rows.set_sort(rng.choice(list(SortColumn)), reverse=rng.random() < 0.5)
            else:
                rows.toggle_sort(rng.choice(list(SortColumn)))
            matching = [entry for entry in entries[:loaded] if rows.filter_text in entry.name.casefold()]
            expected = sorted(matching, key=SORT_KEYS[rows.sort_column], reverse=rows.sort_reverse)
            assert _shown(rows) == expected
            assert rows.entry_count == loaded
            assert all(rows.row_of(entry) == row for row, entry in enumerate(expected))


def test_folders_come_first_and_reverse_puts_them_last() -> None:
    rows = RowModel()
    rows.add([ObjectMetadata("a.txt", None, 5), Folder("b/"), ObjectMetadata("c.txt", None, 1)])
    assert _names(rows) == ["b", "a.txt", "c.txt"]
    rows.set_sort(SortColumn.SIZE)
    assert _names(rows) == ["b", "c.txt", "a.txt"]
    rows.toggle_sort(SortColumn.SIZE)
    assert _names(rows) == ["a.txt", "c.txt", "b"]


def test_add_reports_the_first_display_row_that_changed() -> None:
    rows = RowModel()
    assert rows.add([ObjectMetadata(f"k/{n:03d}", None, n) for n in range(0, 10, 2)]) == 0
    assert rows.add([ObjectMetadata("k/100", None, 1)]) == 5  # appended in listing order: nothing above moves
    assert rows.add([ObjectMetadata("k/003", None, 1)]) == 2  # inserted between k/002 and k/004
    rows.set_filter("zzz")
    assert rows.add([ObjectMetadata("k/200", None, 1)]) is None  # filtered out: no row shown changed
    assert rows.entry_count == 8 and rows.row_count == 0
    rows.set_filter("")
    rows.set_sort(SortColumn.NAME, reverse=True)
    assert rows.add([ObjectMetadata("k/300", None, 1)]) == 0  # reversed, the newest key is the top row
    assert rows.row_entry(0).key == "k/300"


def test_a_row_not_shown_has_no_row() -> None:
    rows = RowModel()
    entry = ObjectMetadata("logs/app.log", None, 3)
    assert rows.row_of(entry) is None
    rows.add([entry, ObjectMetadata("logs/web.log", None, 1)])
    assert rows.row_of(ObjectMetadata("logs/app.log", None, 3)) == 0  # found by its key, not by identity
    rows.set_filter("web")
    assert rows.row_of(entry) is None


def test_marks_follow_entries_through_filters_and_sorts_and_go_with_clear() -> None:
    rows = RowModel()
    entries: list[DirEntry] = [Folder("docs/"), ObjectMetadata("a.txt", None, 9), ObjectMetadata("b.txt", None, 1)]
    rows.add(entries)
    rows.toggle_mark(entries[2])
    rows.set_filter("a")
    rows.toggle_marks_shown()  # marks a.txt, the one row shown
    assert rows.marked_count == 2
    rows.set_filter("")
    rows.set_sort(SortColumn.SIZE, reverse=True)
    assert [entry.name for entry in rows.marked_entries] == ["a.txt", "b.txt"]  # listing order
    assert [rows.is_marked(entry) for entry in _shown(rows)] == [True, True, False]
    rows.toggle_marks_shown()
    rows.toggle_marks_shown()  # all shown were marked: the second press unmarks them all
    assert rows.marked_count == 0
    rows.toggle_mark(entries[0])
    assert rows.clear() is True and rows.marked_count == 0 and rows.entry_count == 0
    assert rows.clear_marks() is False


def test_filter_is_case_insensitive_and_the_same_filter_changes_nothing() -> None:
    rows = RowModel()
    rows.add([ObjectMetadata("Report.PDF", None, 1), ObjectMetadata("notes.txt", None, 1)])
    assert rows.set_filter("rEpOrT") is True
    assert _names(rows) == ["Report.PDF"] and rows.filter_text == "report"
    assert rows.set_filter("REPORT") is False
