"""The sharing reports' figures per instrument and span, computed directly or read from the
stored per-day figures (:class:`~innofield.booking.models.InstrumentDay`).

* :func:`compute` — the direct computation: for each instrument and each of a list of
  disjoint spans, used time and external-service time (usage log), booked time (holding
  bookings), available time (opening hours less blackouts) in integer microseconds, and
  the income in fen (posted ledger transfers paying bills of bookings that start in the
  span). Integers add up exactly, so a span's figures are the sum of its days' figures.
* :func:`ensure_covered` — stores the per-day figures of the days an instrument's rows do
  not cover yet (the first report that needs them, the demo load, the warm-up job).
* :func:`refresh` — called by every booking action that changes what is counted (booking,
  cancellation, rejection, no-show, check-out, blackout, policy, bill payment, voucher),
  inside its transaction: recomputes the instrument's stored days the change touches.
* :func:`figures_of` — a report's figures per instrument and piece: whole stored days
  summed in the database, the rest (a partial first or last day, days outside the stored
  horizon) computed directly.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from innofield.catalog.models import Item

from . import intervals, lifecycle
from .models import Blackout, Booking, InstrumentDay, Policy, ReportCoverage, UsageLog

Span = tuple[dt.datetime, dt.datetime]
US_PER_HOUR = 3_600_000_000
#: Days stored around today: older or later days are computed directly when asked for.
STORE_BACK_DAYS = 400
STORE_AHEAD_DAYS = 120
CHUNK = 900
_ONE_US = dt.timedelta(microseconds=1)


@dataclass
class Figures:
    """The additive figures of one instrument in one span (times in microseconds)."""

    effective_us: int = 0
    external_us: int = 0
    booked_us: int = 0
    available_us: int = 0
    income_fen: int = 0

    def add(self, other: Figures) -> None:
        """Add ``other``'s figures to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def empty(self) -> bool:
        """True if every figure is zero."""
        return not any(getattr(self, f.name) for f in fields(self))


NAMES = tuple(f.name for f in fields(Figures))


def zone() -> ZoneInfo:
    """The platform's time zone: stored days are its calendar days."""
    return ZoneInfo(settings.TIME_ZONE)


def midnight(day: dt.date) -> dt.datetime:
    """The UTC instant of local midnight starting ``day``."""
    return intervals.local_at(day, 0, zone())


def day_spans(first: dt.date, last: dt.date) -> list[Span]:
    """The local days ``first`` ≤ day < ``last`` as UTC spans."""
    out: list[Span] = []
    day = first
    start = midnight(day)
    while day < last:
        nxt = day + dt.timedelta(days=1)
        end = midnight(nxt)
        out.append((start, end))
        day, start = nxt, end
    return out


