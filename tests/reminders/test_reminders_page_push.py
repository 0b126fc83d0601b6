"""The Reminders page's notification part, as the server renders it: the switches show the
account's choice, and the page carries the server's push key (or none) so it can tell a
server without keys from one with them before asking anything."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.api.helpers import ME
from tests.conftest import VAPID, ApiClient
from tests.reminders.push_helpers import SUBSCRIPTIONS, Browser
from tests.web.html_audit import read_page, unlabelled


def test_switches_show_the_accounts_choice_and_are_labelled(user: ApiClient) -> None:
    assert user.patch(ME, json={"evening_push": True}).status_code == 200

    html = user.get("/reminders").get_data(as_text=True)

    assert re.search(r'id="evening-push"[^>]*data-push="evening_reminder" checked>', html)
    assert re.search(r'id="morning-push"[^>]*data-push="morning_reminder">', html)
    assert html.count('role="switch"') == 2
    facts = read_page(html)
    assert unlabelled(facts) == []
    assert facts.inline_scripts == 0
    assert any("js/push.js" in src for src in facts.scripts)
    assert 'href="/reminders.ics"' in html  # the calendar file stays


def test_the_page_carries_the_servers_push_key(user: ApiClient) -> None:
    html = user.get("/reminders").get_data(as_text=True)
    assert f'data-key="{VAPID["VAPID_PUBLIC_KEY"]}"' in html


def test_without_keys_the_page_carries_none(
    app: Flask, user: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "VAPID_PUBLIC_KEY", None)
    html = user.get("/reminders").get_data(as_text=True)
    assert 'data-key=""' in html


def test_settings_lead_to_the_notifications_and_say_which_are_on(user: ApiClient) -> None:
    assert user.patch(ME, json={"morning_push": True}).status_code == 200
    html = user.get("/settings").get_data(as_text=True)
    assert re.search(r'href="/reminders"[^>]*>Reminders: notifications or calendar<', html)
    assert "Notifications: morning check-in on, self-care session off." in html


def test_settings_name_the_devices_that_get_notifications(
    user: ApiClient, other_user: ApiClient
) -> None:
    html = user.get("/settings").get_data(as_text=True)
    assert "No device added yet." in html

    for name, endpoint in (("Pixel 8", "a"), ("Firefox on Windows", "b")):
        body = Browser.new().body(f"https://push.example.com/{endpoint}", device_name=name)
        assert user.post(SUBSCRIPTIONS, json=body).status_code == 201
    body = Browser.new().body("https://push.example.com/c", device_name="Someone else's phone")
    assert other_user.post(SUBSCRIPTIONS, json=body).status_code == 201

    html = user.get("/settings").get_data(as_text=True)
    assert "Sent to Pixel 8, Firefox on Windows." in html
    assert "Someone else" not in html
