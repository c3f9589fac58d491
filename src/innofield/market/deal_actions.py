"""State changes of deals and their milestones: inquiry to registered, paid contract.

Each function takes the acting user as keyword-only ``actor``, runs in one
transaction, checks the actor's party role against :data:`machine.DEAL_PARTIES`
and writes its audit row in the same transaction. Listing states follow along:
agreeing awards the listing, a deal falling through releases it, completing
closes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innofield.core import audit
from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, is_platform_admin, require_member

from . import machine, parties, shares
from .listing_actions import local_time, lock_listing, move, notice_running, start
from .listing_rules import broker as clean_broker
from .listing_rules import organization
from .models import ContractType, CrossBorderContract, Deal, Listing, TradeMode

ACTIVE_DEAL_STATES = ("agreed", *sorted(machine.CONTRACTED))


def _contract_label(value: str) -> str:
    """A contract type as the page names it (``license`` → "License" / "许可")."""
    return str(dict(ContractType.choices).get(value, value))


def legal(obj: Any, kind: str, transition: str) -> None:
    """Raise Conflict (state, transition, allowed ones) unless ``transition`` is legal now."""
    try:
        machine.advance(kind, obj.state, transition)
    except machine.IllegalTransition as exc:
        raise Conflict(str(exc)) from None


def lock_deal(deal_id: int) -> Deal:
    """The deal, locked for update, or NotFound."""
    deal = (
        Deal.objects.select_for_update(of=("self",))
        .select_related("listing", "buyer", "broker")
        .filter(pk=deal_id)
        .first()
    )
    if deal is None:
        raise NotFound(_("no deal with id %(id)s") % {"id": deal_id})
    return deal


def require_cross_border_registered(deal: Deal, what: str) -> None:
    """Raise Conflict if the deal has cross-border terms that are not registered: the
    deal's registration and its payments wait for them."""
    row = CrossBorderContract.objects.filter(deal=deal).first()
    if row is not None and row.state != "registered":
        raise Conflict(
            _(
                "the cross-border contract of deal %(id)d is '%(state)s'; "
                "%(what)s waits for its registration"
            )
            % {"id": deal.pk, "state": _(row.state), "what": what}
        )


def make_inquiry(
    *,
    actor: Actor,
    listing_id: int,
    buyer_code: str,
    message: str = "",
    broker_code: str | None = None,
) -> Deal:
    """A buyer's inquiry about a listing traded by agreement or by listing with public notice."""
    buyer = organization(buyer_code, "buyer")
    require_member(actor, buyer, "create")
    broker = clean_broker(broker_code)
    with transaction.atomic():
        listing = lock_listing(listing_id)
        if listing.state != "open":
            raise Conflict(
                _("listing %(listing)s is in state '%(state)s' and takes no inquiries")
                % {"listing": listing.pk, "state": _(listing.state)}
            )
        if listing.mode not in (TradeMode.AGREEMENT, TradeMode.LISTING):
            raise Conflict(
                _("listing %(listing)s is traded by %(mode)s; place a bid, not an inquiry")
                % {"listing": listing.pk, "mode": listing.get_mode_display()}
            )
        if listing.owners.filter(organization=buyer).exists():
            raise PermissionDenied(
                _("%(buyer)s co-owns this listing and cannot buy it") % {"buyer": buyer.code}
            )
        if (
            Deal.objects.filter(listing=listing, buyer=buyer)
            .exclude(state__in=machine.FINAL_DEAL_STATES)
            .exists()
        ):
            raise Conflict(
                _("%(buyer)s already has an open deal on listing %(listing)s")
                % {"buyer": buyer.code, "listing": listing.pk}
            )
        deal = Deal(
            listing=listing,
            buyer=buyer,
            broker=broker or listing.broker,
            message=message,
            technology_field=listing.technology_field,
        )
        start("deal", deal, "inquire")
        deal.save()
        audit.record(actor, "market.deal.inquire", deal, audit.snapshot(deal))
    return deal


def _release_if_free(actor: Actor, listing: Listing, deal: Deal) -> None:
    others = Deal.objects.filter(listing=listing, state__in=ACTIVE_DEAL_STATES).exclude(pk=deal.pk)
    if listing.state == "awarded" and not others.exists():
        old, new = move("listing", listing, "release")
        listing.save()
        audit.record(
            actor, "market.listing.release", listing, {"state": [old, new], "deal": deal.pk}
        )


