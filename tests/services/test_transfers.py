"""Transfers on the job runner: planning, parallel runs, conflict policies, cancel, progress and reports.

Round trips run on the local backend and on the moto server through both SDK adapters; what the server
holds is checked with a plain boto3 client, never through the store under test.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from objstore_tui.object_store import Folder, LocalPathError, ObjectStore, ObjectStoreValueError
from objstore_tui.services.jobs import Conflict, JobProgress, JobReport, Outcome
from objstore_tui.services.jobs.download import plan_download
from objstore_tui.services.jobs.transfer import run_transfer
from objstore_tui.services.jobs.transfer_plan import Direction, TransferItem, TransferPlan
from objstore_tui.services.jobs.upload import find_existing_uploads, plan_upload
from tests.http_proxy import FakeS3
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY

MiB = 1024 * 1024
BUCKET = "transfers"
SMALL_PARTS = {"multipart_threshold": 5 * MiB, "part_size": 5 * MiB, "max_concurrency": 4}
"""The smallest multipart settings S3 allows, so a 12 MiB file already goes in parallel parts."""

type Spy = Callable[[str, int, int], None]


class SpyStore(ObjectStore):
    """An ObjectStore that shows every SDK progress call to ``spy(key, done, total)`` before the job sees it."""

    def __init__(self, config: dict[str, Any], spy: Spy) -> None:
        super().__init__(config)
        self._spy = spy

    def _wrap(self, key: str, progress: Callable[[int, int], None] | None) -> Callable[[int, int], None]:
        assert progress is not None

        def spied(done: int, total: int) -> None:
            self._spy(key, done, total)
            progress(done, total)

        return spied

    def upload_file(self, file_path: Any, key: str, bucket: str | None = None, **options: Any) -> Any:
        options["progress"] = self._wrap(key, options.get("progress"))
        return super().upload_file(file_path, key, bucket, **options)

    def download_file(self, key: str, file_path: Any, bucket: str | None = None, **options: Any) -> Any:
        options["progress"] = self._wrap(key, options.get("progress"))
        return super().download_file(key, file_path, bucket, **options)


@dataclass
class Backend:
    """A store under test plus independent access to what it holds: plain boto3 for moto, files for local."""

    name: str
    config: dict[str, Any]
    read: Callable[[str], bytes | None]
    put: Callable[[str, bytes], None]
    leftovers: Callable[[], list[str]]
    """Multipart uploads still open on the server, or the local backend's temp files."""

    def store(self, spy: Spy | None = None, **transfer: int) -> ObjectStore:
        config = {**self.config, "transfer": transfer}
        return SpyStore(config, spy) if spy else ObjectStore(config)


@pytest.fixture(params=["local", "boto3", "minio"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        root = tmp_path / "local-store"
        (root / BUCKET).mkdir(parents=True)

        def put_local(key: str, data: bytes) -> None:
            path = root / BUCKET / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

        return Backend(
            "local",
            {"framework": "local", "root_bucket": BUCKET, "connection": {"endpoint": str(root)}},
            lambda key: (root / BUCKET / key).read_bytes() if (root / BUCKET / key).is_file() else None,
            put_local,
            lambda: [path.name for path in root.rglob(".objstore-tmp-*")],
        )
    return s3_backend(request.param, request.getfixturevalue("s3_server"), request.getfixturevalue("raw_s3"))


@pytest.fixture
def boto3_backend(s3_server: Any, raw_s3: Any) -> Backend:
    return s3_backend("boto3", s3_server, raw_s3)


def s3_backend(framework: str, server: Any, raw_s3: Any) -> Backend:
    raw_s3.create_bucket(Bucket=BUCKET)

    def read(key: str) -> bytes | None:
        try:
            return raw_s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        except raw_s3.exceptions.NoSuchKey:
            return None

    connection = {
        "endpoint": server.endpoint,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "secure": False,
        "region": REGION,
    }
    return Backend(
        framework,
        {"framework": framework, "root_bucket": BUCKET, "connection": connection},
        read,
        lambda key, data: raw_s3.put_object(Bucket=BUCKET, Key=key, Body=data),
        lambda: [upload["Key"] for upload in raw_s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])],
    )


