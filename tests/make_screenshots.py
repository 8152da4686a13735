"""Write the README's screenshots (SVG) into screenshots/, taken by the app itself on the demo data.

python tests/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual.pilot import Pilot  # noqa: E402

from objstore_tui.services.demo import build_demo  # noqa: E402
from objstore_tui.tui.dialogs.details import DetailsScreen  # noqa: E402
from objstore_tui.tui.dialogs.summary import SummaryScreen  # noqa: E402
from objstore_tui.tui.screens.viewer import ViewerScreen  # noqa: E402
from tests.helpers import wait_for  # noqa: E402
from tests.tui.conftest import SIZE, browser, highlight, wait_listed, wait_previewed, wait_tree_loaded  # noqa: E402

type Ready = Callable[[Pilot[None]], bool]


def summary_done(pilot: Pilot[None]) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, SummaryScreen) and screen.done


def viewer_open(pilot: Pilot[None]) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, ViewerScreen) and screen.content_view is not None


def details_read(pilot: Pilot[None]) -> bool:
    screen = pilot.app.screen
    return isinstance(screen, DetailsScreen) and screen.details is not None


SHOTS = (  # name, folder, row to highlight (None: the help), keys pressed then, and what to wait for
    ("main", "demo-data", "README.md", (), None),
    ("preview-code", "demo-data/src/inventory", "models.py", (), None),
    ("preview-json", "demo-data/config", "app.json", (), None),
    ("preview-image", "demo-data/images", "logo.png", (), None),
    ("help", "demo-data", None, (), None),
    ("folder-summary", "demo-data", "README.md", ("shift+tab", "i"), summary_done),  # the bucket, from the tree
    ("object-details", "demo-data/config", "app.json", ("i",), details_read),
    ("viewer", "demo-data/src/inventory", "models.py", ("o",), viewer_open),
)


async def take(
    name: str, start: str, row: str | None, keys: tuple[str, ...], ready: Ready | None, demo: Path, folder: Path
) -> Path:
    app = browser(build_demo(demo), start, profile="demo")
    async with app.run_test(size=SIZE) as pilot:
        await wait_listed(pilot)
        await wait_tree_loaded(pilot)
        if row is None:
            await pilot.press("question_mark")
        else:
            await highlight(pilot, row)
            await wait_previewed(pilot)
        if keys:
            await pilot.press(*keys)
            assert ready is not None
            await wait_for(pilot, lambda: ready(pilot))
        await pilot.pause(0.2)
        path = folder / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(folder))
    return path


async def main() -> None:
    os.environ["TZ"] = "UTC"  # the demo's fixed times read the same everywhere
    time.tzset()
    folder = REPO / "screenshots"
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="objstore-tui-shots-") as demo:
        for name, start, row, keys, ready in SHOTS:
            print(await take(name, start, row, keys, ready, Path(demo), folder))


if __name__ == "__main__":
    asyncio.run(main())
