"""Personal API tokens: shown once, stored hashed, revoked at once."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from sqlalchemy import delete, select

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, ME, SESSIONS, TOKENS, checkin_body, errors
from tests.conftest import ApiClient
from tracker.models import ApiToken, Checkin, User


def _bearer(app: Flask, secret: str) -> ApiClient:
    return ApiClient(app.test_client(), {"Authorization": f"Bearer {secret}"})


def test_create_token_shows_the_secret_once(user: ApiClient) -> None:
    response = user.post(TOKENS, json={"name": "my phone"})

    assert response.status_code == 201
    secret = response.json["token"]
    assert secret.startswith("fs_") and len(secret) > 40
    assert response.json["name"] == "my phone"
    assert response.json["prefix"] == secret[:8]
    assert response.json["last_used_at"] is None

    listed = user.get(TOKENS)
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json] == ["my phone"]
    assert "token" not in listed.json[0]
    assert secret not in listed.get_data(as_text=True)


def test_token_is_stored_only_as_its_hash(user: ApiClient, rows: Rows) -> None:
    secret = user.post(TOKENS, json={"name": "script"}).json["token"]

    stored = rows.one(select(ApiToken))
    assert stored.token_hash != secret
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (stored.name, stored.prefix, stored.token_hash)


def test_bearer_token_signs_in_without_cookie_or_csrf(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    secret = user.post(TOKENS, json={"name": "script"}).json["token"]
    script = _bearer(app, secret)

    assert script.get(ME).json["email"] == "alice@example.com"
    created = script.post(CHECKINS, json=checkin_body())
    assert created.status_code == 201
    assert rows.count(Checkin) == 1
    assert rows.one(select(ApiToken)).last_used_at is not None
    assert user.get(TOKENS).json[0]["last_used_at"] is not None


def test_deleting_a_token_revokes_it_at_once(app: Flask, user: ApiClient, rows: Rows) -> None:
    created = user.post(TOKENS, json={"name": "old laptop"}).json
    script = _bearer(app, created["token"])
    assert script.get(ME).status_code == 200

    response = user.delete(f"{TOKENS}/{created['id']}")

    assert response.status_code == 204
    refused = script.get(ME)
    assert refused.status_code == 401
    assert "revoked" in refused.json["message"]
    assert script.post(CHECKINS, json=checkin_body()).status_code == 401
    assert rows.count(ApiToken) == 0
    assert user.get(TOKENS).json == []


def test_a_token_can_revoke_itself(app: Flask, user: ApiClient) -> None:
    created = user.post(TOKENS, json={"name": "leaked"}).json
    script = _bearer(app, created["token"])

    assert script.delete(f"{TOKENS}/{created['id']}").status_code == 204

    assert script.get(ME).status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["Bearer fs_not-a-real-token", "Bearer ", "bearer fs_also-not-real", "Basic YWxpY2U6cHc="],
)
def test_unknown_or_malformed_credentials_are_401(app: Flask, authorization: str) -> None:
    response = app.test_client().get(ME, headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.is_json
    assert response.json["code"] == 401


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 101}, {"name": 5}])
def test_token_needs_a_name_of_1_to_100_characters(
    user: ApiClient, rows: Rows, body: dict[str, object]
) -> None:
    response = user.post(TOKENS, json=body)

    assert response.status_code == 422
    assert "name" in errors(response)
    assert rows.count(ApiToken) == 0


def test_another_persons_token_is_404_and_not_listed(
    app: Flask, user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    theirs = other_user.post(TOKENS, json={"name": "bob's"}).json
    user.post(TOKENS, json={"name": "alice's"})

    response = user.delete(f"{TOKENS}/{theirs['id']}")

    assert response.status_code == 404
    assert response.json["message"] == "No such token."
    assert [t["name"] for t in user.get(TOKENS).json] == ["alice's"]
    assert rows.count(ApiToken) == 2
    assert _bearer(app, theirs["token"]).get(ME).json["email"] == "bob@example.com"


def test_deleting_an_unknown_token_is_404(user: ApiClient) -> None:
    assert user.delete(f"{TOKENS}/999999").status_code == 404


def test_revoked_bearer_is_refused_even_beside_a_valid_session_cookie(
    app: Flask, user: ApiClient
) -> None:
    created = user.post("/api/v1/tokens", json={"name": "old phone"}).json
    assert user.delete(f"/api/v1/tokens/{created['id']}").status_code == 204

    response = user.get("/api/v1/me", headers={"Authorization": f"Bearer {created['token']}"})

    assert response.status_code == 401
    assert "revoked" in response.json["message"]


def test_bearer_token_decides_who_is_asking_beside_another_persons_cookie(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    token = other_user.post("/api/v1/tokens", json={"name": "bob"}).json["token"]

    response = user.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json["email"] == "bob@example.com"


def test_a_token_removed_from_the_database_stops_the_very_next_list_request(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    """Read on every request: no process keeps a token it has seen, whoever removes it."""
    script = _bearer(app, user.post(TOKENS, json={"name": "script"}).json["token"])
    assert script.get(SESSIONS).status_code == 200
    assert script.get(CHECKINS).status_code == 200

    rows.execute(delete(ApiToken))

    refused = script.get(SESSIONS)
    assert refused.status_code == 401
    assert "revoked" in refused.json["message"]
    assert script.get(CHECKINS).status_code == 401


def test_the_person_a_token_signs_in_is_the_stored_one_and_can_change(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    """The person is made from the token's row, not loaded on their own: every field is the
    stored one, a change through the token is stored, and the next request sees it."""
    script = _bearer(app, user.post(TOKENS, json={"name": "script"}).json["token"])
    stored = rows.one(select(User))

    me, by_cookie = script.get(ME).json, user.get(ME).json
    changed = script.patch(ME, json={"timezone": "America/New_York", "feet": "left"})
    again = script.get(ME).json

    assert me == by_cookie
    assert (me["email"], me["timezone"], me["feet"]) == (
        stored.email,
        stored.timezone,
        stored.feet,
    )
    assert changed.status_code == 200
    assert (again["timezone"], again["feet"]) == ("America/New_York", "left")
    assert (rows.one(select(User)).timezone, rows.one(select(User)).feet) == (
        "America/New_York",
        "left",
    )
