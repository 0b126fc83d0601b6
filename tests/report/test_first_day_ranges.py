"""Default ranges start at the first day of use: a week-old account's report is not
"1 of 56 mornings logged", and its "Last 14 days" shows no day before sign-up as 0/2.

An explicit ``from`` still reaches further back, and an imported older entry moves the
first day of use back with it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from tests.api.helpers import BERLIN, CHECKINS, checkin_body, today
from tests.conftest import ApiClient
from tests.sharing.helpers import create_link, share_path
from tracker.extensions import db
from tracker.models import User

ALICE = "alice@example.com"


def backdate_account(app: Flask, days: int, email: str = ALICE) -> None:
    """The account was made ``days`` days ago (the fixture makes it now)."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None
        person.created_at = datetime.now(UTC) - timedelta(days=days)
        db.session.commit()


def table_days(html: str) -> list[str]:
    return re.findall(r'<tr data-day="([0-9-]+)">', html)


def daily_dates(user: ApiClient, query: str = "") -> list[str]:
    response = user.get(f"/api/v1/export/daily.csv{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def test_a_week_old_accounts_report_starts_on_its_first_day(app: Flask, user: ApiClient) -> None:
    backdate_account(app, 6)
    first = today() - timedelta(days=6)
    user.post(CHECKINS, json=checkin_body(date=today().isoformat()))

    html = user.get("/report").get_data(as_text=True)

    assert "1 of 7 mornings logged" in html
    assert "of 56 mornings" not in html
    # no day before sign-up reads as 0/2 sessions
    assert sorted(table_days(html)) == [(first + timedelta(days=n)).isoformat() for n in range(7)]
    assert f'id="report-from" name="from" type="date" value="{first}"' in html


def test_an_explicit_from_goes_back_further(app: Flask, user: ApiClient) -> None:
    backdate_account(app, 6)
    user.post(CHECKINS, json=checkin_body(date=today().isoformat()))
    start = today() - timedelta(days=20)

    html = user.get(f"/report?from={start}").get_data(as_text=True)

    assert "of 21 mornings logged" in html
    assert daily_dates(user, f"?from={start}")[0] == start.isoformat()


def test_an_imported_older_entry_moves_the_first_day_back(app: Flask, user: ApiClient) -> None:
    older = today() - timedelta(days=30)
    user.post(CHECKINS, json=checkin_body(date=older.isoformat()))

    html = user.get("/report").get_data(as_text=True)

    assert "1 of 31 mornings logged" in html
    assert daily_dates(user)[0] == older.isoformat()


def test_exports_and_their_cards_start_on_the_first_day(app: Flask, user: ApiClient) -> None:
    backdate_account(app, 3)
    first = today() - timedelta(days=3)

    dates = daily_dates(user)
    assert dates == [(first + timedelta(days=n)).isoformat() for n in range(4)]
    book = load_workbook(io.BytesIO(user.get("/api/v1/export/daily.xlsx").get_data()))
    assert [c.value.date() for c in book.worksheets[0]["A"][1:]] == [
        first + timedelta(days=n) for n in range(4)
    ]
    fhir = user.get("/api/v1/export/fhir")
    assert f"firststep-fhir-{first}_" in fhir.headers["Content-Disposition"]
    for page in ("/settings", "/dashboard", "/data"):
        html = user.get(page).get_data(as_text=True)
        assert f'id="export-from" name="from" type="date" value="{first}"' in html, page
    # a 'to' before the first day of use still answers one day, not an inverted range
    early = today() - timedelta(days=10)
    assert daily_dates(user, f"?to={early}") == [early.isoformat()]


def test_a_share_link_starts_on_the_owners_first_day(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    backdate_account(app, 2)
    first = today() - timedelta(days=2)
    user.post(CHECKINS, json=checkin_body(date=today().isoformat()))
    link = share_path(create_link(user, label="physio"))

    landing = client.get(link).get_data(as_text=True)
    report = client.get(f"{link}/report").get_data(as_text=True)
    daily = client.get(f"{link}/daily.csv").get_data().decode("utf-8-sig")

    assert f'id="share-from" name="from" type="date" value="{first}"' in landing
    assert min(table_days(report)) == first.isoformat()
    assert "of 3 mornings logged" in report
    assert daily.splitlines()[1].startswith(first.isoformat())
    assert f"date ({BERLIN})" in daily
