"""The file-level rules, without a request: encodings, quoting, header cells, the guard."""

from __future__ import annotations

import pytest

from tracker.imports.reader import (
    FileProblem,
    decode,
    header_cells,
    integer_or_text,
    records,
)


def test_decode_takes_utf8_with_or_without_the_bom() -> None:
    assert decode("\ufeffcafé".encode()) == "café"
    assert decode("café".encode()) == "café"


def test_decode_names_the_line_of_a_latin1_byte() -> None:
    with pytest.raises(FileProblem) as found:
        decode("a,b\r\nok,ok\r\ncafé,x\r\n".encode("latin-1"))

    assert found.value.line == 3
    assert "byte 0xE9 on line 3" in found.value.reason


def test_decode_names_the_spreadsheet_row_of_a_bad_byte_not_the_physical_line() -> None:
    """Rows 2 and 3 hold notes of several lines: the bad byte is on physical line 7 but
    in the fourth row a spreadsheet shows (and in the report of every other problem)."""
    text = (
        'date,notes\r\n2026-01-01,"one\r\ntwo\r\nthree"\r\n2026-01-02,"a\nb"\r\n2026-01-03,café\r\n'
    )

    with pytest.raises(FileProblem) as found:
        decode(text.encode("latin-1"))

    assert found.value.line == 4
    assert "byte 0xE9 on line 4" in found.value.reason
    assert [line for line, _ in records(text)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (b"\xff,b\r\n", 1),
        (b"\xef\xbb\xbfa,b\r\n1,2\r\n\r\n3,\xe9\r\n", 4),  # a BOM, a blank row
        (b'a,b\r\n"x\r\n\xe9",2\r\n', 2),  # inside a quoted cell
        (b'a,b\r\n"never closed\r\n\r\n\xe9', 2),
    ],
)
def test_decode_finds_the_row_in_any_file(data: bytes, row: int) -> None:
    with pytest.raises(FileProblem) as found:
        decode(data)

    assert found.value.line == row


def test_records_count_spreadsheet_lines_not_physical_ones() -> None:
    text = 'a,b\r\n"one\r\ntwo",2\r\n\r\nx,3\r\n'

    assert list(records(text)) == [
        (1, ["a", "b"]),
        (2, ["one\r\ntwo", "2"]),
        (3, []),
        (4, ["x", "3"]),
    ]


def test_records_stop_at_the_row_limit() -> None:
    with pytest.raises(FileProblem, match="more than 2 rows") as found:
        list(records("h\r\n1\r\n2\r\n3\r\n", max_rows=2))

    assert found.value.line == 4


def test_header_cells_read_a_name_and_an_optional_zone() -> None:
    cells = header_cells(["started_at (Europe/Berlin)", " Notes ", "two words", ""])

    assert [(c.name, c.zone) for c in cells] == [
        ("started_at", "Europe/Berlin"),
        ("notes", None),
        (None, None),
        (None, None),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("5", 5), (" -3 ", -3), ("+7", 7), ("5.0", "5.0"), ("1_000", "1_000"), ("٣", "٣")],
)
def test_integer_or_text_takes_only_plain_whole_numbers(text: str, value: object) -> None:
    assert integer_or_text(text) == value
