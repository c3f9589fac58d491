"""Every deal transition, allowed and refused, through the actions on a real database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.market import actions, machine
from innofield.market.models import Deal, Listing

from .conftest import make_deal, make_listing

#: transition → (a state it is allowed from, the state it leads to, who fires it, data)
ALLOWED = {
    "negotiate": ("inquiry", "negotiation", "labber", {}),
    "decline": ("inquiry", "declined", "brokerer", {"note": "not a fit"}),
    "withdraw": ("negotiation", "withdrawn", "firmer", {}),
    "agree": ("negotiation", "agreed", "labber", {"contract_type": "transfer", "price_fen": 500}),
    "reopen": ("agreed", "negotiation", "firmer", {}),
    "sign": ("agreed", "signed", "admin", {}),  # an admin signs for both; see the two-party test
    "register": ("signed", "registered", "brokerer", {"technology_field": "new energy"}),
    "terminate": ("registered", "terminated", "firmer", {"note": "breach"}),
}


@pytest.mark.parametrize("transition", sorted(ALLOWED))
def test_allowed_deal_transition(market: SimpleNamespace, transition: str) -> None:
    start, end, who, data = ALLOWED[transition]
    deal = make_deal(market, start)
    deal = actions.transition_deal(
        actor=getattr(market, who), deal_id=deal.pk, transition=transition, data=data
    )
    assert deal.state == end
    row = AuditLog.objects.filter(action=f"market.deal.{transition}", object_id=str(deal.pk)).get()
    assert row.changes["state"] == [start, end]
    assert row.actor == getattr(market, who)


@pytest.mark.parametrize("transition", [*sorted(ALLOWED), "complete"])
def test_refused_deal_transition_names_state_and_allowed(
    market: SimpleNamespace, transition: str
) -> None:
    deal = make_deal(market, "inquiry")
    if "inquiry" in machine.DEAL and transition in machine.DEAL["inquiry"]:
        deal = make_deal(market, "signed", listing=make_listing(market))
    before = AuditLog.objects.count()
    with pytest.raises(Conflict) as info:
        actions.transition_deal(
            actor=market.admin,
            deal_id=deal.pk,
            transition=transition,
            data={"contract_type": "license", "price_fen": 5},
        )
    text = str(info.value)
    assert f"cannot {transition} a deal in state '{deal.state}'" in text
    assert ", ".join(machine.allowed("deal", deal.state)) in text
    assert Deal.objects.get(pk=deal.pk).state == deal.state
    assert AuditLog.objects.count() == before


def test_complete_allowed_after_all_milestones_paid(market: SimpleNamespace) -> None:
    deal = make_deal(market, "completed")
    assert deal.state == "completed"
    assert Listing.objects.get(pk=deal.listing_id).state == "closed"


def test_complete_refused_while_a_milestone_is_unpaid(market: SimpleNamespace) -> None:
    deal = make_deal(market, "registered")
    actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="first", amount_fen=100)
    with pytest.raises(Conflict, match="neither paid nor cancelled"):
        actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="complete")
    empty = make_deal(market, "registered", listing=make_listing(market))
    with pytest.raises(Conflict, match="no paid milestone"):
        actions.transition_deal(actor=market.labber, deal_id=empty.pk, transition="complete")


def test_inquiry_allowed_and_refused(market: SimpleNamespace) -> None:
    listing = make_listing(market)
    deal = actions.make_inquiry(actor=market.firmer, listing_id=listing.pk, buyer_code="FIRM")
    assert deal.state == "inquiry" and deal.broker == market.broker
    with pytest.raises(Conflict, match="already has an open deal"):
        actions.make_inquiry(actor=market.firmer, listing_id=listing.pk, buyer_code="FIRM")
    with pytest.raises(PermissionDenied, match="co-owns"):
        actions.make_inquiry(actor=market.unier, listing_id=listing.pk, buyer_code="UNI")
    with pytest.raises(PermissionDenied, match="not a member of organization FIRM"):
        actions.make_inquiry(actor=market.rivaler, listing_id=listing.pk, buyer_code="FIRM")
    draft = make_listing(market, publish=False)
    with pytest.raises(Conflict, match="state 'draft'"):
        actions.make_inquiry(actor=market.firmer, listing_id=draft.pk, buyer_code="FIRM")
    auction = make_listing(market, mode="auction", increment_fen=100)
    with pytest.raises(Conflict, match="place a bid"):
        actions.make_inquiry(actor=market.firmer, listing_id=auction.pk, buyer_code="FIRM")
    with pytest.raises(ValidationFailed, match="broker: .*not a service agency"):
        actions.make_inquiry(
            actor=market.rivaler, listing_id=listing.pk, buyer_code="RIVAL", broker_code="GOV-JS"
        )


def test_parties_may_only_fire_their_own_transitions(market: SimpleNamespace) -> None:
    deal = make_deal(market, "inquiry")
    with pytest.raises(PermissionDenied, match="broker or seller may negotiate"):
        actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="negotiate")
    with pytest.raises(PermissionDenied):
        actions.transition_deal(actor=market.outsider, deal_id=deal.pk, transition="negotiate")
    with pytest.raises(PermissionDenied, match="broker or buyer may withdraw"):
        actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="withdraw")
    actions.transition_deal(actor=market.brokerer, deal_id=deal.pk, transition="negotiate")


def test_signing_needs_a_manager(market: SimpleNamespace) -> None:
    from innofield.registry.models import Membership

    deal = make_deal(market, "agreed")
    Membership.objects.filter(user=market.firmer).update(role="member")
    with pytest.raises(PermissionDenied, match="a manager of the deal's"):
        actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")


def test_agree_validates_terms_and_awards_the_listing(market: SimpleNamespace) -> None:
    deal = make_deal(market, "negotiation")
    for data, field in [
        ({"contract_type": "lease", "price_fen": 5}, "contract_type"),
        ({"contract_type": "license", "price_fen": 0}, "price_fen"),
        ({"contract_type": "consulting", "price_fen": 5}, "contract_type"),
    ]:
        with pytest.raises(ValidationFailed) as info:
            actions.transition_deal(
                actor=market.labber, deal_id=deal.pk, transition="agree", data=data
            )
        assert info.value.errors[0].field == field
    actions.transition_deal(
        actor=market.labber,
        deal_id=deal.pk,
        transition="agree",
        data={"contract_type": "license", "price_fen": 5},
    )
    assert Listing.objects.get(pk=deal.listing_id).state == "awarded"
    other = actions.make_inquiry  # a second buyer cannot even inquire once awarded
    with pytest.raises(Conflict, match="state 'awarded'"):
        other(actor=market.rivaler, listing_id=deal.listing_id, buyer_code="RIVAL")


def test_falling_through_releases_the_listing(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="withdraw")
    assert Listing.objects.get(pk=deal.listing_id).state == "open"
    signed = make_deal(market, "signed", listing=make_listing(market))
    actions.transition_deal(actor=market.labber, deal_id=signed.pk, transition="terminate")
    assert Listing.objects.get(pk=signed.listing_id).state == "open"


def test_register_needs_a_technology_field(market: SimpleNamespace) -> None:
    listing = make_listing(market)
    Listing.objects.filter(pk=listing.pk).update(technology_field="")
    deal = make_deal(market, "signed", listing=listing)
    Deal.objects.filter(pk=deal.pk).update(technology_field="")
    with pytest.raises(ValidationFailed, match="technology_field"):
        actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="register")
    deal = actions.transition_deal(
        actor=market.labber,
        deal_id=deal.pk,
        transition="register",
        data={"technology_field": "advanced materials"},
    )
    assert deal.registration_no.startswith("REG-") and deal.contract_no.startswith("TC-")


def test_unknown_transition_and_missing_deal(market: SimpleNamespace) -> None:
    from innofield.core.errors import NotFound

    with pytest.raises(ValidationFailed, match="unknown deal transition"):
        actions.transition_deal(actor=market.admin, deal_id=1, transition="pay")
    with pytest.raises(NotFound):
        actions.transition_deal(actor=market.admin, deal_id=99999, transition="sign")


def test_seller_or_buyer_names_a_broker(market: SimpleNamespace, api: object) -> None:
    listing = make_listing(market, broker=None)
    deal = actions.make_inquiry(actor=market.firmer, listing_id=listing.pk, buyer_code="FIRM")
    assert deal.broker is None
    with pytest.raises(PermissionDenied):
        actions.transition_deal(actor=market.brokerer, deal_id=deal.pk, transition="negotiate")
    with pytest.raises(PermissionDenied, match="seller or buyer"):
        actions.name_broker(actor=market.brokerer, deal_id=deal.pk, broker_code="TTC-JS")
    with pytest.raises(ValidationFailed, match="not a service agency"):
        actions.name_broker(actor=market.firmer, deal_id=deal.pk, broker_code="LAB")
    response = api(market.firmer).post(f"/api/market/deals/{deal.pk}/broker", {"broker": "TTC-JS"})
    assert response.status_code == 200 and response.json()["broker"] == "TTC-JS"
    deal = actions.transition_deal(actor=market.brokerer, deal_id=deal.pk, transition="negotiate")
    assert deal.state == "negotiation"
    actions.transition_deal(actor=market.brokerer, deal_id=deal.pk, transition="decline")
    with pytest.raises(Conflict, match="can no longer change"):
        actions.name_broker(actor=market.labber, deal_id=deal.pk, broker_code=None)


def test_both_parties_must_sign(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    with pytest.raises(PermissionDenied, match="buyer or seller may sign"):
        actions.transition_deal(actor=market.brokerer, deal_id=deal.pk, transition="sign")
    deal = actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")
    assert deal.state == "agreed" and deal.buyer_signed_at and deal.seller_signed_at is None
    with pytest.raises(Conflict, match="the buyer already signed deal .*; waiting for the seller"):
        actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")
    row = AuditLog.objects.filter(action="market.deal.sign", object_id=str(deal.pk)).get()
    assert row.changes["signed_by"] == ["buyer"] and row.changes["waiting_for"] == "seller"
    # reopening the terms voids the signatures given so far
    deal = actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="reopen")
    assert deal.buyer_signed_at is None
    actions.transition_deal(
        actor=market.labber,
        deal_id=deal.pk,
        transition="agree",
        data={"contract_type": "license", "price_fen": 900_000},
    )
    actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="sign")
    deal = actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")
    assert deal.state == "signed" and deal.contract_no and deal.signed_at >= deal.seller_signed_at
