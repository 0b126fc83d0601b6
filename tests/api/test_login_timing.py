"""Sign-in takes as long for an email with no account as for a wrong password, with the
production Argon2 settings (the other tests lower them), so timing does not tell who
uses FirstStep."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.api.helpers import LOGIN, REGISTER
from tests.conftest import PASSWORD, make_config
from tracker import create_app
from tracker.extensions import db

TRIES = 15
TOLERANCE = 0.15


@pytest.fixture
def production_hashing(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app over the same database with argon2-cffi's default (RFC 9106) costs."""
    strong = create_app(make_config(database_url, ARGON2_OPTIONS={}))
    yield strong
    with strong.app_context():
        db.engine.dispose()


def _seconds(app: Flask, body: dict[str, str]) -> float:
    client = app.test_client()
    began = time.perf_counter()
    response = client.post(LOGIN, json=body)
    elapsed = time.perf_counter() - began
    assert response.status_code == 401
    return elapsed


def test_unknown_email_and_wrong_password_take_the_same_time(production_hashing: Flask) -> None:
    app = production_hashing
    made = app.test_client().post(REGISTER, json={"email": "kim@example.com", "password": PASSWORD})
    assert made.status_code == 201
    wrong_password = {"email": "kim@example.com", "password": "not the password at all"}
    unknown_email = {"email": "nobody@example.com", "password": "not the password at all"}
    _seconds(app, wrong_password), _seconds(app, unknown_email)  # warm both paths

    known, unknown = [], []
    for n in range(TRIES):  # interleaved, alternating who goes first: drift hits both
        pair = [(known, wrong_password), (unknown, unknown_email)]
        for times, body in pair if n % 2 else reversed(pair):
            times.append(_seconds(app, body))

    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    difference = abs(known_median - unknown_median) / min(known_median, unknown_median)
    print(
        f"wrong password {known_median * 1000:.0f} ms, unknown email "
        f"{unknown_median * 1000:.0f} ms (medians of {TRIES}): {difference:.1%} apart"
    )
    assert difference <= TOLERANCE
