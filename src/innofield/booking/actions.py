"""Booking state changes. Each takes the acting user, runs in one transaction, writes its
audit row and notifications in it.

Double bookings are impossible: the instrument row is locked (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite runs every transaction ``IMMEDIATE``, one writer at
a time), the overlap is checked inside the transaction, and the database itself
refuses an overlapping hold (exclusion constraint / trigger, migration 0002).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innofield.catalog.models import Item
from innofield.core import audit
from innofield.core.errors import (
    Conflict,
    NotAuthenticated,
    PermissionDenied,
    ValidationFailed,
)
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, organization_ids, require, require_member
from innofield.registry.models import Membership, Organization

from . import figures, invoicing, lifecycle, pricing, rules
from .models import Blackout, Booking, Qualification, UsageLog, WaitlistEntry
from .notices import notify
from .terms import damaged_fields, policy_of, prices_of, terms_of, tier_for, usable_policy

CHECK_IN_EARLY_MINUTES = 30
QUOTA_LOOKAROUND = dt.timedelta(days=32)


def _manager_ids(org_id: int) -> list[int]:
    return list(
        Membership.objects.filter(
            organization_id=org_id, role__in=("manager", "admin")
        ).values_list("user_id", flat=True)
    )


def booker_organization(actor: Actor, code: str | None) -> Organization:
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to book an instrument"))
    if code:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise ValidationFailed.single(
                "organization", _("no organization with code %(code)s") % {"code": repr(code)}
            )
        require_member(actor, org, "create")
        return org
    ids = organization_ids(actor, "create")
    org = Organization.objects.filter(pk__in=ids).order_by("pk").first()
    if org is None:
        raise rules.RuleViolation(
            "membership", _("you must belong to an organization to book (it is billed)")
        )
    return org


def locked_instrument(instrument_id: int) -> Item:
    item = get_visible(
        Item.objects.select_for_update().filter(kind="instrument"), instrument_id, "instrument"
    )
    return item


def _spans(qs: Any) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(s, e) for s, e in qs.values_list("start", "end")]


def _local(moment: dt.datetime, zone: str) -> str:
    """``moment`` as the instrument's local time (``2026-12-07 09:00 CST``)."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _conflict_message(clash: Booking, zone: str) -> str:
    return _(
        "the time is taken: booking %(booking)s holds %(start)s – %(end)s (buffer included)"
    ) % {
        "booking": clash.pk,
        "start": _local(clash.hold_start, zone),
        "end": _local(clash.hold_end, zone),
    }


#: The longest booking purpose kept (the column's length).
MAX_PURPOSE = 500


