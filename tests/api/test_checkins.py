"""/api/v1/checkins: one morning check-in a day, retries are free, the past is editable."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, checkin_body, days_ago, errors, today
from tests.conftest import ApiClient, new_id
from tracker.models import Checkin, User


def _post_days(client: ApiClient, *ago: int) -> list[dict[str, object]]:
    made = []
    for n in ago:
        response = client.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat()))
        assert response.status_code == 201, response.json
        made.append(response.json)
    return made


def test_post_checkin_stores_this_mornings_pain(user: ApiClient, rows: Rows) -> None:
    client_id = new_id()

    response = user.post(
        CHECKINS,
        json={
            "client_id": client_id,
            "pain_right": 6,
            "stiffness": 4,
            "warning_signs": ["swelling", "bruising", "swelling"],
            "notes": "Stiff until the second coffee.",
        },
    )

    assert response.status_code == 201
    body = response.json
    assert body["date"] == today().isoformat()  # the user's local date, Europe/Berlin
    assert body["client_id"] == client_id
    assert (body["pain_left"], body["pain_right"], body["stiffness"]) == (None, 6, 4)
    assert body["warning_signs"] == ["bruising", "swelling"]
    assert body["notes"] == "Stiff until the second coffee."
    stored = rows.one(select(Checkin))
    assert stored.id == body["id"]
    assert stored.user_id == rows.one(select(User)).id
    assert (stored.date, stored.pain_left, stored.pain_right) == (today(), None, 6)
    assert stored.warning_signs == ["bruising", "swelling"]
    assert str(stored.client_id) == client_id


def test_checkin_for_both_feet_and_an_earlier_date(user: ApiClient, rows: Rows) -> None:
    response = user.post(
        CHECKINS,
        json={"pain_left": 0, "pain_right": 10, "date": days_ago(3).isoformat()},
    )

    assert response.status_code == 201
    assert (response.json["pain_left"], response.json["pain_right"]) == (0, 10)
    assert response.json["date"] == days_ago(3).isoformat()
    assert response.json["client_id"] is None
    assert rows.one(select(Checkin)).date == days_ago(3)


def test_get_one_checkin(user: ApiClient) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    response = user.get(f"{CHECKINS}/{created['id']}")

    assert response.status_code == 200
    assert response.json == created


@pytest.mark.parametrize("field", ["pain_right", "pain_left", "stiffness"])
@pytest.mark.parametrize("value", [11, -1, 5.5, "5", True])
def test_pain_out_of_range_is_422_naming_the_field(
    user: ApiClient, rows: Rows, field: str, value: object
) -> None:
    response = user.post(CHECKINS, json={"pain_right": 5, "pain_left": 5, field: value})

    assert response.status_code == 422
    assert list(errors(response)) == [field]
    assert field in response.json["message"]
    assert rows.count(Checkin) == 0


def test_pain_of_11_says_what_the_scale_is(user: ApiClient) -> None:
    response = user.post(CHECKINS, json=checkin_body(pain_right=11))

    assert errors(response)["pain_right"] == [
        "Must be a whole number from 0 (no pain) to 10 (worst pain)."
    ]


@pytest.mark.parametrize(
    "body",
    [{"stiffness": 3}, {"pain_left": None, "pain_right": None}, {}],
    ids=["stiffness-only", "both-null", "empty"],
)
def test_checkin_without_any_foot_is_422(
    user: ApiClient, rows: Rows, body: dict[str, object]
) -> None:
    response = user.post(CHECKINS, json=body)

    assert response.status_code == 422
    assert errors(response)["pain_left"] == ["Log first-step pain for at least one foot."]
    assert rows.count(Checkin) == 0


def test_checkin_in_the_future_is_422_naming_date(user: ApiClient, rows: Rows) -> None:
    tomorrow = days_ago(-1)

    response = user.post(CHECKINS, json=checkin_body(date=tomorrow.isoformat()))

    assert response.status_code == 422
    assert "Cannot be in the future" in errors(response)["date"][0]
    assert today().isoformat() in errors(response)["date"][0]
    assert rows.count(Checkin) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "1999-12-31"),
        ("date", "25/11/2026"),
        ("date", None),
        ("warning_signs", ["sore-feet"]),
        ("warning_signs", "swelling"),
        ("warning_signs", None),
        ("notes", "x" * 2001),
        ("notes", None),
        ("client_id", "not-a-uuid"),
        ("mood", "grumpy"),
        ("user_id", 2),
    ],
)
def test_checkin_with_a_bad_field_is_422_naming_it(
    user: ApiClient, rows: Rows, field: str, value: object
) -> None:
    response = user.post(CHECKINS, json=checkin_body(**{field: value}))

    assert response.status_code == 422
    assert field in errors(response)
    assert rows.count(Checkin) == 0


def test_notes_of_2000_characters_are_kept(user: ApiClient, rows: Rows) -> None:
    response = user.post(CHECKINS, json=checkin_body(notes="n" * 2000))

    assert response.status_code == 201
    assert len(rows.one(select(Checkin)).notes) == 2000


def test_every_warning_sign_from_the_brief_is_accepted(user: ApiClient) -> None:
    signs = [
        "after-injury",
        "bone-pain",
        "bruising",
        "cannot-bear-weight",
        "fever",
        "numbness",
        "redness",
        "severe-pain",
        "swelling",
        "tingling",
    ]

    response = user.post(CHECKINS, json=checkin_body(warning_signs=signs))

    assert response.status_code == 201
    assert response.json["warning_signs"] == signs


def test_retried_post_returns_the_stored_checkin_and_writes_nothing(
    user: ApiClient, rows: Rows
) -> None:
    body = checkin_body(pain_right=6)
    first = user.post(CHECKINS, json=body)

    retry = user.post(CHECKINS, json={**body, "pain_right": 2})

    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json["id"] == first.json["id"]
    assert retry.json["pain_right"] == 6
    assert rows.count(Checkin) == 1
    assert rows.one(select(Checkin)).pain_right == 6


def test_retry_through_a_token_finds_the_cookie_clients_checkin(
    user: ApiClient, bearer: ApiClient, rows: Rows
) -> None:
    body = checkin_body()
    first = user.post(CHECKINS, json=body)

    retry = bearer.post(CHECKINS, json=body)

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json["id"] == first.json["id"]
    assert rows.count(Checkin) == 1


def test_two_people_may_use_the_same_client_id(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    client_id = new_id()

    mine = user.post(CHECKINS, json=checkin_body(client_id=client_id))
    theirs = other_user.post(CHECKINS, json=checkin_body(client_id=client_id))

    assert mine.status_code == theirs.status_code == 201
    assert mine.json["id"] != theirs.json["id"]
    assert rows.count(Checkin) == 2


@pytest.mark.parametrize("second_client_id", [new_id(), None], ids=["other-client-id", "none"])
def test_second_checkin_same_day_is_409_pointing_to_the_first(
    user: ApiClient, rows: Rows, second_client_id: str | None
) -> None:
    first = user.post(CHECKINS, json=checkin_body()).json

    response = user.post(CHECKINS, json=checkin_body(client_id=second_client_id, pain_right=2))

    assert response.status_code == 409
    message = response.json["message"]
    assert today().isoformat() in message
    assert "Edit it instead" in message
    assert f"PATCH /api/v1/checkins/{first['id']}" in message
    assert rows.count(Checkin) == 1
    assert rows.one(select(Checkin)).pain_right == 6


def test_patch_corrects_a_checkin(user: ApiClient, rows: Rows) -> None:
    created = user.post(CHECKINS, json=checkin_body(stiffness=5)).json

    response = user.patch(
        f"{CHECKINS}/{created['id']}",
        json={"pain_right": 3, "warning_signs": ["tingling"], "notes": "better"},
    )

    assert response.status_code == 200
    assert response.json["pain_right"] == 3
    assert response.json["stiffness"] == 5
    assert response.json["warning_signs"] == ["tingling"]
    stored = rows.one(select(Checkin))
    assert (stored.pain_right, stored.stiffness, stored.notes) == (3, 5, "better")
    assert stored.updated_at >= stored.created_at


def test_patch_moves_a_checkin_to_a_free_date(user: ApiClient, rows: Rows) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    response = user.patch(f"{CHECKINS}/{created['id']}", json={"date": days_ago(1).isoformat()})

    assert response.status_code == 200
    assert rows.one(select(Checkin)).date == days_ago(1)


def test_patch_onto_another_checkins_date_is_409(user: ApiClient, rows: Rows) -> None:
    todays, yesterdays = _post_days(user, 0, 1)

    response = user.patch(f"{CHECKINS}/{yesterdays['id']}", json={"date": today().isoformat()})

    assert response.status_code == 409
    assert f"/api/v1/checkins/{todays['id']}" in response.json["message"]
    dates = sorted(c.date for c in rows.all(select(Checkin)))
    assert dates == [days_ago(1), today()]


def test_patch_keeping_its_own_date_is_fine(user: ApiClient) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    response = user.patch(f"{CHECKINS}/{created['id']}", json={"date": created["date"]})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": days_ago(-1).isoformat()}, "date"),
        ({"pain_right": 11}, "pain_right"),
        ({"pain_right": None}, "pain_left"),
        ({"warning_signs": ["hiccups"]}, "warning_signs"),
        ({"notes": "x" * 2001}, "notes"),
        ({"mood": "ok"}, "mood"),
    ],
    ids=["future-date", "pain-11", "no-foot-left", "bad-sign", "long-notes", "unknown"],
)
def test_patch_with_a_bad_value_is_422_and_changes_nothing(
    user: ApiClient, rows: Rows, changes: dict[str, object], field: str
) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    response = user.patch(f"{CHECKINS}/{created['id']}", json=changes)

    assert response.status_code == 422
    assert field in errors(response)
    stored = rows.one(select(Checkin))
    assert (stored.date, stored.pain_right, stored.warning_signs) == (today(), 6, [])


def test_patch_cannot_change_the_client_id(user: ApiClient, rows: Rows) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    user.patch(f"{CHECKINS}/{created['id']}", json={"client_id": new_id()})

    assert str(rows.one(select(Checkin)).client_id) == created["client_id"]


def test_delete_removes_the_checkin_and_frees_its_date(user: ApiClient, rows: Rows) -> None:
    created = user.post(CHECKINS, json=checkin_body()).json

    response = user.delete(f"{CHECKINS}/{created['id']}")

    assert response.status_code == 204
    assert rows.count(Checkin) == 0
    assert user.get(f"{CHECKINS}/{created['id']}").status_code == 404
    assert user.post(CHECKINS, json=checkin_body()).status_code == 201


def test_another_persons_checkin_is_404_and_never_listed(
    user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    theirs = other_user.post(CHECKINS, json=checkin_body(pain_right=7)).json
    path = f"{CHECKINS}/{theirs['id']}"

    responses = [
        user.get(path),
        user.patch(path, json={"pain_right": 0}),
        user.delete(path),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all(r.json["message"] == "No such check-in." for r in responses)
    assert user.get(CHECKINS).json == []
    stored = rows.one(select(Checkin))
    assert (stored.id, stored.pain_right) == (theirs["id"], 7)


def test_unknown_checkin_is_404(user: ApiClient) -> None:
    assert user.get(f"{CHECKINS}/424242").status_code == 404


def test_list_is_newest_first_and_filters_by_inclusive_dates(user: ApiClient) -> None:
    _post_days(user, 2, 0, 4, 1, 3)

    everything = user.get(CHECKINS)
    window = user.get(
        CHECKINS, query_string={"from": days_ago(3).isoformat(), "to": days_ago(1).isoformat()}
    )
    since = user.get(CHECKINS, query_string={"from": days_ago(1).isoformat()})
    until = user.get(CHECKINS, query_string={"to": days_ago(4).isoformat()})

    assert [c["date"] for c in everything.json] == [days_ago(n).isoformat() for n in range(5)]
    assert [c["date"] for c in window.json] == [days_ago(n).isoformat() for n in (1, 2, 3)]
    assert [c["date"] for c in since.json] == [days_ago(n).isoformat() for n in (0, 1)]
    assert [c["date"] for c in until.json] == [days_ago(4).isoformat()]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-02-10", "to": "2026-02-01"}, "from"),
        ({"from": "last week"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
    ],
)
def test_list_with_a_bad_query_is_422_naming_it(
    user: ApiClient, query: dict[str, object], field: str
) -> None:
    response = user.get(CHECKINS, query_string=query)

    assert response.status_code == 422
    assert field in errors(response, "query")


def test_list_pages_with_a_total_in_the_header(user: ApiClient) -> None:
    _post_days(user, 0, 1, 2, 3, 4)

    response = user.get(CHECKINS, query_string={"page_size": 2, "page": 2})

    assert response.status_code == 200
    assert [c["date"] for c in response.json] == [days_ago(2).isoformat(), days_ago(3).isoformat()]
    paging = json.loads(response.headers["X-Pagination"])
    assert paging["total"] == 5
    assert paging["total_pages"] == 3
    assert paging["page"] == 2


def test_token_and_cookie_clients_see_the_same_checkins(user: ApiClient, bearer: ApiClient) -> None:
    created = bearer.post(CHECKINS, json=checkin_body()).json

    assert [c["id"] for c in user.get(CHECKINS).json] == [created["id"]]


def test_patch_racing_onto_a_taken_morning_is_409_not_500(
    user: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.checkins import service

    user.post(CHECKINS, json={"pain_right": 5, "date": today().isoformat()})
    mine = user.post(CHECKINS, json={"pain_right": 4, "date": days_ago(1).isoformat()})
    real_conflict, calls = service._conflict, []

    def misses_the_race_once(*args: object) -> None:
        calls.append(args)
        if len(calls) > 1:
            real_conflict(*args)

    monkeypatch.setattr(service, "_conflict", misses_the_race_once)

    response = user.patch(f"{CHECKINS}/{mine.json['id']}", json={"date": today().isoformat()})

    assert response.status_code == 409
    assert "already a check-in" in response.json["message"]


def test_the_weekly_global_change_rides_on_the_checkin(user: ApiClient) -> None:
    made = user.post(CHECKINS, json=checkin_body(global_change="minimally-improved"))
    wrong = user.patch(f"{CHECKINS}/{made.json['id']}", json={"global_change": "great"})
    cleared = user.patch(f"{CHECKINS}/{made.json['id']}", json={"global_change": None})

    assert made.status_code == 201
    assert made.json["global_change"] == "minimally-improved"
    assert wrong.status_code == 422
    assert errors(wrong)["global_change"][0].startswith("Must be one of: very-much-improved")
    assert cleared.json["global_change"] is None


def test_the_summary_sets_the_rating_beside_the_numbers(user: ApiClient) -> None:
    user.post(CHECKINS, json=checkin_body(global_change="much-improved"))

    progress = user.get("/api/v1/stats/summary").json["progress"]

    assert progress["global_change"] == "much-improved"
    assert progress["global_change_label"] == "much improved"
    assert progress["feeling"].startswith("You rate it \u201cmuch improved\u201d")
    assert progress["feeling_agrees"] is None
