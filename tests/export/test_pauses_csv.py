"""GET /api/v1/export/pauses.csv: the paused days that adherence and streaks leave out."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from tests.api.helpers import BERLIN, today
from tests.conftest import ApiClient
from tests.export.test_routes import filename, parse

PAUSES_CSV = "/api/v1/export/pauses.csv"
HEADER = [f"start_date ({BERLIN})", f"end_date ({BERLIN})", "reason", "note"]


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def pause(client: ApiClient, start: int, end: int, reason: str = "travel", note: str = "") -> None:
    body = {"start_date": day(start), "end_date": day(end), "reason": reason, "note": note}
    response = client.post("/api/v1/pauses", json=body)
    assert response.status_code == 201, response.json


def test_every_pause_earliest_first_with_the_note_neutralised(user: ApiClient) -> None:
    pause(user, 5, 9, "travel", note="Lisbon, then Porto")
    pause(user, -20, -14, "illness", note='=HYPERLINK("x")')

    response = user.get(PAUSES_CSV)

    rows = parse(response)
    assert list(rows[0]) == HEADER
    assert [list(r.values()) for r in rows] == [
        [day(-20), day(-14), "illness", '\'=HYPERLINK("x")'],
        [day(5), day(9), "travel", "Lisbon, then Porto"],
    ]
    assert filename(response) == "firststep-pauses-start_end.csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_pause_is_in_the_range_when_it_overlaps_it(user: ApiClient) -> None:
    pause(user, -30, -25)  # ends before the range
    pause(user, -22, -18)  # starts before, ends inside
    pause(user, -12, -10)  # inside
    pause(user, -3, 4)  # starts inside, ends after
    pause(user, 6, 8)  # after

    response = user.get(f"{PAUSES_CSV}?from={day(-20)}&to={day(0)}")

    rows = parse(response)
    assert [(r[HEADER[0]], r[HEADER[1]]) for r in rows] == [
        (day(-22), day(-18)),
        (day(-12), day(-10)),
        (day(-3), day(4)),
    ]
    assert filename(response) == f"firststep-pauses-{day(-20)}_{day(0)}.csv"
    edge = parse(user.get(f"{PAUSES_CSV}?from={day(-25)}&to={day(-25)}"))
    assert [r[HEADER[0]] for r in edge] == [day(-30)]


def test_an_empty_export_is_the_header_only(user: ApiClient) -> None:
    response = user.get(PAUSES_CSV)

    assert parse(response) == []
    assert response.get_data().decode("utf-8-sig") == ",".join(HEADER) + "\r\n"


def test_from_after_to_is_422_naming_from(user: ApiClient) -> None:
    response = user.get(f"{PAUSES_CSV}?from={day(0)}&to={day(-1)}")

    assert response.status_code == 422
    assert "from" in response.json["errors"]["query"]


def test_another_persons_pauses_never_appear(user: ApiClient, other_user: ApiClient) -> None:
    pause(user, -5, -2, "illness", note="alice")

    assert parse(other_user.get(PAUSES_CSV)) == []
    assert "alice" not in other_user.get(PAUSES_CSV).get_data(as_text=True)
    assert len(parse(user.get(PAUSES_CSV))) == 1


def test_sign_in_is_needed_and_a_token_works(client: FlaskClient, bearer: ApiClient) -> None:
    response = client.get(PAUSES_CSV)
    assert response.status_code == 401
    assert response.is_json

    assert bearer.get(PAUSES_CSV).status_code == 200


def test_openapi_and_settings_offer_the_pauses_file(client: FlaskClient, user: ApiClient) -> None:
    operation = client.get("/api/openapi.json").json["paths"][PAUSES_CSV]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"]
    assert {p["name"] for p in operation["parameters"]} >= {"from", "to"}

    html = user.get("/settings").get_data(as_text=True)
    assert f'formaction="{PAUSES_CSV}"' in html
    assert "Pauses (CSV)" in html
