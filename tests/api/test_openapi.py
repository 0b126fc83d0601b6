"""The OpenAPI document and a docs page that works with no internet."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

RULE_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _api_paths(app: Flask) -> set[str]:
    """Every /api/v1 route, written the OpenAPI way (`/checkins/{checkin_id}`)."""
    return {
        RULE_ARGUMENT.sub(r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }


def test_openapi_document_is_json_with_every_api_path(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = json.loads(response.get_data(as_text=True))
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "FirstStep API"
    expected = _api_paths(app)
    assert len(expected) >= 11
    assert set(document["paths"]) >= expected
    assert set(document["paths"]["/api/v1/checkins/{checkin_id}"]) >= {"get", "patch", "delete"}
    assert set(document["paths"]["/api/v1/sessions"]) >= {"get", "post"}


def test_openapi_document_declares_bearer_auth(client: FlaskClient) -> None:
    document = client.get("/api/openapi.json").json

    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["type"] == "http"
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in document["security"]


def test_openapi_document_states_the_limits(client: FlaskClient) -> None:
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]

    pain = schemas["CheckinIn"]["properties"]["pain_right"]
    assert (pain["minimum"], pain["maximum"]) == (0, 10)
    duration = schemas["CareSessionIn"]["properties"]["duration_s"]
    assert (duration["minimum"], duration["maximum"]) == (1, 14400)
    assert set(schemas["CareSessionIn"]["required"]) >= {"started_at", "techniques", "pressure"}


def test_openapi_document_states_the_password_length(client: FlaskClient) -> None:
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]

    assert schemas["Register"]["properties"]["password"]["minLength"] == 10
    new = schemas["PasswordChange"]["properties"]["new_password"]
    assert (new["minLength"], new["maxLength"]) == (10, 1024)


def test_a_short_password_is_refused_with_the_documented_reason(client: FlaskClient) -> None:
    body = {"email": "short@example.com", "password": "123456789", "timezone": "UTC"}

    response = client.post("/api/v1/auth/register", json=body)

    assert response.status_code == 422
    assert response.json["errors"]["json"] == {"password": ["Use at least 10 characters."]}


def test_docs_page_loads_only_same_origin_assets(client: FlaskClient) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert not re.search(r"https?://", page, re.IGNORECASE), "a URL to another host"
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith(".js") for a in assets)
    assert any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        assert fetched.data
        fetched.close()
    assert "/api/openapi.json" in page
