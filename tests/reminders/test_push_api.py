"""/api/v1/push: the server's key, and each person's own subscribed devices."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Rows
from tests.api.helpers import ME, errors
from tests.conftest import VAPID, ApiClient, make_config
from tests.reminders.push_helpers import PUSH, SUBSCRIPTIONS, Browser
from tracker import create_app
from tracker.extensions import db
from tracker.models import PushSubscription

ENDPOINT = "https://fcm.googleapis.com/fcm/send/device-one"


@pytest.fixture
def browser() -> Browser:
    return Browser.new()


@pytest.fixture
def keyless_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A server whose operator has not set the VAPID keys."""
    keyless = create_app(make_config(database_url, **dict.fromkeys(VAPID)))
    yield keyless
    with keyless.app_context():
        db.engine.dispose()


def test_the_key_is_the_configured_public_key(user: ApiClient) -> None:
    response = user.get(f"{PUSH}/key")

    assert response.status_code == 200
    assert response.json == {"public_key": VAPID["VAPID_PUBLIC_KEY"]}


def test_without_keys_the_key_is_a_503_saying_push_is_not_set_up(keyless_app: Flask) -> None:
    from tests.conftest import register

    client = register(keyless_app)

    response = client.get(f"{PUSH}/key")

    assert response.status_code == 503
    assert response.json["message"] == "Push reminders are not set up on this server."


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{PUSH}/key"),
        ("GET", SUBSCRIPTIONS),
        ("POST", SUBSCRIPTIONS),
        ("DELETE", f"{SUBSCRIPTIONS}/1"),
    ],
)
def test_every_push_route_needs_sign_in(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path, method=method, json={})

    assert response.status_code == 401


def test_a_new_subscription_is_201_and_listed(
    user: ApiClient, browser: Browser, rows: Rows
) -> None:
    response = user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT))

    assert response.status_code == 201, response.json
    item = response.json
    assert set(item) == {"id", "device_name", "created_at", "last_success_at"}
    assert item["device_name"] == "Pixel 8"
    assert item["last_success_at"] is None
    assert user.get(SUBSCRIPTIONS).json == [item]
    stored = rows.one(select(PushSubscription))
    assert (stored.endpoint, stored.p256dh, stored.auth) == (
        ENDPOINT,
        browser.p256dh,
        browser.auth,
    )


def test_the_same_endpoint_again_is_200_and_updates_keys_and_name(
    user: ApiClient, browser: Browser, rows: Rows
) -> None:
    first = user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT)).json
    renewed = Browser.new()

    response = user.post(SUBSCRIPTIONS, json=renewed.body(ENDPOINT, device_name="Work laptop"))

    assert response.status_code == 200
    assert response.json["id"] == first["id"]
    assert response.json["device_name"] == "Work laptop"
    stored = rows.all(select(PushSubscription))
    assert [(s.p256dh, s.auth) for s in stored] == [(renewed.p256dh, renewed.auth)]


def test_a_device_someone_else_subscribed_moves_to_whoever_signs_in_on_it(
    user: ApiClient, other_user: ApiClient, browser: Browser, rows: Rows
) -> None:
    user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT))

    response = other_user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT))

    assert response.status_code == 200
    assert user.get(SUBSCRIPTIONS).json == []
    assert [s["id"] for s in other_user.get(SUBSCRIPTIONS).json] == [response.json["id"]]
    assert rows.count(PushSubscription) == 1


def test_the_browsers_own_json_with_expiration_time_is_accepted(
    user: ApiClient, browser: Browser
) -> None:
    body = browser.body(ENDPOINT, expirationTime=None)

    assert user.post(SUBSCRIPTIONS, json=body).status_code == 201


def test_each_person_lists_only_their_own_devices(
    user: ApiClient, other_user: ApiClient, browser: Browser
) -> None:
    user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT))
    other_user.post(SUBSCRIPTIONS, json=Browser.new().body(ENDPOINT + "-bob"))

    assert [s["device_name"] for s in user.get(SUBSCRIPTIONS).json] == ["Pixel 8"]
    assert len(other_user.get(SUBSCRIPTIONS).json) == 1


