"""The analysis cache shared by two app servers (two gunicorns on one PostgreSQL, one
redis-server): a write on one is visible on the other's very next read, both agree on
the ETag of a version, and the cache holds entries in Redis, not per process."""

from __future__ import annotations

import http.client
import json
from datetime import date
from typing import Any

import redis

from tests.faults.support import ServerPair

SUMMARY = "/api/v1/stats/summary"
DASHBOARD = "/api/v1/dashboard"


def call(
    port: int, method: str, path: str, token: str, body: Any = None, etag: str | None = None
) -> tuple[int, Any, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    if etag:
        headers["If-None-Match"] = etag
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None, dict(response.getheaders())
    finally:
        conn.close()


def _logged(summary: dict[str, Any]) -> int:
    return int(summary["totals"]["days_logged"])


def test_a_write_on_one_server_is_read_on_the_other_at_once(server_pair: ServerPair) -> None:
    a, b, token, cache_url = server_pair.a, server_pair.b, server_pair.token, server_pair.redis_url
    status, before, headers = call(a, "GET", SUMMARY, token)
    assert status == 200
    etag = headers["ETag"]
    assert call(b, "GET", SUMMARY, token, etag=etag)[0] == 304  # one key, one ETag on both
    stored = redis.Redis.from_url(cache_url).keys("firststep:*")
    assert stored, "the summary should be cached in the shared Redis"

    for n, (writer, reader) in enumerate([(b, a), (a, b), (b, a)], start=1):
        day = date.fromordinal(date.today().toordinal() - n).isoformat()
        written = call(writer, "POST", "/api/v1/checkins", token, {"date": day, "pain_right": 5})
        assert written[0] == 201, written[1]

        status, after, headers = call(reader, "GET", SUMMARY, token, etag=etag)
        assert status == 200  # the old ETag no longer matches: a new version
        assert _logged(after) == _logged(before) + n
        assert headers["ETag"] != etag
        etag = headers["ETag"]
        assert call(writer, "GET", SUMMARY, token, etag=etag)[0] == 304

    dashboards = [call(port, "GET", DASHBOARD, token)[1] for port in (a, b)]
    assert dashboards[0] == dashboards[1]
    assert _logged(dashboards[0]["summary"]) == _logged(before) + 3
