"""Joint R&D projects: budgets, funding into escrow, milestones accepted and paid to the
partners by budget share, the IP agreement, and results sold on the market by IP share."""

from __future__ import annotations

from typing import Any

import pytest

from innofield.consortia import projects
from innofield.consortia.models import Funding
from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger

from .conftest import balance, fund, start_project


def _field(exc: Any) -> str:
    return exc.value.errors[0].field


def test_budget_rule_allowed_and_refused(world: Any) -> None:
    projects.create_project(
        actor=world.labber, code="B-1", title="x", lead=world.lab, budget_fen=1_000
    )
    projects.set_partner(actor=world.labber, code="B-1", organization=world.firm, budget_fen=700)
    projects.set_partner(actor=world.labber, code="B-1", organization=world.lab, budget_fen=300)
    with pytest.raises(ValidationFailed) as exc:  # 1,001 > 1,000
        projects.set_partner(actor=world.labber, code="B-1", organization=world.rival, budget_fen=1)
    assert _field(exc) == "budget_fen"
    projects.set_partner(actor=world.labber, code="B-1", organization=world.firm, budget_fen=600)
    projects.set_partner(actor=world.labber, code="B-1", organization=world.rival, budget_fen=100)
    with pytest.raises(PermissionDenied):
        projects.set_partner(actor=world.firmer, code="B-1", organization=world.firm, budget_fen=1)


def test_milestone_payment_within_the_remaining_budget(world: Any) -> None:
    start_project(world)  # partners' budgets: 400,000 + 600,000
    projects.plan_milestone(actor=world.labber, code="JP-1", title="design", amount_fen=300_000)
    with pytest.raises(ValidationFailed) as exc:  # 700,001 > 700,000 left
        projects.plan_milestone(actor=world.labber, code="JP-1", title="x", amount_fen=700_001)
    assert _field(exc) == "amount_fen"
    ms = projects.plan_milestone(
        actor=world.labber, code="JP-1", title="prototype", amount_fen=700_000
    )
    projects.transition_milestone(actor=world.labber, milestone_id=ms.pk, move="drop")
    assert (
        projects.plan_milestone(
            actor=world.labber, code="JP-1", title="prototype", amount_fen=700_000
        ).seq
        == 3
    )


def test_ip_share_rule_allowed_and_refused(world: Any) -> None:
    projects.create_project(
        actor=world.labber, code="IP-1", title="x", lead=world.lab, budget_fen=1_000
    )
    projects.set_partner(actor=world.labber, code="IP-1", organization=world.firm, budget_fen=10)
    cases = [
        ({"LAB": "50", "FIRM": "40"}, "shares"),  # sums to 90
        ({"LAB": "100", "FIRM": "0"}, "shares.FIRM"),  # a partner with no share
        ({"LAB": "110", "FIRM": "-10"}, "shares.LAB"),
        ({"LAB": "100"}, "shares.FIRM"),  # every partner has one
        ({"LAB": "50", "FIRM": "50", "RIVAL": "0.1"}, "shares.RIVAL"),  # not a partner
        ({"LAB": "50", "FIRM": "fifty"}, "shares.FIRM"),
    ]
    for shares, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            projects.set_ip_agreement(actor=world.labber, code="IP-1", shares=shares)
        assert _field(exc) == field, shares
    with pytest.raises(ValidationFailed) as exc:
        projects.set_ip_agreement(
            actor=world.labber,
            code="IP-1",
            shares={"LAB": "30", "FIRM": "70"},
            background=[{"organization": "RIVAL", "title": "x"}],
        )
    assert _field(exc) == "background.0.organization"
    ip = projects.set_ip_agreement(
        actor=world.labber, code="IP-1", shares={"LAB": "33.3333", "FIRM": "66.6667"}
    )
    assert ip.agreed_at is not None
    assert AuditLog.objects.filter(action="consortia.ip.agree").count() == 1


