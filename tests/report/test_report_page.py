"""/report: the physiotherapist's page, checked against numbers worked out from the rows."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login import login_user
from sqlalchemy import select

from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.web.html_audit import read_page, unlabelled
from tracker.catalog import DISCLAIMER
from tracker.extensions import db
from tracker.models import CareSession, Checkin, Pause, Plan, User
from tracker.report.page import render_report
from tracker.timeutil import local_today

ALICE = "alice@example.com"
BOB = "bob@example.com"
BERLIN = "Europe/Berlin"


def _user(email: str) -> User:
    found = db.session.scalar(select(User).where(User.email == email))
    assert found is not None
    return found


def _text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no element #{element_id}"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _row(html: str, element_id: str) -> str:
    match = re.search(rf'<tr id="{element_id}">(.*?)</tr>', html, re.S)
    assert match, f"no row #{element_id}"
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))).strip()


def _percent(value: float) -> str:
    """As dashboard.js shows it: Math.round(value * 100) of the API's 3-decimal value."""
    return f"{math.floor(round(value, 3) * 100 + 0.5)}%"


def _signed(value: float) -> str:
    text = f"{abs(value):.1f}"
    return f"\u2212{text}" if value < 0 and text != "0.0" else text


class Expected:
    """The report's key numbers, from the stored rows with the brief's definitions."""

    def __init__(self, app: Flask, email: str, start: date, end: date) -> None:
        with app.app_context():
            user = _user(email)
            checkins = db.session.scalars(
                select(Checkin).where(Checkin.user_id == user.id).order_by(Checkin.date)
            ).all()
            sessions = db.session.scalars(
                select(CareSession).where(CareSession.user_id == user.id)
            ).all()
            planned = user.plans[-1].sessions_per_day
        pain = {
            c.date: sum(p for p in (c.pain_left, c.pain_right) if p is not None)
            / sum(1 for p in (c.pain_left, c.pain_right) if p is not None)
            for c in checkins
        }
        self.rows = {c.date: c for c in checkins}
        count = Counter(s.local_date for s in sessions)
        self.count = count
        self.minutes = Counter()
        for s in sessions:
            self.minutes[s.local_date] += s.duration_s / 60
        mornings = [pain[d] for d in sorted(pain) if start <= d <= end]
        # The person's first week of all, not the first week of the report's range.
        self.baseline = sum(pain[d] for d in sorted(pain)[:7]) / 7
        self.now = sum(mornings[-7:]) / 7
        days = [start + timedelta(days=k) for k in range((end - start).days + 1)]

        def adherence(d: date) -> float:
            return min(1.0, count[d] / planned)

        # Today is in progress, not a missed day, until its plan is met.
        counted = [d for d in days if d != local_today(BERLIN) or count[d] >= planned]
        self.adherence = sum(adherence(d) for d in counted) / len(counted)
        pairs = [
            (sum(adherence(d - timedelta(days=k)) for k in range(7)) / 7, pain[d + timedelta(1)])
            for d in days
            if d + timedelta(days=1) in pain
        ]
        self.n = len(pairs)
        self.planned = planned


@pytest.fixture
def seeded(app: Flask, user: ApiClient) -> ApiClient:
    seed_days(app, ALICE, 70)
    return user


def test_report_shows_the_key_numbers_worked_out_from_the_rows(
    app: Flask, seeded: ApiClient
) -> None:
    today = local_today(BERLIN)
    start = today - timedelta(weeks=8) + timedelta(days=1)
    expected = Expected(app, ALICE, start, today)

    response = seeded.get("/report")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _text_of(html, "baseline") == f"{expected.baseline:.1f}"
    assert _text_of(html, "now") == f"{expected.now:.1f}"
    assert _text_of(html, "adherence") == _percent(expected.adherence)
    consistency = _row(html, "headline-consistency")
    model = seeded.get(f"/api/v1/stats/summary?from={start}&to={today}").json["headline"]
    assert model["consistency"]["n"] == expected.n
    effect, low, high = (model["consistency"][k] for k in ("effect", "ci_low", "ci_high"))
    numbers = f" {_signed(effect)} {_signed(low)} to {_signed(high)} {expected.n} "
    assert numbers in f" {consistency} ", consistency
    assert consistency.startswith("Consistency whole vs half routine")
    assert _text_of(html, "headline-method").startswith("Method: One regression")
    assert f"{start.day} {start:%B %Y}" in _text_of(html, "report-range")
    assert "Generated" in html and "by FirstStep" in html
    assert DISCLAIMER in unescape(html)


