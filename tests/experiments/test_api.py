"""/api/v1/experiments: set up, read, stop; one at a time; never another person's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, select

from tests.api.conftest import Rows
from tests.api.helpers import CHECKINS, checkin_body, days_ago, errors, today
from tests.conftest import ApiClient
from tests.experiments.support import EXPERIMENTS, ended_experiment
from tracker.analysis.experiment import make_schedule
from tracker.catalog import TECHNIQUE_SLUGS
from tracker.models import Experiment, User

CUSTOM = {
    "template": "custom",
    "conditions": [
        {"label": "Morning release", "sessions_per_week": 7, "minutes": 1,
         "techniques": ["morning-release"]},
        {"label": "Warm soak first", "sessions_per_week": 7, "minutes": 10,
         "pressure_min": 2, "pressure_max": 5, "techniques": ["warm-soak", "thumb-walk"]},
    ],
    "pairs": 2,
}  # fmt: skip


def _start(client: ApiClient, **body: object):  # type: ignore[no-untyped-def]
    return client.post(EXPERIMENTS, json={"template": "consistency-vs-intensity", **body})


def _data_version(rows: Rows) -> int:
    return rows.one(select(User.data_version).where(User.email == "alice@example.com"))


def test_templates_name_both_plans_with_catalog_techniques(user: ApiClient) -> None:
    response = user.get(f"{EXPERIMENTS}/templates")

    assert response.status_code == 200
    by_slug = {t["slug"]: t for t in response.json}
    assert set(by_slug) == {"consistency-vs-intensity", "ball-vs-bottle", "calf-release"}
    light, hard = by_slug["consistency-vs-intensity"]["conditions"]
    assert (light["key"], light["sessions_per_week"], light["minutes"]) == ("A", 14, 5)
    assert (light["pressure_min"], light["pressure_max"]) == (None, 4)
    assert (hard["sessions_per_week"], hard["pressure_min"], hard["pressure_max"]) == (3, 6, 7)
    assert (
        light["description"]
        == "14 sessions a week (2 a day), at least 5 min each, pressure up to 4"
    )
    assert by_slug["calf-release"]["conditions"][1]["description"] == "No sessions of this kind"
    for template in response.json:
        for condition in template["conditions"]:
            assert set(condition["techniques"]) <= TECHNIQUE_SLUGS


def test_start_from_a_template_draws_and_keeps_the_order(user: ApiClient, rows: Rows) -> None:
    before = _data_version(rows)

    response = _start(user, pairs=3)

    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "running"
    assert body["start_date"] == today().isoformat()
    assert body["title"] == "Daily and light vs three harder sessions a week"
    schedule = make_schedule(today(), 3, body["seed"])
    assert [
        (b["week"], b["pair"], b["condition"], b["start"], b["end"]) for b in body["schedule"]
    ] == [
        (b.index + 1, b.pair + 1, b.condition, b.start.isoformat(), b.end.isoformat())
        for b in schedule
    ]
    assert body["end_date"] == (today() + timedelta(days=41)).isoformat()
    first = schedule[0]
    assert body["today"] == {
        "date": today().isoformat(),
        "week": 1,
        "weeks": 6,
        "condition": first.condition,
        "label": body["conditions"][0 if first.condition == "A" else 1]["label"],
        "description": body["conditions"][0 if first.condition == "A" else 1]["description"],
        "day_of_block": 1,
        "washout": True,
    }
    assert body["result"]["status"] == "running"
    assert body["result"]["comparison"] is None
    stored = rows.one(select(Experiment))
    assert (stored.seed, stored.pairs, stored.is_current) == (body["seed"], 3, True)
    assert _data_version(rows) > before


def test_seeds_are_drawn_by_the_server(user: ApiClient) -> None:
    first = _start(user).json
    user.post(f"{EXPERIMENTS}/{first['id']}/stop")
    second = _start(user, seed=1)

    assert second.status_code == 422
    assert "seed" in errors(second)
    third = _start(user).json
    assert first["seed"] != third["seed"]


def test_list_and_get_one(user: ApiClient) -> None:
    created = _start(user).json

    listed = user.get(EXPERIMENTS)
    one = user.get(f"{EXPERIMENTS}/{created['id']}")

    assert listed.status_code == 200
    assert [e["id"] for e in listed.json] == [created["id"]]
    assert "result" not in listed.json[0]
    assert listed.json[0]["schedule"] == created["schedule"]
    assert one.status_code == 200
    assert one.json == created


def test_another_persons_experiment_is_a_404(user: ApiClient, other_user: ApiClient) -> None:
    created = _start(user).json

    assert other_user.get(f"{EXPERIMENTS}/{created['id']}").status_code == 404
    assert other_user.post(f"{EXPERIMENTS}/{created['id']}/stop").status_code == 404
    assert other_user.get(EXPERIMENTS).json == []
    assert user.get(f"{EXPERIMENTS}/{created['id']}").json["status"] == "running"


def test_a_second_running_experiment_is_a_409_naming_the_first(user: ApiClient, rows: Rows) -> None:
    first = _start(user).json

    response = _start(user, template="ball-vs-bottle")

    assert response.status_code == 409
    message = response.json["message"]
    assert "Daily and light vs three harder sessions a week" in message
    assert f"/api/v1/experiments/{first['id']}/stop" in message
    assert rows.count(Experiment) == 1


def test_a_scheduled_experiment_also_holds_the_slot(user: ApiClient) -> None:
    ahead = (today() + timedelta(days=10)).isoformat()
    scheduled = _start(user, start_date=ahead).json
    assert scheduled["status"] == "scheduled"
    assert scheduled["today"] is None

    assert _start(user).status_code == 409


def test_the_database_refuses_a_second_current_experiment(
    app: Flask, user: ApiClient, rows: Rows
) -> None:
    """The service's rule is backed by UNIQUE (user_id, is_current): a code path that forgets
    the service cannot store two either."""
    from sqlalchemy.exc import IntegrityError

    from tests.experiments.support import stored_conditions
    from tracker.extensions import db

    _start(user)
    with app.app_context():
        owner = db.session.scalar(select(User.id).where(User.email == "alice@example.com"))
        db.session.add(
            Experiment(user_id=owner, template="custom", conditions=stored_conditions(),
                       pairs=2, start_date=today(), seed=1, is_current=True)
        )  # fmt: skip
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert rows.count(Experiment) == 1


def test_stop_then_start_another(user: ApiClient, rows: Rows) -> None:
    first = _start(user).json
    before = _data_version(rows)

    stopped = user.post(f"{EXPERIMENTS}/{first['id']}/stop")

    assert stopped.status_code == 200
    assert stopped.json["status"] == "stopped"
    assert stopped.json["stopped_on"] == days_ago(1).isoformat()
    assert stopped.json["result"]["comparison"] is None
    assert "no verdict" in stopped.json["result"]["sentence"]
    assert _data_version(rows) > before
    again = user.post(f"{EXPERIMENTS}/{first['id']}/stop")
    assert again.status_code == 409
    assert "already stopped" in again.json["message"]

    second = _start(user, template="calf-release", pairs=2)

    assert second.status_code == 201
    assert [e["id"] for e in user.get(EXPERIMENTS).json] == [second.json["id"], first["id"]]
    current = rows.all(select(Experiment.id).where(Experiment.is_current.is_not(None)))
    assert current == [second.json["id"]]


def test_a_custom_experiment_keeps_its_conditions(user: ApiClient) -> None:
    response = user.post(EXPERIMENTS, json=CUSTOM)

    assert response.status_code == 201, response.json
    light, soak = response.json["conditions"]
    assert (light["key"], light["label"], light["techniques"]) == (
        "A",
        "Morning release",
        ["morning-release"],
    )
    assert (soak["key"], soak["pressure_min"], soak["pressure_max"]) == ("B", 2, 5)
    assert (
        soak["description"] == "7 sessions a week (every day), at least 10 min each, pressure 2–5"
    )
    assert len(response.json["schedule"]) == 4


def _custom(**changes: object) -> dict:
    conditions = [dict(c) for c in CUSTOM["conditions"]]  # type: ignore[attr-defined]
    conditions[1].update(changes)
    return {**CUSTOM, "conditions": conditions}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"template": "consistency-vs-intensity", "start_date": "2020-01-01"}, "start_date"),
        ({"template": "consistency-vs-intensity", "pairs": 5}, "pairs"),
        ({"template": "consistency-vs-intensity", "pairs": 1}, "pairs"),
        ({"template": "yoga"}, "template"),
        ({"template": "custom"}, "conditions"),
        ({**CUSTOM, "template": "ball-vs-bottle"}, "conditions"),
        ({**CUSTOM, "conditions": CUSTOM["conditions"][:1]}, "conditions"),
        (_custom(techniques=["acupuncture"]), "conditions"),
        (_custom(pressure_min=6, pressure_max=3), "conditions"),
        (_custom(sessions_per_week=0), "conditions"),
        (_custom(minutes=0), "conditions"),
        (_custom(label="morning release"), "conditions"),
        ({"pairs": 3}, "template"),
    ],
)
def test_bad_setups_are_422_naming_the_field(
    user: ApiClient, rows: Rows, body: dict, field: str
) -> None:
    for path in (EXPERIMENTS, f"{EXPERIMENTS}/preview"):
        response = user.post(path, json=body)

        assert response.status_code == 422, response.json
        assert field in errors(response), response.json
    assert rows.count(Experiment) == 0


def test_start_date_far_ahead_is_a_422(user: ApiClient) -> None:
    response = _start(user, start_date=(today() + timedelta(days=91)).isoformat())

    assert response.status_code == 422
    assert "90 days ahead" in errors(response)["start_date"][0]


def test_a_nested_field_is_named_inside_its_condition(user: ApiClient) -> None:
    response = user.post(EXPERIMENTS, json=_custom(pressure_min=6, pressure_max=3))

    assert errors(response)["conditions"]["1"]["pressure_max"] == ["Must be at least pressure_min."]


def test_preview_stores_nothing_and_says_what_it_can_find(user: ApiClient, rows: Rows) -> None:
    response = user.post(f"{EXPERIMENTS}/preview", json={"template": "ball-vs-bottle", "pairs": 2})

    assert response.status_code == 200, response.json
    body = response.json
    assert rows.count(Experiment) == 0
    assert [b["condition"] for b in body["schedule"]] == [None] * 4
    assert body["end_date"] == (today() + timedelta(days=27)).isoformat()
    assert body["variation"]["assumed"] is True
    assert body["variation"]["mornings"] == 0
    assert body["detectable_difference"] > 0
    assert "typical" in body["sentence"]
    four = user.post(f"{EXPERIMENTS}/preview", json={"template": "ball-vs-bottle", "pairs": 4})
    smallest = four.json["detectable_difference"]
    assert smallest < body["detectable_difference"]
    if smallest <= 10:
        assert f"{smallest:.1f} points or more" in four.json["sentence"]
    else:
        assert "choose more pairs" in four.json["sentence"]


def test_preview_uses_the_persons_own_mornings(user: ApiClient) -> None:
    for n in range(30, 0, -1):
        user.post(CHECKINS, json=checkin_body(date=days_ago(n).isoformat(), pain_right=3 + n % 3))

    two = user.post(f"{EXPERIMENTS}/preview", json={"template": "ball-vs-bottle", "pairs": 2}).json
    four = user.post(f"{EXPERIMENTS}/preview", json={"template": "ball-vs-bottle", "pairs": 4}).json

    assert two["variation"]["assumed"] is False
    assert two["variation"]["mornings"] == 30
    assert four["detectable_difference"] < two["detectable_difference"]
    assert "your last 30" in two["sentence"]


def test_a_pause_lengthens_a_running_experiment(user: ApiClient) -> None:
    created = _start(user, pairs=2).json
    pause = {
        "start_date": (today() + timedelta(days=3)).isoformat(),
        "end_date": (today() + timedelta(days=5)).isoformat(),
        "reason": "illness",
    }
    assert user.post("/api/v1/pauses", json=pause).status_code == 201

    after = user.get(f"{EXPERIMENTS}/{created['id']}").json

    assert after["end_date"] == (today() + timedelta(days=27 + 3)).isoformat()
    assert after["schedule"][0]["end"] == (today() + timedelta(days=9)).isoformat()


def test_an_ended_experiment_carries_its_result(app: Flask, user: ApiClient) -> None:
    experiment_id, _schedule = ended_experiment(app, "alice@example.com", pairs=3, effect=3)

    body = user.get(f"{EXPERIMENTS}/{experiment_id}").json

    assert body["status"] == "complete"
    assert body["today"] is None
    result = body["result"]
    assert result["status"] == "complete"
    comparison = result["comparison"]
    assert comparison is not None, result["sentence"]
    assert comparison["pairs_used"] == 3
    assert 2 < comparison["difference"] < 4
    assert comparison["ci_low"] > 0
    assert "Daily and light went with" in result["sentence"]
    assert [b["days_counted"] for b in result["blocks"]] == [5] * 6
    for block in result["blocks"]:
        assert block["adherence"] == pytest.approx(1.0)
    stop = user.post(f"{EXPERIMENTS}/{experiment_id}/stop")
    assert stop.status_code == 409
    assert "ended on" in stop.json["message"]
    assert _start(user).status_code == 201


def test_deleting_the_account_deletes_its_experiments(user: ApiClient, rows: Rows) -> None:
    _start(user)

    rows.execute(delete(User).where(User.email == "alice@example.com"))

    assert rows.count(Experiment) == 0


def test_two_starts_at_once_store_one(
    user: ApiClient, bearer: ApiClient, rows: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check and the insert race otherwise: the second request waits on the person's
    lock, then finds the first one's experiment and answers 409."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from tracker.experiments import service

    real_current = service.current_experiment

    def slow_current(*args: object) -> Experiment | None:
        time.sleep(0.3)
        return real_current(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "current_experiment", slow_current)
    with ThreadPoolExecutor(2) as pool:
        answers = [pool.submit(_start, user), pool.submit(_start, bearer, template="calf-release")]
        codes = sorted(answer.result().status_code for answer in answers)

    assert codes == [201, 409]
    assert rows.count(Experiment) == 1
