"""The object table on its own: rows stay sorted and filtered whatever order batches, sorts and filters come in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata
from objstore_tui.tui.widgets.object_table import SORT_KEYS, ObjectTable, SortColumn


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ObjectTable()


def _entries(rng: random.Random) -> list[DirEntry]:
    names = sorted({f"p/{rng.choice('abC')}{rng.randint(0, 300)}" for _ in range(rng.randint(0, 60))})
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        Folder(f"{name}/")
        if rng.random() < 0.2
        else ObjectMetadata(f"{name}.txt", start + timedelta(hours=rng.randint(0, 50)), rng.randint(0, 100))
        for name in names
    ]


def _shown(table: ObjectTable) -> list[DirEntry]:
    return [table.row_entry(row) for row in range(table.row_count)]


async def test_rows_match_a_full_sort_of_the_loaded_entries_after_any_sequence() -> None:
    rng = random.Random(7)
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        for _ in range(60):
            table.clear()
            table.set_filter("")
            table.set_sort(SortColumn.NAME)
            entries, loaded = _entries(rng), 0
            for _ in range(30):
                choice = rng.random()
                if choice < 0.4:
                    count = rng.randint(1, 10)
                    table.add_entries(entries[loaded : loaded + count])
                    loaded = min(loaded + count, len(entries))
                elif choice < 0.6:
                    table.set_filter(rng.choice(["", "a", "a1", "1", "c2", "C"]))
                elif choice < 0.8:
                    table.set_sort(rng.choice(list(SortColumn)), reverse=rng.random() < 0.5)
                else:
                    table.toggle_sort(rng.choice(list(SortColumn)))
                matching = [entry for entry in entries[:loaded] if table.filter_text in entry.name.casefold()]
                expected = sorted(matching, key=SORT_KEYS[table.sort_column], reverse=table.sort_reverse)
                assert _shown(table) == expected
                assert table.entry_count == loaded


async def test_cursor_stays_on_its_entry_when_rows_arrive_above_it() -> None:
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.add_entries([ObjectMetadata(f"k/{n:03d}", None, n) for n in range(0, 100, 2)])
        table.action_cursor_down()
        table.action_cursor_down()
        assert table.highlighted_entry == ObjectMetadata("k/004", None, 4)
        table.add_entries([Folder("k/zzz/"), ObjectMetadata("k/001", None, 1)])  # a folder sorts first
        assert table.highlighted_entry == ObjectMetadata("k/004", None, 4)
        assert table.cursor_row == 4


async def test_folders_come_first_and_reverse_puts_them_last() -> None:
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.add_entries([ObjectMetadata("a.txt", None, 5), Folder("b/"), ObjectMetadata("c.txt", None, 1)])
        assert [entry.name for entry in _shown(table)] == ["b", "a.txt", "c.txt"]
        table.set_sort(SortColumn.SIZE)
        assert [entry.name for entry in _shown(table)] == ["b", "c.txt", "a.txt"]
        table.toggle_sort(SortColumn.SIZE)
        assert [entry.name for entry in _shown(table)] == ["a.txt", "c.txt", "b"]


async def test_narrow_tables_drop_the_type_column_and_draw_a_notice_when_empty() -> None:
    async with TableApp().run_test(size=(50, 10)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.notice = "Nothing here."
        await pilot.pause()
        assert "Type" not in table.render_line(0).text
        assert table.render_line(1).text.strip() == "Nothing here."
        table.add_entries([ObjectMetadata("a-rather-long-object-name-that-cannot-fit.txt", None, 2048)])
        table.set_filter("zzz")
        await pilot.pause()
        assert table.render_line(1).text.strip() == "No names contain “zzz”."
        table.set_filter("")
        await pilot.pause()
        row = table.render_line(1).text
        assert "…" in row and "2.0 KiB" in row and len(row) == table.scrollable_content_region.width
