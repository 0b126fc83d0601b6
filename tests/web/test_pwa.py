"""Installable and light: the manifest, the icons, the service worker, cache lifetimes, weight."""

from __future__ import annotations

import json
import re
import struct
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import BERLIN, CHECKINS, ME, checkin_body, days_ago, today
from tests.conftest import ApiClient, register
from tests.web.html_audit import read_page
from tracker.web import assets

TODAY_BUDGET = 60 * 1024
# How our modules import (tracker/web/assets.py reads them the same way, on its own).
IMPORT = re.compile(r'^(?:import|export)\b[^;"]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"', re.M)


def _fetch(client: FlaskClient | ApiClient, url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a file response, closed at once (files are streamed)."""
    response = client.get(url)
    try:
        return response.status_code, dict(response.headers), response.get_data()
    finally:
        response.close()


def _loaded_files(client: FlaskClient | ApiClient, html: str) -> dict[str, bytes]:
    """Every file the page has the browser fetch: its stylesheets, its scripts and each
    module they import at any depth, resolved through the page's import map as a browser
    does. Each import must land on a versioned URL (cached for a year, kept by the worker)."""
    facts = read_page(html)
    mapping: dict[str, str] = {}
    for _, text in facts.import_maps:
        mapping.update(json.loads(text)["imports"])
    files: dict[str, bytes] = {}
    pending = facts.stylesheets + facts.scripts
    while pending:
        url = pending.pop(0)
        if url in files:
            continue
        status, _, body = _fetch(client, url)
        assert status == 200, url
        files[url] = body
        if urlsplit(url).path.endswith(".js"):
            for found in IMPORT.findall(body.decode()):
                target = urljoin(url, found[0] or found[1])  # relative to the importer
                assert target in mapping, f"{url} imports {target}, which the import map lacks"
                pending.append(mapping[target])
    return files


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_makes_the_app_installable(client: FlaskClient) -> None:
    _, headers, body = _fetch(client, "/static/manifest.webmanifest")
    assert headers["Content-Type"] == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["name"] and manifest["short_name"]
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        width, height = _png_size(_fetch(client, icon["src"])[2])
        assert f"{width}x{height}" == icon["sizes"]


def test_every_page_links_the_manifest_and_an_icon(user: ApiClient, client: FlaskClient) -> None:
    for c, path in ((user, "/"), (client, "/login")):
        html = c.get(path).get_data(as_text=True)
        assert re.search(r'<link rel="manifest" href="/static/manifest.webmanifest\?v=\w+">', html)
        assert 'rel="icon"' in html
        assert '<meta name="theme-color"' in html


def test_service_worker_is_served_from_the_root_and_never_cached(client: FlaskClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    config = json.loads(body.split("self.FS_CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["shell"] == ["/", "/log", "/history", "/experiment"]
    assert config["offline"] in config["precache"]
    for url in config["precache"]:
        assert _fetch(client, url)[0] == 200, url
    manifest = json.loads(_fetch(client, "/static/manifest.webmanifest")[2])
    icons = {icon["src"] for icon in manifest["icons"]}
    assert icons <= set(config["precache"])  # the installed app's icons, offline too
    assert all(
        "?v=" in url
        for url in config["precache"]
        if url.startswith("/static/") and url not in icons
    )
    assert "precache.includes(url.pathname)" in body  # and served from that cache


def test_service_worker_changes_when_a_shell_file_changes(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new byte in the worker is what makes browsers install it and drop old files."""
    before = client.get("/sw.js").get_data(as_text=True)
    real = assets.asset_version
    monkeypatch.setattr(
        assets, "asset_version", lambda name: "changed" if name == "css/app.css" else real(name)
    )
    after = client.get("/sw.js").get_data(as_text=True)
    assert before != after
    assert "css/app.css?v=changed" in after


def test_versioned_static_files_are_cached_for_a_year(client: FlaskClient, user: ApiClient) -> None:
    html = user.get("/").get_data(as_text=True)
    css = read_page(html).stylesheets[0]
    status, headers, _ = _fetch(client, css)
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    _, plain, _ = _fetch(client, urlsplit(css).path)
    assert "immutable" not in plain.get("Cache-Control", "")


def test_today_weighs_at_most_60_kb_with_its_css_and_js(user: ApiClient) -> None:
    """Before compression, as the brief counts it, every imported module included; no
    chart library on the page."""
    html = user.get("/").get_data()
    files = _loaded_files(user, html.decode())
    assets = list(files)
    sizes = {url: len(body) for url, body in files.items()}
    total = len(html) + sum(sizes.values())
    print(f"Today: HTML {len(html)} B + {sizes} = {total} B")
    assert total <= TODAY_BUDGET
    assert not any(re.search(r"plotly|chart", url, re.I) for url in assets)


def test_today_stays_under_60_kb_for_both_heels_on_the_weekly_question_morning(
    app: Flask,
) -> None:
    """The fullest ordinary morning: two pain scales, the weekly question, a routine strength."""
    person = register(app, feet="both", timezone=BERLIN)
    for n in range(1, 9):
        person.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat(), pain_left=5))
    assert person.patch(ME, json={"global_change_weekday": today().weekday()}).status_code == 200
    html = person.get("/").get_data()
    page = html.decode()
    assert 'name="pain_left"' in page and 'name="pain_right"' in page
    assert 'id="global-change"' in page and 'id="routine-strength"' in page
    total = len(html) + sum(len(body) for body in _loaded_files(person, page).values())
    print(f"Today, both heels and the weekly question: {total} B")
    assert total <= TODAY_BUDGET


