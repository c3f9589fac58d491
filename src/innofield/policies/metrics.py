"""The indicators a policy target can be bound to, measured from the platform's records
(or, as ``stats:<code>``, taken from the loaded statistics panels) for a province and a
period. Each metric names its unit, so pages can show it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from innofield.booking.models import Booking, UsageLog
from innofield.market.models import Deal
from innofield.registry.models import Region
from innofield.stats.models import StatValue
from innofield.vouchers.models import Redemption

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Metric:
    """A platform indicator: label, unit and how to measure it."""

    label: StrOrPromise
    unit: StrOrPromise
    measure: Callable[[Region, dt.date, dt.date], float | None]


def within(region: Region, path: str) -> Q:
    """Rows whose region (at ``path``) is ``region`` or lies below it (three levels)."""
    return (
        Q(**{path: region})
        | Q(**{f"{path}__parent": region})
        | Q(**{f"{path}__parent__parent": region})
    )


def within_code(code: str, path: str) -> Q:
    """Like :func:`within` for a region given by its code."""
    return (
        Q(**{f"{path}__code": code})
        | Q(**{f"{path}__parent__code": code})
        | Q(**{f"{path}__parent__parent__code": code})
    )


def _period(path: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{path}__date__gte": start, f"{path}__date__lte": end})


def completed_bookings(region: Region, start: dt.date, end: dt.date) -> float:
    """Completed bookings of the region's instruments in the period."""
    return float(
        Booking.objects.filter(within(region, "instrument__region"), status="completed")
        .filter(_period("start", start, end))
        .count()
    )


def sharing_rate(region: Region, start: dt.date, end: dt.date) -> float | None:
    """External hours ÷ effective hours of the region's instruments (the national measure)."""
    logs = UsageLog.objects.filter(within(region, "instrument__region")).filter(
        _period("start", start, end)
    )
    total = external = 0.0
    for log in logs.values("start", "end", "external"):
        hours = (log["end"] - log["start"]).total_seconds() / 3600
        total += hours
        external += hours if log["external"] else 0.0
    return external / total if total else None


def cross_region_bookings(region: Region, start: dt.date, end: dt.date) -> float:
    """Completed bookings of the region's instruments by organisations of other provinces."""
    qs = (
        Booking.objects.filter(within(region, "instrument__region"), status="completed")
        .filter(_period("start", start, end))
        .exclude(within(region, "organization__region"))
    )
    return float(qs.count())


def contracts(region: Region, start: dt.date, end: dt.date) -> float:
    """Technology contracts registered in the period whose seller is in the region."""
    return float(
        Deal.objects.filter(within(region, "listing__seller__region"))
        .filter(_period("registered_at", start, end))
        .count()
    )


def vouchers_redeemed(region: Region, start: dt.date, end: dt.date) -> float:
    """Voucher money (fen) paid out in the period by programmes the region issued."""
    total = (
        Redemption.objects.filter(status="paid", issuer_region=region.code)
        .filter(_period("created", start, end))
        .aggregate(s=Sum("subsidy"))["s"]
    )
    return float(total or 0)


METRICS: dict[str, Metric] = {
    "bookings.completed": Metric(
        _("completed instrument bookings"), _("bookings"), completed_bookings
    ),
    "bookings.sharing_rate": Metric(
        _("instrument sharing rate"), _("share of hours"), sharing_rate
    ),
    "bookings.cross_region": Metric(
        _("cross-region instrument bookings"), _("bookings"), cross_region_bookings
    ),
    "market.contracts": Metric(_("registered technology contracts"), _("contracts"), contracts),
    "vouchers.redeemed": Metric(_("voucher money paid out"), _("fen"), vouchers_redeemed),
}


def label(indicator: str) -> str:
    """A person's name for ``indicator``."""
    if indicator.startswith("stats:"):
        return indicator[6:]
    metric = METRICS.get(indicator)
    return str(metric.label) if metric else indicator


def known(indicator: str) -> bool:
    """True for a platform metric or ``stats:<code>`` of a loaded indicator."""
    if indicator.startswith("stats:"):
        return StatValue.objects.filter(indicator__code=indicator[6:]).exists()
    return indicator in METRICS


def measure(indicator: str, region: Region, start: dt.date, end: dt.date) -> float | None:
    """The indicator's value for ``region`` over ``start``–``end`` (stats: the latest year
    up to ``end``'s year); ``None`` when there is nothing to measure."""
    if indicator.startswith("stats:"):
        row = (
            StatValue.objects.filter(
                indicator__code=indicator[6:], region=region, year__lte=end.year
            )
            .order_by("-year")
            .first()
        )
        return row.value if row else None
    return METRICS[indicator].measure(region, start, end)


__all__ = ["METRICS", "Metric", "known", "label", "measure", "within", "within_code"]