def test_start_needs_partners_and_an_ip_agreement(world: Any) -> None:
    projects.create_project(
        actor=world.labber, code="S-1", title="x", lead=world.lab, budget_fen=1_000
    )
    with pytest.raises(Conflict, match="at least one partner"):
        projects.transition_project(actor=world.labber, code="S-1", move="start")
    projects.set_partner(actor=world.labber, code="S-1", organization=world.firm, budget_fen=10)
    with pytest.raises(Conflict, match="IP agreement"):
        projects.transition_project(actor=world.labber, code="S-1", move="start")
    projects.set_ip_agreement(actor=world.labber, code="S-1", shares={"LAB": "50", "FIRM": "50"})
    projects.set_partner(actor=world.labber, code="S-1", organization=world.rival, budget_fen=10)
    with pytest.raises(Conflict, match="IP agreement"):  # the new partner has no share yet
        projects.transition_project(actor=world.labber, code="S-1", move="start")
    projects.set_ip_agreement(
        actor=world.labber, code="S-1", shares={"LAB": "50", "FIRM": "30", "RIVAL": "20"}
    )
    assert projects.transition_project(actor=world.labber, code="S-1", move="start").state == (
        "active"
    )


def test_project_funded_by_milestone_end_to_end(world: Any) -> None:
    start_project(world)
    fund(world, world.gov, 2_000_000)
    with pytest.raises(ValidationFailed) as exc:  # beyond the budget
        projects.fund(actor=world.officer, code="JP-1", funder=world.gov, amount_fen=1_000_001)
    assert _field(exc) == "amount_fen"
    with pytest.raises(PermissionDenied):  # the lead cannot pay with the bureau's money
        projects.fund(actor=world.labber, code="JP-1", funder=world.gov, amount_fen=1)
    projects.fund(
        actor=world.officer, code="JP-1", funder=world.gov, amount_fen=500_000, programme="S&T plan"
    )
    escrow = "consortia:project:" + str(Funding.objects.get().project_id)
    assert balance(escrow) == 500_000 and balance("ORG-GOV-JS") == 1_500_000
    ms = projects.plan_milestone(
        actor=world.labber,
        code="JP-1",
        title="prototype module",
        amount_fen=300_001,
        deliverables=["test report", "prototype"],
    )
    with pytest.raises(ValidationFailed) as exc:
        projects.transition_milestone(actor=world.firmer, milestone_id=ms.pk, move="submit")
    assert _field(exc) == "evidence"
    with pytest.raises(PermissionDenied):  # not a partner
        projects.transition_milestone(
            actor=world.rivaler, milestone_id=ms.pk, move="submit", evidence="x"
        )
    projects.transition_milestone(
        actor=world.firmer, milestone_id=ms.pk, move="submit", evidence="report R-7, photos"
    )
    with pytest.raises(PermissionDenied):  # a partner does not accept its own work
        projects.transition_milestone(actor=world.firmer, milestone_id=ms.pk, move="accept")
    with pytest.raises(ValidationFailed) as exc:
        projects.transition_milestone(actor=world.officer, milestone_id=ms.pk, move="reject")
    assert _field(exc) == "review"
    projects.transition_milestone(
        actor=world.officer, milestone_id=ms.pk, move="reject", review="missing test data"
    )
    projects.transition_milestone(
        actor=world.firmer, milestone_id=ms.pk, move="submit", evidence="report R-8 with data"
    )
    with pytest.raises(Conflict, match="allowed transitions from 'submitted'"):
        projects.transition_milestone(actor=world.officer, milestone_id=ms.pk, move="pay")
    projects.transition_milestone(actor=world.labber, milestone_id=ms.pk, move="accept")
    with pytest.raises(PermissionDenied):  # only a funder releases the money
        projects.transition_milestone(actor=world.labber, milestone_id=ms.pk, move="pay")
    ms = projects.transition_milestone(actor=world.officer, milestone_id=ms.pk, move="pay")
    # by budget share 40/60: 120,000.4 and 180,000.6 floored, the rest fen to the lead
    assert ms.payments == [
        {"organization": "LAB", "amount_fen": 120_001},
        {"organization": "FIRM", "amount_fen": 180_000},
    ]
    assert balance("ORG-LAB") == 120_001 and balance("ORG-FIRM") == 180_000
    assert balance(escrow) == 199_999
    assert ledger.check_invariants() == []
    # a milestone the escrow cannot cover is refused, naming the amount
    big = projects.plan_milestone(
        actor=world.labber, code="JP-1", title="pilot", amount_fen=699_999
    )
    projects.transition_milestone(
        actor=world.firmer, milestone_id=big.pk, move="submit", evidence="e"
    )
    projects.transition_milestone(actor=world.labber, milestone_id=big.pk, move="accept")
    with pytest.raises(ValidationFailed) as exc:
        projects.transition_milestone(actor=world.officer, milestone_id=big.pk, move="pay")
    assert _field(exc) == "amount_fen" and "escrow holds 199999" in exc.value.errors[0].reason
    assert big.__class__.objects.get(pk=big.pk).state == "accepted"  # nothing half written
    projects.fund(actor=world.officer, code="JP-1", funder=world.gov, amount_fen=500_000)
    projects.transition_milestone(actor=world.officer, milestone_id=big.pk, move="pay")
    assert balance(escrow) == 0
    p = projects.transition_project(actor=world.labber, code="JP-1", move="complete")
    assert p.state == "completed"
    assert balance("ORG-LAB") + balance("ORG-FIRM") == 1_000_000
    assert ledger.check_invariants() == []


