"""State changes facility managers make: policies, blackout windows, qualifications.

Each takes the acting user, runs in one transaction and writes its audit row in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innofield.catalog import decimals
from innofield.core import audit
from innofield.core.errors import FieldError, ValidationFailed
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, require
from innofield.core.schemas import MAX_FEN

from . import figures, intervals, lifecycle, rules
from .actions import locked_instrument, offer_freed_time, user_by_name
from .models import Blackout, Booking, Policy, Qualification
from .notices import notify
from .terms import default_policy

POLICY_FIELDS = (
    "zone",
    "open_from",
    "open_until",
    "open_days",
    "min_minutes",
    "max_minutes",
    "granularity_minutes",
    "min_notice_minutes",
    "max_advance_days",
    "buffer_minutes",
    "approval_required",
    "qualification_required",
    "quotas",
    "price_internal_fen",
    "price_academic_fen",
    "price_industry_fen",
    "price_cross_region_fen",
    "price_member_fen",
    "cancel_free_hours",
    "late_cancel_fraction",
    "no_show_grace_minutes",
    "no_show_fraction",
    "bill_max_booked_logged",
)
PRICE_FIELDS = (
    "price_internal_fen",
    "price_academic_fen",
    "price_industry_fen",
    "price_cross_region_fen",
    "price_member_fen",
)
#: Tiers a policy may leave unpriced.
OPTIONAL_PRICES = ("price_cross_region_fen", "price_member_fen")
FRACTION_FIELDS = ("late_cancel_fraction", "no_show_fraction")


def _clean_policy(values: dict[str, Any]) -> dict[str, Any]:
    errors = [FieldError(f, r) for f, r in rules.validate_terms(values)]
    unknown = sorted(set(values) - set(POLICY_FIELDS))
    errors += [FieldError(name, _("is not a policy field")) for name in unknown]
    for name in PRICE_FIELDS + FRACTION_FIELDS:
        if values.get(name) is None:
            if name not in OPTIONAL_PRICES and name in values:
                errors.append(FieldError(name, _("is required")))
            continue
        if name in PRICE_FIELDS:
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append(FieldError(name, _("enter an amount in yuan, e.g. 1,234.50")))
            elif not 0 <= value <= MAX_FEN:
                errors.append(
                    FieldError(
                        name,
                        _("must be an amount from %(low)s to %(high)s")
                        % {"low": format_yuan(0), "high": format_yuan(MAX_FEN)},
                    )
                )
            continue
        try:
            values[name] = decimals.check_for(
                Policy._meta.get_field(name),
                values[name],
                maximum=1 if name in FRACTION_FIELDS else None,
            )
        except decimals.DecimalRefused as exc:
            errors.append(FieldError(name, str(exc)))
    if errors:
        raise ValidationFailed(errors)
    return values


def set_policy(*, actor: Actor, instrument_id: int, data: dict[str, Any]) -> Policy:
    """Create or change an instrument's policy; ``data`` may be partial."""
    with transaction.atomic():
        item = locked_instrument(instrument_id)
        require(actor, "manage", item)
        policy = Policy.objects.filter(instrument=item).first() or default_policy(item)
        before = audit.snapshot(policy) if policy.pk else {}
        current = {name: getattr(policy, name) for name in POLICY_FIELDS}
        values = _clean_policy({**current, **data})
        for name, value in values.items():
            setattr(policy, name, value)
        policy.save()
        figures.refresh(item.pk)  # opening hours change every stored day
        audit.record(
            actor, "booking.policy.set", policy, audit.diff(before, audit.snapshot(policy))
        )
    return policy