def test_every_file_the_offline_pages_link_is_kept_by_the_worker(user: ApiClient) -> None:
    """Today, Log and History open with no network only if their own styles and scripts
    do, and every module those scripts import."""
    body = user.get("/sw.js").get_data(as_text=True)
    config = json.loads(body.split("self.FS_CONFIG = ", 1)[1].split(";\n", 1)[0])
    for path in config["shell"]:
        linked = list(_loaded_files(user, user.get(path).get_data(as_text=True)))
        assert any("/js/lib/" in url for url in linked), path
        assert [url for url in linked if url not in config["precache"]] == [], path


def test_offline_page_needs_no_sign_in(client: FlaskClient) -> None:
    response = client.get("/offline")
    assert response.status_code == 200
    assert "You are offline" in response.get_data(as_text=True)


def test_the_import_map_carries_this_response_s_nonce_and_versioned_urls(user: ApiClient) -> None:
    """The map is the one inline script: the CSP lets it in by its nonce, fresh each time."""
    first = user.get("/history")
    second = user.get("/history")
    nonces = []
    for response in (first, second):
        facts = read_page(response.get_data(as_text=True))
        [(nonce, text)] = facts.import_maps
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        nonces.append(nonce)
        imports = json.loads(text)["imports"]
        assert "/static/js/lib/api.js" in imports
        for plain, versioned in imports.items():
            assert versioned.startswith(f"{plain}?v="), plain
    assert nonces[0] != nonces[1]


def test_the_worker_changes_when_a_module_a_shell_script_imports_changes(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = client.get("/sw.js").get_data(as_text=True)
    assert "/static/js/lib/outbox.js?v=" in before
    real = assets.asset_version
    monkeypatch.setattr(
        assets, "asset_version", lambda name: "new" if name == "js/lib/outbox.js" else real(name)
    )
    after = client.get("/sw.js").get_data(as_text=True)
    assert before != after
    assert "js/lib/outbox.js?v=new" in after


@pytest.mark.parametrize(
    "path",
    ["/settings", "/pauses", "/dashboard", "/report", "/share", "/data", "/reminders", "/import"],
)
def test_every_module_a_page_imports_is_in_its_import_map(user: ApiClient, path: str) -> None:
    """A module missing from the map would load by its plain URL: never cached for long,
    and possibly an older copy than the module importing it expects."""
    files = _loaded_files(user, user.get(path).get_data(as_text=True))
    assert any("/js/lib/" in url for url in files), path


def test_a_page_with_no_imports_carries_no_import_map(client: FlaskClient) -> None:
    facts = read_page(client.get("/login").get_data(as_text=True))
    assert facts.scripts and facts.import_maps == []
