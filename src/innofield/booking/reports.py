"""Sharing reports: the pure metrics fed from the database, CSV export, planning warnings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.fields.json import KT
from django.utils.translation import get_language

from innofield.core import csvsafe
from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor
from innofield.registry.models import Region

from . import figures, intervals, metrics, rules
from .queries import instruments

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


def _checked(start: dt.datetime, end: dt.datetime, by: str) -> tuple[dt.datetime, dt.datetime]:
    rules.check_interval(start, end)
    if by not in GROUPS:
        raise ValidationFailed.single("by", f"must be one of {', '.join(GROUPS)}")
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    if end - start > dt.timedelta(days=MAX_DAYS):
        raise ValidationFailed.single("end", f"a report may span at most {MAX_DAYS} days")
    return start, end


def _hours(us: int) -> float:
    return us / figures.US_PER_HOUR


@dataclass(frozen=True)
class Instrument:
    """What the reports need to know about an instrument (read without loading the item)."""

    pk: int
    title: str
    owner_code: str
    owner_name: str
    region_code: str
    province: str | None
    category: str


def _instruments(actor: Actor, region: str | None) -> list[Instrument]:
    """The instruments the actor may see, as :class:`Instrument` records."""
    zh = (get_language() or "en").startswith("zh")
    out = []
    for row in (
        instruments(actor, region=region)
        .annotate(category=KT("details__category"))
        .values_list(
            "pk",
            "title",
            "owner__code",
            "owner__name_zh",
            "owner__name_en",
            "region__code",
            "region__level",
            "region__parent__code",
            "region__parent__level",
            "region__parent__parent__code",
            "region__parent__parent__level",
            "category",
        )
    ):
        pk, title, code, name_zh, name_en, *regions, category = row
        chain = list(zip(regions[0::2], regions[1::2], strict=True))
        province = next((c for c, level in chain if level == Region.Level.PROVINCE), None)
        name = (name_zh or name_en) if zh else (name_en or name_zh)
        out.append(Instrument(pk, title, code, name, regions[0], province, str(category or "")))
    return out


def _instrument_rows(
    actor: Actor,
    *,
    start: dt.datetime,
    end: dt.datetime,
    by: str,
    region: str | None = None,
    stored: bool = True,
) -> tuple[list[Instrument], list[metrics.Base]]:
    """The visible instruments and, per instrument (and month, if ``by`` is ``month``), the
    additive figures of the period (read from the stored days unless ``stored`` is false)."""
    start, end = _checked(start, end, by)
    items = _instruments(actor, region)
    pieces = list(months(start, end)) if by == "month" else [("", start, end)]
    found = figures.figures_of([i.pk for i in items], pieces, stored=stored)
    out: list[metrics.Base] = []
    for item in items:
        key, label = {
            "instrument": (item.pk, item.title),
            "organization": (item.owner_code, item.owner_name),
            "region": (item.province or item.region_code, str(item.province)),
            "month": ("", ""),
        }[by]
        for (month, _lo, _hi), row in zip(pieces, found[item.pk], strict=True):
            out.append(
                metrics.Base(
                    key=month if by == "month" else key,
                    label=month if by == "month" else label,
                    instrument=item.pk,
                    effective_hours=_hours(row.effective_us),
                    external_hours=_hours(row.external_us),
                    booked_hours=_hours(row.booked_us),
                    available_hours=_hours(row.available_us),
                    income_fen=row.income_fen,
                )
            )
    return items, out


def base_rows(
    actor: Actor,
    *,
    start: dt.datetime,
    end: dt.datetime,
    by: str,
    region: str | None = None,
    stored: bool = True,
) -> list[metrics.Base]:
    """Per instrument (and month, if ``by`` is ``month``) the additive figures of the period:
    whole days from the stored per-day figures, partial days computed directly (all of it
    computed directly with ``stored=False``; both give the same figures)."""
    return _instrument_rows(actor, start=start, end=end, by=by, region=region, stored=stored)[1]


def metrics_rows(
    actor: Actor,
    *,
    start: dt.datetime,
    end: dt.datetime,
    by: str = "instrument",
    region: str | None = None,
    stored: bool = True,
) -> list[dict[str, Any]]:
    """The sharing metrics grouped by instrument, organization, region (province) or month."""
    return metrics.aggregate(
        base_rows(actor, start=start, end=end, by=by, region=region, stored=stored)
    )


def _warnings(
    items: list[Instrument], rows: list[metrics.Base], threshold: float
) -> list[dict[str, object]]:
    booked: dict[int, float] = defaultdict(float)
    available: dict[int, float] = defaultdict(float)
    for r in rows:
        booked[r.instrument] += r.booked_hours
        available[r.instrument] += r.available_hours
    holdings = [
        metrics.Holding(
            instrument=i.pk,
            region=i.province or "",
            category=i.category,
            utilization=metrics.ratio(booked[i.pk], available[i.pk]),
        )
        for i in items
    ]
    return metrics.duplicate_purchase_warnings(holdings, threshold=threshold)


def duplicate_purchase_warnings(
    actor: Actor, *, start: dt.datetime, end: dt.datetime, threshold: float = 0.3
) -> list[dict[str, object]]:
    """Instrument types whose instruments in a province are under-used in the period."""
    items, rows = _instrument_rows(actor, start=start, end=end, by="instrument")
    return _warnings(items, rows, threshold)


def report(
    actor: Actor, *, start: dt.datetime, end: dt.datetime, by: str, threshold: float = 0.3
) -> tuple[list[dict[str, Any]], list[dict[str, object]]]:
    """The metrics rows grouped ``by`` and the duplicate-purchase warnings of the period,
    from one reading of each instrument's figures."""
    items, rows = _instrument_rows(actor, start=start, end=end, by=by)
    return metrics.aggregate(rows), _warnings(items, rows, threshold)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Metrics rows as CSV with the columns of :data:`metrics.COLUMNS` (formula-safe cells)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(metrics.COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {k: "" if row.get(k) is None else row.get(k) for k in metrics.COLUMNS}
        writer.writerow(csvsafe.safe_row(cells))
    return out.getvalue()
