"""Do the .xlsx exports keep their dates and decimals in a German-locale spreadsheet?

A German spreadsheet reads the CSV's ``0.833`` as 833 (the dot is its thousands separator).
The workbooks carry typed cells instead; this opens the seed-demo account's daily.xlsx and
sessions.xlsx in LibreOffice Calc with a German (de-DE) locale and checks every cell:

- LibreOffice's own reading of each cell (the file converted to flat ODS XML): a date
  cell is a date (``office:value-type="date"``) with the same day, a number a float with
  the same value, text is text;
- what a German reader sees (converted to CSV with the de-DE filter, cells as shown):
  ``0.833`` shows as ``0,833`` (not 833), a date as the date.

    .venv/bin/python bench/libreoffice_de.py

Needs LibreOffice (``apt-get install libreoffice-calc-nogui``; ``soffice`` on the PATH).
Not in CI (too big to install there); tests/export/test_xlsx.py reads the cell types with
openpyxl on every run.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import load_workbook
from support import make_app

KINDS = ("daily", "sessions")
GERMAN_CSV = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1031"
"""Semicolon-separated, double quotes, UTF-8, from line 1, language 1031 (German, Germany):
the filter LibreOffice uses for a German user; cells are written as shown."""
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def download(folder: Path) -> dict[str, Path]:
    """The seed-demo account's workbooks over its whole 180 days, as a person downloads them."""
    app = make_app(str(folder))
    seeded = app.test_cli_runner().invoke(args=["seed-demo", "--days", "180"])
    assert seeded.exit_code == 0, seeded.output
    client = app.test_client()
    login = {"email": "demo@example.com", "password": "demo-heel-2026"}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200
    start = date.today() - timedelta(days=200)
    files = {}
    for kind in KINDS:
        response = client.get(f"/api/v1/export/{kind}.xlsx?from={start}")
        assert response.status_code == 200, response.get_data(as_text=True)
        files[kind] = folder / f"{kind}.xlsx"
        files[kind].write_bytes(response.get_data())
    return files


def soffice(target: str, source: Path, out: Path, profile: Path) -> Path:
    """One headless conversion in a German environment, with a profile of its own."""
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_DE"}
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         target, "--outdir", str(out), str(source)],
        env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / f"{source.stem}.{target.split(':', 1)[0]}"


def cell_text(cell: ET.Element) -> str:
    """A text cell's paragraphs, with ODF's run of spaces (``<text:s text:c="n"/>``) put back."""
    paragraphs = []
    for paragraph in cell.findall("text:p", NS):
        parts = [paragraph.text or ""]
        for child in paragraph:
            if child.tag == f"{{{NS['text']}}}s":
                parts.append(" " * int(child.get(f"{{{NS['text']}}}c", "1")))
            else:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def ods_cells(path: Path) -> list[list[tuple[str | None, str | None]]]:
    """Each row's cells as LibreOffice typed them: (value type, value), repeats expanded."""
    rows = []
    sheet = ET.parse(path).getroot().find(".//table:table", NS)
    assert sheet is not None
    for row in sheet.iter(f"{{{NS['table']}}}table-row"):
        cells: list[tuple[str | None, str | None]] = []
        for cell in row.findall("table:table-cell", NS):
            kind = cell.get(f"{{{NS['office']}}}value-type")
            value = {
                "date": cell.get(f"{{{NS['office']}}}date-value"),
                "float": cell.get(f"{{{NS['office']}}}value"),
            }.get(kind or "", cell_text(cell) or None)
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            cells += [(kind, value)] * min(repeat, 100)
        repeat = int(row.get(f"{{{NS['table']}}}number-rows-repeated", "1"))
        if any(kind for kind, _ in cells):
            rows += [cells] * repeat
    return rows


def check(kind: str, xlsx: Path, fods: Path, german: Path) -> dict[str, object]:
    """Every cell of the workbook against LibreOffice's reading and the German display."""
    sheet = load_workbook(xlsx).worksheets[0]
    # openpyxl reads every date cell as a datetime: its number format says which it is.
    expected = [
        [
            c.value.date() if c.is_date and "h" not in c.number_format.lower() else c.value
            for c in row
        ]
        for row in sheet.iter_rows()
    ]
    typed = ods_cells(fods)
    shown = list(csv.reader(io.StringIO(german.read_text(encoding="utf-8")), delimiter=";"))
    assert len(typed) == len(expected) == len(shown), (len(typed), len(expected), len(shown))
    counts = {"dates": 0, "numbers": 0, "decimals below 1": 0, "text": 0}
    example = ""
    for r, row in enumerate(expected[1:], start=1):
        for c, value in enumerate(row):
            got_kind, got = typed[r][c] if c < len(typed[r]) else (None, None)
            text = shown[r][c] if c < len(shown[r]) else ""
            where = f"{kind} row {r + 1} column {expected[0][c]}"
            if value is None:
                assert got_kind is None and text == "", (where, got_kind, text)
            elif isinstance(value, datetime):
                # A spreadsheet keeps time to the millisecond; the file is shown to the second.
                assert got_kind == "date", (where, got_kind)
                assert abs(datetime.fromisoformat(got or "") - value) < timedelta(seconds=1), where
                shown_at = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
                assert abs(shown_at - value) <= timedelta(seconds=1), (where, text)
                counts["dates"] += 1
            elif isinstance(value, date):
                assert got_kind == "date" and (got or "")[:10] == value.isoformat(), where
                assert text == value.isoformat(), (where, text)
                counts["dates"] += 1
            elif isinstance(value, int | float):
                assert got_kind == "float" and abs(float(got or "nan") - value) < 1e-9, where
                assert "." not in text and float(text.replace(",", ".")) == value, (where, text)
                counts["numbers"] += 1
                if 0 < value < 1:
                    counts["decimals below 1"] += 1
                    example = example or f"{value} -> {text}"
            else:
                assert got_kind == "string" and got == value, (where, got_kind, got)
                counts["text"] += 1
    return {**counts, "rows": len(expected) - 1, "example": example}


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    version = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout
    work = Path(tempfile.mkdtemp(prefix="firststep-libreoffice-"))
    try:
        files = download(work)
        print(version.strip())
        print("| file | rows | dates | numbers | of them decimals < 1 | text | e.g. |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for kind, xlsx in files.items():
            fods = soffice("fods", xlsx, work / "fods", work / "profile")
            german = soffice(GERMAN_CSV, xlsx, work / "csv", work / "profile")
            found = check(kind, xlsx, fods, german)
            print(
                f"| {kind}.xlsx | {found['rows']} | {found['dates']} | {found['numbers']} | "
                f"{found['decimals below 1']} | {found['text']} | {found['example']} |"
            )
        print("Every cell: dates are dates, numbers keep their value, in de-DE.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