def test_deleting_a_subscription_is_204_and_removes_it(
    user: ApiClient, browser: Browser, rows: Rows
) -> None:
    item = user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT)).json

    response = user.delete(f"{SUBSCRIPTIONS}/{item['id']}")

    assert response.status_code == 204
    assert rows.count(PushSubscription) == 0
    assert user.delete(f"{SUBSCRIPTIONS}/{item['id']}").status_code == 404


def test_another_persons_subscription_is_a_404_and_stays(
    user: ApiClient, other_user: ApiClient, browser: Browser, rows: Rows
) -> None:
    item = user.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT)).json

    response = other_user.delete(f"{SUBSCRIPTIONS}/{item['id']}")

    assert response.status_code == 404
    assert rows.count(PushSubscription) == 1


def test_a_bearer_token_manages_subscriptions_too(bearer: ApiClient, browser: Browser) -> None:
    assert bearer.post(SUBSCRIPTIONS, json=browser.body(ENDPOINT)).status_code == 201
    assert len(bearer.get(SUBSCRIPTIONS).json) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://push.example.com/x"}, "endpoint"),
        ({"endpoint": "ftp://push.example.com/x"}, "endpoint"),
        ({"endpoint": "not a url"}, "endpoint"),
        ({"endpoint": "https://push.example.com/" + "x" * 2048}, "endpoint"),
        ({"endpoint": "https://push.example.com/" + "é" * 1000}, "endpoint"),
        ({"endpoint": "https://push.example.com/a\x00b"}, "endpoint"),
        ({"device_name": "x" * 81}, "device_name"),
        ({"device_name": "a\x00b"}, "device_name"),
        ({"keys": {"auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys"),
    ],
)
def test_a_bad_field_is_a_422_naming_it(
    user: ApiClient, browser: Browser, rows: Rows, change: dict[str, object], field: str
) -> None:
    response = user.post(SUBSCRIPTIONS, json={**browser.body(ENDPOINT), **change})

    assert response.status_code == 422
    assert field in errors(response)
    assert rows.count(PushSubscription) == 0


@pytest.mark.parametrize(
    ("keys", "field"),
    [
        ({"p256dh": "BAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "p256dh"),
        ({"p256dh": "B" + "A" * 86, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "p256dh"),
        ({"auth": "short"}, "auth"),
        ({"auth": "not base64 at all!!!"}, "auth"),
    ],
)
def test_keys_that_are_not_a_browsers_are_a_422_naming_the_key(
    user: ApiClient, browser: Browser, keys: dict[str, str], field: str
) -> None:
    body = browser.body(ENDPOINT)
    body["keys"] = {**body["keys"], **keys}

    response = user.post(SUBSCRIPTIONS, json=body)

    assert response.status_code == 422
    assert field in errors(response)["keys"]


def test_a_missing_endpoint_is_a_422_naming_it(user: ApiClient, browser: Browser) -> None:
    body = browser.body(ENDPOINT)
    del body["endpoint"]

    response = user.post(SUBSCRIPTIONS, json=body)

    assert response.status_code == 422
    assert "endpoint" in errors(response)


def test_plain_http_to_this_machine_is_allowed_in_testing(
    user: ApiClient, browser: Browser
) -> None:
    response = user.post(SUBSCRIPTIONS, json=browser.body("http://127.0.0.1:8765/push/1"))

    assert response.status_code == 201


def test_push_switches_are_off_until_turned_on(user: ApiClient) -> None:
    me = user.get(ME).json
    assert (me["morning_push"], me["evening_push"]) == (False, False)

    response = user.patch(ME, json={"morning_push": True})

    assert response.status_code == 200
    assert (response.json["morning_push"], response.json["evening_push"]) == (True, False)
    assert user.get(ME).json["morning_push"] is True
    assert user.patch(ME, json={"evening_push": "maybe"}).status_code == 422


def test_the_openapi_document_describes_the_push_routes(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").json["paths"]

    assert set(paths[f"{PUSH}/key"]["get"]["responses"]) >= {"200", "503"}
    assert set(paths[SUBSCRIPTIONS]) >= {"get", "post"}
    assert set(paths[SUBSCRIPTIONS]["post"]["responses"]) >= {"200", "201", "422"}
    assert "404" in paths[SUBSCRIPTIONS + "/{subscription_id}"]["delete"]["responses"]
