"""Compressed responses (flask-compress) for pages, scripts, styles and JSON; a dashboard
revalidation is still a cheap 304; an export still streams as written."""

from __future__ import annotations

import re

import brotli
from flask import Flask

from tests.conftest import ApiClient, count_queries
from tests.dashboard.seeding import seed_days
from tracker import PROJECT_ROOT
from tracker.web.assets import ONE_YEAR

BROWSER = "gzip, deflate, br, zstd"


def test_a_page_is_not_compressed_so_its_csrf_token_cannot_leak_by_size(
    user: ApiClient,
) -> None:
    """BREACH: a page mixes the session's CSRF token with reflected text; compressed, its
    size would tell an eavesdropper how much of a guess matched the token."""
    response = user.get("/settings", headers={"Accept-Encoding": BROWSER})

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    page = response.get_data(as_text=True)
    assert 'name="csrf-token"' in page
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert nonce and f'nonce="{nonce.group(1)}"' in page


def test_the_dashboard_json_is_compressed_and_its_etag_still_answers_304_unread(
    app: Flask, user: ApiClient
) -> None:
    seed_days(app, "alice@example.com", 180)
    plain = user.get("/api/v1/dashboard")
    first = user.get("/api/v1/dashboard", headers={"Accept-Encoding": BROWSER})

    assert first.headers["Content-Encoding"] == "zstd"
    body = first.get_data()
    assert len(body) < len(plain.get_data()) / 3
    etag = first.headers["ETag"]
    assert etag == plain.headers["ETag"][:-1] + ':zstd"'  # its own validator
    with count_queries(app) as statements:
        again = user.get(
            "/api/v1/dashboard", headers={"Accept-Encoding": BROWSER, "If-None-Match": etag}
        )
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert len(statements) == 1  # the person's row (and data version): nothing analysed

    br = user.get("/api/v1/dashboard", headers={"Accept-Encoding": "br"})
    assert brotli.decompress(br.get_data()) == plain.get_data()
    assert (
        user.get("/api/v1/dashboard", headers={"If-None-Match": br.headers["ETag"]}).status_code
        == 304
    )


def test_a_versioned_static_file_is_compressed_and_kept_a_year(user: ApiClient) -> None:
    page = user.get("/dashboard").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page)
    assert css

    response = user.get(css.group(1), headers={"Accept-Encoding": "br"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert (
        brotli.decompress(response.get_data()) == (PROJECT_ROOT / "static/css/app.css").read_bytes()
    )
    assert response.cache_control.max_age == ONE_YEAR and response.cache_control.immutable


def test_a_csv_export_streams_uncompressed(app: Flask, user: ApiClient) -> None:
    seed_days(app, "alice@example.com", 30)
    plain = user.get("/api/v1/export/daily.csv")

    response = user.get("/api/v1/export/daily.csv", headers={"Accept-Encoding": BROWSER})

    assert response.status_code == 200
    assert response.is_streamed
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == plain.get_data()
    assert response.get_data().startswith("\ufeffdate (Europe/Berlin),".encode())


def test_no_accept_encoding_no_compression(user: ApiClient) -> None:
    response = user.get("/dashboard")

    assert "Content-Encoding" not in response.headers
    assert "Is it working?" in response.get_data(as_text=True)
