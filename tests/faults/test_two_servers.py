"""Past one machine: two app servers (two gunicorns on two ports) on one PostgreSQL, with
redis-server as the rate limiter's storage. A person alternating between them stays
signed in, every write lands exactly once, and the rate limit counts across both."""

from __future__ import annotations

import http.client
import json
import uuid
from typing import Any

import psycopg

from tests.faults.support import PgCluster, ServerPair, session_body

PASSWORD = "a-long-passphrase-1"  # prepare_database's account


class Person:
    """A browser, by hand: its cookies and CSRF token, sent to whichever server it picks."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def call(self, port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Accept": "application/json"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            self.csrf = response.getheader("X-CSRF-Token") or self.csrf
            return response.status, json.loads(raw) if raw else None
        finally:
            conn.close()


def _email(cluster: PgCluster) -> str:
    with psycopg.connect(cluster.url.replace("postgresql+psycopg", "postgresql")) as conn:
        row = conn.execute("SELECT email FROM users ORDER BY id DESC LIMIT 1").fetchone()
    assert row is not None
    return str(row[0])


def _client_ids(cluster: PgCluster) -> list[str]:
    with psycopg.connect(cluster.url.replace("postgresql+psycopg", "postgresql")) as conn:
        return [str(v) for (v,) in conn.execute("SELECT client_id FROM care_sessions")]


def test_alternating_servers_stay_signed_in_and_write_once(server_pair: ServerPair) -> None:
    a, b = server_pair.a, server_pair.b
    earlier = set(_client_ids(server_pair.cluster))  # the pair serves other tests too
    person = Person()
    status, _ = person.call(
        a,
        "POST",
        "/api/v1/auth/login",
        {"email": _email(server_pair.cluster), "password": PASSWORD},
    )
    assert status == 200

    sent: list[str] = []
    for n in range(20):
        port = (a, b)[n % 2]
        assert person.call(port, "GET", "/api/v1/me")[0] == 200
        body = session_body()
        status, _ = person.call(port, "POST", "/api/v1/sessions", body)
        assert status == 201
        retry, _ = person.call((b, a)[n % 2], "POST", "/api/v1/sessions", body)  # the other one
        assert retry == 200  # a retry of a stored write, not a second row
        sent.append(body["client_id"])

    stored = [v for v in _client_ids(server_pair.cluster) if v not in earlier]
    assert sorted(stored) == sorted(sent)

    assert person.call(b, "POST", "/api/v1/auth/logout")[0] == 204
    assert person.call(a, "GET", "/api/v1/me")[0] == 401  # signed out on both


def test_the_rate_limit_counts_across_both_servers(server_pair: ServerPair) -> None:
    a, b = server_pair.a, server_pair.b
    guess = {"email": _email(server_pair.cluster), "password": f"wrong-{uuid.uuid4()}"}
    answers = [
        Person().call((a, b)[n % 2], "POST", "/api/v1/auth/login", guess)[0] for n in range(11)
    ]

    assert answers[:10] == [401] * 10  # five on each server ...
    assert answers[10] == 429  # ... and the eleventh is refused, on either
