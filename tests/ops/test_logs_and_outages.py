"""Request ids, one JSON access line per request with nothing private in it, and a 503
(never a 500 page) while the database is unreachable."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask import Flask

from tests.api.helpers import CHECKINS, checkin_body
from tests.conftest import ApiClient, make_config
from tracker import create_app
from tracker.logs import JsonFormatter


def test_every_response_carries_a_request_id(client, user: ApiClient) -> None:  # type: ignore[no-untyped-def]
    made = client.get("/healthz")
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})

    assert len(made.headers["X-Request-ID"]) == 32
    assert kept.headers["X-Request-ID"] == "lb-1234abcd"
    assert len(hostile.headers["X-Request-ID"]) == 32
    assert user.get("/nope").headers["X-Request-ID"]  # errors too


def test_one_json_line_per_request_with_route_not_path(
    user: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret_note = "my-private-note-4711"
    with caplog.at_level(logging.INFO, logger="tracker.access"):
        made = user.post(CHECKINS, json=checkin_body(notes=secret_note, pain_right=9))
        user.get(f"{CHECKINS}/{made.json['id']}?from=2026-01-01")
    records = [r for r in caplog.records if r.name == "tracker.access"]
    lines = [json.loads(JsonFormatter().format(r)) for r in records]

    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("POST", "/api/v1/checkins", 201),
        ("GET", "/api/v1/checkins/<int(max=2147483647):checkin_id>", 200),
    ]
    assert all(line["latency_ms"] >= 0 and len(line["request_id"]) == 32 for line in lines)
    everything = caplog.text + "".join(JsonFormatter().format(r) for r in caplog.records)
    for private in (secret_note, "2026-01-01", "alice@example.com", "pain"):
        assert private not in everything


def test_json_logging_is_on_in_production(tmp_path: Path) -> None:
    app = create_app(
        make_config(f"sqlite:///{tmp_path / 'p.db'}", LOG_FORMAT="json", RATELIMIT_ENABLED=False)
    )
    handler = logging.getLogger().handlers[0]
    try:
        assert isinstance(handler.formatter, JsonFormatter)
        assert app.config["LOG_FORMAT"] == "json"
    finally:
        logging.getLogger().handlers.remove(handler)


@pytest.fixture
def unreachable(tmp_path: Path) -> Flask:
    """An app whose database cannot be opened: a file in a directory that does not exist."""
    return create_app(
        make_config(f"sqlite:///{tmp_path / 'gone' / 'db.sqlite'}", RATELIMIT_ENABLED=False)
    )


def test_api_answers_503_json_while_the_database_is_down(unreachable: Flask) -> None:
    client = unreachable.test_client()

    api = client.get(CHECKINS, headers={"Authorization": "Bearer fs_whatever"})
    login = client.post("/api/v1/auth/login", json={"email": "a@b.co", "password": "x" * 12})
    health = client.get("/healthz")

    for response in (api, login):
        assert response.status_code == 503
        assert response.is_json
        assert "database is unavailable" in response.json["message"]
        assert response.headers["Retry-After"] == "5"
    assert (health.status_code, health.json["database"]) == (503, "down")


def test_the_app_recovers_without_a_restart_once_the_database_is_back(
    unreachable: Flask, tmp_path: Path
) -> None:
    client = unreachable.test_client()
    assert client.get("/healthz").status_code == 503

    (tmp_path / "gone").mkdir()  # the volume is back

    assert client.get("/healthz").status_code == 200