def test_the_last_14_days_table_has_one_row_per_day_with_its_numbers(
    app: Flask, seeded: ApiClient
) -> None:
    today = local_today(BERLIN)
    expected = Expected(app, ALICE, today - timedelta(days=55), today)

    html = seeded.get("/report").get_data(as_text=True)

    rows = re.findall(r'<tr data-day="([\d-]+)">(.*?)</tr>', html, re.S)
    assert [day for day, _ in rows] == [
        (today - timedelta(days=k)).isoformat() for k in range(13, -1, -1)
    ]
    for iso, cells_html in rows:
        day = date.fromisoformat(iso)
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells_html, re.S)
        ]
        checkin = expected.rows.get(day)
        right = "–" if checkin is None or checkin.pain_right is None else str(checkin.pain_right)
        assert cells[2] == right, iso
        assert cells[3] == f"{expected.count[day]}/{expected.planned}", iso
        assert cells[4] == f"{expected.minutes[day]:.0f}", iso
        in_progress = day == today and expected.count[day] < expected.planned
        shown = "–" if in_progress else _percent(min(1, expected.count[day] / expected.planned))
        assert cells[5] == shown, iso


def test_report_agrees_with_the_dashboard_summary_for_the_same_range(
    seeded: ApiClient,
) -> None:
    today = local_today(BERLIN)
    start = (today - timedelta(days=30)).isoformat()
    summary = seeded.get(f"/api/v1/stats/summary?from={start}&to={today}").json

    html = seeded.get(f"/report?from={start}&to={today}").get_data(as_text=True)

    assert _text_of(html, "baseline") == f"{summary['progress']['baseline']:.1f}"
    assert _text_of(html, "now") == f"{summary['progress']['now']:.1f}"
    assert _text_of(html, "progress-label") == summary["progress"]["label"]
    assert _text_of(html, "adherence") == _percent(summary["totals"]["mean_adherence"])
    assert _text_of(html, "streak-current") == str(summary["streaks"]["current"])
    assert _text_of(html, "streak-longest") == str(summary["streaks"]["longest"])
    assert _text_of(html, "routine-strength") == _percent(summary["totals"]["routine_strength"])
    assert _text_of(html, "headline-conclusion").startswith(summary["headline"]["conclusion"])


def test_the_pain_chart_is_an_inline_svg_with_a_title_and_no_script(seeded: ApiClient) -> None:
    html = seeded.get("/report").get_data(as_text=True)

    svg = re.search(r'<svg[^>]*class="pain-chart".*?</svg>', html, re.S)
    assert svg is not None
    assert "<title" in svg.group(0) and "<desc" in svg.group(0)
    assert 'class="pain-mean"' in svg.group(0)
    assert "style" not in svg.group(0)


def test_the_page_has_no_inline_script_or_style_and_labels_every_control(
    seeded: ApiClient,
) -> None:
    html = seeded.get("/report").get_data(as_text=True)

    facts = read_page(html)
    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []
    assert any("css/report.css" in href for href in facts.stylesheets)
    assert any("js/report.js" in src for src in facts.scripts)
    assert 'id="print-report"' in html


def test_an_empty_account_gets_an_honest_not_enough_data_page(user: ApiClient) -> None:
    response = user.get("/report")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Not enough data yet" in html
    assert 'id="report-empty"' in html
    assert "pain-chart" not in html
    assert 'id="baseline"' not in html


