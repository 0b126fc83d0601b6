"""During a self-experiment: Today names the week's condition and what today asks, and the
Log page starts a session with the condition's techniques, minutes and pressure range."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from tests.api.helpers import checkin_body, session_body
from tests.conftest import ApiClient, register
from tests.experiments.support import stored_conditions
from tests.web.test_pwa import TODAY_BUDGET, _loaded_files
from tracker.analysis.experiment import make_schedule
from tracker.extensions import db
from tracker.models import Experiment, User
from tracker.timeutil import local_today

ME = "alice@example.com"
SEED = 11
LINE = re.compile(r'<p class="notice" id="experiment-today">([^<]*)</p>')


def _today(app: Flask) -> date:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == ME))
        assert user is not None
        return local_today(user.timezone)


def _block_start(condition: str, pairs: int = 2) -> int:
    """Days from the start to the first block of ``condition`` under SEED."""
    schedule = make_schedule(date(2025, 1, 6), pairs, SEED)
    block = next(b for b in schedule if b.condition == condition)
    return (block.start - schedule[0].start).days


def _experiment(
    app: Flask,
    days_in: int,
    *,
    template: str = "consistency-vs-intensity",
    stopped_days_ago: int | None = None,
) -> None:
    """An experiment that started ``days_in`` days ago (0: today), stored as the API stores
    one (the API itself only starts experiments today or later)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == ME))
        assert user is not None
        today = local_today(user.timezone)
        stopped = None if stopped_days_ago is None else today - timedelta(days=stopped_days_ago)
        db.session.add(
            Experiment(
                user_id=user.id,
                template=template,
                conditions=stored_conditions(template),
                pairs=2,
                start_date=today - timedelta(days=days_in),
                seed=SEED,
                stopped_on=stopped,
                is_current=True,
            )
        )
        db.session.commit()


def _line(client: ApiClient) -> str | None:
    response = client.get("/")
    assert response.status_code == 200
    match = LINE.search(response.get_data(as_text=True))
    return match and match.group(1)


def test_no_experiment_no_line(user: ApiClient) -> None:
    page = user.get("/").get_data(as_text=True)
    assert 'id="experiment-today"' not in page
    assert "Aim for 5–10 minutes per foot." in page


def test_first_day_of_a_block_is_a_washout_day(app: Flask, user: ApiClient) -> None:
    _experiment(app, _block_start("A"))
    week = _block_start("A") // 7 + 1
    assert _line(user) == (
        f"Week {week} of 4: Daily and light – today: 2 sessions of 5 minutes, "
        "pressure up to 4 (washout day, not counted)"
    )


def test_a_session_day_after_the_washout(app: Flask, user: ApiClient) -> None:
    _experiment(app, _block_start("B") + 2)
    week = _block_start("B") // 7 + 1
    assert _line(user) == (
        f"Week {week} of 4: Three harder sessions a week – today: 1 session of 10 minutes, "
        "pressure 6–7"
    )
    page = user.get("/").get_data(as_text=True)
    assert "<strong>0 of 1</strong> planned session done" in page
    assert "Aim for 5–10 minutes per foot." not in page


def test_a_rest_day_of_the_three_a_week_condition(app: Flask, user: ApiClient) -> None:
    _experiment(app, _block_start("B") + 3)
    week = _block_start("B") // 7 + 1
    assert _line(user) == f"Week {week} of 4: Three harder sessions a week – today is a rest day"
    page = user.get("/").get_data(as_text=True)
    assert "<p>No sessions planned today.</p>" in page and "planned sessions done" not in page


def test_a_none_condition_says_no_sessions_of_its_kind(app: Flask, user: ApiClient) -> None:
    schedule = make_schedule(date(2025, 1, 6), 2, SEED)
    block = next(b for b in schedule if b.condition == "B")
    _experiment(app, (block.start - schedule[0].start).days + 4, template="calf-release")
    assert _line(user) == (
        f"Week {block.index + 1} of 4: No calf release – no sessions of this kind today"
    )


def test_a_stopped_experiment_has_no_line(app: Flask, user: ApiClient) -> None:
    _experiment(app, 5, stopped_days_ago=1)
    assert _line(user) is None
    assert "Aim for 5–10 minutes per foot." in user.get("/").get_data(as_text=True)


def test_a_complete_experiment_has_no_line(app: Flask, user: ApiClient) -> None:
    _experiment(app, 28)
    assert _line(user) is None


def test_a_scheduled_experiment_has_no_line_yet(app: Flask, user: ApiClient) -> None:
    _experiment(app, -3)
    assert _line(user) is None


