"""Sign-up, sign-in and sign-out, the way the phone app and a script do them."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, LOGIN, LOGOUT, ME, REGISTER, checkin_body, errors, today
from tests.conftest import PASSWORD, ApiClient, register
from tracker.auth.service import SIGNUP_REFUSED
from tracker.models import Plan, User


def test_register_creates_an_account_signed_in_with_the_default_plan(
    client: FlaskClient, rows: Rows
) -> None:
    response = client.post(
        REGISTER,
        json={
            "email": "Carol@Example.com",
            "password": PASSWORD,
            "timezone": "Asia/Tokyo",
            "feet": "left",
        },
    )

    assert response.status_code == 201
    body = response.json
    assert body["email"] == "carol@example.com"
    assert body["timezone"] == "Asia/Tokyo"
    assert body["feet"] == "left"
    assert body["plan"] == {
        "sessions_per_day": 2,
        "minutes_min": 5,
        "minutes_max": 10,
        "effective_from": today("Asia/Tokyo").isoformat(),
    }
    assert "password" not in body and "password_hash" not in body
    assert response.headers["X-CSRF-Token"]
    assert client.get(ME).json["email"] == "carol@example.com"

    user = rows.one(select(User))
    assert user.email == "carol@example.com"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert rows.count(Plan, Plan.user_id == user.id) == 1


def test_register_defaults_to_utc_and_both_feet(client: FlaskClient) -> None:
    response = client.post(REGISTER, json={"email": "dan@example.com", "password": PASSWORD})

    assert response.status_code == 201
    assert (response.json["timezone"], response.json["feet"]) == ("UTC", "both")


def test_register_with_a_taken_email_is_a_plain_422_whatever_its_case(
    app: Flask, client: FlaskClient, rows: Rows
) -> None:
    """Refused like a mistyped address: a 422 on "email" that never says "exists"."""
    register(app, "dana@example.com")

    response = client.post(REGISTER, json={"email": "DANA@Example.COM", "password": PASSWORD})

    assert response.status_code == 422
    assert errors(response) == {"email": [SIGNUP_REFUSED]}
    assert "exist" not in response.get_data(as_text=True)
    assert rows.count(User) == 1
    assert client.get(ME).status_code == 401


def test_register_with_a_taken_email_and_its_password_signs_nobody_in(
    app: Flask, client: FlaskClient
) -> None:
    """Sign-up is not a second way to try passwords: only sign-in (and its limits) is."""
    register(app, "dana@example.com")

    response = client.post(REGISTER, json={"email": "dana@example.com", "password": PASSWORD})

    assert response.status_code == 422
    assert client.get(ME).status_code == 401


def test_a_taken_email_costs_sign_up_the_same_argon2_work_as_a_new_one(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    register(app, "dana@example.com")
    calls: list[str] = []
    real_hash, real_verify = PasswordHasher.hash, PasswordHasher.verify
    monkeypatch.setattr(
        PasswordHasher,
        "hash",
        lambda self, *a, **k: calls.append("hash") or real_hash(self, *a, **k),
    )
    monkeypatch.setattr(
        PasswordHasher,
        "verify",
        lambda self, *a, **k: calls.append("verify") or real_verify(self, *a, **k),
    )

    taken = client.post(REGISTER, json={"email": "dana@example.com", "password": PASSWORD})
    on_taken = list(calls)
    calls.clear()
    new = client.post(REGISTER, json={"email": "fresh@example.com", "password": PASSWORD})

    assert (taken.status_code, new.status_code) == (422, 201)
    assert on_taken == ["verify"]
    assert calls == ["hash"]


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pw", "at least 10 characters"),
        ("password123", "too common"),
        ("aaaaaaaaaaaaaaa", "too common"),
        ("x" * 1025, "at most 1024"),
    ],
    ids=["short", "common", "one-letter", "huge"],
)
def test_register_refuses_a_weak_password_naming_the_reason(
    client: FlaskClient, rows: Rows, password: str, reason: str
) -> None:
    response = client.post(REGISTER, json={"email": "eve@example.com", "password": password})

    assert response.status_code == 422
    assert reason in errors(response)["password"][0]
    assert rows.count(User) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "+02:00"),
        ("email", "not-an-email"),
        ("feet", "middle"),
        ("is_admin", True),
    ],
)
def test_register_with_a_bad_field_is_422_naming_it(
    client: FlaskClient, rows: Rows, field: str, value: object
) -> None:
    body = {"email": "frank@example.com", "password": PASSWORD, field: value}

    response = client.post(REGISTER, json=body)

    assert response.status_code == 422
    assert field in errors(response)
    assert field in response.json["message"]
    assert rows.count(User) == 0


def test_register_without_email_and_password_names_both(client: FlaskClient) -> None:
    response = client.post(REGISTER, json={})

    assert response.status_code == 422
    assert set(errors(response)) == {"email", "password"}


def test_login_returns_the_account_and_a_working_csrf_token(
    app: Flask, client: FlaskClient, rows: Rows
) -> None:
    register(app, "gina@example.com")

    response = client.post(LOGIN, json={"email": "gina@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json["email"] == "gina@example.com"
    token = response.headers["X-CSRF-Token"]
    created = client.post(CHECKINS, json=checkin_body(), headers={"X-CSRF-Token": token})
    assert created.status_code == 201


def test_login_email_is_case_insensitive(app: Flask, client: FlaskClient) -> None:
    register(app, "hana@example.com")

    response = client.post(LOGIN, json={"email": "  HANA@example.com ", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json["email"] == "hana@example.com"


def test_wrong_password_and_unknown_email_get_the_same_401(app: Flask, client: FlaskClient) -> None:
    register(app, "ivan@example.com")

    wrong_password = client.post(
        LOGIN, json={"email": "ivan@example.com", "password": "not the password"}
    )
    unknown_email = client.post(LOGIN, json={"email": "nobody@example.com", "password": PASSWORD})

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json == unknown_email.json
    assert wrong_password.json["message"] == "Email or password is wrong."
    assert "X-CSRF-Token" not in wrong_password.headers
    assert client.get(ME).status_code == 401


def test_login_without_a_password_is_422(client: FlaskClient) -> None:
    response = client.post(LOGIN, json={"email": "ivan@example.com"})

    assert response.status_code == 422
    assert "password" in errors(response)


def test_logout_ends_the_cookie_session(user: ApiClient) -> None:
    assert user.get(ME).status_code == 200

    response = user.post(LOGOUT)

    assert response.status_code == 204
    after = user.get(ME)
    assert after.status_code == 401
    assert after.json["code"] == 401
    assert user.post(CHECKINS, json=checkin_body()).status_code == 401


def test_logout_after_a_password_login_ends_the_session(app: Flask, client: FlaskClient) -> None:
    register(app, "jo@example.com")
    login = client.post(LOGIN, json={"email": "jo@example.com", "password": PASSWORD})
    token = login.headers["X-CSRF-Token"]

    assert client.post(LOGOUT, headers={"X-CSRF-Token": token}).status_code == 204

    assert client.get(ME).status_code == 401


def test_logout_of_a_cookie_session_needs_the_csrf_token(user: ApiClient) -> None:
    response = user.client.post(LOGOUT)  # the raw client: no X-CSRF-Token header

    assert response.status_code == 400
    assert "CSRF" in response.json["message"]
    assert user.get(ME).status_code == 200


def test_logout_when_not_signed_in_is_harmless(client: FlaskClient) -> None:
    assert client.post(LOGOUT).status_code == 204


def test_register_racing_the_same_email_is_the_same_422_not_500(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(app, "race@example.com")
    # The other request passed the existence check before this one committed.
    monkeypatch.setattr("tracker.auth.service.find_user_by_email", lambda email: None)

    response = client.post(
        "/api/v1/auth/register",
        json={"email": "race@example.com", "password": "another long passphrase"},
    )

    assert response.status_code == 422
    assert errors(response) == {"email": [SIGNUP_REFUSED]}


def test_an_unknown_email_costs_the_same_hash_check_as_a_wrong_password(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing must not tell who has an account: both paths run one Argon2 verification."""
    from argon2 import PasswordHasher

    register(app, "jules@example.com")
    calls: list[str] = []
    real_verify = PasswordHasher.verify

    def counting(self: PasswordHasher, hash_: str, password: str) -> bool:
        calls.append(hash_.split("$")[1])
        return real_verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    client.post(LOGIN, json={"email": "jules@example.com", "password": "not the password"})
    wrong_password = list(calls)
    calls.clear()
    client.post(LOGIN, json={"email": "nobody@example.com", "password": "not the password"})

    assert wrong_password == calls == ["argon2id"]
