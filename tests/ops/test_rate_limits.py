"""Sign-in, sign-up, token creation and share-link opening are rate limited: a 429 that
says when to come back (Retry-After), as JSON for the API."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, ApiClient, make_config, register
from tests.web.conftest import csrf_from
from tracker import create_app
from tracker.auth.limits import AUTH_LIMIT
from tracker.config import ConfigError, load_config
from tracker.extensions import db

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


LOGIN = "/api/v1/auth/login"


@pytest.fixture
def behind_proxies(app: Flask, database_url: str) -> Iterator[Callable[[int], Flask]]:
    """Apps with rate limits on, trusting ``n`` proxies' X-Forwarded-For (see limited_app)."""
    from tracker.extensions import limiter

    made: list[Flask] = []

    def build(trusted: int) -> Flask:
        made.append(
            create_app(make_config(database_url, RATELIMIT_ENABLED=True, TRUSTED_PROXIES=trusted))
        )
        limiter.enabled = True
        limiter.reset()
        return made[-1]

    yield build
    limiter.reset()
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    for built in made:
        with built.app_context():
            db.engine.dispose()


def _guess(client: FlaskClient, email: str, **kwargs: Any) -> int:
    body = {"email": email, "password": "not-the-password"}
    return client.post(LOGIN, json=body, **kwargs).status_code


def _web_guess(client: FlaskClient, email: str) -> int:
    token = csrf_from(client.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": email, "password": "not-the-password"}
    return client.post("/login", data=data).status_code


def test_web_and_api_sign_in_share_one_counter(limited_app: Flask) -> None:
    client = limited_app.test_client()

    tries = [
        (_web_guess if n % 2 else _guess)(client, f"person{n}@example.com")
        for n in range(PER_MINUTE)
    ]

    assert tries == [401] * PER_MINUTE
    assert _guess(client, "one-more@example.com") == 429
    assert _web_guess(client, "and-one@example.com") == 429


def test_a_spoofed_forwarded_for_changes_nothing_without_a_trusted_proxy(
    behind_proxies: Callable[[int], Flask],
) -> None:
    client = behind_proxies(0).test_client()

    tries = [
        _guess(client, f"p{n}@example.com", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(PER_MINUTE + 1)
    ]

    assert tries == [401] * PER_MINUTE + [429]


def test_behind_one_trusted_proxy_each_forwarded_client_has_its_own_counter(
    behind_proxies: Callable[[int], Flask],
) -> None:
    client = behind_proxies(1).test_client()

    def via_proxy(n: int, client_address: str) -> int:
        # A client may prepend anything; the proxy appends the address it saw.
        forwarded = f"203.0.113.200, {client_address}"
        return _guess(client, f"p{n}@example.com", headers={"X-Forwarded-For": forwarded})

    one_each = [via_proxy(n, f"198.51.100.{n}") for n in range(PER_MINUTE + 1)]
    same_client = [via_proxy(n, "198.51.100.250") for n in range(PER_MINUTE + 1)]

    assert one_each == [401] * (PER_MINUTE + 1)  # not everyone behind the proxy locked out
    assert same_client == [401] * PER_MINUTE + [429]


def test_wrong_passwords_for_one_account_stop_at_ten_whatever_the_address(
    limited_app: Flask,
) -> None:
    register(limited_app, "target@example.com")
    client = limited_app.test_client()

    def from_address(n: int, email: str) -> int:
        return _guess(client, email, environ_base={"REMOTE_ADDR": f"192.0.2.{n}"})

    tries = [from_address(n, "target@example.com") for n in range(10)]
    refused = client.post(
        LOGIN,
        json={"email": " TARGET@example.com", "password": "guess"},  # normalised the same
        environ_base={"REMOTE_ADDR": "192.0.2.99"},
    )
    right_password = client.post(
        LOGIN,
        json={"email": "target@example.com", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.98"},
    )
    web = _web_guess(limited_app.test_client(), "target@example.com")

    assert tries == [401] * 10
    _assert_limited(refused)
    assert "Too many wrong passwords for this account" in refused.json["message"]
    assert right_password.status_code == 429  # the account waits, its owner too
    assert web == 429
    assert from_address(97, "someone-else@example.com") == 401  # others are not locked out


def test_a_successful_sign_in_does_not_count_against_the_account(limited_app: Flask) -> None:
    register(limited_app, "regular@example.com")
    client = limited_app.test_client()
    body = {"email": "regular@example.com", "password": PASSWORD}

    answers = [
        client.post(LOGIN, json=body, environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code
        for n in range(12)
    ]

    assert answers == [200] * 12


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, 0),
        ({"FIRSTSTEP_ENV": "production", "SECRET_KEY": "k" * 64, "DATABASE_URL": "sqlite://"}, 1),
        ({"TRUSTED_PROXIES": "2"}, 2),
        (
            {
                "FIRSTSTEP_ENV": "production",
                "SECRET_KEY": "k" * 64,
                "DATABASE_URL": "sqlite://",
                "TRUSTED_PROXIES": "0",
            },
            0,
        ),
    ],
)
def test_trusted_proxies_default_to_the_deployment(
    tmp_path: Path, env: dict[str, str], expected: int
) -> None:
    assert load_config(tmp_path, env)["TRUSTED_PROXIES"] == expected


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_wrong_trusted_proxies_value_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES must be a whole number"):
        load_config(tmp_path, {"TRUSTED_PROXIES": value})