def whole_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The local days lying wholly inside ``start``–``end``: ``(first, last)``, last excluded."""
    tz = zone()
    first = start.astimezone(tz).date()
    if midnight(first) < start:
        first += dt.timedelta(days=1)
    last = end.astimezone(tz).date()
    return first, max(first, last)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _spread(
    totals: list[int], los: list[dt.datetime], his: list[dt.datetime], s: Any, e: Any
) -> None:
    """Add the microseconds ``s``–``e`` shares with each span to ``totals``."""
    i = bisect_right(his, s)
    while i < len(los) and los[i] < e:
        lo, hi = max(s, los[i]), min(e, his[i])
        if lo < hi:
            totals[i] += (hi - lo) // _ONE_US
        i += 1


def _shape(policy: tuple[str, int, int, Any] | None) -> tuple[str, int, int, tuple[int, ...]]:
    if policy is None:
        default = Policy()
        return default.zone, default.open_from, default.open_until, tuple(default.open_days)
    zone_name, open_from, open_until, open_days = policy
    return zone_name, open_from, open_until, tuple(open_days or ())


def compute(ids: Sequence[int], spans: Sequence[Span]) -> dict[int, list[Figures]]:
    """The figures of each instrument in ``ids`` in each of the sorted, disjoint ``spans``."""
    out = {pk: [Figures() for _ in spans] for pk in ids}
    if not spans or not ids:
        return out
    los, his = [s for s, _e in spans], [e for _s, e in spans]
    runs = intervals.merge(spans)  # the spans' unbroken stretches: what to read
    effective = {pk: [0] * len(spans) for pk in ids}
    external = {pk: [0] * len(spans) for pk in ids}
    booked = {pk: [0] * len(spans) for pk in ids}
    dark: dict[int, list[Span]] = defaultdict(list)
    shapes: dict[int, tuple[str, int, int, tuple[int, ...]]] = {}
    from .invoicing import ledger_income

    # a few ids are named in the query; many (a whole report) are read without naming them
    scopes: list[list[int] | None] = list(_chunks(ids)) if len(ids) <= CHUNK else [None]
    for scope in scopes:
        mine = Q(instrument_id__in=scope) if scope is not None else Q()
        for lo, hi in runs:
            within = mine & Q(start__lt=hi, end__gt=lo)
            for pk, s, e, ext in UsageLog.objects.filter(within).values_list(
                "instrument_id", "start", "end", "external"
            ):
                if pk in out:
                    _spread(effective[pk], los, his, s, e)
                    if ext:
                        _spread(external[pk], los, his, s, e)
            for pk, s, e in Booking.objects.filter(
                within, status__in=lifecycle.HOLDING
            ).values_list("instrument_id", "start", "end"):
                if pk in out:
                    _spread(booked[pk], los, his, s, e)
            for pk, s, e in Blackout.objects.filter(within).values_list(
                "instrument_id", "start", "end"
            ):
                if pk in out:
                    dark[pk].append((s, e))
            for pk, when, fen in ledger_income(scope, lo, hi):
                i = bisect_right(los, when) - 1
                if pk in out and i >= 0 and when < his[i]:
                    out[pk][i].income_fen += fen
        for pk, *policy in Policy.objects.filter(mine).values_list(
            "instrument_id", "zone", "open_from", "open_until", "open_days"
        ):
            shapes[pk] = _shape(tuple(policy))  # type: ignore[arg-type]
    opening: dict[tuple[str, int, int, tuple[int, ...]], list[Span]] = {}
    open_us: dict[tuple[str, int, int, tuple[int, ...]], list[int]] = {}
    for pk in ids:
        shape = shapes.get(pk) or _shape(None)
        if shape not in opening:
            zone_name, open_from, open_until, open_days = shape
            opening[shape] = [
                (max(s, lo), min(e, hi))
                for lo, hi in runs
                for s, e in intervals.opening_intervals(
                    (lo, hi),
                    zone=zone_name,
                    open_from=open_from,
                    open_until=open_until,
                    open_days=open_days,
                )
            ]
            open_us[shape] = [0] * len(spans)
            for s, e in opening[shape]:
                _spread(open_us[shape], los, his, s, e)
        if dark.get(pk):
            available = [0] * len(spans)
            for s, e in intervals.subtract(opening[shape], dark[pk]):
                _spread(available, los, his, s, e)
        else:
            available = open_us[shape]
        rows = out[pk]
        for i in range(len(spans)):
            row = rows[i]
            row.effective_us = effective[pk][i]
            row.external_us = external[pk][i]
            row.booked_us = booked[pk][i]
            row.available_us = available[i]
    return out


def horizon(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days whose figures are stored: ``STORE_BACK_DAYS`` before today to
    ``STORE_AHEAD_DAYS`` after it."""
    today = today or timezone.now().astimezone(zone()).date()
    return today - dt.timedelta(days=STORE_BACK_DAYS), today + dt.timedelta(days=STORE_AHEAD_DAYS)


def _store(ids: Sequence[int], first: dt.date, last: dt.date) -> None:
    """Replace the stored rows of ``ids`` for the days ``first`` ≤ day < ``last``."""
    spans = day_spans(first, last)
    if not spans:
        return
    days = [first + dt.timedelta(days=n) for n in range(len(spans))]
    computed = compute(ids, spans)
    for chunk in _chunks(ids):
        InstrumentDay.objects.filter(instrument_id__in=chunk, day__gte=first, day__lt=last).delete()
    InstrumentDay.objects.bulk_create(
        [
            InstrumentDay(instrument_id=pk, day=days[i], **vars(row))
            for pk in ids
            for i, row in enumerate(computed[pk])
            if not row.empty()
        ],
        batch_size=1000,
    )


