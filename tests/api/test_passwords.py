"""Which passwords are accepted, and that one password is one password however it is typed:
NFKC-normalised before hashing and before checking, everywhere a password goes in."""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from tests.api.conftest import Rows
from tests.api.helpers import LOGIN, ME, REGISTER, errors
from tests.conftest import FAST_ARGON2, PASSWORD, ApiClient, register
from tracker.auth.passwords import common_passwords, password_problem
from tracker.models import User

COMPOSED = "caf\u00e9 au lait du matin"
DECOMPOSED = "cafe\u0301 au lait du matin"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff" * 3


def test_the_common_password_list_is_large() -> None:
    assert len(common_passwords()) >= 100_000
    assert b"qwerty123456" in common_passwords()
    assert b"a long enough passphrase" not in common_passwords()


@pytest.mark.parametrize("password", ["qwerty123456", "iloveyou123", "Summer2024!", "Password123"])
def test_sign_up_refuses_common_passwords(client: FlaskClient, rows: Rows, password: str) -> None:
    response = client.post(REGISTER, json={"email": "eve@example.com", "password": password})

    assert response.status_code == 422
    assert "too common" in errors(response)["password"][0]
    assert rows.count(User) == 0


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (ZERO_WIDTH, "spaces and invisible characters are not enough"),
        (" " * 12, "spaces and invisible characters are not enough"),
        ("ab" + ZERO_WIDTH, "at least 10 characters (invisible ones do not count)"),
    ],
    ids=["zero-width", "spaces", "mostly-invisible"],
)
def test_sign_up_refuses_invisible_passwords(
    client: FlaskClient, rows: Rows, password: str, reason: str
) -> None:
    response = client.post(REGISTER, json={"email": "eve@example.com", "password": password})

    assert response.status_code == 422
    assert reason in errors(response)["password"][0]
    assert rows.count(User) == 0


def test_password_change_refuses_a_common_or_invisible_password(user: ApiClient) -> None:
    for new in ("Summer2024!", ZERO_WIDTH):
        response = user.post(
            f"{ME}/password", json={"current_password": PASSWORD, "new_password": new}
        )
        assert response.status_code == 422
        assert "new_password" in errors(response)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "a long enough passphrase",
        "Tr0ub4dor&3x-ok",
        "kq9z2847561093",
    ],
)
def test_ordinary_strong_passwords_pass(password: str) -> None:
    assert password_problem(password) is None


def test_composed_and_decomposed_letters_open_the_same_account(app: Flask) -> None:
    assert DECOMPOSED != COMPOSED and unicodedata.normalize("NFKC", DECOMPOSED) == COMPOSED
    register(app, "zoe@example.com", password=DECOMPOSED)

    response = app.test_client().post(
        LOGIN, json={"email": "zoe@example.com", "password": COMPOSED}
    )

    assert response.status_code == 200


def test_password_change_and_deletion_normalise_too(app: Flask) -> None:
    person = register(app, "zoe@example.com", password=COMPOSED)
    changed = person.post(
        f"{ME}/password", json={"current_password": DECOMPOSED, "new_password": DECOMPOSED + "!"}
    )
    assert changed.status_code == 200
    person.headers["X-CSRF-Token"] = changed.headers["X-CSRF-Token"]

    assert person.delete(ME, json={"password": COMPOSED + "!"}).status_code == 204


def test_an_old_hash_of_the_raw_password_still_opens_and_is_rehashed_in_nfkc(
    app: Flask, rows: Rows
) -> None:
    """Accounts made before normalisation hold a hash of exactly what was typed."""
    register(app, "old@example.com")
    legacy = PasswordHasher(**FAST_ARGON2).hash(DECOMPOSED)
    rows.execute(update(User).values(password_hash=legacy))
    client = app.test_client()

    assert (
        client.post(LOGIN, json={"email": "old@example.com", "password": COMPOSED}).status_code
        == 401
    )
    first = client.post(LOGIN, json={"email": "old@example.com", "password": DECOMPOSED})

    assert first.status_code == 200
    stored = rows.one(select(User.password_hash))
    assert stored != legacy
    assert PasswordHasher().verify(stored, COMPOSED)
    again = app.test_client().post(LOGIN, json={"email": "old@example.com", "password": COMPOSED})
    assert again.status_code == 200


def test_create_user_command_normalises_the_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "cli@example.com"], input=f"{DECOMPOSED}\n{DECOMPOSED}\n"
    )
    assert result.exit_code == 0, result.output

    response = app.test_client().post(
        LOGIN, json={"email": "cli@example.com", "password": COMPOSED}
    )
    assert response.status_code == 200


def test_create_user_command_refuses_a_common_password(app: Flask, rows: Rows) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "cli@example.com"], input="Summer2024!\nSummer2024!\n"
    )

    assert result.exit_code != 0
    assert "too common" in result.output
    assert rows.count(User) == 0


def test_a_lone_surrogate_in_a_new_password_is_a_422_not_a_500(
    client: FlaskClient, rows: Rows
) -> None:
    body = '{"email": "eve@example.com", "password": "a long enough passphrase \\ud800"}'

    response = client.post(REGISTER, data=body, content_type="application/json")

    assert response.status_code == 422
    assert "surrogate" in errors(response)["password"][0]
    assert rows.count(User) == 0
