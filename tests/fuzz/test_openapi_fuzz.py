"""Schemathesis over /api/openapi.json as a signed-in person: every operation, a bounded
number of generated requests each, including malformed ones. No 5xx, and every status
code, content type, header and body as the document says.

Then the stateful phase: sequences that follow the links schemathesis infers between
operations (a check-in created, then read, changed, deleted; a pause listed, then
ended), with its checks that a created resource can be read and a deleted one is gone.

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
    ensure_resource_availability,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
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
PLAIN = {"Accept-Encoding": "identity"}
"""The WSGI transport hands the checks the body as sent, and the HTTP library's default
asks for zstd/gzip: the checks would read compressed bytes. Compression has its own
tests (``tests/web/test_compression.py``); here every answer is read as it is."""


def test_every_operation_answers_as_documented(app: Flask, bearer: ApiClient) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    headers = {"Authorization": bearer.headers["Authorization"], **PLAIN}
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


STEPS = int(os.environ.get("FUZZ_STEPS", "6"))
KEEP_SIGNED_IN = [
    ("DELETE", "/api/v1/tokens/{token_id}"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/me/password"),
    ("DELETE", "/api/v1/me"),
]
"""Left to the first phase: a sequence could revoke or sign out the very credential it
runs with (``GET /tokens`` links to ``DELETE /tokens/{id}`` with the id of its own
token), and every later step would be a 401 that tests nothing."""


def test_sequences_of_linked_operations_answer_as_documented(app: Flask, bearer: ApiClient) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    for method, path in KEEP_SIGNED_IN:
        schema = schema.exclude(method=method, path=path)
    headers = {"Authorization": bearer.headers["Authorization"], **PLAIN}
    workflow = schema.as_state_machine()
    assert workflow.schema.statistic.transitions.total >= 20  # links were inferred

    class Diary(workflow):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):  # type: ignore[no-untyped-def]
            case.validate_response(
                response,
                checks=[*CHECKS, use_after_free, ensure_resource_availability],
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Diary.run(
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert bearer.get("/api/v1/me").status_code == 200  # still signed in at the end