def ensure_covered(ids: Sequence[int], first: dt.date, last: dt.date) -> int:
    """Store the figures of the days ``first`` ≤ day < ``last`` that the instruments' rows
    do not cover yet (each instrument's stored days stay one unbroken range). Locks the
    instruments it fills, like the actions that change them. Returns how many it filled."""
    if first >= last or not ids:
        return 0
    covered: dict[int, tuple[dt.date, dt.date]] = {}
    for chunk in _chunks(ids):
        for pk, lo, hi in ReportCoverage.objects.filter(instrument_id__in=chunk).values_list(
            "instrument_id", "first_day", "last_day"
        ):
            covered[pk] = (lo, hi)
    need = [
        pk for pk in ids if pk not in covered or covered[pk][0] > first or covered[pk][1] < last
    ]
    if not need:
        return 0
    with transaction.atomic():
        for chunk in _chunks(sorted(need)):
            list(Item.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
        covered = {}
        for chunk in _chunks(need):
            for pk, lo, hi in ReportCoverage.objects.filter(instrument_id__in=chunk).values_list(
                "instrument_id", "first_day", "last_day"
            ):
                covered[pk] = (lo, hi)
        groups: dict[tuple[tuple[dt.date, dt.date], ...], list[int]] = defaultdict(list)
        for pk in need:
            if pk not in covered:
                groups[((first, last),)].append(pk)
                continue
            lo, hi = covered[pk]
            parts = []
            if first < lo:
                parts.append((first, lo))
            if hi < last:
                parts.append((hi, last))
            if parts:
                groups[tuple(parts)].append(pk)
        for wanted, pks in groups.items():
            for a, b in wanted:
                _store(pks, a, b)
        filled = [pk for pks in groups.values() for pk in pks]
        ReportCoverage.objects.bulk_create(
            [
                ReportCoverage(instrument_id=pk, first_day=first, last_day=last)
                for pk in filled
                if pk not in covered
            ],
            batch_size=1000,
        )
        widened: dict[tuple[dt.date, dt.date], list[int]] = defaultdict(list)
        for pk in filled:
            if pk in covered:
                lo, hi = covered[pk]
                widened[(min(lo, first), max(hi, last))].append(pk)
        for (lo, hi), pks in widened.items():
            for chunk in _chunks(pks):
                ReportCoverage.objects.filter(instrument_id__in=chunk).update(
                    first_day=lo, last_day=hi
                )
    return len(filled)


def refresh(
    instrument_id: int, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> None:
    """Recompute the stored days of one instrument touching ``start``–``end`` (all of its
    stored days if not given). Call inside the transaction of the change; the instrument
    row is locked so that concurrent changes recompute one after the other."""
    Item.objects.select_for_update().filter(pk=instrument_id).values("pk").first()
    cover = ReportCoverage.objects.filter(instrument_id=instrument_id).first()
    if cover is None:
        return
    first, last = cover.first_day, cover.last_day
    if start is not None and end is not None:
        tz = zone()
        first = max(first, start.astimezone(tz).date())
        last = min(last, end.astimezone(tz).date() + dt.timedelta(days=1))
    if first < last:
        _store([instrument_id], first, last)


def figures_of(
    ids: Sequence[int],
    pieces: Sequence[tuple[str, dt.datetime, dt.datetime]],
    *,
    stored: bool = True,
) -> dict[int, list[Figures]]:
    """Each instrument's figures in each piece (``(label, start, end)``, sorted, disjoint,
    month pieces labelled ``YYYY-MM`` or one piece): whole days within the stored horizon
    summed from the stored rows (filled first where missing), the rest computed directly;
    with ``stored=False`` everything is computed directly (the check of the stored rows)."""
    out = {pk: [Figures() for _ in pieces] for pk in ids}
    if not pieces or not ids:
        return out
    start, end = pieces[0][1], pieces[-1][2]
    direct: list[tuple[int, Span]] = [(n, (lo, hi)) for n, (_l, lo, hi) in enumerate(pieces)]
    if stored:
        first, last = whole_days(start, end)
        back, ahead = horizon()
        first, last = max(first, back), min(last, ahead)
        if first < last:
            ensure_covered(ids, first, last)
            _sum_stored(ids, pieces, first, last, out)
            s_lo, s_hi = midnight(first), midnight(last)
            direct = []
            for n, (_l, lo, hi) in enumerate(pieces):
                if lo < min(hi, s_lo):
                    direct.append((n, (lo, min(hi, s_lo))))
                if max(lo, s_hi) < hi:
                    direct.append((n, (max(lo, s_hi), hi)))
    if direct:
        computed = compute(ids, [span for _n, span in direct])
        for pk, rows in computed.items():
            for (n, _span), row in zip(direct, rows, strict=True):
                out[pk][n].add(row)
    return out


def _sum_stored(
    ids: Sequence[int],
    pieces: Sequence[tuple[str, dt.datetime, dt.datetime]],
    first: dt.date,
    last: dt.date,
    out: dict[int, list[Figures]],
) -> None:
    """Add the stored days ``first`` ≤ day < ``last`` to ``out``, summed in the database per
    instrument and piece in one pass (pieces start and end at local midnights or outside
    the stored days)."""
    sums = {name: Sum(name) for name in NAMES}
    bounds = []
    for n, (_label, lo, hi) in enumerate(pieces):
        whole = whole_days(lo, hi)
        a, b = max(first, whole[0]), min(last, whole[1])
        if a < b:
            bounds.append((n, a, b))
    if not bounds:
        return
    piece = Case(
        *(When(day__gte=a, day__lt=b, then=Value(n)) for n, a, b in bounds),
        default=Value(-1),
        output_field=IntegerField(),
    )
    for chunk in _chunks(ids) if len(ids) <= CHUNK else [None]:
        qs = InstrumentDay.objects.filter(day__gte=bounds[0][1], day__lt=bounds[-1][2])
        qs = qs.filter(instrument_id__in=chunk) if chunk is not None else qs
        rows = qs.annotate(piece=piece).values("instrument_id", "piece").annotate(**sums)
        for row in rows.order_by():
            pk, n = row["instrument_id"], row["piece"]
            if pk in out and n >= 0:
                out[pk][n].add(Figures(**{name: int(row[name] or 0) for name in NAMES}))
