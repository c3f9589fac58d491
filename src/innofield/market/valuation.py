"""Valuation helpers for technologies: pure Python, no Django.

Every helper returns a :class:`Valuation` that carries the value together with the
assumptions it rests on and the intermediate figures, so a reader can check it:

* :func:`relief_from_royalty` — income approach: the royalties the owner is
  relieved from paying, after tax, discounted over the useful life (optionally
  with a Gordon terminal value when the life is indefinite);
* :func:`cost_approach` — reproduction cost plus developer's profit, less
  physical, functional (technological) and economic obsolescence;
* :func:`market_comparables` — the median of comparable transactions' price
  multiples, each adjusted for differences, applied to the subject's metric.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class ValuationInputError(ValueError):
    """An input that makes a valuation meaningless; ``field`` names it."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Valuation:
    """A value with the method, the assumptions behind it and the working."""

    method: str
    value: float
    currency: str
    assumptions: dict[str, Any]
    working: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _rate(name: str, value: float, low: float = 0.0, high: float = 1.0) -> float:
    if not low <= value <= high:
        raise ValidationRange(name, low, high, value)
    return value


class ValidationRange(ValuationInputError):
    """A rate outside its sensible range."""

    def __init__(self, name: str, low: float, high: float, value: float):
        super().__init__(name, f"must be between {low} and {high}, got {value}")


def relief_from_royalty(
    *,
    revenues: Sequence[float],
    royalty_rate: float,
    tax_rate: float,
    discount_rate: float,
    useful_life: int | None = None,
    terminal_growth: float = 0.0,
    currency: str = "CNY",
) -> Valuation:
    """Income approach by relief from royalty.

    ``revenues`` is the forecast of revenue from the technology for years 1..n.
    With ``useful_life`` > n the last forecast year grows at ``terminal_growth``
    until the life ends; with ``useful_life=None`` a Gordon terminal value is added
    after year n (requires ``discount_rate > terminal_growth``). Cash flows are
    taken at the end of each year.
    """
    if not revenues:
        raise ValuationInputError("revenues", "give at least one year of forecast revenue")
    if any(r < 0 for r in revenues):
        raise ValuationInputError("revenues", "forecast revenues must not be negative")
    _rate("royalty_rate", royalty_rate)
    _rate("tax_rate", tax_rate)
    _rate("discount_rate", discount_rate, 0.0, 1.0)
    _rate("terminal_growth", terminal_growth, -0.5, 0.5)
    if useful_life is not None and not 1 <= useful_life <= 50:
        raise ValuationInputError(
            "useful_life", f"must be between 1 and 50 years, got {useful_life}"
        )
    if useful_life is not None and useful_life < len(revenues):
        raise ValuationInputError(
            "useful_life", f"is {useful_life} years but the forecast covers {len(revenues)} years"
        )
    if useful_life is None and discount_rate <= terminal_growth:
        raise ValuationInputError(
            "discount_rate", "must exceed terminal_growth for a terminal value"
        )
    years = list(revenues)
    if useful_life is not None:
        while len(years) < useful_life:
            years.append(years[-1] * (1 + terminal_growth))
    working: list[dict[str, Any]] = []
    total = 0.0
    for t, revenue in enumerate(years, start=1):
        royalty = revenue * royalty_rate
        after_tax = royalty * (1 - tax_rate)
        factor = 1 / (1 + discount_rate) ** t
        total += after_tax * factor
        working.append(
            {
                "year": t,
                "revenue": round(revenue, 2),
                "royalty": round(royalty, 2),
                "after_tax": round(after_tax, 2),
                "discount_factor": round(factor, 6),
                "present_value": round(after_tax * factor, 2),
            }
        )
    notes = []
    if useful_life is None:
        last = years[-1] * royalty_rate * (1 - tax_rate)
        terminal = last * (1 + terminal_growth) / (discount_rate - terminal_growth)
        pv_terminal = terminal / (1 + discount_rate) ** len(years)
        total += pv_terminal
        working.append(
            {
                "year": "terminal",
                "value": round(terminal, 2),
                "present_value": round(pv_terminal, 2),
            }
        )
        notes.append("indefinite life: Gordon terminal value after the forecast years")
    if not math.isfinite(total):
        raise ValuationInputError("revenues", "too large: the value is not a finite number")
    return Valuation(
        method="income: relief from royalty",
        value=round(total, 2),
        currency=currency,
        assumptions={
            "forecast_years": len(revenues),
            "royalty_rate": royalty_rate,
            "tax_rate": tax_rate,
            "discount_rate": discount_rate,
            "useful_life": useful_life,
            "terminal_growth": terminal_growth,
            "timing": "end of year",
        },
        working=working,
        notes=notes,
    )


