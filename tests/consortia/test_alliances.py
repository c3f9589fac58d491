"""Alliances of organisations: founding, membership by application and approval, fees on
the ledger, and pooled instruments booked at the member tier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from innofield.consortia import actions
from innofield.consortia.models import AllianceMembership
from innofield.core.errors import NotFound, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger

from .conftest import balance, fund

YEAR = timezone.localdate().year


def _field(exc: Any) -> str:
    return exc.value.errors[0].field


def test_found_opens_the_fund_and_makes_the_lead_a_member(world: Any, alliance: Any) -> None:
    assert alliance.account_code == "consortia:alliance:YRD-IC"
    lead = AllianceMembership.objects.get(alliance=alliance)
    assert (lead.organization, lead.role, lead.state) == (world.lab, "lead", "member")
    assert AuditLog.objects.filter(action="consortia.alliance.found").count() == 1
    with pytest.raises(ValidationFailed) as exc:
        actions.create_alliance(
            actor=world.labber, code="X", name_zh="x", lead=world.lab, fees={"observer": 1}
        )
    assert _field(exc) == "fees.observer"
    with pytest.raises(PermissionDenied):
        actions.create_alliance(actor=world.firmer, code="Y", name_zh="y", lead=world.lab)


def test_membership_rule_allowed_and_refused(world: Any, alliance: Any) -> None:
    m = actions.apply(
        actor=world.firmer, alliance_code="YRD-IC", organization=world.firm, role="core"
    )
    assert m.state == "applied"
    with pytest.raises(ValidationFailed) as exc:  # one live application per organisation
        actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    assert _field(exc) == "organization"
    with pytest.raises(ValidationFailed) as exc:
        actions.apply(
            actor=world.firmer, alliance_code="YRD-IC", organization=world.firm, role="lead"
        )
    assert _field(exc) == "role"
    with pytest.raises(PermissionDenied):  # a plain member may not apply for RIVAL
        actions.apply(actor=world.rivaler, alliance_code="YRD-IC", organization=world.rival)
    with pytest.raises(PermissionDenied):  # only the lead decides
        actions.transition_membership(actor=world.firmer, membership_id=m.pk, move="approve")
    m = actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    assert (m.state, m.role) == ("member", "core")
    lead = AllianceMembership.objects.get(alliance=alliance, role="lead")
    with pytest.raises(ValidationFailed) as exc:
        actions.transition_membership(actor=world.labber, membership_id=lead.pk, move="withdraw")
    assert _field(exc) == "role"
    m = actions.transition_membership(actor=world.firmer, membership_id=m.pk, move="withdraw")
    assert m.state == "withdrawn"
    again = actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    assert again.state == "applied"  # after withdrawal one may apply anew
    with pytest.raises(NotFound):
        actions.apply(actor=world.firmer, alliance_code="NOPE", organization=world.firm)


def test_fee_paid_on_the_ledger_allowed_and_refused(world: Any, alliance: Any) -> None:
    m = actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    fund(world, world.firm, 1_000_000)
    with pytest.raises(ValidationFailed) as exc:  # not a member yet
        actions.pay_fee(actor=world.firmer, membership_id=m.pk, year=YEAR)
    assert _field(exc) == "membership"
    actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    fee = actions.pay_fee(actor=world.firmer, membership_id=m.pk, year=YEAR)
    assert fee.amount_fen == 200_000 and fee.transfer_key == f"consortia:fee:{m.pk}:{YEAR}"
    assert balance("consortia:alliance:YRD-IC") == 200_000
    assert balance("ORG-FIRM") == 800_000
    with pytest.raises(ValidationFailed) as exc:
        actions.pay_fee(actor=world.firmer, membership_id=m.pk, year=YEAR)
    assert _field(exc) == "year"
    with pytest.raises(PermissionDenied):  # the lead cannot take the member's money
        actions.pay_fee(actor=world.labber, membership_id=m.pk, year=YEAR - 1)
    assert ledger.check_invariants() == []


def test_observer_pays_no_fee_and_gets_no_member_terms(world: Any, alliance: Any) -> None:
    m = actions.apply(
        actor=world.firmer, alliance_code="YRD-IC", organization=world.firm, role="observer"
    )
    actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    fund(world, world.firm, 1_000_000)
    with pytest.raises(ValidationFailed) as exc:
        actions.pay_fee(actor=world.firmer, membership_id=m.pk, year=YEAR)
    assert _field(exc) == "role"


def _instrument(world: Any) -> Any:
    from innofield.booking import facility_actions
    from innofield.catalog.models import Item

    inst = Item.objects.create(
        kind="instrument", title="Wafer prober", owner=world.lab, region=world.nj, price_fen=30_000
    )
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={
            "price_internal_fen": 10_000,
            "price_academic_fen": 20_000,
            "price_industry_fen": 30_000,
            "min_notice_minutes": 0,
        },
    )
    return inst


def _quote(world: Any, user: Any, org: str, inst: Any) -> dict[str, Any]:
    from innofield.booking import queries

    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    return queries.quote(
        user, inst.pk, start=start, end=start + dt.timedelta(hours=2), organization=org
    )


def test_pooled_instrument_books_at_the_member_tier(world: Any, alliance: Any) -> None:
    inst = _instrument(world)
    with pytest.raises(ValidationFailed) as exc:  # an instrument names its member price
        actions.pool(actor=world.labber, alliance_code="YRD-IC", item_id=inst.pk)
    assert _field(exc) == "member_price_fen"
    entry = actions.pool(
        actor=world.labber,
        alliance_code="YRD-IC",
        item_id=inst.pk,
        member_price_fen=15_000,
        terms="members first on Fridays",
    )
    assert entry.active
    assert _quote(world, world.firmer, "FIRM", inst)["tier"] != "member"  # not a member yet
    m = actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    q = _quote(world, world.firmer, "FIRM", inst)
    assert (q["tier"], q["price_per_hour_fen"], q["amount_fen"]) == ("member", 15_000, 30_000)
    rival = _quote(world, world.rivaler, "RIVAL", inst)  # not a member: its usual tier
    assert rival["tier"] == "industry" and rival["price_per_hour_fen"] == 30_000
    actions.unpool(actor=world.labber, entry_id=entry.pk)
    assert _quote(world, world.firmer, "FIRM", inst)["tier"] == "industry"


def test_pool_refusals_name_the_field(world: Any, alliance: Any) -> None:
    from innofield.catalog.models import Item

    tech = Item.objects.create(kind="technology", title="x", owner=world.lab, region=world.nj)
    with pytest.raises(ValidationFailed) as exc:
        actions.pool(actor=world.labber, alliance_code="YRD-IC", item_id=tech.pk)
    assert _field(exc) == "item"
    data = Item.objects.create(
        kind="dataset", title="wafer yields", owner=world.firm, region=world.zj
    )
    with pytest.raises(ValidationFailed) as exc:  # FIRM is no member
        actions.pool(actor=world.firmer, alliance_code="YRD-IC", item_id=data.pk)
    assert _field(exc) == "membership"
    with pytest.raises(PermissionDenied):  # not the owner's manager
        actions.pool(actor=world.labber, alliance_code="YRD-IC", item_id=data.pk)
    m = actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    assert actions.pool(actor=world.firmer, alliance_code="YRD-IC", item_id=data.pk).active


def test_api_alliance_flow(world: Any, api: Any, alliance: Any) -> None:
    r = api().get("/api/org-alliances")
    assert r.status_code == 200 and r.json()["items"][0]["code"] == "YRD-IC"
    r = api(world.firmer).post(
        "/api/org-alliances/YRD-IC/apply", {"organization": "FIRM", "role": "boss"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "role"
    r = api(world.firmer).post("/api/org-alliances/YRD-IC/apply", {"organization": "FIRM"})
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    r = api(world.labber).post(f"/api/alliance-memberships/{mid}/approve", {"role": "core"})
    assert r.status_code == 200 and r.json()["role"] == "core"
    fund(world, world.firm, 600_000)
    r = api(world.firmer).post(f"/api/alliance-memberships/{mid}/fees", {"year": YEAR})
    assert r.status_code == 201 and r.json()["amount_fen"] == 500_000
    r = api().get("/api/org-alliances/YRD-IC")
    assert r.json()["fees_paid_fen"] == 500_000
    assert {m["organization"] for m in r.json()["members"]} == {"LAB", "FIRM"}
    assert ledger.check_invariants() == []


def test_applications_are_shown_to_the_lead_and_applicant_only(
    world: SimpleNamespace, api: Any, alliance: Any
) -> None:
    actions.apply(actor=world.firmer, alliance_code="YRD-IC", organization=world.firm)
    assert len(api().get("/api/org-alliances/YRD-IC").json()["members"]) == 1
    assert len(api(world.labber).get("/api/org-alliances/YRD-IC").json()["members"]) == 2
    assert len(api(world.firmer).get("/api/org-alliances/YRD-IC").json()["members"]) == 2


def test_member_tier_in_the_pure_pricing() -> None:
    from innofield.booking.pricing import Party, Prices, tier

    lab, firm = Party(1, "state_key_lab", "320000"), Party(2, "sme", "330000")
    priced = Prices(Decimal(1), Decimal(2), Decimal(3), Decimal(4), member=Decimal(1.5))
    unpriced = Prices(Decimal(1), Decimal(2), Decimal(3), Decimal(4))
    assert tier(firm, lab, priced, fellow_member=True) == "member"
    assert tier(firm, lab, priced) == "cross_region"  # not a fellow member
    assert tier(firm, lab, unpriced, fellow_member=True) == "cross_region"  # not priced
    assert tier(lab, lab, priced, fellow_member=True) == "internal"  # own instrument first
