"""The self-experiment's pages: the three set-up screens and the experiment page."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, checkin_body, days_ago, today
from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, ended_experiment
from tracker.experiments.service import _preview_sentence
from tracker.models import Experiment

NEW = "/experiment/new"
LIGHT_VS_HARD = "template=consistency-vs-intensity"
CUSTOM = (
    "template=custom&a_label=Morning+release&a_sessions_per_week=7&a_minutes=1"
    "&a_techniques=morning-release&b_label=Warm+soak+first&b_sessions_per_week=7"
    "&b_minutes=10&b_pressure_min=2&b_pressure_max=5&b_techniques=warm-soak"
    "&b_techniques=thumb-walk"
)


def _text(html: str) -> str:
    """The page's words, tags dropped and entities read, as a person sees them."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _page(client: ApiClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def _error(html: str, name: str) -> str:
    match = re.search(rf'<p class="error" id="error-{name}"[^>]*>([^<]*)</p>', html)
    assert match, f"no error slot for {name}"
    return unescape(match.group(1))


def _start(user: ApiClient, **body: object) -> dict:
    response = user.post(EXPERIMENTS, json={"template": "consistency-vs-intensity", **body})
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize(
    "path", ["/experiment", NEW, f"{NEW}/weeks?{LIGHT_VS_HARD}", f"{NEW}/confirm", "/experiment/1"]
)
def test_the_pages_ask_a_stranger_to_sign_in(client: FlaskClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_step_one_lists_the_three_templates_and_a_custom_pair(user: ApiClient) -> None:
    html = _page(user, NEW)
    text = _text(html)

    assert "Step 1 of 3" in text
    for title in (
        "Daily and light vs three harder sessions a week",
        "Ball roll vs frozen bottle",
        "Evening calf release vs none",
        "Your own pair",
    ):
        assert title in text
    assert "Daily and light: 14 sessions a week (2 a day), at least 5 min each" in text
    assert 'value="consistency-vs-intensity" checked' in html
    assert 'name="a_label"' in html and 'name="b_techniques" value="calf-release"' in html
    assert 'action="/experiment/new/weeks"' in html


def test_step_two_says_what_each_number_of_pairs_can_find(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/weeks?{LIGHT_VS_HARD}")
    text = _text(html)

    assert "Step 2 of 3" in text
    assert '<input type="hidden" name="template" value="consistency-vs-intensity">' in html
    for pairs in (2, 3, 4):
        sentence = user.post(
            f"{EXPERIMENTS}/preview", json={"template": "consistency-vs-intensity", "pairs": pairs}
        ).json["sentence"]
        assert sentence in text
    assert re.search(r'data-pairs="3">', html)  # the default is shown
    assert re.search(r'data-pairs="2" hidden>', html)
    assert 'name="pairs" value="3" aria-describedby="pairs-hint" checked' in html
    assert f'min="{today().isoformat()}"' in html
    assert "4 pairs find smaller differences; 2 pairs find almost nothing" in text


def test_step_two_uses_the_persons_own_mornings(user: ApiClient) -> None:
    for n in range(30, 0, -1):
        user.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat(), pain_right=3 + n % 3))

    text = _text(_page(user, f"{NEW}/weeks?{LIGHT_VS_HARD}&pairs=2"))

    assert "from day to day (your last 30)" in text
    assert "With 2 pairs of weeks" in text


def test_a_custom_pair_with_a_mistake_stays_on_step_one_with_the_reason(
    user: ApiClient,
) -> None:
    path = f"{NEW}/weeks?{CUSTOM.replace('b_minutes=10', 'b_minutes=')}&b_pressure_max=1"
    html = _page(user, path.replace("b_pressure_max=5&", ""), status=422)

    assert "Step 1 of 3" in _text(html)
    assert _error(html, "conditions-1-minutes") == "Missing data for required field."
    assert 'value="Warm soak first"' in html  # what was typed stays
    assert 'value="custom" checked' in html


