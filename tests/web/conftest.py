"""Helpers for the page tests: the CSRF token of a rendered form; rate limits as configured."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tracker.extensions import limiter

CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def form_token(client: FlaskClient, path: str) -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


@pytest.fixture(autouse=True)
def _rate_limits_as_configured(app: Flask) -> None:
    """Flask-Limiter keeps ``enabled`` on the one shared extension object, so the last app
    built in this process decides for all; tests/test_factory.py builds one with limits on.
    These tests sign up many people from one address: put this app's setting back."""
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
