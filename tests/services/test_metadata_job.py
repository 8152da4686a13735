"""The metadata job: the document a user edits, the plan, and the run with per-key results and cancel, against the
moto server (read back with plain boto3)."""

from __future__ import annotations

import threading
from types import MappingProxyType

import pytest

from objstore_tui.object_store import ContentHeaders, Folder, ObjectDetails, ObjectStore
from objstore_tui.services.jobs import Outcome
from objstore_tui.services.jobs.metadata import (
    DocumentError,
    MetadataChanges,
    changes_between,
    changes_from_document,
    diff_lines,
    document_of,
    plan_metadata,
    run_metadata,
)
from tests.tui.conftest import moto_config

DETAILS = ObjectDetails(
    key="r.csv",
    bucket="b",
    size=1,
    headers=ContentHeaders(content_type="text/csv", cache_control="max-age=60"),
    metadata=MappingProxyType({"owner": "ops"}),
    tags=MappingProxyType({"team": "data"}),
)


def test_the_document_of_one_object_round_trips_to_no_change() -> None:
    text = document_of(DETAILS)
    assert text == "Content-Type: text/csv\nCache-Control: max-age=60\nmeta owner: ops\ntag team: data\n"
    assert changes_between(DETAILS, text).empty


def test_a_deleted_line_removes_and_a_changed_one_sets() -> None:
    text = "Content-Type: text/plain\nmeta owner: ops\nmeta ticket: OPS-1\n"
    changes = changes_between(DETAILS, text)
    assert changes.headers == {"content_type": "text/plain", "cache_control": None}
    assert changes.set_metadata == {"ticket": "OPS-1"} and not changes.remove_metadata
    assert changes.remove_tags == {"team"}
    assert diff_lines(DETAILS, changes) == [
        "Content-Type: text/csv → text/plain",
        "Cache-Control: max-age=60 → (removed)",
        "meta ticket: (none) → OPS-1",
        "tag team: data → (removed)",
    ]


def test_a_document_for_many_objects_sets_and_removes() -> None:
    changes = changes_from_document(
        "# comment\ncache-control: no-store\n-Expires\n-meta owner\ntag env: prod\n-tag x\n"
    )
    assert changes == MetadataChanges(
        headers={"cache_control": "no-store", "expires": None},
        set_metadata={},
        remove_metadata=frozenset({"owner"}),
        set_tags={"env": "prod"},
        remove_tags=frozenset({"x"}),
    )
    assert changes.lines() == [
        "Cache-Control: no-store",
        "remove Expires",
        "remove meta owner",
        "tag env: prod",
        "remove tag x",
    ]


def test_an_unknown_header_names_its_line() -> None:
    with pytest.raises(DocumentError, match="line 2: 'Owner' is not a content header"):
        changes_from_document("Cache-Control: x\nOwner: me\n")
    with pytest.raises(DocumentError, match="line 1: 'name: value' expected"):
        changes_from_document("just words")


@pytest.fixture
def store(s3_server, raw_s3):
    raw_s3.create_bucket(Bucket="meta")
    for key in ("a.txt", "b.txt", "logs/1.log"):
        raw_s3.put_object(Bucket="meta", Key=key, Body=b"x", ContentType="text/plain", Metadata={"owner": "ops"})
    with ObjectStore(moto_config(s3_server)) as opened:
        yield opened


def test_the_job_reports_each_key_and_skips_what_is_already_as_asked(store: ObjectStore, raw_s3) -> None:
    raw_s3.put_object(Bucket="meta", Key="c.txt", Body=b"x", ContentType="text/plain", CacheControl="no-store")
    entries = [e for e in store.list_dir("", "meta")]
    changes = changes_from_document("Cache-Control: no-store\n")
    plan = plan_metadata(store, "meta", entries, changes)
    assert plan.keys == ("a.txt", "b.txt", "c.txt", "logs/1.log") and not plan.versioned
    report = run_metadata(store, plan)
    outcomes = {result.name: (result.outcome, result.reason) for result in report.results}
    assert outcomes["c.txt"] == (Outcome.SKIPPED, "already as asked")
    assert [outcomes[k][0] for k in ("a.txt", "b.txt", "logs/1.log")] == [Outcome.DONE] * 3
    for key in ("a.txt", "b.txt", "logs/1.log"):
        head = raw_s3.head_object(Bucket="meta", Key=key)
        assert (head["CacheControl"], head["ContentType"], head["Metadata"]) == (
            "no-store",
            "text/plain",
            {"owner": "ops"},
        )


def test_a_key_gone_since_planning_fails_alone(store: ObjectStore, raw_s3) -> None:
    plan = plan_metadata(store, "meta", [Folder("", "meta")], changes_from_document("meta owner: sre\n"))
    raw_s3.delete_object(Bucket="meta", Key="b.txt")
    report = run_metadata(store, plan)
    assert [(r.name, r.outcome) for r in report.results] == [
        ("a.txt", Outcome.DONE),
        ("b.txt", Outcome.FAILED),
        ("logs/1.log", Outcome.DONE),
    ]
    assert raw_s3.head_object(Bucket="meta", Key="a.txt")["Metadata"] == {"owner": "sre"}


def test_a_cancelled_job_changes_nothing(store: ObjectStore, raw_s3) -> None:
    plan = plan_metadata(store, "meta", [Folder("", "meta")], changes_from_document("meta owner: sre\n"))
    cancel = threading.Event()
    cancel.set()
    report = run_metadata(store, plan, cancel=cancel)
    assert report.cancelled and {r.outcome for r in report.results} == {Outcome.CANCELLED}
    for key in plan.keys:
        assert raw_s3.head_object(Bucket="meta", Key=key)["Metadata"] == {"owner": "ops"}
