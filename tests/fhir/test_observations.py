"""checkin_observations over every possible morning: valid FHIR, one per scored foot."""

from __future__ import annotations

from datetime import date

from fhir.resources.R4B.observation import Observation
from hypothesis import given
from hypothesis import strategies as st

from tracker.catalog import GLOBAL_CHANGE
from tracker.export.fhir import checkin_observations

PATIENT = "urn:uuid:00000000-0000-5000-8000-000000000000"
scores = st.none() | st.integers(0, 10)


@given(
    day=st.dates(date(1970, 1, 1), date(2100, 12, 31)),
    left=scores,
    right=scores,
    change=st.none() | st.sampled_from(sorted(GLOBAL_CHANGE)),
)
def test_every_morning_gives_valid_observations(
    day: date, left: int | None, right: int | None, change: str | None
) -> None:
    entries = list(checkin_observations(PATIENT, day, {"left": left, "right": right}, change))

    scored = [foot for foot, score in (("left", left), ("right", right)) if score is not None]
    assert len(entries) == len(scored) + (change is not None)
    for entry in entries:
        observation = Observation.model_validate(entry["resource"])
        assert observation.subject.reference == PATIENT
        assert str(observation.effectiveDateTime) == day.isoformat()
    values = [e["resource"].get("valueInteger") for e in entries[: len(scored)]]
    assert values == [s for s in (left, right) if s is not None]
    urls = [e["fullUrl"] for e in entries]
    assert len(set(urls)) == len(urls)
