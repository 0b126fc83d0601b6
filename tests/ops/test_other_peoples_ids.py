"""Every route that takes an id, walked with another person's ids: only 404s, nothing
changed. The route list comes from the app itself, so a new route with an id is
covered (or this test fails asking for its id) without anyone remembering to add it."""

from __future__ import annotations

import re

from flask import Flask

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, SESSIONS, checkin_body, session_body, today
from tests.conftest import ApiClient
from tests.reminders.push_helpers import SUBSCRIPTIONS, Browser
from tracker.models import ApiToken, CareSession, Checkin, Pause, PushSubscription, ShareLink

OPEN_BY_DESIGN = {"static", "api_assets.swagger_asset", "charts.chart"}
"""Routes whose parameter is not a person's id: files, and chart names."""
A_CHANGE = {
    "checkin_id": {"notes": "bob"},
    "session_id": {"notes": "bob"},
    "pause_id": {"note": "bob"},
}
"""A PATCH must change something (an empty one is a 422 before any id is looked at)."""
CAPABILITIES = re.compile(r"^sharing_pages\.")
"""/s/<token>: the token is the permission, by design (tested in tests/sharing)."""


def _alices_things(alice: ApiClient) -> dict[str, int]:
    return {
        "checkin_id": alice.post(CHECKINS, json=checkin_body()).json["id"],
        "session_id": alice.post(SESSIONS, json=session_body()).json["id"],
        "pause_id": alice.post(
            "/api/v1/pauses", json={"end_date": today().isoformat(), "reason": "travel"}
        ).json["id"],
        "token_id": alice.post("/api/v1/tokens", json={"name": "alice's"}).json["id"],
        "link_id": alice.post("/api/v1/share-links", json={"label": "physio"}).json["id"],
        "subscription_id": alice.post(
            SUBSCRIPTIONS, json=Browser.new().body("https://push.example.com/alice")
        ).json["id"],
    }


def test_bob_gets_404_for_every_id_of_alices(
    app: Flask, user: ApiClient, other_user: ApiClient, rows: Rows
) -> None:
    ids = _alices_things(user)
    owned = (Checkin, CareSession, Pause, ApiToken, ShareLink, PushSubscription)
    before = {m: rows.count(m) for m in owned}
    walked = []
    for rule in app.url_map.iter_rules():
        if (
            not rule.arguments
            or rule.endpoint in OPEN_BY_DESIGN
            or CAPABILITIES.match(rule.endpoint)
        ):
            continue
        (name,) = rule.arguments
        assert name in ids, f"{rule.rule}: teach this test which of Alice's ids fits <{name}>"
        path = re.sub(r"<[^>]+>", str(ids[name]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = A_CHANGE[name] if method == "PATCH" else {} if method == "POST" else None
            response = getattr(other_user, method.lower())(path, json=body)
            assert response.status_code == 404, (method, path, response.status_code)
            walked.append((method, rule.rule))

    assert len(walked) >= 13
    assert {m: rows.count(m) for m in before} == before  # nothing of Alice's changed
    for name, path in (("checkin_id", CHECKINS), ("session_id", SESSIONS)):
        assert user.get(f"{path}/{ids[name]}").status_code == 200  # still hers, still there
