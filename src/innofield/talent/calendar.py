"""An expert's own consultation calendar: pure rules, no Django.

The expert sets weekly hours (weekday and local time ranges in their time zone), at most
so many consultation hours a day and a week, days off, and whether they take requests at
all. :func:`check` refuses a requested consultation that does not fit, raising
:class:`ValidationFailed` naming the field (``profile``, ``wanted_on``, ``starts_at`` or
``hours``). Instants are built with the booking app's pure interval functions
(:func:`innofield.booking.intervals.local_at`, ``covers``, ``overlaps``), so a range
across a daylight-saving change is measured as the booking app measures it.

A consultation without a start time is a whole-day request: it must fit in the day's
total weekly hours, after the hours already accepted that day (and once one is accepted,
timed requests of that day are judged against the total as well).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from innofield.booking import intervals
from innofield.booking.rules import validate_terms
from innofield.core.errors import FieldError, ValidationFailed, gettext

#: A weekly range: weekday (Monday = 0), minutes after local midnight from and until.
Range = tuple[int, int, int]
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Calendar:
    """The expert's consultation availability, as plain values."""

    accepts: bool = True
    zone: str = "Asia/Shanghai"
    weekly: tuple[Range, ...] = ()
    max_hours_day: int | None = None
    max_hours_week: int | None = None
    days_off: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Ask:
    """A consultation on a local day: start in minutes after midnight (None: whole day)."""

    day: dt.date
    start: int | None
    hours: int

    @property
    def end(self) -> int | None:
        """Minutes after local midnight when it ends (None for a whole-day request)."""
        return None if self.start is None else self.start + self.hours * 60


