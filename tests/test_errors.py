"""A service's DomainError becomes the API's error body (and a page's message), unchanged
from the days services called flask-smorest's ``abort`` themselves."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from tests.api.helpers import CHECKINS, checkin_body, days_ago
from tests.conftest import ApiClient
from tracker.common.errors import DomainError, conflict, invalid, not_found
from tracker.errors import _domain_error, _http_error
from tracker.extensions import db
from tracker.imports.rows import _refusal
from tracker.models import User

FUTURE = "Cannot be in the future."


def _body_of(app: Flask, error: DomainError, path: str = "/api/v1/checkins") -> Any:
    with app.test_request_context(path, method="POST"):
        response = _domain_error(error)
    return response.status_code, response.get_json()


def test_an_invalid_field_is_a_422_naming_the_field_and_the_reason(app: Flask) -> None:
    status, body = _body_of(app, invalid("date", FUTURE))

    assert status == 422
    assert body == {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": f"date: {FUTURE}",
        "errors": {"json": {"date": [FUTURE]}},
    }


def test_a_query_field_is_listed_under_query(app: Flask) -> None:
    _, body = _body_of(app, invalid("from", "Too early.", location="query"))

    assert body["errors"] == {"query": {"from": ["Too early."]}}
    assert body["message"] == "from: Too early."


def test_a_conflict_is_a_409_with_the_sentence_and_no_field(app: Flask) -> None:
    reason = "There is already a check-in for 2026-03-01. Edit it instead."

    status, body = _body_of(app, conflict(reason))

    assert status == 409
    assert body == {"code": 409, "status": "Conflict", "message": reason}


def test_a_missing_row_is_a_404(app: Flask) -> None:
    status, body = _body_of(app, not_found("pause"))

    assert status == 404
    assert body == {"code": 404, "status": "Not Found", "message": "No such pause."}


@pytest.mark.parametrize(
    ("domain", "code", "smorest"),
    [
        (invalid("pain_left", "Log it."), 422, {"errors": {"json": {"pain_left": ["Log it."]}}}),
        (conflict("These dates overlap."), 409, {}),
        (not_found("session"), 404, {}),
    ],
)
def test_the_body_is_the_one_flask_smorest_abort_gave(
    app: Flask, domain: DomainError, code: int, smorest: dict[str, Any]
) -> None:
    """What the services raised before, byte for byte: clients see no change."""
    with app.test_request_context("/api/v1/pauses", method="POST"):
        try:
            abort(code, message=domain.message, **smorest)
        except HTTPException as error:
            before = _http_error(error)
        after = _domain_error(domain)

    assert after.status_code == before.status_code == code
    assert after.get_data() == before.get_data()


def test_a_page_shows_the_reason_with_the_status(app: Flask) -> None:
    with app.test_request_context("/log", headers={"Accept": "text/html"}):
        response = _domain_error(invalid("started_at", FUTURE))

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert f"started_at: {FUTURE}" in response.get_data(as_text=True)


def test_nothing_the_request_changed_is_kept(app: Flask) -> None:
    with app.test_request_context("/api/v1/me", method="PATCH"):
        db.session.add(User(email="pending@example.com", password_hash="x", timezone="UTC"))
        assert db.session.new

        _domain_error(invalid("plan", "minutes_max must be at least minutes_min."))

        assert not db.session.new


def test_a_service_refusal_reaches_the_client_through_the_handler(user: ApiClient) -> None:
    day = days_ago(1).isoformat()
    assert user.post(CHECKINS, json=checkin_body(date=day)).status_code == 201

    again = user.post(CHECKINS, json=checkin_body(date=day))
    future = user.post(CHECKINS, json=checkin_body(date="2999-01-01"))

    assert again.status_code == 409
    assert set(again.json) == {"code", "status", "message"}
    assert again.json["message"].startswith(f"There is already a check-in for {day}.")
    assert future.status_code == 422
    assert future.json["status"] == "Unprocessable Entity"
    assert list(future.json["errors"]["json"]) == ["date"]
    assert future.json["message"].startswith("date: Cannot be in the future")


def test_the_import_reads_the_field_and_reason_off_the_error() -> None:
    def refuse() -> None:
        raise invalid("date", FUTURE)

    assert _refusal(refuse) == ("date", FUTURE)
    assert _refusal(lambda: None) is None


def test_the_import_lets_a_refusal_without_a_field_through() -> None:
    """A conflict is not a line's fault: it must not be reported as one."""

    def clash() -> None:
        raise conflict("Your diary changed.")

    with pytest.raises(DomainError, match="Your diary changed"):
        _refusal(clash)
