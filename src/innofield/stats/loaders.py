"""Loading the China provincial statistics panels (long format) into the stats tables."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd
from django.db import transaction

from innofield.core import audit
from innofield.core.countries import HOME
from innofield.core.errors import ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin
from innofield.registry.models import Region

from .models import Indicator, StatValue

PANEL_COLUMNS = {"province", "year", "chn_block4", "value", "units", "variables"}
SOURCE = "China S&T Statistical Yearbook via huhuaping/techme (MIT)"


def _open(path: Path) -> IO[Any]:
    return (
        gzip.open(path, "rt", encoding="utf-8")
        if path.suffix == ".gz"
        else path.open(encoding="utf-8")
    )


def _find(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.csv", folder / f"{stem}.csv.gz"):
        if candidate.exists():
            return candidate
    return None


def read_panels(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All long-format panels in ``folder`` (one frame) and the ``varsList`` names."""
    frames = []
    for path in sorted(folder.iterdir()):
        if not path.name.endswith((".csv", ".csv.gz")):
            continue
        with _open(path) as fh:
            frame = pd.read_csv(fh)
        if set(frame.columns) >= PANEL_COLUMNS:
            frames.append(frame.assign(panel=path.name.split(".")[0]))
    if not frames:
        raise ValidationFailed.single(
            "folder", f"{folder} holds no panel with columns {sorted(PANEL_COLUMNS)}"
        )
    panels = pd.concat(frames, ignore_index=True)
    panels = panels.dropna(subset=["value"]).drop_duplicates(["province", "year", "variables"])
    names_path = _find(folder, "varsList")
    if names_path is None:
        names = pd.DataFrame(columns=["variables", "chn_full_name", "units"])
    else:
        with _open(names_path) as fh:
            names = pd.read_csv(fh)
    return panels, names


def load_china_panels(
    folder: Path, *, actor: Actor, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Replace the panels' values with those in ``folder``; return counts.

    Province names are matched to regions by their short Chinese name (``短名``
    kept in ``Region.attributes['short_zh']``); ``全国`` is the country. Rows for
    other aggregates (e.g. ``东部地区``) are counted as skipped.
    """
    if actor is not None and not is_platform_admin(actor):
        from innofield.core.errors import PermissionDenied

        raise PermissionDenied("only platform admins may load statistics panels")
    panels, names = read_panels(folder)
    regions = {r.attributes.get("short_zh"): r for r in Region.objects.filter(level="province")}
    # 全国 is the home country's root; countries abroad are roots too (registry.international)
    country = Region.objects.filter(level="country", code=HOME).first()
    if country is not None:
        regions["全国"] = country
    known = panels["province"].isin([k for k in regions if k])
    skipped = int((~known).sum())
    panels = panels[known]
    name_of = dict(zip(names["variables"], names["chn_full_name"], strict=False))
    with transaction.atomic():
        indicators: dict[str, Indicator] = {}
        for code, frame in panels.groupby("variables", sort=True):
            first = frame.iloc[0]
            ind, _ = Indicator.objects.update_or_create(
                code=code,
                defaults={
                    "name_zh": str(name_of.get(code) or first["chn_block4"]),
                    "unit": str(first["units"]),
                    "group": str(first["panel"]),
                },
            )
            indicators[str(code)] = ind
        StatValue.objects.filter(indicator__in=indicators.values()).delete()
        rows = [
            StatValue(
                region=regions[str(r.province)],
                year=int(r.year),  # type: ignore[arg-type]
                indicator=indicators[str(r.variables)],
                value=float(r.value),  # type: ignore[arg-type]
                unit=str(r.units),
                source=SOURCE,
            )
            for r in panels.itertuples(index=False)
        ]
        total = len(rows)
        for start in range(0, total, 2000):
            StatValue.objects.bulk_create(rows[start : start + 2000])
            if progress:
                progress(min(start + 2000, total), total)
        counts = {"indicators": len(indicators), "values": total, "skipped_rows": skipped}
        audit.record(
            actor,
            "stats.panels.load",
            None,
            {"folder": str(folder), **counts},
            object_type="stats.statvalue",
            object_repr=f"panels from {folder.name}",
        )
    return counts