def clock(minutes: int) -> str:
    """``HH:MM`` of minutes after midnight (1440 is ``24:00``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(value: dt.time | None) -> int | None:
    """Minutes after midnight of a time of day (None stays None)."""
    return None if value is None else value.hour * 60 + value.minute


def _day_name(day: int) -> str:
    return gettext(DAY_NAMES[day])


def day_ranges(cal: Calendar, weekday: int) -> list[tuple[int, int]]:
    """The ``(from, until)`` ranges of ``weekday``, sorted."""
    return sorted((f, u) for d, f, u in cal.weekly if d == weekday)


def _span(day: dt.date, start: int, end: int, zone: ZoneInfo) -> intervals.Interval:
    return intervals.local_at(day, start, zone), intervals.local_at(day, end, zone)


def check(cal: Calendar, ask: Ask, accepted: Sequence[Ask], *, capacity_only: bool = False) -> None:
    """Raise :class:`ValidationFailed` naming the field unless ``ask`` fits ``cal``.

    ``accepted`` are the expert's accepted consultations (any days; those of other days
    and weeks are ignored). ``capacity_only`` checks only overlaps and the daily/weekly
    maxima — what an expert accepting a request must still respect.
    """
    zone = ZoneInfo(cal.zone)
    ranges = day_ranges(cal, ask.day.weekday())
    if not capacity_only:
        if not cal.accepts:
            _refuse("profile", gettext("the expert does not take consultation requests now"))
        if ask.day in cal.days_off:
            _refuse(
                "wanted_on",
                gettext("%(day)s is a day off of the expert") % {"day": ask.day.isoformat()},
            )
        if not ranges:
            _refuse(
                "wanted_on",
                gettext("the expert takes no consultations on %(weekday)s")
                % {"weekday": _day_name(ask.day.weekday())},
            )
    same_day = [a for a in accepted if a.day == ask.day]
    used_day = sum(a.hours for a in same_day)
    if ask.start is not None and ask.end is not None:
        span = _span(ask.day, ask.start, ask.end, zone)
        if ask.end > intervals.DAY_MINUTES:
            _refuse("hours", gettext("the consultation must end by midnight"))
        opening = [_span(ask.day, f, u, zone) for f, u in ranges]
        if not capacity_only and not intervals.covers(opening, span):
            _refuse(
                "starts_at",
                gettext(
                    "%(start)s–%(end)s is outside the expert's consultation hours on "
                    "%(weekday)s (%(zone)s)"
                )
                % {
                    "start": clock(ask.start),
                    "end": clock(ask.end),
                    "weekday": _day_name(ask.day.weekday()),
                    "zone": cal.zone,
                },
            )
        for other in same_day:
            if other.start is None or other.end is None:
                continue
            if intervals.overlaps(span, _span(other.day, other.start, other.end, zone)):
                _refuse(
                    "starts_at",
                    gettext("overlaps another accepted consultation %(start)s–%(end)s")
                    % {"start": clock(other.start), "end": clock(other.end)},
                )
    total = sum(u - f for f, u in ranges) / 60
    # whole-day requests hold hours of the day, not a time: judge against the day's total
    whole_day = ask.start is None or any(a.start is None for a in same_day)
    if whole_day and used_day + ask.hours > total:
        _refuse(
            "hours",
            gettext(
                "the expert has %(total)s h of consultation hours on %(day)s and "
                "%(used)s h already accepted"
            )
            % {"total": f"{total:g}", "day": ask.day.isoformat(), "used": used_day},
        )
    if cal.max_hours_day is not None and used_day + ask.hours > cal.max_hours_day:
        _refuse(
            "hours",
            gettext(
                "the expert takes at most %(max)s h of consultations a day; %(used)s h "
                "already accepted on %(day)s"
            )
            % {"max": cal.max_hours_day, "used": used_day, "day": ask.day.isoformat()},
        )
    if cal.max_hours_week is not None:
        monday = ask.day - dt.timedelta(days=ask.day.weekday())
        used_week = sum(
            a.hours for a in accepted if monday <= a.day < monday + dt.timedelta(days=7)
        )
        if used_week + ask.hours > cal.max_hours_week:
            _refuse(
                "hours",
                gettext(
                    "the expert takes at most %(max)s h of consultations a week; %(used)s h "
                    "already accepted in the week of %(monday)s"
                )
                % {"max": cal.max_hours_week, "used": used_week, "monday": monday.isoformat()},
            )


def _refuse(name: str, reason: str) -> None:
    raise ValidationFailed([FieldError(name, reason)])


_LINE = re.compile(r"^\s*(\w+)\s+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def parse_weekly(text: str) -> list[dict[str, Any]]:
    """Lines like ``Mon 09:00-12:00`` (or ``0 09:00-12:00``) as weekly range dicts.

    Raises :class:`ValidationFailed` naming ``weekly`` and the line number."""
    out: list[dict[str, Any]] = []
    names = [d.lower() for d in DAY_NAMES]
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        day = m.group(1).lower()[:3] if m else ""
        if m is None or not (day in names or day.isdigit()):
            raise ValidationFailed.single(
                "weekly",
                gettext("line %(n)s: write e.g. Mon 09:00-12:00") % {"n": n},
            )
        out.append(
            {
                "day": names.index(day) if day in names else int(day),
                "start": f"{int(m.group(2)):02d}:{m.group(3)}",
                "end": f"{int(m.group(4)):02d}:{m.group(5)}",
            }
        )
    return out


def _minutes(text: Any) -> int | None:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if m is None or int(m.group(2)) >= 60:
        return None
    return int(m.group(1)) * 60 + int(m.group(2))


def validate(values: dict[str, Any]) -> tuple[list[Range], list[FieldError]]:
    """The weekly ranges of raw values and the problems with all values (field named).

    ``weekly`` is a list of ``{"day": 0–6, "start": "HH:MM", "end": "HH:MM"}``; ranges
    of one day must not overlap; ``max_hours_day`` 1–24, ``max_hours_week`` 1–168; the
    zone an IANA name (checked as the booking app checks an instrument's zone).
    """
    problems = [
        FieldError(f, r) for f, r in validate_terms({"zone": values.get("zone") or "Asia/Shanghai"})
    ]
    ranges: list[Range] = []
    for n, item in enumerate(values.get("weekly") or []):
        day = item.get("day") if isinstance(item, dict) else None
        start = _minutes(item.get("start")) if isinstance(item, dict) else None
        end = _minutes(item.get("end")) if isinstance(item, dict) else None
        if (
            not isinstance(day, int)
            or day not in range(7)
            or start is None
            or end is None
            or not 0 <= start < end <= intervals.DAY_MINUTES
        ):
            problems.append(
                FieldError(
                    f"weekly.{n}",
                    gettext("needs a day 0 (Mon) … 6 (Sun) and start < end, as HH:MM"),
                )
            )
            continue
        for d, f, u in ranges:
            if d == day and f < end and start < u:
                problems.append(
                    FieldError(
                        f"weekly.{n}",
                        gettext("overlaps %(weekday)s %(start)s–%(end)s")
                        % {"weekday": _day_name(d), "start": clock(f), "end": clock(u)},
                    )
                )
                break
        else:
            ranges.append((day, start, end))
    for name, top in (("max_hours_day", 24), ("max_hours_week", 168)):
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or not 1 <= value <= top):
            problems.append(FieldError(name, gettext("must be 1–%(top)s hours") % {"top": top}))
    return sorted(ranges), problems


def describe(cal: Calendar) -> list[str]:
    """Lines a requester reads: ``Mon 09:00–12:00, 14:00–17:00`` per day with hours."""
    lines = []
    for d in range(7):
        ranges = day_ranges(cal, d)
        if ranges:
            parts = ", ".join(f"{clock(f)}–{clock(u)}" for f, u in ranges)
            lines.append(f"{_day_name(d)} {parts}")
    return lines
