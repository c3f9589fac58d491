"""Scenarios of the authorisation matrix: alliances of organisations and joint projects.

The lab leads the alliance and the project; the firm applies, pays its fee and partners;
the provincial bureau (GOV-JS) funds the project.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from tests.core.access_cases import Cases, no_body, scenario

Request = tuple[dict[str, Any], Any]

scenario("GET /api/org-alliances", "GET /api/joint-projects")(no_body)


def alliance(c: Cases) -> Any:
    """A fresh alliance led by LAB with a fee for ordinary members."""
    from innofield.consortia import actions

    return actions.create_alliance(
        actor=c.w.labber,
        code=f"AL-{c.n()}",
        name_zh="测试联盟",
        lead=c.w.lab,
        fees={"ordinary": 1_000},
    )


def member(c: Cases, approved: bool = True) -> Any:
    """FIRM's membership of a fresh alliance (approved unless told)."""
    from innofield.consortia import actions

    a = alliance(c)
    m = actions.apply(actor=c.w.firmer, alliance_code=a.code, organization=c.w.firm)
    if approved:
        m = actions.transition_membership(actor=c.w.labber, membership_id=m.pk, move="approve")
    return m


@scenario("POST /api/org-alliances")
def _found(c: Cases) -> Request:
    return {}, {"code": f"NEW-{c.n()}", "name_zh": "新联盟", "lead": "LAB"}


@scenario("GET /api/org-alliances/{code}", "GET /api/org-alliances/{code}/pool")
def _read(c: Cases) -> Request:
    return {"code": alliance(c).code}, None


@scenario("POST /api/org-alliances/{code}/apply")
def _apply(c: Cases) -> Request:
    return {"code": alliance(c).code}, {"organization": "FIRM"}


@scenario("POST /api/org-alliances/{code}/pool")
def _pool(c: Cases) -> Request:
    return {"code": alliance(c).code}, {"item": c.item("dataset").pk, "terms": "members only"}


@scenario("POST /api/alliance-memberships/{membership_id}/fees")
def _fee(c: Cases) -> Request:
    c.account(c.w.firm, funded=10_000)
    return {"membership_id": member(c).pk}, {"year": timezone.localdate().year}


@scenario("POST /api/alliance-memberships/{membership_id}/{transition}")
def _approve(c: Cases) -> Request:
    return {"membership_id": member(c, approved=False).pk, "transition": "approve"}, {}


def project(c: Cases, start: bool = False) -> Any:
    """A fresh project of LAB with FIRM as partner (started with an IP agreement if told)."""
    from innofield.consortia import projects

    code = f"JP-{c.n()}"
    p = projects.create_project(
        actor=c.w.labber, code=code, title="joint work", lead=c.w.lab, budget_fen=100_000
    )
    projects.set_partner(actor=c.w.labber, code=code, organization=c.w.firm, budget_fen=50_000)
    projects.set_partner(actor=c.w.labber, code=code, organization=c.w.lab, budget_fen=50_000)
    projects.set_ip_agreement(actor=c.w.labber, code=code, shares={"LAB": "50", "FIRM": "50"})
    if start:
        projects.transition_project(actor=c.w.labber, code=code, move="start")
    return p


@scenario("POST /api/joint-projects")
def _create(c: Cases) -> Request:
    return {}, {"code": f"NP-{c.n()}", "title": "new", "lead": "LAB", "budget_fen": 1000}


@scenario("GET /api/joint-projects/{code}")
def _get(c: Cases) -> Request:
    return {"code": project(c).code}, None


@scenario("POST /api/joint-projects/{code}/partners")
def _partner(c: Cases) -> Request:
    return {"code": project(c).code}, {"organization": "FIRM", "budget_fen": 40_000}


@scenario("POST /api/joint-projects/{code}/packages")
def _package(c: Cases) -> Request:
    return {"code": project(c).code}, {"code": "WP1", "title": "design", "leader": "FIRM"}


@scenario("POST /api/joint-projects/{code}/milestones")
def _milestone(c: Cases) -> Request:
    return {"code": project(c).code}, {"title": "m", "amount_fen": 10_000}


@scenario("POST /api/joint-projects/{code}/funding")
def _fund(c: Cases) -> Request:
    c.account(c.w.gov, funded=10_000)
    return {"code": project(c).code}, {"funder": "GOV-JS", "amount_fen": 1_000}


@scenario("PUT /api/joint-projects/{code}/ip-agreement")
def _ip(c: Cases) -> Request:
    return {"code": project(c).code}, {"shares": {"LAB": "40", "FIRM": "60"}}


@scenario("POST /api/joint-projects/{code}/results")
def _result(c: Cases) -> Request:
    return {"code": project(c, start=True).code}, {"title": f"result {c.n()}"}


@scenario("POST /api/joint-projects/{code}/transitions/{transition}")
def _start(c: Cases) -> Request:
    return {"code": project(c).code, "transition": "start"}, None


@scenario("POST /api/project-milestones/{milestone_id}/{transition}")
def _accept(c: Cases) -> Request:
    from innofield.consortia import projects

    p = project(c, start=True)
    m = projects.plan_milestone(actor=c.w.labber, code=p.code, title="m", amount_fen=1_000)
    projects.transition_milestone(actor=c.w.firmer, milestone_id=m.pk, move="submit", evidence="e")
    return {"milestone_id": m.pk, "transition": "accept"}, {"review": "fine"}
