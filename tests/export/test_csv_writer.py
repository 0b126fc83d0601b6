"""The pure CSV helpers: quoting, line ends, the BOM and formula neutralising."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.export.csv_writer import (
    BOM,
    CHUNK_CHARS,
    QUOTE,
    cell,
    csv_chunks,
    export_filename,
    formula_lead,
    join_list,
    neutralise,
    unneutralise,
)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+SUM(A1)",
        "-2+3",
        "@cmd",
        "\tx",
        "\rx",
        "\n=1",
        " =1+1",
        "\t \r\n+1",
        "\u00a0\u3000=1",  # no-break and ideographic spaces
        "\u200b=1",  # a zero-width space, invisible before the sign
        "\u200b \ufeff\n=1",
        '＝HYPERLINK("x")',
        "＋1",
        "－1",
        "＠SUM(A1)",
        "|calc",
        "  |calc",
        "'=1+1",
        "'quoted",
        "'",
    ],
)
def test_formula_starts_and_typed_quotes_get_a_single_quote(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", None, "fine", "2-3", "a=b", "it's fine", " 'x", "%"])
def test_other_text_is_untouched(text: str | None) -> None:
    assert neutralise(text) == (text or "")


SIGNS = tuple("=+-@＝＋－＠|")


@given(st.text())
def test_no_guarded_cell_starts_a_formula_and_the_import_gets_it_back(text: str) -> None:
    guarded = neutralise(text)

    visible = re.sub(r"^[\s\u200b\u200c\u200d\u2060\ufeff]+", "", guarded)
    assert not visible.startswith(SIGNS)
    assert not guarded.startswith(("\t", "\r", "\n"))
    assert unneutralise(guarded) == text


def test_numbers_are_never_neutralised() -> None:
    assert cell(-2) == -2
    assert cell(-0.12345) == -0.123
    assert cell(None) == ""
    assert cell(date(2026, 9, 1)) == "2026-09-01"
    assert cell(frozenset({"b", "a"})) == "a;b"
    assert join_list(["stretch", "ball-roll"]) == "ball-roll;stretch"


def test_lines_are_rfc_4180_and_parse_back() -> None:
    rows = [[1, 'say "hi", then\nleave', -2], [2, "plain", 0.5]]

    text = b"".join(csv_chunks(["id", "notes", "n"], rows, bom=False)).decode("utf-8")

    assert text.endswith("\r\n")
    assert '"say ""hi"", then\nleave"' in text
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["id", "notes", "n"],
        ["1", 'say "hi", then\nleave', "-2"],
        ["2", "plain", "0.5"],
    ]


def test_chunks_start_with_the_bom_and_are_utf8() -> None:
    rows = ([i, "Fußsohle"] for i in range(20_000))

    chunks = list(csv_chunks(["id", "notes"], rows))

    assert len(chunks) > 1
    assert all(len(chunk) >= CHUNK_CHARS for chunk in chunks[:-1])
    data = b"".join(chunks)
    assert data.startswith(BOM.encode("utf-8"))
    assert data.decode("utf-8-sig").count("Fußsohle") == 20_000


def test_chunks_are_the_bytes_of_one_writer_row_by_row() -> None:
    """Batching the writes (issue 17) changes where the pieces break, never the bytes."""
    rows = [[i, f'note {i}\nwith, "quotes"', None, 0.5, "ü" * (i % 7)] for i in range(3001)]
    reference = io.StringIO(newline="")
    writer = csv.writer(reference, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["id", "notes", "empty", "n", "u"])
    for row in rows:
        writer.writerow(row)

    data = b"".join(csv_chunks(["id", "notes", "empty", "n", "u"], iter(rows)))

    assert data == (BOM + reference.getvalue()).encode("utf-8")


def _neutralise_as_before(text: str | None) -> str:
    """The rule as written before the first-character short cut (issue 17)."""
    if not text:
        return ""
    return QUOTE + text if text.startswith(QUOTE) or formula_lead(text) else text


@given(st.text(max_size=6))
def test_the_short_cut_agrees_with_the_rule(text: str) -> None:
    for candidate in (text, text + "=", "\u2028" + text, "\u3000=" + text):
        assert neutralise(candidate) == _neutralise_as_before(candidate)


def test_filename_names_the_range() -> None:
    assert (
        export_filename("daily", date(2026, 9, 1), date(2026, 11, 30))
        == "firststep-daily-2026-09-01_2026-11-30.csv"
    )
    assert export_filename("sessions", None, None) == "firststep-sessions-start_end.csv"
