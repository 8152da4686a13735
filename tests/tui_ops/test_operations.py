"""The write operations without a UI, against the moto server; the server's state is read with plain boto3."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    CancelledError,
    Folder,
    InvalidExpiryError,
    ObjectMetadata,
    ObjectStore,
    ObjectStoreValueError,
)
from objstore_tui.services.jobs import Conflict, Outcome
from objstore_tui.services.jobs.buckets import bucket_summary, empty_and_delete_bucket, peek_bucket, plan_empty_bucket
from objstore_tui.services.jobs.copy import copy_summary, plan_copy, plan_rename, run_copy
from objstore_tui.services.jobs.delete import delete_planned, delete_summary, plan_delete
from objstore_tui.services.jobs.download import plan_version_download, run_download
from objstore_tui.services.jobs.versions import list_versions, restore_version
from objstore_tui.services.location import Location
from objstore_tui.services.target import Target
from objstore_tui.tui.dialogs.presign import expiry_label, parse_expiry
from objstore_tui.tui.dialogs.rename import rename_problem


def put(raw_s3, bucket: str, objects: dict[str, bytes], *, create: bool = True) -> None:
    if create:
        raw_s3.create_bucket(Bucket=bucket)
    for key, body in objects.items():
        raw_s3.put_object(Bucket=bucket, Key=key, Body=body)


def keys(raw_s3, bucket: str, prefix: str = "") -> list[str]:
    pages = raw_s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def body(raw_s3, bucket: str, key: str) -> bytes:
    return raw_s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def obj(store: ObjectStore, bucket: str, key: str) -> ObjectMetadata:
    return store.stat_object(key, bucket)


def test_copy_keeps_paths_relative_to_where_the_user_stands(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "src-bucket", {"logs/2024/a.log": b"a", "logs/2024/deep/b.log": b"bb", "logs/c.log": b"ccc"})
    raw_s3.create_bucket(Bucket="dst-bucket")
    selection = [Folder("logs/2024/", "src-bucket"), obj(store, "src-bucket", "logs/c.log")]
    plan = plan_copy(store, "src-bucket", selection, "dst-bucket", "archive", base_prefix="logs/")
    assert [(pair.src_key, pair.dst_key) for pair in plan.pairs] == [
        ("logs/2024/a.log", "archive/2024/a.log"),
        ("logs/2024/deep/b.log", "archive/2024/deep/b.log"),
        ("logs/c.log", "archive/c.log"),
    ]
    report = run_copy(store, plan)
    assert copy_summary(plan, report, "copied").startswith("3 objects copied to dst-bucket in ")
    assert keys(raw_s3, "dst-bucket") == ["archive/2024/a.log", "archive/2024/deep/b.log", "archive/c.log"]
    assert body(raw_s3, "dst-bucket", "archive/2024/deep/b.log") == b"bb"
    assert len(keys(raw_s3, "src-bucket")) == 3


def test_existing_destinations_are_found_then_skipped_or_overwritten(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "copy-bucket", {"a.txt": b"new a", "b.txt": b"new b", "old/a.txt": b"old a"})
    entries = [obj(store, "copy-bucket", "a.txt"), obj(store, "copy-bucket", "b.txt")]
    plan = plan_copy(store, "copy-bucket", entries, "copy-bucket", "old/")
    assert plan.existing == {"old/a.txt"}

    skipped = run_copy(store, plan, conflict=Conflict.SKIP)
    assert [result.item.dst_key for result in skipped.having(Outcome.SKIPPED)] == ["old/a.txt"]
    assert body(raw_s3, "copy-bucket", "old/a.txt") == b"old a"
    assert body(raw_s3, "copy-bucket", "old/b.txt") == b"new b"

    plan = plan_copy(store, "copy-bucket", entries, "copy-bucket", "old/")
    kept = run_copy(store, plan, conflict=Conflict.KEEP_BOTH)
    assert [result.value for result in kept.done] == ["old/a (1).txt", "old/b (1).txt"]
    assert body(raw_s3, "copy-bucket", "old/a (1).txt") == b"new a"
    assert body(raw_s3, "copy-bucket", "old/a.txt") == b"old a"

    run_copy(store, plan, conflict=Conflict.OVERWRITE)
    assert body(raw_s3, "copy-bucket", "old/a.txt") == b"new a"


def test_a_copy_onto_itself_is_refused(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "self-bucket", {"x/a.txt": b"a"})
    plan = plan_copy(store, "self-bucket", [Folder("x/")], "self-bucket", "", base_prefix="")
    assert plan.pairs == ()
    assert [issue.name for issue in plan.refused] == ["x/a.txt"]


def test_move_deletes_sources_only_when_copied(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "move-src", {"d/one.txt": b"1", "d/two.txt": b"22"})
    raw_s3.create_bucket(Bucket="move-dst")
    plan = plan_copy(store, "move-src", [Folder("d/")], "move-dst", "", base_prefix="")
    report = run_copy(store, plan, move=True)
    assert copy_summary(plan, report, "moved").startswith("2 objects moved to move-dst in ")
    assert keys(raw_s3, "move-src") == []
    assert keys(raw_s3, "move-dst") == ["d/one.txt", "d/two.txt"]


def test_a_failed_move_keeps_its_source_and_names_the_key(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "keep-src", {"a.txt": b"a", "b.txt": b"b"})
    raw_s3.create_bucket(Bucket="keep-dst")
    plan = plan_copy(store, "keep-src", [Folder("")], "keep-dst", "")
    raw_s3.delete_bucket(Bucket="keep-dst")  # gone between planning and running: every copy fails
    report = run_copy(store, plan, move=True)
    assert [(issue.name, issue.reason) for issue in report.issues] == [
        (key, f"copy_object from keep-src/{key} failed: NoSuchBucket: The specified bucket does not exist")
        for key in ("a.txt", "b.txt")
    ]
    assert copy_summary(plan, report, "moved").endswith("; 2 failed (their sources were kept)")
    assert keys(raw_s3, "keep-src") == ["a.txt", "b.txt"]


def test_rename_an_object_and_a_folder(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "rename-bucket", {"a.txt": b"a", "dir/x.txt": b"x", "dir/sub/y.txt": b"y"})
    run_copy(store, plan_rename(store, "rename-bucket", obj(store, "rename-bucket", "a.txt"), "b.txt"), move=True)
    run_copy(store, plan_rename(store, "rename-bucket", Folder("dir/"), "folder"), move=True)
    assert keys(raw_s3, "rename-bucket") == ["b.txt", "folder/sub/y.txt", "folder/x.txt"]


def test_delete_removes_exactly_the_planned_keys(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "del-bucket", {"f/a.txt": b"aa", "f/g/b.txt": b"b", "keep.txt": b"k"})
    plan = plan_delete(store, "del-bucket", [Folder("f/")])
    assert (plan.keys, plan.total_bytes, plan.versioned) == (("f/a.txt", "f/g/b.txt"), 3, False)
    raw_s3.put_object(Bucket="del-bucket", Key="f/late.txt", Body=b"uploaded after the confirmation")
    report = delete_planned(store, plan)
    assert delete_summary(plan, report).startswith("2 objects deleted from del-bucket in ")
    assert keys(raw_s3, "del-bucket") == ["f/late.txt", "keep.txt"]


def test_planning_stops_on_cancel(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "cancel-bucket", {"f/a.txt": b"a"})
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError, match="cancelled before anything was changed"):
        plan_delete(store, "cancel-bucket", [Folder("f/")], cancel)


def test_versions_restore_download_and_delete_markers(store: ObjectStore, raw_s3, tmp_path: Path) -> None:
    raw_s3.create_bucket(Bucket="ver-bucket")
    raw_s3.put_bucket_versioning(Bucket="ver-bucket", VersioningConfiguration={"Status": "Enabled"})
    put(raw_s3, "ver-bucket", {"doc.txt": b"first"}, create=False)
    put(raw_s3, "ver-bucket", {"doc.txt": b"second", "doc.txt.bak": b"other key"}, create=False)
    versions = list_versions(store, "ver-bucket", "doc.txt")
    assert [(v.is_latest, v.size) for v in versions] == [(True, 6), (False, 5)]

    restore_version(store, versions[1])
    assert body(raw_s3, "ver-bucket", "doc.txt") == b"first"
    assert len(list_versions(store, "ver-bucket", "doc.txt")) == 3

    (tmp_path / "doc.txt").write_bytes(b"local")
    download = plan_version_download(versions[0], tmp_path)
    saved = Path(run_download(store, download, conflict=Conflict.KEEP_BOTH).done[0].value or "")
    assert saved == tmp_path / f"doc (version {versions[0].version_id[:8]}).txt"
    assert saved.read_bytes() == b"second"
    again = Path(run_download(store, download, conflict=Conflict.KEEP_BOTH).done[0].value or "")
    assert again == tmp_path / f"doc (version {versions[0].version_id[:8]}) (1).txt"  # the earlier copy stays
    assert saved.read_bytes() == again.read_bytes() == b"second"
    skipped = run_download(store, download, conflict=Conflict.SKIP)
    assert [(r.outcome, r.reason) for r in skipped.results] == [(Outcome.SKIPPED, "the local file exists")]
    assert (tmp_path / "doc.txt").read_bytes() == b"local"

    plan = plan_delete(store, "ver-bucket", [obj(store, "ver-bucket", "doc.txt")])
    assert plan.versioned
    assert "delete markers added" in delete_summary(plan, delete_planned(store, plan))
    marker = list_versions(store, "ver-bucket", "doc.txt")[0]
    assert marker.is_delete_marker
    with pytest.raises(ObjectStoreValueError, match="delete marker"):
        restore_version(store, marker)


def test_empty_and_delete_a_versioned_bucket(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="full-bucket")
    raw_s3.put_bucket_versioning(Bucket="full-bucket", VersioningConfiguration={"Status": "Enabled"})
    for round_ in range(2):
        put(raw_s3, "full-bucket", {f"k{i}": bytes(round_) for i in range(3)}, create=False)
    raw_s3.delete_object(Bucket="full-bucket", Key="k0")
    contents = peek_bucket(store, "full-bucket")
    assert (contents.count, contents.more) == (7, False)
    assert peek_bucket(store, "full-bucket", limit=5).more

    report = empty_and_delete_bucket(store, plan_empty_bucket(store, "full-bucket"))
    assert report.ok, report.issues
    assert "full-bucket" not in [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]]


def test_empty_and_delete_a_plain_bucket(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "plain-bucket", {f"k{i}": b"." for i in range(5)})
    report = empty_and_delete_bucket(store, plan_empty_bucket(store, "plain-bucket"))
    assert (
        bucket_summary("plain-bucket", report) == "bucket plain-bucket deleted, with the 5 objects and versions it held"
    )
    assert "plain-bucket" not in [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]]


def test_a_cancelled_emptying_keeps_the_bucket_and_counts_cancelled_not_failed(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "kept-bucket", {f"k{i}": b"." for i in range(5)})
    plan = plan_empty_bucket(store, "kept-bucket")
    cancel = threading.Event()
    cancel.set()
    report = empty_and_delete_bucket(store, plan, cancel=cancel)
    assert report.cancelled and report.count(Outcome.CANCELLED) == 5 and report.count(Outcome.FAILED) == 0
    assert bucket_summary("kept-bucket", report).endswith(": the bucket was kept")
    assert "kept-bucket" in [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]]
    assert len(keys(raw_s3, "kept-bucket")) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900", timedelta(minutes=15)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(minutes=90)),
        ("2 d", timedelta(days=2)),
        ("1w", timedelta(days=7)),
        ("12H", timedelta(hours=12)),
    ],
)
def test_typed_expiries(text: str, expected: timedelta) -> None:
    assert parse_expiry(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("8d", "at most 7 days"), ("", "type an expiry"), ("soon", "not a duration"), ("0", "at least 1 second")],
)
def test_refused_expiries_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidExpiryError, match=reason):
        parse_expiry(text)


def test_expiry_labels() -> None:
    assert expiry_label(timedelta(hours=1)) == "1 hour"
    assert expiry_label(timedelta(minutes=150)) == "2 h 30 min"


def test_rename_problems() -> None:
    entry = ObjectMetadata("a/b.txt", None, 1)
    assert rename_problem(entry, "a/c.txt") == ""
    assert rename_problem(entry, "a/b.txt") == "That is its current name."
    assert "must not be empty" in rename_problem(entry, "")
    assert rename_problem(Folder("a/"), "a/inner/") == "A folder cannot move inside itself."


def test_target_descriptions() -> None:
    here = Location("ops", "logs/")
    assert Target.from_table(here, [ObjectMetadata("logs/a.log", None, 1)]).describe() == "a.log from ops/logs/"
    folder = Target.from_table(here, [Folder("logs/2024/")])
    assert folder.describe() == "folder 2024/ (everything under it) from ops/logs/"
    entries = [Folder("logs/2024/"), ObjectMetadata("logs/a.log", None, 1)]
    assert Target.from_table(here, entries).describe() == "2 items (1 folder) from ops/logs/"
    assert Target.from_tree_node(Location("ops")).describe() == "bucket ops (everything in it)"
    node = Target.from_tree_node(Location("ops", "logs/2024/"))
    assert node.describe() == "folder 2024/ (everything under it) from ops/logs/"
    assert node.here == Location("ops", "logs/2024/")


def test_a_cancelled_delete_removes_nothing_more_and_counts_the_rest_cancelled(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "stop-bucket", {f"k{i}": b"." for i in range(3)})
    plan = plan_delete(store, "stop-bucket", [Folder("")])
    cancel = threading.Event()
    cancel.set()
    report = delete_planned(store, plan, cancel=cancel)
    assert report.cancelled and [r.outcome for r in report.results] == [Outcome.CANCELLED] * 3
    assert delete_summary(plan, report).endswith(": 0 of 3 objects deleted from stop-bucket; 3 not deleted")
    assert keys(raw_s3, "stop-bucket") == ["k0", "k1", "k2"]
