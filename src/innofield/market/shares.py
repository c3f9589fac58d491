"""Co-owner revenue shares and payment splits: pure Python with Decimal, no Django.

"Shared achievements, shared risks": a listed technology may belong to several
organizations, each with a share of the revenue. Shares are exact decimals that
must sum to exactly one; a payment in fen is split by flooring each owner's part
and giving the rounding remainder to the first owner, so the parts always add up
to the payment and the result is the same every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from innofield.core.errors import gettext as _

ONE = Decimal(1)
#: The largest amount the market accepts: 10^15 fen (10 trillion yuan), well inside BIGINT.
MAX_FEN = 10**15


class ShareError(ValueError):
    """Shares that cannot be accepted; ``field`` names the offending input."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def parse_share(value: object, field: str) -> Decimal:
    """A share as a Decimal in (0, 1]; floats are refused because they are inexact."""
    if isinstance(value, float):
        raise ShareError(field, _('give shares as decimal strings such as "0.35", not floats'))
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ShareError(
            field, _("%(value)s is not a decimal number") % {"value": repr(value)}
        ) from None
    if not share.is_finite() or share <= 0 or share > ONE:
        raise ShareError(
            field, _("must be greater than 0 and at most 1, got %(value)s") % {"value": value}
        )
    if share.as_tuple().exponent < -6:  # type: ignore[operator]
        raise ShareError(field, _("at most 6 decimal places"))
    return share


def validate_shares(
    owners: Sequence[tuple[str, object]], field: str = "owners"
) -> list[tuple[str, Decimal]]:
    """Check ``[(organization code, share), ...]``: distinct owners, shares summing to exactly 1."""
    if not owners:
        raise ShareError(field, _("at least one co-owner is required"))
    seen: set[str] = set()
    parsed: list[tuple[str, Decimal]] = []
    for i, (code, raw) in enumerate(owners):
        if code in seen:
            raise ShareError(
                f"{field}[{i}].organization", _("%(code)s is listed twice") % {"code": code}
            )
        seen.add(code)
        parsed.append((code, parse_share(raw, f"{field}[{i}].share")))
    total = sum((s for _, s in parsed), Decimal(0))
    if total != ONE:
        raise ShareError(
            f"{field}.share",
            _("shares must sum to exactly 1, they sum to %(total)s") % {"total": total},
        )
    return parsed


def split(amount_fen: int, shares: Sequence[Decimal]) -> list[int]:
    """Split ``amount_fen`` by ``shares``: each part floored, the remainder to the first owner."""
    if amount_fen < 0:
        raise ShareError("amount_fen", "must not be negative")
    if not shares:
        raise ShareError("owners", "at least one co-owner is required")
    parts = [int((Decimal(amount_fen) * s).to_integral_value(rounding=ROUND_FLOOR)) for s in shares]
    parts[0] += amount_fen - sum(parts)
    return parts
