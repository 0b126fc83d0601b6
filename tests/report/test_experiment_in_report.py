"""The printable report and a share link's pages carry the self-experiment as the dashboard
shows it, in the third person on the share link, and never someone else's."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, SEED, ended_experiment
from tests.sharing.helpers import create_link, share_path


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|span|section)>', html, re.S)
    assert match, element_id
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def test_the_report_shows_an_ended_experiments_result_on_a_sheet_of_its_own_with_its_weeks(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", effect=3)
    dashboard = user.get("/api/v1/dashboard").json["experiment"]

    page = user.get("/report").get_data(as_text=True)

    assert "Self-experiment: Daily and light vs three harder sessions a week" in page
    difference = dashboard["comparison"]["difference"]
    assert _text(page, "experiment-difference").startswith(f"B − A: {difference:.1f} points")
    assert _text(page, "experiment-sentence") == dashboard["sentence"]
    assert f"seed {SEED}" in _text(page, "experiment-draw")
    assert "Student's t" in _text(page, "experiment-method")
    kept = re.findall(r'<tr data-condition="([AB])">', page)
    assert kept == ["A", "B"]
    # The daily table is kept; the experiment, after it, starts a sheet of its own on paper.
    assert 'id="days-left-off"' not in page
    assert 'class="report-block" aria-labelledby="days-title"' in page
    assert page.index('id="last-days"') < page.index('id="report-experiment"')
    assert 'class="report-block report-experiment"' in page
    weeks = re.search(
        r'<figure class="weeks-figure" id="experiment-weeks">(.*?)</figure>',
        page,
        re.S,
    )
    assert weeks, "the chart of the weeks"
    assert weeks.group(1).count('class="week week-') == 6
    assert len(re.findall(r'<text class="letter letter-[ab]"', weeks.group(1))) == 6
    assert "A: Daily and light" in weeks.group(1) and "B: Three harder sessions" in weeks.group(1)


def test_a_report_without_an_experiment_keeps_its_daily_table_on_paper(
    user: ApiClient,
) -> None:
    page = user.get("/report").get_data(as_text=True)

    assert "Self-experiment" not in page
    assert 'id="days-left-off"' not in page


def test_a_running_experiment_in_the_report_says_where_it_stands_only(
    app: Flask, user: ApiClient
) -> None:
    ended_experiment(app, "alice@example.com", ended_days_ago=-10)

    page = user.get("/report").get_data(as_text=True)

    assert _text(page, "experiment-status").startswith("Week 5 of 6.")
    assert 'id="experiment-sentence"' not in page and 'id="experiment-kept"' not in page
    assert "weeks-chart" not in page
    # A line of the plan's block, on the first sheet: the plan of these weeks is the condition's.
    plan = re.search(r'<section class="report-plan".*?</section>', page, re.S)
    assert plan and 'id="experiment-status"' in plan.group(0)


def test_a_stopped_experiment_in_the_report_has_its_data_and_no_verdict(
    app: Flask, user: ApiClient
) -> None:
    experiment_id, _ = ended_experiment(app, "alice@example.com", ended_days_ago=-10)
    assert user.post(f"{EXPERIMENTS}/{experiment_id}/stop").status_code == 200

    page = user.get("/report").get_data(as_text=True)

    assert _text(page, "experiment-status").startswith("Stopped early: no verdict")
    assert 'id="experiment-difference"' not in page
    assert "gives no verdict" in _text(page, "experiment-sentence")


def test_the_share_view_shows_the_experiment_in_the_third_person(
    app: Flask, user: ApiClient, client: FlaskClient
) -> None:
    ended_experiment(app, "alice@example.com", effect=3)
    own = user.get("/api/v1/dashboard").json["experiment"]
    link = share_path(create_link(user))

    shared = client.get(f"{link}/dashboard.json").json["experiment"]
    dashboard = client.get(f"{link}/dashboard").get_data(as_text=True)
    report = client.get(f"{link}/report").get_data(as_text=True)

    assert own["sentence"].startswith("In your experiment,")
    assert shared["sentence"] == own["sentence"].replace("In your", "In their", 1)
    assert shared["comparison"] == own["comparison"] and shared["kept"] == own["kept"]
    assert "Their self-experiment" in dashboard
    assert _text(dashboard, "experiment-sentence") == shared["sentence"]
    assert _text(report, "experiment-sentence") == shared["sentence"]
    assert f"seed {SEED}" in _text(report, "experiment-draw")


def test_a_share_link_never_shows_another_persons_experiment(
    app: Flask, user: ApiClient, other_user: ApiClient, client: FlaskClient
) -> None:
    ended_experiment(app, "bob@example.com", effect=3)
    alices = share_path(create_link(user))
    bobs = share_path(create_link(other_user))

    assert client.get(f"{alices}/dashboard.json").json["experiment"] is None
    for path in (f"{alices}/dashboard", f"{alices}/report"):
        assert "elf-experiment" not in client.get(path).get_data(as_text=True), path
    assert client.get(f"{bobs}/dashboard.json").json["experiment"]["status"] == "complete"
