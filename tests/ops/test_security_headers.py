"""Security headers on every response, stricter ones on share links, HTTPS in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, ApiClient, make_config
from tracker import create_app


@pytest.mark.parametrize("path", ["/login", "/api/openapi.json", "/healthz", "/nope"])
def test_headers_on_pages_api_and_errors(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers

    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # development: no HTTPS promised


def test_share_links_keep_their_stricter_referrer_policy(user: ApiClient) -> None:
    link = user.post("/api/v1/share-links", json={"label": "physio"}).json

    response = user.client.get(link["url"].split("localhost", 1)[1])

    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_session_cookie_is_httponly_and_lax(client: FlaskClient, user: ApiClient) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"email": "alice@example.com", "password": PASSWORD}
    )

    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 200
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development runs on plain HTTP; production sets it


@pytest.fixture
def production(tmp_path: Path) -> Flask:
    return create_app(
        make_config(
            f"sqlite:///{tmp_path / 'prod.db'}",
            ENV_NAME="production",
            FORCE_HTTPS=True,
            SESSION_COOKIE_SECURE=True,
            TESTING=False,
        )
    )


def test_production_redirects_to_https_and_sends_hsts(production: Flask) -> None:
    client = production.test_client()

    plain = client.get("/login")
    secure = client.get("/login", base_url="https://firststep.example")

    assert plain.status_code == 302
    assert plain.headers["Location"].startswith("https://")
    assert secure.status_code == 200
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert production.config["SESSION_COOKIE_SECURE"] is True
