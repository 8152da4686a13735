"""Every action acts on what has the focus: the tree node when the tree has it, the table's row when the table has.

The browser runs on the moto server with the tree's cursor on one folder and the table's on another; each key's
dialog (or, where the action cannot apply, its notification) must name the focused one and not the other.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from objstore_tui.services.location import Location
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified
from tests.s3_server import MotoServer
from tests.tui.conftest import SIZE, browser, highlight, moto_config, rendered, wait_listed

from .conftest import wait_for

ACTIONS = ("u", "d", "C", "M", "R", "x", "s", "V")


def shown_text(pilot: Pilot[object]) -> str:
    """What the top screen and the notifications say: labels, texts and the values of inputs."""
    app = pilot.app
    parts = notified(app)
    if not isinstance(app.screen, MainScreen):
        for widget in app.screen.query("*"):
            if isinstance(widget, Input):
                parts.append(widget.value)
            elif isinstance(widget, Static | Label):
                parts.append(rendered(widget))
    return "\n".join(parts)


async def open_with_two_cursors(pilot: Pilot[object], *, tree_focused: bool) -> MainScreen:
    """The table's cursor on folder alpha/, the tree's on folder beta/; the focus on one of them."""
    screen = await wait_listed(pilot)
    tree = screen.query_one(BucketTree)
    await wait_for(pilot, lambda: tree.node_for(Location("focus", "beta/")) is not None)
    await highlight(pilot, "alpha")
    node = tree.node_for(Location("focus", "beta/"))
    tree.focus()
    node.parent.expand()
    await pilot.pause()
    tree.move_cursor(node)
    await wait_for(pilot, lambda: tree.cursor_node is node)
    if not tree_focused:
        screen.query_one(ObjectTable).focus()
        await pilot.pause()
    assert tree.cursor_node is node
    assert screen.query_one(ObjectTable).highlighted_entry.name == "alpha"
    return screen


@pytest.mark.parametrize("tree_focused", [True, False], ids=["tree", "table"])
@pytest.mark.parametrize("key", ACTIONS)
async def test_every_action_names_what_has_the_focus(
    s3_server: MotoServer, raw_s3, key: str, tree_focused: bool
) -> None:
    raw_s3.create_bucket(Bucket="focus")
    for object_key in ("alpha/a1.txt", "beta/b1.txt", "top.txt"):
        raw_s3.put_object(Bucket="focus", Key=object_key, Body=object_key.encode())
    async with browser(moto_config(s3_server), "focus").run_test(notifications=True, size=SIZE) as pilot:
        screen = await open_with_two_cursors(pilot, tree_focused=tree_focused)
        await pilot.press(key)
        await wait_for(pilot, lambda: pilot.app.screen is not screen or notified(pilot.app))
        if key == "u":  # upload goes into the tree's folder, or into the folder the table shows
            prefix = pilot.app.screen.query_one("#upload-prefix", Input)
            await wait_for(pilot, lambda: prefix.value == ("beta/" if tree_focused else ""))
            return
        wanted, other = ("beta", "alpha") if tree_focused else ("alpha", "beta")
        await wait_for(pilot, lambda: wanted in shown_text(pilot))
        assert other not in shown_text(pilot)


async def test_delete_from_a_tree_folder_deletes_that_folder(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="focus")
    for object_key in ("alpha/a1.txt", "beta/b1.txt", "top.txt"):
        raw_s3.put_object(Bucket="focus", Key=object_key, Body=object_key.encode())
    async with browser(moto_config(s3_server), "focus").run_test(notifications=True, size=SIZE) as pilot:
        screen = await open_with_two_cursors(pilot, tree_focused=True)
        await pilot.press("x")
        await wait_for(pilot, lambda: "beta/b1.txt" in shown_text(pilot))
        await pilot.press("y")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_listed(pilot)
    keys = sorted(item["Key"] for item in raw_s3.list_objects_v2(Bucket="focus")["Contents"])
    assert keys == ["alpha/a1.txt", "top.txt"]


async def test_deleting_a_tree_folder_outside_the_open_one_updates_the_tree(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="deep")
    for object_key in ("open/here.txt", "logs/2024/a.log", "logs/2025/b.log"):
        raw_s3.put_object(Bucket="deep", Key=object_key, Body=b"x")
    async with browser(moto_config(s3_server), "deep/open").run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        tree = screen.query_one(BucketTree)
        tree.node_for(Location("deep")).expand()
        await wait_for(pilot, lambda: tree.node_for(Location("deep", "logs/")) is not None)
        logs = tree.node_for(Location("deep", "logs/"))
        tree.focus()
        logs.expand()
        await wait_for(pilot, lambda: tree.node_for(Location("deep", "logs/2024/")) is not None)
        node = tree.node_for(Location("deep", "logs/2024/"))
        await pilot.pause()
        tree.move_cursor(node)
        await wait_for(pilot, lambda: tree.cursor_node is node)
        await pilot.press("x")
        await wait_for(pilot, lambda: "logs/2024/a.log" in shown_text(pilot))
        await pilot.press("y")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_for(pilot, lambda: [child.data for child in logs.children] == [Location("deep", "logs/2025/")])
        assert screen.location == Location("deep", "open/")
