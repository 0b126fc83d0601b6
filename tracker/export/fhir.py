"""A FHIR R4 Bundle of first-step pain scores, for a clinic's record system.

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

from tracker.catalog import GLOBAL_CHANGE
from tracker.common.ownership import within_dates
from tracker.extensions import db
from tracker.models import Checkin, User

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
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": entries,
    }
