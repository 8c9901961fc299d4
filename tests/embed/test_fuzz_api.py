"""Schemathesis against the app's own OpenAPI document: generated requests, valid and
invalid, to every documented operation, for a business that exists and with its API
key. No answer may be a server error, and every answer must match what the document
says (status codes, content types, response schemas, headers); invalid data must be
refused.

Left out: schemathesis's "invalid authentication accepted" check (every case here
carries the right key, on purpose, so the generated data reaches the real work;
authentication has its own tests) and its "schema-valid request rejected" check: a
few rules are not expressible in the document (``rating`` and ``min_rating``
together, a cursor that belongs to another sort), and those requests rightly get a
422 with field messages.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from tests.builders import make_api_key, make_business, make_review

EXAMPLES_PER_OPERATION = 30
# How invalid data may be refused: schemathesis's list, and 413 for a body larger than
# the API takes (``MAX_SUBMISSION_BYTES``), which is checked before its fields are.
REFUSALS = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [
                    *("400", "401", "403", "404", "405", "406", "409", "413"),
                    *("415", "422", "428", "429", "5xx"),
                ]
            }
        }
    }
)


def test_no_request_gets_a_server_error_or_an_undocumented_answer(app):
    make_business(app)
    key = make_api_key(app)
    client = app.test_client()
    for n in range(3):
        make_review(client, key, body=f"Fuzzing seed review {n}.")
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=REFUSALS
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in GenerationMode:  # valid requests, then invalid ones
            _fuzz(operation, mode, key)


def _fuzz(operation, mode: GenerationMode, key: str) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case):
        if "slug" in (case.path_parameters or {}):
            # Requests go to the business that exists, so they reach the real work.
            case.path_parameters["slug"] = "bakery"
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {key}"}
        case.call_and_validate(excluded_checks=[positive_data_acceptance, ignored_auth])

    try:
        check()
    except Unsatisfiable:
        # Nothing invalid can be made for this operation (it takes no input besides
        # the business, which is always the real one here).
        assert mode is GenerationMode.NEGATIVE, operation.label
