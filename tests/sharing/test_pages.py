"""The /share page and the markup of what a link opens."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import LINKS, create_link, set_link_times, share_path
from tests.web.html_audit import read_page, unlabelled
from tracker.timeutil import local_today


def test_share_page_needs_sign_in(client: FlaskClient) -> None:
    response = client.get("/share")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_share_page_explains_offers_a_form_and_its_script(user: ApiClient) -> None:
    page = user.get("/share").get_data(as_text=True)

    assert "they cannot change anything or see your settings" in page
    assert 'name="expires_in_days"' in page and 'value="30"' in page
    assert 'max="365"' in page
    assert "No share links yet." in page
    facts = read_page(page)
    assert any("/static/js/share.js" in src for src in facts.scripts)
    assert unlabelled(facts) == []
    assert facts.inline_scripts == 0 and facts.style_attributes == []


def test_share_page_lists_links_with_status_and_revoke_only_for_live_ones(
    app: Flask, user: ApiClient
) -> None:
    old = create_link(user, label="old one")
    set_link_times(app, old["id"], expires_at=datetime(2026, 1, 10, 12, tzinfo=UTC))
    create_link(user, label="<b>physio</b>")
    gone = create_link(user, label="revoked one")
    user.delete(f"{LINKS}/{gone['id']}")

    page = user.get("/share").get_data(as_text=True)

    assert 'data-status="expired"' in page and "expired 10 January 2026" in page
    assert 'data-status="revoked"' in page and "revoked " in page
    assert 'data-status="active"' in page and "never opened" in page
    assert "&lt;b&gt;physio&lt;/b&gt;" in page and "<b>physio</b>" not in page
    assert page.count("data-revoke=") == 1
    assert gone["token"] not in page


def test_share_page_shows_only_own_links(user: ApiClient, other_user: ApiClient) -> None:
    create_link(other_user, label="bob's link")

    page = user.get("/share").get_data(as_text=True)

    assert "bob's link" not in page and "bob&#39;s link" not in page


def test_shared_pages_have_labels_and_no_inline_code(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    live = share_path(create_link(user))
    expired = create_link(user)
    set_link_times(app, expired["id"], expires_at=datetime.now(UTC) - timedelta(days=1))

    for url in (
        live,
        f"{live}/dashboard",
        share_path(expired),
        f"/s/{secrets.token_urlsafe(32)}",
    ):
        facts = read_page(client.get(url).get_data(as_text=True))
        assert facts.inline_scripts == 0, url
        assert facts.style_attributes == [], url
        assert unlabelled(facts) == [], url
        assert not any("/js/app.js" in src for src in facts.scripts), url


def _field(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, element_id
    return unescape(match.group(1)).strip()


def test_dashboard_report_and_share_view_show_the_same_progress(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    """The report and the dashboard show the last 8 weeks of a 180-day diary; the
    baseline is still the person's first week (it used to be the range's first week,
    so the report contradicted the whole-history dashboard)."""
    seed_days(app, "alice@example.com", 180)
    first = (local_today("Europe/Berlin") - timedelta(days=179)).isoformat()
    progress = user.get(f"/api/v1/stats/summary?from={first}").json["progress"]
    assert user.get("/api/v1/stats/summary").json["progress"] == progress  # last 8 weeks
    report = user.get("/report").get_data(as_text=True)
    link = share_path(create_link(user))
    shared = client.get(f"{link}/report").get_data(as_text=True)
    shared_dashboard = client.get(f"{link}/dashboard.json").json["summary"]["progress"]

    # The same numbers; the shared view's sentences speak of the person, not to them.
    about = {"label": progress["label"].replace("your first week", "their first week")}
    assert shared_dashboard == progress | about | {"feeling": shared_dashboard["feeling"]}
    assert progress["available"] and progress["change"] < 0
    for page, label in ((report, progress["label"]), (shared, about["label"])):
        assert _field(page, "baseline") == f"{progress['baseline']:.1f}"
        assert _field(page, "now") == f"{progress['now']:.1f}"
        assert _field(page, "progress-label") == label
    assert progress["label"].startswith("Pain down")