def _check_agree(deal: Deal, listing: Listing, data: dict[str, Any]) -> dict[str, Any]:
    contract_type = data.get("contract_type") or deal.contract_type
    price = data.get("price_fen", deal.price_fen)
    if contract_type not in ContractType.values:
        raise ValidationFailed.single(
            "contract_type",
            _("must be one of %(values)s")
            % {"values": ", ".join(str(label) for label in ContractType.labels)},
        )
    if listing.contract_types and contract_type not in listing.contract_types:
        raise ValidationFailed.single(
            "contract_type",
            _("the listing offers only %(types)s")
            % {"types": ", ".join(_contract_label(t) for t in listing.contract_types)},
        )
    if not isinstance(price, int) or isinstance(price, bool) or not 0 < price <= shares.MAX_FEN:
        raise ValidationFailed.single(
            "price_fen",
            _("must be a positive amount, at most %(most)s")
            % {"most": format_yuan(shares.MAX_FEN)},
        )
    if (
        listing.mode == TradeMode.LISTING
        and listing.asking_price_fen
        and price < listing.asking_price_fen
    ):
        raise ValidationFailed.single(
            "price_fen",
            _("cannot be below the listed price %(price)s")
            % {"price": format_yuan(listing.asking_price_fen)},
        )
    if deal.winning_bid_id and price != deal.price_fen:
        raise ValidationFailed.single(
            "price_fen",
            _("the price of a won auction or tender is the winning bid (%(price)s)")
            % {"price": format_yuan(deal.price_fen)},
        )
    cross_border = CrossBorderContract.objects.filter(deal=deal).first()
    if cross_border is not None and price != cross_border.amount_cny_fen:
        raise ValidationFailed.single(
            "price_fen",
            _(
                "the deal has cross-border terms: its price is their converted amount "
                "%(amount)s (file the terms again to change it)"
            )
            % {"amount": format_yuan(cross_border.amount_cny_fen)},
        )
    others = Deal.objects.filter(listing=listing, state__in=ACTIVE_DEAL_STATES).exclude(pk=deal.pk)
    if others.exists():
        raise Conflict(
            _("listing %(listing)s is already agreed with another buyer") % {"listing": listing.pk}
        )
    return {
        "contract_type": contract_type,
        "price_fen": price,
        "terms": data.get("terms", deal.terms),
    }


def transition_deal(
    *, actor: Actor, deal_id: int, transition: str, data: dict[str, Any] | None = None
) -> Deal:
    """Fire ``transition`` on a deal: negotiate, decline, withdraw, agree, reopen, sign,
    register, complete or terminate. ``data`` carries the transition's inputs."""
    data = data or {}
    if transition not in machine.DEAL_PARTIES or transition in (
        "plan",
        "fall_due",
        "pay",
        "cancel",
    ):
        raise ValidationFailed.single(
            "transition", _("unknown deal transition %(step)s") % {"step": repr(transition)}
        )
    with transaction.atomic():
        deal = lock_deal(deal_id)
        listing = lock_listing(deal.listing_id)
        deal.listing = listing
        parties.require_deal_party(actor, deal, transition)
        legal(deal, "deal", transition)
        changes: dict[str, Any] = {}
        now = timezone.now()
        if transition == "agree":
            changes = _check_agree(deal, listing, data)
            for name, value in changes.items():
                setattr(deal, name, value)
        elif transition == "sign":
            _check_sign(deal, listing, now)
            signed_by = _record_signatures(actor, deal, now)
            if deal.seller_signed_at is None or deal.buyer_signed_at is None:
                deal.save()
                waiting = machine.BUYER if deal.buyer_signed_at is None else machine.SELLER
                audit.record(
                    actor,
                    "market.deal.sign",
                    deal,
                    {
                        "state": [deal.state, deal.state],
                        "signed_by": signed_by,
                        "waiting_for": waiting,
                        "note": data.get("note", ""),
                    },
                )
                return deal
        elif transition == "register":
            require_cross_border_registered(deal, _("registering the deal"))
            field = (
                data.get("technology_field")
                or deal.technology_field
                or listing.technology_field
                or ""
            ).strip()
            if not field:
                raise ValidationFailed.single(
                    "technology_field", _("registration needs the technology field")
                )
            deal.technology_field = field
        elif transition == "complete":
            _check_complete(deal)
        old, new = move("deal", deal, transition)
        if transition == "reopen":  # the terms may change: earlier signatures lapse
            deal.seller_signed_at = deal.buyer_signed_at = None
        if transition == "sign":
            deal.signed_at, deal.contract_no = now, f"TC-{now:%Y}-{deal.pk:06d}"
            changes = {"contract_no": deal.contract_no}
        elif transition == "register":
            deal.registered_at, deal.registration_no = now, f"REG-{now:%Y}-{deal.pk:06d}"
            changes = {
                "registration_no": deal.registration_no,
                "technology_field": deal.technology_field,
            }
        deal.save()
        audit.record(
            actor,
            f"market.deal.{transition}",
            deal,
            {"state": [old, new], **changes, "note": data.get("note", "")},
        )
        if transition == "agree" and listing.state == "open":
            lold, lnew = move("listing", listing, "award")
            listing.save()
            audit.record(
                actor, "market.listing.award", listing, {"state": [lold, lnew], "deal": deal.pk}
            )
        elif transition in ("decline", "withdraw", "terminate") and old in ACTIVE_DEAL_STATES:
            _release_if_free(actor, listing, deal)
        elif transition == "complete":
            lold, lnew = move("listing", listing, "close")
            listing.save()
            audit.record(
                actor, "market.listing.close", listing, {"state": [lold, lnew], "deal": deal.pk}
            )
    return deal


