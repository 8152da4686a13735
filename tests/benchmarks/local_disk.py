"""The benchmarks' local folders: emptied between measurements without skewing the next one."""

from __future__ import annotations

import shutil
import time
from pathlib import Path


def set_aside(downloads: Path, trash: Path) -> None:
    """Empty ``downloads`` for the next measurement without deleting thousands of files just before it.

    ext4 passes over the inodes deleted in the last minute or more when it makes a file (``recently_deleted`` in
    perf's kernel profile): 2,000 small files deleted before a measurement cost the next tool's 2,000 downloads
    1.7-1.9 s of kernel time (0.3-0.4 s into a folder made after none were deleted), whichever tool it was. So
    a folder of many files is moved aside whole, and deleted once every measurement is done; a big file goes at
    once.
    """
    if downloads.exists():
        if sum(1 for _ in zip(downloads.rglob("*"), range(100), strict=False)) < 100:
            shutil.rmtree(downloads)
        else:
            trash.mkdir(exist_ok=True)
            downloads.rename(trash / f"{time.monotonic_ns()}")
    downloads.mkdir()
