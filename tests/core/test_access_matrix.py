"""The authorisation matrix: every API operation as every persona, against the table of
who may call it (``innofield.<app>.access.ACCESS``, see :mod:`innofield.core.access`).

For each operation a scenario (``tests/core/access_scenarios*.py``) builds a fresh object
owned by the row's owner organisation and a valid request; then each persona calls it:

* a persona the row does not allow gets 401 (anonymous; 404 on reads of objects it cannot
  see) or 403/404 (anyone else; a row
  may name another refusal, e.g. an import refused row by row with 422);
* an allowed persona gets past authorisation: any answer but 401/403, and no 5xx.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from tests.conftest import PASSWORD
from tests.core import (  # noqa: F401 - registers the scenarios
    access_scenarios,
    access_scenarios_challenges,
    access_scenarios_computing,
    access_scenarios_consortia,
    access_scenarios_data,
    access_scenarios_international,
    access_scenarios_jobs,
    access_scenarios_money,
    access_scenarios_policies,
    access_scenarios_talent,
    access_scenarios_xborder,
)
from tests.core.access_cases import SCENARIOS, Cases

from innofield.core.access import PERSONAS, Access, table
from innofield.core.tokens import issue_token


def operations() -> list[str]:
    """Every operation of the OpenAPI document as ``"METHOD /api/path"``."""
    from innofield.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted(f"{m.upper()} {p}" for p, ops in paths.items() for m in ops)


def access_table() -> dict[str, Access]:
    """The declared rows of every installed innofield app."""
    labels = [a.label for a in apps.get_app_configs() if a.name.startswith("innofield.")]
    return table(labels)


def test_every_operation_has_a_row_and_a_scenario() -> None:
    ops, rows = set(operations()), access_table()
    assert not ops - set(rows), f"operations without an access row: {sorted(ops - set(rows))}"
    assert not set(rows) - ops, f"rows for no operation: {sorted(set(rows) - ops)}"
    missing = ops - set(SCENARIOS)
    assert not missing, f"operations without a matrix scenario: {sorted(missing)}"


def call(op: str, user: Any, params: dict[str, Any], body: Any) -> Any:
    """Send one request of ``op`` as ``user`` (``None``: anonymous)."""
    method, path = op.split(" ", 1)
    query = {k[1:]: v for k, v in params.items() if k.startswith("?")}
    for key, value in params.items():
        path = path.replace("{" + key + "}", str(value))
    headers = {}
    if user is not None:
        headers["Authorization"] = "Bearer " + issue_token(
            username=user.username, password=PASSWORD
        )
    client = Client()
    if method == "GET":
        return client.get(path, query, headers=headers)
    if isinstance(body, dict) and "__file__" in body:
        from django.core.files.uploadedfile import SimpleUploadedFile

        name, content = body["__file__"]
        return client.post(path, {"file": SimpleUploadedFile(name, content)}, headers=headers)
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method.lower())(
        path, data, content_type="application/json", headers=headers
    )


OBSERVE = os.environ.get("INNOFIELD_ACCESS_OBSERVE") == "1"


@pytest.mark.parametrize("op", operations())
def test_operation_as_every_persona(world: Any, op: str, settings: Any) -> None:
    settings.INNOFIELD_LOGIN_LIMITS = (10_000, 10_000, 1, 10_000)
    row = access_table()[op]
    cases = Cases(world)
    outcomes = {}
    for persona in PERSONAS:
        if persona == "officer" and row.owner not in ("gov", "bank"):
            continue  # an officer is a government (or bank) role
        user = cases.user(row.owner, persona)
        params, body = SCENARIOS[op](cases)
        response = call(op, user, params, body)
        outcomes[persona] = response.status_code
        if OBSERVE:
            continue
        detail = response.content[:300]
        assert response.status_code < 500, f"{op} as {persona}: {detail!r}"
        if persona in row.allowed:
            assert response.status_code not in (401, 403), f"{op} as {persona}: {detail!r}"
        elif persona == "anonymous":
            # A read of a private object is 404 (it is invisible), a write 401.
            expected = (401, 404) if op.startswith("GET ") else (401,)
            assert response.status_code in expected, f"{op} as anonymous: {detail!r}"
        else:
            assert response.status_code in row.refused, f"{op} as {persona}: {detail!r}"
    if OBSERVE:
        print(f"\nOBSERVED {op} owner={row.owner or '-'} {outcomes}")