def _check_sign(deal: Deal, listing: Listing, now: dt.datetime) -> None:
    if notice_running(listing, now):
        raise Conflict(
            _(
                "the public-notice period of listing %(listing)s runs until %(end)s; "
                "the contract cannot be signed before it ends"
            )
            % {
                "listing": listing.pk,
                "end": local_time(listing.notice_ends_at) if listing.notice_ends_at else "",
            }
        )
    open_objections = listing.objections.filter(state="open").count()
    if open_objections:
        raise Conflict(
            _(
                "listing %(listing)s has %(count)s open objection(s); "
                "the contract cannot be signed until they are resolved"
            )
            % {"listing": listing.pk, "count": open_objections}
        )


def _record_signatures(actor: Actor, deal: Deal, now: dt.datetime) -> list[str]:
    """Record the signatures the actor gives (seller's, buyer's, or both for an admin)."""
    roles = {machine.SELLER, machine.BUYER}
    if not is_platform_admin(actor):
        roles &= parties.deal_parties(actor, deal, "manage")
    given = [r for r in sorted(roles) if getattr(deal, f"{r}_signed_at") is None]
    if not given:
        other = machine.BUYER if machine.SELLER in roles else machine.SELLER
        raise Conflict(
            _("the %(roles)s already signed deal %(deal)s; waiting for the %(other)s")
            % {
                "roles": _(" and ").join(_(r) for r in sorted(roles)),
                "deal": deal.pk,
                "other": _(other),
            }
        )
    for role in given:
        setattr(deal, f"{role}_signed_at", now)
    return given


def _check_complete(deal: Deal) -> None:
    unpaid = deal.milestones.exclude(state__in=("paid", "cancelled")).count()
    if unpaid:
        raise Conflict(
            _("deal %(deal)s has %(count)s milestone(s) neither paid nor cancelled")
            % {"deal": deal.pk, "count": unpaid}
        )
    if not deal.milestones.filter(state="paid").exists():
        raise Conflict(
            _("deal %(deal)s has no paid milestone; plan and pay at least one") % {"deal": deal.pk}
        )


def name_broker(*, actor: Actor, deal_id: int, broker_code: str | None) -> Deal:
    """Name (or, with ``None``, remove) a broker — a service agency — as intermediary on a
    deal; the seller or the buyer may do so while the deal is not over."""
    broker = clean_broker(broker_code)
    with transaction.atomic():
        deal = lock_deal(deal_id)
        ids = parties.deal_parties(actor, deal, "change")
        if not (is_platform_admin(actor) or ids & {machine.SELLER, machine.BUYER}):
            raise PermissionDenied(_("only the deal's seller or buyer may name its broker"))
        if deal.state in machine.FINAL_DEAL_STATES:
            raise Conflict(
                _("deal %(deal)s is %(state)s; its broker can no longer change")
                % {"deal": deal.pk, "state": _(deal.state)}
            )
        old = deal.broker.code if deal.broker else None
        deal.broker = broker
        deal.save()
        audit.record(
            actor,
            "market.deal.name_broker",
            deal,
            {"broker": [old, broker.code if broker else None]},
        )
    return deal
