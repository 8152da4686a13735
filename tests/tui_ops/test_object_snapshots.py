"""Snapshots of the details screen (i) and the metadata dialog (m) on one fixed object, at 160x48 and 80x24.

The object is a fixed ``ObjectDetails`` (a server would give a new date and version every run), as the other
dialogs' snapshots use fixed data. Regenerate after an intended change with
``pytest tests/tui_ops/test_object_snapshots.py --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

import pytest

from objstore_tui.object_store import ContentHeaders, ObjectDetails, ObjectStore
from objstore_tui.tui.dialogs.details import DetailsScreen
from objstore_tui.tui.dialogs.metadata import MetadataDialog
from tests.tui.conftest import SMALL

from .conftest import DialogApp

BOTH_SIZES = pytest.mark.parametrize("size", [(160, 48), SMALL], ids=["160x48", "80x24"])

DETAILS = ObjectDetails(
    key="reports/2025/q1\x1b[31m.csv",
    bucket="ops-data",
    size=4_404_019,
    updated_time=datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC),
    etag="9b2cf535f27731c974343645a3985328",
    headers=ContentHeaders(
        content_type="text/csv", cache_control="max-age=60", content_disposition='attachment; filename="q1.csv"'
    ),
    storage_class="STANDARD_IA",
    encryption="aws:kms",
    kms_key_id="arn:aws:kms:eu-central-1:111122223333:key/1234abcd",
    checksums=MappingProxyType({"SHA256": "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}),
    version_id="3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
    is_latest=True,
    lock_mode="GOVERNANCE",
    lock_retain_until="2026-01-01T00:00:00.000Z",
    metadata=MappingProxyType({"owner": "ops", "ticket": "OPS-1234"}),
    tags=MappingProxyType({"team": "data"}),
)


@BOTH_SIZES
def test_details_screen(snap_compare, store: ObjectStore, size: tuple[int, int]) -> None:
    screen = DetailsScreen(store, DETAILS.bucket, DETAILS.key, details=DETAILS)
    assert snap_compare(DialogApp(screen), terminal_size=size)


@BOTH_SIZES
def test_metadata_dialog_of_one_object(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(DialogApp(MetadataDialog("q1.csv from ops-data/reports/2025/", DETAILS)), terminal_size=size)
