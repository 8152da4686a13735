"""The versions view in the real app: a deleted object's versions open from the deleted rows (D, then V), and a
version previews every type the main preview does (here a CSV table and an image)."""

from __future__ import annotations

import io

from textual.widgets import DataTable

from objstore_tui.tui.dialogs.versions import VersionsScreen
from tests.s3_server import MotoServer

from .conftest import SIZE, browser, highlight, moto_config, table_names, wait_for, wait_listed


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), (10, 200, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _rows(screen: VersionsScreen) -> int:
    return screen.query_one("#versions-table", DataTable).row_count


async def test_a_deleted_objects_versions_preview_as_tables_and_images(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="hist")
    raw_s3.put_bucket_versioning(Bucket="hist", VersioningConfiguration={"Status": "Enabled"})
    raw_s3.put_object(Bucket="hist", Key="table.csv", Body=b"city,people\nOslo,700000\n")
    raw_s3.delete_object(Bucket="hist", Key="table.csv")
    raw_s3.put_object(Bucket="hist", Key="pic.png", Body=_png())
    async with browser(moto_config(s3_server), "hist").run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("D")
        await wait_for(pilot, lambda: "table.csv" in table_names(screen))
        await highlight(pilot, "table.csv")
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VersionsScreen))
        versions = pilot.app.screen
        assert isinstance(versions, VersionsScreen)
        await wait_for(pilot, lambda: _rows(versions) == 2)  # the delete marker on top of the version
        await pilot.press("down", "p")
        await wait_for(pilot, lambda: versions.query("#versions-preview DataTable"))
        table = versions.query_one("#versions-preview DataTable", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "Oslo"
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)

        await highlight(pilot, "pic.png")
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VersionsScreen))
        versions = pilot.app.screen
        await wait_for(pilot, lambda: _rows(versions) == 1)
        await pilot.press("p")
        await wait_for(pilot, lambda: versions.query("#versions-preview .preview-image"))
