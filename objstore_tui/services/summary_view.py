"""What the summary screen shows of a ``Summary`` (``object_store.summary``), at the folder the user drilled into.

Built in the summarizing thread from the summary being filled (a frozen copy of what is on screen), or on the UI
thread once the summary is done: the screen never reads a summary that is still changing.
"""

from __future__ import annotations

from dataclasses import dataclass

from objstore_tui.object_store.summary import FolderTotals, Summary, Totals, sorted_totals
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.location import Location

FILES_HERE = "(objects here)"
LARGEST_SHOWN = 10
KINDS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Share:
    """A row with a bar: a sub-folder, the objects directly in the folder, an extension, a storage class."""

    name: str
    count: int
    size: int
    share: float
    """Of the folder's bytes (of its objects when it has no bytes), 0 to 1."""
    is_folder: bool = False


@dataclass(frozen=True, slots=True)
class SummaryView:
    location: Location
    """The folder shown: the summarized one, or a sub-folder drilled into."""
    path: tuple[str, ...]
    count: int
    size: int
    folders: tuple[Share, ...]
    largest: tuple[tuple[str, int], ...]
    by_extension: tuple[Share, ...]
    by_content_type: tuple[Share, ...]
    by_storage_class: tuple[Share, ...]
    total_count: int
    total_size: int
    done: bool
    elapsed: float

    def totals_text(self) -> str:
        return f"{plural(self.count, 'object')}, {human_size(self.size)}"


def _share(part_size: int, part_count: int, size: int, count: int) -> float:
    if size:
        return part_size / size
    return part_count / count if count else 0.0


def _folder_shares(node: FolderTotals) -> tuple[Share, ...]:
    rows = [
        Share(f"{name}/", sub.count, sub.size, _share(sub.size, sub.count, node.size, node.count), is_folder=True)
        for name, sub in node.by_size()
    ]
    if node.files.count:
        files = node.files
        rows.append(Share(FILES_HERE, files.count, files.size, _share(files.size, files.count, node.size, node.count)))
        rows.sort(key=lambda row: -row.size)
    return tuple(rows)


def _kinds(table: dict[str, Totals], size: int, count: int) -> tuple[Share, ...]:
    return tuple(
        Share(name, totals.count, totals.size, _share(totals.size, totals.count, size, count))
        for name, totals in sorted_totals(table)[:KINDS_SHOWN]
    )


def summary_view(summary: Summary, path: tuple[str, ...] = ()) -> SummaryView:
    """The view at ``path`` (sub-folder names below the summarized folder); an unknown path shows the top."""
    node = summary.tree.find(path)
    if node is None:
        node, path = summary.tree, ()
    prefix = summary.folder + "".join(f"{name}/" for name in path)
    under = prefix if path else summary.prefix
    largest = tuple((o.key, o.size) for o in summary.largest if o.key.startswith(under))[:LARGEST_SHOWN]
    return SummaryView(
        location=Location(summary.bucket, prefix),
        path=path,
        count=node.count,
        size=node.size,
        folders=_folder_shares(node),
        largest=largest,
        by_extension=_kinds(summary.by_extension, summary.size, summary.count),
        by_content_type=_kinds(summary.by_content_type, summary.size, summary.count),
        by_storage_class=_kinds(summary.by_storage_class, summary.size, summary.count),
        total_count=summary.count,
        total_size=summary.size,
        done=summary.done,
        elapsed=summary.elapsed,
    )


def bar(share: float, width: int) -> str:
    """'█████▌    ' for 0.55 over 10 cells: eighths of a cell, so small folders still show."""
    eighths = round(max(0.0, min(share, 1.0)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)
