"""Hostile bodies: each a clear 4xx JSON answer, and nothing written."""

from __future__ import annotations

import pytest

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import ApiClient
from tracker.models import CareSession, Checkin, ShareLink


def _nothing_written(rows: Rows) -> None:
    assert rows.count(Checkin) == rows.count(CareSession) == 0


def test_a_body_over_the_limit_is_413_json(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(
        CHECKINS, data=b"{" + b" " * (3 * 1024 * 1024) + b"}", content_type="application/json"
    )

    assert response.status_code == 413
    assert response.is_json and response.json["code"] == 413 and response.json["message"]
    _nothing_written(rows)


def test_deeply_nested_json_is_a_clear_4xx(bearer: ApiClient, rows: Rows) -> None:
    nested = "[" * 100_000 + "]" * 100_000

    response = bearer.post(CHECKINS, data=nested, content_type="application/json")

    assert response.status_code in (400, 422)
    assert response.is_json and response.json["message"]
    _nothing_written(rows)


def test_invalid_utf8_is_400(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(
        CHECKINS, data=b'{"pain_right": 5, "notes": "\xff\xfe"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json["message"] == "Invalid JSON body."
    _nothing_written(rows)


def test_a_one_megabyte_note_is_422_naming_the_field(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(CHECKINS, json=checkin_body(notes="x" * 1024 * 1024))

    assert response.status_code == 422
    assert response.json["errors"]["json"]["notes"] == ["Longer than maximum length 2000."]
    _nothing_written(rows)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/csv", "pain_right\n5\n"),
        ("application/x-www-form-urlencoded", "pain_right=5"),
        ("application/xml", "<checkin/>"),
    ],
)
def test_a_wrong_content_type_is_415(
    bearer: ApiClient, rows: Rows, content_type: str, data: str
) -> None:
    response = bearer.post(SESSIONS, data=data, content_type=content_type)

    assert response.status_code == 415
    assert "application/json" in response.json["message"]
    _nothing_written(rows)


def test_nul_bytes_in_text_are_refused(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(CHECKINS, json=checkin_body(notes="before\x00after"))

    assert response.status_code == 422
    assert "notes" in response.json["errors"]["json"]
    _nothing_written(rows)


HUGE_NUMBER = "9" * 5000
"""Past Python's 4,300-digit limit for turning text into an int: json.loads raises ValueError."""


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/login", f'{{"email": "a@b.co", "password": {HUGE_NUMBER}}}'),
        ("/api/v1/auth/register", f'{{"email": "a@b.co", "feet": {HUGE_NUMBER}}}'),
        (CHECKINS, f'{{"pain_right": {HUGE_NUMBER}}}'),
        (SESSIONS, f'{{"duration_s": {HUGE_NUMBER}}}'),
    ],
)
def test_a_number_of_five_thousand_digits_is_400(
    bearer: ApiClient, rows: Rows, path: str, body: str
) -> None:
    response = bearer.post(path, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json["message"] == "Invalid JSON body."
    _nothing_written(rows)


def test_a_number_of_five_thousand_digits_in_a_patch_is_400(bearer: ApiClient) -> None:
    made = bearer.post(CHECKINS, json=checkin_body(pain_right=3)).json

    response = bearer.patch(
        f"{CHECKINS}/{made['id']}",
        data=f'{{"pain_right": {HUGE_NUMBER}}}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert bearer.get(f"{CHECKINS}/{made['id']}").json["pain_right"] == 3


LONE_SURROGATE = '"\\ud800"'
"""JSON's spelling of half a UTF-16 pair: valid JSON, but text no database can store."""


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (CHECKINS, f'{{"pain_right": 5, "notes": {LONE_SURROGATE}}}', "notes"),
        (SESSIONS, f'{{"duration_s": 60, "notes": {LONE_SURROGATE}}}', "notes"),
        ("/api/v1/auth/login", f'{{"email": {LONE_SURROGATE}, "password": "x"}}', "email"),
        ("/api/v1/auth/login", f'{{"email": "a@b.co", "password": {LONE_SURROGATE}}}', "password"),
        (
            "/api/v1/auth/register",
            f'{{"email": "new@example.com", "password": "a{LONE_SURROGATE[1:-1]} long password"}}',
            "password",
        ),
    ],
)
def test_a_lone_surrogate_is_422_naming_the_field(
    bearer: ApiClient, rows: Rows, path: str, body: str, field: str
) -> None:
    response = bearer.post(path, data=body, content_type="application/json")

    assert response.status_code == 422
    assert response.json["errors"]["json"] == {
        field: ["Contains an invalid character (half of a UTF-16 surrogate pair)."]
    }
    _nothing_written(rows)


def test_a_crlf_in_next_after_signing_in_is_a_safe_redirect(user: ApiClient) -> None:
    response = user.client.get("/login?next=/%0d%0aSet-Cookie:%20x=1")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("page", ["/checkins/{}/edit", "/sessions/{}/edit"])
@pytest.mark.parametrize("row_id", [2**31, 2**63, 10**30])
def test_an_id_too_big_for_the_database_is_404_on_edit_pages(
    user: ApiClient, page: str, row_id: int
) -> None:
    assert user.client.get(page.format(row_id)).status_code == 404


PAUSES = "/api/v1/pauses"


def _one_of_each(person: ApiClient) -> dict[str, str]:
    pause = person.post(PAUSES, json={"end_date": today().isoformat(), "reason": "travel"}).json
    return {
        "checkin": f"{CHECKINS}/{person.post(CHECKINS, json=checkin_body()).json['id']}",
        "session": f"{SESSIONS}/{person.post(SESSIONS, json=session_body()).json['id']}",
        "pause": f"{PAUSES}/{pause['id']}",
        "me": "/api/v1/me",
    }


@pytest.mark.parametrize("what", ["checkin", "session", "pause", "me"])
@pytest.mark.parametrize("body", [None, {}], ids=["no body", "empty object"])
def test_a_patch_that_changes_nothing_is_422(
    bearer: ApiClient, what: str, body: dict[str, object] | None
) -> None:
    path = _one_of_each(bearer)[what]
    before = bearer.get(path).json

    response = bearer.patch(path, json=body)

    assert response.status_code == 422
    assert response.json["message"] == "Send at least one field to change, as a JSON object."
    assert bearer.get(path).json == before


def test_a_share_link_needs_a_body_even_an_empty_one(bearer: ApiClient, rows: Rows) -> None:
    refused = bearer.post("/api/v1/share-links")
    made = bearer.post("/api/v1/share-links", json={})

    assert refused.status_code == 422
    assert "Send the body as JSON" in refused.json["message"]
    assert made.status_code == 201
    assert rows.count(ShareLink) == 1


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", CHECKINS, {"GET", "HEAD", "OPTIONS", "POST"}),
        ("DELETE", "/api/v1/auth/login", {"OPTIONS", "POST"}),
        ("POST", "/healthz", {"GET", "HEAD", "OPTIONS"}),
        ("PUT", "/login", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("DELETE", "/history", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_every_405_says_what_is_allowed(
    bearer: ApiClient, method: str, path: str, allowed: set[str]
) -> None:
    response = bearer.client.open(path, method=method)

    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
