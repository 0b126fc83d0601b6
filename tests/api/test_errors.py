"""What every API endpoint does with no sign-in, a forged request or a body it cannot read."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import Rows
from tests.api.helpers import (
    CHECKINS,
    LOGIN,
    ME,
    REGISTER,
    SESSIONS,
    TECHNIQUES,
    TOKENS,
    checkin_body,
    errors,
    session_body,
)
from tests.conftest import ApiClient
from tracker.models import ApiToken, CareSession, Checkin

PRIVATE = [
    ("GET", ME),
    ("PATCH", ME),
    ("GET", TOKENS),
    ("POST", TOKENS),
    ("DELETE", f"{TOKENS}/1"),
    ("GET", CHECKINS),
    ("POST", CHECKINS),
    ("GET", f"{CHECKINS}/1"),
    ("PATCH", f"{CHECKINS}/1"),
    ("DELETE", f"{CHECKINS}/1"),
    ("GET", SESSIONS),
    ("POST", SESSIONS),
    ("GET", f"{SESSIONS}/1"),
    ("PATCH", f"{SESSIONS}/1"),
    ("DELETE", f"{SESSIONS}/1"),
    ("GET", TECHNIQUES),
    ("GET", "/api/v1/stats/summary"),
    ("GET", "/api/v1/charts/1"),
    ("GET", "/api/v1/dashboard"),
    ("GET", "/api/v1/export/daily.csv"),
    ("GET", "/api/v1/export/sessions.csv"),
    ("GET", "/api/v1/export/checkins.csv"),
    ("GET", "/api/v1/export/pauses.csv"),
    ("GET", "/api/v1/export/plans.csv"),
    ("GET", "/api/v1/export/daily.xlsx"),
    ("GET", "/api/v1/export/sessions.xlsx"),
    ("GET", "/api/v1/export/checkins.xlsx"),
    ("GET", "/api/v1/export/pauses.xlsx"),
    ("GET", "/api/v1/export/plans.xlsx"),
    ("GET", "/api/v1/pauses"),
    ("POST", "/api/v1/pauses"),
    ("GET", "/api/v1/pauses/1"),
    ("PATCH", "/api/v1/pauses/1"),
    ("DELETE", "/api/v1/pauses/1"),
    ("POST", "/api/v1/pauses/1/end"),
    ("DELETE", ME),
    ("POST", f"{ME}/password"),
    ("GET", "/api/v1/export/fhir"),
    ("GET", "/api/v1/my-data"),
    ("GET", "/api/v1/share-links"),
    ("POST", "/api/v1/share-links"),
    ("DELETE", "/api/v1/share-links/1"),
    ("POST", "/api/v1/import"),
    ("GET", "/api/v1/push/key"),
    ("GET", "/api/v1/push/subscriptions"),
    ("POST", "/api/v1/push/subscriptions"),
    ("DELETE", "/api/v1/push/subscriptions/1"),
]
UNSAFE = [(method, path) for method, path in PRIVATE if method != "GET"]
WRITES = [
    (CHECKINS, checkin_body, Checkin),
    (SESSIONS, session_body, CareSession),
    (TOKENS, lambda: {"name": "forged"}, ApiToken),
]


def _call(client: FlaskClient | ApiClient, method: str, path: str, **kwargs: Any) -> Any:
    json_body = {} if method in {"POST", "PATCH"} else None
    return getattr(client, method.lower())(path, json=json_body, **kwargs)


def test_the_list_of_private_endpoints_is_complete(app: Flask) -> None:
    routes = {
        (method, re.sub(r"<[^>]+>", "1", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.startswith("/api/v1/auth/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = set(PRIVATE)

    assert routes == listed


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_every_private_endpoint_is_401_json_without_sign_in(
    client: FlaskClient, method: str, path: str
) -> None:
    response = _call(client, method, path)

    assert response.status_code == 401
    assert response.is_json
    assert response.json["code"] == 401
    assert "Sign in" in response.json["message"]


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_every_private_endpoint_is_401_with_an_unknown_token(
    client: FlaskClient, method: str, path: str
) -> None:
    response = _call(client, method, path, headers={"Authorization": "Bearer fs_revoked"})

    assert response.status_code == 401
    assert response.json["message"] == "The bearer token is unknown or was revoked."


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_cookie_client_without_csrf_token_is_400(user: ApiClient, method: str, path: str) -> None:
    response = _call(user.client, method, path)  # the raw client sends no X-CSRF-Token

    assert response.status_code == 400
    assert response.json["message"] == "The CSRF token is missing."


@pytest.mark.parametrize(("path", "body", "model"), WRITES)
def test_forged_cookie_post_writes_nothing(
    user: ApiClient, rows: Rows, path: str, body: Callable[[], dict[str, Any]], model: type
) -> None:
    missing = user.client.post(path, json=body())
    wrong = user.post(path, json=body(), headers={"X-CSRF-Token": "not-the-token"})

    assert (missing.status_code, wrong.status_code) == (400, 400)
    assert "CSRF" in wrong.json["message"]
    assert rows.count(model) == 0


def test_csrf_token_from_me_works_for_unsafe_requests(user: ApiClient) -> None:
    token = user.client.get(ME).headers["X-CSRF-Token"]

    response = user.client.post(CHECKINS, json=checkin_body(), headers={"X-CSRF-Token": token})

    assert response.status_code == 201


def test_bearer_client_needs_no_csrf_token(bearer: ApiClient) -> None:
    created = bearer.post(CHECKINS, json=checkin_body())
    changed = bearer.patch(f"{CHECKINS}/{created.json['id']}", json={"pain_right": 1})
    deleted = bearer.delete(f"{CHECKINS}/{created.json['id']}")
    session = bearer.post(SESSIONS, json=session_body())

    assert [r.status_code for r in (created, changed, deleted, session)] == [201, 200, 204, 201]


@pytest.mark.parametrize(
    ("method", "path", "content_type", "data"),
    [
        ("POST", CHECKINS, "application/x-www-form-urlencoded", "pain_right=5"),
        ("POST", SESSIONS, "text/plain", '{"pressure": 4}'),
        ("PATCH", ME, "multipart/form-data; boundary=x", "--x--"),
        ("POST", TOKENS, "application/xml", "<token/>"),
    ],
)
def test_a_body_that_is_not_json_is_415(
    bearer: ApiClient, rows: Rows, method: str, path: str, content_type: str, data: str
) -> None:
    response = getattr(bearer, method.lower())(path, data=data, content_type=content_type)

    assert response.status_code == 415
    assert "application/json" in response.json["message"]
    assert rows.count(Checkin) == rows.count(CareSession) == 0


def test_register_with_a_form_body_is_415(client: FlaskClient) -> None:
    response = client.post(REGISTER, data={"email": "x@example.com", "password": "p" * 12})

    assert response.status_code == 415


@pytest.mark.parametrize("path", [CHECKINS, SESSIONS, TOKENS])
def test_malformed_json_is_400(bearer: ApiClient, path: str) -> None:
    response = bearer.post(path, data='{"pain_right": 5,', content_type="application/json")

    assert response.status_code == 400
    assert response.json["message"] == "Invalid JSON body."


def test_malformed_json_on_register_is_400(client: FlaskClient) -> None:
    response = client.post(REGISTER, data="{", content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize("data", ["[1, 2]", "null", '"text"', "7"])
def test_json_that_is_not_an_object_is_422(bearer: ApiClient, data: str) -> None:
    response = bearer.post(CHECKINS, data=data, content_type="application/json")

    assert response.status_code == 422
    assert errors(response) == {"_schema": ["Invalid input type."]}
    assert response.json["message"] == "Invalid input type."


def test_a_huge_body_is_413_not_a_crash(bearer: ApiClient) -> None:
    notes = "x" * (3 * 1024 * 1024)

    response = bearer.post(CHECKINS, json=checkin_body(notes=notes))

    assert response.status_code == 413
    assert response.is_json


def test_unknown_api_path_is_a_json_404(bearer: ApiClient) -> None:
    response = bearer.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json["code"] == 404


def test_unsupported_method_is_a_json_405(bearer: ApiClient) -> None:
    response = bearer.client.put(CHECKINS, json={}, headers=bearer.headers)

    assert response.status_code == 405
    assert response.json["code"] == 405


def test_error_bodies_name_field_and_reason(bearer: ApiClient) -> None:
    response = bearer.post(CHECKINS, json=checkin_body(pain_right=11, mood="x"))

    assert response.status_code == 422
    body = response.json
    assert body["code"] == 422
    assert body["status"] == "Unprocessable Entity"
    assert set(body["errors"]["json"]) == {"pain_right", "mood"}
    assert body["message"] == "Check these fields: mood, pain_right."


def test_healthz_answers_without_sign_in(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json["database"] == "up"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (CHECKINS, checkin_body(notes="a\x00b"), "notes"),
        (SESSIONS, session_body(notes="\x00"), "notes"),
        (SESSIONS, session_body(tool="ball\x00"), "tool"),
        (TOKENS, {"name": "phone\x00"}, "name"),
    ],
    ids=["checkin-notes", "session-notes", "session-tool", "token-name"],
)
def test_text_with_a_nul_character_is_422_not_a_crash(
    bearer: ApiClient, rows: Rows, path: str, body: dict[str, Any], field: str
) -> None:
    response = bearer.post(path, json=body)

    assert response.status_code == 422
    assert field in errors(response)
    assert rows.count(Checkin) == rows.count(CareSession) == 0


def test_login_with_a_nul_character_is_422_not_a_crash(client: FlaskClient) -> None:
    response = client.post(LOGIN, json={"email": "a\x00@example.com", "password": "whatever"})

    assert response.status_code == 422
    assert "email" in errors(response)


BY_ID = [(m, p) for p in (CHECKINS, SESSIONS) for m in ("GET", "PATCH", "DELETE")]


@pytest.mark.parametrize(("method", "path"), [*BY_ID, ("DELETE", TOKENS)])
@pytest.mark.parametrize("row_id", ["2147483648", "99999999999999999999"])
def test_an_id_too_large_for_the_database_is_404(
    bearer: ApiClient, method: str, path: str, row_id: str
) -> None:
    response = _call(bearer, method, f"{path}/{row_id}")

    assert response.status_code == 404
    assert response.json["code"] == 404
