"""A FHIR R4 Bundle of first-step pain scores, for a clinic's record system; with a
completed self-experiment's result as one more Observation.

Built as plain dicts (the ``fhir.resources`` models are a test-only check):
the structure is small and fixed, and the app need not carry a validation
stack at run time. A year is about 730 Observations, so the Bundle is built
in memory; the route bounds the range instead of streaming.

Identifiers are UUIDv5 names, so the same score exported twice carries the
same identifier and a receiving system that deduplicates on
``Observation.identifier`` updates rather than duplicates. The names use the
check-in's local date, which is its natural key (one check-in per person per
day): an edited score, or one deleted and logged again, keeps its identity.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from tracker.analysis.experiment import ExperimentResult
from tracker.catalog import GLOBAL_CHANGE
from tracker.common.ownership import within_dates
from tracker.experiments.service import evaluate, plans_of, title_of
from tracker.extensions import db
from tracker.i18n import text
from tracker.i18n.text import DEFAULT_LANGUAGE
from tracker.models import Checkin, Experiment, User
from tracker.timeutil import local_today

FHIR_JSON = "application/fhir+json"

NAMESPACE = uuid.UUID("0f6d3c1e-5b7a-4d0e-9c42-3f1a8e2b7d65")
"""FirstStep's own UUIDv5 namespace: fixed forever, or every identifier changes."""

URI_SYSTEM = "urn:ietf:rfc:3986"
"""The FHIR system for an identifier whose value is itself a URI (here a urn:uuid)."""

SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
PAIN_CODE = {
    "coding": [
        {
            "system": "http://loinc.org",
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ],
    "text": "First-step pain (the first steps after getting up)",
}
GLOBAL_CHANGE_CODE = {"text": "Patient Global Impression of Change"}
"""No LOINC code is claimed: none matches this seven-point wording exactly."""

FOOT_SITES = {
    "left": {
        "system": "http://snomed.info/sct",
        "code": "22335008",
        "display": "Left foot structure",
    },
    "right": {
        "system": "http://snomed.info/sct",
        "code": "7769000",
        "display": "Right foot structure",
    },
}


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def patient_urn(user: User) -> str:
    """An opaque, stable id: the account's row id and creation instant, hashed.

    The creation instant keeps the id from being recomputed from a guessable row
    number alone; no name or email goes into the Bundle.
    """
    return _urn(f"patient/{user.id}/{user.created_at.isoformat()}")


def _observation(
    urn: str, patient: str, day: date, code: dict[str, Any], value: dict[str, Any]
) -> dict[str, Any]:
    """The shared frame of both kinds of Observation.

    ``effectiveDateTime`` is the check-in's local date, not its created time: the
    score describes that morning's first steps, while ``created_at`` is when it was
    typed in (later that day, or back-filled days after), so a time of day would
    claim a precision the diary does not have. A bare date is a valid FHIR dateTime.
    """
    return {
        "fullUrl": urn,
        "resource": {
            "resourceType": "Observation",
            "identifier": [{"system": URI_SYSTEM, "value": urn}],
            "status": "final",
            "category": [SURVEY],
            "code": code,
            "subject": {"reference": patient},
            "effectiveDateTime": day.isoformat(),
            **value,
        },
    }


def checkin_observations(
    patient: str, day: date, pain: dict[str, int | None], global_change: str | None
) -> Iterator[dict[str, Any]]:
    """One pain Observation per foot scored that morning, then the weekly rating if given."""
    for foot, score in pain.items():
        if score is None:
            continue
        yield _observation(
            _urn(f"{patient}/first-step-pain/{day.isoformat()}/{foot}"),
            patient,
            day,
            PAIN_CODE,
            {"valueInteger": score, "bodySite": {"coding": [FOOT_SITES[foot]]}},
        )
    if global_change:
        yield _observation(
            _urn(f"{patient}/global-change/{day.isoformat()}"),
            patient,
            day,
            GLOBAL_CHANGE_CODE,
            {"valueCodeableConcept": {"text": GLOBAL_CHANGE.get(global_change, global_change)}},
        )


EXPERIMENT_CODE = {
    "text": "Self-experiment (N-of-1 trial) result: next-morning first-step pain (0-10), "
    "condition B minus condition A, compared within pairs of weeks"
}
"""No LOINC code is claimed: none names a within-person comparison of two conditions."""
POINTS = {"unit": "points (0-10 scale)", "system": "http://unitsofmeasure.org", "code": "{score}"}
PERCENT = {"unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}
AS_TEXT = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
            "code": "as-text",
            "display": "As Text",
        }
    ]
}


def _component(text: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"code": {"text": text}, **value}


def _points(value: float) -> dict[str, Any]:
    return {"valueQuantity": {"value": round(value, 2), **POINTS}}


