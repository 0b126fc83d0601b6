"""Today, History, Settings and /pauses: pauses, routine strength and the weekly question."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api.helpers import CHECKINS, ME, checkin_body, days_ago, session_body, today
from tests.conftest import ApiClient

PAUSES = "/api/v1/pauses"


def _pause(user: ApiClient, start: int, end: int, reason: str = "illness", note: str = "") -> dict:
    body = {
        "start_date": (today() + timedelta(days=start)).isoformat(),
        "end_date": (today() + timedelta(days=end)).isoformat(),
        "reason": reason,
        "note": note,
    }
    response = user.post(PAUSES, json=body)
    assert response.status_code == 201, response.json
    return response.json


def _mornings(user: ApiClient, count: int, **fields: object) -> None:
    for n in range(1, count + 1):
        user.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat(), **fields))


def test_today_while_paused_offers_the_checkin_and_resume(user: ApiClient) -> None:
    pause = _pause(user, -2, 3, "travel", note="Lisbon")

    html = user.get("/").get_data(as_text=True)

    assert "Paused until" in html and "Travel: Lisbon" in html
    assert f'data-url="/api/v1/pauses/{pause["id"]}/end"' in html
    assert "data-delete=" not in html.split('id="resume"')[1].split(">")[0]
    assert "No sessions planned today: your routine is paused." in html
    assert "planned session" not in html
    assert 'id="checkin-form"' in html  # pain still counts on a paused day


def test_a_pause_that_began_today_is_cancelled_by_resume(user: ApiClient) -> None:
    pause = _pause(user, 0, 2)

    html = user.get("/").get_data(as_text=True)

    assert f'data-delete="/api/v1/pauses/{pause["id"]}"' in html


def test_today_mentions_a_planned_pause(user: ApiClient) -> None:
    _pause(user, 5, 9, "travel")

    html = user.get("/").get_data(as_text=True)

    assert 'id="next-pause"' in html and "(travel)" in html
    assert "Paused until" not in html
    assert "<strong>0 of 2</strong> planned sessions done" in html


def test_today_shows_routine_strength_from_the_analysis(user: ApiClient) -> None:
    assert 'id="routine-strength"' not in user.get("/").get_data(as_text=True)  # nothing yet
    for n in [20, *range(15, 0, -1)]:
        at = f"{days_ago(n).isoformat()}T09:00:00+01:00"
        user.post("/api/v1/sessions", json=session_body(started_at=at))

    totals = user.get("/api/v1/stats/summary").json["totals"]
    strength = totals["routine_strength"]
    html = user.get("/").get_data(as_text=True)

    assert strength > 0 and totals["routine_building"] is False
    assert f"Routine strength <strong>{round(strength * 100)}%</strong>" in html
    assert f'value="{round(strength * 100)}"' in html


def test_a_new_persons_first_perfect_day_reads_as_building_not_as_a_red_five(
    user: ApiClient,
) -> None:
    """A perfect first day is 5% by the formula: shown as a good start, with no red band."""
    for _ in range(2):
        user.post("/api/v1/sessions", json=session_body())

    totals = user.get("/api/v1/stats/summary").json["totals"]
    html = user.get("/").get_data(as_text=True)

    assert totals["routine_strength"] == pytest.approx(0.052, abs=0.001)
    assert totals["routine_building"] is True
    assert "Routine strength <strong>building</strong> (day 1 of 14)" in html
    assert "5%</strong>" not in html and 'low="40"' not in html


@pytest.mark.parametrize(
    ("earlier", "weekday_offset", "rated_days_ago", "asked"),
    [
        (7, 0, None, True),
        (6, 0, None, False),  # not until 7 mornings are logged
        (7, 1, None, False),  # not the chosen day
        (7, 0, 3, False),  # answered this week already
        (7, 0, 7, True),  # last week's answer
    ],
)
def test_the_weekly_question_is_asked_on_its_day(
    user: ApiClient, earlier: int, weekday_offset: int, rated_days_ago: int | None, asked: bool
) -> None:
    _mornings(user, earlier)
    if rated_days_ago is not None:
        checkin = user.get(CHECKINS, query_string={"from": days_ago(rated_days_ago)}).json[-1]
        user.patch(f"{CHECKINS}/{checkin['id']}", json={"global_change": "no-change"})
    weekday = (today().weekday() + weekday_offset) % 7
    assert user.patch(ME, json={"global_change_weekday": weekday}).status_code == 200

    html = user.get("/").get_data(as_text=True)

    assert ('id="global-change"' in html) is asked
    if asked:
        assert "Compared with when you started, how is your heel pain now?" in html
        assert html.count('name="global_change"') == 7


def test_the_weekly_question_can_be_turned_off(user: ApiClient) -> None:
    _mornings(user, 8)
    user.patch(ME, json={"global_change_weekday": None})

    assert 'id="global-change"' not in user.get("/").get_data(as_text=True)
    settings = user.get("/settings").get_data(as_text=True)
    assert '<option value="" selected>Off</option>' in settings


def test_todays_answer_shows_in_the_summary_and_stays_editable(user: ApiClient) -> None:
    user.patch(ME, json={"global_change_weekday": (today().weekday() + 3) % 7})
    user.post(CHECKINS, json=checkin_body(global_change="minimally-improved"))

    html = user.get("/").get_data(as_text=True)

    assert 'How it feels: <strong data-slot="global_change">minimally improved</strong>' in html
    assert 'value="minimally-improved" checked' in html


def test_history_lists_pauses_and_badges_paused_days(user: ApiClient) -> None:
    _pause(user, -3, -2, "flare-up", note="after the hike")
    _pause(user, 10, 12, "travel")
    user.post(CHECKINS, json=checkin_body(date=days_ago(2).isoformat()))
    user.post(CHECKINS, json=checkin_body(date=days_ago(1).isoformat()))

    html = user.get("/history").get_data(as_text=True)
    paused_day = html.split(f'id="day-{days_ago(2).isoformat()}"')[1].split("</h2>")[0]
    normal_day = html.split(f'id="day-{days_ago(1).isoformat()}"')[1].split("</h2>")[0]

    assert "Flare-up" in html and "after the hike" in html and "Travel" in html
    assert "Paused: flare-up" in paused_day
    assert "Paused" not in normal_day


def test_pauses_page_lists_states_and_actions(user: ApiClient, other_user: ApiClient) -> None:
    _pause(user, -10, -8, "illness")
    now = _pause(user, -1, 2, "professional-rest")
    _pause(user, 5, 6, "travel")
    _pause(other_user, -1, 1, "other", note="bob's")

    html = user.get("/pauses").get_data(as_text=True)

    assert html.count('class="pause-item"') == 3
    assert "bob&#39;s" not in html and "bob's" not in html
    for badge in ("Now", "Planned", "Past"):
        assert f">{badge}</span>" in html
    item = html.split(f'data-pause="{now["id"]}"')[1].split("</li>")[0]
    assert 'data-action="end"' in item
    assert "Rest advised by a professional" in item


def test_settings_show_the_pause_card_and_weekday(user: ApiClient) -> None:
    _pause(user, 1, 3, "travel")
    user.patch(ME, json={"global_change_weekday": 2})

    html = user.get("/settings").get_data(as_text=True)

    assert 'id="settings-pauses"' in html and "Manage pauses" in html
    assert '<option value="2" selected>Wednesday</option>' in html
