"""/api/v1/sessions: self-care sessions, dated in the person's own calendar."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import BERLIN, SESSIONS, days_ago, errors, session_body, today
from tests.conftest import ApiClient, new_id
from tracker.models import CareSession, session_techniques


def _at(day_offset: int, clock: str = "12:00:00", offset: str = "+00:00") -> str:
    """A moment on the date `day_offset` days before today (Berlin), as ISO text."""
    return f"{days_ago(day_offset).isoformat()}T{clock}{offset}"


def _slugs(rows: Rows) -> list[str]:
    session = rows.one(select(CareSession))
    return [t.slug for t in session.techniques]


def test_post_session_stores_it_with_sorted_techniques(user: ApiClient, rows: Rows) -> None:
    body = session_body(
        started_at=_at(2, "19:15:00", "+01:00"),
        duration_s=900,
        foot="both",
        techniques=["thumb-walk", "ball-roll", "stretch"],
        pressure=4,
        discomfort=2,
        tool="golf ball",
        notes="Evening, after the walk.",
    )

    response = user.post(SESSIONS, json=body)

    assert response.status_code == 201
    got = response.json
    assert got["techniques"] == ["ball-roll", "stretch", "thumb-walk"]
    assert got["client_id"] == body["client_id"]
    assert datetime.fromisoformat(got["started_at"]) == datetime.fromisoformat(body["started_at"])
    assert got["local_date"] == days_ago(2).isoformat()
    assert (got["duration_s"], got["foot"], got["pressure"], got["discomfort"]) == (
        900,
        "both",
        4,
        2,
    )
    assert (got["tool"], got["notes"]) == ("golf ball", "Evening, after the walk.")

    stored = rows.one(select(CareSession))
    assert stored.id == got["id"]
    assert stored.started_at == datetime.fromisoformat(body["started_at"])
    assert stored.local_date == days_ago(2)
    assert stored.duration_s == 900
    assert _slugs(rows) == ["ball-roll", "stretch", "thumb-walk"]


def test_optional_fields_may_be_left_out(user: ApiClient) -> None:
    body = session_body()
    del body["client_id"]

    response = user.post(SESSIONS, json=body)

    assert response.status_code == 201
    assert response.json["client_id"] is None
    assert response.json["discomfort"] is None
    assert response.json["tool"] is None
    assert response.json["notes"] == ""


def test_local_date_follows_the_users_timezone(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    late_evening_utc = _at(30, "23:30:00")  # already the next morning in Berlin

    berlin = user.post(SESSIONS, json=session_body(started_at=late_evening_utc))
    utc = other_user.post(SESSIONS, json=session_body(started_at=late_evening_utc))

    assert berlin.json["local_date"] == days_ago(29).isoformat()
    assert utc.json["local_date"] == days_ago(30).isoformat()
    dates = {s.user_id: s.local_date for s in rows.all(select(CareSession))}
    assert sorted(dates.values()) == [days_ago(30), days_ago(29)]


def test_started_at_is_returned_in_utc(user: ApiClient) -> None:
    response = user.post(SESSIONS, json=session_body(started_at=_at(3, "07:45:00", "+02:00")))

    assert response.json["started_at"] == f"{days_ago(3).isoformat()}T05:45:00+00:00"


@pytest.mark.parametrize("duration_s", [1, 14400])
def test_duration_limits_are_inclusive(user: ApiClient, duration_s: int) -> None:
    response = user.post(SESSIONS, json=session_body(duration_s=duration_s))

    assert response.status_code == 201
    assert response.json["duration_s"] == duration_s


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("duration_s", 0, "from 1 second to 4 hours"),
        ("duration_s", 14401, "from 1 second to 4 hours"),
        ("duration_s", "600", "Not a valid integer"),
        ("pressure", 0, "from 1 (very light) to 10"),
        ("pressure", 11, "from 1 (very light) to 10"),
        ("pressure", 4.5, "Not a valid integer"),
        ("discomfort", 11, "from 0 to 10"),
        ("discomfort", -1, "from 0 to 10"),
        ("foot", "middle", "Must be one of"),
        ("techniques", [], "Choose at least one technique"),
        ("techniques", ["moonwalk"], "Not a technique in the catalog"),
        ("techniques", ["stretch"] * 20, "at most 19"),
        ("techniques", "stretch", "Not a valid list"),
        ("started_at", "2026-03-01T10:00:00", "Not a valid aware datetime"),
        ("started_at", "last night", "Not a valid datetime"),
        ("started_at", "2026-03-01", "Not a valid aware datetime"),
        ("notes", "x" * 2001, "Longer than maximum length 2000"),
        ("tool", "x" * 101, "Longer than maximum length 100"),
        ("client_id", "12345", "Not a valid UUID"),
        ("mood", "calm", "Unknown field"),
    ],
)
def test_session_with_a_bad_field_is_422_naming_it(
    user: ApiClient, rows: Rows, field: str, value: object, reason: str
) -> None:
    response = user.post(SESSIONS, json=session_body(**{field: value}))

    assert response.status_code == 422
    problems = errors(response)
    assert list(problems) == [field]
    assert reason in json.dumps(problems[field])
    assert rows.count(CareSession) == 0


def test_session_missing_its_required_fields_names_each(user: ApiClient) -> None:
    response = user.post(SESSIONS, json={})

    assert response.status_code == 422
    assert set(errors(response)) == {"started_at", "duration_s", "foot", "techniques", "pressure"}


def test_session_starting_in_the_future_is_422(user: ApiClient, rows: Rows) -> None:
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()

    response = user.post(SESSIONS, json=session_body(started_at=soon))

    assert response.status_code == 422
    assert errors(response)["started_at"] == ["Cannot be in the future."]
    assert rows.count(CareSession) == 0


def test_session_before_2000_is_422(user: ApiClient) -> None:
    response = user.post(SESSIONS, json=session_body(started_at="1999-12-31T12:00:00+00:00"))

    assert response.status_code == 422
    assert "started_at" in errors(response)


def test_repeated_techniques_are_stored_once(user: ApiClient, rows: Rows) -> None:
    response = user.post(SESSIONS, json=session_body(techniques=["stretch", "stretch"]))

    assert response.status_code == 201
    assert response.json["techniques"] == ["stretch"]
    assert rows.count(session_techniques) == 1


def test_retried_post_returns_the_stored_session_and_writes_nothing(
    user: ApiClient, rows: Rows
) -> None:
    body = session_body(pressure=4)
    first = user.post(SESSIONS, json=body)

    retry = user.post(SESSIONS, json={**body, "pressure": 9, "techniques": ["gua-sha"]})

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json["id"] == first.json["id"]
    assert retry.json["pressure"] == 4
    assert rows.count(CareSession) == 1
    assert rows.count(session_techniques) == 3


def test_same_client_id_for_two_people_are_two_sessions(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    client_id = new_id()

    mine = user.post(SESSIONS, json=session_body(client_id=client_id))
    theirs = other_user.post(SESSIONS, json=session_body(client_id=client_id))

    assert mine.status_code == theirs.status_code == 201
    assert rows.count(CareSession) == 2


def test_several_sessions_a_day_are_fine(user: ApiClient, rows: Rows) -> None:
    for clock in ("07:00:00", "20:00:00"):
        response = user.post(SESSIONS, json=session_body(started_at=_at(1, clock, "+01:00")))
        assert response.status_code == 201

    assert rows.count(CareSession) == 2


def test_patch_replaces_the_techniques(user: ApiClient, rows: Rows) -> None:
    created = user.post(SESSIONS, json=session_body()).json

    response = user.patch(
        f"{SESSIONS}/{created['id']}", json={"techniques": ["frozen-bottle", "calf-release"]}
    )

    assert response.status_code == 200
    assert response.json["techniques"] == ["calf-release", "frozen-bottle"]
    assert _slugs(rows) == ["calf-release", "frozen-bottle"]
    assert rows.count(session_techniques) == 2


def test_patch_changes_fields_and_keeps_the_rest(user: ApiClient, rows: Rows) -> None:
    created = user.post(SESSIONS, json=session_body(pressure=4, duration_s=600)).json

    response = user.patch(f"{SESSIONS}/{created['id']}", json={"pressure": 3, "notes": "lighter"})

    assert response.status_code == 200
    stored = rows.one(select(CareSession))
    assert (stored.pressure, stored.notes, stored.duration_s) == (3, "lighter", 600)
    assert response.json["techniques"] == created["techniques"]


def test_patch_of_started_at_redates_the_session(user: ApiClient, rows: Rows) -> None:
    created = user.post(SESSIONS, json=session_body()).json

    response = user.patch(f"{SESSIONS}/{created['id']}", json={"started_at": _at(5, "23:30:00")})

    assert response.status_code == 200
    assert response.json["local_date"] == days_ago(4).isoformat()  # 00:30 in Berlin
    assert rows.one(select(CareSession)).local_date == days_ago(4)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"techniques": []}, "techniques"),
        ({"techniques": ["moonwalk"]}, "techniques"),
        ({"pressure": 11}, "pressure"),
        ({"duration_s": 0}, "duration_s"),
        ({"started_at": "2026-03-01T10:00:00"}, "started_at"),
        ({"started_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}, "started_at"),
        ({"foot": None}, "foot"),
    ],
    ids=["no-techniques", "unknown-technique", "pressure", "duration", "naive", "future", "foot"],
)
def test_patch_with_a_bad_value_is_422_and_changes_nothing(
    user: ApiClient, rows: Rows, changes: dict[str, object], field: str
) -> None:
    created = user.post(SESSIONS, json=session_body(started_at=_at(1))).json

    response = user.patch(f"{SESSIONS}/{created['id']}", json=changes)

    assert response.status_code == 422
    assert field in errors(response)
    stored = rows.one(select(CareSession))
    assert (stored.pressure, stored.duration_s, stored.local_date) == (4, 600, days_ago(1))
    assert _slugs(rows) == created["techniques"]


def test_delete_removes_the_session_and_its_techniques(user: ApiClient, rows: Rows) -> None:
    created = user.post(SESSIONS, json=session_body()).json

    response = user.delete(f"{SESSIONS}/{created['id']}")

    assert response.status_code == 204
    assert user.get(f"{SESSIONS}/{created['id']}").status_code == 404
    assert rows.count(CareSession) == 0
    assert rows.count(session_techniques) == 0


def test_another_persons_session_is_404_and_never_listed(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    theirs = other_user.post(SESSIONS, json=session_body(pressure=7)).json
    path = f"{SESSIONS}/{theirs['id']}"

    responses = [user.get(path), user.patch(path, json={"pressure": 1}), user.delete(path)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all(r.json["message"] == "No such session." for r in responses)
    assert user.get(SESSIONS).json == []
    assert rows.one(select(CareSession)).pressure == 7
    assert other_user.get(path).status_code == 200


def test_get_one_session(user: ApiClient) -> None:
    created = user.post(SESSIONS, json=session_body()).json

    response = user.get(f"{SESSIONS}/{created['id']}")

    assert response.status_code == 200
    assert response.json == created


def test_list_is_newest_first_and_filters_by_inclusive_local_dates(user: ApiClient) -> None:
    now = datetime.now(ZoneInfo(BERLIN))
    for n in (2, 0, 4, 1, 3):  # a moment n days back is never in the future, at any hour
        user.post(SESSIONS, json=session_body(started_at=(now - timedelta(days=n)).isoformat()))

    everything = user.get(SESSIONS)
    window = user.get(
        SESSIONS, query_string={"from": days_ago(3).isoformat(), "to": days_ago(1).isoformat()}
    )

    assert [s["local_date"] for s in everything.json] == [days_ago(n).isoformat() for n in range(5)]
    assert [s["local_date"] for s in window.json] == [days_ago(n).isoformat() for n in (1, 2, 3)]


def test_list_from_after_to_is_422(user: ApiClient) -> None:
    response = user.get(
        SESSIONS, query_string={"from": today().isoformat(), "to": days_ago(1).isoformat()}
    )

    assert response.status_code == 422
    assert errors(response, "query")["from"] == ["'from' must be on or before 'to'."]


def test_list_pages_with_a_total_in_the_header(user: ApiClient) -> None:
    for n in range(3):
        user.post(SESSIONS, json=session_body(started_at=_at(n + 1)))

    first = user.get(SESSIONS, query_string={"page_size": 2})
    last = user.get(SESSIONS, query_string={"page_size": 2, "page": 2})

    assert len(first.json) == 2 and len(last.json) == 1
    assert json.loads(first.headers["X-Pagination"])["total"] == 3
    assert {s["id"] for s in first.json}.isdisjoint(s["id"] for s in last.json)


def test_a_page_far_past_the_end_is_empty_not_an_error(user: ApiClient) -> None:
    user.post(SESSIONS, json=session_body())

    response = user.get(SESSIONS, query_string={"page": 10**25, "page_size": 10})

    assert response.status_code == 200
    assert response.json == []
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
