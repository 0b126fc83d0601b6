"""/api/v1/pauses: days off the plan, never overlapping, never another person's."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from itertools import pairwise

import pytest
from sqlalchemy import select, update

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, ME, SESSIONS, checkin_body, errors, session_body, today
from tests.conftest import ApiClient
from tracker.models import Pause, Plan

PAUSES = "/api/v1/pauses"
DAILY = "/api/v1/export/daily.csv"


def _pause(user: ApiClient, start: int, end: int, reason: str = "travel", **extra: str):  # type: ignore[no-untyped-def]
    """A pause from ``start`` to ``end`` days after today (negative: in the past)."""
    body = {
        "start_date": (today() + timedelta(days=start)).isoformat(),
        "end_date": (today() + timedelta(days=end)).isoformat(),
        "reason": reason,
        **extra,
    }
    return user.post(PAUSES, json=body)


def test_plan_a_pause_ahead(user: ApiClient) -> None:
    response = _pause(user, 10, 17, "travel", note="holiday in Lisbon")

    assert response.status_code == 201
    body = response.json
    assert body["start_date"] == (today() + timedelta(days=10)).isoformat()
    assert body["days"] == 8
    assert body["reason_label"] == "Travel"
    assert body["note"] == "holiday in Lisbon"
    assert user.get(PAUSES).json == [body]


def test_start_defaults_to_today(user: ApiClient) -> None:
    end = (today() + timedelta(days=2)).isoformat()

    response = user.post(PAUSES, json={"end_date": end, "reason": "illness"})

    assert response.status_code == 201
    assert response.json["start_date"] == today().isoformat()


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        (
            {"end_date": "2026-01-01", "start_date": "2026-01-05", "reason": "travel"},
            "end_date",
            "Must be on or after start_date.",
        ),
        (
            {"end_date": "2026-01-05", "start_date": "2026-01-01", "reason": "bored"},
            "reason",
            "Must be one of: travel, illness, flare-up, professional-rest, other.",
        ),
        (
            {"start_date": "2026-01-01", "reason": "travel"},
            "end_date",
            "Missing data for required field.",
        ),
        (
            {"end_date": "2028-01-05", "start_date": "2026-01-01", "reason": "travel"},
            "end_date",
            "A pause can last at most 366 days.",
        ),
        (
            {"end_date": "2026-01-05", "reason": "travel", "note": "x" * 201},
            "note",
            "Longer than maximum length 200.",
        ),
    ],
)
def test_bad_bodies_name_the_field(
    user: ApiClient, rows: Rows, body: dict, field: str, reason: str
) -> None:
    response = user.post(PAUSES, json=body)

    assert response.status_code == 422
    assert errors(response)[field] == [reason]
    assert rows.count(Pause) == 0


def test_overlapping_pauses_are_a_409_naming_the_other(user: ApiClient, rows: Rows) -> None:
    first = _pause(user, 3, 10, "travel").json

    overlap = _pause(user, 10, 12, "illness")
    inside = _pause(user, 5, 6, "other")
    touching = _pause(user, 11, 12, "illness")

    assert (overlap.status_code, inside.status_code, touching.status_code) == (409, 409, 201)
    start = (today() + timedelta(days=3)).isoformat()
    assert f"overlap your travel pause from {start}" in overlap.json["message"]
    assert f"PATCH /api/v1/pauses/{first['id']}" in overlap.json["message"]
    assert rows.count(Pause) == 2


@pytest.mark.parametrize("edit", [False, True], ids=["two new", "an edit and a new"])
def test_two_racing_requests_cannot_store_overlapping_pauses(
    user: ApiClient, bearer: ApiClient, rows: Rows, monkeypatch: pytest.MonkeyPatch, edit: bool
) -> None:
    """Two phones at once: each request checks for an overlap, then inserts. The check is
    slowed so both would pass it together; the person's lock makes the second wait."""
    from tracker.pauses import service

    moved = _pause(user, 30, 31).json["id"] if edit else None
    real_overlapping = service._overlapping

    def slow_overlapping(*args: object, **kwargs: object) -> Pause | None:
        time.sleep(0.3)
        return real_overlapping(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "_overlapping", slow_overlapping)
    first = (
        partial(
            user.patch,
            f"{PAUSES}/{moved}",
            json={"start_date": (today() + timedelta(days=5)).isoformat()},
        )
        if edit
        else partial(_pause, user, 5, 12)
    )
    with ThreadPoolExecutor(2) as pool:
        answers = [pool.submit(first), pool.submit(_pause, bearer, 8, 14, "illness")]
        codes = sorted(answer.result().status_code for answer in answers)

    assert codes[0] in (200, 201) and codes[1] == 409, codes
    stored = rows.all(select(Pause).order_by(Pause.start_date))
    assert len(stored) == (2 if edit and 201 in codes else 1)  # the moved one, and the new?
    assert all(a.end_date < b.start_date for a, b in pairwise(stored))


