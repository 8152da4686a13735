"""What the preview makes of an object's first bytes."""

from __future__ import annotations

import io
import json

from objstore_tui.services.preview_content import (
    CSV_MAX_ROWS,
    ImagePreview,
    NoticePreview,
    TablePreview,
    TextPreview,
    make_preview,
)


def _png(width: int = 8, height: int = 4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 200, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_python_source_is_highlighted_by_extension() -> None:
    preview = make_preview("pkg/mod.py", None, b"def f():\n    return 1\n", complete=True)
    assert isinstance(preview, TextPreview)
    assert preview.description == "python source"
    assert [line.plain for line in preview.lines] == ["def f():", "    return 1"]
    assert preview.lines[0].spans  # colours, not plain text


def test_content_type_chooses_the_lexer_when_the_name_does_not() -> None:
    preview = make_preview("settings.conf.v2", "text/x-yaml", b"key: value\n", complete=True)
    assert isinstance(preview, TextPreview)
    assert preview.description == "yaml source"


def test_json_is_pretty_printed_when_complete() -> None:
    data = json.dumps({"a": [1, 2], "b": {"c": None}}).encode()
    preview = make_preview("x.json", None, data, complete=True)
    assert isinstance(preview, TextPreview)
    assert preview.description == "JSON, pretty-printed"
    assert [line.plain for line in preview.lines][:3] == ["{", '  "a": [', "    1,"]


def test_partial_or_invalid_json_is_shown_as_is() -> None:
    partial = make_preview("x.json", None, b'{"a": [1, 2', complete=False)
    assert isinstance(partial, TextPreview) and "partial" in partial.description
    invalid = make_preview("x.json", "application/json", b"{nope", complete=True)
    assert isinstance(invalid, TextPreview) and "not valid" in invalid.description


def test_csv_becomes_rows_and_a_partial_last_line_is_dropped() -> None:
    preview = make_preview("t.csv", None, b"a,b,c\n1,2,3\n4,5,6\n7,8", complete=False)
    assert isinstance(preview, TablePreview)
    assert preview.header == ["a", "b", "c"]
    assert preview.rows == [["1", "2", "3"], ["4", "5", "6"]]
    assert "first rows" in preview.description


def test_tsv_and_ragged_rows() -> None:
    preview = make_preview("t.tsv", None, b"a\tb\n1\t2\t3\n", complete=True)
    assert isinstance(preview, TablePreview)
    assert preview.header == ["a", "b", ""]
    assert preview.rows == [["1", "2", "3"]]


def test_csv_rows_are_capped() -> None:
    data = ("n\n" + "".join(f"{i}\n" for i in range(CSV_MAX_ROWS + 50))).encode()
    preview = make_preview("t.csv", "text/csv", data, complete=True)
    assert isinstance(preview, TablePreview)
    assert len(preview.rows) == CSV_MAX_ROWS


def test_complete_image_is_decoded_and_a_partial_one_is_described() -> None:
    preview = make_preview("p.png", None, _png(), complete=True)
    assert isinstance(preview, ImagePreview)
    assert preview.description == "PNG image, 8x4"
    partial = make_preview("p.png", "image/png", _png(4000, 3000)[:200], complete=False)
    assert isinstance(partial, NoticePreview)
    assert "4000x3000" in partial.message and "too large" in partial.message
    broken = make_preview("p.jpg", None, b"not an image", complete=True)
    assert isinstance(broken, NoticePreview) and "cannot decode" in broken.message


def test_binary_is_a_hex_dump() -> None:
    preview = make_preview("blob", None, bytes(range(40)), complete=True)
    assert isinstance(preview, TextPreview)
    assert not preview.line_numbers
    assert preview.lines[0].plain == ("00000000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  ................")
    assert preview.lines[2].plain.startswith("00000020  20 21 22")
    assert preview.lines[2].plain.endswith(" !\"#$%&'")


def test_utf8_cut_at_the_end_of_a_partial_read_is_still_text() -> None:
    data = "héllo wörld €".encode()[:-1]  # the euro sign's last byte is missing
    preview = make_preview("notes.txt", None, data, complete=False)
    assert isinstance(preview, TextPreview)
    assert preview.lines[0].plain == "héllo wörld "


def test_control_characters_never_reach_the_terminal() -> None:
    preview = make_preview("evil.txt", None, "ok\x1b[2Jgone\r\nnext\x07 \x9b \u202e\tend".encode(), complete=True)
    assert isinstance(preview, TextPreview)
    assert [line.plain for line in preview.lines] == ["ok\u241b[2Jgone", "next\u2407 \\x9b \\u202e   end"]


def test_empty_object() -> None:
    assert make_preview("e.txt", None, b"", complete=True) == NoticePreview("(empty object)")