def create_booking(
    *,
    actor: Actor,
    instrument_id: int,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str = "",
    organization: str | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book an instrument; 422 for a bad interval, 403 naming the broken rule, 409 if taken."""
    rules.check_interval(start, end)
    if len(purpose) > MAX_PURPOSE or "\x00" in purpose:
        raise ValidationFailed.single(
            "purpose",
            _("at most %(count)s characters and no NUL characters (longer is refused)")
            % {"count": MAX_PURPOSE},
        )
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    now = (now or timezone.now()).astimezone(dt.UTC)
    org = booker_organization(actor, organization)
    assert actor is not None
    user_id = int(actor.pk)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            item = locked_instrument(instrument_id)
            if item.status != Item.Status.ACTIVE:
                raise rules.RuleViolation(
                    "active", _("the instrument is not active in the catalog")
                )
            policy = usable_policy(item)
            terms = terms_of(policy)
            holding = Booking.objects.filter(instrument_id=item.pk, status__in=lifecycle.HOLDING)
            around = holding.filter(
                start__lt=end + QUOTA_LOOKAROUND, end__gt=start - QUOTA_LOOKAROUND
            )
            request = rules.Request(
                start=start,
                end=end,
                now=now,
                qualified=Qualification.objects.filter(
                    instrument_id=item.pk, user_id=user_id
                ).exists(),
                blackouts=_spans(
                    Blackout.objects.filter(instrument_id=item.pk, start__lt=end, end__gt=start)
                ),
                user_bookings=_spans(around.filter(user_id=user_id)),
                organization_bookings=_spans(around.filter(organization_id=org.pk)),
            )
            rules.check(terms, request)
            hold_start, hold_end = rules.hold(start, end, terms.buffer_minutes)
            clash = holding.filter(hold_start__lt=hold_end, hold_end__gt=hold_start).first()
            if clash is not None:
                raise Conflict(_conflict_message(clash, terms.zone))
            tier = tier_for(org, item, policy)
            price = prices_of(policy).for_tier(tier)
            booking = Booking.objects.create(
                instrument=item,
                user_id=user_id,
                organization=org,
                start=start,
                end=end,
                hold_start=hold_start,
                hold_end=hold_end,
                purpose=purpose,
                status=lifecycle.initial_status(policy.approval_required),
                tier=tier,
                price_per_hour_fen=price,
                quoted_fen=pricing.quote(price, start, end),
            )
            audit.record(actor, "booking.booking.create", booking, audit.snapshot(booking))
            figures.refresh(item.pk, start, end)
            if booking.status == lifecycle.REQUESTED:
                notify(
                    user_id,
                    "booking.requested",
                    booking,
                    gettext_noop("Your booking %(booking)s awaits approval."),
                    booking=booking.pk,
                )
                for manager in _manager_ids(item.owner_id):
                    notify(
                        manager,
                        "booking.approval_needed",
                        booking,
                        gettext_noop("Booking %(booking)s needs approval."),
                        booking=booking.pk,
                    )
            else:
                notify(
                    user_id,
                    "booking.confirmed",
                    booking,
                    gettext_noop("Your booking %(booking)s is confirmed."),
                    booking=booking.pk,
                )
    except IntegrityError as exc:
        if "booking_no_overlap" in str(exc):
            raise Conflict(
                _("the time is taken: another booking was made for an overlapping time")
            ) from exc
        raise
    return booking


def _locked_booking(booking_id: int) -> Booking:
    booking = get_visible(Booking.objects.select_for_update(), booking_id, "booking")
    return booking


def _require_booker_or_manager(actor: Actor, booking: Booking, verb: str) -> None:
    if actor is not None and actor.is_authenticated and actor.pk == booking.user_id:
        return
    try:
        require(actor, "manage", booking)
    except PermissionDenied as exc:
        said = {
            "cancel": _("only the booker or the instrument's facility managers may cancel it"),
            "check in": _("only the booker or the instrument's facility managers may check it in"),
            "check out": _(
                "only the booker or the instrument's facility managers may check it out"
            ),
        }[verb]
        refusal = PermissionDenied(f"{said} ({exc})")
        refusal.reason = said  # type: ignore[attr-defined]  # what a page shows (core.errors.shown)
        raise refusal from exc


def _transition(booking: Booking, event: str) -> str:
    old = booking.status
    booking.status = lifecycle.next_status(old, event)
    return old


def offer_freed_time(booking: Booking) -> None:
    """Offer the freed time to the first user waiting for an overlapping slot."""
    entry = (
        WaitlistEntry.objects.select_for_update()
        .filter(
            instrument_id=booking.instrument_id,
            status=WaitlistEntry.Status.WAITING,
            start__lt=booking.hold_end,
            end__gt=booking.start,
        )
        .order_by("created", "id")
        .first()
    )
    if entry is None:
        return
    entry.status = WaitlistEntry.Status.OFFERED
    entry.save(update_fields=["status"])
    notify(
        entry.user_id,
        "booking.waitlist_offer",
        None,
        gettext_noop(
            "Time you waited for on instrument %(instrument)s is free from %(start)s; book it now."
        ),
        instrument=booking.instrument_id,
        start=_local(booking.start, policy_of(booking.instrument).zone),
    )


def decide(
    *, actor: Actor, booking_id: int, approve: bool, note: str = "", now: dt.datetime | None = None
) -> Booking:
    """Approve (→ confirmed) or reject a requested booking; facility managers only, and never
    the booker (a second person approves); a booker may still reject their own request."""
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        require(actor, "manage", booking)
        if approve and actor is not None and actor.pk == booking.user_id:
            raise rules.RuleViolation(
                "second_person",
                _(
                    "where the policy requires approval, a booking must be "
                    "approved by someone other than its booker"
                ),
            )
        old = _transition(booking, "approve" if approve else "reject")
        booking.decided_at = now or timezone.now()
        booking.note = note[:500]
        booking.save(update_fields=["status", "decided_at", "note", "updated"])
        verb = "approve" if approve else "reject"
        audit.record(
            actor,
            f"booking.booking.{verb}",
            booking,
            {"status": [old, booking.status], "note": note},
        )
        notify(
            booking.user_id,
            f"booking.{booking.status}",
            booking,
            gettext_noop("Your booking %(booking)s was confirmed.")
            if approve
            else gettext_noop("Your booking %(booking)s was rejected."),
            booking=booking.pk,
        )
        if not approve:
            offer_freed_time(booking)
            figures.refresh(booking.instrument_id, booking.start, booking.end)
    return booking


def cancel(
    *, actor: Actor, booking_id: int, reason: str = "", now: dt.datetime | None = None
) -> Booking:
    """Cancel a booking; free until the policy's deadline, then the late-cancellation fee."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        _require_booker_or_manager(actor, booking, "cancel")
        old = _transition(booking, "cancel")
        policy = usable_policy(booking.instrument)
        by_facility = actor is not None and actor.pk != booking.user_id
        booking.charge_fen = (
            0
            if by_facility
            else pricing.cancellation_fee(
                quoted_fen=booking.quoted_fen,
                start=booking.start,
                now=now,
                free_hours=policy.cancel_free_hours,
                late_fraction=policy.late_cancel_fraction,
            )
        )
        booking.note = reason[:500]
        booking.save(update_fields=["status", "charge_fen", "note", "updated"])
        audit.record(
            actor,
            "booking.booking.cancel",
            booking,
            {"status": [old, booking.status], "charge_fen": booking.charge_fen, "reason": reason},
        )
        invoicing.issue(actor=actor, booking=booking, kind="cancellation")
        figures.refresh(booking.instrument_id, booking.start, booking.end)
        notify(
            booking.user_id,
            "booking.cancelled",
            booking,
            gettext_noop("Booking %(booking)s was cancelled; fee %(fee)s."),
            booking=booking.pk,
            fee=format_yuan(booking.charge_fen),
        )
        offer_freed_time(booking)
    return booking


def check_in(*, actor: Actor, booking_id: int, now: dt.datetime | None = None) -> Booking:
    """Start using a confirmed booking (from 30 minutes before its start until its end)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        _require_booker_or_manager(actor, booking, "check in")
        if not booking.start - dt.timedelta(minutes=CHECK_IN_EARLY_MINUTES) <= now < booking.end:
            zone = policy_of(booking.instrument).zone
            raise Conflict(
                _(
                    "check-in is open from %(minutes)s min before the start until the end "
                    "of the booking (%(start)s – %(end)s)"
                )
                % {
                    "minutes": CHECK_IN_EARLY_MINUTES,
                    "start": _local(booking.start, zone),
                    "end": _local(booking.end, zone),
                }
            )
        old = _transition(booking, "check_in")
        booking.checked_in_at = now
        booking.save(update_fields=["status", "checked_in_at", "updated"])
        audit.record(
            actor, "booking.booking.check_in", booking, {"status": [old, booking.status], "at": now}
        )
    return booking


def check_out(
    *,
    actor: Actor,
    booking_id: int,
    samples: int = 0,
    operator: str = "",
    now: dt.datetime | None = None,
) -> Booking:
    """Finish a session: log the usage and bill it.

    Billed time is the used time, or the larger of booked and used time where the
    policy says so.
    """
    now = now or timezone.now()
    if samples < 0:
        raise ValidationFailed.single("samples", _("must not be negative"))
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        _require_booker_or_manager(actor, booking, "check out")
        old = _transition(booking, "check_out")
        assert booking.checked_in_at is not None
        used_start = booking.checked_in_at
        used_end = max(now, used_start + dt.timedelta(minutes=1))
        policy = usable_policy(booking.instrument)
        booking.checked_out_at = used_end
        booking.charge_fen = pricing.usage_charge(
            price_fen=booking.price_per_hour_fen,
            booked=(booking.start, booking.end),
            used=(used_start, used_end),
            bill_max=policy.bill_max_booked_logged,
        )
        booking.save(update_fields=["status", "checked_out_at", "charge_fen", "updated"])
        usage = UsageLog.objects.create(
            instrument_id=booking.instrument_id,
            booking=booking,
            organization_id=booking.organization_id,
            start=used_start,
            end=used_end,
            operator=operator or str(getattr(actor, "username", "")),
            samples=samples,
            external=booking.tier != pricing.INTERNAL,
            income_fen=booking.charge_fen,
        )
        audit.record(
            actor,
            "booking.booking.check_out",
            booking,
            {"status": [old, booking.status], "charge_fen": booking.charge_fen, "usage": usage.pk},
        )
        invoicing.issue(actor=actor, booking=booking, kind="usage")
        figures.refresh(
            booking.instrument_id, min(booking.start, used_start), max(booking.end, used_end)
        )
        notify(
            booking.user_id,
            "booking.completed",
            booking,
            gettext_noop("Booking %(booking)s completed; charge %(charge)s."),
            booking=booking.pk,
            charge=format_yuan(booking.charge_fen),
        )
    return booking


def release_no_shows(*, actor: Actor = None, now: dt.datetime | None = None) -> list[int]:
    """Mark confirmed bookings nobody checked into within the grace period as no-shows.

    The rest of their time is released; the no-show fee is charged. Run
    periodically (``innofield booking release-no-shows``). Returns the booking ids.
    """
    now = now or timezone.now()
    released: list[int] = []
    with transaction.atomic():
        due = Booking.objects.select_for_update().filter(status=lifecycle.CONFIRMED, start__lt=now)
        for booking in due.select_related("instrument"):
            policy = policy_of(booking.instrument)
            if damaged_fields(policy) or now < booking.start + dt.timedelta(
                minutes=policy.no_show_grace_minutes
            ):
                continue  # a damaged policy holds only its own bookings back
            old = _transition(booking, "no_show")
            booking.charge_fen = pricing.no_show_fee(
                quoted_fen=booking.quoted_fen, fraction=policy.no_show_fraction
            )
            booking.save(update_fields=["status", "charge_fen", "updated"])
            audit.record(
                actor,
                "booking.booking.no_show",
                booking,
                {"status": [old, booking.status], "charge_fen": booking.charge_fen},
            )
            invoicing.issue(actor=actor, booking=booking, kind="no_show")
            figures.refresh(booking.instrument_id, booking.start, booking.end)
            notify(
                booking.user_id,
                "booking.no_show",
                booking,
                gettext_noop(
                    "Booking %(booking)s was released: no check-in within %(minutes)s min; "
                    "fee %(fee)s."
                ),
                booking=booking.pk,
                minutes=policy.no_show_grace_minutes,
                fee=format_yuan(booking.charge_fen),
            )
            if booking.end > now:
                offer_freed_time(booking)
            released.append(booking.pk)
    return released


def join_waitlist(
    *, actor: Actor, instrument_id: int, start: dt.datetime, end: dt.datetime
) -> WaitlistEntry:
    """Wait for a taken slot; you are notified when overlapping time is freed."""
    rules.check_interval(start, end)
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated("you must log in to join a waiting list")
    with transaction.atomic():
        item = locked_instrument(instrument_id)
        entry = WaitlistEntry.objects.create(
            instrument=item, user_id=actor.pk, start=start, end=end
        )
        audit.record(actor, "booking.waitlist.join", entry, audit.snapshot(entry))
    return entry


def user_by_name(username: str) -> Any:
    """The user called ``username``; :class:`ValidationFailed` naming ``user`` if none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationFailed.single(
            "user", _("no user called %(name)s") % {"name": repr(username)}
        )
    return user