def test_edit_refuses_an_overlap_but_not_itself(user: ApiClient) -> None:
    first = _pause(user, 0, 3).json
    second = _pause(user, 5, 6).json

    longer = user.patch(
        f"{PAUSES}/{first['id']}", json={"end_date": (today() + timedelta(days=4)).isoformat()}
    )
    clash = user.patch(
        f"{PAUSES}/{first['id']}", json={"end_date": (today() + timedelta(days=5)).isoformat()}
    )

    assert longer.status_code == 200 and longer.json["days"] == 5
    assert clash.status_code == 409
    assert user.get(f"{PAUSES}/{second['id']}").json["days"] == 2


def test_end_a_pause_early_resumes_today(user: ApiClient) -> None:
    pause = _pause(user, -2, 5, "illness").json

    ended = user.post(f"{PAUSES}/{pause['id']}/end", json={})

    assert ended.status_code == 200
    assert ended.json["end_date"] == (today() - timedelta(days=1)).isoformat()
    again = user.post(f"{PAUSES}/{pause['id']}/end", json={})
    assert again.status_code == 422
    assert "already ends" in errors(again)["end_date"][0]


def test_ending_a_pause_that_has_not_started_says_delete_it(user: ApiClient) -> None:
    pause = _pause(user, 3, 5).json

    response = user.post(f"{PAUSES}/{pause['id']}/end", json={})

    assert response.status_code == 422
    assert "delete it" in errors(response)["end_date"][0]


def test_delete(user: ApiClient, rows: Rows) -> None:
    pause = _pause(user, 0, 2).json

    assert user.delete(f"{PAUSES}/{pause['id']}").status_code == 204
    assert user.get(f"{PAUSES}/{pause['id']}").status_code == 404
    assert rows.count(Pause) == 0


