"""The physiotherapist's files with an experiment in them: the daily CSV (and its .xlsx
twin) marks each day's week and condition, FHIR carries a completed result."""

from __future__ import annotations

from datetime import date, timedelta

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from flask import Flask

from tests.api.helpers import BERLIN, days_ago, today
from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, SEED, ended_experiment
from tests.export.test_routes import parse
from tests.export.test_xlsx import sheet, table

DAILY = "/api/v1/export/daily.csv"
FHIR = "/api/v1/export/fhir"
DATE = f"date ({BERLIN})"
LABELS = {"A": "A: Daily and light", "B": "B: Three harder sessions a week"}


def _daily(user: ApiClient, start: date, end: date) -> list[dict[str, str]]:
    return parse(user.get(f"{DAILY}?from={start}&to={end}"))


def test_daily_rows_carry_the_week_and_condition_and_nothing_outside(
    app: Flask, user: ApiClient
) -> None:
    _id, schedule = ended_experiment(app, "alice@example.com", pairs=2)
    start, end = schedule[0].start - timedelta(days=3), today()

    rows = {r[DATE]: r for r in _daily(user, start, end)}

    for block in schedule:
        for k in range(7):
            row = rows[(block.start + timedelta(days=k)).isoformat()]
            assert row["experiment_block"] == str(block.index + 1)
            assert row["experiment_condition"] == LABELS[block.condition]
    outside = [
        r
        for day, r in rows.items()
        if not schedule[0].start.isoformat() <= day <= schedule[-1].end.isoformat()
    ]
    assert len(outside) == 3 + (today() - schedule[-1].end).days
    assert all(r["experiment_block"] == r["experiment_condition"] == "" for r in outside)


def test_the_workbook_types_the_week_as_a_number(app: Flask, user: ApiClient) -> None:
    _id, schedule = ended_experiment(app, "alice@example.com", pairs=2)
    query = f"?from={schedule[0].start}&to={schedule[1].end}"

    rows = table(sheet(user.get(f"/api/v1/export/daily.xlsx{query}")))

    assert [r["experiment_block"] for r in rows] == [1] * 7 + [2] * 7
    assert [r["experiment_condition"] for r in rows] == [LABELS[schedule[0].condition]] * 7 + [
        LABELS[schedule[1].condition]
    ] * 7


def test_a_stopped_experiment_marks_only_the_days_before_it_stopped(user: ApiClient) -> None:
    first = user.post(EXPERIMENTS, json={"template": "calf-release"}).json
    user.post(f"{EXPERIMENTS}/{first['id']}/stop")
    second = user.post(EXPERIMENTS, json={"template": "ball-vs-bottle"}).json

    row = _daily(user, days_ago(1), today())

    assert [r["experiment_block"] for r in row] == ["", "1"]
    condition = second["schedule"][0]["condition"]
    label = {"A": "A: Ball roll", "B": "B: Frozen bottle"}[condition]
    assert row[1]["experiment_condition"] == label


def _experiment_observations(raw: dict) -> list[dict]:
    return [
        e["resource"]
        for e in raw["entry"]
        if e["resource"]["resourceType"] == "Observation" and "effectivePeriod" in e["resource"]
    ]


def test_fhir_carries_a_completed_result_a_clinical_system_can_read(
    app: Flask, user: ApiClient
) -> None:
    _id, schedule = ended_experiment(app, "alice@example.com", pairs=3, effect=3)
    query = f"?from={schedule[0].start}&to={today()}"

    response = user.get(FHIR + query)

    assert response.status_code == 200
    bundle = Bundle.model_validate_json(response.get_data(as_text=True))
    found = [
        e.resource
        for e in bundle.entry
        if isinstance(e.resource, Observation) and e.resource.effectivePeriod is not None
    ]
    assert len(found) == 1
    result = found[0]
    assert result.status == "final"
    assert str(result.effectivePeriod.start) == schedule[0].start.isoformat()
    assert str(result.effectivePeriod.end) == schedule[-1].end.isoformat()
    assert 2 < float(result.valueQuantity.value) < 4
    assert result.valueQuantity.code == "{score}"
    parts = {c.code.text: c for c in result.component}
    assert float(parts["95% interval, lower end"].valueQuantity.value) > 0
    assert parts["Pairs of weeks compared"].valueInteger == 3
    assert float(parts["Condition A (Daily and light): next-morning pain"].valueQuantity.value) < 4
    assert (
        float(parts["Condition A (Daily and light): adherence as assigned"].valueQuantity.value)
        == 100
    )
    notes = " ".join(n.text for n in result.note)
    assert "Daily and light went with" in notes
    assert f"seed {SEED}" in notes
    assert result.identifier[0].value == found[0].identifier[0].value

    again = user.get(FHIR + query).json
    assert (
        _experiment_observations(again)[0]["identifier"]
        == _experiment_observations(response.json)[0]["identifier"]
    )


def test_fhir_notes_stay_english_whatever_the_browser_reads(app: Flask, user: ApiClient) -> None:
    _id, schedule = ended_experiment(app, "alice@example.com", pairs=3, effect=3)
    query = f"?from={schedule[0].start}&to={today()}"

    raw = user.get(FHIR + query, headers={"Accept-Language": "de-DE,de;q=0.9"}).json

    notes = " ".join(n["text"] for n in _experiment_observations(raw)[0]["note"])
    assert "Daily and light went with" in notes
    assert "Punkte" not in notes


def test_fhir_leaves_out_running_stopped_and_out_of_range_experiments(
    app: Flask, user: ApiClient
) -> None:
    _id, schedule = ended_experiment(app, "alice@example.com", pairs=2, ended_days_ago=20)
    before = (
        f"?from={schedule[0].start - timedelta(days=30)}&to={schedule[-1].end - timedelta(days=1)}"
    )
    assert _experiment_observations(user.get(FHIR + before).json) == []

    running = user.post(EXPERIMENTS, json={"template": "calf-release"})
    assert running.status_code == 201
    raw = user.get(f"{FHIR}?from={schedule[0].start}&to={today()}").json
    assert len(_experiment_observations(raw)) == 1


def test_fhir_without_enough_mornings_says_why_as_text(app: Flask, user: ApiClient) -> None:
    from sqlalchemy import delete

    from tracker.extensions import db
    from tracker.models import Checkin

    _id, schedule = ended_experiment(app, "alice@example.com", pairs=2)
    with app.app_context():
        db.session.execute(delete(Checkin))
        db.session.commit()

    raw = user.get(f"{FHIR}?from={schedule[0].start}&to={today()}")

    Bundle.model_validate_json(raw.get_data(as_text=True))
    (observation,) = _experiment_observations(raw.json)
    assert "valueQuantity" not in observation
    assert observation["dataAbsentReason"]["coding"][0]["code"] == "as-text"
    assert observation["dataAbsentReason"]["text"].startswith("Not enough to tell")


def test_the_download_of_everything_holds_the_experiments(app: Flask, user: ApiClient) -> None:
    import io
    import json
    import zipfile

    ended_id, _schedule = ended_experiment(app, "alice@example.com", pairs=2)
    running = user.post(EXPERIMENTS, json={"template": "calf-release"}).json

    response = user.get("/api/v1/my-data")

    assert response.status_code == 200
    account = json.loads(zipfile.ZipFile(io.BytesIO(response.get_data())).read("account.json"))
    assert [(e["id"], e["status"]) for e in account["experiments"]] == [
        (running["id"], "running"),
        (ended_id, "complete"),
    ]
    assert account["experiments"][0]["seed"] == running["seed"]
    assert account["experiments"][0]["schedule"] == running["schedule"]
