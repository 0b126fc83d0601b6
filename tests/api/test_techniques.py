"""/api/v1/techniques: the catalog the session form's chips come from."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import TECHNIQUES
from tests.conftest import ApiClient
from tracker.catalog import TECHNIQUE_SLUGS


def test_catalog_lists_the_19_techniques_with_guidance(user: ApiClient) -> None:
    response = user.get(TECHNIQUES)

    assert response.status_code == 200
    catalog = response.json
    assert len(catalog) == 19
    assert {t["slug"] for t in catalog} == TECHNIQUE_SLUGS
    assert all(t["name"] and t["guidance"] and t["source"] for t in catalog)
    names = [t["name"] for t in catalog]
    assert names == sorted(names, key=str.casefold)


def test_catalog_entries_carry_the_briefs_wording(user: ApiClient) -> None:
    catalog = {t["slug"]: t for t in user.get(TECHNIQUES).json}

    assert catalog["morning-release"]["name"] == "Morning release"
    assert catalog["morning-release"]["timed_seconds"] == 60
    assert "30–90 s" in catalog["sustained-pressure"]["guidance"]
    assert "inflamed" in catalog["achilles-friction"]["guidance"]
    assert catalog["thumb-walk"]["timed_seconds"] is None


def test_catalog_is_readable_with_a_token(bearer: ApiClient) -> None:
    assert len(bearer.get(TECHNIQUES).json) == 19


def test_catalog_needs_sign_in(client: FlaskClient) -> None:
    assert client.get(TECHNIQUES).status_code == 401