def test_another_persons_data_never_appears(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    seed_days(app, BOB, 40)

    html = user.get("/report").get_data(as_text=True)

    assert BOB not in html
    assert 'id="report-empty"' in html
    bobs = other_user.get("/report").get_data(as_text=True)
    assert ALICE not in bobs and 'id="baseline"' in bobs


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("from=yesterday", "from: Not a valid date."),
        ("to=2026-02-30", "to: Not a valid date."),
        ("from=2026-03-02&to=2026-03-01", "'from' must be on or before 'to'."),
        ("from=1969-12-31", "on or after 1970-01-01"),
        ("to=0001-01-01", "on or after 1970-01-01"),
        ("from=9999-12-31", "cannot start after today"),
        ("from=2020-01-01&to=2022-01-01", "at most 366 days"),
    ],
)
def test_a_bad_range_is_a_422_page_with_the_reason(
    user: ApiClient, query: str, reason: str
) -> None:
    response = user.get(f"/report?{query}")

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert reason in unescape(response.get_data(as_text=True))


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/report")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_plan_changes_paused_days_and_warning_signs_are_listed_with_dates(
    app: Flask, seeded: ApiClient
) -> None:
    today = local_today(BERLIN)
    changed, pause_from, sign_day = (today - timedelta(days=k) for k in (20, 10, 3))
    with app.app_context():
        alice = _user(ALICE)
        db.session.add(
            Plan(
                user_id=alice.id,
                effective_from=changed,
                sessions_per_day=1,
                minutes_min=5,
                minutes_max=8,
            )
        )
        db.session.add(
            Pause(
                user_id=alice.id,
                start_date=pause_from,
                end_date=pause_from + timedelta(2),
                reason="travel",
            )
        )
        checkin = db.session.scalar(
            select(Checkin).where(Checkin.user_id == alice.id, Checkin.date == sign_day)
        )
        if checkin is None:
            checkin = Checkin(user_id=alice.id, date=sign_day, pain_right=4)
            db.session.add(checkin)
        checkin.warning_signs = ["tingling", "swelling"]
        db.session.commit()

    html = unescape(seeded.get("/report").get_data(as_text=True))

    assert "1 session a day, 5–8 min per foot" in _text_of(html, "report-plan")
    assert f"Changed {changed.day} {changed:%B %Y}: 1 session a day" in html
    paused = re.sub(r"<[^>]+>", "", html.split('id="report-paused"')[1].split("</ul>")[0])
    first, last = pause_from, pause_from + timedelta(days=2)
    assert f"{first.day} {first:%b}–{last.day} {last:%b}: Travel (3 days)" in paused
    signs = re.sub(r"<[^>]+>", "", html.split('id="report-signs"')[1].split("</ul>")[0])
    assert f"Significant swelling (1×): {sign_day.day} {sign_day:%b}" in signs
    assert f"Tingling or electric-shock feeling (1×): {sign_day.day} {sign_day:%b}" in signs
    svg = re.search(r'<svg[^>]*class="pain-chart".*?</svg>', html, re.S)
    assert svg is not None
    assert svg.group(0).count("<rect") == 1
    assert "Plan changed" in svg.group(0)
    paused_row = re.search(rf'<tr data-day="{pause_from.isoformat()}">(.*?)</tr>', html, re.S)
    assert paused_row is not None and "Travel" in paused_row.group(1)


def test_a_shared_report_is_read_only_even_beside_another_signed_in_person(
    app: Flask, seeded: ApiClient, other_user: ApiClient
) -> None:
    today = local_today(BERLIN)
    with app.test_request_context("/s/some-token/report"):
        login_user(_user(BOB))
        html = render_report(_user(ALICE), today - timedelta(days=27), today, shared=True)

    assert 'class="tabs"' not in html
    assert "/settings" not in html and "/log" not in html and "/history" not in html
    assert "js/app.js" not in html
    assert 'id="print-report"' in html
    assert ALICE in html and BOB not in html
    assert 'id="baseline"' in html


def test_the_signed_in_report_keeps_the_apps_navigation(seeded: ApiClient) -> None:
    html = seeded.get("/report").get_data(as_text=True)

    assert 'class="tabs"' in html and "/settings" in html


def test_a_few_days_show_the_analysis_not_enough_data_sentences_not_numbers(
    app: Flask, user: ApiClient
) -> None:
    seed_days(app, ALICE, 6)
    summary = user.get("/api/v1/stats/summary").json

    html = unescape(user.get("/report").get_data(as_text=True))

    assert 'id="report-empty"' not in html
    assert 'id="baseline"' not in html
    assert _text_of(html, "progress-label") == summary["progress"]["label"]
    assert summary["progress"]["label"].startswith("Not enough data yet")
    assert summary["headline"]["consistency"]["verdict"] in html
