"""Listing, objection and bidding transitions, allowed and refused, on a real database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.market import actions
from innofield.market.models import Deal, Listing, ListingOwner

from .conftest import end_notice, make_deal, make_listing, sign_both


def test_create_listing_with_co_owners(market: SimpleNamespace) -> None:
    listing = make_listing(market, publish=False)
    assert listing.state == "draft" and listing.seller == market.lab
    owners = list(
        ListingOwner.objects.filter(listing=listing).values_list("organization__code", "share")
    )
    assert [(c, str(s)) for c, s in owners] == [("LAB", "0.600000"), ("UNI", "0.400000")]
    assert listing.technology_field == "H01M"
    assert AuditLog.objects.filter(
        action="market.listing.create", object_id=str(listing.pk)
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {
                "owners": [
                    {"organization": "LAB", "share": "0.6"},
                    {"organization": "UNI", "share": "0.3"},
                ]
            },
            "owners.share",
        ),
        ({"owners": [{"organization": "UNI", "share": "1"}]}, "owners"),
        ({"owners": [{"organization": "NOPE", "share": "1"}]}, "owners"),
        (
            {
                "owners": [
                    {"organization": "LAB", "share": "0.5"},
                    {"organization": "UNI", "share": "0.5"},
                ]
            },
            "owners",
        ),
        ({"broker": "FIRM"}, "broker"),
        ({"mode": "barter"}, "mode"),
        ({"mode": "listing"}, "asking_price_fen"),
        ({"mode": "listing", "asking_price_fen": 10, "notice_days": 0}, "notice_days"),
        ({"mode": "auction", "increment_fen": 0}, "increment_fen"),
        ({"mode": "auction", "auction_kind": "dutch"}, "auction_kind"),
        ({"contract_types": ["lease"]}, "contract_types"),
        ({"item": 999999}, "item"),
        ({"item": "x"}, "item"),
    ],
)
def test_create_listing_refuses_bad_input_naming_the_field(
    market: SimpleNamespace, data: dict, field: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_listing(market, publish=False, **data)
    assert field in [e.field for e in info.value.errors]
    assert not Listing.objects.exists() and not ListingOwner.objects.exists()


def test_only_technology_items_of_a_co_owner_and_only_their_members(
    market: SimpleNamespace,
) -> None:
    with pytest.raises(ValidationFailed, match="only technology items"):
        make_listing(market, publish=False, item=market.instrument.pk)
    with pytest.raises(PermissionDenied):
        actions.create_listing(actor=market.firmer, data={"item": market.item.pk})


def test_publish_allowed_then_refused(market: SimpleNamespace) -> None:
    listing = make_listing(market, publish=False, mode="listing", asking_price_fen=100_000)
    listing = actions.publish_listing(actor=market.brokerer, listing_id=listing.pk)
    assert listing.state == "open"
    assert listing.notice_ends_at - listing.notice_starts_at == dt.timedelta(days=15)
    with pytest.raises(Conflict, match="cannot publish a listing in state 'open'"):
        actions.publish_listing(actor=market.labber, listing_id=listing.pk)
    with pytest.raises(PermissionDenied):
        actions.withdraw_listing(actor=market.firmer, listing_id=listing.pk)


def test_withdraw_allowed_and_refused_once_awarded(market: SimpleNamespace) -> None:
    listing = actions.withdraw_listing(actor=market.labber, listing_id=make_listing(market).pk)
    assert listing.state == "withdrawn"
    deal = make_deal(market, "agreed")
    with pytest.raises(Conflict, match="allowed transitions from 'awarded': release, close"):
        actions.withdraw_listing(actor=market.labber, listing_id=deal.listing_id)


def test_signing_waits_for_the_notice_period(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    deal = make_deal(market, "agreed", listing=listing)
    with pytest.raises(Conflict, match="cannot be signed before it ends"):
        actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")
    end_notice(listing)
    assert sign_both(market, deal).state == "signed"


def test_listed_price_is_a_floor(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=2_000_000)
    with pytest.raises(ValidationFailed, match="below the listed price"):
        make_deal(market, "agreed", listing=listing)


def test_objections_block_signing_until_dismissed(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    objection = actions.raise_objection(
        actor=market.rivaler,
        listing_id=listing.pk,
        reason="we co-invented this",
        organization_code="RIVAL",
    )
    assert objection.state == "open"
    deal = make_deal(market, "agreed", listing=listing)
    end_notice(listing)
    with pytest.raises(Conflict, match="1 open objection"):
        actions.transition_deal(actor=market.firmer, deal_id=deal.pk, transition="sign")
    with pytest.raises(PermissionDenied, match="broker or a platform admin"):
        actions.resolve_objection(
            actor=market.labber, objection_id=objection.pk, outcome="dismiss", resolution="no"
        )
    with pytest.raises(ValidationFailed, match="resolution"):
        actions.resolve_objection(
            actor=market.brokerer, objection_id=objection.pk, outcome="dismiss", resolution=" "
        )
    actions.resolve_objection(
        actor=market.brokerer,
        objection_id=objection.pk,
        outcome="dismiss",
        resolution="inventorship records show LAB and UNI only",
    )
    with pytest.raises(Conflict, match="cannot dismiss a objection in state 'dismissed'"):
        actions.resolve_objection(
            actor=market.admin, objection_id=objection.pk, outcome="dismiss", resolution="again"
        )
    assert sign_both(market, deal).state == "signed"


def test_objection_refused_outside_the_notice_period(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    end_notice(listing)
    with pytest.raises(Conflict, match="only during the public-notice period"):
        actions.raise_objection(actor=market.rivaler, listing_id=listing.pk, reason="late")
    with pytest.raises(ValidationFailed, match="reason"):
        actions.raise_objection(actor=market.rivaler, listing_id=listing.pk, reason="")


def test_upheld_objection_withdraws_the_listing(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    deal = make_deal(market, "negotiation", listing=listing)
    objection = actions.raise_objection(
        actor=market.outsider, listing_id=listing.pk, reason="stolen"
    )
    actions.resolve_objection(
        actor=market.admin, objection_id=objection.pk, outcome="uphold", resolution="confirmed"
    )
    assert Listing.objects.get(pk=listing.pk).state == "withdrawn"
    assert Deal.objects.get(pk=deal.pk).state == "declined"


def _auction(market: SimpleNamespace, **terms: object) -> Listing:
    listing = make_listing(
        market,
        mode="auction",
        **(
            {
                "auction_kind": "ascending",
                "start_fen": 1000,
                "reserve_fen": 1500,
                "increment_fen": 100,
            }
            | terms
        ),
    )
    return actions.open_bidding(actor=market.labber, listing_id=listing.pk)


def test_open_bidding_allowed_and_refused(market: SimpleNamespace) -> None:
    assert _auction(market).state == "bidding"
    with pytest.raises(Conflict, match="only auction and tender"):
        actions.open_bidding(actor=market.labber, listing_id=make_listing(market).pk)
    draft = make_listing(market, publish=False, mode="auction", increment_fen=1)
    with pytest.raises(Conflict, match="cannot open_bidding a listing in state 'draft'"):
        actions.open_bidding(actor=market.labber, listing_id=draft.pk)
    listing = make_listing(market, mode="tender")
    with pytest.raises(ValidationFailed, match="ends_at"):
        actions.open_bidding(
            actor=market.labber,
            listing_id=listing.pk,
            ends_at=timezone.now() - dt.timedelta(hours=1),
        )


def test_ascending_auction_closes_to_the_highest_bid(market: SimpleNamespace) -> None:
    listing = _auction(market)
    actions.place_bid(
        actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=1000
    )
    with pytest.raises(ValidationFailed, match="at least ¥11.00"):
        actions.place_bid(
            actor=market.rivaler, listing_id=listing.pk, bidder_code="RIVAL", amount_fen=1050
        )
    with pytest.raises(Conflict, match="already holds the highest bid"):
        actions.place_bid(
            actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=1200
        )
    with pytest.raises(PermissionDenied, match="co-owner"):
        actions.place_bid(
            actor=market.unier, listing_id=listing.pk, bidder_code="UNI", amount_fen=5000
        )
    actions.place_bid(
        actor=market.rivaler, listing_id=listing.pk, bidder_code="RIVAL", amount_fen=1100
    )
    actions.place_bid(
        actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=1600
    )
    listing = actions.close_bidding(actor=market.brokerer, listing_id=listing.pk)
    assert listing.state == "awarded"
    deal = Deal.objects.get(listing=listing)
    assert (deal.state, deal.buyer.code, deal.price_fen) == ("agreed", "FIRM", 1600)
    with pytest.raises(Conflict, match="not taking bids"):
        actions.place_bid(
            actor=market.rivaler, listing_id=listing.pk, bidder_code="RIVAL", amount_fen=9000
        )
    with pytest.raises(Conflict, match="cannot close_bidding a listing in state 'awarded'"):
        actions.close_bidding(actor=market.labber, listing_id=listing.pk)


def test_auction_below_reserve_is_unsold_then_relisted(market: SimpleNamespace) -> None:
    listing = _auction(market)
    actions.place_bid(
        actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=1000
    )
    listing = actions.close_bidding(actor=market.labber, listing_id=listing.pk)
    assert listing.state == "unsold" and not Deal.objects.exists()
    with pytest.raises(Conflict, match="cannot relist a listing in state 'open'"):
        actions.relist(
            actor=market.labber,
            listing_id=actions.relist(actor=market.labber, listing_id=listing.pk).pk,
        )


def test_sealed_ties_go_to_the_earliest_bid(market: SimpleNamespace) -> None:
    listing = _auction(market, auction_kind="sealed", start_fen=0, reserve_fen=0, increment_fen=0)
    actions.place_bid(
        actor=market.rivaler, listing_id=listing.pk, bidder_code="RIVAL", amount_fen=2000
    )
    actions.place_bid(
        actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=2000
    )
    with pytest.raises(Conflict, match="already submitted"):
        actions.place_bid(
            actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=3000
        )
    actions.close_bidding(actor=market.labber, listing_id=listing.pk)
    assert Deal.objects.get(listing=listing).buyer == market.rival


def test_bidding_deadline_is_enforced(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="auction", increment_fen=10)
    listing = actions.open_bidding(
        actor=market.labber, listing_id=listing.pk, ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    with pytest.raises(Conflict, match="cannot close earlier"):
        actions.close_bidding(actor=market.labber, listing_id=listing.pk)
    Listing.objects.filter(pk=listing.pk).update(
        bidding_ends_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(Conflict, match="ended at"):
        actions.place_bid(
            actor=market.firmer, listing_id=listing.pk, bidder_code="FIRM", amount_fen=10
        )


def test_tender_is_awarded_with_a_reason(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="tender")
    actions.open_bidding(actor=market.labber, listing_id=listing.pk)
    cheap = actions.place_bid(
        actor=market.firmer,
        listing_id=listing.pk,
        bidder_code="FIRM",
        amount_fen=1000,
        proposal="pilot line in Zhejiang",
    )
    actions.place_bid(
        actor=market.rivaler, listing_id=listing.pk, bidder_code="RIVAL", amount_fen=5000
    )
    with pytest.raises(ValidationFailed, match="winner_bid_id"):
        actions.close_bidding(actor=market.labber, listing_id=listing.pk)
    with pytest.raises(ValidationFailed, match="reason"):
        actions.close_bidding(actor=market.labber, listing_id=listing.pk, winner_bid_id=cheap.pk)
    actions.close_bidding(
        actor=market.labber,
        listing_id=listing.pk,
        winner_bid_id=cheap.pk,
        reason="best industrialisation plan",
    )
    deal = Deal.objects.get(listing=listing)
    assert deal.buyer == market.firm and deal.winning_bid == cheap
    with pytest.raises(ValidationFailed, match="winning bid"):
        actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="reopen")
        actions.transition_deal(
            actor=market.labber,
            deal_id=deal.pk,
            transition="agree",
            data={"contract_type": "transfer", "price_fen": 1},
        )


def test_upholding_an_objection_on_an_awarded_listing_declines_the_deal(
    market: SimpleNamespace,
) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    objection = actions.raise_objection(actor=market.rivaler, listing_id=listing.pk, reason="ours")
    deal = make_deal(market, "agreed", listing=listing)
    assert Listing.objects.get(pk=listing.pk).state == "awarded"
    actions.resolve_objection(
        actor=market.brokerer,
        objection_id=objection.pk,
        outcome="uphold",
        resolution="the invention belongs to RIVAL",
    )
    assert Listing.objects.get(pk=listing.pk).state == "withdrawn"
    assert Deal.objects.get(pk=deal.pk).state == "declined"
    steps = list(
        AuditLog.objects.filter(object_type="market.listing", object_id=str(listing.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps[-2:] == ["market.listing.release", "market.listing.withdraw"]


def test_uphold_refused_once_a_contract_is_signed(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=1_000)
    objection = actions.raise_objection(actor=market.rivaler, listing_id=listing.pk, reason="ours")
    deal = make_deal(market, "agreed", listing=listing)
    actions.resolve_objection(
        actor=market.admin, objection_id=objection.pk, outcome="dismiss", resolution="no"
    )
    end_notice(listing)
    sign_both(market, deal)
    from innofield.market.models import Objection

    # unreachable through the actions (signing needs the notice over and no open objection);
    # written directly to check the guard that protects signed contracts
    stale = Objection.objects.create(listing=listing, reason="filed on paper", state="open")
    with pytest.raises(Conflict, match="signed contract exists"):
        actions.resolve_objection(
            actor=market.admin, objection_id=stale.pk, outcome="uphold", resolution="yes"
        )
    assert Objection.objects.get(pk=stale.pk).state == "open"


def test_withdraw_during_bidding_and_decline_after_agreement(market: SimpleNamespace) -> None:
    listing = _auction(market)
    assert actions.withdraw_listing(actor=market.labber, listing_id=listing.pk).state == "withdrawn"
    deal = make_deal(market, "agreed")
    deal = actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="decline")
    assert deal.state == "declined"
    assert Listing.objects.get(pk=deal.listing_id).state == "open"
