"""All state changes of the vouchers app (each in one transaction with its audit row).

Re-exported from :mod:`.programme_actions`, :mod:`.redemption_actions` and
:mod:`.credit_actions` so callers have one place to import from.
"""

from __future__ import annotations

from .credit_actions import draw_credit, open_credit_line
from .programme_actions import create_programme, expire_grants, grant, open_region_accounts
from .redemption_actions import clawback, redeem, settle

__all__ = [
    "clawback",
    "create_programme",
    "draw_credit",
    "expire_grants",
    "grant",
    "open_credit_line",
    "open_region_accounts",
    "redeem",
    "settle",
]