def test_another_persons_pause_is_a_404_everywhere(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    pause = _pause(user, 0, 2, note="private").json
    path = f"{PAUSES}/{pause['id']}"

    assert other_user.get(PAUSES).json == []
    for response in (
        other_user.get(path),
        other_user.patch(path, json={"reason": "other"}),
        other_user.post(f"{path}/end", json={}),
        other_user.delete(path),
    ):
        assert response.status_code == 404
    assert rows.count(Pause) == 1
    # Alice's pause does not pause Bob's days, nor block his own.
    assert _pause(other_user, 0, 2).status_code == 201


def test_paused_days_leave_adherence_and_stay_in_the_daily_csv(user: ApiClient) -> None:
    # Two days ago: one session of two; yesterday paused (no session); pain still counts.
    two_ago, yesterday = today() - timedelta(days=2), today() - timedelta(days=1)
    user.post(CHECKINS, json=checkin_body(date=yesterday.isoformat(), pain_right=4))
    at = f"{two_ago.isoformat()}T09:00:00+01:00"
    user.post(SESSIONS, json=session_body(started_at=at))
    _pause(user, -1, -1, "illness")

    text = user.get(f"{DAILY}?from={two_ago}&to={yesterday}").get_data(as_text=True)
    lines = [line.split(",") for line in text.lstrip("\ufeff").splitlines()]
    header, first, second = lines
    col = {name: i for i, name in enumerate(header)}

    assert (first[col["adherence"]], first[col["paused"]], first[col["planned_sessions"]]) == (
        "0.5",
        "",
        "2",
    )
    assert (second[col["adherence"]], second[col["paused"]], second[col["planned_sessions"]]) == (
        "",
        "illness",
        "0",
    )
    assert second[col["pain_right"]] == "4"
    assert second[col["routine_strength"]] == first[col["routine_strength"]]


def test_a_plan_change_today_leaves_yesterday_untouched(user: ApiClient, rows: Rows) -> None:
    rows.execute(update(Plan).values(effective_from=today() - timedelta(days=30)))  # a month in
    yesterday = today() - timedelta(days=1)
    user.post(SESSIONS, json=session_body(started_at=f"{yesterday.isoformat()}T09:00:00+01:00"))
    before = user.get(f"{DAILY}?from={yesterday}&to={yesterday}").get_data(as_text=True)
    summary_before = user.get("/api/v1/stats/summary").json["streaks"]

    assert user.patch(ME, json={"plan": {"sessions_per_day": 1}}).status_code == 200

    after = user.get(f"{DAILY}?from={yesterday}&to={yesterday}").get_data(as_text=True)
    assert after == before  # adherence 0.5 of 2 planned, as lived
    assert ",2," in after.splitlines()[1]
    assert user.get("/api/v1/stats/summary").json["streaks"] == summary_before
    plans = rows.all(select(Plan).order_by(Plan.effective_from))
    assert [(p.effective_from, p.sessions_per_day) for p in plans] == [
        (today() - timedelta(days=30), 2),
        (today(), 1),
    ]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"start_date": "0001-01-01", "end_date": "0001-01-07"}, "start_date", "1970-01-01"),
        ({"start_date": "1969-12-31", "end_date": "1970-01-02"}, "start_date", "1970-01-01"),
        ({"start_date": "9999-12-30", "end_date": "9999-12-31"}, "end_date", "two years ahead"),
    ],
)
def test_a_pause_outside_1970_to_two_years_ahead_is_422(
    user: ApiClient, rows: Rows, body: dict[str, str], field: str, reason: str
) -> None:
    response = user.post(PAUSES, json={**body, "reason": "travel"})

    assert response.status_code == 422
    assert reason in errors(response)[field][0]
    assert rows.count(Pause) == 0


def test_a_pause_cannot_be_moved_to_year_one(user: ApiClient) -> None:
    pause_id = _pause(user, 1, 2).json["id"]

    response = user.patch(f"{PAUSES}/{pause_id}", json={"start_date": "0001-01-01"})

    assert response.status_code == 422
    assert "1970-01-01" in errors(response)["start_date"][0]
    assert (
        user.get(f"{PAUSES}/{pause_id}").json["start_date"]
        == (today() + timedelta(days=1)).isoformat()
    )


def test_list_filters_by_overlap_with_from_to(user: ApiClient) -> None:
    early = _pause(user, -30, -20).json["id"]
    middle = _pause(user, -10, -5).json["id"]
    ahead = _pause(user, 5, 8).json["id"]

    def ids(query: str) -> list[int]:
        response = user.get(f"{PAUSES}?{query}")
        assert response.status_code == 200, response.json
        return [pause["id"] for pause in response.json]

    day = lambda n: (today() + timedelta(days=n)).isoformat()  # noqa: E731
    assert ids(f"from={day(-20)}&to={day(-5)}") == [middle, early]  # both ends touch
    assert ids(f"from={day(-19)}") == [ahead, middle]
    assert ids(f"to={day(-21)}") == [early]
    assert ids(f"from={day(-4)}&to={day(4)}") == []
    assert ids("") == [ahead, middle, early]


def test_list_refuses_a_bad_range_naming_the_field(user: ApiClient) -> None:
    backwards = user.get(f"{PAUSES}?from=2026-03-02&to=2026-03-01")
    ancient = user.get(f"{PAUSES}?from=0001-01-01")

    assert backwards.status_code == ancient.status_code == 422
    assert errors(backwards, "query") == {"from": ["'from' must be on or before 'to'."]}
    assert errors(ancient, "query") == {"from": ["Must be on or after 1970-01-01."]}


def test_openapi_documents_the_pause_filters_and_bounds(user: ApiClient) -> None:
    spec = user.get("/api/openapi.json").json
    names = {p["name"] for p in spec["paths"]["/api/v1/pauses"]["get"]["parameters"]}
    start = spec["components"]["schemas"]["PauseIn"]["properties"]["start_date"]

    assert {"from", "to", "page", "page_size"} <= names
    assert start["format"] == "date"
    assert "On or after 1970-01-01" in start["description"]
