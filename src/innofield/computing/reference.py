"""The reference data shipped with the app (see ``data/README.md`` for every source) and
the figures derived from it: estimated latency, energy per unit, carbon per unit.

Pure Python over the two CSV files; :func:`innofield.computing.actions.sync_reference`
writes the hubs and clusters into the database.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
#: MEE/NBS 2022 national average emission factor, used where no provincial one is published.
NATIONAL_GRID_KG = 0.5366
#: IT energy per unit of each resource, kWh (our assumption; see data/README.md).
KWH_PER_UNIT = {"gpu": 0.7, "cpu": 0.012, "storage": 0.24}
RESOURCES = ("gpu", "cpu", "storage")
RESIDENCY = ("none", "province", "zone")


@dataclass(frozen=True)
class Province:
    """A province with its capital, grid emission factor and (synthetic) electricity price."""

    code: str
    short_zh: str
    name_en: str
    zone: str
    capital_zh: str
    capital_en: str
    lat: float
    lon: float
    grid_kg_per_kwh: float
    grid_published: bool
    industrial_fen_per_kwh: int


@dataclass(frozen=True)
class ClusterRow:
    """One of the 10 national data-centre clusters, with its hub node."""

    code: str
    name_zh: str
    name_en: str
    hub: str
    hub_zh: str
    hub_en: str
    role: str
    provinces: tuple[str, ...]
    site_zh: str
    site_en: str
    lat: float
    lon: float
    pue_target: float


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def provinces() -> dict[str, Province]:
    """The 31 provinces by GB/T 2260 code."""
    out = {}
    for r in _rows("provinces.csv"):
        published = bool(r["grid_kg_per_kwh"])
        out[r["code"]] = Province(
            r["code"],
            r["short_zh"],
            r["name_en"],
            r["zone"],
            r["capital_zh"],
            r["capital_en"],
            float(r["lat"]),
            float(r["lon"]),
            float(r["grid_kg_per_kwh"]) if published else NATIONAL_GRID_KG,
            published,
            int(r["industrial_fen_per_kwh"]),
        )
    return out


@lru_cache(maxsize=1)
def clusters() -> tuple[ClusterRow, ...]:
    """The 10 clusters in file order."""
    return tuple(
        ClusterRow(
            r["cluster"],
            r["cluster_zh"],
            r["cluster_en"],
            r["hub"],
            r["hub_zh"],
            r["hub_en"],
            r["role"],
            tuple(r["provinces"].split(";")),
            r["site_zh"],
            r["site_en"],
            float(r["lat"]),
            float(r["lon"]),
            float(r["pue_target"]),
        )
        for r in _rows("clusters.csv")
    )


def distance_km(a: str, b: str) -> float:
    """Great-circle distance between the capitals of provinces ``a`` and ``b`` (haversine)."""
    p, q = provinces()[a], provinces()[b]
    phi1, phi2 = math.radians(p.lat), math.radians(q.lat)
    dphi, dlmb = phi2 - phi1, math.radians(q.lon - p.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def latency_ms(origin: str, provinces_of_site: tuple[str, ...] | list[str]) -> float:
    """**Estimated** round-trip latency from ``origin`` to the nearest of the site's
    provinces: 2 ms + 1.5 x distance / 100 km (fibre at 200 km/ms, route factor 1.5)."""
    d = min(distance_km(origin, p) for p in provinces_of_site)
    return round(2.0 + 1.5 * d / 100.0, 1)


def carbon_g_per_unit(resource: str, pue: float, grid_kg: float, green_share: float) -> float:
    """Grams of CO2 per unit: IT kWh x PUE x grid factor x the share not from green power."""
    return KWH_PER_UNIT[resource] * pue * grid_kg * 1000.0 * (1.0 - green_share)


def zone_of(province: str) -> str:
    """The NBS economic zone of a province (``""`` if unknown)."""
    p = provinces().get(province)
    return p.zone if p else ""


def residency_allows(kind: str, origin: str, site_provinces: tuple[str, ...] | list[str]) -> bool:
    """True if data from ``origin`` may be processed at a site in ``site_provinces``."""
    if kind == "province":
        return origin in site_provinces
    if kind == "zone":
        return zone_of(origin) in {zone_of(p) for p in site_provinces}
    return True


def write(hub_model: Any, cluster_model: Any) -> None:
    """Create or update the hubs and clusters with the given models (the app's, or the
    historical ones of a migration)."""
    for row in clusters():
        hub, _ = hub_model.objects.update_or_create(
            code=row.hub, defaults={"name_zh": row.hub_zh, "name_en": row.hub_en, "role": row.role}
        )
        first = provinces()[row.provinces[0]]
        cluster_model.objects.update_or_create(
            code=row.code,
            defaults={
                "hub": hub,
                "name_zh": row.name_zh,
                "name_en": row.name_en,
                "provinces": list(row.provinces),
                "province": first.code,
                "site_zh": row.site_zh,
                "site_en": row.site_en,
                "lat": row.lat,
                "lon": row.lon,
                "pue_target": row.pue_target,
                "grid_g_per_kwh": round(first.grid_kg_per_kwh * 1000),
                "electricity_fen_per_kwh": first.industrial_fen_per_kwh,
            },
        )
