"""Schemathesis over /api/openapi.json as a signed-in person: every operation, a bounded
number of generated requests each, including malformed ones. No 5xx, and every status
code, content type, header and body as the document says.

Not checked: that every schema-valid body is accepted. Rules the schema cannot state
(a date not in the future, pauses that do not overlap, one check-in a morning) are
422s and 409s by design, each documented on its operation.
"""

from __future__ import annotations

import os

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import ApiClient

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))


def test_every_operation_answers_as_documented(app: Flask, bearer: ApiClient) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    headers = {"Authorization": bearer.headers["Authorization"]}
    failures: dict[str, str] = {}

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except BaseException as error:  # schemathesis reports a group of failures
            if isinstance(error, KeyboardInterrupt):
                raise
            failures[operation.label] = str(error)[:2000]

    assert len(operations) >= 39
    assert failures == {}, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
