"""Write the README's screenshots (SVG) into screenshots/, taken by the app itself on the demo data.

python tests/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from objstore_tui.services.demo import build_demo  # noqa: E402
from tests.tui.conftest import SIZE, browser, highlight, wait_listed, wait_previewed  # noqa: E402

SHOTS = (
    ("main", "demo-data", "README.md"),
    ("preview-code", "demo-data/src/inventory", "models.py"),
    ("preview-json", "demo-data/config", "app.json"),
    ("preview-image", "demo-data/images", "logo.png"),
    ("help", "demo-data", None),
)


async def take(name: str, start: str, row: str | None, demo: Path, folder: Path) -> Path:
    app = browser(build_demo(demo), start, profile="demo")
    async with app.run_test(size=SIZE) as pilot:
        await wait_listed(pilot)
        if row is None:
            await pilot.press("question_mark")
        else:
            await highlight(pilot, row)
            await wait_previewed(pilot)
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
        for name, start, row in SHOTS:
            print(await take(name, start, row, Path(demo), folder))


if __name__ == "__main__":
    asyncio.run(main())
