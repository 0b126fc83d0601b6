"""The headline verdict through the API: a shared recovery trend is no evidence,
and the demo diary, whose generator has a real effect, keeps its verdict."""

from __future__ import annotations

import random
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import Flask

from tests.api.helpers import BERLIN, CHECKINS, SESSIONS, checkin_body, days_ago, session_body
from tests.conftest import ApiClient
from tests.dashboard.seeding import seed_days

SUMMARY = "/api/v1/stats/summary"
DAYS = 90


def _post_recovering_person(user: ApiClient, seed: int = 5) -> None:
    """Pain falls from about 7 to 3 with time whatever they do, while their routine
    steadies with time: no day-to-day link at all (the Spearman rule said rho = -0.8)."""
    rng = random.Random(seed)
    for k in range(DAYS):
        day = days_ago(DAYS - k)  # ends yesterday, so every morning is over
        share = k / (DAYS - 1)
        pain = 7 - 4 * share + rng.gauss(0, 0.9)
        body = checkin_body(date=day.isoformat(), pain_right=max(0, min(10, round(pain))))
        assert user.post(CHECKINS, json=body).status_code == 201
        for hour in (7, 20):
            if rng.random() < 0.4 + 0.55 * share:
                started = datetime.combine(day, time(hour, 5), ZoneInfo(BERLIN))
                body = session_body(started_at=started.isoformat(), pressure=rng.choice([3, 5, 7]))
                assert user.post(SESSIONS, json=body).status_code == 201


def test_a_person_whose_pain_falls_while_the_routine_steadies_hears_no_link(
    user: ApiClient,
) -> None:
    _post_recovering_person(user)
    headline = user.get(f"{SUMMARY}?from={days_ago(DAYS).isoformat()}").json["headline"]
    consistency = headline["consistency"]
    assert consistency["n"] >= DAYS - 8
    assert consistency["kind"] not in ("lower", "higher"), consistency["verdict"]
    assert consistency["verdict"].startswith(("No clear link", "Not enough to tell yet"))
    assert headline["intensity"]["kind"] not in ("lower", "higher")
    assert headline["kind"] != "claim"
    assert "Weeks when you" not in headline["conclusion"]


def test_the_demo_diary_keeps_its_consistency_verdict(app: Flask, user: ApiClient) -> None:
    """seed-demo's default half year: its generator lowers pain in steady weeks."""
    seed_days(app, "alice@example.com", 180)
    headline = user.get(f"{SUMMARY}?from={days_ago(179).isoformat()}").json["headline"]
    consistency = headline["consistency"]
    assert consistency["kind"] == "lower", consistency["verdict"]
    assert consistency["effect"] < 0 and consistency["ci_high"] < 0
    assert consistency["n_effective"] >= 12
    assert consistency["verdict"].startswith(
        "In weeks when you did your whole routine, the next morning's pain was about"
    )
    assert headline["method"].startswith("One regression of next-morning pain")
