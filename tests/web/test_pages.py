"""The signed-in pages: each one renders, is private, shows the person's data and escapes it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.helpers import earlier_today
from tests.conftest import ApiClient, new_id, register
from tests.web.html_audit import read_page, unlabelled
from tracker.analysis.daily import MIN_SESSION_SECONDS
from tracker.catalog import TECHNIQUES
from tracker.extensions import db
from tracker.models import User

PAGES = [
    "/",
    "/log",
    "/history",
    "/settings",
    "/pauses",
    "/data",
    "/reminders",
    "/share",
    "/import",
    "/report",
]
HOSTILE = '<script>alert("x")</script>'


def _berlin_today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def _session(user: ApiClient, days_ago: int = 0, **fields: object) -> dict:
    started = datetime.fromisoformat(earlier_today()) - timedelta(days=days_ago)
    body = {
        "client_id": new_id(),
        "started_at": started.isoformat(),
        "duration_s": 420,
        "foot": "right",
        "techniques": ["ball-roll", "stretch"],
        "pressure": 4,
        **fields,
    }
    response = user.post("/api/v1/sessions", json=body)
    assert response.status_code == 201, response.json
    return response.json


def _checkin(user: ApiClient, day: date | None = None, **fields: object) -> dict:
    body = {"client_id": new_id(), "pain_right": 6, **fields}
    if day:
        body["date"] = day.isoformat()
    response = user.post("/api/v1/checkins", json=body)
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize("path", [*PAGES[1:], "/checkins/1/edit", "/sessions/1/edit"])
def test_pages_send_a_stranger_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_nav_csrf_meta_and_no_inline_code(user: ApiClient, path: str) -> None:
    response = user.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<meta name="csrf-token" content="[^"]+">', html)
    assert 'aria-label="Main"' in html
    assert 'aria-current="page"' in html
    facts = read_page(html)
    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []
    assert all("?v=" in src for src in facts.scripts + facts.stylesheets)


def test_a_stranger_at_the_front_door_sees_what_the_app_is_and_the_way_in(
    client: FlaskClient,
) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Please log in" not in html
    assert "A diary for plantar heel pain" in html
    assert 'href="/signup"' in html and 'href="/login"' in html
    assert 'aria-label="Main"' not in html  # no app navigation before signing in


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/offline"])
def test_public_pages_have_labels_and_no_inline_code(client: FlaskClient, path: str) -> None:
    facts = read_page(client.get(path).get_data(as_text=True))
    assert facts.inline_scripts == 0
    assert facts.style_attributes == []
    assert unlabelled(facts) == []


def test_today_asks_one_foot_with_the_words_at_both_ends(user: ApiClient) -> None:
    html = user.get("/").get_data(as_text=True)
    assert "Right heel" in html
    assert "pain_left" not in html.split('id="checkin-entry"')[1]
    assert html.count('name="pain_right"') == 11
    assert "no pain" in html
    assert "worst pain" in html
    assert "Anything unusual?" in html
    assert "How did your first steps feel?" in html
    assert f'data-date="{_berlin_today().isoformat()}"' in html


def test_today_asks_both_feet_when_both_hurt(app: Flask) -> None:
    both = register(app, feet="both")
    html = both.get("/").get_data(as_text=True)
    assert html.count('name="pain_left"') == 11
    assert html.count('name="pain_right"') == 11


def test_today_shows_this_mornings_values_and_offers_edit(user: ApiClient) -> None:
    checkin = _checkin(user, pain_right=7, stiffness=3, warning_signs=["numbness"])
    html = user.get("/").get_data(as_text=True)
    summary = html.split('id="checkin-summary"')[1].split('id="checkin-entry"')[0]
    assert "hidden" not in summary.split(">")[0]
    assert re.search(r'data-slot="pain_right">7<', summary)
    assert re.search(r'data-slot="stiffness">3<', summary)
    assert "Numbness" in summary
    assert "Edit this morning" in summary
    assert f'data-url="/api/v1/checkins/{checkin["id"]}"' in html
    assert 'data-method="PATCH"' in html
    assert re.search(r'name="pain_right" value="7" checked', html)


def test_today_counts_todays_sessions_against_the_plan(user: ApiClient) -> None:
    _session(user)
    assert "<strong>1 of 2</strong> planned sessions done" in user.get("/").get_data(as_text=True)


def test_today_counts_a_30_s_session_but_not_a_20_s_one(user: ApiClient) -> None:
    """Too short to be a session: it is kept and listed in History, but Today's count
    agrees with the dashboard's adherence, which leaves it out."""
    short = _session(user, duration_s=MIN_SESSION_SECONDS - 10)
    html = user.get("/").get_data(as_text=True)
    assert "<strong>0 of 2</strong> planned sessions done" in html
    assert f"/sessions/{short['id']}" in user.get("/history").get_data(as_text=True)
    _session(user, duration_s=MIN_SESSION_SECONDS)
    html = user.get("/").get_data(as_text=True)
    assert "<strong>1 of 2</strong> planned sessions done" in html
    stats = user.get("/api/v1/stats/summary").json
    assert stats["totals"]["sessions"] == 1


