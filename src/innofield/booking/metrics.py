"""Pure sharing metrics as the national evaluation of instrument sharing defines them. No Django.

* effective hours — hours the instrument was actually used (usage log);
* external-service hours — the part of those for users outside the owning unit;
* sharing rate — external ÷ effective hours;
* utilization — booked ÷ available hours (opening hours minus blackouts);
* income — yuan the owner received on the ledger (payments and voucher shares) for
  bookings starting in the period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

COLUMNS = (
    "key",
    "label",
    "instruments",
    "effective_hours",
    "external_hours",
    "sharing_rate",
    "booked_hours",
    "available_hours",
    "utilization",
    "income",
)


@dataclass(frozen=True)
class Base:
    """One instrument in one period: the additive figures the metrics are built from."""

    key: Hashable
    label: str
    instrument: int
    effective_hours: float
    external_hours: float
    booked_hours: float
    available_hours: float
    income: float


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` rounded to 4 places, ``None`` when the denominator is 0."""
    return round(numerator / denominator, 4) if denominator > 0 else None


def aggregate(rows: Iterable[Base]) -> list[dict[str, object]]:
    """Sum the base figures per key and derive sharing rate and utilization; sorted by key."""
    sums: dict[Hashable, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    labels: dict[Hashable, str] = {}
    members: dict[Hashable, set[int]] = defaultdict(set)
    for row in rows:
        acc = sums[row.key]
        for name in (
            "effective_hours",
            "external_hours",
            "booked_hours",
            "available_hours",
            "income",
        ):
            acc[name] += getattr(row, name)
        labels[row.key] = row.label
        members[row.key].add(row.instrument)
    out: list[dict[str, object]] = []
    for key in sorted(sums, key=str):
        acc = sums[key]
        out.append(
            {
                "key": key,
                "label": labels[key],
                "instruments": len(members[key]),
                "effective_hours": round(acc["effective_hours"], 2),
                "external_hours": round(acc["external_hours"], 2),
                "sharing_rate": ratio(acc["external_hours"], acc["effective_hours"]),
                "booked_hours": round(acc["booked_hours"], 2),
                "available_hours": round(acc["available_hours"], 2),
                "utilization": ratio(acc["booked_hours"], acc["available_hours"]),
                "income": round(acc["income"], 2),
            }
        )
    return out


@dataclass(frozen=True)
class Holding:
    """An instrument as facility planning sees it."""

    instrument: int
    region: str
    category: str
    utilization: float | None


def duplicate_purchase_warnings(
    holdings: Iterable[Holding], *, threshold: float = 0.3
) -> list[dict[str, object]]:
    """Regions holding an instrument type whose utilization is low: buying another would duplicate.

    A (region, category) is flagged when it has at least one instrument and their
    mean utilization is below ``threshold``; unknown utilization counts as 0.
    """
    groups: dict[tuple[str, str], list[Holding]] = defaultdict(list)
    for h in holdings:
        if h.category:
            groups[(h.region, h.category)].append(h)
    out: list[dict[str, object]] = []
    for (region, category), items in sorted(groups.items()):
        mean = sum(h.utilization or 0.0 for h in items) / len(items)
        if mean < threshold:
            out.append(
                {
                    "region": region,
                    "category": category,
                    "instruments": len(items),
                    "mean_utilization": round(mean, 4),
                    "ids": sorted(h.instrument for h in items),
                }
            )
    return out
