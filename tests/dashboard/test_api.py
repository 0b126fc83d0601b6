"""/api/v1/stats/summary and /api/v1/charts/<name>, through the test client.

Histories are seeded straight into the database (``seeding.py``) except for the
hand-computed case, which goes through the API end to end.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.helpers import BERLIN, SESSIONS, checkin_body, days_ago, session_body, today
from tests.conftest import ApiClient, count_queries, register
from tests.dashboard.seeding import seed_days
from tracker.analysis import build_daily_series, summarize
from tracker.charts import CHART_NAMES
from tracker.extensions import db
from tracker.history import load_history
from tracker.models import User
from tracker.timeutil import local_today

SUMMARY = "/api/v1/stats/summary"
CHARTS = "/api/v1/charts"
ALICE = "alice@example.com"

FIELDS = {
    "": {"start", "end", "today", "totals", "streaks", "progress", "headline", "techniques",
         "warnings", "plan_changes"},
    "totals": {"days", "days_logged", "sessions", "minutes", "paused_days", "mean_adherence",
               "routine_strength", "routine_building", "first_day", "last_day"},
    "streaks": {"current", "longest"},
    "progress": {"available", "mornings_logged", "mornings_needed", "baseline", "now", "change",
                 "change_ci_low", "change_ci_high", "percent_change", "meaningful", "label",
                 "baseline_until", "now_from",
                 "global_change", "global_change_day", "global_change_label", "feeling",
                 "feeling_agrees"},
    "headline": {"consistency", "intensity", "kind", "conclusion", "correlation", "method",
                 "note"},
}  # fmt: skip
ASSOCIATION = {"measure", "kind", "effect", "ci_low", "ci_high", "contrast", "slope", "n",
               "n_effective", "verdict"}  # fmt: skip
TECHNIQUE = {"slug", "name", "n_with", "n_without", "mean_with", "mean_without", "difference",
             "ci_low", "ci_high", "p_holm", "shown", "label"}  # fmt: skip


@pytest.fixture
def seeded(app: Flask, user: ApiClient) -> ApiClient:
    """Alice (the ``user`` fixture) with 60 days of demo diary."""
    seed_days(app, ALICE, 60)
    return user


def charts_of(client: ApiClient) -> dict[str, dict[str, Any]]:
    out = {}
    for name in CHART_NAMES:
        response = client.get(f"{CHARTS}/{name}")
        assert response.status_code == 200, (name, response.json)
        out[name] = response.json
    return out


def test_summary_has_every_documented_field(seeded: ApiClient) -> None:
    body = seeded.get(SUMMARY).json
    assert set(body) == FIELDS[""]
    for section in ("totals", "streaks", "progress", "headline"):
        assert set(body[section]) == FIELDS[section], section
    for measure in ("consistency", "intensity"):
        assert set(body["headline"][measure]) == ASSOCIATION
    assert body["techniques"] and all(set(t) == TECHNIQUE for t in body["techniques"])
    assert body["end"] == body["today"] == today().isoformat()
    assert body["start"] == days_ago(59).isoformat()
    assert body["totals"]["days"] == 60
    assert body["progress"]["available"] is True


def test_from_and_to_narrow_the_range(seeded: ApiClient) -> None:
    whole = seeded.get(SUMMARY).json["totals"]
    start, end = days_ago(29), days_ago(10)
    part = seeded.get(SUMMARY, query_string={"from": start, "to": end}).json
    assert (part["start"], part["end"]) == (start.isoformat(), end.isoformat())
    assert part["totals"]["days"] == 20
    assert (part["totals"]["first_day"], part["totals"]["last_day"]) == (
        start.isoformat(),
        end.isoformat(),
    )
    assert 0 < part["totals"]["sessions"] < whole["sessions"]
    pain = seeded.get(f"{CHARTS}/pain", query_string={"from": start, "to": end}).json
    xs = pain["figure"]["data"][0]["x"]
    assert (xs[0], xs[-1]) == (start.isoformat(), end.isoformat())


def test_to_after_today_stops_at_today(seeded: ApiClient) -> None:
    body = seeded.get(SUMMARY, query_string={"to": today() + timedelta(days=30)}).json
    assert body["end"] == today().isoformat()


@pytest.mark.parametrize("path", [SUMMARY, f"{CHARTS}/pain"])
def test_from_after_to_is_422(user: ApiClient, path: str) -> None:
    response = user.get(path, query_string={"from": today(), "to": days_ago(1)})
    assert response.status_code == 422
    assert "from" in response.json["errors"]["query"]


def test_a_bad_date_is_422(user: ApiClient) -> None:
    assert user.get(SUMMARY, query_string={"from": "yesterday"}).status_code == 422


def test_a_fresh_account_with_two_days_hears_not_enough_data(app: Flask) -> None:
    fresh = register(app, "fresh@example.com", feet="right")
    seed_days(app, "fresh@example.com", 2)
    body = fresh.get(SUMMARY).json
    assert body["progress"]["available"] is False
    assert body["progress"]["label"].startswith("Not enough data yet")
    for measure in ("consistency", "intensity"):
        assert body["headline"][measure]["verdict"].startswith("Not enough data yet")
    assert body["headline"]["conclusion"].startswith("Not enough data yet")
    charts = charts_of(fresh)
    for name in ("headline", "techniques"):
        assert charts[name]["empty"] is True
        assert "not enough data yet" in charts[name]["summary"].lower()


def test_a_new_account_with_nothing_gets_empty_charts(user: ApiClient) -> None:
    body = user.get(SUMMARY).json
    assert body["totals"]["days_logged"] == 0 and body["totals"]["sessions"] == 0
    assert all(chart["empty"] for chart in charts_of(user).values())


def test_another_users_data_never_leaks(seeded: ApiClient, other_user: ApiClient) -> None:
    alice = seeded.get(SUMMARY).json
    assert alice["totals"]["sessions"] > 0
    bob = other_user.get(SUMMARY).json
    assert bob["totals"]["sessions"] == 0
    assert bob["totals"]["days_logged"] == 0
    assert bob["start"] == bob["end"] == today("UTC").isoformat()  # nothing of Alice's range
    assert bob["streaks"] == {"current": 0, "longest": 0}
    assert bob["techniques"] == [] or not any(t["n_with"] for t in bob["techniques"])
    assert bob["warnings"] == []
    for name, chart in charts_of(other_user).items():
        assert chart["empty"] is True, name
        assert chart["figure"]["data"] == [], name


def test_two_seeded_people_each_see_only_their_own(
    app: Flask, seeded: ApiClient, other_user: ApiClient
) -> None:
    seed_days(app, "bob@example.com", 20, seed=99)
    alice, bob = seeded.get(SUMMARY).json, other_user.get(SUMMARY).json
    assert alice["totals"]["days"] == 60 and bob["totals"]["days"] == 20
    alice_days = set(seeded.get(f"{CHARTS}/pain").json["figure"]["data"][0]["x"])
    bob_days = set(other_user.get(f"{CHARTS}/pain").json["figure"]["data"][0]["x"])
    assert len(bob_days) == 20 and len(alice_days) == 60


@pytest.mark.parametrize("path", [SUMMARY, *(f"{CHARTS}/{n}" for n in CHART_NAMES)])
def test_signed_out_is_401(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.json["message"]


def test_bearer_token_reads_the_same_summary(seeded: ApiClient, bearer: ApiClient) -> None:
    assert bearer.get(SUMMARY).json == seeded.get(SUMMARY).json


def test_unknown_chart_is_404_with_a_message(user: ApiClient) -> None:
    response = user.get(f"{CHARTS}/pie")
    assert response.status_code == 404
    assert response.is_json
    assert "pie" in response.json["message"] and "headline" in response.json["message"]


def test_every_chart_has_its_parts(seeded: ApiClient) -> None:
    for name, chart in charts_of(seeded).items():
        assert set(chart) == {"name", "title", "summary", "empty", "figure", "extra"}
        assert chart["name"] == name and chart["summary"]
        assert set(chart["figure"]) == {"data", "layout"}
        assert chart["empty"] is False, name


def test_summary_agrees_with_the_analysis_run_directly(app: Flask, seeded: ApiClient) -> None:
    body = seeded.get(SUMMARY).json
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == ALICE))
        assert person is not None
        history = load_history(person)
        now = local_today(person.timezone)
        assert history.first_day is not None
        days = build_daily_series(
            history.checkins,
            history.sessions,
            history.plans,
            [],
            history.first_day,
            now,
            today=now,
        )
        direct = summarize(days, now)
    assert body["streaks"] == {"current": direct.streaks.current, "longest": direct.streaks.longest}
    totals = body["totals"]
    assert totals["sessions"] == direct.totals.sessions == len(history.sessions)
    assert totals["days_logged"] == direct.totals.days_logged
    assert direct.totals.mean_adherence is not None
    assert totals["mean_adherence"] == pytest.approx(direct.totals.mean_adherence, abs=5e-4)
    assert body["progress"]["baseline"] == pytest.approx(direct.progress.baseline, abs=5e-4)
    assert body["headline"]["consistency"]["n"] == direct.headline.consistency.n
    assert body["headline"]["consistency"]["kind"] == direct.headline.consistency.kind
    effect = direct.headline.consistency.effect
    assert effect is not None
    assert body["headline"]["consistency"]["effect"] == pytest.approx(effect, abs=5e-4)
    assert body["headline"]["conclusion"] == direct.headline.conclusion
    calendar = seeded.get(f"{CHARTS}/calendar").json
    assert calendar["extra"] == {
        "current_streak": direct.streaks.current,
        "longest_streak": direct.streaks.longest,
    }


def _noon(day_offset: int) -> str:
    day = days_ago(day_offset)
    return datetime.combine(day, time(12), ZoneInfo(BERLIN)).isoformat()


def test_three_hand_computed_days_end_to_end(user: ApiClient) -> None:
    """Plan 2 a day; sessions 2, 1, 0 (today); pains 6, 5, 4: adherence 1, 0.5 and
    today in progress, which is no missed day: mean 0.75."""
    for offset, count in ((2, 2), (1, 1)):
        for _ in range(count):
            response = user.post(SESSIONS, json=session_body(started_at=_noon(offset)))
            assert response.status_code == 201, response.json
    for offset, pain in ((2, 6), (1, 5), (0, 4)):
        response = user.post(
            "/api/v1/checkins",
            json=checkin_body(date=days_ago(offset).isoformat(), pain_right=pain),
        )
        assert response.status_code == 201, response.json
    body = user.get(SUMMARY).json
    totals = body["totals"]
    assert totals["days"] == 3
    assert totals["sessions"] == 3
    assert totals["minutes"] == 30.0  # three 600-second sessions
    assert totals["days_logged"] == 3
    assert totals["mean_adherence"] == 0.75
    # today (0 of 2) is still in progress, so the run that ended yesterday counts;
    # yesterday (1 of 2) missed the plan, so it is 0; the longest is day one.
    assert body["streaks"] == {"current": 0, "longest": 1}
    assert body["progress"]["mornings_logged"] == 3
    assert body["progress"]["available"] is False
    calendar = user.get(f"{CHARTS}/calendar").json
    cells = {t["name"]: t for t in calendar["figure"]["data"]}
    assert [cells[n]["x"] and len(cells[n]["x"]) for n in cells] == [1, 1, 1]
    assert cells["plan met"]["text"][0].endswith("2 of 2 sessions")
    assert cells["part of the plan"]["text"][0].endswith("1 of 2 sessions")
    assert cells["today, in progress"]["text"][0].endswith("0 of 2 sessions (today, in progress)")
    assert "missed" not in cells  # today is no missed day
    pain = user.get(f"{CHARTS}/pain").json
    right = next(t for t in pain["figure"]["data"] if t["name"] == "right foot")
    assert right["y"] == [6, 5, 4]
    mean = next(t for t in pain["figure"]["data"] if t["name"] == "7-day mean")
    assert mean["y"] == [6.0, 5.5, 5.0]


def test_query_count_does_not_grow_with_history(app: Flask) -> None:
    counts: dict[int, list[int]] = {}
    for n_days in (10, 200):
        email = f"q{n_days}@example.com"
        person = register(app, email, feet="right")
        seed_days(app, email, n_days)
        counts[n_days] = []
        for path in (SUMMARY, f"{CHARTS}/headline", f"{CHARTS}/calendar"):
            with count_queries(app) as statements:
                assert person.get(path).status_code == 200
            counts[n_days].append(len(statements))
    print("queries per request (summary, headline, calendar):", counts)
    assert counts[10] == counts[200], counts
    assert max(counts[10]) <= 10, counts


def test_dashboard_page_offers_the_csv_exports_for_the_last_eight_weeks(user: ApiClient) -> None:
    page = user.get("/dashboard").get_data(as_text=True)

    assert "Export for your physiotherapist" in page
    for name in ("daily", "sessions", "checkins"):
        assert f"/api/v1/export/{name}.csv" in page
