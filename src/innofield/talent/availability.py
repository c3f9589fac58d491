"""The expert's consultation availability: setting it, reading it, and judging requests.

The rules themselves are pure (:mod:`.calendar`); this module stores them
(:class:`~innofield.talent.models.Availability`), shows them only as consent allows
(consent part ``availability``), and gives :mod:`.consultations` the expert's calendar
and accepted consultations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import FieldError, ValidationFailed, gettext
from innofield.core.permissions import Actor

from . import calendar
from .actions import _locked, _repr, require_person
from .models import Availability, Consultation, Profile
from .present import is_person

#: Consultation states that hold the expert's time.
HOLDING = ("accepted", "billed", "done")


def calendar_of(row: Availability | None) -> calendar.Calendar | None:
    """The pure calendar of a stored availability (None without one)."""
    if row is None:
        return None
    return calendar.Calendar(
        accepts=row.accepts_requests,
        zone=row.zone,
        weekly=tuple((int(d), int(f), int(u)) for d, f, u in row.weekly),
        max_hours_day=row.max_hours_day,
        max_hours_week=row.max_hours_week,
        days_off=frozenset(dt.date.fromisoformat(d) for d in row.days_off),
    )


def stored(profile: Profile) -> Availability | None:
    """The profile's availability row, if the person set one."""
    return Availability.objects.filter(profile=profile).first()


def set_availability(
    *,
    actor: Actor,
    profile_id: int,
    accepts_requests: bool = True,
    zone: str = "Asia/Shanghai",
    weekly: list[dict[str, Any]] | None = None,
    max_hours_day: int | None = None,
    max_hours_week: int | None = None,
    days_off: list[dt.date] | None = None,
    basis: str = "",
) -> Availability:
    """The person (or an admin citing their request) sets their consultation calendar.

    Raises :class:`ValidationFailed` naming ``zone``, ``weekly.<n>``, ``max_hours_day``,
    ``max_hours_week`` or ``days_off``."""
    ranges, problems = calendar.validate(
        {
            "zone": zone,
            "weekly": weekly or [],
            "max_hours_day": max_hours_day,
            "max_hours_week": max_hours_week,
        }
    )
    if (
        max_hours_day is not None
        and max_hours_week is not None
        and max_hours_week < max_hours_day
        and not problems
    ):
        problems.append(FieldError("max_hours_week", gettext("must not be below max_hours_day")))
    if problems:
        raise ValidationFailed(problems)
    offs = sorted({d.isoformat() for d in days_off or []})
    with transaction.atomic():
        profile = _locked(profile_id)
        require_person(actor, profile, "set this consultation calendar", basis)
        row, created = Availability.objects.get_or_create(profile=profile)
        before = None if created else audit.snapshot(row)
        row.accepts_requests = accepts_requests
        row.zone = zone or "Asia/Shanghai"
        row.weekly = [list(r) for r in ranges]
        row.max_hours_day, row.max_hours_week = max_hours_day, max_hours_week
        row.days_off = offs
        row.save()
        audit.record(
            actor,
            "talent.availability.set",
            row,
            {"accepts_requests": accepts_requests, "ranges": len(ranges), "days_off": len(offs)},
            object_repr=_repr(profile),
            before=before,
            after=audit.snapshot(row),
        )
    return row


def present(row: Availability | None) -> dict[str, Any]:
    """The availability as the API and pages show it."""
    if row is None:
        return {"set": False, "accepts_requests": True}
    cal = calendar_of(row)
    assert cal is not None
    return {
        "set": True,
        "accepts_requests": row.accepts_requests,
        "zone": row.zone,
        "weekly": [
            {"day": d, "start": calendar.clock(f), "end": calendar.clock(u)}
            for d, f, u in row.weekly
        ],
        "max_hours_day": row.max_hours_day,
        "max_hours_week": row.max_hours_week,
        "days_off": list(row.days_off),
        "lines": calendar.describe(cal),
    }


def may_see(profile: Profile, viewer: Actor) -> bool:
    """The person sees their own; others only a published profile showing ``availability``."""
    if is_person(viewer, profile):
        return True
    return profile.state == "published" and "availability" in (profile.shown or [])


def has_started(profile: Profile, day: dt.date, start: dt.time) -> bool:
    """True if ``start`` on ``day`` in the expert's zone (the platform's without a
    calendar) is already past."""
    row = stored(profile)
    zone = ZoneInfo(row.zone) if row is not None else timezone.get_current_timezone()
    return dt.datetime.combine(day, start, tzinfo=zone) <= timezone.now()


def _ask(row: Consultation) -> calendar.Ask:
    return calendar.Ask(row.wanted_on, calendar.minutes_of(row.starts_at), row.hours)


def judge(
    profile: Profile,
    *,
    wanted_on: dt.date,
    starts_at: dt.time | None,
    hours: int,
    exclude: int | None = None,
    capacity_only: bool = False,
) -> None:
    """Refuse (naming the field) a consultation that does not fit the expert's calendar;
    call it with the profile locked so two requests are judged one after the other."""
    cal = calendar_of(stored(profile))
    if cal is None:
        return
    monday = wanted_on - dt.timedelta(days=wanted_on.weekday())
    held = Consultation.objects.filter(
        profile=profile,
        state__in=HOLDING,
        wanted_on__gte=monday,
        wanted_on__lt=monday + dt.timedelta(days=7),
    ).exclude(pk=exclude or 0)
    calendar.check(
        cal,
        calendar.Ask(wanted_on, calendar.minutes_of(starts_at), hours),
        [_ask(c) for c in held],
        capacity_only=capacity_only,
    )
