"""An account whose self-experiment has ended, exported and imported again: the diary comes
back whole, the experiment's columns of the daily file are read, left out and said so (an
experiment cannot be re-created from a CSV), and nothing is misread as a check-in."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import Flask

from tests.api.helpers import BERLIN, CHECKINS, SESSIONS, today
from tests.conftest import ApiClient, register
from tests.experiments.support import EXPERIMENTS, ended_experiment
from tests.imports.test_api import DAILY_CSV, data_rows, exported, upload

PAIRS = 3
SPAN = f"?from={today() - timedelta(days=60)}&to={today()}"


def _all_files(client: ApiClient) -> dict[str, bytes]:
    files = exported(client)
    for key in ("pauses", "plans"):
        response = client.get(f"/api/v1/export/{key}.csv")
        assert response.status_code == 200
        files[key] = response.get_data()
    return files


def _daily(client: ApiClient) -> list[dict[str, str]]:
    text = client.get(DAILY_CSV + SPAN).get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _mornings(client: ApiClient) -> list[tuple[str, int | None, int | None, str]]:
    return [
        (c["date"], c["pain_left"], c["pain_right"], c["notes"]) for c in client.get(CHECKINS).json
    ]


def test_the_four_files_come_back_whole_and_the_experiment_does_not(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", pairs=PAIRS)
    files = _all_files(user)
    fresh = register(app, timezone=BERLIN, feet="right")

    response = upload(fresh, **files)

    assert response.status_code == 200, response.json
    assert response.json["notes"] == [] and response.json["lines"] == []
    assert response.json["files"]["checkins"]["created"] == data_rows(files["checkins"]) == 42
    assert _mornings(fresh) == _mornings(user)
    assert len(fresh.get(SESSIONS).json) == len(user.get(SESSIONS).json)
    assert fresh.get(EXPERIMENTS).json == []
    theirs, mine = _daily(user), _daily(fresh)
    assert sum(bool(row["experiment_condition"]) for row in theirs) == PAIRS * 14
    assert not any(row["experiment_block"] or row["experiment_condition"] for row in mine)
    pains = ("pain_left", "pain_right", "sessions", "total_minutes")
    assert [[r[k] for k in pains] for r in mine] == [[r[k] for k in pains] for r in theirs]


def test_the_daily_file_as_the_check_ins_file_brings_back_the_mornings_with_a_note(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", pairs=PAIRS)
    daily = user.get(DAILY_CSV + SPAN).get_data()
    fresh = register(app, timezone=BERLIN, feet="right")

    response = upload(fresh, checkins=daily)

    assert response.status_code == 200, response.json
    body = response.json
    assert body["files"]["checkins"] == {"rows": 61, "created": 42, "skipped_existing": 0}
    assert body["message"] == "Imported 42 check-ins."
    computed, experiment = body["notes"]
    assert computed["file"] == experiment["file"] == "checkins"
    assert "19 days without one passed over" in computed["text"]
    assert "sessions, total_minutes, techniques" in computed["text"]
    assert experiment["text"].startswith(
        "The columns experiment_block and experiment_condition (42 days of a self-experiment) "
        "were not imported: a self-experiment cannot be re-created from a CSV file."
    )
    assert _mornings(fresh) == _mornings(user)  # the same mornings, nothing else as one
    assert fresh.get(SESSIONS).json == [] and fresh.get(EXPERIMENTS).json == []

    again = upload(user, checkins=daily)  # into the account it came from: all already there

    assert again.status_code == 200
    assert again.json["files"]["checkins"] == {"rows": 61, "created": 0, "skipped_existing": 42}


def test_a_daily_file_sent_as_another_file_is_named_for_what_it_is(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", pairs=PAIRS)
    daily = user.get(DAILY_CSV + SPAN).get_data()

    response = upload(user, sessions=daily)

    assert response.status_code == 422
    assert response.json["message"] == (
        "Nothing was imported. This looks like a check-ins file; choose it as the check-ins file."
    )


def test_a_computed_column_with_a_bad_value_is_still_left_out_not_misread(
    user: ApiClient,
) -> None:
    day = today() - timedelta(days=1)
    text = (
        "date,pain_right,experiment_block,experiment_condition,adherence\r\n"
        f"{day},4,week 9,=HYPERLINK(x),not a number\r\n"
    )

    response = upload(user, checkins=text.encode())

    assert response.status_code == 200, response.json
    assert [n["text"].split(" (")[0] for n in response.json["notes"]] == [
        "This is a daily summary: its check-ins were read and 0 days without one passed "
        "over. Its column adherence is worked out from your sessions, plans and pauses, "
        "so not imported: import those files to bring them back.",
        "The columns experiment_block and experiment_condition",
    ]
    assert _mornings(user) == [(str(day), None, 4, "")]