def test_log_page_offers_every_technique_with_its_guidance(user: ApiClient) -> None:
    from tracker.catalog import TECHNIQUES

    html = user.get("/log").get_data(as_text=True)
    for technique in TECHNIQUES:
        assert f'value="{technique.slug}"' in html
    assert 'data-timed="90"' in html  # sustained pressure has a guided timer
    assert "How to do each technique" in html
    assert "Good pain" in html and "bad pain" in html
    assert 'type="range" id="pressure" name="pressure" min="1" max="10"' in html
    assert 'id="timer-toggle"' in html


def _first_chips(html: str) -> list[str]:
    first = html.split('id="chips-first"')[1].split("</div>")[0]
    return re.findall(r'name="techniques" value="([a-z-]+)"', first)


def test_log_page_shows_common_techniques_first_and_the_rest_behind_more(user: ApiClient) -> None:
    from tracker.web.service import COMMON_TECHNIQUES

    html = user.get("/log").get_data(as_text=True)
    assert _first_chips(html) == list(COMMON_TECHNIQUES)
    more = html.split('id="more-techniques"')[1].split("</details>")[0]
    assert "More techniques" in more and 'value="contrast-bath"' in more
    assert 'value="ball-roll"' not in more


def test_log_page_puts_the_persons_usual_techniques_first(user: ApiClient) -> None:
    for days_ago in (1, 2, 3):
        _session(user, days_ago=days_ago, techniques=["gua-sha", "stretch"])
    _session(user, techniques=["reflexology"])
    chips = _first_chips(user.get("/log").get_data(as_text=True))
    # The most used first (a tie goes to the most recent), then common ones up to six.
    assert chips == [
        "gua-sha",
        "stretch",
        "reflexology",
        "ball-roll",
        "frozen-bottle",
        "calf-release",
    ]


def test_edit_session_shows_every_technique_at_once(user: ApiClient) -> None:
    session = _session(user)
    html = user.get(f"/sessions/{session['id']}/edit").get_data(as_text=True)
    assert "More techniques" not in html
    assert len(_first_chips(html)) == len(TECHNIQUES)


def test_history_lists_days_newest_first_with_their_entries(user: ApiClient) -> None:
    today = _berlin_today()
    _checkin(user, today - timedelta(days=2), pain_right=8)
    _checkin(user, today, pain_right=3)
    _session(user, days_ago=1, techniques=["frozen-bottle"])
    html = user.get("/history").get_data(as_text=True)
    days = re.findall(r'<section class="day" id="day-(\d{4}-\d\d-\d\d)"', html)
    assert days == sorted(days, reverse=True)
    assert len(days) == 3
    assert "Frozen bottle roll" in html
    assert html.count("data-delete=") == 3
    assert "/checkins/" in html and "/sessions/" in html


