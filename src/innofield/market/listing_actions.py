"""State changes of listings: create, publish, withdraw, objections, bidding and award.

Each function takes the acting user as keyword-only ``actor``, runs in one
transaction, checks permissions through :mod:`innofield.market.parties` and
writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innofield.core import audit
from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, organization_ids, require_member

from . import auction, machine, parties
from .listing_rules import clean_listing, listed_item, organization
from .models import Bid, Deal, Listing, ListingOwner, TradeMode


def local_time(moment: dt.datetime) -> str:
    """``moment`` in the platform's local time, as people read it (``2026-12-07 09:00 CST``)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def move(kind: str, obj: Any, transition: str) -> tuple[str, str]:
    """Apply ``transition`` to ``obj.state`` by the table of ``kind``; Conflict if illegal."""
    try:
        new = machine.advance(kind, obj.state, transition)
    except machine.IllegalTransition as exc:
        raise Conflict(str(exc)) from None
    old, obj.state = obj.state, new
    return old, new


def start(kind: str, obj: Any, transition: str) -> str:
    """Set the state of a new ``obj`` by the creating ``transition`` of the table of ``kind``."""
    obj.state = machine.advance(kind, machine.START, transition)
    return str(obj.state)


def lock_listing(listing_id: int) -> Listing:
    """The listing, locked for update, or NotFound."""
    listing = (
        Listing.objects.select_for_update(of=("self",))
        .select_related("seller", "broker", "item")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        raise NotFound(_("no listing with id %(id)s") % {"id": listing_id})
    return listing


def notice_running(listing: Listing, now: dt.datetime) -> bool:
    """True while the listing's public-notice period has not ended."""
    return listing.notice_ends_at is not None and now < listing.notice_ends_at


def create_listing(*, actor: Actor, data: dict[str, Any]) -> Listing:
    """Draft a listing of a technology item; only managers of the item's owner may.

    Seller, co-owners and shares are the item's recorded ownership, never the request's.
    """
    parties.require_item_manager(actor, listed_item(data.get("item")))
    values, owners = clean_listing(data)
    with transaction.atomic():
        listing = Listing(**values)
        start("listing", listing, "draft")
        listing.save()
        ListingOwner.objects.bulk_create(
            ListingOwner(listing=listing, organization=org, share=share, position=i)
            for i, (org, share) in enumerate(owners)
        )
        snap = audit.snapshot(listing) | {"owners": [[o.code, str(s)] for o, s in owners]}
        audit.record(actor, "market.listing.create", listing, snap)
    return listing


def _listing_step(actor: Actor, listing_id: int, transition: str, **extra: Any) -> Listing:
    with transaction.atomic():
        listing = lock_listing(listing_id)
        what = {"withdraw": _("withdraw this listing"), "relist": _("relist this listing")}
        parties.require_listing_manager(actor, listing, what[transition])
        old, new = move("listing", listing, transition)
        listing.save()
        audit.record(actor, f"market.listing.{transition}", listing, {"state": [old, new], **extra})
    return listing


def publish_listing(*, actor: Actor, listing_id: int) -> Listing:
    """Publish a draft; a notice period (if any) starts now."""
    with transaction.atomic():
        listing = lock_listing(listing_id)
        parties.require_listing_manager(actor, listing, _("publish this listing"))
        old, new = move("listing", listing, "publish")
        now = timezone.now()
        if listing.notice_days:
            listing.notice_starts_at = now
            listing.notice_ends_at = now + dt.timedelta(days=listing.notice_days)
        listing.save()
        audit.record(
            actor,
            "market.listing.publish",
            listing,
            {"state": [old, new], "notice_ends_at": listing.notice_ends_at},
        )
    return listing


def withdraw_listing(*, actor: Actor, listing_id: int, reason: str = "") -> Listing:
    """Take a listing off the market (not once it is awarded)."""
    return _listing_step(actor, listing_id, "withdraw", reason=reason)


def relist(*, actor: Actor, listing_id: int) -> Listing:
    """Put an unsold listing back on the market."""
    return _listing_step(actor, listing_id, "relist")


def open_bidding(*, actor: Actor, listing_id: int, ends_at: dt.datetime | None = None) -> Listing:
    """Open an auction or tender for bids, optionally until ``ends_at``."""
    with transaction.atomic():
        listing = lock_listing(listing_id)
        parties.require_listing_manager(actor, listing, _("open bidding on this listing"))
        if listing.mode not in (TradeMode.AUCTION, TradeMode.TENDER):
            raise Conflict(
                _("only auction and tender listings take bids; this one is traded by %(mode)s")
                % {"mode": listing.get_mode_display()}
            )
        if ends_at is not None and timezone.is_naive(ends_at):
            ends_at = timezone.make_aware(ends_at)
        if ends_at is not None and ends_at <= timezone.now():
            raise ValidationFailed.single("ends_at", _("must be in the future"))
        old, new = move("listing", listing, "open_bidding")
        listing.bidding_ends_at = ends_at
        listing.save()
        audit.record(
            actor, "market.listing.open_bidding", listing, {"state": [old, new], "ends_at": ends_at}
        )
    return listing


def terms_of(listing: Listing) -> auction.AuctionTerms:
    """The pure auction terms of a listing."""
    return auction.AuctionTerms(
        kind=listing.auction_kind,
        start_fen=listing.start_fen,
        reserve_fen=listing.reserve_fen,
        increment_fen=listing.increment_fen,
    )


def bid_views(listing: Listing) -> list[auction.BidView]:
    """The listing's bids as the pure rules see them (arrival order = id)."""
    return [
        auction.BidView(b.pk, b.bidder.code, b.amount_fen, b.pk)
        for b in listing.bids.select_related("bidder").order_by("id")
    ]


def place_bid(
    *, actor: Actor, listing_id: int, bidder_code: str, amount_fen: int, proposal: str = ""
) -> Bid:
    """Bid for a listing on behalf of an organization of the actor."""
    bidder = organization(bidder_code, "bidder")
    require_member(actor, bidder, "create")
    with transaction.atomic():
        listing = lock_listing(listing_id)
        if listing.state != "bidding":
            raise Conflict(
                _("listing %(listing)s is %(state)s, not taking bids")
                % {"listing": listing.pk, "state": _(listing.state)}
            )
        if listing.bidding_ends_at is not None and timezone.now() >= listing.bidding_ends_at:
            raise Conflict(
                _("bidding on listing %(listing)s ended at %(end)s")
                % {"listing": listing.pk, "end": local_time(listing.bidding_ends_at)}
            )
        if listing.owners.filter(organization=bidder).exists() or listing.broker_id == bidder.pk:
            raise PermissionDenied(
                _("%(bidder)s is a co-owner or the broker of this listing and may not bid")
                % {"bidder": bidder.code}
            )
        try:
            auction.check_bid(terms_of(listing), bid_views(listing), bidder.code, amount_fen)
        except auction.BidRefused as exc:
            if exc.field == "bidder":
                raise Conflict(exc.reason) from None
            raise ValidationFailed.single(exc.field, exc.reason) from None
        bid = Bid.objects.create(
            listing=listing,
            bidder=bidder,
            placed_by_id=getattr(actor, "pk", None),
            amount_fen=amount_fen,
            proposal=proposal,
        )
        audit.record(
            actor,
            "market.bid.place",
            bid,
            {"listing": listing.pk, "bidder": bidder.code, "amount_fen": amount_fen},
        )
    return bid


def close_bidding(
    *, actor: Actor, listing_id: int, winner_bid_id: int | None = None, reason: str = ""
) -> Listing:
    """Close bidding: an auction goes to the highest bid (earliest on ties) if it meets the
    reserve, else the listing is unsold; a tender is awarded to ``winner_bid_id`` with a reason."""
    with transaction.atomic():
        listing = lock_listing(listing_id)
        parties.require_listing_manager(actor, listing, _("close bidding on this listing"))
        if listing.state != "bidding":
            move("listing", listing, "close_bidding")  # refused, naming the allowed transitions
        if (
            listing.state == "bidding"
            and listing.bidding_ends_at
            and timezone.now() < listing.bidding_ends_at
        ):
            raise Conflict(
                _("bidding runs until %(end)s; it cannot close earlier")
                % {"end": local_time(listing.bidding_ends_at)}
            )
        views = bid_views(listing) if listing.state == "bidding" else []
        if listing.mode == TradeMode.TENDER and listing.state == "bidding":
            chosen = next((v for v in views if v.id == winner_bid_id), None)
            if chosen is None and views:
                raise ValidationFailed.single(
                    "winner_bid_id", _("name one of this tender's bids to award")
                )
            if chosen is not None and not reason.strip():
                raise ValidationFailed.single(
                    "reason", _("give the reason for awarding the tender")
                )
        else:
            chosen = auction.auction_winner(terms_of(listing), views)
        old, new = move("listing", listing, "close_bidding" if chosen else "fail_bidding")
        listing.save()
        changes: dict[str, Any] = {"state": [old, new], "bids": len(views), "reason": reason}
        if chosen is not None:
            bid = Bid.objects.select_related("bidder").get(pk=chosen.id)
            deal = Deal(
                listing=listing,
                buyer=bid.bidder,
                broker=listing.broker,
                winning_bid=bid,
                price_fen=bid.amount_fen,
                technology_field=listing.technology_field,
                contract_type=(listing.contract_types or [""])[0],
            )
            start("deal", deal, "win")
            deal.save()
            changes |= {"winner": bid.bidder.code, "amount_fen": bid.amount_fen, "deal": deal.pk}
            audit.record(actor, "market.deal.win", deal, audit.snapshot(deal))
        audit.record(actor, "market.listing.close_bidding", listing, changes)
    return listing


def my_organization_ids(actor: Actor) -> list[int]:
    """Organizations the actor may act for (for forms and views)."""
    return organization_ids(actor, "create")
