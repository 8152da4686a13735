"""One object in full, through the flows: details (i), metadata and tags (m), edit in $EDITOR (e), new object (E).

The editor is a real program: a small Python script given as $EDITOR that records the temp file's mode, may
write the object with plain boto3 first (another user, meanwhile), and appends to the file. What the server
holds afterwards is read with plain boto3.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from objstore_tui.object_store import ObjectMetadata, ObjectStore
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.details import DetailsScreen
from objstore_tui.tui.dialogs.edit import NewObjectDialog
from objstore_tui.tui.dialogs.metadata import MetadataDialog
from objstore_tui.tui.dialogs.summary import SummaryScreen
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified
from tests.s3_server import MotoServer
from tests.tui.conftest import SMALL, browser, highlight, moto_config, rendered, wait_listed

from .conftest import SIZE, HostApp, HostScreen, wait_for, wait_screen

BUCKET = "objects"
EDITOR_SCRIPT = """\
import os, sys
path = sys.argv[1]
with open(os.environ["EDIT_LOG"], "a") as log:
    log.write(oct(os.stat(path).st_mode & 0o777) + " " + path + "\\n")
if os.environ.get("EDIT_RACE_URL"):
    import boto3
    client = boto3.client("s3", endpoint_url=os.environ["EDIT_RACE_URL"], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.put_object(Bucket=os.environ["EDIT_RACE_BUCKET"], Key=os.environ["EDIT_RACE_KEY"], Body=b"theirs")
with open(path, "a") as handle:
    handle.write(os.environ.get("EDIT_APPEND", "+edited"))
"""


def seed(raw_s3, key: str, body: bytes = b"a,b\n") -> None:
    raw_s3.put_object(
        Bucket=BUCKET,
        Key=key,
        Body=body,
        ContentType="text/csv",
        CacheControl="max-age=60",
        Metadata={"owner": "ops"},
        Tagging="team=data",
        StorageClass="STANDARD_IA",
    )


def head(raw_s3, key: str) -> dict:
    return raw_s3.head_object(Bucket=BUCKET, Key=key)


def tags(raw_s3, key: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in raw_s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"]}


def listed(store: ObjectStore, *keys: str) -> list[ObjectMetadata]:
    wanted = set(keys)
    return [item for item in store.list_objects("", BUCKET) if item.key in wanted]


def messages(app) -> str:
    return "\n".join(notified(app))


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is the script above; temp files go under tmp_path/tmp; the working folder is tmp_path/work.
    Returns the log the script writes (one line per run: the file's mode and path)."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT)
    log = tmp_path / "editor.log"
    (tmp_path / "tmp").mkdir()
    (tmp_path / "work").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("EDIT_LOG", str(log))
    return log


# Details


@pytest.mark.parametrize("size", [(160, 48), SMALL], ids=["160x48", "80x24"])
async def test_i_shows_every_property_grouped_with_control_characters_visible(
    store: ObjectStore, raw_s3, size: tuple[int, int]
) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    key = "reports/q1\x1b[31m.csv"
    seed(raw_s3, key)
    host = HostScreen(store, Location(BUCKET, "reports/"), listed(store, key))
    async with HostApp(host).run_test(size=size) as pilot:
        host.operations.info()
        screen = await wait_screen(pilot, DetailsScreen)
        await wait_for(pilot, lambda: screen.details is not None)
        await pilot.pause()
        text = rendered(screen.query_one("#details-text", Static))
        for shown in ("Content headers", "Cache-Control", "max-age=60", "Storage class", "STANDARD_IA", "owner"):
            assert shown in text, shown
        assert "User metadata" in text and "Tags" in text and "team" in text and "data" in text
        assert "reports/q1␛[31m.csv" in text and "\x1b" not in text
        assert "Object lock" not in text and "Replication" not in text and "Restore" not in text  # not sent
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is host)


async def test_i_on_a_folder_opens_its_summary_not_details(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    raw_s3.put_object(Bucket=BUCKET, Key="logs/a.log", Body=b"a")
    host = HostScreen(store, Location(BUCKET), list(store.list_dir("", BUCKET)))
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.info()
        screen = await wait_screen(pilot, SummaryScreen)
        await wait_for(pilot, lambda: "1 object" in rendered(screen.query_one("#summary-here", Static)))


# Metadata and tags


async def test_m_on_one_object_shows_the_diff_then_writes_it(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    seed(raw_s3, "r.csv")
    host = HostScreen(store, Location(BUCKET), listed(store, "r.csv"))
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit_metadata()
        dialog = await wait_screen(pilot, MetadataDialog)
        area = dialog.query_one(TextArea)
        assert "Cache-Control: max-age=60" in area.text and "meta owner: ops" in area.text
        area.text = area.text.replace("max-age=60", "no-store").replace("meta owner: ops", "meta owner: sre")
        area.text += "tag env: prod\n"
        await pilot.press("ctrl+s")
        question = await wait_screen(pilot, ConfirmDialog)
        text = rendered(question.query_one("#confirm-body", Static))
        assert "Cache-Control: max-age=60 → no-store" in text
        assert "meta owner: ops → sre" in text and "tag env: (none) → prod" in text
        assert head(raw_s3, "r.csv")["CacheControl"] == "max-age=60"  # nothing written before 'Write'
        await pilot.press("w")
        await wait_for(pilot, lambda: "1 object updated in objects" in messages(pilot.app))
    after = head(raw_s3, "r.csv")
    assert (after["CacheControl"], after["ContentType"], after["Metadata"]) == (
        "no-store",
        "text/csv",
        {"owner": "sre"},
    )
    assert after["StorageClass"] == "STANDARD_IA"
    assert tags(raw_s3, "r.csv") == {"team": "data", "env": "prod"}


async def test_m_on_marked_objects_and_a_folder_is_one_job_with_a_result_per_key(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    raw_s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for key in ("a.txt", "b.txt", "logs/1.log", "logs/2.log"):
        seed(raw_s3, key)
    entries = [e for e in store.list_dir("", BUCKET) if e.name in ("a.txt", "b.txt", "logs")]
    host = HostScreen(store, Location(BUCKET), entries)
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit_metadata()
        dialog = await wait_screen(pilot, MetadataDialog)
        dialog.query_one(TextArea).text = "Cache-Control: no-cache\n-meta owner\ntag env: prod\n"
        await pilot.press("ctrl+s")
        question = await wait_screen(pilot, ConfirmDialog)
        text = rendered(question.query_one("#confirm-body", Static))
        assert "4 objects in bucket objects" in text and "logs/2.log" in text
        assert "Cache-Control: no-cache" in text and "remove meta owner" in text and "tag env: prod" in text
        assert "each object gets a new version" in text
        await pilot.press("w")
        await wait_for(pilot, lambda: "4 objects updated in objects" in messages(pilot.app))
        assert "each a new version" in messages(pilot.app)
    for key in ("a.txt", "b.txt", "logs/1.log", "logs/2.log"):
        after = head(raw_s3, key)
        assert (after["CacheControl"], after["Metadata"], after["ContentType"]) == ("no-cache", {}, "text/csv")
        assert tags(raw_s3, key) == {"team": "data", "env": "prod"}
        assert len(raw_s3.list_object_versions(Bucket=BUCKET, Prefix=key)["Versions"]) == 2


async def test_a_bad_line_is_explained_and_nothing_is_written(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    seed(raw_s3, "a.txt")
    host = HostScreen(store, Location(BUCKET), listed(store, "a.txt", "b.txt"))
    raw_s3.put_object(Bucket=BUCKET, Key="b.txt", Body=b"b")
    host.entries = listed(store, "a.txt", "b.txt")
    async with HostApp(host).run_test(size=SIZE) as pilot:
        host.operations.edit_metadata()
        dialog = await wait_screen(pilot, MetadataDialog)
        dialog.query_one(TextArea).text = "Owner: me\n"
        await pilot.press("ctrl+s")
        error = dialog.query_one("#metadata-error", Static)
        await wait_for(pilot, lambda: "not a content header" in rendered(error))
        assert "meta Owner" in rendered(error)
        assert pilot.app.screen is dialog
    assert head(raw_s3, "a.txt")["Metadata"] == {"owner": "ops"}


# Edit in $EDITOR


def edit_host(store: ObjectStore, key: str) -> HostScreen:
    return HostScreen(store, Location(BUCKET), listed(store, key))


async def test_e_edits_in_a_private_temp_file_and_keeps_type_and_metadata(
    store: ObjectStore, raw_s3, editor: Path, tmp_path: Path
) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    seed(raw_s3, "conf/app.csv", b"a,b\n")
    host = edit_host(store, "conf/app.csv")
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit()
        await wait_for(pilot, lambda: "Saved conf/app.csv" in messages(pilot.app))
        assert "checked by the server (If-Match)" in messages(pilot.app)
    mode, path = editor.read_text().split()
    assert mode == "0o600" and Path(path).name == "app.csv"
    assert raw_s3.get_object(Bucket=BUCKET, Key="conf/app.csv")["Body"].read() == b"a,b\n+edited"
    after = head(raw_s3, "conf/app.csv")
    assert (after["ContentType"], after["CacheControl"], after["Metadata"]) == (
        "text/csv",
        "max-age=60",
        {"owner": "ops"},
    )
    assert list((tmp_path / "tmp").iterdir()) == []  # the temp file and its folder are gone


async def test_e_on_the_local_backend_says_its_check_is_weaker(editor: Path, tmp_path: Path) -> None:
    root = tmp_path / "buckets"
    (root / BUCKET / "conf").mkdir(parents=True)
    (root / BUCKET / "conf" / "app.ini").write_bytes(b"[a]\n")
    with ObjectStore({"framework": "local", "connection": {"endpoint": str(root)}}) as store:
        host = edit_host(store, "conf/app.ini")
        async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
            host.operations.edit()
            await wait_for(pilot, lambda: "Saved conf/app.ini" in messages(pilot.app))
            assert "checked by a HEAD just before the write (weaker" in messages(pilot.app)
    assert (root / BUCKET / "conf" / "app.ini").read_bytes() == b"[a]\n+edited"
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_e_with_no_change_uploads_nothing(
    store: ObjectStore, raw_s3, editor: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    seed(raw_s3, "same.csv")
    before = head(raw_s3, "same.csv")["ETag"]
    monkeypatch.setenv("EDIT_APPEND", "")
    host = edit_host(store, "same.csv")
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit()
        await wait_for(pilot, lambda: "No changes to same.csv" in messages(pilot.app))
    assert head(raw_s3, "same.csv")["ETag"] == before
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize(
    ("answer", "theirs_key", "mine_key", "mine_local"),
    [
        ("k", "c.txt", None, True),
        ("n", "c.txt", "c (edited).txt", False),
        ("o", None, "c.txt", False),
    ],
    ids=["keep-local", "new-key", "overwrite"],
)
async def test_e_when_someone_writes_meanwhile_asks(
    store: ObjectStore,
    raw_s3,
    s3_server: MotoServer,
    editor: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    theirs_key: str | None,
    mine_key: str | None,
    mine_local: bool,
) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    raw_s3.put_object(Bucket=BUCKET, Key="c.txt", Body=b"mine", ContentType="text/plain", Metadata={"k": "v"})
    monkeypatch.setenv("EDIT_RACE_URL", s3_server.url)
    monkeypatch.setenv("EDIT_RACE_BUCKET", BUCKET)
    monkeypatch.setenv("EDIT_RACE_KEY", "c.txt")
    host = edit_host(store, "c.txt")
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit()
        question = await wait_screen(pilot, ConfirmDialog)
        assert "was not uploaded" in rendered(question.query_one("#confirm-body", Static))
        await pilot.press(answer)
        await wait_for(pilot, lambda: pilot.app.screen is host and notified(pilot.app))
        said = messages(pilot.app)
    if theirs_key:
        assert raw_s3.get_object(Bucket=BUCKET, Key=theirs_key)["Body"].read() == b"theirs"
    if mine_key:
        assert raw_s3.get_object(Bucket=BUCKET, Key=mine_key)["Body"].read() == b"mine+edited"
    kept = tmp_path / "work" / "c (edited).txt"
    assert kept.exists() == mine_local
    if mine_local:
        assert kept.read_bytes() == b"mine+edited" and str(kept) in said
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_an_editor_that_fails_uploads_nothing(
    store: ObjectStore, raw_s3, editor: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    seed(raw_s3, "f.csv")
    monkeypatch.setenv("EDITOR", "sh -c 'printf x >> \"$1\"; exit 3' sh")
    host = edit_host(store, "f.csv")
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.edit()
        await wait_for(pilot, lambda: "exited with status 3: nothing uploaded" in messages(pilot.app))
    assert raw_s3.get_object(Bucket=BUCKET, Key="f.csv")["Body"].read() == b"a,b\n"
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_e_refuses_an_object_over_the_size_limit(s3_server: MotoServer, raw_s3, editor: Path) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    raw_s3.put_object(Bucket=BUCKET, Key="big.bin", Body=b"x" * 2048)
    config = moto_config(s3_server)
    config = config.model_copy(update={"transfer": config.transfer.model_copy(update={"edit_max_bytes": 1024})})
    async with browser(config, BUCKET).run_test(size=SIZE, notifications=True) as pilot:
        await wait_listed(pilot)
        await highlight(pilot, "big.bin")
        await pilot.press("e")
        await wait_for(pilot, lambda: "transfer.edit_max_bytes" in messages(pilot.app))
        assert "big.bin is 2.0 KiB; objects up to 1.0 KiB are edited" in messages(pilot.app)
    assert not editor.exists()  # the editor never ran


async def test_new_object_and_new_folder(store: ObjectStore, raw_s3, editor: Path, monkeypatch) -> None:
    raw_s3.create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("EDIT_APPEND", "hello\n")
    host = HostScreen(store, Location(BUCKET, "notes/"), [])
    async with HostApp(host).run_test(size=SIZE, notifications=True) as pilot:
        host.operations.new_object()
        dialog = await wait_screen(pilot, NewObjectDialog)
        assert dialog.query_one(Input).value == "notes/"
        await pilot.press(*"todo.txt", "enter")
        await wait_for(pilot, lambda: "Created notes/todo.txt" in messages(pilot.app))
        host.operations.new_object()
        await wait_screen(pilot, NewObjectDialog)
        await pilot.press(*"2026/", "enter")
        await wait_for(pilot, lambda: "Folder notes/2026/ created" in messages(pilot.app))
    assert raw_s3.get_object(Bucket=BUCKET, Key="notes/todo.txt")["Body"].read() == b"hello\n"
    assert head(raw_s3, "notes/todo.txt")["ContentType"] == "text/plain"
    assert head(raw_s3, "notes/2026/")["ContentLength"] == 0


# The real browser: the keys, read-only


async def test_browser_keys_and_read_only(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="keyed")
    raw_s3.put_object(Bucket="keyed", Key="a.txt", Body=b"a")
    async with browser(moto_config(s3_server), "keyed").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await highlight(pilot, "a.txt")
        for key, dialog in (("i", DetailsScreen), ("m", MetadataDialog), ("E", NewObjectDialog)):
            await pilot.press(key)
            await wait_screen(pilot, dialog)
            await pilot.press("escape")
            await wait_for(pilot, lambda: pilot.app.screen is screen)
        await pilot.press("i")  # m from the details edits that object's metadata
        details = await wait_screen(pilot, DetailsScreen)
        await wait_for(pilot, lambda: details.details is not None)
        await pilot.press("m")
        metadata = await wait_screen(pilot, MetadataDialog)
        assert "Content-Type: " in metadata.query_one(TextArea).text
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
    async with browser(moto_config(s3_server), "keyed", read_only=True).run_test(
        size=SIZE, notifications=True
    ) as pilot:
        screen = await wait_listed(pilot)
        await highlight(pilot, "a.txt")
        for key in ("m", "e", "E"):
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is screen, key
        await wait_for(pilot, lambda: len(notified(pilot.app)) == 3)
        assert "read-only: Metadata and tags is disabled" in messages(pilot.app)
        await pilot.press("i")  # details only read
        details = await wait_screen(pilot, DetailsScreen)
        assert not details.check_action("choose", ("edit",))
        assert screen.query_one(ObjectTable)
    assert raw_s3.get_object(Bucket="keyed", Key="a.txt")["Body"].read() == b"a"
