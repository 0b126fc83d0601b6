"""The .xlsx downloads beside each CSV, read back cell by cell the way a spreadsheet would.

A German-locale spreadsheet turns the CSV's ``0.833`` into 833; in the workbook the
cell is a number, so its value cannot depend on the reader's locale.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.api.helpers import BERLIN, CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.export.test_pauses_csv import pause
from tests.export.test_routes import DAILY_HEADER, filename, parse, started
from tests.sharing.helpers import create_link, share_path
from tracker.export.xlsx_writer import XLSX, write_workbook

EXPORT = "/api/v1/export"
KINDS = ("daily", "sessions", "checkins", "pauses", "plans")
FORMULA = '=HYPERLINK("http://evil.example","x")'


def sheet(response: Any) -> Worksheet:
    """The one sheet of a downloaded workbook, checking the file-level promises."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.get_data()))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def table(ws: Worksheet) -> list[dict[str, Any]]:
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_daily_cells_are_typed_and_agree_with_the_csv(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 40)
    start, end = today() - timedelta(days=20), today()
    query = f"?from={start}&to={end}"

    response = user.get(f"{EXPORT}/daily.xlsx{query}")

    ws = sheet(response)
    assert filename(response) == f"firststep-daily-{start}_{end}.xlsx"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == DAILY_HEADER
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["A"].width >= 11
    assert ws.column_dimensions["G"].width >= 30  # techniques
    rows = table(ws)
    csv_rows = parse(user.get(f"{EXPORT}/daily.csv{query}"))
    assert len(rows) == len(csv_rows) == 21
    for row, text in zip(rows, csv_rows, strict=True):
        assert isinstance(row[DAILY_HEADER[0]], datetime)  # a date cell reads as a datetime
        assert row[DAILY_HEADER[0]].date().isoformat() == text[DAILY_HEADER[0]]
        for column in ("pain_right", "sessions", "total_minutes", "adherence", "consistency_7d"):
            if text[column] == "":
                assert row[column] is None
            else:
                assert isinstance(row[column], (int, float)), (column, row[column])
                assert row[column] == float(text[column]), column
        assert (row["techniques"] or "") == text["techniques"]
    first = ws.cell(row=2, column=1)
    assert first.is_date and first.number_format == "yyyy-mm-dd"
    fractions = [r["adherence"] for r in rows if r["adherence"] not in (None, 0, 1)]
    assert fractions and all(isinstance(f, float) for f in fractions)


def test_a_decimal_survives_where_the_csv_would_not(app: Flask, user: ApiClient) -> None:
    """0.833 in the CSV is read as 833 by a German-locale spreadsheet; here it is 0.833."""
    seed_days(app, "alice@example.com", 30)

    rows = table(sheet(user.get(f"{EXPORT}/daily.xlsx")))
    texts = parse(user.get(f"{EXPORT}/daily.csv"))

    decimals = [
        (row["consistency_7d"], text["consistency_7d"])
        for row, text in zip(rows, texts, strict=True)
        if text["consistency_7d"] and 0 < float(text["consistency_7d"]) < 1
    ]
    assert decimals
    for number, written in decimals:
        assert isinstance(number, float) and 0 < number < 1
        assert number == float(written)
        assert f"{number:.3f}".rstrip("0") == written.rstrip("0")


def test_text_that_looks_like_a_formula_is_text(user: ApiClient) -> None:
    day = today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=day.isoformat(), notes=FORMULA))
    user.post(
        SESSIONS,
        json=session_body(started_at=started(day), notes="+1+1", tool="@SUM(A1)", discomfort=3),
    )

    for kind in ("daily", "checkins", "sessions"):
        ws = sheet(user.get(f"{EXPORT}/{kind}.xlsx?from={day}&to={day}"))
        cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
        assert cells, kind
        texts = {c.value for c in cells if c.data_type == "s"}
        assert not [c for c in cells if c.data_type == "f"], kind
        if kind == "sessions":
            assert {"+1+1", "@SUM(A1)"} <= texts  # exactly as typed: no guard quote needed
        else:
            assert FORMULA in texts, kind


def test_sessions_and_checkins_every_type(user: ApiClient) -> None:
    day = today() - timedelta(days=2)
    made = user.post(
        SESSIONS,
        json=session_body(started_at=started(day, 19), duration_s=725, pressure=6, notes="it's"),
    ).json
    user.post(CHECKINS, json=checkin_body(date=day.isoformat(), pain_left=3, pain_right=None))

    [session] = table(sheet(user.get(f"{EXPORT}/sessions.xlsx")))
    assert session["id"] == made["id"]
    assert session["client_id"] == made["client_id"]
    assert session[f"local_date ({BERLIN})"] == datetime.combine(day, datetime.min.time())
    assert session[f"started_at ({BERLIN})"] == datetime.fromisoformat(started(day, 19)).replace(
        tzinfo=None
    )
    assert isinstance(session[f"created_at ({BERLIN})"], datetime)
    assert session["duration_s"] == 725 and session["pressure"] == 6
    assert session["notes"] == "it's"
    assert session["techniques"] == "ball-roll;stretch;thumb-walk"

    [checkin] = table(sheet(user.get(f"{EXPORT}/checkins.xlsx?from={day}&to={day}")))
    assert checkin["pain_left"] == 3 and checkin["pain_right"] is None
    assert checkin[f"date ({BERLIN})"].date() == day


