"""State changes of objections raised during a listing's public-notice period.

Anyone logged in may object while the notice runs; the listing's broker or a
platform admin (never the seller alone) dismisses or upholds the objection, and
upholding withdraws the listing. One transaction and one audit row per step.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innofield.core import audit
from innofield.core.errors import (
    Conflict,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
)
from innofield.core.permissions import Actor, require_member

from . import machine, parties
from .listing_actions import local_time, lock_listing, move, notice_running, start
from .listing_rules import organization
from .models import Deal, Objection


def raise_objection(
    *, actor: Actor, listing_id: int, reason: str, organization_code: str | None = None
) -> Objection:
    """Record an objection to a listing during its public-notice period."""
    if not reason or not reason.strip():
        raise ValidationFailed.single("reason", _("say what the objection is"))
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to raise an objection"))
    org = organization(organization_code, "organization") if organization_code else None
    if org is not None:
        require_member(actor, org, "create")
    with transaction.atomic():
        listing = lock_listing(listing_id)
        if listing.state not in ("open", "bidding", "awarded") or not notice_running(
            listing, timezone.now()
        ):
            raise Conflict(
                _(
                    "objections are accepted only during the public-notice period of a "
                    "published listing (state %(state)s, notice ends %(end)s)"
                )
                % {
                    "state": _(listing.state),
                    "end": local_time(listing.notice_ends_at)
                    if listing.notice_ends_at
                    else _("never"),
                }
            )
        objection = Objection(
            listing=listing, raised_by_id=actor.pk, organization=org, reason=reason.strip()
        )
        start("objection", objection, "raise")
        objection.save()
        audit.record(actor, "market.objection.raise", objection, audit.snapshot(objection))
    return objection


def resolve_objection(
    *, actor: Actor, objection_id: int, outcome: str, resolution: str
) -> Objection:
    """Dismiss an objection, or uphold it — which withdraws the listing."""
    if outcome not in ("dismiss", "uphold"):
        raise ValidationFailed.single("outcome", _("must be dismiss or uphold"))
    if not resolution or not resolution.strip():
        raise ValidationFailed.single("resolution", _("give the reasons for the decision"))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().filter(pk=objection_id).first()
        if objection is None:
            raise NotFound(_("no objection with id %(id)s") % {"id": objection_id})
        listing = lock_listing(objection.listing_id)
        parties.require_objection_judge(actor, listing)
        old, new = move("objection", objection, outcome)
        objection.resolution, objection.resolved_at = resolution.strip(), timezone.now()
        objection.save()
        audit.record(
            actor,
            f"market.objection.{outcome}",
            objection,
            {"state": [old, new], "resolution": objection.resolution},
        )
        if outcome == "uphold" and listing.state not in ("withdrawn", "closed"):
            if Deal.objects.filter(listing=listing, state__in=machine.CONTRACTED).exists():
                raise Conflict(
                    _("a signed contract exists for this listing; terminate it before upholding")
                )
            reason = f"objection {objection.pk} upheld"
            for deal in Deal.objects.filter(listing=listing).exclude(
                state__in=machine.FINAL_DEAL_STATES
            ):
                old_deal, new_deal = move("deal", deal, "decline")
                deal.save()
                audit.record(
                    actor,
                    "market.deal.decline",
                    deal,
                    {"state": [old_deal, new_deal], "note": reason},
                )
            steps = ["release", "withdraw"] if listing.state == "awarded" else ["withdraw"]
            for step in steps:
                old_listing, new_listing = move("listing", listing, step)
                listing.save()
                audit.record(
                    actor,
                    f"market.listing.{step}",
                    listing,
                    {"state": [old_listing, new_listing], "reason": reason},
                )
    return objection
