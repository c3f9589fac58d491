"""Pure interval arithmetic for calendars: opening hours in a time zone, free time.

No Django here. Every datetime is timezone-aware; intervals are half-open
``(start, end)`` pairs with ``start < end``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

Interval = tuple[dt.datetime, dt.datetime]
DAY_MINUTES = 24 * 60


def overlaps(a: Interval, b: Interval) -> bool:
    """True if two half-open intervals share any instant."""
    return a[0] < b[1] and b[0] < a[1]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union of intervals; touching intervals are joined."""
    out: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def subtract(base: Sequence[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of ``base`` not covered by any of ``holes``."""
    result = merge(base)
    for h_start, h_end in merge(holes):
        nxt: list[Interval] = []
        for start, end in result:
            if h_end <= start or end <= h_start:
                nxt.append((start, end))
                continue
            if start < h_start:
                nxt.append((start, h_start))
            if h_end < end:
                nxt.append((h_end, end))
        result = nxt
    return result


def covers(union: Sequence[Interval], span: Interval) -> bool:
    """True if ``span`` lies wholly inside one interval of the merged ``union``."""
    return any(s <= span[0] and span[1] <= e for s, e in merge(union))


def hours(intervals: Iterable[Interval]) -> float:
    """Total length in hours of the union of ``intervals``."""
    return sum((e - s).total_seconds() for s, e in merge(intervals)) / 3600


def local_at(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of ``minute`` minutes after local midnight of ``day`` (1440: next midnight).

    Wall-clock times that do not exist (a spring-forward gap) are moved forward by the
    gap, times that exist twice (autumn) take the first occurrence.
    """
    if minute >= DAY_MINUTES:
        return local_at(day + dt.timedelta(days=1), minute - DAY_MINUTES, zone)
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    # PEP 495: fold=0 maps a time in a gap with the offset before the change (so it
    # lands after the gap) and a repeated time to its first occurrence.
    return naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)


def opening_intervals(
    span: Interval, *, zone: str, open_from: int, open_until: int, open_days: Sequence[int]
) -> list[Interval]:
    """Opening intervals (UTC) overlapping ``span``.

    ``open_from``/``open_until`` are minutes after local midnight (0–1440) and
    ``open_days`` the open weekdays (Monday = 0). Opening hours of consecutive days
    that touch (e.g. 0–1440 every day) merge into one interval, so a booking may run
    across midnight when the instrument is open around the clock.
    """
    tz = ZoneInfo(zone)
    first = span[0].astimezone(tz).date() - dt.timedelta(days=1)
    last = span[1].astimezone(tz).date()
    out: list[Interval] = []
    day = first
    while day <= last:
        if day.weekday() in open_days and open_from < open_until:
            start = local_at(day, open_from, tz)
            end = local_at(day, open_until, tz)
            if start < end:
                out.append((start, end))
        day += dt.timedelta(days=1)
    return [i for i in merge(out) if overlaps(i, span)]


def minutes_after_local_midnight(moment: dt.datetime, zone: str) -> int:
    """Wall-clock minutes after local midnight of ``moment`` in ``zone`` (seconds ignored)."""
    local = moment.astimezone(ZoneInfo(zone))
    return local.hour * 60 + local.minute


def period_bounds(moment: dt.datetime, period: str, zone: str) -> Interval:
    """The local calendar day, ISO week or month containing ``moment``, in UTC."""
    tz = ZoneInfo(zone)
    day = moment.astimezone(tz).date()
    if period == "day":
        first, last = day, day + dt.timedelta(days=1)
    elif period == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=7)
    elif period == "month":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1)
    else:
        raise ValueError(f"unknown period {period!r}")
    return local_at(first, 0, tz), local_at(last, 0, tz)


def slots(
    free: Sequence[Interval], *, step_minutes: int, length_minutes: int, zone: str
) -> list[Interval]:
    """Bookings of ``length_minutes`` in ``free``, starting on the local ``step_minutes`` grid."""
    out: list[Interval] = []
    step = dt.timedelta(minutes=step_minutes)
    length = dt.timedelta(minutes=length_minutes)
    for start, end in merge(free):
        offset = minutes_after_local_midnight(start, zone) % step_minutes
        cursor = start.replace(second=0, microsecond=0)
        if offset or cursor < start:
            cursor += dt.timedelta(minutes=step_minutes - offset)
        while cursor + length <= end:
            out.append((cursor, cursor + length))
            cursor += step
    return out
