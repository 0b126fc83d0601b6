"""POST /api/v1/me/password: a new password signs out every other browser, keeps this one,
and revokes the API tokens only when asked."""

from __future__ import annotations

from flask import Flask

from tests.api.helpers import ME, TOKENS, errors
from tests.conftest import PASSWORD, ApiClient
from tests.sharing.helpers import create_link, share_path, stored_link

PASSWORD_URL = f"{ME}/password"
NEW = "a brand new passphrase 42"


def _second_browser(app: Flask) -> ApiClient:
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    return ApiClient(client, {"X-CSRF-Token": response.headers["X-CSRF-Token"]})


def test_change_signs_out_other_browsers_and_keeps_this_one(app: Flask, user: ApiClient) -> None:
    other = _second_browser(app)
    token = user.post(TOKENS, json={"name": "script"}).json["token"]

    response = user.post(PASSWORD_URL, json={"current_password": PASSWORD, "new_password": NEW})

    assert response.status_code == 200
    assert response.json == {
        "signed_out_elsewhere": True,
        "revoked_tokens": 0,
        "revoked_share_links": 0,
    }
    user.headers["X-CSRF-Token"] = response.headers["X-CSRF-Token"]
    assert user.get(ME).status_code == 200  # this browser: still signed in
    assert other.get(ME).status_code == 401  # the other: signed out
    assert (
        app.test_client().get(ME, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    old = app.test_client().post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": PASSWORD}
    )
    new = app.test_client().post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": NEW}
    )
    assert (old.status_code, new.status_code) == (401, 200)


def test_revoke_tokens_too_when_asked(app: Flask, user: ApiClient) -> None:
    tokens = [user.post(TOKENS, json={"name": f"t{n}"}).json["token"] for n in range(2)]

    response = user.post(
        PASSWORD_URL,
        json={"current_password": PASSWORD, "new_password": NEW, "revoke_tokens": True},
    )

    assert response.json["revoked_tokens"] == 2
    for token in tokens:
        bearer = app.test_client().get(ME, headers={"Authorization": f"Bearer {token}"})
        assert bearer.status_code == 401


def test_wrong_current_password_or_weak_new_one_changes_nothing(
    app: Flask, user: ApiClient
) -> None:
    wrong = user.post(
        PASSWORD_URL, json={"current_password": "nope nope nope", "new_password": NEW}
    )
    weak = user.post(PASSWORD_URL, json={"current_password": PASSWORD, "new_password": "short"})
    common = user.post(
        PASSWORD_URL, json={"current_password": PASSWORD, "new_password": "password123"}
    )

    assert wrong.status_code == weak.status_code == common.status_code == 422
    assert errors(wrong) == {
        "current_password": ["The current password is wrong. Nothing changed."]
    }
    assert "10 characters" in errors(weak)["new_password"][0]
    assert "new_password" in errors(common)
    assert _second_browser(app).get(ME).status_code == 200  # the old password still works


def test_without_csrf_or_sign_in_nothing_happens(app: Flask, user: ApiClient) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW}

    forged = user.client.post(PASSWORD_URL, json=body)
    stranger = app.test_client().post(PASSWORD_URL, json=body)

    assert (forged.status_code, stranger.status_code) == (400, 401)
    assert _second_browser(app).get(ME).status_code == 200


def test_revoke_also_revokes_live_share_links(app: Flask, user: ApiClient) -> None:
    links = [create_link(user, label=f"physio {n}") for n in range(2)]
    assert app.test_client().get(share_path(links[0])).status_code == 200

    response = user.post(
        PASSWORD_URL,
        json={"current_password": PASSWORD, "new_password": NEW, "revoke_tokens": True},
    )

    assert response.status_code == 200
    assert response.json["revoked_share_links"] == 2
    for link in links:
        assert stored_link(app, link["id"]).revoked_at is not None
        assert app.test_client().get(share_path(link)).status_code == 410


def test_share_links_stay_when_not_asked_to_revoke(app: Flask, user: ApiClient) -> None:
    link = create_link(user, label="physio")

    response = user.post(PASSWORD_URL, json={"current_password": PASSWORD, "new_password": NEW})

    assert response.json["revoked_share_links"] == 0
    assert stored_link(app, link["id"]).revoked_at is None
    assert app.test_client().get(share_path(link)).status_code == 200


def test_the_settings_page_says_revoke_covers_share_links(user: ApiClient) -> None:
    html = user.get("/settings").get_data(as_text=True)

    label = html.split('id="revoke-tokens"')[1].split("</label>")[0]
    assert "API tokens" in label and "share links" in label
