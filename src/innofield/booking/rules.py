"""Pure booking rules of an instrument's policy. No Django here.

:func:`check` raises :class:`RuleViolation` (a 403) naming the first rule a
requested booking breaks; :func:`check_interval` raises a 422 for input that is
not an interval at all (naive, zero-length or reversed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from innofield.core.errors import PermissionDenied, ValidationFailed, gettext

from . import intervals
from .intervals import Interval

QUOTA_SCOPES = ("user", "organization")
QUOTA_PERIODS = ("day", "week", "month")
CLASH_ACTIONS = ("notify", "cancel", "book_around")


class RuleViolation(PermissionDenied):
    """A booking breaks a rule of the instrument's policy; ``rule`` names it."""

    def __init__(self, rule: str, reason: str):
        self.rule = rule
        self.reason = reason  # in the active language: what a page shows
        super().__init__(f"rule {rule}: {reason}")


@dataclass(frozen=True)
class Quota:
    """At most ``max_hours`` and/or ``max_bookings`` per user or organization per period."""

    scope: str
    period: str
    max_hours: float | None = None
    max_bookings: int | None = None

    @property
    def name(self) -> str:
        """The rule name used in errors, e.g. ``quota_user_week``."""
        return f"quota_{self.scope}_{self.period}"


@dataclass(frozen=True)
class Terms:
    """The rules of one instrument's policy, as plain values."""

    zone: str = "Asia/Shanghai"
    open_from: int = 0
    open_until: int = 1440
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    min_minutes: int = 30
    max_minutes: int = 8 * 60
    granularity_minutes: int = 30
    min_notice_minutes: int = 0
    max_advance_days: int = 90
    buffer_minutes: int = 0
    qualification_required: bool = False
    quotas: tuple[Quota, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Request:
    """A requested booking and what the shell knows about its context."""

    start: dt.datetime
    end: dt.datetime
    now: dt.datetime
    qualified: bool = True
    blackouts: Sequence[Interval] = ()
    user_bookings: Sequence[Interval] = ()
    organization_bookings: Sequence[Interval] = ()


#: The date-times the booking app handles; beyond them, date arithmetic overflows.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def check_interval(
    start: Any, end: Any, *, start_field: str = "start", end_field: str = "end"
) -> tuple[dt.datetime, dt.datetime]:
    """``(start, end)`` in UTC; raise :class:`ValidationFailed` naming the field unless both are
    aware date-times within :data:`EARLIEST`–:data:`LATEST` and ``start < end``.
    """
    for name, value in ((start_field, start), (end_field, end)):
        if not isinstance(value, dt.datetime):
            raise ValidationFailed.single(
                name, gettext("must be an ISO 8601 date-time with a UTC offset")
            )
    start, end = as_utc(start, start_field), as_utc(end, end_field)
    for name, value in ((start_field, start), (end_field, end)):
        if not EARLIEST <= value < LATEST:
            raise ValidationFailed.single(
                name, f"is outside the supported years {EARLIEST.year}–{LATEST.year - 1}"
            )
    if end == start:
        raise ValidationFailed.single(
            end_field, gettext("equals start: a booking cannot be zero-length")
        )
    if end < start:
        raise ValidationFailed.single(
            end_field, gettext("is before start: the interval is reversed")
        )
    return start, end


