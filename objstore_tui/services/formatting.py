"""How sizes, times and kinds of entries read on screen."""

from __future__ import annotations

import mimetypes
from datetime import datetime
from functools import lru_cache

from objstore_tui.object_store import DirEntry, Folder, visible

_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB")
_UNKNOWN_TYPES = {"application/octet-stream", "binary/octet-stream"}
"""What S3 servers and the local backend say when nobody gave a type: the extension tells more."""

type Noun = tuple[str, str]
"""A noun's singular and plural: ('file', 'files'), ('object', 'objects'), ('version', 'versions')."""


def plural(count: int, noun: str | Noun, many: str | None = None) -> str:
    """'1 file', '0 files', '1,204 files', '2 entries': ``noun`` is a singular (its plural ``many``, or with
    an 's'), or both forms."""
    singular, several = (noun, many or f"{noun}s") if isinstance(noun, str) else noun
    return f"{count:,} {singular if count == 1 else several}"


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells at a word boundary, with an ellipsis: never half a word."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = text[: width - 1]
    if text[width - 1] != " ":
        cut = head.rfind(" ")
        head = head[:cut] if cut > 0 else head
    return head.rstrip(" ·,:;") + "…"


def human_size(size: int) -> str:
    """Binary units with one decimal, as ops staff read them: '512 B', '4.2 MiB'."""
    if size < 1024:
        return f"{size:,} B"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def exact_size(size: int) -> str:
    """'512 B', or '4.2 MiB (4,404,019 bytes)' when the rounded size hides the exact one."""
    if size < 1024:
        return human_size(size)
    return f"{human_size(size)} ({plural(size, 'byte')})"


def local_time(moment: datetime | None, *, seconds: bool = False) -> str:
    """An aware timestamp in the machine's time zone; '' when the backend gave none."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


@lru_cache(maxsize=1024)
def _type_for_name(name: str) -> str:
    return mimetypes.guess_type(name, strict=False)[0] or ""


def entry_type(entry: DirEntry) -> str:
    """'folder', the listed content type, or one guessed from the extension (S3 listings carry none)."""
    if isinstance(entry, Folder):
        return "folder"
    if entry.content_type and entry.content_type not in _UNKNOWN_TYPES:
        return entry.content_type
    suffix = entry.key.rsplit("/", 1)[-1].rpartition(".")[2]
    return _type_for_name(f"x.{suffix.lower()}") if suffix else ""


def visible_lines(text: object, *, keep_tabs: bool = False) -> str:
    """``visible`` line by line: a message (or a file's text) keeps its line breaks (and tabs), nothing else."""
    lines = str(text).split("\n")
    if keep_tabs:
        return "\n".join("\t".join(visible(part) for part in line.split("\t")) for line in lines)
    return "\n".join(visible(line) for line in lines)
