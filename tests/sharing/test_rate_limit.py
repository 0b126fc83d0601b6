"""Opening share links is rate-limited per address, so tokens cannot be guessed in bulk."""

from __future__ import annotations

import secrets

from flask import Flask

from tests.conftest import register
from tests.sharing.helpers import create_link, share_path
from tracker.sharing.public import OPEN_LIMIT

LIMIT = int(OPEN_LIMIT.split()[0])


def test_guessing_tokens_is_429_after_the_limit(limited_app: Flask) -> None:
    client = limited_app.test_client()

    answers = [client.get(f"/s/{secrets.token_urlsafe(32)}").status_code for _ in range(LIMIT)]
    refused = client.get(f"/s/{secrets.token_urlsafe(32)}")

    assert answers == [404] * LIMIT
    assert refused.status_code == 429
    assert refused.mimetype == "text/html"
    page = refused.get_data(as_text=True)
    assert "Too many tries" in page
    assert "Wait a minute" in page
    assert "Set-Cookie" not in refused.headers


def test_the_limit_covers_every_share_page_and_even_a_real_link(limited_app: Flask) -> None:
    owner = register(limited_app)
    path = share_path(create_link(owner))
    client = limited_app.test_client()

    for i in range(LIMIT):
        suffix = ("", "/dashboard", "/checkins.csv")[i % 3]
        response = client.get(path + suffix)
        assert response.status_code == 200, (i, suffix)
        response.get_data()
    refused = client.get(f"{path}/dashboard.json", headers={"Accept": "application/json"})

    assert refused.status_code == 429
    assert "Wait a minute" in refused.json["message"]
    # The owner's own pages are not part of the share-link budget.
    assert owner.get("/api/v1/share-links").status_code == 200