def _per_condition(result: ExperimentResult, key: str, label: str) -> list[dict[str, Any]]:
    """Mean next-morning pain over the condition's counted mornings, and how well it was
    kept as assigned (the mean of its weeks)."""
    blocks = [b for b in result.blocks if b.block.condition == key]
    counted = sum(b.days_counted for b in blocks)
    out = []
    if counted:
        pain = sum(b.mean_pain * b.days_counted for b in blocks if b.mean_pain is not None)
        name = f"Condition {key} ({label}): next-morning pain"
        out.append(_component(name, _points(pain / counted)))
    kept = [b.adherence for b in blocks if b.adherence is not None]
    if kept:
        share = round(100 * sum(kept) / len(kept), 1)
        out.append(
            _component(
                f"Condition {key} ({label}): adherence as assigned",
                {"valueQuantity": {"value": share, **PERCENT}},
            )
        )
    return out


def experiment_observation(
    patient: str, experiment: Experiment, schedule_end: date, result: ExperimentResult
) -> dict[str, Any]:
    """A completed experiment as one Observation: the difference in its value (or, without
    enough mornings, the reason as text), the interval and each condition in components,
    and the sentence, the conditions, the seed and the method in notes, so a clinician can
    read it and redo the randomization."""
    plans = plans_of(experiment)
    urn = _urn(f"{patient}/experiment/{experiment.id}/{experiment.start_date}/{experiment.seed}")
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": URI_SYSTEM, "value": urn}],
        "status": "final",
        "code": EXPERIMENT_CODE,
        "subject": {"reference": patient},
        "effectivePeriod": {
            "start": experiment.start_date.isoformat(),
            "end": schedule_end.isoformat(),
        },
    }
    components = []
    comparison = result.comparison
    if comparison is None:
        resource["dataAbsentReason"] = {**AS_TEXT, "text": result.sentence}
    else:
        resource.update(_points(comparison.difference))
        components += [
            _component("95% interval, lower end", _points(comparison.ci_low)),
            _component("95% interval, upper end", _points(comparison.ci_high)),
            _component("Pairs of weeks compared", {"valueInteger": comparison.pairs_used}),
        ]
    for key, plan in plans.items():
        components += _per_condition(result, key, plan.label)
    if components:  # FHIR allows no empty array
        resource["component"] = components
    order = ", ".join(f"week {b.block.index + 1} {b.block.condition}" for b in result.blocks)
    resource["note"] = [
        {"text": result.sentence or title_of(experiment)},
        {
            "text": f"Condition A: {plans['A'].label}. Condition B: {plans['B'].label}. "
            f"One-week blocks, the order randomized within each pair with seed "
            f"{experiment.seed} (Python random.Random(seed): below 0.5, A first): {order}. "
            "The first 2 days of each block are a washout; each day is judged by the next "
            "morning's first-step pain."
            + (f" Method: {comparison.method}." if comparison is not None else "")
        },
    ]
    return {"fullUrl": urn, "resource": resource}


def experiment_observations(
    user: User, patient: str, start: date | None, end: date | None
) -> Iterator[dict[str, Any]]:
    """The completed experiments that ended within the range, oldest first."""
    today = local_today(user.timezone)
    stmt = (
        select(Experiment)
        .where(Experiment.user_id == user.id, Experiment.stopped_on.is_(None))
        .order_by(Experiment.start_date, Experiment.id)
    )
    if end is not None:
        stmt = stmt.where(Experiment.start_date <= end)
    for experiment in db.session.scalars(stmt):
        with text.using(DEFAULT_LANGUAGE):  # a machine format: its notes stay English
            schedule, result = evaluate(user, experiment, today)
        last = schedule[-1].end
        if result.status != "complete" or (start is not None and last < start):
            continue
        if end is not None and last > end:
            continue
        yield experiment_observation(patient, experiment, last, result)


def fhir_bundle(user: User, start: date | None, end: date | None, now: datetime) -> dict[str, Any]:
    """A ``collection`` Bundle: the Patient first, then the mornings oldest first."""
    patient = patient_urn(user)
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": patient,
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": URI_SYSTEM, "value": patient}],
            },
        }
    ]
    stmt = select(Checkin.date, Checkin.pain_left, Checkin.pain_right, Checkin.global_change).where(
        Checkin.user_id == user.id
    )
    stmt = within_dates(stmt, Checkin.date, start, end).order_by(Checkin.date)
    for day, left, right, global_change in db.session.execute(stmt):
        entries.extend(
            checkin_observations(patient, day, {"left": left, "right": right}, global_change)
        )
    entries.extend(experiment_observations(user, patient, start, end))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": entries,
    }
