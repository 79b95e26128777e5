"""schemathesis against the OpenAPI schema of the real server: requests generated from the
schema, valid and invalid, get no server error, only documented status codes and content
types, and bodies that match their documented schemas.

Bounded in time: a fixed number of examples per operation, derandomized (the same requests on
every run, so the suite stays deterministic).
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 15, schemathesis.GenerationMode.NEGATIVE: 8}


@pytest.fixture(scope="module")
def base(shared_server: str) -> str:
    return shared_server


def test_the_schema_documents_every_route_and_its_errors(base: str) -> None:
    schema = httpx.get(base + "/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/assessments/{assessment_id}/diagram", "/lineage/{entity_id}/diagram",
    }  # fmt: skip
    assert "post" in schema["paths"]["/assessments"]
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"]


def fuzz(operation: Any, mode: schemathesis.GenerationMode, failures: list[str]) -> int:
    """Send ``EXAMPLES[mode]`` generated requests to ``operation``; record failures; how many."""
    sent = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        try:
            case.call_and_validate(checks=CHECKS, timeout=60)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}): {failure}")

    # Unsatisfiable: no such request to make (no invalid one for an operation without parameters)
    with contextlib.suppress(Unsatisfiable):
        run()
    return sent


def test_generated_requests_get_no_server_error(base: str) -> None:
    schema = schemathesis.openapi.from_url(base + "/openapi.json")
    failures: list[str] = []
    sent = {
        found.ok().label: sum(fuzz(found.ok(), mode, failures) for mode in EXAMPLES)
        for found in schema.get_all_operations()
    }
    assert len(sent) >= 15
    assert all(count > 0 for count in sent.values()), sent
    assert not failures, "\n\n".join(failures[:10])