def as_utc(value: dt.datetime, field: str) -> dt.datetime:
    """``value`` in UTC, for queries: PostgreSQL rejects UTC offsets beyond ±15:59 that
    Python accepts (e.g. ``-22:18``); raise :class:`ValidationFailed` naming ``field`` for a
    naive or unrepresentable date-time.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationFailed.single(
            field, "has no UTC offset; send e.g. 2026-03-02T09:00:00+08:00"
        )
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValidationFailed.single(
            field, gettext("is out of the supported date range")
        ) from None


def _hm(minutes: int) -> str:
    if minutes % 60:
        return gettext("%(h)s h %(m)s min") % {"h": minutes // 60, "m": f"{minutes % 60:02d}"}
    return gettext("%(h)s h") % {"h": minutes // 60}


def check(terms: Terms, req: Request) -> None:
    """Raise :class:`RuleViolation` for the first rule of ``terms`` that ``req`` breaks."""
    check_interval(req.start, req.end)
    # Arithmetic on aware datetimes sharing a tzinfo is wall-clock arithmetic in Python;
    # in UTC it is elapsed time, which is what rules and prices count across DST changes.
    req = replace(
        req,
        start=req.start.astimezone(dt.UTC),
        end=req.end.astimezone(dt.UTC),
        now=req.now.astimezone(dt.UTC),
    )
    minutes = (req.end - req.start).total_seconds() / 60
    if minutes < terms.min_minutes:
        raise RuleViolation(
            "min_block",
            gettext("the booking lasts %(minutes)s min; the minimum is %(limit)s")
            % {"minutes": f"{minutes:g}", "limit": _hm(terms.min_minutes)},
        )
    if minutes > terms.max_minutes:
        raise RuleViolation(
            "max_block",
            gettext("the booking lasts %(minutes)s min; the maximum is %(limit)s")
            % {"minutes": f"{minutes:g}", "limit": _hm(terms.max_minutes)},
        )
    gran = terms.granularity_minutes
    for name, moment in (("start", req.start), ("end", req.end)):
        off_grid = moment.second or moment.microsecond
        if off_grid or intervals.minutes_after_local_midnight(moment, terms.zone) % gran:
            raise RuleViolation(
                "granularity",
                gettext("%(name)s must fall on a %(step)s-minute step of local time (%(zone)s)")
                % {"name": gettext(name), "step": gran, "zone": terms.zone},
            )
    if minutes % gran:
        raise RuleViolation(
            "granularity",
            gettext("the length must be a multiple of %(step)s min") % {"step": gran},
        )
    if req.start < req.now + dt.timedelta(minutes=terms.min_notice_minutes):
        raise RuleViolation(
            "min_notice",
            gettext("bookings must start at least %(notice)s from now")
            % {"notice": _hm(terms.min_notice_minutes)}
            if terms.min_notice_minutes
            else gettext("the booking starts in the past"),
        )
    if req.start > req.now + dt.timedelta(days=terms.max_advance_days):
        raise RuleViolation(
            "max_advance",
            gettext("bookings may start at most %(days)s days ahead")
            % {"days": terms.max_advance_days},
        )
    span = (req.start, req.end)
    opening = intervals.opening_intervals(
        span,
        zone=terms.zone,
        open_from=terms.open_from,
        open_until=terms.open_until,
        open_days=terms.open_days,
    )
    if not intervals.covers(opening, span):
        raise RuleViolation(
            "opening_hours",
            gettext("the instrument is open %(from)s–%(until)s on %(days)s (%(zone)s)")
            % {
                "from": _clock(terms.open_from),
                "until": _clock(terms.open_until),
                "days": _days(terms.open_days),
                "zone": terms.zone,
            },
        )
    for b_start, b_end in req.blackouts:
        if intervals.overlaps((b_start, b_end), span):
            raise RuleViolation(
                "blackout",
                gettext("the instrument is unavailable %(start)s – %(end)s (%(zone)s)")
                % {
                    "start": _local(b_start, terms.zone),
                    "end": _local(b_end, terms.zone),
                    "zone": terms.zone,
                },
            )
    if terms.qualification_required and not req.qualified:
        raise RuleViolation(
            "qualification", gettext("only users qualified on this instrument may book it")
        )
    for quota in terms.quotas:
        taken = req.user_bookings if quota.scope == "user" else req.organization_bookings
        _check_quota(quota, terms.zone, span, taken)


def _check_quota(quota: Quota, zone: str, span: Interval, taken: Sequence[Interval]) -> None:
    period = intervals.period_bounds(span[0], quota.period, zone)
    inside = [
        (max(s, period[0]), min(e, period[1]))
        for s, e in taken
        if intervals.overlaps((s, e), period)
    ]
    if quota.max_bookings is not None and len(inside) + 1 > quota.max_bookings:
        raise RuleViolation(
            quota.name,
            gettext("at most %(count)s bookings per %(scope)s per %(period)s")
            % {
                "count": quota.max_bookings,
                "scope": gettext(quota.scope),
                "period": gettext(quota.period),
            },
        )
    if quota.max_hours is not None:
        used = sum((e - s).total_seconds() for s, e in inside) / 3600
        new = (min(span[1], period[1]) - span[0]).total_seconds() / 3600
        if used + new > quota.max_hours + 1e-9:
            raise RuleViolation(
                quota.name,
                gettext(
                    "at most %(hours)s h per %(scope)s per %(period)s; %(used)s h already booked"
                )
                % {
                    "hours": f"{quota.max_hours:g}",
                    "scope": gettext(quota.scope),
                    "period": gettext(quota.period),
                    "used": f"{used:g}",
                },
            )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _local(moment: dt.datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _days(days: Sequence[int]) -> str:
    names = [
        gettext("Mon"),
        gettext("Tue"),
        gettext("Wed"),
        gettext("Thu"),
        gettext("Fri"),
        gettext("Sat"),
        gettext("Sun"),
    ]
    if len(set(days)) == 7:
        return gettext("every day")
    return ",".join(names[d] for d in sorted(set(days)))


def hold(start: dt.datetime, end: dt.datetime, buffer_minutes: int) -> Interval:
    """The time a booking keeps others off the instrument: its own time plus the buffer after it.

    Two bookings' holds must not overlap, so consecutive bookings are at least one
    buffer apart in either order.
    """
    return start, end + dt.timedelta(minutes=buffer_minutes)


def validate_terms(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems with raw policy values as ``(field, reason)`` pairs; empty when valid."""
    problems: list[tuple[str, str]] = []
    positive = ("min_minutes", "max_minutes", "granularity_minutes")
    for name in positive:
        if name in values and (not isinstance(values[name], int) or values[name] <= 0):
            problems.append((name, gettext("must be a positive whole number of minutes")))
    for name in (
        "min_notice_minutes",
        "buffer_minutes",
        "max_advance_days",
        "cancel_free_hours",
        "no_show_grace_minutes",
    ):
        if name in values and (not isinstance(values[name], int) or values[name] < 0):
            problems.append((name, gettext("must be a whole number, zero or more")))
    if not problems and values.get("min_minutes", 1) > values.get("max_minutes", 10**9):
        problems.append(("max_minutes", gettext("must not be less than the shortest booking")))
    of, ou = values.get("open_from", 0), values.get("open_until", 1440)
    if not (isinstance(of, int) and isinstance(ou, int) and 0 <= of < ou <= 1440):
        problems.append(("open_until", gettext("must be after the opening time, on the same day")))
    if "zone" in values:
        try:
            ZoneInfo(str(values["zone"]))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                (
                    "zone",
                    gettext("unknown time zone %(zone)s; use an IANA name like Asia/Shanghai")
                    % {"zone": repr(values["zone"])},
                )
            )
    days = values.get("open_days", [0])
    if not isinstance(days, list | tuple) or not days or any(d not in range(7) for d in days):
        problems.append(("open_days", gettext("choose at least one weekday")))
    for n, q in enumerate(values.get("quotas", []) or []):
        if (
            not isinstance(q, dict)
            or q.get("scope") not in QUOTA_SCOPES
            or q.get("period") not in QUOTA_PERIODS
        ):
            problems.append(
                (
                    f"quotas.{n}",
                    gettext("needs scope in %(scopes)s and period in %(periods)s")
                    % {"scopes": ", ".join(QUOTA_SCOPES), "periods": ", ".join(QUOTA_PERIODS)},
                )
            )
        elif q.get("max_hours") is None and q.get("max_bookings") is None:
            problems.append((f"quotas.{n}", gettext("needs max_hours or max_bookings")))
    return problems
