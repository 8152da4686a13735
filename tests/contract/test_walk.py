"""The parallel walk, summarize and find, on every backend, against a plain sequential ``list_objects``."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from objstore_tui.object_store import CancelledError, ObjectMetadata, ObjectStoreValueError
from objstore_tui.object_store.summary import Summary

from .conftest import Backend

TREE = [
    "top.txt",
    "a-b.txt",
    "a/1.txt",
    "a/2/deep.txt",
    "a/3.csv",
    "c/d/e/f/g/h.txt",
    "c/d/x.CSV",
    "Makefile",
    "sp ace/é ü/ñ.txt",
    "semi;colon/%25/q?.txt",
]
ODD_S3_KEYS = ["m/", "m/inside.txt", "empty/", "x//y.txt", "/lead.txt", "a/2/"]
"""Folder markers (an empty folder's included), an empty segment, a leading slash: keys files cannot hold."""


def _fill(backend: Backend, keys: list[str]) -> None:
    for key in keys:
        backend.inspector.put(backend.bucket, key, key.encode() * 3)


def _keys(backend: Backend) -> list[str]:
    return TREE + (ODD_S3_KEYS if backend.is_s3 else [])


@pytest.mark.parametrize("prefix", ["", "a/", "a", "c/d/", "nothing/"])
def test_walk_lists_what_a_sequential_listing_lists(backend: Backend, prefix: str) -> None:
    _fill(backend, _keys(backend))
    walked = [(o.key, o.size, o.bucket) for o in backend.store.walk(prefix, workers=3)]
    sequential = [(o.key, o.size, o.bucket) for o in backend.store.list_objects(prefix)]
    assert Counter(walked) == Counter(sequential)  # nothing missing, nothing twice
    assert sorted(key for key, _, _ in walked) == sorted(k for k in _keys(backend) if k.startswith(prefix))


def test_walk_of_a_deep_and_wide_tree_with_pages(backend: Backend) -> None:
    """More than a page in one level, levels without sub-folders, twelve levels deep, more workers than folders."""
    keys = [f"wide/{n:04}.bin" for n in range(1100)] + ["/".join(["deep"] * depth) + "/f" for depth in range(1, 13)]
    if backend.is_s3:
        keys += [f"wide/{n:04}/" for n in range(3)]
    _fill(backend, keys)
    walked = [o.key for o in backend.store.walk(workers=16)]
    assert len(walked) == len(set(walked))
    assert sorted(walked) == sorted(o.key for o in backend.store.list_objects())
    assert sorted(walked) == sorted(keys)


def test_walk_by_one_worker_and_on_an_empty_bucket(backend: Backend) -> None:
    assert list(backend.store.walk(workers=1)) == []
    _fill(backend, TREE)
    assert sorted(o.key for o in backend.store.walk(workers=1)) == sorted(TREE)


def test_walk_stops_when_cancelled_and_when_left(backend: Backend) -> None:
    _fill(backend, [f"f{n % 7}/{n}" for n in range(60)])
    cancel = threading.Event()
    walked = backend.store.walk(workers=2, cancel=cancel)
    next(walked)
    cancel.set()
    with pytest.raises(CancelledError) as raised:
        list(walked)
    assert raised.value.bucket == backend.bucket
    left = backend.store.walk(workers=2)
    next(left)
    left.close()  # the threads stop; nothing hangs
    assert all(not thread.name.startswith("walk-") for thread in _threads_after_walks())


def _threads_after_walks() -> list[threading.Thread]:
    """Walk threads still alive, waiting for them to notice the stop (each checks every 50 ms)."""
    for thread in threading.enumerate():
        if thread.name.startswith("walk-"):
            thread.join(timeout=10)
    return threading.enumerate()


def test_walk_of_a_missing_bucket_raises_the_listing_error(backend: Backend) -> None:
    with pytest.raises(Exception) as raised:
        list(backend.store.walk(bucket="no-such-bucket-here", workers=4))
    assert "no-such-bucket-here" in str(raised.value)
    assert not isinstance(raised.value, CancelledError)


@pytest.mark.parametrize(
    "call",
    [
        lambda store: store.walk(workers=0),
        lambda store: store.walk(workers=True),
        lambda store: store.walk(prefix=3),
        lambda store: store.walk(bucket="Bad_Bucket"),
        lambda store: store.summarize(largest=-1),
        lambda store: store.find(name=""),
        lambda store: store.find(name="(", regex=True),
        lambda store: store.find(larger=-1),
        lambda store: store.find(larger=10, smaller=11),
        lambda store: store.find(newer=datetime(2024, 1, 1)),
        lambda store: store.find(newer=timedelta(days=1), older=timedelta(days=2)),
        lambda store: store.find(older="yesterday"),
    ],
)
def test_bad_arguments_fail_before_any_request(backend: Backend, call) -> None:
    with pytest.raises(ObjectStoreValueError):
        call(backend.store)


def test_summarize_counts_sizes_folders_types_and_largest(backend: Backend) -> None:
    _fill(backend, _keys(backend))
    seen: list[int] = []
    summary = backend.store.summarize(largest=3, progress=lambda partial: seen.append(partial.count))
    keys = _keys(backend)
    assert summary.done and summary.count == len(keys)
    assert summary.size == sum(len(key.encode()) * 3 for key in keys)
    assert seen[-1] == len(keys)
    a = summary.tree.folders["a"]
    assert (a.count, a.files.count) == (4 if backend.is_s3 else 3, 2)
    assert a.size == sum(len(k.encode()) * 3 for k in keys if k.startswith("a/"))
    assert summary.tree.find(["c", "d", "e", "f", "g"]).count == 1
    assert summary.tree.files.count == sum(1 for k in keys if "/" not in k)
    biggest = sorted(keys, key=lambda k: (-len(k.encode()), k))[:3]
    assert [o.key for o in summary.largest] == biggest
    assert summary.by_extension[".csv"].count == 2  # 'a/3.csv' and 'c/d/x.CSV'
    assert summary.by_extension["(none)"].count >= 1  # Makefile
    assert summary.by_content_type["text/csv"].count == 2
    assert sum(t.count for t in summary.by_storage_class.values()) == len(keys)
    assert backend.store.summarize("a/").tree.by_size()[0][0] == "2"


def test_largest_objects_among_equal_sizes_do_not_depend_on_the_order_they_arrive_in() -> None:
    # the walk brings folders in whatever order its threads finish: ties are broken by key, as they are shown
    items = [ObjectMetadata(f"events/{n:03d}.json", "b", 45) for n in range(50)] + [ObjectMetadata("big", "b", 99)]
    kept = []
    for order in (items, items[::-1], items[25:] + items[:25]):
        summary = Summary("b", "", largest_wanted=5)
        for item in order:
            summary.add(item)
        kept.append([item.key for item in summary.largest])
    assert (
        kept[0]
        == kept[1]
        == kept[2]
        == ["big", "events/000.json", "events/001.json", "events/002.json", "events/003.json"]
    )


def test_find_by_glob_regex_size_and_age(backend: Backend) -> None:
    _fill(backend, _keys(backend))
    store = backend.store
    assert sorted(o.key for o in store.find(name="*.txt", whole_key=False)) == sorted(
        k for k in _keys(backend) if k.rsplit("/", 1)[-1].endswith(".txt")
    )
    assert sorted(o.key for o in store.find("c/", name="*.csv")) == []  # globs are case-sensitive
    assert [o.key for o in store.find("c/", name=re.compile(r"(?i)\.csv$"))] == ["c/d/x.CSV"]
    assert sorted(o.key for o in store.find(name=r"^a/\d\.", regex=True, whole_key=True)) == ["a/1.txt", "a/3.csv"]
    big = len(b"semi;colon/%25/q?.txt") * 3 - 1
    assert [o.key for o in store.find(larger=big)] == ["semi;colon/%25/q?.txt"]
    assert {o.key for o in store.find(smaller=7)} == ({"m/"} if backend.is_s3 else set())
    assert len(list(store.find(newer=timedelta(hours=1)))) == len(_keys(backend))
    assert list(store.find(older=timedelta(hours=1))) == []
    assert list(store.find(newer=datetime.now(UTC) + timedelta(hours=1))) == []
    scanned: list[int] = []
    assert list(store.find(name="nothing-like-this", progress=scanned.append)) == []
    assert scanned[-1] == len(_keys(backend))


@pytest.mark.parametrize("prefix", ["", "a", "c/", "m/"])
def test_find_with_its_flat_lister_finds_each_object_once(backend: Backend, prefix: str) -> None:
    """find lists the top flat as well as level by level: still every key once, wherever the two meet."""
    keys = _keys(backend) + [f"c/many/{n:04}" for n in range(1050)] + [f"z{n % 3}/{n}" for n in range(30)]
    _fill(backend, keys)
    found = [o.key for o in backend.store.find(prefix, workers=2)]
    assert len(found) == len(set(found))
    assert sorted(found) == sorted(o.key for o in backend.store.list_objects(prefix))
