"""Server text is data: make control characters visible before a string reaches a terminal, a log or a clipboard.

Keys, bucket names, metadata values, version ids and error messages come from a server or a file name. Written
raw, ``ESC ] 2 ; … BEL`` retitles the terminal, ``ESC [ 31 m`` recolours it and breaks row alignment, and a
right-to-left override reverses what follows. ``visible`` is the one place that decides how such characters
look: C0 controls and DEL as their Unicode control pictures (one cell wide, so columns stay aligned), C1
controls, bidi controls and line/paragraph separators as ``\\x9b``-style escapes. Everything else is unchanged.
"""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` (``str()`` of it if it is not a string) with every control character shown, never sent."""
    string = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_picture, string)


def has_control_characters(text: str) -> bool:
    """True when ``visible`` would change ``text``."""
    return _UNSAFE.search(text) is not None
