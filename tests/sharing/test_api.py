"""/api/v1/share-links: the owner creates, lists and revokes links."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import errors
from tests.conftest import ApiClient
from tests.sharing.helpers import LINKS, create_link, share_path, stored_link


def test_create_returns_the_url_and_token_once_and_stores_only_the_hash(
    app: Flask, user: ApiClient
) -> None:
    before = datetime.now(UTC)
    link = create_link(user, label="Physio, March")

    token = link["token"]
    # token_urlsafe: 6 bits per character; 22 characters already make 132 bits.
    assert len(token) * 6 >= 128
    assert len(token) == 43
    assert link["url"] == f"http://localhost/s/{token}"
    assert link["status"] == "active"
    assert link["label"] == "Physio, March"
    assert link["prefix"] == token[:6]
    expires = datetime.fromisoformat(link["expires_at"])
    assert before + timedelta(days=30) <= expires <= datetime.now(UTC) + timedelta(days=30)

    row = stored_link(app, link["id"])
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.label, row.prefix, row.token_hash}
    listed = user.get(LINKS).json
    assert "token" not in listed[0] and "url" not in listed[0]
    assert token not in str(listed)


def test_two_links_never_share_a_token(user: ApiClient) -> None:
    tokens = {create_link(user)["token"] for _ in range(5)}

    assert len(tokens) == 5


def test_expiry_days_is_kept(user: ApiClient) -> None:
    link = create_link(user, expires_in_days=1)

    created = datetime.fromisoformat(link["created_at"])
    expires = datetime.fromisoformat(link["expires_at"])
    assert abs((expires - created) - timedelta(days=1)) < timedelta(seconds=1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 366}, "expires_in_days"),
        ({"expires_in_days": "30"}, "expires_in_days"),
        ({"expires_in_days": 2.5}, "expires_in_days"),
        ({"label": "x" * 101}, "label"),
        ({"label": "a\x00b"}, "label"),
        ({"token": "chosen-by-me"}, "token"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_writes_nothing(
    user: ApiClient, body: dict[str, object], field: str
) -> None:
    response = user.post(LINKS, json=body)

    assert response.status_code == 422
    assert field in errors(response)
    assert user.get(LINKS).json == []


def test_list_shows_status_newest_first_and_only_own_links(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    first = create_link(user, label="first")
    second = create_link(user, label="second")
    create_link(other_user, label="bob's")
    user.delete(f"{LINKS}/{first['id']}")

    listed = user.get(LINKS).json

    assert [(item["label"], item["status"]) for item in listed] == [
        ("second", "active"),
        ("first", "revoked"),
    ]
    assert listed[1]["revoked_at"] is not None
    assert set(listed[0]) == {
        "id",
        "label",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "status",
    }
    assert second["id"] == listed[0]["id"]


def test_revoke_is_204_and_the_link_then_answers_410(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    link = create_link(user)

    response = user.delete(f"{LINKS}/{link['id']}")

    assert response.status_code == 204
    assert client.get(share_path(link)).status_code == 410
    revoked_at = stored_link(app, link["id"]).revoked_at
    assert revoked_at is not None
    assert user.delete(f"{LINKS}/{link['id']}").status_code == 204
    assert stored_link(app, link["id"]).revoked_at == revoked_at


def test_revoking_another_persons_link_is_404_and_leaves_it_open(
    user: ApiClient, other_user: ApiClient, client: FlaskClient
) -> None:
    bobs = create_link(other_user)

    response = user.delete(f"{LINKS}/{bobs['id']}")

    assert response.status_code == 404
    assert user.delete(f"{LINKS}/999999").status_code == 404
    assert client.get(share_path(bobs)).status_code == 200
    assert other_user.get(LINKS).json[0]["status"] == "active"


def test_managing_links_needs_sign_in(client: FlaskClient) -> None:
    assert client.get(LINKS).status_code == 401
    assert client.post(LINKS, json={}).status_code == 401
    assert client.delete(f"{LINKS}/1").status_code == 401


def test_a_cookie_client_must_send_the_csrf_token(user: ApiClient) -> None:
    response = user.client.post(LINKS, json={})

    assert response.status_code == 400
    assert user.get(LINKS).json == []


def test_bearer_clients_can_manage_links(bearer: ApiClient) -> None:
    link = create_link(bearer, label="from a script")

    assert bearer.get(LINKS).json[0]["id"] == link["id"]
    assert bearer.delete(f"{LINKS}/{link['id']}").status_code == 204


def test_the_openapi_document_describes_every_answer(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").json

    links = document["paths"]["/api/v1/share-links"]
    assert {"200"} <= set(links["get"]["responses"])
    assert {"201", "422", "429"} <= set(links["post"]["responses"])
    one = document["paths"]["/api/v1/share-links/{link_id}"]
    assert {"204", "404"} <= set(one["delete"]["responses"])
    status = document["components"]["schemas"]["ShareLink"]["properties"]["status"]
    assert status["enum"] == ["active", "expired", "revoked"]
    days = document["components"]["schemas"]["ShareLinkCreate"]["properties"]["expires_in_days"]
    assert (days["minimum"], days["maximum"], days["default"]) == (1, 365, 30)
