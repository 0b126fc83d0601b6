"""Security headers on every response, stricter ones on share links, HTTPS in production."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_talisman import Talisman

from tests.conftest import PASSWORD, ApiClient, make_config
from tracker import create_app
from tracker.security import CSP, talisman_options


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


def test_the_csp_is_every_directive_with_a_fresh_nonce_for_scripts(client: FlaskClient) -> None:
    """The header's text is built once and only the nonce is put in per response: each
    response still carries every directive, in order, and a nonce of its own."""
    texts = [client.get("/login").headers["Content-Security-Policy"] for _ in range(2)]

    nonces = [re.search(r"'nonce-([^']+)'", text) for text in texts]
    assert all(nonces) and nonces[0].group(1) != nonces[1].group(1)  # type: ignore[union-attr]
    for text, nonce in zip(texts, nonces, strict=True):
        expected = "; ".join(
            f"{section} {value}" + (f" {nonce.group(0)}" if section == "script-src" else "")  # type: ignore[union-attr]
            for section, value in CSP.items()
        )
        assert text == expected


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


def _production(tmp_path: Path, trusted_proxies: int) -> Flask:
    return create_app(
        make_config(
            f"sqlite:///{tmp_path / 'prod.db'}",
            ENV_NAME="production",
            FORCE_HTTPS=True,
            TRUSTED_PROXIES=trusted_proxies,
            SESSION_COOKIE_SECURE=True,
            TESTING=False,
        )
    )


@pytest.fixture
def production(tmp_path: Path) -> Flask:
    """Behind one TLS proxy, as the README asks."""
    return _production(tmp_path, trusted_proxies=1)


def test_production_redirects_to_https_with_308_and_sends_hsts(production: Flask) -> None:
    client = production.test_client()

    plain = client.get("/login?next=/history")
    secure = client.get("/login", base_url="https://firststep.example")

    assert plain.status_code == 308
    assert plain.headers["Location"] == "https://localhost/login?next=/history"
    assert len(plain.headers["X-Request-ID"]) == 32  # logged like any other answer
    assert "Strict-Transport-Security" not in plain.headers
    assert secure.status_code == 200
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_a_plain_http_post_is_redirected_as_a_post_not_refused(production: Flask) -> None:
    """308 keeps the method and body; the CSRF check and rate limits come after it."""
    response = production.test_client().post(
        "/api/v1/auth/login", json={"email": "a@b.co", "password": "x" * 12}
    )

    assert response.status_code == 308
    assert response.headers["Location"] == "https://localhost/api/v1/auth/login"


def test_healthz_answers_over_plain_http_for_the_load_balancer(production: Flask) -> None:
    response = production.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}


def test_the_trusted_proxy_says_https_and_nobody_else_does(tmp_path: Path) -> None:
    from_proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    behind_proxy = _production(tmp_path, trusted_proxies=1).test_client()
    exposed = _production(tmp_path, trusted_proxies=0).test_client()

    trusted = behind_proxy.get("/login", headers=from_proxy)
    spoofed = exposed.get("/login", headers=from_proxy)

    assert trusted.status_code == 200
    assert "max-age=31536000" in trusted.headers["Strict-Transport-Security"]
    assert spoofed.status_code == 308  # a client's own header does not make HTTP secure
    assert "Strict-Transport-Security" not in spoofed.headers


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "X-XSS-Protection",
    "X-Download-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "Feature-Policy",
    "Document-Policy",
)


def _security_headers(response: Any) -> dict[str, str | None]:
    """Every header talisman may write, the CSP's per-response nonce blanked."""
    found = {name: response.headers.get(name) for name in SECURITY_HEADERS}
    found["Content-Security-Policy"] = re.sub(
        r"'nonce-[^']+'", "'nonce-N'", found["Content-Security-Policy"] or ""
    )
    return found


def _talismans_own(production: bool, path: str, base_url: str) -> dict[str, str | None]:
    """What talisman's own class writes with the app's options, on a bare app."""
    bare = Flask("bare")
    Talisman(bare, **talisman_options(production))
    bare.add_url_rule("/<path:anything>", "any", lambda anything: "")
    return _security_headers(bare.test_client().get(path, base_url=base_url))


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_api_list_carries_talismans_own_headers_every_time(
    bearer: ApiClient, app: Flask, signed_in: bool
) -> None:
    """The options and policies worked out once give the very headers talisman works out
    per request, on the first answer and every later one, signed in (200) or not (401)."""
    client = bearer if signed_in else ApiClient(app.test_client(), {})
    expected = _talismans_own(False, "/api/v1/sessions", "http://localhost")

    answers = [client.get("/api/v1/sessions") for _ in range(3)]

    assert [a.status_code for a in answers] == [200 if signed_in else 401] * 3
    assert all(_security_headers(a) == expected for a in answers)
    assert expected["Permissions-Policy"] == "geolocation=(), camera=(), microphone=()"


def test_production_pages_carry_talismans_own_headers_hsts_included(production: Flask) -> None:
    client = production.test_client()
    expected = _talismans_own(True, "/login", "https://firststep.example")

    answers = [client.get("/login", base_url="https://firststep.example") for _ in range(2)]

    assert all(_security_headers(a) == expected for a in answers)
    assert expected["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
