"""DELETE /api/v1/me: the password confirms it, and afterwards nothing of the person is left."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import LOGIN, ME, errors
from tests.conftest import PASSWORD, ApiClient, register
from tests.mydata.conftest import Person, rows_of, session_ids


def _counts(app: Flask, person: Person) -> dict[str, int]:
    return rows_of(app, person.user_id, session_ids(app, person.user_id))


def test_the_right_password_deletes_every_row_of_the_person(app: Flask, alice: Person) -> None:
    sessions = session_ids(app, alice.user_id)
    before = rows_of(app, alice.user_id, sessions)
    assert all(before.values()), before  # every table had something to delete

    response = alice.client.delete(ME, json={"password": PASSWORD})

    assert response.status_code == 204
    after = rows_of(app, alice.user_id, sessions)
    assert set(after) == set(before)
    assert after == dict.fromkeys(after, 0)


def test_other_people_are_untouched(app: Flask, alice: Person, bob: Person) -> None:
    bobs = _counts(app, bob)

    assert alice.client.delete(ME, json={"password": PASSWORD}).status_code == 204

    assert _counts(app, bob) == bobs
    assert bob.client.get("/api/v1/checkins").json[0]["notes"] == "bob"


def test_a_wrong_password_is_422_and_keeps_everything(app: Flask, alice: Person) -> None:
    before = _counts(app, alice)

    response = alice.client.delete(ME, json={"password": "not my password"})

    assert response.status_code == 422
    assert "wrong" in errors(response)["password"][0]
    assert _counts(app, alice) == before
    assert alice.client.get(ME).status_code == 200


def test_a_missing_password_is_422_naming_the_field(alice: Person) -> None:
    response = alice.client.delete(ME, json={})

    assert response.status_code == 422
    assert "password" in errors(response)
    assert alice.client.get(ME).status_code == 200


def test_the_session_is_signed_out_and_sign_in_fails(client: FlaskClient, alice: Person) -> None:
    assert alice.client.delete(ME, json={"password": PASSWORD}).status_code == 204

    assert alice.client.get(ME).status_code == 401
    login = client.post(LOGIN, json={"email": alice.email, "password": PASSWORD})
    assert login.status_code == 401


def test_the_browser_is_told_on_its_next_page(alice: Person) -> None:
    assert alice.client.delete(ME, json={"password": PASSWORD}).status_code == 204

    page = alice.client.get("/signup").get_data(as_text=True)

    assert "Your account and all its data are deleted." in page


def test_a_cookie_client_needs_the_csrf_token(app: Flask, alice: Person) -> None:
    before = _counts(app, alice)

    response = alice.client.client.delete(ME, json={"password": PASSWORD})

    assert response.status_code == 400
    assert _counts(app, alice) == before


def test_a_bearer_token_still_needs_the_password(
    app: Flask, alice: Person, bearer: ApiClient
) -> None:
    before = _counts(app, alice)

    refused = bearer.delete(ME, json={"password": "guess"})
    assert refused.status_code == 422
    assert _counts(app, alice) == before

    assert bearer.delete(ME, json={"password": PASSWORD}).status_code == 204
    assert set(_counts(app, alice).values()) == {0}
    assert bearer.get(ME).status_code == 401


def test_signed_out_is_401(client: FlaskClient) -> None:
    assert client.delete(ME, json={"password": PASSWORD}).status_code == 401


def test_password_guesses_are_rate_limited_like_sign_in(limited_app: Flask) -> None:
    """On an app with limits on (the test app has them off): the 11th guess in a minute is 429."""
    person = register(limited_app)
    codes = [person.delete(ME, json={"password": f"guess {n}"}).status_code for n in range(11)]
    still_there = person.get(ME).status_code

    assert codes == [422] * 10 + [429]
    assert still_there == 200
