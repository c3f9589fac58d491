"""Reading for the dashboards: the yearbook panel through SQL into pandas, and the cache."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd
from django.db import connection

from innofield.core.countries import HOME
from innofield.core.errors import NotFound, ValidationFailed
from innofield.observatory.china_framework import SOURCE_VARIABLES
from innofield.registry.models import Region
from innofield.stats.models import Indicator, StatValue

from .models import DashboardResult

#: Yearbook variables the dashboards read (index sources, R&D spending, market flows).
VARIABLES = sorted(SOURCE_VARIABLES)
#: Dashboards with one result per year; ``inequality`` is a single time series.
YEARLY = {"index": "index_years", "ccd": "ccd_years", "flows": "flow_years"}


def params_hash(params: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a result's parameters."""
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def read_panel() -> pd.DataFrame:
    """The dashboards' variables from the stats tables as a long frame.

    One SQL join of values, indicators and regions (provinces and the country) goes straight
    into pandas; regions are named by their short Chinese name (``attributes['short_zh']``,
    ``全国`` for the country) as in the yearbook files. Columns: province, year, variables, value.
    """
    q = connection.ops.quote_name
    sv, ind, reg = StatValue._meta.db_table, Indicator._meta.db_table, Region._meta.db_table
    marks = ", ".join(["%s"] * len(VARIABLES))
    sql = (
        f"SELECT r.{q('code')}, s.{q('year')}, i.{q('code')}, s.{q('value')} "
        f"FROM {q(sv)} s JOIN {q(ind)} i ON i.{q('id')} = s.{q('indicator_id')} "
        f"JOIN {q(reg)} r ON r.{q('id')} = s.{q('region_id')} "
        f"WHERE i.{q('code')} IN ({marks}) AND r.{q('level')} IN (%s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*VARIABLES, "province", "country"])
        rows = cursor.fetchall()
    frame = pd.DataFrame(rows, columns=["region", "year", "variables", "value"])
    # the country is the home root (CN); countries abroad (registry.international) hold
    # no yearbook values and get no name, so their rows, if any, are dropped below
    names = {
        code: (
            ("全国" if code == HOME else None)
            if level == "country"
            else (attrs or {}).get("short_zh")
        )
        for code, level, attrs in Region.objects.filter(
            level__in=["province", "country"]
        ).values_list("code", "level", "attributes")
    }
    frame.insert(0, "province", frame.pop("region").map(names))
    frame = frame.dropna(subset=["province"])
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame.sort_values(["variables", "province", "year"], ignore_index=True)


def province_zones() -> dict[str, str]:
    """Short Chinese province name → economic zone (``Region.zone``) of the provinces."""
    out = {}
    for attrs, zone in Region.objects.filter(level="province").values_list("attributes", "zone"):
        name = (attrs or {}).get("short_zh")
        if name and zone:
            out[str(name)] = str(zone)
    return out


def cached(key: str, params: dict[str, Any] | None = None) -> DashboardResult | None:
    """The cached result of a dashboard for these parameters, or ``None``."""
    return DashboardResult.objects.filter(key=key, params_hash=params_hash(params or {})).first()


def summary() -> dict[str, Any] | None:
    """The summary of the last refresh (years per dashboard, computed_at), or ``None``."""
    row = cached("summary")
    if row is None:
        return None
    return {**row.payload, "computed_at": row.computed_at.isoformat()}


def not_computed() -> NotFound:
    """The error for a dashboard read before the first refresh."""
    return NotFound(
        "the observatory has not been computed yet: a platform admin or government officer "
        "runs `innofield dashboards refresh`"
    )


def yearly(key: str, year: int | None) -> dict[str, Any]:
    """The cached payload of a yearly dashboard; ``year=None`` → the latest year.

    Raises :class:`ValidationFailed` on ``year`` when that year has no data (naming the
    years that have) and :class:`NotFound` when nothing has been computed.
    """
    info = summary()
    if info is None:
        raise not_computed()
    years: list[int] = info[YEARLY[key]]
    if not years:
        raise ValidationFailed.single("year", f"no year has data for the {key} dashboard")
    year = years[-1] if year is None else year
    if year not in years:
        raise ValidationFailed.single(
            "year", f"no {key} data for {year}; years with data: {', '.join(map(str, years))}"
        )
    row = cached(key, {"year": year})
    if row is None:
        raise not_computed()
    return {**row.payload, "years": years, "computed_at": row.computed_at.isoformat()}


def inequality() -> dict[str, Any]:
    """The cached Gini/Theil time series of R&D spending."""
    row = cached("inequality")
    if row is None:
        raise not_computed()
    return {**row.payload, "computed_at": row.computed_at.isoformat()}