def test_two_conditions_with_one_label_are_refused(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/weeks?{CUSTOM.replace('Warm+soak+first', 'morning+RELEASE')}", 422)

    assert _error(html, "conditions") == "Give the two conditions different labels."


def test_an_unknown_template_is_refused_beside_the_choice(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/weeks?template=yoga", 422)

    assert _error(html, "template").startswith("Must be one of")


def test_step_three_shows_the_weeks_and_stores_nothing(user: ApiClient, rows: Rows) -> None:
    start = today() + timedelta(days=2)
    html = _page(user, f"{NEW}/confirm?{LIGHT_VS_HARD}&pairs=2&start_date={start.isoformat()}")
    text = _text(html)

    assert "Step 3 of 3" in text
    assert rows.count(Experiment) == 0
    assert len(re.findall(r"<th scope=\"row\">\d</th>", html)) == 4
    assert text.count("drawn when you start") == 4
    assert f"{start.day} {start:%b} – {(start + timedelta(days=6)).day}" in text
    body = json.loads(unescape(re.search(r'data-body="([^"]+)"', html).group(1)))  # type: ignore[union-attr]
    assert body == {
        "template": "consistency-vs-intensity",
        "pairs": 2,
        "start_date": start.isoformat(),
    }
    assert "With 2 pairs of weeks" in text


def test_step_three_carries_a_custom_pair_to_the_start(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/confirm?{CUSTOM}&pairs=3")

    body = json.loads(unescape(re.search(r'data-body="([^"]+)"', html).group(1)))  # type: ignore[union-attr]
    assert body["conditions"][1] == {
        "label": "Warm soak first",
        "sessions_per_week": 7,
        "minutes": 10,
        "pressure_min": 2,
        "pressure_max": 5,
        "techniques": ["warm-soak", "thumb-walk"],
    }
    assert user.post(EXPERIMENTS, json=body).status_code == 201
    assert "Warm soak first" in _text(html)


def test_a_start_in_the_past_goes_back_to_step_two_with_the_reason(user: ApiClient) -> None:
    past = days_ago(1).isoformat()

    html = _page(user, f"{NEW}/confirm?{LIGHT_VS_HARD}&pairs=3&start_date={past}", 422)

    assert "Step 2 of 3" in _text(html)
    assert _error(html, "start_date") == f"Must be today ({today().isoformat()}) or later."


def test_five_pairs_go_back_to_step_two(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/confirm?{LIGHT_VS_HARD}&pairs=5", 422)

    assert "Step 2 of 3" in _text(html)
    assert _error(html, "pairs").startswith("Must be greater than or equal to 2")


def test_with_no_experiment_the_page_explains_and_offers_a_start(user: ApiClient) -> None:
    html = _page(user, "/experiment")

    assert "What is a self-experiment?" in _text(html)
    assert 'href="/experiment/new"' in html
    assert "experiment.js" not in html


def test_a_running_experiment_shows_its_week_schedule_seed_and_stop(user: ApiClient) -> None:
    created = _start(user, pairs=3)

    html = _page(user, "/experiment")
    text = _text(html)

    first = created["schedule"][0]
    assert f"Week 1 of 6: {first['label']}" in text
    assert "washout day" in text
    assert html.count('<th scope="row">') == 6
    assert html.count('class="now" aria-current="true"') == 1
    for block in created["schedule"]:
        assert f"{block['condition']}: {block['label']}" in text
    assert f"seed <code>{created['seed']}</code>, kept so a clinician can check the draw" in html
    assert f'data-url="/api/v1/experiments/{created["id"]}/stop"' in html
    assert "Stop the experiment" in text
    assert f"washout {_two_days(today())}" in text


def _two_days(first: date) -> str:
    last = first + timedelta(days=1)
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


def test_a_pause_moves_a_weeks_washout(user: ApiClient) -> None:
    _start(user, pairs=2)
    week_two = today() + timedelta(days=7)
    pause = {"start_date": week_two.isoformat(), "end_date": week_two.isoformat()}
    assert user.post("/api/v1/pauses", json={**pause, "reason": "illness"}).status_code == 201

    text = _text(_page(user, "/experiment"))

    assert f"washout {_two_days(week_two + timedelta(days=1))}" in text


def test_a_scheduled_experiment_says_when_it_starts(user: ApiClient) -> None:
    start = today() + timedelta(days=3)
    _start(user, pairs=2, start_date=start.isoformat())

    text = _text(_page(user, "/experiment"))

    assert f"Starts on {start:%A} {start.day} {start:%B}" in text
    assert "Stop the experiment" in text


def test_a_stopped_experiment_shows_its_data_and_no_verdict(user: ApiClient) -> None:
    created = _start(user, pairs=2)
    assert user.post(f"{EXPERIMENTS}/{created['id']}/stop").status_code == 200

    html = _page(user, "/experiment")
    text = _text(html)

    assert "Stopped" in text and "gives no verdict" in text
    assert "Stop the experiment" not in text
    assert '<th scope="col">Pain</th>' in html
    assert "See the full result" not in text
    assert 'href="/experiment/new"' in html


def test_a_complete_experiment_sums_up_and_links_to_the_dashboard(
    app: Flask, user: ApiClient
) -> None:
    experiment_id, _ = ended_experiment(app, "alice@example.com", effect=3)

    html = _page(user, f"/experiment/{experiment_id}")
    text = _text(html)

    assert "The result" in text
    assert "Daily and light went with" in text
    assert "95% interval" in text
    assert 'href="/dashboard"' in html
    assert "Stop the experiment" not in text


def test_another_persons_experiment_is_not_shown(user: ApiClient, other_user: ApiClient) -> None:
    theirs = _start(other_user, pairs=2)

    assert "What is a self-experiment?" in _text(_page(user, "/experiment"))
    assert user.get(f"/experiment/{theirs['id']}").status_code == 404


def test_set_up_warns_of_the_experiment_already_on(user: ApiClient) -> None:
    _start(user)

    assert "You already have an experiment on" in _text(_page(user, NEW))
    assert "You already have an experiment on" in _text(
        _page(user, f"{NEW}/confirm?{LIGHT_VS_HARD}")
    )


def test_settings_and_the_tab_bar_lead_to_the_experiment(user: ApiClient) -> None:
    settings = _page(user, "/settings")
    page = _page(user, "/experiment")

    assert 'href="/experiment"' in settings and "Find out for yourself" in settings
    assert re.search(r'href="/settings" aria-current="page"', page)


def test_two_pairs_for_a_new_person_are_said_to_find_nothing(user: ApiClient) -> None:
    text = _text(_page(user, f"{NEW}/weeks?{LIGHT_VS_HARD}&pairs=2"))

    assert (
        "With 2 pairs of weeks, the experiment could not tell even the largest difference "
        "the 0-10 scale allows from day-to-day ups and downs: choose more pairs: 4 give it "
        "the best chance." in text
    )
    assert "With so few pairs it would likely find nothing: 4 pairs are recommended." in text


def test_four_pairs_beyond_the_scale_are_not_told_to_add_pairs() -> None:
    sentence = _preview_sentence(4, 12.0, 3.0, 40, False)

    assert "could not tell even the largest difference" in sentence
    assert "it would likely find nothing" in sentence and "more pairs" not in sentence


def test_step_two_reached_with_a_bad_start_day_marks_it_there(user: ApiClient) -> None:
    html = _page(user, f"{NEW}/weeks?{LIGHT_VS_HARD}&start_date=2026-02-30", 422)

    assert "Step 2 of 3" in _text(html)
    assert _error(html, "start_date") == "Not a valid date."
