"""A share link's JSON refusals have the API's error shape, down to the ``status`` phrase."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ApiClient
from tests.sharing.helpers import LINKS, create_link, set_link_times, share_path

JSON = {"Accept": "application/json"}


def test_an_unknown_token_says_not_found_like_any_api_404(
    user: ApiClient, client: FlaskClient
) -> None:
    response = client.get(f"/s/{secrets.token_urlsafe(32)}/dashboard.json", headers=JSON)

    assert response.status_code == 404
    assert response.json["code"] == 404
    assert response.json["status"] == "Not Found"
    assert response.json["message"].startswith("This share link does not exist.")
    api_404 = user.delete(f"{LINKS}/999999").json
    assert set(response.json) == set(api_404) == {"code", "status", "message"}
    assert api_404["status"] == response.json["status"]


def test_a_revoked_link_says_gone(user: ApiClient, client: FlaskClient) -> None:
    link = create_link(user)
    user.delete(f"{LINKS}/{link['id']}")

    response = client.get(share_path(link) + "/dashboard.json", headers=JSON)

    assert response.status_code == 410
    assert response.json["status"] == "Gone"
    assert response.json["code"] == 410


def test_an_expired_link_says_gone(app: Flask, user: ApiClient, client: FlaskClient) -> None:
    link = create_link(user)
    moment = datetime.now(UTC) - timedelta(days=1)
    set_link_times(app, link["id"], expires_at=moment, created_at=moment - timedelta(days=30))

    response = client.get(share_path(link) + "/dashboard.json", headers=JSON)

    assert (response.status_code, response.json["status"]) == (410, "Gone")


def test_bad_dates_say_unprocessable_entity_and_name_the_field(
    user: ApiClient, client: FlaskClient
) -> None:
    path = share_path(create_link(user))

    response = client.get(f"{path}/dashboard.json?from=2026-11-20&to=2026-11-01", headers=JSON)

    assert response.status_code == 422
    assert response.json["status"] == "Unprocessable Entity"
    assert response.json["errors"]["query"] == {"from": ["'from' must be on or before 'to'."]}
