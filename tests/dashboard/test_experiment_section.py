"""The self-experiment on the dashboard: a result only after the last week, never early."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import pytest
from flask import Flask

from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, SEED, ended_experiment
from tracker.analysis.experiment import METHOD_TEXT, pair_orders

DASHBOARD = "/api/v1/dashboard"


def _section(client: ApiClient) -> dict:
    response = client.get(DASHBOARD)
    assert response.status_code == 200, response.json
    return response.json["experiment"]


def test_no_experiment_no_section(user: ApiClient) -> None:
    assert _section(user) is None
    assert "Self-experiment" not in user.get("/dashboard").get_data(as_text=True)


def test_an_ended_experiment_shows_the_difference_interval_kept_seed_and_method(
    app: Flask, user: ApiClient
) -> None:
    experiment_id, schedule = ended_experiment(app, "alice@example.com", effect=3)

    section = _section(user)

    assert section["id"] == experiment_id
    assert section["status"] == "complete"
    assert section["shown"] is True
    comparison = section["comparison"]
    assert 2 < comparison["difference"] < 4, comparison
    assert comparison["ci_low"] < comparison["difference"] < comparison["ci_high"]
    assert comparison["ci_low"] > 0, "3 points with this little noise is a clear difference"
    assert section["sentence"].startswith("In your experiment, Daily and light went with")
    assert section["seed"] == SEED
    drawn = [f"{a} then {b}" for a, b in pair_orders(3, SEED)]
    assert [o["order"] for o in section["order"]] == drawn
    assert [b.condition for b in schedule][::2] == [o["order"][0] for o in section["order"]]
    assert section["method"] == METHOD_TEXT
    kept = {k["condition"]: k for k in section["kept"]}
    assert kept["A"]["adherence"] == 1.0 and kept["B"]["adherence"] == 1.0
    assert kept["A"]["sessions_per_week"] == 14.0
    assert kept["B"]["sessions_per_week"] == 3.0
    assert kept["A"]["days"] == kept["B"]["days"] == 21
    assert kept["A"]["mornings"] == kept["B"]["mornings"] == 15
    # Equal weeks: the pooled means differ by the mean of the pair differences.
    difference = kept["B"]["mean_pain"] - kept["A"]["mean_pain"]
    assert difference == pytest.approx(comparison["difference"], abs=0.002)
    chart = section["chart"]
    assert chart["name"] == "experiment"
    assert chart["summary"].startswith(section["sentence"])
    go.Figure(chart["figure"])  # valid Plotly
    assert [len(b["dates"]) > 0 for b in section["blocks"]] == [True] * 6


def test_the_page_shows_the_result_in_the_first_paint(app: Flask, user: ApiClient) -> None:
    ended_experiment(app, "alice@example.com", effect=3)

    page = user.get("/dashboard").get_data(as_text=True)

    assert 'id="experiment"' in page
    assert "In your experiment, Daily and light went with" in page
    assert f"seed {SEED}" in page
    assert 'data-chart="experiment"' in page


def test_a_stopped_experiment_shows_its_data_and_no_verdict(app: Flask, user: ApiClient) -> None:
    experiment_id, _ = ended_experiment(app, "alice@example.com", ended_days_ago=-10)
    response = user.post(f"{EXPERIMENTS}/{experiment_id}/stop")
    assert response.status_code == 200, response.json

    section = _section(user)

    assert section["status"] == "stopped"
    assert section["comparison"] is None
    assert section["status_line"].startswith("Stopped early: no verdict")
    assert "gives no verdict" in section["sentence"]
    assert section["chart"] is not None and not section["chart"]["empty"]
    page = user.get("/dashboard").get_data(as_text=True)
    assert "Stopped early: no verdict" in page
    assert 'id="experiment-difference"' not in page


def test_a_running_experiment_says_which_week_and_nothing_of_the_result(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", ended_days_ago=-10)

    section = _section(user)

    assert section["status"] == "running"
    assert section["shown"] is False
    assert section["status_line"].startswith("Week 5 of 6.")
    assert (section["comparison"], section["sentence"], section["chart"]) == (None, None, None)
    assert section["kept"] == [] and section["seed"] is None
    page = user.get("/dashboard").get_data(as_text=True)
    assert "Week 5 of 6." in page
    assert 'data-chart="experiment"' not in page


def test_another_persons_experiment_never_shows(
    app: Flask, user: ApiClient, other_user: ApiClient
) -> None:
    ended_experiment(app, "bob@example.com")

    assert _section(user) is None
    assert _section(other_user)["status"] == "complete"


def test_stopping_changes_the_cached_dashboard(app: Flask, user: ApiClient) -> None:
    experiment_id, _ = ended_experiment(app, "alice@example.com", ended_days_ago=-10)
    assert _section(user)["status"] == "running"

    user.post(f"{EXPERIMENTS}/{experiment_id}/stop")

    assert _section(user)["status"] == "stopped"


def test_a_scheduled_experiment_says_when_it_starts_and_stopping_it_draws_nothing(
    user: ApiClient,
) -> None:
    start = user.get("/api/v1/stats/summary").json["today"]
    later = (date.fromisoformat(start) + timedelta(days=3)).isoformat()
    created = user.post(
        EXPERIMENTS, json={"template": "consistency-vs-intensity", "start_date": later}
    )
    assert created.status_code == 201, created.json

    section = _section(user)
    assert section["status"] == "scheduled"
    assert section["status_line"].startswith("Starts on ")
    assert section["shown"] is False and section["chart"] is None

    assert user.post(f"{EXPERIMENTS}/{created.json['id']}/stop").status_code == 200
    section = _section(user)
    assert section["status"] == "stopped" and section["comparison"] is None
    assert section["chart"] is None, "no morning was lived under it"
    assert {k["days"] for k in section["kept"]} == {0}
    page = user.get("/dashboard").get_data(as_text=True)
    assert "Stopped early: no verdict" in page and 'data-chart="experiment"' not in page
