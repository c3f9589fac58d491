"""Sharing reports: the pure metrics fed from the database, CSV export, planning warnings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from innofield.core import csvsafe
from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor

from . import intervals, invoicing, lifecycle, metrics, rules
from .models import Blackout, Booking, Policy, UsageLog
from .queries import instruments
from .terms import default_policy, province_of

GROUPS = ("instrument", "organization", "region", "month")
MAX_DAYS = 800


def months(start: dt.datetime, end: dt.datetime) -> Iterator[tuple[str, dt.datetime, dt.datetime]]:
    """Calendar months (platform time zone) covering ``start``–``end``, clipped to it."""
    tz = ZoneInfo(settings.TIME_ZONE)
    first = start.astimezone(tz).date().replace(day=1)
    while True:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        lo, hi = intervals.local_at(first, 0, tz), intervals.local_at(nxt, 0, tz)
        if lo >= end:
            return
        yield f"{first:%Y-%m}", max(lo, start), min(hi, end)
        first = nxt


def _clipped_hours(
    spans: list[tuple[dt.datetime, dt.datetime]], lo: dt.datetime, hi: dt.datetime
) -> float:
    return sum(max(0.0, (min(e, hi) - max(s, lo)).total_seconds()) for s, e in spans) / 3600


def base_rows(
    actor: Actor, *, start: dt.datetime, end: dt.datetime, by: str, region: str | None = None
) -> list[metrics.Base]:
    """Per instrument (and month, if ``by`` is ``month``) the additive figures of the period."""
    rules.check_interval(start, end)
    if by not in GROUPS:
        raise ValidationFailed.single("by", f"must be one of {', '.join(GROUPS)}")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end - start > dt.timedelta(days=MAX_DAYS):
        raise ValidationFailed.single("end", f"a report may span at most {MAX_DAYS} days")
    items = list(instruments(actor, region=region).select_related("owner", "region__parent"))
    ids = [i.pk for i in items]
    usage: dict[int, list[tuple[dt.datetime, dt.datetime, bool]]] = defaultdict(list)
    for u in UsageLog.objects.filter(
        instrument_id__in=ids, start__lt=end, end__gt=start
    ).values_list("instrument_id", "start", "end", "external"):
        usage[u[0]].append((u[1], u[2], u[3]))
    income: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for i in range(0, len(ids), 900):
        for instrument, when, amount in invoicing.ledger_income(ids[i : i + 900], start, end):
            income[instrument].append((when, amount))
    booked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for b in Booking.objects.filter(
        instrument_id__in=ids, status__in=lifecycle.HOLDING, start__lt=end, end__gt=start
    ).values_list("instrument_id", "start", "end"):
        booked[b[0]].append((b[1], b[2]))
    dark: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for d in Blackout.objects.filter(
        instrument_id__in=ids, start__lt=end, end__gt=start
    ).values_list("instrument_id", "start", "end"):
        dark[d[0]].append((d[1], d[2]))
    policies = {p.instrument_id: p for p in Policy.objects.filter(instrument_id__in=ids)}
    pieces = list(months(start, end)) if by == "month" else [("", start, end)]
    out: list[metrics.Base] = []
    for item in items:
        policy = policies.get(item.pk) or default_policy(item)
        for month, lo, hi in pieces:
            opening = intervals.opening_intervals(
                (lo, hi),
                zone=policy.zone,
                open_from=policy.open_from,
                open_until=policy.open_until,
                open_days=policy.open_days,
            )
            opening = [(max(s, lo), min(e, hi)) for s, e in opening]
            available = intervals.hours(intervals.subtract(opening, dark[item.pk]))
            used = usage[item.pk]
            key, label = {
                "instrument": (item.pk, item.title),
                "organization": (item.owner.code, item.owner.name),
                "region": (
                    province_of(item.region) or item.region.code,
                    str(province_of(item.region)),
                ),
                "month": (month, month),
            }[by]
            out.append(
                metrics.Base(
                    key=key,
                    label=label,
                    instrument=item.pk,
                    effective_hours=_clipped_hours([(s, e) for s, e, _x in used], lo, hi),
                    external_hours=_clipped_hours([(s, e) for s, e, x in used if x], lo, hi),
                    booked_hours=_clipped_hours(booked[item.pk], lo, hi),
                    available_hours=available,
                    income=sum(fen for when, fen in income[item.pk] if lo <= when < hi) / 100,
                )
            )
    return out


def metrics_rows(
    actor: Actor,
    *,
    start: dt.datetime,
    end: dt.datetime,
    by: str = "instrument",
    region: str | None = None,
) -> list[dict[str, Any]]:
    """The sharing metrics grouped by instrument, organization, region (province) or month."""
    return metrics.aggregate(base_rows(actor, start=start, end=end, by=by, region=region))


def duplicate_purchase_warnings(
    actor: Actor, *, start: dt.datetime, end: dt.datetime, threshold: float = 0.3
) -> list[dict[str, object]]:
    """Instrument types whose instruments in a province are under-used in the period."""
    rows = base_rows(actor, start=start, end=end, by="instrument")
    items = {i.pk: i for i in instruments(actor).select_related("region__parent")}
    holdings = [
        metrics.Holding(
            instrument=r.instrument,
            region=province_of(items[r.instrument].region) or "",
            category=str((items[r.instrument].details or {}).get("category", "")),
            utilization=metrics.ratio(r.booked_hours, r.available_hours),
        )
        for r in rows
    ]
    return metrics.duplicate_purchase_warnings(holdings, threshold=threshold)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Metrics rows as CSV with the columns of :data:`metrics.COLUMNS` (formula-safe cells)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(metrics.COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {k: "" if row.get(k) is None else row.get(k) for k in metrics.COLUMNS}
        writer.writerow(csvsafe.safe_row(cells))
    return out.getvalue()
