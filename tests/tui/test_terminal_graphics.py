"""The terminal graphics probe at start-up, on real pseudo-terminals that answer badly or not at all.

Each case runs in a child process: textual-image probes once per process, when first imported.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

CHILD = """
import sys
from PIL import Image
from objstore_tui.tui.widgets.preview_widgets import image_widget_class, prepare_terminal_graphics
prepare_terminal_graphics()
widget = image_widget_class(False)(Image.new("RGB", (4, 4)), classes="preview-image")
with open(sys.argv[1], "w") as out:
    out.write(f"{type(widget).__name__}\\n{widget.render() if type(widget).__name__ == 'Static' else ''}")
"""


def _probe_on_pty(tmp_path: Path, rows: int, columns: int) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run CHILD with stdin and stdout on a pseudo-terminal of this size that never answers a query."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    drained = threading.Thread(target=_drain, args=(controller,), daemon=True)
    drained.start()
    result_file = tmp_path / "result.txt"
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(result_file)],
            stdin=terminal,
            stdout=terminal,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    return child, result_file.read_text() if result_file.exists() else ""


def _drain(descriptor: int) -> None:
    """Read what the child writes to the terminal (its queries), so it never blocks on a full buffer."""
    try:
        while os.read(descriptor, 4096):
            pass
    except OSError:
        pass


@pytest.mark.parametrize(("rows", "columns"), [(0, 0), (24, 0)])
def test_a_terminal_without_a_size_starts_and_says_why_images_are_not_drawn(
    tmp_path: Path, rows: int, columns: int
) -> None:
    """textual-image divides by the column count; the app must still start, and images explain themselves."""
    child, result = _probe_on_pty(tmp_path, rows, columns)
    assert child.returncode == 0, child.stderr.decode()
    assert b"Traceback" not in child.stderr, child.stderr.decode()
    kind, _, text = result.partition("\n")
    assert kind == "Static"
    assert "not drawn" in text and "size of its cells" in text


def test_a_terminal_that_never_answers_draws_images_without_a_traceback(tmp_path: Path) -> None:
    """The probe times out and textual-image falls back to default cell sizes; its traceback stays off screen."""
    child, result = _probe_on_pty(tmp_path, 24, 80)
    assert child.returncode == 0, child.stderr.decode()
    assert child.stderr == b"", child.stderr.decode()
    assert result.partition("\n")[0] != "Static"
