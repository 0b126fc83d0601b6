"""`seed-demo --experiment`: a reviewer finds an experiment with a result (or under way)."""

from __future__ import annotations

from datetime import timedelta

from click.testing import Result
from flask import Flask
from sqlalchemy import select

from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS
from tracker.extensions import db
from tracker.models import Experiment, Pause
from tracker.timeutil import local_today

DEMO = {"email": "demo@example.com", "password": "demo-heel-2026"}


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def _signed_in(app: Flask) -> ApiClient:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json=DEMO)
    assert response.status_code == 200
    return ApiClient(client, {"X-CSRF-Token": response.headers["X-CSRF-Token"]})


def test_an_ended_experiment_has_a_result_favouring_consistency(app: Flask) -> None:
    result = _run(app, "seed-demo", "--days", "120", "--experiment", "ended")

    assert result.exit_code == 0, result.output
    assert "consistency-vs-intensity experiment" in result.output
    today = local_today("UTC")
    with app.app_context():
        stored = db.session.scalars(select(Experiment)).one()
        pause = db.session.scalars(select(Pause)).one()
        assert (stored.template, stored.pairs, stored.seed) == ("consistency-vs-intensity", 3, 7)
        assert pause.end_date < stored.start_date
    body = _signed_in(app).get(f"{EXPERIMENTS}/{stored.id}").json
    assert body["status"] == "complete"
    assert body["end_date"] == (today - timedelta(days=2)).isoformat()
    outcome = body["result"]
    assert all(b["days_counted"] >= 3 for b in outcome["blocks"]), outcome
    kept = [b["adherence"] for b in outcome["blocks"]]
    assert sum(kept) / len(kept) > 0.7, "mostly lived as assigned, not perfectly"
    assert outcome["comparison"] is not None, outcome["sentence"]
    assert outcome["comparison"]["difference"] > 0, "harder, rarer weeks had more pain"
    assert outcome["sentence"]


def test_a_running_experiment_shows_todays_condition(app: Flask) -> None:
    result = _run(app, "seed-demo", "--days", "40", "--experiment", "running")

    assert result.exit_code == 0, result.output
    listed = _signed_in(app).get(EXPERIMENTS).json
    assert [e["status"] for e in listed] == ["running"]
    one = _signed_in(app).get(f"{EXPERIMENTS}/{listed[0]['id']}").json
    assert one["today"]["week"] == 2


def test_replace_starts_the_experiment_over(app: Flask) -> None:
    _run(app, "seed-demo", "--days", "120", "--experiment", "ended")

    again = _run(app, "seed-demo", "--days", "120", "--experiment", "ended", "--replace")

    assert again.exit_code == 0, again.output
    with app.app_context():
        assert len(db.session.scalars(select(Experiment)).all()) == 1


def test_too_short_a_history_is_refused_by_name(app: Flask) -> None:
    result = _run(app, "seed-demo", "--days", "60", "--experiment", "ended")

    assert result.exit_code != 0
    assert "--experiment ended needs --days 90 or more" in result.output
    assert "Traceback" not in result.output
