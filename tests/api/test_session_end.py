"""Signing out, changing the password and deleting the account end every copy of the
cookies on the server too: a session or remember-me cookie copied before is replayed
in a fresh browser and must open nothing."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import LOGIN, LOGOUT, ME
from tests.conftest import PASSWORD, ApiClient, register
from tracker.models import User

COOKIES = ("session", "remember_token")


@dataclass(frozen=True)
class Copied:
    """The browser's cookies, as someone who copied them off the device would hold them."""

    values: dict[str, str]

    def replay(self, app: Flask, name: str) -> FlaskClient:
        """A fresh browser carrying only the one copied cookie."""
        client = app.test_client()
        client.set_cookie(name, self.values[name])
        return client


def copy_cookies(client: FlaskClient) -> Copied:
    values = {}
    for name in COOKIES:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie to copy"
        values[name] = cookie.value
    return Copied(values)


def assert_copies_work(app: Flask, copied: Copied) -> None:
    """The control: before the event, each copied cookie alone signs in."""
    for name in COOKIES:
        assert copied.replay(app, name).get(ME).status_code == 200, name


def assert_copies_dead(app: Flask, copied: Copied) -> None:
    for name in COOKIES:
        replayed = copied.replay(app, name)
        response = replayed.get(ME)
        assert response.status_code == 401, (name, response.json)
        page = replayed.get("/settings")
        assert page.status_code == 302 and "/login" in page.headers["Location"], name


def test_api_logout_kills_copied_session_and_remember_cookies(app: Flask, user: ApiClient) -> None:
    copied = copy_cookies(user.client)
    assert_copies_work(app, copied)

    assert user.post(LOGOUT).status_code == 204

    assert_copies_dead(app, copied)


def test_web_logout_kills_copied_session_and_remember_cookies(app: Flask, user: ApiClient) -> None:
    copied = copy_cookies(user.client)
    assert_copies_work(app, copied)

    response = user.client.post("/logout", data={"csrf_token": user.headers["X-CSRF-Token"]})

    assert response.status_code == 302
    assert_copies_dead(app, copied)


def test_signing_in_again_after_logout_works(app: Flask, user: ApiClient) -> None:
    assert user.post(LOGOUT).status_code == 204

    again = app.test_client()
    response = again.post(LOGIN, json={"email": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert again.get(ME).json["email"] == "alice@example.com"


def test_logout_signs_out_every_browser_of_the_person(app: Flask, user: ApiClient) -> None:
    """One session id per person: signing out here also ends the other browsers' cookies
    (the price of a server-side end to copied cookies, and what a lost phone needs)."""
    other = app.test_client()
    assert other.post(LOGIN, json={"email": "alice@example.com", "password": PASSWORD}).json

    assert user.post(LOGOUT).status_code == 204

    assert other.get(ME).status_code == 401


def test_deleted_account_cookies_do_not_open_the_next_sign_up(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    copied = copy_cookies(user.client)
    deleted_id = user.get(ME).json["id"]

    assert user.delete(ME, json={"password": PASSWORD}).status_code == 204
    newcomer = register(app, "newcomer@example.com")

    new_id = newcomer.get(ME).json["id"]
    assert new_id != deleted_id  # never reused, on SQLite too
    assert_copies_dead(app, copied)
    assert rows.count(User) == 1


def test_password_change_elsewhere_kills_copied_cookies(app: Flask, user: ApiClient) -> None:
    copied = copy_cookies(user.client)
    other = app.test_client()
    login = other.post(LOGIN, json={"email": "alice@example.com", "password": PASSWORD})
    csrf = login.headers["X-CSRF-Token"]

    changed = other.post(
        f"{ME}/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase 42"},
        headers={"X-CSRF-Token": csrf},
    )

    assert changed.status_code == 200
    assert_copies_dead(app, copied)
    assert user.get(ME).status_code == 401
    assert other.get(ME).status_code == 200  # the browser that changed it stays signed in


def test_the_cookie_carries_a_random_id_not_the_row_id(app: Flask, user: ApiClient) -> None:
    with app.app_context():
        from tracker.extensions import db

        stored = db.session.scalar(select(User.session_token))
    assert stored is not None and len(stored) >= 40
    with user.client.session_transaction() as session:
        assert session["_user_id"] == stored


def test_logout_rotates_the_stored_session_id(app: Flask, user: ApiClient, rows: Rows) -> None:
    before = rows.one(select(User.session_token))

    user.post(LOGOUT)

    assert rows.one(select(User.session_token)) != before


def test_bearer_only_logout_signs_out_nobody(user: ApiClient, bearer: ApiClient) -> None:
    response = bearer.post(LOGOUT)

    assert response.status_code == 204
    assert user.get(ME).status_code == 200
    assert bearer.get(ME).status_code == 200


def test_logout_with_a_junk_bearer_header_still_needs_the_csrf_token(user: ApiClient) -> None:
    """Another site can add any Authorization header to a request that carries the cookie."""
    response = user.client.post(LOGOUT, headers={"Authorization": "Bearer junk"})

    assert response.status_code == 400
    assert "CSRF" in response.json["message"]
    assert user.get(ME).status_code == 200


def test_logout_with_a_valid_bearer_token_needs_no_csrf_token(
    user: ApiClient, bearer: ApiClient
) -> None:
    token = bearer.headers["Authorization"]

    response = user.client.post(LOGOUT, headers={"Authorization": token})

    assert response.status_code == 204


def test_logout_from_a_browser_signed_in_only_by_remember_me_ends_it_too(
    app: Flask, user: ApiClient
) -> None:
    copied = copy_cookies(user.client)
    returning = copied.replay(app, "remember_token")  # the browser was closed and reopened
    csrf = returning.get(ME).headers["X-CSRF-Token"]

    assert returning.post(LOGOUT, headers={"X-CSRF-Token": csrf}).status_code == 204

    assert returning.get(ME).status_code == 401
    assert_copies_dead(app, copied)
    assert user.get(ME).status_code == 401
