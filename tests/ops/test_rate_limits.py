"""Sign-in, sign-up, token creation and share-link opening are rate limited: a 429 that
says when to come back (Retry-After), as JSON for the API."""

from __future__ import annotations

import secrets

from flask import Flask

from tests.conftest import PASSWORD, ApiClient, register
from tracker.auth.routes import AUTH_LIMIT

PER_MINUTE = int(AUTH_LIMIT.split()[0])


def _assert_limited(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_login_guessing_is_429_with_retry_after(limited_app: Flask) -> None:
    client = limited_app.test_client()
    body = {"email": "nobody@example.com", "password": "not-the-password"}

    answers = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(PER_MINUTE)]
    refused = client.post("/api/v1/auth/login", json=body)

    assert answers == [401] * PER_MINUTE
    _assert_limited(refused)
    assert refused.is_json and refused.json["code"] == 429


def test_mass_sign_up_is_429(limited_app: Flask) -> None:
    client = limited_app.test_client()

    for n in range(PER_MINUTE):
        body = {"email": f"bot{n}@example.com", "password": PASSWORD, "timezone": "UTC"}
        assert client.post("/api/v1/auth/register", json=body).status_code == 201
        client.post("/api/v1/auth/logout")
    refused = client.post(
        "/api/v1/auth/register", json={"email": "bot-last@example.com", "password": PASSWORD}
    )

    _assert_limited(refused)


def test_token_creation_is_429_after_twenty_an_hour(limited_app: Flask) -> None:
    person: ApiClient = register(limited_app, "tokens@example.com")

    made = [person.post("/api/v1/tokens", json={"name": f"t{n}"}).status_code for n in range(20)]
    refused = person.post("/api/v1/tokens", json={"name": "one too many"})

    assert made == [201] * 20
    _assert_limited(refused)


def test_share_link_guessing_is_429(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(30):
        client.get(f"/s/{secrets.token_urlsafe(32)}")

    _assert_limited(client.get(f"/s/{secrets.token_urlsafe(32)}"))