def test_cancel_returns_the_rest_to_the_funders(world: Any) -> None:
    start_project(world)
    fund(world, world.gov, 1_000_000)
    fund(world, world.rival, 1_000_000)
    projects.fund(actor=world.officer, code="JP-1", funder=world.gov, amount_fen=300_000)
    from innofield.registry.models import Membership

    Membership.objects.filter(user=world.rivaler).update(role="manager")
    projects.fund(actor=world.rivaler, code="JP-1", funder=world.rival, amount_fen=100_000)
    ms = projects.plan_milestone(actor=world.labber, code="JP-1", title="m", amount_fen=200_000)
    projects.transition_milestone(
        actor=world.firmer, milestone_id=ms.pk, move="submit", evidence="e"
    )
    projects.transition_milestone(actor=world.officer, milestone_id=ms.pk, move="accept")
    projects.transition_milestone(actor=world.rivaler, milestone_id=ms.pk, move="pay")
    projects.plan_milestone(actor=world.labber, code="JP-1", title="m2", amount_fen=100_000)
    with pytest.raises(Conflict, match="paid or dropped"):
        projects.transition_project(actor=world.labber, code="JP-1", move="complete")
    projects.transition_project(actor=world.labber, code="JP-1", move="cancel")
    # 200,000 left, back by what each put in: 3/4 and 1/4
    assert balance("ORG-GOV-JS") == 700_000 + 150_000
    assert balance("ORG-RIVAL") == 900_000 + 50_000
    assert ledger.check_invariants() == []


def test_result_is_co_owned_and_its_sale_pays_by_ip_shares(world: Any) -> None:
    from innofield.catalog.queries import ownership
    from innofield.market import actions as market
    from innofield.market.models import Listing
    from innofield.registry.models import Organization

    p = start_project(world)
    result = projects.register_result(
        actor=world.labber,
        code=p.code,
        title="SiC half-bridge module process",
        ip_status="patent_pending",
        field="power electronics",
    )
    item = result.item
    assert item.owner == world.lab and item.kind == "technology"
    owners = [(c["organization"], c["share"]) for c in item.details["co_owners"]]
    assert owners == [("FIRM", "0.6")]
    assert [(o.code, str(s)) for o, s in ownership(item)] == [("LAB", "0.4"), ("FIRM", "0.6")]
    with pytest.raises(PermissionDenied):
        projects.register_result(actor=world.firmer, code=p.code, title="x")
    Organization.objects.create(
        code="BUYER", name_zh="买方", name_en="Buyer", type="sme", region=world.js
    )
    from django.contrib.auth import get_user_model

    from innofield.registry.models import Membership

    buyer_user = get_user_model().objects.create_user("buyer", password="x")
    buyer = Organization.objects.get(code="BUYER")
    Membership.objects.create(user=buyer_user, organization=buyer, role="manager")
    listing = market.create_listing(
        actor=world.labber,
        data={
            "item": item.pk,
            "mode": "agreement",
            "owners": [
                {"organization": "LAB", "share": "0.4"},
                {"organization": "FIRM", "share": "0.6"},
            ],
        },
    )
    listing = market.publish_listing(actor=world.labber, listing_id=listing.pk)
    deal = market.make_inquiry(
        actor=buyer_user, listing_id=listing.pk, buyer_code="BUYER", message="licence"
    )
    deal = market.transition_deal(actor=world.labber, deal_id=deal.pk, transition="negotiate")
    deal = market.transition_deal(
        actor=world.labber,
        deal_id=deal.pk,
        transition="agree",
        data={"contract_type": "license", "price_fen": 1_000_003},
    )
    import datetime as dt

    from django.utils import timezone

    past = timezone.now() - dt.timedelta(days=1)
    Listing.objects.filter(pk=listing.pk).update(
        notice_starts_at=past - dt.timedelta(days=15), notice_ends_at=past
    )
    market.transition_deal(actor=buyer_user, deal_id=deal.pk, transition="sign")
    market.transition_deal(actor=world.labber, deal_id=deal.pk, transition="sign")
    market.transition_deal(
        actor=world.labber,
        deal_id=deal.pk,
        transition="register",
        data={"technology_field": "power electronics"},
    )
    ms = market.plan_milestone(
        actor=world.labber, deal_id=deal.pk, title="all", amount_fen=1_000_003
    )
    market.transition_milestone(actor=world.labber, milestone_id=ms.pk, transition="fall_due")
    fund(world, buyer, 1_000_003)
    market.transition_milestone(actor=buyer_user, milestone_id=ms.pk, transition="pay")
    # 40 % and 60 % of 1,000,003 fen floored (400,001 and 600,001), the rest fen to the owner
    assert balance("ORG-LAB") == 400_002 and balance("ORG-FIRM") == 600_001
    assert ledger.check_invariants() == []


