"""Scenarios of the authorisation matrix: organisations abroad, cooperation bases and
openness from platform records."""

from __future__ import annotations

from typing import Any

from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/cooperation-bases", "GET /api/observatory/openness")(no_body)


@scenario("POST /api/organizations")
def _register(c: Cases) -> Request:
    return {}, {
        "code": f"ABR-{c.n()}",
        "name_zh": "海外研究所",
        "type": "research_institute",
        "country": "DE",
    }


@scenario("POST /api/cooperation-bases")
def _record(c: Cases) -> Request:
    return {}, {
        "code": f"ICB-{c.n()}",
        "name_zh": "联合实验室",
        "kind": "joint_lab",
        "host": "LAB",
        "partner_countries": ["DE"],
        "synthetic": True,
    }


@scenario("GET /api/cooperation-bases/{code}")
def _base(c: Cases) -> Request:
    from innofield.registry.models import CooperationBase

    base = CooperationBase.objects.create(
        code=f"ICB-{c.n()}",
        name_zh="联合研究中心",
        kind="joint_research_centre",
        host=c.w.lab,
        partner_countries=["FR"],
        synthetic=True,
    )
    return {"code": base.code}, None
