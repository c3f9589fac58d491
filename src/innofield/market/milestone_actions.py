"""State changes of contract milestones: plan, fall due, pay (on the ledger), cancel.

Each function takes the acting user as keyword-only ``actor``, runs in one
transaction, checks the actor's party role and writes its audit row there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innofield.core import audit
from innofield.core.errors import Conflict, NotFound, ValidationFailed
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor

from . import parties, payments, shares
from .deal_actions import ACTIVE_DEAL_STATES, legal, lock_deal, require_cross_border_registered
from .listing_actions import move, start
from .models import Milestone


def plan_milestone(
    *, actor: Actor, deal_id: int, title: str, amount_fen: int, due_on: dt.date | None = None
) -> Milestone:
    """Add a payment milestone to an agreed or signed contract; the total stays within the price."""
    if not title or not title.strip():
        raise ValidationFailed.single("title", _("is required"))
    if (
        not isinstance(amount_fen, int)
        or isinstance(amount_fen, bool)
        or not 0 < amount_fen <= shares.MAX_FEN
    ):
        raise ValidationFailed.single(
            "amount_fen",
            _("must be a positive amount, at most %(most)s")
            % {"most": format_yuan(shares.MAX_FEN)},
        )
    with transaction.atomic():
        deal = lock_deal(deal_id)
        parties.require_deal_party(actor, deal, "plan")
        if deal.state not in ACTIVE_DEAL_STATES or deal.state == "completed":
            raise Conflict(
                _(
                    "milestones can be planned on agreed, signed or registered deals; "
                    "deal %(deal)s is '%(state)s'"
                )
                % {"deal": deal.pk, "state": _(deal.state)}
            )
        planned = (
            deal.milestones.exclude(state="cancelled").aggregate(s=Sum("amount_fen"))["s"] or 0
        )
        if planned + amount_fen > (deal.price_fen or 0):
            raise ValidationFailed.single(
                "amount_fen",
                _("milestones would total %(total)s, above the price %(price)s")
                % {
                    "total": format_yuan(planned + amount_fen),
                    "price": format_yuan(deal.price_fen or 0),
                },
            )
        ms = Milestone(
            deal=deal,
            seq=deal.milestones.count() + 1,
            title=title.strip(),
            amount_fen=amount_fen,
            due_on=due_on,
        )
        start("milestone", ms, "plan")
        ms.save()
        audit.record(actor, "market.milestone.plan", ms, audit.snapshot(ms))
    return ms


def transition_milestone(
    *, actor: Actor, milestone_id: int, transition: str, note: str = ""
) -> Milestone:
    """Fire ``fall_due``, ``pay`` or ``cancel`` on a milestone; paying moves the money on the
    ledger from the buyer to the co-owners by their shares."""
    if transition not in ("fall_due", "pay", "cancel"):
        raise ValidationFailed.single(
            "transition", _("unknown milestone transition %(step)s") % {"step": repr(transition)}
        )
    with transaction.atomic():
        ms = Milestone.objects.select_for_update().filter(pk=milestone_id).first()
        if ms is None:
            raise NotFound(_("no milestone with id %(id)s") % {"id": milestone_id})
        deal = lock_deal(ms.deal_id)
        ms.deal = deal
        parties.require_deal_party(actor, deal, transition)
        legal(ms, "milestone", transition)
        old, new = move("milestone", ms, transition)
        changes: dict[str, Any] = {"state": [old, new], "note": note}
        if transition == "pay":
            if deal.state not in ("signed", "registered"):
                raise Conflict(
                    _(
                        "only milestones of a signed contract can be paid; "
                        "deal %(deal)s is %(state)s"
                    )
                    % {"deal": deal.pk, "state": _(deal.state)}
                )
            require_cross_border_registered(deal, _("paying a milestone"))
            ms.paid_at = timezone.now()
            ms.payment_key, ms.splits = payments.pay_milestone(actor=actor, milestone=ms)
            changes |= {"payment_key": ms.payment_key, "splits": ms.splits}
        ms.save()
        audit.record(actor, f"market.milestone.{transition}", ms, changes)
    return ms
