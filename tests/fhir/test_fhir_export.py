"""The FHIR export, read back the way a clinical system would: as a validated R4 Bundle.

``fhir.resources`` 8 ships R4B, which shares R4's Bundle, Patient and
Observation structure; a Bundle R4B accepts is one an R4 server accepts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

from tests.api.helpers import CHECKINS, checkin_body, days_ago, errors, today
from tests.conftest import ApiClient

FHIR = "/api/v1/export/fhir"
LOINC_PAIN = "72514-3"
LEFT_FOOT, RIGHT_FOOT = "22335008", "7769000"


def _checkin(client: ApiClient, ago: int, **fields: Any) -> None:
    body = checkin_body(date=days_ago(ago).isoformat(), **fields)
    response = client.post(CHECKINS, json=body)
    assert response.status_code == 201, response.json


def _bundle(client: ApiClient, query: str = "") -> tuple[Bundle, dict[str, Any]]:
    response = client.get(FHIR + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/fhir+json"
    raw = response.get_data(as_text=True)
    return Bundle.model_validate_json(raw), response.json


def _observations(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in raw["entry"] if e["resource"]["resourceType"] == "Observation"]


def _pain(raw: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(date, SNOMED foot code, score) per pain Observation."""
    return [
        (o["effectiveDateTime"], o["bodySite"]["coding"][0]["code"], o["valueInteger"])
        for o in _observations(raw)
        if o["code"].get("coding", [{}])[0].get("code") == LOINC_PAIN
    ]


def test_bundle_is_a_valid_r4_collection_with_one_observation_per_foot(user: ApiClient) -> None:
    _checkin(user, 2, pain_left=3, pain_right=7)
    _checkin(user, 1, pain_right=6)

    bundle, raw = _bundle(user)

    assert bundle.type == "collection"
    assert _pain(raw) == [
        (days_ago(2).isoformat(), LEFT_FOOT, 3),
        (days_ago(2).isoformat(), RIGHT_FOOT, 7),
        (days_ago(1).isoformat(), RIGHT_FOOT, 6),
    ]
    for entry in bundle.entry[1:]:
        observation = entry.resource
        assert isinstance(observation, Observation)
        assert observation.status == "final"
        assert observation.category[0].coding[0].code == "survey"
        coding = observation.code.coding[0]
        assert (coding.system, coding.code) == ("http://loinc.org", LOINC_PAIN)
        assert coding.display == "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
        assert observation.bodySite.coding[0].system == "http://snomed.info/sct"
        assert entry.fullUrl == observation.identifier[0].value


def test_patient_is_referenced_and_carries_no_name_or_email(user: ApiClient) -> None:
    _checkin(user, 0, pain_right=4)

    bundle, raw = _bundle(user)

    patient = raw["entry"][0]
    assert patient["resource"]["resourceType"] == "Patient"
    assert set(patient["resource"]) == {"resourceType", "identifier"}
    assert patient["fullUrl"].startswith("urn:uuid:")
    assert "alice" not in user.get(FHIR).get_data(as_text=True)
    assert {o["subject"]["reference"] for o in _observations(raw)} == {patient["fullUrl"]}
    assert bundle.entry[0].resource.get_resource_type() == "Patient"


def test_weekly_global_change_is_an_observation_with_text_only(user: ApiClient) -> None:
    _checkin(user, 1, pain_right=5, global_change="much-improved")

    _, raw = _bundle(user)

    rating = [o for o in _observations(raw) if "valueCodeableConcept" in o]
    assert len(rating) == 1
    assert rating[0]["code"] == {"text": "Patient Global Impression of Change"}
    assert rating[0]["valueCodeableConcept"] == {"text": "much improved"}
    assert rating[0]["effectiveDateTime"] == days_ago(1).isoformat()


def test_identifiers_are_stable_across_exports_and_edits(user: ApiClient) -> None:
    _checkin(user, 1, pain_left=2, pain_right=8)
    _, first = _bundle(user)
    checkin_id = user.get(CHECKINS).json[0]["id"]
    assert user.patch(f"{CHECKINS}/{checkin_id}", json={"pain_right": 5}).status_code == 200

    _, second = _bundle(user)

    ids = [[o["identifier"][0]["value"] for o in _observations(b)] for b in (first, second)]
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == 2
    assert first["entry"][0]["fullUrl"] == second["entry"][0]["fullUrl"]
    assert _pain(second)[1][2] == 5


def test_default_range_is_eight_weeks_and_from_to_filter(user: ApiClient) -> None:
    _checkin(user, 70, pain_right=9)
    _checkin(user, 10, pain_right=6)
    _checkin(user, 3, pain_right=4)

    _, default = _bundle(user)
    _, ranged = _bundle(user, f"?from={days_ago(80)}&to={days_ago(5)}")

    assert [p[2] for p in _pain(default)] == [6, 4]
    assert [p[2] for p in _pain(ranged)] == [9, 6]


def test_another_persons_scores_are_absent(user: ApiClient, other_user: ApiClient) -> None:
    _checkin(user, 1, pain_right=7)
    _checkin(other_user, 1, pain_right=2, pain_left=1)

    _, mine = _bundle(user)
    _, theirs = _bundle(other_user)

    assert [p[2] for p in _pain(mine)] == [7]
    assert sorted(p[2] for p in _pain(theirs)) == [1, 2]
    assert mine["entry"][0]["fullUrl"] != theirs["entry"][0]["fullUrl"]


def test_a_range_over_five_years_is_422_naming_the_field(user: ApiClient) -> None:
    start = today() - timedelta(days=6 * 365)

    response = user.get(f"{FHIR}?from={start}&to={today()}")

    assert response.status_code == 422
    assert "at most" in errors(response, "query")["to"][0]


def test_dates_before_1970_are_422_not_a_crash(user: ApiClient) -> None:
    response = user.get(f"{FHIR}?to=0001-01-05")

    assert response.status_code == 422
    assert errors(response, "query") == {"to": ["Must be on or after 1970-01-01."]}


def test_no_scores_is_a_bundle_with_only_the_patient(user: ApiClient) -> None:
    bundle, _ = _bundle(user)

    assert [e.resource.get_resource_type() for e in bundle.entry] == ["Patient"]


def test_bearer_token_works_and_signed_out_is_401(bearer: ApiClient, client: Any) -> None:
    _, raw = _bundle(bearer)

    assert raw["resourceType"] == "Bundle"
    assert client.get(FHIR).status_code == 401


def test_openapi_documents_the_fhir_content_type(client: Any) -> None:
    spec = client.get("/api/openapi.json").json

    responses = spec["paths"]["/api/v1/export/fhir"]["get"]["responses"]
    assert "application/fhir+json" in responses["200"]["content"]
    assert "422" in responses
