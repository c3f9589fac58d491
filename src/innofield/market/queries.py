"""Read-side queries of the market, restricted by the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from innofield.core.errors import NotFound, ValidationFailed
from innofield.core.models import AuditLog
from innofield.core.permissions import Actor, is_platform_admin, organization_ids
from innofield.registry.models import Region

from . import machine
from .models import Bid, Deal, Listing, Milestone, TradeMode
from .parties import visible_deals, visible_listings


def listings(
    actor: Actor,
    *,
    state: str | None = None,
    mode: str | None = None,
    seller: str | None = None,
    text: str | None = None,
) -> QuerySet[Listing]:
    """Listings the actor may see, filtered by state, trade mode, seller code and words."""
    if state and state not in machine.states("listing"):
        raise ValidationFailed.single(
            "state",
            _("must be one of %(values)s")
            % {"values": ", ".join(_(s) for s in machine.states("listing"))},
        )
    if mode and mode not in TradeMode.values:
        raise ValidationFailed.single(
            "mode",
            _("must be one of %(values)s")
            % {"values": ", ".join(str(label) for label in TradeMode.labels)},
        )
    qs = visible_listings(actor)
    if state:
        qs = qs.filter(state=state)
    if mode:
        qs = qs.filter(mode=mode)
    if seller:
        qs = qs.filter(seller__code=seller)
    for word in (text or "").split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return qs


def listing(actor: Actor, listing_id: int) -> Listing:
    """One listing the actor may see, or NotFound."""
    found = visible_listings(actor).filter(pk=listing_id).first()
    if found is None:
        raise NotFound(_("no listing with id %(id)s") % {"id": listing_id})
    return found


def deals(actor: Actor, *, role: str | None = None, state: str | None = None) -> QuerySet[Deal]:
    """Deals the actor takes part in; ``role`` narrows to seller, buyer or broker."""
    qs = visible_deals(actor)
    ids = organization_ids(actor, "view")
    if role == machine.SELLER:
        qs = qs.filter(listing__seller__in=ids)
    elif role == machine.BUYER:
        qs = qs.filter(buyer__in=ids)
    elif role == machine.BROKER:
        qs = qs.filter(Q(broker__in=ids) | Q(listing__broker__in=ids))
    elif role:
        raise ValidationFailed.single("role", _("must be seller, buyer or broker"))
    if state:
        if state not in machine.states("deal"):
            raise ValidationFailed.single(
                "state",
                _("must be one of %(values)s")
                % {"values": ", ".join(_(s) for s in machine.states("deal"))},
            )
        qs = qs.filter(state=state)
    return qs


def deal(actor: Actor, deal_id: int) -> Deal:
    """One deal the actor takes part in, or NotFound."""
    found = visible_deals(actor).filter(pk=deal_id).first()
    if found is None:
        raise NotFound(_("no deal with id %(id)s") % {"id": deal_id})
    return found


def bids(actor: Actor, listing: Listing) -> QuerySet[Bid]:
    """Bids the actor may see: all of an ascending auction; of sealed auctions and tenders
    only their own until the close, and all to the seller and broker after it."""
    qs = listing.bids.select_related("bidder").order_by("id")
    if is_platform_admin(actor) or (
        listing.mode == TradeMode.AUCTION and listing.auction_kind == "ascending"
    ):
        return qs
    ids = organization_ids(actor, "view")
    manager = listing.seller_id in ids or (
        listing.broker_id is not None and listing.broker_id in ids
    )
    if manager and listing.state != "bidding":
        return qs
    return qs.filter(bidder__in=ids)


def history(listing: Listing, actor: Actor) -> QuerySet[AuditLog]:
    """Audit rows of the listing, its objections and (ascending auctions) bids — public with
    the listing — and of those of its deals and milestones the actor may see, oldest first.

    A deal's steps (buyer, message, price, contract number, milestones) are shown only to
    whoever may see the deal itself (:func:`parties.visible_deals`).
    """
    deal_ids = list(visible_deals(actor).filter(listing=listing).values_list("pk", flat=True))
    q = Q(object_type="market.listing", object_id=str(listing.pk)) | Q(
        object_type="market.deal", object_id__in=[str(i) for i in deal_ids]
    )
    q |= Q(
        object_type="market.objection",
        object_id__in=[str(i) for i in listing.objections.values_list("pk", flat=True)],
    )
    q |= Q(
        object_type="market.milestone",
        object_id__in=[
            str(i)
            for i in Milestone.objects.filter(deal_id__in=deal_ids).values_list("pk", flat=True)
        ],
    )
    if listing.mode == TradeMode.AUCTION and listing.auction_kind == "ascending":
        q |= Q(
            object_type="market.bid",
            object_id__in=[str(i) for i in listing.bids.values_list("pk", flat=True)],
        )
    return AuditLog.objects.filter(q).order_by("at", "id")


def _province(region: Region) -> Region:
    while region.level not in ("province", "country") and region.parent_id is not None:
        region = Region.objects.get(pk=region.parent_id)
    return region


def registration_rows(actor: Actor) -> list[dict[str, Any]]:
    """Registration data of the registered (and completed) contracts the actor may see."""
    rows = []
    qs = (
        deals(actor)
        .filter(registration_no__gt="")
        .select_related("buyer__region", "listing__seller__region", "listing__item")
        .prefetch_related("listing__owners__organization")
    )
    for d in qs.order_by("registered_at", "pk"):
        seller, buyer = d.listing.seller, d.buyer
        rows.append(
            {
                "registration_no": d.registration_no,
                "contract_no": d.contract_no,
                "contract_type": d.contract_type,
                "trade_mode": d.listing.mode,
                "signed_on": d.signed_at.date().isoformat() if d.signed_at else None,
                "registered_on": d.registered_at.date().isoformat() if d.registered_at else None,
                "amount_fen": d.price_fen,
                "technology_field": d.technology_field,
                "technology": d.listing.title,
                "seller_code": seller.code,
                "seller_name": seller.name_zh,
                "seller_region": seller.region.code,
                "seller_province": _province(seller.region).code,
                "buyer_code": buyer.code,
                "buyer_name": buyer.name_zh,
                "buyer_region": buyer.region.code,
                "buyer_province": _province(buyer.region).code,
                "broker_code": d.broker.code if d.broker else "",
                "co_owners": "; ".join(
                    f"{o.organization.code}:{o.share.normalize()}" for o in d.listing.owners.all()
                ),
            }
        )
    return rows
