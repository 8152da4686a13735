"""Compare two prefixes and mirror one onto the other, between two stores in every direction: every case
classed, the plan saved and loaded, deletes only when asked, an interrupted mirror finishing what is left, and
a second mirror doing nothing."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from objstore_tui.object_store import ObjectStore, ObjectStoreValueError
from objstore_tui.object_store.cross_copy import copy_between
from objstore_tui.object_store.mirror import (
    Comparison,
    Difference,
    Method,
    OverlappingPrefixesError,
    apply_action,
    compare,
    pending_actions,
    plan_mirror,
    run_mirror,
)
from tests.s3_server import MotoServer

from .conftest import Backend
from .cross_store import PART_SIZE, Side, moto_side

BIG = PART_SIZE + 4321


def _seed_both(source: Side, destination: Side, folder: Path) -> None:
    """Left 'src/', right 'dst/': one name for each class, a multipart upload among the same."""
    left, right = source.peer, destination.peer
    left.seed("src/only-left.txt", b"left alone", "text/plain", {}, {})
    left.seed("src/same.txt", b"same bytes", "text/plain", {"a": "1"}, {})
    (folder / "big.bin").write_bytes(os.urandom(BIG))
    source.store.upload_file(folder / "big.bin", "src/big.bin", source.bucket)  # multipart: a '-2' ETag
    left.seed("src/sizes.txt", b"short", "text/plain", {}, {})
    left.seed("src/bytes.txt", b"AAAA", "text/plain", {}, {})
    for name in ("same.txt", "big.bin"):
        copy_between(
            source.store,
            f"src/{name}",
            destination.store,
            f"dst/{name}",
            src_bucket=source.bucket,
            dst_bucket=destination.bucket,
        )
    right.seed("dst/sizes.txt", b"much longer", "text/plain", {}, {})
    right.seed("dst/bytes.txt", b"BBBB", "text/plain", {}, {})  # same size, written after the left
    right.seed("dst/only-right.txt", b"extra", "text/plain", {}, {})


def _plan(source: Side, destination: Side, checksum: bool = False) -> Comparison:
    return compare(
        source.store,
        "src/",
        destination.store,
        "dst/",
        left_bucket=source.bucket,
        right_bucket=destination.bucket,
        checksum=checksum,
    )


def test_compare_classes_every_case(source: Side, destination: Side, tmp_path: Path) -> None:
    _seed_both(source, destination, tmp_path)
    plan = _plan(source, destination)
    classes = {entry.name: entry.difference for entry in plan.entries}
    etags_comparable = source.is_s3 and destination.is_s3
    assert classes == {
        "big.bin": Difference.SAME,
        "bytes.txt": Difference.DIFFERENT if etags_comparable else Difference.SAME,
        "only-left.txt": Difference.ONLY_LEFT,
        "only-right.txt": Difference.ONLY_RIGHT,
        "same.txt": Difference.SAME,
        "sizes.txt": Difference.DIFFERENT,
    }
    methods = {entry.name: entry.method for entry in plan.entries}
    assert methods["sizes.txt"] is Method.SIZE
    assert methods["same.txt"] is (Method.ETAG if etags_comparable else Method.SIZE_MTIME)
    assert methods["big.bin"] is (Method.ETAG if etags_comparable else Method.SIZE_MTIME)
    assert (plan.tally(Difference.ONLY_LEFT).count, plan.tally(Difference.ONLY_LEFT).bytes) == (1, 10)
    assert plan.tally(Difference.SAME).bytes == BIG + 10 + (0 if etags_comparable else 4)
    assert plan.tally(Difference.ONLY_RIGHT).bytes == 5


def test_a_checksum_comparison_reads_what_etags_cannot_tell(source: Side, destination: Side, tmp_path: Path) -> None:
    _seed_both(source, destination, tmp_path)
    plan = _plan(source, destination, checksum=True)
    by_name = {entry.name: entry for entry in plan.entries}
    assert by_name["bytes.txt"].difference is Difference.DIFFERENT
    assert by_name["same.txt"].difference is Difference.SAME
    if not (source.is_s3 and destination.is_s3):
        assert by_name["bytes.txt"].method is Method.CHECKSUM


def test_mirror_copies_new_and_changed_keeps_extras_unless_asked_and_twice_is_a_noop(
    source: Side, destination: Side, tmp_path: Path
) -> None:
    _seed_both(source, destination, tmp_path)
    plan = plan_mirror(
        source.store,
        "src/",
        destination.store,
        "dst/",
        left_bucket=source.bucket,
        right_bucket=destination.bucket,
        checksum=True,
    )
    kept = run_mirror(plan, source.store, destination.store)
    assert kept.ok and set(kept.copied) == {"dst/only-left.txt", "dst/sizes.txt", "dst/bytes.txt"}
    assert "dst/only-right.txt" in destination.peer.keys("dst/")

    result = run_mirror(plan, source.store, destination.store, delete_extra=True)
    assert result.deleted == ("dst/only-right.txt",) and result.copied == ()
    assert set(result.already_done) == {"dst/only-left.txt", "dst/sizes.txt", "dst/bytes.txt"}
    assert sorted(destination.peer.keys("dst/")) == [
        "dst/" + name for name in ("big.bin", "bytes.txt", "only-left.txt", "same.txt", "sizes.txt")
    ]
    for name in ("only-left.txt", "sizes.txt", "bytes.txt", "big.bin"):
        assert destination.peer.stored("dst/" + name).data == source.peer.stored("src/" + name).data

    again = _plan(source, destination)
    assert again.is_noop(delete_extra=True)
    assert {entry.difference for entry in again.entries} == {Difference.SAME}
    second = run_mirror(again, source.store, destination.store, delete_extra=True)
    assert (second.copied, second.deleted, second.failed) == ((), (), ())


def test_an_interrupted_mirror_does_only_what_is_left(source: Side, destination: Side, tmp_path: Path) -> None:
    _seed_both(source, destination, tmp_path)
    plan = _plan(source, destination)
    actions, _ = pending_actions(plan, destination.store)
    apply_action(plan, actions[0], source.store, destination.store)  # the run that stopped after one copy
    result = run_mirror(plan, source.store, destination.store)
    assert result.already_done == (actions[0].right_key,)
    assert set(result.copied) == {action.right_key for action in actions[1:]}


def test_a_plan_is_saved_as_json_lines_and_loaded_back(source: Side, destination: Side, tmp_path: Path) -> None:
    _seed_both(source, destination, tmp_path)
    plan = _plan(source, destination)
    plan.save(tmp_path / "plan.jsonl")
    lines = (tmp_path / "plan.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(plan.entries)
    assert Comparison.load(tmp_path / "plan.jsonl") == plan
    with pytest.raises(ObjectStoreValueError, match="make a new plan"):
        run_mirror(Comparison.load(tmp_path / "plan.jsonl"), destination.store, source.store)
    (tmp_path / "other.jsonl").write_text('{"kind": "something else"}\n')
    with pytest.raises(ObjectStoreValueError, match="not a mirror plan"):
        Comparison.load(tmp_path / "other.jsonl")


def test_a_cancelled_mirror_leaves_only_whole_objects_and_no_pending_upload(
    s3_server: MotoServer, second_s3_server: MotoServer
) -> None:
    left, right = moto_side("minio", s3_server, PART_SIZE), moto_side("boto3", second_s3_server, PART_SIZE)
    sources = {f"src/small-{index}.txt": os.urandom(100 + index) for index in range(20)}
    sources["src/big.bin"] = os.urandom(3 * PART_SIZE)
    for key, data in sources.items():
        left.peer.seed(key, data, "application/octet-stream", {}, {})
    plan = plan_mirror(left.store, "src/", right.store, "dst/", left_bucket=left.bucket, right_bucket=right.bucket)
    cancel = threading.Event()

    def cancel_once_the_big_one_moves(done: int, total: int) -> None:
        if done >= PART_SIZE:
            cancel.set()

    result = run_mirror(plan, left.store, right.store, workers=2, progress=cancel_once_the_big_one_moves, cancel=cancel)
    assert result.cancelled and "dst/big.bin" not in result.copied
    assert right.peer.pending_uploads() == []
    written = right.peer.keys("dst/")
    assert "dst/big.bin" not in written
    for key in written:
        assert right.peer.stored(key).data == sources["src/" + key.removeprefix("dst/")]
    assert sorted(result.copied) == sorted(written)


def test_overlapping_prefixes_in_one_bucket_are_refused_before_any_request(backend: Backend) -> None:
    store = backend.store
    for left, right in (("a/", "a/b/"), ("a/b/", "a/"), ("", "x/"), ("logs", "logs/2024/"), ("a/", "a/")):
        with pytest.raises(OverlappingPrefixesError, match="overlap"):
            compare(store, left, store, right)
    plan = compare(store, "a/", store, "b/")  # apart: compared (nothing there), and a plan for it runs
    assert plan.entries == () and run_mirror(plan, store, store).copied == ()
    overlapping = Comparison(plan.left, replace(plan.right, prefix="a/b/"), (), plan.created)  # a plan edited on disk
    with pytest.raises(OverlappingPrefixesError):
        run_mirror(overlapping, store, store)
    if backend.is_s3:  # through a port nothing listens on, any request would fail: the refusal comes first
        config = store.config.model_dump() | {"connection": {"endpoint": "127.0.0.1:9", "secure": False}}
        unreachable = ObjectStore(config)
        with pytest.raises(OverlappingPrefixesError):
            compare(unreachable, "a/", unreachable, "a/deeper/")
    other = backend.new_bucket()
    assert compare(store, "a/", store, "a/b/", right_bucket=other).entries == ()  # another bucket: apart
