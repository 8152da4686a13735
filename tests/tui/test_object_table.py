"""The object table as a view (the row model has its own tests, without an app): cursor, drawing, keys."""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.scrollbar import ScrollBarRender

from objstore_tui.object_store import Folder, ObjectMetadata
from objstore_tui.services.rows import SortColumn
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.thumb_scrollbar import ThumbScrollBar


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ObjectTable()


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


async def test_an_unmoved_cursor_stays_on_the_first_row_whichever_entry_arrived_first() -> None:
    # a folder's listing comes in batches, and the first one may hold an entry that sorts last: the cursor
    # the user has not touched is on the first row once the rest is in, as when the listing came at once
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.add_entries([ObjectMetadata("k/README.md", None, 1)])
        assert table.highlighted_entry == ObjectMetadata("k/README.md", None, 1)
        table.add_entries([Folder("k/blobs/"), Folder("k/logs/")])
        assert table.cursor_row == 0 and table.highlighted_entry == Folder("k/blobs/")


async def test_cursor_follows_its_entry_through_a_sort_and_a_filter() -> None:
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.add_entries([ObjectMetadata(f"k/{n:03d}", None, 100 - n) for n in range(20)])
        await pilot.press("down", "down", "down")
        assert table.highlighted_entry == ObjectMetadata("k/003", None, 97)
        table.toggle_sort(SortColumn.SIZE)
        assert table.highlighted_entry == ObjectMetadata("k/003", None, 97) and table.cursor_row == 16
        table.set_filter("01")
        assert table.highlighted_entry == table.rows.row_entry(0) and table.cursor_row == 0  # k/003 is not shown


async def test_space_marks_and_moves_down_and_star_marks_every_row_shown() -> None:
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.focus()
        table.add_entries([ObjectMetadata(f"k/{n}", None, n) for n in range(5)])
        await pilot.press("space", "space")
        assert [entry.key for entry in table.rows.marked_entries] == ["k/0", "k/1"] and table.cursor_row == 2
        assert table.render_line(1).text.startswith(" ✓ 0")
        await pilot.press("asterisk")
        assert table.rows.marked_count == 5
        table.clear_marks()
        assert table.rows.marked_count == 0


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


def _thumb_rows(segments: list[Segment]) -> list[int]:
    """Rows of a vertical scrollbar's lines that draw the thumb (a reversed cell, or an eighth-block end)."""
    return [
        row for row, segment in enumerate(segments) if segment.style and (segment.style.reverse or segment.text.strip())
    ]


async def test_the_scrollbar_redraws_when_its_thumb_moves_and_only_then() -> None:
    """Over thousands of rows the thumb moves a cell every few hundred steps; what the bar shows after each
    move is what Textual's own bar draws for the same position, and steps that leave it in place redraw nothing."""
    async with TableApp().run_test(size=(120, 30)) as pilot:
        table = pilot.app.query_one(ObjectTable)
        table.add_entries([ObjectMetadata(f"k/{n:05d}", None, n) for n in range(5000)])
        await pilot.pause()
        bar = table.vertical_scrollbar
        assert isinstance(bar, ThumbScrollBar)
        repaints = 0
        original_refresh = bar.refresh

        def counted_refresh(*args: object, **kwargs: object) -> object:
            nonlocal repaints
            repaints += 1
            return original_refresh(*args, **kwargs)  # type: ignore[arg-type]

        bar.refresh = counted_refresh  # type: ignore[method-assign]
        for keys in (["down"] * 40, ["end"], ["pageup"] * 3, ["home"], ["pagedown"]):
            await pilot.press(*keys)
            await pilot.pause()
            height = bar.size.height
            drawn = [strip for strip in bar.render_lines(Region(0, 0, bar.size.width, height))]
            expected = ScrollBarRender.render_bar(
                size=height,
                virtual_size=ceil(bar.window_virtual_size),
                window_size=ceil(bar.window_size),
                position=bar.position,
                thickness=bar.size.width,
            ).segments
            assert _thumb_rows([next(iter(strip)) for strip in drawn]) == _thumb_rows(list(expected)), keys
        assert repaints < 20  # 48 steps and 5 jumps, 25 rows shown of 5,000: the thumb moved on few of them
