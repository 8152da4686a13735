"""The one summary wording, and the 'keep both' names for local files and object keys."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from objstore_tui.services.jobs import (
    Conflict,
    NameClaims,
    duration,
    free_name,
    labelled,
    plural,
    split_name,
    summarize,
)


def test_plurals_and_thousands_separators() -> None:
    assert plural(1, ("file", "files")) == "1 file"
    assert plural(0, ("file", "files")) == "0 files"
    assert plural(1204, ("object", "objects")) == "1,204 objects"


def test_a_job_that_ran_through_says_what_was_done_then_what_was_not() -> None:
    text = summarize(
        done=1204,
        total=1204,
        verb="deleted",
        noun=("object", "objects"),
        where="from logs",
        seconds=2.34,
        cancelled=False,
    )
    assert text == "1,204 objects deleted from logs in 2.3 s"
    text = summarize(
        done=1,
        total=1210,
        skipped=1200,
        refused=2,
        failed=9,
        verb="downloaded",
        noun=("file", "files"),
        seconds=75,
        cancelled=False,
    )
    assert text == "1 file downloaded in 1 min 15 s; 1,200 skipped, 2 refused, 9 failed"


def test_a_cancelled_job_says_what_completed_of_how_many_and_what_did_not() -> None:
    text = summarize(
        done=3,
        total=10,
        failed=1,
        not_done=6,
        verb="uploaded",
        noun=("file", "files"),
        where="to ops/logs",
        seconds=1.2,
        cancelled=True,
    )
    assert text == "cancelled after 1.2 s: 3 of 10 files uploaded to ops/logs; 1 failed, 6 not uploaded"
    text = summarize(
        done=0, total=1, not_done=1, verb="copied", noun=("object", "objects"), seconds=0.05, cancelled=True
    )
    assert text == "cancelled after 0.1 s: 0 of 1 object copied; 1 not copied"


def test_durations_read_at_a_glance() -> None:
    assert [duration(s) for s in (0.44, 38.2, 185, 7440)] == ["0.4 s", "38 s", "3 min 05 s", "2 h 04 min"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.tar.gz", ("report.tar", ".gz")),
        (".env", (".env", "")),
        ("README", ("README", "")),
        ("trailing.", ("trailing", ".")),
    ],
)
def test_split_name(name: str, expected: tuple[str, str]) -> None:
    assert split_name(name) == expected


def test_labels_change_only_the_last_segment_of_a_key_or_path() -> None:
    assert labelled("logs.d/2024/report.csv", "1") == "logs.d/2024/report (1).csv"
    assert labelled("logs.d/notes", "2") == "logs.d/notes (2)"
    assert labelled("/tmp/x.y/.env", "version 3f2a9c1b") == "/tmp/x.y/.env (version 3f2a9c1b)"


def test_free_name_finds_the_first_number_free_on_disk(tmp_path: Path) -> None:
    for name in ("report.csv", "report (1).csv", "report (3).csv"):
        (tmp_path / name).write_text("x")
    os.symlink(tmp_path / "nowhere", tmp_path / "report (2).csv")  # a dangling link still takes the name
    assert free_name(str(tmp_path / "report.csv"), os.path.lexists) == str(tmp_path / "report (4).csv")


def test_free_name_for_keys() -> None:
    keys = {"a/b.json", "a/b (1).json"}
    assert free_name("a/b.json", keys.__contains__) == "a/b (2).json"


def test_claims_resolve_each_policy(tmp_path: Path) -> None:
    (tmp_path / "there.txt").write_text("x")
    claims = NameClaims([], os.path.lexists)
    there, new = str(tmp_path / "there.txt"), str(tmp_path / "new.txt")
    assert claims.resolve(new, Conflict.SKIP) == new
    assert claims.resolve(there, Conflict.OVERWRITE) == there
    assert claims.resolve(there, Conflict.SKIP) is None
    assert claims.resolve(there, Conflict.KEEP_BOTH) == str(tmp_path / "there (1).txt")


def test_parallel_items_keeping_both_never_share_a_name() -> None:
    """A planned name counts as taken, and two workers asking at once get two names."""
    existing = {"logs/a.txt"}
    claims = NameClaims(["logs/a (1).txt"], existing.__contains__)
    start = threading.Barrier(8)

    def resolve(_: int) -> str | None:
        start.wait()
        return claims.resolve("logs/a.txt", Conflict.KEEP_BOTH)

    with ThreadPoolExecutor(8) as pool:
        names = list(pool.map(resolve, range(8)))
    assert sorted(names) == sorted(f"logs/a ({n}).txt" for n in range(2, 10))


def test_keep_both_under_a_label_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    """A version downloaded twice: the second copy must not replace the first (it may have been edited)."""
    (tmp_path / "report.csv").write_text("latest")
    claims = NameClaims([], os.path.lexists)
    first = claims.resolve(str(tmp_path / "report.csv"), Conflict.KEEP_BOTH, label="version 3f2a9c1b")
    assert first == str(tmp_path / "report (version 3f2a9c1b).csv")
    Path(first).write_text("edited by the user")
    again = NameClaims([], os.path.lexists).resolve(
        str(tmp_path / "report.csv"), Conflict.KEEP_BOTH, "version 3f2a9c1b"
    )
    assert again == str(tmp_path / "report (version 3f2a9c1b) (1).csv")