def add_blackout(
    *,
    actor: Actor,
    instrument_id: int,
    start: dt.datetime,
    end: dt.datetime,
    kind: str = "maintenance",
    on_clash: str = "notify",
    reason: str = "",
) -> list[Blackout]:
    """Block an instrument from ``start`` to ``end``; clashing bookings are handled by ``on_clash``.

    ``notify`` keeps them and tells their bookers; ``cancel`` cancels them free of
    charge; ``book_around`` keeps them and blacks out only the time around them.
    Returns the blackout rows written (several when booking around).
    """
    rules.check_interval(start, end)
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if kind not in Blackout.Kind.values:
        raise ValidationFailed.single(
            "kind",
            _("must be one of %(values)s")
            % {"values": ", ".join(str(label) for label in Blackout.Kind.labels)},
        )
    if on_clash not in Blackout.OnClash.values:
        raise ValidationFailed.single(
            "on_clash",
            _("must be one of %(values)s")
            % {"values": ", ".join(str(label) for label in Blackout.OnClash.labels)},
        )
    with transaction.atomic():
        item = locked_instrument(instrument_id)
        require(actor, "manage", item)
        clashing = list(
            Booking.objects.select_for_update().filter(
                instrument_id=item.pk,
                status__in=(lifecycle.REQUESTED, lifecycle.CONFIRMED, lifecycle.CHECKED_IN),
                start__lt=end,
                end__gt=start,
            )
        )
        pieces = [(start, end)]
        if on_clash == "book_around":
            pieces = intervals.subtract(pieces, [(b.start, b.end) for b in clashing])
        rows = [
            Blackout.objects.create(
                instrument=item, start=s, end=e, kind=kind, on_clash=on_clash, reason=reason[:300]
            )
            for s, e in pieces
        ]
        for booking in clashing:
            if on_clash == "cancel" and booking.status != lifecycle.CHECKED_IN:
                old = booking.status
                booking.status = lifecycle.next_status(old, "cancel")
                booking.note = f"cancelled by {kind}: {reason}"[:500]
                booking.save(update_fields=["status", "note", "updated"])
                audit.record(
                    actor,
                    "booking.booking.cancel",
                    booking,
                    {"status": [old, booking.status], "charge": "0", "reason": f"{kind} {reason}"},
                )
                notify(
                    booking.user_id,
                    "booking.cancelled_by_blackout",
                    booking,
                    gettext_noop(
                        "Booking %(booking)s was cancelled free of charge: %(kind)s %(reason)s"
                    ),
                    booking=booking.pk,
                    kind=kind,
                    reason=reason[:300],
                )
                offer_freed_time(booking)
            elif on_clash == "notify":
                notify(
                    booking.user_id,
                    "booking.blackout_clash",
                    booking,
                    gettext_noop(
                        "Booking %(booking)s overlaps a planned %(kind)s (%(reason)s); "
                        "please rebook."
                    ),
                    booking=booking.pk,
                    kind=kind,
                    reason=reason[:300],
                )
        audit.record(
            actor,
            "booking.blackout.create",
            rows[0] if rows else None,
            {
                "start": start,
                "end": end,
                "kind": kind,
                "on_clash": on_clash,
                "reason": reason,
                "pieces": [[s, e] for s, e in pieces],
                "clashing": [b.pk for b in clashing],
            },
            object_type="booking.blackout",
            object_repr=f"{kind} of instrument {item.pk}",
        )
        figures.refresh(
            item.pk,
            min([start, *(b.start for b in clashing)]),
            max([end, *(b.end for b in clashing)]),
        )
    return rows


def grant_qualification(*, actor: Actor, instrument_id: int, username: str) -> Qualification:
    """Record that ``username`` is trained on the instrument and may book it."""
    user = user_by_name(username)
    with transaction.atomic():
        item = locked_instrument(instrument_id)
        require(actor, "manage", item)
        row, created = Qualification.objects.get_or_create(instrument=item, user=user)
        if created:
            audit.record(
                actor, "booking.qualification.grant", row, {"user": username, "at": timezone.now()}
            )
    return row


def revoke_qualification(*, actor: Actor, instrument_id: int, username: str) -> None:
    """Withdraw a user's qualification on an instrument."""
    user = user_by_name(username)
    with transaction.atomic():
        item = locked_instrument(instrument_id)
        require(actor, "manage", item)
        row = Qualification.objects.filter(instrument=item, user=user).first()
        if row is None:
            raise ValidationFailed.single(
                "user",
                _("%(user)s is not qualified on instrument %(instrument)s")
                % {"user": username, "instrument": item.pk},
            )
        audit.record(actor, "booking.qualification.revoke", row, {"user": username})
        row.delete()