def test_history_lists_a_day_s_entries_newest_first_like_the_days(user: ApiClient) -> None:
    """Sessions by start time, the latest first, then the morning's check-in: one order,
    top to bottom, for the whole page. Entered out of order on purpose."""
    day = _berlin_today() - timedelta(days=2)
    berlin = ZoneInfo("Europe/Berlin")
    for hour, minute in ((12, 15), (8, 0), (18, 30)):
        started = datetime.combine(day, datetime.min.time(), berlin).replace(
            hour=hour, minute=minute
        )
        _session(user, started_at=started.isoformat())
    _checkin(user, day)
    html = user.get("/history").get_data(as_text=True)
    section = html.split(f'id="day-{day.isoformat()}"')[1].split('<section class="day"')[0]
    titles = re.findall(r'<span class="entry-title">([^<]+)</span>', section)
    assert [t.split(" · ")[0] for t in titles] == [
        "Session at 18:30",
        "Session at 12:15",
        "Session at 08:00",
        "First steps",
    ]


def test_history_pages_back_through_older_days(user: ApiClient) -> None:
    today = _berlin_today()
    for offset in range(32):
        _checkin(user, today - timedelta(days=offset))
    first = user.get("/history").get_data(as_text=True)
    assert first.count('class="day"') == 30
    older = re.search(r'href="/history\?before=([\d-]+)"', first)
    assert older is not None
    second = user.get(f"/history?before={older.group(1)}").get_data(as_text=True)
    assert second.count('class="day"') == 2
    assert "Older days" not in second


def test_history_is_empty_for_a_new_account(user: ApiClient) -> None:
    html = user.get("/history").get_data(as_text=True)
    assert "Nothing logged yet" in html
    today = _berlin_today().isoformat()
    assert re.findall(r'<section class="day" id="day-([\d-]+)"', html) == [today]
    assert f'href="/?date={today}"' in html and f'href="/log?date={today}"' in html


def _backdate_account(app: Flask, email: str, days: int) -> None:
    """The account was made ``days`` ago (its plan too), as if it had been in use since."""
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == email))
        assert person is not None
        person.created_at -= timedelta(days=days)
        for plan in person.plans:
            plan.effective_from -= timedelta(days=days)
        db.session.commit()


def test_history_shows_every_day_since_the_first_day_of_use_with_a_way_to_add(
    app: Flask, user: ApiClient
) -> None:
    _backdate_account(app, "alice@example.com", 4)
    today = _berlin_today()
    _checkin(user, today - timedelta(days=2), pain_right=8)
    _session(user, days_ago=1)
    html = user.get("/history").get_data(as_text=True)
    days = re.findall(r'<section class="day" id="day-([\d-]+)"', html)
    assert days == [(today - timedelta(days=n)).isoformat() for n in range(5)]
    assert "Nothing logged yet" not in html
    assert html.count("Nothing logged.") == 3  # today, and 3 and 4 days ago
    # A day with its check-in offers only a session; every day offers a session.
    assert html.count(">Add check-in<") == 4
    assert html.count(">Add session<") == 5
    two_days_ago = (today - timedelta(days=2)).isoformat()
    assert f'href="/?date={two_days_ago}"' not in html
    assert f'href="/log?date={two_days_ago}"' in html
    assert 'Add check-in<span class="sr-only"> for ' in html  # names its day for a reader


def test_history_starts_at_an_imported_day_before_the_account_existed(user: ApiClient) -> None:
    early = _berlin_today() - timedelta(days=6)
    _checkin(user, early)
    html = user.get("/history").get_data(as_text=True)
    days = re.findall(r'<section class="day" id="day-([\d-]+)"', html)
    assert len(days) == 7 and days[-1] == early.isoformat()


@pytest.mark.parametrize("before", ["0001-01-01", "1999-12-31", "9999-12-31", "not-a-date"])
def test_history_pages_at_the_ends_of_the_calendar_answer(user: ApiClient, before: str) -> None:
    response = user.get(f"/history?before={before}")
    assert response.status_code == 200
    days = re.findall(r'<section class="day" id="day-([\d-]+)"', response.get_data(as_text=True))
    assert days == ([_berlin_today().isoformat()] if before[0] in "9n" else [])


def test_today_asks_about_an_earlier_morning_from_history(user: ApiClient) -> None:
    day = _berlin_today() - timedelta(days=3)
    html = user.get(f"/?date={day.isoformat()}").get_data(as_text=True)
    card = html.split('id="checkin-card"')[1]
    assert f'data-date="{day.isoformat()}"' in card.split(">")[0]
    assert f"How did your first steps feel on {day:%A} {day.day} {day:%B}?" in html
    assert f'id="checkin-date" name="date" type="date" value="{day.isoformat()}"' in html
    assert 'data-method="POST"' in html