def test_pauses_and_plans(user: ApiClient) -> None:
    pause(user, -20, -14, "illness", note="'quoted")

    response = user.get(f"{EXPORT}/pauses.xlsx")

    [row] = table(sheet(response))
    assert filename(response) == "firststep-pauses-start_end.xlsx"
    assert row[f"start_date ({BERLIN})"].date() == today() - timedelta(days=20)
    assert row["reason"] == "illness"
    assert row["note"] == "'quoted"  # the CSV's guard quote is taken off, the typed one kept
    [plan] = table(sheet(user.get(f"{EXPORT}/plans.xlsx")))
    assert isinstance(plan["sessions_per_day"], int)
    assert isinstance(plan[f"effective_from ({BERLIN})"], datetime)


def test_same_range_rules_as_the_csv(user: ApiClient) -> None:
    for kind in KINDS:
        response = user.get(f"{EXPORT}/{kind}.xlsx?from=2026-05-02&to=2026-05-01")
        assert response.status_code == 422, kind
        assert "from" in response.json["errors"]["query"], kind
    response = user.get(f"{EXPORT}/daily.xlsx?from=1969-12-31")
    assert response.status_code == 422
    assert "from" in response.json["errors"]["query"]


def test_another_persons_rows_never_appear(user: ApiClient, other_user: ApiClient) -> None:
    day = today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=day.isoformat(), notes="alice"))
    user.post(SESSIONS, json=session_body(notes="alice"))
    pause(user, -5, -3, note="alice")

    for kind in KINDS:
        ws = sheet(other_user.get(f"{EXPORT}/{kind}.xlsx"))
        values = [c.value for row in ws.iter_rows() for c in row]
        assert "alice" not in values, kind
    for kind in ("sessions", "checkins", "pauses"):
        assert table(sheet(other_user.get(f"{EXPORT}/{kind}.xlsx"))) == [], kind


def test_exports_need_sign_in(client: FlaskClient) -> None:
    for kind in KINDS:
        assert client.get(f"{EXPORT}/{kind}.xlsx").status_code == 401, kind


def test_openapi_documents_the_workbooks(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").json["paths"]

    for kind in KINDS:
        operation = paths[f"{EXPORT}/{kind}.xlsx"]["get"]
        assert XLSX in operation["responses"]["200"]["content"], kind
        assert {p["name"] for p in operation["parameters"]} >= {"from", "to"}


def test_share_link_opens_only_its_owners_workbook(
    user: ApiClient, other_user: ApiClient, client: FlaskClient
) -> None:
    day = today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=day.isoformat(), notes="alice's morning"))
    other_user.post(CHECKINS, json=checkin_body(date=day.isoformat(), notes="bob's morning"))
    link = share_path(create_link(user, label="physio"))

    for kind in ("daily", "checkins", "sessions"):
        response = client.get(f"{link}/{kind}.xlsx?from={day}&to={day}")
        ws = sheet(response)
        values = [c.value for row in ws.iter_rows() for c in row]
        assert "bob's morning" not in values, kind
        if kind != "sessions":
            assert "alice's morning" in values, kind
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in response.headers
    bad = client.get(f"{link}/daily.xlsx?from=2026-05-02&to=2026-05-01")
    assert bad.status_code == 422
    assert client.get("/s/not-a-token/daily.xlsx").status_code == 404


def test_pages_offer_both_files(user: ApiClient) -> None:
    for page in ("/settings", "/dashboard", "/report"):
        html = user.get(page).get_data(as_text=True)
        for kind in ("daily", "sessions", "checkins"):
            assert f'formaction="{EXPORT}/{kind}.xlsx' in html or (
                f'href="{EXPORT}/{kind}.xlsx' in html
            ), (page, kind)
            assert f"{EXPORT}/{kind}.csv" in html, (page, kind)


def test_share_pages_offer_both_files(user: ApiClient, client: FlaskClient) -> None:
    link = share_path(create_link(user, label="physio"))

    for page in (link, f"{link}/report"):
        html = client.get(page).get_data(as_text=True)
        for kind in ("daily", "sessions", "checkins"):
            assert f"{link}/{kind}.xlsx" in html, (page, kind)
            assert f"{link}/{kind}.csv" in html, (page, kind)


def test_writer_leaves_no_formula_and_keeps_types(tmp_path: Any) -> None:
    target = tmp_path / "t.xlsx"
    header = ["date (UTC)", "n", "notes", "techniques"]
    rows = [
        ["2026-01-02", 0.052, "'=1+1", "-2"],
        ["2026-01-03", float("nan"), "", "a;b"],
    ]

    assert write_workbook(str(target), "t", header, rows) == 2

    ws = load_workbook(target).worksheets[0]
    assert ws["A2"].value == datetime(2026, 1, 2) and ws["A2"].is_date
    assert ws["B2"].value == 0.052 and ws["B2"].data_type == "n"
    assert ws["C2"].value == "=1+1" and ws["C2"].data_type == "s"
    assert ws["D2"].value == "-2" and ws["D2"].data_type == "s"
    assert ws["B3"].value is None and ws["C3"].value is None
    text = io.StringIO()
    csv.writer(text).writerows(ws.iter_rows(values_only=True))
    assert date(2026, 1, 3).isoformat() in text.getvalue()
