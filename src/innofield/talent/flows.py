"""Talent flows between provinces, computed from mobility events.

A move counts in the period when its date falls in it; its origin and destination are
the provinces of its regions (a city's province). Moves within one province are kept on
the diagonal and count neither as inflow nor outflow. The counts are aggregates of every
recorded move, public or not: no person is named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from innofield.registry.models import Region

from .models import Move


def province_of(region: Region | None, cache: dict[int, Region | None]) -> Region | None:
    """The province above (or at) ``region``; ``None`` above province level."""
    if region is None:
        return None
    if region.pk in cache:
        return cache[region.pk]
    node: Region | None = region
    while node is not None and node.level not in ("province",):
        node = node.parent if node.level in ("city", "district") else None
    cache[region.pk] = node
    return node


def flows(start: dt.date, end: dt.date) -> dict[str, Any]:
    """The province × province matrix of moves dated in ``[start, end]``, with the
    inflow, outflow and net flow of each province."""
    cache: dict[int, Region | None] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    moves = Move.objects.filter(moved_on__gte=start, moved_on__lte=end).select_related(
        "from_region__parent__parent", "to_region__parent__parent"
    )
    for move in moves:
        a, b = province_of(move.from_region, cache), province_of(move.to_region, cache)
        if a is None or b is None:
            continue
        names[a.code], names[b.code] = a.name, b.name
        pairs[(a.code, b.code)] += 1
    codes = sorted(names)
    matrix = [[pairs[(a, b)] for b in codes] for a in codes]
    rows = []
    for i, code in enumerate(codes):
        outflow = sum(matrix[i]) - matrix[i][i]
        inflow = sum(row[i] for row in matrix) - matrix[i][i]
        rows.append(
            {
                "code": code,
                "name": names[code],
                "inflow": inflow,
                "outflow": outflow,
                "net": inflow - outflow,
                "within": matrix[i][i],
            }
        )
    return {
        "start": start,
        "end": end,
        "provinces": [{"code": c, "name": names[c]} for c in codes],
        "matrix": matrix,
        "totals": rows,
        "moves": sum(pairs.values()),
    }
