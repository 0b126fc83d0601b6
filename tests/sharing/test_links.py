"""What a share link opens: one person's numbers, read-only, with no sign-in."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import CHECKINS, ME, SESSIONS, checkin_body, days_ago, session_body
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import create_link, set_link_times, share_path, stored_link

CSV_FILES = ("daily.csv", "sessions.csv", "checkins.csv")


@pytest.fixture
def diaries(user: ApiClient, other_user: ApiClient) -> None:
    """Alice and Bob each log a morning and a session, with notes only they wrote."""
    user.post(CHECKINS, json=checkin_body(pain_right=7, notes="alice morning"))
    user.post(SESSIONS, json=session_body(notes="alice session", pressure=3))
    other_user.post(CHECKINS, json=checkin_body(pain_right=None, pain_left=2, notes="bob morning"))
    other_user.post(SESSIONS, json=session_body(notes="bob session", foot="left"))


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def test_landing_names_what_it_is_and_links_everything(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    link = create_link(user, expires_in_days=10)
    path = share_path(link)

    response = client.get(path)

    assert response.status_code == 200
    page = text(response)
    expires = datetime.fromisoformat(link["expires_at"]).astimezone(ZoneInfo("Europe/Berlin"))
    assert "read-only" in page
    assert f"expires {expires.day} {expires:%B %Y}" in page
    for target in ("/report", "/dashboard", *(f"/{name}" for name in CSV_FILES)):
        assert f'"{path}{target}"' in page
    assert "/settings" not in page
    assert 'class="tabs"' not in page  # no app navigation for a visitor


def test_csv_files_are_the_owners_own_export_byte_for_byte(
    user: ApiClient, client: FlaskClient, diaries: None
) -> None:
    path = share_path(create_link(user))
    query = f"?from={days_ago(7)}&to={days_ago(0)}"

    for name in CSV_FILES:
        shared = client.get(f"{path}/{name}{query}")
        shared_body = shared.get_data()  # streamed: read it before the next request
        own = user.get(f"/api/v1/export/{name}{query}")
        assert shared.status_code == 200, name
        assert shared.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert shared.headers["Content-Disposition"] == own.headers["Content-Disposition"]
        assert shared_body == own.get_data(), name
        assert b"bob" not in shared_body
        assert b"alice" in shared_body or name == "daily.csv"
    assert "alice morning" in text(client.get(f"{path}/daily.csv{query}"))


def test_each_link_opens_only_its_owners_diary(
    user: ApiClient, other_user: ApiClient, client: FlaskClient, diaries: None
) -> None:
    bobs = share_path(create_link(other_user))

    checkins = text(client.get(f"{bobs}/checkins.csv"))
    sessions = text(client.get(f"{bobs}/sessions.csv"))

    assert "bob morning" in checkins and "alice" not in checkins
    assert "bob session" in sessions and "alice" not in sessions


def test_dashboard_json_is_the_api_dashboard(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    seed_days(app, "alice@example.com", 20)
    path = share_path(create_link(user))

    for query in ("", f"?from={days_ago(13)}&to={days_ago(2)}"):
        shared = client.get(f"{path}/dashboard.json{query}")
        assert shared.status_code == 200
        own = user.get(f"/api/v1/dashboard{query}").json
        assert _without_words(shared.json) == _without_words(own)
    assert shared.json["summary"]["totals"]["days"] == 12


def _without_words(value: Any) -> Any:
    """The numbers and structure of a body, its sentences left out."""
    if isinstance(value, dict):
        return {k: _without_words(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_words(v) for v in value]
    return None if isinstance(value, str) and " " in value else value


def _words(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [w for v in value.values() for w in _words(v)]
    if isinstance(value, list):
        return [w for v in value for w in _words(v)]
    return [value] if isinstance(value, str) and " " in value else []


def test_the_shared_dashboard_speaks_of_the_person_not_to_them(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    """The physiotherapist reads "their first week", never "your first week"."""
    seed_days(app, "alice@example.com", 60)
    path = share_path(create_link(user))

    own = " ".join(_words(user.get("/api/v1/dashboard").json))
    shared = " ".join(_words(client.get(f"{path}/dashboard.json").json))

    assert "your first week" in own and "their first week" in shared
    assert not re.search(r"\b(you|your|You|Your)\b", shared), re.findall(
        r".{30}\byour?\b.{10}", shared
    )
    report = text(client.get(f"{path}/report"))
    assert "their first 7 mornings" in report and "your first" not in report


def test_dashboard_json_bad_dates_are_422_naming_the_field(
    user: ApiClient, client: FlaskClient
) -> None:
    path = share_path(create_link(user))

    response = client.get(
        f"{path}/dashboard.json?from=2026-02-30", headers={"Accept": "application/json"}
    )

    assert response.status_code == 422
    assert "from" in response.json["errors"]["query"]


def test_csv_bad_dates_are_a_422_page(user: ApiClient, client: FlaskClient) -> None:
    path = share_path(create_link(user))

    response = client.get(f"{path}/daily.csv?from=2026-11-20&to=2026-11-01")

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "from" in text(response)


def test_dashboard_page_reads_the_shared_json_and_offers_no_export(
    user: ApiClient, client: FlaskClient
) -> None:
    path = share_path(create_link(user))

    page = text(client.get(f"{path}/dashboard"))

    assert f'data-url="{path}/dashboard.json"' in page
    assert "/api/v1/export" not in page
    assert "read-only" in page
    assert 'class="tabs"' not in page


def test_signed_in_dashboard_still_reads_the_api(user: ApiClient) -> None:
    page = text(user.get("/dashboard"))

    assert 'data-url="/api/v1/dashboard"' in page
    assert "/api/v1/export/daily.csv" in page


def test_report_is_the_shared_report(user: ApiClient, client: FlaskClient) -> None:
    path = share_path(create_link(user))

    response = client.get(f"{path}/report?from={days_ago(13)}&to={days_ago(0)}")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert 'class="tabs"' not in text(response)
    assert "/settings" not in text(response)


def test_report_bad_dates_are_a_422_page_naming_the_field(
    user: ApiClient, client: FlaskClient
) -> None:
    path = share_path(create_link(user))

    response = client.get(f"{path}/report?from=yesterday")

    assert response.status_code == 422
    assert "from:" in text(response)
    assert "Set-Cookie" not in response.headers


def test_expired_link_is_410_saying_when(app: Flask, user: ApiClient, client: FlaskClient) -> None:
    link = create_link(user)
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2 March in Berlin
    set_link_times(app, link["id"], expires_at=moment, created_at=moment - timedelta(days=30))

    for suffix in ("", "/dashboard", "/report", "/daily.csv"):
        response = client.get(share_path(link) + suffix)
        assert response.status_code == 410, suffix
        assert "This link expired on 2 March 2026; ask" in text(response)
    assert user.get("/api/v1/share-links").json[0]["status"] == "expired"


def test_revoked_link_is_410_even_before_it_would_expire(
    user: ApiClient, client: FlaskClient
) -> None:
    link = create_link(user)
    user.delete(f"/api/v1/share-links/{link['id']}")

    response = client.get(share_path(link) + "/sessions.csv")

    assert response.status_code == 410
    assert "was revoked on" in text(response)
    json_answer = client.get(
        share_path(link) + "/dashboard.json", headers={"Accept": "application/json"}
    )
    assert json_answer.status_code == 410
    assert "revoked" in json_answer.json["message"]


@pytest.mark.parametrize(
    "token",
    [
        secrets.token_urlsafe(32),  # the right shape, but no link has it
        "abc",
        "x" * 200,
        "%00%27--",
    ],
)
def test_unknown_or_malformed_token_is_a_404_page(
    user: ApiClient, client: FlaskClient, token: str
) -> None:
    create_link(user)

    response = client.get(f"/s/{token}")

    assert response.status_code == 404
    assert "does not exist" in text(response)
    assert client.get(f"/s/{token}/daily.csv").status_code == 404


def test_a_changed_character_opens_nothing(user: ApiClient, client: FlaskClient) -> None:
    token = create_link(user)["token"]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert client.get(f"/s/{wrong}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "/dashboard.json", "/daily.csv", "/report"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_can_be_written_through_a_link(
    user: ApiClient, client: FlaskClient, method: str, suffix: str
) -> None:
    path = share_path(create_link(user))

    response = client.open(path + suffix, method=method, json={"pain_right": 1})

    assert response.status_code == 405
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("suffix", ["/settings", "/share", "/api/v1/me", "/tokens", "/history"])
def test_a_link_opens_nothing_but_its_pages(
    user: ApiClient, client: FlaskClient, suffix: str
) -> None:
    path = share_path(create_link(user))

    assert client.get(path + suffix).status_code == 404


def test_a_visit_sets_no_cookie_and_signs_nobody_in(user: ApiClient, client: FlaskClient) -> None:
    path = share_path(create_link(user))

    for suffix in ("", "/dashboard", "/dashboard.json", "/report", "/daily.csv", "/nope"):
        response = client.get(path + suffix)
        assert "Set-Cookie" not in response.headers, suffix
    assert client.get_cookie("session") is None
    assert client.get(ME).status_code == 401
    assert client.get("/api/v1/share-links").status_code == 401
    assert client.get("/settings").status_code == 302


def test_the_owner_opening_their_own_link_stays_signed_in(user: ApiClient) -> None:
    path = share_path(create_link(user))

    landing = user.get(path)

    assert landing.status_code == 200
    assert 'class="tabs"' not in text(landing)  # the shared view, not the owner's app
    assert "Set-Cookie" not in landing.headers
    assert user.get(ME).status_code == 200


def test_share_pages_ask_for_no_referrer_no_cache_no_index(
    user: ApiClient, client: FlaskClient
) -> None:
    link = create_link(user)
    revoked = create_link(user)
    user.delete(f"/api/v1/share-links/{revoked['id']}")

    for url in (
        share_path(link),
        share_path(link) + "/dashboard",
        share_path(link) + "/checkins.csv",
        share_path(revoked),
        "/s/" + secrets.token_urlsafe(32),
    ):
        response = client.get(url)
        assert response.headers["Referrer-Policy"] == "no-referrer", url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "noindex" in response.headers["X-Robots-Tag"], url


def test_opening_a_link_records_when_it_was_last_used(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    link = create_link(user)
    assert stored_link(app, link["id"]).last_used_at is None

    client.get(share_path(link))

    first = stored_link(app, link["id"]).last_used_at
    assert first is not None
    client.get(share_path(link) + "/dashboard")
    assert stored_link(app, link["id"]).last_used_at == first  # coarse: no write per page
