"""Sign up, sign in and sign out through the plain forms."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import PASSWORD, register
from tests.web.conftest import form_token
from tracker.extensions import db
from tracker.models import User


def _sign_up(client: FlaskClient, **fields: str):  # type: ignore[no-untyped-def]
    body = {
        "csrf_token": form_token(client, "/signup"),
        "email": "new@example.com",
        "password": PASSWORD,
        "feet": "left",
        "timezone": "America/Chicago",
        **fields,
    }
    return client.post("/signup", data=body)


def _user(app: Flask, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_sign_up_page_has_a_hidden_timezone_field_filled_by_the_browser(
    client: FlaskClient,
) -> None:
    html = client.get("/signup").get_data(as_text=True)
    assert 'name="timezone"' in html
    assert "data-detect-timezone" in html
    assert "js/auth.js?v=" in html


def test_sign_up_creates_the_account_and_opens_today(app: Flask, client: FlaskClient) -> None:
    response = _sign_up(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = _user(app, "new@example.com")
    assert user is not None
    assert (user.timezone, user.feet) == ("America/Chicago", "left")


def test_first_run_note_is_shown_once_after_sign_up(client: FlaskClient) -> None:
    _sign_up(client)
    first = client.get("/").get_data(as_text=True)
    second = client.get("/").get_data(as_text=True)
    assert "Before you start" in first
    assert "not medical advice" in first
    assert "Before you start" not in second


def test_sign_up_chooses_no_foot_for_the_person(client: FlaskClient) -> None:
    html = client.get("/signup").get_data(as_text=True)
    assert html.count('name="feet"') == 3
    assert "checked" not in html


def test_sign_up_without_a_foot_is_refused_with_the_reason(app: Flask, client: FlaskClient) -> None:
    body = {
        "csrf_token": form_token(client, "/signup"),
        "email": "new@example.com",
        "password": PASSWORD,
        "timezone": "UTC",
    }
    response = client.post("/signup", data=body)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose which heel hurts: left, right or both." in html
    assert 'value="new@example.com"' in html  # the rest is kept
    assert _user(app, "new@example.com") is None


def test_sign_up_shows_every_reason_at_once(client: FlaskClient) -> None:
    body = {"csrf_token": form_token(client, "/signup"), "email": "", "password": "short"}
    html = client.post("/signup", data=body).get_data(as_text=True)
    assert "Choose which heel hurts" in html
    assert "Use at least 10 characters." in html
    assert html.count("Enter your email address.") == 1  # said once, not twice


def test_sign_up_with_an_unknown_foot_is_refused(app: Flask, client: FlaskClient) -> None:
    assert _sign_up(client, feet="middle").status_code == 422
    assert _user(app, "new@example.com") is None


def test_unknown_browser_timezone_falls_back_to_utc(app: Flask, client: FlaskClient) -> None:
    assert _sign_up(client, timezone="Mars/Olympus_Mons").status_code == 302
    user = _user(app, "new@example.com")
    assert user is not None
    assert user.timezone == "UTC"


def test_sign_up_shows_why_a_password_is_refused(app: Flask, client: FlaskClient) -> None:
    response = _sign_up(client, password="short")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use at least 10 characters." in html
    assert 'aria-invalid="true"' in html
    assert _user(app, "new@example.com") is None


def test_sign_up_shows_a_bad_email(client: FlaskClient) -> None:
    response = _sign_up(client, email="not-an-email")
    assert response.status_code == 422
    assert "Not a valid email address." in response.get_data(as_text=True)


def test_sign_up_with_a_taken_email_offers_sign_in_without_saying_it_exists(
    app: Flask, client: FlaskClient
) -> None:
    register(app, "new@example.com")
    response = _sign_up(client, email="New@Example.com")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "If you already have an account, sign in instead" in html
    assert "exist" not in html
    assert 'href="/login"' in html


def test_sign_up_keeps_the_email_but_never_the_password(client: FlaskClient) -> None:
    html = _sign_up(client, password="short").get_data(as_text=True)
    assert 'value="new@example.com"' in html
    assert "short" not in html.split('name="password"')[1].split(">")[0]


def test_forms_without_csrf_token_are_refused(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/signup", data={"email": "new@example.com", "password": PASSWORD, "feet": "left"}
    )
    assert response.status_code == 400
    assert _user(app, "new@example.com") is None
    assert client.post("/login", data={"email": "a@b.c", "password": "x"}).status_code == 400


def test_sign_in_with_a_wrong_password_says_so(app: Flask, client: FlaskClient) -> None:
    register(app, "amy@example.com")
    response = client.post(
        "/login",
        data={
            "csrf_token": form_token(client, "/login"),
            "email": "amy@example.com",
            "password": "not the password",
        },
    )
    assert response.status_code == 401
    assert "Email or password is wrong." in response.get_data(as_text=True)


def test_sign_in_returns_to_the_page_asked_for(app: Flask, client: FlaskClient) -> None:
    register(app, "amy@example.com")
    redirect = client.get("/history")
    assert redirect.status_code == 302
    assert redirect.headers["Location"] == "/login?next=%2Fhistory"
    response = client.post(
        "/login?next=%2Fhistory",
        data={
            "csrf_token": form_token(client, "/login"),
            "email": "amy@example.com",
            "password": PASSWORD,
        },
    )
    assert response.headers["Location"] == "/history"
    assert client.get("/history").status_code == 200


def test_sign_in_never_redirects_to_another_site(app: Flask, client: FlaskClient) -> None:
    register(app, "amy@example.com")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            query_string={"next": target},
            data={
                "csrf_token": form_token(client, "/login"),
                "email": "amy@example.com",
                "password": PASSWORD,
            },
        )
        assert response.headers["Location"] == "/"
        client.post("/logout", data={"csrf_token": form_token(client, "/settings")})


def test_sign_out_needs_the_csrf_token_then_ends_the_session(user) -> None:  # type: ignore[no-untyped-def]
    client = user.client
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    response = client.post("/logout", data={"csrf_token": form_token(client, "/settings")})
    assert response.headers["Location"] == "/login"
    assert "You are signed out." in client.get("/login").get_data(as_text=True)
    assert client.get("/settings").status_code == 302  # "/" is the landing page now