def test_api_project_flow_and_refusals(world: Any, api: Any) -> None:
    lab = api(world.labber)
    r = lab.post(
        "/api/joint-projects",
        {"code": "API-1", "title": "Joint line", "lead": "LAB", "budget_fen": 100_000},
    )
    assert r.status_code == 201, r.content
    r = lab.post(
        "/api/joint-projects/API-1/partners", {"organization": "FIRM", "budget_fen": 100_001}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "budget_fen"
    r = lab.post(
        "/api/joint-projects/API-1/partners", {"organization": "FIRM", "budget_fen": 60_000}
    )
    assert r.status_code == 200 and r.json()["cross_region"] is True
    r = lab._call(
        "put", "/api/joint-projects/API-1/ip-agreement", {"shares": {"LAB": "50", "FIRM": "49"}}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "shares"
    r = lab._call(
        "put", "/api/joint-projects/API-1/ip-agreement", {"shares": {"LAB": "50", "FIRM": "50"}}
    )
    assert r.status_code == 200
    r = lab.post("/api/joint-projects/API-1/milestones", {"title": "m1", "amount_fen": 60_001})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount_fen"
    r = lab.post("/api/joint-projects/API-1/milestones", {"title": "m1", "amount_fen": 60_000})
    assert r.status_code == 201
    assert api().get("/api/joint-projects/API-1").status_code == 404  # a draft is private
    r = lab.post("/api/joint-projects/API-1/transitions/start")
    assert r.status_code == 200 and r.json()["state"] == "active"
    assert api().get("/api/joint-projects/API-1").status_code == 200
    r = api(world.firmer).post(
        f"/api/project-milestones/{r.json()['milestones'][0]['id']}/submit", {}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "evidence"


def test_collaboration_edges_for_the_network_analysis(world: Any, alliance: Any) -> None:
    from innofield.consortia import actions, queries

    start_project(world)
    projects.create_project(actor=world.labber, code="D-1", title="d", lead=world.lab, budget_fen=9)
    projects.set_partner(actor=world.labber, code="D-1", organization=world.rival, budget_fen=1)
    m = actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    edges = queries.collaboration_edges()
    pair = {"source": "FIRM", "target": "LAB", "weight": 1.0}
    assert {**pair, "kind": "project", "ref": "JP-1"} in edges
    assert {**pair, "kind": "alliance", "ref": "YRD-IC"} in edges
    assert not [e for e in edges if e["ref"] == "D-1"]  # a draft is no collaboration yet
    assert [e for e in queries.collaboration_edges(include_drafts=True) if e["ref"] == "D-1"]