def test_today_shows_an_earlier_mornings_check_in_when_it_exists(user: ApiClient) -> None:
    day = _berlin_today() - timedelta(days=1)
    checkin = _checkin(user, day, pain_right=2)
    html = user.get(f"/?date={day.isoformat()}").get_data(as_text=True)
    assert f"Morning of {day:%A} {day.day} {day:%B}" in html
    assert f'data-url="/api/v1/checkins/{checkin["id"]}"' in html
    assert re.search(r'data-slot="pain_right">2<', html)


def test_today_with_a_date_that_is_no_date_asks_about_today(user: ApiClient) -> None:
    html = user.get("/?date=yesterday").get_data(as_text=True)
    assert f'data-date="{_berlin_today().isoformat()}"' in html
    assert "How did your first steps feel?" in html


def test_user_text_is_escaped_on_every_page(user: ApiClient) -> None:
    checkin = _checkin(user, notes=HOSTILE)
    session = _session(user, notes=HOSTILE, tool=HOSTILE)
    user.post("/api/v1/tokens", json={"name": HOSTILE})
    end = (date.today() + timedelta(days=3)).isoformat()
    user.post("/api/v1/pauses", json={"end_date": end, "reason": "other", "note": HOSTILE})
    for path in (
        "/",
        "/history",
        "/settings",
        "/pauses",
        f"/checkins/{checkin['id']}/edit",
        f"/sessions/{session['id']}/edit",
    ):
        html = user.get(path).get_data(as_text=True)
        assert HOSTILE not in html, path
        assert "&lt;script&gt;" in html, path


def test_edit_pages_are_prefilled_and_patch_through_the_api(user: ApiClient) -> None:
    checkin = _checkin(user, pain_right=5, notes="stiff")
    session = _session(user, pressure=6, duration_s=125)
    html = user.get(f"/checkins/{checkin['id']}/edit").get_data(as_text=True)
    assert re.search(r'name="pain_right" value="5" checked', html)
    assert f'data-url="/api/v1/checkins/{checkin["id"]}"' in html
    assert ">stiff</textarea>" in html
    html = user.get(f"/sessions/{session['id']}/edit").get_data(as_text=True)
    assert f'data-url="/api/v1/sessions/{session["id"]}"' in html
    assert 'value="ball-roll" data-name="Ball roll"' in html
    assert re.search(r'value="ball-roll"[^>]*checked', html)
    assert 'id="duration-min"' in html and 'value="2"' in html and 'value="5"' in html
    assert 'id="timer-toggle"' not in html


def test_another_persons_entries_cannot_be_opened(user: ApiClient, other_user: ApiClient) -> None:
    checkin = _checkin(user)
    session = _session(user)
    assert other_user.get(f"/checkins/{checkin['id']}/edit").status_code == 404
    assert other_user.get(f"/sessions/{session['id']}/edit").status_code == 404


def test_settings_lead_to_every_hand_off_and_data_page(user: ApiClient) -> None:
    html = user.get("/settings").get_data(as_text=True)
    for path in ("/report", "/share", "/reminders", "/import", "/data", "/pauses"):
        assert f'href="{path}"' in html, path
        assert user.get(path).status_code == 200, path


def test_settings_show_plan_timezone_and_tokens(user: ApiClient) -> None:
    user.post("/api/v1/tokens", json={"name": "spreadsheet"})
    html = user.get("/settings").get_data(as_text=True)
    assert "<option selected>Europe/Berlin</option>" in html
    assert 'name="sessions_per_day"' in html and 'value="2"' in html
    assert "spreadsheet" in html
    assert "data-revoke=" in html
    assert 'action="/logout"' in html
    assert "fs_" in html  # the prefix only
    assert "not medical advice" in html  # the footer, on every page


def test_unknown_page_renders_the_error_page(user: ApiClient, client: FlaskClient) -> None:
    for c in (user, client):
        response = c.get("/no-such-page")
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)