def write(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def files_under(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


type Report = JobReport[TransferItem, str]


def run(store: ObjectStore, plan: TransferPlan, **options: Any) -> tuple[Report, list[JobProgress]]:
    snapshots: list[JobProgress] = []
    report = run_transfer(store, plan, on_progress=snapshots.append, **options)
    return report, snapshots


def keys(results: tuple[Any, ...]) -> list[str]:
    return [result.item.key for result in results]


def written_names(report: Report) -> set[str]:
    """The local file names a download's items were written to (a kept copy's new name)."""
    return {Path(result.value).name for result in report.done}


# Planning uploads


def test_plan_upload_walks_folders_like_cp_r(tmp_path: Path) -> None:
    write(tmp_path / "photos" / "b.jpg", b"b")
    write(tmp_path / "photos" / "2024" / "a.jpg", b"aa")
    write(tmp_path / "notes.txt", b"n")
    plan = plan_upload([tmp_path / "photos", tmp_path / "notes.txt"], BUCKET, "backup")
    assert plan.direction is Direction.UPLOAD
    assert [(item.key, item.size) for item in plan.items] == [
        ("backup/photos/b.jpg", 1),
        ("backup/photos/2024/a.jpg", 2),
        ("backup/notes.txt", 1),
    ]
    assert plan.total_bytes == 4
    assert plan.refused == ()


def test_plan_upload_of_one_file_takes_the_edited_key(tmp_path: Path) -> None:
    write(tmp_path / "report.csv", b"x")
    plan = plan_upload([tmp_path / "report.csv"], BUCKET, "ignored/", key="reports/2024.csv")
    assert [item.key for item in plan.items] == ["reports/2024.csv"]
    with pytest.raises(ObjectStoreValueError, match="exactly one file"):
        plan_upload([tmp_path], BUCKET, "", key="folder")


def test_plan_upload_refuses_what_it_cannot_upload_and_says_why(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write(tree / "ok.txt", b"ok")
    write(tree / "sub" / "ok.txt", b"ok")
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tree / "pipe")
    write(tmp_path / "other" / "tree" / "ok.txt", b"same key")
    plan = plan_upload([tree, tmp_path / "other" / "tree", tmp_path / "missing"], BUCKET, "")
    assert [item.key for item in plan.items] == ["tree/ok.txt", "tree/sub/ok.txt"]
    reasons = {Path(issue.name).relative_to(tmp_path).as_posix(): issue.reason for issue in plan.refused}
    assert reasons == {
        "tree/dangling": "broken symbolic link",
        "tree/pipe": "not a regular file",
        "tree/sub/loop": "symbolic link loop",
        "other/tree/ok.txt": f"same key 'tree/ok.txt' as {tree / 'ok.txt'}",
        "missing": "no such file or directory",
    }


def test_plan_upload_follows_links_to_files_and_folders_outside_the_tree(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "data.bin", b"123")
    write(tmp_path / "tree" / "plain.txt", b"p")
    (tmp_path / "tree" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "tree" / "alias.bin").symlink_to(tmp_path / "elsewhere" / "data.bin")
    plan = plan_upload([tmp_path / "tree"], BUCKET, "")
    assert sorted((item.key, item.size) for item in plan.items) == [
        ("tree/alias.bin", 3),
        ("tree/linked/data.bin", 3),
        ("tree/plain.txt", 1),
    ]


def test_plan_upload_refuses_keys_over_the_s3_limit(tmp_path: Path) -> None:
    write(tmp_path / "file.txt", b"x")
    plan = plan_upload([tmp_path / "file.txt"], BUCKET, "p" * 1020 + "/")
    assert plan.items == ()
    assert "longer than 1024 bytes" in plan.refused[0].reason


# Round trips


def test_upload_folder_round_trip(backend: Backend, tmp_path: Path) -> None:
    sources = {
        "a.txt": write(tmp_path / "tree" / "a.txt", b"alpha"),
        "sub/b.bin": write(tmp_path / "tree" / "sub" / "b.bin", os.urandom(300_000)),
        "sub/deeper/empty": write(tmp_path / "tree" / "sub" / "deeper" / "empty", b""),
    }
    store = backend.store()
    report, snapshots = run(store, plan_upload([tmp_path / "tree"], BUCKET, "dest/"))
    assert report.ok, report.issues
    assert set(keys(report.done)) == {f"dest/tree/{name}" for name in sources}
    for name, data in sources.items():
        assert backend.read(f"dest/tree/{name}") == data
    assert report.bytes == sum(len(data) for data in sources.values())
    last = snapshots[-1]
    assert last.finished and last.bytes_done == last.bytes_total == report.bytes
    assert (last.items_finished, last.items_total, last.active) == (3, 3, ())
    assert last.fraction == 1.0 and all(item.fraction == 1.0 for item in last.recent)


def test_download_prefix_round_trip_recreates_key_paths(backend: Backend, tmp_path: Path) -> None:
    objects = {
        "data/top.txt": b"top",
        "data/nested/deep/x.bin": os.urandom(200_000),
        "data/nested/empty.txt": b"",
        "other/not-selected.txt": b"no",
    }
    for key, data in objects.items():
        backend.put(key, data)
    store = backend.store()
    destination = tmp_path / "downloads"
    plan = plan_download(store, BUCKET, [Folder("data/nested/"), "data/top.txt"], destination, "data/")
    assert plan.direction is Direction.DOWNLOAD and plan.refused == () and plan.existing == ()
    report, snapshots = run(store, plan)
    assert report.ok, report.issues
    assert files_under(destination) == {
        "top.txt": b"top",
        "nested/deep/x.bin": objects["data/nested/deep/x.bin"],
        "nested/empty.txt": b"",
    }
    assert snapshots[-1].bytes_done == snapshots[-1].bytes_total == 200_003


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_a_download_job_fetches_its_files_through_obstore(
    framework: str, s3_server: Any, raw_s3: Any, tmp_path: Path
) -> None:
    """With the default transfer settings every file of a download job goes through obstore
    (``adapters/s3_obstore.py``): its GETs are the ones object_store signs."""
    objects = {"d/a.txt": b"a" * 10, "d/b.txt": b"", "d/c.bin": os.urandom(MiB), "d/big.bin": os.urandom(MiB + 1)}
    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        backend = s3_backend(framework, proxy, raw_s3)
        for key, data in objects.items():
            backend.put(key, data)
        store = backend.store()
        report, _ = run(store, plan_download(store, BUCKET, [Folder("d/")], tmp_path, "d/"))
        assert report.ok, report.issues
        by_obstore = {
            request.path.removeprefix(f"/{BUCKET}/"): request.headers.get("user-agent", "").startswith("object_store/")
            for request in proxy.requests
            if request.method == "GET" and "list-type" not in request.query
        }
        store.close()
    assert files_under(tmp_path) == {key.removeprefix("d/"): data for key, data in objects.items()}
    assert by_obstore == {"d/a.txt": True, "d/b.txt": True, "d/c.bin": True, "d/big.bin": True}


def test_download_refuses_keys_that_escape_and_writes_them_nowhere(boto3_backend: Backend, tmp_path: Path) -> None:
    for key in ("data/ok.txt", "data/../../escape.txt", "data//etc/escape.txt", "data/a/../escape.txt"):
        boto3_backend.put(key, b"payload")
    boto3_backend.put("data/marker/", b"")
    store = boto3_backend.store()
    destination = tmp_path / "inside" / "downloads"
    plan = plan_download(store, BUCKET, ["data/"], destination, "data/")
    assert [item.key for item in plan.items] == ["data/ok.txt"]
    refused = {issue.name: issue.reason for issue in plan.refused}
    assert set(refused) == {"data//etc/escape.txt", "data/../../escape.txt", "data/a/../escape.txt"}
    assert all("it would write outside" in reason for reason in refused.values())
    report, _ = run(store, plan)
    assert keys(report.done) == ["data/ok.txt"]
    assert report.refused == plan.refused and not report.ok
    written = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    assert written == ["inside/downloads/ok.txt"]


def test_download_refuses_keys_behind_links_that_lead_out_and_writes_them_nowhere(
    boto3_backend: Backend, tmp_path: Path
) -> None:
    """Links already in the destination: a folder or a file linking outside refuses every key through it (the
    plan looks each subfolder up once, so the second key under a link is refused as the first), and a link
    that stays inside is followed."""
    outside, destination = tmp_path / "outside", tmp_path / "downloads"
    outside.mkdir()
    (outside / "data.bin").write_bytes(b"theirs")
    (destination / "real").mkdir(parents=True)
    (destination / "linked").symlink_to(outside, target_is_directory=True)
    (destination / "alias.bin").symlink_to(outside / "data.bin")
    (destination / "inner").symlink_to(destination / "real", target_is_directory=True)
    for key in ("d/linked/x.bin", "d/linked/z.bin", "d/linked/deeper/y.bin", "d/alias.bin", "d/inner/ok.bin"):
        boto3_backend.put(key, b"ours")
    store = boto3_backend.store()
    plan = plan_download(store, BUCKET, ["d/"], destination, "d/")
    assert [item.key for item in plan.items] == ["d/inner/ok.bin"]
    refused = {issue.name: issue.reason for issue in plan.refused}
    assert set(refused) == {"d/alias.bin", "d/linked/deeper/y.bin", "d/linked/x.bin", "d/linked/z.bin"}
    assert all("it would write outside" in reason for reason in refused.values())
    report, _ = run(store, plan)
    assert keys(report.done) == ["d/inner/ok.bin"]
    assert files_under(outside) == {"data.bin": b"theirs"}
    assert (destination / "real" / "ok.bin").read_bytes() == b"ours"


def test_download_refuses_a_key_whose_file_another_key_already_takes(boto3_backend: Backend, tmp_path: Path) -> None:
    boto3_backend.put("a/b", b"first")
    boto3_backend.put("a//b", b"second")
    store = boto3_backend.store()
    plan = plan_download(store, BUCKET, [""], tmp_path, "")
    # Listed in key order, 'a//b' comes first and takes the file; 'a/b' is refused, never written over it.
    assert [item.key for item in plan.items] == ["a//b"]
    assert [(issue.name, issue.reason) for issue in plan.refused] == [("a/b", "same local file as key 'a//b'")]
    run(store, plan, conflict=Conflict.SKIP)
    assert files_under(tmp_path) == {"a/b": b"second"}


def test_plan_download_reports_missing_objects_and_bad_destinations(backend: Backend, tmp_path: Path) -> None:
    store = backend.store()
    plan = plan_download(store, BUCKET, ["nothing-here.txt"], tmp_path, "")
    assert plan.items == () and [issue.name for issue in plan.refused] == ["nothing-here.txt"]
    write(tmp_path / "a-file", b"")
    with pytest.raises(LocalPathError, match="not a folder"):
        plan_download(store, BUCKET, ["x"], tmp_path / "a-file", "")


# Conflicts


@pytest.fixture
def local_backend(tmp_path: Path) -> Backend:
    root = tmp_path / "local-store"
    (root / BUCKET).mkdir(parents=True)

    def put(key: str, data: bytes) -> None:
        write(root / BUCKET / key, data)

    config = {"framework": "local", "root_bucket": BUCKET, "connection": {"endpoint": str(root)}}
    return Backend("local", config, lambda key: None, put, lambda: [])


@pytest.mark.parametrize(
    ("conflict", "expected", "written"),
    [
        (Conflict.OVERWRITE, {"x.txt": b"new", "x (1).txt": b"(1) new"}, {"x.txt", "x (1).txt"}),
        (Conflict.SKIP, {"x.txt": b"old", "x (1).txt": b"(1) new"}, {"x (1).txt"}),
        # 'x (1).txt' is another key of the same job, so the renamed copy takes the next free number.
        (
            Conflict.KEEP_BOTH,
            {"x.txt": b"old", "x (1).txt": b"(1) new", "x (2).txt": b"new"},
            {"x (1).txt", "x (2).txt"},
        ),
    ],
)
def test_conflict_policies(
    local_backend: Backend, tmp_path: Path, conflict: Conflict, expected: dict[str, bytes], written: set[str]
) -> None:
    local_backend.put("x.txt", b"new")
    local_backend.put("x (1).txt", b"(1) new")
    destination = tmp_path / "downloads"
    write(destination / "x.txt", b"old")
    store = local_backend.store()
    plan = plan_download(store, BUCKET, [""], destination)
    assert [item.key for item in plan.existing] == ["x.txt"]
    report, snapshots = run(store, plan, conflict=conflict)
    assert files_under(destination) == expected
    assert written_names(report) == written
    assert keys(report.having(Outcome.SKIPPED)) == (["x.txt"] if conflict is Conflict.SKIP else [])
    assert not report.issues
    last = snapshots[-1]
    assert last.bytes_done == last.bytes_total == report.bytes


@pytest.mark.parametrize(
    ("conflict", "expected"),
    [
        (Conflict.OVERWRITE, {"in/x.txt": b"local x", "in/x (1).txt": b"server (1)", "in/y.txt": b"local y"}),
        (Conflict.SKIP, {"in/x.txt": b"server x", "in/x (1).txt": b"server (1)", "in/y.txt": b"local y"}),
        # 'in/x (1).txt' exists on the server too, so the kept copy takes the next free number.
        (
            Conflict.KEEP_BOTH,
            {
                "in/x.txt": b"server x",
                "in/x (1).txt": b"server (1)",
                "in/x (2).txt": b"local x",
                "in/y.txt": b"local y",
            },
        ),
    ],
)
def test_upload_conflict_policies(
    backend: Backend, tmp_path: Path, conflict: Conflict, expected: dict[str, bytes]
) -> None:
    backend.put("in/x.txt", b"server x")
    backend.put("in/x (1).txt", b"server (1)")
    write(tmp_path / "up" / "x.txt", b"local x")
    write(tmp_path / "up" / "y.txt", b"local y")
    store = backend.store()
    plan = find_existing_uploads(
        store, plan_upload([tmp_path / "up" / "x.txt", tmp_path / "up" / "y.txt"], BUCKET, "in/")
    )
    assert [item.key for item in plan.existing] == ["in/x.txt"]
    report, _ = run(store, plan, conflict=conflict)
    assert {key: backend.read(key) for key in expected} == expected
    assert keys(report.having(Outcome.SKIPPED)) == (["in/x.txt"] if conflict is Conflict.SKIP else [])
    assert not report.issues


def test_rename_keeps_the_extension_and_dotfiles_whole(local_backend: Backend, tmp_path: Path) -> None:
    local_backend.put("backup.tar.gz", b"new archive")
    local_backend.put(".env", b"new env")
    destination = tmp_path / "downloads"
    write(destination / "backup.tar.gz", b"old")
    write(destination / ".env", b"old")
    store = local_backend.store()
    run(store, plan_download(store, BUCKET, [""], destination), conflict=Conflict.KEEP_BOTH)
    assert files_under(destination)["backup.tar (1).gz"] == b"new archive"
    assert files_under(destination)[".env (1)"] == b"new env"


# Failures, cancel


def test_errors_are_collected_per_file_and_never_raised(local_backend: Backend, tmp_path: Path) -> None:
    local_backend.put("keep.txt", b"k")
    local_backend.put("gone.txt", b"g")
    store = local_backend.store()
    plan = plan_download(store, BUCKET, [""], tmp_path / "downloads")
    store.delete_object("gone.txt")
    report, snapshots = run(store, plan)
    assert keys(report.done) == ["keep.txt"]
    assert [(issue.name, issue.reason) for issue in report.issues] == [("gone.txt", "object does not exist")]
    assert not report.ok and not report.cancelled
    assert (snapshots[-1].items_finished, snapshots[-1].items_failed) == (2, 1)


def cancel_when(key: str, at: int) -> tuple[Spy, threading.Event]:
    """A spy that sets the job's cancel event once ``key`` has moved ``at`` bytes, and that event."""
    cancel = threading.Event()

    def spy(seen_key: str, done: int, total: int) -> None:
        if seen_key == key and done >= at:
            cancel.set()

    return spy, cancel


def test_cancel_mid_download_leaves_no_partial_file(backend: Backend, tmp_path: Path) -> None:
    big = os.urandom(12 * MiB)
    backend.put("data/big.bin", big)
    for index in range(20):
        backend.put(f"data/small-{index:02d}.txt", b"s" * 1000)
    spy, cancel = cancel_when("data/big.bin", 1)
    store = backend.store(spy, **SMALL_PARTS)
    destination = tmp_path / "downloads"
    report, _ = run(store, plan_download(store, BUCKET, ["data/"], destination, "data/"), workers=2, cancel=cancel)
    assert report.cancelled
    assert "data/big.bin" in keys(report.having(Outcome.CANCELLED))
    assert not report.issues
    left = files_under(destination)
    assert "big.bin" not in left and not [name for name in left if ".part" in name]
    # Whatever finished before the cancel is whole, and is what the report calls done.
    assert set(left) == written_names(report)
    assert all(data == b"s" * 1000 for data in left.values())
    assert len(report.done) + report.count(Outcome.CANCELLED) == 21


def test_cancel_mid_upload_aborts_the_multipart_upload(backend: Backend, tmp_path: Path) -> None:
    write(tmp_path / "up" / "big.bin", os.urandom(12 * MiB))
    spy, cancel = cancel_when("up/big.bin", 1)
    store = backend.store(spy, **SMALL_PARTS)
    report, _ = run(store, plan_upload([tmp_path / "up"], BUCKET, ""), cancel=cancel)
    assert report.cancelled and keys(report.having(Outcome.CANCELLED)) == ["up/big.bin"]
    assert backend.read("up/big.bin") is None
    assert backend.leftovers() == []


def test_cancel_before_run_starts_nothing(local_backend: Backend, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"a")
    cancel = threading.Event()
    cancel.set()
    report, _ = run(local_backend.store(), plan_upload([tmp_path / "a.txt"], BUCKET, ""), cancel=cancel)
    assert report.cancelled and report.done == () and report.count(Outcome.CANCELLED) == 1
    assert report.summary("uploaded", ("file", "files")).endswith(": 0 of 1 file uploaded; 1 not uploaded")


# Progress and parallelism


def test_progress_is_coalesced_and_ends_at_the_totals(boto3_backend: Backend, tmp_path: Path) -> None:
    for index in range(150):
        write(tmp_path / "many" / f"{index:03d}.bin", os.urandom(64 * 1024))
    sdk_calls = 0
    lock = threading.Lock()

    def count(key: str, done: int, total: int) -> None:
        nonlocal sdk_calls
        with lock:
            sdk_calls += 1

    store = boto3_backend.store(count)
    report, snapshots = run(store, plan_upload([tmp_path / "many"], BUCKET, ""))
    assert report.ok and len(report.done) == 150
    assert sdk_calls >= 150 and len(snapshots) < sdk_calls / 5
    # The reporter ticks every 0.1 s; only the final snapshot may follow its predecessor sooner.
    gaps = [later.elapsed - earlier.elapsed for earlier, later in pairwise(snapshots[:-1])]
    assert all(gap >= 0.08 for gap in gaps)
    last = snapshots[-1]
    assert last.finished and last.eta is None and last.fraction == 1.0
    assert (last.bytes_done, last.bytes_total) == (150 * 64 * 1024, 150 * 64 * 1024)
    assert (last.items_finished, last.items_total) == (150, 150)
    done_over_time = [snapshot.bytes_done for snapshot in snapshots]
    assert done_over_time == sorted(done_over_time)
    assert any(snapshot.rate > 0 for snapshot in snapshots)


def test_files_transfer_in_parallel_within_the_pool_bound(boto3_backend: Backend, tmp_path: Path) -> None:
    for index in range(40):
        write(tmp_path / "many" / f"{index:02d}.bin", os.urandom(256 * 1024))
    store = boto3_backend.store()
    report, snapshots = run(store, plan_upload([tmp_path / "many"], BUCKET, ""), workers=4, interval=0.005)
    assert report.ok
    in_flight = [len(snapshot.active) for snapshot in snapshots]
    assert max(in_flight) > 1 and max(in_flight) <= 4


def test_a_failing_progress_listener_does_not_stop_the_job(
    local_backend: Backend, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "a.txt", b"a")

    def broken(snapshot: JobProgress) -> None:
        raise RuntimeError("UI went away")

    plan = plan_upload([tmp_path / "a.txt"], BUCKET, "")
    report = run_transfer(local_backend.store(), plan, on_progress=broken)
    assert report.ok
    assert "progress listener failed" in caplog.text


@pytest.fixture(autouse=True)
def _no_stray_threads() -> Iterator[None]:
    """Every job joins its pools and reporter before returning."""
    before = set(threading.enumerate())
    yield
    stray = [thread.name for thread in set(threading.enumerate()) - before if thread.name.startswith("job")]
    assert stray == []
