"""Joint credit as pure functions: the score from platform data, and splitting a
drawdown among banks by their shares. No Django here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: factor → (points per unit, units that count at most, what it means)
FACTORS: dict[str, tuple[int, int, str]] = {
    "technology_items": (3, 10, "technologies and IP the firm lists on the platform"),
    "market_deals": (5, 4, "signed, registered or completed technology contracts as buyer"),
    "bookings": (2, 10, "completed instrument bookings of the firm"),
    "voucher_redemptions": (3, 5, "voucher redemptions with delivery evidence"),
}
CLEAN_RECORD_POINTS = 15
CLAWBACK_PENALTY = 10
MIN_SCORE = 40


def score(facts: Mapping[str, int]) -> tuple[int, list[dict[str, Any]]]:
    """A 0–100 score and its explanation, one row per factor with the value seen, the
    points earned and the most that factor can give. Clawed-back vouchers cost points."""
    rows: list[dict[str, Any]] = []
    total = 0
    for name, (per, cap, meaning) in FACTORS.items():
        value = max(int(facts.get(name, 0)), 0)
        points = per * min(value, cap)
        total += points
        rows.append(
            {"factor": name, "value": value, "points": points, "max": per * cap, "meaning": meaning}
        )
    clawbacks = max(int(facts.get("clawbacks", 0)), 0)
    clean = CLEAN_RECORD_POINTS if clawbacks == 0 else -CLAWBACK_PENALTY * clawbacks
    total += clean
    rows.append(
        {
            "factor": "clawbacks",
            "value": clawbacks,
            "points": clean,
            "max": CLEAN_RECORD_POINTS,
            "meaning": "no clawed-back vouchers earns points; each clawback costs "
            f"{CLAWBACK_PENALTY}",
        }
    )
    return max(0, min(100, total)), rows


def share_errors(shares: Sequence[int]) -> list[tuple[str, str]]:
    """Problems with a list of bank shares in basis points."""
    if not shares:
        return [("shares", "at least the lead bank must hold a share")]
    if any(isinstance(s, bool) or not isinstance(s, int) or s <= 0 for s in shares):
        return [("shares", "every share must be a positive integer of basis points")]
    if sum(shares) != 10_000:
        return [("shares", f"shares must sum to 10000 basis points, not {sum(shares)}")]
    return []


def split(amount: int, shares: Sequence[int]) -> list[int]:
    """``amount`` split by ``shares`` (basis points) with the largest-remainder method:
    every part is within one fen of its exact share and the parts sum to ``amount``."""
    exact = [amount * s for s in shares]
    parts = [e // 10_000 for e in exact]
    short = amount - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] % 10_000), i))
    for i in order[:short]:
        parts[i] += 1
    return parts
