"""Hostile bodies: each a clear 4xx JSON answer, and nothing written."""

from __future__ import annotations

import pytest

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, SESSIONS, checkin_body
from tests.conftest import ApiClient
from tracker.models import CareSession, Checkin


def _nothing_written(rows: Rows) -> None:
    assert rows.count(Checkin) == rows.count(CareSession) == 0


def test_a_body_over_the_limit_is_413_json(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(
        CHECKINS, data=b"{" + b" " * (3 * 1024 * 1024) + b"}", content_type="application/json"
    )

    assert response.status_code == 413
    assert response.is_json and response.json["code"] == 413 and response.json["message"]
    _nothing_written(rows)


def test_deeply_nested_json_is_a_clear_4xx(bearer: ApiClient, rows: Rows) -> None:
    nested = "[" * 100_000 + "]" * 100_000

    response = bearer.post(CHECKINS, data=nested, content_type="application/json")

    assert response.status_code in (400, 422)
    assert response.is_json and response.json["message"]
    _nothing_written(rows)


def test_invalid_utf8_is_400(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(
        CHECKINS, data=b'{"pain_right": 5, "notes": "\xff\xfe"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json["message"] == "Invalid JSON body."
    _nothing_written(rows)


def test_a_one_megabyte_note_is_422_naming_the_field(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(CHECKINS, json=checkin_body(notes="x" * 1024 * 1024))

    assert response.status_code == 422
    assert response.json["errors"]["json"]["notes"] == ["Longer than maximum length 2000."]
    _nothing_written(rows)


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/csv", "pain_right\n5\n"),
        ("application/x-www-form-urlencoded", "pain_right=5"),
        ("application/xml", "<checkin/>"),
    ],
)
def test_a_wrong_content_type_is_415(
    bearer: ApiClient, rows: Rows, content_type: str, data: str
) -> None:
    response = bearer.post(SESSIONS, data=data, content_type=content_type)

    assert response.status_code == 415
    assert "application/json" in response.json["message"]
    _nothing_written(rows)


def test_nul_bytes_in_text_are_refused(bearer: ApiClient, rows: Rows) -> None:
    response = bearer.post(CHECKINS, json=checkin_body(notes="before\x00after"))

    assert response.status_code == 422
    assert "notes" in response.json["errors"]["json"]
    _nothing_written(rows)
