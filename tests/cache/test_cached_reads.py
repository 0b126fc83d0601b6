"""The cached analysis: computed once per data version, never one person's for another,
fresh on the very next read after a write, with an ETag and 304 for repeat visits."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from tests.api.helpers import BERLIN, CHECKINS, checkin_body, days_ago, today
from tests.conftest import ApiClient, make_config, register
from tests.dashboard.seeding import seed_days
from tests.sharing.helpers import create_link, share_path
from tracker import create_app
from tracker.common.cache import CACHE_CONTROL
from tracker.config import cache_settings
from tracker.dashboard import service
from tracker.extensions import db
from tracker.models import User

SUMMARY = "/api/v1/stats/summary"
DASHBOARD = "/api/v1/dashboard"
PAIN_CHART = "/api/v1/charts/pain"
CONDITIONAL = [SUMMARY, DASHBOARD, PAIN_CHART]


def _morning(person: ApiClient, pain: int, days_back: int = 0) -> None:
    day = today() if days_back == 0 else days_ago(days_back)
    body = checkin_body(date=day.isoformat(), pain_right=pain)
    assert person.post(CHECKINS, json=body).status_code == 201


def _pain_today(person: ApiClient) -> Any:
    response = person.get(SUMMARY)
    assert response.status_code == 200, response.json
    return response.json["today"]


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """One entry per history read and analysis actually run."""
    runs: list[object] = []
    compute = service.dashboard_data

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(service, "dashboard_data", counted)
    return runs


def test_a_repeat_read_is_served_from_the_cache(user: ApiClient, analyses: list[object]) -> None:
    _morning(user, 6)
    first = user.get(SUMMARY)
    second = user.get(SUMMARY)

    assert first.status_code == second.status_code == 200
    assert first.json == second.json
    assert len(analyses) == 1
    assert user.get(SUMMARY, query_string={"from": days_ago(3).isoformat()}).status_code == 200
    assert len(analyses) == 2  # another range, another entry


def test_a_write_is_visible_on_the_very_next_read(user: ApiClient, analyses: list[object]) -> None:
    _morning(user, 6, days_back=1)
    before = user.get(SUMMARY).json
    dashboard_before = user.get(DASHBOARD).json

    _morning(user, 2)

    after = user.get(SUMMARY).json
    assert after != before
    assert after["totals"]["days_logged"] == before["totals"]["days_logged"] + 1
    assert user.get(DASHBOARD).json != dashboard_before


def test_the_report_page_shows_a_write_at_once(user: ApiClient) -> None:
    _morning(user, 6, days_back=1)
    before = user.get("/report").get_data(as_text=True)
    changed = user.patch("/api/v1/me", json={"plan": {"sessions_per_day": 5}})
    assert changed.status_code == 200

    after = user.get("/report").get_data(as_text=True)

    assert "5 sessions a day" not in before
    assert "5 sessions a day" in after


def test_a_share_link_shows_a_write_at_once(user: ApiClient, client: Any) -> None:
    _morning(user, 6, days_back=1)
    path = share_path(create_link(user))
    before = client.get(f"{path}/dashboard.json").json["summary"]["totals"]["days_logged"]

    _morning(user, 3)

    after = client.get(f"{path}/dashboard.json").json["summary"]["totals"]["days_logged"]
    assert after == before + 1


def _force_versions(app: Flask, version: int) -> None:
    """Everyone on one version number: only the id can tell their entries apart."""
    with app.app_context():
        db.session.execute(update(User).values(data_version=version))
        db.session.commit()


def test_people_on_the_same_version_never_get_each_others_numbers(app: Flask) -> None:
    alice, bob = register(app, "alice@example.com"), register(app, "bob@example.com")
    for n in range(1, 8):
        _morning(alice, 9, days_back=n)
    for n in range(1, 4):
        _morning(bob, 1, days_back=n)
    _force_versions(app, 41)

    for _ in range(2):  # the second round is all cache hits
        assert alice.get(SUMMARY).json["totals"]["days_logged"] == 7
        assert bob.get(SUMMARY).json["totals"]["days_logged"] == 3
        assert alice.get(DASHBOARD).json != bob.get(DASHBOARD).json
        assert alice.get(PAIN_CHART).json != bob.get(PAIN_CHART).json


def test_identical_diaries_still_get_their_own_entries_and_etags(app: Flask) -> None:
    alice, bob = register(app, "alice@example.com"), register(app, "bob@example.com")
    for person in (alice, bob):
        _morning(person, 5, days_back=1)
    _force_versions(app, 7)

    a_report = alice.get("/report").get_data(as_text=True)
    b_report = bob.get("/report").get_data(as_text=True)
    assert "alice@example.com" in a_report and "bob@example.com" not in a_report
    assert "bob@example.com" in b_report and "alice@example.com" not in b_report

    a_etag = alice.get(SUMMARY).headers["ETag"]
    answer = bob.get(SUMMARY, headers={"If-None-Match": a_etag})
    assert answer.status_code == 200  # alice's ETag is no proof bob holds his numbers
    assert answer.headers["ETag"] != a_etag


@pytest.mark.parametrize("path", CONDITIONAL)
def test_etag_round_trip_and_a_new_etag_after_a_write(user: ApiClient, path: str) -> None:
    _morning(user, 6, days_back=1)
    first = user.get(path)
    etag = first.headers["ETag"]
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == CACHE_CONTROL

    again = user.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == CACHE_CONTROL

    _morning(user, 2)

    after = user.get(path, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert after.json != first.json
    assert user.get(path, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_a_bad_range_is_still_a_422_not_a_cached_answer(user: ApiClient) -> None:
    bad = {"from": today().isoformat(), "to": days_ago(3).isoformat()}
    for _ in range(2):
        response = user.get(SUMMARY, query_string=bad)
        assert response.status_code == 422
        assert "from" in response.json["errors"]["query"]


def test_a_cache_that_is_down_is_a_miss_not_an_error(database_url: str) -> None:
    down = create_app(
        make_config(database_url, CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:9/0")
    )
    try:
        person = register(down, "dana@example.com", timezone=BERLIN)
        _morning(person, 4)

        response = person.get(SUMMARY)

        assert response.status_code == 200
        assert response.json["totals"]["days_logged"] == 1
    finally:
        with down.app_context():
            db.engine.dispose()  # this app's own pool: no connection left for the collector


def test_redis_is_the_limiters_unless_named() -> None:
    assert cache_settings({})["CACHE_TYPE"] == "SimpleCache"
    limits = {"RATELIMIT_STORAGE_URI": "redis://limits:6379/0"}
    assert cache_settings(limits)["CACHE_REDIS_URL"] == "redis://limits:6379/0"
    named = cache_settings({**limits, "CACHE_REDIS_URL": "redis://cache:6379/1"})
    assert (named["CACHE_TYPE"], named["CACHE_REDIS_URL"]) == ("RedisCache", "redis://cache:6379/1")


def test_the_owner_and_a_share_link_never_get_each_others_voice(
    app: Flask, user: ApiClient, client: Any
) -> None:
    """One person, one version: the owner's pages say "your", the link's "their"; the
    voice is part of the key, whichever is asked first."""
    seed_days(app, "alice@example.com", 60)
    path = share_path(create_link(user))

    for _ in range(2):
        own_report = user.get("/report").get_data(as_text=True)
        shared_report = client.get(f"{path}/report").get_data(as_text=True)
        assert "your first 7 mornings" in own_report
        assert "their first 7 mornings" in shared_report and "your first" not in shared_report
