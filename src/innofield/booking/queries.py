"""Read-side queries of the booking app, restricted by the acting user."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet

from innofield.catalog.models import Item
from innofield.core.errors import ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, organization_ids, restrict

from . import intervals, lifecycle, rules
from .models import Blackout, Booking
from .terms import policy_of

MAX_AVAILABILITY_DAYS = 62


def instruments(
    actor: Actor,
    *,
    region: str | None = None,
    type: str | None = None,
    text: str | None = None,
    free_start: dt.datetime | None = None,
    free_end: dt.datetime | None = None,
) -> QuerySet[Item]:
    """Instruments the actor may see; ``type`` is the category; free in ``free_start``–``free_end``.

    "Free" means no booking holds (buffer included) and no blackout covers any of the time.
    """
    qs = restrict(
        Item.objects.filter(kind="instrument").select_related("owner", "region", "booking_policy"),
        actor,
    ).order_by("id")
    if region:
        qs = qs.filter(
            Q(region__code=region)
            | Q(region__parent__code=region)
            | Q(region__parent__parent__code=region)
        )
    if type:
        qs = qs.filter(details__category=type)
    if text:
        for word in text.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if (free_start is None) != (free_end is None):
        raise ValidationFailed.single(
            "end" if free_end is None else "start", "give both start and end"
        )
    if free_start is not None and free_end is not None:
        free_start, free_end = rules.check_interval(free_start, free_end)
        taken = Booking.objects.filter(
            instrument=OuterRef("pk"),
            status__in=lifecycle.HOLDING,
            hold_start__lt=free_end,
            hold_end__gt=free_start,
        )
        dark = Blackout.objects.filter(
            instrument=OuterRef("pk"), start__lt=free_end, end__gt=free_start
        )
        qs = qs.filter(~Exists(taken), ~Exists(dark))
    return qs


def instrument(actor: Actor, instrument_id: int) -> Item:
    """One instrument the actor may see, or :class:`NotFound`."""
    item = get_visible(instruments(actor), instrument_id, "instrument")
    return item


def availability(
    actor: Actor, instrument_id: int, start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    """Opening hours, busy holds, blackouts and free time of an instrument between ``start`` and
    ``end``.
    """
    start, end = rules.check_interval(start, end)
    if end - start > dt.timedelta(days=MAX_AVAILABILITY_DAYS):
        raise ValidationFailed.single(
            "end", f"the range may span at most {MAX_AVAILABILITY_DAYS} days"
        )
    item = instrument(actor, instrument_id)
    policy = policy_of(item)
    opening = intervals.opening_intervals(
        (start, end),
        zone=policy.zone,
        open_from=policy.open_from,
        open_until=policy.open_until,
        open_days=policy.open_days,
    )
    opening = [(max(s, start), min(e, end)) for s, e in opening]
    busy = list(
        Booking.objects.filter(
            instrument=item, status__in=lifecycle.HOLDING, hold_start__lt=end, hold_end__gt=start
        ).values("id", "status", "start", "end", "hold_start", "hold_end")
    )
    dark = list(
        Blackout.objects.filter(instrument=item, start__lt=end, end__gt=start).values(
            "id", "kind", "start", "end", "reason"
        )
    )
    holes = [(b["hold_start"], b["hold_end"]) for b in busy] + [
        (b["start"], b["end"]) for b in dark
    ]
    # a new booking needs its own buffer before the next hold as well
    buffer = dt.timedelta(minutes=policy.buffer_minutes)
    holes += [(b["hold_start"] - buffer, b["hold_start"]) for b in busy]
    free = intervals.subtract(opening, holes)
    return {
        "instrument": item.pk,
        "zone": policy.zone,
        "start": start,
        "end": end,
        "open": [{"start": s, "end": e} for s, e in opening],
        "busy": busy,
        "blackouts": dark,
        "free": [{"start": s, "end": e} for s, e in free],
        "granularity_minutes": policy.granularity_minutes,
        "min_minutes": policy.min_minutes,
    }


def bookings(
    actor: Actor,
    *,
    instrument: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    status: str | None = None,
    mine: bool = False,
) -> QuerySet[Booking]:
    """Bookings the actor may see: their own, their organizations', and those of instruments they
    run.
    """
    if status and status not in lifecycle.STATUSES:
        raise ValidationFailed.single("status", f"must be one of {', '.join(lifecycle.STATUSES)}")
    qs = Booking.objects.select_related("instrument", "organization", "user")
    if actor is None or not actor.is_authenticated:
        return qs.none()
    own = Q(user_id=actor.pk)
    if not mine:
        own |= Q(organization_id__in=organization_ids(actor, "view"))
        qs = qs.filter(own | Q(pk__in=restrict(Booking.objects.all(), actor, "view").values("pk")))
    else:
        qs = qs.filter(own)
    if instrument is not None:
        qs = qs.filter(instrument_id=instrument)
    if start is not None:
        qs = qs.filter(end__gt=rules.as_utc(start, "start"))
    if end is not None:
        qs = qs.filter(start__lt=rules.as_utc(end, "end"))
    if status:
        qs = qs.filter(status=status)
    elif not mine:
        qs = qs.filter(status__in=lifecycle.HOLDING)
    return qs.order_by("start", "id")


def approval_queue(actor: Actor) -> QuerySet[Booking]:
    """Requested bookings of the instruments the actor manages, oldest first."""
    return (
        restrict(
            Booking.objects.select_related("instrument", "organization", "user"), actor, "manage"
        )
        .filter(status=lifecycle.REQUESTED)
        .order_by("created", "id")
    )


def quote(
    actor: Actor,
    instrument_id: int,
    start: dt.datetime,
    end: dt.datetime,
    organization: str | None = None,
) -> dict[str, Any]:
    """What booking ``start``–``end`` would cost the actor's organization, and the cancellation
    terms.
    """
    from . import pricing
    from .actions import booker_organization
    from .terms import prices_of, tier_for, usable_policy

    rules.check_interval(start, end)
    item = instrument(actor, instrument_id)
    org = booker_organization(actor, organization)
    policy = usable_policy(item)
    tier = tier_for(org, item, policy)
    price = prices_of(policy).for_tier(tier)
    amount = pricing.quote(price, start, end)
    return {
        "instrument": item.pk,
        "organization": org.code,
        "tier": tier,
        "price_per_hour": price,
        "hours": pricing.hours_between(start, end),
        "amount": amount,
        "cancel_free_until": start - dt.timedelta(hours=policy.cancel_free_hours),
        "late_cancel_fee": pricing.money(amount * policy.late_cancel_fraction),
    }


def week(actor: Actor, item: Item, monday: dt.date, *, now: dt.datetime) -> dict[str, Any]:
    """The calendar of ``item`` for the week starting ``monday`` (the instrument's zone):
    per day the bookable slots still ahead of ``now``, the busy and the blacked-out time;
    whether ``actor`` manages it; the neighbouring weeks."""
    policy = policy_of(item)
    zone = ZoneInfo(policy.zone)
    start = intervals.local_at(monday, 0, zone)
    end = intervals.local_at(monday + dt.timedelta(days=7), 0, zone)
    data = availability(actor, item.pk, start, end)
    length = max(
        policy.min_minutes, 60 if policy.granularity_minutes <= 60 else policy.granularity_minutes
    )
    free = [(f["start"], f["end"]) for f in data["free"]]
    slots = [
        s
        for s in intervals.slots(
            free,
            step_minutes=max(60, policy.granularity_minutes),
            length_minutes=length,
            zone=policy.zone,
        )
        if s[0] > now
    ]
    days = []
    for n in range(7):
        day = monday + dt.timedelta(days=n)
        days.append(
            {
                "date": day,
                "slots": [
                    (s.astimezone(zone), e.astimezone(zone))
                    for s, e in slots
                    if s.astimezone(zone).date() == day
                ],
                "busy": [b for b in data["busy"] if b["start"].astimezone(zone).date() == day],
                "dark": [b for b in data["blackouts"] if b["start"].astimezone(zone).date() <= day],
            }
        )
    return {
        "item": item,
        "may_manage": restrict(Item.objects.filter(pk=item.pk), actor, "manage").exists(),
        "policy": policy,
        "days": days,
        "monday": monday,
        "prev": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
    }
