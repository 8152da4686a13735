"""The undelete job on a versioned moto bucket: a folder's deleted keys, only those deleted since a time, per-key
results; the server read back with boto3 while the store runs on minio."""

from __future__ import annotations

from datetime import timedelta

from objstore_tui.object_store import Folder, ObjectStore
from objstore_tui.services.jobs import Outcome
from objstore_tui.services.jobs.undelete import plan_undelete, run_undelete, undelete_summary
from tests.contract.conftest import s3_config
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer


def _versioned_store(s3_server: MotoServer, raw_s3, bucket: str) -> ObjectStore:
    raw_s3.create_bucket(Bucket=bucket)
    raw_s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return ObjectStore(s3_config("minio", s3_server.endpoint, ACCESS_KEY, SECRET_KEY, False))


def _current_keys(raw_s3, bucket: str) -> list[str]:
    return [item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_folder_comes_back_with_per_key_results(s3_server: MotoServer, raw_s3) -> None:
    store = _versioned_store(s3_server, raw_s3, "undo")
    for key in ("site/a.html", "site/b.html", "site/img/c.png", "keep.txt"):
        raw_s3.put_object(Bucket="undo", Key=key, Body=key.encode())
    for key in ("site/a.html", "site/b.html", "site/img/c.png"):
        raw_s3.delete_object(Bucket="undo", Key=key)
    raw_s3.put_object(Bucket="undo", Key="site/b.html", Body=b"rewritten")  # no longer deleted

    plan = plan_undelete(store, "undo", [Folder("site/", "undo")])
    assert [marker.key for marker in plan.markers] == ["site/a.html", "site/img/c.png"]
    report = run_undelete(store, plan)
    assert [(result.name, result.outcome) for result in report.results] == [
        ("site/a.html", Outcome.DONE),
        ("site/img/c.png", Outcome.DONE),
    ]
    assert undelete_summary(plan, report).startswith("2 objects brought back in undo in ")
    assert sorted(_current_keys(raw_s3, "undo")) == ["keep.txt", "site/a.html", "site/b.html", "site/img/c.png"]
    assert raw_s3.get_object(Bucket="undo", Key="site/a.html")["Body"].read() == b"site/a.html"


def test_only_what_was_deleted_since_a_time_and_a_key_rewritten_meanwhile_fails(s3_server: MotoServer, raw_s3) -> None:
    store = _versioned_store(s3_server, raw_s3, "undo-since")
    for key in ("old.txt", "new.txt"):
        raw_s3.put_object(Bucket="undo-since", Key=key, Body=b"x")
        raw_s3.delete_object(Bucket="undo-since", Key=key)
    markers = {marker.key: marker for marker in store.list_deleted("", "undo-since")}
    since = markers["new.txt"].updated_time
    assert since is not None
    plan = plan_undelete(store, "undo-since", [Folder("", "undo-since")], since=since + timedelta(hours=1))
    assert plan.count == 0
    plan = plan_undelete(store, "undo-since", list(markers.values()), since=since - timedelta(hours=1))
    raw_s3.put_object(Bucket="undo-since", Key="old.txt", Body=b"written meanwhile")
    report = run_undelete(store, plan)
    outcomes = {result.name: result.outcome for result in report.results}
    assert outcomes == {"new.txt": Outcome.DONE, "old.txt": Outcome.FAILED}
    assert "not deleted" in next(r.reason for r in report.results if r.name == "old.txt")
    assert raw_s3.get_object(Bucket="undo-since", Key="old.txt")["Body"].read() == b"written meanwhile"