def cost_approach(
    *,
    reproduction_cost: float,
    developer_profit_rate: float = 0.0,
    physical_obsolescence: float = 0.0,
    functional_obsolescence: float = 0.0,
    economic_obsolescence: float = 0.0,
    remaining_life: float | None = None,
    total_life: float | None = None,
    currency: str = "CNY",
) -> Valuation:
    """Cost approach: reproduction cost × (1 + profit) less obsolescence.

    When ``remaining_life`` and ``total_life`` are given, functional
    (technological) obsolescence is derived as ``1 − remaining/total`` instead.
    """
    if reproduction_cost < 0:
        raise ValuationInputError("reproduction_cost", "must not be negative")
    _rate("developer_profit_rate", developer_profit_rate, 0.0, 5.0)
    for name, value in (
        ("physical_obsolescence", physical_obsolescence),
        ("functional_obsolescence", functional_obsolescence),
        ("economic_obsolescence", economic_obsolescence),
    ):
        _rate(name, value)
    notes = []
    if (remaining_life is None) != (total_life is None):
        raise ValuationInputError(
            "remaining_life", "give both remaining_life and total_life, or neither"
        )
    if remaining_life is not None and total_life is not None:
        if total_life <= 0 or not 0 <= remaining_life <= total_life:
            raise ValuationInputError("remaining_life", "must be between 0 and total_life (> 0)")
        functional_obsolescence = 1 - remaining_life / total_life
        notes.append("functional obsolescence derived from remaining / total economic life")
    replacement = reproduction_cost * (1 + developer_profit_rate)
    value = replacement
    working = [
        {"step": "reproduction cost plus developer's profit", "value": round(replacement, 2)}
    ]
    for name, rate in (
        ("physical", physical_obsolescence),
        ("functional", functional_obsolescence),
        ("economic", economic_obsolescence),
    ):
        value *= 1 - rate
        working.append({"step": f"less {name} obsolescence {rate:.4f}", "value": round(value, 2)})
    if not math.isfinite(value):
        raise ValuationInputError(
            "reproduction_cost", "too large: the value is not a finite number"
        )
    return Valuation(
        method="cost: reproduction cost less obsolescence",
        value=round(value, 2),
        currency=currency,
        assumptions={
            "reproduction_cost": reproduction_cost,
            "developer_profit_rate": developer_profit_rate,
            "physical_obsolescence": physical_obsolescence,
            "functional_obsolescence": round(functional_obsolescence, 6),
            "economic_obsolescence": economic_obsolescence,
            "remaining_life": remaining_life,
            "total_life": total_life,
            "combination": "multiplicative",
        },
        working=working,
        notes=notes,
    )


def market_comparables(
    *,
    subject_metric: float,
    comparables: Sequence[Mapping[str, Any]],
    metric_name: str = "revenue",
    currency: str = "CNY",
) -> Valuation:
    """Market approach: median of adjusted price ÷ metric multiples times the subject's metric.

    Each comparable is ``{"name", "price", "metric", "adjustments": {factor: fraction}}``;
    adjustments multiply the comparable's multiple by ``(1 + fraction)`` each.
    """
    if subject_metric <= 0:
        raise ValuationInputError("subject_metric", "must be positive")
    if len(comparables) < 3:
        raise ValuationInputError(
            "comparables", f"give at least 3 comparable transactions, got {len(comparables)}"
        )
    working, multiples = [], []
    for i, comp in enumerate(comparables):
        price, metric = comp.get("price"), comp.get("metric")
        if not isinstance(price, int | float) or price <= 0:
            raise ValuationInputError(f"comparables[{i}].price", "must be a positive number")
        if not isinstance(metric, int | float) or metric <= 0:
            raise ValuationInputError(f"comparables[{i}].metric", "must be a positive number")
        adjustments = dict(comp.get("adjustments") or {})
        factor = 1.0
        for name, adj in adjustments.items():
            if not isinstance(adj, int | float) or not -0.9 <= adj <= 2.0:
                raise ValuationInputError(
                    f"comparables[{i}].adjustments.{name}", "must be between -0.9 and 2.0"
                )
            factor *= 1 + adj
        multiple = price / metric * factor
        multiples.append(multiple)
        working.append(
            {
                "name": comp.get("name", f"comparable {i + 1}"),
                "raw_multiple": round(price / metric, 6),
                "adjustment_factor": round(factor, 6),
                "adjusted_multiple": round(multiple, 6),
            }
        )
    median = statistics.median(multiples)
    if not math.isfinite(median * subject_metric):
        raise ValuationInputError("subject_metric", "too large: the value is not a finite number")
    quartiles = statistics.quantiles(multiples, n=4, method="inclusive")
    return Valuation(
        method="market: comparable transactions",
        value=round(median * subject_metric, 2),
        currency=currency,
        assumptions={
            "metric": metric_name,
            "subject_metric": subject_metric,
            "statistic": "median",
            "comparables": len(comparables),
            "median_multiple": round(median, 6),
            "adjustments": "multiplicative (1 + fraction) per factor",
        },
        working=working,
        notes=[
            f"interquartile range of value: {round(quartiles[0] * subject_metric, 2)}"
            f" – {round(quartiles[2] * subject_metric, 2)}"
        ],
    )
