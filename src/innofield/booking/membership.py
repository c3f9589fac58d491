"""Member terms at pooled instruments: which bookers pay the policy's ``member`` price.

Booking knows the tier, not the alliances. An app that groups organisations (the
``consortia`` app's alliances with their resource pools) registers a check
``(booker organisation, instrument item) -> bool`` here; a booker for whom any check says
yes — a fellow member of an alliance in whose pool the instrument is — pays the member
tier where the instrument's policy prices it (``price_member``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any, Any], bool]
_CHECKS: list[Check] = []


def register(check: Check) -> Check:
    """Add ``check`` (idempotent); returns it."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def is_fellow_member(booker: Any, instrument: Any) -> bool:
    """True if a registered check grants ``booker`` member terms at ``instrument``."""
    return any(check(booker, instrument) for check in _CHECKS)
