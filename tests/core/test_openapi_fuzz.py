"""Fuzz the OpenAPI schema with schemathesis: no input may cause a server error (5xx)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from innofield.wsgi import application


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


EXAMPLES = int(os.environ.get("INNOFIELD_FUZZ_EXAMPLES", "6"))  # more for a deeper run
SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_no_input_causes_a_server_error(world, api, keep_test_connection, operation):
    token = api(world.labber).headers  # writes are fuzzed as a logged-in lab manager

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case):
        case.call_and_validate(headers=token, checks=[not_a_server_error])

    run()
