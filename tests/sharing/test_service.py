"""Opening a link, below the pages: the status check and the one write it makes."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.conftest import ApiClient
from tests.sharing.helpers import create_link, set_link_times, share_path, stored_link
from tracker.sharing.service import EXPIRED, REVOKED, LinkUnavailable, open_link


def _token(link: dict[str, Any]) -> str:
    return share_path(link).rsplit("/", 1)[1]


def test_a_live_link_opens_its_owners_diary_and_records_the_visit(
    app: Flask, user: ApiClient
) -> None:
    link = create_link(user)
    with app.app_context():
        opened, owner = open_link(_token(link))
        assert (opened.id, owner.email) == (link["id"], "alice@example.com")
    assert stored_link(app, link["id"]).last_used_at is not None


def test_a_token_no_link_has_opens_nothing(app: Flask) -> None:
    with app.app_context(), pytest.raises(LinkUnavailable) as refused:
        open_link(secrets.token_urlsafe(32))
    assert (refused.value.status, refused.value.day) == (None, None)


@pytest.mark.parametrize("status", [EXPIRED, REVOKED])
def test_a_dead_link_says_why_and_when_in_the_owners_calendar_and_records_nothing(
    app: Flask, user: ApiClient, status: str
) -> None:
    link = create_link(user)
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2 March in Berlin
    field = "expires_at" if status == EXPIRED else "revoked_at"
    set_link_times(app, link["id"], created_at=moment - timedelta(days=1), **{field: moment})

    with app.app_context(), pytest.raises(LinkUnavailable) as refused:
        open_link(_token(link))

    assert (refused.value.status, refused.value.day) == (status, date(2026, 3, 2))
    assert stored_link(app, link["id"]).last_used_at is None