def test_the_line_follows_a_pause_that_lengthens_the_week(app: Flask, user: ApiClient) -> None:
    start = _block_start("B")
    _experiment(app, start + 3)
    yesterday = (_today(app) - timedelta(days=1)).isoformat()
    response = user.post(
        "/api/v1/pauses", json={"start_date": yesterday, "end_date": yesterday, "reason": "illness"}
    )
    assert response.status_code == 201, response.json
    # Yesterday (day 3 of the week, a rest day) was paused: today is its 3rd unpaused day.
    assert _line(user) == (
        f"Week {start // 7 + 1} of 4: Three harder sessions a week – today: 1 session of "
        "10 minutes, pressure 6–7"
    )


# --- the Log page ------------------------------------------------------------------------------


def _checked(page: str) -> set[str]:
    return set(re.findall(r'name="techniques" value="([^"]+)"[^>]*? checked', page))


def test_log_preselects_the_conditions_techniques_and_shows_its_range(
    app: Flask, user: ApiClient
) -> None:
    _experiment(app, _block_start("B") + 2)
    page = user.get("/log").get_data(as_text=True)
    assert _checked(page) == {"thumb-walk", "heel-knead", "ball-roll", "sustained-pressure"}
    chips_first = page.split('id="chips-first"', 1)[1].split("</div>", 1)[0]
    assert set(re.findall(r'value="([^"]+)"', chips_first)) == _checked(page)
    week = _block_start("B") // 7 + 1
    assert f'<p class="date">Week {week} of 4: Three harder sessions a week</p>' in page
    assert (
        '<p class="hint" id="condition-minutes">This week: at least 10 minutes a session.</p>'
    ) in page
    assert ('<p class="hint" id="condition-pressure">This week: pressure 6–7.</p>') in page
    assert 'id="pressure" name="pressure" min="1" max="10" step="1" value="6"' in page


def test_log_under_a_light_week_starts_at_pressure_4(app: Flask, user: ApiClient) -> None:
    _experiment(app, _block_start("A") + 2)
    page = user.get("/log").get_data(as_text=True)
    assert "This week: pressure up to 4." in page
    assert "This week: at least 5 minutes a session." in page
    assert 'value="4" aria-describedby="pressure-help"' in page


def test_log_without_an_experiment_is_as_before(app: Flask, user: ApiClient) -> None:
    _experiment(app, 5, stopped_days_ago=1)
    page = user.get("/log").get_data(as_text=True)
    assert _checked(page) == set()
    assert "condition-minutes" not in page and "condition-pressure" not in page
    assert "Aim for 5–10 minutes per foot." in page


def test_editing_a_session_never_takes_the_conditions_choices(app: Flask, user: ApiClient) -> None:
    _experiment(app, _block_start("B") + 2)
    saved = user.post("/api/v1/sessions", json=session_body(pressure=3, techniques=["stretch"]))
    assert saved.status_code == 201, saved.json
    page = user.get(f"/sessions/{saved.json['id']}/edit").get_data(as_text=True)
    assert _checked(page) == {"stretch"}
    assert "condition-pressure" not in page


def test_today_with_the_longest_line_stays_within_its_weight_budget(app: Flask) -> None:
    """The fullest morning (both heels, the weekly question) on a washout day of the
    longest condition line: the line must not push Today over its budget."""
    person = register(app, ME, feet="both", timezone="Europe/Berlin")
    day = _today(app)
    for n in range(1, 9):
        body = checkin_body(date=(day - timedelta(days=n)).isoformat(), pain_left=5)
        assert person.post("/api/v1/checkins", json=body).status_code == 201
    weekday = {"global_change_weekday": day.weekday()}
    assert person.patch("/api/v1/me", json=weekday).status_code == 200
    _experiment(app, _block_start("A"))
    page = person.get("/").get_data(as_text=True)
    assert 'id="global-change"' in page and "washout day, not counted" in page
    total = len(page.encode()) + sum(len(b) for b in _loaded_files(person, page).values())
    print(f"Today, fullest morning under an experiment: {total} B")
    assert total <= TODAY_BUDGET


def test_a_paused_day_says_the_week_runs_a_day_longer(app: Flask, user: ApiClient) -> None:
    start = _block_start("B")
    _experiment(app, start + 3)
    today = _today(app).isoformat()
    response = user.post(
        "/api/v1/pauses", json={"start_date": today, "end_date": today, "reason": "travel"}
    )
    assert response.status_code == 201, response.json
    assert _line(user) == (
        f"Week {start // 7 + 1} of 4: Three harder sessions a week – paused today, so this "
        "week runs a day longer"
    )
    assert 'id="pause-card"' in user.get("/").get_data(as_text=True)
