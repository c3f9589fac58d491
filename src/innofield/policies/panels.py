"""The panels an evaluation reads: a yearbook indicator by province and year (through SQL
into pandas), a platform metric by organisation and month, or rows given with the
evaluation. Periods are years or months; months are numbered ``year * 12 + month - 1`` so
the estimators see consecutive integers, and shown again as ``YYYY-MM``."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from innofield.core.errors import ValidationFailed
from innofield.registry.models import Organization, Region
from innofield.stats.models import Indicator, StatValue

if TYPE_CHECKING:
    import pandas as pd

YEAR = re.compile(r"^(19|20)\d\d$")
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


def bookings_per_month(orgs: list[int] | None, start: dt.date, end: dt.date) -> list[Any]:
    """Completed instrument bookings by each booking organisation per calendar month."""
    from innofield.booking.models import Booking

    qs = Booking.objects.filter(status="completed", start__date__gte=start, start__date__lt=end)
    if orgs is not None:
        qs = qs.filter(organization_id__in=orgs)
    rows = (
        qs.annotate(month=TruncMonth("start"))
        .values("organization_id", "month")
        .annotate(n=Count("id"))
        .values_list("organization_id", "month", "n")
    )
    return list(rows)


@dataclass(frozen=True)
class PlatformMetric:
    """A platform metric measured per organisation and month."""

    label: str | Promise
    unit: str | Promise
    rows: Callable[[list[int] | None, dt.date, dt.date], list[Any]]


PLATFORM: dict[str, PlatformMetric] = {
    "bookings.per_org_month": PlatformMetric(
        _("completed instrument bookings per organisation and month"),
        _("bookings"),
        bookings_per_month,
    ),
}


def parse_period(value: Any, unit_kind: str, field: str) -> int:
    """A period as the estimators' integer: a year, or a month numbered from year 0."""
    text = str(value).strip()
    if unit_kind == "province":
        if not YEAR.match(text):
            raise ValidationFailed.single(field, f"{text!r} is not a year (e.g. 2015)")
        return int(text)
    if not MONTH.match(text):
        raise ValidationFailed.single(field, f"{text!r} is not a month (e.g. 2025-03)")
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def show_period(value: float | int, unit_kind: str) -> str:
    """The period as people write it: ``2015`` or ``2025-03``."""
    n = int(value)
    if unit_kind == "province":
        return str(n)
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _month_date(n: int) -> dt.date:
    return dt.date(n // 12, n % 12 + 1, 1)


def stats_panel(code: str, start: int, end: int) -> pd.DataFrame:
    """Indicator ``code`` of every province, years ``start``–``end``: unit, time, y."""
    import pandas as pd

    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise ValidationFailed.single("outcome", f"no statistics indicator {code!r} is loaded")
    q = connection.ops.quote_name
    sql = (
        f"SELECT r.{q('code')}, s.{q('year')}, s.{q('value')} "
        f"FROM {q(StatValue._meta.db_table)} s "
        f"JOIN {q(Region._meta.db_table)} r ON r.{q('id')} = s.{q('region_id')} "
        f"WHERE s.{q('indicator_id')} = %s AND r.{q('level')} = %s "
        f"AND s.{q('year')} >= %s AND s.{q('year')} <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [indicator.pk, "province", start, end])
        rows = cursor.fetchall()
    frame = pd.DataFrame(rows, columns=["unit", "time", "y"])
    return frame.astype({"unit": str, "time": int, "y": float})


def platform_panel(
    metric: str, treated: list[str], start: int, end: int
) -> tuple[pd.DataFrame, dict[int, str]]:
    """A platform metric per organisation and month, zeros where nothing happened.

    The units are the treated organisations and every organisation the metric saw in the
    window (the comparison pool); returns the panel and the organisations' codes by id.
    """
    import pandas as pd

    spec = PLATFORM[metric]
    rows = spec.rows(None, _month_date(start), _month_date(end + 1))
    ids = {o for o, _, _ in rows}
    treated_ids = set(Organization.objects.filter(code__in=treated).values_list("pk", flat=True))
    codes = dict(Organization.objects.filter(pk__in=ids | treated_ids).values_list("pk", "code"))
    periods = list(range(start, end + 1))
    counts = {(codes[o], m.year * 12 + m.month - 1): float(n) for o, m, n in rows}
    frame = pd.DataFrame(
        [(c, t, counts.get((c, t), 0.0)) for c in sorted(codes.values()) for t in periods],
        columns=["unit", "time", "y"],
    )
    return frame, codes


def given_panel(rows: list[Any], unit_kind: str) -> pd.DataFrame:
    """Rows ``[unit, period, value]`` given with the evaluation as a panel frame."""
    import pandas as pd

    out = []
    for k, row in enumerate(rows):
        if not isinstance(row, list | tuple) or len(row) != 3:
            raise ValidationFailed.single(f"panel.{k}", "each row is [unit, period, value]")
        unit, period, value = row
        try:
            y = float(value)
        except (TypeError, ValueError):
            raise ValidationFailed.single(f"panel.{k}", f"{value!r} is not a number") from None
        if not math.isfinite(y):
            raise ValidationFailed.single(f"panel.{k}", f"{value!r} is not a finite number")
        out.append((str(unit), parse_period(period, unit_kind, f"panel.{k}"), y))
    return pd.DataFrame(out, columns=["unit", "time", "y"])


def unit_names(unit_kind: str, codes: list[str], lang: str) -> dict[str, str]:
    """People's names of provinces or organisations by code, in ``lang``."""
    model: Any = Region if unit_kind == "province" else Organization
    out = {}
    for code, zh, en in model.objects.filter(code__in=codes).values_list(
        "code", "name_zh", "name_en"
    ):
        out[code] = (zh if lang.startswith("zh") else en) or zh or code
    return out
